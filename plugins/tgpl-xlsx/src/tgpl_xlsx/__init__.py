"""tgpl-xlsx: the ``xlsx`` report format — Biểu 24/BTP/TGPL and Biểu 25/BTP/TGPL as a workbook.

Installed, the plugin registers itself through the ``tgpl`` entry-point group; ``tgpl
report --format xlsx`` then writes a workbook with four sheets:

* **Biểu 24** — person-occasions (lượt người) by field and form of legal aid, by sex and
  beneficiary group, laid out like Biểu 24/BTP/TGPL of TT 03/2019/TT-BTP;
* **Biểu 25** — cases (vụ việc): handled = carried over + accepted, ended, ended by kind
  of provider, laid out like Biểu 25/BTP/TGPL;
* **Chỉ tiêu khác** — every other indicator (code, Vietnamese label, unit, value);
* **Thông tin** — the report's metadata (window, regime, units, rule sets, plugins, time).

``render_xlsx(report)`` is a pure function of the :class:`~tgpl.reporting.report.Report`
and gives the same bytes for the same report. See ``docs/formats.md``.
"""

from __future__ import annotations

from typing import Final

from tgpl.reporting.hookspecs import RegisterFormat, hookimpl
from tgpl.reporting.report import ReportFormat
from tgpl_xlsx.layout import (
    BIEU25_COLUMNS,
    FORM_ROWS,
    ROW_GROUPS,
    Bieu25Column,
    FormRow,
    RowGroup,
    bieu25,
    form_rows,
    row_value,
)
from tgpl_xlsx.workbook import (
    CODES_IN_FORMS,
    NUMBER_FORMAT,
    SHEET_BIEU24,
    SHEET_BIEU25,
    SHEET_INDICATORS,
    SHEET_META,
    SHEET_TECHNICAL,
    build_workbook,
    indicators_outside_forms,
    render_xlsx,
)

__all__ = [
    "BIEU25_COLUMNS",
    "CODES_IN_FORMS",
    "FORM_ROWS",
    "NUMBER_FORMAT",
    "ROW_GROUPS",
    "SHEET_BIEU24",
    "SHEET_BIEU25",
    "SHEET_INDICATORS",
    "SHEET_META",
    "SHEET_TECHNICAL",
    "XLSX_FORMAT",
    "Bieu25Column",
    "FormRow",
    "RowGroup",
    "__version__",
    "bieu25",
    "build_workbook",
    "form_rows",
    "indicators_outside_forms",
    "render_xlsx",
    "row_value",
    "tgpl_register_formats",
]

__version__: Final = "0.1.0"

#: The format this plugin registers.
XLSX_FORMAT: Final = ReportFormat(
    name="xlsx",
    label_vi="Bảng tính Excel theo Biểu 24, 25/BTP/TGPL",
    extension="xlsx",
    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    render=render_xlsx,
)


@hookimpl
def tgpl_register_formats(register: RegisterFormat) -> None:
    """Register the ``xlsx`` format."""
    register(XLSX_FORMAT)
