"""Only the privacy officer opens sealed contacts, with a reason, and it is audited."""

import pytest

from meldpunt.audit.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_with_contact():
    return factories.report("https://example.com/1.jpg", contact="reporter@example.org")


def test_privacy_officer_opens_a_contact_with_a_reason(staff, report_with_contact):
    client, user = staff("privacy_officer")
    listing = client.get("/staff/privacy/contacts/").content.decode()
    assert report_with_contact.receipt_code in listing
    assert "reporter@example.org" not in listing
    response = client.post(
        f"/staff/privacy/contacts/{report_with_contact.receipt_code}/open/",
        {"reason": "Reporter asked for feedback by phone"},
    )
    assert response.status_code == 200
    assert "reporter@example.org" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="contact.unsealed")
    assert event.actor == f"staff:{user.pk}"
    assert event.subject == f"intake.report:{report_with_contact.pk}"
    assert "reporter@example.org" not in repr(event.details)


def test_opening_without_a_reason_is_refused(staff, report_with_contact):
    client, _ = staff("privacy_officer")
    response = client.post(
        f"/staff/privacy/contacts/{report_with_contact.receipt_code}/open/", {"reason": ""}
    )
    assert response.status_code == 400
    assert "reporter@example.org" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="contact.unsealed").exists()


@pytest.mark.parametrize("role", ["analyst", "senior_analyst", "manager", "admin"])
def test_other_roles_cannot_open_contacts(staff, report_with_contact, role):
    client, _ = staff(role)
    assert client.get("/staff/privacy/contacts/").status_code == 403
    response = client.post(
        f"/staff/privacy/contacts/{report_with_contact.receipt_code}/open/",
        {"reason": "I would like to see it please"},
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="contact.unsealed").exists()


def test_opening_by_get_is_not_allowed(staff, report_with_contact):
    client, _ = staff("privacy_officer")
    response = client.get(f"/staff/privacy/contacts/{report_with_contact.receipt_code}/open/")
    assert response.status_code == 405
