"""The directory in the admin: managers and administrators keep it; the API key is write-only."""

import pytest

from meldpunt.audit.models import AuditEvent
from meldpunt.directory.models import Organisation, PartnerHotline, PoliceUnit
from meldpunt.directory.services import api_key_of, outgoing_secret

pytestmark = pytest.mark.django_db

HOTLINES = "/admin/directory/partnerhotline/"
HOTLINE = {"name": "Point de Contact", "country": "fr", "email": "", "api_url": ""}


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_and_administrators_add_organisations(staff, role):
    client, user = staff(role)
    added = client.post("/admin/directory/policeunit/add/", {"name": "Team", "country": "nl"})
    assert added.status_code == 302, added.content.decode()[:3000]
    unit = PoliceUnit.objects.get()
    assert (unit.kind, unit.country) == ("police", "NL")
    event = AuditEvent.objects.get(action="admin.added")
    assert event.subject == f"directory.organisation:{unit.pk}"
    assert event.actor == f"staff:{user.pk}"


@pytest.mark.parametrize("role", ["analyst", "senior_analyst", "privacy_officer"])
def test_other_roles_may_not_open_the_directory(staff, role):
    client, _ = staff(role)
    assert client.get(HOTLINES).status_code in (302, 403)
    posted = client.post("/admin/directory/policeunit/add/", {"name": "T", "country": "NL"})
    assert posted.status_code in (302, 403) and not Organisation.objects.exists()


def test_a_manager_sees_only_the_directory_in_the_admin(staff):
    client, _ = staff("manager")
    index = client.get("/admin/").content.decode()
    assert "/admin/directory/hostingprovider/" in index
    assert "/admin/capture/" not in index and "/admin/lists/" not in index
    assert client.get("/admin/capture/capture/").status_code == 403


def test_the_hotline_api_key_is_taken_once_and_never_shown(staff):
    client, _ = staff("manager")
    key = "their-very-secret-key-4711"
    form = {**HOTLINE, "api_url": "https://pdc.example/api/v1/", "new_api_key": key}
    assert client.post(f"{HOTLINES}add/", form).status_code == 302
    hotline = PartnerHotline.objects.get()
    assert api_key_of(hotline, outgoing_secret()) == key and key not in hotline.api_key_locked
    change = client.get(f"{HOTLINES}{hotline.pk}/change/").content.decode()
    listing = client.get(HOTLINES).content.decode()
    assert key not in change and hotline.api_key_locked not in change and key not in listing
    kept = client.post(f"{HOTLINES}{hotline.pk}/change/", {**form, "new_api_key": ""})
    assert kept.status_code == 302
    hotline.refresh_from_db()
    assert api_key_of(hotline, outgoing_secret()) == key  # an empty field keeps the key held


def test_an_api_url_without_a_key_and_a_bad_country_are_refused(staff):
    client, _ = staff("manager")
    no_key = client.post(f"{HOTLINES}add/", {**HOTLINE, "api_url": "https://pdc.example/"})
    assert "A Meldpunt API URL needs the API key too." in no_key.content.decode()
    bad = client.post(f"{HOTLINES}add/", {**HOTLINE, "country": "XX"})
    assert "Give an ISO 3166-1 alpha-2 country code" in bad.content.decode()
    assert not Organisation.objects.exists()


def test_names_are_unique_per_kind_in_the_admin_too(staff):
    client, _ = staff("manager")
    assert client.post(f"{HOTLINES}add/", HOTLINE).status_code == 302
    again = client.post(f"{HOTLINES}add/", {**HOTLINE, "name": "POINT DE CONTACT"})
    assert "There already is one of this kind with this name." in again.content.decode()
    assert PartnerHotline.objects.count() == 1
    police = client.post("/admin/directory/policeunit/add/", {**HOTLINE, "email": ""})
    assert police.status_code == 302 and Organisation.objects.count() == 2
