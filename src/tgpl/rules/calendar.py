"""Vietnam's working-day calendar (lịch ngày làm việc) for legal aid time limits.

Many legal aid time limits run in *working days* (ngày làm việc): assignment of a provider
(Law 11/2017/QH14 Art 31 cl. 2, Art 33 cl. 2), proof after an immediate acceptance (TT12
Art 6), the answer to a change-of-provider request (TT12 Art 9 cl. 1), complaints (Law
Art 45 cl. 2). A working day here is a day on which a State legal aid Center — a public
service unit (đơn vị sự nghiệp công lập, Law Art 11 cl. 1) — works:

* **Weekly rest** (nghỉ hằng tuần): Saturday and Sunday. State bodies and public service
  units work a 40-hour week from Monday to Friday (Quyết định 188/1999/QĐ-TTg Art 1; the
  Labour Code 2019 (Bộ luật Lao động 45/2019/QH14) Art 105 and Art 111 set the frame, and
  Nghị định 145/2020/NĐ-CP details it).
* **Public holidays** (nghỉ lễ, tết), Labour Code 2019 Art 112 cl. 1: Tết Dương lịch
  (1/1), Tết Âm lịch (5 days), Giỗ Tổ Hùng Vương (10/3 lunar), Ngày Chiến thắng (30/4),
  Ngày Quốc tế Lao động (1/5), Quốc khánh (2/9 plus one adjacent day, from 2021). The
  Prime Minister fixes the Tết days and the day next to 2/9 each year (Art 112 cl. 3).
* **Compensatory days off** (nghỉ bù): a holiday falling on a weekly rest day is made up on
  the next working day (Labour Code 2019 Art 111 cl. 3).
* **Announced swaps** (hoán đổi ngày làm việc): each year the Prime Minister approves, and
  the Ministry of Labour, Invalids and Social Affairs (to 02/2025) or the Ministry of Home
  Affairs (from 03/2025) announces, extra days off for civil servants and public employees
  with *make-up working Saturdays* (ngày làm bù). A make-up Saturday is a working day.

Where the data come from
------------------------
Statutory holidays and compensatory days come from the ``holidays`` package
(``holidays.country_holidays("VN")``, class ``holidays.countries.vietnam.Vietnam``), which
computes Tết from the Vietnamese lunar calendar, applies the compensatory-day rules and
the 2/9 adjacent-day rule, and also knows some announced swaps (``weekend_workdays``;
2014–2015, 2018–2019, 2024, 2025 and 31/8/2026). It does **not** know the 02/01/2026 swap
(make-up Saturday 10/01/2026).

**Ngày Văn hóa Việt Nam (24/11)** is a paid day off from 2026: Politburo Resolution
80-NQ/TW (07/01/2026) set the policy and Nghị quyết 28/2026/QH16 on developing Vietnamese
culture (in force 01/07/2026) made it law (known from several independent secondary
sources; the official text was not read). It is on by default from 2026
(``vietnam_cultural_day=False`` turns it off) — added by tgpl itself when the installed
``holidays`` package does not know it, with the day off moved to the next Monday when
24/11 falls on a weekend (Labour Code 2019 Art 111 cl. 3). A 23/11 ↔ 28/11/2026 swap was
only a proposal and is not applied.

Announced swaps are shipped as data with their citation in
``tgpl/rules/data/vn_calendar_overrides.json`` (2018–2026) and merged over the package's
days. A year's new announcement is added with :meth:`WorkingCalendar.with_days_off` and
:meth:`WorkingCalendar.with_working_days`, or a JSON file of the same shape loaded with
:func:`load_overrides`.

**Known years.** The data file lists the years whose announcements were checked
(``known_years``; :attr:`WorkingCalendar.known_years`). Other years use the statutory
rules only, which may miss a swap announced for them: a deadline whose period runs
through such a year carries a warning in its ``assumptions``
(:meth:`WorkingCalendar.unannounced_years`) rather than a guess presented as fact.

Counting convention (Bộ luật Dân sự 2015 — Civil Code 91/2015/QH13 — Art 145–148, which
apply to time limits in other laws unless those laws say otherwise, Art 145 cl. 1):

* a period in days starts the day *after* the triggering event: the event day is not
  counted (Art 147 cl. 2–3);
* it ends at the end (24:00) of its last day (Art 148 cl. 1, cl. 6);
* for a period in working days, the last day is the n-th working day after the event day
  (:meth:`WorkingCalendar.add_working_days`);
* for a period in calendar days, when the last day is a weekly rest day or a holiday, the
  period ends at the end of the next working day (Art 148 cl. 5) — applied by
  :meth:`WorkingCalendar.add_days` unless ``roll_forward=False``;
* a period in hours runs from the moment of the event, around the clock, through nights
  and holidays (Art 147 cl. 1; :meth:`WorkingCalendar.add_hours`).

Speed: each year is computed once per calendar object and cached as a sorted tuple of
working-day ordinals, so ``add_working_days`` is a binary search.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import holidays
from attrs import frozen

from tgpl.domain import VN_TZ
from tgpl.errors import InvalidRecordError, RuleNotInForceError

__all__ = [
    "CALENDAR_BASIS",
    "DayChange",
    "WorkingCalendar",
    "add_days",
    "add_hours",
    "add_working_days",
    "default_calendar",
    "end_of_day",
    "is_working_day",
    "load_known_years",
    "load_overrides",
    "parse_overrides",
]

#: The legal basis of the calendar, for reports and docs.
CALENDAR_BASIS = (
    "Bộ luật Lao động 2019 Điều 105, 111, 112; Quyết định 188/1999/QĐ-TTg Điều 1; "
    "Nghị định 145/2020/NĐ-CP; Bộ luật Dân sự 2015 Điều 147–148; "
    "thông báo lịch nghỉ lễ, tết hằng năm của Thủ tướng Chính phủ"
)

_OVERRIDES_SCHEMA = "tgpl.vn_calendar_overrides/1"
_CULTURAL_DAY = "Cultural Day"
#: First year of Ngày Văn hóa Việt Nam (24/11), Nghị quyết 28/2026/QH16.
CULTURAL_DAY_FROM = 2026
_CULTURAL_DAY_VI = "Ngày Văn hóa Việt Nam (Nghị quyết 28/2026/QH16)"
_END_OF_DAY = dt.time(23, 59, 59, 999999, tzinfo=VN_TZ)


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of ``day`` in Vietnam's civil time (Civil Code 2015 Art 148 cl. 6: 24:00)."""
    return dt.datetime.combine(day, _END_OF_DAY)


@frozen
class DayChange:
    """One announced change to the ordinary calendar.

    ``working=False`` is an extra day off (ngày nghỉ hoán đổi or nghỉ bù); ``working=True``
    is a make-up working day (ngày làm bù), usually a Saturday. ``citation`` names the
    announcement; ``source`` is the announcement id in the data file.
    """

    day: dt.date
    working: bool
    citation: str
    source: str = ""


@frozen
class _Year:
    off: Mapping[dt.date, str]
    working_weekend: frozenset[dt.date]
    ordinals: tuple[int, ...]


def _require_date(value: object, what: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"{what} must be a datetime.date (not a datetime), got {value!r}")
    return value


class WorkingCalendar:
    """Working days of Vietnam's State sector; see the module docstring for the rules.

    Immutable: the ``with_*`` methods return a new calendar. ``first_year``/``last_year``
    bound the years it answers for (Labour Code 2012's five-day Tết applies from 2013);
    a date outside raises :class:`~tgpl.errors.RuleNotInForceError`.
    """

    __slots__ = (
        "_cache",
        "_changes",
        "_cultural_day",
        "_extra_off",
        "_extra_working",
        "_first_year",
        "_known_years",
        "_last_year",
    )

    def __init__(
        self,
        changes: Iterable[DayChange] = (),
        *,
        vietnam_cultural_day: bool = True,
        first_year: int = 2013,
        last_year: int = 2100,
        known_years: Iterable[int] | None = None,
    ) -> None:
        items = tuple(changes)
        off: dict[dt.date, DayChange] = {}
        working: dict[dt.date, DayChange] = {}
        for ch in items:
            day = _require_date(ch.day, "DayChange.day")
            (working if ch.working else off)[day] = ch
        clash = sorted(set(off) & set(working))
        if clash:
            raise ValueError(
                "a day cannot be both an extra day off and a make-up working day: "
                + ", ".join(d.isoformat() for d in clash)
            )
        if first_year > last_year:
            raise ValueError(f"first_year {first_year} is after last_year {last_year}")
        self._changes = items
        self._extra_off = off
        self._extra_working = working
        self._cultural_day = vietnam_cultural_day
        self._first_year = first_year
        self._last_year = last_year
        self._known_years = None if known_years is None else frozenset(known_years)
        self._cache: dict[int, _Year] = {}

    # -- construction -------------------------------------------------------------------

    @property
    def changes(self) -> tuple[DayChange, ...]:
        """The announced changes this calendar applies on top of the statutory days."""
        return self._changes

    @property
    def vietnam_cultural_day(self) -> bool:
        """Whether 24/11 (Ngày Văn hóa Việt Nam, from 2026, Nghị quyết 28/2026/QH16) is a day off."""
        return self._cultural_day

    @property
    def known_years(self) -> frozenset[int] | None:
        """The years whose announced swaps this calendar's data was checked for (``None``:
        not tracked, e.g. a calendar built by hand)."""
        return self._known_years

    def unannounced_years(self, start: dt.date, end: dt.date) -> tuple[int, ...]:
        """The years from ``start`` to ``end`` whose announced swaps are not in the data
        (empty when the calendar does not track known years)."""
        if self._known_years is None:
            return ()
        lo, hi = sorted((start.year, end.year))
        return tuple(y for y in range(lo, hi + 1) if y not in self._known_years)

    def with_known_years(self, *years: int) -> WorkingCalendar:
        """A new calendar that also treats ``years`` as checked (their swaps are in its data)."""
        known = set(self._known_years or ()) | set(years)
        return WorkingCalendar(
            self._changes, vietnam_cultural_day=self._cultural_day,
            first_year=self._first_year, last_year=self._last_year, known_years=known,
        )

    @property
    def years(self) -> range:
        """The years this calendar answers for."""
        return range(self._first_year, self._last_year + 1)

    def with_changes(self, changes: Iterable[DayChange]) -> WorkingCalendar:
        """A new calendar with ``changes`` added (a later change for the same day wins)."""
        merged = {c.day: c for c in self._changes}
        for c in changes:
            merged[c.day] = c
        return WorkingCalendar(
            merged.values(),
            vietnam_cultural_day=self._cultural_day,
            first_year=self._first_year,
            last_year=self._last_year,
            known_years=self._known_years,
        )

    def with_days_off(self, *days: dt.date, citation: str, source: str = "") -> WorkingCalendar:
        """A new calendar where ``days`` are announced days off (e.g. a swapped Friday)."""
        return self.with_changes(DayChange(d, False, citation, source) for d in days)

    def with_working_days(self, *days: dt.date, citation: str, source: str = "") -> WorkingCalendar:
        """A new calendar where ``days`` are make-up working days (e.g. a Saturday)."""
        return self.with_changes(DayChange(d, True, citation, source) for d in days)

    def __repr__(self) -> str:
        return (
            f"WorkingCalendar({len(self._changes)} announced changes, "
            f"vietnam_cultural_day={self._cultural_day}, years={self._first_year}..{self._last_year})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle without the cache (dask workers rebuild it lazily).
        return (_rebuild, (self._changes, self._cultural_day, self._first_year, self._last_year, self._known_years))

    # -- per-year data --------------------------------------------------------------------

    def _check_year(self, year: int) -> None:
        if not self._first_year <= year <= self._last_year:
            raise RuleNotInForceError(
                f"the working-day calendar covers {self._first_year}–{self._last_year}, not {year} "
                "(Labour Code 2019 Art 112; earlier years are outside the Law on Legal Aid 2017)"
            )

    def _year(self, year: int) -> _Year:
        data = self._cache.get(year)
        if data is None:
            self._check_year(year)
            data = self._build_year(year)
            self._cache[year] = data
        return data

    def _build_year(self, year: int) -> _Year:
        # Neighbouring years too: a swap announced for one year may move a day in the next
        # (31/12/2018 off, made up on 05/01/2019).
        lib = holidays.country_holidays("VN", years=(year - 1, year, year + 1), language="en_US")
        off: dict[dt.date, str] = {}
        for day, name in lib.items():
            if day.year != year:
                continue
            if _CULTURAL_DAY in name and not (self._cultural_day and year >= CULTURAL_DAY_FROM):
                continue
            off[day] = name
        if self._cultural_day and year >= CULTURAL_DAY_FROM and not any(_CULTURAL_DAY in n for n in off.values()):
            # An older ``holidays`` release without the day: add it, with the day off
            # moved to Monday when 24/11 is a weekend day (Labour Code 2019 Art 111 cl. 3).
            day = dt.date(year, 11, 24)
            off[day] = _CULTURAL_DAY_VI
            if day.weekday() >= 5:
                off[day + dt.timedelta(days=7 - day.weekday())] = _CULTURAL_DAY_VI + " (nghỉ bù)"
        working_weekend = {d for d in lib.weekend_workdays if d.year == year}
        for day, ch in self._extra_off.items():
            if day.year == year:
                off[day] = f"Ngày nghỉ theo thông báo ({ch.source or ch.citation})"
                working_weekend.discard(day)
        for day in self._extra_working:
            if day.year == year:
                off.pop(day, None)
                if day.weekday() >= 5:
                    working_weekend.add(day)
        start = dt.date(year, 1, 1).toordinal()
        end = dt.date(year, 12, 31).toordinal()
        ordinals = []
        for o in range(start, end + 1):
            d = dt.date.fromordinal(o)
            if d in off:
                continue
            if d.weekday() >= 5 and d not in working_weekend:
                continue
            ordinals.append(o)
        return _Year(off=off, working_weekend=frozenset(working_weekend), ordinals=tuple(ordinals))

    # -- queries -----------------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        """Whether the State sector works on ``day`` (weekday, not a holiday or announced day off, or a make-up Saturday)."""
        day = _require_date(day, "day")
        y = self._year(day.year)
        if day in y.off:
            return False
        return day.weekday() < 5 or day in y.working_weekend

    def holidays_in(self, year: int) -> dict[dt.date, str]:
        """Holidays and days off (other than ordinary weekends) in ``year``, with their names."""
        return dict(sorted(self._year(year).off.items()))

    def working_weekend_days(self, year: int) -> frozenset[dt.date]:
        """Make-up working Saturdays/Sundays (ngày làm bù) in ``year``."""
        return self._year(year).working_weekend

    def working_days_in(self, year: int) -> int:
        """How many working days ``year`` has."""
        return len(self._year(year).ordinals)

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, otherwise the first working day after it."""
        day = _require_date(day, "day")
        if self.is_working_day(day):
            return day
        return self.add_working_days(day, 1)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start``: the last day of an n-working-day period.

        ``start`` (the day of the triggering event) is not counted, whether or not it is a
        working day (Civil Code 2015 Art 147 cl. 2–3). ``n == 0`` returns ``start``.
        """
        start = _require_date(start, "start")
        if n < 0:
            raise ValueError(f"n must be 0 or more, got {n}")
        if n == 0:
            return start
        year = start.year
        ords = self._year(year).ordinals
        idx = bisect_right(ords, start.toordinal()) + n - 1
        while idx >= len(ords):
            idx -= len(ords)
            year += 1
            ords = self._year(year).ordinals
        return dt.date.fromordinal(ords[idx])

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days lie in ``(start, end]`` — after ``start``, up to and including ``end``.

        The inverse of :meth:`add_working_days`: ``working_days_between(s, add_working_days(s, n)) == n``.
        Negative when ``end`` is before ``start``.
        """
        start = _require_date(start, "start")
        end = _require_date(end, "end")
        if end < start:
            return -self.working_days_between(end, start)
        total = 0
        for year in range(start.year, end.year + 1):
            ords = self._year(year).ordinals
            hi = bisect_right(ords, end.toordinal()) if year == end.year else len(ords)
            lo = bisect_right(ords, start.toordinal()) if year == start.year else 0
            total += hi - lo
        return total

    def add_days(self, start: dt.date, n: int, *, roll_forward: bool = True) -> dt.date:
        """The last day of an n-calendar-day period starting after ``start``.

        The event day is not counted (Civil Code 2015 Art 147 cl. 2–3): the last day is
        ``start + n``. With ``roll_forward`` (the default), a last day that is a weekly rest
        day or a holiday moves to the next working day (Art 148 cl. 5) — legal aid texts
        say nothing otherwise, so the Civil Code rule applies (Art 145 cl. 1).
        """
        start = _require_date(start, "start")
        if n < 0:
            raise ValueError(f"n must be 0 or more, got {n}")
        last = start + dt.timedelta(days=n)
        if roll_forward and n > 0:
            return self.next_working_day(last)
        return last

    @staticmethod
    def add_hours(moment: dt.datetime, hours: float) -> dt.datetime:
        """``moment`` plus ``hours`` clock hours (Civil Code 2015 Art 147 cl. 1).

        Hours run continuously, through nights, weekends and holidays. ``moment`` must be
        timezone-aware; the result is expressed in Vietnam's civil time.
        """
        if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
            raise TypeError(f"moment must be a timezone-aware datetime, got {moment!r}")
        if hours < 0:
            raise ValueError(f"hours must be 0 or more, got {hours}")
        return (moment + dt.timedelta(hours=hours)).astimezone(VN_TZ)


def _rebuild(
    changes: tuple[DayChange, ...], cultural_day: bool, first_year: int, last_year: int,
    known_years: frozenset[int] | None = None,
) -> WorkingCalendar:
    return WorkingCalendar(
        changes, vietnam_cultural_day=cultural_day, first_year=first_year, last_year=last_year,
        known_years=known_years,
    )


def parse_overrides(data: Mapping[str, Any], *, source: str = "<overrides>") -> tuple[DayChange, ...]:
    """Read announced days off and make-up working days from a mapping (the JSON shape).

    Shape: ``{"schema": "tgpl.vn_calendar_overrides/1", "announcements": [{"id": ...,
    "citation": ..., "days_off": ["YYYY-MM-DD", ...], "working_days": [...]}, ...]}``.
    Every announcement needs a citation. Errors name the field path.
    """
    if data.get("schema") != _OVERRIDES_SCHEMA:
        raise InvalidRecordError(
            f"expected schema {_OVERRIDES_SCHEMA!r}, got {data.get('schema')!r}", path="$.schema", source=source
        )
    anns = data.get("announcements")
    if not isinstance(anns, list):
        raise InvalidRecordError("announcements must be a list", path="$.announcements", source=source)
    out: list[DayChange] = []
    for i, ann in enumerate(anns):
        base = f"$.announcements[{i}]"
        if not isinstance(ann, Mapping):
            raise InvalidRecordError("an announcement must be an object", path=base, source=source)
        citation = ann.get("citation")
        if not isinstance(citation, str) or not citation.strip():
            raise InvalidRecordError("an announcement needs its citation", path=f"{base}.citation", source=source)
        ann_id = str(ann.get("id", ""))
        for key, working in (("days_off", False), ("working_days", True)):
            values = ann.get(key, [])
            if not isinstance(values, list):
                raise InvalidRecordError(f"{key} must be a list of dates", path=f"{base}.{key}", source=source)
            for j, text in enumerate(values):
                try:
                    day = dt.date.fromisoformat(str(text))
                except ValueError:
                    raise InvalidRecordError(
                        f"not an ISO date: {text!r}", path=f"{base}.{key}[{j}]", source=source, record_id=ann_id or None
                    ) from None
                out.append(DayChange(day, working, citation, ann_id))
    return tuple(out)


def _read_overrides(path: str | Path | None) -> tuple[Mapping[str, Any], str]:
    if path is None:
        ref = resources.files("tgpl.rules").joinpath("data/vn_calendar_overrides.json")
        text = ref.read_text(encoding="utf-8")
        source = "tgpl/rules/data/vn_calendar_overrides.json"
    else:
        text = Path(path).read_text(encoding="utf-8")
        source = str(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidRecordError(f"invalid JSON: {exc.msg}", path="$", line=exc.lineno, source=source) from None
    if not isinstance(data, Mapping):
        raise InvalidRecordError("expected a JSON object", path="$", source=source)
    return data, source


def load_overrides(path: str | Path | None = None) -> tuple[DayChange, ...]:
    """Load announced changes from a JSON file; ``None`` loads the data shipped with tgpl."""
    data, source = _read_overrides(path)
    return parse_overrides(data, source=source)


def load_known_years(path: str | Path | None = None) -> frozenset[int]:
    """The ``known_years`` of a JSON overrides file (years whose announcements were
    checked); ``None`` reads the data shipped with tgpl. A file without the key knows none."""
    data, source = _read_overrides(path)
    years = data.get("known_years", [])
    if not isinstance(years, list) or not all(isinstance(y, int) and not isinstance(y, bool) for y in years):
        raise InvalidRecordError("known_years must be a list of years", path="$.known_years", source=source)
    return frozenset(years)


@functools.cache
def default_calendar() -> WorkingCalendar:
    """The calendar tgpl uses when none is given: statutory days plus the shipped announcements.

    Cached: one instance per process, so its per-year cache is shared by every call.
    """
    return WorkingCalendar(load_overrides(), known_years=load_known_years())


# -- shortcuts on the default calendar -------------------------------------------------------


def is_working_day(day: dt.date, *, calendar: WorkingCalendar | None = None) -> bool:
    """:meth:`WorkingCalendar.is_working_day` on ``calendar`` or the default calendar."""
    return (calendar or default_calendar()).is_working_day(day)


def add_working_days(start: dt.date, n: int, *, calendar: WorkingCalendar | None = None) -> dt.date:
    """:meth:`WorkingCalendar.add_working_days` on ``calendar`` or the default calendar."""
    return (calendar or default_calendar()).add_working_days(start, n)


def add_days(
    start: dt.date, n: int, *, roll_forward: bool = True, calendar: WorkingCalendar | None = None
) -> dt.date:
    """:meth:`WorkingCalendar.add_days` on ``calendar`` or the default calendar."""
    return (calendar or default_calendar()).add_days(start, n, roll_forward=roll_forward)


def add_hours(moment: dt.datetime, hours: float) -> dt.datetime:
    """:meth:`WorkingCalendar.add_hours`: clock hours from an aware moment (Civil Code 2015 Art 147 cl. 1)."""
    return WorkingCalendar.add_hours(moment, hours)
