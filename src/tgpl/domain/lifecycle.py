"""The statutory case lifecycle (vòng đời vụ việc TGPL): ``evolve``, ``decide``, ``replay``.

docs/architecture.md principle 1: a case's state is never stored. It is the fold of the pure
function :func:`evolve` over the case's events, starting from :func:`initial_state`.
What the law allows is decided by :func:`decide`, which takes a *proposed event* (a
command is an instance of the same event classes, :mod:`tgpl.domain.events`) and
answers either ``(event,)`` — the events to append — or a :class:`Refusal` whose
reasons each carry a stable code, a Vietnamese and an English message and the legal
citation. Nothing is ever silently ignored or applied half-way.

The transition table :data:`TRANSITIONS` is data: each row names the stages it leaves
from, the event kind, the stage it leads to, the guard in words, the citation and the
dates it is in force. The Mermaid diagram of ``docs/lifecycle.md`` is generated from it
(:func:`mermaid`; ``python -m tgpl.domain.lifecycle --write-docs docs/lifecycle.md``).

Modelling decisions (documented in ``docs/lifecycle.md``):

* A case may start directly with acceptance (thụ lý): the case register (Sổ thụ lý,
  TT12 Art 5, Mẫu 01) is often the only record, and the entry in it *is* the acceptance.
  ``received_on`` then stays ``None`` (unknown, principle 3), never guessed.
  A refusal or a transfer needs a recorded request.
* After a refused request, acceptance is possible only once a complaint about the
  refusal was upheld (Law Art 45 cl. 2–3).
* One current provider at a time; a replacement is a :class:`ProviderChanged`.
* A complaint decision (which carries no subject) decides the oldest open complaint at
  its level; a file is not archived while a complaint is open.
* After archiving (lưu trữ) only appraisal and evaluation may be recorded.

Performance: :func:`evolve` dispatches on the event class through dicts and builds the
new state by copying the old state's attribute dict (``CaseState`` is a frozen attrs
class *without* slots for exactly this reason: a slotted ``__init__`` with ~30 fields
costs ~2 µs; the dict copy costs ~0.3 µs).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

from attrs import frozen

from tgpl.domain._time import VN_TZ
from tgpl.domain.beneficiary import Proof
from tgpl.domain.case import Case
from tgpl.domain.codes import CodeEnum, describe
from tgpl.domain.enums import (
    ChangeGround,
    ComplaintLevel,
    ComplaintSubject,
    EndKind,
    Form,
    ImmediateReason,
    LegalField,
    NotContinuedGround,
    ProviderKind,
    RefusalGround,
    RegistrationRefusal,
    ReviewerLevel,
    TransferReason,
    Tri,
)
from tgpl.domain.events import (
    EVENT_TYPES,
    Accepted,
    AdviceDeadlineExtended,
    AdviceGiven,
    AppraisalRecorded,
    Archived,
    ComplaintDecided,
    ComplaintLodged,
    Ended,
    EvaluationRecorded,
    Event,
    EventBase,
    FileHandedOver,
    HearingAttended,
    ProofSupplied,
    ProviderAssigned,
    ProviderChanged,
    ProviderChangeDeclined,
    ProviderChangeRequested,
    Refused,
    RegistrationRefused,
    RequestReceived,
    SuccessAssessed,
    Transferred,
)
from tgpl.domain.hearing import NQ33_2021, ONLINE_HEARINGS_FROM, HearingMode
from tgpl.errors import LifecycleError, RuleNotInForceError

__all__ = [
    "DOCS_BEGIN",
    "DOCS_END",
    "LIFECYCLE_IN_FORCE_FROM",
    "REASONS",
    "TRANSITIONS",
    "CaseStage",
    "CaseState",
    "ComplaintRecord",
    "HistoryProblem",
    "ProviderSpell",
    "Refusal",
    "RefusalReason",
    "Transition",
    "apply_command",
    "check_history",
    "decide",
    "docs_block",
    "enabled_commands",
    "evolve",
    "fold",
    "initial_state",
    "mermaid",
    "replace_docs_block",
    "replay",
    "stages_table",
    "transitions_table",
]


# --------------------------------------------------------------------------- stages


class CaseStage(CodeEnum):
    """Where a case stands in the statutory procedure (giai đoạn của vụ việc).

    ``NEW`` is the state before any event. ``REFUSED`` and ``TRANSFERRED`` end a request
    that never became a case (only a complaint may follow a refusal).
    """

    NEW = "new"
    RECEIVED = "received"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    TRANSFERRED = "transferred"
    IN_PROGRESS = "in_progress"
    ENDED = "ended"
    FILE_HANDED_OVER = "file_handed_over"
    ARCHIVED = "archived"


describe(CaseStage, {
    "NEW": ("Chưa tiếp nhận", "Nothing recorded yet", ""),
    "RECEIVED": ("Đã tiếp nhận yêu cầu", "Request received", "Law Art 29; Art 30 cl. 2"),
    "ACCEPTED": ("Đã thụ lý", "Accepted", "Law Art 30 cl. 1; TT12 Art 5 cl. 2"),
    "REFUSED": ("Từ chối thụ lý", "Refused", "Law Art 30 cl. 3"),
    "TRANSFERRED": ("Đã chuyển yêu cầu", "Transferred", "Law Art 35"),
    "IN_PROGRESS": ("Đã cử người thực hiện, đang thực hiện", "Provider assigned, in progress", "Law Art 31 cl. 2; Art 33 cl. 2"),
    "ENDED": ("Đã kết thúc vụ việc", "Ended", "TT12 Art 10"),
    "FILE_HANDED_OVER": ("Đã bàn giao hồ sơ", "File handed over", "Law Art 39"),
    "ARCHIVED": ("Đã lưu trữ hồ sơ", "Archived", "Law Art 39"),
})

_S = CaseStage
#: Position on the main line of the procedure; REFUSED and TRANSFERRED are off it.
_ORDER: Final[Mapping[CaseStage, int]] = MappingProxyType({
    _S.NEW: 0, _S.RECEIVED: 1, _S.ACCEPTED: 2, _S.IN_PROGRESS: 3,
    _S.ENDED: 4, _S.FILE_HANDED_OVER: 5, _S.ARCHIVED: 6,
})
_ACCEPTED_STAGES: Final = frozenset({_S.ACCEPTED, _S.IN_PROGRESS, _S.ENDED, _S.FILE_HANDED_OVER, _S.ARCHIVED})
_ENDED_STAGES: Final = frozenset({_S.ENDED, _S.FILE_HANDED_OVER, _S.ARCHIVED})


# --------------------------------------------------------------------------- state


@frozen(slots=False)
class ProviderSpell:
    """One provider's period on a case: who, which kind, from when, and on what ground.

    ``ground`` is ``None`` for the first assignment (Law Art 31 cl. 2, Art 33 cl. 2) and
    the change ground for a replacement (Law Art 25 cl. 3; TT12 Art 9; TTLT10 Art 6).
    The spell lasts until the next spell starts or the case ends. Payments and
    evaluation are per provider, hence the full history (note A.9 in docs/sources.md).
    Not slotted: a frozen attrs class without slots is built about twice as fast, and
    :func:`evolve` builds one on every assignment and change.
    """

    provider_id: str
    provider_kind: ProviderKind
    since: dt.datetime
    ground: ChangeGround | None = None


@frozen
class ComplaintRecord:
    """A complaint (khiếu nại, Law Art 45) and, once decided, its decision."""

    subject: ComplaintSubject
    level: ComplaintLevel
    lodged_on: dt.datetime
    decided_on: dt.datetime | None = None
    upheld: bool | None = None

    @property
    def is_open(self) -> bool:
        return self.decided_on is None


@frozen(kw_only=True, slots=False)
class CaseState:
    """The state of one case: a pure fold of its events (never stored).

    Header facts (``form``, ``field``) come from the case; everything else from events.
    Moments are timezone-aware; ``None`` means "not (yet) recorded". Counts
    (``appraisals``, ``evaluations``, ``success_assessments``) count events.
    ``success`` is the latest success assessment, ``Tri.UNKNOWN`` until one is made.

    Deliberately *not* slotted: :func:`evolve` copies the attribute dict, which is
    several times faster than a slotted ``__init__`` with this many fields.
    """

    form: Form
    field: LegalField | None = None
    stage: CaseStage = CaseStage.NEW
    event_count: int = 0
    last_on: dt.datetime | None = None
    received_on: dt.datetime | None = None
    accepted_on: dt.datetime | None = None
    immediate: bool = False
    immediate_reason: ImmediateReason | None = None
    refused_on: dt.datetime | None = None
    refusal_ground: RefusalGround | None = None
    transferred_on: dt.datetime | None = None
    transfer_reason: TransferReason | None = None
    transferred_to: str | None = None
    providers: tuple[ProviderSpell, ...] = ()
    change_requested_on: dt.datetime | None = None
    change_request_ground: ChangeGround | None = None
    registration_refused_on: dt.datetime | None = None
    registration_refusal: RegistrationRefusal | None = None
    proofs: tuple[Proof, ...] = ()
    proofs_supplied_on: tuple[dt.datetime, ...] = ()
    advice_given_on: dt.datetime | None = None
    advice_days: int | None = None
    ended_on: dt.datetime | None = None
    end_outcome: EndKind | None = None
    not_continued_ground: NotContinuedGround | None = None
    handed_over_on: dt.datetime | None = None
    archived_on: dt.datetime | None = None
    appraisals: int = 0
    evaluations: int = 0
    success: Tri = Tri.UNKNOWN
    success_criterion: str | None = None
    success_assessments: int = 0
    complaints: tuple[ComplaintRecord, ...] = ()
    #: Hearings the provider attended (Law Art 31 cl. 1; NQ 33/2021/QH15), counting events.
    hearings: int = 0

    @property
    def provider(self) -> ProviderSpell | None:
        """The current provider (người đang thực hiện), or ``None`` before assignment."""
        return self.providers[-1] if self.providers else None

    @property
    def provider_changes(self) -> int:
        """How many times the provider was replaced."""
        return max(len(self.providers) - 1, 0)

    @property
    def is_accepted(self) -> bool:
        """The request became a case (vụ việc đã thụ lý)."""
        return self.stage in _ACCEPTED_STAGES

    @property
    def is_ended(self) -> bool:
        return self.stage in _ENDED_STAGES

    @property
    def is_open(self) -> bool:
        """Accepted and not ended: the case counts as in progress (đang thực hiện)."""
        return self.stage is CaseStage.ACCEPTED or self.stage is CaseStage.IN_PROGRESS

    @property
    def open_complaints(self) -> tuple[ComplaintRecord, ...]:
        return tuple(c for c in self.complaints if c.decided_on is None)

    @property
    def proof_after_acceptance(self) -> dt.datetime | None:
        """The first proof supply at or after acceptance (the TT12 Art 6 deadline is met by it)."""
        if self.accepted_on is None:
            return None
        for on in self.proofs_supplied_on:
            if on >= self.accepted_on:
                return on
        return None


# --------------------------------------------------------------------------- refusals


@frozen
class RefusalReason:
    """Why the law does not allow a command now: stable ``code``, messages and citation."""

    code: str
    message_vi: str
    message_en: str
    citation: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message_en} ({self.citation})"


@frozen
class Refusal:
    """The answer of :func:`decide` when the law does not allow the proposed event.

    Not to be confused with the event :class:`~tgpl.domain.events.Refused` (từ chối thụ
    lý), which the law *does* allow before acceptance.
    """

    command: EventBase
    stage: CaseStage
    reasons: tuple[RefusalReason, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)

    @property
    def message_vi(self) -> str:
        return " ".join(r.message_vi for r in self.reasons)

    @property
    def message_en(self) -> str:
        return " ".join(r.message_en for r in self.reasons)

    def __str__(self) -> str:
        return f"{self.command.kind} refused at stage {self.stage.value}: " + "; ".join(map(str, self.reasons))


_CATALOGUE: dict[str, RefusalReason] = {}


def _cite(*parts: str) -> str:
    """Join citations, dropping repeats, keeping order."""
    seen: list[str] = []
    for part in parts:
        for piece in (p.strip() for p in part.split(";")):
            if piece and piece not in seen:
                seen.append(piece)
    return "; ".join(seen)


def _reason(code: str, vi: str, en: str, citation: str) -> RefusalReason:
    if not citation:
        raise ValueError(f"reason {code} has no citation")
    r = RefusalReason(code, vi, en, citation)
    if _CATALOGUE.setdefault(code, r) != r:
        raise ValueError(f"reason code {code} defined twice with different texts")
    return r


# --------------------------------------------------------------------------- the table

#: The Law on Legal Aid 11/2017/QH14 is in force from 01/01/2018 (Law Art 47); no
#: lifecycle rule covers an event dated earlier (RuleNotInForceError).
LIFECYCLE_IN_FORCE_FROM: Final = dt.date(2018, 1, 1)
_TT03_2021: Final = dt.date(2021, 7, 15)


@frozen
class Transition:
    """One row of the lifecycle table.

    An event of class ``event`` is allowed from any of ``sources`` (if its guard holds)
    and leads to ``target`` (``None``: the stage does not change). ``guard`` says in words
    what else must hold; ``citation`` is the legal basis; the row applies to events dated
    from ``effective_from`` to ``effective_to`` (inclusive, ``None`` = open).
    """

    sources: frozenset[CaseStage]
    event: type[EventBase]
    target: CaseStage | None
    guard: str
    citation: str
    effective_from: dt.date = LIFECYCLE_IN_FORCE_FROM
    effective_to: dt.date | None = None

    @property
    def kind(self) -> str:
        return self.event.kind

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def target_from(self, source: CaseStage) -> CaseStage:
        return source if self.target is None else self.target


def _row(sources: Iterable[CaseStage], event: type[EventBase], target: CaseStage | None,
         guard: str, citation: str, effective_from: dt.date = LIFECYCLE_IN_FORCE_FROM) -> Transition:
    return Transition(frozenset(sources), event, target, guard, citation, effective_from)


_COMPLAINT_STAGES = (_S.RECEIVED, _S.REFUSED, _S.ACCEPTED, _S.IN_PROGRESS, _S.ENDED, _S.FILE_HANDED_OVER)

#: The national lifecycle table (Law 11/2017/QH14, TT12/2018 as amended, TTLT10/2018).
TRANSITIONS: Final[tuple[Transition, ...]] = (
    _row([_S.NEW], RequestReceived, _S.RECEIVED,
         "the first event of a case; once", "Law Art 29; Art 30 cl. 2"),
    _row([_S.NEW, _S.RECEIVED], Accepted, _S.ACCEPTED,
         "entry in the case register; a case may start here; immediate acceptance (thụ lý ngay) "
         "with reason pt c only for litigation",
         "Law Art 30 cl. 1, 4; TT12 Art 5 cl. 2"),
    _row([_S.REFUSED], Accepted, _S.ACCEPTED,
         "only after a complaint about the refusal was upheld", "Law Art 30 cl. 3; Art 45 cl. 2–3"),
    _row([_S.RECEIVED], Refused, _S.REFUSED,
         "before acceptance, on an Art 30 cl. 3 ground, with written notice (Mẫu 08)",
         "Law Art 30 cl. 3; TT12 Art 13"),
    _row([_S.RECEIVED], Transferred, _S.TRANSFERRED,
         "before acceptance, naming the receiving organisation (Mẫu 09)", "Law Art 35; TT12 Art 13"),
    _row([_S.ACCEPTED], ProviderAssigned, _S.IN_PROGRESS,
         "the provider's kind may perform the case's form (collaborators and consultants: advice only)",
         "Law Art 31 cl. 1–2; Art 33 cl. 1–2; Art 24 cl. 3"),
    _row([_S.IN_PROGRESS], ProviderChangeRequested, None,
         "no change request pending; not for registration refusals", "TT12 Art 9 cl. 1; Law Art 25"),
    _row([_S.IN_PROGRESS], ProviderChangeDeclined, None,
         "a change request is pending; answered in writing with reasons", "TT12 Art 9 cl. 1"),
    _row([_S.IN_PROGRESS], RegistrationRefused, None,
         "litigation only; defence registrations only in criminal cases; none pending", "TTLT10 Art 6"),
    _row([_S.IN_PROGRESS], ProviderChanged, None,
         "a different provider whose kind may perform the form, with the ground",
         "Law Art 25 cl. 3; TT12 Art 9; TTLT10 Art 6; Law Art 24 cl. 3; Art 31 cl. 1; Art 33 cl. 1"),
    _row([_S.RECEIVED, _S.ACCEPTED, _S.IN_PROGRESS], ProofSupplied, None,
         "while the request or the case is open", "Law Art 30 cl. 2; TT08 Art 33; TT12 Art 6"),
    _row([_S.ACCEPTED, _S.IN_PROGRESS], AdviceGiven, None,
         "advice cases only; once", "Law Art 32 cl. 2"),
    _row([_S.ACCEPTED, _S.IN_PROGRESS], AdviceDeadlineExtended, None,
         "advice cases only, before the advice is given; a longer total each time (≤ 30 days)",
         "Law Art 32 cl. 2"),
    _row([_S.ACCEPTED, _S.IN_PROGRESS], Ended, _S.ENDED,
         "once; litigation and representation complete only with a provider; not continued on a "
         "Law Art 37 cl. 1 ground; missing proof only after an immediate acceptance left without proof",
         "TT12 Art 10; Law Art 37 cl. 1; TT12 Art 6 cl. 2 pt b"),
    _row([_S.ENDED], FileHandedOver, _S.FILE_HANDED_OVER,
         "after the end (within 30 days)", "Law Art 39"),
    _row([_S.FILE_HANDED_OVER], Archived, _S.ARCHIVED,
         "after hand-over, with no complaint pending", "Law Art 39; Art 45 cl. 2–3"),
    _row([_S.ENDED, _S.FILE_HANDED_OVER, _S.ARCHIVED], AppraisalRecorded, None,
         "after the end; by the organisation itself", "TT12 Art 14"),
    _row([_S.ENDED, _S.FILE_HANDED_OVER, _S.ARCHIVED], EvaluationRecorded, None,
         "after the end; by the DOJ or the MoJ; litigation and representation only",
         "TT12 Art 15 (as amended by TT03/2021); Art 14 cl. 2–3 (litigation and representation only)"),
    _row([_S.ENDED, _S.FILE_HANDED_OVER, _S.ARCHIVED], SuccessAssessed, None,
         "ended litigation cases only, also once archived (the assessment reads the file's copies)",
         "QĐ 1179/QĐ-BTP; TT12 Art 14 (as amended by TT03/2021); TT 09/2024/TT-BTP Art 5 (confirmation from copies of the case file)",
         effective_from=_TT03_2021),
    _row(_COMPLAINT_STAGES, ComplaintLodged, None,
         "the subject fits the stage; one pending per subject; to the DOJ director only after the "
         "head's decision", "Law Art 45 cl. 1–3"),
    _row(_COMPLAINT_STAGES, ComplaintDecided, None,
         "a complaint is pending at that level (the oldest is decided)", "Law Art 45 cl. 2–3"),
    # Hearings: while a provider handles the case; online ones only once NQ 33/2021/QH15 is in force.
    Transition(frozenset([_S.IN_PROGRESS]), HearingAttended, None,
               "litigation only, while a provider handles the case; in person only (no procedure code "
               "provided for online hearings before NQ 33/2021/QH15)",
               "Law Art 31 cl. 1", LIFECYCLE_IN_FORCE_FROM, ONLINE_HEARINGS_FROM - dt.timedelta(days=1)),
    _row([_S.IN_PROGRESS], HearingAttended, None,
         "litigation only, while a provider handles the case; in person or online",
         "Law Art 31 cl. 1; NQ 33/2021/QH15 (from 01/01/2022); TTLT 05/2021/TTLT-TANDTC-VKSNDTC-BCA-BQP-BTP",
         effective_from=ONLINE_HEARINGS_FROM),
)


def _check_table(rows: Sequence[Transition]) -> None:
    """Definition checks at import time: every row cited and dated, no ambiguity."""
    for i, r in enumerate(rows):
        if not r.citation or not r.guard or not r.sources:
            raise ValueError(f"TRANSITIONS[{i}] ({r.kind}) needs sources, a guard and a citation")
        if r.effective_to is not None and r.effective_to < r.effective_from:
            raise ValueError(f"TRANSITIONS[{i}] ({r.kind}) ends before it starts")
        for j, o in enumerate(rows[:i]):
            overlap = o.effective_from <= (r.effective_to or dt.date.max) and r.effective_from <= (o.effective_to or dt.date.max)
            if o.event is r.event and overlap and o.sources & r.sources:
                raise ValueError(f"TRANSITIONS[{j}] and [{i}] both allow {r.kind} from the same stage")
    missing = set(EVENT_TYPES.values()) - {r.event for r in rows}
    if missing:
        raise ValueError(f"no lifecycle row for {sorted(c.kind for c in missing)}")


_check_table(TRANSITIONS)

_ROWS: Final[dict[type[EventBase], tuple[Transition, ...]]] = {
    cls: tuple(r for r in TRANSITIONS if r.event is cls) for cls in EVENT_TYPES.values()
}


def _targets(rows: Sequence[Transition]) -> dict[type[EventBase], dict[CaseStage, CaseStage]]:
    out: dict[type[EventBase], dict[CaseStage, CaseStage]] = {}
    for r in rows:
        for src in r.sources:
            if out.setdefault(r.event, {}).setdefault(src, r.target_from(src)) is not r.target_from(src):
                raise ValueError(f"{r.kind} from {src.value} leads to two stages in different versions")
    return out


#: event class → source stage → target stage (the same for every dated version).
_TARGET: Final = _targets(TRANSITIONS)


# --------------------------------------------------------------------------- evolve

_new = object.__new__
_set = object.__setattr__
_Updater = Callable[[dict[str, Any], CaseState, Any], None]


def _u_received(d: dict[str, Any], s: CaseState, e: RequestReceived) -> None:
    d["received_on"] = e.on


def _u_accepted(d: dict[str, Any], s: CaseState, e: Accepted) -> None:
    d["accepted_on"] = e.on
    d["immediate"] = e.immediate
    d["immediate_reason"] = e.immediate_reason


def _u_refused(d: dict[str, Any], s: CaseState, e: Refused) -> None:
    d["refused_on"] = e.on
    d["refusal_ground"] = e.ground


def _u_transferred(d: dict[str, Any], s: CaseState, e: Transferred) -> None:
    d["transferred_on"] = e.on
    d["transfer_reason"] = e.reason
    d["transferred_to"] = e.to_organisation


def _u_assigned(d: dict[str, Any], s: CaseState, e: ProviderAssigned) -> None:
    d["providers"] = (*s.providers, ProviderSpell(e.provider_id, e.provider_kind, e.on, None))


def _u_change_requested(d: dict[str, Any], s: CaseState, e: ProviderChangeRequested) -> None:
    d["change_requested_on"] = e.on
    d["change_request_ground"] = e.ground


def _u_change_declined(d: dict[str, Any], s: CaseState, e: ProviderChangeDeclined) -> None:
    d["change_requested_on"] = None
    d["change_request_ground"] = None


def _u_registration(d: dict[str, Any], s: CaseState, e: RegistrationRefused) -> None:
    d["registration_refused_on"] = e.on
    d["registration_refusal"] = e.refusal


def _u_changed(d: dict[str, Any], s: CaseState, e: ProviderChanged) -> None:
    d["providers"] = (*s.providers, ProviderSpell(e.provider_id, e.provider_kind, e.on, e.ground))
    # A replacement answers any pending change request and registration refusal.
    d["change_requested_on"] = None
    d["change_request_ground"] = None
    d["registration_refused_on"] = None
    d["registration_refusal"] = None


def _u_proof(d: dict[str, Any], s: CaseState, e: ProofSupplied) -> None:
    d["proofs"] = s.proofs + e.proofs
    d["proofs_supplied_on"] = (*s.proofs_supplied_on, e.on)


def _u_advice(d: dict[str, Any], s: CaseState, e: AdviceGiven) -> None:
    d["advice_given_on"] = e.on


def _u_advice_extended(d: dict[str, Any], s: CaseState, e: AdviceDeadlineExtended) -> None:
    d["advice_days"] = e.total_days


def _u_ended(d: dict[str, Any], s: CaseState, e: Ended) -> None:
    d["ended_on"] = e.on
    d["end_outcome"] = e.outcome
    d["not_continued_ground"] = e.ground


def _u_handed_over(d: dict[str, Any], s: CaseState, e: FileHandedOver) -> None:
    d["handed_over_on"] = e.on


def _u_archived(d: dict[str, Any], s: CaseState, e: Archived) -> None:
    d["archived_on"] = e.on


def _u_appraisal(d: dict[str, Any], s: CaseState, e: AppraisalRecorded) -> None:
    d["appraisals"] = s.appraisals + 1


def _u_evaluation(d: dict[str, Any], s: CaseState, e: EvaluationRecorded) -> None:
    d["evaluations"] = s.evaluations + 1


def _u_success(d: dict[str, Any], s: CaseState, e: SuccessAssessed) -> None:
    d["success"] = Tri.YES if e.successful else Tri.NO
    d["success_criterion"] = e.criterion
    d["success_assessments"] = s.success_assessments + 1


def _u_complaint(d: dict[str, Any], s: CaseState, e: ComplaintLodged) -> None:
    d["complaints"] = (*s.complaints, ComplaintRecord(e.subject, e.level, e.on))


def _u_complaint_decided(d: dict[str, Any], s: CaseState, e: ComplaintDecided) -> None:
    items = list(s.complaints)
    for i, c in enumerate(items):
        if c.decided_on is None and c.level is e.level:
            items[i] = ComplaintRecord(c.subject, c.level, c.lodged_on, e.on, e.upheld)
            d["complaints"] = tuple(items)
            return


def _u_hearing(d: dict[str, Any], s: CaseState, e: HearingAttended) -> None:
    d["hearings"] = s.hearings + 1


_UPDATE: Final[dict[type[EventBase], _Updater]] = {
    RequestReceived: _u_received,
    Accepted: _u_accepted,
    Refused: _u_refused,
    Transferred: _u_transferred,
    ProviderAssigned: _u_assigned,
    ProviderChangeRequested: _u_change_requested,
    ProviderChangeDeclined: _u_change_declined,
    RegistrationRefused: _u_registration,
    ProviderChanged: _u_changed,
    ProofSupplied: _u_proof,
    AdviceGiven: _u_advice,
    AdviceDeadlineExtended: _u_advice_extended,
    Ended: _u_ended,
    FileHandedOver: _u_handed_over,
    Archived: _u_archived,
    AppraisalRecorded: _u_appraisal,
    EvaluationRecorded: _u_evaluation,
    SuccessAssessed: _u_success,
    ComplaintLodged: _u_complaint,
    ComplaintDecided: _u_complaint_decided,
    HearingAttended: _u_hearing,
}
if set(_UPDATE) != set(EVENT_TYPES.values()):  # pragma: no cover - definition check
    raise ValueError("every event class needs an updater in _UPDATE")
#: event class → (source stage → target stage, updater): one lookup per event in the hot path.
_STEP: Final[dict[type[EventBase], tuple[dict[CaseStage, CaseStage], _Updater]]] = {
    cls: (_TARGET[cls], _UPDATE[cls]) for cls in _TARGET
}


def evolve(state: CaseState, event: Event) -> CaseState:
    """The state after ``event``: pure, total on legal histories, and fast.

    ``evolve`` trusts its input (it is the fold that :func:`decide` has vetted) and checks
    only that the table has a row for the event at the current stage; it raises
    :class:`~tgpl.errors.LifecycleError` otherwise, so it never produces a stage the
    table does not allow.
    """
    try:
        targets, update = _STEP[event.__class__]
        target = targets[state.stage]
    except KeyError:
        cls = event.__class__
        raise LifecycleError(
            f"{getattr(cls, 'kind', cls.__name__)} has no lifecycle row from stage {state.stage.value}"
        ) from None
    d = state.__dict__.copy()
    d["stage"] = target
    d["last_on"] = event.on
    d["event_count"] += 1
    update(d, state, event)
    new = _new(CaseState)
    _set(new, "__dict__", d)
    return new


def fold(state: CaseState, events: Iterable[Event]) -> CaseState:
    """Apply ``events`` as :func:`evolve` would, one after the other (no legal checks).

    The fast path for trusted data: instead of copying the state for every event, one
    private working copy is updated in place and handed back at the end. It gives exactly
    what repeated :func:`evolve` gives (a property test checks it) because every updater
    reads a field of the previous state before it writes that field, and none reads the
    stage, time or count that ``fold`` sets. ``state`` itself is never modified.
    """
    d = state.__dict__.copy()
    work = _new(CaseState)
    _set(work, "__dict__", d)
    step = _STEP
    for event in events:
        try:
            targets, update = step[event.__class__]
            target = targets[d["stage"]]
        except KeyError:
            cls = event.__class__
            raise LifecycleError(
                f"{getattr(cls, 'kind', cls.__name__)} has no lifecycle row from stage {d['stage'].value}"
            ) from None
        update(d, work, event)
        d["stage"] = target
        d["last_on"] = event.on
        d["event_count"] += 1
    return work


def initial_state(header: Case | Form, field: LegalField | None = None) -> CaseState:
    """The state before any event, with the header facts the guards need.

    Pass a :class:`~tgpl.domain.case.Case` (its form and field are used), or a form and
    optionally a field (``None``: unknown; guards that need it then do not refuse).
    """
    if isinstance(header, Case):
        return CaseState(form=header.form, field=header.field)
    if isinstance(header, Form):
        return CaseState(form=header, field=field)
    raise TypeError(f"initial_state needs a Case or a Form, got {type(header).__name__}")


# --------------------------------------------------------------------------- decide

#: Action words per event kind, for refusal messages.
_ACTION: Final[Mapping[str, tuple[str, str]]] = MappingProxyType({
    "request_received": ("tiếp nhận yêu cầu", "receive the request"),
    "accepted": ("thụ lý", "accept the request"),
    "refused": ("từ chối thụ lý", "refuse the request"),
    "transferred": ("chuyển yêu cầu", "transfer the request"),
    "provider_assigned": ("cử người thực hiện trợ giúp pháp lý", "assign a provider"),
    "provider_change_requested": ("ghi nhận yêu cầu thay đổi người thực hiện", "record a request to change the provider"),
    "provider_change_declined": ("từ chối yêu cầu thay đổi người thực hiện", "decline a request to change the provider"),
    "registration_refused": ("ghi nhận việc từ chối, hủy đăng ký", "record a registration refusal"),
    "provider_changed": ("thay đổi người thực hiện trợ giúp pháp lý", "change the provider"),
    "proof_supplied": ("ghi nhận bổ sung giấy tờ chứng minh", "record supplied proof"),
    "advice_given": ("ghi nhận đã tư vấn", "record the advice as given"),
    "advice_deadline_extended": ("gia hạn thời hạn tư vấn", "extend the advice deadline"),
    "ended": ("kết thúc vụ việc", "end the case"),
    "file_handed_over": ("bàn giao hồ sơ", "hand over the file"),
    "archived": ("lưu trữ hồ sơ", "archive the file"),
    "appraisal_recorded": ("ghi nhận thẩm định chất lượng", "record a quality appraisal"),
    "evaluation_recorded": ("ghi nhận đánh giá chất lượng", "record a quality evaluation"),
    "success_assessed": ("đánh giá vụ việc thành công", "assess whether the case was successful"),
    "complaint_lodged": ("ghi nhận khiếu nại", "record a complaint"),
    "complaint_decided": ("ghi nhận quyết định giải quyết khiếu nại", "record a complaint decision"),
    "hearing_attended": ("ghi nhận việc tham gia phiên tòa", "record a hearing attended"),
})

#: Why a stage is wrong: (Vietnamese, English, extra citation).
_SITUATION: Final[Mapping[str, tuple[str, str, str]]] = MappingProxyType({
    "no_request": ("chưa tiếp nhận yêu cầu trợ giúp pháp lý", "no legal aid request has been received", "Law Art 29"),
    "not_accepted": ("vụ việc chưa được thụ lý", "the request has not been accepted", "Law Art 30 cl. 1; TT12 Art 5 cl. 2"),
    "no_provider": ("chưa cử người thực hiện trợ giúp pháp lý", "no provider has been assigned", "Law Art 31 cl. 2; Art 33 cl. 2"),
    "not_ended": ("vụ việc chưa kết thúc", "the case has not ended", "TT12 Art 10"),
    "not_handed_over": ("hồ sơ chưa được bàn giao", "the file has not been handed over", "Law Art 39"),
    "request_refused": ("yêu cầu đã bị từ chối thụ lý", "the request was refused", "Law Art 30 cl. 3"),
    "request_transferred": ("yêu cầu đã được chuyển cho tổ chức khác", "the request was transferred to another organisation", "Law Art 35"),
    "already_ended": ("vụ việc đã kết thúc; mỗi vụ việc chỉ kết thúc một lần", "the case has already ended; a case ends once", "TT12 Art 10"),
    "archived": ("hồ sơ đã lưu trữ, chỉ còn được thẩm định hoặc đánh giá chất lượng", "the file is archived; only an appraisal or an evaluation may follow", "Law Art 39; TT12 Art 14–15"),
    "already_received": ("yêu cầu đã được tiếp nhận", "the request was already received", "Law Art 29"),
    "already_accepted": ("vụ việc đã được thụ lý", "the case was already accepted", "TT12 Art 5 cl. 2"),
    "after_acceptance": ("vụ việc đã được thụ lý; sau khi thụ lý chỉ có thể không tiếp tục thực hiện theo Điều 37", "the case is already accepted; after acceptance it can only be not continued (Art 37)", "Law Art 37 cl. 1"),
    "already_assigned": ("đã cử người thực hiện; thay người phải ghi là thay đổi người thực hiện", "a provider is already assigned; a replacement is a provider change", "Law Art 25 cl. 3; TT12 Art 9"),
    "already_handed_over": ("hồ sơ đã được bàn giao", "the file was already handed over", "Law Art 39"),
    "stage_not_in_force": ("không được phép ở giai đoạn này theo quy định đang có hiệu lực", "not allowed at this stage by the rules in force", "Law Art 47"),
})

#: What a kind's "too late" stage means, for kinds whose allowed stages lie before it.
_TOO_LATE: Final[Mapping[str, str]] = MappingProxyType({
    "request_received": "already_received",
    "accepted": "already_accepted",
    "refused": "after_acceptance",
    "transferred": "after_acceptance",
    "provider_assigned": "already_assigned",
    "file_handed_over": "already_handed_over",
})
_MILESTONE: Final[Mapping[CaseStage, str]] = MappingProxyType({
    _S.RECEIVED: "no_request", _S.ACCEPTED: "not_accepted", _S.IN_PROGRESS: "no_provider",
    _S.ENDED: "not_ended", _S.FILE_HANDED_OVER: "not_handed_over",
})


def _situation(sources: frozenset[CaseStage], stage: CaseStage) -> str:
    if stage is _S.ARCHIVED:
        return "archived"
    if stage is _S.REFUSED:
        return "request_refused"
    if stage is _S.TRANSFERRED:
        return "request_transferred"
    main = [_ORDER[s] for s in sources if s in _ORDER]
    first = min(main)
    if _ORDER[stage] < first:
        return _MILESTONE[next(s for s, o in _ORDER.items() if o == first)]
    if stage in (_S.ENDED, _S.FILE_HANDED_OVER) and max(main) < _ORDER[_S.ENDED]:
        return "already_ended"
    raise LookupError(stage)


def _build_stage_reasons() -> dict[tuple[type[EventBase], CaseStage], RefusalReason]:
    out: dict[tuple[type[EventBase], CaseStage], RefusalReason] = {}
    for cls, rows in _ROWS.items():
        sources = frozenset().union(*(r.sources for r in rows))
        citation = _cite(*(r.citation for r in rows))
        vi_action, en_action = _ACTION[cls.kind]
        for stage in CaseStage:
            if stage in sources:
                continue
            try:
                situation = _situation(sources, stage)
            except LookupError:
                situation = _TOO_LATE[cls.kind]
            vi, en, extra = _SITUATION[situation]
            out[cls, stage] = _reason(
                f"{cls.kind}.{situation}",
                f"Không thể {vi_action}: {vi}.",
                f"Cannot {en_action}: {en}.",
                _cite(extra, citation),
            )
    return out


_STAGE_REASON: Final = _build_stage_reasons()

_TIME_BACKWARDS: Final = _reason(
    "time.backwards",
    "Thời điểm của sự kiện trước thời điểm của sự kiện đã ghi liền trước; hồ sơ vụ việc ghi theo trình tự thời gian.",
    "The event is dated before the previous recorded event; the case file is kept in chronological order.",
    "Law Art 39; TT12 Art 5 cl. 2",
)

_REFUSAL_NOT_OVERTURNED = _reason(
    "accepted.refusal_not_overturned",
    "Yêu cầu đã bị từ chối thụ lý; chỉ thụ lý sau khi khiếu nại về việc từ chối được chấp nhận.",
    "The request was refused; it may be accepted only after a complaint about the refusal is upheld.",
    "Law Art 30 cl. 3; Art 45 cl. 2–3",
)
_IMMEDIATE_PT_C = _reason(
    "accepted.immediate_reason_not_litigation",
    "Thụ lý ngay theo điểm c (chỉ định người bào chữa, thông báo theo khoản 3 Điều 31) chỉ áp dụng cho vụ việc tham gia tố tụng.",
    "Immediate acceptance under pt c (court-appointed defence, Art 31 cl. 3 notice) applies only to litigation.",
    "TT12 Art 6 cl. 1 pt c; Law Art 30 cl. 4; Art 31 cl. 3",
)
_NO_DESTINATION = _reason(
    "transferred.no_destination",
    "Phải ghi tổ chức nhận yêu cầu được chuyển.",
    "The organisation the request is transferred to must be named.",
    "Law Art 35; TT12 Art 13 (Mẫu 09)",
)
_FORM_CITE = "Law Art 24 cl. 3; Art 31 cl. 1; Art 33 cl. 1"
_FORM_VI = "Cộng tác viên và tư vấn viên pháp luật chỉ được tư vấn pháp luật; chỉ trợ giúp viên pháp lý và luật sư được tham gia tố tụng, đại diện ngoài tố tụng."
_FORM_EN = "Collaborators and legal consultants give advice only; only legal aid officers (TGV) and lawyers litigate or represent."
_ASSIGN_FORM = _reason("provider_assigned.form_not_allowed", _FORM_VI, _FORM_EN, _FORM_CITE)
_CHANGE_FORM = _reason("provider_changed.form_not_allowed", _FORM_VI, _FORM_EN, _FORM_CITE)
_CHANGE_SAME = _reason(
    "provider_changed.same_provider",
    "Người thực hiện mới trùng với người đang thực hiện.",
    "The new provider is the current provider.",
    "Law Art 25 cl. 3",
)
_CHANGE_REQUEST_OPEN = _reason(
    "provider_change_requested.already_pending",
    "Đã có yêu cầu thay đổi người thực hiện đang chờ trả lời.",
    "A request to change the provider is already awaiting an answer.",
    "TT12 Art 9 cl. 1",
)
_NO_CHANGE_REQUEST = _reason(
    "provider_change_declined.no_request",
    "Không có yêu cầu thay đổi người thực hiện nào đang chờ trả lời.",
    "No request to change the provider is awaiting an answer.",
    "TT12 Art 9 cl. 1",
)
_CHANGE_REQUEST_REGISTRATION = _reason(
    "provider_change_requested.registration_ground",
    "Việc cơ quan tiến hành tố tụng từ chối hoặc hủy đăng ký được ghi bằng sự kiện từ chối đăng ký (registration_refused).",
    "A procedure-conducting body's refusal is recorded as a registration_refused event, not as a change request.",
    "TTLT10 Art 6",
)
_REGISTRATION_NOT_LITIGATION = _reason(
    "registration_refused.not_litigation",
    "Chỉ vụ việc tham gia tố tụng mới có việc đăng ký bào chữa, bảo vệ quyền lợi.",
    "Registration with a procedure-conducting body exists only in litigation cases.",
    "TTLT10 Art 6; Law Art 31 cl. 1",
)
_REGISTRATION_DEFENCE = _reason(
    "registration_refused.defence_not_criminal",
    "Đăng ký bào chữa chỉ có trong vụ việc hình sự.",
    "Defence registration exists only in criminal cases.",
    "TTLT10 Art 6; Law Art 31 cl. 1",
)
_REGISTRATION_OPEN = _reason(
    "registration_refused.already_pending",
    "Đã có việc từ chối, hủy đăng ký đang chờ cử người thay thế.",
    "A registration refusal is already awaiting a replacement.",
    "TTLT10 Art 6",
)
_ADVICE_CITE = "Law Art 32 cl. 2; Art 27 cl. 2"
_ADVICE_NOT_ADVICE = _reason(
    "advice_given.not_advice_case",
    "Chỉ vụ việc tư vấn pháp luật mới ghi nhận việc đã tư vấn.",
    "Only a legal advice case records advice as given.",
    _ADVICE_CITE,
)
_ADVICE_TWICE = _reason(
    "advice_given.already_given",
    "Đã ghi nhận văn bản tư vấn của vụ việc.",
    "The advice of this case is already recorded as given.",
    "Law Art 32 cl. 2",
)
_EXTEND_NOT_ADVICE = _reason(
    "advice_deadline_extended.not_advice_case",
    "Chỉ vụ việc tư vấn pháp luật mới được gia hạn thời hạn tư vấn.",
    "Only a legal advice case has an advice deadline to extend.",
    _ADVICE_CITE,
)
_EXTEND_AFTER_ADVICE = _reason(
    "advice_deadline_extended.advice_given",
    "Đã tư vấn xong, không còn gia hạn thời hạn tư vấn.",
    "The advice was already given; there is no deadline left to extend.",
    "Law Art 32 cl. 2",
)
_EXTEND_NOT_LONGER = _reason(
    "advice_deadline_extended.not_longer",
    "Thời hạn gia hạn mới phải dài hơn thời hạn đã gia hạn.",
    "A new extension must give a longer total than the previous one.",
    "Law Art 32 cl. 2",
)
_MISSING_PROOF_NOT_IMMEDIATE = _reason(
    "ended.missing_proof_not_immediate",
    "Căn cứ không bổ sung giấy tờ chứng minh chỉ áp dụng khi vụ việc đã được thụ lý ngay.",
    "Missing proof is a ground only after an immediate acceptance.",
    "TT12 Art 6 cl. 2 pt b; Law Art 30 cl. 4",
)
_MISSING_PROOF_SUPPLIED = _reason(
    "ended.missing_proof_supplied",
    "Giấy tờ chứng minh đã được bổ sung sau khi thụ lý ngay.",
    "Proof was supplied after the immediate acceptance.",
    "TT12 Art 6 cl. 2 pt b",
)
_COMPLETED_NO_PROVIDER = _reason(
    "ended.completed_without_provider",
    "Vụ việc tham gia tố tụng, đại diện ngoài tố tụng chỉ hoàn thành khi đã cử người thực hiện.",
    "A litigation or representation case is completed only after a provider was assigned.",
    "Law Art 31 cl. 2; Art 33 cl. 2; TT12 Art 10 cl. 1",
)
_ARCHIVE_COMPLAINT = _reason(
    "archived.complaint_pending",
    "Còn khiếu nại chưa được giải quyết; quyết định giải quyết khiếu nại phải có trong hồ sơ trước khi lưu trữ.",
    "A complaint is still pending; its decision belongs in the file before archiving.",
    "Law Art 45 cl. 2–3; Art 39",
)
_APPRAISAL_LEVEL = _reason(
    "appraisal_recorded.not_organisation",
    "Thẩm định chất lượng do chính tổ chức thực hiện trợ giúp pháp lý tiến hành; Sở Tư pháp, Bộ Tư pháp đánh giá chất lượng.",
    "An appraisal is made by the organisation itself; the DOJ and the MoJ make evaluations.",
    "TT12 Art 14; Art 15",
)
_EVALUATION_LEVEL = _reason(
    "evaluation_recorded.not_doj_or_moj",
    "Đánh giá chất lượng do Sở Tư pháp hoặc Bộ Tư pháp tiến hành; tổ chức tự thẩm định.",
    "An evaluation is made by the DOJ or the MoJ; the organisation makes appraisals.",
    "TT12 Art 15; Art 14",
)
_EVALUATION_FORM = _reason(
    "evaluation_recorded.advice_case",
    "Chỉ đánh giá chất lượng vụ việc tham gia tố tụng và đại diện ngoài tố tụng.",
    "Only litigation and representation cases are evaluated.",
    "TT12 Art 15 (as amended by TT03/2021)",
)
_SUCCESS_NOT_LITIGATION = _reason(
    "success_assessed.not_litigation",
    "Chỉ vụ việc tham gia tố tụng đã kết thúc mới được đánh giá thành công.",
    "Only ended litigation cases are assessed for success.",
    "QĐ 1179/QĐ-BTP; TT12 Art 14 (as amended by TT03/2021)",
)
_COMPLAINT_SUBJECT = _reason(
    "complaint_lodged.subject_not_applicable",
    "Nội dung khiếu nại không phù hợp với giai đoạn của vụ việc.",
    "The complaint's subject does not fit the case's stage.",
    "Law Art 45 cl. 1",
)
_COMPLAINT_OPEN = _reason(
    "complaint_lodged.already_pending",
    "Đã có khiếu nại cùng nội dung đang được giải quyết.",
    "A complaint on the same subject is already pending.",
    "Law Art 45 cl. 2–3",
)
_COMPLAINT_DOJ_FIRST = _reason(
    "complaint_lodged.doj_before_head",
    "Chỉ khiếu nại đến Giám đốc Sở Tư pháp sau khi người đứng đầu tổ chức đã giải quyết khiếu nại cùng nội dung.",
    "A complaint goes to the DOJ director only after the head of the organisation decided one on the same subject.",
    "Law Art 45 cl. 2–3",
)
_COMPLAINT_NONE_OPEN = _reason(
    "complaint_decided.none_pending",
    "Không có khiếu nại đang chờ giải quyết ở cấp này.",
    "No complaint is pending at this level.",
    "Law Art 45 cl. 2–3",
)

#: Stages where a complaint on each subject makes sense (Law Art 45 cl. 1).
_COMPLAINT_SUBJECT_STAGES: Final[Mapping[ComplaintSubject, frozenset[CaseStage]]] = MappingProxyType({
    ComplaintSubject.REFUSAL_TO_ACCEPT: frozenset({_S.REFUSED}),
    ComplaintSubject.FAILURE_TO_AID: frozenset({_S.RECEIVED, _S.ACCEPTED, _S.IN_PROGRESS, _S.ENDED, _S.FILE_HANDED_OVER}),
    ComplaintSubject.UNLAWFUL_AID: frozenset({_S.ACCEPTED, _S.IN_PROGRESS, _S.ENDED, _S.FILE_HANDED_OVER}),
    ComplaintSubject.UNLAWFUL_PROVIDER_CHANGE: frozenset({_S.IN_PROGRESS, _S.ENDED, _S.FILE_HANDED_OVER}),
})

_Pre = Callable[[CaseState], RefusalReason | None]
_Post = Callable[[CaseState, Any], RefusalReason | None]


def _refusal_overturned(s: CaseState) -> RefusalReason | None:
    if s.stage is not _S.REFUSED:
        return None
    upheld = any(c.subject is ComplaintSubject.REFUSAL_TO_ACCEPT and c.upheld for c in s.complaints)
    return None if upheld else _REFUSAL_NOT_OVERTURNED


def _immediate_pt_c(s: CaseState, e: Accepted) -> RefusalReason | None:
    if e.immediate_reason is ImmediateReason.COURT_APPOINTED_OR_NOTICE and s.form is not Form.LITIGATION:
        return _IMMEDIATE_PT_C
    return None


def _destination(s: CaseState, e: Transferred) -> RefusalReason | None:
    return _NO_DESTINATION if not e.to_organisation.strip() else None


def _assign_form(s: CaseState, e: ProviderAssigned) -> RefusalReason | None:
    return None if s.form in e.provider_kind.allowed_forms else _ASSIGN_FORM


def _change_form(s: CaseState, e: ProviderChanged) -> RefusalReason | None:
    return None if s.form in e.provider_kind.allowed_forms else _CHANGE_FORM


def _change_same(s: CaseState, e: ProviderChanged) -> RefusalReason | None:
    current = s.provider
    return _CHANGE_SAME if current is not None and current.provider_id == e.provider_id else None


def _change_request_open(s: CaseState) -> RefusalReason | None:
    return _CHANGE_REQUEST_OPEN if s.change_requested_on is not None else None


def _change_request_pending(s: CaseState) -> RefusalReason | None:
    return None if s.change_requested_on is not None else _NO_CHANGE_REQUEST


def _change_request_ground(s: CaseState, e: ProviderChangeRequested) -> RefusalReason | None:
    return _CHANGE_REQUEST_REGISTRATION if e.ground is ChangeGround.REGISTRATION_REFUSED else None


def _registration_litigation(s: CaseState) -> RefusalReason | None:
    return None if s.form is Form.LITIGATION else _REGISTRATION_NOT_LITIGATION


def _registration_open(s: CaseState) -> RefusalReason | None:
    return _REGISTRATION_OPEN if s.registration_refused_on is not None else None


def _registration_defence(s: CaseState, e: RegistrationRefused) -> RefusalReason | None:
    defence = e.refusal in (RegistrationRefusal.DEFENCE_REFUSED, RegistrationRefusal.DEFENCE_CANCELLED)
    if defence and s.field is not None and s.field is not LegalField.CRIMINAL:
        return _REGISTRATION_DEFENCE
    return None


def _advice_case(s: CaseState) -> RefusalReason | None:
    return None if s.form is Form.ADVICE else _ADVICE_NOT_ADVICE


def _advice_once(s: CaseState) -> RefusalReason | None:
    return _ADVICE_TWICE if s.advice_given_on is not None else None


def _extend_advice_case(s: CaseState) -> RefusalReason | None:
    return None if s.form is Form.ADVICE else _EXTEND_NOT_ADVICE


def _extend_before_advice(s: CaseState) -> RefusalReason | None:
    return _EXTEND_AFTER_ADVICE if s.advice_given_on is not None else None


def _extend_longer(s: CaseState, e: AdviceDeadlineExtended) -> RefusalReason | None:
    return _EXTEND_NOT_LONGER if s.advice_days is not None and e.total_days <= s.advice_days else None


def _missing_proof(s: CaseState, e: Ended) -> RefusalReason | None:
    if e.ground is not NotContinuedGround.MISSING_PROOF:
        return None
    if not s.immediate:
        return _MISSING_PROOF_NOT_IMMEDIATE
    if s.proof_after_acceptance is not None:
        return _MISSING_PROOF_SUPPLIED
    return None


def _completed_with_provider(s: CaseState, e: Ended) -> RefusalReason | None:
    if e.outcome is EndKind.COMPLETED and s.form is not Form.ADVICE and not s.providers:
        return _COMPLETED_NO_PROVIDER
    return None


def _no_open_complaint(s: CaseState) -> RefusalReason | None:
    return _ARCHIVE_COMPLAINT if any(c.decided_on is None for c in s.complaints) else None


def _appraisal_level(s: CaseState, e: AppraisalRecorded) -> RefusalReason | None:
    return None if e.review.level is ReviewerLevel.ORGANISATION else _APPRAISAL_LEVEL


def _evaluation_level(s: CaseState, e: EvaluationRecorded) -> RefusalReason | None:
    return _EVALUATION_LEVEL if e.review.level is ReviewerLevel.ORGANISATION else None


def _evaluation_form(s: CaseState) -> RefusalReason | None:
    return _EVALUATION_FORM if s.form is Form.ADVICE else None


def _success_litigation(s: CaseState) -> RefusalReason | None:
    return None if s.form is Form.LITIGATION else _SUCCESS_NOT_LITIGATION


def _complaint_subject(s: CaseState, e: ComplaintLodged) -> RefusalReason | None:
    if s.stage not in _COMPLAINT_SUBJECT_STAGES[e.subject]:
        return _COMPLAINT_SUBJECT
    if e.subject is ComplaintSubject.UNLAWFUL_PROVIDER_CHANGE and len(s.providers) < 2:
        return _COMPLAINT_SUBJECT
    return None


def _complaint_not_open(s: CaseState, e: ComplaintLodged) -> RefusalReason | None:
    if any(c.decided_on is None and c.subject is e.subject for c in s.complaints):
        return _COMPLAINT_OPEN
    return None


def _complaint_head_first(s: CaseState, e: ComplaintLodged) -> RefusalReason | None:
    if e.level is not ComplaintLevel.DOJ_DIRECTOR:
        return None
    head = sum(1 for c in s.complaints if c.subject is e.subject and c.level is ComplaintLevel.ORGANISATION_HEAD and c.decided_on is not None)
    doj = sum(1 for c in s.complaints if c.subject is e.subject and c.level is ComplaintLevel.DOJ_DIRECTOR)
    return None if head > doj else _COMPLAINT_DOJ_FIRST


def _complaint_any_open(s: CaseState) -> RefusalReason | None:
    return None if any(c.decided_on is None for c in s.complaints) else _COMPLAINT_NONE_OPEN


def _complaint_open_at_level(s: CaseState, e: ComplaintDecided) -> RefusalReason | None:
    if any(c.decided_on is None and c.level is e.level for c in s.complaints):
        return None
    return _COMPLAINT_NONE_OPEN


_HEARING_NOT_LITIGATION = _reason(
    "hearing_attended.not_litigation",
    "Chỉ vụ việc tham gia tố tụng mới ghi nhận việc tham gia phiên tòa.",
    "Only litigation cases record hearings attended.",
    "Law Art 31 cl. 1",
)
_HEARING_ONLINE_TOO_EARLY = _reason(
    "hearing_attended.online_before_nq33",
    "Trước ngày 01/01/2022 chưa có quy định về phiên tòa trực tuyến (Nghị quyết 33/2021/QH15 có hiệu lực từ ngày 01/01/2022).",
    "No online hearing before 01/01/2022: NQ 33/2021/QH15 on online hearings is in force from that day.",
    NQ33_2021 + " (hiệu lực từ 01/01/2022)",
)


def _hearing_litigation(s: CaseState) -> RefusalReason | None:
    return None if s.form is Form.LITIGATION else _HEARING_NOT_LITIGATION


def _hearing_online_in_force(s: CaseState, e: HearingAttended) -> RefusalReason | None:
    if e.mode is HearingMode.ONLINE and _day(e.on) < ONLINE_HEARINGS_FROM:
        return _HEARING_ONLINE_TOO_EARLY
    return None


#: Guards that read only the state (used by :func:`enabled_commands`), per event class.
_PRE: Final[dict[type[EventBase], tuple[_Pre, ...]]] = {
    Accepted: (_refusal_overturned,),
    ProviderChangeRequested: (_change_request_open,),
    ProviderChangeDeclined: (_change_request_pending,),
    RegistrationRefused: (_registration_litigation, _registration_open),
    AdviceGiven: (_advice_case, _advice_once),
    AdviceDeadlineExtended: (_extend_advice_case, _extend_before_advice),
    Archived: (_no_open_complaint,),
    EvaluationRecorded: (_evaluation_form,),
    SuccessAssessed: (_success_litigation,),
    ComplaintDecided: (_complaint_any_open,),
    HearingAttended: (_hearing_litigation,),
}
#: Guards that also read the proposed event, per event class.
_POST: Final[dict[type[EventBase], tuple[_Post, ...]]] = {
    Accepted: (_immediate_pt_c,),
    Transferred: (_destination,),
    ProviderAssigned: (_assign_form,),
    ProviderChangeRequested: (_change_request_ground,),
    RegistrationRefused: (_registration_defence,),
    ProviderChanged: (_change_form, _change_same),
    AdviceDeadlineExtended: (_extend_longer,),
    Ended: (_missing_proof, _completed_with_provider),
    AppraisalRecorded: (_appraisal_level,),
    EvaluationRecorded: (_evaluation_level,),
    ComplaintLodged: (_complaint_subject, _complaint_not_open, _complaint_head_first),
    ComplaintDecided: (_complaint_open_at_level,),
    HearingAttended: (_hearing_online_in_force,),
}

#: Every refusal reason :func:`decide` can give, by code.
REASONS: Final[Mapping[str, RefusalReason]] = MappingProxyType(_CATALOGUE)


def _day(on: dt.datetime) -> dt.date:
    return on.astimezone(VN_TZ).date()


def _row_for(cls: type[EventBase], stage: CaseStage, day: dt.date) -> Transition | None:
    """The row in force on ``day`` allowing ``cls`` from ``stage``; RuleNotInForceError if none is in force."""
    rows = _ROWS[cls]
    in_force = [r for r in rows if r.in_force(day)]
    if not in_force:
        first = min(r.effective_from for r in rows)
        raise RuleNotInForceError(
            f"no lifecycle rule for {cls.kind} on {day.isoformat()} "
            f"(the rules for it are in force from {first.isoformat()})"
        )
    for r in in_force:
        if stage in r.sources:
            return r
    return None


def decide(state: CaseState, command: Event) -> tuple[Event, ...] | Refusal:
    """Decide whether the law allows ``command`` (a proposed event) now.

    Returns the events to append — ``(command,)`` — or a :class:`Refusal` listing every
    reason (time order, stage, guards), each citing its article. Raises
    :class:`~tgpl.errors.RuleNotInForceError` when no version of the rule covers the
    command's date (e.g. before 01/01/2018) and :class:`TypeError` for a non-event.
    """
    cls = command.__class__
    if cls not in _ROWS:
        raise TypeError(f"decide needs a tgpl event, got {cls.__name__}")
    reasons: list[RefusalReason] = []
    if state.last_on is not None and command.on < state.last_on:
        reasons.append(_TIME_BACKWARDS)
    row = _row_for(cls, state.stage, _day(command.on))
    if row is None:
        stage_reason = _STAGE_REASON.get((cls, state.stage))
        if stage_reason is None:  # allowed by another version, not by the one in force
            vi, en, extra = _SITUATION["stage_not_in_force"]
            stage_reason = RefusalReason(f"{cls.kind}.stage_not_in_force", vi, en, extra)
        reasons.append(stage_reason)
    else:
        for pre in _PRE.get(cls, ()):
            r = pre(state)
            if r is not None:
                reasons.append(r)
        for post in _POST.get(cls, ()):
            r = post(state, command)
            if r is not None:
                reasons.append(r)
    if reasons:
        return Refusal(command, state.stage, tuple(reasons))
    return (command,)


def apply_command(state: CaseState, command: Event) -> CaseState:
    """:func:`decide` then :func:`evolve`; raise :class:`~tgpl.errors.LifecycleError` on a refusal."""
    result = decide(state, command)
    if isinstance(result, Refusal):
        raise LifecycleError(
            f"{command.kind} is not allowed at stage {state.stage.value}",
            tuple(str(r) for r in result.reasons),
        )
    for event in result:
        state = evolve(state, event)
    return state


def enabled_commands(state: CaseState) -> frozenset[type[EventBase]]:
    """Event classes that may be allowed now: the stage has a row and no state-only guard fails.

    A class listed here can still be refused for its payload (a collaborator on a
    litigation case, a complaint subject that does not fit) or its date; a class not
    listed is always refused.
    """
    out: list[type[EventBase]] = []
    for cls, sources in _TARGET.items():
        if state.stage in sources and all(pre(state) is None for pre in _PRE.get(cls, ())):
            out.append(cls)
    return frozenset(out)


# --------------------------------------------------------------------------- histories


@frozen
class HistoryProblem:
    """One illegal event in a recorded history, found by :func:`check_history`."""

    record_id: str | None
    index: int
    kind: str
    stage: CaseStage
    reasons: tuple[RefusalReason, ...]

    @property
    def path(self) -> str:
        return f"$.events[{self.index}]"

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)

    @property
    def message(self) -> str:
        where = f"record {self.record_id!r}, " if self.record_id is not None else ""
        return f"{where}field {self.path}: {self.kind} not allowed at stage {self.stage.value}: " + "; ".join(map(str, self.reasons))


_NOT_IN_FORCE_CODE: Final = "rules.not_in_force"


def _problems(state: CaseState, events: Sequence[Event], record_id: str | None,
              stop: bool) -> tuple[CaseState, list[HistoryProblem]]:
    problems: list[HistoryProblem] = []
    for i, event in enumerate(events):
        try:
            result = decide(state, event)
        except RuleNotInForceError as exc:
            if stop:
                raise RuleNotInForceError(f"record {record_id!r}, field $.events[{i}]: {exc}") from None
            reason = RefusalReason(_NOT_IN_FORCE_CODE, "Không có quy định nào có hiệu lực vào ngày của sự kiện.",
                                   str(exc), "Law Art 47")
            result = Refusal(event, state.stage, (reason,))
        if isinstance(result, Refusal):
            problem = HistoryProblem(record_id, i, event.kind, state.stage, result.reasons)
            if stop:
                raise LifecycleError(
                    f"record {record_id!r}, field {problem.path}: {event.kind} not allowed at stage {state.stage.value}",
                    tuple(str(r) for r in result.reasons),
                )
            problems.append(problem)
            # Keep going: apply the event when the table has a row for it at this stage,
            # so one guard violation does not make every later event look illegal.
            if state.stage not in _TARGET[event.__class__]:
                continue
        state = evolve(state, event)
    return state, problems


def replay(case: Case) -> CaseState:
    """The state of ``case``: its events folded from :func:`initial_state`, each vetted by :func:`decide`.

    Raises :class:`~tgpl.errors.LifecycleError` naming the record and ``$.events[i]`` with
    the reasons when the recorded history is illegal (use :func:`check_history` to collect
    every problem instead), and :class:`~tgpl.errors.RuleNotInForceError` for an event
    dated before any lifecycle rule.
    """
    state, _ = _problems(initial_state(case), case.events, case.id, stop=True)
    return state


def check_history(case: Case | Sequence[Event], form: Form | None = None,
                  field: LegalField | None = None) -> list[HistoryProblem]:
    """Every illegal event of a recorded history, without raising (validation uses this).

    Pass a :class:`~tgpl.domain.case.Case`, or a sequence of events with the form (and
    optionally the field). After an illegal event the check continues; the event is
    applied when the table has a row for it at the current stage (only a guard or the
    time order failed) and skipped otherwise.
    """
    if isinstance(case, Case):
        _, problems = _problems(initial_state(case), case.events, case.id, stop=False)
        return problems
    if form is None:
        raise TypeError("check_history needs the form when given bare events")
    _, problems = _problems(initial_state(form, field), case, None, stop=False)
    return problems


# --------------------------------------------------------------------------- rendering

DOCS_BEGIN: Final = "<!-- BEGIN generated lifecycle (python -m tgpl.domain.lifecycle --write-docs docs/lifecycle.md) -->"
DOCS_END: Final = "<!-- END generated lifecycle -->"

_STAGE_ORDER: Final = {s: i for i, s in enumerate(CaseStage)}


def mermaid() -> str:
    """A Mermaid ``stateDiagram-v2`` of :data:`TRANSITIONS` (``[*]`` is the empty case)."""
    lines = ["stateDiagram-v2"]
    for stage in CaseStage:
        if stage is not CaseStage.NEW:
            lines.append(f"    {stage.value} : {stage.label_vi} ({stage.label_en})")
    edges: dict[tuple[CaseStage, CaseStage], list[str]] = {}
    for row in TRANSITIONS:
        for src in sorted(row.sources, key=_STAGE_ORDER.__getitem__):
            kinds = edges.setdefault((src, row.target_from(src)), [])
            if row.kind not in kinds:
                kinds.append(row.kind)
    for (src, dst), kinds in sorted(edges.items(), key=lambda kv: (_STAGE_ORDER[kv[0][0]], _STAGE_ORDER[kv[0][1]])):
        a = "[*]" if src is CaseStage.NEW else src.value
        b = dst.value
        lines.append(f"    {a} --> {b} : {', '.join(kinds)}")
    return "\n".join(lines) + "\n"


def transitions_table() -> str:
    """:data:`TRANSITIONS` as a Markdown table (one line per row)."""
    out = [
        "| # | From | Event | To | Guard | Citation | In force |",
        "|---|---|---|---|---|---|---|",
    ]
    for i, r in enumerate(TRANSITIONS):
        sources = ", ".join(s.value for s in sorted(r.sources, key=_STAGE_ORDER.__getitem__))
        target = "(unchanged)" if r.target is None else r.target.value
        until = r.effective_to.isoformat() if r.effective_to else "…"
        out.append(f"| {i} | {sources} | `{r.kind}` | {target} | {r.guard} | {r.citation} | {r.effective_from.isoformat()} – {until} |")
    return "\n".join(out) + "\n"


def stages_table() -> str:
    """:class:`CaseStage` as a Markdown table: code, Vietnamese and English labels, basis."""
    out = ["| Stage | Vietnamese | English | Basis |", "|---|---|---|---|"]
    for s in CaseStage:
        out.append(f"| `{s.value}` | {s.label_vi} | {s.label_en} | {s.basis or '—'} |")
    return "\n".join(out) + "\n"


def docs_block() -> str:
    """The generated part of ``docs/lifecycle.md``, markers included."""
    return (
        f"{DOCS_BEGIN}\n\n```mermaid\n{mermaid()}```\n\n### Stages\n\n{stages_table()}\n"
        f"### Transition table\n\n{transitions_table()}\n{DOCS_END}"
    )


_BLOCK_RE = re.compile(re.escape(DOCS_BEGIN) + r".*?" + re.escape(DOCS_END), re.DOTALL)


def replace_docs_block(text: str) -> str:
    """``text`` with its generated block replaced by :func:`docs_block` (pure; no file I/O)."""
    if _BLOCK_RE.search(text) is None:
        raise ValueError(f"the page has no generated block between {DOCS_BEGIN!r} and {DOCS_END!r}")
    block = docs_block()
    return _BLOCK_RE.sub(lambda _m: block, text, count=1)


def _main(argv: Sequence[str]) -> int:  # pragma: no cover - thin command-line wrapper
    """``python -m tgpl.domain.lifecycle [--table | --write-docs PATH]``."""
    if len(argv) >= 2 and argv[0] == "--write-docs":
        from pathlib import Path

        path = Path(argv[1])
        old = path.read_text(encoding="utf-8")
        new = replace_docs_block(old)
        if new != old:
            path.write_text(new, encoding="utf-8")
        print(f"{path}: {'updated' if new != old else 'up to date'}")
        return 0
    if argv and argv[0] == "--table":
        sys.stdout.write(transitions_table())
        return 0
    if argv:
        print("usage: python -m tgpl.domain.lifecycle [--table | --write-docs PATH]", file=sys.stderr)
        return 2
    sys.stdout.write(mermaid())
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main(sys.argv[1:]))
