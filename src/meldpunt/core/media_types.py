"""What a file is, judged by its first bytes (magic numbers), never by its name or headers."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class MediaKind(StrEnum):
    """The broad kinds Meldpunt treats differently."""

    IMAGE = "image"
    VIDEO = "video"
    HTML = "html"
    OTHER = "other"


# The most bytes Meldpunt takes of each kind: what the fetcher downloads, and what the command
# line reads of a local file. No real image or video is near these; a bomb or a device is.
MAX_BYTES: Mapping[MediaKind, int] = MappingProxyType(
    {
        MediaKind.IMAGE: 50 * 2**20,
        MediaKind.VIDEO: 512 * 2**20,
        MediaKind.HTML: 5 * 2**20,
        MediaKind.OTHER: 20 * 2**20,
    }
)


_IMAGE_MAGIC = (
    b"\xff\xd8\xff",
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
)
_VIDEO_MAGIC = (b"\x1a\x45\xdf\xa3", b"FLV\x01", b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3")
_VIDEO_BRANDS = (
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"qt  ",
    b"3gp4",
    b"3gp5",
    b"3gp6",
    b"3g2a",
    b"dash",
    b"mmp4",
    b"MSNV",
    b"f4v ",
)
_IMAGE_BRANDS = (b"avif", b"avis", b"heic", b"heix", b"mif1", b"msf1")


def sniff(head: bytes) -> MediaKind:
    """The kind of content that starts with `head` (the first 512 bytes are plenty)."""
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return MediaKind.IMAGE
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _IMAGE_BRANDS:
            return MediaKind.IMAGE
        return MediaKind.VIDEO if brand in _VIDEO_BRANDS else MediaKind.OTHER
    if head.startswith(_VIDEO_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"AVI "):
        return MediaKind.VIDEO
    if len(head) > 188 and head[0] == 0x47 and head[188] == 0x47:  # MPEG transport stream
        return MediaKind.VIDEO
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return MediaKind.HTML
    return MediaKind.OTHER
