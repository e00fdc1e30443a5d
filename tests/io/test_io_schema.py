"""JSON Schemas: generated from the types, shipped in docs/schema, and matching what we write."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest
from demo_io import demo_case
from hypothesis import given
from strategies_io import activities, cases

from tgpl.domain import EVENT_TYPES, Case, Group, Sex
from tgpl.io.jsonl import to_dict
from tgpl.io.records import RECORD_TYPES
from tgpl.io.schema import DRAFT, SENSITIVE_KEYWORD, generate_schemas, json_schema, main, render

SHIPPED = Path(__file__).resolve().parents[2] / "docs" / "schema"
SCHEMAS = generate_schemas()


def test_shipped_schemas_match_the_types() -> None:
    """Fails when a domain type changed and ``python -m tgpl.io.schema docs/schema`` was not run."""
    # plan.json is the plan file schema, generated and checked by tgpl.planning (tests/planning).
    shipped = {p.name for p in SHIPPED.glob("*.json")} - {"plan.json", "tgv_quota.json"}
    assert shipped == set(SCHEMAS), "run: python -m tgpl.io.schema docs/schema"
    for name, schema in SCHEMAS.items():
        assert (SHIPPED / name).read_text(encoding="utf-8") == render(schema), (
            f"docs/schema/{name} is stale; run: python -m tgpl.io.schema docs/schema"
        )


def test_main_writes_the_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(SCHEMAS)
    assert main([]) == 2
    capsys.readouterr()


def test_schema_is_derived_from_the_types() -> None:
    s = json_schema(Case)
    assert s["$schema"] == DRAFT
    assert s["properties"]["schema"] == {"const": "tgpl.case/1"}
    assert s["required"] == ["schema", "code", "organisation", "unit", "form", "field", "beneficiaries"]
    ben = s["$defs"]["Beneficiary"]
    assert s["$defs"]["Sex"]["enum"] == [m.value for m in Sex]
    assert ben["properties"]["groups"]["items"] == {"$ref": "#/$defs/Group"}
    assert s["$defs"]["Group"]["enum"] == [m.value for m in Group]
    assert ben["properties"]["name"][SENSITIVE_KEYWORD] is True
    assert ben["properties"]["ethnic_minority"]["default"] == "unknown"
    events = s["$defs"]["Event"]["oneOf"]
    assert len(events) == len(EVENT_TYPES)
    tags = {s["$defs"][e["$ref"].rsplit("/", 1)[1]]["properties"]["type"]["const"] for e in events}
    assert tags == set(EVENT_TYPES)
    reception = json_schema(RECORD_TYPES["tgpl.reception/1"])
    assert reception["properties"]["persons"] == {"type": "integer", "minimum": 0, "maximum": 100_000, "default": 1}


# --- a small validator for the keywords the generated schemas use ---------------------------

_TYPES: dict[str, Any] = {
    "object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
}


def _errors(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "$") -> list[str]:
    if "$ref" in schema:
        return _errors(value, root["$defs"][schema["$ref"].rsplit("/", 1)[1]], root, path)
    out: list[str] = []
    t = schema.get("type")
    if t == "integer":
        if not (isinstance(value, int) and not isinstance(value, bool)):
            return [f"{path}: not an integer"]
    elif t == "number":
        if not (isinstance(value, int | float) and not isinstance(value, bool)):
            return [f"{path}: not a number"]
    elif t is not None and not isinstance(value, _TYPES[t]):
        return [f"{path}: not {t}"]
    if "const" in schema and value != schema["const"]:
        out.append(f"{path}: not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{path}: {value!r} not in enum")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        out.append(f"{path}: does not match pattern")
    if "minimum" in schema and value < schema["minimum"]:
        out.append(f"{path}: below minimum")
    if "anyOf" in schema and all(_errors(value, s, root, path) for s in schema["anyOf"]):
        out.append(f"{path}: matches no anyOf branch")
    if "oneOf" in schema and sum(not _errors(value, s, root, path) for s in schema["oneOf"]) != 1:
        out.append(f"{path}: does not match exactly one oneOf branch")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        out += [f"{path}.{k}: required" for k in schema.get("required", []) if k not in value]
        for k, v in value.items():
            if k in props:
                out += _errors(v, props[k], root, f"{path}.{k}")
            elif schema.get("additionalProperties") is False:
                out.append(f"{path}.{k}: not allowed")
            elif isinstance(schema.get("additionalProperties"), dict):
                out += _errors(v, schema["additionalProperties"], root, f"{path}.{k}")
    if isinstance(value, list) and "items" in schema:
        for i, v in enumerate(value):
            out += _errors(v, schema["items"], root, f"{path}[{i}]")
        if schema.get("uniqueItems") and len({json.dumps(v) for v in value}) != len(value):
            out.append(f"{path}: items not unique")
    return out


def _schema_for(record: Any) -> dict[str, Any]:
    return SCHEMAS[f"{type(record).schema.removeprefix('tgpl.').split('/')[0]}.json"]


@given(cases())
def test_written_cases_conform_to_the_schema(case: Case) -> None:
    d = json.loads(json.dumps(to_dict(case)))
    assert _errors(d, _schema_for(case), _schema_for(case)) == []


@given(activities)
def test_written_activities_conform_to_the_schema(activity: Any) -> None:
    d = json.loads(json.dumps(to_dict(activity)))
    assert _errors(d, _schema_for(activity), _schema_for(activity)) == []


def test_mini_validator_catches_a_bad_record() -> None:
    d = to_dict(demo_case(0))
    d["beneficiaries"][0]["sex"] = "nam"
    d["events"][0]["type"] = "nope"
    d["extra"] = 1
    errs = _errors(d, SCHEMAS["case.json"], SCHEMAS["case.json"])
    assert any(e.startswith("$.beneficiaries[0].sex") for e in errs)
    assert any(e.startswith("$.events[0]") for e in errs)
    assert "$.extra: not allowed" in errs


@pytest.mark.skipif(importlib.util.find_spec("jsonschema") is None, reason="jsonschema is not installed")
def test_sample_record_validates_with_jsonschema() -> None:
    import jsonschema  # type: ignore[import-untyped,import-not-found,unused-ignore]

    for record in (demo_case(0), demo_case(1), demo_case(2)):
        schema = _schema_for(record)
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.Draft202012Validator(schema).validate(to_dict(record))
