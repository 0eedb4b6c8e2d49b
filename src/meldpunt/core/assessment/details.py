"""The optional details of an assessment (UK, industry and COPINE categories, the ICCAM
fields), and the combinations of facts and details that contradict each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from meldpunt.core.law.facts import AgeBand, Facts, Realism, SexualContent


class UkCategory(StrEnum):
    """The UK Sentencing Council's categories."""

    A = "A"  # penetrative activity, with an animal, or sadism
    B = "B"  # non-penetrative sexual activity
    C = "C"  # other indecent images


class IndustryCategory(StrEnum):
    """A prepubescent, B pubescent; 1 a sex act, 2 a lascivious exhibition."""

    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"


class Gender(IntEnum):
    """ICCAM's genderCategorization codes."""

    NOT_DETERMINED = 1
    FEMALE = 2
    MALE = 3
    BOTH = 4


class SiteType(IntEnum):
    """ICCAM's sourceUrlSiteType codes ("not determined" is no longer accepted)."""

    WEBSITE = 2
    FILE_HOST = 3
    IMAGE_STORE = 4
    IMAGE_BOARD = 5
    FORUM = 6
    BANNER = 7
    LINK_SITE = 8
    SOCIAL = 9
    REDIRECTOR = 10
    WEB_ARCHIVE = 11
    SEARCH_PROVIDER = 18
    IMAGE_HOST = 20
    BLOG = 22
    NOT_APPLICABLE = 24


class Commerciality(IntEnum):
    """ICCAM's sourceUrlCommerciality codes."""

    NOT_DETERMINED = 1
    COMMERCIAL = 2
    NON_COMMERCIAL = 3


class PaymentMethod(IntEnum):
    """ICCAM's sourceUrlPaymentMethods codes."""

    NOT_DETERMINED = 1
    AMEX = 2
    DINERS = 3
    MASTERCARD = 4
    PAYPAL = 5
    VISA = 6
    WESTERN_UNION = 7
    OTHER = 8
    NONE = 9
    SMS = 10
    EMAIL = 11
    LIBERTY_RESERVE = 12
    BITCOIN = 13


# ICCAM's ageCategorization: 1 not categorised, 2 infant, 3 pre-pubescent, 4 pubescent.
ICCAM_AGE = {AgeBand.INFANT_TODDLER: 2, AgeBand.PREPUBESCENT: 3, AgeBand.PUBESCENT: 4}
CHILD = frozenset({AgeBand.INFANT_TODDLER, AgeBand.PREPUBESCENT, AgeBand.PUBESCENT})
UNDER_13 = frozenset({AgeBand.INFANT_TODDLER, AgeBand.PREPUBESCENT})
COPINE_LEVELS = range(1, 11)


@dataclass(frozen=True)
class Details:
    """What an analyst may add to the four facts; None where they did not say."""

    uk_category: UkCategory | None = None
    industry_category: IndustryCategory | None = None
    copine_level: int | None = None
    gender: Gender | None = None
    site_type: SiteType | None = None
    commerciality: Commerciality | None = None
    payment_methods: tuple[PaymentMethod, ...] = field(default=())
    virtual: bool | None = None
    user_generated: bool | None = None
    child_modelling: bool | None = None


def inconsistencies(facts: Facts, details: Details) -> list[str]:
    """Why these facts and details cannot all be true, one sentence each; empty if they can."""
    return [
        *_industry(facts, details.industry_category),
        *_uk(facts, details.uk_category),
        *_copine(facts, details.copine_level),
        *_virtual(facts, details.virtual),
        *_payments(details.payment_methods),
    ]


def _industry(facts: Facts, category: IndustryCategory | None) -> list[str]:
    if category is None:
        return []
    problems = []
    if category.value[0] == "A" and facts.age not in UNDER_13:
        problems.append(f"industry category {category} is for a prepubescent child or younger")
    if category.value[0] == "B" and facts.age is not AgeBand.PUBESCENT:
        problems.append(f"industry category {category} is for a pubescent child")
    if category.value[1] == "1" and facts.sexual is not SexualContent.ACTIVITY:
        problems.append(f"industry category {category} is for sexual activity")
    if category.value[1] == "2" and facts.sexual is not SexualContent.GENITAL_POSING:
        problems.append(f"industry category {category} is for posing with a genital focus")
    return problems


def _uk(facts: Facts, category: UkCategory | None) -> list[str]:
    if category is None:
        return []
    problems = []
    if facts.age not in CHILD:
        problems.append(f"UK category {category} is for images of a child")
    if category in (UkCategory.A, UkCategory.B) and facts.sexual is not SexualContent.ACTIVITY:
        problems.append(f"UK category {category} is for sexual activity")
    if category is UkCategory.C and facts.sexual is SexualContent.NONE:
        problems.append("UK category C is for an indecent image, and no sexual content is recorded")
    return problems


def _copine(facts: Facts, level: int | None) -> list[str]:
    if level is None:
        return []
    if level not in COPINE_LEVELS:
        return [f"COPINE level {level} does not exist; the scale runs from 1 to 10"]
    if facts.age not in CHILD:
        return [f"COPINE level {level} is for images of a child"]
    if level >= 7 and facts.sexual is not SexualContent.ACTIVITY:
        return [f"COPINE level {level} is for sexual activity"]
    if level <= 3 and facts.sexual in (SexualContent.ACTIVITY, SexualContent.GENITAL_POSING):
        return [f"COPINE level {level} is below posing; the facts record {facts.sexual.value}"]
    return []


def _virtual(facts: Facts, virtual: bool | None) -> list[str]:
    if virtual is True and facts.realism is Realism.REAL:
        return ["marked virtual, while the realism says a real person is shown"]
    if virtual is False and facts.realism is not Realism.REAL:
        return ["marked not virtual, while the realism says it is computer-made or drawn"]
    return []


def _payments(methods: tuple[PaymentMethod, ...]) -> list[str]:
    alone = {PaymentMethod.NONE, PaymentMethod.NOT_DETERMINED}
    if len(methods) > 1 and alone & set(methods):
        return ["payment methods 'none' or 'not determined' cannot go with any other"]
    return []


def iccam_fields(facts: Facts, details: Details) -> dict[str, int | list[int]]:
    """The assessment in ICCAM v3's codes (classification comes from the law, not here)."""
    codes: dict[str, int | list[int]] = {
        "ageCategorization": ICCAM_AGE.get(facts.age, 1),
        "genderCategorization": int(details.gender or Gender.NOT_DETERMINED),
        "virtualContentCategorization": int(
            details.virtual if details.virtual is not None else facts.realism is not Realism.REAL
        ),
    }
    optional = {
        "userGeneratedContentCategorization": details.user_generated,
        "childModelingCategorization": details.child_modelling,
        "sourceUrlSiteType": details.site_type,
        "sourceUrlCommerciality": details.commerciality,
    }
    codes.update({name: int(value) for name, value in optional.items() if value is not None})
    if details.payment_methods:
        codes["sourceUrlPaymentMethods"] = [int(m) for m in details.payment_methods]
    return codes
