"""The plan section of the Word report (``tgpl report --plan``): tasks and targets in prose.

Written as the provincial reports write the results of a plan (kết quả thực hiện kế hoạch):
the plan cited by number and date, then one item per task with its lead and coordinating
units, time frame and status, and one item per target with the planned and actual values.
Self-contained (:class:`~tgpl_docx.text.Section` and :class:`~tgpl_docx.text.Block` only),
so the rest of the document can change without touching it.
"""

from __future__ import annotations

from tgpl.reporting.report import PlanSection, PlanTaskRow
from tgpl_docx.text import Block, Section

__all__ = ["plan_section_docx"]


def _task_line(task: PlanTaskRow) -> str:
    who = []
    if task.lead_vi:
        who.append(f"đơn vị chủ trì: {task.lead_vi}")
    if task.partners_vi:
        who.append(f"đơn vị phối hợp: {task.partners_vi}")
    who.append(f"thời gian thực hiện: {task.time_frame_vi}")
    text = task.text_vi.rstrip(" .;")
    line = f"- {text} ({'; '.join(who)}). Tình trạng: {task.status_vi.lower()}"
    if task.progress_vi:
        line += f"; tiến độ: {task.progress_vi.rstrip(' .')}"
    return line + "."


def plan_section_docx(plan: PlanSection, heading: str) -> Section:
    """The section ``heading`` (e.g. ``"VI. KẾT QUẢ THỰC HIỆN KẾ HOẠCH"``) for ``plan``."""
    blocks = [Block("text", (
        f"Thực hiện {plan.reference_vi} ({plan.title_vi}), thời gian thực hiện: {plan.period_vi.lower()}; "
        f"tình trạng thực hiện các nhiệm vụ đến ngày {plan.status_date:%d/%m/%Y} như sau:"
    ))]
    section = None
    for task in plan.tasks:
        if task.section_vi and task.section_vi != section:
            section = task.section_vi
            blocks.append(Block("sub", section))
        blocks.append(Block("text", _task_line(task)))
        for t in task.targets:
            expected = f", mức cần đạt đến ngày đánh giá {t.expected_vi}" if t.expected_vi else ""
            blocks.append(Block("text", (
                f"+ Chỉ tiêu “{t.label_vi}”: kế hoạch {t.planned_vi}; thực hiện {t.actual_vi} "
                f"(số liệu từ {t.counted_vi or '—'}{expected}) — {t.status_vi.lower()}."
            )))
        for t in task.followed:  # followed without a planned number: the value only
            blocks.append(Block("text", f"+ Chỉ tiêu theo dõi “{t.label_vi}”: thực hiện {t.actual_vi} "
                                        f"(số liệu từ {t.counted_vi or '—'})."))
    for note in plan.notes_vi:
        blocks.append(Block("text", f"Ghi chú: {note}"))
    return Section(heading, tuple(blocks))
