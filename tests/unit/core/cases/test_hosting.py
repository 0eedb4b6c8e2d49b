"""Hosting changes between two traces: only what both traces know can have moved."""

import pytest

from meldpunt.core.cases.hosting import HostingChange, HostingSummary, hosting_changes

C = HostingChange


def trace(country="NL", provider="Example Hosting", addresses=("192.0.2.1",)) -> HostingSummary:
    return HostingSummary(country, provider, frozenset(addresses))


def test_the_same_hosting_is_no_change():
    assert hosting_changes(trace(), trace()) == ()


def test_the_same_addresses_in_another_order_are_no_change():
    before = trace(addresses=["192.0.2.1", "2001:db8::1"])
    after = trace(addresses=["2001:db8::1", "192.0.2.1"])
    assert hosting_changes(before, after) == ()


@pytest.mark.parametrize(
    ("after", "changed"),
    [
        (trace(country="DE"), (C.COUNTRY,)),
        (trace(provider="Other Host"), (C.PROVIDER,)),
        (trace(addresses=["192.0.2.2"]), (C.ADDRESSES,)),
        (trace(addresses=["192.0.2.1", "192.0.2.2"]), (C.ADDRESSES,)),  # one more address
    ],
)
def test_each_fact_that_moved_is_named(after, changed):
    assert hosting_changes(trace(), after) == changed


def test_everything_that_moved_is_named_in_a_fixed_order():
    after = trace(country="US", provider="Other Host", addresses=["198.51.100.7"])
    assert hosting_changes(trace(), after) == (C.COUNTRY, C.PROVIDER, C.ADDRESSES)
    assert hosting_changes(after, trace()) == (C.COUNTRY, C.PROVIDER, C.ADDRESSES)


@pytest.mark.parametrize(
    "unknown",
    [trace(country=""), trace(provider=""), trace(addresses=[]), trace("", "", [])],
)
def test_a_trace_that_found_nothing_is_no_evidence_of_a_move(unknown):
    assert hosting_changes(trace(), unknown) == ()
    assert hosting_changes(unknown, trace()) == ()


def test_an_unknown_fact_does_not_hide_the_known_ones_that_moved():
    before = trace(country="", provider="Example Hosting", addresses=[])
    after = trace(country="DE", provider="Other Host", addresses=["192.0.2.9"])
    assert hosting_changes(before, after) == (C.PROVIDER,)
