"""The "Kế hoạch" sheet: the plan-versus-actual section of a report (``tgpl report --plan``).

One row per task (STT, nhiệm vụ, đơn vị chủ trì, đơn vị phối hợp, thời gian thực hiện,
tình trạng, tiến độ), then one row per target (kế hoạch, thực hiện, mức cần đạt đến ngày
đánh giá, thời gian tính số liệu, tình trạng), then the notes. Self-contained: its own
styles, so the other sheets' layout can change without touching it.
"""

from __future__ import annotations

from typing import Final

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from tgpl.reporting.formats.vi import MISSING
from tgpl.reporting.report import PlanSection

__all__ = ["SHEET_PLAN", "plan_sheet"]

#: The sheet's title.
SHEET_PLAN: Final = "Kế hoạch"

_FONT: Final = "Times New Roman"
_THIN: Final = Side(style="thin", color="000000")
_BOX: Final = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP: Final = Alignment(horizontal="left", vertical="top", wrap_text=True)
_HEAD: Final = Alignment(horizontal="center", vertical="center", wrap_text=True)
_NUM: Final = Alignment(horizontal="right", vertical="top", wrap_text=True)

_TASK_HEADS: Final = ("STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện", "Tình trạng", "Tiến độ")
_TARGET_HEADS: Final = (
    "Nhiệm vụ", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Mức cần đạt đến ngày đánh giá", "Thời gian tính số liệu", "Tình trạng",
)


def _put(ws: Worksheet, row: int, col: int, value: object, *, bold: bool = False, align: Alignment = _WRAP,
         box: bool = True, size: float = 12) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.font = Font(name=_FONT, size=size, bold=bold)
    cell.alignment = align
    if box:
        cell.border = _BOX


def plan_sheet(ws: Worksheet, plan: PlanSection) -> None:
    """Fill ``ws`` with ``plan``: title lines, the task table, the target table, the notes."""
    ws.title = SHEET_PLAN
    last = len(_TASK_HEADS)
    lines = [
        ("KẾT QUẢ THỰC HIỆN KẾ HOẠCH", True, 13),
        (plan.title_vi, True, 12),
        (plan.reference_vi, False, 12),
        (f"Thời gian thực hiện kế hoạch: {plan.period_vi}; ngày đánh giá: {plan.status_date:%d/%m/%Y}", False, 12),
    ]
    lines += [(f"Căn cứ: {b}", False, 11) for b in plan.basis_vi]
    row = 1
    for text, bold, size in lines:
        _put(ws, row, 1, text, bold=bold, size=size, box=False, align=_HEAD if row == 1 else _WRAP)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        row += 1
    row += 1
    for c, text in enumerate(_TASK_HEADS, start=1):
        _put(ws, row, c, text, bold=True, align=_HEAD, size=11)
    for task in plan.tasks:
        row += 1
        values = (task.id, task.text_vi, task.lead_vi or MISSING, task.partners_vi or MISSING,
                  task.time_frame_vi, task.status_vi, task.progress_vi or MISSING)
        for c, value in enumerate(values, start=1):
            _put(ws, row, c, value)
        ws.row_dimensions[row].height = 15.5 * max(1, len(task.text_vi) // 60 + 1)
    # targets, then the indicators a task is followed by without a planned number
    targets = [(task.id, t) for task in plan.tasks for t in (*task.targets, *task.followed)]
    if targets:
        row += 2
        for c, text in enumerate(_TARGET_HEADS, start=1):
            _put(ws, row, c, text, bold=True, align=_HEAD, size=11)
        for task_id, t in targets:
            row += 1
            values = (task_id, t.label_vi, t.planned_vi or MISSING, t.actual_vi, t.expected_vi or MISSING,
                      t.counted_vi or MISSING, t.status_vi or "Theo dõi (không có chỉ tiêu số)")
            for c, value in enumerate(values, start=1):
                _put(ws, row, c, value, align=_NUM if c in (3, 4, 5) else _WRAP)
    if plan.notes_vi:
        row += 2
        _put(ws, row, 1, "Ghi chú:", bold=True, box=False)
        for note in plan.notes_vi:
            row += 1
            _put(ws, row, 1, f"- {note}", box=False, size=11)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
            ws.row_dimensions[row].height = 15.5 * max(1, len(note) // 150 + 1)
    for letter, width in zip("ABCDEFG", (9, 70, 24, 24, 18, 18, 30), strict=True):
        ws.column_dimensions[letter].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
