"""The seed report reproduced: Bắc Kạn, "6 tháng đầu năm 2022" (seeds/001, dated 01/08/2022).

The register and the activity log in ``examples/bac-kan-2022-h1/`` are read with
``tgpl.io``, aggregated for the statistics six-month window (01/01–31/05/2022) and the
calendar half-year in one pass, and every figure of the report is asserted from the
library's indicators. The files must also be exactly what the generator script produces.
"""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tgpl.domain import Activity, Case
from tgpl.io.jsonl import read_jsonl, write_jsonl
from tgpl.reporting import (
    PoorMinorityRule,
    Tally,
    aggregate,
    bieu24,
    compute_indicators,
    parse_window,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bac-kan-2022-h1"
STATS_H1 = parse_window("stats:2022-H1")
CALENDAR_H1 = parse_window("2022-H1")

#: Every figure of the report, by indicator code.
REPORT = {
    "reception.visits": 122,  # tiếp công dân tại trụ sở 122 lượt người
    "simple_answers": 32,  # hướng dẫn, giải đáp, cung cấp thông tin pháp luật 32 việc
    "cases.handled": 296,  # tiếp nhận và thực hiện 296 vụ việc
    "person_occasions.handled": 296,  # … /296 lượt người
    "cases.carried_over": 140,  # kỳ trước chuyển sang 140 vụ việc
    "cases.accepted": 156,  # phát sinh trong kỳ 156 vụ việc
    "cases.ended": 154,  # 154 vụ việc hoàn thành
    "cases.ended.completed": 154,
    "cases.ended.litigation": 150,  # … trong đó 150 vụ việc tham gia tố tụng
    "cases.ended.advice": 4,  # … và 04 vụ việc tư vấn
    "appraisal.appraised": 91,  # thẩm định được 91 vụ việc tham gia tố tụng
    "appraisal.appraised.litigation": 91,
    "appraisal.pass_or_better": 91,  # 100% … xếp loại đạt trở lên
    "appraisal.pass_or_better_share": 100.0,
    "referrals.procedure_body_notice.litigation": 124,  # 124 vụ việc do cơ quan THTT thông báo
    "cases.accepted.litigation": 152,  # … trên tổng số 152 vụ việc tham gia tố tụng do Trung tâm thụ lý
    "outreach.sessions": 32,  # 32 điểm
    "outreach.communes": 14,  # /14 xã
    "outreach.attendees": 1389,  # cho 1.389 người tham dự
    "outreach.disabled_in_financial_difficulty.sessions": 21,
    "outreach.disabled_in_financial_difficulty.communes": 13,
    "outreach.disabled_in_financial_difficulty.attendees": 825,
    "outreach.women.sessions": 4,
    "outreach.women.communes": 2,
    "outreach.women.attendees": 100,
    "outreach.leaflets": 4628,  # 4.628 tờ gấp
}


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bac_kan_generate", EXAMPLE / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(name: str) -> Iterator[Case | Activity]:
    stream = read_jsonl(EXAMPLE / name, strict=True)
    with stream:
        for rec in stream:
            assert isinstance(rec, Case | Activity)
            yield rec
    assert stream.errors == []


@pytest.fixture(scope="module")
def tallies() -> dict[str, Tally]:
    records = [*_read("cases.jsonl"), *_read("activities.jsonl")]
    return {w.label: t for w, t in aggregate(records, [STATS_H1, CALENDAR_H1]).items()}


def test_every_figure_of_the_report(tallies: dict[str, Tally]) -> None:
    values = compute_indicators(tallies["stats:2022-H1"])
    assert {code: values[code] for code in REPORT} == REPORT


def test_derived_figures_are_consistent(tallies: dict[str, Tally]) -> None:
    v = compute_indicators(tallies["stats:2022-H1"])
    assert v["cases.handled"] == v["cases.carried_over"] + v["cases.accepted"]  # type: ignore[operator]
    assert v["cases.open_at_end"] == 296 - 154
    assert v["cases.accepted.advice"] == 4
    assert v["cases.carried_over.litigation"] == 140
    assert v["referrals.procedure_body_notice.litigation_share"] == pytest.approx(100 * 124 / 152)
    # Sessions for the general public make up the rest of the 32 (see README.md).
    assert v["outreach.general.sessions"] == 32 - 21 - 4
    assert v["requests.refused"] == 2
    assert v["requests.transferred"] == 1


def test_the_calendar_half_year_gives_other_numbers(tallies: dict[str, Tally]) -> None:
    stats, calendar = compute_indicators(tallies["stats:2022-H1"]), compute_indicators(tallies["2022-H1"])
    assert calendar["cases.accepted"] != stats["cases.accepted"]
    assert calendar["reception.visits"] != 122
    assert calendar["simple_answers"] != 32
    assert calendar["cases.carried_over"] == stats["cases.carried_over"] == 140


def test_bieu24_person_occasions(tallies: dict[str, Tally]) -> None:
    t = tallies["stats:2022-H1"]
    table = bieu24(t)
    total = table[("total", "total")]
    assert total["total"] == 296 == total["male"] + total["female"]
    assert sum(row["total"] for key, row in table.items() if key != ("total", "total")) == 296
    inclusive = bieu24(t, rule=PoorMinorityRule.INCLUSIVE)[("total", "total")]
    assert total["poor_minority"] == inclusive["poor_minority"] > 0
    assert total["poor"] + total["poor_minority"] == inclusive["poor"]
    assert total["minority"] + total["poor_minority"] == inclusive["minority"]


def test_files_are_what_the_generator_writes() -> None:
    cases, acts = _generator().build()
    for name, recs in (("cases.jsonl", cases), ("activities.jsonl", acts)):
        buf = io.BytesIO()
        write_jsonl(recs, buf)
        assert buf.getvalue() == (EXAMPLE / name).read_bytes(), f"{name} is stale: run examples/bac-kan-2022-h1/generate.py"


def test_register_is_lawful_and_has_no_overdue_deadline() -> None:
    from tgpl.domain.lifecycle import check_history

    cases = [r for r in _read("cases.jsonl") if isinstance(r, Case)]
    assert all(check_history(c) == [] for c in cases)
    with_deadlines = aggregate(cases, [STATS_H1], deadlines=True)[STATS_H1]
    assert compute_indicators(with_deadlines)["deadlines.overdue"] == 0
