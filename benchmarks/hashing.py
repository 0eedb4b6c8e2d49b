"""PDQ hashing throughput against pdqhash: in one process per image, and whole `meldpunt hash`
runs against whole reference scripts.

Run: python benchmarks/hashing.py [--images N] [--rounds R]
In-process: the reference pipeline is what a pdqhash user writes (PIL decode, convert("RGB"),
numpy array, pdqhash.compute); meldpunt's kernel hashes the same encoded files, one core.
Whole process: the files are written to a directory, then, round after round and interleaved
(the machine may be shared), each command is timed from start to exit: Pillow decoding alone
(the floor every pdqhash user pays; once in one process, once split over every core), the
pdqhash script, and `meldpunt hash DIR`. Medians and bests are printed, with the load average.
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"  # per-core figures: no hidden BLAS threads

import argparse
import collections
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pdqhash
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.imagesets import mixed_set

from meldpunt.core.hashing.pdq import pdq_exact

MELDPUNT = str(Path(sys.executable).with_name("meldpunt"))
CORES = len(os.sched_getaffinity(0))
# The reference scripts, as a pdqhash user would write them: one process, files in order.
DECODE = """
import sys
from pathlib import Path
from PIL import Image
files = sorted(p for p in Path(sys.argv[1]).rglob("*") if p.is_file())
for path in files[int(sys.argv[2])::int(sys.argv[3])]:
    Image.open(path).convert("RGB")
"""
PDQHASH = """
import sys
from pathlib import Path
import numpy as np, pdqhash
from PIL import Image
for path in sorted(p for p in Path(sys.argv[1]).rglob("*") if p.is_file()):
    vector, quality = pdqhash.compute(np.asarray(Image.open(path).convert("RGB")))
    print(path, np.packbits(vector.astype(np.uint8)).tobytes().hex(), quality)
"""


def reference(blob: bytes) -> tuple[bytes, int]:
    """The pdqhash reference pipeline."""
    pixels = np.asarray(Image.open(io.BytesIO(blob)).convert("RGB"))
    vector, quality = pdqhash.compute(pixels)
    return np.packbits(vector.astype(np.uint8)).tobytes(), quality


def timed(function, blobs: list[bytes]) -> tuple[float, list]:
    started = time.perf_counter()
    results = [function(blob) for blob in blobs]
    return time.perf_counter() - started, results


def in_process(images, blobs: list[bytes]) -> None:
    """Per-image throughput on one core, and bit-identity, per format."""
    print(f"\nin one process, one core{'':<14}{'reference':>10}{'meldpunt':>10}{'ratio':>8}")
    for fmt in ("JPEG", "PNG", None):
        chosen = [b for b, i in zip(blobs, images, strict=True) if fmt in (None, i.fmt)]
        ref_time, refs = timed(reference, chosen)
        our_time, ours = timed(lambda b: pdq_exact(b).original, chosen)
        same = sum(o.bits == r[0] and o.quality == r[1] for o, r in zip(ours, refs, strict=True))
        label = f"{fmt or 'all'} ({same}/{len(chosen)} bit-identical), images/s"
        print(
            f"  {label:<36}{len(chosen) / ref_time:>10.1f}{len(chosen) / our_time:>10.1f}"
            f"{ref_time / our_time:>7.1f}x"
        )


def write_set(images, folder: Path) -> tuple[Path, Path]:
    """Every image under mixed/, and the JPEGs alone under jpeg/."""
    for sub in ("mixed", "jpeg"):
        (folder / sub).mkdir()
    for image in images:
        suffix = "jpg" if image.fmt == "JPEG" else "png"
        (folder / "mixed" / f"{image.name}.{suffix}").write_bytes(image.blob)
        if image.fmt == "JPEG":
            (folder / "jpeg" / f"{image.name}.jpg").write_bytes(image.blob)
    return folder / "mixed", folder / "jpeg"


def commands(folder: Path) -> dict[str, list[list[str]]]:
    """Each benchmarked run as the processes it starts side by side."""
    python = sys.executable
    return {
        "Pillow decode only, 1 process": [[python, "-c", DECODE, str(folder), "0", "1"]],
        f"Pillow decode only, {CORES} processes": [
            [python, "-c", DECODE, str(folder), str(n), str(CORES)] for n in range(CORES)
        ],
        "pdqhash script, 1 process": [[python, "-c", PDQHASH, str(folder)]],
        "meldpunt hash DIR": [[MELDPUNT, "hash", str(folder)]],
    }


def run_once(processes: list[list[str]], output: Path) -> float:
    """Wall-clock seconds from starting the processes until the last has exited."""
    started = time.perf_counter()
    with output.open("wb") as sink:
        # Our own interpreter and scripts, with paths this script made.
        running = [subprocess.Popen(p, stdout=sink, stderr=subprocess.DEVNULL) for p in processes]  # noqa: S603
        codes = [p.wait() for p in running]
    elapsed = time.perf_counter() - started
    if any(codes):
        raise SystemExit(f"{processes[0][:3]} failed with {codes}")
    return elapsed


def whole_process(folder: Path, count: int, rounds: int, scratch: Path) -> dict[str, list[float]]:
    """Images/s of each command in each of the interleaved rounds."""
    runs = commands(folder)
    rates: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, processes in runs.items():
            rates[name].append(count / run_once(processes, scratch / "output.txt"))
    return rates


def print_whole(title: str, rates: dict[str, list[float]]) -> None:
    """Median and best rate of each command; ratios of medians, and of bests."""
    median = {name: statistics.median(r) for name, r in rates.items()}
    best = {name: max(r) for name, r in rates.items()}
    decode, pdq = "Pillow decode only, 1 process", "pdqhash script, 1 process"
    print(f"\n{title:<38}{'images/s':>9}{'/decode':>9}{'/pdqhash':>10}   best: same three")
    for name in rates:
        print(
            f"  {name:<36}{median[name]:>9.1f}{median[name] / median[decode]:>8.0%}"
            f"{median[name] / median[pdq]:>9.1f}x   {best[name]:>7.1f}"
            f"{best[name] / best[decode]:>7.0%}{best[name] / best[pdq]:>7.1f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    images = list(mixed_set(args.images, seed=2024))
    blobs = [image.blob for image in images]
    formats = collections.Counter(i.fmt for i in images)
    megapixels = sum(w * h for w, h in (i.size for i in images)) / 1e6
    print(
        f"{len(images)} images ({formats['JPEG']} JPEG, {formats['PNG']} PNG), "
        f"{megapixels:.0f} megapixels, 640x480 to 3000x2000; {CORES} cores"
    )
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    in_process(images, blobs)
    with tempfile.TemporaryDirectory() as scratch:
        mixed, jpeg = write_set(images, Path(scratch))
        for title, folder, count in (
            ("whole process, JPEG and PNG", mixed, len(images)),
            ("whole process, JPEG only", jpeg, formats["JPEG"]),
        ):
            print_whole(title, whole_process(folder, count, args.rounds, Path(scratch)))
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
