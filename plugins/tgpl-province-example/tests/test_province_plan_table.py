"""The Bắc Giang 2024 plan (tgpl.plan/1 data) and the ``bac-giang-plan`` format, at the boundaries."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import attrs
import pytest
import tgpl_province_example as bg
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.domain import (
    VN_TZ,
    Accepted,
    Beneficiary,
    Case,
    FileCode,
    Form,
    LegalField,
    MobileTrip,
    ProcedureRole,
    ProviderAssigned,
    ProviderKind,
    UnitRef,
)
from tgpl.planning import find_plan, load_plan
from tgpl.reporting.aggregate import aggregate_one
from tgpl.reporting.build import build_report, report_from_tally
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.report import IndicatorResult, PlanSection, Report
from tgpl.reporting.windows import year

BG = UnitRef.parse("2004:24")
GENERATED = dt.datetime(2025, 1, 10, 9, 0)
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "plans" / "bac-giang-2024.yaml"


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


def section(rep: Report) -> PlanSection:
    found = bg.plan_vs_actual(rep)
    assert found is not None
    return found


def status_of(rep: Report, task_id: str) -> str:
    return next(t.status for t in section(rep).tasks if t.id == task_id)


def test_the_bundled_plan_is_the_example_file() -> None:
    assert bg.PLAN_FILE.read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")
    assert load_plan(EXAMPLE) == bg.PLAN
    assert find_plan(load_plugins(load_entrypoints=False, plugins=[bg]), "bac-giang-2024") == bg.PLAN


def test_the_profile_targets_come_from_the_plan() -> None:
    assert [(t.indicator, t.minimum, t.maximum, t.unit) for t in bg.BAC_GIANG_2024.targets] == [
        (t.indicator, t.minimum, t.maximum, t.unit) for task in ("II.3.c", "II.3.b") for t in bg.PLAN.task(task).targets
    ]


@pytest.mark.parametrize(("n", "status", "vi"), [(34, "missed", "Không đạt"), (35, "met", "Đạt"), (40, "met", "Đạt"), (41, "met", "Đạt")])
def test_mobile_trip_boundaries(n: int, status: str, vi: str) -> None:
    rep = report_with_trips(n)
    (target,) = next(t for t in section(rep).tasks if t.id == "II.3.c").targets
    assert (target.value, target.status, target.planned_vi, target.actual_vi) == (n, status, "35–40 đợt", f"{n} đợt")
    text = bg.render_plan_markdown(rep).decode()
    assert f"| 35–40 đợt | {n} đợt | — | 01/01/2024–31/12/2024 | {vi} |" in text


@settings(max_examples=40)
@given(st.integers(0, 200))
def test_status_follows_the_range(n: int) -> None:
    rep = with_value(base_report(), "bac_giang.mobile_trips", n)
    assert status_of(rep, "II.3.c") == ("met" if n >= 35 else "missed")


def quota_case(i: int, provider: str) -> Case:
    """A 2024 criminal defence case accepted on 02/01/2024 and handled by ``provider`` (a TGV)."""
    at = dt.datetime(2024, 1, 2, 9, 0, tzinfo=VN_TZ)
    return Case(
        code=FileCode("TT", Form.LITIGATION, i + 1, 2024), organisation="TTTGPL-24", unit=BG, form=Form.LITIGATION,
        field=LegalField.CRIMINAL, role=ProcedureRole.DEFENCE_COUNSEL,
        beneficiaries=(Beneficiary(id=f"B{i}"),),
        events=(Accepted(on=at), ProviderAssigned(on=at, provider_id=provider, provider_kind=ProviderKind.TGV)),
    )


def test_quota_share_row() -> None:
    # A met (15 cases ≥ 14), B did not (9): 50 %, against the plan's 100 %.
    recs = [*trips(36), *(quota_case(i, "A") for i in range(15)), *(quota_case(100 + i, "B") for i in range(9))]
    tally = aggregate_one(recs, year(2024))
    rep = report_from_tally(tally, "2024", plugins=load_plugins(load_entrypoints=False, plugins=[bg]), generated_at=GENERATED)
    (row,) = next(t for t in section(rep).tasks if t.id == "II.3.b").targets
    assert (row.indicator, row.value, row.actual_vi, row.status, row.planned_vi) == ("tgv_quota.met_share", 50.0, "50,0 %", "missed", "100 %")
    assert "mức chỉ tiêu chưa kiểm chứng" in bg.render_plan_markdown(rep).decode()  # the 2024 numbers are not verified
    verified = attrs.evolve(bg.TGV_QUOTA_2024, verified=True)
    rep2 = report_from_tally(tally, "2024", plugins=load_plugins(load_entrypoints=False, plugins=[bg.BacGiangPlugin(tgv_quota=verified)]),
                             generated_at=GENERATED)
    assert "chưa kiểm chứng" not in bg.render_plan_markdown(rep2).decode()
    # Without a TGV case the share has no denominator: no data.
    assert status_of(report_with_trips(36), "II.3.b") == "no_data"


def test_document_layout() -> None:
    text = bg.render_plan_markdown(report_with_trips(37)).decode()
    lines = text.splitlines()
    assert lines[:2] == ["**UBND TỈNH BẮC GIANG**  ", "**SỞ TƯ PHÁP TỈNH BẮC GIANG**  "]
    assert "# BẢNG SO SÁNH KẾ HOẠCH VÀ KẾT QUẢ THỰC HIỆN" in lines
    assert "| STT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện | Tình trạng |" in lines
    for task in bg.PLAN.tasks:
        assert any(line.startswith(f"| {task.id} | ") for line in lines), task.id
    assert "*Bắc Giang, ngày 10 tháng 01 năm 2025*" in lines
    assert "**KT. GIÁM ĐỐC**  " in lines
    assert "**PHÓ GIÁM ĐỐC**  " in lines
    assert "Đỗ Xuân Vang" in lines
    assert "- Lưu VT, TGPL." in lines


def test_window_before_the_plan_year_has_not_started() -> None:
    rep = report_with_trips(38, window="2023", year=2023)
    assert rep.profile == bg.BAC_GIANG_2024
    assert {t.status for t in section(rep).tasks} == {"not_started"}
    assert "nằm ngoài thời gian của kế hoạch" in bg.render_plan_markdown(rep).decode()


def test_part_of_the_plan_year_is_judged_pro_rata() -> None:
    # 30/06/2024: 182 of 366 days → 35 × 182/366 = 17,4 rounds expected.
    assert status_of(report_with_trips(18, window="2024-H1"), "II.3.c") == "on_track"
    rep = report_with_trips(17, window="2024-H1")
    assert status_of(rep, "II.3.c") == "behind"
    assert status_of(rep, "II.4.a") == "not_started"  # Quý IV năm 2024
    assert "| 35–40 đợt | 17 đợt | 17,4 đợt | 01/01/2024–30/06/2024 | Chậm tiến độ |" in bg.render_plan_markdown(rep).decode()


def test_without_profile_or_for_the_merged_province() -> None:
    no_profile = attrs.evolve(base_report(), profile=None)
    assert bg.plan_vs_actual(no_profile) is None
    assert "không gắn với hồ sơ tỉnh" in bg.render_plan_markdown(no_profile).decode()
    merged = attrs.evolve(base_report(), profile=bg.BAC_NINH_2025)
    assert bg.plan_vs_actual(merged) is None
    text = bg.render_plan_markdown(merged).decode()
    assert "Không có kế hoạch áp dụng" in text
    assert "trước khi hợp nhất" in text


def test_missing_and_suppressed_values() -> None:
    rep = base_report()
    gone = attrs.evolve(rep, indicators=tuple(i for i in rep.indicators if not i.code.startswith("bac_giang.")))
    assert (status_of(gone, "II.3.b"), status_of(gone, "II.3.c")) == ("no_data", "no_data")
    assert any("Báo cáo không có chỉ tiêu" in n for n in section(gone).notes_vi)
    hidden = tuple(
        IndicatorResult(i.code, i.label_vi, i.label_en, i.unit, None, i.source, i.basis, "<5") if i.code == "bac_giang.mobile_trips" else i
        for i in rep.indicators
    )
    (row,) = next(t for t in section(attrs.evolve(rep, indicators=hidden)).tasks if t.id == "II.3.c").targets
    assert (row.actual_vi, row.status) == ("<5", "no_data")


def test_format_is_registered_with_a_distinct_extension() -> None:
    fmt = load_plugins(load_entrypoints=False, plugins=[bg]).formats()["bac-giang-plan"]
    assert fmt is bg.PLAN_FORMAT
    assert fmt.extension == "plan.md"  # <stem>.plan.md never overwrites the built-in <stem>.md
    assert fmt.render(base_report()) == fmt.render(base_report())
