"""build_report: reading in collect mode, duplicates counted once, problems, metadata, suppression."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tgpl.domain import VN_TZ, Accepted, Case
from tgpl.errors import DuplicateRecordError, InvalidRecordError, PluginError, WindowError
from tgpl.io.jsonl import read_jsonl, write_jsonl
from tgpl.reporting import aggregate, compute_indicators, parse_window
from tgpl.reporting.build import (
    InputReader,
    build_report,
    format_problem,
    parse_unit_mode,
    round_share,
    suppress_indicators,
)
from tgpl.reporting.formats import render_json
from tgpl.reporting.hookspecs import hookimpl
from tgpl.reporting.indicators import Indicator
from tgpl.reporting.plugins import Plugins, load_plugins
from tgpl.reporting.report import IndicatorResult
from tgpl.reporting.tally import Tally

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bac-kan-2022-h1"
CASES = EXAMPLE / "cases.jsonl"
ACTIVITIES = EXAMPLE / "activities.jsonl"
WINDOW = "stats:2022-H1"
FIXED = dt.datetime(2022, 8, 1, 9, 0, tzinfo=VN_TZ)

ALL_RECORDS: list[Any] = [*read_jsonl(CASES), *read_jsonl(ACTIVITIES)]


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    return load_plugins(load_entrypoints=False)


def _expected(records: list[Any], window: str = WINDOW) -> dict[str, Any]:
    w = parse_window(window)
    values = compute_indicators(aggregate(records, [w])[w])
    # shares are published rounded to one decimal
    return {c: round_share(v) if c.endswith("_share") or c == "success.share" else v for c, v in values.items()}


def test_report_matches_direct_aggregation(plugins: Plugins) -> None:
    report, problems = build_report([CASES, ACTIVITIES], WINDOW, plugins=plugins, generated_at=FIXED)
    assert problems == []
    assert report.values() == _expected(ALL_RECORDS)
    assert report.value("cases.accepted") == 156
    assert report.meta.records == len(ALL_RECORDS)
    assert report.meta.problems == 0


def test_meta_is_filled_with_names_only(plugins: Plugins) -> None:
    report, _ = build_report([str(CASES), ACTIVITIES], WINDOW, plugins=plugins, generated_at=FIXED)
    m = report.meta
    assert m.inputs == ("cases.jsonl", "activities.jsonl")
    assert all("/" not in i for i in m.inputs)
    assert m.window == "stats:2022-H1"
    assert m.window_vi.startswith("6 tháng đầu năm 2022")
    assert m.regime == "stats"
    assert m.units == ("2004:06",)
    assert m.unit_mode == "as_recorded"
    assert m.generated_at == FIXED
    assert m.rule_sets["rubric"] == "tt12-2021"
    assert m.rule_sets["eligibility"] == "art7-2018"
    assert "TT 03/2019/TT-BTP" in m.rule_sets["window_cutoff"]
    assert dict(m.plugins) == plugins.versions()
    assert m.suppress_below is None


def test_generated_at_defaults_to_now_in_vietnam(plugins: Plugins) -> None:
    before = dt.datetime.now(VN_TZ).replace(microsecond=0)
    report, _ = build_report([], "2022", plugins=plugins)
    assert before <= report.meta.generated_at <= dt.datetime.now(VN_TZ)
    assert report.meta.units == ()
    assert report.meta.rule_sets["rubric"] == "none"


def test_duplicate_across_files_is_a_problem_naming_both_places_and_counted_once(plugins: Plugins, tmp_path: Path) -> None:
    first = ALL_RECORDS[:5]
    again = tmp_path / "again.jsonl"
    write_jsonl([ALL_RECORDS[3], ALL_RECORDS[1]], again)
    original = tmp_path / "first.jsonl"
    write_jsonl(first, original)
    report, problems = build_report([original, again], WINDOW, plugins=plugins, generated_at=FIXED)
    assert report.values() == _expected(first)
    assert [type(p) for p in problems] == [DuplicateRecordError, DuplicateRecordError]
    line = format_problem(problems[0])
    assert line.startswith(f"{again}:1: {first[3].id}: $.code: duplicate case")
    assert f"first read at {original}:4" in line
    assert "counted once" in line
    assert report.meta.records == 5
    assert report.meta.problems == 2


def test_duplicate_within_one_file_and_duplicate_activity(plugins: Plugins, tmp_path: Path) -> None:
    act = next(r for r in ALL_RECORDS if not isinstance(r, Case))
    path = tmp_path / "dup.jsonl"
    write_jsonl([ALL_RECORDS[0], act, ALL_RECORDS[0], act], path)
    report, problems = build_report([path], WINDOW, plugins=plugins)
    assert [(p.line, p.path) for p in problems if isinstance(p, InvalidRecordError)] == [(3, "$.code"), (4, "$.id")]
    assert report.values() == _expected([ALL_RECORDS[0], act])


def test_same_code_in_two_organisations_is_not_a_duplicate(plugins: Plugins) -> None:
    case = ALL_RECORDS[0]
    other = attrs.evolve(case, organisation="backan-cn2")
    _, problems = build_report([case, other], WINDOW, plugins=plugins)
    assert problems == []


@given(st.lists(st.integers(0, 39), max_size=40))
def test_duplicates_never_double_count(indices: list[int]) -> None:
    plugins = load_plugins(load_entrypoints=False)
    pool = ALL_RECORDS[:40]
    picked = [pool[i] for i in indices]
    unique = list({id(r): r for r in picked}.values())
    report, problems = build_report(picked, "2022", plugins=plugins, generated_at=FIXED)
    assert report.values() == _expected(unique, "2022")
    assert len(problems) == len(picked) - len(unique)
    assert report.meta.records == len(unique)


def test_bad_lines_are_problems_and_good_records_still_count(plugins: Plugins, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = CASES.read_text(encoding="utf-8").splitlines()[:3]
    path.write_text("\n".join([good[0], "{not json", good[1], '{"schema": "tgpl.case/1"}', good[2]]) + "\n", encoding="utf-8")
    report, problems = build_report([path], WINDOW, plugins=plugins)
    assert [p.line for p in problems if isinstance(p, InvalidRecordError)] == [2, 4]
    assert report.meta.records == 3
    assert report.values() == _expected(ALL_RECORDS[:3])


def test_a_case_aggregation_rejects_is_a_problem_not_a_crash(plugins: Plugins) -> None:
    broken = next(
        attrs.evolve(r, events=tuple(e for e in r.events if not isinstance(e, Accepted)))
        for r in ALL_RECORDS
        if isinstance(r, Case) and any(type(e).__name__ == "Ended" for e in r.events)
    )
    others = [r for r in ALL_RECORDS if r is not broken and getattr(r, "id", None) != broken.id]
    report, problems = build_report([*others, broken], WINDOW, plugins=plugins)
    # validation (the lifecycle rule) refuses it before aggregation would
    assert problems
    for err in problems:
        assert isinstance(err, InvalidRecordError)
        assert err.record_id == broken.id
        assert err.source == "<records>"
        assert err.line == len(others) + 1
        assert "[ILLEGAL_HISTORY]" in err.message
    assert report.values() == _expected(others)


def test_missing_file_raises_oserror(plugins: Plugins, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        build_report([tmp_path / "nope.jsonl"], WINDOW, plugins=plugins)


def test_bad_window_raises(plugins: Plugins) -> None:
    with pytest.raises(WindowError):
        build_report([], "2022-H3", plugins=plugins)


def test_unit_modes(plugins: Plugins) -> None:
    report, _ = build_report([CASES], WINDOW, plugins=plugins, unit_mode="2025")
    assert report.meta.units == ("2025:19",)
    assert report.meta.unit_mode == "scheme_2025"
    assert parse_unit_mode("as-recorded").value == "as_recorded"
    with pytest.raises(ValueError, match="unknown unit mode"):
        parse_unit_mode("1990")


def test_as_of_ignores_later_events(plugins: Plugins) -> None:
    early, _ = build_report([CASES], WINDOW, plugins=plugins, as_of=dt.date(2022, 2, 28))
    full, _ = build_report([CASES], WINDOW, plugins=plugins)
    early_v, full_v = early.value("cases.accepted"), full.value("cases.accepted")
    assert isinstance(early_v, int)
    assert isinstance(full_v, int)
    assert early_v < full_v


def test_progress_is_called_with_the_record_count(plugins: Plugins) -> None:
    seen: list[int] = []
    build_report([CASES, ACTIVITIES], WINDOW, plugins=plugins, progress=seen.append)
    assert seen[-1] == len(ALL_RECORDS)
    assert seen == sorted(seen)


def test_input_reader_yields_locations() -> None:
    reader = InputReader(CASES)
    located = list(reader)
    assert located[0].source == str(CASES)
    assert located[0].line == 1
    assert reader.records == len(located)
    assert reader.inputs == ["cases.jsonl"]


# -- plugin indicators and profile ------------------------------------------------------------


def _plugin_with(*indicators: Indicator, profile: Any = None) -> Plugins:
    class P:
        name = "tgpl-vidu"
        __version__ = "2.0"

        @hookimpl
        def tgpl_register_indicators(self, register: Callable[[object], None]) -> None:
            for i in indicators:
                register(i)

        @hookimpl
        def tgpl_province_profile(self, unit: object) -> Any:
            return profile

    return load_plugins(load_entrypoints=False, plugins=[P()])


def _boom(tally: Tally) -> int:
    raise ZeroDivisionError("boom")


def _text(tally: Tally) -> Any:
    return "many"


def _double(tally: Tally) -> int:
    return 2 * tally.count("case", measure="accepted")


def test_plugin_indicator_is_computed_with_its_source() -> None:
    p = _plugin_with(Indicator("vidu.double", "Gấp đôi số vụ việc thụ lý", "Double", "vụ việc", _double))
    report, problems = build_report([CASES], WINDOW, plugins=p)
    assert problems == []
    assert report.value("vidu.double") == 2 * 156
    assert report.indicator("vidu.double").source == "tgpl-vidu 2.0"
    assert report.indicator("cases.accepted").source == "tgpl"
    assert report.meta.plugins["tgpl-vidu"] == "2.0"


def test_failing_plugin_indicators_are_left_out_with_a_problem() -> None:
    p = _plugin_with(
        Indicator("vidu.boom", "Nổ", "Boom", "vụ việc", _boom),
        Indicator("vidu.text", "Chữ", "Text", "vụ việc", _text),
    )
    report, problems = build_report([CASES], WINDOW, plugins=p)
    assert [type(x) for x in problems] == [PluginError, PluginError]
    assert all(isinstance(x, PluginError) and x.plugin == "tgpl-vidu 2.0" for x in problems)
    assert "ZeroDivisionError" in str(problems[0])
    assert "returned a str" in str(problems[1])
    assert "vidu.boom" not in report.values()
    assert "vidu.text" not in report.values()
    assert report.value("cases.accepted") == 156


def test_profile_is_asked_for_the_single_unit() -> None:
    from tgpl.domain import UnitRef
    from tgpl.reporting.report import ProvinceProfile

    prof = ProvinceProfile(name="bk", unit=UnitRef.parse("2004:06"), organisation_vi="Trung tâm TGPL Nhà nước tỉnh Bắc Kạn")
    report, _ = build_report([CASES], WINDOW, plugins=_plugin_with(profile=prof))
    assert report.profile is prof
    bad, problems = build_report([CASES], WINDOW, plugins=_plugin_with(profile=42))
    assert bad.profile is None
    assert isinstance(problems[0], PluginError)


# -- suppression --------------------------------------------------------------------------------


def _r(code: str, value: int | float | None, unit: str = "vụ việc") -> IndicatorResult:
    return IndicatorResult(code, code, code, unit, value)


def test_suppression_primary_and_complementary_within_a_line() -> None:
    items = [
        _r("cases.ended", 20),
        _r("cases.ended.litigation", 17),
        _r("cases.ended.advice", 2),
        _r("cases.ended.representation", 1),
        _r("cases.ended.completed", 18),
        _r("cases.ended.not_continued", 2),
        _r("cases.ended.suspended", 0),
        _r("appraisal.pass_or_better_share", 50.0, "%"),
    ]
    out = {i.code: i for i in suppress_indicators(items, 3)}
    assert out["cases.ended.advice"].suppressed == "<3"
    assert out["cases.ended.advice"].value is None
    assert out["cases.ended.representation"].suppressed == "<3"
    assert out["cases.ended.not_continued"].suppressed == "<3"
    # the end-kind line has one primary: a complement is hidden (smallest non-zero other)
    hidden_kinds = [c for c in ("cases.ended.completed", "cases.ended.suspended") if out[c].suppressed]
    assert hidden_kinds == ["cases.ended.completed"]
    assert out["cases.ended.completed"].suppressed == "x"
    assert out["appraisal.pass_or_better_share"].value == 50.0
    assert out["cases.ended.litigation"].value == 17


@given(st.lists(st.integers(0, 12), min_size=4, max_size=4), st.integers(0, 6))
def test_suppression_never_leaves_a_single_hidden_entry_in_a_line(parts: list[int], k: int) -> None:
    forms = ["litigation", "advice", "representation"]
    items = [_r("cases.accepted", sum(parts[:3]))] + [_r(f"cases.accepted.{f}", v) for f, v in zip(forms, parts, strict=False)]
    out = suppress_indicators(items, k)
    hidden = [i for i in out if i.suppressed]
    assert len(hidden) != 1
    for before, after in zip(items, out, strict=True):
        assert isinstance(before.value, int)
        if 0 < before.value < k:
            # "<k", or "x" where the markers alone would give the small values away
            assert after.suppressed in (f"<{k}", "x")
        if after.suppressed:
            assert after.value is None
            assert before.value != 0  # a zero is never hidden
        else:
            assert after.value == before.value


def test_suppress_below_in_a_report_withholds_the_tally(plugins: Plugins) -> None:
    report, _ = build_report([CASES, ACTIVITIES], WINDOW, plugins=plugins, suppress_below=5, generated_at=FIXED)
    assert report.meta.suppress_below == 5
    assert report.indicator("cases.accepted.advice").suppressed == "<5"  # 4 advice cases
    assert report.value("cases.accepted") == 156
    doc = json.loads(render_json(report))
    assert doc["tally"] is None
    assert doc["suppressed"]["cases.accepted.advice"] == "<5"
    assert doc["indicators"]["cases.accepted.advice"] is None
    assert not report.tally.is_empty  # the tally itself is kept for merging, not published
    with pytest.raises(ValueError, match="whole number"):
        build_report([], WINDOW, plugins=plugins, suppress_below=-1)
