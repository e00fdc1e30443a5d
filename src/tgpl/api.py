"""The application API of tgpl (``tgpl.api``): everything a caller needs in one import.

A provincial system records a request, decides and appends commands, asks the morning
questions and builds reports without reaching into submodules::

    from tgpl import api

    store = api.open_store("sqlite:///center.db")
    store.create(api.Request(id="YC-0001", organisation="backan-tt", code_org="TT", ...))
    result = api.apply(store.stream("YC-0001"), api.Accepted(on=...))

:func:`apply` is the one call that runs the lifecycle: decide (the law's answer, with the
citation of every reason), append (optimistic, idempotent with a command id, the file
code assigned on acceptance), the new state, and the deadlines now running. It works on a
stream of the store and, for tests and scripts, on an in-memory
:class:`~tgpl.domain.Case`.
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from tgpl.domain import (
    DEFAULT_CODE_WORDS,
    VN_TZ,
    Accepted,
    Activity,
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
    CouncilActivity,
    DutyShift,
    Ended,
    EndKind,
    EvaluationRecorded,
    Event,
    EventBase,
    FileCode,
    FileHandedOver,
    FinancialBasis,
    Form,
    FormCodeWords,
    Grade,
    Group,
    HearingAttended,
    ImmediateReason,
    LegalField,
    MobileTrip,
    NotContinuedGround,
    Organisation,
    OrgKind,
    OutreachSession,
    PersonRole,
    ProcedureRole,
    Proof,
    ProofKind,
    ProofSupplied,
    Provider,
    ProviderAssigned,
    ProviderChanged,
    ProviderChangeDeclined,
    ProviderChangeRequested,
    ProviderKind,
    QualityReview,
    Reception,
    RefusalGround,
    Refused,
    RegistrationRefusal,
    RegistrationRefused,
    RequestReceived,
    RequestSource,
    ReviewerLevel,
    Sex,
    SimpleAnswer,
    SuccessAssessed,
    SuccessGroup,
    TargetGroup,
    Training,
    TransferReason,
    Transferred,
    Tri,
    Trigger,
    Unit,
    UnitRef,
    UnitScheme,
    at_vn,
)
from tgpl.domain.lifecycle import (
    CaseStage,
    CaseState,
    Refusal,
    RefusalReason,
    check_history,
    decide,
    enabled_commands,
    evolve,
    initial_state,
    replay,
)
from tgpl.errors import ConcurrencyError, InvalidRecordError, LifecycleError, StoreError, TgplError
from tgpl.io.converter import structure, unstructure
from tgpl.io.jsonl import read_jsonl, write_jsonl
from tgpl.reporting.build import build_report
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.windows import Window, parse_window
from tgpl.rules.deadlines import Deadline, Status, deadlines, overdue
from tgpl.rules.eligibility import Matter, check_eligibility
from tgpl.rules.scoring import grade_review, score
from tgpl.store import EventStore, Request, StoredStream, StreamRef, open_store

__all__ = [
    "DEFAULT_CODE_WORDS",
    "VN_TZ",
    "Accepted",
    "Activity",
    "AdviceDeadlineExtended",
    "AdviceGiven",
    "Applied",
    "AppraisalRecorded",
    "Archived",
    "Beneficiary",
    "Case",
    "CaseStage",
    "CaseState",
    "ChangeGround",
    "ComplaintDecided",
    "ComplaintLevel",
    "ComplaintLodged",
    "ComplaintSubject",
    "ConcurrencyError",
    "CouncilActivity",
    "Deadline",
    "DutyShift",
    "EndKind",
    "Ended",
    "EvaluationRecorded",
    "Event",
    "EventBase",
    "EventStore",
    "FileCode",
    "FileHandedOver",
    "FinancialBasis",
    "Form",
    "FormCodeWords",
    "Grade",
    "Group",
    "HearingAttended",
    "ImmediateReason",
    "InvalidRecordError",
    "LegalField",
    "LifecycleError",
    "Matter",
    "MobileTrip",
    "NotContinuedGround",
    "OrgKind",
    "Organisation",
    "OutreachSession",
    "PersonRole",
    "ProcedureRole",
    "Proof",
    "ProofKind",
    "ProofSupplied",
    "Provider",
    "ProviderAssigned",
    "ProviderChangeDeclined",
    "ProviderChangeRequested",
    "ProviderChanged",
    "ProviderKind",
    "QualityReview",
    "Reception",
    "Refusal",
    "RefusalGround",
    "RefusalReason",
    "Refused",
    "RegistrationRefusal",
    "RegistrationRefused",
    "Request",
    "RequestReceived",
    "RequestSource",
    "ReviewerLevel",
    "Sex",
    "SimpleAnswer",
    "Status",
    "StoreError",
    "StoredStream",
    "StreamRef",
    "SuccessAssessed",
    "SuccessGroup",
    "TargetGroup",
    "TgplError",
    "Training",
    "TransferReason",
    "Transferred",
    "Tri",
    "Trigger",
    "Unit",
    "UnitRef",
    "UnitScheme",
    "Window",
    "apply",
    "at_vn",
    "build_report",
    "check_eligibility",
    "check_history",
    "deadlines",
    "decide",
    "enabled_commands",
    "evolve",
    "grade_review",
    "initial_state",
    "load_plugins",
    "open_store",
    "overdue",
    "parse_window",
    "read_jsonl",
    "replay",
    "score",
    "structure",
    "unstructure",
    "write_jsonl",
]

_UNMET = (Status.OPEN, Status.OVERDUE)


@frozen
class Applied:
    """The result of :func:`apply` when the law allows the command.

    ``events`` are the events appended (empty for a command id seen before:
    ``duplicate``), ``state`` and ``case`` the case after them, ``version`` its number of
    events, ``code`` its file code (``None`` until accepted), ``deadlines`` the time
    limits that are running — neither met nor cancelled — as of the case's last event,
    overdue ones included. ``stream`` is the store stream (``None`` for an in-memory case).
    """

    stream: str | None
    events: tuple[Event, ...]
    state: CaseState
    case: Case | None
    version: int
    code: FileCode | None
    deadlines: tuple[Deadline, ...]
    duplicate: bool = False

    def overdue(self, as_of: dt.datetime) -> tuple[Deadline, ...]:
        """The running deadlines already past due at ``as_of``."""
        return tuple(d for d in self.deadlines if as_of > d.due)


def _running(case: Case | None) -> tuple[Deadline, ...]:
    if case is None or not case.events:
        return ()
    return tuple(d for d in deadlines(case, strict=False) if d.status in _UNMET)


def apply(target: StreamRef | Case, command: Event, *, command_id: str | None = None) -> Applied | Refusal:
    """Decide ``command`` against ``target`` and, if the law allows it, append it.

    ``target`` is a store stream (``store.stream(id)``) or an in-memory case. Returns a
    :class:`~tgpl.domain.lifecycle.Refusal` (nothing appended) or :class:`Applied`. On a
    stream, ``command_id`` makes the call idempotent (a retry returns the first result,
    ``duplicate=True``) and a concurrent writer that got there first raises
    :class:`~tgpl.errors.ConcurrencyError` (reload and decide again).
    """
    if isinstance(target, Case):
        state = replay(target)
        decided = decide(state, command)
        if isinstance(decided, Refusal):
            return decided
        for event in decided:
            state = evolve(state, event)
        case = target.with_events(*decided)
        return Applied(None, decided, state, case, len(case.events), case.code, _running(case))
    store = target.store
    if command_id is not None:
        done = store.command_result(command_id, target.id)
        if done is not None:
            return _applied(target, store.load(target.id), (), duplicate=True)
    before = store.load(target.id)
    decided = decide(before.state, command)
    if isinstance(decided, Refusal):
        return decided
    result = store.append(target.id, decided, before.version, command_id=command_id, known=before)
    if result.duplicate:  # another call with this command id got there first: its result stands
        return _applied(target, store.load(target.id), (), duplicate=True)
    after = StoredStream(before.request, result.code, result.version, before.events + decided, before.row)
    return _applied(target, after, decided, duplicate=False)


def _applied(target: StreamRef, stream: StoredStream, events: tuple[Event, ...], *, duplicate: bool) -> Applied:
    case = stream.case() if stream.events else None
    return Applied(target.id, events, stream.state, case, stream.version, stream.code, _running(case), duplicate)
