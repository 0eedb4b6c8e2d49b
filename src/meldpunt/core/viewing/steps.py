"""The reveal steps of the protected viewer, from the default blurred grey to full colour."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Look:
    """How a step's derivative is made: grey or colour, its longest edge, how much blur.

    The blur is a fraction of the derivative's longest edge, so that a small image is blurred
    as strongly, relative to what it shows, as a large one.
    """

    grey: bool
    max_edge: int
    blur: float


class RevealStep(StrEnum):
    """One server-made derivative of an item, in the order an analyst reveals them."""

    BLURRED = "blurred"
    LESS_BLURRED = "less_blurred"
    SHARP_GREY = "sharp_grey"
    COLOUR = "colour"

    @property
    def rank(self) -> int:
        """0 for the default, rising with each reveal."""
        return _ORDER.index(self)

    @property
    def look(self) -> Look:
        """How this step's derivative is made."""
        return _LOOKS[self]

    # A StrEnum would otherwise compare as text, where "colour" comes before "sharp_grey".
    def __lt__(self, other: object) -> bool:
        return self.rank < _rank(other)

    def __le__(self, other: object) -> bool:
        return self.rank <= _rank(other)

    def __gt__(self, other: object) -> bool:
        return self.rank > _rank(other)

    def __ge__(self, other: object) -> bool:
        return self.rank >= _rank(other)


DEFAULT_STEP = RevealStep.BLURRED

_ORDER = tuple(RevealStep)
# The blurred step is what every analyst sees without asking, so its blur (radius 6 at 320 px,
# twice the capture preview's 3 at 160 px) leaves a scene and no detail. Sizes follow issue 13.
_LOOKS = {
    RevealStep.BLURRED: Look(grey=True, max_edge=320, blur=6 / 320),
    RevealStep.LESS_BLURRED: Look(grey=True, max_edge=320, blur=2 / 320),
    RevealStep.SHARP_GREY: Look(grey=True, max_edge=1024, blur=0.0),
    RevealStep.COLOUR: Look(grey=False, max_edge=1600, blur=0.0),
}


def next_step(step: RevealStep) -> RevealStep | None:
    """The step one reveal further, or None past full colour."""
    return _ORDER[step.rank + 1] if step.rank + 1 < len(_ORDER) else None


def is_clear(step: RevealStep) -> bool:
    """Whether showing this step needs a reveal: every step past the default does."""
    return step > DEFAULT_STEP


def _rank(other: object) -> int:
    if not isinstance(other, RevealStep):
        raise TypeError(f"a reveal step compares only with another, not {type(other).__name__}")
    return other.rank
