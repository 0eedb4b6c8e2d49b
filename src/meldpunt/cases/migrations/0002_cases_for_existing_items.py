"""A case for every item there was before cases existed, with the timeline its facts show:
received (and re-reported per later report), captured, then matched or queued. Contents
per SHA-256 for the concluded captures, in the near-copy groups they would have formed one
by one (the connected components of their PDQ matches, found here in one pass), and the
verdicts standing list matches imply. Captures that waited
for an analyst or were settled by a match are `concluded` afterwards (capture 0007).
Nothing is audited: the trail already holds these facts as they happened."""

from collections import defaultdict

from django.conf import settings
from django.db import migrations
from django.db.models import OuterRef, Subquery

from meldpunt.core.cases.verdicts import strongest_classification, verdicts_from_list
from meldpunt.core.content.groups import Member, spread_of
from meldpunt.core.matching.index import PdqIndex

ACTOR = "system"
CHUNK = 2000
DONE = ("awaiting_assessment", "settled_by_match")


def forwards(apps, schema_editor):
    contents = _contents(apps)
    _cases(apps, contents)


def _contents(apps):
    """A content per SHA-256 of the concluded captures, grouped, in a few statements."""
    capture_model = apps.get_model("capture", "Capture")
    content_model = apps.get_model("cases", "Content")
    by_sha = {}
    concluded = capture_model.objects.filter(state__in=DONE).exclude(sha256="").order_by("pk")
    for capture in concluded.only(*CONTENT_FIELDS).iterator(chunk_size=CHUNK):
        if capture.sha256 not in by_sha:
            trusted = (capture.pdq_quality or 0) >= 50 and bool(capture.pdq_variants)
            by_sha[capture.sha256] = content_model(
                sha256=capture.sha256,
                md5=capture.md5,
                sha1=capture.sha1,
                kind=capture.kind,
                size=capture.size,
                pdq=capture.pdq,
                pdq_quality=capture.pdq_quality,
                pdq_variants=capture.pdq_variants if trusted else [],
            )
    contents = list(by_sha.values())
    _group(apps, contents)
    content_model.objects.bulk_create(contents, batch_size=CHUNK)
    same_bytes = content_model.objects.filter(sha256=OuterRef("sha256")).values("pk")[:1]
    concluded.update(content=Subquery(same_bytes))
    return by_sha


CONTENT_FIELDS = (
    "pk",
    "sha256",
    "md5",
    "sha1",
    "kind",
    "size",
    "pdq",
    "pdq_quality",
    "pdq_variants",
)


def _group(apps, contents):
    """The groups the contents would have formed one by one, in capture order: the connected
    components of their PDQ matches, found with one index of all of them and one batch of
    searches. Sets each content's group (the contents are saved after)."""
    group_model = apps.get_model("cases", "ContentGroup")
    threshold = getattr(settings, "MELDPUNT_NEAR_COPY_THRESHOLD", 31)
    members = [
        Member(n, tuple(bytes.fromhex(v) for v in c.pdq_variants))
        for n, c in enumerate(contents)
        if c.pdq_variants
    ]
    if not members:
        return
    index = PdqIndex.build((m.content_id, m.original) for m in members)
    parent = {m.content_id: m.content_id for m in members}
    for start in range(0, len(members), CHUNK):
        part = members[start : start + CHUNK]
        owners = [m.content_id for m in part for _ in m.variants]
        found = index.search_batch([v for m in part for v in m.variants], threshold)
        for owner, matches in zip(owners, found, strict=True):
            for match in matches:
                _union(parent, owner, match.entry_id)
    components = defaultdict(list)
    for member in members:
        components[_root(parent, member.content_id)].append(member)
    inside = list(components.values())
    groups = [group_model(size=len(m), spread=spread_of(m) if len(m) > 1 else 0) for m in inside]
    group_model.objects.bulk_create(groups, batch_size=CHUNK)
    for group, grouped in zip(groups, inside, strict=True):
        for member in grouped:
            contents[member.content_id].group = group
    for n, member in enumerate(members, 1):  # the order workers' indexes follow
        contents[member.content_id].placed = n
    apps.get_model("cases", "GroupingLock").objects.update_or_create(
        pk=1, defaults={"placed": len(members)}
    )


def _root(parent, node):
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def _union(parent, a, b):
    first, second = sorted((_root(parent, a), _root(parent, b)))
    parent[second] = first


def _cases(apps, contents):
    """In chunks of items, a few statements each, so a year of reports migrates in minutes."""
    item_model = apps.get_model("intake", "Item")
    ids = list(item_model.objects.order_by("pk").values_list("pk", "first_reported_at"))
    verdicts: dict[tuple[int, str], object] = {}
    for start in range(0, len(ids), CHUNK):
        _chunk(apps, ids[start : start + CHUNK], contents, verdicts)
    apps.get_model("cases", "Verdict").objects.bulk_create(verdicts.values(), batch_size=CHUNK)


def _chunk(apps, items, contents, verdicts):
    case_model = apps.get_model("cases", "Case")
    event_model = apps.get_model("cases", "CaseEvent")
    pks = [pk for pk, _ in items]
    links = defaultdict(list)
    rows = (
        apps.get_model("intake", "ReportedUrl")
        .objects.filter(item__in=pks)
        .order_by("item", "report__received_at", "pk")
        .values_list("item", "report__received_at", "report__channel")
    )
    for item, at, channel in rows:
        links[item].append((at, channel))
    captures = {
        c.item_id: c
        for c in apps.get_model("capture", "Capture").objects.filter(item__in=pks, purpose="first")
    }
    done = [c.pk for c in captures.values() if c.state in DONE]
    hosting = dict(
        apps.get_model("capture", "HostingRecord")
        .objects.filter(capture__in=done)
        .values_list("capture", "pk")
    )
    standing = defaultdict(list)
    for match in apps.get_model("capture", "MatchRecord").objects.filter(
        capture__in=done, outcome="stands"
    ):
        standing[match.capture_id].append(match)
    cases, timelines = [], []
    for pk, first_reported in items:
        events = _opening(links[pk], first_reported)
        case = case_model(item_id=pk, opened_at=events[0][1], state="received")
        capture = captures.get(pk)
        if capture is not None and capture.state in DONE:
            content = contents.get(capture.sha256)
            case.capture_id, case.hosting_id = capture.pk, hosting.get(capture.pk)
            case.content_id = content.pk if content else None
            case.state = _concluded(capture, content, standing[capture.pk], events)
            if content is not None and standing[capture.pk]:
                verdicts.update(_verdicts(apps, content, standing[capture.pk], events[-1][1]))
        case.state_changed_at = events[-1][1]
        cases.append(case)
        timelines.append(events)
    case_model.objects.bulk_create(cases, batch_size=CHUNK)
    event_model.objects.bulk_create(
        [
            event_model(case_id=case.pk, kind=k, at=at, actor=ACTOR, capture_id=c, details=d)
            for case, events in zip(cases, timelines, strict=True)
            for k, at, d, c in events
        ],
        batch_size=CHUNK,
    )


def _opening(links, first_reported):
    """received (and re_reported) at each report's time: (kind, at, details, capture)."""
    if not links:
        return [("received", first_reported, {"channel": "page"}, None)]
    events = [("received", links[0][0], {"channel": links[0][1]}, None)]
    events += [("re_reported", at, {"channel": channel}, None) for at, channel in links[1:]]
    return events


def _concluded(capture, content, standing, events):
    at = max(capture.settled_at or capture.updated_at, events[-1][1])  # never before receipt
    found = {"content": content.pk if content else None, "sha256": capture.sha256}
    events.append(("captured", at, {**found, "kind": capture.kind}, capture.pk))
    if capture.state == "awaiting_assessment":
        events.append(("queued", at, {}, capture.pk))
        return "awaiting_assessment"
    events.append(("matched", at, {"matches": [m.pk for m in standing]}, capture.pk))
    return "settled_by_match"


def _verdicts(apps, content, standing, at):
    """The verdicts the standing matches imply, by (content, jurisdiction)."""
    verdict_model = apps.get_model("cases", "Verdict")
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
    return {
        (content.pk, draft.jurisdiction): verdict_model(
            content=content,
            jurisdiction=draft.jurisdiction,
            legality=draft.legality.value,
            baseline=draft.baseline.value,
            classification=draft.classification.value,
            source=draft.source.value,
            provenance=provenance,
            rule_version=draft.rule_version,
            decided_by=ACTOR,
            decided_at=at,
        )
        for draft in verdicts_from_list(classification, country)
    }


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("capture", "0006_many_captures_per_item"),
        ("intake", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
