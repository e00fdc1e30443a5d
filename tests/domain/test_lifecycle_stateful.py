"""Stateful property test of the lifecycle (Hypothesis ``RuleBasedStateMachine``).

Random commands — legal and illegal, some dated back in time — are proposed to
:func:`decide`. Allowed ones are recorded and folded into the live state; refused ones
must change nothing. After every step the invariants hold: replaying the recorded
events gives the live state, the history checks clean, at most one end, the stage
agrees with the fields, and providers' kinds are allowed for the form.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable

import attrs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tgpl.domain import (
    EVENT_TYPES,
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
    REASONS,
    CaseStage,
    CaseState,
    Refusal,
    apply_command,
    check_history,
    decide,
    enabled_commands,
    evolve,
    fold,
    initial_state,
    replay,
)
from tgpl.errors import LifecycleError

S = CaseStage
START = at_vn(dt.date(2023, 12, 28), 8)
#: Hours to the proposed event from the last one: mostly forward, sometimes back in time.
STEP_HOURS = st.integers(min_value=-30, max_value=400)
IDS = st.sampled_from(["tgv-1", "tgv-2", "ls-3", "ctv-4"])


def plausible(cls: type[EventBase], s: CaseState, on: dt.datetime) -> Event:
    """A command of class ``cls`` that is likely (not certain) to be allowed in state ``s``."""
    review = QualityReview(reviewer="r", level=ReviewerLevel.ORGANISATION, trigger=Trigger.PLAN)
    current = s.provider.provider_id if s.provider is not None else None
    pending = s.open_complaints
    builders: dict[type[EventBase], Callable[[], Event]] = {
        RequestReceived: lambda: RequestReceived(on=on),
        Accepted: lambda: Accepted(on=on),
        Refused: lambda: Refused(on=on, ground=RefusalGround.NOT_ELIGIBLE),
        Transferred: lambda: Transferred(on=on, reason=TransferReason.LACK_OF_RESOURCES, to_organisation="TT-79"),
        ProviderAssigned: lambda: ProviderAssigned(on=on, provider_id="tgv-1", provider_kind=ProviderKind.TGV),
        ProviderChangeRequested: lambda: ProviderChangeRequested(on=on),
        ProviderChangeDeclined: lambda: ProviderChangeDeclined(on=on),
        RegistrationRefused: lambda: RegistrationRefused(on=on, refusal=RegistrationRefusal.PROTECTOR_REFUSED),
        ProviderChanged: lambda: ProviderChanged(
            on=on, provider_id="ls-3" if current != "ls-3" else "tgv-2",
            provider_kind=ProviderKind.CENTER_LAWYER, ground=ChangeGround.OTHER),
        ProofSupplied: lambda: ProofSupplied(on=on),
        AdviceGiven: lambda: AdviceGiven(on=on),
        AdviceDeadlineExtended: lambda: AdviceDeadlineExtended(on=on, total_days=30),
        Ended: lambda: Ended(on=on, outcome=EndKind.COMPLETED),
        FileHandedOver: lambda: FileHandedOver(on=on),
        Archived: lambda: Archived(on=on),
        AppraisalRecorded: lambda: AppraisalRecorded(on=on, review=review),
        EvaluationRecorded: lambda: EvaluationRecorded(on=on, review=attrs.evolve(review, level=ReviewerLevel.DOJ)),
        SuccessAssessed: lambda: SuccessAssessed(on=on, successful=False),
        ComplaintLodged: lambda: ComplaintLodged(on=on, subject=(
            ComplaintSubject.REFUSAL_TO_ACCEPT if s.stage is S.REFUSED else ComplaintSubject.FAILURE_TO_AID)),
        ComplaintDecided: lambda: ComplaintDecided(
            on=on, level=pending[0].level if pending else ComplaintLevel.ORGANISATION_HEAD, upheld=True),
        HearingAttended: lambda: HearingAttended(on=on, mode=HearingMode.ONLINE, provider_id=current),
    }
    return builders[cls]()


class LifecycleMachine(RuleBasedStateMachine):
    """Drive one case through random commands."""

    def __init__(self) -> None:
        super().__init__()
        self.state = initial_state(Form.ADVICE)
        self.case: Case | None = None
        self.events: list[Event] = []
        self.now = START
        self.refusals = 0

    @initialize(form=st.sampled_from(Form), field=st.sampled_from(LegalField), opening=st.integers(0, 2))
    def header(self, form: Form, field: LegalField, opening: int = 0) -> None:
        self.case = Case(
            code=FileCode("TT", form, 1, 2024),
            organisation="org-1",
            unit=UnitRef(UnitScheme.P2025, "01"),
            form=form,
            field=field,
            beneficiaries=(Beneficiary("b-1"),),
        )
        self.state = initial_state(self.case)
        # Most runs start where real files start: a reception, or the register's acceptance.
        if opening >= 1:
            self.propose(RequestReceived(on=self.now) if opening == 1 else Accepted(on=self.now))

    def at(self, hours: int) -> dt.datetime:
        return self.now + dt.timedelta(hours=hours)

    def propose(self, command: Event) -> None:
        before = self.state
        enabled = enabled_commands(before)
        result = decide(before, command)
        if isinstance(result, Refusal):
            self.refusals += 1
            assert result.reasons
            assert result.stage is before.stage
            assert all(REASONS.get(r.code) == r for r in result.reasons), result.codes
            assert ("time.backwards" in result.codes) == (before.last_on is not None and command.on < before.last_on)
            with pytest.raises(LifecycleError) as info:
                apply_command(before, command)
            assert info.value.reasons
            assert self.state is before  # refused commands change nothing
            return
        assert result == (command,)
        assert type(command) in enabled, f"{command.kind} allowed but not enabled at {before.stage}"
        self.state = evolve(before, command)
        assert self.state == apply_command(before, command)
        self.events.append(command)
        self.now = command.on

    # ------------------------------------------------------------------ commands

    @rule(h=STEP_HOURS)
    def request(self, h: int) -> None:
        self.propose(RequestReceived(on=self.at(h)))

    @rule(h=STEP_HOURS, reason=st.none() | st.sampled_from(ImmediateReason))
    def accept(self, h: int, reason: ImmediateReason | None) -> None:
        self.propose(Accepted(on=self.at(h), immediate=reason is not None, immediate_reason=reason))

    @rule(h=STEP_HOURS, ground=st.sampled_from(RefusalGround))
    def refuse(self, h: int, ground: RefusalGround) -> None:
        self.propose(Refused(on=self.at(h), ground=ground))

    @rule(h=STEP_HOURS, reason=st.sampled_from(TransferReason), to=st.sampled_from(["TT-79", ""]))
    def transfer(self, h: int, reason: TransferReason, to: str) -> None:
        self.propose(Transferred(on=self.at(h), reason=reason, to_organisation=to))

    @rule(h=STEP_HOURS, pid=IDS, kind=st.sampled_from(ProviderKind))
    def assign(self, h: int, pid: str, kind: ProviderKind) -> None:
        self.propose(ProviderAssigned(on=self.at(h), provider_id=pid, provider_kind=kind))

    @rule(h=STEP_HOURS, ground=st.sampled_from(ChangeGround))
    def request_change(self, h: int, ground: ChangeGround) -> None:
        self.propose(ProviderChangeRequested(on=self.at(h), ground=ground))

    @rule(h=STEP_HOURS)
    def decline_change(self, h: int) -> None:
        self.propose(ProviderChangeDeclined(on=self.at(h), reason="không có căn cứ"))

    @rule(h=STEP_HOURS, refusal=st.sampled_from(RegistrationRefusal))
    def registration_refused(self, h: int, refusal: RegistrationRefusal) -> None:
        self.propose(RegistrationRefused(on=self.at(h), refusal=refusal))

    @rule(h=STEP_HOURS, pid=IDS, kind=st.sampled_from(ProviderKind), ground=st.sampled_from(ChangeGround))
    def change(self, h: int, pid: str, kind: ProviderKind, ground: ChangeGround) -> None:
        self.propose(ProviderChanged(on=self.at(h), provider_id=pid, provider_kind=kind, ground=ground))

    @rule(h=STEP_HOURS, kinds=st.lists(st.sampled_from(ProofKind), max_size=2))
    def proof(self, h: int, kinds: list[ProofKind]) -> None:
        self.propose(ProofSupplied(on=self.at(h), proofs=tuple(Proof(k) for k in kinds)))

    @rule(h=STEP_HOURS)
    def advice(self, h: int) -> None:
        self.propose(AdviceGiven(on=self.at(h)))

    @rule(h=STEP_HOURS, days=st.integers(min_value=11, max_value=30))
    def extend(self, h: int, days: int) -> None:
        self.propose(AdviceDeadlineExtended(on=self.at(h), total_days=days))

    @rule(h=STEP_HOURS, outcome=st.sampled_from(EndKind), ground=st.sampled_from(NotContinuedGround))
    def end(self, h: int, outcome: EndKind, ground: NotContinuedGround) -> None:
        g = ground if outcome is EndKind.NOT_CONTINUED else None
        self.propose(Ended(on=self.at(h), outcome=outcome, ground=g))

    @rule(h=STEP_HOURS)
    def hand_over(self, h: int) -> None:
        self.propose(FileHandedOver(on=self.at(h)))

    @rule(h=STEP_HOURS)
    def archive(self, h: int) -> None:
        self.propose(Archived(on=self.at(h)))

    @rule(h=STEP_HOURS, level=st.sampled_from(ReviewerLevel), evaluation=st.booleans())
    def review(self, h: int, level: ReviewerLevel, evaluation: bool) -> None:
        r = QualityReview(reviewer="r", level=level, trigger=Trigger.PLAN, scores={"1a": 8})
        event = EvaluationRecorded(on=self.at(h), review=r) if evaluation else AppraisalRecorded(on=self.at(h), review=r)
        self.propose(event)

    @rule(h=STEP_HOURS, successful=st.booleans(), level=st.sampled_from(ReviewerLevel))
    def success(self, h: int, successful: bool, level: ReviewerLevel) -> None:
        self.propose(SuccessAssessed(on=self.at(h), successful=successful,
                                     criterion="TC01" if successful else None, level=level))

    @rule(h=STEP_HOURS, subject=st.sampled_from(ComplaintSubject), level=st.sampled_from(ComplaintLevel))
    def complain(self, h: int, subject: ComplaintSubject, level: ComplaintLevel) -> None:
        self.propose(ComplaintLodged(on=self.at(h), subject=subject, level=level))

    @rule(h=STEP_HOURS, level=st.sampled_from(ComplaintLevel), upheld=st.booleans())
    def decide_complaint(self, h: int, level: ComplaintLevel, upheld: bool) -> None:
        self.propose(ComplaintDecided(on=self.at(h), level=level, upheld=upheld))

    def teardown(self) -> None:
        # Shown by ``pytest --hypothesis-show-statistics``: how deep the runs got.
        event(f"final stage: {self.state.stage.value}")

    @rule(h=st.integers(min_value=0, max_value=400), pick=st.integers(min_value=0, max_value=63))
    def advance(self, h: int, pick: int) -> None:
        """Propose a plausible command of an enabled kind, so runs reach the later stages."""
        kinds = sorted(enabled_commands(self.state), key=lambda c: c.kind)
        if kinds:
            self.propose(plausible(kinds[pick % len(kinds)], self.state, self.at(h)))

    @rule(h=st.integers(min_value=0, max_value=400), pick=st.integers(min_value=0, max_value=63))
    def advance_again(self, h: int, pick: int) -> None:
        """The same as :meth:`advance`; a second rule doubles its weight in the rule choice."""
        self.advance(h, pick)

    # ------------------------------------------------------------------ invariants

    @invariant()
    def replay_equals_live(self) -> None:
        if self.case is None:
            return
        recorded = self.case.with_events(*self.events)
        assert replay(recorded) == self.state
        assert fold(initial_state(recorded), recorded.events) == self.state
        assert check_history(recorded) == []
        assert self.state.event_count == len(self.events)

    @invariant()
    def at_most_one_end_and_time_order(self) -> None:
        assert sum(isinstance(e, Ended) for e in self.events) <= 1
        assert all(a.on <= b.on for a, b in zip(self.events, self.events[1:], strict=False))
        assert self.state.last_on == (self.events[-1].on if self.events else None)

    @invariant()
    def stage_agrees_with_fields(self) -> None:
        s: CaseState = self.state
        assert (s.accepted_on is not None) == s.is_accepted
        assert (s.ended_on is not None) == (s.stage in (S.ENDED, S.FILE_HANDED_OVER, S.ARCHIVED))
        assert (s.end_outcome is not None) == (s.ended_on is not None)
        assert (s.not_continued_ground is not None) == (s.end_outcome is EndKind.NOT_CONTINUED)
        assert (s.handed_over_on is not None) == (s.stage in (S.FILE_HANDED_OVER, S.ARCHIVED))
        assert (s.archived_on is not None) == (s.stage is S.ARCHIVED)
        if s.stage is S.IN_PROGRESS:
            assert s.provider is not None
        if s.stage in (S.NEW, S.RECEIVED, S.ACCEPTED, S.REFUSED, S.TRANSFERRED):
            assert s.providers == ()
        if s.stage is S.REFUSED:
            assert s.refusal_ground is not None
            assert s.accepted_on is None
        if s.stage is S.TRANSFERRED:
            assert s.transferred_to
            assert s.accepted_on is None
        if s.stage is S.ARCHIVED:
            assert s.open_complaints == ()
        if s.success is not Tri.UNKNOWN:
            assert s.form is Form.LITIGATION
            assert s.ended_on is not None
        if s.advice_given_on is not None or s.advice_days is not None:
            assert s.form is Form.ADVICE
        if s.end_outcome is EndKind.COMPLETED and s.form is not Form.ADVICE:
            assert s.providers
        if s.not_continued_ground is NotContinuedGround.MISSING_PROOF:
            assert s.immediate
        assert s.appraisals == sum(isinstance(e, AppraisalRecorded) for e in self.events)
        assert s.evaluations == sum(isinstance(e, EvaluationRecorded) for e in self.events)
        assert len(s.open_complaints) <= len(ComplaintSubject)

    @invariant()
    def providers_may_perform_the_form(self) -> None:
        s = self.state
        for spell in s.providers:
            assert s.form in spell.provider_kind.allowed_forms
        ids = [p.provider_id for p in s.providers]
        assert all(a != b for a, b in itertools.pairwise(ids))


LifecycleMachine.TestCase.settings = settings(
    max_examples=max(200, settings().max_examples), stateful_step_count=30, deadline=None
)
TestLifecycleMachine = LifecycleMachine.TestCase


def stage_of(m: LifecycleMachine) -> CaseStage:
    return m.state.stage


def test_the_machine_reaches_the_end_of_the_procedure() -> None:
    """A guided run: the rules are not so strict that the archive is unreachable."""
    m = LifecycleMachine()
    m.header(Form.LITIGATION, LegalField.CRIMINAL)
    m.request(1)
    m.accept(1, None)
    m.assign(1, "ctv-4", ProviderKind.COLLABORATOR)  # refused: collaborators give advice only
    assert stage_of(m) is S.ACCEPTED
    assert m.refusals == 1
    m.assign(1, "tgv-1", ProviderKind.TGV)
    m.end(1, EndKind.COMPLETED, NotContinuedGround.WITHDRAWN)
    m.success(1, True, ReviewerLevel.ORGANISATION)
    m.hand_over(1)
    m.archive(1)
    m.review(1, ReviewerLevel.DOJ, True)
    m.replay_equals_live()
    m.stage_agrees_with_fields()
    assert stage_of(m) is S.ARCHIVED
    assert m.state.evaluations == 1
    assert m.refusals == 1


EVENT_CLASSES = sorted(EVENT_TYPES.values(), key=lambda c: c.kind)


@st.composite
def histories(draw: st.DrawFn) -> tuple[Form, list[Event]]:
    """A form and random events of random kinds, mostly in time order."""
    form = draw(st.sampled_from(Form))
    blank = initial_state(form)
    on = START
    events: list[Event] = []
    for cls in draw(st.lists(st.sampled_from(EVENT_CLASSES), max_size=14)):
        on += dt.timedelta(hours=draw(st.integers(min_value=-5, max_value=200)))
        events.append(plausible(cls, blank, on))
    return form, events


@given(histories())
def test_check_history_agrees_with_replay(history: tuple[Form, list[Event]]) -> None:
    form, events = history
    case = Case(code=FileCode("TT", form, 2, 2024), organisation="org-1", unit=UnitRef(UnitScheme.P2025, "01"),
                form=form, field=LegalField.CIVIL, beneficiaries=(Beneficiary("b-1"),), events=tuple(events))
    problems = check_history(case)
    indexes = [p.index for p in problems]
    assert indexes == sorted(set(indexes))
    assert all(p.codes and p.path == f"$.events[{p.index}]" for p in problems)
    if problems:
        with pytest.raises(LifecycleError, match=re.escape(problems[0].path)):
            replay(case)
    else:
        assert replay(case) == fold(initial_state(case), case.events)


@given(history=histories())
def test_fast_fold_equals_repeated_evolve(history: tuple[Form, list[Event]]) -> None:
    form, events = history
    start = initial_state(form)
    slow = start
    try:
        for e in events:
            slow = evolve(slow, e)
    except LifecycleError:
        with pytest.raises(LifecycleError):
            fold(start, events)
        return
    assert fold(start, events) == slow
    assert start == initial_state(form)  # the input state is untouched
