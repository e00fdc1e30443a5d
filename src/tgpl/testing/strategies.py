"""Hypothesis strategies for tgpl values (public API, ``tgpl.testing.strategies``).

For rule and plugin authors who write property-based tests: every strategy produces
values that construct (attrs validators pass) and, where stated, histories the law
allows. They are built by construction — no heavy ``filter`` — so they are fast and
shrink towards small, readable examples (one beneficiary, the first enum member, the
shortest history, gaps of one minute).

* :func:`unit_refs`, :func:`beneficiaries`, :func:`providers`, :func:`organisations`,
  :func:`file_codes` — the domain values;
* :func:`valid_histories` — event tuples following the statutory lifecycle (Law Art
  29–39, TT12 Art 5–11, TTLT10 Art 6, Law Art 45), possibly cut short (an open case);
* :func:`invalid_histories` — a valid history with exactly one illegal event inserted,
  returned as an :class:`InvalidHistory` that says where and why;
* :func:`cases`, :func:`activities` — whole records (a case received on duty sometimes
  names its shift); :func:`duty_shifts`, :func:`council_activities` — the duty and
  coordination council records alone;
* :func:`windows`, :func:`tallies` — reporting windows and tallies (these import
  :mod:`tgpl.reporting` when called);
* :func:`plan_documents`, :func:`plans` — ``tgpl.plan/1`` plan files (as parsed data) and
  the :class:`tgpl.planning.Plan` values they load to.

"Valid" means *lifecycle-legal*: the order and kinds of events are allowed. Deadlines
(3 working days, 12 hours, …) are usually met because gaps are short, but not
guaranteed — deadline rules are tested with their own inputs.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

import attrs
from attrs import frozen
from hypothesis import strategies as st

from tgpl.domain import (
    ONLINE_HEARINGS_FROM,
    PROVINCES_2004,
    PROVINCES_2025,
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
    CouncilActivityKind,
    DutyMode,
    DutyPlaceKind,
    DutyShift,
    Ended,
    EndKind,
    EvaluationRecorded,
    Event,
    FileCode,
    FileHandedOver,
    FinancialBasis,
    Form,
    Group,
    HearingAttended,
    HearingMode,
    ImmediateReason,
    LegalField,
    MobileTrip,
    NotContinuedGround,
    OnlineServiceLevel,
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
    RequestChannel,
    RequestReceived,
    RequestSource,
    ReviewerLevel,
    Sex,
    SimpleAnswer,
    SuccessAssessed,
    TargetGroup,
    Training,
    TransferReason,
    Transferred,
    Tri,
    TrialInstance,
    Trigger,
    UnitRef,
    UnitScheme,
    unit_on,
)
from tgpl.domain.duty import INVESTIGATION_DUTY_PROVIDERS
from tgpl.rules.success import RECORDED_FROM, legacy_basis_on

__all__ = [
    "ILLEGAL_KINDS",
    "InvalidHistory",
    "activities",
    "beneficiaries",
    "cases",
    "council_activities",
    "duty_shifts",
    "file_codes",
    "invalid_histories",
    "organisations",
    "plan_documents",
    "plans",
    "programme_codes",
    "providers",
    "quality_reviews",
    "request_channels",
    "tallies",
    "tgv_quotas",
    "unit_refs",
    "valid_histories",
    "windows",
]

T = TypeVar("T")

#: Default range of request dates: the Law on Legal Aid 2017 is in force from 01/01/2018.
_MIN_DAY = dt.date(2018, 1, 1)
_MAX_DAY = dt.date(2030, 12, 31)
_MERGER = dt.date(2025, 7, 1)
_D_CL5 = dt.date(2026, 1, 1)
_D_2027 = dt.date(2027, 1, 1)

_REFS_2004 = tuple(sorted(PROVINCES_2004))
_REFS_2025 = tuple(sorted(PROVINCES_2025))
_ORG_CODES = ("TT", "CN1", "CN2", "CN3")
_CRITERIA_MAX = {"1a": 10, "1b": 10, "1c": 10, "2a": 5, "2b": 10, "2c": 20, "2d": 20, "2đ": 5, "3": 10}
_CONFIRMED_TC = ("TC05", "TC06", "TC01", "TC02", "TC03")  # QĐ 1179/QĐ-BTP, verified criminal criteria

_LAWYERS = (ProviderKind.TGV, ProviderKind.CENTER_LAWYER, ProviderKind.CONTRACTED_ORG_LAWYER, ProviderKind.REGISTERED_ORG_LAWYER)
_ADVISERS = (*_LAWYERS, ProviderKind.COLLABORATOR, ProviderKind.CONTRACTED_ORG_CONSULTANT, ProviderKind.REGISTERED_ORG_CONSULTANT)


@functools.cache
def _one(values: tuple[T, ...]) -> st.SearchStrategy[T]:
    """``sampled_from`` built once per tuple: strategies are reused, which keeps draws fast."""
    return st.sampled_from(values)


@functools.cache
def _ints(lo: int, hi: int) -> st.SearchStrategy[int]:
    return st.integers(lo, hi)


_BOOL = st.booleans()
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_PARTS = st.sampled_from(_ORG_CODES) | st.builds(
    str.__add__, st.sampled_from(tuple(_UPPER)), st.text(alphabet=_UPPER + "0123456789", max_size=5)
)
_PROOF_LISTS = st.lists(st.sampled_from(tuple(ProofKind)).map(Proof), max_size=2, unique=True)
_PROOF_LISTS_1 = st.lists(st.sampled_from(tuple(ProofKind)).map(Proof), min_size=1, max_size=2, unique=True)
_INCIDENTS = st.lists(st.sampled_from(("change", "complaint")), max_size=2)
_COMMUNE_SETS = st.frozensets(st.sampled_from(("xã Bằng Vân", "xã Cao Kỳ", "xã Nam Mẫu", "xã Yên Hân")), max_size=3)


@functools.cache
def _group_sets(pool: tuple[Group, ...]) -> st.SearchStrategy[frozenset[Group]]:
    return st.frozensets(st.sampled_from(pool), max_size=3)


@functools.cache
def _residences(after_merger: bool | None) -> st.SearchStrategy[UnitRef | None]:
    refs = _REFS_2004 + _REFS_2025 if after_merger is None else (_REFS_2025 if after_merger else _REFS_2004)
    return st.none() | st.sampled_from(refs)


def _kinds_for(form: Form) -> tuple[ProviderKind, ...]:
    """Provider kinds allowed to perform ``form`` (Law Art 24 cl. 3, Art 31 cl. 1, Art 33 cl. 1)."""
    return _ADVISERS if form is Form.ADVICE else _LAWYERS


def _groups_in_force(on: dt.date) -> tuple[Group, ...]:
    """Law Art 7 groups that exist on ``on`` (cl. 6a from 01/07/2025, cl. 7 pt g before it,
    cl. 7 pt đ before 01/01/2026, the 2027 groups from 01/01/2027 — provisional)."""
    out: list[Group] = [g for g in Group if g not in (Group.NEAR_POOR, Group.SOCIAL_ALLOWANCE)]
    out.remove(Group.TRAFFICKING_VICTIM_FINANCIAL if on >= _MERGER else Group.TRAFFICKING_VICTIM)
    if on >= _D_CL5:
        out.remove(Group.JUVENILE_VICTIM)
    if on >= _D_2027:
        out += [Group.NEAR_POOR, Group.SOCIAL_ALLOWANCE]
    return tuple(out)


# --- simple values --------------------------------------------------------------------------


def unit_refs(scheme: UnitScheme | None = None, *, on: dt.date | None = None) -> st.SearchStrategy[UnitRef]:
    """Provincial unit references: any of the 63 + 34, one scheme, or those in force ``on`` a date."""
    if on is not None:
        scheme = UnitScheme.P2004 if on < _MERGER else UnitScheme.P2025
    if scheme is UnitScheme.P2004:
        return st.sampled_from(_REFS_2004)
    if scheme is UnitScheme.P2025:
        return st.sampled_from(_REFS_2025)
    return st.sampled_from(_REFS_2004 + _REFS_2025)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@st.composite
def beneficiaries(
    draw: st.DrawFn,
    *,
    on: dt.date | None = None,
    role: PersonRole | None = None,
    with_identities: bool = False,
) -> Beneficiary:
    """A beneficiary with a pseudonymous id and consistent facts.

    With ``on`` (the request date), only Law Art 7 groups in force on that date are
    recorded and the birth date makes sense on it; ``role`` fixes the person's procedural
    role; ``with_identities`` fills the sensitive ``name`` and ``id_number`` (synthetic,
    never real). Groups are what the file *records*; whether they make the person eligible
    is for :mod:`tgpl.rules.eligibility` to decide.
    """
    ref_day = on if on is not None else dt.date(2024, 6, 30)
    pool = _groups_in_force(ref_day) if on is not None else tuple(Group)
    groups = draw(_group_sets(pool))
    age = draw(_ints(0, 100))
    if draw(_BOOL):
        first = _years_before(ref_day, age + 1).toordinal() + 1
        last = _years_before(ref_day, age).toordinal()
        birth_date: dt.date | None = dt.date.fromordinal(min(last, first + draw(_ints(0, 365))))
        birth_year: int | None = None
    else:
        birth_date, birth_year = None, (ref_day.year - age if draw(_BOOL) else None)
    name = id_number = None
    if with_identities:
        name = draw(_one(("Nguyễn Văn ", "Hoàng Thị ", "Nông Văn ", "Triệu Thị "))) + draw(
            _one(("An", "Bình", "Hoa", "Lan", "Sơn", "Thảo"))
        )
        id_number = f"0{draw(_ints(0, 10**11 - 1)):011d}"
    proofs = draw(_PROOF_LISTS)
    return Beneficiary(
        id=f"NTG-{draw(_ints(1, 9_999_999)):07d}",
        sex=draw(_one(tuple(Sex))),
        birth_date=birth_date,
        birth_year=birth_year,
        ethnic_minority=draw(_one(tuple(Tri))),
        residence=draw(_residences(None if on is None else on >= _MERGER)),
        extreme_difficulty_area=draw(_one(tuple(Tri))),
        groups=groups,
        financial=draw(_one(tuple(FinancialBasis))),
        role=role if role is not None else draw(_one(tuple(PersonRole))),
        proofs=tuple(proofs),
        name=name,
        id_number=id_number,
    )


def providers(kind: ProviderKind | None = None, *, form: Form | None = None) -> st.SearchStrategy[Provider]:
    """Providers (người thực hiện TGPL); ``form`` restricts to kinds allowed to perform it."""
    kinds: tuple[ProviderKind, ...] = (kind,) if kind is not None else (_kinds_for(form) if form else tuple(ProviderKind))
    return st.builds(
        Provider,
        id=st.integers(1, 9999).map(lambda n: f"NTH-{n:04d}"),
        kind=st.sampled_from(kinds),
        organisation=st.none() | st.sampled_from(_ORG_CODES).map(lambda c: f"TTTGPL.{c}"),
    )


@st.composite
def organisations(draw: st.DrawFn, province: UnitRef | None = None) -> Organisation:
    """A Center, branch, contracted or registered organisation in ``province`` (or any)."""
    ref = province if province is not None else draw(unit_refs())
    kind = draw(_one(tuple(OrgKind)))
    if kind is OrgKind.BRANCH:
        n = draw(_ints(1, 9))
        return Organisation(
            id=f"TTTGPL-{ref.code}-CN{n}", kind=kind, province=ref, code=f"CN{n}",
            name=f"Chi nhánh số {n}", parent=f"TTTGPL-{ref.code}",
        )
    if kind is OrgKind.CENTER:
        return Organisation(id=f"TTTGPL-{ref.code}", kind=kind, province=ref, code="TT", name="Trung tâm Trợ giúp pháp lý Nhà nước")
    n = draw(_ints(1, 99))
    return Organisation(
        id=f"TC-{ref.code}-{n:02d}", kind=kind, province=ref, code=f"TC{n:02d}",
        name=f"Công ty Luật số {n}" if kind is OrgKind.CONTRACTED_ORG else f"Văn phòng luật sư số {n}",
    )


def file_codes(form: Form | None = None, *, year: int | None = None) -> st.SearchStrategy[FileCode]:
    """File codes ``<org>.<form>.<seq>.<year>`` (TT12 Art 11 cl. 1) that round-trip through ``FileCode.parse``."""
    return st.builds(
        FileCode,
        _ORG_PARTS,
        st.just(form) if form is not None else st.sampled_from(tuple(Form)),
        st.integers(1, 999_999),
        st.just(year) if year is not None else st.integers(2018, 2030),
    )


def _lost_from(maximum: int) -> Callable[[int], int]:
    return lambda lost: maximum - lost


@functools.cache
def quality_reviews(
    form: Form | None = None, *, level: ReviewerLevel | None = None
) -> st.SearchStrategy[QualityReview]:
    """Reviews scored on the TT12 Art 16 criteria (each within its maximum).

    For advice, criteria 2d and 3 are marked not applicable (docs/sources.md,
    note D.1); an Art 6 cl. 1 violation is rare but possible.
    """
    na = frozenset({"2d", "3"}) if form is Form.ADVICE else frozenset()
    keys = [c for c in _CRITERIA_MAX if c not in na]
    # Points *lost* shrink to 0, so reviews shrink towards full marks.
    scores = st.fixed_dictionaries({c: st.integers(0, _CRITERIA_MAX[c]).map(_lost_from(_CRITERIA_MAX[c])) for c in keys})
    return st.builds(
        QualityReview,
        reviewer=st.sampled_from(("TTTGPL.TGV01", "STP", "BTP")),
        level=st.just(level) if level is not None else st.sampled_from(tuple(ReviewerLevel)),
        trigger=st.sampled_from(tuple(Trigger)),
        scores=scores,
        not_applicable=st.just(na),
        art6_violation=st.sampled_from((False, False, False, True)),
    )


# --- histories ------------------------------------------------------------------------------


class _Clock:
    """Moves a moment forward by drawn gaps, so events are strictly chronological."""

    def __init__(self, draw: st.DrawFn, start: dt.datetime, max_gap: int) -> None:
        self.draw, self.t, self.max_gap = draw, start, max_gap

    def next(self, big: bool = False) -> dt.datetime:
        hi = self.max_gap * (20 if big else 1)
        self.t = self.t + dt.timedelta(minutes=self.draw(_ints(2, max(2, hi))))
        return self.t


_PROVIDER_IDS = tuple(f"NTH-{i:02d}" for i in range(1, 10))


@st.composite
def _provider(draw: st.DrawFn, form: Form, avoid: str | None = None) -> tuple[str, ProviderKind]:
    ids = [p for p in _PROVIDER_IDS if p != avoid]
    return draw(_one(tuple(ids))), draw(_one(_kinds_for(form)))


@st.composite
def _start(draw: st.DrawFn, start: dt.date, end: dt.date) -> dt.datetime:
    day = start + dt.timedelta(days=draw(_ints(0, (end - start).days)))
    minute = draw(_ints(450, 1019))
    return dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=VN_TZ)


_PATHS = ("accepted", "immediate", "refused", "transferred")
_IMMEDIATE_LIT = tuple(ImmediateReason)
_IMMEDIATE_OTHER = tuple(r for r in ImmediateReason if r is not ImmediateReason.COURT_APPOINTED_OR_NOTICE)
_NOT_CONTINUED = tuple(g for g in NotContinuedGround if g is not NotContinuedGround.MISSING_PROOF)
#: QĐ 1179/QĐ-BTP (16/05/2022): criteria of a successful litigation case; no assessment before.
SUCCESS_CRITERIA_FROM = dt.date(2022, 5, 16)
_ACCEPTED_PATHS = ("accepted", "immediate")


def _complaint(draw: st.DrawFn, clock: _Clock, subject: ComplaintSubject) -> list[Event]:
    out: list[Event] = [ComplaintLodged(on=clock.next(), subject=subject)]
    out.append(ComplaintDecided(on=clock.next(), upheld=draw(_BOOL)))
    if draw(_BOOL):
        out.append(ComplaintLodged(on=clock.next(), subject=subject, level=ComplaintLevel.DOJ_DIRECTOR))
        out.append(ComplaintDecided(on=clock.next(), level=ComplaintLevel.DOJ_DIRECTOR, upheld=draw(_BOOL)))
    return out


def _full_history(
    draw: st.DrawFn, form: Form, field: LegalField | None, role: ProcedureRole | None, start: dt.datetime, max_gap: int,
    paths: tuple[str, ...] = _PATHS,
) -> list[Event]:
    """A complete lawful history of a case of ``form`` (before any cut), along one of ``paths``."""
    clock = _Clock(draw, start, max_gap)
    ev: list[Event] = [RequestReceived(on=start)]
    path = draw(_one(tuple(paths)))
    if path == "refused":
        refusal = draw(_one(tuple(RefusalGround)))
        ev.append(Refused(on=clock.next(), ground=refusal, reason=refusal.label_vi))
        if draw(_BOOL):
            ev += _complaint(draw, clock, ComplaintSubject.REFUSAL_TO_ACCEPT)
        return ev
    if path == "transferred":
        ev.append(Transferred(
            on=clock.next(), reason=draw(_one(tuple(TransferReason))),
            to_organisation=draw(_one(("TTTGPL-19", "TTTGPL-04", "TTTGPL-20"))),
        ))
        return ev
    immediate = path == "immediate"
    if immediate:
        # Point c (court appointment, Art 31 cl. 3 notice) exists only for litigation (Law Art 30 cl. 4).
        reasons = _IMMEDIATE_LIT if form is Form.LITIGATION else _IMMEDIATE_OTHER
        ev.append(Accepted(on=clock.next(), immediate=True, immediate_reason=draw(_one(reasons))))
    else:
        ev.append(Accepted(on=clock.next()))
    provider, _kind = draw(_provider(form))
    ev.append(ProviderAssigned(on=clock.next(), provider_id=provider, provider_kind=_kind))
    if immediate:
        if draw(_ints(0, 4)) == 4:  # proof never came: not continued (TT12 Art 6 cl. 2 pt b)
            ev.append(Ended(on=clock.next(big=True), outcome=EndKind.NOT_CONTINUED, ground=NotContinuedGround.MISSING_PROOF))
            ev += _post_end(draw, clock, form, field, role, completed=False)
            return ev
        proofs = draw(_PROOF_LISTS_1)
        ev.append(ProofSupplied(on=clock.next(), proofs=tuple(proofs)))
    # Incidents while the case runs.
    if form is Form.ADVICE and draw(_BOOL):
        ev.append(AdviceDeadlineExtended(on=clock.next(), total_days=draw(_ints(11, 30))))
    for incident in draw(_INCIDENTS):
        if incident == "complaint":
            subject = draw(_one((ComplaintSubject.FAILURE_TO_AID, ComplaintSubject.UNLAWFUL_AID)))
            ev += _complaint(draw, clock, subject)
            continue
        grounds = [g for g in ChangeGround if form is Form.LITIGATION or g is not ChangeGround.REGISTRATION_REFUSED]
        change = draw(_one(tuple(grounds)))
        if change is ChangeGround.BENEFICIARY_REQUEST:
            ev.append(ProviderChangeRequested(on=clock.next()))
            if draw(_BOOL):
                ev.append(ProviderChangeDeclined(on=clock.next(), reason="Không có căn cứ theo Điều 25"))
                continue
        elif change is ChangeGround.REGISTRATION_REFUSED:
            refusals = (
                (RegistrationRefusal.DEFENCE_REFUSED, RegistrationRefusal.DEFENCE_CANCELLED)
                if role is ProcedureRole.DEFENCE_COUNSEL else (RegistrationRefusal.PROTECTOR_REFUSED,)
            )
            ev.append(RegistrationRefused(on=clock.next(), refusal=draw(_one(tuple(refusals)))))
        provider, kind = draw(_provider(form, avoid=provider))
        ev.append(ProviderChanged(on=clock.next(), provider_id=provider, provider_kind=kind, ground=change))
    if form is Form.LITIGATION:
        ev += _hearings(draw, clock, provider)
    outcome = draw(_one(tuple(EndKind)))
    if form is Form.ADVICE and outcome is EndKind.COMPLETED:
        ev.append(AdviceGiven(on=clock.next()))
    ground: NotContinuedGround | None = None
    if outcome is EndKind.NOT_CONTINUED:
        # MISSING_PROOF only when proof never came (handled above): TT12 Art 6 cl. 2 pt b.
        ground = draw(_one(_NOT_CONTINUED))
    ev.append(Ended(on=clock.next(big=True), outcome=outcome, ground=ground))
    ev += _post_end(draw, clock, form, field, role, completed=outcome is EndKind.COMPLETED)
    return ev


def _hearings(draw: st.DrawFn, clock: _Clock, provider: str) -> list[Event]:
    """0–2 hearings the provider attends (Law Art 31 cl. 1): online only from NQ 33/2021/QH15
    (01/01/2022), in person otherwise; the level recorded or not."""
    out: list[Event] = []
    for _ in range(draw(_ints(0, 2))):
        on = clock.next()
        online = on.astimezone(VN_TZ).date() >= ONLINE_HEARINGS_FROM and draw(_BOOL)
        out.append(HearingAttended(
            on=on, mode=HearingMode.ONLINE if online else HearingMode.IN_PERSON,
            instance=draw(st.none() | _one(tuple(TrialInstance))), provider_id=provider if draw(_BOOL) else None,
        ))
    return out


def _post_end(
    draw: st.DrawFn, clock: _Clock, form: Form, field: LegalField | None, role: ProcedureRole | None, *, completed: bool,
) -> list[Event]:
    """Hand-over (Law Art 39), appraisal (TT12 Art 14), success (QĐ 1179), archiving, evaluation (TT12 Art 15)."""
    out: list[Event] = [FileHandedOver(on=clock.next(big=True))]
    if draw(_BOOL):
        out.append(AppraisalRecorded(on=clock.next(), review=draw(quality_reviews(form, level=ReviewerLevel.ORGANISATION))))
    if completed and form is Form.LITIGATION and field in (None, LegalField.CRIMINAL) and draw(_BOOL):
        ok = draw(_BOOL)
        on = clock.next()
        if on.astimezone(VN_TZ).date() >= SUCCESS_CRITERIA_FROM:
            out.append(SuccessAssessed(on=on, successful=ok, criterion=draw(_one(tuple(_CONFIRMED_TC))) if ok else None))
        elif on.astimezone(VN_TZ).date() >= RECORDED_FROM and (legacy := legacy_basis_on(on.astimezone(VN_TZ).date())) is not None:
            # Before QĐ 1179/QĐ-BTP: the earlier guidance of the date, no criterion.
            out.append(SuccessAssessed(on=on, successful=ok, legacy_basis=legacy.basis))
    out.append(Archived(on=clock.next()))
    if form is not Form.ADVICE and draw(_BOOL):
        out.append(EvaluationRecorded(on=clock.next(big=True), review=draw(quality_reviews(form, level=ReviewerLevel.DOJ))))
    return out


@st.composite
def valid_histories(
    draw: st.DrawFn,
    form: Form | None = None,
    *,
    start: dt.date = _MIN_DAY,
    end: dt.date = _MAX_DAY,
    max_gap_minutes: int = 3 * 24 * 60,
    complete: bool = False,
    field: LegalField | None = None,
    role: ProcedureRole | None = None,
) -> tuple[Event, ...]:
    """Event tuples the lifecycle allows for a case of ``form`` (any form if ``None``).

    Paths: acceptance (ordinary or immediate, with proof supplied or the case not
    continued for ``MISSING_PROOF``), refusal (with an optional complaint), transfer;
    assignment of a provider allowed to perform the form; provider changes with their
    grounds and the events that precede them; complaints; advice extensions and answers;
    the three ways of ending; hand-over, appraisal, success assessment (criminal
    litigation only), archiving and DOJ evaluation. The request is received between
    ``start`` and ``end`` in office hours; later events follow at 2 minutes to
    ``max_gap_minutes`` (20 times that for the long steps). Unless ``complete``, the
    history may be cut after any event (a case still open); it shrinks to the bare request.
    ``field`` and ``role`` (the case's) only matter for success assessments and
    registration refusals.
    """
    form = form if form is not None else draw(_one(tuple(Form)))
    events = _full_history(draw, form, field, role, draw(_start(start, end)), max_gap_minutes)
    if complete:
        return tuple(events)
    return tuple(events[: draw(st.integers(1, len(events)))])


@frozen
class InvalidHistory:
    """A history with exactly one illegal event.

    ``events[index]`` is the illegal event; ``events`` without it is the valid history
    ``valid`` it was made from; ``why`` names the broken rule (one of
    :data:`ILLEGAL_KINDS`) and ``form`` is the case form the history belongs to.
    """

    form: Form
    events: tuple[Event, ...]
    index: int
    why: str
    valid: tuple[Event, ...]

    @property
    def event(self) -> Event:
        """The illegal event."""
        return self.events[self.index]


def _at(e: Event, minutes: int) -> dt.datetime:
    return e.on + dt.timedelta(minutes=minutes)


def _ill_second_acceptance(valid: Sequence[Event]) -> tuple[int, Event] | None:
    """A second acceptance of an already accepted request (TT12 Art 5: one register entry)."""
    for i, e in enumerate(valid):
        if isinstance(e, Accepted):
            return i + 1, Accepted(on=_at(e, 1))
    return None


def _ill_assign_before_acceptance(valid: Sequence[Event]) -> tuple[int, Event] | None:
    """Assignment before acceptance (Law Art 31 cl. 2 and Art 33 cl. 2 run from acceptance)."""
    if len(valid) >= 2 and isinstance(valid[1], Accepted):
        return 1, ProviderAssigned(on=_at(valid[0], 1), provider_id="NTH-99", provider_kind=ProviderKind.TGV)
    return None


def _ill_end_before_acceptance(valid: Sequence[Event]) -> tuple[int, Event] | None:
    """Ending a case that was never accepted (TT12 Art 10: only an accepted case ends)."""
    if len(valid) >= 2 and isinstance(valid[1], Accepted):
        return 1, Ended(on=_at(valid[0], 1), outcome=EndKind.COMPLETED)
    return None


def _ill_after_refusal(valid: Sequence[Event]) -> tuple[int, Event] | None:
    """Assigning a provider on a refused request (Law Art 30 cl. 3: refusal closes the request)."""
    for i, e in enumerate(valid):
        if isinstance(e, Refused):
            return i + 1, ProviderAssigned(on=_at(e, 1), provider_id="NTH-99", provider_kind=ProviderKind.TGV)
    return None


def _ill_after_transfer(valid: Sequence[Event]) -> tuple[int, Event] | None:
    """Accepting a request already transferred to another organisation (Law Art 35)."""
    for i, e in enumerate(valid):
        if isinstance(e, Transferred):
            return i + 1, Accepted(on=_at(e, 1))
    return None


def _ill_second_end(valid: Sequence[Event]) -> tuple[int, Event] | None:
    """Ending a case twice (TT12 Art 10)."""
    for i, e in enumerate(valid):
        if isinstance(e, Ended):
            return i + 1, Ended(on=_at(e, 1), outcome=EndKind.COMPLETED)
    return None


def _ill_success_before_end(valid: Sequence[Event]) -> tuple[int, Event] | None:
    """A success assessment before the case ended (QĐ 1179/QĐ-BTP: the case must have ended)."""
    for i, e in enumerate(valid):
        if isinstance(e, ProviderAssigned):
            return i + 1, SuccessAssessed(on=_at(e, 1), successful=True, criterion="TC05")
    return None


def _ill_assign_after_end(valid: Sequence[Event]) -> tuple[int, Event] | None:
    """Assigning a provider to a case that has ended (TT12 Art 10)."""
    for i, e in enumerate(valid):
        if isinstance(e, Ended):
            return i + 1, ProviderAssigned(on=_at(e, 1), provider_id="NTH-99", provider_kind=ProviderKind.TGV)
    return None


def _ill_request_twice(valid: Sequence[Event]) -> tuple[int, Event] | None:
    """A second request in the same case file (Law Art 29: one request opens one file)."""
    return 1, RequestReceived(on=_at(valid[0], 1))


_ILLEGAL: dict[str, Callable[[Sequence[Event]], tuple[int, Event] | None]] = {
    "second_request": _ill_request_twice,
    "second_acceptance": _ill_second_acceptance,
    "assign_before_acceptance": _ill_assign_before_acceptance,
    "end_before_acceptance": _ill_end_before_acceptance,
    "after_refusal": _ill_after_refusal,
    "after_transfer": _ill_after_transfer,
    "second_end": _ill_second_end,
    "assign_after_end": _ill_assign_after_end,
    "success_before_end": _ill_success_before_end,
}

#: The kinds of illegal event :func:`invalid_histories` inserts.
ILLEGAL_KINDS: tuple[str, ...] = tuple(_ILLEGAL)


def _shift(events: Sequence[Event], minutes: int) -> tuple[Event, ...]:
    delta = dt.timedelta(minutes=minutes)
    return tuple(attrs.evolve(e, on=e.on + delta) for e in events)


@st.composite
def invalid_histories(draw: st.DrawFn, form: Form | None = None, *, kinds: Sequence[str] = ILLEGAL_KINDS) -> InvalidHistory:
    """A valid history with exactly one illegal event inserted (see :class:`InvalidHistory`).

    Every valid history of the right shape (an accepted, refused or transferred request,
    as the kind needs) is a starting point, so the invalid histories are as varied as the
    valid ones and shrink the same way.

    ``kinds`` chooses among :data:`ILLEGAL_KINDS`. The illegal event comes one minute
    after its predecessor and the events after it are shifted by two minutes, so the
    history stays chronological: only the *kind* of event is wrong. The history is cut
    right after the illegal event or later.
    """
    why = draw(_one(tuple(kinds)))
    form = form if form is not None else draw(_one(tuple(Form)))
    paths = {"after_refusal": ("refused",), "after_transfer": ("transferred",), "second_request": _PATHS}.get(why, _ACCEPTED_PATHS)
    # A success assessment exists only from QĐ 1179 (lifecycle row from TT03/2021).
    start = draw(_start(SUCCESS_CRITERIA_FROM if why == "success_before_end" else _MIN_DAY, _MAX_DAY))
    history = _full_history(draw, form, None, None, start, 3 * 24 * 60, paths)
    made = _ILLEGAL[why](history)
    if made is None:  # pragma: no cover - every path above allows its mutation
        raise AssertionError(f"cannot insert {why!r} into {history!r}")
    index, bad = made
    events = (*history[:index], bad, *_shift(history[index:], 2))
    cut = draw(st.integers(index + 1, len(events)))
    valid_part = tuple(e for i, e in enumerate(events[:cut]) if i != index)
    return InvalidHistory(form=form, events=events[:cut], index=index, why=why, valid=valid_part)


# --- records --------------------------------------------------------------------------------

_SOURCES_LIT = tuple(RequestSource)


@st.composite
def cases(
    draw: st.DrawFn,
    valid: bool = True,
    *,
    form: Form | None = None,
    province: UnitRef | None = None,
    start: dt.date = _MIN_DAY,
    end: dt.date = _MAX_DAY,
    max_beneficiaries: int = 3,
    with_identities: bool = False,
) -> Case:
    """A case with 1–``max_beneficiaries`` beneficiaries (distinct ids) and a history.

    ``valid=True``: a lifecycle-legal history (:func:`valid_histories`); ``valid=False``:
    one with exactly one illegal event (:func:`invalid_histories`). The request date lies
    between ``start`` and ``end``; ``unit`` is ``province`` (a 2004 reference by default)
    read in the scheme in force on that date; the file code's year is the request year.
    """
    form = form if form is not None else draw(_one(tuple(Form)))
    field = draw(_one(tuple(LegalField)))
    role: ProcedureRole | None = None
    person_roles: tuple[PersonRole, ...] = (PersonRole.NONE, PersonRole.UNKNOWN)
    if form is Form.LITIGATION:
        if field is LegalField.CRIMINAL:
            role = draw(_one((ProcedureRole.DEFENCE_COUNSEL, ProcedureRole.VICTIM_PROTECTOR)))
            person_roles = (
                (PersonRole.DEFENDANT, PersonRole.SUSPECT, PersonRole.IN_CUSTODY, PersonRole.ARRESTED)
                if role is ProcedureRole.DEFENCE_COUNSEL else (PersonRole.VICTIM,)
            )
        else:
            role, person_roles = ProcedureRole.PARTY_PROTECTOR, (PersonRole.PARTY,)
    if valid:
        events = draw(valid_histories(form, start=start, end=end, field=field, role=role))
    else:
        events = draw(invalid_histories(form)).events
    day = events[0].on.astimezone(VN_TZ).date()
    ref = province if province is not None else draw(unit_refs(UnitScheme.P2004))
    if ref.scheme is UnitScheme.P2025 and day < _MERGER:
        ref = draw(unit_refs(UnitScheme.P2004))
    people = draw(st.lists(
        beneficiaries(on=day, role=draw(_one(tuple(person_roles))), with_identities=with_identities),
        min_size=1, max_size=max_beneficiaries,
    ))
    people = [attrs.evolve(b, id=f"NTG-{i + 1:07d}") for i, b in enumerate(people)]
    code = draw(file_codes(form, year=day.year))
    return Case(
        code=code,
        organisation=f"TTTGPL-{ref.code}" if code.org == "TT" else f"TTTGPL-{ref.code}-{code.org}",
        unit=unit_on(ref, day),
        form=form,
        field=field,
        beneficiaries=tuple(people),
        role=role,
        **draw(request_channels()),
        **draw(_duty_link(code.org, day.year)),
        programmes=draw(programme_codes(day)),
        events=events,
    )


@st.composite
def _duty_link(draw: st.DrawFn, org: str, year: int) -> dict[str, Any]:
    """``source`` of a case and, for a request received on duty, sometimes the id of the duty
    shift (``duty_shift``; only with the sources court duty and investigation duty)."""
    source = draw(_one(tuple(_SOURCES_LIT)))
    if source in (RequestSource.COURT_DUTY, RequestSource.INVESTIGATION_DUTY) and draw(st.booleans()):
        return {"source": source, "duty_shift": f"{org}.TR.{draw(_ints(1, 99_999)):05d}.{year}"}
    return {"source": source}


@st.composite
def programme_codes(draw: st.DrawFn, on: dt.date) -> tuple[str, ...]:
    """The national target programmes of a case requested on ``on``: none (a third of the time), or
    one or two distinct codes in force that day (:func:`tgpl.rules.programmes.programmes_on`)."""
    from tgpl.rules.programmes import programmes_on

    codes = tuple(p.code for p in programmes_on(on))
    if not codes or draw(_ints(0, 2)) == 0:
        return ()
    return tuple(draw(st.lists(_one(codes), min_size=1, max_size=2, unique=True)))


@st.composite
def request_channels(draw: st.DrawFn) -> dict[str, Any]:
    """``channel`` and ``online_level`` of a case (Law Art 29; TT12 Art 13), as keyword
    arguments: either absent (not recorded), or a channel, with a level only for the online
    public service."""
    channel = draw(st.none() | st.sampled_from(RequestChannel))
    if channel is None:
        return {}
    level = draw(st.none() | st.sampled_from(OnlineServiceLevel)) if channel is RequestChannel.ONLINE_PUBLIC_SERVICE else None
    return {"channel": channel, "online_level": level}


def _activity_common(draw: st.DrawFn, start: dt.date, end: dt.date, prefix: str) -> dict[str, Any]:
    day = start + dt.timedelta(days=draw(_ints(0, (end - start).days)))
    ref = draw(unit_refs(UnitScheme.P2004))
    code = draw(_one(tuple(_ORG_CODES)))
    return {
        "id": f"{code}.{prefix}.{draw(_ints(1, 99_999)):05d}.{day.year}",
        "on": day,
        "organisation": f"TTTGPL-{ref.code}",
        "unit": unit_on(ref, day),
    }


_PLACES: Final = {
    DutyPlaceKind.COURT: ("Tòa án nhân dân tỉnh", "Tòa án nhân dân khu vực 1", "TAND-KV2"),
    DutyPlaceKind.INVESTIGATION: ("Cơ quan Cảnh sát điều tra Công an tỉnh", "Trại tạm giam Công an tỉnh", "CA-XA-07"),
}
_INSPECTED: Final = ("Huyện Ba Bể", "Huyện Chợ Đồn", "Tòa án nhân dân khu vực 1", "Công an huyện Na Rì")


@st.composite
def duty_shifts(draw: st.DrawFn, *, start: dt.date = _MIN_DAY, end: dt.date = _MAX_DAY) -> DutyShift:
    """A legal aid duty shift at a court or an investigation body (programmes 1603/BTP-TANDTC,
    5789/CTPH-BTP-BCA), with a name-free provider id and bounded counts; investigation duty
    only by a legal aid officer or a lawyer under contract with the Center."""
    common = _activity_common(draw, start, end, "TR")
    kind = draw(_one(tuple(DutyPlaceKind)))
    allowed = tuple(INVESTIGATION_DUTY_PROVIDERS) if kind is DutyPlaceKind.INVESTIGATION else tuple(ProviderKind)
    return DutyShift(
        **common, place_kind=kind, place=draw(_one(_PLACES[kind])),
        provider=f"NTH-{draw(_ints(1, 99)):02d}", provider_kind=draw(st.none() | _one(tuple(sorted(allowed)))),
        mode=draw(st.none() | _one(tuple(DutyMode))),
        persons_advised=draw(_ints(0, 60)), requests_received=draw(_ints(0, 10)),
    )


@st.composite
def council_activities(draw: st.DrawFn, *, start: dt.date = _MIN_DAY, end: dt.date = _MAX_DAY) -> CouncilActivity:
    """A meeting or an inspection of the interagency coordination council (TTLT10 Art 16–21);
    an inspection lists up to three inspected units."""
    common = _activity_common(draw, start, end, "HD")
    kind = draw(_one(tuple(CouncilActivityKind)))
    inspected = draw(st.frozensets(_one(_INSPECTED), max_size=3)) if kind is CouncilActivityKind.INSPECTION else frozenset()
    return CouncilActivity(**common, kind=kind, inspected=tuple(sorted(inspected)))


@st.composite
def activities(draw: st.DrawFn, *, start: dt.date = _MIN_DAY, end: dt.date = _MAX_DAY) -> Activity:
    """One non-case record: a simple answer, reception, outreach session, mobile trip,
    training, duty shift or coordination council meeting or inspection."""
    which = draw(_one(("GD", "TCD", "TT", "LD", "TH", "TR", "HD")))
    if which == "TR":
        return draw(duty_shifts(start=start, end=end))
    if which == "HD":
        return draw(council_activities(start=start, end=end))
    common = _activity_common(draw, start, end, which)
    count = _ints(0, 200)
    if which == "GD":
        return SimpleAnswer(**common, field=draw(_one(tuple(LegalField))))
    if which == "TCD":
        return Reception(**common, persons=draw(count))
    communes = _one(("xã Bằng Vân", "xã Cao Kỳ", "xã Nam Mẫu", "xã Yên Hân"))
    if which == "TT":
        return OutreachSession(
            **common, commune=draw(communes), target=draw(_one(tuple(TargetGroup))),
            attendees=draw(count), leaflets=draw(count), programmes=draw(programme_codes(common["on"])),
        )
    if which == "LD":
        return MobileTrip(**common, communes=tuple(sorted(draw(_COMMUNE_SETS))), persons=draw(count),
                          programmes=draw(programme_codes(common["on"])))
    return Training(**common, participants=draw(count), hours=float(draw(_ints(0, 40))))


# --- reporting (imported lazily: tgpl.reporting sits above this module's dependencies) -----


def windows() -> st.SearchStrategy[Any]:
    """Reporting windows (:class:`tgpl.reporting.windows.Window`): calendar months, quarters,
    halves, nine months and years, custom ranges, and windows of the legal regimes.

    Imports :mod:`tgpl.reporting.windows` when called (``ImportError`` if it is absent).
    """
    from tgpl.reporting import windows as w

    years = st.integers(2019, 2030)
    calendar = st.one_of(
        st.builds(w.year, years),
        st.builds(w.month, years, st.integers(1, 12)),
        st.builds(w.quarter, years, st.integers(1, 4)),
        st.builds(w.half, years, st.integers(1, 2)),
        st.builds(w.nine_months, years),
    )
    custom = st.tuples(st.dates(_MIN_DAY, _MAX_DAY), st.integers(0, 800)).map(
        lambda p: w.custom(p[0], p[0] + dt.timedelta(days=p[1]))
    )
    regimes = []
    for regime, periods in (
        (w.Regime.STATISTICS, (None, "H1", "final")),
        (w.Regime.COORDINATION, (None, "final")),
        (w.Regime.PRACTICE, (None,)),
        (w.Regime.GENERAL_REPORTING, (None, "H1", "Q1", "9M", "06")),
    ):
        for period in periods:
            ok = [y for y in range(2019, 2031) if _regime_ok(w, regime, y, period)]
            if ok:
                regimes.append(st.sampled_from(ok).map(_regime_window_of(w, regime, period)))
    return st.one_of(calendar, custom, *regimes)


def _regime_window_of(w: Any, regime: Any, period: str | None) -> Callable[[int], Any]:
    return lambda y: w.regime_window(regime, y, period)


def _regime_ok(w: Any, regime: Any, year: int, period: str | None) -> bool:
    try:
        w.regime_window(regime, year, period)
    except Exception:
        return False
    return True


@st.composite
def tallies(draw: st.DrawFn, *, max_records: int = 6) -> Any:
    """Tallies (:class:`tgpl.reporting.tally.Tally`) made the real way: a few generated
    cases and activities around a generated window, aggregated with
    :func:`tgpl.reporting.aggregate.aggregate_one`.

    Imports :mod:`tgpl.reporting` when called (``ImportError`` if it is absent).
    """
    from tgpl.reporting.aggregate import aggregate_one

    window = draw(windows())
    lo = max(_MIN_DAY, window.start - dt.timedelta(days=400))
    hi = min(_MAX_DAY, max(lo, window.end))
    records = draw(st.lists(
        st.one_of(cases(start=lo, end=hi), activities(start=lo, end=hi)), max_size=max_records,
    ))
    return aggregate_one(records, window)


# -- plans (tgpl.planning) ----------------------------------------------------------------------

_ROMAN_QUARTERS = ("I", "II", "III", "IV")
_PLAN_TEXT = st.text(alphabet="abcdđeêghiklmnoôơpqrstuưvxyàáảãạăắằẳẵặâấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ ", min_size=1, max_size=30).map(
    lambda t: t.strip() or "nhiệm vụ"
)


@st.composite
def _time_frame_text(draw: st.DrawFn, year: int) -> str:
    """A time frame inside ``year``, in one of the written forms plans use."""
    kind = draw(st.sampled_from(("year", "quarter", "half", "month", "range")))
    if kind == "year":
        return draw(st.sampled_from((f"Cả năm {year}", f"Năm {year}")))
    if kind == "quarter":
        return f"Quý {draw(st.sampled_from(_ROMAN_QUARTERS))} năm {year}"
    if kind == "half":
        return f"6 tháng {draw(st.sampled_from(('đầu', 'cuối')))} năm {year}"
    if kind == "month":
        return f"Tháng {draw(st.integers(1, 12))} năm {year}"
    start = draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    end = draw(st.dates(start, dt.date(year, 12, 31)))
    return f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


@st.composite
def _target_document(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {
        "indicator": draw(st.sampled_from(("mobile.trips", "outreach.sessions", "cases.accepted", "person_occasions.handled"))),
        "label": draw(_PLAN_TEXT),
    }
    form = draw(st.sampled_from(("exactly", "range", "at_least", "at_most", "share")))
    lo = draw(st.integers(0, 500))
    if form == "range":
        out.update({"from": lo, "to": draw(st.integers(lo, 600))})
    elif form == "share":
        out.update({"at_least": draw(st.integers(0, 100)), "unit": "%", "measure": "share"})
    else:
        out[form] = lo
    return out


@st.composite
def plan_documents(draw: st.DrawFn, *, max_tasks: int = 5) -> dict[str, Any]:
    """Plan files (``tgpl.plan/1``) as YAML or JSON would give them: valid by construction.

    Tasks have unique ids, time frames in the written forms of :func:`tgpl.planning.parse_time_frame`
    inside the plan year, zero to two targets bound to built-in indicator codes, and dated
    progress notes inside the plan year.
    """
    year = draw(st.integers(2019, 2030))
    n = draw(st.integers(1, max_tasks))
    tasks: list[dict[str, Any]] = []
    for i in range(n):
        task: dict[str, Any] = {
            "id": f"{i + 1}",
            "text": draw(_PLAN_TEXT),
            "time_frame": draw(_time_frame_text(year)),
        }
        if draw(st.booleans()):
            task["lead"] = [draw(_PLAN_TEXT)]
        if draw(st.booleans()):
            task["partners"] = draw(st.lists(_PLAN_TEXT, min_size=1, max_size=2))
        targets = draw(st.lists(_target_document(), max_size=2))
        if targets:
            task["targets"] = targets
        notes = draw(st.lists(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)), max_size=2))
        if notes:
            task["progress"] = [
                {"date": d.isoformat(), "note": draw(_PLAN_TEXT),
                 **({"status": draw(st.sampled_from(("on_track", "behind", "met", "missed")))} if draw(st.booleans()) else {})}
                for d in notes
            ]
        tasks.append(task)
    doc: dict[str, Any] = {
        "schema": "tgpl.plan/1",
        "id": f"ke-hoach-{year}",
        "title": draw(_PLAN_TEXT),
        "issuer": draw(_PLAN_TEXT),
        "period": f"Năm {year}",
        "tasks": tasks,
    }
    if draw(st.booleans()):
        doc["unit"] = str(draw(unit_refs(on=dt.date(year, 1, 1))))
        doc["issued"] = f"{year}-{draw(st.integers(1, 12)):02d}"
    return doc


def plans(*, max_tasks: int = 5) -> st.SearchStrategy[Any]:
    """:class:`tgpl.planning.Plan` values, loaded from :func:`plan_documents`.

    Imports :mod:`tgpl.planning` when called (``ImportError`` if it is absent).
    """
    from tgpl.planning import plan_from_data

    def load(doc: dict[str, Any]) -> Any:
        plan, problems = plan_from_data(doc, source="generated")
        if problems:  # pragma: no cover - the documents are valid by construction
            raise AssertionError(problems)
        return plan

    return plan_documents(max_tasks=max_tasks).map(load)



# -- TGV litigation quota (tgpl.reporting.quota) --------------------------------------------------


@st.composite
def tgv_quotas(draw: st.DrawFn, *, year: int | None = None, levels: bool | None = None) -> Any:
    """:class:`tgpl.reporting.quota.TgvQuota` values over the provider ids :func:`cases` uses:
    a minimum for every seniority band, a roster of some of those ids (bands, reduced
    percentages, exemptions) and/or a default band, either counting rule, prorated or not;
    with ``levels`` (drawn when ``None``) the khá and tốt levels too (đạt ≤ khá ≤ tốt).

    Imports :mod:`tgpl.reporting.quota` when called (``ImportError`` if it is absent).
    """
    from tgpl.reporting.quota import QuotaCounting, QuotaHolder, Seniority, TgvQuota

    bands = tuple(Seniority)
    minimum = {b: draw(st.integers(1, 6)) for b in bands}
    ids = draw(st.lists(st.sampled_from((*_PROVIDER_IDS, "NTH-KHONG-CO-VU-VIEC")), unique=True, max_size=6))
    roster = tuple(
        QuotaHolder(p, draw(_one(bands)), draw(st.sampled_from((100, 100, 60, 30))), draw(st.booleans()))
        for p in ids
    )
    default = draw(st.none() | _one(bands)) if roster else draw(_one(bands))
    kha = tot = {}
    if levels if levels is not None else draw(st.booleans()):
        kha = {b: minimum[b] + draw(st.integers(0, 3)) for b in bands}
        tot = {b: kha[b] + draw(st.integers(0, 3)) for b in bands}
    return TgvQuota(
        year=year if year is not None else draw(st.integers(2018, 2030)), minimum=minimum,
        basis="Công văn giao chỉ tiêu (thử nghiệm)", verified=draw(st.booleans()), roster=roster, default=default,
        counting=draw(_one(tuple(QuotaCounting))), prorate=draw(st.booleans()), kha=kha, tot=tot,
    )
