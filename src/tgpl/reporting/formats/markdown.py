"""The built-in Markdown report (báo cáo dạng Markdown): Vietnamese, readable in a terminal.

Layout, following the provincial half-year reports (seed 001, Bắc Kạn 6 tháng đầu năm
2022): the supervising and issuing bodies and the place-and-date line
(:func:`tgpl.reporting.heading.report_heading`: the unit as of the window's end, its seat,
the issue date), a title, the window in Vietnamese with its legal basis, the unit and the
former units a merged unit covers, then one table per section (cases, persons, simple
answers and reception, quality, coordination in proceedings (referrals, duty shifts, the coordination council), communication and mobile
aid, training, deadlines, plugin indicators) with every indicator's label, counting unit
and value written the Vietnamese way (``1.389``, ``81,6 %``), the plan targets when the
profile has some, and a Vietnamese note on the sources (records, input files, the
window's legal basis and the form layout). Indicator codes, rule-set ids and plugin
versions are machine notes: they are in the JSON format, not here. No personal data can
appear: a format only sees counts.
"""

from __future__ import annotations

from collections.abc import Iterable

from tgpl.reporting.formats.vi import MISSING, display_value, format_datetime, format_number
from tgpl.reporting.heading import report_heading, spell_out_first
from tgpl.reporting.report import IndicatorResult, PlanSection, Report, ReportFormat
from tgpl.reporting.statforms import form_layout_on

__all__ = ["MARKDOWN", "SECTIONS", "plan_markdown", "render_markdown", "section_of"]

#: Report sections: (title, code prefixes), in order. Codes with another prefix go to
#: the last section, "Chỉ tiêu khác".
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Vụ việc trợ giúp pháp lý", ("cases", "requests")),
    ("Người được trợ giúp pháp lý (lượt người)", ("person_occasions",)),
    ("Hướng dẫn, giải đáp pháp luật và tiếp người", ("simple_answers", "reception")),
    ("Chất lượng và hiệu quả vụ việc", ("appraisal", "evaluation", "success")),
    ("Phối hợp trong hoạt động tố tụng", ("referrals", "duty", "council")),
    ("Truyền thông và trợ giúp pháp lý lưu động", ("outreach", "mobile")),
    ("Tập huấn, bồi dưỡng", ("training",)),
    ("Thời hạn", ("deadlines",)),
    ("Chỉ tiêu vụ việc tham gia tố tụng của Trợ giúp viên pháp lý", ("tgv_quota",)),
    ("Tham gia phiên tòa (trực tiếp, trực tuyến)", ("hearings",)),
    ("Trợ giúp pháp lý trong các chương trình mục tiêu quốc gia", ("programmes",)),
)
_OTHER = "Chỉ tiêu khác"

#: Rule-set ids tgpl records for machines (JSON ``meta.rule_sets``); other entries are printed.
_MACHINE_RULE_SETS = frozenset({"window_cutoff", "rubric", "eligibility", "tally", "suppression"})

_UNIT_MODE_VI = {
    "as_recorded": "theo đơn vị hành chính ghi trong hồ sơ (tại thời điểm ghi nhận)",
    "scheme_2025": "quy đổi về 34 đơn vị hành chính cấp tỉnh từ 01/07/2025 (Nghị quyết 202/2025/QH15)",
}


def section_of(code: str) -> str:
    """The title of the section an indicator code belongs to."""
    head = code.split(".", 1)[0]
    for title, prefixes in SECTIONS:
        if head in prefixes:
            return title
    return _OTHER


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(items: Iterable[IndicatorResult], labels: dict[str, str]) -> list[str]:
    lines = ["| STT | Chỉ tiêu | Đơn vị tính | Số liệu |", "|--:|---|---|--:|"]
    for n, i in enumerate(items, 1):
        lines.append(f"| {n} | {_cell(labels[i.code])} | {_cell(i.unit)} | {display_value(i)} |")
    return lines


def plan_markdown(plan: PlanSection, number: str = "") -> list[str]:
    """The plan-versus-actual section (``tgpl report --plan``) as Markdown lines."""
    out = [f"## {number}Kết quả thực hiện kế hoạch", "", f"**{plan.title_vi}**", ""]
    out.append(f"- Văn bản: {plan.reference_vi}")
    out.append(f"- Thời gian thực hiện kế hoạch: {plan.period_vi}")
    for basis in plan.basis_vi:
        out.append(f"- Căn cứ: {basis}")
    out.append(f"- Ngày đánh giá tình trạng thực hiện: {plan.status_date:%d/%m/%Y}")
    counts: dict[str, int] = {}
    for task in plan.tasks:
        counts[task.status_vi] = counts.get(task.status_vi, 0) + 1
    summary = "; ".join(f"{label.lower()}: {n}" for label, n in counts.items())
    out.append(f"- Số nhiệm vụ: {len(plan.tasks)} ({summary})")
    out += ["", "| STT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện | Tình trạng |",
            "|---|---|---|---|---|---|"]
    for task in plan.tasks:
        text = _cell(task.text_vi)
        if task.progress_vi:
            text += f" *(Tiến độ: {_cell(task.progress_vi)})*"
        out.append(
            f"| {task.id} | {text} | {_cell(task.lead_vi) or MISSING} | {_cell(task.partners_vi) or MISSING} "
            f"| {_cell(task.time_frame_vi)} | {task.status_vi} |"
        )
    targets = [(task, t) for task in plan.tasks for t in task.targets]
    if targets:
        out += ["", "| Nhiệm vụ | Chỉ tiêu | Kế hoạch | Thực hiện | Mức cần đạt đến ngày đánh giá | Thời gian tính số liệu | Tình trạng |",
                "|---|---|--:|--:|--:|---|---|"]
        for task, t in targets:
            out.append(
                f"| {task.id} | {_cell(t.label_vi)} | {t.planned_vi} | {t.actual_vi} | {t.expected_vi or MISSING} "
                f"| {t.counted_vi or MISSING} | {t.status_vi} |"
            )
    followed = [(task, t) for task in plan.tasks for t in task.followed]
    if followed:
        out += ["", "| Nhiệm vụ | Chỉ tiêu theo dõi (không có chỉ tiêu số) | Thực hiện | Thời gian tính số liệu |",
                "|---|---|--:|---|"]
        for task, t in followed:
            out.append(f"| {task.id} | {_cell(t.label_vi)} | {t.actual_vi} | {t.counted_vi or MISSING} |")
    if plan.notes_vi:
        out += ["", "Ghi chú:", ""]
        out += [f"- {_cell(n)}" for n in plan.notes_vi]
    return out


def render_markdown(report: Report) -> bytes:
    """The Markdown text of ``report`` as UTF-8 bytes (a pure function of the report)."""
    meta = report.meta
    window = report.window
    profile = report.profile
    head = report_heading(report)
    out: list[str] = []
    for line in (head.parent_vi, head.issuer_vi):
        if line:
            out.append(f"**{line}**  ")
    out += [f"*{head.date_line_vi}*", ""]
    out.append("# BÁO CÁO KẾT QUẢ CÔNG TÁC TRỢ GIÚP PHÁP LÝ")
    out.append("")
    out.append(f"**{window.label_vi}**")
    out.append("")
    out.append(f"- Kỳ báo cáo: {window.label_vi}")
    if window.regime is not None:
        basis = window.basis
        out.append(f"- Chế độ kỳ báo cáo: {window.regime.label_vi}" + (f" — {basis}" if basis else ""))
    out.append(f"- Tổ chức thực hiện: {head.organisation_vi}")
    units = head.unit_name_vi or ", ".join(u.full_name_vi for u in report.covered_units()) or "(không có số liệu)"
    out.append(f"- Đơn vị: {units}")
    if head.former_units_vi:
        out.append(f"- Gồm số liệu của đơn vị hành chính cũ: {', '.join(head.former_units_vi)}")
    out.append(f"- Cách ghi đơn vị hành chính: {_UNIT_MODE_VI.get(meta.unit_mode, meta.unit_mode)}")
    out.append(f"- Thời điểm lập báo cáo: {format_datetime(meta.generated_at)} (giờ Việt Nam)")
    for note in head.notes_vi:
        out.append(f"- Ghi chú: {note}")
    for notice in meta.notices:
        out.append(f"- {notice}")

    groups: dict[str, list[IndicatorResult]] = {}
    for ind in report.indicators:
        groups.setdefault(section_of(ind.code), []).append(ind)
    titles = [t for t, _ in SECTIONS] + [_OTHER]
    ordered = [i for t in titles for i in groups.get(t, [])]
    labels = dict(zip([i.code for i in ordered], spell_out_first([i.label_vi for i in ordered]), strict=True))
    number = 0
    for title in titles:
        items = groups.get(title)
        if not items:
            continue
        number += 1
        out += ["", f"## {number}. {title}", "", *_table(items, labels)]

    if report.plan is not None:
        number += 1
        out += ["", *plan_markdown(report.plan, f"{number}. ")]
    elif profile is not None and profile.targets:
        number += 1
        values = report.values()
        out += ["", f"## {number}. Kết quả thực hiện chỉ tiêu kế hoạch", ""]
        out += ["| Chỉ tiêu kế hoạch | Kế hoạch | Thực hiện | Đánh giá |", "|---|--:|--:|---|"]
        for t in profile.targets:
            lo = format_number(t.minimum, t.unit) if t.minimum is not None else ""
            hi = format_number(t.maximum, t.unit) if t.maximum is not None else ""
            plan = f"{lo}–{hi}" if lo and hi and lo != hi else (lo or hi or MISSING)
            done = values.get(t.indicator)
            out.append(f"| {_cell(t.label_vi)} | {plan} | {format_number(done, t.unit)} | {t.status(done)} |")

    out += ["", "## Thông tin về báo cáo", ""]
    out.append(f"- Số bản ghi đã tổng hợp: {format_number(meta.records)}")
    out.append(f"- Số vấn đề trong dữ liệu đầu vào: {format_number(meta.problems)}")
    if meta.inputs:
        out.append(f"- Tệp dữ liệu: {', '.join(meta.inputs)}")
    rule = window.rule
    if rule is not None:
        out.append(
            f"- Căn cứ xác định kỳ báo cáo: {rule.basis}; áp dụng từ ngày {rule.effective_from:%d/%m/%Y}"
            + ("" if rule.verified else " (ngày áp dụng chưa được đối chiếu với văn bản gốc)")
        )
    layout = form_layout_on(window.end)
    out.append(f"- Biểu mẫu thống kê áp dụng: {layout.circular_vi[0].lower()}{layout.circular_vi[1:]}")
    if layout.note_vi and not layout.verified:
        out.append(f"- Ghi chú về biểu mẫu: {layout.note_vi}")
    for key, value in meta.rule_sets.items():
        if key not in _MACHINE_RULE_SETS:  # a caller's own note (e.g. a national roll-up)
            out.append(f"- {value}")
    out.append(f"- Phiên bản phần mềm: {meta.tgpl_version}")
    if meta.suppress_below is not None:
        k = meta.suppress_below
        out.append(
            f"- Ẩn ô số liệu nhỏ: số liệu từ 1 đến {k - 1} được ghi “dưới {k}”; để không suy ra được "
            "các số liệu đó từ các số liệu khác, một số số liệu và tỷ lệ được ghi “không công bố”; "
            "tỷ lệ được làm tròn đến một chữ số thập phân"
        )
    out.append("- Báo cáo chỉ chứa số liệu tổng hợp, không chứa thông tin cá nhân của người được trợ giúp pháp lý.")
    return ("\n".join(out) + "\n").encode("utf-8")


#: The built-in Markdown format (``--format md``).
MARKDOWN = ReportFormat(
    name="md",
    label_vi="Báo cáo Markdown (văn bản)",
    extension="md",
    media_type="text/markdown; charset=utf-8",
    render=render_markdown,
)
