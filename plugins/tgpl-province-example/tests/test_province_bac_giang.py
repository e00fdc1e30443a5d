"""Bắc Giang's profile (and the merger), indicators and quota register."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import pytest
import tgpl_province_example as bg
from hypothesis import given
from hypothesis import strategies as st
from tgpl_province_example.indicators import QUOTA_SCHEMA, QuotaEntry, has_unit

from tgpl.demo import generate
from tgpl.domain import Activity, Case, MobileTrip, UnitRef, UnitScheme
from tgpl.errors import InvalidRecordError
from tgpl.reporting.aggregate import UnitMode, aggregate_one
from tgpl.reporting.build import build_report
from tgpl.reporting.plugins import load_plugins
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
        ("bac_giang.mobile_trips", 35, 40), ("bac_giang.tgv_quota_share", 100, None),
    ]
    assert "01/07/2025" in p.successor_note_vi
    assert "2025:24" in p.successor_note_vi


def test_profile_of_the_merged_bac_ninh_has_no_plan_targets() -> None:
    p = bg.tgpl_province_profile(unit=BN_NEW)
    assert p is bg.BAC_NINH_2025
    assert p.unit == BN_NEW
    assert p.name == "Bắc Ninh"
    assert p.targets == ()
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
    register = bg.load_quota_register()
    assert register.illustrative
    assert register.year == 2024
    assert rep.value("bac_giang.tgvs_with_quota") == 7 == register.with_quota  # TGV-08 had no quota
    assert rep.value("bac_giang.tgvs_met_quota") == 7
    assert rep.value("bac_giang.tgv_quota_share") == 100.0
    assert "minh họa" in rep.indicator("bac_giang.tgv_quota_share").basis


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
    assert mapped.value("bac_giang.tgv_quota_share") is None


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
    assert [i.compute(Tally.empty()) for i in bg.make_indicators()] == [None, None, None, None]


# -- the quota register ----------------------------------------------------------------------------------

entries = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 80)), max_size=20)


@given(entries)
def test_register_share_counts_only_tgvs_with_a_quota(rows: list[tuple[int, int]]) -> None:
    register = bg.QuotaRegister(2024, BG, tuple(QuotaEntry(f"TGV-{i}", q, c) for i, (q, c) in enumerate(rows)), "test")
    with_quota = sum(1 for q, _ in rows if q > 0)
    met = sum(1 for q, c in rows if q > 0 and c >= q)
    assert (register.with_quota, register.met) == (with_quota, met)
    if with_quota == 0:
        assert register.share is None
    else:
        assert register.share is not None
        assert 0 <= register.share <= 100
        assert register.share == 100 * met / with_quota


def _doc(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema": QUOTA_SCHEMA, "year": 2024, "unit": "2004:24", "basis": "Kế hoạch 2024",
        "tgvs": [{"tgv": "TGV-01", "quota": 10, "litigation_cases": 9}],
    }
    doc.update(changes)
    return doc


def test_register_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "quota.json"
    path.write_text(json.dumps(_doc()), encoding="utf-8")
    register = bg.load_quota_register(path)
    assert register.entries == (QuotaEntry("TGV-01", 10, 9),)
    assert (register.met, register.with_quota, register.share, register.illustrative) == (0, 1, 0.0, False)


@pytest.mark.parametrize(
    ("doc", "path"),
    [
        (_doc(schema="x"), "$.schema"),
        (_doc(year="2024"), "$.year"),
        (_doc(unit="24"), "$.unit"),
        (_doc(basis=" "), "$.basis"),
        (_doc(illustrative="yes"), "$.illustrative"),
        (_doc(tgvs={}), "$.tgvs"),
        (_doc(tgvs=[{"tgv": "", "quota": 1, "litigation_cases": 1}]), "$.tgvs[0].tgv"),
        (_doc(tgvs=[{"tgv": "A", "quota": -1, "litigation_cases": 1}]), "$.tgvs[0].quota"),
        (_doc(tgvs=[{"tgv": "A", "quota": 1, "litigation_cases": 1.5}]), "$.tgvs[0].litigation_cases"),
        (_doc(tgvs=[{"tgv": "A", "quota": 1, "litigation_cases": 1}, {"tgv": "A", "quota": 1, "litigation_cases": 1}]), "$.tgvs[1].tgv"),
    ],
)
def test_bad_register_names_the_field(doc: dict[str, Any], path: str) -> None:
    with pytest.raises(InvalidRecordError) as info:
        bg.QuotaRegister.from_json(doc, source="quota.json")
    assert info.value.path == path
    assert info.value.source == "quota.json"


def test_register_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidRecordError, match="not JSON"):
        bg.load_quota_register(path)


def test_a_register_for_the_2025_unit_only_answers_for_it() -> None:
    register = bg.QuotaRegister(2026, BN_NEW, (QuotaEntry("TGV-01", 10, 12),), "test")
    share = bg.BacGiangPlugin(quota_register=register)
    indicators = {i.code: i for i in bg.make_indicators(register=share.quota_register)}
    assert "năm 2026" in indicators["bac_giang.tgv_quota_share"].label_vi
    bn_tally = aggregate_one([MobileTrip(id="TT.LD.00001.2026", on=dt.date(2026, 3, 2), organisation="TTTGPL-24", unit=BN_NEW)], year(2026))
    assert indicators["bac_giang.tgv_quota_share"].compute(bn_tally) == 100.0
    assert UnitScheme.P2025 is register.unit.scheme
