"""`meldpunt directory`, `meldpunt hosting rule` and `meldpunt partner-key` from a shell."""

import json

import pytest
from click.testing import CliRunner

from meldpunt.audit.models import AuditEvent
from meldpunt.cli.main import cli
from meldpunt.directory.models import ApiClient, DomainRule, Organisation
from meldpunt.directory.services import api_client_for_key, api_key_of, outgoing_secret

pytestmark = pytest.mark.django_db(transaction=True)

HOTLINE_KEY = "their-secret-api-key-0123456789"


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_organisations_added_show_in_the_list_and_the_key_never_does():
    assert (
        run(
            "directory",
            "add",
            "police",
            "Team Internet",
            "--country",
            "nl",
            "--email",
            "tips@police.example",
        ).exit_code
        == 0
    )
    added = run(
        "directory",
        "add",
        "hotline",
        "Point de Contact",
        "--country",
        "FR",
        "--api-url",
        "https://pdc.example/api/v1/",
        "--api-key",
        HOTLINE_KEY,
    )
    assert added.exit_code == 0, added.output
    assert "Added partner hotline 'Point de Contact'." in added.output
    assert (
        run(
            "directory",
            "add",
            "provider",
            "Example Hosting",
            "--country",
            "DE",
            "--asn",
            "64500",
            "--asn",
            "AS64501",
            "--email",
            "abuse@host.example",
        ).exit_code
        == 0
    )

    listing = run("directory", "list")
    assert listing.exit_code == 0
    lines = listing.stdout.splitlines()
    assert lines[0].split() == [
        "hotline",
        "FR",
        "Point",
        "de",
        "Contact",
        "api",
        "https://pdc.example/api/v1/",
        "(key",
        "held)",
    ]
    assert lines[1].startswith("police") and "AS64500, AS64501" in lines[2]
    as_json = json.loads(run("directory", "list", "--json").stdout)
    assert [o["name"] for o in as_json] == ["Point de Contact", "Team Internet", "Example Hosting"]
    assert as_json[2]["asns"] == [64500, 64501] and as_json[0]["has_api_key"] is True
    for output in (listing.output, json.dumps(as_json), _everything_stored()):
        assert HOTLINE_KEY not in output
    hotline = Organisation.objects.get(kind="hotline")
    assert api_key_of(hotline, outgoing_secret()) == HOTLINE_KEY  # still usable for calls
    assert AuditEvent.objects.filter(action="directory.organisation_added").count() == 3


def _everything_stored():
    rows = Organisation.objects.values_list()
    events = AuditEvent.objects.values_list("details", flat=True)
    return json.dumps([list(map(str, r)) for r in rows]) + json.dumps(list(events))


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("police", "A", "--country", "XX"), "'XX' is not an ISO 3166-1 alpha-2 country code"),
        (("police", "A", "--country", "UK"), "(the United Kingdom is GB)"),
        (("police", "A", "--country", "NL", "--email", "not-mail"), "is not an e-mail address"),
        (
            ("hotline", "B", "--country", "BE", "--api-url", "https://b.example/"),
            "a Meldpunt API URL and its API key go together",
        ),
        (("provider", "C", "--country", "NL", "--asn", "sixty"), "'sixty' is not an AS number"),
        (("provider", "C", "--country", "NL", "--asn", "4294967296"), "is not an AS number"),
        (("police", "D", "--country", "NL", "--asn", "64500"), "only hosting providers"),
        (
            ("hotline", "E", "--country", "BE", "--api-url", "ftp://e.example/", "--api-key", "k"),
            "'ftp://e.example/' is not an https:// address of a Meldpunt API",
        ),
        (
            ("hotline", "E", "--country", "BE", "--api-url", "http://e.example/", "--api-key", "k"),
            "is not an https:// address",
        ),
    ],
)
def test_bad_input_says_why_in_one_line_and_writes_nothing(args, says):
    result = run("directory", "add", *args)
    assert result.exit_code == 1
    assert says in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert Organisation.objects.count() == 0 and not AuditEvent.objects.exists()


def test_a_name_is_unique_within_its_kind_in_any_case():
    assert run("directory", "add", "police", "Unit", "--country", "NL").exit_code == 0
    again = run("directory", "add", "police", "UNIT", "--country", "BE")
    assert again.exit_code == 1 and "there already is a police unit named 'UNIT'" in again.stderr
    assert run("directory", "add", "hotline", "Unit", "--country", "BE").exit_code == 0
    assert Organisation.objects.count() == 2


def test_an_unknown_kind_is_refused_by_the_command_line():
    result = run("directory", "add", "bank", "X", "--country", "NL")
    assert result.exit_code == 2 and "'bank' is not one of" in result.stderr


def test_partner_key_prints_the_key_once_with_the_scopes_asked():
    made = run("partner-key", "Platform", "--scope", "report,hashcheck")
    assert made.exit_code == 0, made.output
    secret = made.stdout.strip()
    client = ApiClient.objects.get()
    assert api_client_for_key(secret) == client
    assert client.scopes == ["hashcheck", "report"]
    assert "(hashcheck, report)" in made.stderr
    assert secret not in json.dumps(list(AuditEvent.objects.values_list("details", flat=True)))
    default = run("partner-key", "Other")
    assert ApiClient.objects.get(name="Other").scopes == ["report"] and default.exit_code == 0


def test_partner_key_refuses_an_unknown_scope_and_a_taken_name():
    unknown = run("partner-key", "Platform", "--scope", "report,delete")
    assert unknown.exit_code == 2
    assert "unknown scope 'delete'; choose from: report, hashcheck, urllist" in unknown.stderr
    assert not ApiClient.objects.exists()
    run("partner-key", "Platform")
    taken = run("partner-key", "platform")
    assert taken.exit_code == 1 and "already exists" in taken.stderr
    assert ApiClient.objects.count() == 1


def test_hosting_rule_adds_then_changes_only_what_is_given():
    added = run(
        "hosting",
        "rule",
        "Example.COM",
        "--country",
        "be",
        "--provider",
        "Site Farm",
        "--behind-cdn",
    )
    assert added.exit_code == 0, added.output
    assert "Added the rule for example.com: country BE, provider Site Farm, behind a CDN" in (
        added.stdout
    )
    changed = run("hosting", "rule", "example.com", "--abuse-email", "abuse@farm.example")
    assert changed.exit_code == 0 and changed.stdout.startswith("Changed the rule")
    rule = DomainRule.objects.get()
    assert (rule.country, rule.force_hoster, rule.behind_cdn, rule.force_abuse_email) == (
        "BE",
        "Site Farm",
        True,
        "abuse@farm.example",
    )
    actions = AuditEvent.objects.filter(subject=f"directory.domainrule:{rule.pk}")
    assert list(actions.values_list("action", flat=True)) == [
        "directory.domain_rule_added",
        "directory.domain_rule_changed",
    ]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("not a domain",), "'not a domain' is not a domain name"),
        (("example.com", "--country", "ZZ"), "'ZZ' is not an ISO 3166-1 alpha-2 country code"),
        (("example.com", "--abuse-email", "nobody"), "'nobody' is not an e-mail address"),
    ],
)
def test_hosting_rule_refuses_bad_input_and_writes_nothing(args, says):
    result = run("hosting", "rule", *args)
    assert result.exit_code == 1 and says in result.stderr
    assert not DomainRule.objects.exists() and not AuditEvent.objects.exists()
