"""Tests of the statutory deadlines: each row on real dates, statuses, and properties."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tgpl.domain import (
    VN_TZ,
    Accepted,
    AdviceDeadlineExtended,
    AdviceGiven,
    Beneficiary,
    Case,
    ChangeGround,
    ComplaintDecided,
    ComplaintLevel,
    ComplaintLodged,
    ComplaintSubject,
    Ended,
    EndKind,
    Event,
    FileCode,
    FileHandedOver,
    Form,
    ImmediateReason,
    LegalField,
    NotContinuedGround,
    PersonRole,
    ProcedureRole,
    ProofSupplied,
    ProviderAssigned,
    ProviderChanged,
    ProviderChangeRequested,
    ProviderKind,
    RegistrationRefusal,
    RegistrationRefused,
    RequestReceived,
    RequestSource,
    Tri,
    UnitRef,
    UnitScheme,
    at_vn,
)
from tgpl.errors import RuleNotInForceError
from tgpl.rules.calendar import WorkingCalendar, default_calendar, end_of_day
from tgpl.rules.deadlines import (
    DEADLINE_RULES,
    Condition,
    DeadlineRule,
    Status,
    TimeUnit,
    deadline_table,
    deadlines,
    overdue,
)

D = dt.date
UNIT = UnitRef(UnitScheme.P2025, "01")


def at(y: int, m: int, d: int, h: int = 9, mi: int = 0) -> dt.datetime:
    return at_vn(D(y, m, d), h, mi)


def make_case(
    form: Form,
    *events: Event,
    roles: tuple[PersonRole, ...] = (PersonRole.DEFENDANT,),
    area: Tri = Tri.NO,
    year: int = 2025,
) -> Case:
    bens = tuple(Beneficiary(id=f"b{i}", role=r, extreme_difficulty_area=area) for i, r in enumerate(roles))
    return Case(
        code=FileCode("TT", form, 1, year),
        organisation="org-01",
        unit=UNIT,
        form=form,
        field=LegalField.CRIMINAL if form is Form.LITIGATION else LegalField.CIVIL,
        beneficiaries=bens,
        role=ProcedureRole.DEFENCE_COUNSEL if form is Form.LITIGATION else None,
        events=events,
    )


def assign(on: dt.datetime) -> ProviderAssigned:
    return ProviderAssigned(on=on, provider_id="p1", provider_kind=ProviderKind.TGV)


def by_id(case: Case, **kw: object) -> dict[str, object]:
    return {d.rule.id: d for d in deadlines(case, **kw)}  # type: ignore[arg-type]


# -- the data rows ---------------------------------------------------------------------------


def test_every_row_is_dated_cited_and_bilingual() -> None:
    ids = [r.id for r in DEADLINE_RULES]
    assert len(ids) == len(set(ids))
    for r in DEADLINE_RULES:
        assert r.citation
        assert r.name_vi
        assert r.name_en
        assert r.effective_from >= D(2018, 1, 1)
        assert r.trigger
        assert r.satisfied_by


def test_rows_cover_the_procedure_table() -> None:
    rows = {(r.id, r.unit, r.length) for r in DEADLINE_RULES}
    assert rows == {
        ("proof_after_immediate_acceptance", TimeUnit.WORKING_DAYS, 5),
        ("proof_after_immediate_acceptance_extended", TimeUnit.WORKING_DAYS, 10),
        ("assign_after_notice", TimeUnit.IMMEDIATELY, 0),
        ("assign_litigation", TimeUnit.WORKING_DAYS, 3),
        ("assign_litigation_detained", TimeUnit.HOURS, 12),
        ("assign_representation", TimeUnit.WORKING_DAYS, 3),
        ("advice_answer", TimeUnit.CALENDAR_DAYS, 10),
        ("answer_change_request", TimeUnit.WORKING_DAYS, 3),
        ("replace_after_defence_refused", TimeUnit.HOURS, 24),
        ("replace_after_protector_refused", TimeUnit.WORKING_DAYS, 2),
        ("file_handover", TimeUnit.CALENDAR_DAYS, 30),
        ("complaint_head", TimeUnit.WORKING_DAYS, 3),
        ("complaint_doj", TimeUnit.CALENDAR_DAYS, 15),
    }


def test_rule_row_validation() -> None:
    with pytest.raises(ValueError, match="positive"):
        DeadlineRule(id="x", name_vi="x", name_en="x", trigger="accepted", unit=TimeUnit.HOURS, length=0,
                     satisfied_by=("a",), citation="c", effective_from=D(2018, 1, 1))
    with pytest.raises(ValueError, match="effective_to"):
        DeadlineRule(id="x", name_vi="x", name_en="x", trigger="accepted", unit=TimeUnit.HOURS, length=1,
                     satisfied_by=("a",), citation="c", effective_from=D(2018, 1, 1), effective_to=D(2017, 1, 1))
    with pytest.raises(ValueError, match="max_length"):
        DeadlineRule(id="x", name_vi="x", name_en="x", trigger="accepted", unit=TimeUnit.HOURS, length=1,
                     satisfied_by=("a",), citation="c", effective_from=D(2018, 1, 1), extended_by=("b",))


def test_labels_exist_for_every_code() -> None:
    for enum_cls in (TimeUnit, Status, Condition):
        for member in enum_cls:
            assert member.label_vi
            assert member.label_en


# -- each rule on real dates ------------------------------------------------------------------


def test_assignment_over_tet_2025_in_working_days() -> None:
    # Accepted Friday 24/01/2025; Tết off 25/01–02/02: 3 working days end Wednesday 05/02.
    case = make_case(Form.LITIGATION, RequestReceived(on=at(2025, 1, 24, 8)), Accepted(on=at(2025, 1, 24)),
                     assign(at(2025, 2, 5, 16)))
    d = by_id(case)["assign_litigation"]
    assert d.due == end_of_day(D(2025, 2, 5))  # type: ignore[attr-defined]
    assert d.status is Status.MET  # type: ignore[attr-defined]
    assert d.satisfied_index == 2  # type: ignore[attr-defined]


def test_assignment_late_is_met_late() -> None:
    case = make_case(Form.LITIGATION, Accepted(on=at(2025, 1, 24)), assign(at(2025, 2, 6, 8)))
    assert by_id(case)["assign_litigation"].status is Status.MET_LATE  # type: ignore[attr-defined]


def test_detained_beneficiary_gets_twelve_clock_hours() -> None:
    case = make_case(Form.LITIGATION, Accepted(on=at(2025, 1, 28, 20)), assign(at(2025, 1, 29, 7, 59)),
                     roles=(PersonRole.IN_CUSTODY,))
    ds = by_id(case)
    assert set(ds) == {"assign_litigation_detained"}
    d = ds["assign_litigation_detained"]
    assert d.due == at(2025, 1, 29, 8)  # type: ignore[attr-defined]
    assert d.status is Status.MET  # type: ignore[attr-defined]


def test_one_detained_among_several_beneficiaries_is_enough() -> None:
    case = make_case(Form.LITIGATION, Accepted(on=at(2025, 3, 3)), roles=(PersonRole.DEFENDANT, PersonRole.ARRESTED))
    assert set(by_id(case)) == {"assign_litigation_detained"}


def test_unknown_role_is_an_assumption() -> None:
    case = make_case(Form.LITIGATION, Accepted(on=at(2025, 3, 3)), roles=(PersonRole.UNKNOWN,))
    d = by_id(case)["assign_litigation"]
    assert any("unknown" in a for a in d.assumptions)  # type: ignore[attr-defined]


def test_representation_assignment() -> None:
    case = make_case(Form.REPRESENTATION, Accepted(on=at(2026, 4, 28)), assign(at(2026, 5, 5, 17)))
    d = by_id(case)["assign_representation"]
    assert d.due == end_of_day(D(2026, 5, 5))  # type: ignore[attr-defined]
    assert d.status is Status.MET  # type: ignore[attr-defined]


def test_advice_has_no_assignment_deadline_but_an_answer_deadline() -> None:
    case = make_case(Form.ADVICE, Accepted(on=at(2025, 1, 20)))
    ds = by_id(case)
    assert set(ds) == {"advice_answer"}
    # 10 days → 30/01/2025 (Tết) → next working day 03/02/2025 (Civil Code Art 148 cl. 5).
    assert ds["advice_answer"].due == end_of_day(D(2025, 2, 3))  # type: ignore[attr-defined]


def test_advice_extension_and_restart() -> None:
    accepted = Accepted(on=at(2025, 3, 3), immediate=True, immediate_reason=ImmediateReason.HEAD_DECISION)
    ext = AdviceDeadlineExtended(on=at(2025, 3, 5), total_days=30)
    case = make_case(Form.ADVICE, accepted, ext, AdviceGiven(on=at(2025, 3, 31)))
    d = by_id(case)["advice_answer"]
    assert d.length == 30  # type: ignore[attr-defined]
    assert d.due == end_of_day(D(2025, 4, 2))  # type: ignore[attr-defined]  # 2/4/2025 is a Wednesday
    assert d.status is Status.MET  # type: ignore[attr-defined]
    # Missing papers received on 10/03: the 10 days run from then.
    case2 = make_case(Form.ADVICE, accepted, ProofSupplied(on=at(2025, 3, 10)), AdviceGiven(on=at(2025, 3, 19)))
    d2 = by_id(case2)["advice_answer"]
    assert d2.trigger == at(2025, 3, 10)  # type: ignore[attr-defined]
    assert d2.due == end_of_day(D(2025, 3, 20))  # type: ignore[attr-defined]
    assert d2.status is Status.MET  # type: ignore[attr-defined]


def test_proof_after_immediate_acceptance() -> None:
    acc = Accepted(on=at(2025, 4, 25), immediate=True, immediate_reason=ImmediateReason.HEARING_SOON)
    # Friday 25/04/2025; Saturday 26/04 is a make-up working day, 30/4–4/5 off:
    # 26/4 (1), 28/4 (2), 29/4 (3), 5/5 (4), 6/5 (5).
    case = make_case(Form.REPRESENTATION, acc, ProofSupplied(on=at(2025, 5, 6, 17)))
    d = by_id(case)["proof_after_immediate_acceptance"]
    assert d.due == end_of_day(D(2025, 5, 6))  # type: ignore[attr-defined]
    assert d.status is Status.MET  # type: ignore[attr-defined]
    far = make_case(Form.REPRESENTATION, acc, roles=(PersonRole.PARTY,), area=Tri.YES)
    ds = by_id(far)
    assert "proof_after_immediate_acceptance" not in ds
    assert ds["proof_after_immediate_acceptance_extended"].due == end_of_day(D(2025, 5, 13))  # type: ignore[attr-defined]
    fm = by_id(make_case(Form.REPRESENTATION, acc), force_majeure=True)
    assert "proof_after_immediate_acceptance_extended" in fm
    unknown = by_id(make_case(Form.REPRESENTATION, acc, area=Tri.UNKNOWN))
    assert unknown["proof_after_immediate_acceptance"].assumptions  # type: ignore[attr-defined]


def test_ordinary_acceptance_has_no_proof_deadline() -> None:
    assert "proof_after_immediate_acceptance" not in by_id(make_case(Form.REPRESENTATION, Accepted(on=at(2025, 4, 25))))


def test_missing_proof_then_not_continued_is_overdue() -> None:
    acc = Accepted(on=at(2025, 3, 3), immediate=True, immediate_reason=ImmediateReason.LIMITATION_ENDING)
    end = Ended(on=at(2025, 3, 12), outcome=EndKind.NOT_CONTINUED, ground=NotContinuedGround.MISSING_PROOF)
    d = by_id(make_case(Form.REPRESENTATION, acc, end))["proof_after_immediate_acceptance"]
    assert d.status is Status.OVERDUE  # type: ignore[attr-defined]


def test_withdrawal_before_due_makes_the_deadline_not_applicable() -> None:
    end = Ended(on=at(2025, 3, 4), outcome=EndKind.NOT_CONTINUED, ground=NotContinuedGround.WITHDRAWN)
    d = by_id(make_case(Form.LITIGATION, Accepted(on=at(2025, 3, 3)), end))["assign_litigation"]
    assert d.status is Status.NOT_APPLICABLE  # type: ignore[attr-defined]


def test_change_request_answer() -> None:
    case = make_case(
        Form.LITIGATION, Accepted(on=at(2025, 3, 3)), assign(at(2025, 3, 3, 10)),
        ProviderChangeRequested(on=at(2025, 3, 7)),
        ProviderChanged(on=at(2025, 3, 12, 16), provider_id="p2", provider_kind=ProviderKind.TGV,
                        ground=ChangeGround.BENEFICIARY_REQUEST),
    )
    d = by_id(case)["answer_change_request"]
    assert d.due == end_of_day(D(2025, 3, 12))  # type: ignore[attr-defined]
    assert d.status is Status.MET  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("refusal", "rule_id", "due"),
    [
        (RegistrationRefusal.DEFENCE_REFUSED, "replace_after_defence_refused", at(2025, 8, 30, 15)),
        (RegistrationRefusal.DEFENCE_CANCELLED, "replace_after_defence_refused", at(2025, 8, 30, 15)),
        (RegistrationRefusal.PROTECTOR_REFUSED, "replace_after_protector_refused", end_of_day(D(2025, 9, 4))),
    ],
)
def test_replacement_after_registration_refused(refusal: RegistrationRefusal, rule_id: str, due: dt.datetime) -> None:
    # Friday 29/08/2025 15:00, before the 2/9 break (30/8–2/9).
    case = make_case(Form.LITIGATION, Accepted(on=at(2025, 8, 1)), assign(at(2025, 8, 1, 10)),
                     RegistrationRefused(on=at(2025, 8, 29, 15), refusal=refusal))
    ds = by_id(case, as_of=D(2025, 8, 29))
    assert set(ds) == {"assign_litigation", rule_id}
    assert ds[rule_id].due == due  # type: ignore[attr-defined]
    assert ds[rule_id].status is Status.OPEN  # type: ignore[attr-defined]


def test_file_handover() -> None:
    end = Ended(on=at(2025, 3, 1), outcome=EndKind.COMPLETED)
    case = make_case(Form.ADVICE, Accepted(on=at(2025, 2, 20)), AdviceGiven(on=at(2025, 2, 25)), end)
    d = by_id(case)["file_handover"]
    assert d.due == end_of_day(D(2025, 3, 31))  # type: ignore[attr-defined]
    assert d.status is Status.OPEN  # type: ignore[attr-defined]
    assert [o.rule.id for o in overdue(case, D(2025, 4, 1))] == ["file_handover"]
    handed = case.with_events(FileHandedOver(on=at(2025, 3, 20)))
    assert overdue(handed, D(2025, 4, 1)) == []


def test_complaints_are_decided_at_their_own_level() -> None:
    lodged = ComplaintLodged(on=at(2025, 6, 2), subject=ComplaintSubject.REFUSAL_TO_ACCEPT)
    to_doj = ComplaintLodged(on=at(2025, 6, 9), subject=ComplaintSubject.REFUSAL_TO_ACCEPT, level=ComplaintLevel.DOJ_DIRECTOR)
    case = make_case(
        Form.LITIGATION, RequestReceived(on=at(2025, 6, 1)), lodged,
        ComplaintDecided(on=at(2025, 6, 5, 16), level=ComplaintLevel.ORGANISATION_HEAD), to_doj,
    )
    ds = deadlines(case, as_of=D(2025, 6, 30))
    head = next(d for d in ds if d.rule.id == "complaint_head")
    doj = next(d for d in ds if d.rule.id == "complaint_doj")
    assert head.status is Status.MET
    assert head.due == end_of_day(D(2025, 6, 5))
    assert doj.status is Status.OVERDUE
    assert doj.due == end_of_day(D(2025, 6, 24))
    assert doj.satisfied_at is None


def test_as_of_hides_later_events() -> None:
    case = make_case(Form.LITIGATION, Accepted(on=at(2025, 3, 3)), assign(at(2025, 3, 4)))
    assert by_id(case, as_of=D(2025, 3, 3))["assign_litigation"].status is Status.OPEN  # type: ignore[attr-defined]
    assert by_id(case, as_of=D(2025, 3, 2)) == {}
    assert by_id(case, as_of=at(2025, 3, 10))["assign_litigation"].status is Status.MET  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        deadlines(case, as_of=dt.datetime(2025, 3, 10))


def test_default_as_of_is_the_last_event() -> None:
    case = make_case(Form.LITIGATION, Accepted(on=at(2025, 3, 3)), RequestReceived(on=at(2025, 4, 1)))
    assert by_id(case)["assign_litigation"].status is Status.OVERDUE  # type: ignore[attr-defined]
    assert deadlines(make_case(Form.LITIGATION)) == []


def test_rule_not_in_force_is_an_error_unless_lenient() -> None:
    # TT12 (the 5/10 working-day proof rows) is in force from 12/10/2018.
    acc = Accepted(on=at(2018, 5, 2), immediate=True, immediate_reason=ImmediateReason.HEARING_SOON)
    case = make_case(Form.LITIGATION, acc, year=2018)
    with pytest.raises(RuleNotInForceError, match=r"\$\.events\[0\]"):
        deadlines(case)
    ds = by_id(case, strict=False)
    assert ds["proof_after_immediate_acceptance"].status is Status.NOT_APPLICABLE  # type: ignore[attr-defined]
    assert ds["assign_litigation"].status is not Status.NOT_APPLICABLE  # type: ignore[attr-defined]


def test_custom_rules_and_calendar() -> None:
    extra = DeadlineRule(id="custom", name_vi="Thử", name_en="Test", trigger="accepted", unit=TimeUnit.WORKING_DAYS,
                         length=1, satisfied_by=("provider_assigned",), citation="Quyết định giả định",
                         effective_from=D(2018, 1, 1))
    cal = default_calendar().with_days_off(D(2025, 3, 4), citation="giả định")
    case = make_case(Form.LITIGATION, Accepted(on=at(2025, 3, 3)))
    (d,) = deadlines(case, rules=(extra,), calendar=cal)
    assert d.due == end_of_day(D(2025, 3, 5))
    assert d.basis == "Quyết định giả định"
    assert d.path == "$.events[0]"


def test_table_lists_every_row() -> None:
    table = deadline_table()
    for r in DEADLINE_RULES:
        assert f"`{r.id}`" in table


# -- properties -----------------------------------------------------------------------------------

moments = st.datetimes(min_value=dt.datetime(2019, 1, 1), max_value=dt.datetime(2026, 10, 31), timezones=st.just(VN_TZ))
delays = st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=40))
roles = st.lists(st.sampled_from(list(PersonRole)), min_size=1, max_size=3).map(tuple)
forms = st.sampled_from(list(Form))


@st.composite
def cases(draw: st.DrawFn) -> Case:
    form = draw(forms)
    t0 = draw(moments)
    immediate = draw(st.booleans())
    acc = (Accepted(on=t0, immediate=True, immediate_reason=ImmediateReason.HEAD_DECISION) if immediate
           else Accepted(on=t0))
    events: list[Event] = [RequestReceived(on=t0), acc]
    t = t0
    for kind in draw(st.lists(st.sampled_from(["assign", "proof", "advice", "change", "refused", "end", "hand", "complain"]), max_size=6)):
        t = t + draw(delays)
        if kind == "assign":
            events.append(assign(t))
        elif kind == "proof":
            events.append(ProofSupplied(on=t))
        elif kind == "advice" and form is Form.ADVICE:
            events.append(AdviceGiven(on=t))
        elif kind == "change":
            events.append(ProviderChangeRequested(on=t))
        elif kind == "refused" and form is Form.LITIGATION:
            events.append(RegistrationRefused(on=t, refusal=draw(st.sampled_from(list(RegistrationRefusal)))))
        elif kind == "end":
            events.append(Ended(on=t, outcome=EndKind.COMPLETED))
        elif kind == "hand":
            events.append(FileHandedOver(on=t))
        elif kind == "complain":
            events.append(ComplaintLodged(on=t, subject=ComplaintSubject.FAILURE_TO_AID,
                                          level=draw(st.sampled_from(list(ComplaintLevel)))))
    return make_case(form, *events, roles=draw(roles), area=draw(st.sampled_from(list(Tri))))


@given(cases(), st.booleans())
def test_due_is_never_before_the_trigger(case: Case, fm: bool) -> None:
    for d in deadlines(case, force_majeure=fm):
        assert d.due >= d.trigger
        assert d.due.utcoffset() == dt.timedelta(hours=7)
        assert d.trigger_index < len(case.events)


@given(cases())
def test_met_iff_the_satisfying_event_is_not_after_due(case: Case) -> None:
    for d in deadlines(case):
        if d.satisfied_at is None:
            assert d.status in (Status.OPEN, Status.OVERDUE, Status.NOT_APPLICABLE)
        else:
            ev = case.events[d.satisfied_index]  # type: ignore[index]
            assert ev.kind in d.rule.satisfied_by
            assert ev.on == d.satisfied_at
            assert (d.status is Status.MET) == (d.satisfied_at <= d.due)
            assert (d.status is Status.MET_LATE) == (d.satisfied_at > d.due)


@given(cases())
def test_twelve_hour_rule_only_for_detained_persons(case: Case) -> None:
    ids = {d.rule.id for d in deadlines(case)}
    detained = any(b.role.is_detained for b in case.beneficiaries)
    notice = case.source is RequestSource.PROCEDURE_BODY_NOTICE or any(
        isinstance(e, Accepted) and e.immediate_reason is ImmediateReason.COURT_APPOINTED_OR_NOTICE for e in case.events
    )
    if case.form is Form.LITIGATION and notice:
        assert "assign_litigation_detained" not in ids
        assert "assign_litigation" not in ids
        assert ("assign_after_notice" in ids) == any(isinstance(e, Accepted) for e in case.events)
    elif case.form is Form.LITIGATION:
        assert ("assign_litigation_detained" in ids) == detained
        assert ("assign_litigation" in ids) == (not detained)
    else:
        assert "assign_litigation_detained" not in ids
        assert "assign_litigation" not in ids


@given(cases(), moments)
def test_overdue_means_past_due_and_unmet_at_as_of(case: Case, as_of: dt.datetime) -> None:
    for d in overdue(case, as_of):
        assert d.due < as_of
        assert d.satisfied_at is None
        assert d.trigger <= as_of


@given(cases())
def test_deadlines_are_deterministic_and_calendar_independent_of_cache(case: Case) -> None:
    fresh = WorkingCalendar(default_calendar().changes, known_years=default_calendar().known_years)
    assert deadlines(case) == deadlines(case, calendar=fresh)


# -- immediate assignment after a procedure body's notice (TTLT10 Art 3 cl. 4) ---------------


@pytest.mark.parametrize("roles", [(PersonRole.DEFENDANT,), (PersonRole.ARRESTED,)])
def test_assignment_after_a_notice_is_due_the_same_day(roles: tuple[PersonRole, ...]) -> None:
    acc = Accepted(on=at(2025, 3, 3, 9), immediate=True, immediate_reason=ImmediateReason.COURT_APPOINTED_OR_NOTICE)
    next_day = make_case(Form.LITIGATION, acc, assign(at(2025, 3, 4, 9)), roles=roles)
    ds = by_id(next_day)
    assert set(ds) == {"assign_after_notice", "proof_after_immediate_acceptance"}
    d = ds["assign_after_notice"]
    assert d.due == end_of_day(D(2025, 3, 3))  # type: ignore[attr-defined]
    # Within the 3 working days (or 12 hours) of Law Art 31 cl. 2, but late under "cử ngay".
    assert d.status is Status.MET_LATE  # type: ignore[attr-defined]
    same_day = make_case(Form.LITIGATION, acc, assign(at(2025, 3, 3, 16)), roles=roles)
    assert by_id(same_day)["assign_after_notice"].status is Status.MET  # type: ignore[attr-defined]


def test_a_notice_recorded_as_the_request_source_is_enough() -> None:
    case = make_case(Form.LITIGATION, Accepted(on=at(2025, 3, 3, 9)), assign(at(2025, 3, 5, 9)))
    assert by_id(case)["assign_litigation"].status is Status.MET  # type: ignore[attr-defined]
    noticed = attrs.evolve(case, source=RequestSource.PROCEDURE_BODY_NOTICE)
    ds = by_id(noticed)
    assert "assign_litigation" not in ds
    assert ds["assign_after_notice"].status is Status.MET_LATE  # type: ignore[attr-defined]


def test_unannounced_years_carry_a_warning() -> None:
    late = make_case(Form.REPRESENTATION, Accepted(on=at(2026, 12, 30)), year=2026)
    d = by_id(late)["assign_representation"]
    assert any("2027" in a for a in d.assumptions)  # type: ignore[attr-defined]
    known = make_case(Form.REPRESENTATION, Accepted(on=at(2026, 11, 23)), year=2026)
    d2 = by_id(known)["assign_representation"]
    assert d2.assumptions == ()  # type: ignore[attr-defined]
    # 3 working days from Monday 23/11/2026 skip Ngày Văn hóa Việt Nam (24/11).
    assert d2.due == end_of_day(D(2026, 11, 27))  # type: ignore[attr-defined]
    told = default_calendar().with_known_years(2027)
    assert by_id(late, calendar=told)["assign_representation"].assumptions == ()  # type: ignore[attr-defined]
