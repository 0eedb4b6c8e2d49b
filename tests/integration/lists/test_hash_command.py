"""`meldpunt hash`: every file under a directory, readable and JSON output, bad files explained,
special and oversized files refused one by one."""

import hashlib
import io
import json
import os

import numpy as np
import pdqhash
from click.testing import CliRunner
from PIL import Image

from meldpunt.cli.main import cli
from meldpunt.core.hashing.pdq import pdq_exact
from meldpunt.core.media_types import MAX_BYTES, MediaKind
from tests.support.imagesets import encode, sample, text_page


def test_hash_walks_directories_and_explains_non_images(tmp_path):
    photo = encode(sample("coffee.png"), "JPEG", 90)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "coffee.jpg").write_bytes(photo)
    (tmp_path / "notes.txt").write_bytes(b"not a picture")
    (tmp_path / "cut.jpg").write_bytes(photo[:2000])
    result = CliRunner().invoke(cli, ["hash", "--json", str(tmp_path)])
    assert result.exit_code == 0, result.output
    records = {r["file"].rsplit("/", 1)[-1]: r for r in map(json.loads, result.stdout.splitlines())}
    assert set(records) == {"coffee.jpg", "notes.txt", "cut.jpg"}
    assert records["coffee.jpg"]["pdq"] == pdq_exact(photo).original.hex
    assert records["coffee.jpg"]["quality"] >= 50
    assert records["notes.txt"]["problem"] == "not_an_image"
    assert records["cut.jpg"]["problem"] == "damaged"
    assert records["notes.txt"]["md5"] == hashlib.md5(b"not a picture").hexdigest()

    text = CliRunner().invoke(cli, ["hash", str(tmp_path / "notes.txt")]).output
    assert "not an image or video: digests only" in text and "sha256 " in text


def test_devices_fifos_and_oversized_files_are_refused_and_the_rest_hashed(tmp_path):
    photo = encode(sample("coffee.png"), "JPEG", 90)
    (tmp_path / "coffee.jpg").write_bytes(photo)
    os.mkfifo(tmp_path / "pipe")
    with (tmp_path / "huge.bin").open("wb") as handle:  # sparse: nothing is written to disk
        handle.truncate(MAX_BYTES[MediaKind.OTHER] + 1)
    result = CliRunner().invoke(cli, ["hash", "--json", "/dev/zero", str(tmp_path)])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    names = [r["file"].rsplit("/", 1)[-1] for r in records]
    assert names == ["zero", "coffee.jpg", "huge.bin", "pipe"]
    zero, coffee, huge, pipe = records
    assert zero["error"] == "not a regular file: a character device"
    assert coffee["pdq"] == pdq_exact(photo).original.hex
    assert huge["error"].startswith("larger than the limit")
    assert pipe["error"] == "not a regular file: a FIFO (named pipe)"
    assert "3 of 4 files could not be hashed." in result.stderr

    text = CliRunner().invoke(cli, ["hash", str(tmp_path / "pipe")])
    assert text.exit_code == 1
    assert "pipe\n  not hashed: not a regular file: a FIFO (named pipe)" in text.stdout


def test_fast_is_accepted_and_hashes_fine_detail_exactly(tmp_path):
    page = encode(text_page((2048, 1536), 16), "JPEG", 90)
    (tmp_path / "page.jpg").write_bytes(page)
    result = CliRunner().invoke(cli, ["hash", "--fast", "--json", str(tmp_path / "page.jpg")])
    assert result.exit_code == 0, result.output
    assert "--fast has no effect any more" in result.stderr
    pixels = np.asarray(Image.open(io.BytesIO(page)).convert("RGB"))
    vector, quality = pdqhash.compute(pixels)
    record = json.loads(result.stdout)
    assert record["pdq"] == np.packbits(vector.astype(np.uint8)).tobytes().hex()
    assert record["quality"] == quality >= 80
