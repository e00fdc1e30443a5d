"""Files written before the fields of issue 14 (request channel, programmes, duty shifts, hearings,
legacy success basis, programme codes on activities) stay valid and report as they did.

The Bắc Kạn example records carry none of those fields; ``data/bac-kan-2022-H1-v0.1-indicators.json``
holds its indicator values as reported before the fields existed.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from tgpl.domain import Case
from tgpl.io.jsonl import read_jsonl
from tgpl.reporting.build import build_report
from tgpl.reporting.plugins import load_plugins
from tgpl.rules.validation import validate_cases

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bac-kan-2022-h1"
OLD = json.loads((Path(__file__).parent / "data" / "bac-kan-2022-H1-v0.1-indicators.json").read_text(encoding="utf-8"))
#: Keys that did not exist in v0.1 records (cases, their events, activities).
NEW_CASE_KEYS = {"channel", "online_level", "programmes", "duty_shift"}
NEW_EVENT_KEYS = {"legacy_basis", "mode", "instance"}
NEW_ACTIVITY_KEYS = {"programmes"}
NEW_RECORD_SCHEMAS = {"tgpl.duty_shift/1", "tgpl.council_activity/1"}


def _lines(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (EXAMPLE / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_example_is_a_v01_file() -> None:
    cases, activities = _lines("cases.jsonl"), _lines("activities.jsonl")
    assert cases
    assert activities
    for d in cases:
        assert not NEW_CASE_KEYS & d.keys()
        for e in d["events"]:
            assert e["type"] != "hearing_attended"
            assert not NEW_EVENT_KEYS & e.keys()
    for d in activities:
        assert d["schema"] not in NEW_RECORD_SCHEMAS
        assert not NEW_ACTIVITY_KEYS & d.keys()


@pytest.mark.skipif(importlib.util.find_spec("jsonschema") is None, reason="jsonschema is not installed")
def test_v01_records_validate_against_the_published_schemas() -> None:
    import jsonschema  # type: ignore[import-untyped,import-not-found,unused-ignore]

    schemas = ROOT / "docs" / "schema"
    case_schema = json.loads((schemas / "case.json").read_text(encoding="utf-8"))
    for d in _lines("cases.jsonl"):
        jsonschema.Draft202012Validator(case_schema).validate(d)


def test_v01_cases_read_with_the_new_fields_unset_and_validate_without_findings() -> None:
    cases = [r for r in read_jsonl(EXAMPLE / "cases.jsonl") if isinstance(r, Case)]
    assert cases
    for case in cases:
        assert (case.channel, case.online_level, case.programmes, case.duty_shift) == (None, None, (), None)
    problems = validate_cases(cases)
    assert [p.code for ps in problems.values() for p in ps if p.severity.value == "error"] == []


def test_v01_file_reports_every_earlier_indicator_as_before() -> None:
    report, problems = build_report(
        [EXAMPLE / "cases.jsonl", EXAMPLE / "activities.jsonl"], "stats:2022-H1",
        plugins=load_plugins(load_entrypoints=False), deadlines=True,
    )
    assert problems == []
    now = {i.code: i.value for i in report.indicators}
    for code, before in OLD["indicators"].items():
        if isinstance(before, float):  # ratios are now rounded to one decimal for print
            assert now[code] == pytest.approx(before, abs=0.05), code
        else:
            assert now[code] == before, code
    # the new families read the missing fields as "not recorded": nothing is invented
    for code, value in now.items():
        if code.startswith(("duty.", "council.", "hearings.", "programmes.")) or code in {"success.legacy"}:
            assert value in (0, None), code
        if code.startswith("requests.channel.") and code != "requests.channel.unknown":
            assert value == 0, code
    assert now["requests.channel.unknown"] == now["requests.received"]
