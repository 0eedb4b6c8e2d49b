"""The public report form."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from meldpunt.core.plain_text import HiddenCharacter, check_plain_text
from meldpunt.core.reports import (
    MAX_URLS_PER_REPORT,
    DraftUrl,
    LineError,
    Medium,
    ReportDraft,
    TooManyUrls,
    UrlLines,
    read_url_lines,
)
from meldpunt.intake.messages import explain
from meldpunt.intake.models import MediumChoice

HIDDEN_CHARACTER = _(
    "This text contains an invisible or control character (%(codepoint)s) at position "
    "%(position)s. Please remove it and try again."
)


def refuse_hidden_characters(*, multiline: bool) -> Callable[[str], None]:
    """A field validator: no control, format or bidi characters (tabs and line breaks only
    where the field has several lines)."""

    def validate(value: str) -> None:
        try:
            check_plain_text(value, multiline=multiline)
        except HiddenCharacter as hidden:
            raise forms.ValidationError(
                HIDDEN_CHARACTER,
                code="hidden_character",
                params={"codepoint": hidden.codepoint, "position": hidden.position},
            ) from None

    return validate


class PublicReportForm(forms.Form):
    """What a member of the public fills in; only the addresses are required."""

    urls = forms.CharField(
        label=_("Web addresses"),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
    )
    medium = forms.ChoiceField(
        label=_("What kind of material is it?"),
        choices=MediumChoice.choices,
        initial=MediumChoice.IMAGE,
        widget=forms.RadioSelect,
    )
    found_on = forms.CharField(
        label=_("Where did you find it? (optional)"),
        required=False,
        max_length=500,
        help_text=_("For example the website, app or search words that led you there."),
        validators=[refuse_hidden_characters(multiline=False)],
    )
    description = forms.CharField(
        label=_("Anything else we should know? (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[refuse_hidden_characters(multiline=True)],
    )
    contact = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        max_length=254,
        validators=[refuse_hidden_characters(multiline=False)],
        help_text=_(
            "Only if you want us to be able to reach you. It is encrypted at once; only our "
            "privacy officer can read it."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["urls"].help_text = _(
            "Paste one address per line. You may paste up to %(limit)s addresses."
        ) % {"limit": MAX_URLS_PER_REPORT}

    def clean_urls(self) -> UrlLines:
        """Read every line; bad lines are kept aside with a reason, good ones go on."""
        try:
            lines = read_url_lines(self.cleaned_data["urls"])
        except TooManyUrls as error:
            raise forms.ValidationError(
                _("You pasted %(count)s addresses. Please report at most %(limit)s at a time.")
                % {"count": error.count, "limit": error.limit}
            ) from None
        if not lines.accepted:
            raise forms.ValidationError(_("None of the lines is a web address we can take in."))
        return lines

    def rejected(self) -> list[LineError]:
        """The lines that were not taken in, each with its reason."""
        lines = self.cleaned_data.get("urls") if hasattr(self, "cleaned_data") else None
        if lines is None:
            lines = _lines_or_none(self.data.get("urls", ""))
        return lines.rejected if lines is not None else []

    def line_errors(self) -> list[tuple[int, str, str]]:
        """(line number, what was typed, why it was not taken) for each bad line."""
        return [(e.line_no, e.excerpt, explain(e.error.reason)) for e in self.rejected()]

    def draft(self) -> ReportDraft:
        """The checked report."""
        data = self.cleaned_data
        return ReportDraft(
            urls=tuple(DraftUrl(no, url) for no, url in data["urls"].accepted),
            medium=Medium(data["medium"]),
            found_on=data["found_on"].strip(),
            description=data["description"].strip(),
            contact=data["contact"].strip(),
        )


def _lines_or_none(text: str) -> UrlLines | None:
    try:
        return read_url_lines(text)
    except TooManyUrls:
        return None
