"""`meldpunt exposure-policy`: shows the limits, changes them all checked together, and says
why a change that could not protect anyone is refused; and the server's decision on reveals."""

from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.utils import timezone, translation

from meldpunt.assess.admin import ExposureLimitsForm
from meldpunt.assess.exposure import current_policy, exposure_now, may_reveal
from meldpunt.assess.models import Reveal
from meldpunt.audit.models import AuditEvent
from meldpunt.cli.main import cli
from meldpunt.core.exposure.limits import Allowed, RefusalReason, Refused
from tests import factories
from tests.support.waiting import waiting_cases

pytestmark = pytest.mark.django_db(transaction=True)


def policy(*args: str):
    return CliRunner().invoke(cli, ["exposure-policy", *args])


def test_the_defaults_are_shown_and_a_change_is_audited():
    shown = policy()
    assert shown.exit_code == 0, shown.output
    assert "daily limit        120 minutes" in shown.output
    assert "no viewing after   none" in shown.output
    changed = policy("--daily-minutes", "300", "--no-viewing-after", "16:00")
    assert changed.exit_code == 0, changed.output
    assert "300 minutes" in changed.output and "16:00" in changed.output
    assert current_policy().daily_minutes == 300
    event = AuditEvent.objects.get(action="exposure.policy_changed")
    assert event.details["daily_minutes"] == [120, 300]
    assert event.details["no_viewing_after"] == [None, "16:00"]
    assert "none" in policy("--no-viewing-after", "none").output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--daily-minutes", "30"], "session"),  # continuous viewing longer than a day's
        (["--no-viewing-after", "4pm"], "HH:MM"),
        (["--break-minutes", "0"], "0"),
    ],
)
def test_a_policy_that_cannot_hold_is_refused_and_nothing_changes(args, says):
    refused = policy(*args)
    assert refused.exit_code != 0
    assert says in refused.output
    assert current_policy().daily_minutes == 120
    assert not AuditEvent.objects.filter(action="exposure.policy_changed").exists()


def test_a_reveal_is_refused_once_the_daily_minute_is_used_and_says_when_to_resume():
    assert (
        policy("--daily-minutes", "1", "--session-minutes", "1", "--reveal-minutes", "1").exit_code
        == 0
    )
    [case] = waiting_cases(1)
    analyst, now = factories.staff_user(), timezone.now()
    assert isinstance(may_reveal(analyst, now), Allowed)
    Reveal.objects.create(
        analyst=analyst,
        session="s",
        case=case,
        content=case.content,
        step="less_blurred",
        started_at=now - timedelta(seconds=70),
        last_activity_at=now - timedelta(seconds=10),
        ended_at=now - timedelta(seconds=5),
    )
    decision = may_reveal(analyst, now)
    assert isinstance(decision, Refused)
    assert decision.reason in (RefusalReason.DAILY_LIMIT, RefusalReason.SESSION_LIMIT)
    assert decision.resume_at > now
    assert exposure_now(analyst, now).today_left == timedelta(0)


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("en", "Continuous viewing (minutes): 45 is more than the daily limit of 30."),
        ("nl", "Aaneengesloten kijktijd (minuten): 45 is meer dan de daglimiet van 30."),
        ("fr", "Visionnage continu (minutes) : 45 dépasse la limite quotidienne de 30."),
    ],
)
def test_the_admin_form_names_the_field_and_the_problem_in_the_readers_language(language, says):
    limits = {"daily_minutes": 30, "session_minutes": 45, "break_minutes": 15, "reveal_minutes": 2}
    with translation.override(language):
        form = ExposureLimitsForm(data=limits)
        assert not form.is_valid()
        assert [says in message for message in form.errors["session_minutes"]] == [True]
    assert current_policy().daily_minutes == 120
