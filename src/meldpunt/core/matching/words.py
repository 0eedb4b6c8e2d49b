"""256-bit hashes as rows of four 64-bit words, and distances between them."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

HASH_BYTES = 32


def to_words(hashes: Iterable[bytes]) -> np.ndarray:
    """Stack 32-byte hashes into an (n, 4) uint64 array."""
    joined = b"".join(hashes)
    if len(joined) % HASH_BYTES:
        raise ValueError("every hash must be 32 bytes (256 bits)")
    return np.frombuffer(joined, dtype="<u8").reshape(-1, 4).copy()


def distances(words: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Hamming distance from one (4,) query to every row of an (n, 4) array."""
    counts: np.ndarray = np.bitwise_count(words ^ query).sum(axis=1, dtype=np.int32)
    return counts


def chunk_values(words: np.ndarray, start: int, width: int) -> np.ndarray:
    """Bits [start, start + width) of each hash as integers, read as the kernel reads them."""
    word, bit = divmod(start, 64)
    values = words[:, word] >> np.uint64(bit)
    if bit + width > 64:
        values = values | (words[:, word + 1] << np.uint64(64 - bit))
    masked: np.ndarray = (values & np.uint64((1 << width) - 1)).astype(np.uint32)
    return masked
