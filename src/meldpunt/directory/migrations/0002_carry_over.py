"""Copy partners, hosting providers and domain rules into the directory, keeping their ids.

Partners keep their primary keys, so the reports and idempotency records that point at them
point at the same API client once intake 0002 moves the foreign keys here. Their key prefixes
and digests are copied as they are: every key handed out before still authenticates, with the
`report` scope it had in effect. Provider records that named no country keep a blank one, for
a manager to fill in; nothing is guessed.
"""

from django.core.management.color import no_style
from django.db import migrations
from django.db.migrations.exceptions import IrreversibleError
from iso3166 import countries_by_alpha2


def carry_over(apps, schema_editor):
    alias = schema_editor.connection.alias
    copied = [
        _api_clients(apps, alias),
        _providers(apps, alias),
        _domain_rules(apps, alias),
    ]
    # Rows were written with their ids: the sequences must start after them (PostgreSQL).
    statements = schema_editor.connection.ops.sequence_reset_sql(no_style(), copied)
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _api_clients(apps, alias):
    Partner = apps.get_model("partners", "Partner")
    ApiClient = apps.get_model("directory", "ApiClient")
    ApiClient.objects.using(alias).bulk_create(
        ApiClient(
            id=p.id,
            name=p.name,
            key_prefix=p.key_prefix,
            key_digest=p.key_digest,
            scopes=["report"],
            active=p.active,
            created_at=p.created_at,
        )
        for p in Partner.objects.using(alias).order_by("id")
    )
    return ApiClient


def _providers(apps, alias):
    old_model = apps.get_model("capture", "HostingProvider")
    Organisation = apps.get_model("directory", "Organisation")
    seen: set[str] = set()
    rows = []
    for old in old_model.objects.using(alias).order_by("id"):
        # The old names were unique only as typed; the directory's are unique in any case.
        name = old.name if old.name.lower() not in seen else f"{old.name} ({old.id})"
        seen.add(name.lower())
        rows.append(
            Organisation(
                id=old.id,
                kind="provider",
                name=name,
                country=_country(old.country),
                email=old.abuse_email,
                asns=", ".join(p for p in old.asns.replace(" ", "").split(",") if p.isdigit()),
            )
        )
    Organisation.objects.using(alias).bulk_create(rows)
    return Organisation


def _country(text):
    code = text.strip().upper()
    return code if code in countries_by_alpha2 else ""


def _domain_rules(apps, alias):
    old_model = apps.get_model("capture", "DomainRuleRecord")
    DomainRule = apps.get_model("directory", "DomainRule")
    DomainRule.objects.using(alias).bulk_create(
        DomainRule(
            id=old.id,
            domain=old.domain,
            force_hoster=old.force_hoster,
            force_abuse_email=old.force_abuse_email,
            behind_cdn=old.behind_cdn,
            notify_site_owner=old.notify_site_owner,
            site_owner_email=old.site_owner_email,
        )
        for old in old_model.objects.using(alias).order_by("id")
    )
    return DomainRule


def refuse_to_lose(apps, schema_editor):
    """Going back is for an empty directory only (tests): its rows have no older home."""
    alias = schema_editor.connection.alias
    for name in ("ApiClient", "Organisation", "DomainRule"):
        if apps.get_model("directory", name).objects.using(alias).exists():
            raise IrreversibleError(
                "the directory holds rows; restore a backup instead of migrating back"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("partners", "0001_initial"),
        ("capture", "0004_capture_pdq_threatexchange"),
    ]

    operations = [migrations.RunPython(carry_over, refuse_to_lose)]
