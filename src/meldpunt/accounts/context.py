"""What the signed-in person may do, for templates (the menu), from the same rules views use."""

from django.http import HttpRequest

from meldpunt.accounts.roles import (
    APPROVE_LAW,
    ASSESS,
    EDIT_DIRECTORY,
    MANAGE_STAFF,
    OPEN_SEALED_CONTACTS,
    REVIEW_HELD_WORK,
    SEE_EXPOSURE,
    SPLIT_GROUPS,
)


def permissions(request: HttpRequest) -> dict[str, dict[str, bool]]:
    """`may.manage_staff`, `may.open_sealed_contacts`, `may.split_groups`,
    `may.edit_directory`, `may.assess`, `may.review`, `may.see_exposure`, `may.approve_law`
    (False for the public)."""
    user = getattr(request, "user", None)
    has_role = getattr(user, "has_role", None)
    if has_role is None:
        return {
            "may": {
                "manage_staff": False,
                "open_sealed_contacts": False,
                "split_groups": False,
                "edit_directory": False,
                "assess": False,
                "review": False,
                "see_exposure": False,
                "approve_law": False,
            }
        }
    return {
        "may": {
            "manage_staff": has_role(*MANAGE_STAFF),
            "open_sealed_contacts": has_role(*OPEN_SEALED_CONTACTS),
            "split_groups": has_role(*SPLIT_GROUPS),
            "edit_directory": has_role(*EDIT_DIRECTORY),
            "assess": has_role(*ASSESS),
            "review": has_role(*REVIEW_HELD_WORK),
            "see_exposure": has_role(*SEE_EXPOSURE),
            "approve_law": has_role(*APPROVE_LAW),
        }
    }
