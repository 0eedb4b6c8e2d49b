"""Benign photos for capture tests: one listed original, a resized copy of it, two others."""

import io
import random

from PIL import Image

from tests.support.imagesets import encode, sample, variant

LISTED = encode(variant(sample("astronaut.png"), (900, 700), random.Random(3)), "JPEG", 92)
COPY = encode(Image.open(io.BytesIO(LISTED)).resize((600, 467)), "JPEG", 70)
FRESH = encode(sample("chelsea.png"), "JPEG", 88)
OTHER = encode(sample("coffee.png"), "PNG")
