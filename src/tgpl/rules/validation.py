"""Case validation (kiểm tra hồ sơ vụ việc): every problem in a case, with its legal basis.

:func:`validate_case` runs every :class:`ValidationRule` of a :class:`ValidationRegistry`
over one case and returns **all** problems (docs/architecture.md principle 8): each has a
stable ``code``, a message in Vietnamese and in English, the JSON path of the field at
fault (``$.events[3].on``), a severity (``error``: the record contradicts the law or
itself; ``warning``: suspicious or incomplete) and the basis. :func:`validate_cases`
validates a batch, groups problems by case id and reports duplicate file codes.

Province plugins add rules through a registry: a hook receives ``registry.register`` and
calls it with :class:`ValidationRule` values; the built-in rules (:data:`BUILTIN_RULES`)
are registered in every registry :func:`default_registry` builds. Facts the file leaves
unknown (a person's procedural role) lower an error to a warning rather than being
guessed (principle 3). No message carries a beneficiary's name or ID number.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType

from attrs import field, frozen

from tgpl.domain import (
    VN_TZ,
    Accepted,
    AdviceDeadlineExtended,
    AdviceGiven,
    AppraisalRecorded,
    Case,
    Ended,
    EvaluationRecorded,
    Event,
    Form,
    Group,
    PersonRole,
    ProcedureRole,
    ProviderAssigned,
    ProviderChanged,
    RequestReceived,
    SuccessAssessed,
)
from tgpl.errors import DuplicateRecordError, PluginError
from tgpl.rules._dated import select_optional

__all__ = [
    "BUILTIN_RULES",
    "CLAUSE5_ROLES",
    "DUPLICATE_CODE",
    "RULES_LAYER_CHECKS",
    "Finding",
    "Problem",
    "RoleList",
    "Severity",
    "ValidationContext",
    "ValidationRegistry",
    "ValidationRule",
    "default_registry",
    "validate_activity",
    "validate_case",
    "validate_cases",
]


class Severity(enum.StrEnum):
    """How serious a problem is."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label_vi(self) -> str:
        return "Lỗi" if self is Severity.ERROR else "Cảnh báo"


@frozen
class ValidationContext:
    """What a check may know besides the case: the reference date (``as_of``), if any."""

    as_of: dt.date | None = None


@frozen
class Finding:
    """What a check reports: where, and what in both languages.

    ``severity`` overrides the rule's default (e.g. an unknown fact lowers an error to a
    warning).
    """

    path: str
    message_vi: str
    message_en: str
    severity: Severity | None = None


@frozen
class Problem:
    """One problem of one case (or of a batch): code, severity, where, what, why."""

    code: str
    severity: Severity
    path: str
    message_vi: str
    message_en: str
    basis: str
    case_id: str | None = None
    index: int | None = None

    def __str__(self) -> str:
        where = f"case {self.case_id!r}, " if self.case_id is not None else ""
        return f"{where}field {self.path}: [{self.code}] {self.message_en} ({self.basis})"


Check = Callable[[Case, ValidationContext], Iterable[Finding]]


@frozen
class ValidationRule:
    """A named check with its legal basis.

    ``check(case, context)`` yields :class:`Finding` values; ``origin`` names who supplies
    the rule (``"tgpl"`` or the plugin), so a failing check is blamed on its author.
    """

    code: str
    description: str
    basis: str
    check: Check = field(eq=False)
    severity: Severity = Severity.ERROR
    description_vi: str = ""
    origin: str = "tgpl"

    def __attrs_post_init__(self) -> None:
        if not self.code or not self.code.replace("_", "").isalnum() or self.code.upper() != self.code:
            raise ValueError(f"a validation rule code is UPPER_SNAKE_CASE, got {self.code!r}")
        if not self.basis:
            raise ValueError(f"validation rule {self.code!r} needs its basis")


class ValidationRegistry:
    """An ordered set of validation rules, keyed by code; plugins call :meth:`register`."""

    __slots__ = ("_rules",)

    def __init__(self, rules: Iterable[ValidationRule] = ()) -> None:
        self._rules: dict[str, ValidationRule] = {}
        for r in rules:
            self.register(r)

    def register(self, rule: ValidationRule) -> None:
        """Add ``rule``; a second rule with the same code is a :class:`~tgpl.errors.DuplicateRecordError`."""
        if not isinstance(rule, ValidationRule):
            raise TypeError(f"expected a ValidationRule, got {type(rule).__name__}")
        if rule.code in self._rules:
            raise DuplicateRecordError(
                f"validation rule {rule.code!r} is already registered (by {self._rules[rule.code].origin!r})",
                record_id=rule.code,
                path="$.code",
            )
        self._rules[rule.code] = rule

    def unregister(self, code: str) -> ValidationRule:
        """Remove and return the rule with ``code`` (e.g. a province that replaces a check)."""
        return self._rules.pop(code)

    @property
    def rules(self) -> tuple[ValidationRule, ...]:
        return tuple(self._rules.values())

    def __contains__(self, code: object) -> bool:
        return code in self._rules

    def __getitem__(self, code: str) -> ValidationRule:
        return self._rules[code]

    def __iter__(self) -> Iterator[ValidationRule]:
        return iter(tuple(self._rules.values()))

    def __len__(self) -> int:
        return len(self._rules)

    def copy(self) -> ValidationRegistry:
        return ValidationRegistry(self._rules.values())


# -- helpers ------------------------------------------------------------------------------


def _day(e: Event) -> dt.date:
    return e.on.astimezone(VN_TZ).date()


def _request_date(case: Case) -> dt.date | None:
    """The day the request was received; the acceptance day when no request is recorded."""
    for cls in (RequestReceived, Accepted):
        for e in case.events:
            if isinstance(e, cls):
                return _day(e)
    return None


def _ended_before(case: Case, i: int) -> bool:
    return any(isinstance(e, Ended) for e in case.events[:i])


# -- built-in checks -----------------------------------------------------------------------


def _check_provider_form(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    for i, e in enumerate(case.events):
        if isinstance(e, ProviderAssigned | ProviderChanged) and case.form not in e.provider_kind.allowed_forms:
            yield Finding(
                f"$.events[{i}].provider_kind",
                f"{e.provider_kind.label_vi} không được thực hiện hình thức {case.form.label_vi.lower()}",
                f"a {e.provider_kind.label_en.lower()} may not perform {case.form.label_en.lower()}",
            )


def _check_cl6(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    for i, b in enumerate(case.beneficiaries):
        if Group.ACCUSED_NEAR_POOR not in b.groups or b.role.is_accused:
            continue
        unknown = b.role is PersonRole.UNKNOWN
        yield Finding(
            f"$.beneficiaries[{i}].role",
            "Diện khoản 6 Điều 7 (người bị buộc tội thuộc hộ cận nghèo) nhưng "
            + ("chưa rõ tư cách tố tụng" if unknown else f"tư cách tố tụng là “{b.role.label_vi}”, không phải người bị buộc tội"),
            "Art 7 cl. 6 group (accused person from a near-poor household) but the person's role is "
            + ("unknown" if unknown else f"{b.role.label_en.lower()}, not an accused person"),
            Severity.WARNING if unknown else None,
        )


@frozen
class RoleList:
    """The procedural roles clause 5 of Law Art 7 lists, as a dated row."""

    id: str
    roles: frozenset[PersonRole]
    effective_from: dt.date
    effective_to: dt.date | None
    citation: str


_ACCUSED = frozenset(r for r in PersonRole if r.is_accused)

#: Roles that make a person aged 16 to under 18 eligible under Law Art 7 cl. 5.
CLAUSE5_ROLES: tuple[RoleList, ...] = (
    RoleList(
        "cl5_2017", _ACCUSED, dt.date(2018, 1, 1), dt.date(2025, 12, 31),
        "Luật TGPL 2017 Điều 7 khoản 5 (người bị buộc tội từ đủ 16 đến dưới 18 tuổi)",
    ),
    RoleList(
        "cl5_2026",
        _ACCUSED | {
            PersonRole.REPORTED, PersonRole.RECOMMENDED_FOR_PROSECUTION, PersonRole.EMERGENCY_HELD,
            PersonRole.VICTIM, PersonRole.WITNESS, PersonRole.DIVERSION, PersonRole.PRISONER,
        },
        dt.date(2026, 1, 1), None,
        "Luật TGPL 2017 Điều 7 khoản 5, sửa đổi bởi Luật Tư pháp người chưa thành niên 59/2024/QH15 Điều 177 khoản 6",
    ),
)


def _check_cl5(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    on = _request_date(case)
    for i, b in enumerate(case.beneficiaries):
        if Group.JUVENILE_16_18 not in b.groups:
            continue
        path = f"$.beneficiaries[{i}].role"
        if on is None:
            continue
        listed = select_optional(CLAUSE5_ROLES, on)
        if listed is None:
            yield Finding(
                path,
                f"Không có quy định khoản 5 Điều 7 nào có hiệu lực ngày {on:%d/%m/%Y}",
                f"no version of Art 7 cl. 5 is in force on {on.isoformat()}",
                Severity.WARNING,
            )
            continue
        if b.role in listed.roles:
            continue
        unknown = b.role is PersonRole.UNKNOWN
        yield Finding(
            path,
            "Diện khoản 5 Điều 7 (từ đủ 16 đến dưới 18 tuổi) nhưng "
            + ("chưa rõ tư cách tố tụng" if unknown else f"tư cách “{b.role.label_vi}” không thuộc các tư cách được liệt kê ({listed.citation})"),
            "Art 7 cl. 5 group (aged 16 to under 18) but the person's role is "
            + ("unknown" if unknown else f"{b.role.label_en.lower()}, which the clause in force on {on.isoformat()} does not list"),
            Severity.WARNING if unknown else None,
        )


def _check_accepted_before_request(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    request = next((e for e in case.events if isinstance(e, RequestReceived)), None)
    if request is None:
        return
    for i, e in enumerate(case.events):
        if isinstance(e, Accepted) and e.on < request.on:
            yield Finding(
                f"$.events[{i}].on",
                f"Thụ lý ({e.on:%d/%m/%Y %H:%M}) trước khi tiếp nhận yêu cầu ({request.on:%d/%m/%Y %H:%M})",
                f"accepted ({e.on.isoformat()}) before the request was received ({request.on.isoformat()})",
            )


def _check_order(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    for i in range(1, len(case.events)):
        prev, e = case.events[i - 1], case.events[i]
        if e.on < prev.on:
            yield Finding(
                f"$.events[{i}].on",
                f"Sự kiện “{e.kind}” ({e.on:%d/%m/%Y %H:%M}) ghi sau nhưng xảy ra trước sự kiện liền trước ({prev.on:%d/%m/%Y %H:%M})",
                f"event {e.kind!r} at {e.on.isoformat()} is listed after an event at {prev.on.isoformat()}",
            )


def _check_as_of(case: Case, ctx: ValidationContext) -> Iterator[Finding]:
    as_of = ctx.as_of
    if as_of is None:
        return
    for i, e in enumerate(case.events):
        if _day(e) > as_of:
            yield Finding(
                f"$.events[{i}].on",
                f"Ngày {_day(e):%d/%m/%Y} sau ngày đối chiếu {as_of:%d/%m/%Y}",
                f"date {_day(e).isoformat()} is after the reference date {as_of.isoformat()}",
            )
    for i, b in enumerate(case.beneficiaries):
        if b.birth_date is not None and b.birth_date > as_of:
            yield Finding(
                f"$.beneficiaries[{i}].birth_date",
                f"Ngày sinh sau ngày đối chiếu {as_of:%d/%m/%Y}",
                f"birth date is after the reference date {as_of.isoformat()}",
            )
        for j, p in enumerate(b.proofs):
            if p.issued_on is not None and p.issued_on > as_of:
                yield Finding(
                    f"$.beneficiaries[{i}].proofs[{j}].issued_on",
                    f"Giấy tờ cấp ngày {p.issued_on:%d/%m/%Y}, sau ngày đối chiếu {as_of:%d/%m/%Y}",
                    f"proof issued {p.issued_on.isoformat()}, after the reference date {as_of.isoformat()}",
                )


def _check_advice_acceptance(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    accepted = False
    for i, e in enumerate(case.events):
        if isinstance(e, Accepted):
            accepted = True
        elif isinstance(e, AdviceGiven) and not accepted:
            yield Finding(
                f"$.events[{i}]",
                "Trả lời tư vấn khi vụ việc chưa được thụ lý",
                "written advice given although the case was never accepted",
            )


def _check_advice_form(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    if case.form is Form.ADVICE:
        return
    for i, e in enumerate(case.events):
        if isinstance(e, AdviceGiven | AdviceDeadlineExtended):
            yield Finding(
                f"$.events[{i}]",
                f"Sự kiện tư vấn “{e.kind}” trong vụ việc {case.form.label_vi.lower()}",
                f"advice event {e.kind!r} on a {case.form.label_en.lower()} case",
            )


def _check_second_end(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    first: int | None = None
    for i, e in enumerate(case.events):
        if isinstance(e, Ended):
            if first is not None:
                yield Finding(
                    f"$.events[{i}]",
                    f"Vụ việc kết thúc lần thứ hai (đã kết thúc tại $.events[{first}])",
                    f"the case ends a second time (it already ended at $.events[{first}])",
                )
            else:
                first = i


def _check_appraisal(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    for i, e in enumerate(case.events):
        if isinstance(e, AppraisalRecorded | EvaluationRecorded) and not _ended_before(case, i):
            what_vi = "Thẩm định" if isinstance(e, AppraisalRecorded) else "Đánh giá"
            yield Finding(
                f"$.events[{i}]",
                f"{what_vi} chất lượng trước khi vụ việc kết thúc",
                f"quality {'appraisal' if isinstance(e, AppraisalRecorded) else 'evaluation'} recorded before the case ended",
            )


def _check_success_form(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    if case.form is Form.LITIGATION:
        return
    for i, e in enumerate(case.events):
        if isinstance(e, SuccessAssessed):
            yield Finding(
                f"$.events[{i}]",
                f"Đánh giá “thành công” cho vụ việc {case.form.label_vi.lower()}; chỉ áp dụng cho vụ việc tham gia tố tụng",
                f"success assessment on a {case.form.label_en.lower()} case; only litigation cases are assessed",
            )


def _check_success_end(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    for i, e in enumerate(case.events):
        if isinstance(e, SuccessAssessed) and not _ended_before(case, i):
            yield Finding(
                f"$.events[{i}]",
                "Đánh giá “thành công” khi vụ việc chưa kết thúc",
                "success assessment before the case ended",
            )


def _check_code_year(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    on = _request_date(case)
    if on is not None and on.year != case.code.year:
        yield Finding(
            "$.code",
            f"Năm trong mã hồ sơ ({case.code.year}) khác năm tiếp nhận yêu cầu ({on.year})",
            f"the file code year ({case.code.year}) differs from the year the request was received ({on.year})",
        )


def _check_birth(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    on = _request_date(case)
    if on is None:
        return
    for i, b in enumerate(case.beneficiaries):
        if b.birth_date is not None:
            if b.birth_date > on:
                yield Finding(
                    f"$.beneficiaries[{i}].birth_date",
                    f"Ngày sinh sau ngày tiếp nhận yêu cầu ({on:%d/%m/%Y})",
                    f"born after the request was received ({on.isoformat()})",
                )
        elif b.birth_year is not None and b.birth_year > on.year:
            yield Finding(
                f"$.beneficiaries[{i}].birth_year",
                f"Năm sinh {b.birth_year} sau năm tiếp nhận yêu cầu ({on.year})",
                f"birth year {b.birth_year} is after the year the request was received ({on.year})",
            )


def _check_role_missing(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    if case.form is Form.LITIGATION and case.role is None:
        yield Finding(
            "$.role",
            "Vụ việc tham gia tố tụng chưa ghi tư cách tham gia tố tụng của người thực hiện",
            "litigation case without the provider's procedural role",
        )


_DEFENDED = _ACCUSED | {PersonRole.EMERGENCY_HELD}


def _check_defence(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    if case.role is not ProcedureRole.DEFENCE_COUNSEL:
        return
    if any(b.role in _DEFENDED for b in case.beneficiaries):
        return
    unknown = any(b.role is PersonRole.UNKNOWN for b in case.beneficiaries)
    yield Finding(
        "$.role",
        "Người thực hiện là người bào chữa nhưng "
        + ("chưa rõ tư cách tố tụng của người được TGPL" if unknown else "không người được TGPL nào là người bị buộc tội"),
        "the provider is defence counsel but "
        + ("the beneficiaries' roles are unknown" if unknown else "no beneficiary is an accused person"),
        Severity.WARNING if unknown else None,
    )


_SUCCESS_KINDS_HERE = frozenset({"not_in_force", "legacy_basis", "unknown_criterion", "criterion_field"})
_SUCCESS_VI = {
    "not_in_force": "Đánh giá “thành công” theo tiêu chí của Quyết định 1179/QĐ-BTP trước ngày quyết định có hiệu lực "
                    "(16/05/2022), hoặc trước mọi hướng dẫn đã biết (01/01/2018)",
    "legacy_basis": "Hướng dẫn đánh giá “thành công” được ghi không có hiệu lực vào ngày đánh giá",
    "unknown_criterion": "Tiêu chí đánh giá “thành công” không có trong Quyết định 1179/QĐ-BTP",
    "criterion_field": "Tiêu chí đánh giá “thành công” thuộc lĩnh vực pháp luật khác với lĩnh vực của vụ việc",
}


def _check_success_criterion(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    """The QĐ 1179 problems of :func:`tgpl.rules.success.success_assessment_problems` that
    the rules ``SUCCESS_NOT_LITIGATION`` and ``SUCCESS_BEFORE_END`` do not already report."""
    from tgpl.rules.success import success_assessment_problems

    for p in success_assessment_problems(case):
        if p.kind in _SUCCESS_KINDS_HERE:
            yield Finding(p.path, _SUCCESS_VI[p.kind], p.message)


def _check_beneficiary_eligible(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    """An accepted case serves beneficiaries of Law Art 7 (:func:`tgpl.rules.eligibility.check_case_beneficiary`).

    Only a definite ``not_eligible`` is reported: an unknown fact leaves eligibility
    unknown (principle 3), and a date no Art 7 version covers is not this rule's finding.
    """
    if not any(isinstance(e, Accepted) for e in case.events):
        return
    from tgpl.errors import TgplError
    from tgpl.rules.eligibility import EligibilityStatus, check_case_beneficiary

    for i, b in enumerate(case.beneficiaries):
        try:
            result = check_case_beneficiary(case, b)
        except TgplError:
            continue
        if result.status is EligibilityStatus.NOT_ELIGIBLE:
            yield Finding(
                f"$.beneficiaries[{i}]",
                f"Vụ việc đã thụ lý nhưng người được trợ giúp pháp lý thứ {i + 1} không thuộc diện được trợ giúp pháp lý ({result.rule_set})",
                f"the case was accepted but beneficiary #{i + 1} is not eligible for legal aid ({result.rule_set})",
            )


def _flagged_events(case: Case, ctx: ValidationContext) -> set[int]:
    """Indices of the events the specific built-in rules already report."""
    out: set[int] = set()
    for check in (_check_order, _check_accepted_before_request, _check_provider_form, _check_advice_acceptance,
                  _check_advice_form, _check_second_end, _check_appraisal, _check_success_form, _check_success_end):
        for f in check(case, ctx):
            m = re.match(r"\$\.events\[(\d+)\]", f.path)
            if m:
                out.add(int(m.group(1)))
    return out


def _check_history(case: Case, ctx: ValidationContext) -> Iterator[Finding]:
    """Each event the statutory lifecycle does not allow where it stands
    (:func:`tgpl.domain.lifecycle.check_history`), with the lifecycle's reasons — except
    at an event a more specific rule already reports (out of order, before the request,
    a provider the form does not allow, advice or success or appraisal out of place), so
    one fault is one problem."""
    from tgpl.domain.lifecycle import check_history

    problems = check_history(case)
    if not problems:
        return
    known = _flagged_events(case, ctx)
    for p in problems:
        if p.index in known:
            continue
        yield Finding(
            p.path,
            f"Sự kiện không được phép ở giai đoạn “{p.stage.label_vi.lower()}”: " + "; ".join(r.message_vi for r in p.reasons),
            f"{p.kind} not allowed at stage {p.stage.value}: " + "; ".join(f"{r.message_en} ({r.citation})" for r in p.reasons),
        )


def _check_programmes(case: Case, _ctx: ValidationContext) -> Iterator[Finding]:
    """Each programme code is in the dated list and in force on the request date
    (:func:`tgpl.rules.programmes.check_programmes`)."""
    from tgpl.rules.programmes import check_programmes

    if not case.programmes:
        return
    for i, vi, en in check_programmes(case.programmes, _request_date(case)):
        yield Finding(f"$.programmes[{i}]", vi, en)


def validate_activity(record: object) -> list[Problem]:
    """Problems of an activity record that the case rules do not see: the national target
    programmes of an outreach session (:class:`~tgpl.domain.OutreachSession`) or a mobile
    trip (:class:`~tgpl.domain.MobileTrip`) are in the dated list and in force on its day —
    the rule ``PROGRAMME_NOT_IN_FORCE`` of a case, applied to the activity's own day. Each is
    an error: report building does not count the activity (as it does not count a case with
    an error) and ``tgpl validate`` reports it. Any other record: no problem."""
    from tgpl.domain import MobileTrip, OutreachSession
    from tgpl.rules.programmes import check_programmes

    if not isinstance(record, OutreachSession | MobileTrip) or not record.programmes:
        return []
    rule = _BUILTIN_BY_CODE["PROGRAMME_NOT_IN_FORCE"]
    return [
        Problem(rule.code, Severity.ERROR, f"$.programmes[{i}]", vi, en, rule.basis, record.id)
        for i, vi, en in check_programmes(record.programmes, record.on, day_vi="ngày thực hiện",
                                          day_en="the activity's day")
    ]


#: The rules every default registry starts with.
BUILTIN_RULES: tuple[ValidationRule, ...] = (
    ValidationRule(
        "EVENTS_OUT_OF_ORDER", "Events are listed in the order they happened",
        "Kiểm tra tính toàn vẹn dữ liệu (data integrity, không có điều luật riêng): nhật ký sự kiện ghi theo thứ tự thời gian như sổ thụ lý (Thông tư 12/2018/TT-BTP Điều 5 khoản 2)",
        _check_order, description_vi="Các sự kiện được ghi theo thứ tự thời gian",
    ),
    ValidationRule(
        "DATE_AFTER_AS_OF", "No event, birth date or proof date lies after the reference date",
        "Kiểm tra tính toàn vẹn dữ liệu (data integrity, không có điều luật riêng): không ghi nhận sự kiện chưa xảy ra",
        _check_as_of, description_vi="Không có ngày nào sau ngày đối chiếu",
    ),
    ValidationRule(
        "ACCEPTED_BEFORE_REQUEST", "Acceptance comes after the request",
        "Luật TGPL 2017 Điều 29, Điều 30 khoản 1; Thông tư 12/2018/TT-BTP Điều 5",
        _check_accepted_before_request, description_vi="Thụ lý sau khi tiếp nhận yêu cầu",
    ),
    ValidationRule(
        "PROVIDER_FORM_NOT_ALLOWED",
        "Collaborators and legal consultants give advice only; litigation and representation are for TGVs and lawyers",
        "Luật TGPL 2017 Điều 24 khoản 3, Điều 31 khoản 1, Điều 33 khoản 1",
        _check_provider_form, description_vi="Người thực hiện phải được phép thực hiện hình thức TGPL của vụ việc",
    ),
    ValidationRule(
        "CL6_WITHOUT_ACCUSED_ROLE", "An Art 7 cl. 6 beneficiary is an accused person",
        "Luật TGPL 2017 Điều 7 khoản 6; Bộ luật Tố tụng hình sự 2015 Điều 4 khoản 1 điểm đ",
        _check_cl6, description_vi="Người thuộc diện khoản 6 Điều 7 phải là người bị buộc tội",
    ),
    ValidationRule(
        "CL5_WITHOUT_LISTED_ROLE", "An Art 7 cl. 5 beneficiary has a role the clause lists on the request date",
        "Luật TGPL 2017 Điều 7 khoản 5; Luật 59/2024/QH15 Điều 177 khoản 6 (từ 01/01/2026)",
        _check_cl5, description_vi="Người thuộc diện khoản 5 Điều 7 phải có tư cách tố tụng được liệt kê",
    ),
    ValidationRule(
        "ADVICE_WITHOUT_ACCEPTANCE", "Written advice follows an acceptance",
        "Luật TGPL 2017 Điều 30 khoản 1, Điều 32 khoản 2",
        _check_advice_acceptance, description_vi="Chỉ trả lời tư vấn sau khi thụ lý",
    ),
    ValidationRule(
        "ADVICE_NOT_ADVICE_CASE", "Advice events belong to advice cases",
        "Luật TGPL 2017 Điều 27 khoản 2, Điều 32",
        _check_advice_form, description_vi="Sự kiện tư vấn chỉ có trong vụ việc tư vấn pháp luật",
    ),
    ValidationRule(
        "SECOND_END", "A case ends once",
        "Thông tư 12/2018/TT-BTP Điều 10",
        _check_second_end, description_vi="Vụ việc chỉ kết thúc một lần",
    ),
    ValidationRule(
        "APPRAISAL_BEFORE_END", "Quality appraisal and evaluation come after the end of the case",
        "Thông tư 12/2018/TT-BTP Điều 14–16 (sửa đổi bởi Thông tư 03/2021/TT-BTP)",
        _check_appraisal, description_vi="Thẩm định, đánh giá chất lượng sau khi vụ việc kết thúc",
    ),
    ValidationRule(
        "SUCCESS_NOT_LITIGATION", "Only litigation cases are assessed as successful",
        "Thông tư 12/2018/TT-BTP Điều 14 (sửa đổi bởi Thông tư 03/2021/TT-BTP); Quyết định 1179/QĐ-BTP",
        _check_success_form, description_vi="Chỉ đánh giá “thành công” vụ việc tham gia tố tụng",
    ),
    ValidationRule(
        "SUCCESS_BEFORE_END", "A success assessment needs an ended case",
        "Quyết định 1179/QĐ-BTP (điều kiện chung: vụ việc đã kết thúc)",
        _check_success_end, description_vi="Chỉ đánh giá “thành công” khi vụ việc đã kết thúc",
    ),
    ValidationRule(
        "SUCCESS_CRITERION", "A success assessment uses a QĐ 1179 criterion of the case's field once the decision is in force, "
        "and the earlier guidance in force on its date before",
        "Quyết định 1179/QĐ-BTP ngày 16/05/2022 (tiêu chí theo lĩnh vực hình sự, dân sự, hành chính; hiệu lực từ 16/05/2022); "
        "trước đó Công văn 427/CTGPL-TC&QLCL ngày 16/10/2020 của Cục Trợ giúp pháp lý",
        _check_success_criterion, description_vi="Tiêu chí “thành công” đúng lĩnh vực của vụ việc trong thời gian Quyết định "
        "1179/QĐ-BTP có hiệu lực; trước đó, hướng dẫn có hiệu lực vào ngày đánh giá",
    ),
    ValidationRule(
        "BENEFICIARY_NOT_ELIGIBLE", "An accepted case serves persons eligible under Law Art 7",
        "Luật TGPL 2017 Điều 7, Điều 30 khoản 3 điểm a (từ chối yêu cầu của người không thuộc diện)",
        _check_beneficiary_eligible, description_vi="Người được trợ giúp pháp lý của vụ việc đã thụ lý thuộc diện quy định tại Điều 7",
    ),
    ValidationRule(
        "ILLEGAL_HISTORY", "Every recorded event is allowed by the statutory lifecycle at the stage the case is in",
        "Luật TGPL 2017 Điều 29–37; Thông tư 12/2018/TT-BTP Điều 5–10 (trình tự thực hiện vụ việc, xem tgpl.domain.lifecycle)",
        _check_history, description_vi="Mỗi sự kiện phù hợp với trình tự thực hiện vụ việc tại giai đoạn của vụ việc",
    ),
    ValidationRule(
        "CODE_YEAR_MISMATCH", "The file code's year is the year the request was received",
        "Thông tư 12/2018/TT-BTP Điều 11 khoản 1",
        _check_code_year, severity=Severity.WARNING,
        description_vi="Năm trong mã hồ sơ là năm tiếp nhận yêu cầu",
    ),
    ValidationRule(
        "BORN_AFTER_REQUEST", "A beneficiary is born before the request",
        "Kiểm tra tính toàn vẹn dữ liệu (data integrity): người được TGPL theo Luật TGPL 2017 Điều 7, Điều 29 phải đã sinh ra khi có yêu cầu",
        _check_birth, description_vi="Người được TGPL sinh trước ngày yêu cầu",
    ),
    ValidationRule(
        "ROLE_MISSING", "A litigation case records the provider's procedural role",
        "Luật TGPL 2017 Điều 31 khoản 1 (tư cách người bào chữa hoặc người bảo vệ quyền và lợi ích hợp pháp)",
        _check_role_missing, severity=Severity.WARNING,
        description_vi="Vụ việc tham gia tố tụng ghi tư cách tham gia tố tụng",
    ),
    ValidationRule(
        "DEFENCE_WITHOUT_ACCUSED", "Defence counsel defends an accused (or emergency-held) beneficiary",
        "Luật TGPL 2017 Điều 31 khoản 1; Bộ luật Tố tụng hình sự 2015 Điều 4, Điều 72",
        _check_defence, description_vi="Người bào chữa phải bào chữa cho người bị buộc tội",
    ),
    ValidationRule(
        "PROGRAMME_NOT_IN_FORCE", "A case's national target programmes are in the dated list and in force on its request date",
        "Quyết định 90/QĐ-TTg ngày 18/01/2022; Quyết định 263/QĐ-TTg ngày 22/02/2022; Nghị quyết 120/2020/QH14 và "
        "Quyết định 1719/QĐ-TTg ngày 14/10/2021; Nghị quyết 257/2025/QH15 (giai đoạn 2026–2035) — danh mục tgpl.rules.programmes",
        _check_programmes,
        description_vi="Chương trình mục tiêu quốc gia của vụ việc có trong danh mục và có hiệu lực vào ngày yêu cầu",
    ),
)

_BUILTIN_BY_CODE: Mapping[str, ValidationRule] = MappingProxyType({r.code: r for r in BUILTIN_RULES})

#: Every case check the rules layer defines, and the validation rule(s) that run it, so
#: ``tgpl validate`` and report building both apply it (a test enumerates the public
#: ``check_*`` functions of :mod:`tgpl.rules` and :mod:`tgpl.domain` against this table).
#: A check that is not about one case record says why instead of naming rules.
RULES_LAYER_CHECKS: Mapping[str, tuple[str, ...] | str] = MappingProxyType({
    "tgpl.rules.success.check_success_assessments": ("SUCCESS_NOT_LITIGATION", "SUCCESS_BEFORE_END", "SUCCESS_CRITERION"),
    "tgpl.rules.eligibility.check_case_beneficiary": ("BENEFICIARY_NOT_ELIGIBLE",),
    "tgpl.rules.eligibility.check_eligibility": ("BENEFICIARY_NOT_ELIGIBLE",),
    "tgpl.rules.eligibility.check_territory": (
        "not run on records: a case record carries neither the place where the matter arose nor a central "
        "request, so territorial competence (Law Art 26) cannot be decided from it; a Center that was not "
        "competent transfers the request (Art 35), which is recorded as a transfer, not as a case"
    ),
    "tgpl.domain.lifecycle.check_history": ("ILLEGAL_HISTORY",),
    "tgpl.rules.programmes.check_programmes": ("PROGRAMME_NOT_IN_FORCE",),
})

#: Code of the batch-level duplicate check (TT12 Art 11 cl. 1: one unique code per file).
DUPLICATE_CODE = "DUPLICATE_CODE"
_DUPLICATE_BASIS = "Thông tư 12/2018/TT-BTP Điều 11 khoản 1 (mỗi hồ sơ vụ việc có một mã số riêng)"


def default_registry() -> ValidationRegistry:
    """A new registry holding :data:`BUILTIN_RULES` (a fresh object each call: no global state)."""
    return ValidationRegistry(BUILTIN_RULES)


def _run(rule: ValidationRule, case: Case, ctx: ValidationContext, index: int | None) -> Iterator[Problem]:
    try:
        findings = list(rule.check(case, ctx))
    except Exception as exc:
        raise PluginError(
            rule.origin, f"validation rule {rule.code!r} failed on case {case.id!r}: {exc!r}"
        ) from exc
    for f in findings:
        if not isinstance(f, Finding):
            raise PluginError(
                rule.origin, f"validation rule {rule.code!r} returned {type(f).__name__}, not a Finding"
            )
        yield Problem(
            code=rule.code,
            severity=f.severity or rule.severity,
            path=f.path,
            message_vi=f.message_vi,
            message_en=f.message_en,
            basis=rule.basis,
            case_id=case.id,
            index=index,
        )


def _rules_of(registry: ValidationRegistry | Iterable[ValidationRule] | None) -> tuple[ValidationRule, ...]:
    if registry is None:
        return BUILTIN_RULES
    if isinstance(registry, ValidationRegistry):
        return registry.rules
    return tuple(registry)


def validate_case(
    case: Case,
    *,
    as_of: dt.date | None = None,
    registry: ValidationRegistry | Iterable[ValidationRule] | None = None,
) -> list[Problem]:
    """Every problem of ``case``: errors and warnings, in rule order, then event order.

    ``as_of`` is the reference date (dates after it are reported); ``registry`` defaults to
    the built-in rules. A check that raises is reported as a :class:`~tgpl.errors.PluginError`
    naming the rule's origin.
    """
    return _validate(case, ValidationContext(as_of), _rules_of(registry), None)


def _validate(
    case: Case, ctx: ValidationContext, rules: tuple[ValidationRule, ...], index: int | None
) -> list[Problem]:
    out: list[Problem] = []
    for rule in rules:
        out.extend(_run(rule, case, ctx, index))
    return out


def validate_cases(
    cases: Iterable[Case],
    *,
    as_of: dt.date | None = None,
    registry: ValidationRegistry | Iterable[ValidationRule] | None = None,
) -> dict[str, list[Problem]]:
    """Validate a batch: problems grouped by case id (only cases with problems appear).

    Each problem's ``index`` is the case's position in the batch. A file code seen again
    is a :data:`DUPLICATE_CODE` error on the later case (path ``$.code``), naming the
    position of the first.
    """
    rules = _rules_of(registry)
    ctx = ValidationContext(as_of)
    first_seen: dict[str, int] = {}
    grouped: dict[str, list[Problem]] = {}
    for index, case in enumerate(cases):
        problems = _validate(case, ctx, rules, index)
        cid = case.id
        if cid in first_seen:
            problems.insert(0, Problem(
                code=DUPLICATE_CODE,
                severity=Severity.ERROR,
                path="$.code",
                message_vi=f"Mã hồ sơ {cid} trùng với hồ sơ thứ {first_seen[cid] + 1} trong lô",
                message_en=f"file code {cid} repeats the code of case #{first_seen[cid] + 1} in the batch",
                basis=_DUPLICATE_BASIS,
                case_id=cid,
                index=index,
            ))
        else:
            first_seen[cid] = index
        if problems:
            grouped.setdefault(cid, []).extend(problems)
    return grouped

