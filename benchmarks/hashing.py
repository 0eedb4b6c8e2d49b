"""PDQ hashing throughput: exact and fast mode against pdqhash, side by side, one core.

Run: python benchmarks/hashing.py [--images N]
The reference pipeline is what a pdqhash user writes: PIL decode, convert("RGB"), numpy array,
pdqhash.compute. All three pipelines hash the same encoded files, in the same process.
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"  # per-core figures: no hidden BLAS threads

import argparse
import collections
import io
import sys
import time
from pathlib import Path

import numpy as np
import pdqhash
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.imagesets import mixed_set

from meldpunt.core.hashing.pdq import hamming, pdq_exact, pdq_fast


def reference(blob: bytes) -> tuple[bytes, int]:
    """The pdqhash reference pipeline."""
    pixels = np.asarray(Image.open(io.BytesIO(blob)).convert("RGB"))
    vector, quality = pdqhash.compute(pixels)
    return np.packbits(vector.astype(np.uint8)).tobytes(), quality


def timed(function, blobs: list[bytes]) -> tuple[float, list]:
    started = time.perf_counter()
    results = [function(blob) for blob in blobs]
    return time.perf_counter() - started, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=200)
    args = parser.parse_args()
    images = list(mixed_set(args.images, seed=2024))
    blobs = [image.blob for image in images]
    megapixels = sum(w * h for w, h in (i.size for i in images)) / 1e6
    formats = collections.Counter(i.fmt for i in images)
    print(
        f"{len(images)} images ({formats['JPEG']} JPEG, {formats['PNG']} PNG), "
        f"{megapixels:.0f} megapixels, 640x480 to 3000x2000"
    )

    ref_time, refs = timed(reference, blobs)
    exact_time, exacts = timed(lambda b: pdq_exact(b).original, blobs)
    fast_time, fasts = timed(lambda b: pdq_fast(b).original, blobs)

    identical = sum(e.bits == r[0] and e.quality == r[1] for e, r in zip(exacts, refs, strict=True))
    distances = [hamming(f.bits, r[0]) for f, r in zip(fasts, refs, strict=True)]
    violations = sum(d > 10 and r[1] >= 80 for d, r in zip(distances, refs, strict=True))

    print(f"\n{'pipeline':<22}{'images/s':>10}{'ratio':>8}")
    for name, seconds in (
        ("pdqhash (reference)", ref_time),
        ("meldpunt exact", exact_time),
        ("meldpunt fast", fast_time),
    ):
        print(f"{name:<22}{len(blobs) / seconds:>10.1f}{ref_time / seconds:>7.1f}x")
    print(f"\nexact mode: {identical}/{len(blobs)} bit-identical hashes and qualities")
    print(f"fast mode: {violations} images with quality >= 80 beyond distance 10")
    histogram = collections.Counter(distances)
    print(
        "fast-mode distance to reference: "
        + ", ".join(f"{d}: {histogram[d]}" for d in sorted(histogram))
    )
    _per_format(images, blobs)


def _per_format(images, blobs) -> None:
    print(f"\n{'format':<8}{'reference':>12}{'exact':>10}{'fast':>10}   (images/s)")
    for fmt in ("JPEG", "PNG"):
        chosen = [b for b, i in zip(blobs, images, strict=True) if i.fmt == fmt]
        if not chosen:
            continue
        rates = [
            len(chosen) / timed(f, chosen)[0]
            for f in (reference, lambda b: pdq_exact(b), lambda b: pdq_fast(b))
        ]
        print(f"{fmt:<8}{rates[0]:>12.1f}{rates[1]:>10.1f}{rates[2]:>10.1f}")


if __name__ == "__main__":
    main()
