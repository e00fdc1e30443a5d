"""Dated names and status of provincial units (Huế 2025; Đồng Nai, Quảng Ninh, Bắc Ninh 2026)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.domain.units import (
    PROVINCES_2004,
    PROVINCES_2025,
    STATUS_CHANGES,
    Unit,
    UnitRef,
    status_changes_between,
    unit,
)

D = dt.date
DONG_NAI = unit(UnitRef.parse("2025:75"))
QUANG_NINH = unit(UnitRef.parse("2025:22"))
BAC_NINH = unit(UnitRef.parse("2025:24"))
HUE_2004 = unit(UnitRef.parse("2004:46"))


@pytest.mark.parametrize(
    ("u", "last_province_day", "first_city_day", "name"),
    [
        (HUE_2004, D(2024, 12, 31), D(2025, 1, 1), "Huế"),
        (DONG_NAI, D(2026, 4, 29), D(2026, 4, 30), "Đồng Nai"),
        (QUANG_NINH, D(2026, 8, 31), D(2026, 9, 1), "Quảng Ninh"),
        (BAC_NINH, D(2026, 9, 19), D(2026, 9, 20), "Bắc Ninh"),
    ],
)
def test_each_change_takes_effect_on_its_day(u: Unit, last_province_day: dt.date, first_city_day: dt.date, name: str) -> None:
    assert not u.city_on(last_province_day)
    assert u.city_on(first_city_day)
    assert u.full_name_vi_on(first_city_day) == f"thành phố {name}"
    assert u.full_name_vi_on(last_province_day).startswith("tỉnh ")


def test_dong_nai_heading_for_a_window_ending_31_12_2026() -> None:
    assert DONG_NAI.full_name_vi_on(D(2026, 12, 31)) == "thành phố Đồng Nai"
    # The as-created name is still available (the 2025 list).
    assert DONG_NAI.full_name_vi == "tỉnh Đồng Nai"
    assert HUE_2004.full_name_vi_on(D(2024, 6, 30)) == "tỉnh Thừa Thiên Huế"
    assert HUE_2004.name_on(D(2025, 3, 1)) == "Huế"


def test_every_change_cites_a_resolution_and_its_date() -> None:
    for changes in STATUS_CHANGES.values():
        for ch in changes:
            assert ch.basis is not None
            assert "Nghị quyết" in ch.basis
            assert ch.effective_from is not None
            assert ch.effective_from.strftime("%d/%m/%Y") in ch.basis
            assert not ch.verified  # secondary sources only


def test_changes_between_dates() -> None:
    hits = status_changes_between(D(2026, 8, 1), D(2026, 10, 30))
    assert [str(r) for r, _ in hits] == ["2025:22", "2025:24"]
    assert status_changes_between(D(2027, 1, 1), D(2027, 3, 31)) == ()


units = st.sampled_from([*PROVINCES_2004.values(), *PROVINCES_2025.values()])
days = st.dates(D(2018, 1, 1), D(2030, 12, 31))


@given(units, days, days)
@settings(max_examples=80)
def test_status_is_monotone_and_only_changes_on_listed_days(u: Unit, a: dt.date, b: dt.date) -> None:
    early, late = sorted((a, b))
    # No unit stops being a city; a unit with no listed change never changes.
    if u.city_on(early):
        assert u.city_on(late)
    changes = STATUS_CHANGES.get(u.ref, ())
    if not changes:
        assert u.status_on(early) == u.status_on(late)
        assert u.full_name_vi_on(late) == u.full_name_vi
    elif u.status_on(early) != u.status_on(late):
        assert any(early < c.effective_from <= late for c in changes if c.effective_from is not None)
