"""Stateful property test of ``apply`` against the store, on both backends (Hypothesis).

Random commands — legal and illegal, some dated back in time — go through
:func:`tgpl.api.apply` to a few streams. A refused command must leave the stream as it
was; an allowed one must append exactly that event. After every step, replaying the
stored events (vetted by ``decide``) equals the live state kept beside the store; at the
end the projections equal a rebuild from the events.
"""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from store_helpers import make_request, moment

from tgpl import api
from tgpl.domain import (
    Accepted,
    AppraisalRecorded,
    Archived,
    ChangeGround,
    Ended,
    EndKind,
    Event,
    FileHandedOver,
    Form,
    NotContinuedGround,
    ProviderAssigned,
    ProviderChanged,
    ProviderKind,
    QualityReview,
    RefusalGround,
    Refused,
    RequestReceived,
    ReviewerLevel,
    TransferReason,
    Transferred,
    Trigger,
)
from tgpl.domain.lifecycle import CaseState, Refusal, evolve, initial_state, replay
from tgpl.store import EventStore

_RUNS = itertools.count()
STEP = st.integers(min_value=-20, max_value=300)
PROVIDERS = st.sampled_from([("tgv-1", ProviderKind.TGV), ("ls-2", ProviderKind.CENTER_LAWYER), ("ctv-3", ProviderKind.COLLABORATOR)])
REVIEW = QualityReview(reviewer="r", level=ReviewerLevel.ORGANISATION, trigger=Trigger.PLAN)


class StoreMachine(RuleBasedStateMachine):
    store: EventStore

    def __init__(self) -> None:
        super().__init__()
        self.run = next(_RUNS)
        self.live: dict[str, tuple[CaseState, list[Event]]] = {}
        self.now = moment(2, 8)

    def ids(self) -> list[str]:
        return sorted(self.live)

    @rule(form=st.sampled_from(Form))
    def new_request(self, form: Form) -> None:
        rid = f"R{self.run}-{len(self.live)}"
        self.store.create(make_request(rid, form))
        self.live[rid] = (initial_state(form, make_request(rid, form).field), [])

    def propose(self, pick: int, build: object) -> None:
        rid = self.ids()[pick % len(self.live)]
        state, events = self.live[rid]
        command = build(state)  # type: ignore[operator]
        before = self.store.load(rid)
        result = api.apply(self.store.stream(rid), command)
        if isinstance(result, Refusal):
            assert result.reasons
            assert self.store.load(rid) == before
            return
        assert result.events == (command,)
        new_state = evolve(state, command)
        assert result.state == new_state
        self.live[rid] = (new_state, [*events, command])
        self.now = max(self.now, command.on)

    def at(self, hours: int) -> dt.datetime:
        return self.now + dt.timedelta(hours=hours)

    @precondition(lambda self: self.live)
    @rule(pick=st.integers(0, 9), h=STEP)
    def receive(self, pick: int, h: int) -> None:
        self.propose(pick, lambda s: RequestReceived(on=self.at(h)))

    @precondition(lambda self: self.live)
    @rule(pick=st.integers(0, 9), h=STEP)
    def accept(self, pick: int, h: int) -> None:
        self.propose(pick, lambda s: Accepted(on=self.at(h)))

    @precondition(lambda self: self.live)
    @rule(pick=st.integers(0, 9), h=STEP)
    def refuse(self, pick: int, h: int) -> None:
        self.propose(pick, lambda s: Refused(on=self.at(h), ground=RefusalGround.NOT_ELIGIBLE))

    @precondition(lambda self: self.live)
    @rule(pick=st.integers(0, 9), h=STEP)
    def transfer(self, pick: int, h: int) -> None:
        self.propose(pick, lambda s: Transferred(on=self.at(h), reason=TransferReason.LACK_OF_RESOURCES, to_organisation="TT-79"))

    @precondition(lambda self: self.live)
    @rule(pick=st.integers(0, 9), h=STEP, who=PROVIDERS)
    def assign(self, pick: int, h: int, who: tuple[str, ProviderKind]) -> None:
        self.propose(pick, lambda s: ProviderAssigned(on=self.at(h), provider_id=who[0], provider_kind=who[1]))

    @precondition(lambda self: self.live)
    @rule(pick=st.integers(0, 9), h=STEP, who=PROVIDERS)
    def change(self, pick: int, h: int, who: tuple[str, ProviderKind]) -> None:
        self.propose(pick, lambda s: ProviderChanged(on=self.at(h), provider_id=who[0], provider_kind=who[1], ground=ChangeGround.OTHER))

    @precondition(lambda self: self.live)
    @rule(pick=st.integers(0, 9), h=STEP, completed=st.booleans())
    def end(self, pick: int, h: int, completed: bool) -> None:
        self.propose(pick, lambda s: Ended(on=self.at(h), outcome=EndKind.COMPLETED) if completed else Ended(
            on=self.at(h), outcome=EndKind.NOT_CONTINUED, ground=NotContinuedGround.WITHDRAWN))

    @precondition(lambda self: self.live)
    @rule(pick=st.integers(0, 9), h=STEP)
    def hand_over(self, pick: int, h: int) -> None:
        self.propose(pick, lambda s: FileHandedOver(on=self.at(h)))

    @precondition(lambda self: self.live)
    @rule(pick=st.integers(0, 9), h=STEP)
    def archive(self, pick: int, h: int) -> None:
        self.propose(pick, lambda s: Archived(on=self.at(h)))

    @precondition(lambda self: self.live)
    @rule(pick=st.integers(0, 9), h=STEP)
    def appraise(self, pick: int, h: int) -> None:
        self.propose(pick, lambda s: AppraisalRecorded(on=self.at(h), review=REVIEW))

    @invariant()
    def replay_equals_live_state(self) -> None:
        for rid, (state, events) in self.live.items():
            stored = self.store.load(rid)
            assert list(stored.events) == events
            assert stored.state == state
            if events:
                assert replay(stored.case()) == state  # every stored history is one decide allowed
            # A file code exactly when the request was accepted (TT12 Art 11; Law Art 30 cl. 1).
            assert (stored.code is not None) == (state.accepted_on is not None)

    def teardown(self) -> None:
        live = self.store.projection_rows()
        self.store.rebuild_projections()
        assert self.store.projection_rows() == live


def test_apply_against_the_store(store: EventStore) -> None:
    machine = type("Machine", (StoreMachine,), {"store": store})
    run_state_machine_as_test(machine, settings=settings(
        max_examples=15, stateful_step_count=12, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    ))
