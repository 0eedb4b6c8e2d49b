"""PDQ of palette and CMYK images as python-threatexchange 1.2.17 (and so HMA) computes it.

python-threatexchange hashes the pixel array as Pillow stores it: a palette image's colour
*indices* as if they were grey levels, a CMYK image's C, M and Y as if they were R, G and B.
Those hashes lie 44 to 256 bits from the image's PDQ (pdqhash on its RGB pixels, which is what
Meldpunt computes; see the README), so a partner's hash of a GIF, palette PNG or CMYK JPEG
never matches ours. Meldpunt computes this second hash for such images only, to match on it too.
For every other mode the two agree, and there is no second hash.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from meldpunt.core.hashing.images import Pixels
from meldpunt.core.hashing.pdq import PdqHash, hash_pixels

STORED_AS_READ = ("P", "CMYK")  # the modes python-threatexchange reads as stored


def pdq_as_threatexchange(image: Image.Image) -> PdqHash | None:
    """python-threatexchange's PDQ of a loaded palette or CMYK image; None for other modes."""
    if image.mode not in STORED_AS_READ:
        return None
    width, height = image.size
    if image.mode == "P":
        # One grey channel: the kernel reads it as pdqhash reads three equal channels.
        return hash_pixels(Pixels(image.tobytes(), height, width, 1)).original
    cmy = np.asarray(image)[:, :, :3]  # pdqhash reads the first three channels it is given
    return hash_pixels(Pixels(np.ascontiguousarray(cmy).tobytes(), height, width, 3)).original
