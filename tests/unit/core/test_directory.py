"""The directory's rules: country codes, AS numbers, scopes, API addresses, public keys."""

import base64

import pytest

from meldpunt.core.directory import (
    DirectoryInvalid,
    Scope,
    api_url,
    country_code,
    format_asns,
    parse_asns,
    parse_scopes,
    sealing_public_key,
)
from meldpunt.core.sealing import generate_key_pair


def test_country_codes_are_iso_alpha_2_in_capitals():
    assert country_code(" nl ") == "NL" and country_code("GB") == "GB"
    for wrong in ("", "NLD", "XX", "N", "1A"):
        with pytest.raises(DirectoryInvalid, match="not an ISO 3166-1 alpha-2 country code"):
            country_code(wrong)
    with pytest.raises(DirectoryInvalid, match="the United Kingdom is GB"):
        country_code("uk")


def test_as_numbers_from_text_and_numbers_in_order_once_each():
    assert parse_asns(["AS64500, 64501", 64500, "as4200000000"]) == (64500, 64501, 4200000000)
    assert parse_asns([]) == () and parse_asns([""]) == ()
    assert format_asns((64500, 64501)) == "64500, 64501"
    for wrong in ("0", "4294967296", "-5", "AS", "١٢", "64500.1"):
        with pytest.raises(DirectoryInvalid, match="is not an AS number"):
            parse_asns([wrong])


def test_scopes_are_known_names_and_at_least_one():
    assert parse_scopes("report") == {Scope.REPORT}
    assert parse_scopes(" Report , urllist,hashcheck") == set(Scope)
    with pytest.raises(DirectoryInvalid, match="unknown scope 'admin'; choose from: report"):
        parse_scopes("report,admin")
    with pytest.raises(DirectoryInvalid, match="unknown scope none"):
        parse_scopes(" , ")


def test_api_addresses_are_https_or_local_http():
    assert api_url(" https://hotline.example/api/v1/ ") == "https://hotline.example/api/v1/"
    assert api_url("http://127.0.0.1:8000/api/v1/") == "http://127.0.0.1:8000/api/v1/"
    for wrong in ("http://hotline.example/", "ftp://x.example/", "https://", "hotline.example",
                  "https://user:pw@hotline.example/", "https://[::1/"):  # fmt: skip
        with pytest.raises(DirectoryInvalid, match="is not an https:// address"):
            api_url(wrong)


def test_public_keys_are_32_bytes_of_base64():
    key = base64.b64encode(generate_key_pair().public).decode()
    assert len(sealing_public_key(key)) == 32
    for wrong in ("", "not base64!", base64.b64encode(b"short").decode()):
        with pytest.raises(DirectoryInvalid, match="32 bytes in base64"):
            sealing_public_key(wrong)
