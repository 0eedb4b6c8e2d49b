"""Joining addresses to items in bulk: counts per item, and a race with another report."""

import pytest

from meldpunt.audit.services import Actor
from meldpunt.core.reports import DraftUrl, Medium, ReportDraft
from meldpunt.core.urls import normalise_url
from meldpunt.intake import joining
from meldpunt.intake.models import Channel, Item, Report, ReportedUrl
from meldpunt.intake.services import take_reports
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def draft(*urls: str) -> ReportDraft:
    return ReportDraft(
        urls=tuple(DraftUrl(n, normalise_url(u)) for n, u in enumerate(urls, 1)),
        medium=Medium.IMAGE,
    )


def take(*drafts: ReportDraft):
    return take_reports(drafts, channel=Channel.CSV, actor=Actor.system())


def test_each_item_counts_every_report_that_names_it(jobs):
    factories.report("https://a.example.com/old.jpg")
    taken = take(
        draft("https://a.example.com/old.jpg", "https://a.example.com/new.jpg"),
        draft("https://a.example.com/new.jpg", "https://A.example.com/new.jpg/"),
        draft("https://a.example.com/old.jpg"),
    )
    assert (taken.new_items, taken.joined_existing) == (1, 3)
    counts = dict(Item.objects.values_list("url", "report_count"))
    assert counts == {"https://a.example.com/old.jpg": 3, "https://a.example.com/new.jpg": 2}
    assert ReportedUrl.objects.count() == 5  # the second report names new.jpg once


def test_an_item_another_report_created_meanwhile_is_joined_not_doubled(jobs, monkeypatch):
    factories.report("https://a.example.com/raced.jpg")
    real, calls = joining._existing, []

    def as_if_not_there_yet(keys):  # the first look-up ran before the other report committed
        calls.append(keys)
        found = real(keys)
        return {} if len(calls) == 1 else found

    monkeypatch.setattr(joining, "_existing", as_if_not_there_yet)
    taken = take(draft("https://a.example.com/raced.jpg", "https://a.example.com/mine.jpg"))
    assert len(calls) == 2 and (taken.new_items, taken.joined_existing) == (1, 1)
    counts = dict(Item.objects.values_list("url", "report_count"))
    assert counts == {"https://a.example.com/raced.jpg": 2, "https://a.example.com/mine.jpg": 1}


def test_receipt_codes_already_given_are_drawn_again(jobs, monkeypatch):
    first = factories.report("https://a.example.com/1.jpg").receipt_code
    drawn = iter([first, "MP-AAAA-AAAA-AAAA", "MP-AAAA-AAAA-AAAA", first, "MP-BBBB-BBBB-BBBB"])
    monkeypatch.setattr("meldpunt.intake.services.new_receipt_code", lambda: next(drawn))
    taken = take(draft("https://a.example.com/2.jpg"), draft("https://a.example.com/3.jpg"))
    codes = set(
        Report.objects.filter(pk__in=taken.report_ids).values_list("receipt_code", flat=True)
    )
    assert codes == {"MP-AAAA-AAAA-AAAA", "MP-BBBB-BBBB-BBBB"}
