"""tgpl-docx: the ``docx`` report format — the six-month or annual legal aid report in Word.

Installed, the plugin registers itself through the ``tgpl`` entry-point group; ``tgpl
report --format docx`` then writes the narrative report of the Center (báo cáo kết quả
công tác trợ giúp pháp lý) laid out as a Vietnamese administrative document under Nghị
định 30/2020/NĐ-CP: letterhead with the national title and motto, "BÁO CÁO" and its
subject, sections I–V filled from the indicators (case work, coordination with
procedure-conducting bodies, communication, difficulties, tasks ahead), a chart of cases
by field and form, the signature block and the "Nơi nhận" list.

``render_docx(report)`` is a pure function of the :class:`~tgpl.reporting.report.Report`
and gives the same bytes for the same report. python-docx and matplotlib are imported
only when a report is rendered. See ``docs/formats.md``.
"""

from __future__ import annotations

from typing import Final

from tgpl.reporting.hookspecs import RegisterFormat, hookimpl
from tgpl.reporting.report import ReportFormat
from tgpl_docx.chart import cases_by_field_and_form, cases_chart_png
from tgpl_docx.document import BODY_PT, FONT_NAME, MARGINS_MM, build_document, render_docx
from tgpl_docx.text import (
    LABEL_DIFFICULTIES,
    LABEL_PREAMBLE,
    LABEL_TASKS,
    Block,
    Letterhead,
    Section,
    date_line_vi,
    letterhead,
    next_period_vi,
    period_vi,
    sections,
    spell_out_first,
)

__all__ = [
    "BODY_PT",
    "DOCX_FORMAT",
    "FONT_NAME",
    "LABEL_DIFFICULTIES",
    "LABEL_PREAMBLE",
    "LABEL_TASKS",
    "MARGINS_MM",
    "Block",
    "Letterhead",
    "Section",
    "__version__",
    "build_document",
    "cases_by_field_and_form",
    "cases_chart_png",
    "date_line_vi",
    "letterhead",
    "next_period_vi",
    "period_vi",
    "render_docx",
    "sections",
    "spell_out_first",
    "tgpl_register_formats",
]

__version__: Final = "0.1.0"

#: The format this plugin registers.
DOCX_FORMAT: Final = ReportFormat(
    name="docx",
    label_vi="Báo cáo Word theo thể thức Nghị định 30/2020/NĐ-CP",
    extension="docx",
    media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    render=render_docx,
)


@hookimpl
def tgpl_register_formats(register: RegisterFormat) -> None:
    """Register the ``docx`` format."""
    register(DOCX_FORMAT)
