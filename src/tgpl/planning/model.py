"""Plans (kế hoạch), tasks (nhiệm vụ), targets (chỉ tiêu) and progress notes, as values.

A :class:`Plan` is what a Department of Justice (Sở Tư pháp) or a provincial People's
Committee issues each year: the issuing body, the number and date, the year or period, the
documents it implements (căn cứ), and its tasks. A :class:`Task` has its text, the lead
unit (đơn vị chủ trì / thực hiện), the coordinating units (đơn vị phối hợp), its time frame
(thời gian thực hiện) and zero or more :class:`Target` values bound to indicator codes.
A task without a number can carry :class:`ProgressNote` values (ghi nhận tiến độ) written
by the officer who follows it. How a status is derived is in :mod:`tgpl.planning.status`.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Final

from attrs import frozen

from tgpl.domain import UnitRef
from tgpl.planning.timeframe import TimeFrame

__all__ = [
    "PLAN_SCHEMA",
    "IssueDate",
    "Measure",
    "Plan",
    "ProgressNote",
    "Target",
    "Task",
    "TaskStatus",
]

#: The schema tag of a plan file.
PLAN_SCHEMA: Final = "tgpl.plan/1"


class Measure(enum.StrEnum):
    """What a target's indicator measures, which decides how progress is judged.

    ``COUNT``: a quantity that accumulates over the time frame (trips, cases, persons);
    part-way through, it is compared with the elapsed share of the target (pro rata).
    ``SHARE``: a level at a date (a percentage such as "100 % Trợ giúp viên pháp lý đạt chỉ
    tiêu"); it does not accumulate, so it is compared with the target itself.
    """

    COUNT = "count"
    SHARE = "share"


class TaskStatus(enum.StrEnum):
    """A task's or target's status on a date (tình trạng thực hiện)."""

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    MET = "met"
    MISSED = "missed"
    NO_DATA = "no_data"

    @property
    def label_vi(self) -> str:
        return _STATUS_VI[self]


_STATUS_VI: Final = {
    TaskStatus.NOT_STARTED: "Chưa đến thời gian thực hiện",
    TaskStatus.ON_TRACK: "Đúng tiến độ",
    TaskStatus.BEHIND: "Chậm tiến độ",
    TaskStatus.MET: "Đạt",
    TaskStatus.MISSED: "Không đạt",
    TaskStatus.NO_DATA: "Chưa có số liệu",
}


@frozen
class IssueDate:
    """The date a plan was issued; ``day`` is ``None`` when the copy leaves it blank."""

    year: int
    month: int
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        dt.date(self.year, self.month, self.day or 1)  # raises ValueError on an impossible date

    @property
    def text_vi(self) -> str:
        """``"ngày 22/5/2023"`` or, without a day, ``"tháng 02/2024"``."""
        if self.day is None:
            return f"tháng {self.month:02d}/{self.year}"
        return f"ngày {self.day:02d}/{self.month:02d}/{self.year}"

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" + ("" if self.day is None else f"-{self.day:02d}")


@frozen
class Target:
    """A number the plan sets for a task, bound to an indicator code.

    ``minimum``/``maximum`` bound the planned value: an exact value has both equal, a range
    ("từ 35 đến 40 đợt") both set, a minimum share ("100 % …") only ``minimum``. ``quote``
    is the plan's own wording.
    """

    indicator: str
    label_vi: str
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    measure: Measure = Measure.COUNT
    quote: str = ""

    @property
    def planned_vi(self) -> str:
        """``"35–40 đợt"``, ``"100 %"``, ``"tối thiểu 5 vụ việc"``, ``"tối đa 12 vụ việc"``."""
        unit = f" {self.unit}" if self.unit else ""
        lo, hi = _num(self.minimum), _num(self.maximum)
        if lo is not None and hi is not None:
            return f"{lo}{unit}" if lo == hi else f"{lo}–{hi}{unit}"
        if lo is not None:
            if self.measure is Measure.SHARE and self.minimum == 100:
                return f"{lo}{unit}"
            return f"tối thiểu {lo}{unit}"
        return f"tối đa {hi}{unit}"


def _num(x: float | None) -> str | None:
    if x is None:
        return None
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", ".")
    return f"{x}".replace(".", ",")


@frozen
class ProgressNote:
    """A dated note on a task's progress; ``status`` is the officer's judgement, if any."""

    on: dt.date
    text: str
    status: TaskStatus | None = None


@frozen
class Task:
    """One task (nhiệm vụ / nội dung) of a plan."""

    id: str
    text: str
    time_frame: TimeFrame
    section: str = ""
    lead: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()
    progress: tuple[ProgressNote, ...] = ()
    note: str = ""
    #: Indicator codes the task is followed by without a planned number (chỉ tiêu theo dõi):
    #: reports show their values over the task's time frame; they do not decide its status.
    indicators: tuple[str, ...] = ()


@frozen
class Plan:
    """A plan (kế hoạch) with its tasks. ``id`` is a short name (``bac-giang-2024``)."""

    id: str
    title: str
    issuer: str
    period: TimeFrame
    tasks: tuple[Task, ...]
    number: str = ""
    issued: IssueDate | None = None
    unit: UnitRef | None = None
    basis: tuple[str, ...] = ()
    source: str = ""
    note: str = ""

    @property
    def reference_vi(self) -> str:
        """``"Kế hoạch số 122/KH-UBND ngày 22/05/2023 của …"`` as far as the plan's data goes."""
        parts = ["Kế hoạch"]
        if self.number:
            parts.append(f"số {self.number}")
        if self.issued is not None:
            parts.append(self.issued.text_vi)
        parts.append(f"của {self.issuer}")
        return " ".join(parts)

    def task(self, task_id: str) -> Task:
        for t in self.tasks:
            if t.id == task_id:
                return t
        raise KeyError(task_id)
