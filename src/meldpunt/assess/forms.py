"""The facts form: the four facts an analyst must record, the optional details, and 'not sure'.

Every choice has a key (shown beside it, and the workspace's script takes it), so a typical
image is assessed in four keystrokes: age, realism, sexual content, then Enter (the medium
comes from the capture)."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from meldpunt.core.assessment.details import Details, Gender, IndustryCategory, UkCategory
from meldpunt.core.law import Facts

AGE = [
    ("infant_toddler", _("Infant or toddler")),
    ("prepubescent", _("Pre-pubescent")),
    ("pubescent", _("Pubescent")),
    ("adult", _("Adult")),
    ("unknown", _("Cannot tell")),
]
REALISM = [
    ("real", _("Real")),
    ("realistic_virtual", _("Realistic, computer-made")),
    ("drawn", _("Drawn or cartoon")),
]
SEXUAL = [
    ("activity", _("Sexual activity")),
    ("genital_posing", _("Posing with a genital focus")),
    ("nonsexual_nudity", _("Non-sexual nudity")),
    ("none", _("None")),
]
MEDIUM = [("image", _("Image")), ("video", _("Video")), ("text", _("Text")), ("audio", _("Audio"))]
# The keys, in the order of the choices above: one row of the keyboard per question.
KEYS = {"age": "12345", "realism": "qwe", "sexual": "asdf", "medium": "zxcv"}


def _keyed(name: str, choices: Sequence[tuple[str, object]]) -> list[tuple[str, object]]:
    """Each choice's label with its key, translated when shown (not when imported)."""
    return [
        (value, format_lazy("[{}] {}", key, label))
        for (value, label), key in zip(choices, KEYS[name], strict=True)
    ]


class FactsForm(forms.Form):
    """What the analyst saw; the law turns it into verdicts."""

    age = forms.ChoiceField(
        label=_("Apparent age"), choices=_keyed("age", AGE), widget=forms.RadioSelect
    )
    realism = forms.ChoiceField(
        label=_("Realism"), choices=_keyed("realism", REALISM), widget=forms.RadioSelect
    )
    sexual = forms.ChoiceField(
        label=_("Sexual content"), choices=_keyed("sexual", SEXUAL), widget=forms.RadioSelect
    )
    medium = forms.ChoiceField(
        label=_("Medium"), choices=_keyed("medium", MEDIUM), widget=forms.RadioSelect
    )
    uk_category = forms.ChoiceField(
        label=_("UK category"),
        required=False,
        choices=[("", _("not given"))] + [(c.value, c.value) for c in UkCategory],
    )
    industry_category = forms.ChoiceField(
        label=_("Industry category"),
        required=False,
        choices=[("", _("not given"))] + [(c.value, c.value) for c in IndustryCategory],
    )
    copine_level = forms.IntegerField(
        label=_("COPINE level"), required=False, min_value=1, max_value=10
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[("", _("not given"))]
        + [(str(g.value), g.name.replace("_", " ").lower()) for g in Gender],
    )
    not_sure = forms.BooleanField(
        label=_("I am not sure: ask a senior analyst (four eyes)"), required=False
    )

    def facts(self) -> Facts:
        """The four facts, once the form is valid."""
        data = self.cleaned_data
        return Facts.of(data["age"], data["realism"], data["sexual"], data["medium"])

    def details(self) -> Details:
        """The optional details given."""
        data = self.cleaned_data
        return Details(
            uk_category=UkCategory(data["uk_category"]) if data["uk_category"] else None,
            industry_category=IndustryCategory(data["industry_category"])
            if data["industry_category"]
            else None,
            copine_level=data["copine_level"],
            gender=Gender(int(data["gender"])) if data["gender"] else None,
        )
