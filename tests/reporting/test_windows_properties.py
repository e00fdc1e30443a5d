"""Hypothesis properties of reporting windows: round trips, tiling, membership, validation."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tgpl.errors import WindowError
from tgpl.reporting.windows import (
    Regime,
    Window,
    WindowKind,
    adjacent,
    custom,
    parse_window,
    regime_window,
    windows_between,
)

#: Years every legal regime covers (the statistics rules start 15/05/2019); calendar and
#: practice windows are generated over the whole supported range.
LEGAL_YEARS = st.integers(min_value=2020, max_value=2200)
ANY_YEAR = st.integers(min_value=1000, max_value=9999)

PERIODS: dict[Regime, tuple[str | None, ...]] = {
    Regime.CALENDAR: (None, "9M", "H1", "H2", *(f"Q{q}" for q in range(1, 5)), *(f"{m:02d}" for m in range(1, 13))),
    Regime.STATISTICS: (None, "H1", "final"),
    Regime.GENERAL_REPORTING: (None, "9M", "H1", *(f"Q{q}" for q in range(1, 5)), *(f"{m:02d}" for m in range(1, 13))),
    Regime.COORDINATION: (None, "final"),
    Regime.PRACTICE: (None,),
}


@st.composite
def named_windows(draw: st.DrawFn) -> Window:
    regime = draw(st.sampled_from(list(Regime)))
    yr = draw(ANY_YEAR if regime in (Regime.CALENDAR, Regime.PRACTICE) else LEGAL_YEARS)
    return regime_window(regime, yr, draw(st.sampled_from(PERIODS[regime])))


DATES = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))


@st.composite
def custom_windows(draw: st.DrawFn) -> Window:
    a, b = draw(DATES), draw(DATES)
    return custom(min(a, b), max(a, b))


WINDOWS = st.one_of(named_windows(), custom_windows())


@given(WINDOWS)
def test_label_round_trips(w: Window) -> None:
    assert parse_window(w.label) == w
    assert parse_window(str(w)) == w
    assert parse_window(f"  {w.label.lower()}  ") == w
    assert Window(w.start, w.end, kind=w.kind, regime=w.regime, label=w.label) == w


@given(WINDOWS, DATES)
def test_contains_agrees_with_bounds(w: Window, d: dt.date) -> None:
    assert w.contains(d) == (w.start <= d <= w.end)
    assert (d in w) == w.contains(d)
    assert w.start in w
    assert w.end in w


@given(WINDOWS)
def test_days_and_description(w: Window) -> None:
    assert w.days == (w.end - w.start).days + 1 >= 1
    assert w.label_vi
    assert w.year == w.end.year


@given(DATES, DATES)
def test_custom_end_before_start_rejected(a: dt.date, b: dt.date) -> None:
    assume(a != b)
    start, end = max(a, b), min(a, b)
    with pytest.raises(WindowError):
        custom(start, end)
    with pytest.raises(WindowError):
        parse_window(f"{start.isoformat()}..{end.isoformat()}")


TILING: list[tuple[Regime, WindowKind, WindowKind]] = [
    (Regime.CALENDAR, WindowKind.YEAR, WindowKind.MONTH),
    (Regime.CALENDAR, WindowKind.YEAR, WindowKind.QUARTER),
    (Regime.CALENDAR, WindowKind.YEAR, WindowKind.HALF),
    (Regime.CALENDAR, WindowKind.NINE_MONTHS, WindowKind.MONTH),
    (Regime.CALENDAR, WindowKind.NINE_MONTHS, WindowKind.QUARTER),
    (Regime.GENERAL_REPORTING, WindowKind.YEAR, WindowKind.MONTH),
    (Regime.GENERAL_REPORTING, WindowKind.YEAR, WindowKind.QUARTER),
    (Regime.GENERAL_REPORTING, WindowKind.HALF, WindowKind.QUARTER),
    (Regime.GENERAL_REPORTING, WindowKind.NINE_MONTHS, WindowKind.MONTH),
]


@given(st.sampled_from(TILING), LEGAL_YEARS)
def test_consecutive_windows_tile_exactly(case: tuple[Regime, WindowKind, WindowKind], yr: int) -> None:
    regime, whole_kind, piece_kind = case
    period = {WindowKind.YEAR: None, WindowKind.NINE_MONTHS: "9M", WindowKind.HALF: "H1"}[whole_kind]
    whole = regime_window(regime, yr, period)
    pieces = whole.split(piece_kind)
    assert pieces[0].start == whole.start
    assert pieces[-1].end == whole.end
    for a, b in itertools.pairwise(pieces):
        assert adjacent(a, b)
        assert a.end + dt.timedelta(days=1) == b.start  # no gap, no overlap
    assert sum(p.days for p in pieces) == whole.days
    assert all(p.kind is piece_kind and p.regime is regime for p in pieces)
    joined = pieces[0]
    for p in pieces[1:]:
        joined = Window.join(joined, p)
    assert joined == whole


@given(st.sampled_from([Regime.CALENDAR, Regime.GENERAL_REPORTING]), st.sampled_from(["month", "quarter", "year"]), LEGAL_YEARS)
def test_successive_years_tile_with_no_gap(regime: Regime, kind: str, yr: int) -> None:
    """Consecutive windows run on across year ends (general 15/12 crossing included)."""
    seq = windows_between(dt.date(yr, 1, 1), dt.date(yr + 1, 12, 31), kind, regime=regime)
    for a, b in itertools.pairwise(seq):
        assert a.end + dt.timedelta(days=1) == b.start
        assert a.next() == b
        assert b.previous() == a


@given(DATES, st.integers(min_value=0, max_value=800), st.sampled_from(["month", "quarter", "half", "year", "nine_months"]))
def test_windows_between_returns_exactly_the_overlapping_windows(start: dt.date, length: int, kind: str) -> None:
    end = start + dt.timedelta(days=min(length, (dt.date(9999, 12, 31) - start).days))
    assume(start.year > 1000)
    found = windows_between(start, end, kind)
    for w in found:
        assert w.start <= end
        assert start <= w.end
    assert list(found) == sorted(found, key=lambda w: w.start)
    if kind != "nine_months":
        # months, quarters, halves and years cover every day: the pieces cover the range without gaps
        assert found
        assert found[0].start <= start
        assert found[-1].end >= end
        for a, b in itertools.pairwise(found):
            assert a.end + dt.timedelta(days=1) == b.start


@given(named_windows())
def test_previous_next_inverse(w: Window) -> None:
    try:
        before = w.previous()
    except WindowError:  # the first year a regime's rule covers, or year 1000
        return
    assert before.kind is w.kind
    assert before.regime is w.regime
    assert before.end < w.end
    assert before.next() == w


@given(named_windows(), named_windows(), st.booleans())
def test_join_of_adjacent_covers_both(a: Window, other: Window, use_next: bool) -> None:
    b = other
    if use_next:
        try:
            b = a.next()
        except WindowError:
            return
    if adjacent(a, b):
        j = Window.join(a, b)
        assert j.covers(a)
        assert j.covers(b)
        assert j.days == a.days + b.days
    else:
        with pytest.raises(WindowError):
            Window.join(a, b)
