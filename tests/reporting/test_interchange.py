"""Tables for analysts and BI: Tally.to_records / to_arrow, Report.to_records / to_arrow /
to_frame, the Parquet format, and the one-line errors when an optional library is missing."""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings

from tgpl.cli import EXIT_OK, EXIT_USAGE, main
from tgpl.errors import UnknownCodeError
from tgpl.reporting import TABLES, Tally
from tgpl.reporting.build import build_report
from tgpl.reporting.formats import parquet_format
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.report import Report
from tgpl.testing.strategies import tallies

ROOT = Path(__file__).resolve().parents[2]
INPUTS = [str(ROOT / "examples" / "bac-kan-2022-h1" / n) for n in ("cases.jsonl", "activities.jsonl")]

pa = pytest.importorskip("pyarrow", reason="the arrow extra is part of make venv")


@pytest.fixture(scope="module")
def report() -> Report:
    built, problems = build_report(INPUTS, "stats:2022-H1", plugins=load_plugins(load_entrypoints=False))
    assert problems == []
    return built


def _from_records(rows: list[dict[str, str | int]]) -> Tally:
    counts: Counter[tuple[str, ...]] = Counter()
    for row in rows:
        name = str(row["table"])
        counts[(name, *(str(row[d]) for d in TABLES[name]))] += int(row["count"])
    return Tally(counts)


@settings(max_examples=25)
@given(tallies())
def test_records_are_long_rows_named_by_dimension_and_rebuild_the_tally(tally: Tally) -> None:
    rows = tally.to_records()
    assert len(rows) == len(tally.counts)
    for row in rows:
        assert list(row) == ["table", *TABLES[str(row["table"])], "count"]
    assert _from_records(rows) == Tally(tally.counts)
    for name in {str(r["table"]) for r in rows}:
        assert tally.to_records(name) == [r for r in rows if r["table"] == name]


@settings(max_examples=25)
@given(tallies())
def test_arrow_table_holds_every_counter(tally: Tally) -> None:
    table = tally.to_arrow()
    assert table.num_rows == len(tally.counts)
    assert table.column_names[0] == "table"
    assert table.column_names[-1] == "count"
    assert table.schema.field("count").type == pa.int64()
    assert sum(table.column("count").to_pylist()) == sum(tally.counts.values())
    rebuilt = [{k: v for k, v in row.items() if v is not None} for row in table.to_pylist()]
    assert _from_records(rebuilt) == Tally(tally.counts)


def test_one_table_has_only_its_dimensions_and_an_empty_tally_keeps_the_columns(report: Report) -> None:
    case = report.tally.to_arrow("case")
    assert case.column_names == ["table", *TABLES["case"], "count"]
    assert sum(case.column("count").to_pylist()) == sum(n for k, n in report.tally.counts.items() if k[0] == "case")
    empty = Tally.empty().to_arrow()
    assert empty.num_rows == 0
    assert empty.column_names == report.tally.to_arrow().column_names
    with pytest.raises(UnknownCodeError):
        report.tally.to_records("cases")


def test_report_rows_carry_every_indicator(report: Report) -> None:
    rows = report.to_records()
    assert [r["code"] for r in rows] == [i.code for i in report.indicators]
    assert {r["window"] for r in rows} == {"stats:2022-H1"}
    table = report.to_arrow()
    values = dict(zip(table.column("code").to_pylist(), table.column("value").to_pylist(), strict=True))
    assert values["cases.accepted"] == 156.0
    assert values == {c: None if v is None else float(v) for c, v in report.values().items()}


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_frames_in_pandas_and_polars(report: Report, library: str) -> None:
    pytest.importorskip(library)
    df = report.to_frame(library)  # type: ignore[arg-type]
    assert list(df.columns) == ["window", "code", "label_vi", "label_en", "unit", "value", "suppressed", "source", "basis"]
    assert len(df) == len(report.indicators)
    got = dict(zip(list(df["code"]), list(df["value"]), strict=True))
    assert got["cases.accepted"] == 156.0
    for code, value in report.values().items():
        assert (got[code] is None or math.isnan(got[code])) if value is None else got[code] == float(value)


def test_a_missing_library_is_one_line_saying_what_to_install(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ModuleNotFoundError, match=r"^pyarrow is not installed; install it with: pip install 'tgpl\[arrow\]'$"):
        report.to_arrow()
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ModuleNotFoundError, match=r"^polars is not installed"):
        report.to_frame("polars")
    with pytest.raises(ValueError, match="pandas"):
        report.to_frame("excel")  # type: ignore[arg-type]


def test_parquet_report_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow.parquet as pq

    code = main(["report", *INPUTS, "-w", "stats:2022-H1", "-f", "parquet,json", "-o", str(tmp_path)],
                plugins=load_plugins(load_entrypoints=False))
    assert code == EXIT_OK, capsys.readouterr().err
    stem = tmp_path / "tgpl-report-stats_2022-H1"
    table = pq.read_table(f"{stem}.parquet")
    doc = json.loads(Path(f"{stem}.json").read_text(encoding="utf-8"))
    values = dict(zip(table.column("code").to_pylist(), table.column("value").to_pylist(), strict=True))
    assert values == {c: None if v is None else float(v) for c, v in doc["indicators"].items()}
    meta = table.schema.metadata
    assert meta[b"tgpl.window"] == b"stats:2022-H1"
    assert meta[b"tgpl.records"] == b"490"


def test_without_pyarrow_parquet_is_not_offered_and_the_error_says_how_to_get_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parquet_format, "available", lambda: False)
    plugins = load_plugins(load_entrypoints=False)
    assert "parquet" not in plugins.formats()
    code = main(["report", *INPUTS, "-w", "2022-H1", "-f", "parquet", "-o", str(tmp_path)], plugins=plugins)
    assert code == EXIT_USAGE
    assert "pip install 'tgpl[arrow]'" in capsys.readouterr().err
