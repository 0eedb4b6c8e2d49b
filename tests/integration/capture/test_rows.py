"""Many captures changed in one statement: values of every kind arrive intact, and only rows
that meet the condition change."""

from datetime import UTC, datetime

import pytest

from meldpunt.capture.models import Capture
from meldpunt.capture.rows import update_from_values
from meldpunt.intake.models import Item
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def captures(jobs):
    factories.report(*(f"https://a.example.com/{n}.jpg" for n in range(3)))
    rows = list(Capture.objects.order_by("pk"))
    Capture.objects.filter(pk__in=[c.pk for c in rows]).update(lease_token="mine")
    return rows


def test_each_row_gets_its_own_values_of_every_kind(captures):
    moment = datetime(2026, 11, 25, 9, 30, 15, 123456, tzinfo=UTC)
    changes = [
        (
            c.pk,
            {
                "state": "hashed",
                "fetched_at": moment,
                "served_from": address,
                "frames": [{"t": n / 2, "pdq": "ab" * 32, "q": 100}],
                "pdq_quality": None if n == 0 else 90 + n,
                "seen_before": n == 1,
                "final_url": f"https://a.example.com/{n}.jpg?x='\"; DROP TABLE x",
            },
        )
        for n, (c, address) in enumerate(
            zip(captures, ["192.0.2.1", "2001:db8::1", None], strict=True)
        )
    ]
    assert update_from_values(Capture, changes, {"lease_token": "mine"}) == 3
    got = {c.pk: c for c in Capture.objects.all()}
    for pk, values in changes:
        for name, value in values.items():
            assert getattr(got[pk], name) == value, name


def test_rows_failing_the_condition_are_left_alone(captures):
    Capture.objects.filter(pk=captures[1].pk).update(lease_token="someone else's")
    changes = [(c.pk, {"state": "fetched", "error": ""}) for c in captures]
    assert update_from_values(Capture, changes, {"lease_token": "mine"}) == 2
    assert Capture.objects.get(pk=captures[1].pk).state == "queued"


def test_changes_must_name_the_same_fields(captures):
    with pytest.raises(ValueError, match="same fields"):
        update_from_values(
            Capture, [(captures[0].pk, {"state": "x"}), (captures[1].pk, {"error": "y"})], {}
        )


def test_names_without_a_column_of_their_own_are_refused_by_name(captures):
    item = captures[0].item_id
    with pytest.raises(ValueError, match=r"Item\.reports is not a column"):  # many-to-many
        update_from_values(Item, [(item, {"reports": []})], {})
    with pytest.raises(ValueError, match=r"Item\.reported_urls is not a column"):  # reverse side
        update_from_values(Item, [(item, {"report_count": 5})], {"reported_urls": 1})
    assert Item.objects.get(pk=item).report_count == 1


def test_more_changes_than_one_statement_takes_go_in_several(captures, monkeypatch):
    monkeypatch.setattr("meldpunt.capture.rows.MAX_PARAMETERS", 7)  # two rows a statement
    changes = [(c.pk, {"state": "hashed", "error": f"e{c.pk}"}) for c in captures]
    assert update_from_values(Capture, changes, {"lease_token": "mine"}) == 3
    assert {(c.state, c.error) for c in Capture.objects.all()} == {
        ("hashed", f"e{c.pk}") for c in captures
    }
