"""The administrator's staff management: every action audited, nobody locked out by mistake."""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.utils import translation

from meldpunt.accounts.models import Role, User
from meldpunt.audit.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


def events(action: str, user: User) -> int:
    return AuditEvent.objects.filter(action=action, subject=f"accounts.user:{user.pk}").count()


@pytest.fixture
def admin_client(staff):
    return staff("admin")


def act(client: Client, person: User, action: str, **data):
    return client.post(
        f"/staff/people/{person.pk}/{action}/", data, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_only_administrators_see_the_staff_page(staff):
    for role in ("analyst", "senior_analyst", "manager", "privacy_officer"):
        client, _ = staff(role)
        assert client.get("/staff/people/").status_code == 403
    client, _ = staff("admin")
    assert client.get("/staff/people/").status_code == 200


def test_disabling_a_leaver_ends_their_session_and_is_audited(admin_client, staff):
    client, _admin = admin_client
    leaver_client, leaver = staff("analyst")
    assert leaver_client.get("/staff/").status_code == 200

    act(client, leaver, "disable")
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert events("staff.disabled", leaver) == 1
    assert leaver_client.get("/staff/").status_code == 302  # signed out: back to sign-in

    act(client, leaver, "enable")
    leaver.refresh_from_db()
    assert leaver.is_active and events("staff.enabled", leaver) == 1


def test_a_role_change_moves_the_admin_flags_with_it(admin_client):
    client, _ = admin_client
    person = factories.staff_user(role=Role.ANALYST)
    act(client, person, "role", role="admin")
    person.refresh_from_db()
    assert person.role == Role.ADMIN and person.is_superuser and person.is_staff
    act(client, person, "role", role="manager")
    person.refresh_from_db()
    assert person.role == Role.MANAGER and not person.is_superuser and not person.is_staff
    assert events("staff.role_changed", person) == 2
    event = AuditEvent.objects.filter(action="staff.role_changed").last()
    assert event.details == {"from": "admin", "to": "manager"}


def test_nobody_disables_or_demotes_themselves(admin_client):
    client, admin = admin_client
    page = act(client, admin, "disable").content.decode()
    assert "You cannot disable your own account" in page
    page = act(client, admin, "role", role="analyst").content.decode()
    assert "You cannot change your own role" in page
    admin.refresh_from_db()
    assert admin.is_active and admin.role == Role.ADMIN
    assert events("staff.disabled", admin) == events("staff.role_changed", admin) == 0


def test_two_administrators_disabling_each_other_leave_one(staff):
    from meldpunt.accounts.services import AccountError, disable_staff

    _client, first = staff("admin")
    second = factories.staff_user(role=Role.ADMIN)
    disable_staff(second, by=first)
    # `second` was signed in before it was disabled and acts a moment later.
    with translation.override("en"), pytest.raises(AccountError, match="last active admin"):
        disable_staff(first, by=second)
    first.refresh_from_db()
    assert first.is_active


def test_an_mfa_reset_removes_the_authenticator_and_forces_enrolment(admin_client):
    client, _ = admin_client
    person = factories.staff_user(role=Role.ANALYST)
    stolen = Client()
    stolen.force_login(person)  # a session on a lost laptop
    assert Authenticator.objects.filter(user=person).exists()
    act(client, person, "reset-mfa")
    response = stolen.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Authenticator.objects.filter(user=person).exists()
    assert events("staff.mfa_reset", person) == 1
    them = Client()
    them.force_login(person)
    response = them.get("/staff/")
    assert response.status_code == 302 and "/2fa/totp/activate/" in response["Location"]


def test_a_password_link_is_shown_once_and_sets_a_password(admin_client):
    client, _ = admin_client
    person = factories.staff_user(role=Role.ANALYST)
    response = client.post(f"/staff/people/{person.pk}/password-link/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    link = response.context["link"]
    assert events("staff.password_reset_link_made", person) == 1
    path = link.split("testserver", 1)[1]

    them = Client()
    form = them.get(path, follow=True)
    assert form.status_code == 200
    new_password = "a-new-and-long-password-2027"
    done = them.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"password1": new_password, "password2": new_password},
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new_password)
    again = Client().get(path, follow=True)
    assert "password1" not in again.content.decode()  # used once, then dead


def test_an_administrator_adds_a_colleague_who_sets_their_own_password(admin_client):
    client, admin = admin_client
    response = client.post(
        "/staff/people/new/", {"username": "noor", "email": "", "role": "senior_analyst"}
    )
    assert response.status_code == 200
    person = User.objects.get(username="noor")
    assert person.role == Role.SENIOR_ANALYST and not person.has_usable_password()
    assert "/accounts/password/reset/key/" in response.context["link"]
    created = AuditEvent.objects.get(action="staff.created", subject=f"accounts.user:{person.pk}")
    assert created.actor == f"staff:{admin.pk}"

    again = client.post(
        "/staff/people/new/", {"username": "NOOR", "role": "analyst"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert again.status_code == 400
    assert "already has the username" in again.content.decode()


def test_staff_actions_need_a_post_with_a_csrf_token(admin_client):
    _, admin = admin_client
    person = factories.staff_user(role=Role.ANALYST)
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(admin)
    assert forged.post(f"/staff/people/{person.pk}/disable/").status_code == 403
    client, _ = admin_client
    assert client.get(f"/staff/people/{person.pk}/disable/").status_code == 405
    person.refresh_from_db()
    assert person.is_active
