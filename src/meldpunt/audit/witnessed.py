"""Which audit events are privacy-relevant: each one has the trail's head signed at once."""

# Every change to who may do what, or who may read what: staff accounts, their roles and second
# factors. New staff.* actions (disable, role change, MFA reset ...) are witnessed without a
# change here.
WITNESSED_FAMILIES = ("staff.",)

# Single actions outside those families.
WITNESSED_ACTIONS = frozenset(
    {
        "contact.unsealed",  # the privacy officer read a reporter's contact address
        "keys.rotated",  # the content store's master key changed
    }
)

# Routine sign-ins stay with the hourly checkpoint; a failed sign-in can be caused by anyone on
# the internet, and each checkpoint costs a signature and an fsync.
UNWITNESSED_ACTIONS = frozenset({"staff.login", "staff.logout", "staff.login_failed"})


def is_witnessed(action: str) -> bool:
    """True if recording this action must also sign a checkpoint of the trail's head."""
    if action in UNWITNESSED_ACTIONS:
        return False
    return action in WITNESSED_ACTIONS or action.startswith(WITNESSED_FAMILIES)
