"""Plan versus actual (so sánh kế hoạch và kết quả thực hiện): a plan judged against a report.

:func:`plan_section` turns a :class:`~tgpl.planning.model.Plan` and a
:class:`~tgpl.reporting.report.Report` into the
:class:`~tgpl.reporting.report.PlanSection` every format renders. Each target's actual value
is its indicator counted over the task's time frame **up to the status date** (the report
window's end, or an earlier date): when that period is the report's window, the report's own
value is used; otherwise ``actuals(window)`` is asked for it (``tgpl report --plan`` builds
that window's report from the same inputs). Statuses follow :mod:`tgpl.planning.status`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from tgpl.planning.model import Plan, Target, Task
from tgpl.planning.status import counted_until, expected_value, target_status, task_status
from tgpl.reporting.formats.vi import format_number
from tgpl.reporting.report import IndicatorNumber, PlanSection, PlanTargetRow, PlanTaskRow, Report
from tgpl.reporting.windows import Window, custom

__all__ = ["Actuals", "plan_section"]

#: ``actuals(window) -> {indicator code: value}`` for a window other than the report's.
Actuals = Callable[[Window], Mapping[str, IndicatorNumber]]

_Cell = tuple[IndicatorNumber, str]  # (value, published text)


def _vi_date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _shown(value: IndicatorNumber, unit: str) -> str:
    """A value with its counting unit: ``"37 đợt"``, ``"100,0 %"``, ``"—"``."""
    text = format_number(value, unit)
    return f"{text} {unit}" if value is not None and unit and unit != "%" else text


def _expected_text(target: Target, task: Task, on: dt.date) -> str:
    expected = expected_value(target, task.time_frame, on)
    if expected is None or on >= task.time_frame.end:
        return ""
    return _shown(round(float(expected), 2), target.unit)


def plan_section(
    plan: Plan,
    report: Report,
    *,
    on: dt.date | None = None,
    actuals: Actuals | None = None,
) -> PlanSection:
    """The plan-versus-actual section of ``report`` for ``plan`` on the status date ``on``.

    ``on`` defaults to the report window's last day. ``actuals`` answers for periods other
    than the report's window; without it such targets have no data, and a note says why.
    """
    day = report.window.end if on is None else on
    by_code = {i.code: i for i in report.indicators}
    known = set(by_code)
    notes: list[str] = []
    cache: dict[tuple[dt.date, dt.date], Mapping[str, IndicatorNumber] | None] = {}

    def cell(target: Target, task: Task) -> tuple[_Cell, str]:
        last = counted_until(task.time_frame, day)
        if last is None:
            return (None, format_number(None)), ""
        span = (task.time_frame.start, last)
        counted = f"{_vi_date(span[0])}–{_vi_date(span[1])}"
        if target.indicator not in known:
            return (None, format_number(None)), counted
        if span == (report.window.start, report.window.end):
            found = by_code[target.indicator]
            if found.suppressed:
                return (None, found.suppressed), counted
            return (found.value, _shown(found.value, target.unit)), counted
        if span not in cache:
            cache[span] = None if actuals is None else actuals(custom(*span))
        values = cache[span]
        if values is None:
            return (None, format_number(None)), counted
        value = values.get(target.indicator)
        return (value, _shown(value, target.unit)), counted

    missing_codes: list[Target] = []
    rows: list[PlanTaskRow] = []
    for task in plan.tasks:
        target_rows: list[PlanTargetRow] = []
        values: dict[str, IndicatorNumber] = {}
        for target in task.targets:
            (value, shown), counted = cell(target, task)
            values[target.indicator] = value
            status = target_status(target, task.time_frame, day, value)
            if target.indicator not in known and target not in missing_codes:
                missing_codes.append(target)
            target_rows.append(PlanTargetRow(
                indicator=target.indicator, label_vi=target.label_vi, planned_vi=target.planned_vi,
                value=value, actual_vi=shown, expected_vi=_expected_text(target, task, day),
                counted_vi=counted, status=status.value, status_vi=status.label_vi,
            ))
        followed: list[PlanTargetRow] = []
        for code in task.indicators:
            ind = by_code.get(code)
            label = ind.label_vi if ind is not None else code
            (value, shown), counted = cell(Target(code, label, unit=ind.unit if ind is not None else ""), task)
            followed.append(PlanTargetRow(indicator=code, label_vi=label, planned_vi="", value=value, actual_vi=shown,
                                          expected_vi="", counted_vi=counted, status="", status_vi=""))
        status = task_status(task, day, values)
        latest = [n for n in task.progress if n.on <= day]
        progress = ""
        if latest:
            note = max(latest, key=lambda n: n.on)
            progress = f"{_vi_date(note.on)}: {note.text}"
        rows.append(PlanTaskRow(
            id=task.id, section_vi=task.section, text_vi=task.text, lead_vi="; ".join(task.lead),
            partners_vi="; ".join(task.partners), time_frame_vi=task.time_frame.text,
            status=status.value, status_vi=status.label_vi, targets=tuple(target_rows), progress_vi=progress,
            followed=tuple(followed),
        ))

    if day < report.window.end:
        notes.append(f"Tình trạng thực hiện được đánh giá đến ngày {_vi_date(day)}.")
    if any(t.targets for t in plan.tasks):
        notes.append(
            "Số liệu thực hiện của mỗi chỉ tiêu được tính trong thời gian thực hiện của nhiệm vụ, đến ngày đánh giá; "
            "“đúng tiến độ” nghĩa là đã đạt ít nhất phần chỉ tiêu tương ứng với phần thời gian đã trôi qua."
        )
    for target in missing_codes:
        notes.append(f"Báo cáo không có chỉ tiêu “{target.label_vi}”, nên chưa có số liệu để so sánh.")
    if plan.unit is not None and report.meta.units and tuple(report.meta.units) != (str(plan.unit),):
        notes.append(
            f"Kế hoạch áp dụng cho đơn vị mã {plan.unit}; số liệu của báo cáo thuộc các đơn vị mã "
            f"{', '.join(report.meta.units)}."
        )
    if not report.window.overlaps(custom(plan.period.start, plan.period.end)):
        notes.append(f"Kỳ báo cáo nằm ngoài thời gian của kế hoạch ({plan.period.text}).")
    if plan.note:
        notes.append(plan.note)
    return PlanSection(
        plan_id=plan.id, title_vi=plan.title, reference_vi=plan.reference_vi, period_vi=plan.period.text,
        status_date=day, tasks=tuple(rows), basis_vi=plan.basis, notes_vi=tuple(notes),
    )
