"""A hash list imported after a capture still settles it: captures awaiting assessment are
matched against the new entries in a job after the import commits, and concluded again as at
capture time (negative lists suppress look-alikes; provenance and audit event alike)."""

import logging

import pytest

from meldpunt.audit.models import AuditEvent
from meldpunt.audit.services import Actor
from meldpunt.capture.models import Capture, MatchRecord
from meldpunt.cases.models import Verdict
from meldpunt.cases.queries import analyst_queue
from meldpunt.core.hashing.digests import digest_chunks
from meldpunt.core.hashing.pdq import pdq_exact
from meldpunt.core.hashlists.entries import Classification, ListKind
from meldpunt.core.hashlists.formats import FORMATS
from meldpunt.lists.index import KnownContentIndex
from meldpunt.lists.services import create_list, import_entries
from tests import factories
from tests.support.capture_photos import FRESH, OTHER
from tests.support.cases import case_state
from tests.support.parts import loopback_allowed
from tests.support.webserver import Route, local_site

pytestmark = pytest.mark.django_db(transaction=True)

AWAITING, SETTLED = "awaiting_assessment", "settled_by_match"
FRESH_PDQ = pdq_exact(FRESH).original.hex


@pytest.fixture
def captured():
    """FRESH and OTHER captured from a local site, both awaiting assessment."""
    with local_site() as site, loopback_allowed():
        site.routes.update({"/fresh.jpg": Route(FRESH), "/other.png": Route(OTHER)})
        factories.report(site.url("/fresh.jpg"), site.url("/other.png"))
        fresh = Capture.objects.get(item__url=site.url("/fresh.jpg"))
        other = Capture.objects.get(item__url=site.url("/other.png"))
        assert {case_state(fresh), case_state(other)} == {AWAITING}
        yield fresh, other


def listed(name: str, kind: ListKind, lines: str, list_format: str = "threatexchange"):
    classification = Classification.B1 if kind is ListKind.POSITIVE else None
    hash_list = create_list(name, kind, Actor.system(), classification=classification)
    import_entries(hash_list, FORMATS[list_format], lines.encode(), Actor.system())
    return hash_list


def state_of(capture: Capture) -> str:
    capture.refresh_from_db()
    return case_state(capture)


def test_a_list_imported_later_settles_the_capture_it_lists(captured):
    fresh, other = captured
    police = listed("police", ListKind.POSITIVE, f"pdq {FRESH_PDQ}\n")
    assert state_of(fresh) == SETTLED and fresh.settled_at is not None
    assert state_of(other) == AWAITING
    [match] = MatchRecord.objects.filter(capture=fresh)
    assert (match.hash_list_id, match.outcome, match.classification) == (police.pk, "stands", "B1")
    assert (match.hash_type, match.distance, match.variant) == ("pdq", 0, "original")
    event = AuditEvent.objects.filter(action="case.matched").get()
    assert (event.actor, event.subject) == ("system", f"intake.item:{fresh.item_id}")
    assert event.details == {
        "case": fresh.item.case.pk,
        "capture": fresh.pk,
        "matches": [match.pk],
        "because": "hash list changed",
    }
    [verdict] = Verdict.objects.filter(content=fresh.content)
    assert (verdict.jurisdiction, verdict.legality, verdict.source) == (
        "NL",
        "illegal",
        "list_match",
    )
    assert (verdict.baseline, verdict.classification) == ("no", "national")
    assert verdict.provenance["matches"][0]["match"] == match.pk
    assert [c.capture_id for c in analyst_queue()] == [other.pk]


def test_a_negative_list_suppresses_a_late_look_alike_but_not_the_same_bytes(captured):
    fresh, _ = captured
    listed("benign", ListKind.NEGATIVE, f"pdq {FRESH_PDQ}\n")
    listed("look-alike", ListKind.POSITIVE, f"pdq {FRESH_PDQ}\n")
    assert state_of(fresh) == AWAITING
    assert not AuditEvent.objects.filter(action="case.matched").exists()

    sha256 = digest_chunks([FRESH]).sha256
    listed("same-file", ListKind.POSITIVE, f"sha256,{sha256},\n", "csv")
    assert state_of(fresh) == SETTLED
    outcomes = {(m.list_name, m.outcome) for m in MatchRecord.objects.filter(capture=fresh)}
    assert outcomes == {
        ("same-file", "stands"),
        ("look-alike", "suppressed"),
        ("benign", "benign"),
    }


def test_only_the_new_entries_are_searched_in_the_background(captured, caplog):
    fresh, _ = captured
    police = listed("police", ListKind.POSITIVE, "".join(f"pdq {n:064x}\n" for n in range(1, 40)))
    caplog.set_level(logging.INFO, logger="meldpunt.capture.rematching")
    caplog.clear()
    import_entries(
        police,
        FORMATS["threatexchange"],
        f"pdq {FRESH_PDQ}\npdq {1:064x}\n".encode(),
        Actor.system(),
    )
    assert state_of(fresh) == SETTLED
    [line] = [r.getMessage() for r in caplog.records if "compared with" in r.getMessage()]
    assert "2 captures awaiting assessment compared with 1 new entries; 1 matched one" in line

    caplog.clear()
    import_entries(police, FORMATS["threatexchange"], f"pdq {FRESH_PDQ}\n".encode(), Actor.system())
    assert not [r for r in caplog.records if "compared with" in r.getMessage()]


class SlowWorkersIndex(KnownContentIndex):
    """A worker's index that still predates an import, until asked for a later revision."""

    def __init__(self, stale):
        super().__init__()
        self.stale = stale

    def known_content_at(self, progress=None, at_least=0):
        return self.stale if at_least == 0 else super().known_content_at(progress, at_least)


def test_a_capture_concluded_with_an_index_older_than_the_lists_is_matched_again():
    slow = SlowWorkersIndex(KnownContentIndex().known_content_at())
    listed("police", ListKind.POSITIVE, f"pdq {FRESH_PDQ}\n")
    with local_site() as site, loopback_allowed(known=slow):
        site.routes["/fresh.jpg"] = Route(FRESH)
        factories.report(site.url("/fresh.jpg"))
    fresh = Capture.objects.get(item__url=site.url("/fresh.jpg"))
    assert state_of(fresh) == SETTLED
    assert list(
        AuditEvent.objects.filter(subject=f"intake.item:{fresh.item_id}")
        .filter(action__in=["case.queued", "case.matched"])
        .order_by("seq")
        .values_list("action", flat=True)
    ) == ["case.queued", "case.matched"]
