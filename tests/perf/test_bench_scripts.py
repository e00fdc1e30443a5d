"""Smoke tests of the benchmark scripts at tiny sizes (no timing is asserted)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"tgpl_bench_{name}", BENCH / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


def test_aggregate_benchmark_agrees_with_duckdb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("duckdb")
    bench = _script("aggregate")
    code = bench.main(["--cases", "300", "--data-dir", str(tmp_path), "--processes", "1", "--window", "2022"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "MISMATCH" not in out
    assert re.fullmatch(r"ratio_vs_duckdb=\d+\.\d\d peak_rss_mb=\d+ cases=300", _last_line(out))
    assert len(list(tmp_path.glob("cases-300-*.jsonl"))) == 1  # made once, then reused


def test_lifecycle_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("transitions")
    pytest.importorskip("statemachine")
    bench = _script("lifecycle")
    assert bench.main(["--cases", "25", "--repeat", "1"]) == 0
    line = _last_line(capsys.readouterr().out)
    assert re.fullmatch(r"ratio_vs_transitions=\d+\.\d ratio_vs_statemachine=\d+\.\d events=\d+", line)


def test_core_imports_stay_light() -> None:
    bench = _script("importtime")
    ms, _ = bench.import_ms("tgpl")
    assert ms > 0
    optional = {"dask", "distributed", "openpyxl", "docx", "matplotlib", "duckdb", "transitions", "statemachine"}
    for module in ("tgpl", "tgpl.domain", "tgpl.io", "tgpl.reporting"):
        info = bench.pulled_in(module)
        assert optional.isdisjoint(info["heavy"]), (module, info["heavy"])


def test_crossover_benchmark_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("duckdb")
    bench = _script("crossover")
    assert bench.crossing([(1, 3.0, 1.0), (3, 2.0, 2.0), (5, 1.0, 3.0)]) == 3.0
    assert bench.crossing([(1, 1.0, 2.0), (3, 2.0, 3.0)]) is None
    code = bench.main(["--cases", "60", "--sizes", "20,40", "--repeat", "1", "--processes", "1",
                       "--window", "2022", "--data-dir", str(tmp_path)])
    assert code == 0
    assert re.fullmatch(r"crossover_bytes=(\d+|none)", _last_line(capsys.readouterr().out))
    assert len(list(tmp_path.glob("*-head20.jsonl"))) == 1
