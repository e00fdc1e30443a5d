"""tgpl.integrations.parallel: byte-range partitions on worker processes equal one process.

The reference is always :func:`tgpl.reporting.aggregate` over :func:`tgpl.io.read_jsonl`
of the same files, in one process; problems are compared with the errors the
single-process reader reports (same file, same absolute line, same message).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tgpl.demo import generate, write_demo
from tgpl.domain import UnitRef
from tgpl.errors import InvalidRecordError
from tgpl.integrations import Aggregation, aggregate_files_parallel
from tgpl.integrations.parallel import (
    FileRange,
    auto_chunk_bytes,
    split_files,
)
from tgpl.io.jsonl import read_jsonl, to_dict
from tgpl.reporting import Tally, UnitMode, Window, aggregate, compute_indicators, parse_window

WINDOWS = [
    parse_window("2022"),
    parse_window("stats:2022-H1"),
    parse_window("2023-Q2"),
    parse_window("practice:2023"),
]
class _Span(NamedTuple):
    """Any hashable value with ``start`` and ``end`` is a window for aggregation."""

    start: dt.date
    end: dt.date


PROVINCES = ("2004:06", "2004:04", "2004:11")


def _reference(paths: list[Path], windows: list[Window], **kwargs: object) -> tuple[dict[Window, Tally], list[InvalidRecordError]]:
    errors: list[InvalidRecordError] = []

    def records() -> Iterator[object]:
        for p in paths:
            with read_jsonl(p) as stream:
                yield from stream
                errors.extend(stream.errors)

    return aggregate(records(), windows, **kwargs), errors  # type: ignore[arg-type]


def _facts(errors: tuple[InvalidRecordError, ...] | list[InvalidRecordError]) -> list[tuple[str | None, int | None, str | None, str, str]]:
    return [(e.source, e.line, e.record_id, e.path, e.message) for e in errors]


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three provinces, 2021–2023, cases and activities (about 1 MB in all)."""
    out = tmp_path_factory.mktemp("parallel")
    paths = []
    for seed, code in enumerate(PROVINCES, 1):
        path = out / f"{code.replace(':', '-')}.jsonl"
        write_demo(
            path, seed=seed, province=UnitRef.parse(code), start=dt.date(2021, 1, 1),
            end=dt.date(2023, 12, 31), cases_per_year=120,
        )
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def damaged_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[int], str]:
    """One province file with malformed lines at known places and a case aggregation rejects.

    Returns the path, the 1-based numbers of the malformed lines, and the rejected case's code.
    """
    lines = [
        json.dumps(to_dict(r), ensure_ascii=False)
        for r in generate(
            seed=7, province=UnitRef.parse("2004:06"), start=dt.date(2021, 6, 1),
            end=dt.date(2022, 12, 31), cases_per_year=300,
        )
    ]
    bad_at = [1, 2, len(lines) // 3, len(lines) // 2 + 1, len(lines) - 5]
    # A case that ends without acceptance: valid JSON and a valid record, rejected by aggregate().
    victim = next(i for i, text in enumerate(lines) if '"type":"accepted"' in text.replace(" ", "") and i > 40)
    case = json.loads(lines[victim])
    case["events"] = [e for e in case["events"] if e["type"] != "accepted"]
    if not any(e["type"] == "ended" for e in case["events"]):
        pytest.skip("generated data changed: the chosen case has no end")
    lines[victim] = json.dumps(case, ensure_ascii=False)
    for n in bad_at:
        lines[n - 1] = lines[n - 1][: len(lines[n - 1]) // 2]  # cut in the middle: not valid JSON
    path = tmp_path_factory.mktemp("damaged") / "damaged.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, bad_at, str(case["code"])


# -- equality with one process --------------------------------------------------------------


@pytest.fixture(scope="module")
def reference(demo_files: list[Path]) -> dict[Window, Tally]:
    ref, errors = _reference(demo_files, WINDOWS)
    assert not errors
    return ref


@pytest.mark.parametrize("chunk_bytes", [None, 4096, 10**9])
def test_two_processes_equal_one_process(
    demo_files: list[Path], reference: dict[Window, Tally], chunk_bytes: int | None
) -> None:
    ref = reference
    res = aggregate_files_parallel(demo_files, WINDOWS, processes=2, chunk_bytes=chunk_bytes)
    assert res.ok
    assert res == ref
    assert dict(res) == ref
    for w in WINDOWS:
        assert res[w] == ref[w]
        assert compute_indicators(res[w]) == compute_indicators(ref[w])
    assert res.records == sum(1 for p in demo_files for _ in read_jsonl(p))
    assert res.lines == sum(len(p.read_bytes().splitlines()) for p in demo_files)
    if chunk_bytes == 4096:
        assert res.partitions > 3 * len(demo_files)  # several ranges per file: both cores on one file


def test_one_big_file_is_split_and_options_pass_through(demo_files: list[Path]) -> None:
    kwargs: dict[str, object] = {"unit_mode": UnitMode.SCHEME_2025, "as_of": dt.date(2023, 5, 20), "deadlines": True}
    ref, _ = _reference(demo_files[:1], WINDOWS, **kwargs)
    res = aggregate_files_parallel(demo_files[:1], WINDOWS, processes=2, chunk_bytes=20_000, **kwargs)  # type: ignore[arg-type]
    assert res.partitions >= 10
    assert res == ref
    assert res[WINDOWS[0]].count("case", unit="2025:19") > 0  # Bắc Kạn counted under Thái Nguyên
    assert res[WINDOWS[0]].count("overdue_case") == ref[WINDOWS[0]].count("overdue_case")


def test_inline_run_equals_pool_run(demo_files: list[Path], reference: dict[Window, Tally]) -> None:
    inline = aggregate_files_parallel(demo_files, WINDOWS, processes=1, chunk_bytes=30_000)
    assert inline == reference
    assert inline.partitions > len(demo_files)


# -- problems: never dropped, lines right ------------------------------------------------


@pytest.mark.parametrize("chunk_bytes", [997, 8192, None])
def test_malformed_lines_are_reported_with_the_right_line(
    damaged_file: tuple[Path, list[int], str], chunk_bytes: int | None
) -> None:
    path, bad_at, victim = damaged_file
    with read_jsonl(path) as stream:
        good = list(stream)
        read_errors = list(stream.errors)
    assert [e.line for e in read_errors] == bad_at
    res = aggregate_files_parallel([path], WINDOWS, processes=2, chunk_bytes=chunk_bytes)
    # Every bad line, with the reader's own message and the absolute line number.
    bad_lines = [e for e in res.errors if e.record_id != victim]
    assert _facts(bad_lines) == _facts(read_errors)
    # The rejected case: named, located, and everything else still counted.
    rejected = [e for e in res.errors if e.record_id == victim]
    assert len(rejected) == 1
    assert rejected[0].source == str(path)
    assert rejected[0].path.startswith("$.events[")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert victim in lines[rejected[0].line - 1]  # type: ignore[operator]
    kept = [r for r in good if str(getattr(r, "code", "")) != victim]
    assert len(kept) == len(good) - 1
    assert res == aggregate(kept, WINDOWS)
    assert res.records == len(kept)
    assert [e.line for e in res.errors] == sorted(e.line for e in res.errors)  # type: ignore[type-var]


def test_problems_of_several_files_keep_their_file(
    demo_files: list[Path], damaged_file: tuple[Path, list[int], str]
) -> None:
    path, bad_at, _ = damaged_file
    res = aggregate_files_parallel([demo_files[0], path, demo_files[1]], WINDOWS, processes=2, chunk_bytes=5000)
    assert {e.source for e in res.errors} == {str(path)}
    assert [e.line for e in res.errors if "JSON" in e.message] == bad_at


@functools.cache
def _small_texts() -> tuple[str, ...]:
    records = itertools.islice(
        generate(seed=3, province=UnitRef.parse("2004:06"), start=dt.date(2022, 1, 1),
                 end=dt.date(2022, 3, 31), cases_per_year=100),
        25,
    )
    return tuple(json.dumps(to_dict(r), ensure_ascii=False) for r in records)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chunk=st.integers(min_value=200, max_value=30_000), crlf=st.booleans(), trailing_newline=st.booleans())
def test_any_cut_reads_every_line_once(tmp_path: Path, chunk: int, crlf: bool, trailing_newline: bool) -> None:
    """Property: wherever the byte ranges fall, the result and the problems are those of one pass."""
    texts = list(_small_texts())
    texts[4] = "{not json"
    texts.insert(9, "")  # a blank line: skipped, but counted as a line
    texts[-1] = texts[-1][:-3]
    nl = "\r\n" if crlf else "\n"
    path = tmp_path / f"cut-{chunk}-{crlf}-{trailing_newline}.jsonl"
    path.write_bytes((nl.join(texts) + (nl if trailing_newline else "")).encode("utf-8"))
    ref, ref_errors = _reference([path], WINDOWS[:2])
    res = aggregate_files_parallel([path], WINDOWS[:2], processes=1, chunk_bytes=chunk)
    assert res == ref
    assert _facts(res.errors) == _facts(ref_errors)
    assert res.lines == len(texts)


# -- splitting ------------------------------------------------------------------------------


def test_split_files_covers_every_byte_once(tmp_path: Path) -> None:
    a = tmp_path / "a.jsonl"
    a.write_bytes(b"x" * 10_001)
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    ranges = split_files([a, empty, a], 4000)
    assert ranges == [
        FileRange(str(a), 0, 4000, 0), FileRange(str(a), 4000, 8000, 0), FileRange(str(a), 8000, 10_001, 0),
        FileRange(str(empty), 0, 0, 1),
        FileRange(str(a), 0, 4000, 2), FileRange(str(a), 4000, 8000, 2), FileRange(str(a), 8000, 10_001, 2),
    ]
    assert split_files([a], None) == [FileRange(str(a), 0, 10_001, 0)]
    assert auto_chunk_bytes(10, 2) == 1 << 20
    assert auto_chunk_bytes(10**12, 2) == 64 << 20
    assert auto_chunk_bytes(80 << 20, 2) == 10 << 20


def test_edge_cases(tmp_path: Path, demo_files: list[Path]) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    res = aggregate_files_parallel([empty], WINDOWS, processes=2)
    assert res == {w: Tally.empty() for w in WINDOWS}
    assert (res.records, res.lines, res.errors) == (0, 0, ())
    nothing = aggregate_files_parallel([], WINDOWS)
    assert isinstance(nothing, Aggregation)
    assert len(nothing) == len(WINDOWS)
    # A byte order mark on the first line is ignored, as the reader does.
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + demo_files[0].read_bytes())
    assert aggregate_files_parallel([bom], WINDOWS, chunk_bytes=3000, processes=2) == _reference([demo_files[0]], WINDOWS)[0]
    # The same window twice is one key, as in aggregate().
    twice = aggregate_files_parallel(demo_files[:1], [WINDOWS[0], WINDOWS[0]], processes=1)
    assert list(twice) == [WINDOWS[0]]
    with pytest.raises(FileNotFoundError):
        aggregate_files_parallel([tmp_path / "missing.jsonl"], WINDOWS)
    with pytest.raises(ValueError, match="processes"):
        aggregate_files_parallel(demo_files, WINDOWS, processes=0)
    with pytest.raises(ValueError, match="chunk_bytes"):
        aggregate_files_parallel(demo_files, WINDOWS, chunk_bytes=0)
    with pytest.raises(InvalidRecordError):
        aggregate_files_parallel(demo_files, [_Span(dt.date(2022, 2, 1), dt.date(2022, 1, 1))])


def test_importing_tgpl_does_not_import_dask() -> None:
    code = (
        "import sys, tgpl, tgpl.integrations, tgpl.integrations.parallel, tgpl.reporting, tgpl.io\n"
        "assert 'dask' not in sys.modules and 'distributed' not in sys.modules, 'dask imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
