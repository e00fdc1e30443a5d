"""Plan files (tgpl.plan/1): reading YAML and JSON, precise errors, and the published JSON Schema."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.errors import InvalidRecordError
from tgpl.planning import (
    Measure,
    Plan,
    TaskStatus,
    load_plan,
    plan_from_data,
    read_plan,
    task_status,
)
from tgpl.planning.schema import FILE_NAME, main, plan_json_schema, render
from tgpl.testing.strategies import plan_documents, plans

ROOT = Path(__file__).resolve().parents[2]
PLANS = ROOT / "examples" / "plans"
EXAMPLES = sorted(PLANS.glob("*.yaml"))
SCHEMA = plan_json_schema()


def test_shipped_schema_matches_the_code() -> None:
    """Fails when the plan format changed and ``python -m tgpl.planning.schema docs/schema`` was not run."""
    shipped = ROOT / "docs" / "schema" / FILE_NAME
    assert shipped.read_text(encoding="utf-8") == render(SCHEMA), "run: python -m tgpl.planning.schema docs/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_main_writes_the_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path)]) == 0
    assert json.loads((tmp_path / FILE_NAME).read_text(encoding="utf-8")) == SCHEMA
    assert main([]) == 2


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_examples_follow_the_schema_and_load(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    plan = load_plan(path)
    assert plan.id == path.stem
    assert [t.id for t in plan.tasks] == [t["id"] for t in data["tasks"]]


def test_bac_giang_2024_is_the_seed_task_by_task() -> None:
    plan = load_plan(PLANS / "bac-giang-2024.yaml")
    assert plan.issuer == "Sở Tư pháp tỉnh Bắc Giang"
    assert str(plan.unit) == "2004:24"
    assert [(t.id, t.time_frame.text) for t in plan.tasks] == [
        ("II.1.a", "Cả năm 2024"), ("II.1.b", "Cả năm 2024"), ("II.2.a", "Quý II năm 2024"),
        ("II.2.b", "Cả năm 2024"), ("II.3.a", "Cả năm 2024"), ("II.3.b", "Cả năm 2024"),
        ("II.3.c", "Cả năm 2024"), ("II.4.a", "Quý IV năm 2024"), ("II.4.b", "Quý IV năm 2024"),
    ]
    trips = plan.task("II.3.c")
    assert trips.lead == ("Trung tâm Trợ giúp pháp lý",)
    assert trips.partners == ("Phòng Tư pháp các huyện, thị xã, thành phố",)
    (target,) = trips.targets
    assert (target.indicator, target.minimum, target.maximum, target.unit, target.planned_vi) == (
        "bac_giang.mobile_trips", 35, 40, "đợt", "35–40 đợt")
    (quota,) = plan.task("II.3.b").targets
    assert (quota.indicator, quota.minimum, quota.measure, quota.planned_vi) == (
        "tgv_quota.met_share", 100, Measure.SHARE, "100 %")
    assert sum(len(t.targets) for t in plan.tasks) == 2


def test_json_and_yaml_give_the_same_plan(tmp_path: Path) -> None:
    source = PLANS / "ca-mau-2023.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    as_json = tmp_path / "ca-mau-2023.json"
    as_json.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    assert load_plan(as_json) == load_plan(source)


def _write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
schema: tgpl.plan/1
id: vi-du-2024
title: Kế hoạch ví dụ
issuer: Sở Tư pháp
period: Năm 2024
tasks:
  - id: "1"
    text: Tổ chức trợ giúp pháp lý lưu động
    time_frame: Cả năm 2024
    targets:
      - indicator: mobile.trips
        label: Số đợt
        from: 10
        to: 12
  - id: "2"
    text: In tờ gấp
    time_frame: Quý II năm 2024
"""


def _problems(tmp_path: Path, text: str, name: str = "plan.yaml") -> list[InvalidRecordError]:
    plan, problems = read_plan(_write(tmp_path, text, name))
    assert (plan is None) == bool(problems)
    return problems


def test_a_good_file_has_no_problem(tmp_path: Path) -> None:
    assert _problems(tmp_path, GOOD) == []


@pytest.mark.parametrize(
    ("old", "new", "line", "record", "path", "message"),
    [
        ("time_frame: Quý II năm 2024", "time_frame: Quý V năm 2024", 17, "2", "$.tasks[1].time_frame", "not understood"),
        ("time_frame: Quý II năm 2024", "time_frame: Quý II năm 2025", 17, "2", "$.tasks[1].time_frame", "outside the plan period"),
        ("        to: 12", "        to: 8", 14, "1", "$.tasks[0].targets[0].to", "'to' (8) is below 'from' (10)"),
        ("        to: 12", "        at_most: 12", 11, "1", "$.tasks[0].targets[0]", "exactly one of"),
        ("        from: 10", "        from: -1", 13, "1", "$.tasks[0].targets[0].from", "non-negative number"),
        ("      - indicator: mobile.trips", "      - indicator: Mobile Trips", 11, "1", "$.tasks[0].targets[0].indicator", "dotted lower-case"),
        ("    text: In tờ gấp", "    text: In tờ gấp\n    ghi_chu: x", 17, "2", "$.tasks[1].ghi_chu", "unknown field 'ghi_chu'"),
        ('  - id: "2"', '  - id: "1"', 15, "1", "$.tasks[1].id", "appears twice"),
        ("schema: tgpl.plan/1", "schema: tgpl.plan/2", 1, "vi-du-2024", "$.schema", "schema must be 'tgpl.plan/1'"),
        ("period: Năm 2024", "period: sớm", 5, "vi-du-2024", "$.period", "not understood"),
        ("issuer: Sở Tư pháp", "issuer: ''", 4, "vi-du-2024", "$.issuer", "non-empty text"),
    ],
)
def test_a_problem_names_file_line_task_and_field(
    tmp_path: Path, old: str, new: str, line: int, record: str, path: str, message: str
) -> None:
    assert old in GOOD
    problems = _problems(tmp_path, GOOD.replace(old, new, 1))
    assert len(problems) == 1, problems
    (p,) = problems
    assert (p.source, p.line, p.record_id, p.path) == (str(tmp_path / "plan.yaml"), line, record, path)
    assert message in p.message
    assert str(p).startswith(f"{tmp_path / 'plan.yaml'}, line {line}, record {record!r}, field {path}: ")


def test_every_problem_of_a_file_is_collected_and_load_plan_raises_the_first(tmp_path: Path) -> None:
    text = GOOD.replace("Quý II năm 2024", "Quý V năm 2024").replace("to: 12", "to: 8").replace("issuer: Sở Tư pháp\n", "")
    path = _write(tmp_path, text)
    _, problems = read_plan(path)
    assert [p.path for p in problems] == ["$.issuer", "$.tasks[0].targets[0].to", "$.tasks[1].time_frame"]
    with pytest.raises(InvalidRecordError) as info:
        load_plan(path)
    assert info.value.path == "$.issuer"
    assert "2 more problem(s)" in "".join(info.value.__notes__)


@pytest.mark.parametrize(
    ("text", "name", "line", "message"),
    [
        ("schema: [unclosed\n", "plan.yaml", 2, "not valid YAML"),
        ('{"schema": "tgpl.plan/1",\n "id": }', "plan.json", 2, "not valid JSON"),
        ("- just\n- a list\n", "plan.yaml", 1, "one mapping"),
        ("schema: tgpl.plan/1\n", "plan.txt", None, "ends in .yaml"),
    ],
)
def test_unreadable_content_is_one_clear_problem(tmp_path: Path, text: str, name: str, line: int | None, message: str) -> None:
    (p,) = _problems(tmp_path, text, name)
    assert p.line == line
    assert message in p.message


def test_json_files_get_line_numbers_too(tmp_path: Path) -> None:
    data = yaml.safe_load(GOOD)
    data["tasks"][1]["time_frame"] = "Quý V năm 2024"
    (p,) = _problems(tmp_path, json.dumps(data, ensure_ascii=False, indent=2), "plan.json")
    text = json.dumps(data, ensure_ascii=False, indent=2).splitlines()
    assert "Quý V" in text[p.line - 1]  # type: ignore[operator]


# The schema and the loader agree on what is valid (the loader checks more: time frames, periods).
MUTATIONS: list[tuple[str, Any]] = [
    ("drop title", lambda d: d.pop("title")),
    ("drop tasks", lambda d: d.pop("tasks")),
    ("empty tasks", lambda d: d.update(tasks=[])),
    ("unknown key", lambda d: d.update(extra=1)),
    ("bad unit", lambda d: d.update(unit="24")),
    ("bad issued", lambda d: d.update(issued="02/2024")),
    ("target with two forms", lambda d: d["tasks"][0]["targets"][0].update(exactly=3)),
    ("target without a form", lambda d: [d["tasks"][0]["targets"][0].pop(k) for k in ("from", "to")]),
    ("bad measure", lambda d: d["tasks"][0]["targets"][0].update(measure="ratio")),
    ("note without text", lambda d: d["tasks"][1].update(progress=[{"date": "2024-05-01"}])),
    ("note with a bad status", lambda d: d["tasks"][1].update(progress=[{"date": "2024-05-01", "note": "x", "status": "done"}])),
    ("task without id", lambda d: d["tasks"][0].pop("id")),
]


@pytest.mark.parametrize(("name", "mutate"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_schema_and_loader_refuse_the_same_mutations(name: str, mutate: Any) -> None:
    data = copy.deepcopy(yaml.safe_load(GOOD))
    mutate(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
    _, problems = plan_from_data(data, source="mem")
    assert problems, name


def test_progress_notes_and_exact_values_are_read() -> None:
    data = yaml.safe_load(GOOD)
    data["tasks"][1]["progress"] = [{"date": "2024-05-01", "note": "Đã in", "status": "on_track"}]
    data["tasks"][1]["targets"] = [{"indicator": "outreach.leaflets", "label": "Số tờ gấp", "exactly": 2000}]
    jsonschema.validate(data, SCHEMA)
    plan, problems = plan_from_data(data)
    assert problems == []
    assert plan is not None
    task = plan.task("2")
    assert task.progress[0].status is not None
    assert task.progress[0].status.value == "on_track"
    assert (task.targets[0].minimum, task.targets[0].maximum, task.targets[0].planned_vi) == (2000, 2000, "2.000")


@settings(max_examples=60)
@given(plan_documents())
def test_generated_plan_documents_follow_the_schema_and_load(doc: dict[str, Any]) -> None:
    jsonschema.validate(doc, SCHEMA)
    plan, problems = plan_from_data(doc)
    assert problems == []
    assert plan is not None
    assert [t.id for t in plan.tasks] == [t["id"] for t in doc["tasks"]]
    for task, raw in zip(plan.tasks, doc["tasks"], strict=True):
        assert plan.period.start <= task.time_frame.start <= task.time_frame.end <= plan.period.end
        assert len(task.targets) == len(raw.get("targets", []))


@settings(max_examples=40)
@given(plans(max_tasks=3), st.dates(dt.date(2018, 1, 1), dt.date(2031, 12, 31)))
def test_every_generated_task_has_a_status_on_any_date(plan: Plan, day: dt.date) -> None:
    for task in plan.tasks:
        status = task_status(task, day, {t.indicator: 0 for t in task.targets})
        assert (status is TaskStatus.NOT_STARTED) == (day < task.time_frame.start)
