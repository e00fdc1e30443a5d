"""Duty shifts and the coordination council in the tally, the indicators and the reports.

The fold's counting rules are in docs/statistics.md: a shift is one ``duty.shifts`` of its
place kind with its persons advised and requests received; cases from duty are the cases
accepted in the window whose source is court or investigation duty; council meetings and
inspections are one each, the inspected units distinct per unit and window.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from strategies_reporting import records

from tgpl.demo import DEMO_PROVINCE, generate
from tgpl.domain import VN_TZ, Accepted, Activity, Case, CouncilActivity, DutyShift, RequestSource
from tgpl.io.jsonl import to_dict, write_jsonl
from tgpl.reporting import aggregate, compute_indicators, half, year
from tgpl.reporting.build import build_report
from tgpl.reporting.formats.markdown import render_markdown, section_of
from tgpl.reporting.indicators import BUILTIN_RELATIONS
from tgpl.reporting.plugins import Plugins, load_plugins
from tgpl.reporting.report import Report
from tgpl.reporting.tally import Tally

WINDOWS = (half(2022, 1), half(2022, 2), year(2022))
DUTY = {RequestSource.COURT_DUTY: "court", RequestSource.INVESTIGATION_DUTY: "investigation"}


def _accepted_on(case: Case) -> dt.date | None:
    return next((e.on.astimezone(VN_TZ).date() for e in case.events if isinstance(e, Accepted)), None)


@settings(max_examples=60)
@given(records(max_size=12))
def test_the_fold_conserves_shifts_persons_requests_and_cases(recs: list[Case | Activity]) -> None:
    for w, t in aggregate(recs, WINDOWS).items():
        values = compute_indicators(t)
        inside = [r for r in recs if not isinstance(r, Case) and w.start <= r.on <= w.end]
        shifts = [r for r in inside if isinstance(r, DutyShift)]
        for kind in ("court", "investigation"):
            mine = [s for s in shifts if s.place_kind.value == kind]
            assert values[f"duty.shifts.{kind}"] == len(mine)
            assert values[f"duty.persons_advised.{kind}"] == sum(s.persons_advised for s in mine)
            assert values[f"duty.requests_received.{kind}"] == sum(s.requests_received for s in mine)
            assert values[f"duty.cases_accepted.{kind}"] == sum(
                1 for c in recs if isinstance(c, Case) and DUTY.get(c.source) == kind
                and (d := _accepted_on(c)) is not None and w.start <= d <= w.end)
        council = [r for r in inside if isinstance(r, CouncilActivity)]
        assert values["council.meetings"] == sum(r.kind.value == "meeting" for r in council)
        assert values["council.inspections"] == sum(r.kind.value == "inspection" for r in council)
        units = {r.unit for r in council}
        assert values["council.units_inspected"] == sum(
            len({u for r in council if r.unit == unit for u in r.inspected}) for unit in units)
        counts = {c: v for c, v in values.items() if isinstance(v, int)}
        for rel in BUILTIN_RELATIONS:
            if rel.total.startswith(("duty.", "council.")) or any(p.startswith("duty.") for p in rel.parts):
                assert rel.holds(counts), rel


@settings(max_examples=40)
@given(records(max_size=10), records(max_size=10))
def test_merged_tallies_count_what_the_pooled_records_count(a: list[Case | Activity], b: list[Case | Activity]) -> None:
    w = year(2022)
    pooled = compute_indicators(aggregate([*a, *b], [w])[w])
    merged = compute_indicators(aggregate(a, [w])[w] + aggregate(b, [w])[w])
    codes = [c for c in pooled if c.startswith(("duty.", "council."))]
    assert [pooled[c] for c in codes] == [merged[c] for c in codes]


def test_a_tgpl_tally_1_file_reads_zero_duty_and_council() -> None:
    # A tally written before duty and council were counted (no such tables) still loads and merges.
    old = Tally.from_json(json.loads((Path(__file__).parent / "data" / "tally-v1-2022.json").read_text(encoding="utf-8")))
    values = compute_indicators(old + Tally({("council", "meetings", "2004:06"): 1}))
    assert values["duty.shifts"] == values["duty.requests_received"] == values["council.units_inspected"] == 0
    assert values["council.meetings"] == 1
    # Cases from duty were already counted by request source in tgpl.tally/1.
    assert values["duty.cases_accepted"] == old.count("case", measure="accepted", source=("court_duty", "investigation_duty")) > 0
    assert values["cases.accepted"] == compute_indicators(old)["cases.accepted"] > 0


@cache
def _demo(tmp: Path) -> list[Path]:
    recs = list(generate(seed=3, province=DEMO_PROVINCE, start=dt.date(2023, 7, 1), end=dt.date(2024, 12, 31),
                         cases_per_year=300))
    cases, acts = tmp / "cases.jsonl", tmp / "activities.jsonl"
    write_jsonl([r for r in recs if isinstance(r, Case)], cases)
    write_jsonl([r for r in recs if not isinstance(r, Case)], acts)
    return [cases, acts]


@cache
def _plugins() -> Plugins:
    return load_plugins(load_entrypoints=False)


def _report(paths: list[Path], *, engine: bool) -> Report:
    report, problems = build_report(paths, "2024", plugins=_plugins(), engine=engine,
                                    generated_at=dt.datetime(2025, 1, 5, 9, 0, tzinfo=VN_TZ))
    assert problems == []
    return report


def test_the_engine_and_the_python_fold_give_the_same_report(tmp_path: Path) -> None:
    paths = _demo(tmp_path)
    fast, slow = _report(paths, engine=True), _report(paths, engine=False)
    assert fast.tally == slow.tally
    assert {i.code: i.value for i in fast.indicators} == {i.code: i.value for i in slow.indicators}
    values = {i.code: i.value for i in fast.indicators}
    assert values["duty.shifts.court"] > 0
    assert values["duty.shifts.investigation"] > 0
    assert values["duty.cases_accepted"] > 0
    assert (values["council.meetings"], values["council.inspections"]) == (2, 2)
    assert values["council.units_inspected"] > 0


def test_the_markdown_and_docx_reports_show_duty_and_council(tmp_path: Path) -> None:
    report = _report(_demo(tmp_path), engine=True)
    assert section_of("duty.shifts") == section_of("council.meetings") == section_of("referrals.commune_referral")
    md = render_markdown(report).decode("utf-8")
    assert "Số ca trực trợ giúp pháp lý tại Tòa án" in md
    assert "Số cuộc kiểm tra của Hội đồng phối hợp liên ngành" in md
    from tgpl_docx.text import sections

    coordination = next(s for s in sections(report) if s.heading.startswith("II."))
    text = " ".join(b.text for b in coordination.blocks)
    v = {i.code: i.value for i in report.indicators}
    assert f"bố trí {v['duty.shifts.court']} ca trực trợ giúp pháp lý tại Tòa án" in text
    assert f"tổ chức {v['council.meetings']} cuộc họp và {v['council.inspections']} cuộc kiểm tra" in text


def test_a_link_without_a_duty_source_is_refused_by_both_paths(tmp_path: Path) -> None:
    # Case.__attrs_post_init__ and the engine's RULES_SQL state the same rule.
    recs = [r for r in generate(seed=3, province=DEMO_PROVINCE, start=dt.date(2024, 3, 1), end=dt.date(2024, 4, 30),
                                cases_per_year=300) if isinstance(r, Case) and r.duty_shift is None]
    good = [to_dict(r) for r in recs[:20]]
    bad = dict(good[0], source="self", duty_shift="TT.TR.00611.2024")
    ok_link = dict(good[1], source="court_duty", duty_shift="TT.TR.00611.2024")
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in [bad, ok_link, *good[2:]]), encoding="utf-8")
    results = []
    for engine in (True, False):
        report, problems = build_report([path], "2024", plugins=_plugins(), engine=engine,
                                        generated_at=dt.datetime(2025, 1, 5, 9, 0, tzinfo=VN_TZ))
        results.append(([(getattr(p, "line", None), getattr(p, "path", None)) for p in problems], report.tally))
        assert [getattr(p, "line", None) for p in problems] == [1]
        assert "duty_shift" in str(problems[0])
    assert results[0] == results[1]
