"""The demo's duty shifts, their links from cases, and the coordination council's work."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from tgpl.demo import DEMO_PROVINCE, generate
from tgpl.demo._generator import COURT_DUTY_FROM, INVESTIGATION_DUTY_FROM
from tgpl.domain import (
    Activity,
    Case,
    CouncilActivity,
    CouncilActivityKind,
    DutyPlaceKind,
    DutyShift,
    RequestSource,
)

KIND_OF_SOURCE = {RequestSource.COURT_DUTY: DutyPlaceKind.COURT, RequestSource.INVESTIGATION_DUTY: DutyPlaceKind.INVESTIGATION}


@pytest.fixture(scope="module")
def sample() -> list[Case | Activity]:
    return list(generate(seed=5, province=DEMO_PROVINCE, start=dt.date(2022, 1, 1), end=dt.date(2024, 12, 31),
                         cases_per_year=300))


def test_duty_shifts_start_with_their_programmes(sample: list[Case | Activity]) -> None:
    shifts = [r for r in sample if isinstance(r, DutyShift)]
    first = {k: min(s.on for s in shifts if s.place_kind is k) for k in DutyPlaceKind}
    assert COURT_DUTY_FROM <= first[DutyPlaceKind.COURT] < dt.date(2022, 7, 1)
    assert INVESTIGATION_DUTY_FROM <= first[DutyPlaceKind.INVESTIGATION] < dt.date(2024, 1, 1)
    assert sum(s.persons_advised for s in shifts) > 0
    assert sum(s.requests_received for s in shifts) > 0


def test_linked_cases_name_a_shift_of_their_kind_on_their_day(sample: list[Case | Activity]) -> None:
    shifts = {s.id: s for s in sample if isinstance(s, DutyShift)}
    linked = [c for c in sample if isinstance(c, Case) and c.duty_shift is not None]
    assert linked
    for case in linked:
        assert case.duty_shift is not None
        shift = shifts[case.duty_shift]
        assert shift.place_kind is KIND_OF_SOURCE[case.source]
        assert shift.on == case.events[0].on.date()


def test_council_meets_and_inspects_twice_a_year(sample: list[Case | Activity]) -> None:
    work = [r for r in sample if isinstance(r, CouncilActivity)]
    per_year = Counter((r.on.year, r.kind) for r in work)
    assert set(per_year.values()) == {2}
    assert len(per_year) == 6
    assert all(r.inspected for r in work if r.kind is CouncilActivityKind.INSPECTION)
    assert not any(r.inspected for r in work if r.kind is CouncilActivityKind.MEETING)


def test_without_activities_no_case_is_linked() -> None:
    records = list(generate(seed=5, province=DEMO_PROVINCE, start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30),
                            cases_per_year=300, activities=False))
    assert records
    assert all(isinstance(r, Case) and r.duty_shift is None for r in records)
