"""`meldpunt hash`: every file under a directory, readable and JSON output, bad files explained."""

import hashlib
import json

from click.testing import CliRunner

from meldpunt.cli.main import cli
from meldpunt.core.hashing.pdq import pdq_exact
from tests.support.imagesets import encode, sample


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
