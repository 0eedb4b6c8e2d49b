"""A benign website for capture tests and benchmarks: photos, listed copies, a page, bad files."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from PIL import Image

from meldpunt.core.hashing.pdq import pdq_exact
from tests.support.imagesets import SAMPLES, encode, sample, variant
from tests.support.webserver import LocalSite, Route

LISTED_SAMPLES = 6


@dataclass(frozen=True)
class SitePlan:
    """Which paths the site serves and what the test expects of each."""

    fresh: tuple[str, ...]  # unknown photos: end in the analyst queue
    listed: tuple[str, ...]  # resized, recompressed copies of listed photos: settled by match
    page: str  # a page embedding some of the photos
    page_media: tuple[str, ...]
    broken: str  # a truncated JPEG: hashed by digest, problem noted, queued
    list_file: bytes  # ThreatExchange lines for the listed originals


def build_site(
    site: LocalSite, photos: int = 30, listed: int = 5, delay: float = 0.0, seed: int = 5
) -> SitePlan:
    """Serve `photos` distinct photos, of which `listed` are copies of listed originals."""
    rng = random.Random(seed)
    fresh, copies, lines = [], [], []
    for n in range(photos):
        # Listed photos come from the first samples only, so no fresh photo is a look-alike.
        index = (
            n % LISTED_SAMPLES
            if n < listed
            else LISTED_SAMPLES + n % (len(SAMPLES) - LISTED_SAMPLES)
        )
        original = variant(sample(SAMPLES[index]).convert("RGB"), (640, 480), rng)
        blob = encode(original, "JPEG", 90)
        path = f"/photos/{n}.jpg"
        if n < listed:
            lines.append(f"pdq {pdq_exact(blob).original.hex}")
            copy = Image.open(io.BytesIO(blob)).resize((480, 360))
            blob = encode(copy, "JPEG", 75)
            copies.append(path)
        else:
            fresh.append(path)
        site.routes[path] = Route(blob, headers={"Content-Type": "image/jpeg"}, delay_seconds=delay)
    media = (fresh[0], copies[0], fresh[1])
    body = "".join(f'<img src="{p}">' for p in media)
    site.routes["/gallery.html"] = Route(
        f"<!doctype html><html><body>{body}</body></html>".encode(),
        headers={"Content-Type": "text/html"},
        delay_seconds=delay,
    )
    site.routes["/broken.jpg"] = Route(site.routes[fresh[-1]].body[:900], delay_seconds=delay)
    return SitePlan(
        tuple(fresh),
        tuple(copies),
        "/gallery.html",
        media,
        "/broken.jpg",
        ("\n".join(lines) + "\n").encode(),
    )
