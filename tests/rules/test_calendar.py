"""Tests of the working-day calendar against the announced 2018–2026 schedules, and its properties."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tgpl.domain import VN_TZ, at_vn
from tgpl.errors import InvalidRecordError, RuleNotInForceError
from tgpl.rules import calendar as calendar_module
from tgpl.rules.calendar import (
    DayChange,
    WorkingCalendar,
    default_calendar,
    end_of_day,
    load_overrides,
    parse_overrides,
)

CAL = default_calendar()
D = dt.date


def days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


# Days off of the State sector as announced (inclusive ranges), and the first working day
# before/after each break. Sources: Labour Code 2019 Art 112 and the yearly announcements
# (CV 2450/VPCP-KGVX 2024; TB 6150/TB-BLĐTBXH 2024; Government/MoHA 2025 notices for 2026).
BREAKS = [
    # 2024
    (D(2023, 12, 30), D(2024, 1, 1)),
    (D(2024, 2, 8), D(2024, 2, 14)),  # Tết Giáp Thìn
    (D(2024, 4, 18), D(2024, 4, 18)),  # Giỗ Tổ Hùng Vương
    (D(2024, 4, 27), D(2024, 5, 1)),  # 29/4 swapped with Sat 4/5
    (D(2024, 8, 31), D(2024, 9, 3)),  # 2/9 + 3/9
    # 2025
    (D(2025, 1, 1), D(2025, 1, 1)),
    (D(2025, 1, 25), D(2025, 2, 2)),  # Tết Ất Tỵ, 9 days
    (D(2025, 4, 5), D(2025, 4, 7)),  # Hùng Kings on Monday 7/4
    (D(2025, 4, 30), D(2025, 5, 4)),  # 2/5 swapped with Sat 26/4
    (D(2025, 8, 30), D(2025, 9, 2)),  # 1/9 + 2/9
    # 2026
    (D(2026, 1, 1), D(2026, 1, 4)),  # 2/1 swapped with Sat 10/1
    (D(2026, 2, 14), D(2026, 2, 22)),  # Tết Bính Ngọ, 9 days
    (D(2026, 4, 25), D(2026, 4, 27)),  # Hùng Kings on Sunday 26/4, compensatory Monday 27/4
    (D(2026, 4, 30), D(2026, 5, 3)),
    (D(2026, 8, 29), D(2026, 9, 2)),  # 31/8 swapped with Sat 22/8; 1/9 adjacent day
    # 2018–2019 swaps
    (D(2018, 12, 29), D(2019, 1, 1)),
    (D(2019, 4, 27), D(2019, 5, 1)),
]
MAKE_UP_SATURDAYS = [D(2019, 1, 5), D(2019, 5, 4), D(2024, 5, 4), D(2025, 4, 26), D(2026, 1, 10), D(2026, 8, 22)]


@pytest.mark.parametrize(("first", "last"), BREAKS, ids=lambda d: d.isoformat())
def test_announced_breaks_are_days_off_and_bounded_by_working_days(first: dt.date, last: dt.date) -> None:
    assert [d for d in days(first, last) if CAL.is_working_day(d)] == []
    assert CAL.is_working_day(first - dt.timedelta(days=1))
    assert CAL.is_working_day(last + dt.timedelta(days=1))


@pytest.mark.parametrize("day", MAKE_UP_SATURDAYS, ids=lambda d: d.isoformat())
def test_make_up_saturdays_are_working_days(day: dt.date) -> None:
    assert day.weekday() == 5
    assert CAL.is_working_day(day)
    assert day in CAL.working_weekend_days(day.year)


def test_ordinary_weekend_is_off_and_weekday_is_working() -> None:
    assert not CAL.is_working_day(D(2025, 3, 8))  # Saturday
    assert not CAL.is_working_day(D(2025, 3, 9))  # Sunday
    assert CAL.is_working_day(D(2025, 3, 10))  # Monday


def test_vietnam_cultural_day_is_a_day_off_from_2026() -> None:
    # Nghị quyết 28/2026/QH16: on by default from 2026.
    assert not CAL.is_working_day(D(2026, 11, 24))
    assert CAL.is_working_day(D(2025, 11, 24))  # Monday 2025: no such holiday yet
    assert CAL.add_working_days(D(2026, 11, 23), 3) == D(2026, 11, 27)
    without = WorkingCalendar(load_overrides(), vietnam_cultural_day=False)
    assert without.is_working_day(D(2026, 11, 24))
    # A Saturday 24/11 (2029) is made up on Monday 26/11 (Labour Code 2019 Art 111 cl. 3).
    assert not CAL.is_working_day(D(2029, 11, 26))
    assert without.is_working_day(D(2029, 11, 26))


@given(st.integers(2026, 2060))
def test_cultural_day_every_year(year: int) -> None:
    day = D(year, 11, 24)
    assert not CAL.is_working_day(day)
    if day.weekday() >= 5:
        assert not CAL.is_working_day(day + dt.timedelta(days=7 - day.weekday()))


def test_known_years_come_from_the_data() -> None:
    assert {2024, 2025, 2026} <= (CAL.known_years or frozenset())
    assert CAL.unannounced_years(D(2026, 12, 30), D(2027, 1, 4)) == (2027,)
    assert CAL.unannounced_years(D(2026, 1, 1), D(2026, 12, 31)) == ()
    assert WorkingCalendar().unannounced_years(D(2030, 1, 1), D(2031, 1, 1)) == ()
    assert 2027 in (CAL.with_known_years(2027).known_years or frozenset())
    assert pickle.loads(pickle.dumps(CAL.with_known_years(2030))).known_years == CAL.with_known_years(2030).known_years


def test_2026_announcements_cite_their_numbers() -> None:
    cites = {c.source: c.citation for c in load_overrides()}
    assert "12729/VPCP-KGVX" in cites["vn-2026-new-year"]
    assert "9441/TB-BNV" in cites["vn-2026-national-day"]


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 1, 24), 1, D(2025, 2, 3)),  # Friday before Tết → Monday after
        (D(2025, 1, 24), 5, D(2025, 2, 7)),
        (D(2025, 12, 31), 1, D(2026, 1, 5)),  # across the year and the 2/1/2026 swap
        (D(2026, 1, 9), 1, D(2026, 1, 10)),  # the make-up Saturday counts
        (D(2026, 4, 28), 3, D(2026, 5, 5)),
        (D(2024, 8, 30), 1, D(2024, 9, 4)),
        (D(2025, 3, 8), 1, D(2025, 3, 10)),  # a Saturday trigger: Monday is day 1
        (D(2025, 3, 10), 0, D(2025, 3, 10)),
    ],
)
def test_add_working_days_table(start: dt.date, n: int, expected: dt.date) -> None:
    assert CAL.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 1, 20), 10, D(2025, 2, 3)),  # 30/01 is Tết: moves to the next working day (Art 148 cl. 5)
        (D(2025, 3, 1), 30, D(2025, 3, 31)),
        (D(2025, 3, 3), 5, D(2025, 3, 10)),  # Saturday 8/3 → Monday 10/3
    ],
)
def test_add_days_rolls_forward(start: dt.date, n: int, expected: dt.date) -> None:
    assert CAL.add_days(start, n) == expected


def test_add_days_without_roll_forward() -> None:
    assert CAL.add_days(D(2025, 1, 20), 10, roll_forward=False) == D(2025, 1, 30)


def test_add_hours_runs_through_the_night_and_holidays() -> None:
    start = at_vn(D(2025, 1, 28), 20)  # Lunar New Year's Eve, 20:00
    assert CAL.add_hours(start, 12) == at_vn(D(2025, 1, 29), 8)
    with pytest.raises(TypeError):
        CAL.add_hours(dt.datetime(2025, 1, 1, 8), 12)  # naive
    with pytest.raises(ValueError, match="0 or more"):
        CAL.add_hours(start, -1)


def test_module_shortcuts_use_the_default_calendar() -> None:
    assert calendar_module.is_working_day(D(2026, 1, 10))
    assert calendar_module.add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)
    assert calendar_module.add_days(D(2025, 1, 20), 10) == D(2025, 2, 3)
    assert calendar_module.add_hours(at_vn(D(2025, 1, 1)), 24) == at_vn(D(2025, 1, 2))
    other = CAL.with_days_off(D(2025, 2, 3), citation="test")
    assert calendar_module.add_working_days(D(2025, 1, 24), 1, calendar=other) == D(2025, 2, 4)
    assert not calendar_module.is_working_day(D(2025, 2, 3), calendar=other)
    assert calendar_module.add_days(D(2025, 1, 20), 10, calendar=other) == D(2025, 2, 4)


def test_end_of_day_is_last_instant_in_vietnam() -> None:
    e = end_of_day(D(2025, 5, 5))
    assert e.tzinfo is VN_TZ
    assert (e.hour, e.minute, e.second, e.microsecond) == (23, 59, 59, 999999)


def test_years_outside_the_calendar_are_an_error() -> None:
    with pytest.raises(RuleNotInForceError, match="2012"):
        CAL.is_working_day(D(2012, 5, 2))
    small = WorkingCalendar(first_year=2024, last_year=2025)
    with pytest.raises(RuleNotInForceError):
        small.add_working_days(D(2025, 12, 30), 10)


def test_bad_arguments() -> None:
    with pytest.raises(TypeError):
        CAL.is_working_day(dt.datetime(2025, 1, 1, tzinfo=VN_TZ))
    with pytest.raises(ValueError, match="0 or more"):
        CAL.add_working_days(D(2025, 1, 1), -1)
    with pytest.raises(ValueError, match="0 or more"):
        CAL.add_days(D(2025, 1, 1), -1)
    with pytest.raises(ValueError, match="both"):
        WorkingCalendar([DayChange(D(2025, 1, 6), False, "x"), DayChange(D(2025, 1, 6), True, "y")])
    with pytest.raises(ValueError, match="first_year"):
        WorkingCalendar(first_year=2030, last_year=2020)


def test_with_days_off_and_working_days_return_new_calendars() -> None:
    # A hypothetical 2027 announcement: Friday 31/12/2027 off, Saturday 8/1/2028 worked.
    cal2 = CAL.with_days_off(D(2027, 12, 31), citation="Thông báo giả định").with_working_days(
        D(2028, 1, 8), citation="Thông báo giả định"
    )
    assert CAL.is_working_day(D(2027, 12, 31))
    assert not cal2.is_working_day(D(2027, 12, 31))
    assert cal2.is_working_day(D(2028, 1, 8))
    assert not CAL.is_working_day(D(2028, 1, 8))
    # A later change for the same day replaces the earlier one.
    cal3 = cal2.with_working_days(D(2027, 12, 31), citation="đính chính")
    assert cal3.is_working_day(D(2027, 12, 31))
    assert len(cal3.changes) == len(cal2.changes)


def test_shipped_overrides_cover_and_agree_with_the_holidays_package() -> None:
    changes = load_overrides()
    assert {c.day.year for c in changes} >= {2018, 2019, 2024, 2025, 2026}
    assert all(c.citation for c in changes)
    bare = WorkingCalendar()  # statutory days and the package's own swaps only
    for c in changes:
        if c.day == D(2026, 1, 2) or c.day == D(2026, 1, 10):
            # The package does not know the 2026 New Year swap: our data adds it.
            assert bare.is_working_day(c.day) is (c.day == D(2026, 1, 2))
            continue
        assert bare.is_working_day(c.day) is c.working, c


def test_load_overrides_from_file(tmp_path: Path) -> None:
    path = tmp_path / "o.json"
    path.write_text(json.dumps({
        "schema": "tgpl.vn_calendar_overrides/1",
        "announcements": [{"id": "x", "citation": "TB 1/2027", "days_off": ["2027-04-30"], "working_days": ["2027-04-24"]}],
    }), encoding="utf-8")
    changes = load_overrides(path)
    assert changes == (DayChange(D(2027, 4, 30), False, "TB 1/2027", "x"), DayChange(D(2027, 4, 24), True, "TB 1/2027", "x"))
    cal = CAL.with_changes(changes)
    assert cal.is_working_day(D(2027, 4, 24))


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"schema": "other"}, "$.schema"),
        ({"schema": "tgpl.vn_calendar_overrides/1", "announcements": {}}, "$.announcements"),
        ({"schema": "tgpl.vn_calendar_overrides/1", "announcements": [{"days_off": []}]}, "$.announcements[0].citation"),
        (
            {"schema": "tgpl.vn_calendar_overrides/1", "announcements": [{"citation": "c", "days_off": ["2027-13-01"]}]},
            "$.announcements[0].days_off[0]",
        ),
        ({"schema": "tgpl.vn_calendar_overrides/1", "announcements": [{"citation": "c", "working_days": "x"}]}, "$.announcements[0].working_days"),
        ({"schema": "tgpl.vn_calendar_overrides/1", "announcements": [3]}, "$.announcements[0]"),
    ],
)
def test_bad_overrides_name_the_field(data: dict[str, object], path: str) -> None:
    with pytest.raises(InvalidRecordError) as info:
        parse_overrides(data)
    assert info.value.path == path


def test_invalid_json_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidRecordError, match="invalid JSON"):
        load_overrides(path)


def test_pickles_without_cache() -> None:
    CAL.is_working_day(D(2025, 1, 1))
    copy = pickle.loads(pickle.dumps(CAL))
    assert copy.changes == CAL.changes
    assert copy.is_working_day(D(2026, 1, 2)) is False


def test_year_sizes_are_plausible() -> None:
    for year in range(2018, 2027):
        assert 240 <= CAL.working_days_in(year) <= 252
    assert D(2025, 5, 2) in CAL.holidays_in(2025)


# -- properties ----------------------------------------------------------------------------

dates = st.dates(min_value=D(2018, 1, 1), max_value=D(2026, 12, 31))
ns = st.integers(min_value=0, max_value=400)


@given(dates, st.integers(min_value=1, max_value=400))
def test_add_working_days_lands_on_a_working_day(start: dt.date, n: int) -> None:
    assert CAL.is_working_day(CAL.add_working_days(start, n))


@given(dates, ns, ns)
def test_add_working_days_is_strictly_monotone(start: dt.date, a: int, b: int) -> None:
    if a < b:
        assert CAL.add_working_days(start, a) < CAL.add_working_days(start, b)


@given(dates, ns)
def test_exactly_n_working_days_between(start: dt.date, n: int) -> None:
    end = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, end) == n
    assert CAL.working_days_between(end, start) == -n


@given(dates, st.integers(min_value=1, max_value=40))
def test_add_working_days_matches_day_by_day_counting(start: dt.date, n: int) -> None:
    d, counted = start, 0
    while counted < n:
        d += dt.timedelta(days=1)
        counted += CAL.is_working_day(d)
    assert CAL.add_working_days(start, n) == d


@given(dates, st.integers(min_value=1, max_value=60))
def test_add_days_ends_on_the_first_working_day_from_the_nominal_day(start: dt.date, n: int) -> None:
    nominal = start + dt.timedelta(days=n)
    end = CAL.add_days(start, n)
    assert end >= nominal
    assert CAL.is_working_day(end)
    assert all(not CAL.is_working_day(d) for d in days(nominal, end - dt.timedelta(days=1)))


@given(
    st.datetimes(min_value=dt.datetime(2018, 1, 1), max_value=dt.datetime(2026, 12, 31), timezones=st.just(VN_TZ)),
    st.integers(min_value=0, max_value=240),
)
def test_add_hours_adds_clock_hours(moment: dt.datetime, hours: int) -> None:
    assert CAL.add_hours(moment, hours) - moment == dt.timedelta(hours=hours)


@given(dates)
def test_next_working_day_is_the_first_working_day_on_or_after(day: dt.date) -> None:
    nxt = CAL.next_working_day(day)
    assert CAL.is_working_day(nxt)
    assert all(not CAL.is_working_day(d) for d in days(day, nxt - dt.timedelta(days=1)))


@given(st.dates(min_value=D(2027, 1, 1), max_value=D(2030, 12, 31)))
def test_announced_day_off_removes_exactly_one_working_day(day: dt.date) -> None:
    cal = CAL.with_days_off(day, citation="test")
    assert not cal.is_working_day(day)
    year = day.year
    assert cal.working_days_in(year) == CAL.working_days_in(year) - CAL.is_working_day(day)
