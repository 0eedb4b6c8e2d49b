"""Sealed contact data opens only with the matching private key."""

import pytest

from meldpunt.core.sealing import UnsealFailed, generate_key_pair, seal, unseal


def test_sealed_contact_round_trips_and_hides_the_address():
    pair = generate_key_pair()
    sealed = seal(pair.public, "reporter@example.org")
    assert b"reporter" not in sealed
    assert unseal(pair.private, sealed) == "reporter@example.org"


def test_two_seals_of_the_same_address_differ():
    pair = generate_key_pair()
    assert seal(pair.public, "a@example.org") != seal(pair.public, "a@example.org")


def test_wrong_key_or_damaged_data_fails_clearly():
    pair, other = generate_key_pair(), generate_key_pair()
    sealed = seal(pair.public, "a@example.org")
    with pytest.raises(UnsealFailed):
        unseal(other.private, sealed)
    with pytest.raises(UnsealFailed):
        unseal(pair.private, sealed[:-1] + bytes([sealed[-1] ^ 1]))
