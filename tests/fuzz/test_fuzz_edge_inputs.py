"""Hostile files, one kind at a time: what the reader makes of each, on both JSON backends.

Each case puts the hostile line between valid records and checks that the valid records
come through unchanged and that the error names the right line, the record id (when
readable) and a ``$`` field path — with a message that stays short whatever the input.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from fuzz_strategies import BACKENDS, BAD_DATES, CASE_POOL, OUT_OF_RANGE_MOMENTS, POOL, backend

from tgpl.domain import VN_TZ, Case, Reception
from tgpl.errors import InvalidRecordError, UnknownCodeError
from tgpl.io import codec
from tgpl.io.jsonl import RecordStream, read_jsonl, to_dict
from tgpl.io.records import Record

SOURCE = "hostile.jsonl"
CASE = CASE_POOL[0]
ACTIVITY = next(r for r in POOL if isinstance(r, Reception))


@pytest.fixture(params=sorted(BACKENDS))
def loads_backend(request: pytest.FixtureRequest) -> Iterator[str]:
    with backend(request.param):
        yield request.param


def line(record: Record, **changes: Any) -> bytes:
    return codec.stdlib_dumps({**to_dict(record), **changes})


def read(data: bytes) -> tuple[list[Record], RecordStream]:
    stream = read_jsonl(io.BytesIO(data), source=SOURCE)
    return list(stream), stream


def only_error(stream: RecordStream) -> InvalidRecordError:
    assert len(stream.errors) == 1, stream.errors
    err = stream.errors[0]
    assert isinstance(err, InvalidRecordError)
    assert err.source == SOURCE
    assert err.path.startswith("$")
    assert len(str(err)) < 2_000
    return err


def sandwich(bad: bytes) -> bytes:
    """A valid case, the hostile line, a valid activity."""
    return line(CASE) + b"\n" + bad + b"\n" + line(ACTIVITY) + b"\n"


# --- whole files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "lines"),
    [(b"", 0), (b"   ", 1), (b"\n\n\n", 3), (b" \t \r\n\t\n", 2), (b"\xef\xbb\xbf", 1), (b"\xef\xbb\xbf\n \n", 2)],
    ids=["empty", "spaces", "newlines", "whitespace-crlf", "bom-only", "bom-blank"],
)
def test_empty_and_blank_files_have_no_records_and_no_errors(loads_backend: str, data: bytes, lines: int) -> None:
    records, stream = read(data)
    assert records == []
    assert stream.errors == []
    assert stream.lines == lines


def test_bom_and_crlf(loads_backend: str) -> None:
    data = b"\xef\xbb\xbf" + line(CASE) + b"\r\n" + line(ACTIVITY) + b"\r\n"
    records, stream = read(data)
    assert records == [CASE, ACTIVITY]
    assert stream.errors == []


def test_a_bom_in_the_middle_is_an_error_on_its_line(loads_backend: str) -> None:
    records, stream = read(sandwich(b"\xef\xbb\xbf" + line(CASE)))
    assert records == [CASE, ACTIVITY]
    assert only_error(stream).line == 2


@pytest.mark.parametrize(
    "bad",
    [b"\x00", line(ACTIVITY)[:20] + b"\x00" + line(ACTIVITY)[20:], b'{"schema":"tgpl.case/1",\x00}'],
    ids=["nul-alone", "nul-inside-a-string", "nul-between-tokens"],
)
def test_a_nul_byte(loads_backend: str, bad: bytes) -> None:
    records, stream = read(sandwich(bad))
    assert records == [CASE, ACTIVITY]
    assert only_error(stream).line == 2


@pytest.mark.parametrize(
    "bad",
    [b"\xff", line(ACTIVITY).replace(b"TT", b"T\xffT", 1), b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf"],
    ids=["ff", "ff-inside", "bad-continuation", "encoded-surrogate", "beyond-unicode", "overlong"],
)
def test_bad_utf8_inside_a_line(loads_backend: str, bad: bytes) -> None:
    records, stream = read(sandwich(bad))
    assert records == [CASE, ACTIVITY]
    err = only_error(stream)
    assert err.line == 2
    assert err.path == "$"
    assert "UTF-8" in err.message


def test_a_truncated_last_line(loads_backend: str) -> None:
    whole = line(CASE)
    data = line(ACTIVITY) + b"\n" + whole[: len(whole) // 2]
    records, stream = read(data)
    assert records == [ACTIVITY]
    err = only_error(stream)
    assert err.line == 2
    assert "truncated" in err.message


@pytest.mark.parametrize("where", ["line", "field"])
def test_ten_thousand_nested_arrays(loads_backend: str, where: str) -> None:
    nested = b"[" * 10_000 + b"]" * 10_000
    bad = nested if where == "line" else b'{"schema":"tgpl.reception/1","id":"R.9","persons":' + nested + b"}"
    records, stream = read(sandwich(bad))
    assert records == [CASE, ACTIVITY]
    assert only_error(stream).line == 2


def test_lone_surrogate_escapes_are_refused_by_both_backends(loads_backend: str) -> None:
    records, stream = read(sandwich(line(ACTIVITY)[:-1] + b',"organisation":"\\ud800"}'))
    assert records == [CASE, ACTIVITY]
    assert only_error(stream).line == 2


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity", b"1e400"])
def test_non_finite_numbers(loads_backend: str, literal: bytes) -> None:
    bad = line(ACTIVITY)[:-1] + b',"persons":' + literal + b"}"
    records, stream = read(sandwich(bad))
    assert records == [CASE, ACTIVITY]
    err = only_error(stream)
    assert err.line == 2
    if literal == b"1e400" and loads_backend == "json":  # parsed as inf, refused as a count
        assert err.path == "$.persons"


# --- huge input ----------------------------------------------------------------------------------

MB = 1_000_000


def test_a_one_megabyte_free_text_field_is_kept(loads_backend: str) -> None:
    big = Reception(id=ACTIVITY.id, on=ACTIVITY.on, organisation="Trung tâm TGPL " * (MB // 15), unit=ACTIVITY.unit)
    records, stream = read(sandwich(line(big)))
    assert records == [CASE, big, ACTIVITY]
    assert stream.errors == []


@pytest.mark.parametrize(
    ("field", "path"),
    [("on", "$.on"), ("unit", "$.unit"), ("persons", "$.persons"), ("schema", "$.schema")],
)
def test_a_one_megabyte_bad_value_makes_a_short_error(loads_backend: str, field: str, path: str) -> None:
    records, stream = read(sandwich(line(ACTIVITY, **{field: "2" * MB})))
    assert records == [CASE, ACTIVITY]
    err = only_error(stream)
    assert (err.line, err.path, err.record_id) == (2, path, ACTIVITY.id)


def test_a_one_megabyte_file_code_and_key(loads_backend: str) -> None:
    records, stream = read(sandwich(line(CASE, code="TT." * (MB // 3))) + line(ACTIVITY, **{"k" * MB: 1}) + b"\n")
    assert records == [CASE, ACTIVITY]
    assert [e.line for e in stream.errors] == [2, 4]
    code_err, key_err = stream.errors
    assert code_err.path == "$.code"
    assert code_err.record_id is None  # too long to be an id
    assert key_err.record_id == ACTIVITY.id
    assert key_err.path == "$[<a text of 1,000,000 characters>]"  # described, never quoted
    assert all(len(str(e)) < 2_000 for e in stream.errors)


def test_an_extremely_long_line(loads_backend: str) -> None:
    long_line = b'"' + "Đ".encode() * (4 * MB) + b'"'  # 8 MB: a string, not an object
    records, stream = read(sandwich(long_line))
    assert records == [CASE, ACTIVITY]
    assert only_error(stream).line == 2


# --- dates and times -----------------------------------------------------------------------------


def _event_on(value: str) -> bytes:
    d = to_dict(CASE)
    d["events"][1]["on"] = value
    return codec.stdlib_dumps(d)


@pytest.mark.parametrize("value", BAD_DATES)
def test_impossible_event_moments(loads_backend: str, value: str) -> None:
    records, stream = read(sandwich(_event_on(value)))
    assert records == [CASE, ACTIVITY]
    err = only_error(stream)
    assert (err.line, err.path, err.record_id) == (2, "$.events[1].on", CASE.id)


@pytest.mark.parametrize("value", ["2022-02-30", "2022-13-01", "0000-01-01", "2022-03-01T08:00", "", "20220230"])
def test_impossible_activity_dates(loads_backend: str, value: str) -> None:
    records, stream = read(sandwich(line(ACTIVITY, on=value)))
    assert records == [CASE, ACTIVITY]
    err = only_error(stream)
    assert (err.line, err.path, err.record_id) == (2, "$.on", ACTIVITY.id)


@pytest.mark.parametrize("value", OUT_OF_RANGE_MOMENTS)
def test_moments_outside_the_datetime_range_are_refused_on_read(loads_backend: str, value: str) -> None:
    """Year 1 or 9999 in an offset whose Vietnam time or UTC instant does not exist."""
    records, stream = read(sandwich(_event_on(value)))
    assert records == [CASE, ACTIVITY]
    assert only_error(stream).path == "$.events[1].on"


@pytest.mark.parametrize(
    ("text", "hour"),
    [("2022-03-01T08:30:00", 8), ("2022-03-01 08:30", 8), ("2022-03-01", 0), ("0001-01-01T00:00:00+07:00", 0),
     ("9999-12-31T23:59:59", 23)],
)
def test_times_without_offsets_are_vietnam_time(loads_backend: str, text: str, hour: int) -> None:
    records, stream = read(_event_on(text) + b"\n")
    assert stream.errors == []
    (case,) = records
    assert isinstance(case, Case)
    on = case.events[1].on
    assert on.utcoffset() == VN_TZ.utcoffset(None)
    assert on.hour == hour


# --- strict mode ---------------------------------------------------------------------------------


def test_strict_mode_stops_at_the_first_bad_line(loads_backend: str) -> None:
    data = sandwich(b"\xff") + b"{}\n"
    stream = read_jsonl(io.BytesIO(data), strict=True, source=SOURCE)
    assert next(stream) == CASE
    with pytest.raises(InvalidRecordError) as info:
        next(stream)
    assert info.value.line == 2
    assert list(stream) == []


def test_unknown_codes_are_unknown_code_errors(loads_backend: str) -> None:
    data = sandwich(line(CASE, form="Litigation")) + line(CASE, form="litigation ") + b"\n"
    records, stream = read(data)
    assert records == [CASE, ACTIVITY]
    assert [type(e) for e in stream.errors] == [UnknownCodeError, UnknownCodeError]
    assert [(e.line, e.path) for e in stream.errors] == [(2, "$.form"), (4, "$.form")]
