"""JSON Lines reading and writing: tags, streaming, and errors that say where."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from demo_io import demo_case

from tgpl.domain import Case, Reception, UnitRef, UnitScheme
from tgpl.errors import InvalidRecordError, UnknownCodeError
from tgpl.io import codec
from tgpl.io.jsonl import RecordStream, from_dict, read_jsonl, to_dict, write_jsonl
from tgpl.io.records import RECORD_TYPES, kind_of, record_id_of


def _line(d: dict[str, Any]) -> bytes:
    return codec.dumps(d) + b"\n"


def _read(data: bytes, **kw: Any) -> tuple[list[Any], RecordStream]:
    stream = read_jsonl(io.BytesIO(data), source="test.jsonl", **kw)
    return list(stream), stream


def test_schema_tags_are_the_classvars() -> None:
    assert set(RECORD_TYPES) == {
        "tgpl.case/1", "tgpl.simple_answer/1", "tgpl.reception/1", "tgpl.outreach/1",
        "tgpl.mobile_trip/1", "tgpl.training/1", "tgpl.duty_shift/1", "tgpl.council_activity/1",
    }
    for tag, cls in RECORD_TYPES.items():
        assert cls.schema == tag
    assert kind_of("tgpl.case/1") == "case"


def test_to_dict_puts_the_schema_first() -> None:
    d = to_dict(demo_case(1))
    assert next(iter(d)) == "schema"
    assert d["schema"] == "tgpl.case/1"


def test_to_dict_refuses_a_non_record() -> None:
    with pytest.raises(TypeError):
        to_dict(demo_case(1).beneficiaries[0])  # type: ignore[arg-type]


def test_from_dict_unknown_and_missing_schema() -> None:
    d = to_dict(demo_case(1))
    d["schema"] = "tgpl.case/9"
    with pytest.raises(UnknownCodeError) as info:
        from_dict(d, line=7)
    assert info.value.path == "$.schema"
    assert info.value.line == 7
    assert info.value.record_id == "TT.TV.02.2021"
    del d["schema"]
    with pytest.raises(InvalidRecordError) as info2:
        from_dict(d)
    assert info2.value.path == "$.schema"


def test_record_id_of() -> None:
    assert record_id_of({"code": "TT.TV.01.2022"}) == "TT.TV.01.2022"
    assert record_id_of({"id": "A-1"}) == "A-1"
    assert record_id_of({"code": 5}) is None
    assert record_id_of([1]) is None


def test_write_and_read_a_path(tmp_path: Path) -> None:
    records = [demo_case(i) for i in range(5)] + [
        Reception(id="R1", on=demo_case(0).events[0].on.date(), organisation="o",
                  unit=UnitRef(UnitScheme.P2004, "06"), persons=3)
    ]
    path = tmp_path / "records.jsonl"
    assert write_jsonl(records, path) == 6
    assert path.read_bytes().count(b"\n") == 6
    with read_jsonl(path) as stream:
        assert list(stream) == records
    assert stream.errors == []
    assert stream.lines == 6
    assert stream.records == 6


def test_write_to_a_text_file_and_vietnamese_stays_readable() -> None:
    buf = io.StringIO()
    write_jsonl([demo_case(1)], buf)
    assert "Nguyễn Văn" in buf.getvalue()
    buf.seek(0)
    assert list(read_jsonl(buf)) == [demo_case(1)]


def test_writer_can_drop_personal_data(tmp_path: Path) -> None:
    path = tmp_path / "public.jsonl"
    write_jsonl([demo_case(1)], path, include_sensitive=False)
    text = path.read_text(encoding="utf-8")
    assert "Nguyễn" not in text
    assert '"name"' not in text
    (case,) = list(read_jsonl(path))
    assert isinstance(case, Case)
    assert all(b.name is None for b in case.beneficiaries)


def test_bad_lines_give_errors_and_the_rest_is_read() -> None:
    good = [to_dict(demo_case(i)) for i in range(3)]
    data = b"".join([
        _line(good[0]),                       # 1
        b"\n",                                # 2 blank: skipped silently
        b"   \t\r\n",                         # 3 blank: skipped silently
        b'{"schema": "tgpl.case/1", "code": \n',  # 4 bad JSON
        b"[1, 2, 3]\n",                       # 5 not an object
        b'{"schema": "tgpl.case/1", "code": "TT.TV.01.2022", "x": "\xff\xfe"}\n',  # 6 invalid UTF-8
        _line(good[1]),                       # 7
        b'{"schema": "tgpl.nope/1", "id": "N1"}\n',  # 8 unknown schema
        _line(good[2])[:-20],                 # 9 truncated last line, no newline
    ])
    records, stream = _read(data)
    assert records == [demo_case(0), demo_case(1)]
    assert [e.line for e in stream.errors] == [4, 5, 6, 8, 9]
    assert all(e.source == "test.jsonl" for e in stream.errors)
    by_line = {e.line: e for e in stream.errors}
    assert "not valid JSON" in by_line[4].message
    assert "JSON object" in by_line[5].message
    assert "UTF-8" in by_line[6].message
    assert isinstance(by_line[8], UnknownCodeError)
    assert by_line[8].record_id == "N1"
    assert by_line[8].path == "$.schema"
    assert "truncated" in by_line[9].message
    assert stream.lines == 9


def test_strict_mode_raises_at_the_first_problem() -> None:
    data = _line(to_dict(demo_case(0))) + b"{oops\n" + _line(to_dict(demo_case(1)))
    stream = read_jsonl(io.BytesIO(data), strict=True)
    assert next(stream) == demo_case(0)
    with pytest.raises(InvalidRecordError) as info:
        next(stream)
    assert info.value.line == 2


def test_byte_order_mark_is_ignored() -> None:
    records, stream = _read(b"\xef\xbb\xbf" + _line(to_dict(demo_case(0))))
    assert records == [demo_case(0)]
    assert stream.errors == []


def test_error_text_names_file_line_record_and_field() -> None:
    d = to_dict(demo_case(3))
    d["beneficiaries"][0]["sex"] = "nam"
    _, stream = _read(_line(d))
    (err,) = stream.errors
    assert str(err).startswith("test.jsonl, line 1, record 'TT.TGTT.04.2023', field $.beneficiaries[0].sex: ")
    assert "Nguyễn" not in str(err)


class _CountingLines:
    """A binary 'file' that counts how many lines were pulled from it."""

    def __init__(self, lines: list[bytes]) -> None:
        self.lines = lines
        self.pulled = 0
        self.name = "counting.jsonl"

    def __iter__(self) -> Iterator[bytes]:
        for line in self.lines:
            self.pulled += 1
            yield line


def test_reading_streams_line_by_line() -> None:
    src = _CountingLines([_line(to_dict(demo_case(i))) for i in range(100)])
    stream = read_jsonl(src)  # type: ignore[arg-type]
    assert src.pulled == 0  # nothing read before iteration starts
    assert next(stream) == demo_case(0)
    assert src.pulled == 1
    assert stream.source == "counting.jsonl"
    stream.close()


def test_stdlib_fallback_refuses_nan_and_invalid_utf8() -> None:
    with pytest.raises(ValueError):
        codec.stdlib_loads(b'{"a": NaN}')
    with pytest.raises(ValueError):
        codec.stdlib_loads(b'{"a": "\xff"}')
    assert codec.stdlib_loads(codec.stdlib_dumps({"a": "Đắk Lắk"})) == {"a": "Đắk Lắk"}
    assert codec.BACKEND in {"orjson", "json"}


def test_acceptance_10000_cases_and_one_bad_field(tmp_path: Path) -> None:
    """10,000 valid cases with one malformed line in the middle: 10,000 cases, one precise error."""
    path = tmp_path / "big.jsonl"
    bad_index = 5000
    bad = to_dict(demo_case(bad_index))
    bad_event = 2
    bad["events"][bad_event]["on"] = "2022-13-45"
    with path.open("wb") as fh:
        for i in range(10_000):
            if i == bad_index:
                fh.write(_line(bad))
            fh.write(_line(to_dict(demo_case(i))))
    stream = read_jsonl(path)
    n = sum(1 for _ in stream)
    assert n == 10_000
    assert len(stream.errors) == 1
    (err,) = stream.errors
    assert err.line == bad_index + 1
    assert err.path == f"$.events[{bad_event}].on"
    assert err.record_id == str(demo_case(bad_index).code)
    assert err.source == str(path)
    assert "2022-13-45" in err.message


def test_stdlib_fallback_when_orjson_is_missing(tmp_path: Path) -> None:
    """Without orjson (tgpl[fast] not installed) the same files are written and read."""
    script = f"""
import sys
sys.modules["orjson"] = None  # makes "import orjson" fail
sys.path.insert(0, {str(Path(__file__).parent)!r})
from demo_io import demo_case
from tgpl.io import codec, read_jsonl, write_jsonl
assert codec.BACKEND == "json", codec.BACKEND
path = {str(tmp_path / "fallback.jsonl")!r}
write_jsonl([demo_case(i) for i in range(20)], path)
with open(path, "ab") as fh:
    fh.write(b'{{"schema": "tgpl.case/1", "code": "TT.TV.01.2022", "x": "\\xff"}}\\n{{"a": NaN}}\\n')
stream = read_jsonl(path)
assert list(stream) == [demo_case(i) for i in range(20)]
assert [e.line for e in stream.errors] == [21, 22], stream.errors
assert "UTF-8" in stream.errors[0].message
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
    # Both backends write byte-identical files.
    write_jsonl([demo_case(i) for i in range(20)], tmp_path / "fast.jsonl")
    assert (tmp_path / "fast.jsonl").read_bytes() == (tmp_path / "fallback.jsonl").read_bytes()[
        : len((tmp_path / "fast.jsonl").read_bytes())
    ]
