"""An analyst rejects a list match that looks wrong; another senior analyst confirms it, and
the entry is excluded from its list: it matches nothing more, it is left out of exports, and
the cases it alone settled go back to the analyst queue. A declined rejection changes nothing.
"""

import io
import re

import pytest
from django.test import Client
from PIL import Image

from meldpunt.accounts.models import Role
from meldpunt.audit.models import AuditEvent
from meldpunt.audit.services import Actor
from meldpunt.capture.models import Capture, MatchRecord
from meldpunt.cases.models import Case, CaseEvent, Verdict
from meldpunt.cases.queries import analyst_queue
from meldpunt.core.hashing.digests import digest_chunks
from meldpunt.core.hashing.pdq import pdq_exact
from meldpunt.core.hashlists.entries import Classification, ListKind
from meldpunt.core.hashlists.formats import FORMATS
from meldpunt.lists.models import ListExclusion, ListsRevision, MatchRejection
from meldpunt.lists.services import create_list, export_entries, import_entries
from tests import factories
from tests.support.capture_photos import FRESH, LISTED
from tests.support.webserver import Route

pytestmark = pytest.mark.django_db(transaction=True)
SETTLED, AWAITING = "settled_by_match", "awaiting_assessment"
REASON = "a look-alike: different scene, same layout"


@pytest.fixture
def settled(local_site_reachable, police_list):
    """LISTED captured at an address: settled by its match on the police list."""
    local_site_reachable.routes.update({"/a.jpg": Route(LISTED), "/b.jpg": Route(FRESH)})
    factories.report(local_site_reachable.url("/a.jpg"), local_site_reachable.url("/b.jpg"))
    case = Case.objects.get(item__url=local_site_reachable.url("/a.jpg"))
    assert case.state == SETTLED
    return case


def signed_in(role: str = Role.ANALYST):
    client, user = Client(HTTP_ACCEPT_LANGUAGE="en"), factories.staff_user(role)
    client.force_login(user)
    return client, user


def standing(case: Case) -> MatchRecord:
    return MatchRecord.objects.get(capture=case.capture_id, outcome="stands")


def reject(client: Client, case: Case, reason: str = REASON):
    return client.post(
        "/staff/assess/matches/reject/", {"match": standing(case).pk, "reason": reason}
    )


def test_the_matches_page_shows_no_content_and_no_address_until_asked(
    settled, local_site_reachable
):
    client, _ = signed_in()
    page = client.get("/staff/assess/matches/")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    html = page.content.decode()
    assert "police" in html and "PDQ, distance 0" in html and f"#{settled.pk}" in html
    assert local_site_reachable.url("/a.jpg") not in html and "<img" not in html
    shown = client.get(f"/staff/assess/matches/?blurred={settled.content_id}").content.decode()
    [src] = re.findall(r'<img[^>]* src="([^"]+)"', shown)
    image = client.get(src)
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert (
        image["Cache-Control"] == "no-store"
        and "default-src 'none'" in image["Content-Security-Policy"]
    )
    assert Image.open(io.BytesIO(image.content)).mode == "L"
    waiting = Case.objects.get(state=AWAITING)
    assert (
        client.get(f"/staff/assess/matches/content/{waiting.content_id}/blurred/").status_code
        == 403
    )
    outsider, _ = signed_in(Role.MANAGER)
    assert outsider.get(src).status_code == 403
    assert outsider.get("/staff/assess/matches/").status_code == 403


def test_a_rejection_needs_a_short_reason_and_is_made_once(settled):
    client, analyst = signed_in()
    assert reject(client, settled, "  ").status_code == 302
    assert reject(client, settled, "x" * 501).status_code == 302
    assert not MatchRejection.objects.exists()
    assert reject(client, settled).status_code == 302
    assert reject(client, settled, "again").status_code == 302
    [rejection] = MatchRejection.objects.all()
    match = standing(settled)
    assert (rejection.state, rejection.reason, rejection.requested_by) == (
        "pending",
        REASON,
        analyst,
    )
    assert (rejection.entry_id, rejection.content_id, rejection.case_id) == (
        match.entry_id,
        settled.content_id,
        settled.pk,
    )
    [event] = AuditEvent.objects.filter(action="match.rejected")
    assert event.details == {
        "rejection": rejection.pk,
        "case": settled.pk,
        "match": match.pk,
        "list": match.hash_list_id,
        "entry": match.entry_id,
        "content": settled.content_id,
    }
    assert REASON not in str(list(AuditEvent.objects.values_list("details", flat=True)))
    assert (
        "Rejected: waiting for a senior analyst"
        in client.get("/staff/assess/matches/").content.decode()
    )


def test_a_confirmed_rejection_excludes_the_entry_and_reopens_the_case(
    settled, police_list, local_site_reachable
):
    requester, _ = signed_in(Role.SENIOR_ANALYST)
    reject(requester, settled)
    rejection = MatchRejection.objects.get()
    analyst, _ = signed_in()
    assert analyst.post(f"/staff/assess/rejections/{rejection.pk}/confirm/").status_code == 403
    requester.post(f"/staff/assess/rejections/{rejection.pk}/confirm/")
    rejection.refresh_from_db()
    assert rejection.state == "pending" and not ListExclusion.objects.exists()
    revision = ListsRevision.current()

    senior, other = signed_in(Role.SENIOR_ANALYST)
    page = senior.get("/staff/assess/rejections/").content.decode()
    assert REASON in page and f'data-rejection="{rejection.pk}"' in page
    assert senior.post(f"/staff/assess/rejections/{rejection.pk}/confirm/").status_code == 302
    rejection.refresh_from_db()
    assert (rejection.state, rejection.decided_by) == ("confirmed", other)
    assert ListExclusion.objects.get().entry_id == rejection.entry_id
    assert ListsRevision.current() > revision

    settled.refresh_from_db()
    assert settled.state == AWAITING and settled.queue_since is not None
    reopened = CaseEvent.objects.filter(case=settled, kind="reopened").get()
    assert reopened.details == {"rejection": rejection.pk}
    assert settled.pk in [case.pk for case in analyst_queue()]
    assert not Verdict.objects.filter(content=settled.content_id, source="list_match").exists()
    assert Capture.objects.get(pk=settled.capture_id).settled_at is None
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"match.rejected", "match.rejection_confirmed", "lists.entry_excluded"} <= actions
    assert "case.reopened" in actions

    data, _ = export_entries(police_list, FORMATS["threatexchange"])
    assert pdq_exact(LISTED).original.hex not in data.decode()

    local_site_reachable.routes["/again.jpg"] = Route(LISTED)
    factories.report(local_site_reachable.url("/again.jpg"))
    again = Case.objects.get(item__url=local_site_reachable.url("/again.jpg"))
    assert again.state == AWAITING
    assert not MatchRecord.objects.filter(capture=again.capture_id, outcome="stands").exists()


def test_a_case_another_list_still_matches_stays_settled_by_it(settled):
    sha256 = digest_chunks([LISTED]).sha256
    other = create_list(
        "partner", ListKind.POSITIVE, Actor.system(), classification=Classification.B1
    )
    import_entries(other, FORMATS["csv"], f"sha256,{sha256},\n".encode(), Actor.system())
    requester, _ = signed_in()
    reject(requester, settled)
    rejection = MatchRejection.objects.get()
    senior, _ = signed_in(Role.SENIOR_ANALYST)
    senior.post(f"/staff/assess/rejections/{rejection.pk}/confirm/")
    settled.refresh_from_db()
    assert settled.state == SETTLED
    assert not CaseEvent.objects.filter(case=settled, kind="reopened").exists()
    [match] = MatchRecord.objects.filter(capture=settled.capture_id, outcome="stands")
    assert match.hash_list_id == other.pk
    lists = {
        m["list"]
        for verdict in Verdict.objects.filter(content=settled.content_id)
        for m in verdict.provenance["matches"]
    }
    assert lists == {"partner"}


def test_a_declined_rejection_changes_nothing_but_its_state(settled):
    requester, _ = signed_in()
    reject(requester, settled)
    rejection = MatchRejection.objects.get()
    verdicts = list(Verdict.objects.values_list("pk", "provenance"))
    revision = ListsRevision.current()
    senior, other = signed_in(Role.SENIOR_ANALYST)
    assert senior.post(f"/staff/assess/rejections/{rejection.pk}/decline/").status_code == 302
    rejection.refresh_from_db()
    settled.refresh_from_db()
    assert (rejection.state, rejection.decided_by, settled.state) == ("declined", other, SETTLED)
    assert list(Verdict.objects.values_list("pk", "provenance")) == verdicts
    assert ListsRevision.current() == revision and not ListExclusion.objects.exists()
    assert AuditEvent.objects.filter(action="match.rejection_declined").count() == 1
    assert senior.post(f"/staff/assess/rejections/{rejection.pk}/confirm/").status_code == 302
    assert not ListExclusion.objects.exists()
