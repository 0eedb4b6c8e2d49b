"""Outgoing API keys: locked at rest, opened with the same secret only."""

import pytest

from meldpunt.core.outgoing_keys import OutgoingKeyUnreadable, lock, new_secret, unlock


def test_a_locked_key_opens_with_its_secret_and_hides_the_key():
    secret = new_secret()
    locked = lock(secret, "their-api-key")
    assert "their-api-key" not in locked and locked.isascii()
    assert lock(secret, "their-api-key") != locked  # a fresh nonce each time
    assert unlock(secret, locked) == "their-api-key"


def test_another_secret_or_damage_is_refused():
    locked = lock(new_secret(), "their-api-key")
    with pytest.raises(OutgoingKeyUnreadable):
        unlock(new_secret(), locked)
    with pytest.raises(OutgoingKeyUnreadable):
        unlock(new_secret(), "not base64 at all")
