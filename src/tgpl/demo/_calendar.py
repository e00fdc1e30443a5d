"""Working-day calendar and minute clock used by the demo generator.

Moments are plain integers (minutes since 0001-01-01 00:00, Vietnam civil time) while a
history is being built, because integer arithmetic is what makes the generator fast;
they become aware datetimes (:data:`tgpl.domain.VN_TZ`) only when an event is built.
Working days skip Saturdays, Sundays and Vietnamese public holidays (``holidays`` VN
calendar), the calendar the deadlines of Law Art 30–33 run in.
"""

from __future__ import annotations

import datetime as dt

import holidays

from tgpl.domain import VN_TZ

__all__ = ["DAY", "MINUTES", "Calendar"]

#: Minutes in a day.
DAY = 1440
#: ``timedelta`` of each minute of a day, prebuilt.
MINUTES = tuple(dt.timedelta(minutes=m) for m in range(DAY))


class Calendar:
    """Working days between ``first`` and ``last`` (weekdays only outside that range)."""

    __slots__ = ("_first", "_work", "bases")

    def __init__(self, first: dt.date, last: dt.date) -> None:
        off = holidays.country_holidays("VN", years=range(first.year, last.year + 1))
        self._first = first.toordinal()
        n = last.toordinal() - self._first + 1
        work = bytearray(n)
        for i in range(n):
            day = dt.date.fromordinal(self._first + i)
            work[i] = day.weekday() < 5 and day not in off
        self._work = bytes(work)
        self.bases: dict[int, dt.datetime] = {}

    def is_work(self, o: int) -> bool:
        """Whether the day with ordinal ``o`` is a working day."""
        i = o - self._first
        if 0 <= i < len(self._work):
            return bool(self._work[i])
        return (o - 1) % 7 < 5

    def add_work_days(self, o: int, k: int) -> int:
        """The ``k``-th working day after day ``o``; for ``k == 0``, ``o`` or the next working day."""
        work, first = self._work, self._first
        n = len(work)
        i = o - first
        if k <= 0:
            while not (work[i] if 0 <= i < n else (i + first - 1) % 7 < 5):
                i += 1
            return i + first
        while k:
            i += 1
            if work[i] if 0 <= i < n else (i + first - 1) % 7 < 5:
                k -= 1
        return i + first

    def at(self, t: int) -> dt.datetime:
        """The aware datetime of moment ``t`` (minutes)."""
        o, m = divmod(t, DAY)
        base = self.bases.get(o)
        if base is None:
            d = dt.date.fromordinal(o)
            base = self.bases[o] = dt.datetime(d.year, d.month, d.day, tzinfo=VN_TZ)
        return base + MINUTES[m]
