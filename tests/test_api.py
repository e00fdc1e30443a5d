"""``tgpl.api``: one import for callers, and every public value round-trips through plain JSON."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import tgpl
from tgpl import api
from tgpl.domain.lifecycle import CaseState, Refusal, RefusalReason, decide, replay
from tgpl.rules.deadlines import deadlines
from tgpl.testing.strategies import activities, cases


def _through_json(value: Any, cls: Any) -> Any:
    return api.structure(json.loads(json.dumps(api.unstructure(value))), cls)


def test_api_exports_are_unique_and_resolve_and_reach_the_top_level() -> None:
    assert len(set(api.__all__)) == len(api.__all__)
    for name in api.__all__:
        assert getattr(api, name) is not None, name
        assert getattr(tgpl, name) is getattr(api, name), name
    needed = {"EndKind", "Matter", "ReviewerLevel", "Trigger", "check_eligibility", "deadlines", "overdue",
              "grade_review", "build_report", "load_plugins", "apply", "open_store", "ConcurrencyError", "Refusal"}
    assert needed <= set(api.__all__)
    assert {cls.__name__ for cls in api.EventBase.__subclasses__()} <= set(api.__all__)


@settings(max_examples=25, deadline=None)
@given(case=cases(), data=st.data())
def test_case_values_round_trip(case: api.Case, data: st.DataObject) -> None:
    assert _through_json(case, api.Case) == case
    state = replay(case)
    assert _through_json(state, CaseState) == state
    request = api.Request.of_case(case)
    assert _through_json(request, api.Request) == request
    for d in deadlines(case, strict=False):
        assert _through_json(d, api.Deadline) == d
    if case.events:
        prefix = api.Case(**{**{f: getattr(case, f) for f in ("code", "organisation", "unit", "form", "field",
                                                              "beneficiaries", "source", "role")},
                             "events": case.events[:-1]})
        applied = api.apply(prefix, case.events[-1])
        assert isinstance(applied, api.Applied)
        assert _through_json(applied, api.Applied) == applied
    # A refusal keeps the refused command's type and payload.
    command = data.draw(st.sampled_from(case.events)) if case.events else None
    if command is not None:
        result = decide(state, command)
        if isinstance(result, Refusal):
            back = _through_json(result, Refusal)
            assert back == result
            assert type(back.command) is type(command)
            assert all(isinstance(r, RefusalReason) for r in back.reasons)


@settings(max_examples=15, deadline=None)
@given(activity=activities())
def test_activities_round_trip(activity: Any) -> None:
    assert _through_json(activity, type(activity)) == activity


def test_every_event_kind_survives_as_a_refused_command() -> None:
    from tgpl.testing.strategies import valid_histories

    seen: set[str] = set()

    @settings(max_examples=40, deadline=None)
    @given(events=valid_histories(complete=True))
    def check(events: tuple[api.Event, ...]) -> None:
        state = api.initial_state(api.Form.LITIGATION)
        for event in events:
            refusal = Refusal(event, state.stage, (RefusalReason("x", "lý do", "reason", "Law Art 30"),))
            assert _through_json(refusal, Refusal) == refusal
            seen.add(event.kind)

    check()
    assert {"request_received", "accepted", "ended"} <= seen
