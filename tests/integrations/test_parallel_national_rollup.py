"""examples/national-rollup: national == merge of the 34 provincial files == pooled aggregate.

The example script is imported from its file and run on a tiny size; the national tally
read back from the 34 ``<code>.tally.json`` files must equal both the merge of the
provincial tallies and the single-process aggregate of every province's cases pooled, and
so must the indicators computed from them.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.domain import PROVINCES_2025
from tgpl.errors import InvalidRecordError
from tgpl.io import read_jsonl
from tgpl.reporting import (
    SET_TABLES,
    TABLES,
    Tally,
    UnitMode,
    aggregate,
    compute_indicators,
    merge,
    parse_window,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "national-rollup" / "rollup.py"
WINDOW = parse_window("2025-H2")

_CODES = st.sampled_from(["2025:19", "litigation", "xã Thượng Quan", 'a "quoted" \\ code', "", "cl3_child+cl7d"])


@st.composite
def _tallies(draw: st.DrawFn) -> Tally:
    """Small tallies over every table, with codes that need escaping (quick to draw)."""
    counts = {}
    for _ in range(draw(st.integers(0, 12))):
        name = draw(st.sampled_from(sorted(TABLES)))
        key = (name, *(draw(_CODES) for _ in TABLES[name]))
        counts[key] = draw(st.integers(1, 10**12))
    sets = {}
    for _ in range(draw(st.integers(0, 4))):
        name = draw(st.sampled_from(sorted(SET_TABLES)))
        key = (name, *(draw(_CODES) for _ in SET_TABLES[name]))
        sets[key] = draw(st.frozensets(_CODES, min_size=1, max_size=3))
    return Tally(counts, sets)


@pytest.fixture(scope="module")
def rollup() -> ModuleType:
    spec = importlib.util.spec_from_file_location("national_rollup_example", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ran(rollup: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rollup")
    times = rollup.run(out, cases_per_year=6, window=WINDOW, seed=7, processes=2)
    assert set(times) == {"generate", "provincial", "merge", "pooled"}
    return Path(out)


def _pooled(paths: list[Path]) -> Iterator[object]:
    for p in paths:
        with read_jsonl(p, strict=True) as stream:
            yield from stream


def test_national_equals_provincial_merge_and_pooled_aggregate(rollup: Any, ran: Path) -> None:
    tally_dir = rollup.window_dir(ran, WINDOW)
    files = sorted(tally_dir.glob("*.tally.json"))
    assert [f.name for f in files] == sorted(f"{ref.code}.tally.json" for ref in PROVINCES_2025)
    national, names = rollup.national_tally(tally_dir)
    assert names == [f.name for f in files]
    provincial = [Tally.from_json(json.loads(f.read_text(encoding="utf-8"))) for f in files]
    data = sorted((ran / "data").glob("*.jsonl"))
    assert len(data) == 34
    pooled = aggregate(_pooled(data), [WINDOW], unit_mode=UnitMode.SCHEME_2025)[WINDOW]
    assert national == merge(*provincial) == pooled
    assert compute_indicators(national) == compute_indicators(pooled)
    # Every province is there, and each file counts its own province only.
    assert {k[-1] for k in national.counts} == {str(ref) for ref in PROVINCES_2025}
    for f, t in zip(files, provincial, strict=True):
        assert {k[-1] for k in t.counts} <= {f"2025:{f.name.split('.')[0]}"}
    # Ratios come from merged counts, not from averaging provincial ratios.
    ind = compute_indicators(national)
    assert ind["cases.handled"] == sum(compute_indicators(t)["cases.handled"] for t in provincial)  # type: ignore[misc]


def test_national_markdown_report(rollup: Any, ran: Path) -> None:
    national, names = rollup.national_tally(rollup.window_dir(ran, WINDOW))
    report = rollup.national_report(national, WINDOW, names, generated_at=dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC))
    assert report.values() == compute_indicators(national)
    written = ran / "national-2025-H2.md"
    text = written.read_text(encoding="utf-8")
    assert "BÁO CÁO KẾT QUẢ CÔNG TÁC TRỢ GIÚP PHÁP LÝ" in text
    assert "tỉnh Thái Nguyên" in text
    assert "tỉnh Cà Mau" in text
    assert text.startswith("**BỘ TƯ PHÁP**  \n**CỤC PHỔ BIẾN, GIÁO DỤC PHÁP LUẬT VÀ TRỢ GIÚP PHÁP LÝ**  \n*Hà Nội, ngày ")
    assert "34 bảng đếm cấp tỉnh" in text


def test_a_misfiled_or_damaged_tally_file_is_refused(rollup: Any, ran: Path, tmp_path: Path) -> None:
    source = rollup.window_dir(ran, WINDOW) / "19.tally.json"
    misfiled = tmp_path / "20.tally.json"  # Thái Nguyên's counts under Lạng Sơn's name
    misfiled.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InvalidRecordError, match="counts other units") as info:
        rollup.read_tally_file(misfiled)
    assert info.value.source == "20.tally.json"
    wrong = tmp_path / "19.tally.json"
    wrong.write_text('{"schema": "tgpl.tally/0"}', encoding="utf-8")
    with pytest.raises(InvalidRecordError, match=r"tgpl\.tally/2") as info:
        rollup.read_tally_file(wrong)
    assert (info.value.source, info.value.path) == ("19.tally.json", "$.schema")
    wrong.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidRecordError, match="not JSON"):
        rollup.read_tally_file(wrong)
    with pytest.raises(FileNotFoundError):
        rollup.national_tally(tmp_path / "empty")


@settings(deadline=None)
@given(tally=_tallies())
def test_tally_file_text_round_trips(rollup: Any, tally: Tally) -> None:
    """Property: the one-row-per-line text is plain JSON that reads back to the same tally."""
    text = rollup.dumps_tally(tally)
    assert Tally.from_json(json.loads(text)) == tally
    assert json.loads(text) == tally.to_json()
