"""The built-in Markdown report (báo cáo dạng Markdown): Vietnamese, readable in a terminal.

Layout, following the provincial half-year reports (seed 001, Bắc Kạn 6 tháng đầu năm
2022): the issuing body when a province profile is known, a title, the window in
Vietnamese with its legal basis, the unit(s), then one table per section (cases,
persons, simple answers and reception, quality, coordination in proceedings,
communication and mobile aid, training, deadlines, plugin indicators) with every
indicator's label, counting unit and value written the Vietnamese way (``1.389``,
``81,6 %``), the plan targets when the profile has some, and the provenance (inputs,
rule sets, plugins, generation time). No personal data can appear: a format only sees
counts.
"""

from __future__ import annotations

from collections.abc import Iterable

from tgpl.domain import UnitRef
from tgpl.errors import TgplError
from tgpl.reporting.formats.vi import MISSING, display_value, format_datetime, format_number
from tgpl.reporting.report import IndicatorResult, Report, ReportFormat

__all__ = ["MARKDOWN", "SECTIONS", "render_markdown", "section_of"]

#: Report sections: (title, code prefixes), in order. Codes with another prefix go to
#: the last section, "Chỉ tiêu khác".
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Vụ việc trợ giúp pháp lý", ("cases", "requests")),
    ("Người được trợ giúp pháp lý (lượt người)", ("person_occasions",)),
    ("Hướng dẫn, giải đáp pháp luật và tiếp người", ("simple_answers", "reception")),
    ("Chất lượng và hiệu quả vụ việc", ("appraisal", "evaluation", "success")),
    ("Phối hợp trong hoạt động tố tụng", ("referrals",)),
    ("Truyền thông và trợ giúp pháp lý lưu động", ("outreach", "mobile")),
    ("Tập huấn, bồi dưỡng", ("training",)),
    ("Thời hạn", ("deadlines",)),
)
_OTHER = "Chỉ tiêu khác"

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


def _unit_name(code: str) -> str:
    try:
        return f"{UnitRef.parse(code).name} (`{code}`)"
    except (TgplError, ValueError):
        return f"`{code}`"


def _table(items: Iterable[IndicatorResult]) -> list[str]:
    lines = ["| STT | Chỉ tiêu | Đơn vị tính | Số liệu | Mã |", "|--:|---|---|--:|---|"]
    for n, i in enumerate(items, 1):
        lines.append(f"| {n} | {_cell(i.label_vi)} | {_cell(i.unit)} | {display_value(i)} | `{i.code}` |")
    return lines


def render_markdown(report: Report) -> bytes:
    """The Markdown text of ``report`` as UTF-8 bytes (a pure function of the report)."""
    meta = report.meta
    window = report.window
    profile = report.profile
    out: list[str] = []
    if profile is not None:
        for line in (profile.issuer_parent_vi, profile.issuer_vi or profile.organisation_vi):
            if line:
                out.append(f"**{line.upper()}**  ")
        out.append("")
    out.append("# BÁO CÁO KẾT QUẢ CÔNG TÁC TRỢ GIÚP PHÁP LÝ")
    out.append("")
    out.append(f"**{window.label_vi}**")
    out.append("")
    out.append(f"- Kỳ báo cáo: {window.label_vi} (`{window.label}`)")
    if window.regime is not None:
        basis = window.basis
        out.append(f"- Chế độ kỳ báo cáo: {window.regime.label_vi}" + (f" — {basis}" if basis else ""))
    if profile is not None:
        out.append(f"- Tổ chức thực hiện: {profile.organisation_vi}")
    units = ", ".join(_unit_name(u) for u in meta.units) if meta.units else "(không có số liệu)"
    out.append(f"- Đơn vị: {units}")
    out.append(f"- Cách ghi đơn vị hành chính: {_UNIT_MODE_VI.get(meta.unit_mode, meta.unit_mode)}")
    out.append(f"- Thời điểm lập báo cáo: {format_datetime(meta.generated_at)} (giờ Việt Nam)")
    if profile is not None and profile.successor_note_vi:
        out.append(f"- Ghi chú: {profile.successor_note_vi}")

    groups: dict[str, list[IndicatorResult]] = {}
    for ind in report.indicators:
        groups.setdefault(section_of(ind.code), []).append(ind)
    titles = [t for t, _ in SECTIONS] + [_OTHER]
    number = 0
    for title in titles:
        items = groups.get(title)
        if not items:
            continue
        number += 1
        out += ["", f"## {number}. {title}", "", *_table(items)]

    if profile is not None and profile.targets:
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
    for key, value in meta.rule_sets.items():
        out.append(f"- Quy tắc `{key}`: {value}")
    if meta.plugins:
        out.append("- Plugin: " + ", ".join(f"{n} {v}".strip() for n, v in meta.plugins.items()))
    out.append(f"- Phiên bản tgpl: {meta.tgpl_version}")
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
