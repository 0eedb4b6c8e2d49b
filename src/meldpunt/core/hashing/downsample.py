"""The reference's blur-and-decimate as a linear operator, so it can act on reduced images.

PDQ blurs each axis with two running-mean (box) passes and then samples 64 points. Per axis
that is a 64 x N matrix of weights. Fast mode decodes a JPEG at 1/s scale (each pixel is
about the mean of an s x s block), so it sums the weights over each block: the same blur,
sampled at the same places, computed from far fewer pixels.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

GRID = 64


def reference_window(length: int) -> int:
    """The reference's box width for an axis of this length."""
    return (length + 2 * GRID - 1) // (2 * GRID)


def box_spans(length: int, window: int) -> list[tuple[int, int]]:
    """For each output index, the [start, stop) inputs its running mean covers."""
    half = (window + 2) // 2
    spans = []
    for out in range(length):
        spans.append((max(0, out - (window - half)), min(length, out + half)))
    return spans


def sample_points(length: int) -> list[int]:
    """The 64 indices the reference keeps, at the centres of 64 equal strips."""
    return [int(((i + 0.5) * length) / GRID) for i in range(GRID)]


@lru_cache(maxsize=256)
def axis_operator(length: int, scale: int, reduced: int) -> np.ndarray:
    """64 x reduced weights: two box passes and sampling, summed over blocks of `scale`."""
    window = reference_window(length)
    spans = box_spans(length, window)
    weights = np.zeros((GRID, reduced * scale), dtype=np.float64)
    for row, point in enumerate(sample_points(length)):
        start, stop = spans[point]
        for middle in range(start, stop):
            inner_start, inner_stop = spans[middle]
            share = 1.0 / ((stop - start) * (inner_stop - inner_start))
            weights[row, inner_start:inner_stop] += share
    summed: np.ndarray = weights.reshape(GRID, reduced, scale).sum(axis=2).astype(np.float32)
    return summed


def downsample(luma: np.ndarray, full_rows: int, full_cols: int, scale: int) -> np.ndarray:
    """The 64 x 64 grid the reference would sample, from a luma image reduced by `scale`."""
    rows, cols = luma.shape
    left = axis_operator(full_rows, scale, rows)
    right = axis_operator(full_cols, scale, cols)
    return np.ascontiguousarray(left @ luma @ right.T, dtype=np.float32)
