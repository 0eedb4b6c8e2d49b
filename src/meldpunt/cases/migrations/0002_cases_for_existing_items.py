"""A case for every item there was before cases existed, with the timeline its facts show:
received (and re-reported per later report), captured, then matched or queued. Contents
per SHA-256 for the concluded captures, placed in near-copy groups in id order as they would
have been one by one, and the verdicts standing list matches imply. Captures that waited
for an analyst or were settled by a match are `concluded` afterwards (capture 0007).
Nothing is audited: the trail already holds these facts as they happened."""

from collections import defaultdict

from django.conf import settings
from django.db import migrations

from meldpunt.core.cases.verdicts import strongest_classification, verdicts_from_list
from meldpunt.core.content.groups import Member, join
from meldpunt.core.matching.index import PdqIndex

ACTOR = "system"
CHUNK = 2000
DONE = ("awaiting_assessment", "settled_by_match")


def forwards(apps, schema_editor):
    contents = _contents(apps)
    _group(apps, contents)
    _cases(apps, contents)


def _contents(apps):
    Capture, Content = apps.get_model("capture", "Capture"), apps.get_model("cases", "Content")
    by_sha = {}
    concluded = Capture.objects.filter(state__in=DONE).exclude(sha256="").order_by("pk")
    for capture in concluded.iterator(chunk_size=CHUNK):
        if capture.sha256 not in by_sha:
            trusted = (capture.pdq_quality or 0) >= 50 and bool(capture.pdq_variants)
            by_sha[capture.sha256] = Content.objects.create(
                sha256=capture.sha256,
                md5=capture.md5,
                sha1=capture.sha1,
                kind=capture.kind,
                size=capture.size,
                pdq=capture.pdq,
                pdq_quality=capture.pdq_quality,
                pdq_variants=capture.pdq_variants if trusted else [],
            )
        Capture.objects.filter(pk=capture.pk).update(content=by_sha[capture.sha256])
    return by_sha


def _group(apps, contents):
    Content, Group = apps.get_model("cases", "Content"), apps.get_model("cases", "ContentGroup")
    threshold = getattr(settings, "MELDPUNT_NEAR_COPY_THRESHOLD", 31)
    index = PdqIndex()
    members: dict[int, list[Member]] = defaultdict(list)
    group_of: dict[int, int] = {}
    spreads: dict[int, int] = {}
    for content in sorted(contents.values(), key=lambda c: c.pk):
        if not content.pdq_variants:
            continue
        member = Member(content.pk, tuple(bytes.fromhex(v) for v in content.pdq_variants))
        hits = index.search_batch(list(member.variants), threshold)
        near = {group_of[m.entry_id] for found in hits for m in found}
        joining = join(member, {g: members[g] for g in near}, spreads, set())
        group = joining.target or Group.objects.create().pk
        for absorbed in joining.absorbed:
            for moved in members.pop(absorbed):
                group_of[moved.content_id] = group
                members[group].append(moved)
            Group.objects.filter(pk=absorbed).update(merged_into=group, size=0)
        members[group].append(member)
        group_of[content.pk], spreads[group] = group, joining.spread
        index.add(content.pk, member.original)
    for group, inside in members.items():
        Group.objects.filter(pk=group).update(size=len(inside), spread=spreads[group])
        Content.objects.filter(pk__in=[m.content_id for m in inside]).update(group=group)


def _cases(apps, contents):
    Item = apps.get_model("intake", "Item")
    for item in Item.objects.order_by("pk").iterator(chunk_size=CHUNK):
        _case(apps, item, contents)


def _case(apps, item, contents):
    Case, Event = apps.get_model("cases", "Case"), apps.get_model("cases", "CaseEvent")
    Capture = apps.get_model("capture", "Capture")
    ReportedUrl = apps.get_model("intake", "ReportedUrl")
    links = list(
        ReportedUrl.objects.filter(item=item)
        .select_related("report")
        .order_by("report__received_at", "pk")
    )
    opened = links[0].report.received_at if links else item.first_reported_at
    case = Case.objects.create(item=item, opened_at=opened, state_changed_at=opened)
    events = [_event(case, "received", opened, {"channel": _channel(links[:1])})]
    events += [
        _event(case, "re_reported", link.report.received_at, {"channel": link.report.channel})
        for link in links[1:]
    ]
    capture = Capture.objects.filter(item=item).first()
    state = "received"
    if capture is not None and capture.state in DONE:
        state = _concluded(apps, case, capture, contents, events)
    Event.objects.bulk_create(events)
    last = events[-1].at
    Case.objects.filter(pk=case.pk).update(state=state, state_changed_at=last)


def _concluded(apps, case, capture, contents, events):
    Case, Hosting = apps.get_model("cases", "Case"), apps.get_model("capture", "HostingRecord")
    content = contents.get(capture.sha256)
    at = max(capture.settled_at or capture.updated_at, events[-1].at)  # never before receipt
    found = {"content": content.pk if content else None, "sha256": capture.sha256}
    events.append(_event(case, "captured", at, {**found, "kind": capture.kind}, capture))
    hosting = Hosting.objects.filter(capture=capture).first()
    Case.objects.filter(pk=case.pk).update(capture=capture, content=content, hosting=hosting)
    if capture.state == "awaiting_assessment":
        events.append(_event(case, "queued", at, {}, capture))
        return "awaiting_assessment"
    standing = list(
        apps.get_model("capture", "MatchRecord").objects.filter(capture=capture, outcome="stands")
    )
    events.append(_event(case, "matched", at, {"matches": [m.pk for m in standing]}, capture))
    if content is not None and standing:
        _verdicts(apps, content, standing, at)
    return "settled_by_match"


def _verdicts(apps, content, standing, at):
    Verdict = apps.get_model("cases", "Verdict")
    classification = strongest_classification([m.classification or None for m in standing])
    provenance = {
        "matches": [
            {
                "match": m.pk,
                "capture": m.capture_id,
                "list": m.list_name,
                "list_id": m.hash_list_id,
                "entry": m.entry_id,
                "hash": m.hash_type,
                "distance": m.distance,
                "classification": m.classification,
            }
            for m in standing
        ]
    }
    country = getattr(settings, "MELDPUNT_HOTLINE_COUNTRY", "NL")
    for draft in verdicts_from_list(classification, country):
        Verdict.objects.update_or_create(
            content=content,
            jurisdiction=draft.jurisdiction,
            defaults={
                "legality": draft.legality.value,
                "baseline": draft.baseline.value,
                "classification": draft.classification.value,
                "source": draft.source.value,
                "provenance": provenance,
                "rule_version": draft.rule_version,
                "decided_by": ACTOR,
                "decided_at": at,
            },
        )


def _event(case, kind, at, details, capture=None):
    Event = case.__class__._meta.apps.get_model("cases", "CaseEvent")
    return Event(case=case, kind=kind, at=at, actor=ACTOR, capture=capture, details=details)


def _channel(links):
    return links[0].report.channel if links else "page"


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("capture", "0006_many_captures_per_item"),
        ("intake", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
