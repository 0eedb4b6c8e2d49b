"""The hosting country source: iptocc's bundled registries and a fixed table answer alike."""

import ipaddress

import pytest

from meldpunt.core.hosting.sources import CidrRow, CidrTable, IptoccCountries

# Addresses whose registry country is stable: RIPE NCC's own (NL) and Google's resolver (US).
RIPE, GOOGLE, LOOPBACK = "193.0.6.139", "8.8.8.8", "127.0.0.1"
TABLE = CidrTable([CidrRow("193.0.0.0/21", "NL"), CidrRow("8.8.8.0/24", "US")])


@pytest.fixture(params=[IptoccCountries(), TABLE], ids=["iptocc", "table"])
def countries(request):
    return request.param


def test_a_registered_address_gives_its_country(countries):
    assert countries.country(ipaddress.ip_address(RIPE)) == "NL"
    assert countries.country(ipaddress.ip_address(GOOGLE)) == "US"


def test_an_address_of_no_country_gives_an_empty_code(countries):
    assert countries.country(ipaddress.ip_address(LOOPBACK)) == ""


def test_the_source_has_a_name_for_provenance(countries):
    assert countries.name
