"""Partner keys: high-entropy, found by prefix, checked against a stored hash."""

from meldpunt.core.partner_keys import issue_key, key_matches, key_prefix


def test_issued_key_matches_only_itself():
    key, other = issue_key(), issue_key()
    assert key_prefix(key.secret) == key.prefix
    assert key_matches(key.secret, key.digest)
    assert not key_matches(other.secret, key.digest)
    assert key.secret not in key.digest


def test_malformed_keys_have_no_prefix():
    for text in ["", "mp_", "mp_abcdefgh_short", "Bearer x", "mp_ABCDEFGH_" + "a" * 43]:
        assert key_prefix(text) is None
