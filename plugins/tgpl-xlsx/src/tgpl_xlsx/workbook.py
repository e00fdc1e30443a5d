"""The workbook: Biểu 24 and Biểu 25 laid out like the TT 03/2019/TT-BTP forms, other indicators, metadata.

Every visible number is a value computed by tgpl (a reader without formula recalculation
sees it); a hidden column "Kiểm tra" holds Excel formulas that re-check the totals
((1) = (2) + (3) …) for a reader who wants the spreadsheet to prove them. Numbers use the
format ``#,##0``: Excel and LibreOffice print the thousands separator of the reader's
locale, so a Vietnamese (vi-VN) reader sees ``1.389``.

The bytes are reproducible: the workbook's created/modified properties and every zip
entry carry ``meta.generated_at``, so the same report renders to the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from collections.abc import Iterable, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from tgpl.domain import Form
from tgpl.reporting.formats.vi import MISSING
from tgpl.reporting.report import IndicatorResult, Report
from tgpl.reporting.statforms import BIEU24_COLUMNS, PoorMinorityRule, bieu24
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
    "build_workbook",
    "indicators_outside_forms",
    "render_xlsx",
    "withheld",
]

FONT_NAME = "Times New Roman"
NUMBER_FORMAT = "#,##0"
SHEET_BIEU24 = "Biểu 24"
SHEET_BIEU25 = "Biểu 25"
SHEET_INDICATORS = "Chỉ tiêu khác"
SHEET_META = "Thông tin"
CHECK_HEADER = "Kiểm tra"
TT03 = "Ban hành kèm theo Thông tư số 03/2019/TT-BTP ngày 20/3/2019 của Bộ trưởng Bộ Tư pháp"

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


def _page_setup(ws: Worksheet, *, landscape: bool, title_rows: str | None = None) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if title_rows:
        ws.print_title_rows = title_rows


def _form_banner(ws: Worksheet, *, form_no: str, title: str, report: Report, unit_vi: str, last_col: int) -> None:
    """Rows 1–3: form number and circular (left), title and window (centre), who and unit (right)."""
    right = last_col - 3
    _merge(ws, 1, 1, 1, 2, f"Biểu số {form_no}", font=_font(12, bold=True), align=_LEFT)
    _merge(ws, 2, 1, 3, 2, TT03, font=_font(10, italic=True), align=_LEFT)
    _merge(ws, 1, 3, 1, right - 1, title, font=_font(13, bold=True))
    _merge(ws, 2, 3, 2, right - 1, f"Kỳ báo cáo: {report.meta.window_vi}", font=_font(12, bold=True))
    span = f"Từ ngày {report.window.start:%d/%m/%Y} đến ngày {report.window.end:%d/%m/%Y}"
    _merge(ws, 3, 3, 3, right - 1, f"({span})", font=_font(11, italic=True))
    _merge(ws, 1, right, 1, last_col, f"Đơn vị báo cáo: {organisation_vi(report)}", font=_font(11), align=_LEFT)
    _merge(ws, 2, right, 2, last_col, f"Đơn vị nhận báo cáo: {receiving_body_vi(report)}", font=_font(11), align=_LEFT)
    _merge(ws, 3, right, 3, last_col, f"Đơn vị tính: {unit_vi}", font=_font(11), align=_LEFT)
    for r, h in ((1, 36), (2, 36), (3, 24)):
        ws.row_dimensions[r].height = h


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
    ws.row_dimensions[row].height = 36


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


def _signatures(ws: Worksheet, row: int, last_col: int, place: str) -> None:
    """The form's footer: the preparer (left) and the head of the unit (right)."""
    right = last_col - 3
    _merge(ws, row, 1, row, 2, "Người lập biểu", font=_font(12, bold=True))
    _merge(ws, row + 1, 1, row + 1, 2, "(Ký, ghi rõ họ tên)", font=_font(11, italic=True))
    _merge(ws, row - 1, right, row - 1, last_col, f"{place}, ngày … tháng … năm …", font=_font(12, italic=True))
    _merge(ws, row, right, row, last_col, "Thủ trưởng đơn vị", font=_font(12, bold=True))
    _merge(ws, row + 1, right, row + 1, last_col, "(Ký, đóng dấu, ghi rõ họ tên)", font=_font(11, italic=True))


def _notes(ws: Worksheet, row: int, last_col: int, lines: Iterable[str]) -> int:
    for i, line in enumerate(lines):
        _merge(ws, row + i, 1, row + i, last_col, line, font=_font(10, italic=True), align=_LEFT)
        ws.row_dimensions[row + i].height = 28
    return row + i + 1


def _place(report: Report) -> str:
    if report.profile is not None and report.profile.place_vi:
        return report.profile.place_vi
    units = report_units(report)
    return units[0].name if len(units) == 1 else "…"


# -- Biểu 24 -------------------------------------------------------------------------------

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
    _form_banner(ws, form_no="24/BTP/TGPL", title="SỐ LƯỢT NGƯỜI ĐƯỢC TRỢ GIÚP PHÁP LÝ", report=report,
                 unit_vi="Lượt người", last_col=last)
    h = 5
    hdr = _font(11, bold=True)
    _merge(ws, h, 1, h + 2, 1, "STT", font=hdr, border=True)
    _merge(ws, h, 2, h + 2, 2, "Lĩnh vực pháp luật / hình thức trợ giúp pháp lý", font=hdr, border=True)
    _merge(ws, h, 3, h + 2, 3, "Tổng số lượt người được trợ giúp pháp lý", font=hdr, border=True)
    _merge(ws, h, 4, h, 5, "Chia theo giới tính", font=hdr, border=True)
    _merge(ws, h, 6, h, 20, "Chia theo diện người được trợ giúp pháp lý", font=hdr, border=True)
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
    ws.row_dimensions[h].height = 30
    ws.row_dimensions[h + 1].height = 30
    ws.row_dimensions[h + 2].height = 120
    first = h + 4
    hide = withheld(report)
    where = _body(ws, first, rows, cells, codes, '=IF(C{r}=D{r}+E{r}+U{r},"Đúng","Sai")', hide=hide)
    if not hide:
        _total_check(ws, where, codes)
    _hide_check(ws, last + 1, h)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 40
    for c in range(3, last + 1):
        ws.column_dimensions[get_column_letter(c)].width = 11
    end = first + len(rows) + 1
    if hide:
        _withheld_note(ws, end, last, report)
        end += 1
    end = _notes(ws, end, last, [
        "Ghi chú: số lượt người của các vụ việc đã thực hiện trong kỳ (kỳ trước chuyển qua + thụ lý trong kỳ); "
        "mỗi người được trợ giúp trong một vụ việc là một lượt người (TT 10/2017/TT-BTP, chỉ tiêu 1301).",
        "Cột (4)–(18): một lượt người thuộc nhiều diện được tính ở mỗi diện, nên tổng các cột này có thể lớn hơn cột (1); "
        "cột (5), (6), (7): người vừa thuộc hộ nghèo vừa là người dân tộc thiểu số chỉ tính ở cột (7).",
        "Cột (a) và các cột bổ sung không thuộc biểu mẫu; (1) = (2) + (3) + (a). Số liệu do tgpl tổng hợp từ sổ theo dõi vụ việc.",
    ])
    _signatures(ws, end + 2, last, _place(report))
    ws.freeze_panes = ws.cell(row=first, column=3)
    _page_setup(ws, landscape=True, title_rows=f"{h}:{h + 3}")


# -- Biểu 25 -------------------------------------------------------------------------------


def _bieu25_sheet(ws: Worksheet, report: Report, rows: Sequence[FormRow]) -> None:
    cells = bieu25(report.tally)
    codes = [c.code for c in BIEU25_COLUMNS]
    last = 2 + len(codes)  # 15 (O)
    _form_banner(ws, form_no="25/BTP/TGPL", title="SỐ VỤ VIỆC TRỢ GIÚP PHÁP LÝ", report=report,
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
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 40
    for c in range(3, last + 1):
        ws.column_dimensions[get_column_letter(c)].width = 12
    end = first + len(rows) + 1
    if hide:
        _withheld_note(ws, end, last, report)
        end += 1
    end = _notes(ws, end, last, [
        "Ghi chú: (1) = (2) + (3); (4) = (5) + (6) + … + (11) + (a); (1) = (4) + (b). "
        "Vụ việc kết thúc gồm hoàn thành, không tiếp tục thực hiện và tạm dừng (TT 12/2018/TT-BTP, Điều 10).",
        "Người thực hiện: người được phân công (hoặc thay đổi) gần nhất đến ngày kết thúc vụ việc. "
        "Cột (a), (b) không thuộc biểu mẫu, được thêm để đối chiếu số liệu.",
    ])
    _signatures(ws, end + 2, last, _place(report))
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


def _indicator_sheet(ws: Worksheet, report: Report) -> None:
    _merge(ws, 1, 1, 1, 7, "CÁC CHỈ TIÊU KHÁC", font=_font(13, bold=True))
    _merge(ws, 2, 1, 2, 7, f"Đơn vị báo cáo: {organisation_vi(report)}", font=_font(12))
    _merge(ws, 3, 1, 3, 7, f"Kỳ báo cáo: {report.meta.window_vi}", font=_font(12))
    heads = ("STT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Giá trị", "Nguồn", "Căn cứ / cách tính")
    for c, text in enumerate(heads, start=1):
        _put(ws, 5, c, text, font=_font(11, bold=True), align=_CENTER, border=True)
    for c, text in enumerate(("(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"), start=1):
        _put(ws, 6, c, text, font=_font(10, italic=True), align=_CENTER, border=True)
    for i, ind in enumerate(indicators_outside_forms(report), start=1):
        r = 6 + i
        _put(ws, r, 1, i, align=_CENTER, border=True)
        _put(ws, r, 2, ind.code, font=_font(11), border=True)
        _put(ws, r, 3, ind.label_vi, border=True)
        _put(ws, r, 4, ind.unit, align=_CENTER, border=True)
        value = ind.value
        if ind.suppressed:
            _put(ws, r, 5, ind.suppressed, font=_font(12), align=_RIGHT, border=True)
        elif value is None:
            _put(ws, r, 5, MISSING, font=_font(12), align=_RIGHT, border=True)
        elif isinstance(value, float) and not value.is_integer():
            _put(ws, r, 5, value, align=_RIGHT, border=True, number_format="#,##0.0")
        else:
            _put(ws, r, 5, value, align=_RIGHT, border=True,
                 number_format="#,##0.0" if isinstance(value, float) else NUMBER_FORMAT)
        _put(ws, r, 6, ind.source, font=_font(11), border=True)
        _put(ws, r, 7, ind.basis, font=_font(10), border=True)
        lines = max(1, math.ceil(len(ind.label_vi) / 62), math.ceil(len(ind.basis) / 80), math.ceil(len(ind.source) / 14))
        if lines > 1:
            ws.row_dimensions[r].height = 15.5 * lines
    for letter, width in zip("ABCDEFG", (6, 34, 60, 11, 13, 14, 60), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A7"
    _page_setup(ws, landscape=True, title_rows="5:6")


def _fmt_moment(moment: dt.datetime) -> str:
    local = local_time(moment)
    return f"{local:%d/%m/%Y %H:%M:%S} (giờ Việt Nam) — {moment.isoformat()}"


def meta_rows(report: Report) -> list[tuple[str, str]]:
    """The "Thông tin" sheet as ``(item, value)`` pairs."""
    m = report.meta
    rows: list[tuple[str, str]] = [
        ("Đơn vị báo cáo", organisation_vi(report)),
        ("Đơn vị hành chính", "; ".join(f"{u.ref} {u.name}" for u in report_units(report)) or ", ".join(m.units) or "—"),
        ("Cách ghi đơn vị hành chính", m.unit_mode),
        ("Kỳ báo cáo (mã)", m.window),
        ("Kỳ báo cáo", m.window_vi),
        ("Từ ngày", f"{report.window.start:%d/%m/%Y}"),
        ("Đến ngày", f"{report.window.end:%d/%m/%Y}"),
        ("Chế độ báo cáo", m.regime or "—"),
        ("Căn cứ xác định kỳ báo cáo", report.window.basis or "—"),
        ("Phiên bản tgpl", m.tgpl_version),
    ]
    rows += [(f"Bộ quy tắc: {k}", v) for k, v in sorted(m.rule_sets.items())]
    rows += [(f"Plugin: {k}", v) for k, v in sorted(m.plugins.items())]
    if report.profile is not None:
        rows.append(("Hồ sơ tỉnh (plugin)", f"{report.profile.name} {report.profile.version}".strip()))
    rows += [
        ("Tệp đầu vào", "; ".join(m.inputs) or "—"),
        ("Số bản ghi đã đọc", f"{m.records}"),
        ("Số bản ghi có lỗi", f"{m.problems}"),
        ("Ẩn ô số liệu nhỏ", "không áp dụng" if m.suppress_below is None
         else f"dưới {m.suppress_below} (số liệu chi tiết của Biểu 24, Biểu 25 không công bố)"),
        ("Thời điểm lập báo cáo", _fmt_moment(m.generated_at)),
        ("Biểu 24/BTP/TGPL", "Lượt người của các vụ việc đã thực hiện trong kỳ; cột (5)–(7) theo quy tắc "
                             f"'{PoorMinorityRule.EXCLUSIVE.value}' (người vừa nghèo vừa dân tộc thiểu số chỉ ở cột (7))"),
        ("Biểu 25/BTP/TGPL", "Dòng, cột theo TT 03/2019/TT-BTP; các dòng ngoài dòng 1–2 và cách đọc cột (7), (9) "
                             "là cách hiểu chưa được kiểm chứng (UNVERIFIED), xem tài liệu docs/formats.md"),
        ("Định dạng số", f"'{NUMBER_FORMAT}': dấu phân cách hàng nghìn theo thiết lập ngôn ngữ của máy "
                         "(tiếng Việt: 1.389)"),
        ("Dữ liệu cá nhân", "Không có: báo cáo chỉ chứa số liệu tổng hợp"),
        ("Tạo bởi", "tgpl-xlsx"),
    ]
    return rows


def _meta_sheet(ws: Worksheet, report: Report) -> None:
    _merge(ws, 1, 1, 1, 2, "THÔNG TIN VỀ BÁO CÁO", font=_font(13, bold=True))
    _put(ws, 3, 1, "Mục", font=_font(11, bold=True), align=_CENTER, border=True)
    _put(ws, 3, 2, "Nội dung", font=_font(11, bold=True), align=_CENTER, border=True)
    for i, (item, value) in enumerate(meta_rows(report), start=4):
        _put(ws, i, 1, item, font=_font(12, bold=True), border=True)
        _put(ws, i, 2, value, border=True)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 100
    _page_setup(ws, landscape=False)


# -- the workbook -----------------------------------------------------------------------------


def build_workbook(report: Report, *, rows: Sequence[FormRow] = FORM_ROWS) -> Workbook:
    """The openpyxl workbook of ``report`` (sheets Biểu 24, Biểu 25, Chỉ tiêu khác, Thông tin)."""
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
    moment = report.meta.generated_at
    utc = moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment
    props = wb.properties
    props.created = utc
    props.modified = utc
    props.creator = "tgpl-xlsx"
    props.lastModifiedBy = "tgpl-xlsx"
    props.title = f"Thống kê trợ giúp pháp lý — {report.meta.window_vi}"
    props.subject = "Biểu 24/BTP/TGPL, Biểu 25/BTP/TGPL (TT 03/2019/TT-BTP)"
    props.language = "vi-VN"
    wb.calculation = CalcProperties(fullCalcOnLoad=True)
    return wb


def render_xlsx(report: Report) -> bytes:
    """The ``.xlsx`` bytes of ``report``: the same report always gives the same bytes."""
    wb = build_workbook(report)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return reproducible_zip(buf.getvalue(), report.meta.generated_at)
