"""Tests of the statutory case lifecycle: every table row, every refusal, replay and docs.

Each row of ``TRANSITIONS`` is exercised from each of its source stages with a real,
legal history, and each illegal case of the law is refused with its code and citation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tgpl.domain import (
    Accepted,
    AdviceDeadlineExtended,
    AdviceGiven,
    AppraisalRecorded,
    Archived,
    Beneficiary,
    Case,
    ChangeGround,
    ComplaintDecided,
    ComplaintLevel,
    ComplaintLodged,
    ComplaintSubject,
    Ended,
    EndKind,
    EvaluationRecorded,
    Event,
    EventBase,
    FileCode,
    FileHandedOver,
    Form,
    HearingAttended,
    HearingMode,
    ImmediateReason,
    LegalField,
    NotContinuedGround,
    Proof,
    ProofKind,
    ProofSupplied,
    ProviderAssigned,
    ProviderChanged,
    ProviderChangeDeclined,
    ProviderChangeRequested,
    ProviderKind,
    QualityReview,
    RefusalGround,
    Refused,
    RegistrationRefusal,
    RegistrationRefused,
    RequestReceived,
    ReviewerLevel,
    SuccessAssessed,
    TransferReason,
    Transferred,
    Tri,
    Trigger,
    UnitRef,
    UnitScheme,
    at_vn,
)
from tgpl.domain.lifecycle import (
    DOCS_BEGIN,
    DOCS_END,
    REASONS,
    TRANSITIONS,
    CaseStage,
    CaseState,
    Refusal,
    Transition,
    apply_command,
    check_history,
    decide,
    docs_block,
    enabled_commands,
    evolve,
    fold,
    initial_state,
    mermaid,
    replace_docs_block,
    replay,
    transitions_table,
)
from tgpl.errors import LifecycleError, RuleNotInForceError

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "lifecycle.md"
S = CaseStage
T0 = at_vn(dt.date(2024, 3, 4), 8)


def clock(start: dt.datetime = T0) -> Iterator[dt.datetime]:
    """Moments one hour apart, so histories are in time order."""
    on = start
    while True:
        yield on
        on += dt.timedelta(hours=1)


def make_case(form: Form, field: LegalField = LegalField.CRIMINAL, events: tuple[Event, ...] = ()) -> Case:
    return Case(
        code=FileCode("TT", form, 1, 2024),
        organisation="org-1",
        unit=UnitRef(UnitScheme.P2025, "01"),
        form=form,
        field=field,
        beneficiaries=(Beneficiary("b-1"),),
        events=events,
    )


def review(level: ReviewerLevel) -> QualityReview:
    return QualityReview(reviewer="r-1", level=level, trigger=Trigger.PLAN, scores={"1a": 10})


def reach(stage: CaseStage, form: Form, t: Iterator[dt.datetime]) -> list[Event]:
    """A legal history that leaves a case of ``form`` at ``stage``."""
    if stage is S.NEW:
        return []
    if stage is S.RECEIVED:
        return [RequestReceived(on=next(t))]
    if stage is S.REFUSED:
        return [*reach(S.RECEIVED, form, t), Refused(on=next(t), ground=RefusalGround.NOT_ELIGIBLE)]
    if stage is S.TRANSFERRED:
        return [*reach(S.RECEIVED, form, t), Transferred(
            on=next(t), reason=TransferReason.NO_TERRITORIAL_COMPETENCE, to_organisation="TT-79")]
    if stage is S.ACCEPTED:
        return [*reach(S.RECEIVED, form, t), Accepted(on=next(t))]
    if stage is S.IN_PROGRESS:
        return [*reach(S.ACCEPTED, form, t), ProviderAssigned(
            on=next(t), provider_id="tgv-1", provider_kind=ProviderKind.TGV)]
    if stage is S.ENDED:
        return [*reach(S.IN_PROGRESS, form, t), Ended(on=next(t), outcome=EndKind.COMPLETED)]
    if stage is S.FILE_HANDED_OVER:
        return [*reach(S.ENDED, form, t), FileHandedOver(on=next(t))]
    return [*reach(S.FILE_HANDED_OVER, form, t), Archived(on=next(t))]


def example(cls: type[EventBase], stage: CaseStage, on: dt.datetime) -> Event:
    """A legal event of class ``cls`` for a case at ``stage`` (prepared by :func:`prepare`)."""
    events: dict[type[EventBase], Callable[[], Event]] = {
        RequestReceived: lambda: RequestReceived(on=on),
        Accepted: lambda: Accepted(on=on),
        Refused: lambda: Refused(on=on, ground=RefusalGround.UNLAWFUL_REQUEST, reason="yêu cầu trái pháp luật"),
        Transferred: lambda: Transferred(on=on, reason=TransferReason.LACK_OF_RESOURCES, to_organisation="TT-01"),
        ProviderAssigned: lambda: ProviderAssigned(on=on, provider_id="tgv-1", provider_kind=ProviderKind.TGV),
        ProviderChangeRequested: lambda: ProviderChangeRequested(on=on, ground=ChangeGround.MUST_REFUSE),
        ProviderChangeDeclined: lambda: ProviderChangeDeclined(on=on, reason="không có căn cứ"),
        RegistrationRefused: lambda: RegistrationRefused(on=on, refusal=RegistrationRefusal.DEFENCE_CANCELLED),
        ProviderChanged: lambda: ProviderChanged(
            on=on, provider_id="ls-2", provider_kind=ProviderKind.CENTER_LAWYER, ground=ChangeGround.REGISTRATION_REFUSED),
        ProofSupplied: lambda: ProofSupplied(on=on, proofs=(Proof(ProofKind.POOR_HOUSEHOLD_CERTIFICATE),)),
        AdviceGiven: lambda: AdviceGiven(on=on),
        AdviceDeadlineExtended: lambda: AdviceDeadlineExtended(on=on, total_days=30),
        Ended: lambda: Ended(on=on, outcome=EndKind.NOT_CONTINUED, ground=NotContinuedGround.WITHDRAWN),
        FileHandedOver: lambda: FileHandedOver(on=on),
        Archived: lambda: Archived(on=on),
        AppraisalRecorded: lambda: AppraisalRecorded(on=on, review=review(ReviewerLevel.ORGANISATION)),
        EvaluationRecorded: lambda: EvaluationRecorded(on=on, review=review(ReviewerLevel.DOJ)),
        SuccessAssessed: lambda: SuccessAssessed(on=on, successful=True, criterion="TC02"),
        ComplaintLodged: lambda: ComplaintLodged(
            on=on,
            subject=ComplaintSubject.REFUSAL_TO_ACCEPT if stage is S.REFUSED else ComplaintSubject.FAILURE_TO_AID),
        ComplaintDecided: lambda: ComplaintDecided(on=on, upheld=True),
        HearingAttended: lambda: HearingAttended(on=on, mode=HearingMode.IN_PERSON),
    }
    return events[cls]()


def prepare(cls: type[EventBase], stage: CaseStage, t: Iterator[dt.datetime]) -> list[Event]:
    """Events within ``stage`` that the row's guard needs (a pending complaint, …)."""
    if cls is ComplaintDecided:
        subject = ComplaintSubject.REFUSAL_TO_ACCEPT if stage is S.REFUSED else ComplaintSubject.FAILURE_TO_AID
        return [ComplaintLodged(on=next(t), subject=subject)]
    if cls is Accepted and stage is S.REFUSED:
        return [ComplaintLodged(on=next(t), subject=ComplaintSubject.REFUSAL_TO_ACCEPT),
                ComplaintDecided(on=next(t), upheld=True)]
    if cls is ProviderChanged:
        return [RegistrationRefused(on=next(t), refusal=RegistrationRefusal.DEFENCE_REFUSED)]
    if cls is ProviderChangeDeclined:
        return [ProviderChangeRequested(on=next(t))]
    return []


def form_for(cls: type[EventBase]) -> Form:
    return Form.ADVICE if cls in (AdviceGiven, AdviceDeadlineExtended) else Form.LITIGATION


#: What each event must change besides the stage.
EFFECT: dict[type[EventBase], Callable[[CaseState, CaseState, Event], bool]] = {
    RequestReceived: lambda b, a, e: a.received_on == e.on,
    Accepted: lambda b, a, e: a.accepted_on == e.on and not a.immediate,
    Refused: lambda b, a, e: a.refusal_ground is RefusalGround.UNLAWFUL_REQUEST and a.refused_on == e.on,
    Transferred: lambda b, a, e: a.transferred_to == "TT-01" and a.transfer_reason is TransferReason.LACK_OF_RESOURCES,
    ProviderAssigned: lambda b, a, e: a.provider is not None and a.provider.provider_id == "tgv-1" and a.provider.ground is None,
    ProviderChangeRequested: lambda b, a, e: a.change_requested_on == e.on and a.change_request_ground is ChangeGround.MUST_REFUSE,
    ProviderChangeDeclined: lambda b, a, e: (
        b.change_requested_on is not None and a.change_requested_on is None and a.providers == b.providers),
    RegistrationRefused: lambda b, a, e: a.registration_refusal is RegistrationRefusal.DEFENCE_CANCELLED,
    ProviderChanged: lambda b, a, e: (
        a.provider is not None and a.provider.provider_id == "ls-2" and a.provider_changes == 1
        and a.registration_refusal is None and [p.provider_id for p in a.providers] == ["tgv-1", "ls-2"]),
    ProofSupplied: lambda b, a, e: len(a.proofs) == len(b.proofs) + 1 and a.proofs_supplied_on[-1] == e.on,
    AdviceGiven: lambda b, a, e: a.advice_given_on == e.on,
    AdviceDeadlineExtended: lambda b, a, e: a.advice_days == 30,
    Ended: lambda b, a, e: a.ended_on == e.on and a.end_outcome is EndKind.NOT_CONTINUED and a.not_continued_ground is NotContinuedGround.WITHDRAWN,
    FileHandedOver: lambda b, a, e: a.handed_over_on == e.on,
    Archived: lambda b, a, e: a.archived_on == e.on,
    AppraisalRecorded: lambda b, a, e: a.appraisals == b.appraisals + 1,
    EvaluationRecorded: lambda b, a, e: a.evaluations == b.evaluations + 1,
    SuccessAssessed: lambda b, a, e: a.success is Tri.YES and a.success_criterion == "TC02" and a.success_assessments == 1,
    ComplaintLodged: lambda b, a, e: len(a.open_complaints) == len(b.open_complaints) + 1,
    ComplaintDecided: lambda b, a, e: len(a.open_complaints) == len(b.open_complaints) - 1 and a.complaints[-1].upheld is True,
    HearingAttended: lambda b, a, e: a.hearings == b.hearings + 1,
}

ROW_CASES = [
    pytest.param(i, row, src, id=f"{i}-{row.kind}-from-{src.value}")
    for i, row in enumerate(TRANSITIONS)
    for src in sorted(row.sources, key=list(CaseStage).index)
]


# --------------------------------------------------------------------------- one test per row


@pytest.mark.parametrize(("index", "row", "source"), ROW_CASES)
def test_every_row_from_every_source(index: int, row: Transition, source: CaseStage) -> None:
    # A row no longer in force is exercised on its first day.
    t = clock(T0 if row.in_force(T0.date()) else at_vn(row.effective_from, 8))
    form = form_for(row.event)
    history = [*reach(source, form, t), *prepare(row.event, source, t)]
    before = replay(make_case(form, events=tuple(history)))
    assert before.stage is source
    event = example(row.event, source, next(t))
    assert decide(before, event) == (event,)
    assert row.event in enabled_commands(before)
    after = evolve(before, event)
    assert after.stage is row.target_from(source)
    assert after.stage is (source if row.target is None else row.target)
    assert after.last_on == event.on
    assert after.event_count == before.event_count + 1
    assert EFFECT[row.event](before, after, event)
    # The recorded history replays to the same state.
    assert replay(make_case(form, events=(*history, event))) == after
    assert row.citation
    assert row.guard
    assert row.in_force(event.on.date())


def test_table_covers_every_event_and_every_reachable_stage() -> None:
    kinds = {row.event for row in TRANSITIONS}
    from tgpl.domain import EVENT_TYPES

    assert kinds == set(EVENT_TYPES.values())
    targets = {row.target_from(s) for row in TRANSITIONS for s in row.sources}
    assert targets == set(CaseStage) - {S.NEW}
    for row in TRANSITIONS:
        assert "Art" in row.citation or "QĐ" in row.citation, row


def test_a_case_may_start_with_acceptance_from_the_register() -> None:
    on = T0
    state = apply_command(initial_state(Form.ADVICE), Accepted(on=on))
    assert state.stage is S.ACCEPTED
    assert state.accepted_on == on
    assert state.received_on is None  # unknown, never guessed


def test_immediate_acceptance_is_recorded() -> None:
    ev = Accepted(on=T0, immediate=True, immediate_reason=ImmediateReason.HEARING_SOON)
    state = apply_command(initial_state(Form.LITIGATION), ev)
    assert state.immediate
    assert state.immediate_reason is ImmediateReason.HEARING_SOON


# --------------------------------------------------------------------------- refusals


def refusal(state: CaseState, command: Event) -> Refusal:
    result = decide(state, command)
    assert isinstance(result, Refusal), result
    assert result.reasons
    for r in result.reasons:
        assert REASONS[r.code] == r
    return result


def at(stage: CaseStage, form: Form = Form.LITIGATION, field: LegalField = LegalField.CRIMINAL) -> CaseState:
    t = clock()
    return replay(make_case(form, field, tuple(reach(stage, form, t))))


LATER = at_vn(dt.date(2024, 6, 1), 9)


def assert_refused(state: CaseState, command: Event, code: str, cites: str) -> Refusal:
    r = refusal(state, command)
    assert code in r.codes, r.codes
    reason = next(x for x in r.reasons if x.code == code)
    assert cites in reason.citation, reason.citation
    with pytest.raises(LifecycleError) as info:
        apply_command(state, command)
    assert code in str(info.value)
    return r


def test_no_acceptance_dated_before_the_request() -> None:
    state = at(S.RECEIVED)
    assert state.last_on is not None
    early = Accepted(on=state.last_on - dt.timedelta(minutes=1))
    assert_refused(state, early, "time.backwards", "Law Art 39")


@pytest.mark.parametrize(("stage", "code", "cites"), [
    (S.ACCEPTED, "accepted.already_accepted", "TT12 Art 5 cl. 2"),
    (S.IN_PROGRESS, "accepted.already_accepted", "TT12 Art 5 cl. 2"),
    (S.TRANSFERRED, "accepted.request_transferred", "Law Art 35"),
    (S.REFUSED, "accepted.refusal_not_overturned", "Art 45 cl. 2–3"),
    (S.ENDED, "accepted.already_ended", "TT12 Art 10"),
])
def test_acceptance_refused(stage: CaseStage, code: str, cites: str) -> None:
    assert_refused(at(stage), Accepted(on=LATER), code, cites)


def test_acceptance_after_a_refusal_needs_an_upheld_complaint() -> None:
    t = clock()
    history = [*reach(S.REFUSED, Form.ADVICE, t), ComplaintLodged(on=next(t), subject=ComplaintSubject.REFUSAL_TO_ACCEPT),
               ComplaintDecided(on=next(t), upheld=False)]
    state = replay(make_case(Form.ADVICE, events=tuple(history)))
    assert_refused(state, Accepted(on=LATER), "accepted.refusal_not_overturned", "Art 45 cl. 2–3")


def test_immediate_reason_pt_c_only_for_litigation() -> None:
    ev = Accepted(on=LATER, immediate=True, immediate_reason=ImmediateReason.COURT_APPOINTED_OR_NOTICE)
    assert_refused(at(S.RECEIVED, Form.ADVICE), ev, "accepted.immediate_reason_not_litigation", "TT12 Art 6 cl. 1 pt c")
    assert decide(at(S.RECEIVED, Form.LITIGATION), ev) == (ev,)


def test_refusal_needs_an_art_30_ground() -> None:
    with pytest.raises(TypeError):
        Refused(on=LATER)  # type: ignore[call-arg]
    for ground in RefusalGround:
        assert "Law Art 30 cl. 3" in ground.basis


@pytest.mark.parametrize(("stage", "code", "cites"), [
    (S.NEW, "refused.no_request", "Law Art 29"),
    (S.ACCEPTED, "refused.after_acceptance", "Law Art 37 cl. 1"),
    (S.IN_PROGRESS, "refused.after_acceptance", "Law Art 30 cl. 3"),
    (S.REFUSED, "refused.request_refused", "Law Art 30 cl. 3"),
    (S.TRANSFERRED, "refused.request_transferred", "Law Art 35"),
])
def test_refusal_only_before_acceptance(stage: CaseStage, code: str, cites: str) -> None:
    assert_refused(at(stage), Refused(on=LATER, ground=RefusalGround.BENEFICIARY_DIED), code, cites)


@pytest.mark.parametrize(("stage", "code"), [
    (S.NEW, "transferred.no_request"),
    (S.ACCEPTED, "transferred.after_acceptance"),
    (S.IN_PROGRESS, "transferred.after_acceptance"),
    (S.REFUSED, "transferred.request_refused"),
])
def test_transfer_only_before_acceptance(stage: CaseStage, code: str) -> None:
    ev = Transferred(on=LATER, reason=TransferReason.NO_TERRITORIAL_COMPETENCE, to_organisation="TT-79")
    assert_refused(at(stage), ev, code, "Law Art 35")


def test_transfer_names_the_receiving_organisation() -> None:
    ev = Transferred(on=LATER, reason=TransferReason.NO_TERRITORIAL_COMPETENCE, to_organisation=" ")
    assert_refused(at(S.RECEIVED), ev, "transferred.no_destination", "Law Art 35")


@pytest.mark.parametrize(("stage", "code", "cites"), [
    (S.NEW, "provider_assigned.not_accepted", "Law Art 30 cl. 1"),
    (S.RECEIVED, "provider_assigned.not_accepted", "Law Art 31 cl. 1–2"),
    (S.IN_PROGRESS, "provider_assigned.already_assigned", "Law Art 25 cl. 3"),
    (S.ENDED, "provider_assigned.already_ended", "TT12 Art 10"),
    (S.REFUSED, "provider_assigned.request_refused", "Law Art 30 cl. 3"),
])
def test_no_assignment_before_acceptance(stage: CaseStage, code: str, cites: str) -> None:
    ev = ProviderAssigned(on=LATER, provider_id="tgv-9", provider_kind=ProviderKind.TGV)
    assert_refused(at(stage), ev, code, cites)


ADVICE_ONLY = [ProviderKind.COLLABORATOR, ProviderKind.CONTRACTED_ORG_CONSULTANT, ProviderKind.REGISTERED_ORG_CONSULTANT]


@pytest.mark.parametrize("kind", ADVICE_ONLY)
@pytest.mark.parametrize("form", [Form.LITIGATION, Form.REPRESENTATION])
def test_collaborators_and_consultants_never_litigate_or_represent(kind: ProviderKind, form: Form) -> None:
    assign = ProviderAssigned(on=LATER, provider_id="x", provider_kind=kind)
    assert_refused(at(S.ACCEPTED, form), assign, "provider_assigned.form_not_allowed", "Law Art 24 cl. 3")
    change = ProviderChanged(on=LATER, provider_id="x", provider_kind=kind, ground=ChangeGround.OTHER)
    r = assert_refused(at(S.IN_PROGRESS, form), change, "provider_changed.form_not_allowed", "Art 31 cl. 1")
    assert "Art 33 cl. 1" in r.reasons[0].citation
    # ... but they may give advice.
    assert decide(at(S.ACCEPTED, Form.ADVICE), assign) == (assign,)
    assert decide(at(S.IN_PROGRESS, Form.ADVICE), change) == (change,)


@pytest.mark.parametrize(("stage", "code"), [
    (S.ACCEPTED, "provider_changed.no_provider"),
    (S.RECEIVED, "provider_changed.no_provider"),
    (S.ENDED, "provider_changed.already_ended"),
])
def test_provider_change_only_with_an_assigned_provider(stage: CaseStage, code: str) -> None:
    ev = ProviderChanged(on=LATER, provider_id="ls-2", provider_kind=ProviderKind.CENTER_LAWYER, ground=ChangeGround.OTHER)
    assert_refused(at(stage), ev, code, "Law Art 25 cl. 3")


def test_provider_change_to_the_same_provider() -> None:
    ev = ProviderChanged(on=LATER, provider_id="tgv-1", provider_kind=ProviderKind.TGV, ground=ChangeGround.OTHER)
    assert_refused(at(S.IN_PROGRESS), ev, "provider_changed.same_provider", "Law Art 25 cl. 3")


def test_provider_change_needs_its_ground() -> None:
    with pytest.raises(TypeError):
        ProviderChanged(on=LATER, provider_id="ls-2", provider_kind=ProviderKind.TGV)  # type: ignore[call-arg]


def test_change_request_rules() -> None:
    state = apply_command(at(S.IN_PROGRESS), ProviderChangeRequested(on=LATER))
    assert_refused(state, ProviderChangeRequested(on=LATER), "provider_change_requested.already_pending", "TT12 Art 9 cl. 1")
    assert ProviderChangeRequested not in enabled_commands(state)
    ev = ProviderChangeRequested(on=LATER, ground=ChangeGround.REGISTRATION_REFUSED)
    assert_refused(at(S.IN_PROGRESS), ev, "provider_change_requested.registration_ground", "TTLT10 Art 6")
    assert_refused(at(S.ACCEPTED), ProviderChangeRequested(on=LATER), "provider_change_requested.no_provider", "TT12 Art 9 cl. 1")
    # A change answers the request.
    changed = apply_command(state, ProviderChanged(
        on=LATER, provider_id="ls-2", provider_kind=ProviderKind.CENTER_LAWYER, ground=ChangeGround.BENEFICIARY_REQUEST))
    assert changed.change_requested_on is None
    assert changed.provider_changes == 1


def test_registration_refusal_rules() -> None:
    ev = RegistrationRefused(on=LATER, refusal=RegistrationRefusal.PROTECTOR_REFUSED)
    assert_refused(at(S.IN_PROGRESS, Form.REPRESENTATION), ev, "registration_refused.not_litigation", "TTLT10 Art 6")
    defence = RegistrationRefused(on=LATER, refusal=RegistrationRefusal.DEFENCE_REFUSED)
    assert_refused(at(S.IN_PROGRESS, field=LegalField.CIVIL), defence, "registration_refused.defence_not_criminal", "TTLT10 Art 6")
    assert decide(at(S.IN_PROGRESS, field=LegalField.CIVIL), ev) == (ev,)
    pending = apply_command(at(S.IN_PROGRESS), defence)
    assert_refused(pending, ev, "registration_refused.already_pending", "TTLT10 Art 6")


@pytest.mark.parametrize(("stage", "code"), [
    (S.ENDED, "ended.already_ended"),
    (S.FILE_HANDED_OVER, "ended.already_ended"),
    (S.ARCHIVED, "ended.archived"),
    (S.RECEIVED, "ended.not_accepted"),
    (S.NEW, "ended.not_accepted"),
    (S.REFUSED, "ended.request_refused"),
])
def test_one_end_per_case_and_only_after_acceptance(stage: CaseStage, code: str) -> None:
    assert_refused(at(stage), Ended(on=LATER, outcome=EndKind.SUSPENDED), code, "TT12 Art 10")


def test_not_continued_needs_an_art_37_ground() -> None:
    with pytest.raises(ValueError, match="Art 37"):
        Ended(on=LATER, outcome=EndKind.NOT_CONTINUED)
    for ground in NotContinuedGround:
        assert "Art 37 cl. 1" in ground.basis or "TT12 Art 6" in ground.basis


def test_missing_proof_only_after_an_immediate_acceptance_without_proof() -> None:
    missing = Ended(on=LATER, outcome=EndKind.NOT_CONTINUED, ground=NotContinuedGround.MISSING_PROOF)
    assert_refused(at(S.ACCEPTED), missing, "ended.missing_proof_not_immediate", "TT12 Art 6 cl. 2 pt b")
    t = clock()
    proof = ProofSupplied(on=next(t), proofs=(Proof(ProofKind.AGE_PROOF),))
    immediate = Accepted(on=next(t), immediate=True, immediate_reason=ImmediateReason.LIMITATION_ENDING)
    # Proof supplied before the (immediate) acceptance does not count: the ground holds.
    state = replay(make_case(Form.ADVICE, events=(RequestReceived(on=T0 - dt.timedelta(hours=1)), proof, immediate)))
    assert state.proof_after_acceptance is None
    assert decide(state, missing) == (missing,)
    supplied = apply_command(state, ProofSupplied(on=next(t)))
    assert supplied.proof_after_acceptance is not None
    assert_refused(supplied, missing, "ended.missing_proof_supplied", "TT12 Art 6 cl. 2 pt b")


@pytest.mark.parametrize("form", [Form.LITIGATION, Form.REPRESENTATION])
def test_litigation_and_representation_complete_only_with_a_provider(form: Form) -> None:
    done = Ended(on=LATER, outcome=EndKind.COMPLETED)
    assert_refused(at(S.ACCEPTED, form), done, "ended.completed_without_provider", "Law Art 31 cl. 2")
    assert decide(at(S.IN_PROGRESS, form), done) == (done,)
    assert decide(at(S.ACCEPTED, Form.ADVICE), done) == (done,)
    withdrawn = Ended(on=LATER, outcome=EndKind.NOT_CONTINUED, ground=NotContinuedGround.WITHDRAWN)
    assert decide(at(S.ACCEPTED, form), withdrawn) == (withdrawn,)


def test_advice_given_only_on_advice_cases_after_acceptance() -> None:
    assert_refused(at(S.ACCEPTED, Form.LITIGATION), AdviceGiven(on=LATER), "advice_given.not_advice_case", "Law Art 32 cl. 2")
    assert_refused(at(S.RECEIVED, Form.ADVICE), AdviceGiven(on=LATER), "advice_given.not_accepted", "Law Art 32 cl. 2")
    assert_refused(at(S.ENDED, Form.ADVICE), AdviceGiven(on=LATER), "advice_given.already_ended", "TT12 Art 10")
    given = apply_command(at(S.ACCEPTED, Form.ADVICE), AdviceGiven(on=LATER))
    assert_refused(given, AdviceGiven(on=LATER), "advice_given.already_given", "Law Art 32 cl. 2")


def test_advice_deadline_extension_rules() -> None:
    ext = AdviceDeadlineExtended(on=LATER, total_days=20)
    assert_refused(at(S.ACCEPTED, Form.REPRESENTATION), ext, "advice_deadline_extended.not_advice_case", "Law Art 32 cl. 2")
    extended = apply_command(at(S.ACCEPTED, Form.ADVICE), ext)
    assert extended.advice_days == 20
    assert_refused(extended, AdviceDeadlineExtended(on=LATER, total_days=15), "advice_deadline_extended.not_longer", "Law Art 32 cl. 2")
    assert apply_command(extended, AdviceDeadlineExtended(on=LATER, total_days=30)).advice_days == 30
    given = apply_command(at(S.ACCEPTED, Form.ADVICE), AdviceGiven(on=LATER))
    assert_refused(given, ext, "advice_deadline_extended.advice_given", "Law Art 32 cl. 2")


@pytest.mark.parametrize(("stage", "code"), [
    (S.IN_PROGRESS, "file_handed_over.not_ended"),
    (S.ACCEPTED, "file_handed_over.not_ended"),
    (S.FILE_HANDED_OVER, "file_handed_over.already_handed_over"),
])
def test_file_hand_over_only_after_the_end(stage: CaseStage, code: str) -> None:
    assert_refused(at(stage), FileHandedOver(on=LATER), code, "Law Art 39")


@pytest.mark.parametrize("stage", [S.ENDED, S.IN_PROGRESS, S.RECEIVED])
def test_archive_only_after_hand_over(stage: CaseStage) -> None:
    assert_refused(at(stage), Archived(on=LATER), "archived.not_handed_over", "Law Art 39")


def test_no_archive_while_a_complaint_is_pending() -> None:
    state = apply_command(at(S.FILE_HANDED_OVER), ComplaintLodged(on=LATER, subject=ComplaintSubject.UNLAWFUL_AID))
    assert Archived not in enabled_commands(state)
    assert_refused(state, Archived(on=LATER), "archived.complaint_pending", "Law Art 45")


@pytest.mark.parametrize("stage", [S.ACCEPTED, S.IN_PROGRESS, S.RECEIVED])
def test_appraisal_and_evaluation_only_after_the_end(stage: CaseStage) -> None:
    assert_refused(at(stage), AppraisalRecorded(on=LATER, review=review(ReviewerLevel.ORGANISATION)),
                   "appraisal_recorded.not_ended", "TT12 Art 14")
    assert_refused(at(stage), EvaluationRecorded(on=LATER, review=review(ReviewerLevel.DOJ)),
                   "evaluation_recorded.not_ended", "TT12 Art 15")


def test_appraisal_and_evaluation_levels_and_forms() -> None:
    assert_refused(at(S.ENDED), AppraisalRecorded(on=LATER, review=review(ReviewerLevel.DOJ)),
                   "appraisal_recorded.not_organisation", "TT12 Art 14")
    assert_refused(at(S.ENDED), EvaluationRecorded(on=LATER, review=review(ReviewerLevel.ORGANISATION)),
                   "evaluation_recorded.not_doj_or_moj", "TT12 Art 15")
    assert_refused(at(S.ENDED, Form.ADVICE), EvaluationRecorded(on=LATER, review=review(ReviewerLevel.MOJ)),
                   "evaluation_recorded.advice_case", "TT12 Art 15")
    ok = AppraisalRecorded(on=LATER, review=review(ReviewerLevel.ORGANISATION))
    assert decide(at(S.ARCHIVED, Form.ADVICE), ok) == (ok,)


def test_success_only_for_ended_litigation_cases() -> None:
    ok = SuccessAssessed(on=LATER, successful=False)
    assert_refused(at(S.IN_PROGRESS), ok, "success_assessed.not_ended", "QĐ 1179/QĐ-BTP")
    assert_refused(at(S.ENDED, Form.REPRESENTATION), ok, "success_assessed.not_litigation", "QĐ 1179/QĐ-BTP")
    assert_refused(at(S.ENDED, Form.ADVICE), ok, "success_assessed.not_litigation", "TT12 Art 14")
    assert apply_command(at(S.ENDED), ok).success is Tri.NO


def test_success_assessment_before_the_criteria_were_in_force() -> None:
    t = clock(at_vn(dt.date(2020, 2, 3), 8))
    state = replay(make_case(Form.LITIGATION, events=tuple(reach(S.ENDED, Form.LITIGATION, t))))
    with pytest.raises(RuleNotInForceError, match="2021-07-15"):
        decide(state, SuccessAssessed(on=next(t), successful=True, criterion="TC01"))


def test_nothing_before_the_law_was_in_force() -> None:
    with pytest.raises(RuleNotInForceError):
        decide(initial_state(Form.ADVICE), RequestReceived(on=at_vn(dt.date(2017, 12, 31), 23)))


#: TT 09/2024/TT-BTP Art 5 reads an archived file's copies, so success can still be assessed.
AFTER_ARCHIVE_OK: set[type[EventBase]] = {AppraisalRecorded, EvaluationRecorded, SuccessAssessed}


@pytest.mark.parametrize("cls", list(dict.fromkeys(r.event for r in TRANSITIONS if r.event not in AFTER_ARCHIVE_OK)))
def test_after_archiving_only_reviews_and_success_assessment(cls: type[EventBase]) -> None:
    state = at(S.ARCHIVED)
    r = refusal(state, example(cls, S.ARCHIVED, LATER))
    assert r.codes == (f"{cls.kind}.archived",)
    assert "Law Art 39" in r.reasons[0].citation
    assert enabled_commands(state) == frozenset(AFTER_ARCHIVE_OK)


def test_success_assessment_of_an_archived_file() -> None:
    state = at(S.ARCHIVED)
    ok = decide(state, example(SuccessAssessed, S.ARCHIVED, LATER))
    assert not isinstance(ok, Refusal)


def test_complaints_head_before_doj_director() -> None:
    state = at(S.IN_PROGRESS)
    doj = ComplaintLodged(on=LATER, subject=ComplaintSubject.UNLAWFUL_AID, level=ComplaintLevel.DOJ_DIRECTOR)
    assert_refused(state, doj, "complaint_lodged.doj_before_head", "Law Art 45 cl. 2–3")
    head = apply_command(state, ComplaintLodged(on=LATER, subject=ComplaintSubject.UNLAWFUL_AID))
    assert_refused(head, doj, "complaint_lodged.already_pending", "Law Art 45")
    assert_refused(head, ComplaintDecided(on=LATER, level=ComplaintLevel.DOJ_DIRECTOR),
                   "complaint_decided.none_pending", "Law Art 45 cl. 2–3")
    decided = apply_command(head, ComplaintDecided(on=LATER))
    escalated = apply_command(decided, doj)
    assert [c.level for c in escalated.open_complaints] == [ComplaintLevel.DOJ_DIRECTOR]
    # Only one escalation per head decision.
    closed = apply_command(escalated, ComplaintDecided(on=LATER, level=ComplaintLevel.DOJ_DIRECTOR, upheld=True))
    assert_refused(closed, doj, "complaint_lodged.doj_before_head", "Law Art 45")
    assert closed.open_complaints == ()


@pytest.mark.parametrize(("stage", "subject"), [
    (S.ACCEPTED, ComplaintSubject.REFUSAL_TO_ACCEPT),
    (S.REFUSED, ComplaintSubject.FAILURE_TO_AID),
    (S.RECEIVED, ComplaintSubject.UNLAWFUL_AID),
    (S.IN_PROGRESS, ComplaintSubject.UNLAWFUL_PROVIDER_CHANGE),
])
def test_complaint_subject_must_fit_the_stage(stage: CaseStage, subject: ComplaintSubject) -> None:
    assert_refused(at(stage), ComplaintLodged(on=LATER, subject=subject), "complaint_lodged.subject_not_applicable", "Law Art 45 cl. 1")


def test_complaint_decided_without_a_complaint() -> None:
    assert ComplaintDecided not in enabled_commands(at(S.IN_PROGRESS))
    assert_refused(at(S.IN_PROGRESS), ComplaintDecided(on=LATER), "complaint_decided.none_pending", "Law Art 45")
    assert_refused(at(S.TRANSFERRED), ComplaintLodged(on=LATER, subject=ComplaintSubject.FAILURE_TO_AID),
                   "complaint_lodged.request_transferred", "Law Art 35")


def test_events_never_go_back_in_time_and_all_reasons_are_given() -> None:
    state = at(S.IN_PROGRESS)
    assert state.last_on is not None
    back = ProviderChanged(on=state.last_on - dt.timedelta(seconds=1), provider_id="c",
                           provider_kind=ProviderKind.COLLABORATOR, ground=ChangeGround.OTHER)
    r = refusal(state, back)
    assert r.codes == ("time.backwards", "provider_changed.form_not_allowed")
    same_moment = ProviderChangeRequested(on=state.last_on)
    assert decide(state, same_moment) == (same_moment,)


def test_refusal_texts_are_bilingual_and_cited() -> None:
    assert len(REASONS) > 60
    for code, reason in REASONS.items():
        assert reason.code == code
        assert reason.message_vi
        assert reason.message_en
        assert reason.citation
        assert any(ord(ch) > 127 for ch in reason.message_vi), code  # Vietnamese, with diacritics
    r = refusal(at(S.NEW), AdviceGiven(on=LATER))
    assert r.message_vi.startswith("Không thể")
    assert r.message_en.startswith("Cannot")
    assert "advice_given" in str(r)


def test_decide_rejects_non_events() -> None:
    with pytest.raises(TypeError):
        decide(initial_state(Form.ADVICE), "accepted")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- replay & history


def legal_case() -> Case:
    t = clock()
    events: tuple[Event, ...] = (
        RequestReceived(on=next(t)),
        Accepted(on=next(t), immediate=True, immediate_reason=ImmediateReason.COURT_APPOINTED_OR_NOTICE),
        ProviderAssigned(on=next(t), provider_id="tgv-1", provider_kind=ProviderKind.TGV),
        RegistrationRefused(on=next(t), refusal=RegistrationRefusal.DEFENCE_REFUSED),
        ProviderChanged(on=next(t), provider_id="ls-2", provider_kind=ProviderKind.CENTER_LAWYER,
                        ground=ChangeGround.REGISTRATION_REFUSED),
        ProofSupplied(on=next(t), proofs=(Proof(ProofKind.PROCEDURE_BODY_DOCUMENT),)),
        Ended(on=next(t), outcome=EndKind.COMPLETED),
        SuccessAssessed(on=next(t), successful=True, criterion="TC03"),
        FileHandedOver(on=next(t)),
        Archived(on=next(t)),
        EvaluationRecorded(on=next(t), review=review(ReviewerLevel.DOJ)),
    )
    return make_case(Form.LITIGATION, events=events)


def test_replay_of_a_legal_case() -> None:
    case = legal_case()
    state = replay(case)
    assert state == fold(initial_state(case), case.events)
    assert state.stage is S.ARCHIVED
    assert state.event_count == len(case.events)
    assert [(p.provider_id, p.ground) for p in state.providers] == [("tgv-1", None), ("ls-2", ChangeGround.REGISTRATION_REFUSED)]
    assert state.success is Tri.YES
    assert state.evaluations == 1
    assert state.immediate
    assert check_history(case) == []
    assert hash(state) == hash(replay(case))


def test_replay_names_the_event_and_the_reasons() -> None:
    case = legal_case()
    bad = make_case(Form.LITIGATION, events=(*case.events[:2], Ended(on=case.events[1].on, outcome=EndKind.COMPLETED)))
    with pytest.raises(LifecycleError) as info:
        replay(bad)
    assert "$.events[2]" in str(info.value)
    assert "TT.TGTT.01.2024" in str(info.value)
    assert any("ended.completed_without_provider" in r for r in info.value.reasons)


def test_check_history_reports_every_problem_and_goes_on() -> None:
    t = clock()
    events: tuple[Event, ...] = (
        RequestReceived(on=next(t)),
        ProviderAssigned(on=next(t), provider_id="x", provider_kind=ProviderKind.TGV),  # 1: before acceptance (skipped)
        Accepted(on=next(t)),
        ProviderAssigned(on=next(t), provider_id="c", provider_kind=ProviderKind.COLLABORATOR),  # 3: form (applied)
        Ended(on=next(t), outcome=EndKind.COMPLETED),
        Ended(on=next(t), outcome=EndKind.COMPLETED),  # 5: second end
    )
    problems = check_history(make_case(Form.LITIGATION, events=events))
    assert [(p.index, p.path, p.codes) for p in problems] == [
        (1, "$.events[1]", ("provider_assigned.not_accepted",)),
        (3, "$.events[3]", ("provider_assigned.form_not_allowed",)),
        (5, "$.events[5]", ("ended.already_ended",)),
    ]
    assert problems[0].record_id == "TT.TGTT.01.2024"
    assert "$.events[1]" in problems[0].message
    advice = check_history(events, Form.ADVICE)  # a collaborator may give advice
    assert [p.index for p in advice] == [1, 5]
    assert advice[0].record_id is None
    with pytest.raises(TypeError):
        check_history(events)


def test_check_history_reports_dates_no_rule_covers() -> None:
    events = (RequestReceived(on=at_vn(dt.date(2017, 6, 1), 8)), Accepted(on=T0))
    problems = check_history(events, Form.ADVICE)
    assert [p.codes for p in problems] == [("rules.not_in_force",)]
    with pytest.raises(RuleNotInForceError, match=r"\$\.events\[0\]"):
        replay(make_case(Form.ADVICE, events=events))


def test_evolve_refuses_an_event_without_a_row() -> None:
    with pytest.raises(LifecycleError, match="archived"):
        evolve(initial_state(Form.ADVICE), Archived(on=T0))


def test_initial_state() -> None:
    case = make_case(Form.REPRESENTATION, LegalField.LAND)
    state = initial_state(case)
    assert (state.form, state.field, state.stage, state.event_count) == (Form.REPRESENTATION, LegalField.LAND, S.NEW, 0)
    assert initial_state(Form.ADVICE).field is None
    assert enabled_commands(state) == frozenset({RequestReceived, Accepted})
    with pytest.raises(TypeError):
        initial_state("advice")  # type: ignore[arg-type]


def test_states_are_immutable_values() -> None:
    import attrs

    state = at(S.IN_PROGRESS)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        state.stage = S.ENDED  # type: ignore[misc]
    assert state == at(S.IN_PROGRESS)
    assert state is not at(S.IN_PROGRESS)


# --------------------------------------------------------------------------- diagram and docs


def test_mermaid_has_every_row() -> None:
    text = mermaid()
    assert text.startswith("stateDiagram-v2\n")
    for row in TRANSITIONS:
        for src in row.sources:
            a = "[*]" if src is S.NEW else src.value
            line = next(x for x in text.splitlines() if x.strip().startswith(f"{a} --> {row.target_from(src).value} :"))
            assert row.kind in line
    for stage in CaseStage:
        if stage is not S.NEW:
            assert stage.label_vi in text
    assert transitions_table().count("\n") == len(TRANSITIONS) + 2


def test_docs_embed_the_generated_diagram() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert DOCS_BEGIN in text
    assert DOCS_END in text
    assert replace_docs_block(text) == text, (
        "docs/lifecycle.md is out of date with the transition table; regenerate it with "
        "`.venv/bin/python -m tgpl.domain.lifecycle --write-docs docs/lifecycle.md`"
    )
    assert docs_block() in text
    with pytest.raises(ValueError, match="generated block"):
        replace_docs_block("no markers here")


def test_states_pickle_for_parallel_runs() -> None:
    import pickle

    state = replay(legal_case())
    copy = pickle.loads(pickle.dumps(state))
    assert copy == state
    assert copy.providers[1] == state.providers[1]
    assert hash(copy) == hash(state)
