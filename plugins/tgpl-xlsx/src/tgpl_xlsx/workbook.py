"""The workbook: Biểu 24 and Biểu 25 laid out like the legal-aid statistical forms, other indicators, metadata.

The forms are those in force on the window's last day (:data:`tgpl.reporting.statforms.FORM_LAYOUTS`:
TT 03/2019/TT-BTP up to 2025; the TT 17/2025/TT-BTP forms, not found in public sources, keep
the 2019 rows and columns and say so in the notes). Every visible number is a value
computed by tgpl (a reader without formula recalculation sees it); a hidden column
"Kiểm tra" holds Excel formulas that re-check the totals ((1) = (2) + (3) …). Counts use
the format :data:`NUMBER_FORMAT`, which prints the thousands with a dot whatever the
reader's locale (``1.389``); ratios and decimals are written as Vietnamese text
(``81,6 %``). Every sheet is in Times New Roman (the workbook's default font too), has a
footer "Trang n/m", and sets the height of every row whose text wraps. Biểu 24 prints on
two landscape pages with the row titles (columns A–B) and the header rows repeated.
Indicator codes, sources and the rule sets are on the hidden sheet "Kỹ thuật" (technical),
never on a sheet an officer reads.

The bytes are reproducible: the workbook's created/modified properties and every zip
entry carry ``meta.generated_at``, so the same report renders to the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from tgpl.domain import Form
from tgpl.reporting.formats.vi import display_value, format_number
from tgpl.reporting.heading import report_heading, spell_out_first
from tgpl.reporting.report import IndicatorResult, Report
from tgpl.reporting.statforms import (
    BIEU24_COLUMNS,
    FormLayout,
    PoorMinorityRule,
    bieu24,
    form_layout_on,
)
from tgpl_xlsx._support import (
    local_time,
    organisation_vi,
    receiving_body_vi,
    report_units,
    reproducible_zip,
)
from tgpl_xlsx.layout import BIEU25_COLUMNS, FORM_ROWS, FormRow, bieu25, row_value
from tgpl_xlsx.plan import plan_sheet

__all__ = [
    "FONT_NAME",
    "NUMBER_FORMAT",
    "SHEET_BIEU24",
    "SHEET_BIEU25",
    "SHEET_INDICATORS",
    "SHEET_META",
    "SHEET_TECHNICAL",
    "build_workbook",
    "indicators_outside_forms",
    "layout_of",
    "render_xlsx",
    "technical_rows",
    "withheld",
    "wrapped_lines",
]

FONT_NAME = "Times New Roman"
#: Thousands with a dot in every locale: the dots are literal characters of the format
#: (Excel and LibreOffice fill the digit places right to left), not the locale's separator.
NUMBER_FORMAT = r"[>=1000000]0\.000\.000;[>=1000]0\.000;0"
SHEET_BIEU24 = "Biểu 24"
SHEET_BIEU25 = "Biểu 25"
SHEET_INDICATORS = "Chỉ tiêu khác"
SHEET_META = "Thông tin"
SHEET_TECHNICAL = "Kỹ thuật"
CHECK_HEADER = "Kiểm tra"
FOOTER = "Trang &P/&N"
#: Points per line of wrapped 12 pt text (row heights of wrapped cells).
_LINE_PT = 15.75

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")


def _font(size: float = 12, *, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic)


def _put(
    ws: Worksheet,
    row: int,
    col: int,
    value: object,
    *,
    font: Font | None = None,
    align: Alignment = _LEFT,
    border: bool = False,
    number_format: str | None = None,
) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.font = font or _font()
    cell.alignment = align
    if border:
        cell.border = _BOX
    if number_format:
        cell.number_format = number_format


def _merge(ws: Worksheet, r1: int, c1: int, r2: int, c2: int, value: object, *,
           font: Font | None = None, align: Alignment = _CENTER, border: bool = False) -> None:
    """Write ``value`` in the top-left cell and merge the range (borders on every cell of it)."""
    _put(ws, r1, c1, value, font=font, align=align, border=border)
    if border:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                ws.cell(row=r, column=c).border = _BOX
    if (r1, c1) != (r2, c2):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def _page_setup(ws: Worksheet, *, landscape: bool, title_rows: str | None = None, scale: int | None = None) -> None:
    """A4, margins, repeated title rows and the footer "Trang n/m" in Times New Roman.

    Without ``scale`` the sheet is fitted to one page wide; with it, printed at that
    scale (Biểu 24, split over two pages by a column break).
    """
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if scale is None:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        ws.page_setup.scale = scale
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.8
    ws.page_margins.footer = 0.3
    if title_rows:
        ws.print_title_rows = title_rows
    for footer in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
        footer.center.text = FOOTER
        footer.center.font = f"{FONT_NAME},Regular"
        footer.center.size = 10


def wrapped_lines(text: str, width_chars: float) -> int:
    """How many lines ``text`` takes in a cell ``width_chars`` wide (12 pt Times New Roman).

    A column width counts characters of the default font; Vietnamese text in 12 pt Times
    New Roman fits about 1.15 characters per width unit (1.05 is used, so bold text fits
    too). Explicit line breaks count.
    """
    per_line = max(int(width_chars * 1.05) - 1, 1)
    return sum(max(1, -(-len(part) // per_line)) for part in str(text).split("\n"))


def _fit_row(ws: Worksheet, row: int, cells: Iterable[tuple[str, float]], *, minimum: float = _LINE_PT, pt: float = 12) -> None:
    """Set the row's height to hold its tallest wrapped cell (``(text, width)`` pairs)."""
    lines = max((wrapped_lines(text, width * 12 / pt) for text, width in cells), default=1)
    ws.row_dimensions[row].height = max(minimum, lines * _LINE_PT * pt / 12 + 3)


def layout_of(report: Report) -> FormLayout:
    """The form layout in force on the report's last day."""
    return form_layout_on(report.window.end)


def _form_banner(
    ws: Worksheet, *, form_no: str, title: str, report: Report, unit_vi: str, last_col: int,
    right: int | None = None,
) -> None:
    """Rows 1–3: form number and circular (left), title and window (centre), who and unit (right).

    ``right`` is the first column of the right-hand block (default: the last four columns).
    """
    right = right if right is not None else last_col - 3
    layout = layout_of(report)
    _merge(ws, 1, 1, 1, 2, f"Biểu số {form_no}" if form_no else "Biểu mẫu", font=_font(12, bold=True), align=_LEFT)
    _merge(ws, 2, 1, 3, 2, layout.circular_vi, font=_font(10, italic=True), align=_LEFT)
    _merge(ws, 1, 3, 1, right - 1, title, font=_font(13, bold=True))
    _merge(ws, 2, 3, 2, right - 1, f"Kỳ báo cáo: {report.meta.window_vi}", font=_font(12, bold=True))
    span = f"Từ ngày {report.window.start:%d/%m/%Y} đến ngày {report.window.end:%d/%m/%Y}"
    _merge(ws, 3, 3, 3, right - 1, f"({span})", font=_font(11, italic=True))
    _merge(ws, 1, right, 1, last_col, f"Đơn vị báo cáo: {organisation_vi(report)}", font=_font(11), align=_LEFT)
    _merge(ws, 2, right, 2, last_col, f"Đơn vị nhận báo cáo: {receiving_body_vi(report)}", font=_font(11), align=_LEFT)
    _merge(ws, 3, right, 3, last_col, f"Đơn vị tính: {unit_vi}", font=_font(11), align=_LEFT)
    width_right = sum(_width(ws, c) for c in range(right, last_col + 1))
    width_left = sum(_width(ws, c) for c in (1, 2))
    for r, text in ((1, f"Đơn vị báo cáo: {organisation_vi(report)}"), (2, f"Đơn vị nhận báo cáo: {receiving_body_vi(report)}")):
        _fit_row(ws, r, [(text, width_right)], minimum=30, pt=11)
    _fit_row(ws, 3, [(layout.circular_vi, width_left / 2)], minimum=24, pt=10)


def _width(ws: Worksheet, col: int) -> float:
    width = ws.column_dimensions[get_column_letter(col)].width
    return float(width) if width else 9.0


def withheld(report: Report) -> bool:
    """Whether the form sheets withhold their numbers: small-cell suppression is on.

    The forms are cross-tables with subtotals in both directions and several relations
    between columns ((1) = (2) + (3) …), so hiding single small cells would not protect
    them; like the JSON format's tally, the detailed tables are then not published and
    only the (suppressed) indicators are.
    """
    return report.meta.suppress_below is not None


def _withheld_note(ws: Worksheet, row: int, last_col: int, report: Report) -> None:
    _merge(ws, row, 1, row, last_col,
           f"Số liệu chi tiết của biểu không được công bố vì báo cáo áp dụng ẩn ô số liệu nhỏ "
           f"(dưới {report.meta.suppress_below}); xem các chỉ tiêu tổng hợp tại trang \"{SHEET_INDICATORS}\".",
           font=_font(12, bold=True, italic=True), align=_LEFT)
    _fit_row(ws, row, [(str(ws.cell(row=row, column=1).value), sum(_width(ws, c) for c in range(1, last_col + 1)))], minimum=36)


def _row_label(row: FormRow) -> str:
    return row.label_vi.upper() if row.level == 0 else row.label_vi


def _body(
    ws: Worksheet,
    first_row: int,
    rows: Sequence[FormRow],
    cells: Mapping[tuple[str, str], Mapping[str, int]],
    codes: Sequence[str],
    check: str,
    *,
    hide: bool = False,
) -> dict[str, int]:
    """Write the data rows from ``first_row``; return ``{row number or "total": sheet row}``.

    ``check`` is an Excel formula template for the hidden check column, with ``{r}`` for
    the sheet row.
    """
    where: dict[str, int] = {}
    check_col = 3 + len(codes)
    for i, row in enumerate(rows):
        r = first_row + i
        bold = row.level <= 1
        _put(ws, r, 1, row.number, font=_font(12, bold=bold), align=_CENTER, border=True)
        indent = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=2 * max(row.level - 1, 0))
        _put(ws, r, 2, _row_label(row), font=_font(12, bold=bold, italic=row.heading), align=indent, border=True)
        _fit_row(ws, r, [(_row_label(row), _width(ws, 2) - 2 * max(row.level - 1, 0))])
        for j, code in enumerate(codes):
            value = None if row.heading or hide else row_value(cells, row, code)
            _put(ws, r, 3 + j, value, font=_font(12, bold=bold), align=_RIGHT, border=True, number_format=NUMBER_FORMAT)
        if not row.heading and not hide:
            ws.cell(row=r, column=check_col, value=check.format(r=r)).font = _font(10)
        where["total" if row.level == 0 else f"{_section(rows, i)}{row.number}"] = r
    return where


def _section(rows: Sequence[FormRow], index: int) -> str:
    """``"I."`` or ``"II."`` — the heading a row sits under (row numbers repeat across sections)."""
    for row in reversed(rows[: index + 1]):
        if row.heading:
            return f"{row.number}."
    return ""


def _total_check(ws: Worksheet, where: Mapping[str, int], codes: Sequence[str]) -> None:
    """The total row's check: every column equals the sum of the section I field rows."""
    total = where["total"]
    field_rows = [r for key, r in where.items() if key.startswith("I.") and key.count(".") == 1 and key != "I.I"]
    tests = []
    for j in range(len(codes)):
        col = get_column_letter(3 + j)
        tests.append(f"{col}{total}=" + "+".join(f"{col}{r}" for r in field_rows))
    formula = f'=IF(AND({",".join(tests)}),"Đúng","Sai")'
    ws.cell(row=total, column=3 + len(codes), value=formula).font = _font(10)


def _hide_check(ws: Worksheet, col: int, header_row: int) -> None:
    letter = get_column_letter(col)
    ws.cell(row=header_row, column=col, value=CHECK_HEADER).font = _font(10, bold=True)
    ws.column_dimensions[letter].hidden = True
    ws.column_dimensions[letter].width = 12


def _signatures(ws: Worksheet, row: int, last_col: int, report: Report, *, right: int | None = None) -> None:
    """The form's footer: the preparer (left); the place and date, the head of the unit and a
    line for the name (right)."""
    right = right if right is not None else last_col - 3
    head = report_heading(report)
    _merge(ws, row, 1, row, 2, "Người lập biểu", font=_font(12, bold=True))
    _merge(ws, row + 1, 1, row + 1, 2, "(Ký, ghi rõ họ tên)", font=_font(11, italic=True))
    _merge(ws, row + 5, 1, row + 5, 2, "………………………………", font=_font(12))
    _merge(ws, row - 1, right, row - 1, last_col, head.date_line_vi, font=_font(12, italic=True))
    _merge(ws, row, right, row, last_col, "Thủ trưởng đơn vị", font=_font(12, bold=True))
    _merge(ws, row + 1, right, row + 1, last_col, "(Ký, đóng dấu, ghi rõ họ tên)", font=_font(11, italic=True))
    name = report.profile.signer_name if report.profile is not None and report.profile.signer_name else "………………………………"
    _merge(ws, row + 5, right, row + 5, last_col, name, font=_font(12, bold=True))


def _notes(ws: Worksheet, row: int, last_col: int, lines: Iterable[str]) -> int:
    width = sum(_width(ws, c) for c in range(1, last_col + 1))
    for i, line in enumerate(lines):
        _merge(ws, row + i, 1, row + i, last_col, line, font=_font(10, italic=True), align=_LEFT)
        _fit_row(ws, row + i, [(line, width)], minimum=_LINE_PT, pt=10)
    return row + i + 1


def _report_notes(report: Report) -> list[str]:
    """Notes every form sheet ends with: the heading's notes, the report's notices
    (provisional rules, legacy successes, quota) and the form layout's."""
    layout = layout_of(report)
    out = [*report_heading(report).notes_vi, *report.meta.notices]
    if layout.note_vi:
        out.append(layout.note_vi)
    return out


# -- Biểu 24 -------------------------------------------------------------------------------

#: Biểu 24 prints on two landscape pages: columns A–L ((1)–(10)), then M– ((11)–(18) and
#: the columns outside the form), with columns A–B and the header rows on both pages.
_B24_BREAK = 12
_B24_SCALE = 85
_B24_FORM = [c for c in BIEU24_COLUMNS if c.number > 0]
_B24_EXTRA = [c for c in BIEU24_COLUMNS if c.number == 0]
UNKNOWN_SEX = "sex_unknown"


def _bieu24_sheet(ws: Worksheet, report: Report, rows: Sequence[FormRow]) -> None:
    cells: dict[tuple[str, str], dict[str, int]] = {
        k: dict(v) for k, v in bieu24(report.tally, rule=PoorMinorityRule.EXCLUSIVE).items()
    }
    for v in cells.values():
        v[UNKNOWN_SEX] = v["total"] - v["male"] - v["female"]
    extras = [c for c in _B24_EXTRA if report.window.end >= dt.date(2027, 1, 1) or cells[("total", "total")][c.code]]
    codes = [c.code for c in _B24_FORM] + [UNKNOWN_SEX] + [c.code for c in extras]
    last = 2 + len(codes)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 36
    for c in range(3, last + 1):
        ws.column_dimensions[get_column_letter(c)].width = 11
    ws.column_dimensions["U"].width = 16
    _form_banner(ws, form_no=layout_of(report).person_form, title="SỐ LƯỢT NGƯỜI ĐƯỢC TRỢ GIÚP PHÁP LÝ", report=report,
                 unit_vi="Lượt người", last_col=last, right=_B24_BREAK + 1)
    h = 5
    hdr = _font(11, bold=True)
    _merge(ws, h, 1, h + 2, 1, "STT", font=hdr, border=True)
    _merge(ws, h, 2, h + 2, 2, "Lĩnh vực pháp luật / hình thức trợ giúp pháp lý", font=hdr, border=True)
    _merge(ws, h, 3, h + 2, 3, "Tổng số lượt người được trợ giúp pháp lý", font=hdr, border=True)
    _merge(ws, h, 4, h, 5, "Chia theo giới tính", font=hdr, border=True)
    # split at the page break so each printed half carries its own, whole heading
    _merge(ws, h, 6, h, _B24_BREAK, "Chia theo diện người được trợ giúp pháp lý", font=hdr, border=True)
    _merge(ws, h, _B24_BREAK + 1, h, 20, "Chia theo diện người được trợ giúp pháp lý (tiếp theo)", font=hdr, border=True)
    _merge(ws, h, 21, h, last, "Cột bổ sung ngoài biểu (để đối chiếu)", font=hdr, border=True)
    for c in (4, 5):
        _merge(ws, h + 1, c, h + 2, c, _B24_FORM[c - 3].label_vi, font=hdr, border=True)
    for col in _B24_FORM[3:10]:  # (4)–(10)
        c = 2 + col.number
        _merge(ws, h + 1, c, h + 2, c, col.label_vi, font=hdr, border=True)
    _merge(ws, h + 1, 13, h + 1, 20, "Người thuộc diện có khó khăn về tài chính", font=hdr, border=True)
    for col in _B24_FORM[10:]:  # (11)–(18)
        _merge(ws, h + 2, 2 + col.number, h + 2, 2 + col.number, col.label_vi, font=hdr, border=True)
    _merge(ws, h + 1, 21, h + 2, 21, "Chưa rõ giới tính", font=hdr, border=True)
    for k, col in enumerate(extras):
        _merge(ws, h + 1, 22 + k, h + 2, 22 + k, col.label_vi, font=hdr, border=True)
    marks = ["A", "B"] + [f"({c.number})" for c in _B24_FORM] + ["(a)"] + [f"({chr(ord('b') + k)})" for k in range(len(extras))]
    for c, mark in enumerate(marks, start=1):
        _put(ws, h + 3, c, mark, font=_font(10, italic=True), align=_CENTER, border=True)
    ws.row_dimensions[h].height = 45
    ws.row_dimensions[h + 1].height = 36
    ws.row_dimensions[h + 2].height = 120
    first = h + 4
    hide = withheld(report)
    where = _body(ws, first, rows, cells, codes, '=IF(C{r}=D{r}+E{r}+U{r},"Đúng","Sai")', hide=hide)
    if not hide:
        _total_check(ws, where, codes)
    _hide_check(ws, last + 1, h)
    end = first + len(rows) + 1
    if hide:
        _withheld_note(ws, end, last, report)
        end += 1
    end = _notes(ws, end, _B24_BREAK, [  # notes on the first half's width: whole on one page
        "Ghi chú: số lượt người của các vụ việc đã thực hiện trong kỳ (kỳ trước chuyển qua + thụ lý trong kỳ); "
        "mỗi người được trợ giúp trong một vụ việc là một lượt người (TT 10/2017/TT-BTP, chỉ tiêu 1301).",
        "Cột (4)–(18): một lượt người thuộc nhiều diện được tính ở mỗi diện, nên tổng các cột này có thể lớn hơn cột (1); "
        "cột (5), (6), (7): người vừa thuộc hộ nghèo vừa là người dân tộc thiểu số chỉ tính ở cột (7).",
        "Cột (a) và các cột bổ sung không thuộc biểu mẫu; (1) = (2) + (3) + (a). Số liệu được tổng hợp tự động từ sổ theo dõi vụ việc.",
        *_report_notes(report),
    ])
    _signatures(ws, end + 2, last, report, right=_B24_BREAK + 1)
    ws.freeze_panes = ws.cell(row=first, column=3)
    _page_setup(ws, landscape=True, title_rows=f"{h}:{h + 3}", scale=_B24_SCALE)
    ws.page_setup.pageOrder = "overThenDown"  # both halves of the same rows, then the next rows
    ws.print_title_cols = "A:B"
    ws.col_breaks.append(Break(id=_B24_BREAK))


# -- Biểu 25 -------------------------------------------------------------------------------


def _bieu25_sheet(ws: Worksheet, report: Report, rows: Sequence[FormRow]) -> None:
    cells = bieu25(report.tally)
    codes = [c.code for c in BIEU25_COLUMNS]
    last = 2 + len(codes)  # 15 (O)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 40
    for c in range(3, last + 1):
        ws.column_dimensions[get_column_letter(c)].width = 12
    _form_banner(ws, form_no=layout_of(report).case_form, title="SỐ VỤ VIỆC TRỢ GIÚP PHÁP LÝ", report=report,
                 unit_vi="Vụ việc", last_col=last)
    h = 5
    hdr = _font(11, bold=True)
    label = {c.number: c.label_vi for c in BIEU25_COLUMNS}
    _merge(ws, h, 1, h + 3, 1, "STT", font=hdr, border=True)
    _merge(ws, h, 2, h + 3, 2, "Lĩnh vực pháp luật / hình thức trợ giúp pháp lý", font=hdr, border=True)
    _merge(ws, h, 3, h, 5, "Số vụ việc đã thực hiện trong kỳ", font=hdr, border=True)
    _merge(ws, h, 6, h, 13, "Số vụ việc đã kết thúc trong kỳ", font=hdr, border=True)
    _merge(ws, h, 14, h, 15, "Cột bổ sung ngoài biểu (để đối chiếu)", font=hdr, border=True)
    _merge(ws, h + 1, 3, h + 3, 3, "Tổng số", font=hdr, border=True)
    _merge(ws, h + 1, 4, h + 1, 5, "Chia ra", font=hdr, border=True)
    _merge(ws, h + 1, 6, h + 3, 6, "Tổng số", font=hdr, border=True)
    _merge(ws, h + 1, 7, h + 1, 13, "Chia theo người thực hiện trợ giúp pháp lý", font=hdr, border=True)
    _merge(ws, h + 1, 14, h + 3, 14, label["a"], font=hdr, border=True)
    _merge(ws, h + 1, 15, h + 3, 15, label["b"], font=hdr, border=True)
    _merge(ws, h + 2, 4, h + 3, 4, label["2"], font=hdr, border=True)
    _merge(ws, h + 2, 5, h + 3, 5, label["3"], font=hdr, border=True)
    _merge(ws, h + 2, 7, h + 3, 7, label["5"], font=hdr, border=True)
    _merge(ws, h + 2, 8, h + 2, 10, "Luật sư", font=hdr, border=True)
    _merge(ws, h + 2, 11, h + 2, 12, "Tư vấn viên pháp luật", font=hdr, border=True)
    _merge(ws, h + 2, 13, h + 3, 13, label["11"], font=hdr, border=True)
    for n in ("6", "7", "8", "9", "10"):
        c = 2 + int(n)
        _merge(ws, h + 3, c, h + 3, c, label[n], font=hdr, border=True)
    marks = ["A", "B"] + [f"({c.number})" for c in BIEU25_COLUMNS]
    for c, mark in enumerate(marks, start=1):
        _put(ws, h + 4, c, mark, font=_font(10, italic=True), align=_CENTER, border=True)
    for r, height in ((h, 30), (h + 1, 30), (h + 2, 30), (h + 3, 75)):
        ws.row_dimensions[r].height = height
    first = h + 5
    hide = withheld(report)
    where = _body(ws, first, rows, cells, codes,
                  '=IF(AND(C{r}=D{r}+E{r},F{r}=SUM(G{r}:N{r}),C{r}=F{r}+O{r}),"Đúng","Sai")', hide=hide)
    if not hide:
        _total_check(ws, where, codes)
    _hide_check(ws, last + 1, h)
    end = first + len(rows) + 1
    if hide:
        _withheld_note(ws, end, last, report)
        end += 1
    end = _notes(ws, end, last, [
        "Ghi chú: (1) = (2) + (3); (4) = (5) + (6) + … + (11) + (a); (1) = (4) + (b). "
        "Vụ việc kết thúc gồm vụ việc hoàn thành, không tiếp tục thực hiện và bị đình chỉ (TT 12/2018/TT-BTP, Điều 10).",
        "Người thực hiện: người được phân công (hoặc thay đổi) gần nhất đến ngày kết thúc vụ việc. "
        "Cột (a), (b) không thuộc biểu mẫu, được thêm để đối chiếu số liệu.",
        *_report_notes(report),
    ])
    _signatures(ws, end + 2, last, report)
    ws.freeze_panes = ws.cell(row=first, column=3)
    _page_setup(ws, landscape=True, title_rows=f"{h}:{h + 4}")


# -- other indicators and metadata ---------------------------------------------------------

_FLOW = ("carried_over", "accepted", "handled", "ended", "open_at_end")


def _codes_in_forms() -> frozenset[str]:
    codes = {f"cases.{m}" for m in _FLOW} | {f"cases.{m}.{f.value}" for m in _FLOW for f in Form}
    codes |= {"person_occasions.handled", "person_occasions.handled.male", "person_occasions.handled.female"}
    codes |= {f"person_occasions.handled.{f.value}" for f in Form}
    return frozenset(codes)


CODES_IN_FORMS: frozenset[str] = _codes_in_forms()
__all__ += ["CODES_IN_FORMS"]


def indicators_outside_forms(report: Report) -> tuple[IndicatorResult, ...]:
    """The indicators the "Chỉ tiêu khác" sheet lists: all but those Biểu 24/25 already show."""
    return tuple(i for i in report.indicators if i.code not in CODES_IN_FORMS)


def _value_cell(ws: Worksheet, r: int, col: int, ind: IndicatorResult) -> None:
    """A count as a number with the dotted format; a ratio or decimal as Vietnamese text."""
    value = ind.value
    if ind.suppressed or value is None or isinstance(value, float) or ind.unit == "%":
        _put(ws, r, col, display_value(ind), align=_RIGHT, border=True)
    else:
        _put(ws, r, col, value, align=_RIGHT, border=True, number_format=NUMBER_FORMAT)


_IND_WIDTHS = (6, 78, 14, 14)


def _indicator_sheet(ws: Worksheet, report: Report) -> None:
    for letter, width in zip("ABCD", _IND_WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    _merge(ws, 1, 1, 1, 4, "CÁC CHỈ TIÊU KHÁC", font=_font(13, bold=True))
    org = f"Đơn vị báo cáo: {organisation_vi(report)}"
    _merge(ws, 2, 1, 2, 4, org, font=_font(12))
    _fit_row(ws, 2, [(org, sum(_IND_WIDTHS))])
    _merge(ws, 3, 1, 3, 4, f"Kỳ báo cáo: {report.meta.window_vi}", font=_font(12))
    for c, text in enumerate(("STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"), start=1):
        _put(ws, 5, c, text, font=_font(11, bold=True), align=_CENTER, border=True)
    for c, text in enumerate(("(1)", "(2)", "(3)", "(4)"), start=1):
        _put(ws, 6, c, text, font=_font(10, italic=True), align=_CENTER, border=True)
    listed = indicators_outside_forms(report)
    labels = spell_out_first([i.label_vi for i in listed])
    for i, (ind, label) in enumerate(zip(listed, labels, strict=True), start=1):
        r = 6 + i
        _put(ws, r, 1, i, align=_CENTER, border=True)
        _put(ws, r, 2, label, border=True)
        _put(ws, r, 3, ind.unit, align=_CENTER, border=True)
        _value_cell(ws, r, 4, ind)
        _fit_row(ws, r, [(label, _IND_WIDTHS[1]), (ind.unit, _IND_WIDTHS[2])])
    ws.freeze_panes = "A7"
    _page_setup(ws, landscape=False, title_rows="5:6")


def _fmt_moment(moment: dt.datetime) -> str:
    local = local_time(moment)
    return f"{local:%d/%m/%Y %H:%M} (giờ Việt Nam)"


_UNIT_MODE_VI = {
    "as_recorded": "Theo đơn vị hành chính ghi trong hồ sơ (tại thời điểm ghi nhận)",
    "scheme_2025": "Quy đổi về 34 đơn vị hành chính cấp tỉnh từ 01/07/2025 (Nghị quyết 202/2025/QH15)",
}


def meta_rows(report: Report) -> list[tuple[str, str]]:
    """The "Thông tin" sheet as ``(item, value)`` pairs: Vietnamese text only."""
    m = report.meta
    head = report_heading(report)
    layout = layout_of(report)
    regime = report.window.regime
    rows: list[tuple[str, str]] = [
        ("Đơn vị báo cáo", head.organisation_vi),
        ("Đơn vị hành chính", head.unit_name_vi or "; ".join(u.full_name_vi for u in report_units(report)) or "—"),
    ]
    if head.former_units_vi:
        rows.append(("Gồm số liệu của đơn vị hành chính cũ", "; ".join(head.former_units_vi)))
    rows += [
        ("Cách ghi đơn vị hành chính", _UNIT_MODE_VI.get(m.unit_mode, m.unit_mode)),
        ("Kỳ báo cáo", m.window_vi),
        ("Từ ngày", f"{report.window.start:%d/%m/%Y}"),
        ("Đến ngày", f"{report.window.end:%d/%m/%Y}"),
        ("Chế độ báo cáo", regime.label_vi if regime is not None else "Khoảng thời gian tùy chọn"),
        ("Biểu mẫu", layout.circular_vi),
        ("Ngày ban hành", f"{head.issued_on:%d/%m/%Y}"),
        ("Số bản ghi đã tổng hợp", format_number(m.records)),
        ("Số bản ghi có lỗi", format_number(m.problems)),
        ("Ẩn ô số liệu nhỏ", "Không áp dụng" if m.suppress_below is None
         else f"Số liệu dưới {m.suppress_below} được ẩn (số liệu chi tiết của Biểu 24, Biểu 25 không công bố)"),
        ("Thời điểm lập báo cáo", _fmt_moment(m.generated_at)),
        ("Biểu 24", "Lượt người của các vụ việc đã thực hiện trong kỳ; người vừa thuộc hộ nghèo vừa là người "
                    "dân tộc thiểu số chỉ tính ở cột (7)"),
        ("Biểu 25", "Vụ việc đã thực hiện và đã kết thúc trong kỳ, chia theo người thực hiện trợ giúp pháp lý"),
    ]
    rows += [("Ghi chú", note) for note in _report_notes(report)]
    rows.append(("Dữ liệu cá nhân", "Không có: báo cáo chỉ chứa số liệu tổng hợp"))
    return rows


_META_WIDTHS = (30, 90)


def _meta_sheet(ws: Worksheet, report: Report) -> None:
    for letter, width in zip("AB", _META_WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    _merge(ws, 1, 1, 1, 2, "THÔNG TIN VỀ BÁO CÁO", font=_font(13, bold=True))
    _put(ws, 3, 1, "Mục", font=_font(11, bold=True), align=_CENTER, border=True)
    _put(ws, 3, 2, "Nội dung", font=_font(11, bold=True), align=_CENTER, border=True)
    for i, (item, value) in enumerate(meta_rows(report), start=4):
        _put(ws, i, 1, item, font=_font(12, bold=True), border=True)
        _put(ws, i, 2, value, border=True)
        _fit_row(ws, i, [(item, _META_WIDTHS[0]), (value, _META_WIDTHS[1])])
    _page_setup(ws, landscape=False)


def technical_rows(report: Report) -> list[tuple[str, str]]:
    """The hidden "Kỹ thuật" sheet: indicator codes, sources and bases, rule sets, plugins."""
    m = report.meta
    rows: list[tuple[str, str]] = [
        ("window", m.window), ("regime", m.regime or ""), ("units", ", ".join(m.units)),
        ("unit_mode", m.unit_mode), ("form_layout", layout_of(report).name),
        ("tgpl_version", m.tgpl_version), ("generated_at", m.generated_at.isoformat()),
        ("inputs", "; ".join(m.inputs)),
    ]
    rows += [(f"rule_set.{k}", v) for k, v in sorted(m.rule_sets.items())]
    rows += [(f"plugin.{k}", v) for k, v in sorted(m.plugins.items())]
    if report.profile is not None:
        rows.append(("province_profile", f"{report.profile.name} {report.profile.version}".strip()))
    rows += [(f"indicator.{i.code}", f"{i.source}; {i.basis}".strip("; ")) for i in report.indicators]
    return rows


def _technical_sheet(ws: Worksheet, report: Report) -> None:
    ws.sheet_state = "hidden"
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 120
    for i, (key, value) in enumerate(technical_rows(report), start=1):
        _put(ws, i, 1, key, font=_font(10))
        _put(ws, i, 2, value, font=_font(10))


# -- the workbook -----------------------------------------------------------------------------


def build_workbook(report: Report, *, rows: Sequence[FormRow] = FORM_ROWS) -> Workbook:
    """The openpyxl workbook of ``report`` (sheets Biểu 24, Biểu 25, Chỉ tiêu khác, Thông tin,
    and the hidden technical sheet Kỹ thuật)."""
    wb = Workbook()
    ws24 = wb.active
    assert ws24 is not None
    ws24.title = SHEET_BIEU24
    _bieu24_sheet(ws24, report, rows)
    _bieu25_sheet(wb.create_sheet(SHEET_BIEU25), report, rows)
    _indicator_sheet(wb.create_sheet(SHEET_INDICATORS), report)
    _meta_sheet(wb.create_sheet(SHEET_META), report)
    if report.plan is not None:
        plan_sheet(wb.create_sheet(), report.plan)
    _technical_sheet(wb.create_sheet(SHEET_TECHNICAL), report)
    moment = report.meta.generated_at
    utc = moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment
    props = wb.properties
    props.created = utc
    props.modified = utc
    props.creator = "tgpl-xlsx"
    props.lastModifiedBy = "tgpl-xlsx"
    props.title = f"Thống kê trợ giúp pháp lý — {report.meta.window_vi}"
    props.subject = layout_of(report).circular_vi
    props.language = "vi-VN"
    wb.calculation = CalcProperties(fullCalcOnLoad=True)
    return wb


def render_xlsx(report: Report) -> bytes:
    """The ``.xlsx`` bytes of ``report``: the same report always gives the same bytes."""
    wb = build_workbook(report)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return reproducible_zip(_default_font(buf.getvalue()), report.meta.generated_at)


def _default_font(data: bytes) -> bytes:
    """Times New Roman as the workbook's default font (openpyxl writes Calibri, used by
    every cell without its own font and by row and column sizing)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/styles.xml":
                body = body.replace(b'<name val="Calibri"/>', f'<name val="{FONT_NAME}"/>'.encode())
                body = body.replace(b'<scheme val="minor"/>', b"")
            dst.writestr(info, body)
    return out.getvalue()
