"""Built-in formats: Vietnamese number formatting, Markdown/JSON/CSV contents."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tgpl.domain import VN_TZ, UnitRef
from tgpl.reporting.build import build_report
from tgpl.reporting.formats import (
    format_datetime,
    format_int,
    format_number,
    render_csv,
    render_json,
    render_markdown,
)
from tgpl.reporting.formats.csv_format import table_rows
from tgpl.reporting.formats.json_format import SCHEMA
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.quota import published_tally
from tgpl.reporting.report import PlanTarget, ProvinceProfile, Report
from tgpl.reporting.tally import Tally

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bac-kan-2022-h1"


@pytest.fixture(scope="module")
def report() -> Report:
    rep, _ = build_report(
        [EXAMPLE / "cases.jsonl", EXAMPLE / "activities.jsonl"], "stats:2022-H1",
        plugins=load_plugins(load_entrypoints=False), generated_at=dt.datetime(2022, 8, 1, 9, 0, tzinfo=VN_TZ),
    )
    return rep


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1389, "người", "1.389"),
        (0, "vụ việc", "0"),
        (1234567, "", "1.234.567"),
        (-1389, "", "-1.389"),
        (81.578947, "%", "81,6 %"),
        (100.0, "%", "100,0 %"),
        (0.05, "%", "0,1 %"),
        (2, "%", "2,0 %"),
        (8.0, "giờ", "8"),
        (8.5, "giờ", "8,5"),
        (1234.125, "giờ", "1.234,13"),
        (None, "%", "—"),
        (float("nan"), "", "—"),
    ],
)
def test_format_number_the_vietnamese_way(value: int | float | None, unit: str, text: str) -> None:
    assert format_number(value, unit) == text


@given(st.integers(-(10**12), 10**12))
def test_format_int_round_trips(n: int) -> None:
    text = format_int(n)
    assert int(text.replace(".", "")) == n
    groups = text.lstrip("-").split(".")
    assert all(len(g) == 3 for g in groups[1:])
    assert 1 <= len(groups[0]) <= 3


@given(st.floats(min_value=0, max_value=1000, allow_nan=False))
def test_percentages_have_one_decimal_comma(x: float) -> None:
    text = format_number(x, "%")
    assert text.endswith(" %")
    whole, frac = text[:-2].split(",")
    assert len(frac) == 1
    assert abs(float(whole.replace(".", "") + "." + frac) - x) <= 0.05 + 1e-9


def test_format_datetime_is_vietnam_time() -> None:
    moment = dt.datetime(2022, 8, 1, 2, 0, tzinfo=dt.UTC)
    assert format_datetime(moment) == "01/08/2022 09:00"


def test_markdown_has_title_window_units_sections_and_vietnamese_numbers(report: Report) -> None:
    text = render_markdown(report).decode("utf-8")
    assert "\n# BÁO CÁO KẾT QUẢ CÔNG TÁC TRỢ GIÚP PHÁP LÝ\n" in text
    assert "6 tháng đầu năm 2022 (số liệu thực tế từ 01/01/2022 đến 31/05/2022)" in text
    assert "- Đơn vị: tỉnh Bắc Kạn" in text
    assert text.startswith("**SỞ TƯ PHÁP TỈNH BẮC KẠN**  \n**TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC**  \n"
                           "*Bắc Kạn, ngày 01 tháng 8 năm 2022*")
    assert "## 1. Vụ việc trợ giúp pháp lý" in text
    assert "| Số người tham dự truyền thông | người | 1.389 |" in text
    assert "| 81,6 % |" in text
    for ind in report.indicators:
        assert ind.code not in text  # codes are machine notes: JSON only
    for word in ("in force", "`", "UNVERIFIED", "provisional", "tgpl.tally"):
        assert word not in text, word
    assert "01/08/2022 09:00" in text


def test_markdown_shows_profile_and_plan_targets(report: Report) -> None:
    import attrs

    profile = ProvinceProfile(
        name="bk", unit=UnitRef.parse("2004:06"), organisation_vi="Trung tâm Trợ giúp pháp lý Nhà nước tỉnh Bắc Kạn",
        issuer_parent_vi="Sở Tư pháp tỉnh Bắc Kạn",
        targets=(PlanTarget("outreach.sessions", "Truyền thông về TGPL", minimum=30, maximum=40, unit="buổi"),),
    )
    text = render_markdown(attrs.evolve(report, profile=profile)).decode("utf-8")
    assert text.startswith("**SỞ TƯ PHÁP TỈNH BẮC KẠN**  \n**TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC TỈNH BẮC KẠN**")
    assert "| Truyền thông về TGPL | 30–40 | 32 | đạt |" in text


def test_json_has_schema_flat_indicators_tally_and_meta(report: Report) -> None:
    doc = json.loads(render_json(report))
    assert doc["schema"] == SCHEMA == "tgpl.report/1"
    assert doc["indicators"] == report.values()
    # the tally, less the per-TGV counts a report never publishes (tgpl.reporting.quota)
    assert Tally.from_json(doc["tally"]) == published_tally(report.tally) != report.tally
    assert "tgv_litigation" not in doc["tally"]["tables"]
    meta = doc["meta"]
    assert meta["window"] == "stats:2022-H1"
    assert meta["regime"] == "stats"
    assert meta["start"] == "2022-01-01"
    assert meta["end"] == "2022-05-31"
    assert meta["units"] == ["2004:06"]
    assert meta["rule_sets"]["rubric"] == "tt12-2021"
    assert meta["plugins"] == {"tgpl": report.meta.tgpl_version}
    assert meta["generated_at"] == "2022-08-01T09:00:00+07:00"
    assert doc["definitions"]["cases.accepted"]["unit"] == "vụ việc"


def test_csv_has_one_row_per_indicator(report: Report) -> None:
    data = render_csv(report)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel on Windows reads Vietnamese correctly
    head = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))[:6]
    assert head == [
        ["Đơn vị báo cáo", "Trung tâm Trợ giúp pháp lý Nhà nước tỉnh Bắc Kạn"], ["Đơn vị hành chính", "tỉnh Bắc Kạn"],
        ["Kỳ báo cáo", report.window.label_vi], ["Từ ngày", "01/01/2022"], ["Đến ngày", "31/05/2022"], [],
    ]
    rows = table_rows(data)
    assert rows[0] == ["code", "label_vi", "unit", "value"]
    assert len(rows) == 1 + len(report.indicators)
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["cases.accepted"] == ["cases.accepted", "Số vụ việc thụ lý trong kỳ", "vụ việc", "156"]
    assert by_code["training.hours"][3] == "8.00"
    assert by_code["referrals.procedure_body_notice.litigation_share"][3] == "81.6"  # 124/152, rounded


def test_no_personal_data_reaches_any_format() -> None:
    from tgpl.demo import DEMO_PROVINCE, generate

    records = list(generate(
        seed=7, province=DEMO_PROVINCE, start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31),
        cases_per_year=150, with_identities=True,
    ))
    secrets = {
        text for r in records for b in getattr(r, "beneficiaries", ())
        for text in (b.name, b.id_number) if text
    }
    assert len(secrets) > 100
    rep, problems = build_report(records, "2022", plugins=load_plugins(load_entrypoints=False))
    assert problems == []
    blob = b"".join(f(rep) for f in (render_markdown, render_json, render_csv)).decode("utf-8")
    assert not [s for s in secrets if s in blob]
