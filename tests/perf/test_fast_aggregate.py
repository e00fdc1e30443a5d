"""The fast aggregation path equals the typed path, tally for tally and error for error.

Reference: :func:`tgpl.integrations.parallel.aggregate_files_parallel` on one process —
``read_jsonl`` in collect mode, then :func:`tgpl.reporting.aggregate` record by record.
No timing is asserted here (benchmarks do that, see docs/performance.md).
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tgpl.demo import DEMO_PROVINCE, generate
from tgpl.errors import InvalidRecordError
from tgpl.integrations import fast
from tgpl.integrations.fast import UNSUPPORTED, aggregate_jsonl_fast, plainly_valid, run_fast
from tgpl.integrations.parallel import aggregate_files_parallel
from tgpl.io import to_dict
from tgpl.reporting import UnitMode, Window, half, quarter, year
from tgpl.reporting.windows import custom

WINDOWS: tuple[Window, ...] = (
    year(2021), year(2022), half(2022, 1), quarter(2022, 3), custom(dt.date(2021, 6, 15), dt.date(2022, 2, 10)),
)


def _records(seed: int, *, activities: bool = True, cases_per_year: int = 30) -> list[dict[str, Any]]:
    recs = generate(
        seed=seed, province=DEMO_PROVINCE, start=dt.date(2021, 6, 1), end=dt.date(2022, 12, 31),
        cases_per_year=cases_per_year, activities=activities,
    )
    return [to_dict(r) for r in recs]


def _write(path: Path, lines: Sequence[bytes]) -> None:
    path.write_bytes(b"".join(lines))


def _lines(records: Sequence[Any]) -> list[bytes]:
    return [orjson.dumps(r) + b"\n" for r in records]


def _facts(errors: Sequence[InvalidRecordError]) -> list[tuple[object, ...]]:
    return [(type(e), e.message, e.record_id, e.path, e.line, e.source) for e in errors]


def _assert_same(path: Path, windows: Sequence[Window], **kw: Any) -> None:
    typed = aggregate_files_parallel([path], windows, processes=1, **kw)
    tallies, errors = aggregate_jsonl_fast([path], windows, **kw)
    assert set(tallies) == set(typed)
    for w in typed:
        assert tallies[w] == typed[w], w
    assert _facts(errors) == _facts(typed.errors)


@contextlib.contextmanager
def _checker(*, compiled: bool, scanner: bool = False) -> Iterator[None]:
    """Run the fast path line by line with the compiled checker (if installed) or with the
    dict checker only; with ``scanner``, lines go through the compiled line scanner first."""
    before = fast.USE_COMPILED, fast.USE_SCANNER
    fast.USE_COMPILED = compiled
    fast.USE_SCANNER = scanner
    try:
        yield
    finally:
        fast.USE_COMPILED, fast.USE_SCANNER = before


# -- mutations ------------------------------------------------------------------------------------

NASTY: tuple[object, ...] = (
    None, True, False, 0, -1, 7, 99, 2300, 1.5, "", "x", "unknown", "2022-02-30", "2022-03-01",
    "2021-06-01T08:00:00", "2021-06-01T23:30:00+00:00", "2022-13-01T08:00:00+07:00", "2004:99",
    "2004:06", "TT.TV.00.2021", "not_continued", "completed", "appraisal_recorded", "ended",
    "accepted", [], {}, ["cl2_poor_household", "zz"], {"1a": 3},
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


def _mutate(record: dict[str, Any], choice: int, action: int, value: object) -> dict[str, Any]:
    rec = copy.deepcopy(record)
    paths = [p for p in _paths(rec) if p]
    target = paths[choice % len(paths)]
    parent: Any = rec
    for part in target[:-1]:
        parent = parent[part]
    last = target[-1]
    if action == 0 and isinstance(parent, dict):
        del parent[last]
    elif action == 1 and isinstance(parent, dict):
        parent["unexpected_field"] = value
    elif action == 2 and isinstance(parent, list) and len(parent) > 1:
        parent.insert(0, parent.pop())  # move the last item first (e.g. an end before acceptance)
    elif action == 3 and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))  # duplicate an item (two ends, two beneficiaries)
    else:
        parent[last] = value
    return rec


LINE_DAMAGE: tuple[bytes, ...] = (b"{not json\n", b"\n", b"   \n", b"[1, 2]\n", b'"text"\n', b"\xff\xfe{}\n", b"{}\n")


@st.composite
def dataset(draw: st.DrawFn) -> list[bytes]:
    seed = draw(st.integers(0, 10_000))
    records = _records(seed, activities=draw(st.booleans()), cases_per_year=draw(st.sampled_from([10, 30])))
    n_mut = draw(st.integers(0, 4))
    for _ in range(n_mut):
        if not records:
            break
        i = draw(st.integers(0, len(records) - 1))
        records[i] = _mutate(
            records[i], draw(st.integers(0, 10_000)), draw(st.integers(0, 6)), draw(st.sampled_from(NASTY))
        )
    lines = _lines(records)
    damage_line = draw(st.booleans())
    if lines and damage_line:
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.sampled_from(LINE_DAMAGE)))
    cut_last = draw(st.booleans())
    if lines and cut_last:
        lines[-1] = lines[-1].rstrip(b"\n")  # no final newline
    return lines


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(
    lines=dataset(),
    windows=st.lists(st.sampled_from(WINDOWS), min_size=1, max_size=3, unique=True),
    as_of=st.sampled_from([None, dt.date(2022, 6, 30), dt.date(2021, 9, 1)]),
    unit_mode=st.sampled_from(list(UnitMode)),
    mode=st.sampled_from(["scanner", "compiled", "dict"]),
)
def test_fast_equals_typed_on_generated_and_mutated_records(
    lines: list[bytes], windows: list[Window], as_of: dt.date | None, unit_mode: UnitMode, mode: str
) -> None:
    # Every reader of the fast path: the line scanner (numba), then line by line the
    # compiled checker (msgspec) and the dict checker.
    with tempfile.TemporaryDirectory() as tmp, _checker(compiled=mode != "dict", scanner=mode == "scanner"):
        path = Path(tmp) / "data.jsonl"
        _write(path, lines)
        _assert_same(path, windows, as_of=as_of, unit_mode=unit_mode)


# -- examples -------------------------------------------------------------------------------------


def test_every_domain_class_is_checked_fast() -> None:
    # A validator or __attrs_post_init__ added to the domain without teaching the fast
    # path would make its records always take the typed path (correct, but slow).
    assert frozenset() == UNSUPPORTED


def test_demo_cases_take_the_fast_path(tmp_path: Path) -> None:
    records = _records(7, cases_per_year=60)
    cases = [r for r in records if r["schema"] == "tgpl.case/1"]
    assert cases
    assert all(plainly_valid(r) for r in cases)
    path = tmp_path / "demo.jsonl"
    _write(path, _lines(records))
    res = run_fast([path], WINDOWS)
    assert res.fast == len(cases)
    assert res.typed == len(records) - len(cases)
    assert res.records == len(records)
    assert res.errors == ()
    typed = aggregate_files_parallel([path], WINDOWS, processes=1)
    assert all(res.tallies[w] == typed[w] for w in WINDOWS)
    assert any(not typed[w].is_empty for w in WINDOWS)


def test_process_split_equals_one_process(tmp_path: Path) -> None:
    records = _records(11, cases_per_year=60)
    records[5] = _mutate(records[5], 3, 9, "zzz")
    lines = _lines(records)
    lines.insert(9, b"{broken\n")
    path = tmp_path / "split.jsonl"
    _write(path, lines)
    one = run_fast([path, path], WINDOWS[:2])
    two = run_fast([path, path], WINDOWS[:2], processes=2, chunk_bytes=4096)
    assert dict(two.tallies) == dict(one.tallies)
    assert _facts(two.errors) == _facts(one.errors)
    assert len(one.errors) == 4  # two bad lines in each copy of the file
    assert one.lines == two.lines == 2 * len(lines)


def _case(seed: int = 3) -> dict[str, Any]:
    for r in _records(seed, activities=False, cases_per_year=60):
        kinds = [e["type"] for e in r["events"]]
        if "appraisal_recorded" in kinds and "ended" in kinds:
            return r
    raise AssertionError("no appraised case")  # pragma: no cover


def _with(rec: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(rec)
    out.update(changes)
    return out


def _events(rec: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e for e in rec["events"] if e["type"] == kind]


@pytest.mark.parametrize("damage", [
    "bad_form", "bad_code", "end_before_accept", "two_ends", "bad_score", "early_rubric",
    "birth_year", "naive_time", "utc_time", "extra_key", "role_on_advice", "duplicate_ids", "bom",
])
def test_bad_records_get_the_typed_error(tmp_path: Path, damage: str) -> None:
    good = _case()
    rec = copy.deepcopy(good)
    acc = _events(rec, "accepted")[0]
    end = _events(rec, "ended")[0]
    app = _events(rec, "appraisal_recorded")[0]
    if damage == "bad_form":
        rec["field"] = "astrology"
    elif damage == "bad_code":
        rec["code"] = "TT.XX.01.2021"
    elif damage == "end_before_accept":
        end["on"], acc["on"] = acc["on"], end["on"]
    elif damage == "two_ends":
        rec["events"].append(copy.deepcopy(end))
    elif damage == "bad_score":
        app["review"]["scores"]["1a"] = 99
    elif damage == "early_rubric":
        app["on"] = "2021-06-04T08:00:00+07:00"  # before the amended rubric (15/07/2021): ungraded
    elif damage == "birth_year":
        rec["beneficiaries"][0]["birth_date"] = "1990-01-01"
        rec["beneficiaries"][0]["birth_year"] = 1991
    elif damage == "naive_time":
        end["on"] = end["on"][:19]
    elif damage == "utc_time":
        end["on"] = end["on"][:10] + "T20:00:00+00:00"  # the next day in Vietnam
    elif damage == "extra_key":
        rec["beneficiaries"][0]["nickname"] = "x"
    elif damage == "role_on_advice":
        rec["role"] = "defender"
    elif damage == "duplicate_ids":
        rec["beneficiaries"].append(copy.deepcopy(rec["beneficiaries"][0]))
    lines = _lines([good, rec, good])
    if damage == "bom":
        lines[0] = b"\xef\xbb\xbf" + lines[0]
        lines[1] = b"\xef\xbb\xbf" + lines[1]
    path = tmp_path / f"{damage}.jsonl"
    _write(path, lines)
    windows = [year(2021), year(2022), half(2021, 2)]
    _assert_same(path, windows)
    _, errors = aggregate_jsonl_fast([path], windows)
    if damage == "early_rubric":
        res = run_fast([path], windows)
        assert res.errors == ()
        assert res.fast == 3  # counted on the fast path, as ungraded
        assert res.tallies[year(2021)].count("appraisal", grade="unknown") == 1
    elif damage not in ("naive_time", "utc_time"):
        assert errors
        assert errors[0].line == 2
        assert errors[0].source == os.fspath(path)


def test_errors_name_line_record_and_path(tmp_path: Path) -> None:
    rec = _case()
    bad = _with(rec, source="fax")
    path = tmp_path / "named.jsonl"
    _write(path, _lines([rec, rec, bad]))
    _, errors = aggregate_jsonl_fast([path], [year(2021)])
    assert len(errors) == 1
    err = errors[0]
    assert (err.line, err.record_id, err.path) == (3, rec["code"], "$.source")


def test_argument_checks(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    tallies, errors = aggregate_jsonl_fast([path], [year(2022)])
    assert tallies[year(2022)].is_empty
    assert errors == []
    with pytest.raises(ValueError, match="processes"):
        aggregate_jsonl_fast([path], [year(2022)], processes=0)
    with pytest.raises(FileNotFoundError):
        aggregate_jsonl_fast([tmp_path / "missing.jsonl"], [year(2022)])


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("on", "2022-03-01+07:00"),  # a date, then an offset: not a date-time separator
        ("on", "9999-12-31T20:00:00Z"),  # cannot be read in Vietnam time
        ("on", "2022-03-01X08:00:00+07:00"),
        ("code", "TT.TGTT.٠١.٢٠٢٢"),  # non-ASCII digits
        ("on", "2022-03-01T08:00:00+07:00x"),
        ("on", "２０２２-03-01T08:00:00+07:00"),  # non-ASCII digits in the date
        ("on", "2022-02-29T08:00:00+07:00"),  # no such day, in the compiled checker's fast shape
        ("birth_year", 2**70),  # orjson reads it as a float, msgspec as an int
        ("birth_year", True),
        ("schema", None),  # no schema tag at all
    ],
)
@pytest.mark.parametrize("mode", ["scanner", "compiled", "dict"])
def test_fast_and_typed_paths_agree_on_edge_inputs(tmp_path: Path, where: str, value: object, mode: str) -> None:
    records = _records(5, activities=False, cases_per_year=10)
    case = next(r for r in records if r.get("schema") == "tgpl.case/1" and r.get("events"))
    broken = copy.deepcopy(case)
    if where == "on":
        broken["events"][0]["on"] = value
    elif where == "birth_year":
        broken["beneficiaries"][0]["birth_year"] = value
    elif where == "schema":
        del broken["schema"]
    else:
        broken["code"] = value
    path = tmp_path / "edge.jsonl"
    # the standard json module writes integers of any size (orjson refuses them)
    _write(path, [*_lines(records), json.dumps(broken, ensure_ascii=False).encode()])
    with _checker(compiled=mode != "dict", scanner=mode == "scanner"):
        _assert_same(path, [year(2021), year(2022)])
        _, errors = aggregate_jsonl_fast([path], [year(2022)])
    assert len(errors) == 1
    assert errors[0].line == len(records) + 1


@pytest.mark.parametrize(
    "line",
    [
        b'{"schema":"tgpl.case/1","code":"\\ud800"}',  # a lone surrogate
    ],
)
def test_compiled_checker_refuses_what_the_typed_path_refuses(tmp_path: Path, line: bytes) -> None:
    path = tmp_path / "odd.jsonl"
    _write(path, [*_lines(_records(3, activities=False, cases_per_year=10)), line])
    _assert_same(path, [year(2021), year(2022)])


def test_compiled_checker_reads_demo_cases_as_the_dict_checker() -> None:
    pytest.importorskip("msgspec")
    from tgpl.integrations._fastcheck import decoder, struct_facts

    comp = decoder()
    assert comp is not None  # msgspec is installed and every domain class compiles
    cases = [r for r in _records(9, cases_per_year=40) if r["schema"] == "tgpl.case/1"]
    assert cases
    for as_of in (None, dt.date(2022, 3, 1)):
        for rec in cases:
            by_struct = struct_facts(comp.decode(orjson.dumps(rec)), as_of, comp)
            by_dict = fast._case_facts(rec, as_of)
            assert by_struct is not None
            assert by_dict is not None
            for name in ("accepted", "ended", "end_measure", "request", "providers", "appraisals",
                         "evaluations", "successes", "form", "fld", "source", "case_groups", "persons"):
                assert getattr(by_struct, name) == getattr(by_dict, name), name
            for _, i in by_struct.appraisals + by_struct.evaluations + by_struct.successes:
                assert by_struct.events[i] == {k: v for k, v in rec["events"][i].items()
                                               if k in by_struct.events[i]}


def test_fast_path_works_without_msgspec(tmp_path: Path) -> None:
    # msgspec is optional (extra "fast"): without it the dict checker is used, same result.
    path = tmp_path / "demo.jsonl"
    _write(path, _lines(_records(4, cases_per_year=20)))
    script = (
        "import sys; sys.modules['msgspec'] = None\n"
        "from tgpl.integrations._fastcheck import decoder\n"
        "assert decoder() is None\n"
        "from tgpl.integrations.fast import run_fast\n"
        "from tgpl.reporting import year\n"
        f"r = run_fast([{str(path)!r}], [year(2022)])\n"
        "print(r.fast, r.typed, len(r.errors))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    res = run_fast([path], [year(2022)])
    assert out.split() == [str(res.fast), str(res.typed), str(len(res.errors))]
    assert res.fast > 0
