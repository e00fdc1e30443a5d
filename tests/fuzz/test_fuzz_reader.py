"""Fuzzing the JSON Lines reader: broken lines never cost a valid record.

Generated files interleave N valid records with M mutated or garbage lines (plus blank
lines, a BOM, CRLF endings and a missing last newline). In collect mode the reader must
yield exactly the valid records, in order, and report exactly the bad lines — each error
a :class:`~tgpl.errors.InvalidRecordError` naming its 1-based line, the record id when
one is readable and a ``$`` field path. In strict mode it yields the records before the
first bad line and raises that line's error. Both JSON backends are exercised (orjson
when installed, and the stdlib fallback).

The oracle for a mutated or garbage line parses that line alone (the active backend,
then :func:`tgpl.io.from_dict`); lines the strategies mark as *certainly* invalid must
be refused by that oracle as well.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from fuzz_strategies import BACKENDS, FuzzFile, backend, jsonl_files
from hypothesis import given

from tgpl.domain import Case
from tgpl.errors import InvalidRecordError, looks_like_code
from tgpl.io.jsonl import from_dict, read_jsonl
from tgpl.io.records import Record
from tgpl.rules.validation import validate_cases

BOM = b"\xef\xbb\xbf"
SOURCE = "fuzz.jsonl"
DEFAULT = "orjson" if "orjson" in BACKENDS else "json"

def readable_id(data: Any) -> str | None:
    """The record id a reader can be expected to name: the case code, else the activity id."""
    if isinstance(data, dict):
        for key in ("code", "id"):
            value = data.get(key)
            if isinstance(value, str) and looks_like_code(value):
                return value
    return None


class Expected:
    """What the reader must produce for a generated file, line by line."""

    def __init__(self, f: FuzzFile, loads: Callable[[bytes | str], Any]) -> None:
        self.records: list[Record] = []
        self.record_lines: list[int] = []
        self.bad: dict[int, str | None] = {}  # line → the record id the error must name
        self.original_ids: dict[int, str] = {}  # line → id of the record a mutant came from
        for n, line in enumerate(f.lines, start=1):
            if line.kind == "blank":
                continue
            if line.kind == "valid":
                assert line.record is not None
                self.records.append(line.record)
                self.record_lines.append(n)
                continue
            raw = line.content.removeprefix(BOM) if n == 1 and f.bom is False else line.content
            ok, data, record = self._parse(raw, loads)
            if line.kind == "garbage" or (line.mutant is not None and line.mutant.certain):
                assert not ok, f"line {n} was meant to be invalid: {line.content[:200]!r}"
            if ok:
                assert record is not None
                self.records.append(record)
                self.record_lines.append(n)
            else:
                self.bad[n] = readable_id(data)
                m = line.mutant
                if (m is not None and m.original is not None and isinstance(data, dict)
                        and (not m.path or m.path[0] not in ("code", "id"))):
                    self.original_ids[n] = m.original.id

    @staticmethod
    def _parse(raw: bytes, loads: Callable[[bytes | str], Any]) -> tuple[bool, Any, Record | None]:
        try:
            data = loads(raw)
        except ValueError:
            return False, None, None
        try:
            return True, data, from_dict(data)
        except InvalidRecordError:
            return False, data, None


def _check_errors(errors: list[InvalidRecordError], exp: Expected) -> None:
    assert [e.line for e in errors] == sorted(exp.bad)
    for err in errors:
        assert isinstance(err, InvalidRecordError)
        assert err.line is not None
        assert err.source == SOURCE
        assert err.path.startswith("$"), err
        assert err.record_id == exp.bad[err.line], err
        if err.line in exp.original_ids:
            assert err.record_id == exp.original_ids[err.line], err
        assert len(err.message) < 2_000
        assert f"line {err.line}" in str(err)


@pytest.mark.parametrize("name", sorted(BACKENDS))
@given(f=jsonl_files())
def test_collect_mode_keeps_every_valid_record(name: str, f: FuzzFile) -> None:
    with backend(name) as loads:
        exp = Expected(f, loads)
        stream = read_jsonl(io.BytesIO(f.data), source=SOURCE)
        got = list(stream)
    assert got == exp.records
    _check_errors(stream.errors, exp)
    assert stream.records == len(exp.records)
    assert stream.lines == f.data.count(b"\n") + (0 if f.data.endswith(b"\n") or not f.data else 1)
    # What the reader yields is fit for the validators: they run without raising.
    validate_cases(r for r in got if isinstance(r, Case))


@given(f=jsonl_files(max_valid=3, max_bad=3))
def test_strict_mode_raises_the_first_error_after_the_records_before_it(f: FuzzFile) -> None:
    """Strict mode with the installed backend (the bookkeeping does not depend on it)."""
    with backend(DEFAULT) as loads:
        exp = Expected(f, loads)
        got: list[Record] = []
        stream = read_jsonl(io.BytesIO(f.data), strict=True, source=SOURCE)
        if not exp.bad:
            got.extend(stream)
            assert got == exp.records
            return
        first = min(exp.bad)
        with pytest.raises(InvalidRecordError) as info:
            got.extend(stream)
    assert info.value.line == first
    assert info.value.record_id == exp.bad[first]
    assert info.value.path.startswith("$")
    before = [r for r, n in zip(exp.records, exp.record_lines, strict=True) if n < first]
    assert got == before
    assert list(stream) == []  # the stream is finished after the error


@given(f=jsonl_files(max_valid=3, max_bad=3))
def test_text_streams_read_like_bytes(f: FuzzFile) -> None:
    """A text stream (``io.StringIO``, no underlying bytes) gives the same records and error lines."""
    try:
        text = f.data.decode("utf-8")
    except UnicodeDecodeError:
        text = f.data.decode("utf-8", errors="replace")
    from_bytes = read_jsonl(io.BytesIO(text.encode("utf-8")), source=SOURCE)
    records = list(from_bytes)
    from_text = read_jsonl(io.StringIO(text, newline="\n"), source=SOURCE)
    assert list(from_text) == records
    assert [e.line for e in from_text.errors] == [e.line for e in from_bytes.errors]
    assert [e.path for e in from_text.errors] == [e.path for e in from_bytes.errors]
