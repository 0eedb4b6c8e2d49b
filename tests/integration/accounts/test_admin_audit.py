"""The Django admin: every change lands in the audit trail; no MFA secret is on any page."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin

from meldpunt.audit.admin_changes import AuditedAdmin
from meldpunt.audit.models import AuditEvent
from meldpunt.directory.models import ApiClient, HostingProvider
from meldpunt.lists.models import HashList
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_admin_page_is_audited():
    unaudited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedAdmin)
    ]
    assert unaudited == []


def test_no_admin_page_shows_a_totp_secret(staff):
    client, _admin_user = staff("admin")
    officer = factories.staff_user(role="privacy_officer")
    secret = Authenticator.objects.get(user=officer, type="totp").data["secret"]
    assert Authenticator not in admin.site._registry
    index = client.get("/admin/").content.decode()
    for model_admin in admin.site._registry.values():
        opts = model_admin.model._meta
        page = client.get(f"/admin/{opts.app_label}/{opts.model_name}/")
        assert secret not in page.content.decode()
    assert secret not in index
    assert client.get("/admin/mfa/authenticator/").status_code == 404


def test_adding_changing_and_deleting_in_the_admin_is_audited(staff):
    client, admin_user = staff("admin")
    url = "/admin/directory/hostingprovider/"
    form = {"name": "Example Hosting", "country": "NL", "asns": "64500", "email": "a@example.net"}
    added = client.post(f"{url}add/", form)
    assert added.status_code == 302, added.content.decode()[:2000]
    provider = HostingProvider.objects.get()
    client.post(
        f"{url}{provider.pk}/change/",
        {**form, "name": "Example Hosting BV"},
    )
    client.post(f"{url}{provider.pk}/delete/", {"post": "yes"})
    actions = list(
        AuditEvent.objects.filter(subject=f"directory.organisation:{provider.pk}").values_list(
            "action", "actor"
        )
    )
    actor = f"staff:{admin_user.pk}"
    assert actions == [("admin.added", actor), ("admin.changed", actor), ("admin.deleted", actor)]
    changed = AuditEvent.objects.get(action="admin.changed")
    assert changed.details == {"fields": ["Name"]}
    assert "Example Hosting BV" not in str(changed.details)  # names of fields, never values


def test_the_bulk_delete_action_is_audited_per_object(staff):
    client, _ = staff("admin")
    first, _ = factories.partner("First")
    second, _ = factories.partner("Second")
    client.post(
        "/admin/directory/apiclient/",
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert ApiClient.objects.count() == 0
    deleted = AuditEvent.objects.filter(action="admin.deleted").values_list("subject", flat=True)
    assert sorted(deleted) == sorted(
        [f"directory.apiclient:{first.pk}", f"directory.apiclient:{second.pk}"]
    )


def test_lists_cannot_be_made_or_edited_in_the_admin_but_deleting_goes_through_the_service(staff):
    from meldpunt.audit.services import Actor
    from meldpunt.lists.models import ListKind
    from meldpunt.lists.services import create_list

    client, _ = staff("admin")
    assert client.get("/admin/lists/hashlist/add/").status_code == 403
    hash_list = create_list("Benign set", ListKind.NEGATIVE, Actor.system())
    page = client.get(f"/admin/lists/hashlist/{hash_list.pk}/change/").content.decode()
    assert 'name="threshold"' not in page  # shown, not editable
    client.post(f"/admin/lists/hashlist/{hash_list.pk}/delete/", {"post": "yes"})
    assert not HashList.objects.exists()
    assert AuditEvent.objects.filter(action="lists.deleted").count() == 1


def test_captures_cannot_be_added_changed_or_deleted_in_the_admin(jobs, staff):
    from meldpunt.capture.models import Capture

    factories.report("https://example.com/kept.jpg")
    capture = Capture.objects.get()
    client, _ = staff("admin")
    assert client.get("/admin/capture/capture/add/").status_code == 403
    assert (
        client.post(f"/admin/capture/capture/{capture.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    client.post(
        "/admin/capture/capture/",
        {"action": "delete_selected", "_selected_action": [capture.pk], "post": "yes"},
    )
    page = client.get(f"/admin/capture/capture/{capture.pk}/change/").content.decode()
    assert 'name="state"' not in page
    assert Capture.objects.filter(pk=capture.pk).exists()


def test_the_capture_admin_retries_failed_captures_through_the_service(jobs, staff):
    from meldpunt.capture.models import Capture
    from meldpunt.capture.states import CaptureState

    failed, _ = (factories.report(f"https://example.com/{n}.jpg") for n in (1, 2))
    Capture.objects.filter(item__reports=failed).update(
        state=CaptureState.FAILED_FINAL, error="the connection failed", attempts=5
    )
    client, admin_user = staff("admin")
    response = client.post(
        "/admin/capture/capture/",
        {
            "action": "retry_failed",
            "_selected_action": list(Capture.objects.values_list("pk", flat=True)),
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "1 of 2 selected captures are queued" in response.content.decode()
    retried = Capture.objects.get(item__reports=failed)
    assert retried.state == CaptureState.QUEUED and retried.attempts == 0
    event = AuditEvent.objects.get(action="capture.retried")
    assert event.actor == f"staff:{admin_user.pk}" and event.details["was"] == "failed_final"
