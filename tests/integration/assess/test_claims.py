"""Claiming work from the analyst queue: one holder per content or group, lapsing claims."""

import json
import os
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from meldpunt.accounts.models import Role
from meldpunt.assess.claims import Work, claim_next, release, renew
from meldpunt.assess.models import Claim, WorkPolicy
from meldpunt.cases.models import Case
from tests import factories
from tests.e2e.processes import environment
from tests.support.waiting import waiting_cases

pytestmark = pytest.mark.django_db(transaction=True)


def test_analysts_take_the_queue_in_order_and_never_the_same_group():
    cases = waiting_cases(3, per_group=2)  # groups: (0, 1), (2, 3), (4, 5)
    one, two, three = (factories.staff_user() for _ in range(3))
    now = timezone.now()
    first = claim_next(one, now)
    second = claim_next(two, now)
    assert first.case_id == cases[0].pk
    assert second.case_id == cases[2].pk  # case 1 shares the first case's group
    assert claim_next(three, now).case_id == cases[4].pk
    assert claim_next(factories.staff_user(), now) is None  # every group is held
    assert claim_next(one, now).pk == first.pk  # asking again gives back the same claim


def test_a_lapsed_claim_goes_to_the_next_analyst_and_renewing_keeps_it():
    cases = waiting_cases(1)
    one, two = factories.staff_user(), factories.staff_user()
    now = timezone.now()
    WorkPolicy.objects.update_or_create(pk=1, defaults={"claim_minutes": 15})
    claim_next(one, now)
    assert renew(one, now + timedelta(minutes=10)) is not None  # now good until minute 25
    assert claim_next(two, now + timedelta(minutes=20)) is None
    taken = claim_next(two, now + timedelta(minutes=26))
    assert taken.case_id == cases[0].pk and taken.analyst == two
    assert renew(one, now + timedelta(minutes=26)) is None  # theirs lapsed


def test_a_released_claim_is_free_again_and_a_settled_case_is_dropped():
    cases = waiting_cases(2)
    one, two = factories.staff_user(), factories.staff_user()
    now = timezone.now()
    claim_next(one, now)
    release(one)
    assert claim_next(two, now).case_id == cases[0].pk
    Case.objects.filter(pk=cases[0].pk).update(state="settled_by_match")
    assert claim_next(two, now).case_id == cases[1].pk


def test_work_is_the_group_then_the_content_then_the_case():
    grouped, alone = waiting_cases(1, per_group=2)[0], waiting_cases(1, host="b.example.org")[0]
    assert Work.of(grouped).key == f"group:{grouped.content.group_id}"
    assert Work.of(alone).key == f"content:{alone.content_id}"
    alone.content = None
    assert Work.of(alone).key == f"case:{alone.pk}"


CLAIMING = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    from django.utils import timezone
    from meldpunt.accounts.models import User
    from meldpunt.assess.claims import Work, claim_next, release
    from meldpunt.cases.models import Case

    analyst, taken = User.objects.get(username=sys.argv[1]), []
    for _ in range(int(sys.argv[2])):
        claim = claim_next(analyst, timezone.now())
        if claim is None:
            break
        taken.append(Work.of(claim.case).key)
        group = claim.case.content.group_id
        done = Case.objects.filter(content__group=group) if group else Case.objects.filter(
            content=claim.case.content_id
        )
        done.update(state="assessed")  # as an assessment of the whole work would
        release(analyst)
    print(json.dumps(taken))
    """
)


@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="a PostgreSQL run only")
def test_two_processes_claiming_200_times_each_at_once_never_get_the_same_work(tmp_path: Path):
    waiting_cases(250, per_group=2)
    waiting_cases(200, host="single.example.org")
    names = [factories.staff_user(Role.ANALYST).username for _ in range(2)]
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    env = {**environment(tmp_path / "data", url), "DJANGO_SETTINGS_MODULE": "meldpunt.settings"}
    script = tmp_path / "claiming.py"
    script.write_text(CLAIMING)
    runs = [
        subprocess.Popen(
            [sys.executable, str(script), name, "200"], env=env, stdout=subprocess.PIPE, text=True
        )
        for name in names
    ]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    each = [json.loads(out) for out in outputs]
    assert [len(taken) for taken in each] == [200, 200]
    repeated = [work for work, n in Counter(each[0] + each[1]).items() if n > 1]
    assert repeated == []
    assert Claim.objects.count() == 0
