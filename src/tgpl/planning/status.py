"""A task's status on a date (tình trạng thực hiện nhiệm vụ), derived from its indicators.

The rules, for a task with time frame ``start..end`` judged on day ``d`` (the report's
status date), and a target whose indicator has the value ``v`` counted over
``start..min(d, end)``:

* ``d < start`` → **not started** (chưa đến thời gian thực hiện), whatever the value.
* ``v`` unknown (the report lacks the indicator, or it is suppressed or undefined) →
  **no data** (chưa có số liệu).
* **Elapsed share** ``f = (min(d, end) − start + 1) / (end − start + 1)`` in days, both ends
  counted (1 on and after ``end``), kept as an exact fraction.
* A **count** target (:attr:`~tgpl.planning.model.Measure.COUNT`, accumulating: trips,
  cases) with a minimum ``lo`` (a range's lower end, or an exact value):

  - on or after ``end``: **met** (đạt) if ``v ≥ lo``, else **missed** (không đạt). A value
    above a range's maximum is still met (the minimum is the commitment; the report
    prints the value beside the range, so "vượt" shows);
  - before ``end``: **met** once ``v ≥ lo`` (a count cannot go down); **on track** (đúng
    tiến độ) if ``v ≥ lo × f`` — the target pro rata to the elapsed share of the time
    frame; else **behind** (chậm tiến độ).
  - a ceiling only (``tối đa``, no minimum): **missed** as soon as ``v`` exceeds it, else
    **on track** before ``end`` and **met** from ``end``.
* A **share** target (:attr:`~tgpl.planning.model.Measure.SHARE`, a level such as a
  percentage): it does not accumulate, so no pro rata: within its bounds it is **on
  track** before ``end`` and **met** from ``end``; outside them **behind** before ``end``
  and **missed** from ``end``.
* A task with targets takes the worst of its targets' statuses, in the order missed,
  behind, no data, on track, met (so a task is met only when every target is met).
* A task without targets takes the status of its latest :class:`~tgpl.planning.model.ProgressNote`
  dated on or before ``d`` that gives one; on or after ``end`` only a *met* or *missed*
  note counts (an "on track" note says nothing about the result). Without such a note the
  status is **no data**.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import Final

from tgpl.planning.model import Measure, Target, Task, TaskStatus
from tgpl.planning.timeframe import TimeFrame

__all__ = [
    "SEVERITY",
    "counted_until",
    "elapsed_share",
    "expected_value",
    "target_status",
    "task_status",
    "worst",
]

Number = int | float | None

#: Statuses from the best to the worst, as :func:`worst` combines them.
SEVERITY: Final = (
    TaskStatus.MET,
    TaskStatus.ON_TRACK,
    TaskStatus.NO_DATA,
    TaskStatus.BEHIND,
    TaskStatus.MISSED,
)


def elapsed_share(frame: TimeFrame, on: dt.date) -> Fraction:
    """The share of ``frame`` elapsed on ``on`` (0 before it starts, 1 on and after its end)."""
    if on < frame.start:
        return Fraction(0)
    last = min(on, frame.end)
    return Fraction((last - frame.start).days + 1, frame.days)


def counted_until(frame: TimeFrame, on: dt.date) -> dt.date | None:
    """The last day counted for a target of ``frame`` judged on ``on`` (``None`` before it starts)."""
    return None if on < frame.start else min(on, frame.end)


def expected_value(target: Target, frame: TimeFrame, on: dt.date) -> Fraction | None:
    """The value a count target should have reached on ``on`` (its minimum pro rata), else ``None``."""
    if target.measure is not Measure.COUNT or target.minimum is None:
        return None
    return Fraction(target.minimum) * elapsed_share(frame, on)


def target_status(target: Target, frame: TimeFrame, on: dt.date, value: Number) -> TaskStatus:
    """The status of one target on ``on`` given its indicator's ``value`` (module docstring)."""
    if on < frame.start:
        return TaskStatus.NOT_STARTED
    if value is None or value != value:
        return TaskStatus.NO_DATA
    ended = on >= frame.end
    v = Fraction(value)
    lo = None if target.minimum is None else Fraction(target.minimum)
    hi = None if target.maximum is None else Fraction(target.maximum)
    if target.measure is Measure.SHARE:
        ok = (lo is None or v >= lo) and (hi is None or v <= hi)
        if ended:
            return TaskStatus.MET if ok else TaskStatus.MISSED
        return TaskStatus.ON_TRACK if ok else TaskStatus.BEHIND
    if lo is None:
        if hi is not None and v > hi:
            return TaskStatus.MISSED
        return TaskStatus.MET if ended else TaskStatus.ON_TRACK
    if v >= lo:
        return TaskStatus.MET
    if ended:
        return TaskStatus.MISSED
    return TaskStatus.ON_TRACK if v >= lo * elapsed_share(frame, on) else TaskStatus.BEHIND


def worst(statuses: list[TaskStatus]) -> TaskStatus:
    """The worst status in :data:`SEVERITY` order (``NO_DATA`` for an empty list)."""
    if not statuses:
        return TaskStatus.NO_DATA
    return max(statuses, key=SEVERITY.index)


def task_status(task: Task, on: dt.date, values: Mapping[str, Number]) -> TaskStatus:
    """The status of ``task`` on ``on``; ``values`` maps its targets' indicator codes to values."""
    frame = task.time_frame
    if on < frame.start:
        return TaskStatus.NOT_STARTED
    if task.targets:
        return worst([target_status(t, frame, on, values.get(t.indicator)) for t in task.targets])
    ended = on >= frame.end
    for note in sorted(task.progress, key=lambda n: n.on, reverse=True):
        if note.on > on or note.status is None:
            continue
        if ended and note.status not in (TaskStatus.MET, TaskStatus.MISSED):
            continue
        return note.status
    return TaskStatus.NO_DATA
