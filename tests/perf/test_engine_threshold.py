"""``build_report`` chooses its path by input size: below ``ENGINE_MIN_BYTES`` the Python fold
(the definition), above it the bulk engine; both give the same report. ``engine=True`` forces
the engine, ``engine=False`` the Python fold."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb")

from tgpl.reporting import build, engine
from tgpl.reporting.build import ENGINE_MIN_BYTES, build_report, format_problem, input_bytes
from tgpl.reporting.plugins import load_plugins

EXAMPLE = Path(__file__).parents[2] / "examples" / "bac-kan-2022-h1"


def _files(tmp_path: Path) -> list[Path]:
    """The example's cases and activities, with one invalid line and one duplicate added."""
    cases = (EXAMPLE / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join([*cases, cases[3], '{"schema":"tgpl.case/1","code":1}']) + "\n", encoding="utf-8")
    return [path, EXAMPLE / "activities.jsonl"]


def _report(files: list[Path], monkeypatch: pytest.MonkeyPatch, *, engine_arg: bool | None,
            threshold: int | None = None) -> tuple[Any, list[str], int]:
    calls: list[int] = []
    real = engine.aggregate_files

    def spy(*a: Any, **k: Any) -> Any:
        calls.append(1)
        return real(*a, **k)

    with monkeypatch.context() as m:
        m.setattr(engine, "aggregate_files", spy)
        if threshold is not None:
            m.setattr(build, "ENGINE_MIN_BYTES", threshold)
        report, problems = build_report(files, "2022-H1", plugins=load_plugins(load_entrypoints=False),
                                        generated_at=dt.datetime(2023, 1, 1, tzinfo=dt.UTC), engine=engine_arg)
    return report, [format_problem(p) for p in problems], len(calls)


def test_both_sides_of_the_threshold_give_the_same_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _files(tmp_path)
    size = input_bytes(files)
    below, below_problems, below_calls = _report(files, monkeypatch, engine_arg=None, threshold=size + 1)
    above, above_problems, above_calls = _report(files, monkeypatch, engine_arg=None, threshold=size)
    assert (below_calls, above_calls) == (0, 1)  # the Python fold below the threshold, the engine at it
    assert dict(above.tally.counts) == dict(below.tally.counts)
    assert dict(above.tally.sets) == dict(below.tally.sets)
    assert above.meta.records == below.meta.records == 343 + 147
    assert above.indicators == below.indicators
    assert sorted(above_problems) == sorted(below_problems)
    assert len(below_problems) == 2
    assert any("duplicate case" in p for p in below_problems)


def test_the_small_example_takes_the_python_fold_and_the_overrides_hold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [EXAMPLE / "cases.jsonl", EXAMPLE / "activities.jsonl"]
    assert input_bytes(files) < ENGINE_MIN_BYTES
    auto, _, auto_calls = _report(files, monkeypatch, engine_arg=None)
    forced, _, forced_calls = _report(files, monkeypatch, engine_arg=True)
    python, _, python_calls = _report(files, monkeypatch, engine_arg=False, threshold=0)
    assert (auto_calls, forced_calls, python_calls) == (0, 1, 0)
    assert dict(auto.tally.counts) == dict(forced.tally.counts) == dict(python.tally.counts)


def test_a_gzip_file_counts_its_uncompressed_size(tmp_path: Path) -> None:
    text = (EXAMPLE / "cases.jsonl").read_bytes()
    gz = tmp_path / "cases.jsonl.gz"
    gz.write_bytes(gzip.compress(text))
    assert gz.stat().st_size < len(text)
    assert input_bytes([gz]) == len(text)
    assert input_bytes([gz, EXAMPLE / "cases.jsonl"]) == 2 * len(text)
    empty = tmp_path / "empty.jsonl.gz"
    empty.write_bytes(b"")
    assert input_bytes([empty]) == 0
