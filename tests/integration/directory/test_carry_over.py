"""A database of the release before the directory migrates: partners, keys, providers, rules."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from meldpunt.core.partner_keys import issue_key
from meldpunt.directory.models import ApiClient, DomainRule, HostingProvider
from meldpunt.directory.services import api_client_for_key
from meldpunt.intake.models import IdempotencyRecord, Report

# The leaf migrations of the release before the directory, and no directory at all.
BEFORE = [
    ("partners", "0001_initial"),
    ("intake", "0001_initial"),
    ("capture", "0004_capture_pdq_threatexchange"),
    ("directory", None),
]


@pytest.fixture
def old_schema(transactional_db):
    """The old schema, and the historical models to fill it; migrated forward afterwards."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state([t for t in BEFORE if t[1]]).apps
    _migrate_to_the_end()


def _migrate_to_the_end():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _old_partner(apps, pk, name, active=True):
    key = issue_key()
    made = timezone.now() - timezone.timedelta(days=pk)
    apps.get_model("partners", "Partner").objects.create(
        id=pk, name=name, key_prefix=key.prefix, key_digest=key.digest, active=active
    )
    apps.get_model("partners", "Partner").objects.filter(id=pk).update(created_at=made)
    return key.secret, made


def _old_report(apps, partner_id, code):
    return apps.get_model("intake", "Report").objects.create(
        receipt_code=code, channel="api", medium="image", partner_id=partner_id
    )


def test_partners_keys_providers_and_rules_survive_the_move(old_schema, client):
    apps = old_schema
    first, first_made = _old_partner(apps, 7, "Platform Seven")
    second, _ = _old_partner(apps, 12, "Hotline Twelve", active=False)
    report = _old_report(apps, 7, "MP-OLD-1")
    _old_report(apps, None, "MP-OLD-2")
    apps.get_model("intake", "IdempotencyRecord").objects.create(
        partner_id=7, key="retry-1", request_digest="d" * 64, report=report
    )
    provider = apps.get_model("capture", "HostingProvider")
    provider.objects.create(
        id=3, name="Example Hosting", asns="64500, 64501", abuse_email="abuse@example.net"
    )
    provider.objects.create(id=5, name="Voorbeeld NV", asns="64502", country="be")
    apps.get_model("capture", "DomainRuleRecord").objects.create(
        id=4,
        domain="cdn.example.com",
        force_hoster="Big CDN",
        behind_cdn=True,
        notify_site_owner=True,
        site_owner_email="owner@example.com",
    )
    _migrate_to_the_end()

    clients = {c.pk: c for c in ApiClient.objects.all()}
    assert sorted(clients) == [7, 12]
    assert clients[7].name == "Platform Seven" and clients[7].scopes == ["report"]
    assert clients[7].created_at == first_made
    assert clients[12].active is False
    assert api_client_for_key(first) == clients[7]
    assert api_client_for_key(second) is None  # it was inactive, and stays so
    assert Report.objects.get(receipt_code="MP-OLD-1").partner == clients[7]
    assert Report.objects.get(receipt_code="MP-OLD-2").partner is None
    assert IdempotencyRecord.objects.get().partner == clients[7]

    providers = {p.pk: p for p in HostingProvider.objects.all()}
    assert (providers[3].name, providers[3].asn_list(), providers[3].email) == (
        "Example Hosting",
        (64500, 64501),
        "abuse@example.net",
    )
    assert providers[3].country == ""  # never given: left for a manager, not guessed
    assert providers[5].country == "BE"
    rule = DomainRule.objects.get()
    assert (rule.pk, rule.domain, rule.force_hoster, rule.behind_cdn, rule.country) == (
        4,
        "cdn.example.com",
        "Big CDN",
        True,
        "",
    )
    assert rule.site_owner_email == "owner@example.com" and rule.notify_site_owner

    body = {"urls": ["https://example.com/a.jpg"], "medium": "image"}
    answer = client.post(
        "/api/v1/reports",
        json.dumps(body),
        content_type="application/json",
        HTTP_X_API_KEY=first,
    )
    assert answer.status_code == 201, answer.content
    assert Report.objects.get(receipt_code=answer.json()["receipt_code"]).partner_id == 7


def test_new_rows_after_the_move_get_new_ids(old_schema):
    _old_partner(old_schema, 40, "Forty")
    old_schema.get_model("capture", "HostingProvider").objects.create(id=9, name="P", asns="1")
    _migrate_to_the_end()
    from meldpunt.audit.services import Actor
    from meldpunt.core.directory import Scope
    from meldpunt.directory.models import Kind
    from meldpunt.directory.services import (
        OrganisationDraft,
        add_organisation,
        create_api_client,
    )

    made, _ = create_api_client("Newer", frozenset({Scope.REPORT}), Actor.system())
    assert made.pk > 40
    added = add_organisation(
        OrganisationDraft(Kind.POLICE, "Unit", "NL"), Actor.system(), b"k" * 32
    )
    assert added.pk > 9
