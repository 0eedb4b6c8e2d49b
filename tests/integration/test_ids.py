"""Ids in addresses and forms that no record can have (too large for the database's 64-bit
keys, negative, not a number) get the calm answer for a missing record, never a 500."""

import pytest

from meldpunt.cases.queries import cases_named
from meldpunt.ids import LARGEST_ID, parse_id

pytestmark = pytest.mark.django_db

NO_IDS = ["99999999999999999999", str(LARGEST_ID + 1), "-1", "0", "abc", "٣", "1.5"]
# Each address that takes an id, whom it is for, and its answer for an id nobody has.
ADDRESSES = [
    ("get", "/staff/groups/{}/", "senior_analyst", 404),
    ("post", "/staff/groups/{}/split/", "senior_analyst", 302),
    ("get", "/staff/assess/content/{}/blurred/", "analyst", 403),
    ("get", "/staff/assess/matches/content/{}/blurred/", "analyst", 403),
    ("post", "/staff/assess/rejections/{}/confirm/", "senior_analyst", 302),
    ("post", "/staff/assess/rejections/{}/decline/", "senior_analyst", 302),
    ("get", "/staff/people/{}/", "admin", 404),
    ("post", "/staff/people/{}/disable/", "admin", 404),
]


def test_only_ascii_numbers_from_one_to_the_largest_key_are_ids():
    assert [parse_id(text) for text in NO_IDS] == [None] * len(NO_IDS)
    assert (parse_id("1"), parse_id("007"), parse_id(str(LARGEST_ID))) == (1, 7, LARGEST_ID)


@pytest.mark.parametrize(("method", "address", "role", "missing"), ADDRESSES)
def test_an_address_with_no_possible_id_is_not_found(staff, method, address, role, missing):
    client, _ = staff(role)
    for text in NO_IDS:
        assert getattr(client, method)(address.format(text)).status_code == 404, text
    assert getattr(client, method)(address.format(LARGEST_ID)).status_code == missing


def test_a_reveal_of_no_possible_content_is_refused_on_the_page(staff):
    client, _ = staff("analyst")
    for text in [*NO_IDS, ""]:
        data = {"content": text, "step": "colour"}
        page = client.post("/staff/assess/reveal/", data, follow=True)
        assert page.status_code == 200, text
        assert "That reveal is not possible. Choose a step on the page." in page.content.decode()


def test_a_rejection_of_no_possible_match_asks_for_one_on_the_page(staff):
    client, _ = staff("analyst")
    for text in [*NO_IDS, ""]:
        data = {"match": text, "reason": "a look-alike"}
        page = client.post("/staff/assess/matches/reject/", data, follow=True)
        assert page.status_code == 200, text
        assert "Choose a match on the page." in page.content.decode()


def test_asking_to_see_no_possible_content_blurred_shows_the_lists_as_usual(staff):
    analyst, _ = staff("analyst")
    senior, _ = staff("senior_analyst")
    for text in NO_IDS:
        assert analyst.get("/staff/assess/matches/", {"blurred": text}).status_code == 200
        assert senior.get("/staff/assess/rejections/", {"blurred": text}).status_code == 200


def test_a_retry_of_no_possible_item_says_there_is_none(staff):
    client, _ = staff("analyst")
    for text in NO_IDS:
        page = client.post("/staff/capture/failed/retry/", {"item": text}, follow=True)
        assert page.status_code == 200 and "There is no item #" in page.content.decode()


def test_no_possible_item_number_names_no_case():
    for text in ["99999999999999999999", f"#{LARGEST_ID + 1}", str(LARGEST_ID)]:
        assert cases_named(text) == []
