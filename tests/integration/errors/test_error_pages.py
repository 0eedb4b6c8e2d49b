"""Error pages say what happened and what to do, in the reader's language, even when the
page itself cannot be rendered as usual."""

import pytest
from django.db import DatabaseError
from django.test import Client, override_settings
from django.urls import path

from meldpunt import errors
from meldpunt.urls import urlpatterns as real_urls

pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("a bug; its message must not reach the page")


urlpatterns = [path("broken/", broken), *real_urls]
handler500 = "meldpunt.errors.server_error"


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "Something went wrong on our side"),
        ("nl", "Er ging bij ons iets mis"),
        ("fr", "Une erreur s’est produite de notre côté"),
    ],
)
def test_a_server_error_is_explained_in_the_readers_language(visitor, language, heading):
    response = visitor.get("/broken/", HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    assert response.status_code == 500
    assert heading in page and "meldpunt.css" in page
    assert "a bug" not in page


def test_when_the_error_page_itself_fails_a_plain_one_is_sent(rf, monkeypatch):
    def database_gone(*args, **kwargs):
        raise DatabaseError("the database does not answer")

    monkeypatch.setattr(errors, "render", database_gone)
    response = errors.server_error(rf.get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page and "probeer het over enkele minuten" in page


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [
        ("/no/such/page/", 404, "This page does not exist"),
        ("/staff/people/", 302, ""),  # not signed in: to the sign-in page, not an error
    ],
)
def test_missing_pages_and_staff_pages(client, path, status, text):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert text in response.content.decode()


def test_a_role_without_the_page_gets_a_403_that_says_whom_to_ask(staff):
    client, _ = staff("analyst")
    response = client.get("/staff/privacy/contacts/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "ask an administrator to change your role" in response.content.decode()


def test_a_form_without_its_token_gets_the_calm_csrf_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/", {"urls": "https://example.com/a.jpg"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Het formulier kon niet worden aangenomen" in page
    assert "CSRF verification failed" not in page
