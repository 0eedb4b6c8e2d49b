"""What the hotline's own configuration decides about its cases."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hotline:
    """The hotline's country (whose law is "national") and its near-copy threshold."""

    country: str
    near_copy_threshold: int  # the PDQ distance at which near copies join a group
