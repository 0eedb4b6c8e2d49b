"""Near-copy groups in a real browser: a senior analyst finds a group that chaining made too
wide and splits it; an analyst has no such page."""

import re

import pytest

from tests.e2e.browser.flows import picture, sign_in

pytestmark = pytest.mark.e2e

# Three contents whose hashes chain: B is 20 bits from A, C 20 bits from B, A and C 40 apart.
SEED = """
import os, random, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldpunt.settings")
django.setup()
from django.db import transaction
from meldpunt.cases.models import Content
from meldpunt.cases.near_copies import place

rng = random.Random(7)
a = rng.getrandbits(256)
bits = rng.sample(range(256), 40)
hashes = [a, a ^ sum(1 << b for b in bits[:20]), a ^ sum(1 << b for b in bits)]
with transaction.atomic():
    made = []
    for n, value in enumerate(hashes):
        pdq = f"{value:064x}"
        made.append(Content.objects.create(
            sha256=f"{n + 1:064x}", md5="0" * 32, sha1="0" * 40, kind="image",
            pdq=pdq, pdq_quality=100, pdq_variants=[pdq] * 8,
        ))
    place(made, 31)
print(Content.objects.get(pk=made[0].pk).group_id, made[2].pk)
"""


def test_a_senior_analyst_splits_a_group_that_chaining_made_too_wide(site, page):
    from tests.e2e.processes import run_python

    result = run_python(site.env, "-c", SEED, timeout=60)
    assert result.returncode == 0, result.stderr
    group, far = (int(n) for n in result.stdout.split())

    sign_in(page, site.staff("senior-analyst"))
    page.get_by_role("link", name="Near copies").click()
    page.wait_for_url(re.compile(r"/staff/groups/$"))
    row = page.locator(f"#groups tr[data-group='{group}']")
    assert "40" in row.inner_text() and "wider than the threshold" in row.inner_text()
    picture(page, "near-copy-groups")

    row.get_by_role("link", name=f"Group {group}").click()
    page.wait_for_url(re.compile(rf"/staff/groups/{group}/$"))
    assert page.locator("#members tbody tr").count() == 3
    assert page.locator("img").count() == 0  # hashes and distances only, never an image
    page.get_by_label(f"Move content {far}").check()
    picture(page, "near-copy-group")
    page.get_by_role("button", name="Move the ticked members to a new group").click()
    page.wait_for_url(re.compile(rf"/staff/groups/{group}/$"))
    assert "1 member now forms group" in page.locator(".messages").inner_text()
    assert page.locator("#members tbody tr").count() == 2
    assert "20 bits" in page.locator("#members").inner_text()
    assert "content_group.split" in site.audit_actions()

    page.get_by_role("button", name="Move the ticked members to a new group").click()
    assert "tick at least one member" in page.locator(".messages").inner_text()


def test_an_analyst_has_no_group_pages(site, page):
    sign_in(page, site.staff("analyst"))
    assert page.get_by_role("link", name="Near copies").count() == 0
    response = page.goto("/staff/groups/")
    assert response.status == 403
