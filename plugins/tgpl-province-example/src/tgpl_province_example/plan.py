"""The plan-versus-actual table (bảng so sánh kế hoạch và kết quả thực hiện) and its report format.

:func:`plan_vs_actual` turns a :class:`~tgpl.reporting.report.Report` into one
:class:`PlanRow` per plan target of the report's province profile: the target, the planned
value or range, the actual value (the indicator the target names) and the status from
:meth:`~tgpl.reporting.report.PlanTarget.status` — ``"chưa đạt"`` below the minimum,
``"đạt"`` within the range (both ends included), ``"vượt"`` above the maximum,
``"chưa có số liệu"`` when there is no value. For the 35–40 rounds target: 34 → chưa đạt,
35 and 40 → đạt, 41 → vượt.

:data:`PLAN_FORMAT` (``bac-giang-plan``) renders the table as a Vietnamese Markdown
document with the issuing body, the place-and-date line and the signature block of the
profile. It works for every report: without a profile, or with a profile without targets
(the merged Bắc Ninh, 2025:24), it says so instead of inventing a comparison.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from attrs import frozen

from tgpl.reporting.formats.vi import MISSING, format_number
from tgpl.reporting.heading import date_line_vi, issue_date
from tgpl.reporting.report import PlanTarget, Report, ReportFormat
from tgpl_province_example.profile import BAC_GIANG, PLAN_YEAR

__all__ = [
    "PLAN_FORMAT",
    "PLAN_TITLE",
    "PlanRow",
    "plan_text",
    "plan_vs_actual",
    "render_plan_markdown",
]

#: The document title (Vietnamese, as the Department writes it).
PLAN_TITLE: Final = "Bảng so sánh kế hoạch và kết quả thực hiện"


@frozen
class PlanRow:
    """One row of the table: Chỉ tiêu / Kế hoạch / Thực hiện / Tình trạng."""

    indicator: str
    label_vi: str
    plan_vi: str
    value: int | float | None
    actual_vi: str
    status: str
    unit: str
    basis: str = ""


def plan_text(target: PlanTarget) -> str:
    """The planned value as written in the table: ``"35–40 đợt"``, ``"100 %"``, ``"tối thiểu 5 vụ việc"``."""
    unit = f" {target.unit}" if target.unit else ""
    lo = None if target.minimum is None else format_number(_number(target.minimum))
    hi = None if target.maximum is None else format_number(_number(target.maximum))
    if lo is not None and hi is not None:
        return f"{lo}{unit}" if lo == hi else f"{lo}–{hi}{unit}"
    if lo is not None:
        # "đảm bảo 100%": a minimum of 100 % is the whole, not "at least".
        return f"{lo}{unit}" if target.unit == "%" and target.minimum == 100 else f"tối thiểu {lo}{unit}"
    if hi is not None:
        return f"tối đa {hi}{unit}"
    return MISSING


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def _in_plan_period(report: Report) -> bool:
    """Whether the report's window overlaps the plan year (only checked for Bắc Giang's profile)."""
    profile = report.profile
    if profile is None or profile.unit != BAC_GIANG:
        return True
    start, end = dt.date(PLAN_YEAR, 1, 1), dt.date(PLAN_YEAR, 12, 31)
    return report.window.start <= end and report.window.end >= start


def plan_vs_actual(report: Report) -> list[PlanRow]:
    """The rows of the plan table: one per target of ``report.profile`` (none without a profile).

    The actual value is the report's value of the indicator the target names; an
    indicator the report lacks, a suppressed value, or a window outside the plan year
    gives ``None`` and the status ``"chưa có số liệu"``.
    """
    profile = report.profile
    if profile is None:
        return []
    in_period = _in_plan_period(report)
    by_code = {i.code: i for i in report.indicators}
    rows: list[PlanRow] = []
    for target in profile.targets:
        found = by_code.get(target.indicator)
        value = found.value if (found is not None and in_period) else None
        if found is not None and found.suppressed and in_period:
            actual = found.suppressed
        else:
            actual = format_number(value, target.unit)
        rows.append(PlanRow(
            indicator=target.indicator,
            label_vi=target.label_vi,
            plan_vi=plan_text(target),
            value=value,
            actual_vi=actual,
            status=target.status(value),
            unit=target.unit,
            basis=target.basis,
        ))
    return rows


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_plan_markdown(report: Report) -> bytes:
    """The ``bac-giang-plan`` document of ``report`` as UTF-8 Markdown (a pure function of the report)."""
    profile = report.profile
    window = report.window
    meta = report.meta
    out: list[str] = []
    if profile is not None:
        for line in (profile.issuer_parent_vi, profile.issuer_vi or profile.organisation_vi):
            if line:
                out.append(f"**{line.upper()}**  ")
        out.append("")
    out += [f"# {PLAN_TITLE.upper()}", ""]
    if profile is not None and profile.labels.get("plan_title"):
        out += [f"**{profile.labels['plan_title']}**", ""]
    out.append(f"- Kỳ báo cáo: {window.label_vi} (`{window.label}`)")
    if profile is not None:
        out.append(f"- Tổ chức thực hiện: {profile.organisation_vi}")
        if profile.labels.get("plan_basis"):
            out.append(f"- Căn cứ: {profile.labels['plan_basis']}")
    units = ", ".join(meta.units) if meta.units else "(không có số liệu)"
    out.append(f"- Đơn vị hành chính trong số liệu: {units}")
    out.append("")

    rows = plan_vs_actual(report)
    if profile is None:
        out.append(
            "Báo cáo không gắn với hồ sơ tỉnh nào (hook `tgpl_province_profile` không trả lời), "
            "nên không có chỉ tiêu kế hoạch để so sánh."
        )
    elif not rows:
        out.append("Không có chỉ tiêu kế hoạch áp dụng cho đơn vị này trong kỳ báo cáo.")
    else:
        out += ["| Chỉ tiêu | Kế hoạch | Thực hiện | Tình trạng |", "|---|--:|--:|---|"]
        for row in rows:
            out.append(f"| {_cell(row.label_vi)} | {row.plan_vi} | {row.actual_vi} | {row.status} |")

    notes: list[str] = []
    if profile is not None and not _in_plan_period(report):
        notes.append(
            f"Kỳ báo cáo nằm ngoài năm kế hoạch {PLAN_YEAR}; không so sánh số liệu của kỳ này với chỉ tiêu năm {PLAN_YEAR}."
        )
    elif rows and (window.start, window.end) != (dt.date(PLAN_YEAR, 1, 1), dt.date(PLAN_YEAR, 12, 31)) and profile is not None and profile.unit == BAC_GIANG:
        notes.append(
            f"Kỳ báo cáo không trùng cả năm {PLAN_YEAR}; tình trạng được đánh giá trên số liệu của kỳ so với chỉ tiêu cả năm."
        )
    by_code = {i.code: i for i in report.indicators}
    for row in rows:
        found = by_code.get(row.indicator)
        if found is not None and "minh họa" in found.basis:
            notes.append(f"“{row.label_vi}”: số liệu minh họa (xem căn cứ của chỉ tiêu `{row.indicator}`).")
    if profile is not None and profile.successor_note_vi:
        notes.append(profile.successor_note_vi)
    if notes:
        out += ["", "**Ghi chú:**", ""]
        out += [f"- {n}" for n in notes]

    if profile is not None and (profile.place_vi or profile.signer_name):
        out.append("")
        if profile.place_vi:
            out += [f"*{date_line_vi(profile.place_vi, issue_date(report))}*", ""]
        for line in profile.signer_title_vi.split("\n"):
            out.append(f"**{line}**  ")
        if profile.signer_name:
            out += ["", profile.signer_name]
    if profile is not None and profile.recipients_vi:
        out += ["", "*Nơi nhận:*", ""]
        last = len(profile.recipients_vi) - 1
        out += [f"- {r}{'.' if i == last else ';'}" for i, r in enumerate(profile.recipients_vi)]
    out += ["", f"*Lập bằng tgpl {meta.tgpl_version}; chỉ chứa số liệu tổng hợp, không chứa thông tin cá nhân.*"]
    return ("\n".join(out) + "\n").encode("utf-8")


#: The custom report format (``tgpl report --format bac-giang-plan``).
PLAN_FORMAT: Final = ReportFormat(
    name="bac-giang-plan",
    label_vi="Bảng so sánh kế hoạch và kết quả thực hiện (Markdown)",
    extension="plan.md",
    media_type="text/markdown; charset=utf-8",
    render=render_plan_markdown,
)
