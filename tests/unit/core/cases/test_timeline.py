"""The case workflow: which event may follow which state, and where a timeline leads."""

import pytest

from meldpunt.core.cases.timeline import (
    TRANSITIONS,
    CaseState,
    EventKind,
    TransitionRefused,
    advance,
    opening_state,
    replay,
)

S, E = CaseState, EventKind


def walk(state: CaseState, kinds: list[EventKind]) -> list[CaseState]:
    """Every state passed through, one per event."""
    states = []
    for kind in kinds:
        state = advance(state, kind)
        states.append(state)
    return states


def test_a_case_walks_the_whole_workflow_and_back_again():
    kinds = [E.CAPTURED, E.QUEUED, E.ASSESSED, E.ROUTED, E.REFERRED, E.NOTICED, E.REMOVED]
    kinds += [E.REOPENED, E.ASSESSED, E.ROUTED, E.NOTICED, E.CLOSED]
    assert walk(opening_state(), kinds) == [
        S.CAPTURED,
        S.AWAITING_ASSESSMENT,
        S.ASSESSED,
        S.ROUTED,
        S.ROUTED,  # a referral keeps the case routed
        S.NOTICED,
        S.REMOVED,
        S.AWAITING_ASSESSMENT,  # reopened: back in the analyst queue
        S.ASSESSED,
        S.ROUTED,
        S.NOTICED,
        S.CLOSED,
    ]


def test_a_match_settles_a_case_without_an_analyst():
    kinds = [E.CAPTURED, E.MATCHED, E.ROUTED, E.FORWARDED, E.NOTICED, E.NOTICED, E.REMOVED]
    assert walk(S.RECEIVED, kinds) == [
        S.CAPTURED,
        S.SETTLED_BY_MATCH,
        S.ROUTED,
        S.ROUTED,
        S.NOTICED,
        S.NOTICED,  # a second notice to the host
        S.REMOVED,
    ]


def test_a_queued_case_can_still_be_settled_by_a_later_match():
    assert advance(S.AWAITING_ASSESSMENT, E.MATCHED) is S.SETTLED_BY_MATCH


def test_an_analyst_may_assess_a_settled_case_and_assess_again():
    assert advance(S.SETTLED_BY_MATCH, E.ASSESSED) is S.ASSESSED
    assert advance(S.ASSESSED, E.ASSESSED) is S.ASSESSED


@pytest.mark.parametrize("kind", [E.RE_REPORTED, E.REVIEWED, E.RECHECKED, E.MOVED])
def test_events_that_only_record_keep_the_state(kind):
    for state in TRANSITIONS[kind][0] - {S.AWAITING_REVIEW}:
        assert advance(state, kind) is state


def test_a_held_assessment_waits_for_a_review_and_nothing_routes_it_meanwhile():
    held = advance(S.ASSESSED, E.HELD)
    assert held is S.AWAITING_REVIEW
    for kind in (E.ROUTED, E.NOTICED, E.REMOVED, E.ASSESSED):
        with pytest.raises(TransitionRefused):
            advance(held, kind)
    assert advance(held, E.REVIEWED) is S.ASSESSED
    assert advance(S.ROUTED, E.REVIEWED) is S.ROUTED  # a correction later keeps its state


@pytest.mark.parametrize(
    ("state", "kind"),
    [
        (S.CAPTURED, E.CAPTURED),  # captured twice
        (S.ASSESSED, E.NOTICED),  # noticed before routed
        (S.SETTLED_BY_MATCH, E.NOTICED),
        (S.CLOSED, E.CLOSED),  # closed twice
        (S.REMOVED, E.CLOSED),
        (S.RECEIVED, E.QUEUED),  # queued before captured
        (S.RECEIVED, E.MATCHED),
        (S.RECEIVED, E.RECHECKED),  # nothing to recheck before a capture
        (S.AWAITING_ASSESSMENT, E.ROUTED),  # routed before anyone decided
        (S.AWAITING_ASSESSMENT, E.REMOVED),
        (S.ASSESSED, E.REFERRED),  # referred before routed
        (S.NOTICED, E.REOPENED),  # only a finished case is reopened
        (S.REMOVED, E.NOTICED),
    ],
)
def test_an_event_out_of_place_is_refused(state, kind):
    with pytest.raises(TransitionRefused) as refused:
        advance(state, kind)
    assert (refused.value.state, refused.value.kind) == (state, kind)
    assert str(refused.value) == f"a case that is {state.value} cannot be {kind.value}"


@pytest.mark.parametrize("state", list(CaseState))
def test_no_case_is_received_again_through_advance(state):
    with pytest.raises(TransitionRefused):
        advance(state, E.RECEIVED)


def test_every_event_but_received_has_a_transition():
    assert set(TRANSITIONS) == set(EventKind) - {E.RECEIVED}


def test_no_event_leads_back_to_received_and_every_state_can_be_reached():
    leads_to = {target for _, target in TRANSITIONS.values() if target is not None}
    assert S.RECEIVED not in leads_to
    assert leads_to == set(CaseState) - {S.RECEIVED}


@pytest.mark.parametrize("state", list(CaseState))
def test_an_open_case_can_be_closed_and_a_finished_one_reopened(state):
    if state in (S.REMOVED, S.CLOSED):
        assert advance(state, E.REOPENED) is S.AWAITING_ASSESSMENT
    else:
        assert advance(state, E.CLOSED) is S.CLOSED


def test_a_timeline_replays_to_its_last_state():
    assert replay([E.RECEIVED]) is S.RECEIVED
    assert replay([E.RECEIVED, E.RE_REPORTED, E.CAPTURED, E.QUEUED]) is S.AWAITING_ASSESSMENT
    settled = [E.RECEIVED, E.CAPTURED, E.MATCHED, E.ROUTED, E.NOTICED, E.REMOVED, E.REOPENED]
    assert replay(settled) is S.AWAITING_ASSESSMENT


def test_replay_refuses_the_first_event_out_of_place():
    with pytest.raises(TransitionRefused) as refused:
        replay([E.RECEIVED, E.CAPTURED, E.QUEUED, E.NOTICED, E.CAPTURED])
    assert (refused.value.state, refused.value.kind) == (S.AWAITING_ASSESSMENT, E.NOTICED)


@pytest.mark.parametrize("kinds", [[], [E.CAPTURED], [E.CAPTURED, E.RECEIVED]])
def test_a_timeline_starts_with_the_case_being_received(kinds):
    with pytest.raises(ValueError, match="starts with the case being received"):
        replay(kinds)


def test_a_second_received_in_a_timeline_is_refused():
    with pytest.raises(TransitionRefused):
        replay([E.RECEIVED, E.RECEIVED])


def test_a_case_settled_by_a_rejected_match_is_reopened_for_an_analyst():
    assert advance(S.SETTLED_BY_MATCH, E.REOPENED) is S.AWAITING_ASSESSMENT
    assert walk(S.RECEIVED, [E.CAPTURED, E.MATCHED, E.REOPENED, E.ASSESSED]) == [
        S.CAPTURED,
        S.SETTLED_BY_MATCH,
        S.AWAITING_ASSESSMENT,
        S.ASSESSED,
    ]
    for state in (S.ASSESSED, S.ROUTED, S.AWAITING_ASSESSMENT):
        with pytest.raises(TransitionRefused):
            advance(state, E.REOPENED)
