"""Bắc Giang's profile (and the merger), its indicator and its TGV litigation quota."""

from __future__ import annotations

import datetime as dt
import functools

import tgpl_province_example as bg
from hypothesis import given
from hypothesis import strategies as st
from tgpl_province_example.indicators import has_unit

from tgpl.demo import generate
from tgpl.domain import Activity, Case, MobileTrip, UnitRef
from tgpl.reporting.aggregate import UnitMode, aggregate_one
from tgpl.reporting.build import build_report
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.quota import QuotaHolder, Seniority, TgvQuota, per_provider
from tgpl.reporting.report import Report
from tgpl.reporting.tally import Tally
from tgpl.reporting.windows import year
from tgpl.testing.strategies import unit_refs

BG = UnitRef.parse("2004:24")
BN_OLD = UnitRef.parse("2004:27")
BN_NEW = UnitRef.parse("2025:24")


@functools.cache
def records(province: UnitRef) -> tuple[Case | Activity, ...]:
    return tuple(generate(seed=7, province=province, start=dt.date(2023, 1, 1), end=dt.date(2024, 12, 31), cases_per_year=100))


def report(recs: tuple[object, ...], unit_mode: str = "as-recorded", plugin: object = bg) -> Report:
    plugins = load_plugins(load_entrypoints=False, plugins=[plugin])
    rep, problems = build_report(list(recs), "2024", plugins=plugins, unit_mode=unit_mode)
    assert problems == []
    return rep


# -- profile -------------------------------------------------------------------------------------


def test_profile_of_bac_giang_comes_from_the_plan() -> None:
    p = bg.tgpl_province_profile(unit=BG)
    assert p is bg.BAC_GIANG_2024
    assert p.unit == BG
    assert p.name == "Bắc Giang"
    assert p.issuer_vi == "SỞ TƯ PHÁP TỈNH BẮC GIANG"
    assert p.organisation_vi == "Trung tâm Trợ giúp pháp lý Nhà nước tỉnh Bắc Giang"
    assert p.place_vi == "Bắc Giang"
    assert p.document_symbol == "KH-STP"
    assert p.signer_title_vi == "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    assert p.signer_name == "Đỗ Xuân Vang"
    assert p.recipients_vi[0] == "Cục TGPL - Bộ Tư pháp"
    assert p.recipients_vi[-1] == "Lưu VT, TGPL"
    assert len(p.recipients_vi) == 8
    assert p.default_windows == ("2024", "stats:2024")
    assert [(t.indicator, t.minimum, t.maximum) for t in p.targets] == [
        ("bac_giang.mobile_trips", 35, 40), ("tgv_quota.met_share", 100, None),
    ]
    assert p.tgv_quota is bg.TGV_QUOTA_2024
    assert p.tgv_quota.year == 2024
    assert not p.tgv_quota.verified  # the 2024 letter's numbers are not in a public copy
    assert "236/BTP-TGPL" in p.tgv_quota.basis
    assert "01/07/2025" in p.successor_note_vi
    assert "2025:24" in p.successor_note_vi


def test_profile_of_the_merged_bac_ninh_has_no_plan_targets() -> None:
    p = bg.tgpl_province_profile(unit=BN_NEW)
    assert p is bg.BAC_NINH_2025
    assert p.unit == BN_NEW
    assert p.name == "Bắc Ninh"
    assert p.targets == ()
    assert p.tgv_quota is None
    note = p.successor_note_vi
    assert "Nghị quyết 202/2025/QH15" in note
    assert "trước khi hợp nhất" in note
    assert "2004:24" in note


@given(unit_refs())
def test_no_profile_for_other_units(unit: UnitRef) -> None:
    expected = {BG: bg.BAC_GIANG_2024, BN_NEW: bg.BAC_NINH_2025}.get(unit)
    assert bg.profile_for(unit) is expected
    assert bg.tgpl_province_profile(unit=BN_OLD) is None


def test_entry_point_installs_the_plugin() -> None:
    plugins = load_plugins()
    assert "tgpl-province-example" in plugins.versions()
    assert "bac-giang-plan" in plugins.formats()
    assert plugins.province_profile(BG) == bg.BAC_GIANG_2024


# -- indicators on generated reports -------------------------------------------------------------------


def test_indicators_on_a_generated_report() -> None:
    rep = report(records(BG))
    assert rep.profile == bg.BAC_GIANG_2024
    trips = rep.value("mobile.trips")
    assert isinstance(trips, int)
    assert trips > 0
    assert rep.value("bac_giang.mobile_trips") == trips
    # The core quota indicators, judged with the profile's quota: no roster, so every TGV with a
    # litigation case handled in 2024 counts, in the highest band (14 cases a year).
    counts = per_provider(rep.tally)
    assert counts  # the generated register has TGV litigation
    met = sum(1 for n in counts.values() if n >= 14)
    assert rep.value("tgv_quota.with_quota") == len(counts)
    assert rep.value("tgv_quota.met") == met
    assert rep.value("tgv_quota.not_met") == len(counts) - met
    assert rep.value("tgv_quota.met_share") == round(100 * met / len(counts), 1)
    assert "chưa kiểm chứng" in rep.indicator("tgv_quota.met_share").basis
    # The levels of the 2023 letter in the highest band: tốt from 28, khá from 22, đạt from 14.
    assert [rep.value(f"tgv_quota.level.{lv}") for lv in ("tot", "kha", "dat")] == [
        sum(1 for n in counts.values() if n >= 28),
        sum(1 for n in counts.values() if 22 <= n < 28),
        sum(1 for n in counts.values() if 14 <= n < 22),
    ]
    assert "đạt từ 14, khá từ 22, tốt từ 28 vụ việc/năm" in rep.indicator("tgv_quota.level.tot").basis


def test_trips_and_sessions_reading_adds_communication_sessions() -> None:
    plugin = bg.BacGiangPlugin(trip_counting=bg.TripCounting.TRIPS_AND_SESSIONS)
    rep = report(records(BG), plugin=plugin)
    sessions = rep.value("outreach.sessions")
    trips = rep.value("mobile.trips")
    assert isinstance(sessions, int)
    assert isinstance(trips, int)
    assert sessions > 0
    assert rep.value("bac_giang.mobile_trips") == trips + sessions
    assert "OutreachSession" in rep.indicator("bac_giang.mobile_trips").basis


def test_merger_units_as_recorded_and_mapped_to_2025() -> None:
    both = records(BG) + records(BN_OLD)
    as_recorded = report(both)
    assert as_recorded.meta.units == ("2004:24", "2004:27")
    assert as_recorded.profile is None  # two units: no single province profile
    assert as_recorded.value("bac_giang.mobile_trips") == as_recorded.tally.count("mobile_trip", metric="trips", unit="2004:24")

    mapped = report(both, unit_mode="2025")
    assert mapped.meta.units == ("2025:24",)
    assert mapped.profile == bg.BAC_NINH_2025
    assert mapped.value("mobile.trips") == as_recorded.value("mobile.trips")
    # The former Bắc Giang cannot be separated once mapped: the plan indicators do not answer.
    assert mapped.value("bac_giang.mobile_trips") is None
    # The merged province has no quota in its profile; the two-unit report has no profile: both say so.
    for rep in (mapped, as_recorded):
        assert not any(i.code.startswith("tgv_quota.") for i in rep.indicators)
        assert any("chưa cấu hình chỉ tiêu" in n for n in rep.meta.notices)


def test_other_provinces_reports_leave_the_plan_indicators_out() -> None:
    rep = report(records(BN_OLD))
    assert rep.profile is None
    assert not any(i.code.startswith("bac_giang.") for i in rep.indicators)


def test_plan_indicators_in_scope_only_for_bac_giang_and_its_successor() -> None:
    from tgpl.reporting.indicators import in_scope

    ind = bg.make_indicators()[0]
    assert in_scope(ind, ["2004:24"])
    assert in_scope(ind, ["2025:24"])
    assert not in_scope(ind, ["2004:27"])
    assert not in_scope(ind, ["2004:06", "2025:19"])


@given(st.lists(st.tuples(st.sampled_from([BG, BN_OLD]), st.integers(0, 400)), max_size=30), st.sampled_from(tuple(UnitMode)))
def test_mobile_trips_counts_bac_giang_trips_as_recorded(trips: list[tuple[UnitRef, int]], mode: UnitMode) -> None:
    recs = [
        MobileTrip(id=f"TT.LD.{i:05d}.2024", on=dt.date(2024, 1, 1) + dt.timedelta(days=d % 366), organisation=f"TTTGPL-{u.code}", unit=u)
        for i, (u, d) in enumerate(trips)
    ]
    tally = aggregate_one(recs, year(2024), unit_mode=mode)
    value = bg.make_indicators()[0].compute(tally)
    in_bg = sum(1 for u, _ in trips if u == BG)
    if mode is UnitMode.AS_RECORDED and in_bg:
        assert value == in_bg
    else:
        assert value is None
    assert has_unit(tally, BG) == (mode is UnitMode.AS_RECORDED and in_bg > 0)


def test_indicators_answer_none_on_the_empty_tally() -> None:
    assert [i.compute(Tally.empty()) for i in bg.make_indicators()] == [None]


def test_a_center_passes_its_roster() -> None:
    rec = records(BG)
    counts = per_provider(report(rec).tally)
    (busiest, n), *_ = sorted(counts.items(), key=lambda kv: -kv[1])
    roster = (
        QuotaHolder(busiest, Seniority.UNDER_3_YEARS),  # 7 a year: met
        QuotaHolder("TGV-KHONG-CO-VU-VIEC", Seniority.UNDER_3_YEARS),  # no case in the records: not met
        QuotaHolder("TGV-NGHI-THAI-SAN", Seniority.FROM_5_YEARS, exempt=True),  # exempt: not counted
    )
    quota = TgvQuota(year=2024, minimum={Seniority.UNDER_3_YEARS: 7, Seniority.FROM_5_YEARS: 14}, basis="Công văn thử",
                     roster=roster)
    plugin = bg.BacGiangPlugin(tgv_quota=quota)
    assert plugin.tgpl_province_profile(BG).tgv_quota is quota
    rep = report(rec, plugin=plugin)
    assert n >= 7
    assert (rep.value("tgv_quota.with_quota"), rep.value("tgv_quota.met"), rep.value("tgv_quota.met_share")) == (2, 1, 50.0)
