"""The fact space an analyst records for one item: apparent age, realism, sexual content, medium."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum


class AgeBand(StrEnum):
    """The apparent age of the youngest person shown."""

    INFANT_TODDLER = "infant_toddler"
    PREPUBESCENT = "prepubescent"
    PUBESCENT = "pubescent"
    ADULT = "adult"
    UNKNOWN = "unknown"  # the analyst cannot tell


class Realism(StrEnum):
    """Whether a real person is shown, a realistic computer-made one, or a drawing."""

    REAL = "real"
    REALISTIC_VIRTUAL = "realistic_virtual"
    DRAWN = "drawn"


class SexualContent(StrEnum):
    """What the item shows: sexual activity, posing with a focus on the genitals, or less."""

    ACTIVITY = "activity"
    GENITAL_POSING = "genital_posing"
    NONSEXUAL_NUDITY = "nonsexual_nudity"  # a holiday photo on the beach
    NONE = "none"


class Medium(StrEnum):
    """The kind of item."""

    IMAGE = "image"
    VIDEO = "video"
    TEXT = "text"
    AUDIO = "audio"


# The rule files name facts by these keys, in this order; so do the command-line options.
FACT_KINDS: dict[str, type[StrEnum]] = {
    "age": AgeBand,
    "realism": Realism,
    "sexual": SexualContent,
    "medium": Medium,
}


@dataclass(frozen=True)
class Facts:
    """One combination of facts, as an analyst records them."""

    age: AgeBand
    realism: Realism
    sexual: SexualContent
    medium: Medium

    @classmethod
    def of(cls, age: str, realism: str, sexual: str, medium: str) -> Facts:
        """Facts from their values as stored or typed; ValueError names an unknown one."""
        return cls(AgeBand(age), Realism(realism), SexualContent(sexual), Medium(medium))

    def value_of(self, fact: str) -> str:
        """The value of one fact, by its rule-file name."""
        value: StrEnum = getattr(self, fact)
        return value.value

    def __str__(self) -> str:
        return " ".join(f"{fact}={self.value_of(fact)}" for fact in FACT_KINDS)


def every_combination() -> Iterator[Facts]:
    """All 240 combinations of the fact space, in a fixed order."""
    for age, realism, sexual, medium in itertools.product(AgeBand, Realism, SexualContent, Medium):
        yield Facts(age, realism, sexual, medium)
