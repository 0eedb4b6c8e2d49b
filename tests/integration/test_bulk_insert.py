"""Many rows inserted in few statements: values of every kind arrive intact, defaults are the
model's, and each row's new key comes back by the value that tells it apart."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, transaction

from meldpunt.bulk_insert import insert_rows
from meldpunt.capture.models import Capture
from meldpunt.intake.models import Item, Report

pytestmark = pytest.mark.django_db


def item_row(n: int) -> dict[str, object]:
    return {
        "url": f"https://a.example.com/{n}.jpg?q='\"; DROP TABLE x",
        "dedup_key": f"{n:064x}",
        "host": "a.example.com",
        "registrable_domain": "example.com",
        "medium": "image",
        "last_reported_at": datetime(2026, 11, 25, 9, 30, n, 123456, tzinfo=UTC),
    }


def test_rows_arrive_intact_and_keys_come_back_by_value():
    created = insert_rows(Item, [item_row(n) for n in range(5)], key="dedup_key")
    for n in range(5):
        item = Item.objects.get(pk=created[f"{n:064x}"])
        assert item.url == item_row(n)["url"] and item.last_reported_at.second == n
        assert item.last_reported_at.microsecond == 123456
        assert item.report_count == 0 and item.first_reported_at is not None


def test_left_out_fields_take_the_models_defaults():
    items = insert_rows(Item, [item_row(n) for n in range(2)], key="dedup_key")
    captures = insert_rows(Capture, [{"item": pk} for pk in items.values()], key="item")
    assert set(captures) == set(items.values())
    capture = Capture.objects.get(pk=captures[items[f"{0:064x}"]])
    assert (capture.state, capture.attempts, capture.frames, capture.pdq_variants) == (
        "queued",
        0,
        [],
        [],
    )
    assert capture.created_at is not None and capture.lease_until is None


def test_binary_and_null_values_and_many_statements(monkeypatch):
    monkeypatch.setattr("meldpunt.bulk_insert.MAX_PARAMETERS", 30)  # a few rows a statement
    rows = [
        {
            "receipt_code": f"MP-{n:04d}",
            "channel": "csv",
            "partner": None,
            "medium": "image",
            "sealed_contact": bytes([0, n, 255]) if n % 2 else None,
        }
        for n in range(25)
    ]
    created = insert_rows(Report, rows, key="receipt_code")
    assert len(created) == 25
    odd, even = (
        Report.objects.get(receipt_code="MP-0007"),
        Report.objects.get(pk=created["MP-0008"]),
    )
    assert bytes(odd.sealed_contact) == bytes([0, 7, 255]) and even.sealed_contact is None


def test_skipping_existing_rows_inserts_and_returns_only_the_new_ones():
    first = insert_rows(Item, [item_row(n) for n in range(3)], key="dedup_key")
    later = [{**item_row(n), "host": "b.example.com"} for n in range(1, 5)]
    again = insert_rows(Item, later, key="dedup_key", skip_existing=True)
    assert set(again) == {f"{n:064x}" for n in (3, 4)}
    assert not set(again.values()) & set(first.values())
    assert Item.objects.count() == 5
    assert Item.objects.get(pk=first[f"{1:064x}"]).host == "a.example.com"  # left as it was
    assert Item.objects.get(pk=again[f"{4:064x}"]).host == "b.example.com"


def test_rows_that_exist_are_refused_without_skipping():
    insert_rows(Item, [item_row(0)])
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Item, [item_row(0), item_row(1)])
    assert Item.objects.count() == 1  # nothing half-written


def test_rows_setting_different_fields_are_refused():
    with pytest.raises(ValueError, match="same fields"):
        insert_rows(Item, [item_row(1), {**item_row(2), "report_count": 3}])
    assert not Item.objects.exists()


def test_names_without_a_column_of_their_own_are_refused_by_name():
    with pytest.raises(ValueError, match=r"Item\.reports is not a column"):  # many-to-many
        insert_rows(Item, [{**item_row(1), "reports": []}])
    with pytest.raises(ValueError, match=r"Item\.reported_urls is not a column"):  # reverse side
        insert_rows(Item, [{**item_row(1), "reported_urls": []}], key="reported_urls")
    assert not Item.objects.exists()
