"""Facts and details that contradict each other are named; ICCAM's codes come out."""

import pytest

from meldpunt.core.assessment.details import (
    Details,
    Gender,
    IndustryCategory,
    PaymentMethod,
    SiteType,
    UkCategory,
    iccam_fields,
    inconsistencies,
)
from meldpunt.core.law.facts import Facts

BASE = Facts.of("prepubescent", "real", "activity", "image")


def facts(**changes: str) -> Facts:
    values = {"age": "prepubescent", "realism": "real", "sexual": "activity", "medium": "image"}
    return Facts.of(**{**values, **changes})


def test_consistent_facts_and_details_pass():
    details = Details(
        uk_category=UkCategory.A,
        industry_category=IndustryCategory.A1,
        copine_level=8,
        gender=Gender.FEMALE,
        virtual=False,
        payment_methods=(PaymentMethod.BITCOIN, PaymentMethod.PAYPAL),
    )
    assert inconsistencies(BASE, details) == []
    assert (
        inconsistencies(
            facts(age="pubescent", sexual="genital_posing"),
            Details(
                industry_category=IndustryCategory.B2, uk_category=UkCategory.C, copine_level=5
            ),
        )
        == []
    )


@pytest.mark.parametrize(
    ("changed", "details", "says"),
    [
        ({"age": "adult"}, Details(industry_category=IndustryCategory.A1), "prepubescent"),
        ({"age": "pubescent"}, Details(industry_category=IndustryCategory.A1), "prepubescent"),
        ({}, Details(industry_category=IndustryCategory.B1), "pubescent child"),
        (
            {"sexual": "nonsexual_nudity"},
            Details(industry_category=IndustryCategory.A1),
            "activity",
        ),
        ({}, Details(industry_category=IndustryCategory.A2), "genital focus"),
        ({"age": "adult"}, Details(uk_category=UkCategory.C), "a child"),
        ({"sexual": "genital_posing"}, Details(uk_category=UkCategory.B), "sexual activity"),
        ({"sexual": "none"}, Details(uk_category=UkCategory.C), "indecent"),
        ({}, Details(copine_level=11), "1 to 10"),
        ({"age": "unknown"}, Details(copine_level=4), "a child"),
        ({"sexual": "genital_posing"}, Details(copine_level=8), "sexual activity"),
        ({}, Details(copine_level=2), "below posing"),
        ({}, Details(virtual=True), "real person"),
        ({"realism": "drawn"}, Details(virtual=False), "drawn"),
        ({}, Details(payment_methods=(PaymentMethod.NONE, PaymentMethod.VISA)), "none"),
    ],
)
def test_each_contradiction_is_named(changed, details, says):
    found = inconsistencies(facts(**changed), details)
    assert len(found) >= 1 and says in " ".join(found)


def test_iccam_codes():
    codes = iccam_fields(
        facts(age="pubescent", realism="realistic_virtual"),
        Details(gender=Gender.BOTH, site_type=SiteType.FORUM, user_generated=True),
    )
    assert codes == {
        "ageCategorization": 4,
        "genderCategorization": 4,
        "virtualContentCategorization": 1,
        "userGeneratedContentCategorization": 1,
        "sourceUrlSiteType": 6,
    }
    assert iccam_fields(facts(age="adult"), Details())["ageCategorization"] == 1
    paid = iccam_fields(BASE, Details(payment_methods=(PaymentMethod.VISA,)))
    assert paid["sourceUrlPaymentMethods"] == [6] and paid["virtualContentCategorization"] == 0
