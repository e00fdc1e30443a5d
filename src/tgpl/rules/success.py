"""Successful litigation cases (vụ việc tham gia tố tụng thành công), QĐ 1179/QĐ-BTP.

Quyết định 1179/QĐ-BTP of 16/05/2022 (in force the same day) sets two general
conditions, both required — (GC1) the case has ended; (GC2) the provider's position
differed from that of at least one procedure-conducting body and was accepted wholly or
partly in the beneficiary's favour on a legal basis — and 30 criteria: 19 criminal (in 7
groups), 7 civil, 4 administrative. The assessment is made by the organisation itself,
the DOJ or the MoJ (TT12 Art 14 as amended by TT 03/2021/TT-BTP).

Verified content: the general conditions and criminal criteria TC01, TC02, TC03, TC05,
TC06 (provincial DOJ summaries of the decision). Everything else is present as a code
with ``verified=False`` and no content. **Numbering assumption**: criminal TC01–TC19,
civil TC20–TC26, administrative TC27–TC30 — the decision numbers its criteria
consecutively and lists the criminal field first with 19 criteria (confirmed); the order
civil-then-administrative and hence the exact ranges TC20–TC26 / TC27–TC30 are
UNVERIFIED. The texts below are our own summaries, not quotations.

**Before the decision** (assessments dated before 16/05/2022) there were no criteria codes:
the Legal Aid Department (Cục Trợ giúp pháp lý) had the centres count "successful, effective"
litigation cases by administrative letters — Công văn 427/CTGPL-TC&QLCL of 16/10/2020, with
the criteria in its Appendix 01 (the Department's notice of 10/11/2020 on the statistics of
a case meeting several of them confirms the letter; the appendix text was not found), and
earlier letters that are not identified. :data:`LEGACY_BASES` dates them; an assessment in
their time records its basis (``legacy_basis``) instead of a criterion and counts as a
success without a QĐ 1179 criterion (tally group ``legacy``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from attrs import frozen

from tgpl.domain import (
    VN_TZ,
    Case,
    Ended,
    Form,
    LegacySuccessBasis,
    LegalField,
    ReviewerLevel,
    SuccessAssessed,
    SuccessGroup,
)
from tgpl.errors import LifecycleError, RuleNotInForceError, UnknownCodeError

__all__ = [
    "CRITERIA",
    "DECISION_1179",
    "EFFECTIVE_FROM",
    "GENERAL_CONDITIONS",
    "GROUP_RANGES",
    "LEGACY_BASES",
    "RECORDED_FROM",
    "GeneralCondition",
    "LegacyBasis",
    "SuccessCriterion",
    "SuccessProblem",
    "assess",
    "check_success_assessments",
    "criterion",
    "criterion_group",
    "legacy_basis_on",
    "normalise_criterion",
    "success_assessment_problems",
]

#: First day QĐ 1179/QĐ-BTP applies (signed and in force 16/05/2022).
EFFECTIVE_FROM = dt.date(2022, 5, 16)
DECISION_1179 = "Quyết định 1179/QĐ-BTP ngày 16/05/2022 của Bộ trưởng Bộ Tư pháp"



@frozen
class LegacyBasis:
    """Guidance before QĐ 1179/QĐ-BTP under which a success was assessed, with its dates."""

    basis: LegacySuccessBasis
    effective_from: dt.date
    effective_to: dt.date
    citation: str
    verified: bool
    source: str = ""

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on <= self.effective_to


#: The guidance before QĐ 1179, by date. Công văn 427/CTGPL-TC&QLCL (16/10/2020) is
#: confirmed by the Legal Aid Department's notice of 10/11/2020
#: (https://tgpl.moj.gov.vn/Pages/chi-tiet-thong-bao.aspx?ItemID=65), its criteria are not
#: (so ``verified`` is False for the content); the letters before it are known only from a
#: 2022 article ("được sử dụng lần đầu tại một số công văn hành chính của Cục Trợ giúp pháp
#: lý", vienphapluat.vn, 14/09/2022) and start here with Law 11/2017/QH14 (01/01/2018).
LEGACY_BASES: tuple[LegacyBasis, ...] = (
    LegacyBasis(LegacySuccessBasis.EARLIER_LETTERS, dt.date(2018, 1, 1), dt.date(2020, 10, 15),
                "Công văn của Cục Trợ giúp pháp lý trước ngày 16/10/2020 (chưa xác định số, ký hiệu)", False,
                "http://vienphapluat.vn/mot-so-noi-dung-ve-xac-dinh-vu-viec-tro-giup-phap-ly-tham-gia-to-tung-thanh-cong-nd282177.html"),
    LegacyBasis(LegacySuccessBasis.CV427_2020, dt.date(2020, 10, 16), EFFECTIVE_FROM - dt.timedelta(days=1),
                "Công văn số 427/CTGPL-TC&QLCL ngày 16/10/2020 của Cục Trợ giúp pháp lý, Phụ lục số 01", False,
                "https://tgpl.moj.gov.vn/Pages/chi-tiet-thong-bao.aspx?ItemID=65"),
)


#: First day a success assessment is an event of the case lifecycle: TT12 Art 14 as amended
#: by TT 03/2021/TT-BTP (in force 15/07/2021), the first legal text to name successful cases.
#: An assessment under the earlier guidance dated before it is accepted by :func:`assess`
#: but the lifecycle (:mod:`tgpl.domain.lifecycle`) has no transition for it.
RECORDED_FROM = dt.date(2021, 7, 15)


def legacy_basis_on(on: dt.date) -> LegacyBasis | None:
    """The guidance before QĐ 1179 in force on ``on``, or ``None`` (on or after 16/05/2022,
    or before 01/01/2018)."""
    return next((b for b in LEGACY_BASES if b.in_force(on)), None)


@frozen
class GeneralCondition:
    """One of the two general conditions every successful case meets (QĐ 1179)."""

    code: str
    text_vi: str
    text_en: str
    citation: str
    effective_from: dt.date = EFFECTIVE_FROM
    effective_to: dt.date | None = None
    verified: bool = True

    @property
    def id(self) -> str:
        return self.code


@frozen
class SuccessCriterion:
    """A QĐ 1179 criterion: ``code`` ``TC01``…``TC30``, its ``group`` and a summary in
    our own words; ``verified`` is False where the content (and the group, which follows
    from the numbering assumption) could not be confirmed."""

    code: str
    group: SuccessGroup
    text_vi: str
    text_en: str
    verified: bool
    citation: str
    effective_from: dt.date = EFFECTIVE_FROM
    effective_to: dt.date | None = None

    @property
    def id(self) -> str:
        return self.code


GENERAL_CONDITIONS: tuple[GeneralCondition, ...] = (
    GeneralCondition(
        "GC1",
        "Vụ việc trợ giúp pháp lý đã kết thúc",
        "The legal aid case has ended",
        f"{DECISION_1179}, nguyên tắc chung (i)",
    ),
    GeneralCondition(
        "GC2",
        "Quan điểm của người thực hiện TGPL khác với quan điểm của ít nhất một cơ quan có thẩm quyền tiến hành tố tụng và được chấp nhận một phần hoặc toàn bộ theo hướng có lợi cho người được TGPL, trên cơ sở pháp luật",
        "The provider's position differed from that of at least one procedure-conducting body and was accepted, wholly or partly, in the beneficiary's favour on a legal basis",
        f"{DECISION_1179}, nguyên tắc chung (ii)",
    ),
)

#: Code ranges per group (numbering assumption: see the module docstring).
GROUP_RANGES: Mapping[SuccessGroup, tuple[int, int]] = {
    SuccessGroup.CRIMINAL: (1, 19),
    SuccessGroup.CIVIL: (20, 26),
    SuccessGroup.ADMINISTRATIVE: (27, 30),
}

_VERIFIED: dict[int, tuple[str, str]] = {
    1: (
        "Người bị tố giác, bị kiến nghị khởi tố, bị giữ trong trường hợp khẩn cấp, bị bắt, bị tạm giữ: cơ quan có thẩm quyền chấp nhận quan điểm của người thực hiện TGPL, không khởi tố hoặc khởi tố về tội nhẹ hơn",
        "Reported, recommended-for-prosecution, emergency-held, arrested or detained person: the authority accepts the provider's view and does not prosecute, or prosecutes a lighter offence than alleged",
    ),
    2: (
        "Bị can, bị cáo: quan điểm bào chữa được chấp nhận, dẫn đến hủy quyết định khởi tố, rút quyết định truy tố toàn bộ hoặc một phần, tuyên không có tội, miễn hoặc loại trừ trách nhiệm hình sự, miễn hình phạt",
        "Suspect or defendant: the defence view is accepted and the prosecution decision is cancelled, the indictment withdrawn in whole or part, or the person is acquitted, exempted from or not liable to criminal liability, or exempted from punishment",
    ),
    3: (
        "Bị can, bị cáo: đình chỉ điều tra, đình chỉ vụ án đối với người được TGPL, hoặc đình chỉ xét xử phúc thẩm có lợi cho người được TGPL",
        "Suspect or defendant: investigation or case suspended for the beneficiary, or an appeal hearing suspended to the beneficiary's benefit",
    ),
    5: (
        "Bị cáo: giữ nguyên mức hình phạt khi có kháng cáo, kháng nghị theo hướng tăng nặng",
        "Defendant: sentence upheld when an appeal or protest sought a harsher outcome",
    ),
    6: (
        "Bị cáo: hình phạt ở mức thấp nhất hoặc thấp hơn mức đề nghị của Viện kiểm sát trong cùng khung, cùng tội danh",
        "Defendant: sentence at the minimum, or below the procuracy's proposal, within the same bracket for the same offence",
    ),
}

_UNVERIFIED_TEXT = {
    SuccessGroup.CRIMINAL: ("Tiêu chí lĩnh vực hình sự — nội dung chưa được xác minh", "Criminal-field criterion — content UNVERIFIED"),
    SuccessGroup.CIVIL: ("Tiêu chí lĩnh vực dân sự — nội dung và số thứ tự chưa được xác minh", "Civil-field criterion — content and numbering UNVERIFIED"),
    SuccessGroup.ADMINISTRATIVE: ("Tiêu chí lĩnh vực hành chính — nội dung và số thứ tự chưa được xác minh", "Administrative-field criterion — content and numbering UNVERIFIED"),
}


def _group_of_number(n: int) -> SuccessGroup | None:
    for group, (lo, hi) in GROUP_RANGES.items():
        if lo <= n <= hi:
            return group
    return None


def _build() -> dict[str, SuccessCriterion]:
    out: dict[str, SuccessCriterion] = {}
    for n in range(1, 31):
        group = _group_of_number(n)
        assert group is not None
        code = f"TC{n:02d}"
        if n in _VERIFIED:
            vi, en = _VERIFIED[n]
            out[code] = SuccessCriterion(code, group, vi, en, True, f"{DECISION_1179}, Tiêu chí {n:02d}")
        else:
            vi, en = _UNVERIFIED_TEXT[group]
            out[code] = SuccessCriterion(
                code, group, vi, en, False,
                f"{DECISION_1179}, Tiêu chí {n:02d} (UNVERIFIED; group by numbering assumption)",
            )
    return out


#: All 30 criteria by code, in order.
CRITERIA: Mapping[str, SuccessCriterion] = _build()

_CODE_RE = re.compile(r"^\s*(?:tc|tiêu chí|tieu chi)\s*0*(\d{1,2})\s*$", re.IGNORECASE)


def normalise_criterion(code: str) -> str:
    """Canonical ``TCnn`` for ``"TC 1"``, ``"tc01"``, ``"Tiêu chí 07"``; unknown → :class:`UnknownCodeError`."""
    m = _CODE_RE.match(code)
    if m is None or not 1 <= int(m[1]) <= 30:
        raise UnknownCodeError(
            f"unknown QĐ 1179 success criterion {code!r} (expected TC01…TC30)", path="$.criterion"
        )
    return f"TC{int(m[1]):02d}"


def criterion(code: str) -> SuccessCriterion:
    """The criterion for a code (spelling normalised)."""
    return CRITERIA[normalise_criterion(code)]


def criterion_group(code: str) -> SuccessGroup:
    """The field group of a criterion: TC01–TC19 criminal, TC20–TC26 civil, TC27–TC30
    administrative (numbering assumption for the last two; see the module docstring)."""
    return criterion(code).group


_CRIMINAL_FIELDS = frozenset({LegalField.CRIMINAL})
_ADMIN_FIELDS = frozenset({LegalField.ADMINISTRATIVE})


def _field_problem(case: Case, crit: SuccessCriterion) -> str | None:
    if crit.group is SuccessGroup.CRIMINAL and case.field not in _CRIMINAL_FIELDS:
        return f"criterion {crit.code} is a criminal-field criterion but the case field is {case.field.value}"
    if crit.group is not SuccessGroup.CRIMINAL and case.field in _CRIMINAL_FIELDS:
        return f"criterion {crit.code} is a {crit.group.value} criterion but the case is criminal"
    return None


def _ended_by(case: Case, on: dt.datetime | None) -> bool:
    return any(isinstance(e, Ended) and (on is None or e.on <= on) for e in case.events)


def assess(
    case: Case,
    *,
    successful: bool,
    on: dt.datetime,
    criterion: str | None = None,
    differing_view_accepted: bool | None = None,
    assessor: str = "",
    level: ReviewerLevel = ReviewerLevel.ORGANISATION,
) -> SuccessAssessed:
    """Build a checked :class:`~tgpl.domain.SuccessAssessed` event for ``case``.

    Refused with :class:`~tgpl.errors.LifecycleError` (reasons cite the basis) when the
    case is not litigation (QĐ 1179 covers litigation only; TT12 Art 14), when it has not
    ended by ``on`` (GC1), or — for a
    successful assessment — when ``differing_view_accepted`` is not True (GC2), when
    no criterion is given, or when the criterion belongs to another field (criminal
    criteria for criminal cases only). An unknown criterion code is an
    :class:`~tgpl.errors.UnknownCodeError`. Unverified criteria are accepted (their
    codes exist) — check ``CRITERIA[code].verified`` to flag them.

    Before QĐ 1179 (``on`` before 16/05/2022) the assessment is made under the guidance
    then in force (:data:`LEGACY_BASES`), recorded as ``legacy_basis``, without a criterion
    (giving one is refused) and without the decision's general condition (ii); the case
    must still be litigation and have ended. A date no guidance covers (before 01/01/2018)
    is a :class:`~tgpl.errors.RuleNotInForceError`.
    """
    reasons: list[str] = []
    day = on.astimezone(VN_TZ).date()
    if day < EFFECTIVE_FROM:
        return _assess_legacy(case, day, successful=successful, on=on, criterion=criterion, assessor=assessor, level=level)
    if case.form is not Form.LITIGATION:
        reasons.append(f"only litigation cases are assessed for success (QĐ 1179/QĐ-BTP; TT12 Art 14); this case is {case.form.value}")
    if not _ended_by(case, on):
        reasons.append("the case has not ended (QĐ 1179/QĐ-BTP general condition (i); TT12 Art 10)")
    code: str | None = None
    if criterion is not None:
        crit = CRITERIA[normalise_criterion(criterion)]
        code = crit.code
        if successful:
            problem = _field_problem(case, crit)
            if problem is not None:
                reasons.append(f"{problem} (QĐ 1179/QĐ-BTP)")
    if successful:
        if code is None:
            reasons.append("a successful case records the QĐ 1179 criterion met (TC01…TC30)")
        if differing_view_accepted is not True:
            reasons.append(
                "general condition (ii) of QĐ 1179/QĐ-BTP not established: the provider's differing view must have been accepted in the beneficiary's favour"
            )
    if reasons:
        raise LifecycleError(f"case {case.id}: success assessment refused", tuple(reasons))
    return SuccessAssessed(on=on, successful=successful, criterion=code, assessor=assessor, level=level)


def _assess_legacy(case: Case, day: dt.date, *, successful: bool, on: dt.datetime, criterion: str | None,
                   assessor: str, level: ReviewerLevel) -> SuccessAssessed:
    basis = legacy_basis_on(day)
    if basis is None:
        raise RuleNotInForceError(
            f"no success guidance is known for {day.isoformat()}: QĐ 1179/QĐ-BTP applies from "
            f"{EFFECTIVE_FROM.isoformat()}, the earlier guidance from {LEGACY_BASES[0].effective_from.isoformat()}"
        )
    reasons: list[str] = []
    if case.form is not Form.LITIGATION:
        reasons.append(f"only litigation cases are assessed for success ({basis.citation}); this case is {case.form.value}")
    if not _ended_by(case, on):
        reasons.append(f"the case has not ended ({basis.citation}; TT12 Art 10)")
    if criterion is not None:
        reasons.append(f"QĐ 1179/QĐ-BTP criteria apply from {EFFECTIVE_FROM.isoformat()}; an earlier assessment "
                       f"is made under {basis.citation}, without a criterion")
    if reasons:
        raise LifecycleError(f"case {case.id}: success assessment refused", tuple(reasons))
    return SuccessAssessed(on=on, successful=successful, assessor=assessor, level=level, legacy_basis=basis.basis)


@frozen
class SuccessProblem:
    """One problem with a recorded success assessment: where, which kind, what.

    ``kind`` is ``"not_in_force"`` (dated before any known guidance, or a QĐ 1179 criterion
    dated before the decision), ``"legacy_basis"`` (an earlier guidance that was not in
    force on the assessment's date),
    ``"not_litigation"``, ``"not_ended"`` (general condition (i)), ``"unknown_criterion"``
    or ``"criterion_field"`` (a criterion of another field of law, e.g. a civil criterion
    on a criminal case). ``message`` is English and carries no personal data.
    """

    path: str
    kind: str
    message: str


def success_assessment_problems(case: Case) -> list[SuccessProblem]:
    """Every problem with the :class:`~tgpl.domain.SuccessAssessed` events already in ``case``.

    The structured form of :func:`check_success_assessments`; validation
    (:data:`tgpl.rules.validation.BUILTIN_RULES`, rules ``SUCCESS_NOT_LITIGATION``,
    ``SUCCESS_BEFORE_END`` and ``SUCCESS_CRITERION``) runs it, so ``tgpl validate`` and
    report building refuse such a case instead of counting it. Never raises.
    """
    problems: list[SuccessProblem] = []
    for i, event in enumerate(case.events):
        if not isinstance(event, SuccessAssessed):
            continue
        where = f"$.events[{i}]"
        day = event.on.astimezone(VN_TZ).date()
        legacy = legacy_basis_on(day)
        if day < EFFECTIVE_FROM and legacy is None:
            problems.append(SuccessProblem(where, "not_in_force", f"success assessed on {day.isoformat()}, before any known guidance "
                                           f"({LEGACY_BASES[0].effective_from.isoformat()}) and QĐ 1179/QĐ-BTP ({EFFECTIVE_FROM.isoformat()})"))
        elif day < EFFECTIVE_FROM and event.criterion is not None:
            problems.append(SuccessProblem(f"{where}.criterion", "not_in_force", f"QĐ 1179/QĐ-BTP criteria apply from "
                                           f"{EFFECTIVE_FROM.isoformat()}; an assessment on {day.isoformat()} records the earlier guidance (legacy_basis)"))
            continue
        elif event.legacy_basis is not None and (legacy is None or legacy.basis is not event.legacy_basis):
            expected = "a QĐ 1179 criterion" if legacy is None else f"legacy_basis {legacy.basis.value!r}"
            problems.append(SuccessProblem(f"{where}.legacy_basis", "legacy_basis", f"guidance {event.legacy_basis.value!r} "
                                           f"was not in force on {day.isoformat()}: expected {expected}"))
        if case.form is not Form.LITIGATION:
            problems.append(SuccessProblem(where, "not_litigation", "only litigation cases are assessed for success (QĐ 1179/QĐ-BTP)"))
        if not _ended_by(case, event.on):
            problems.append(SuccessProblem(where, "not_ended", "success assessed before the case ended (QĐ 1179/QĐ-BTP general condition (i))"))
        if event.criterion is not None:
            try:
                crit = CRITERIA[normalise_criterion(event.criterion)]
            except UnknownCodeError:
                problems.append(SuccessProblem(f"{where}.criterion", "unknown_criterion", f"unknown QĐ 1179 criterion {event.criterion!r}"))
                continue
            if event.successful:
                problem = _field_problem(case, crit)
                if problem is not None:
                    problems.append(SuccessProblem(f"{where}.criterion", "criterion_field", problem))
    return problems


def check_success_assessments(case: Case) -> list[str]:
    """Problems with the :class:`~tgpl.domain.SuccessAssessed` events already in ``case``.

    Each problem names the event index (``$.events[3]``): assessment of a non-litigation
    case, before the case ended, before QĐ 1179 was in force, unknown criterion, or a
    criterion of another field. The text form of :func:`success_assessment_problems`,
    which validation and report building run; never raises.
    """
    return [f"{p.path}: {p.message}" for p in success_assessment_problems(case)]
