"""Cases waiting for an analyst, made in bulk without running the pipeline."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from meldpunt.capture.models import Capture
from meldpunt.cases.models import Case, Content, ContentGroup
from tests import factories

URLS_PER_REPORT = 50


def waiting_cases(works: int, per_group: int = 1, host: str = "queue.example.org") -> list[Case]:
    """`works` pieces of work waiting, in queue order: each a content of its own
    (per_group=1) or a near-copy group of `per_group` contents, one case per content."""
    urls = [f"https://{host}/{n}.jpg" for n in range(works * per_group)]
    for start in range(0, len(urls), URLS_PER_REPORT):
        factories.report(*urls[start : start + URLS_PER_REPORT])
    cases = list(Case.objects.filter(item__host=host).order_by("pk"))
    with transaction.atomic():
        groups = ContentGroup.objects.bulk_create(
            [ContentGroup(size=per_group) for _ in range(works)] if per_group > 1 else []
        )
        contents = Content.objects.bulk_create([_content() for _ in cases])
        for n, (case, content) in enumerate(zip(cases, contents, strict=True)):
            if groups:
                content.group = groups[n // per_group]
            case.content, case.state = content, "awaiting_assessment"
            case.queue_since = timezone.now()
            case.queue_reports = 1
        if groups:
            Content.objects.bulk_update(contents, ["group"])
        Case.objects.bulk_update(cases, ["content", "state", "queue_since", "queue_reports"])
        Capture.objects.filter(item__host=host).update(state="concluded")
    return cases


def _content() -> Content:
    return Content(
        sha256=secrets.token_hex(32),
        md5=secrets.token_hex(16),
        sha1=secrets.token_hex(20),
        kind="image",
    )
