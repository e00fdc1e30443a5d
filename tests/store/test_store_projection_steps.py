"""The shortcuts of an append from a remembered stream give what a computation from the
whole history gives: the state moved on by the new events, and the deadline rows kept
when no new event is of a kind a deadline rule reads (:data:`DEADLINE_KINDS`)."""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.domain import Case
from tgpl.domain.lifecycle import initial_state
from tgpl.store.projections import DEADLINE_KINDS, evolve_lenient, project, state_of
from tgpl.testing.strategies import cases


@settings(max_examples=60, deadline=None)
@given(case=st.one_of(cases(), cases(valid=False)), data=st.data())
def test_an_append_from_a_remembered_prefix_equals_the_whole_history(case: Case, data: st.DataObject) -> None:
    events = case.events
    k = data.draw(st.integers(1, len(events)), label="events already stored")
    before, new = events[:k], events[k:]
    whole = state_of(case.form, case.field, events)
    assert evolve_lenient(state_of(case.form, case.field, before), new) == whole
    assert evolve_lenient(initial_state(case.form, case.field), events) == whole
    if not any(e.kind in DEADLINE_KINDS for e in new):
        prefix = attrs.evolve(case, events=before)
        assert project(whole, case)[1] == project(state_of(case.form, case.field, before), prefix)[1]


@settings(max_examples=30, deadline=None)
@given(case=cases())
def test_kinds_no_deadline_rule_reads_leave_the_rows_as_they_were(case: Case) -> None:
    # The suffix of events of other kinds is often empty above; here every such event is
    # dropped from the history and the rows must not change.
    kept = tuple(e for e in case.events if e.kind in DEADLINE_KINDS or e is case.events[0])
    if len(kept) == len(case.events):
        return
    rows_all = project(state_of(case.form, case.field, case.events), case)[1]
    reduced = attrs.evolve(case, events=kept)
    rows_kept = project(state_of(case.form, case.field, kept), reduced)[1]
    assert [(d.rule, d.due) for d in rows_all] == [(d.rule, d.due) for d in rows_kept]
