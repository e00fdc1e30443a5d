"""The status rules of tgpl.planning.status: examples from the seeds and Hypothesis properties."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.planning import (
    Measure,
    ProgressNote,
    Target,
    Task,
    TaskStatus,
    TimeFrame,
    elapsed_share,
    parse_time_frame,
    target_status,
    task_status,
)
from tgpl.planning.status import SEVERITY

YEAR_2024 = parse_time_frame("Cả năm 2024")
TRIPS = Target("bac_giang.mobile_trips", "Số đợt", 35, 40, "đợt")
QUOTA = Target("tgv_quota.met_share", "Tỷ lệ TGV đạt chỉ tiêu", 100, None, "%", Measure.SHARE)
S = TaskStatus


@pytest.mark.parametrize(
    ("on", "value", "status"),
    [
        (dt.date(2023, 12, 31), 0, S.NOT_STARTED),
        (dt.date(2024, 6, 30), None, S.NO_DATA),
        # 30/06/2024: 182 of 366 days elapsed → 35 × 182/366 = 17.4 trips expected
        (dt.date(2024, 6, 30), 18, S.ON_TRACK),
        (dt.date(2024, 6, 30), 17, S.BEHIND),
        (dt.date(2024, 6, 30), 35, S.MET),
        (dt.date(2024, 12, 31), 34, S.MISSED),
        (dt.date(2024, 12, 31), 35, S.MET),
        (dt.date(2024, 12, 31), 40, S.MET),
        (dt.date(2024, 12, 31), 41, S.MET),
        (dt.date(2025, 3, 1), 36, S.MET),
    ],
)
def test_the_35_to_40_trips_target(on: dt.date, value: int | None, status: TaskStatus) -> None:
    assert target_status(TRIPS, YEAR_2024, on, value) is status


@pytest.mark.parametrize(
    ("on", "value", "status"),
    [
        (dt.date(2024, 6, 30), 100.0, S.ON_TRACK),
        (dt.date(2024, 6, 30), 80.0, S.BEHIND),
        (dt.date(2024, 12, 31), 100.0, S.MET),
        (dt.date(2024, 12, 31), 99.9, S.MISSED),
    ],
)
def test_a_share_is_compared_with_the_target_itself_not_pro_rata(on: dt.date, value: float, status: TaskStatus) -> None:
    assert target_status(QUOTA, YEAR_2024, on, value) is status


def test_a_ceiling_is_missed_as_soon_as_it_is_passed() -> None:
    ceiling = Target("x.y", "Tối đa", None, 12, "vụ việc")
    assert target_status(ceiling, YEAR_2024, dt.date(2024, 3, 1), 12) is S.ON_TRACK
    assert target_status(ceiling, YEAR_2024, dt.date(2024, 3, 1), 13) is S.MISSED
    assert target_status(ceiling, YEAR_2024, dt.date(2024, 12, 31), 12) is S.MET


def test_elapsed_share_counts_both_ends() -> None:
    q2 = parse_time_frame("Quý II năm 2024")
    assert elapsed_share(q2, dt.date(2024, 3, 31)) == 0
    assert elapsed_share(q2, dt.date(2024, 4, 1)) == Fraction(1, 91)
    assert elapsed_share(q2, dt.date(2024, 6, 30)) == 1
    assert elapsed_share(q2, dt.date(2025, 1, 1)) == 1


def _task(*targets: Target, notes: tuple[ProgressNote, ...] = (), frame: TimeFrame = YEAR_2024) -> Task:
    return Task("T1", "Nhiệm vụ", frame, targets=targets, progress=notes)


def test_a_task_takes_the_worst_of_its_targets() -> None:
    task = _task(TRIPS, QUOTA)
    end = dt.date(2024, 12, 31)
    assert task_status(task, end, {TRIPS.indicator: 36, QUOTA.indicator: 100.0}) is S.MET
    assert task_status(task, end, {TRIPS.indicator: 36, QUOTA.indicator: 90.0}) is S.MISSED
    assert task_status(task, end, {TRIPS.indicator: 36}) is S.NO_DATA
    mid = dt.date(2024, 6, 30)
    assert task_status(task, mid, {TRIPS.indicator: 10, QUOTA.indicator: 100.0}) is S.BEHIND


def test_a_task_without_a_number_follows_its_latest_progress_note() -> None:
    notes = (
        ProgressNote(dt.date(2024, 4, 15), "Đã biên soạn bản thảo tờ gấp", S.ON_TRACK),
        ProgressNote(dt.date(2024, 5, 20), "Chưa in được do chưa có kinh phí", S.BEHIND),
        ProgressNote(dt.date(2024, 6, 28), "Đã in 2.000 tờ gấp"),
        ProgressNote(dt.date(2024, 7, 5), "Đã cấp phát cho các cơ quan tiến hành tố tụng", S.MET),
    )
    task = _task(notes=notes, frame=parse_time_frame("Quý II năm 2024"))
    assert task_status(task, dt.date(2024, 3, 1), {}) is S.NOT_STARTED
    assert task_status(task, dt.date(2024, 4, 10), {}) is S.NO_DATA
    assert task_status(task, dt.date(2024, 5, 1), {}) is S.ON_TRACK
    assert task_status(task, dt.date(2024, 6, 29), {}) is S.BEHIND  # the note without a status is skipped
    # on and after the end, only a met/missed note says anything about the result
    assert task_status(task, dt.date(2024, 6, 30), {}) is S.NO_DATA
    assert task_status(task, dt.date(2024, 7, 5), {}) is S.MET


# -- properties ----------------------------------------------------------------------------

DAYS = st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 31))


@st.composite
def count_targets(draw: st.DrawFn) -> Target:
    lo = draw(st.integers(0, 500))
    hi = draw(st.one_of(st.none(), st.integers(lo, 600)))
    return Target("a.b", "Chỉ tiêu", lo, hi, "vụ việc")


@st.composite
def frames(draw: st.DrawFn) -> TimeFrame:
    start = draw(st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31)))
    end = draw(st.dates(start, dt.date(2025, 12, 31)))
    return TimeFrame(start, end, "khung")


@settings(max_examples=150)
@given(count_targets(), frames(), DAYS, st.integers(0, 700), st.integers(0, 50))
def test_more_done_is_never_worse(target: Target, frame: TimeFrame, on: dt.date, value: int, more: int) -> None:
    a = target_status(target, frame, on, value)
    b = target_status(target, frame, on, value + more)
    assert a is b is S.NOT_STARTED or SEVERITY.index(b) <= SEVERITY.index(a)


@settings(max_examples=150)
@given(count_targets(), frames(), DAYS, st.one_of(st.none(), st.integers(0, 700)))
def test_which_statuses_each_phase_allows(target: Target, frame: TimeFrame, on: dt.date, value: int | None) -> None:
    status = target_status(target, frame, on, value)
    if on < frame.start:
        assert status is S.NOT_STARTED
    elif value is None:
        assert status is S.NO_DATA
    elif on >= frame.end:
        assert status in (S.MET, S.MISSED)
    else:
        assert status in (S.MET, S.ON_TRACK, S.BEHIND)


@settings(max_examples=150)
@given(count_targets(), frames(), DAYS, st.integers(0, 700))
def test_on_track_means_at_least_the_pro_rata_share(target: Target, frame: TimeFrame, on: dt.date, value: int) -> None:
    status = target_status(target, frame, on, value)
    assert target.minimum is not None
    if frame.start <= on < frame.end:
        expected = Fraction(target.minimum) * elapsed_share(frame, on)
        assert (status in (S.ON_TRACK, S.MET)) == (value >= expected)
        assert (status is S.MET) == (value >= target.minimum)


@settings(max_examples=100)
@given(st.lists(st.sampled_from(list(SEVERITY)), min_size=1, max_size=4))
def test_a_task_is_met_only_when_every_target_is_met(statuses: list[TaskStatus]) -> None:
    # One share target per status, with a value that yields it at the end of the frame.
    end = dt.date(2024, 12, 31)
    targets = [Target(f"t.s{i}", "Tỷ lệ", 50, None, "%", Measure.SHARE) for i in range(len(statuses))]
    values: dict[str, int | float | None] = {}
    final = [s if s in (S.MET, S.MISSED, S.NO_DATA) else S.MISSED for s in statuses]
    for t, s in zip(targets, final, strict=True):
        values[t.indicator] = {S.MET: 60.0, S.MISSED: 40.0, S.NO_DATA: None}[s]
    status = task_status(_task(*targets), end, values)
    assert status is max(final, key=SEVERITY.index)
    assert (status is S.MET) == all(s is S.MET for s in final)
