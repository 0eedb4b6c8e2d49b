"""Staff sign-in with MFA, roles, and the audit of sign-ins."""

import re

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from click.testing import CliRunner
from django.test import Client

from meldpunt.accounts.models import User
from meldpunt.audit.models import AuditEvent
from meldpunt.cli.main import cli
from tests import factories

pytestmark = pytest.mark.django_db


def totp_code(secret: str) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_createuser_makes_staff_with_a_role():
    result = CliRunner().invoke(
        cli,
        ["createuser", "beatrix", "--role", "senior-analyst", "--password-stdin"],
        input="a-very-long-pass-phrase\n",
    )
    assert result.exit_code == 0, result.output
    user = User.objects.get(username="beatrix")
    assert user.role == "senior_analyst"
    assert user.password.startswith("argon2")
    assert AuditEvent.objects.filter(action="staff.created").exists()


def test_createuser_refuses_unknown_roles_and_weak_passwords():
    runner = CliRunner()
    bad_role = runner.invoke(
        cli,
        ["createuser", "x", "--role", "boss", "--password-stdin"],
        input="a-very-long-pass-phrase\n",
    )
    assert bad_role.exit_code == 2
    assert "privacy-officer" in bad_role.output
    weak = runner.invoke(
        cli, ["createuser", "y", "--role", "analyst", "--password-stdin"], input="short\n"
    )
    assert weak.exit_code == 1
    assert "too short" in weak.output
    assert User.objects.count() == 0


def test_staff_pages_need_sign_in(client):
    response = client.get("/staff/reports/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_without_mfa_must_set_it_up_first(staff):
    client, _ = staff("analyst", with_mfa=False)
    response = client.get("/staff/reports/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_login_asks_for_the_second_factor_and_is_audited():
    from allauth.mfa.models import Authenticator

    user = factories.staff_user("analyst")
    secret = Authenticator.objects.get(user=user, type="totp").wrap().instance.data["secret"]
    client = Client()
    step1 = client.post(
        "/accounts/login/", {"login": user.username, "password": factories.PASSWORD}
    )
    assert step1.status_code == 302
    assert "/accounts/2fa/authenticate/" in step1["Location"]
    assert client.get("/staff/reports/").status_code == 302  # not signed in yet
    step2 = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert step2.status_code == 302
    assert client.get("/staff/reports/").status_code == 200
    assert AuditEvent.objects.filter(action="staff.login", actor=f"staff:{user.pk}").exists()


def test_failed_login_is_audited(client):
    client.post("/accounts/login/", {"login": "nobody", "password": "wrong-password"})
    assert AuditEvent.objects.filter(action="staff.login_failed").exists()


def test_nobody_can_sign_up(client):
    response = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="en")
    assert "sign up closed" in response.content.decode().lower()
    assert 'name="password1"' not in response.content.decode()


def test_admin_login_goes_through_mfa(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_report_list_is_searchable(staff):
    client, _ = staff("analyst")
    a = factories.report("https://example.com/gallery/1.jpg", reference="ICCAM-77")
    b = factories.report("https://other.example.org/x")
    page = lambda q: client.get("/staff/reports/", {"q": q}).content.decode()  # noqa: E731
    assert a.receipt_code in page("gallery") and b.receipt_code not in page("gallery")
    assert a.receipt_code in page("ICCAM-77") and b.receipt_code not in page("ICCAM-77")
    assert b.receipt_code in page(b.receipt_code.lower()) and a.receipt_code not in page(
        b.receipt_code
    )
    assert a.receipt_code in page("HTTPS://EXAMPLE.COM/gallery/1.jpg/")


def test_report_detail_shows_items_not_contact(staff):
    client, _ = staff("analyst")
    report = factories.report("https://example.com/1.jpg", contact="hidden@example.org")
    page = client.get(f"/staff/reports/{report.receipt_code}/").content.decode()
    assert "https://example.com/1.jpg" in page
    assert "hidden@example.org" not in page


def test_htmx_search_returns_only_rows(staff):
    client, _ = staff("manager")
    factories.report("https://example.com/1.jpg")
    response = client.get("/staff/reports/", {"q": "example"}, HTTP_HX_REQUEST="true")
    assert "<table" in response.content.decode()
    assert not re.search(r"<html", response.content.decode())


def test_first_sign_in_sets_up_totp_and_recovery_codes(django_capture_on_commit_callbacks):
    from allauth.mfa.models import Authenticator

    user = factories.staff_user("analyst", with_mfa=False)
    client = Client()
    signed_in = client.post(
        "/accounts/login/", {"login": user.username, "password": factories.PASSWORD}
    )
    assert signed_in.status_code == 302
    assert client.get("/staff/").url == "/accounts/2fa/totp/activate/"
    setup = client.get("/accounts/2fa/totp/activate/")
    assert setup.status_code == 200
    secret = setup.context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after commit
        activated = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert activated.status_code == 302
    assert activated.url == "/accounts/2fa/recovery-codes/"
    assert Authenticator.objects.filter(user=user, type="recovery_codes").exists()
    assert client.get("/staff/").status_code == 200
    assert AuditEvent.objects.filter(action="staff.mfa_added").exists()
