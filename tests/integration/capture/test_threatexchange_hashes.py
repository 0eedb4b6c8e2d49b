"""A partner's list made with python-threatexchange (or HMA) matches captured GIFs: Meldpunt
also hashes palette and CMYK images the way python-threatexchange does."""

import json

import pytest
from click.testing import CliRunner

from meldpunt.audit.services import Actor
from meldpunt.capture.models import Capture, MatchRecord
from meldpunt.cli.main import cli
from meldpunt.core.hashlists.entries import Classification, ListKind
from meldpunt.core.hashlists.formats import FORMATS
from meldpunt.lists.services import create_list, import_entries
from tests import factories
from tests.support.cases import case_state
from tests.support.imagesets import sample, saved
from tests.support.threatexchange import pdq_from_bytes
from tests.support.webserver import Route

pytestmark = pytest.mark.django_db(transaction=True)


LISTED, UNLISTED = (
    saved(sample(name).convert("RGB"), "GIF") for name in ("astronaut.png", "coffee.png")
)


@pytest.fixture
def partner_list():
    """A list holding python-threatexchange's own PDQ of LISTED, as a partner would send it."""
    hash_list = create_list(
        "partner", ListKind.POSITIVE, Actor.system(), classification=Classification.A1
    )
    line = f"pdq {pdq_from_bytes(LISTED)[0]}\n".encode()
    import_entries(hash_list, FORMATS["threatexchange"], line, Actor.system())
    return hash_list


@pytest.fixture
def site(local_site_reachable):
    gif = {"Content-Type": "image/gif"}
    routes = {
        "/listed.gif": Route(LISTED, headers=gif),
        "/unlisted.gif": Route(UNLISTED, headers=gif),
    }
    local_site_reachable.routes.update(routes)
    return local_site_reachable


def test_a_captured_gif_matches_python_threatexchanges_hash_of_it(site, partner_list):
    factories.report(site.url("/listed.gif"), site.url("/unlisted.gif"))
    listed = Capture.objects.get(item__url=site.url("/listed.gif"))
    unlisted = Capture.objects.get(item__url=site.url("/unlisted.gif"))
    assert case_state(listed) == "settled_by_match"
    [match] = MatchRecord.objects.filter(capture=listed)
    assert (match.list_name, match.distance, match.variant) == ("partner", 0, "threatexchange")
    assert case_state(unlisted) == "awaiting_assessment"
    assert unlisted.pdq_threatexchange["pdq"] == pdq_from_bytes(UNLISTED)[0]


def test_meldpunt_match_says_how_a_gif_matched(tmp_path, partner_list):
    (tmp_path / "listed.gif").write_bytes(LISTED)
    result = CliRunner().invoke(cli, ["match", "--json", str(tmp_path / "listed.gif")])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output.strip().splitlines()[-1])
    assert found["known"] and found["matches"][0]["variant"] == "threatexchange"
    result = CliRunner().invoke(cli, ["match", str(tmp_path / "listed.gif")])
    assert "pdq distance 0, as python-threatexchange hashes this palette or CMYK image" in (
        result.output
    )


def test_a_partner_list_imported_later_settles_a_waiting_gif_by_that_hash(site):
    factories.report(site.url("/listed.gif"))
    waiting = Capture.objects.get(item__url=site.url("/listed.gif"))
    assert case_state(waiting) == "awaiting_assessment"

    hash_list = create_list(
        "late", ListKind.POSITIVE, Actor.system(), classification=Classification.A1
    )
    line = f"pdq {pdq_from_bytes(LISTED)[0]}\n".encode()
    import_entries(hash_list, FORMATS["threatexchange"], line, Actor.system())

    waiting.refresh_from_db()
    assert case_state(waiting) == "settled_by_match"
    [match] = MatchRecord.objects.filter(capture=waiting)
    assert (match.list_name, match.variant) == ("late", "threatexchange")
