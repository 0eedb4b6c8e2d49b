"""The composition root builds each part once from settings, and lets tests wire fakes in."""

from django.test import override_settings

from meldpunt import bootstrap
from meldpunt.core.fetching.resolvers import ChainedResolver, FixedResolver
from meldpunt.jobs import HueyJobs
from tests.support.parts import FakeJobs, MemoryStore, wired


def test_each_part_is_built_once_per_set_of_parts():
    parts = bootstrap.Parts()
    assert parts.fetcher is parts.fetcher and parts.content_store is parts.content_store
    assert parts.fetcher.resolver is parts.resolver is parts.hosting.resolver
    assert isinstance(parts.jobs, HueyJobs)


def test_settings_choose_the_resolver():
    with override_settings(MELDPUNT_FETCH_DNS=False, MELDPUNT_FETCH_HOSTS="a.example=192.0.2.1"):
        assert isinstance(bootstrap.Parts().resolver, FixedResolver)
    with override_settings(MELDPUNT_FETCH_DNS=True, MELDPUNT_DNS_SERVERS="127.0.0.1:53"):
        assert isinstance(bootstrap.Parts().resolver, ChainedResolver)


def test_parts_wired_in_are_used_until_the_block_ends_then_the_earlier_ones_again():
    before = bootstrap.parts()
    fake, store = FakeJobs(), MemoryStore()
    with wired(jobs=fake) as outer:
        assert bootstrap.parts() is outer and outer.jobs is fake
        with wired(content_store=store) as inner:
            assert inner.jobs is fake and inner.content_store is store  # fakes carry over
            assert inner.fetcher is not outer.fetcher  # real parts are built afresh
        assert bootstrap.parts() is outer
    assert bootstrap.parts() is before


def test_plain_values_follow_the_settings_unless_given():
    with override_settings(MELDPUNT_HOTLINE_COUNTRY="BE"):
        assert bootstrap.Parts().hotline_country == "BE"
    assert bootstrap.Parts(hotline_country="FR").hotline_country == "FR"
    assert bootstrap.Parts(near_copy_threshold=0).near_copy_threshold == 0
