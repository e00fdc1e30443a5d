"""Hearings attended (tham gia phiên tòa): the lifecycle rows, the online date rule of
NQ 33/2021/QH15 (in force 01/01/2022), the litigation guard, and their validation."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.domain import (
    ONLINE_HEARINGS_FROM,
    VN_TZ,
    Accepted,
    Beneficiary,
    Case,
    Ended,
    EndKind,
    Event,
    FileCode,
    Form,
    HearingAttended,
    HearingMode,
    LegalField,
    ProviderAssigned,
    ProviderKind,
    RequestReceived,
    TrialInstance,
    UnitRef,
    at_vn,
)
from tgpl.domain.lifecycle import (
    TRANSITIONS,
    Refusal,
    check_history,
    decide,
    fold,
    initial_state,
    replay,
)
from tgpl.rules.validation import validate_case
from tgpl.testing.strategies import valid_histories

UNIT = UnitRef.parse("2004:06")


def case(form: Form, *events: Event) -> Case:
    return Case(code=FileCode("TT", form, 1, events[0].on.year), organisation="o", unit=UNIT, form=form,
                field=LegalField.CRIMINAL, beneficiaries=(Beneficiary("p1"),), events=events)


def handled(day: dt.date, form: Form = Form.LITIGATION) -> list[Event]:
    """A request accepted and assigned on ``day``: the provider now handles the case."""
    kind = ProviderKind.TGV
    return [RequestReceived(on=at_vn(day, 8)), Accepted(on=at_vn(day, 9)),
            ProviderAssigned(on=at_vn(day, 10), provider_id="NTH-1", provider_kind=kind)]


def codes(result: object) -> set[str]:
    assert isinstance(result, Refusal)
    return {r.code for r in result.reasons}


def test_nq33_is_in_force_from_1_january_2022() -> None:
    assert dt.date(2022, 1, 1) == ONLINE_HEARINGS_FROM
    rows = [r for r in TRANSITIONS if r.event is HearingAttended]
    assert [(r.effective_from, r.effective_to) for r in rows] == [
        (dt.date(2018, 1, 1), dt.date(2021, 12, 31)), (dt.date(2022, 1, 1), None)]
    assert "NQ 33/2021/QH15" in rows[1].citation
    assert "TTLT 05/2021" in rows[1].citation


@pytest.mark.parametrize(("moment", "allowed"), [
    (at_vn(dt.date(2021, 12, 31), 23), False),
    (dt.datetime(2021, 12, 31, 17, 30, tzinfo=dt.UTC), True),  # 00:30 on 01/01/2022 in Vietnam
    (at_vn(dt.date(2022, 1, 1), 8), True),
])
def test_an_online_hearing_needs_nq33_in_force_on_its_vietnamese_day(moment: dt.datetime, allowed: bool) -> None:
    state = replay(case(Form.LITIGATION, *handled(dt.date(2021, 12, 20))))
    online = HearingAttended(on=moment, mode=HearingMode.ONLINE)
    result = decide(state, online)
    if allowed:
        assert result == (online,)
    else:
        assert codes(result) == {"hearing_attended.online_before_nq33"}
    # in person is allowed on either side of the date
    in_person = HearingAttended(on=moment, mode=HearingMode.IN_PERSON)
    assert decide(state, in_person) == (in_person,)


@pytest.mark.parametrize("form", [Form.ADVICE, Form.REPRESENTATION])
def test_only_litigation_cases_record_hearings(form: Form) -> None:
    events = handled(dt.date(2023, 3, 1), form)
    if form is Form.ADVICE:
        events[2] = ProviderAssigned(on=events[2].on, provider_id="NTH-1", provider_kind=ProviderKind.COLLABORATOR)
    state = replay(case(form, *events))
    assert codes(decide(state, HearingAttended(on=at_vn(dt.date(2023, 4, 1), 9), mode=HearingMode.IN_PERSON))) == {
        "hearing_attended.not_litigation"}


def test_hearings_only_while_a_provider_handles_the_case() -> None:
    day = dt.date(2023, 3, 1)
    accepted = replay(case(Form.LITIGATION, *handled(day)[:2]))
    hearing = HearingAttended(on=at_vn(day, 11), mode=HearingMode.IN_PERSON)
    assert codes(decide(accepted, hearing)) == {"hearing_attended.no_provider"}
    ended = replay(case(Form.LITIGATION, *handled(day), Ended(on=at_vn(day, 11), outcome=EndKind.COMPLETED)))
    assert codes(decide(ended, HearingAttended(on=at_vn(day, 12), mode=HearingMode.ONLINE))) == {
        "hearing_attended.already_ended"}


def test_validation_reports_an_early_online_hearing_as_an_illegal_history() -> None:
    day = dt.date(2021, 6, 1)
    bad = case(Form.LITIGATION, *handled(day), HearingAttended(on=at_vn(day, 14), mode=HearingMode.ONLINE,
                                                               instance=TrialInstance.FIRST_INSTANCE))
    (problem,) = [p for p in validate_case(bad) if p.code == "ILLEGAL_HISTORY"]
    good = case(Form.LITIGATION, *handled(day), HearingAttended(on=at_vn(day, 14), mode=HearingMode.IN_PERSON))
    assert [p for p in validate_case(good) if p.code == "ILLEGAL_HISTORY"] == []
    assert (problem.code, problem.path, problem.severity.value) == ("ILLEGAL_HISTORY", "$.events[3]", "error")
    assert "01/01/2022" in problem.message_vi


@given(st.dates(dt.date(2018, 1, 2), dt.date(2030, 12, 31)), st.sampled_from(HearingMode),
       st.none() | st.sampled_from(TrialInstance), st.integers(0, 23))
@settings(max_examples=60)
def test_a_hearing_is_allowed_iff_in_person_or_from_nq33(day: dt.date, mode: HearingMode,
                                                        level: TrialInstance | None, hour: int) -> None:
    before = handled(day - dt.timedelta(days=1))
    state = replay(case(Form.LITIGATION, *before))
    event = HearingAttended(on=at_vn(day, 0) + dt.timedelta(hours=hour), mode=mode, instance=level, provider_id="NTH-1")
    result = decide(state, event)
    allowed = mode is HearingMode.IN_PERSON or day >= ONLINE_HEARINGS_FROM
    assert (result == (event,)) is allowed
    if allowed:
        assert replay(case(Form.LITIGATION, *before, event)).hearings == 1
    else:
        assert codes(result) == {"hearing_attended.online_before_nq33"}


@given(valid_histories(Form.LITIGATION, complete=True, field=LegalField.CIVIL))
@settings(max_examples=40, deadline=None)
def test_generated_lawful_histories_hold_their_hearings_between_assignment_and_end(events: tuple[Event, ...]) -> None:
    assert check_history(events, Form.LITIGATION, LegalField.CIVIL) == []
    kinds = [e.kind for e in events]
    for i, e in enumerate(events):
        if isinstance(e, HearingAttended):
            assert "provider_assigned" in kinds[:i]
            assert "ended" not in kinds[:i]
            assert e.mode is HearingMode.IN_PERSON or e.on.astimezone(VN_TZ).date() >= ONLINE_HEARINGS_FROM
    state = fold(initial_state(Form.LITIGATION, LegalField.CIVIL), events)
    assert state.hearings == sum(isinstance(e, HearingAttended) for e in events)
