"""The Public Suffix List: its own test cases, checks on a file offered, and the operator's copy."""

import logging
import re
import stat
from pathlib import Path

import publicsuffixlist
import pytest

from meldpunt.core.public_suffixes import (
    SuffixList,
    SuffixListInvalid,
    SuffixStore,
    bundled_list,
    current_list,
    use_suffix_list,
)
from meldpunt.core.urls import Rejection, UrlRejected, normalise_url, registrable_domain

PSL_TESTS = Path(__file__).parents[2] / "data" / "psl" / "test_psl.txt"
_CHECK = re.compile(r"^checkPublicSuffix\((null|'[^']*'), (null|'[^']*')\);$")
BUNDLED = Path(publicsuffixlist.PSLFILE).read_bytes()
_LINE_OF_BYTE_200 = BUNDLED.count(b"\n", 0, 200) + 1


def _psl_cases():
    for line in PSL_TESTS.read_text(encoding="utf-8").splitlines():
        if match := _CHECK.match(line.strip()):
            yield tuple(None if value == "null" else value[1:-1] for value in match.groups())


def _ascii(name):
    return name.lower().encode("idna").decode("ascii") if name and name[0] != "." else name


@pytest.fixture
def restore_bundled_list():
    yield
    use_suffix_list(bundled_list)


@pytest.fixture
def store(tmp_path, restore_bundled_list):
    return SuffixStore(tmp_path)


def test_the_test_file_is_read_whole():
    assert len(list(_psl_cases())) == 78


@pytest.mark.parametrize(("domain", "expected"), list(_psl_cases()))
def test_the_public_suffix_lists_own_cases_pass(domain, expected):
    assert bundled_list().registrable_domain(domain or "") == expected


@pytest.mark.parametrize(("domain", "expected"), [c for c in _psl_cases() if c[0]])
def test_the_cases_pass_for_canonical_hosts_too(domain, expected):
    assert registrable_domain(_ascii(domain)) == (_ascii(expected) or "")


@pytest.fixture(scope="module")
def operators_list(tmp_path_factory):
    store = SuffixStore(tmp_path_factory.mktemp("data"))
    store.install(BUNDLED)
    return store.load()


@pytest.mark.parametrize(("domain", "expected"), list(_psl_cases()))
def test_the_cases_pass_with_an_operators_list(operators_list, domain, expected):
    assert operators_list.facts.origin.startswith("operator's list")
    assert operators_list.registrable_domain(domain or "") == expected


@pytest.mark.parametrize("host", ["github.io", "uk.com", "co.uk", "blogspot.com", "com"])
def test_a_host_that_is_a_public_suffix_has_no_registrable_domain(host):
    assert registrable_domain(host) == ""


def test_the_bundled_list_says_which_list_it_is():
    facts = bundled_list().facts
    assert re.fullmatch(r"\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d_UTC", facts.version)
    assert facts.rules > 9000 and facts.size == len(BUNDLED) and len(facts.sha256) == 64


def _edited(old, new):
    assert old in BUNDLED
    return BUNDLED.replace(old, new, 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "BEGIN ICANN DOMAINS"),
        (b"<html>Not found</html>", "BEGIN ICANN DOMAINS"),
        (BUNDLED[: len(BUNDLED) // 2], "END ICANN DOMAINS"),  # a download cut short
        (BUNDLED[:200] + b"\xff" + BUNDLED[200:], f"line {_LINE_OF_BYTE_200} is not valid UTF-8"),
        (_edited(b"\ncom\n", b"\nco..m\n"), r"line \d+: 'co..m' is not a suffix rule"),
        (_edited(b"\nnet\n", b"\n*.!net\n"), r"'\*.!net' is not a suffix rule"),
        (_edited(b"\norg\n", b"\n// org\n"), "the ICANN section lacks org"),
    ],
)
def test_a_file_that_is_not_the_list_is_refused_with_the_reason(data, message):
    with pytest.raises(SuffixListInvalid, match=message):
        SuffixList(data, "offered")


def test_markers_out_of_order_are_refused():
    end_of_icann = b"// ===END ICANN DOMAINS===\n"
    moved = BUNDLED.replace(end_of_icann, b"", 1) + end_of_icann
    with pytest.raises(SuffixListInvalid, match="out of order"):
        SuffixList(moved, "offered")


def test_an_installed_list_is_used_in_preference_to_the_bundled_one(store):
    newer = _edited(b"\ngithub.io\n", b"\ngithub.io\nmeldpunt-test.example\n")
    store.install(newer)
    store.activate()
    assert registrable_domain("a.b.meldpunt-test.example") == "b.meldpunt-test.example"
    assert current_list().facts.origin.startswith("operator's list at")
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_a_new_suffix_makes_a_name_public(store):
    with pytest.raises(UrlRejected) as caught:
        normalise_url("https://shop.meldpunt-test/")
    assert caught.value.reason is Rejection.NOT_PUBLIC_NAME
    store.install(_edited(b"\ncom\n", b"\ncom\nmeldpunt-test\n"))
    store.activate()
    assert normalise_url("https://shop.meldpunt-test/").registrable_domain == "shop.meldpunt-test"


def test_a_refused_file_leaves_the_installed_list_untouched(store):
    store.install(BUNDLED)
    with pytest.raises(SuffixListInvalid):
        store.install(BUNDLED[:1000])
    assert store.path.read_bytes() == BUNDLED
    assert [p.name for p in store.path.parent.iterdir()] == [SuffixStore.FILENAME]


def test_a_damaged_file_in_the_data_directory_falls_back_to_the_bundled_list(store, caplog):
    store.path.write_bytes(BUNDLED[:1000])
    with caplog.at_level(logging.WARNING):
        loaded = store.load()
    assert loaded is bundled_list()
    assert "unusable" in caplog.text


def test_reset_goes_back_to_the_bundled_list(store):
    assert store.remove() is False
    store.install(BUNDLED)
    assert store.remove() is True
    assert store.load() is bundled_list()


def test_versions_compare_by_their_date():
    older = SuffixList(BUNDLED.replace(b"// VERSION: 2", b"// VERSION: 1", 1), "older")
    unversioned = SuffixList(re.sub(rb"// VERSION: \S+", b"", BUNDLED), "no version")
    assert bundled_list().is_newer_than(older) and not older.is_newer_than(bundled_list())
    assert not bundled_list().is_newer_than(unversioned)
