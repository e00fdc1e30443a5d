"""Projections of the event store: the read models a Center queries every morning.

A projection is a cache (docs/architecture.md principle 1): it is written in the same
transaction as the events it derives from and can be rebuilt from them at any time
(:meth:`tgpl.store.EventStore.rebuild_projections`). Two tables:

* ``tgpl_proj_cases`` — one row per stream: the stage, the current provider while the
  case is open, and how many appraisals were recorded. It answers *open cases by
  provider* (stages accepted / in progress), *awaiting appraisal* (ended, handed over or
  archived with no appraisal recorded; TT12 Art 14) and *requests not yet decided*
  (stage received: neither accepted, refused nor transferred; Law Art 30).
* ``tgpl_proj_deadlines`` — the time limits the stream's events started that are neither
  met nor cancelled by its last event (:func:`tgpl.rules.deadlines.deadlines`), with
  their due moments in UTC. Since no later event is recorded, such a deadline is open
  until its due moment and overdue after it: *deadlines due or overdue as of a moment*
  is a range query on ``due``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from attrs import frozen

from tgpl.domain import Case, Form, LegalField
from tgpl.domain.events import Event
from tgpl.domain.lifecycle import CaseState, evolve, fold, initial_state
from tgpl.errors import LifecycleError, RuleNotInForceError
from tgpl.rules.deadlines import DEADLINE_RULES, Status, deadlines

__all__ = ["DEADLINE_KINDS", "CaseRow", "DeadlineRow", "case_row", "evolve_lenient", "project", "state_of", "utc_text"]

_OPEN_STATUSES = (Status.OPEN, Status.OVERDUE)

#: Every event kind a deadline rule reads: triggers, and the kinds that meet, cancel,
#: restart or extend a time limit. The rules' conditions read the case's header and the
#: triggering event only, so appending events of no other kind leaves the deadline rows
#: as they were (the due moments do not depend on later events of other kinds, and
#: open and overdue limits are both projected): the append need not evaluate them again.
DEADLINE_KINDS: frozenset[str] = frozenset(
    kind
    for rule in DEADLINE_RULES
    for kind in (rule.trigger, *rule.satisfied_by, *rule.cancelled_by, *rule.restarted_by, *rule.extended_by)
)


@frozen
class CaseRow:
    """The ``tgpl_proj_cases`` row of one stream."""

    stage: str
    provider_id: str | None
    appraisals: int


@frozen
class DeadlineRow:
    """One ``tgpl_proj_deadlines`` row: an unmet time limit and its due moment (UTC text)."""

    rule: str
    trigger_index: int
    due: str


def utc_text(moment: dt.datetime) -> str:
    """A moment as sortable UTC text (``2026-03-02T01:30:00+00:00``), the form of ``due``."""
    return moment.astimezone(dt.UTC).isoformat()


def state_of(form: Form, field: LegalField | None, events: Sequence[Event]) -> CaseState:
    """The state of a stream: the fold of its events.

    Streams written through :func:`tgpl.api.apply` hold only histories :func:`decide`
    allowed. Imported records are stored as the file says (``tgpl store check`` reports
    what the law does not allow); for them an event the table has no row for at the
    current stage is skipped here, as :func:`tgpl.domain.lifecycle.check_history` does.
    """
    start = initial_state(form, field)
    try:
        return fold(start, events)
    except LifecycleError:
        return evolve_lenient(start, events)


def evolve_lenient(state: CaseState, events: Sequence[Event]) -> CaseState:
    """``state`` moved on by ``events``, skipping an event the table has no row for.

    ``state_of(form, field, old + new) == evolve_lenient(state_of(form, field, old), new)``:
    where every event applies this is ``fold``, and otherwise both skip the same events,
    so an append computes the new state from the state it remembered.
    """
    for event in events:
        try:
            state = evolve(state, event)
        except LifecycleError:
            continue
    return state


def case_row(state: CaseState) -> CaseRow:
    """The ``tgpl_proj_cases`` row of a stream in ``state``."""
    provider = state.provider.provider_id if state.is_open and state.provider is not None else None
    return CaseRow(state.stage.value, provider, state.appraisals)


def project(state: CaseState, case: Case | None) -> tuple[CaseRow, list[DeadlineRow]]:
    """The projection rows of one stream from its state and (when it has events) its case."""
    row = case_row(state)
    if case is None or not case.events:
        return row, []
    try:
        found = deadlines(case, strict=False)
    except RuleNotInForceError:  # e.g. a date outside the working calendar: no deadline is projected
        return row, []
    return row, [
        DeadlineRow(d.rule.id, d.trigger_index, utc_text(d.due)) for d in found if d.status in _OPEN_STATUSES
    ]
