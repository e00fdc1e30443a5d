"""Time frames of plan tasks (thời gian thực hiện), as plans write them, parsed into dates.

A plan says when a task is done in words: "Cả năm 2024", "Quý II năm 2024", "6 tháng đầu
năm 2024", "Tháng 3 năm 2024", "Từ ngày 01/3/2024 đến ngày 30/6/2024". :func:`parse_time_frame`
turns each into a :class:`TimeFrame` — the inclusive date range plus the text as written,
so a report can quote the plan and still compute with dates. The accepted forms are listed
in :data:`ACCEPTED_FORMS` (quoted in every error); anything else is refused, never guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from typing import Final

from attrs import frozen

__all__ = ["ACCEPTED_FORMS", "TimeFrame", "TimeFrameError", "parse_time_frame"]

#: The forms :func:`parse_time_frame` accepts (case and surrounding punctuation ignored).
ACCEPTED_FORMS: Final = (
    "“Cả năm 2024” / “Năm 2024”; “Quý II năm 2024” / “Quý 2 năm 2024” / “Quý II/2024”; "
    "“6 tháng đầu năm 2024” / “6 tháng cuối năm 2024”; “Tháng 3 năm 2024” / “Tháng 3/2024”; "
    "“Từ ngày 01/3/2024 đến ngày 30/6/2024” / “01/3/2024 - 30/6/2024”; "
    "“Từ tháng 3 đến tháng 6 năm 2024”; “2024-03-01..2024-06-30”"
)

_ROMAN: Final = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


class TimeFrameError(ValueError):
    """A time frame text that is not one of :data:`ACCEPTED_FORMS`, or an impossible date."""


@frozen
class TimeFrame:
    """An inclusive date range ``start..end`` with the text the plan wrote (``text``)."""

    start: dt.date
    end: dt.date
    text: str

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise TimeFrameError(f"time frame {self.text!r} ends before it starts")

    @property
    def days(self) -> int:
        """The number of days, both ends counted."""
        return (self.end - self.start).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def span_vi(self) -> str:
        """``"01/01/2024–31/12/2024"``."""
        return f"{self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _day(text: str, original: str) -> dt.date:
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        return dt.date.fromisoformat(text)
    except ValueError:
        raise TimeFrameError(f"time frame {original!r}: {text!r} is not a date") from None


_YEAR = r"(?:năm\s+)?(\d{4})"
_PATTERNS: Final = (
    ("year", re.compile(r"(?:cả\s+)?năm\s+(\d{4})")),
    ("quarter", re.compile(r"quý\s+(i{1,3}|iv|[1-4])\s*(?:năm\s+|/\s*)(\d{4})")),
    ("half", re.compile(r"6\s+tháng\s+(đầu|cuối)\s+năm\s+(\d{4})")),
    ("month", re.compile(r"tháng\s+(\d{1,2})\s*(?:năm\s+|/\s*)(\d{4})")),
    ("months", re.compile(rf"(?:từ\s+)?tháng\s+(\d{{1,2}})\s+(?:đến|-|–)\s+tháng\s+(\d{{1,2}})\s+{_YEAR}")),
    ("range", re.compile(
        r"(?:từ\s+)?(?:ngày\s+)?(\d{1,2}/\d{1,2}/\d{4})\s*(?:đến|-|–)\s*(?:ngày\s+)?(\d{1,2}/\d{1,2}/\d{4})"
    )),
    ("iso", re.compile(r"(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})")),
)


def _normalise(text: str) -> str:
    t = unicodedata.normalize("NFC", text).strip().lower()
    t = re.sub(r"\s+", " ", t)
    return t.strip(" .;:,")


def parse_time_frame(text: str) -> TimeFrame:
    """The :class:`TimeFrame` a plan's words name; :class:`TimeFrameError` otherwise.

    >>> parse_time_frame("Quý II năm 2024").start.isoformat()
    '2024-04-01'
    >>> parse_time_frame("Cả năm 2024").end.isoformat()
    '2024-12-31'
    """
    if not isinstance(text, str) or not text.strip():
        raise TimeFrameError(f"a time frame must be non-empty text, got {text!r}; accepted: {ACCEPTED_FORMS}")
    t = _normalise(text)
    shown = text.strip()
    for kind, pattern in _PATTERNS:
        m = pattern.fullmatch(t)
        if m is None:
            continue
        if kind == "year":
            y = int(m[1])
            return TimeFrame(dt.date(y, 1, 1), dt.date(y, 12, 31), shown)
        if kind == "quarter":
            q = _ROMAN.get(m[1]) or int(m[1])
            y = int(m[2])
            return TimeFrame(dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q), shown)
        if kind == "half":
            y = int(m[2])
            if m[1] == "đầu":
                return TimeFrame(dt.date(y, 1, 1), dt.date(y, 6, 30), shown)
            return TimeFrame(dt.date(y, 7, 1), dt.date(y, 12, 31), shown)
        if kind in ("month", "months"):
            first = int(m[1])
            last = first if kind == "month" else int(m[2])
            y = int(m[2] if kind == "month" else m[3])
            if not (1 <= first <= 12 and 1 <= last <= 12):
                raise TimeFrameError(f"time frame {shown!r}: a month is 1 to 12")
            if last < first:
                raise TimeFrameError(f"time frame {shown!r} ends before it starts")
            return TimeFrame(dt.date(y, first, 1), _month_end(y, last), shown)
        start, end = _day(m[1], shown), _day(m[2], shown)
        if end < start:
            raise TimeFrameError(f"time frame {shown!r} ends before it starts")
        return TimeFrame(start, end, shown)
    raise TimeFrameError(f"time frame {shown!r} is not understood; accepted: {ACCEPTED_FORMS}")
