"""Hashing many local files on every core: results in order, one file's failure is its own."""

import hashlib
import os
import random

from meldpunt.core.hashing.bulk import hash_local_files
from meldpunt.core.hashing.pdq import pdq_exact
from tests.support.imagesets import encode, sample, variant


def test_every_file_gets_its_own_outcome_in_order(tmp_path):
    photos = [
        encode(variant(sample(name), (800, 600), random.Random(n)), fmt)
        for n, (name, fmt) in enumerate([("coffee.png", "JPEG"), ("horse.png", "PNG")] * 3)
    ]
    paths = []
    for n, photo in enumerate(photos):
        paths.append(tmp_path / f"{n}.img")
        paths[-1].write_bytes(photo)
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "notes.txt").write_bytes(b"no picture")
    paths[3:3] = [tmp_path / "pipe", tmp_path / "notes.txt"]

    outcomes = list(hash_local_files(paths, workers=2))

    assert [o.path for o in outcomes] == paths
    hashed = [o for o in outcomes if o.path.suffix == ".img"]
    assert [o.fingerprint.pdq.original for o in hashed] == [
        pdq_exact(p, dihedral=True).original for p in photos
    ]
    assert [o.fingerprint.digests.sha256 for o in hashed] == [
        hashlib.sha256(p).hexdigest() for p in photos
    ]
    pipe, notes = outcomes[3], outcomes[4]
    assert pipe.fingerprint is None and pipe.error == "not a regular file: a FIFO (named pipe)"
    assert notes.fingerprint.problem == "not_an_image" and notes.error is None
