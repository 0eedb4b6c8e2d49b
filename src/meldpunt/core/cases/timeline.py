"""The case's workflow states and the typed events that move it: every transition is an event.

received -> captured -> awaiting_assessment | settled_by_match -> assessed -> routed ->
noticed -> removed | closed; an assessment that needs four eyes is held (awaiting_review)
until a senior analyst's review settles it.

Statistics are computed from the events alone, so each one says what happened and when, and
the state is only their running result: `advance` is the one place that knows which event
may follow which state.
"""

from __future__ import annotations

from enum import StrEnum


class CaseState(StrEnum):
    """Where a case stands in the whole workflow."""

    RECEIVED = "received"
    CAPTURED = "captured"
    AWAITING_ASSESSMENT = "awaiting_assessment"
    SETTLED_BY_MATCH = "settled_by_match"
    ASSESSED = "assessed"
    AWAITING_REVIEW = "awaiting_review"  # four eyes: nothing is routed until a senior settles it
    ROUTED = "routed"
    NOTICED = "noticed"
    REMOVED = "removed"
    CLOSED = "closed"


class EventKind(StrEnum):
    """What can happen to a case; past tense, as it is recorded."""

    RECEIVED = "received"
    RE_REPORTED = "re_reported"
    CAPTURED = "captured"
    QUEUED = "queued"  # entered the analyst queue: nothing known settles it
    MATCHED = "matched"
    ASSESSED = "assessed"
    HELD = "held"  # for a senior analyst's review: doubtful, not sure, or two who disagree
    REVIEWED = "reviewed"
    ROUTED = "routed"
    REFERRED = "referred"
    FORWARDED = "forwarded"
    NOTICED = "noticed"
    RECHECKED = "rechecked"
    MOVED = "moved"
    REMOVED = "removed"
    REOPENED = "reopened"
    CLOSED = "closed"


S, E = CaseState, EventKind
OPEN = frozenset(set(S) - {S.REMOVED, S.CLOSED})
AFTER_CAPTURE = frozenset(set(S) - {S.RECEIVED})
DECIDED = frozenset({S.SETTLED_BY_MATCH, S.ASSESSED, S.ROUTED, S.NOTICED})

# event: (the states it may follow, the state it leads to; None keeps the state)
TRANSITIONS: dict[EventKind, tuple[frozenset[CaseState], CaseState | None]] = {
    E.RE_REPORTED: (frozenset(S), None),
    E.CAPTURED: (frozenset({S.RECEIVED}), S.CAPTURED),
    E.QUEUED: (frozenset({S.CAPTURED}), S.AWAITING_ASSESSMENT),
    E.MATCHED: (frozenset({S.CAPTURED, S.AWAITING_ASSESSMENT}), S.SETTLED_BY_MATCH),
    # From captured: the same bytes were assessed before, and the case inherits that at once.
    E.ASSESSED: (
        frozenset({S.CAPTURED, S.AWAITING_ASSESSMENT, S.SETTLED_BY_MATCH, S.ASSESSED}),
        S.ASSESSED,
    ),
    E.HELD: (frozenset({S.ASSESSED, S.SETTLED_BY_MATCH}), S.AWAITING_REVIEW),
    E.REVIEWED: (
        frozenset({S.AWAITING_REVIEW, S.ASSESSED, S.SETTLED_BY_MATCH, S.ROUTED, S.NOTICED}),
        None,
    ),
    E.ROUTED: (DECIDED, S.ROUTED),
    E.REFERRED: (frozenset({S.ROUTED, S.NOTICED}), None),
    E.FORWARDED: (frozenset({S.ROUTED, S.NOTICED}), None),
    E.NOTICED: (frozenset({S.ROUTED, S.NOTICED}), S.NOTICED),
    E.RECHECKED: (AFTER_CAPTURE, None),
    E.MOVED: (AFTER_CAPTURE, None),
    E.REMOVED: (DECIDED, S.REMOVED),
    # From settled_by_match: the list entry that settled it was rejected (a senior confirmed).
    E.REOPENED: (frozenset({S.REMOVED, S.CLOSED, S.SETTLED_BY_MATCH}), S.AWAITING_ASSESSMENT),
    E.CLOSED: (OPEN, S.CLOSED),
}


# Where an event leads elsewhere from one state than from the others: a review settles a hold.
FROM_STATE: dict[tuple[CaseState, EventKind], CaseState] = {
    (S.AWAITING_REVIEW, E.REVIEWED): S.ASSESSED,
}


class TransitionRefused(ValueError):
    """This event cannot happen to a case in this state."""

    def __init__(self, state: CaseState, kind: EventKind) -> None:
        super().__init__(f"a case that is {state.value} cannot be {kind.value}")
        self.state, self.kind = state, kind


def opening_state() -> CaseState:
    """The state a case starts in, with its `received` event."""
    return CaseState.RECEIVED


def advance(state: CaseState, kind: EventKind) -> CaseState:
    """The state after `kind` happens to a case in `state`; refused if it cannot happen."""
    if kind is EventKind.RECEIVED:
        raise TransitionRefused(state, kind)  # only a new case is received
    follows, leads_to = TRANSITIONS[kind]
    if state not in follows:
        raise TransitionRefused(state, kind)
    return FROM_STATE.get((state, kind)) or leads_to or state


def replay(kinds: list[EventKind]) -> CaseState:
    """The state a timeline leads to, from its first event (`received`) on."""
    if not kinds or kinds[0] is not EventKind.RECEIVED:
        raise ValueError("a timeline starts with the case being received")
    state = opening_state()
    for kind in kinds[1:]:
        state = advance(state, kind)
    return state
