"""The plan-versus-actual table and the ``bac-giang-plan`` format, at the boundaries."""

from __future__ import annotations

import datetime as dt
import functools

import attrs
import pytest
import tgpl_province_example as bg
from hypothesis import given
from hypothesis import strategies as st
from tgpl_province_example.plan import plan_text

from tgpl.domain import MobileTrip, UnitRef
from tgpl.reporting.build import build_report
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.report import IndicatorResult, PlanTarget, Report

BG = UnitRef.parse("2004:24")
GENERATED = dt.datetime(2025, 1, 10, 9, 0)


def trips(n: int, year: int = 2024) -> list[MobileTrip]:
    return [
        MobileTrip(id=f"TT.LD.{i:05d}.{year}", on=dt.date(year, 1, 2) + dt.timedelta(days=i), organisation="TTTGPL-24", unit=BG)
        for i in range(n)
    ]


def report_with_trips(n: int, window: str = "2024", plugin: object = bg, year: int = 2024) -> Report:
    plugins = load_plugins(load_entrypoints=False, plugins=[plugin])
    rep, problems = build_report(trips(n, year), window, plugins=plugins, generated_at=GENERATED)
    assert problems == []
    return rep


@functools.cache
def base_report() -> Report:
    return report_with_trips(1)


def with_value(rep: Report, code: str, value: int | float | None) -> Report:
    items = tuple(attrs.evolve(i, value=value) if i.code == code else i for i in rep.indicators)
    return attrs.evolve(rep, indicators=items)


@pytest.mark.parametrize(("n", "status"), [(34, "chưa đạt"), (35, "đạt"), (40, "đạt"), (41, "vượt")])
def test_mobile_trip_boundaries(n: int, status: str) -> None:
    rep = report_with_trips(n)
    rows = bg.plan_vs_actual(rep)
    assert [r.indicator for r in rows] == ["bac_giang.mobile_trips", "bac_giang.tgv_quota_share"]
    trips_row = rows[0]
    assert (trips_row.value, trips_row.status, trips_row.plan_vi) == (n, status, "35–40 đợt")
    text = bg.render_plan_markdown(rep).decode()
    assert f"| 35–40 đợt | {n} | {status} |" in text


@given(st.integers(0, 200))
def test_status_follows_the_range(n: int) -> None:
    row = bg.plan_vs_actual(with_value(base_report(), "bac_giang.mobile_trips", n))[0]
    assert row.status == ("chưa đạt" if n < 35 else "vượt" if n > 40 else "đạt")


def test_quota_share_row() -> None:
    register = bg.QuotaRegister(2024, BG, (bg.QuotaEntry("A", 10, 12), bg.QuotaEntry("B", 10, 9)), "test", illustrative=False)
    rep = report_with_trips(36, plugin=bg.BacGiangPlugin(quota_register=register))
    row = bg.plan_vs_actual(rep)[1]
    assert (row.value, row.actual_vi, row.status, row.plan_vi) == (50.0, "50,0 %", "chưa đạt", "100 %")
    text = bg.render_plan_markdown(rep).decode()
    assert "minh họa" not in text  # a real register is not flagged
    full = bg.plan_vs_actual(report_with_trips(36))[1]
    assert (full.value, full.status) == (100.0, "đạt")


def test_document_layout() -> None:
    text = bg.render_plan_markdown(report_with_trips(37)).decode()
    lines = text.splitlines()
    assert lines[:2] == ["**UBND TỈNH BẮC GIANG**  ", "**SỞ TƯ PHÁP TỈNH BẮC GIANG**  "]
    assert "# BẢNG SO SÁNH KẾ HOẠCH VÀ KẾT QUẢ THỰC HIỆN" in lines
    assert "| Chỉ tiêu | Kế hoạch | Thực hiện | Tình trạng |" in lines
    assert "*Bắc Giang, ngày 10 tháng 01 năm 2025*" in lines
    assert "**KT. GIÁM ĐỐC**  " in lines
    assert "**PHÓ GIÁM ĐỐC**  " in lines
    assert "Đỗ Xuân Vang" in lines
    assert "- Lưu VT, TGPL." in lines
    assert "số liệu minh họa" in text  # the bundled register is illustrative


def test_window_outside_the_plan_year_is_not_compared() -> None:
    rep = report_with_trips(38, window="2023", year=2023)
    assert rep.profile == bg.BAC_GIANG_2024
    assert [r.status for r in bg.plan_vs_actual(rep)] == ["chưa có số liệu", "chưa có số liệu"]
    assert "nằm ngoài năm kế hoạch 2024" in bg.render_plan_markdown(rep).decode()


def test_part_of_the_plan_year_is_flagged() -> None:
    rep = report_with_trips(20, window="2024-H1")
    assert bg.plan_vs_actual(rep)[0].status == "chưa đạt"
    assert "không trùng cả năm 2024" in bg.render_plan_markdown(rep).decode()


def test_without_profile_or_targets() -> None:
    no_profile = attrs.evolve(base_report(), profile=None)
    assert bg.plan_vs_actual(no_profile) == []
    assert "không gắn với hồ sơ tỉnh" in bg.render_plan_markdown(no_profile).decode()
    merged = attrs.evolve(base_report(), profile=bg.BAC_NINH_2025)
    assert bg.plan_vs_actual(merged) == []
    text = bg.render_plan_markdown(merged).decode()
    assert "Không có chỉ tiêu kế hoạch" in text
    assert "trước khi hợp nhất" in text


def test_missing_and_suppressed_values() -> None:
    rep = base_report()
    gone = attrs.evolve(rep, indicators=tuple(i for i in rep.indicators if not i.code.startswith("bac_giang.")))
    assert [r.status for r in bg.plan_vs_actual(gone)] == ["chưa có số liệu", "chưa có số liệu"]
    hidden = tuple(
        IndicatorResult(i.code, i.label_vi, i.label_en, i.unit, None, i.source, i.basis, "<5") if i.code == "bac_giang.mobile_trips" else i
        for i in rep.indicators
    )
    row = bg.plan_vs_actual(attrs.evolve(rep, indicators=hidden))[0]
    assert (row.actual_vi, row.status) == ("<5", "chưa có số liệu")


@pytest.mark.parametrize(
    ("target", "text"),
    [
        (PlanTarget("x", "X", 35, 40, "đợt"), "35–40 đợt"),
        (PlanTarget("x", "X", 100, None, "%"), "100 %"),
        (PlanTarget("x", "X", 80, None, "%"), "tối thiểu 80 %"),
        (PlanTarget("x", "X", None, 12, "vụ việc"), "tối đa 12 vụ việc"),
        (PlanTarget("x", "X", 5, 5, ""), "5"),
        (PlanTarget("x", "X", 1500, None, "người"), "tối thiểu 1.500 người"),
        (PlanTarget("x", "X"), "—"),
    ],
)
def test_plan_text(target: PlanTarget, text: str) -> None:
    assert plan_text(target) == text


def test_format_is_registered_with_a_distinct_extension() -> None:
    fmt = load_plugins(load_entrypoints=False, plugins=[bg]).formats()["bac-giang-plan"]
    assert fmt is bg.PLAN_FORMAT
    assert fmt.extension == "plan.md"  # <stem>.plan.md never overwrites the built-in <stem>.md
    assert fmt.render(base_report()) == fmt.render(base_report())
