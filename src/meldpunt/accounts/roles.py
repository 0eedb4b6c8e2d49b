"""Which role may do what; views check these, never role names directly."""

from meldpunt.accounts.models import Role

READ_REPORTS = frozenset(Role.values)
RETRY_CAPTURES = frozenset({Role.ANALYST, Role.SENIOR_ANALYST, Role.MANAGER, Role.ADMIN})
OPEN_SEALED_CONTACTS = frozenset({Role.PRIVACY_OFFICER})
VERIFY_AUDIT_TRAIL = frozenset({Role.PRIVACY_OFFICER, Role.ADMIN, Role.MANAGER})
MANAGE_STAFF = frozenset({Role.ADMIN})
SPLIT_GROUPS = frozenset({Role.SENIOR_ANALYST})  # a second opinion on what is alike
ASSESS = frozenset({Role.ANALYST, Role.SENIOR_ANALYST})  # the only ones who see content
REVIEW_HELD_WORK = frozenset({Role.SENIOR_ANALYST})  # four eyes, and corrections
SEE_EXPOSURE = frozenset({Role.MANAGER})  # figures per analyst, never content
EDIT_DIRECTORY = frozenset({Role.MANAGER, Role.ADMIN})
APPROVE_LAW = frozenset({Role.MANAGER})  # a hotline's own rule files, after reading the diff


def parse_role(text: str) -> Role:
    """Accept 'senior-analyst', 'senior analyst' or 'senior_analyst'."""
    value = text.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return Role(value)
    except ValueError:
        allowed = ", ".join(r.replace("_", "-") for r in Role.values)
        raise ValueError(f"unknown role {text!r}; choose one of: {allowed}") from None
