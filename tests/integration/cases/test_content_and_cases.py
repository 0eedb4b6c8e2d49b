"""Cases, content identity, near-copy groups, re-checks and list verdicts, end to end in
process: a real server on 127.0.0.1 and immediate jobs."""

import json

import pytest
from click.testing import CliRunner

from meldpunt.audit.models import AuditEvent
from meldpunt.audit.services import Actor
from meldpunt.bootstrap import parts
from meldpunt.capture.models import Capture
from meldpunt.cases.models import Case, CaseEvent, Content
from meldpunt.cases.rechecks import RecheckRefused, recheck
from meldpunt.cli.main import cli
from meldpunt.core.hashing.pdq import pdq_exact
from meldpunt.core.hosting.sources import CidrRow
from meldpunt.intake.models import Item
from tests import factories
from tests.support.capture_photos import COPY, FRESH, LISTED, OTHER
from tests.support.parts import FakeJobs, TableHosting, wired
from tests.support.webserver import Route

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(local_site_reachable):
    local_site_reachable.routes.update(
        {
            "/a.jpg": Route(FRESH),
            "/b.jpg": Route(FRESH),
            "/c.jpg": Route(FRESH),
            "/listed.jpg": Route(LISTED),
            "/copy.jpg": Route(COPY),
            "/other.png": Route(OTHER),
        }
    )
    return local_site_reachable


def case_of(url: str) -> Case:
    return Case.objects.select_related("content", "content__group").get(item__url=url)


def timeline(case: Case) -> list[str]:
    return list(case.events.order_by("at", "pk").values_list("kind", flat=True))


def stored_objects(settings) -> int:
    return sum(1 for p in settings.MELDPUNT_CONTENT_DIR.rglob("*") if p.is_file())


def test_the_same_image_at_three_addresses_is_three_cases_and_one_content(site):
    factories.report(site.url("/a.jpg"), site.url("/b.jpg"))
    factories.report(site.url("/c.jpg"))
    cases = [case_of(site.url(p)) for p in ("/a.jpg", "/b.jpg", "/c.jpg")]
    assert len({c.pk for c in cases}) == 3
    [content] = Content.objects.all()
    assert {c.content_id for c in cases} == {content.pk}
    assert Capture.objects.filter(content=content).count() == 3
    assert content.pdq_quality >= 50 and len(content.pdq_variants) == 8
    for case in cases:
        assert case.state == "awaiting_assessment"
        assert timeline(case) == ["received", "captured", "queued"]
    received = CaseEvent.objects.filter(kind="received", case=cases[0]).get()
    assert received.details == {"channel": "web"} and received.actor == "public"


def test_a_resized_copy_joins_the_group_of_its_original(site):
    factories.report(site.url("/listed.jpg"))
    factories.report(site.url("/copy.jpg"), site.url("/other.png"))
    original, copy = case_of(site.url("/listed.jpg")), case_of(site.url("/copy.jpg"))
    other = case_of(site.url("/other.png"))
    assert original.content_id != copy.content_id
    assert original.content.group_id == copy.content.group_id is not None
    group = copy.content.group
    distance = pdq_exact(LISTED).original.distance(pdq_exact(COPY).original)
    assert group.size == 2 and 0 < group.spread <= distance
    assert other.content.group_id != group.pk and other.content.group.size == 1


def test_a_listed_image_at_a_new_address_is_settled_with_verdicts_and_no_person(site, police_list):
    factories.report(site.url("/copy.jpg"))
    case = case_of(site.url("/copy.jpg"))
    assert case.state == "settled_by_match"
    assert timeline(case) == ["received", "captured", "matched"]
    [verdict] = case.content.verdicts.all()
    assert (verdict.jurisdiction, verdict.legality, verdict.source) == (
        "NL",
        "illegal",
        "list_match",
    )
    assert (verdict.baseline, verdict.classification) == ("yes", "baseline")
    assert verdict.rule_version == "list-classification/1" and verdict.decided_by == "system"
    [match] = verdict.provenance["matches"]
    assert (match["list"], match["classification"], match["hash"]) == ("police", "A1", "pdq")
    audited = AuditEvent.objects.filter(subject=f"intake.item:{case.item_id}")
    actions = list(audited.filter(action__startswith="case.").values_list("action", flat=True))
    assert actions == ["case.captured", "case.matched"]


def test_a_recheck_is_a_second_capture_and_unchanged_bytes_are_not_stored_again(site, settings):
    factories.report(site.url("/a.jpg"))
    first = Capture.objects.get(item__url=site.url("/a.jpg"))
    objects = stored_objects(settings)
    queued = recheck([first.item_id], Actor.system())
    second = Capture.objects.get(pk=queued[first.item_id])
    assert second.purpose == "recheck" and second.state == "concluded"
    assert second.content_id == first.content_id
    assert (second.content_object, second.thumbnail_object) == (
        first.content_object,
        first.thumbnail_object,
    )
    assert stored_objects(settings) == objects
    case = case_of(site.url("/a.jpg"))
    assert case.capture_id == second.pk and case.state == "awaiting_assessment"
    event = case.events.get(kind="rechecked")
    assert event.details["online"] is True and event.details["changed"] is False

    site.routes["/a.jpg"] = Route(OTHER)
    third = Capture.objects.get(pk=recheck([first.item_id], Actor.system())[first.item_id])
    assert third.content_id != first.content_id and stored_objects(settings) > objects
    changed = case.events.filter(kind="rechecked").order_by("pk").last()
    assert changed.details["changed"] is True

    del site.routes["/a.jpg"]
    gone = Capture.objects.get(pk=recheck([first.item_id], Actor.system())[first.item_id])
    assert gone.state == "failed_final"
    offline = case.events.filter(kind="rechecked").order_by("pk").last()
    assert offline.details["online"] is False and "404" in offline.details["problem"]
    assert Capture.objects.filter(item=first.item_id).count() == 4


def test_a_recheck_of_an_unknown_or_uncaptured_item_is_refused_and_queues_nothing(monkeypatch):
    with wired(jobs=FakeJobs()):
        factories.report("https://a.example.com/x.jpg")
    item = Item.objects.get()
    with pytest.raises(RecheckRefused, match=f"item {item.pk} has not been captured yet"):
        recheck([item.pk, 999999], Actor.system())
    assert Capture.objects.count() == 1


def test_a_hosting_change_between_two_traces_is_on_the_timeline(site):
    hosting = TableHosting(parts().resolver, [CidrRow("127.0.0.0/8", "NL", 64500, "First Host")])
    with wired(hosting=hosting):
        factories.report(site.url("/a.jpg"))
        case = case_of(site.url("/a.jpg"))
        hosting.rows = [CidrRow("127.0.0.0/8", "DE", 64500, "Second Host")]
        recheck([case.item_id], Actor.system())
    moved = case.events.get(kind="moved")
    assert moved.details["changed"] == ["country", "provider"]
    assert (moved.details["from"]["country"], moved.details["to"]["country"]) == ("NL", "DE")
    case.refresh_from_db()
    assert case.hosting.country == "DE" and case.hosting.capture_id == moved.capture_id
    assert AuditEvent.objects.filter(action="case.moved").count() == 1


def test_case_show_prints_state_content_verdicts_hosting_and_timeline(site, police_list):
    report = factories.report(site.url("/copy.jpg"), site.url("/a.jpg"))
    case = case_of(site.url("/copy.jpg"))
    shown = CliRunner().invoke(cli, ["case", "show", f"#{case.item_id}"])
    assert shown.exit_code == 0, shown.output
    assert "settled by match" in shown.output and "NL: illegal" in shown.output
    assert "matched" in shown.output and case.content.sha256 in shown.output
    as_json = CliRunner().invoke(cli, ["case", "show", report.receipt_code, "--json"])
    found = json.loads(as_json.output)
    assert [f["item"] for f in found] == sorted(f["item"] for f in found) and len(found) == 2
    mine = next(f for f in found if f["item"] == case.item_id)
    assert mine["verdicts"][0]["source"] == "list_match"
    assert [e["event"] for e in mine["timeline"]] == ["received", "captured", "matched"]
    assert mine["hosting"][0]["current"] is True and mine["content"]["group"]["size"] == 1
    missing = CliRunner().invoke(cli, ["case", "show", "NOPE-0000"])
    assert missing.exit_code == 1 and "No item or receipt code" in missing.output
