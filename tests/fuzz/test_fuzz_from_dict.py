"""Fuzzing ``from_dict``: any value in, a record or a typed error out — never anything else.

Every error is an :class:`~tgpl.errors.InvalidRecordError` (or its subclass
:class:`~tgpl.errors.UnknownCodeError`) whose field path starts with ``$`` and points at
the mutated field, one of its ancestors (a rule about the whole object) or one of its
descendants (a replaced object with bad contents); it names the record id whenever the
dict has a readable ``code``/``id``, and the line and source it was given. Messages stay
short however big the input (no 1 MB value is echoed back).
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from fuzz_strategies import POOL, Mutant, json_values, mutants, positions
from hypothesis import given
from hypothesis import strategies as st

from tgpl.errors import InvalidRecordError, UnknownCodeError, looks_like_code
from tgpl.io.converter import format_path
from tgpl.io.jsonl import from_dict, to_dict
from tgpl.io.records import RECORD_TYPES, Record

MAX_MESSAGE = 2_000


def readable_id(data: Any) -> str | None:
    if isinstance(data, dict):
        for key in ("code", "id"):
            value = data.get(key)
            if isinstance(value, str) and looks_like_code(value):
                return value
    return None


def related(err_path: str, where: tuple[str | int, ...]) -> bool:
    """Whether ``err_path`` is ``where``, an ancestor of it, or below it."""
    ancestors = {format_path(where[:i]) for i in range(len(where) + 1)}
    full = format_path(where)
    return err_path in ancestors or err_path.startswith((full + ".", full + "["))


def outcome(data: Any, *, line: int | None = 7, source: str | None = "fuzz.jsonl") -> Record | InvalidRecordError:
    """The record, or the typed error, checking the error's shape on the way."""
    try:
        return from_dict(data, line=line, source=source)
    except InvalidRecordError as caught:
        err = caught
    assert err.path.startswith("$"), err
    assert err.line == line
    assert err.source == source
    assert err.record_id == readable_id(data), err
    assert len(err.message) < MAX_MESSAGE, err.message[:300]
    assert len(str(err)) < 2 * MAX_MESSAGE
    return err


@given(json_values)
def test_any_json_value_is_a_record_or_a_typed_error(value: Any) -> None:
    result = outcome(value)
    if not isinstance(value, dict):
        assert isinstance(result, InvalidRecordError)
        assert result.path == "$"


@given(st.sampled_from(sorted(RECORD_TYPES)).flatmap(
    lambda tag: st.dictionaries(
        st.sampled_from(sorted(a.name for a in RECORD_TYPES[tag].__attrs_attrs__)) | st.text(max_size=4),
        json_values, max_size=6,
    ).map(lambda d: {"schema": tag, **d})
))
def test_random_fields_under_a_known_tag(data: dict[str, Any]) -> None:
    outcome(data)


@given(mutants())
def test_one_mutation_is_caught_where_it_happened(m: Mutant) -> None:
    if m.data is None:  # byte-level mutations are for the reader
        return
    result = outcome(m.data)
    if m.certain:
        assert isinstance(result, InvalidRecordError), (m.kind, m.path)
    if isinstance(result, InvalidRecordError):
        assert related(result.path, m.path), (result.path, m.kind, m.path)
        if m.kind == "near_miss":
            assert isinstance(result, UnknownCodeError)


# --- deterministic sweeps over every position ----------------------------------------------------

def _samples() -> list[Record]:
    """One record of every kind from the pool, and the pool's richest case."""
    out: dict[str, Record] = {}
    for r in POOL:
        out.setdefault(type(r).schema, r)
    richest = max((r for r in POOL if type(r).schema == "tgpl.case/1"), key=lambda r: len(positions(to_dict(r))))
    return [*out.values(), richest]


SAMPLES = _samples()


def _set(data: Any, path: tuple[str | int, ...], value: Any) -> Any:
    """A deep copy of ``data`` with the value at ``path`` replaced."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: (_set(v, rest, value) if k == head else v) for k, v in data.items()}
    return [(_set(v, rest, value) if i == head else v) for i, v in enumerate(data)]


@pytest.mark.parametrize("record", SAMPLES, ids=lambda r: f"{type(r).__name__}")
@pytest.mark.parametrize(
    "value",
    [None, True, 1, 1.0, -1, math.nan, math.inf, "", "x" * 1_000_000, [], {}, [[[[[]]]]], 2**80],
    ids=["null", "true", "int", "float", "negative", "nan", "inf", "empty", "1MB", "array", "object", "nested", "bigint"],
)
def test_every_position_with_every_kind_of_value(record: Record, value: Any) -> None:
    """null (and every other JSON kind) in every position of a record: typed errors only."""
    base = to_dict(record)
    for where in positions(base):
        result = outcome(_set(base, where, value))
        if isinstance(result, InvalidRecordError):
            assert related(result.path, where), (result.path, where)


@pytest.mark.parametrize(
    ("schema", "field", "value", "path"),
    [
        ("tgpl.reception/1", "persons", True, "$.persons"),  # a boolean is not an int
        ("tgpl.reception/1", "persons", 1.0, "$.persons"),  # nor is a float, even a whole one
        ("tgpl.reception/1", "persons", -1, "$.persons"),  # counts are never negative
        ("tgpl.reception/1", "persons", "5", "$.persons"),  # a string is not silently a number
        ("tgpl.training/1", "hours", math.nan, "$.hours"),
        ("tgpl.training/1", "hours", math.inf, "$.hours"),
        ("tgpl.training/1", "hours", -0.5, "$.hours"),
        ("tgpl.training/1", "hours", False, "$.hours"),
        ("tgpl.training/1", "organisation", 5, "$.organisation"),  # a number is not a string
        ("tgpl.training/1", "on", 20220301, "$.on"),
        ("tgpl.outreach/1", "leaflets", -3, "$.leaflets"),
        ("tgpl.mobile_trip/1", "communes", "xã Cao Kỳ", "$.communes"),
        ("tgpl.simple_answer/1", "field", "Civil", "$.field"),
        ("tgpl.simple_answer/1", "unit", "06", "$.unit"),
        ("tgpl.simple_answer/1", "unit", "2004:99", "$.unit"),
    ],
)
def test_wrong_types_name_their_field(schema: str, field: str, value: Any, path: str) -> None:
    base: dict[str, Any] = {"schema": schema, "id": "X.1", "on": "2022-03-01", "organisation": "TT", "unit": "2004:06"}
    if schema == "tgpl.outreach/1":
        base["commune"] = "xã Cao Kỳ"
    result = outcome({**base, field: value})
    assert isinstance(result, InvalidRecordError)
    assert result.path == path
    assert result.record_id == "X.1"


def test_a_huge_record_id_is_not_echoed() -> None:
    data = to_dict(SAMPLES[0])
    data["code" if "code" in data else "id"] = "Đ" * 1_000_000
    data["schema"] = "tgpl.nope/1"
    result = outcome(data)
    assert isinstance(result, UnknownCodeError)
    assert result.record_id is None
