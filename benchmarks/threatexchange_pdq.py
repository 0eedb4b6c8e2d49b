"""How far python-threatexchange's PDQ of palette and CMYK images lies from the image's PDQ.

Run: python benchmarks/threatexchange_pdq.py   (needs the [test] extra: python-threatexchange)
For each kind of file, made from scikit-image's sample photos: the Hamming distance between
python-threatexchange's hash and Meldpunt's (pdqhash on the RGB pixels), over the pairs that
both call trusted (quality >= 50), and whether Meldpunt's second hash for the file
(pdq_as_threatexchange) is bit for bit python-threatexchange's.
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from PIL import Image
from threatexchange.signal_type.pdq.pdq_hasher import pdq_from_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.imagesets import SAMPLES, cmyk_with_black, sample, saved

from meldpunt.core.hashing.images import open_image
from meldpunt.core.hashing.pdq import hamming, pdq_of_image
from meldpunt.core.hashing.threatexchange_pdq import pdq_as_threatexchange

KINDS: dict[str, Callable[[Image.Image], bytes]] = {
    "palette PNG, 256 colours": lambda rgb: saved(rgb.quantize(256), "PNG"),
    "palette PNG, 16 colours": lambda rgb: saved(rgb.quantize(16), "PNG"),
    "GIF": lambda rgb: saved(rgb, "GIF"),
    "GIF of a grey image": lambda rgb: saved(rgb.convert("L"), "GIF"),
    "8-bit BMP": lambda rgb: saved(rgb.quantize(256), "BMP"),
    "CMYK JPEG (no black)": lambda rgb: saved(rgb.convert("CMYK"), "JPEG", quality=92),
    "CMYK JPEG (black generated)": lambda rgb: saved(cmyk_with_black(rgb), "JPEG", quality=92),
    "CMYK TIFF": lambda rgb: saved(rgb.convert("CMYK"), "TIFF"),
    "RGB JPEG (control)": lambda rgb: saved(rgb, "JPEG", quality=92),
    "RGBA PNG (control)": lambda rgb: saved(rgb.convert("RGBA"), "PNG"),
    "grey PNG (control)": lambda rgb: saved(rgb.convert("L"), "PNG"),
}


def measure(make: Callable[[Image.Image], bytes]) -> tuple[list[int], int, int]:
    """Distances over trusted pairs; files whose second hash is python-threatexchange's; files."""
    distances, equal = [], 0
    for name in SAMPLES:
        data = make(sample(name).convert("RGB"))
        theirs, quality = pdq_from_bytes(data)
        image = open_image(data)
        ours = pdq_of_image(image).original
        second = pdq_as_threatexchange(image) or ours
        equal += second.hex == theirs and second.quality == quality
        if quality >= 50 and ours.quality >= 50:
            distances.append(hamming(bytes.fromhex(theirs), ours.bits))
    return distances, equal, len(SAMPLES)


def main() -> None:
    print(f"python-threatexchange {version('threatexchange')}, {len(SAMPLES)} sample photos")
    print(f"{'file':30} {'trusted':>7} {'min':>4} {'median':>6} {'max':>4}  second hash equal")
    for label, make in KINDS.items():
        distances, equal, files = measure(make)
        spread = (
            f"{min(distances):4} {statistics.median(distances):6.0f} {max(distances):4}"
            if distances
            else f"{'-':>4} {'-':>6} {'-':>4}"
        )
        print(f"{label:30} {len(distances):7} {spread}  {equal}/{files}")


if __name__ == "__main__":
    main()
