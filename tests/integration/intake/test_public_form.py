"""The public report form, as a reporter and an attacker would use it."""

import pytest
from django.db import connection
from django.test import Client, override_settings

from meldpunt.audit.models import AuditEvent
from meldpunt.intake.models import Item, Report, ReportedUrl

pytestmark = pytest.mark.django_db

FORM = {"medium": "image", "found_on": "", "description": "", "contact": ""}


def post(client, urls, **fields):
    """Send the form; a stored report answers with a redirect to its receipt ."""
    return client.post(
        "/", {**FORM, **fields, "urls": urls}, REMOTE_ADDR="198.51.100.7", HTTP_ACCEPT_LANGUAGE="en"
    )


def receipt(client):
    """The receipt page the browser is sent to after a stored report."""
    return client.get("/receipt/", HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("nl", "Meld beeldmateriaal van seksueel kindermisbruik"),
        ("en", "Report child sexual abuse material"),
        ("fr", "Signaler des contenus d’abus sexuels sur enfants"),
    ],
)
def test_form_renders_in_the_browsers_language(client, language, heading):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert heading in response.content.decode()
    assert f'<html lang="{language}">' in response.content.decode()


def test_language_switch_sticks(client):
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl")
    assert '<html lang="fr">' in response.content.decode()


def test_three_lines_make_two_items_and_a_receipt(client):
    urls = (
        "https://example.com/gallery/photo1.jpg\n"
        "hxxps://another-example[.]org/page\n"
        "HTTPS://EXAMPLE.COM/gallery/photo1.jpg/\n"
    )
    response = post(client, urls)
    assert response.status_code == 303
    assert response["Location"] == "/receipt/"
    report = Report.objects.get()
    assert report.receipt_code in receipt(client).content.decode()
    assert Item.objects.count() == 2
    assert ReportedUrl.objects.count() == 2


def test_a_url_reported_again_joins_its_case(client):
    post(client, "https://example.com/a.jpg")
    post(client, "http://EXAMPLE.com/a.jpg/")
    item = Item.objects.get()
    assert item.report_count == 2
    assert Report.objects.count() == 2
    assert item.reports.count() == 2


def test_bad_lines_are_explained_and_good_lines_kept(client):
    urls = "\n".join(
        [
            "https://example.com/good.jpg",
            "javascript:alert(document.cookie)",
            "file:///etc/passwd",
            "https://example.com/" + "x" * 3000,
        ]
    )
    assert post(client, urls).status_code == 303
    page = receipt(client).content.decode()
    assert Item.objects.count() == 1
    assert "Line 2" in page and "Line 3" in page and "Line 4" in page
    assert page.count("Only web addresses starting with http:// or https://") == 2
    assert "The address is too long" in page


def test_only_bad_lines_keep_the_form_and_store_nothing(client):
    response = post(client, "javascript:alert(1)\nfile:///x")
    assert response.status_code == 400
    assert "None of the lines is a web address" in response.content.decode()
    assert "javascript:alert(1)" in response.content.decode()  # the reporter's input is kept
    assert Report.objects.count() == 0


def test_a_ten_thousand_line_paste_is_refused_whole(client):
    urls = "\n".join(f"https://example.com/{n}.jpg" for n in range(10_000))
    response = post(client, urls)
    assert response.status_code == 400
    assert "You pasted 10000 addresses" in response.content.decode()
    assert Report.objects.count() == Item.objects.count() == AuditEvent.objects.count() == 0


def test_an_oversized_request_gets_a_calm_error_and_stores_nothing(client):
    response = post(client, "https://example.com/a\n" * 120_000)
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert Report.objects.count() == 0


def test_contact_is_sealed_and_ip_not_stored(client):
    post(client, "https://example.com/a.jpg", contact="reporter.secret@example.org")
    report = Report.objects.get()
    assert report.sealed_contact
    assert b"reporter.secret" not in bytes(report.sealed_contact)
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 -- table names from introspection
            dump = repr(cursor.fetchall())
            assert "reporter.secret" not in dump, table
            assert "198.51.100.7" not in dump, table


def test_invalid_contact_address_is_explained(client):
    response = post(client, "https://example.com/a.jpg", contact="not-an-address")
    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_posting_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = post(client, "https://example.com/a.jpg")
    assert response.status_code == 403
    assert Report.objects.count() == 0


@override_settings(MELDPUNT_REPORT_RATE="3/h")
def test_too_many_reports_from_one_address_are_slowed_down(client):
    codes = [post(client, f"https://example.com/{n}").status_code for n in range(5)]
    assert codes == [303, 303, 303, 429, 429]
    assert Report.objects.count() == 3


def test_reloading_the_receipt_stores_nothing_new(client):
    post(client, "https://example.com/a.jpg\njavascript:x")
    first, again = receipt(client), receipt(client)
    code = Report.objects.get().receipt_code
    assert code in first.content.decode() and code in again.content.decode()
    assert "Line 2" in again.content.decode()
    assert first["Cache-Control"] == "no-store"
    assert Report.objects.count() == 1
    assert Item.objects.get().report_count == 1


def test_the_receipt_follows_a_language_switch(client):
    post(client, "https://example.com/a.jpg\njavascript:x")
    client.post("/i18n/setlang/", {"language": "nl", "next": "/receipt/"})
    page = client.get("/receipt/").content.decode()
    assert "Dank u voor uw melding" in page
    assert "Regel 2" in page


def test_the_session_keeps_no_text_of_the_refused_lines(client):
    post(client, "https://example.com/a.jpg\nmy mail is jan.jansen@example.nl")
    assert "Line 2" in receipt(client).content.decode()
    from django.contrib.sessions.models import Session

    stored = "".join(str(s.get_decoded()) + s.session_data for s in Session.objects.all())
    assert "jan.jansen" not in stored and "my mail" not in stored


def test_expired_sessions_are_removed_at_night(client):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from meldpunt.accounts.tasks import clear_expired_sessions

    post(client, "https://example.com/a.jpg")
    assert Session.objects.count() == 1
    clear_expired_sessions()
    assert Session.objects.count() == 1
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    clear_expired_sessions()
    assert Session.objects.count() == 0


def test_the_receipt_page_without_a_report_leads_to_the_form(client):
    response = client.get("/receipt/")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_receipt_code_lets_a_reporter_check_their_report(client):
    post(client, "https://example.com/a.jpg")
    code = Report.objects.get().receipt_code
    found = client.get(
        "/status/", {"code": code.lower().replace("-", " ")}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "was received" in found.content.decode()
    missing = client.get("/status/", {"code": "MP-0000-0000-0000"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "We found no report" in missing.content.decode()


def test_every_report_is_in_the_audit_trail(client):
    post(client, "https://example.com/a.jpg\nhttps://example.com/b.jpg")
    post(client, "https://example.com/a.jpg")
    events = list(AuditEvent.objects.filter(action="report.received"))
    assert len(events) == 2
    assert len(events[0].details["new_items"]) == 2
    assert events[1].details["joined_items"] == [Item.objects.get(url__endswith="a.jpg").pk]
    assert events[0].actor == "public"


def test_a_form_post_with_invalid_utf8_stores_nothing(client):
    body = b"medium=image&urls=https%3A%2F%2Fexample.com%2F%FF%FE.jpg"
    response = client.post(
        "/", body, content_type="application/x-www-form-urlencoded", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "invisible" in response.content.decode()
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "codepoint"),
    [
        ("found_on", "a forum \u202egpj.exe", "U+202E"),  # a right-to-left override
        ("found_on", "search \u2066words\u2069", "U+2066"),
        ("description", "first line\n\x1b[2Jcleared", "U+001B"),  # an ANSI escape
        ("description", "ding\x07", "U+0007"),
        ("contact", "reporter@exa\u202emple.org", "U+202E"),
    ],
)
def test_hidden_characters_in_a_field_are_explained_there_and_nothing_is_stored(
    client, field, value, codepoint
):
    response = post(client, "https://example.com/a.jpg", **{field: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert f"invisible or control character ({codepoint})" in page
    assert Report.objects.count() == 0


def test_a_description_keeps_its_line_breaks_and_tabs(client):
    response = post(client, "https://example.com/a.jpg", description="one\r\n\ttwo\nthree")
    assert response.status_code == 303
    assert Report.objects.get().description == "one\r\n\ttwo\nthree"


def test_a_line_with_hidden_characters_is_explained_and_the_others_are_kept(client):
    response = post(client, "https://example.com/a.jpg\nhttps://example.com/\x1b[31mred.jpg")
    assert response.status_code == 303
    assert Item.objects.count() == 1
    assert "Line 2" in receipt(client).content.decode()
