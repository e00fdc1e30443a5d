"""Who issues a report, where and when: the shared heading, dated form layouts, --issued-on, --block-plugin."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.cli import EXIT_OK, EXIT_USAGE, main
from tgpl.domain import VN_TZ, UnitRef, successor
from tgpl.reporting.build import report_from_tally
from tgpl.reporting.heading import date_line_vi, place_vi, report_heading
from tgpl.reporting.plugins import installed_plugin_names, load_plugins
from tgpl.reporting.report import Report
from tgpl.reporting.statforms import FORM_LAYOUTS, form_layout_on
from tgpl.reporting.tally import Tally

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bac-kan-2022-h1"
MOMENT = dt.datetime(2026, 1, 5, 8, 0, tzinfo=VN_TZ)


def _report(units: list[str], window: str, *, issued_on: dt.date | None = None) -> Report:
    tally = Tally.empty()
    for n, code in enumerate(units):
        tally = tally + Tally(counts={("reception", code): n + 1})
    return report_from_tally(tally, window, plugins=load_plugins(load_entrypoints=False),
                             generated_at=MOMENT, issued_on=issued_on)


def test_a_pre_merger_window_names_the_former_province() -> None:
    head = report_heading(_report(["2004:06"], "2022-H1", issued_on=dt.date(2022, 6, 3)))
    assert (head.parent_vi, head.issuer_vi) == ("SỞ TƯ PHÁP TỈNH BẮC KẠN", "TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC")
    assert head.organisation_vi == "Trung tâm Trợ giúp pháp lý Nhà nước tỉnh Bắc Kạn"
    assert head.date_line_vi == "Bắc Kạn, ngày 03 tháng 6 năm 2022"
    assert head.notes_vi == ()
    assert head.recipients_vi == ("Cục Trợ giúp pháp lý - Bộ Tư pháp", "Sở Tư pháp tỉnh Bắc Kạn", "Lưu: VT")


def test_a_window_across_the_merger_names_the_new_unit_and_lists_the_old() -> None:
    head = report_heading(_report(["2004:06", "2025:19"], "2025"))
    assert head.unit is not None
    assert str(head.unit.ref) == "2025:19"
    assert head.parent_vi == "SỞ TƯ PHÁP TỈNH THÁI NGUYÊN"
    assert head.date_line_vi == "Thái Nguyên, ngày 05 tháng 01 năm 2026"  # the generation day by default
    assert head.former_units_vi == ("tỉnh Bắc Kạn",)
    assert any("tỉnh Bắc Kạn" in n and "01/07/2025" in n for n in head.notes_vi)
    assert head.recipients_vi[0].startswith("Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý")


def test_a_pre_merger_issuer_with_a_post_merger_date_says_so() -> None:
    head = report_heading(_report(["2004:06"], "2022-H1", issued_on=dt.date(2026, 12, 4)))
    assert head.parent_vi == "SỞ TƯ PHÁP TỈNH BẮC KẠN"
    (note,) = head.notes_vi
    assert "04/12/2026" in note
    assert "hợp nhất vào tỉnh Thái Nguyên" in note


def test_the_unit_is_named_as_of_the_window_end() -> None:
    assert report_heading(_report(["2025:75"], "2026-Q1")).unit_name_vi == "tỉnh Đồng Nai"
    head = report_heading(_report(["2025:75"], "2026"))
    assert head.unit_name_vi == "thành phố Đồng Nai"  # a centrally-run city from 30/04/2026
    assert head.parent_vi == "SỞ TƯ PHÁP THÀNH PHỐ ĐỒNG NAI"


def test_a_roll_up_is_issued_by_the_ministry() -> None:
    head = report_heading(_report(["2025:19", "2025:96"], "2025-H2"))
    assert head.unit is None
    assert head.parent_vi == "BỘ TƯ PHÁP"
    assert head.issuer_vi == "CỤC PHỔ BIẾN, GIÁO DỤC PHÁP LUẬT VÀ TRỢ GIÚP PHÁP LÝ"
    assert head.date_line_vi.startswith("Hà Nội, ngày ")


def test_place_of_ho_chi_minh_city_in_full() -> None:
    from tgpl.domain import unit

    assert place_vi(unit(UnitRef.parse("2025:79")), dt.date(2026, 1, 1)) == "Thành phố Hồ Chí Minh"


@settings(max_examples=40)
@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
def test_date_line_pads_days_below_10_and_months_1_and_2(day: dt.date) -> None:
    line = date_line_vi("Bắc Kạn", day)
    _, rest = line.split(", ngày ")
    dd, _, mm, _, yyyy = rest.replace(" tháng ", " t ").replace(" năm ", " n ").split(" ")
    assert (int(dd), int(mm), int(yyyy)) == (day.day, day.month, day.year)
    assert len(dd) == 2
    assert len(mm) == (2 if day.month <= 2 else len(str(day.month)))


@settings(max_examples=30)
@given(st.sampled_from(sorted({"2004:" + c for c in ("06", "24", "27", "46", "75", "79", "96")})),
       st.integers(2020, 2027))
def test_every_single_unit_report_names_one_unit_and_a_seat(code: str, year: int) -> None:
    report = _report([code], str(year))
    head = report_heading(report)
    assert head.unit is not None
    expected = successor(UnitRef.parse(code)) if report.window.end >= dt.date(2025, 7, 1) else UnitRef.parse(code)
    assert head.unit.ref == expected
    assert head.parent_vi.startswith("SỞ TƯ PHÁP ")
    assert head.date_line_vi.startswith(head.place_vi + ", ngày ")
    assert "…" not in head.date_line_vi


# -- dated form layouts ------------------------------------------------------------------------


def test_form_layouts_are_dated_without_gaps_or_overlaps() -> None:
    for a, b in itertools.pairwise(FORM_LAYOUTS):
        assert a.effective_to is not None
        assert b.effective_from == a.effective_to + dt.timedelta(days=1)
    assert FORM_LAYOUTS[-1].effective_to is None
    for layout in FORM_LAYOUTS:
        assert layout.basis
        assert layout.verified or layout.note_vi  # an unverified layout says so in the report


def test_form_layout_by_window_end() -> None:
    assert form_layout_on(dt.date(2022, 5, 31)).person_form == "24/BTP/TGPL"
    assert form_layout_on(dt.date(2025, 12, 31)).case_form == "25/BTP/TGPL"
    new = form_layout_on(dt.date(2026, 6, 30))
    assert not new.verified
    assert "17/2025/TT-BTP" in new.circular_vi
    assert form_layout_on(dt.date(2018, 12, 31)) is FORM_LAYOUTS[0]


# -- the command line ----------------------------------------------------------------------------


def test_issued_on_sets_the_date_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", str(EXAMPLE / "cases.jsonl"), str(EXAMPLE / "activities.jsonl"), "--window",
                 "stats:2022-H1", "--format", "md", "--out", str(tmp_path), "--issued-on", "15/06/2022", "-q"],
                plugins=load_plugins(load_entrypoints=False))
    assert code == EXIT_OK
    text = next(tmp_path.glob("*.md")).read_text(encoding="utf-8")
    assert "*Bắc Kạn, ngày 15 tháng 6 năm 2022*" in text
    capsys.readouterr()


def test_block_plugin_takes_the_names_tgpl_plugins_prints(capsys: pytest.CaptureFixture[str]) -> None:
    names = installed_plugin_names()
    if "tgpl-province-example" not in names:
        pytest.skip("the example province plugin is not installed")
    assert names["tgpl-province-example"] == "bac_giang"
    assert main(["--block-plugin", "tgpl-province-example", "plugins"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "tgpl-province-example" not in out
    assert "tgpl-xlsx" in out or "tgpl-docx" in out or out.startswith("name")
    assert main(["--block-plugin", "bac_giang", "plugins"]) == EXIT_OK
    assert "tgpl-province-example" not in capsys.readouterr().out


def test_block_plugin_with_an_unknown_name_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--block-plugin", "khong-co", "plugins"]) == EXIT_USAGE
    err = capsys.readouterr().err.strip()
    assert err.startswith("tgpl: lỗi cú pháp")
    assert "'khong-co'" in err
    assert len(err.splitlines()) == 1


def test_province_indicators_stay_in_their_province() -> None:
    pytest.importorskip("tgpl_province_example")
    from tgpl.reporting.build import build_report

    plugins = load_plugins()
    report, _ = build_report([str(EXAMPLE / "cases.jsonl"), str(EXAMPLE / "activities.jsonl")], "stats:2022-H1",
                             plugins=plugins, generated_at=MOMENT)
    assert not [i.code for i in report.indicators if i.code.startswith("bac_giang.")]
    asked, _ = build_report([str(EXAMPLE / "cases.jsonl")], "stats:2022-H1", plugins=plugins,
                            generated_at=MOMENT, all_indicators=True)
    assert [i.code for i in asked.indicators if i.code.startswith("bac_giang.")]
    assert attrs.has(type(report))
