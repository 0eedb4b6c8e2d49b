"""Reporter-facing explanations of why a line was not taken in, in the interface language."""

from django.utils.translation import gettext_lazy as _

from meldpunt.core.urls import MAX_URL_LENGTH, Rejection

REJECTION_MESSAGES = {
    Rejection.EMPTY: _("The line is empty."),
    Rejection.TOO_LONG: _("The address is too long (more than %(limit)s characters)."),
    Rejection.CONTROL_CHARACTERS: _(
        "The address contains spaces or invisible characters. Put one address on each line."
    ),
    Rejection.UNSUPPORTED_SCHEME: _(
        "Only web addresses starting with http:// or https:// can be reported."
    ),
    Rejection.MISSING_HOST: _("The address does not name a website."),
    Rejection.INVALID_HOST: _("The website name or IP address is not valid."),
    Rejection.NOT_PUBLIC_NAME: _(
        "The website name has no public ending such as .com or .nl. Check the spelling."
    ),
    Rejection.INVALID_PORT: _("The port number in the address is not valid."),
}


def explain(rejection: Rejection) -> str:
    """The message in the active language, filled in when it is shown."""
    return str(REJECTION_MESSAGES[rejection]) % {"limit": MAX_URL_LENGTH}
