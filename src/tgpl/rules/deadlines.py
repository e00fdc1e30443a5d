"""Statutory time limits of a legal aid case (thời hạn), as dated data rows.

Every time limit of the procedure (Law 11/2017/QH14 Art 30–39, 45; TT12; TT08; TTLT10)
that a case's events can start and meet is one :class:`DeadlineRule` row in
:data:`DEADLINE_RULES`: which event starts it, in which unit it runs, how long, under
which conditions, which event meets it, and its citation and validity dates. The
functions :func:`deadlines` and :func:`overdue` read a case's events directly (no state
machine needed), so they are cheap enough to run over millions of cases.

Conventions (see :mod:`tgpl.rules.calendar` for the Civil Code 2015 Art 147–148 rules):

* the trigger moment is the triggering event's ``on``; "from acceptance" means from the
  entry in the case register (TT12 Art 5 cl. 2);
* a day-based limit ends at the **end of its last day**, 23:59:59.999999 Asia/Ho_Chi_Minh
  (Art 148 cl. 6); the day of the trigger is not counted (Art 147 cl. 2–3); a calendar-day
  limit whose last day is not a working day ends on the next working day (Art 148 cl. 5);
* an hour-based limit ends exactly that many clock hours after the trigger (Art 147 cl. 1);
* a deadline is **met** by the first event of a satisfying kind recorded after the
  trigger; **MET** when that event is at or before the due moment, **MET_LATE** after it;
  unmet, it is **OVERDUE** once the reference moment (``as_of``) is past the due moment,
  else **OPEN**; it is **NOT_APPLICABLE** when the case ended before the due moment
  without meeting it (nothing left to do), or — with ``strict=False`` — when no version of
  the rule was in force on the trigger date.

Time limits in the procedure table that no case event starts or meets are not computed:
inter-provincial verification (Law Art 34, 10 days), answers of State bodies to
recommendations (Law Art 36, 30/45 days) and the procedure bodies' own limits (Law Art 31
cl. 3; TTLT10 Art 7, 12).

A notice of a procedure-conducting body (Law Art 31 cl. 3) is an immediate acceptance
(TT12 Art 6 cl. 1 pt c), and TTLT10 Art 3 cl. 4 then requires the provider to be assigned
at once ("cử ngay"): the row ``assign_after_notice`` (unit ``immediately``: by the end of
the day of acceptance) replaces the 3-working-day / 12-hour rows for such cases, so a
later assignment is MET_LATE, never MET.

A working- or calendar-day period that runs through a year whose announced swaps are not
in the calendar data (:meth:`~tgpl.rules.calendar.WorkingCalendar.unannounced_years`)
carries a warning in ``assumptions``: its due date may move if a swap is announced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType

from attrs import frozen

from tgpl.domain import (
    VN_TZ,
    Accepted,
    AdviceDeadlineExtended,
    Case,
    CodeEnum,
    ComplaintLevel,
    ComplaintLodged,
    Event,
    Form,
    ImmediateReason,
    PersonRole,
    RegistrationRefusal,
    RegistrationRefused,
    RequestSource,
    Tri,
    describe,
)
from tgpl.errors import RuleNotInForceError
from tgpl.rules._dated import select_optional
from tgpl.rules.calendar import WorkingCalendar, default_calendar, end_of_day

__all__ = [
    "DEADLINE_RULES",
    "Condition",
    "Deadline",
    "DeadlineRule",
    "Status",
    "TimeUnit",
    "deadline_table",
    "deadlines",
    "overdue",
]


class TimeUnit(CodeEnum):
    """The unit a time limit runs in."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    HOURS = "hours"
    #: "ngay" (at once): due by the end of the trigger's day; the length is 0.
    IMMEDIATELY = "immediately"


class Status(CodeEnum):
    """Where a deadline stands at the reference moment."""

    MET = "met"
    MET_LATE = "met_late"
    OPEN = "open"
    OVERDUE = "overdue"
    NOT_APPLICABLE = "not_applicable"


class Condition(CodeEnum):
    """A condition a deadline row applies under; every condition of a row must hold."""

    IMMEDIATE_ACCEPTANCE = "immediate_acceptance"
    ORDINARY_PROOF_PERIOD = "ordinary_proof_period"
    EXTREME_DIFFICULTY_OR_FORCE_MAJEURE = "extreme_difficulty_or_force_majeure"
    FORM_LITIGATION = "form_litigation"
    FORM_REPRESENTATION = "form_representation"
    FORM_ADVICE = "form_advice"
    NO_DETAINED_BENEFICIARY = "no_detained_beneficiary"
    DETAINED_BENEFICIARY = "detained_beneficiary"
    DEFENCE_REGISTRATION = "defence_registration"
    PROTECTOR_REGISTRATION = "protector_registration"
    COMPLAINT_TO_HEAD = "complaint_to_head"
    COMPLAINT_TO_DOJ = "complaint_to_doj"
    PROCEDURE_BODY_NOTICE = "procedure_body_notice"
    NO_PROCEDURE_BODY_NOTICE = "no_procedure_body_notice"


describe(TimeUnit, {
    "WORKING_DAYS": ("ngày làm việc", "working days", ""),
    "CALENDAR_DAYS": ("ngày", "calendar days", ""),
    "HOURS": ("giờ", "hours", ""),
    "IMMEDIATELY": ("ngay (trong ngày)", "at once (by the end of the day)", "TTLT10 Art 3 cl. 4"),
})
describe(Status, {
    "MET": ("Đúng hạn", "Met", ""),
    "MET_LATE": ("Quá hạn (đã thực hiện)", "Met late", ""),
    "OPEN": ("Đang trong hạn", "Open", ""),
    "OVERDUE": ("Quá hạn", "Overdue", ""),
    "NOT_APPLICABLE": ("Không áp dụng", "Not applicable", ""),
})
describe(Condition, {
    "IMMEDIATE_ACCEPTANCE": ("thụ lý ngay", "immediate acceptance", "Law Art 30 cl. 4; TT12 Art 6"),
    "ORDINARY_PROOF_PERIOD": (
        "không cư trú ở vùng đặc biệt khó khăn, không có sự kiện bất khả kháng",
        "no beneficiary in an extreme-difficulty area, no force majeure", "TT12 Art 6 cl. 1 (5 working days)"),
    "EXTREME_DIFFICULTY_OR_FORCE_MAJEURE": (
        "người được TGPL cư trú ở vùng đặc biệt khó khăn hoặc có sự kiện bất khả kháng",
        "a beneficiary lives in an extreme-difficulty area, or force majeure", "TT12 Art 6 cl. 1 (10 working days)"),
    "FORM_LITIGATION": ("tham gia tố tụng", "litigation", "Law Art 27 cl. 2; Art 31"),
    "FORM_REPRESENTATION": ("đại diện ngoài tố tụng", "representation", "Law Art 27 cl. 2; Art 33"),
    "FORM_ADVICE": ("tư vấn pháp luật", "legal advice", "Law Art 27 cl. 2; Art 32"),
    "NO_DETAINED_BENEFICIARY": (
        "không có người được TGPL bị bắt, bị tạm giữ",
        "no beneficiary arrested or in temporary custody", "Law Art 31 cl. 2"),
    "DETAINED_BENEFICIARY": (
        "người được TGPL bị bắt, bị tạm giữ",
        "a beneficiary is arrested or in temporary custody", "Law Art 31 cl. 2 (12 hours)"),
    "DEFENCE_REGISTRATION": (
        "từ chối hoặc hủy bỏ đăng ký bào chữa",
        "defence registration refused or cancelled", "TTLT10 Art 6 (24 hours)"),
    "PROTECTOR_REGISTRATION": (
        "từ chối đăng ký người bảo vệ quyền và lợi ích hợp pháp",
        "protector registration refused", "TTLT10 Art 6 (2 working days)"),
    "COMPLAINT_TO_HEAD": ("khiếu nại lần đầu", "complaint to the head of the organisation", "Law Art 45 cl. 2"),
    "COMPLAINT_TO_DOJ": ("khiếu nại lên Giám đốc Sở Tư pháp", "complaint to the DOJ director", "Law Art 45 cl. 3"),
    "PROCEDURE_BODY_NOTICE": (
        "thụ lý theo thông báo của cơ quan tiến hành tố tụng",
        "accepted on a procedure-conducting body's notice", "Law Art 31 cl. 3; TT12 Art 6 cl. 1 pt c; TTLT10 Art 3 cl. 4"),
    "NO_PROCEDURE_BODY_NOTICE": (
        "không phải thụ lý theo thông báo của cơ quan tiến hành tố tụng",
        "not accepted on a procedure-conducting body's notice", "Law Art 31 cl. 2"),
})


@frozen
class DeadlineRule:
    """One statutory time limit, as a dated data row.

    ``trigger`` and ``satisfied_by`` are event kinds (``Event.kind``); ``cancelled_by``
    kinds end the duty when they come before the due moment without meeting it;
    ``restarted_by`` kinds restart the period (advice runs from the receipt of missing
    papers); ``extended_by`` kinds carry a new total length (``total_days``), capped at
    ``max_length``. ``effective_to`` is inclusive, ``None`` while in force.
    """

    id: str
    name_vi: str
    name_en: str
    trigger: str
    unit: TimeUnit
    length: int
    satisfied_by: tuple[str, ...]
    citation: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    conditions: tuple[Condition, ...] = ()
    cancelled_by: tuple[str, ...] = ("ended",)
    restarted_by: tuple[str, ...] = ()
    extended_by: tuple[str, ...] = ()
    max_length: int | None = None
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if self.unit is TimeUnit.IMMEDIATELY:
            if self.length != 0:
                raise ValueError(f"deadline rule {self.id!r}: an immediate limit has length 0")
        elif self.length <= 0:
            raise ValueError(f"deadline rule {self.id!r}: length must be positive")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(f"deadline rule {self.id!r}: effective_to before effective_from")
        if self.extended_by and self.max_length is None:
            raise ValueError(f"deadline rule {self.id!r}: extended_by needs max_length")

    def in_force(self, on: dt.date) -> bool:
        """Whether this row applies to a trigger on ``on``."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    @property
    def period_vi(self) -> str:
        """The length in words, e.g. ``03 ngày làm việc``."""
        if self.unit is TimeUnit.IMMEDIATELY:
            return self.unit.label_vi
        return f"{self.length:02d} {self.unit.label_vi}"


_LAW = dt.date(2018, 1, 1)  # Law 11/2017/QH14 and TT08/2017 in force
_TTLT10 = dt.date(2018, 9, 1)
_TT12 = dt.date(2018, 10, 12)

#: Every computed time limit. Order is the order of the procedure.
DEADLINE_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        id="proof_after_immediate_acceptance",
        name_vi="Bổ sung giấy tờ chứng minh là người được TGPL sau khi thụ lý ngay",
        name_en="Proof of eligibility after an immediate acceptance",
        trigger="accepted",
        conditions=(Condition.IMMEDIATE_ACCEPTANCE, Condition.ORDINARY_PROOF_PERIOD),
        unit=TimeUnit.WORKING_DAYS,
        length=5,
        satisfied_by=("proof_supplied",),
        citation="Luật TGPL 2017 Điều 30 khoản 4; Thông tư 12/2018/TT-BTP Điều 6",
        effective_from=_TT12,
        note="Không bổ sung thì không tiếp tục thực hiện (TT12 Điều 6 khoản 2 điểm b).",
    ),
    DeadlineRule(
        id="proof_after_immediate_acceptance_extended",
        name_vi="Bổ sung giấy tờ chứng minh sau khi thụ lý ngay (vùng đặc biệt khó khăn, bất khả kháng)",
        name_en="Proof after an immediate acceptance (extreme-difficulty area or force majeure)",
        trigger="accepted",
        conditions=(Condition.IMMEDIATE_ACCEPTANCE, Condition.EXTREME_DIFFICULTY_OR_FORCE_MAJEURE),
        unit=TimeUnit.WORKING_DAYS,
        length=10,
        satisfied_by=("proof_supplied",),
        citation="Luật TGPL 2017 Điều 30 khoản 4; Thông tư 12/2018/TT-BTP Điều 6",
        effective_from=_TT12,
    ),
    DeadlineRule(
        id="assign_litigation",
        name_vi="Cử người tham gia tố tụng",
        name_en="Assignment of a provider for litigation",
        trigger="accepted",
        conditions=(Condition.FORM_LITIGATION, Condition.NO_DETAINED_BENEFICIARY, Condition.NO_PROCEDURE_BODY_NOTICE),
        unit=TimeUnit.WORKING_DAYS,
        length=3,
        satisfied_by=("provider_assigned",),
        citation="Luật TGPL 2017 Điều 31 khoản 2; Thông tư 08/2017/TT-BTP Điều 34",
        effective_from=_LAW,
    ),
    DeadlineRule(
        id="assign_litigation_detained",
        name_vi="Cử người tham gia tố tụng cho người bị bắt, người bị tạm giữ",
        name_en="Assignment for an arrested person or a person in temporary custody",
        trigger="accepted",
        conditions=(Condition.FORM_LITIGATION, Condition.DETAINED_BENEFICIARY, Condition.NO_PROCEDURE_BODY_NOTICE),
        unit=TimeUnit.HOURS,
        length=12,
        satisfied_by=("provider_assigned",),
        citation="Luật TGPL 2017 Điều 31 khoản 2, 4; Thông tư 08/2017/TT-BTP Điều 34",
        effective_from=_LAW,
    ),
    DeadlineRule(
        id="assign_after_notice",
        name_vi="Cử ngay người tham gia tố tụng khi thụ lý theo thông báo của cơ quan tiến hành tố tụng",
        name_en="Immediate assignment after a procedure-conducting body's notice",
        trigger="accepted",
        conditions=(Condition.FORM_LITIGATION, Condition.PROCEDURE_BODY_NOTICE),
        unit=TimeUnit.IMMEDIATELY,
        length=0,
        satisfied_by=("provider_assigned",),
        citation=(
            "Luật TGPL 2017 Điều 31 khoản 3; Thông tư 12/2018/TT-BTP Điều 6 khoản 1 điểm c; "
            "Thông tư liên tịch 10/2018/TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC Điều 3 khoản 4 (cử ngay)"
        ),
        effective_from=_LAW,
        note="“Ngay” đọc là trong ngày thụ lý (hết 24 giờ ngày đó, Bộ luật Dân sự 2015 Điều 148 khoản 6).",
    ),
    DeadlineRule(
        id="assign_representation",
        name_vi="Cử người đại diện ngoài tố tụng",
        name_en="Assignment of a provider for out-of-court representation",
        trigger="accepted",
        conditions=(Condition.FORM_REPRESENTATION,),
        unit=TimeUnit.WORKING_DAYS,
        length=3,
        satisfied_by=("provider_assigned",),
        citation="Luật TGPL 2017 Điều 33 khoản 2; Thông tư 12/2018/TT-BTP Điều 13 (Mẫu 06)",
        effective_from=_LAW,
    ),
    DeadlineRule(
        id="advice_answer",
        name_vi="Trả lời tư vấn pháp luật bằng văn bản",
        name_en="Written legal advice",
        trigger="accepted",
        conditions=(Condition.FORM_ADVICE,),
        unit=TimeUnit.CALENDAR_DAYS,
        length=10,
        satisfied_by=("advice_given",),
        restarted_by=("proof_supplied",),
        extended_by=("advice_deadline_extended",),
        max_length=30,
        citation="Luật TGPL 2017 Điều 32 khoản 2",
        effective_from=_LAW,
        note="Tính từ ngày thụ lý hoặc ngày nhận đủ giấy tờ còn thiếu; vụ việc phức tạp được kéo dài đến 30 ngày.",
    ),
    DeadlineRule(
        id="answer_change_request",
        name_vi="Trả lời yêu cầu thay đổi người thực hiện TGPL",
        name_en="Answer to a request to change the provider",
        trigger="provider_change_requested",
        unit=TimeUnit.WORKING_DAYS,
        length=3,
        satisfied_by=("provider_changed", "provider_change_declined"),
        citation="Thông tư 12/2018/TT-BTP Điều 9 khoản 1",
        effective_from=_TT12,
        note="Trả lời bằng việc thay người (provider_changed) hoặc văn bản từ chối có nêu lý do (provider_change_declined).",
    ),
    DeadlineRule(
        id="replace_after_defence_refused",
        name_vi="Cử người khác thay thế khi bị từ chối hoặc hủy bỏ đăng ký bào chữa",
        name_en="Replacement after a defence registration is refused or cancelled",
        trigger="registration_refused",
        conditions=(Condition.DEFENCE_REGISTRATION,),
        unit=TimeUnit.HOURS,
        length=24,
        satisfied_by=("provider_changed",),
        citation="Thông tư liên tịch 10/2018/TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC Điều 6",
        effective_from=_TTLT10,
    ),
    DeadlineRule(
        id="replace_after_protector_refused",
        name_vi="Cử người khác thay thế khi bị từ chối đăng ký người bảo vệ quyền và lợi ích hợp pháp",
        name_en="Replacement after a protector registration is refused",
        trigger="registration_refused",
        conditions=(Condition.PROTECTOR_REGISTRATION,),
        unit=TimeUnit.WORKING_DAYS,
        length=2,
        satisfied_by=("provider_changed",),
        citation="Thông tư liên tịch 10/2018/TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC Điều 6",
        effective_from=_TTLT10,
    ),
    DeadlineRule(
        id="file_handover",
        name_vi="Bàn giao hồ sơ vụ việc cho tổ chức thực hiện TGPL",
        name_en="Hand-over of the case file to the organisation",
        trigger="ended",
        unit=TimeUnit.CALENDAR_DAYS,
        length=30,
        satisfied_by=("file_handed_over",),
        cancelled_by=(),
        citation="Luật TGPL 2017 Điều 39",
        effective_from=_LAW,
    ),
    DeadlineRule(
        id="complaint_head",
        name_vi="Giải quyết khiếu nại của người đứng đầu tổ chức thực hiện TGPL",
        name_en="Decision on a complaint by the head of the organisation",
        trigger="complaint_lodged",
        conditions=(Condition.COMPLAINT_TO_HEAD,),
        unit=TimeUnit.WORKING_DAYS,
        length=3,
        satisfied_by=("complaint_decided",),
        cancelled_by=(),
        citation="Luật TGPL 2017 Điều 45 khoản 2",
        effective_from=_LAW,
    ),
    DeadlineRule(
        id="complaint_doj",
        name_vi="Giải quyết khiếu nại của Giám đốc Sở Tư pháp",
        name_en="Decision on a complaint by the director of the DOJ",
        trigger="complaint_lodged",
        conditions=(Condition.COMPLAINT_TO_DOJ,),
        unit=TimeUnit.CALENDAR_DAYS,
        length=15,
        satisfied_by=("complaint_decided",),
        cancelled_by=(),
        citation="Luật TGPL 2017 Điều 45 khoản 3",
        effective_from=_LAW,
    ),
)


@frozen
class Deadline:
    """One time limit of one case, evaluated at a reference moment.

    ``trigger`` is the moment the period starts from (after any restart), ``due`` the
    last moment it can be met (aware, Asia/Ho_Chi_Minh), ``length`` the length actually
    applied (after any extension). ``satisfied_at``/``satisfied_index`` point at the
    meeting event. ``assumptions`` list what had to be assumed because the file leaves a
    fact unknown.
    """

    rule: DeadlineRule
    case_id: str
    trigger_index: int
    trigger: dt.datetime
    length: int
    due: dt.datetime
    status: Status
    satisfied_at: dt.datetime | None = None
    satisfied_index: int | None = None
    assumptions: tuple[str, ...] = ()

    @property
    def basis(self) -> str:
        """The legal basis of the time limit (the rule's citation)."""
        return self.rule.citation

    @property
    def path(self) -> str:
        """The JSON path of the triggering event, e.g. ``$.events[1]``."""
        return f"$.events[{self.trigger_index}]"


# -- evaluation --------------------------------------------------------------------------


@frozen
class _Ctx:
    case: Case
    event: Event
    force_majeure: bool


def _extreme(ctx: _Ctx) -> bool:
    return ctx.force_majeure or any(b.extreme_difficulty_area is Tri.YES for b in ctx.case.beneficiaries)


def _detained(ctx: _Ctx) -> bool:
    return any(b.role.is_detained for b in ctx.case.beneficiaries)


def _immediate(ctx: _Ctx) -> bool:
    return isinstance(ctx.event, Accepted) and ctx.event.immediate


def _notice(ctx: _Ctx) -> bool:
    """Accepted on a procedure body's notice (Law Art 31 cl. 3): the request came as a
    notice, or the immediate acceptance names that ground (TT12 Art 6 cl. 1 pt c)."""
    if ctx.case.source is RequestSource.PROCEDURE_BODY_NOTICE:
        return True
    ev = ctx.event
    return isinstance(ev, Accepted) and ev.immediate_reason is ImmediateReason.COURT_APPOINTED_OR_NOTICE


def _registration(*kinds: RegistrationRefusal) -> Callable[[_Ctx], bool]:
    def check(ctx: _Ctx) -> bool:
        return isinstance(ctx.event, RegistrationRefused) and ctx.event.refusal in kinds

    return check


def _complaint_level(level: ComplaintLevel) -> Callable[[_Ctx], bool]:
    def check(ctx: _Ctx) -> bool:
        return isinstance(ctx.event, ComplaintLodged) and ctx.event.level is level

    return check


_CHECKS: Mapping[Condition, Callable[[_Ctx], bool]] = MappingProxyType({
    Condition.IMMEDIATE_ACCEPTANCE: _immediate,
    Condition.ORDINARY_PROOF_PERIOD: lambda c: not _extreme(c),
    Condition.EXTREME_DIFFICULTY_OR_FORCE_MAJEURE: _extreme,
    Condition.FORM_LITIGATION: lambda c: c.case.form is Form.LITIGATION,
    Condition.FORM_REPRESENTATION: lambda c: c.case.form is Form.REPRESENTATION,
    Condition.FORM_ADVICE: lambda c: c.case.form is Form.ADVICE,
    Condition.NO_DETAINED_BENEFICIARY: lambda c: not _detained(c),
    Condition.DETAINED_BENEFICIARY: _detained,
    Condition.DEFENCE_REGISTRATION: _registration(
        RegistrationRefusal.DEFENCE_REFUSED, RegistrationRefusal.DEFENCE_CANCELLED
    ),
    Condition.PROTECTOR_REGISTRATION: _registration(RegistrationRefusal.PROTECTOR_REFUSED),
    Condition.COMPLAINT_TO_HEAD: _complaint_level(ComplaintLevel.ORGANISATION_HEAD),
    Condition.COMPLAINT_TO_DOJ: _complaint_level(ComplaintLevel.DOJ_DIRECTOR),
    Condition.PROCEDURE_BODY_NOTICE: _notice,
    Condition.NO_PROCEDURE_BODY_NOTICE: lambda c: not _notice(c),
})

if set(_CHECKS) != set(Condition):  # pragma: no cover - import-time self-check
    raise TypeError("every Condition needs a check")


def _assumptions(rule: DeadlineRule, ctx: _Ctx) -> tuple[str, ...]:
    out: list[str] = []
    if (
        Condition.ORDINARY_PROOF_PERIOD in rule.conditions
        and any(b.extreme_difficulty_area is Tri.UNKNOWN for b in ctx.case.beneficiaries)
    ):
        out.append(
            "extreme_difficulty_area is unknown for a beneficiary: the 5-working-day period is "
            "used (10 working days if the person lives in an extreme-difficulty area)"
        )
    if Condition.NO_DETAINED_BENEFICIARY in rule.conditions and any(
        b.role is PersonRole.UNKNOWN for b in ctx.case.beneficiaries
    ):
        out.append(
            "a beneficiary's procedural role is unknown: treated as not arrested or in custody "
            "(12 hours would apply, Law Art 31)"
        )
    return tuple(out)


@frozen
class _Index:
    by_trigger: Mapping[str, tuple[tuple[DeadlineRule, ...], ...]]


def _index(rules: Sequence[DeadlineRule]) -> _Index:
    by_id: dict[str, list[DeadlineRule]] = {}
    for r in rules:
        by_id.setdefault(r.id, []).append(r)
    by_trigger: dict[str, list[tuple[DeadlineRule, ...]]] = {}
    for versions in by_id.values():
        by_trigger.setdefault(versions[0].trigger, []).append(tuple(versions))
        if any(v.trigger != versions[0].trigger for v in versions):
            raise ValueError(f"deadline rule {versions[0].id!r}: versions with different triggers")
    return _Index({k: tuple(v) for k, v in by_trigger.items()})


_DEFAULT_INDEX = _index(DEADLINE_RULES)


def _vn_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(VN_TZ).date()


def _as_moment(as_of: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(as_of, dt.datetime):
        if as_of.utcoffset() is None:
            raise TypeError("as_of must be a timezone-aware datetime or a date")
        return as_of
    return end_of_day(as_of)


def _due(rule_unit: TimeUnit, trigger: dt.datetime, length: int, cal: WorkingCalendar) -> dt.datetime:
    if rule_unit is TimeUnit.HOURS:
        return cal.add_hours(trigger, length)
    day = _vn_date(trigger)
    if rule_unit is TimeUnit.IMMEDIATELY:
        return end_of_day(day)
    if rule_unit is TimeUnit.WORKING_DAYS:
        return end_of_day(cal.add_working_days(day, length))
    return end_of_day(cal.add_days(day, length))


def _matches(trigger: Event, candidate: Event) -> bool:
    # A complaint is decided at the level it was lodged at (Law Art 45 cl. 2–3).
    t_level = getattr(trigger, "level", None)
    c_level = getattr(candidate, "level", None)
    return t_level is None or c_level is None or t_level == c_level


def deadlines(
    case: Case,
    *,
    as_of: dt.datetime | dt.date | None = None,
    calendar: WorkingCalendar | None = None,
    force_majeure: bool = False,
    strict: bool = True,
    rules: Sequence[DeadlineRule] | None = None,
) -> list[Deadline]:
    """Every time limit the case's events have started, with its status at ``as_of``.

    ``as_of`` (an aware datetime, or a date meaning the end of that day in Vietnam) is the
    reference moment: later events are ignored. ``None`` means the moment of the case's
    last event — deterministic, no clock. ``calendar`` defaults to
    :func:`tgpl.rules.calendar.default_calendar`. ``force_majeure`` selects the 10-working-day
    proof period (TT12 Art 6), a fact the case record does not carry. ``strict`` (default)
    raises :class:`~tgpl.errors.RuleNotInForceError` when a trigger falls on a date no
    version of an applicable rule covers; with ``strict=False`` that deadline is returned
    as NOT_APPLICABLE with an explanation in ``assumptions``. ``rules`` replaces
    :data:`DEADLINE_RULES` (e.g. a province's additional rows).
    """
    cal = calendar if calendar is not None else default_calendar()
    index = _DEFAULT_INDEX if rules is None else _index(rules)
    events = case.events
    if as_of is None:
        if not events:
            return []
        horizon = max(e.on for e in events)
    else:
        horizon = _as_moment(as_of)
    # Events after the reference moment are not yet known: they are skipped below.
    limit = len(events)
    out: list[Deadline] = []
    for ti in range(limit):
        ev = events[ti]
        if ev.on > horizon:
            continue
        groups = index.by_trigger.get(ev.kind)
        if not groups:
            continue
        ctx = _Ctx(case, ev, force_majeure)
        on_day = _vn_date(ev.on)
        for versions in groups:
            if len(versions) == 1:
                rule = versions[0] if versions[0].in_force(on_day) else None
            else:
                rule = select_optional(versions, on_day)
            if rule is None:
                probe = versions[0]
                if not all(_CHECKS[c](ctx) for c in probe.conditions):
                    continue
                if strict:
                    raise RuleNotInForceError(
                        f"case {case.id!r}, $.events[{ti}]: no version of deadline rule {probe.id!r} "
                        f"is in force on {on_day.isoformat()} (covered from "
                        f"{min(v.effective_from for v in versions).isoformat()})"
                    )
                out.append(Deadline(
                    rule=probe, case_id=case.id, trigger_index=ti, trigger=ev.on, length=probe.length,
                    due=ev.on, status=Status.NOT_APPLICABLE,
                    assumptions=(f"no version of this rule is in force on {on_day.isoformat()}",),
                ))
                continue
            if not all(_CHECKS[c](ctx) for c in rule.conditions):
                continue
            out.append(_evaluate(rule, case, ti, limit, horizon, cal, _assumptions(rule, ctx)))
    return out


def _evaluate(
    rule: DeadlineRule,
    case: Case,
    ti: int,
    limit: int,
    horizon: dt.datetime,
    cal: WorkingCalendar,
    assumptions: tuple[str, ...],
) -> Deadline:
    events = case.events
    trigger_ev = events[ti]
    start = trigger_ev.on
    length = rule.length
    sat_i: int | None = None
    cancel_i: int | None = None
    for j in range(ti + 1, limit):
        e = events[j]
        if e.on > horizon:
            continue
        k = e.kind
        if k in rule.satisfied_by and _matches(trigger_ev, e):
            sat_i = j
            break
        if k in rule.cancelled_by:
            cancel_i = j
            break
        if k in rule.restarted_by and e.on > start:
            start = e.on
        if isinstance(e, AdviceDeadlineExtended) and k in rule.extended_by:
            cap = rule.max_length if rule.max_length is not None else e.total_days
            length = max(length, min(e.total_days, cap))
    due = _due(rule.unit, start, length, cal)
    if rule.unit in (TimeUnit.WORKING_DAYS, TimeUnit.CALENDAR_DAYS):
        unknown = cal.unannounced_years(_vn_date(start), _vn_date(due))
        if unknown:
            years = ", ".join(str(y) for y in unknown)
            assumptions = (*assumptions, (
                f"the calendar data has no announced swaps for {years}: the due date uses the statutory "
                "holidays only and may move if a swap was announced (add it to the calendar overrides)"
            ))
    if sat_i is not None:
        sat_on = events[sat_i].on
        status = Status.MET if sat_on <= due else Status.MET_LATE
        return Deadline(
            rule=rule, case_id=case.id, trigger_index=ti, trigger=start, length=length, due=due,
            status=status, satisfied_at=sat_on, satisfied_index=sat_i, assumptions=assumptions,
        )
    if cancel_i is not None and events[cancel_i].on <= due:
        status = Status.NOT_APPLICABLE
    elif horizon > due:
        status = Status.OVERDUE
    else:
        status = Status.OPEN
    return Deadline(
        rule=rule, case_id=case.id, trigger_index=ti, trigger=start, length=length, due=due,
        status=status, assumptions=assumptions,
    )


def overdue(
    case: Case,
    as_of: dt.datetime | dt.date,
    *,
    calendar: WorkingCalendar | None = None,
    force_majeure: bool = False,
    strict: bool = True,
) -> list[Deadline]:
    """The case's deadlines that are unmet and past due at ``as_of`` (status OVERDUE)."""
    return [
        d
        for d in deadlines(case, as_of=as_of, calendar=calendar, force_majeure=force_majeure, strict=strict)
        if d.status is Status.OVERDUE
    ]


def deadline_table(rules: Iterable[DeadlineRule] = DEADLINE_RULES) -> str:
    """The deadline rows as a Markdown table (the table in ``docs/deadlines.md`` is this output)."""
    lines = [
        "| id | Thời hạn (vi) | Time limit (en) | Trigger | Conditions | Length | Met by | Basis | In force |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rules:
        conds = "; ".join(c.label_en for c in r.conditions) or "—"
        length = r.unit.label_en if r.unit is TimeUnit.IMMEDIATELY else f"{r.length} {r.unit.label_en}"
        if r.max_length is not None:
            length += f" (up to {r.max_length} by `{'`, `'.join(r.extended_by)}`)"
        period = (
            f"{r.effective_from.isoformat()} – {r.effective_to.isoformat()}"
            if r.effective_to is not None
            else f"from {r.effective_from.isoformat()}"
        )
        lines.append(
            f"| `{r.id}` | {r.name_vi} | {r.name_en} | `{r.trigger}` | {conds} | {length} | "
            f"`{'`, `'.join(r.satisfied_by)}` | {r.citation} | {period} |"
        )
    return "\n".join(lines) + "\n"
