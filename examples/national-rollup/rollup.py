"""National roll-up (tổng hợp toàn quốc): 34 provincial tally files merged into one report.

Run from the repository root::

    .venv/bin/python examples/national-rollup/rollup.py                 # ~40 cases a year each
    .venv/bin/python examples/national-rollup/rollup.py --cases-per-year 400 --out /tmp/rollup

What it does, step by step (each step is a function the test calls too):

1. :func:`generate_provinces` — synthetic JSON Lines data for each of the 34 provinces of
   the 2025 scheme (Nghị quyết 202/2025/QH15) from 01/07/2025, when they came into being,
   to 31/12/2025, with the seeded demo generator (:func:`tgpl.demo.write_demo`):
   ``<out>/data/<code>.jsonl``.
2. :func:`provincial_tallies` — what each province's own system does: aggregate its file
   for the window and write the tally (``Tally.to_json``, schema ``tgpl.tally/2``) as
   ``<out>/tallies/<window>/<code>.tally.json`` — the file a province sends to the
   Ministry (Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý, Bộ Tư pháp).
3. :func:`national_tally` — what the Ministry does: read the 34 files, check that each
   one counts only the province its name says, and merge them (exact: counters added,
   commune sets united).
4. :func:`national_report` — indicators from the merged counts (ratios computed at the
   end, never averaged) rendered with the built-in Markdown format:
   ``<out>/national-<window>.md``.
5. :func:`check` — the national tally equals the aggregate of all the pooled cases, here
   computed on every core with :func:`tgpl.integrations.aggregate_files_parallel`.

The data are synthetic: no real person appears. ``<out>`` defaults to ``out/`` next to
this file (ignored by git).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from tgpl import __version__
from tgpl.demo import write_demo
from tgpl.domain import PROVINCES_2025, VN_TZ, UnitRef
from tgpl.errors import InvalidRecordError
from tgpl.fsutil import atomic_write_bytes
from tgpl.integrations import Aggregation, aggregate_files_parallel
from tgpl.io import read_jsonl
from tgpl.reporting import TALLY_SCHEMA, Tally, UnitMode, Window, aggregate, merge, parse_window
from tgpl.reporting.formats.markdown import render_markdown
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.report import IndicatorResult, Report, ReportMeta

HERE = Path(__file__).resolve().parent
#: The 34 provinces came into being on 01/07/2025 (Nghị quyết 202/2025/QH15).
START = dt.date(2025, 7, 1)
END = dt.date(2025, 12, 31)
WINDOW = "2025-H2"
SUFFIX = ".tally.json"


def provinces() -> list[UnitRef]:
    """The 34 provinces of the 2025 scheme, by code."""
    return sorted(PROVINCES_2025, key=lambda ref: ref.code)


def window_dir(out: Path, window: Window) -> Path:
    """Where the tally files of ``window`` go (``:`` of regime labels becomes ``_``)."""
    return out / "tallies" / window.label.replace(":", "_")


def generate_provinces(out: Path, *, cases_per_year: int, seed: int = 2025) -> list[Path]:
    """Write ``<out>/data/<code>.jsonl`` for every province; return the paths."""
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, ref in enumerate(provinces()):
        path = data / f"{ref.code}.jsonl"
        write_demo(
            path, seed=seed * 100 + n, province=ref, start=START, end=END,
            cases_per_year=cases_per_year, branches=1,
        )
        paths.append(path)
    return paths


def provincial_tallies(paths: list[Path], window: Window, out: Path) -> list[Path]:
    """Each province aggregates its own file and writes ``<code>.tally.json``.

    Units are keyed by the 2025 scheme (``UnitMode.SCHEME_2025``), the one national series
    across the merger needs (a no-op for records dated from 01/07/2025).

    A province whose file has a bad line stops here with the reader's error (file and
    line): what is sent to the Ministry must be complete.
    """
    target = window_dir(out, window)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        with read_jsonl(path) as stream:
            tally = aggregate(stream, [window], unit_mode=UnitMode.SCHEME_2025)[window]
            if stream.errors:
                raise stream.errors[0]
        file = target / f"{path.stem}{SUFFIX}"
        atomic_write_bytes(file, dumps_tally(tally).encode("utf-8"))
        written.append(file)
    return written


def dumps_tally(tally: Tally) -> str:
    """``Tally.to_json`` as text with one row per line (readable, diff-friendly, still plain JSON)."""
    doc = tally.to_json()
    out = ['{"schema": ' + json.dumps(doc["schema"]) + ","]
    for n, section in enumerate(("tables", "sets")):
        tables = doc[section]
        out.append(f' "{section}": {{')
        for i, (name, table) in enumerate(tables.items()):
            out.append(f'  "{name}": {{"dims": {json.dumps(table["dims"])}, "rows": [')
            rows = [json.dumps(row, ensure_ascii=False) for row in table["rows"]]
            out += [f"   {row}," for row in rows[:-1]] + [f"   {rows[-1]}"]
            out.append("  ]}" + ("," if i < len(tables) - 1 else ""))
        out.append(" }" + ("," if n == 0 else ""))
    out.append("}")
    return "\n".join(out) + "\n"


def read_tally_file(path: Path) -> Tally:
    """One provincial tally file; it must count only the province its name gives.

    A file of another schema, a malformed one, or one whose counts carry another unit is
    an :class:`~tgpl.errors.InvalidRecordError` naming the file.
    """
    code = path.name.removesuffix(SUFFIX)
    try:
        tally = Tally.from_json(json.loads(path.read_text(encoding="utf-8")))
    except InvalidRecordError as err:
        raise InvalidRecordError(err.message, path=err.path, source=path.name) from None
    except ValueError as err:
        raise InvalidRecordError(f"not JSON: {err}", source=path.name) from None
    expected = f"2025:{code}"
    units = {k[-1] for k in tally.counts} | {k[-1] for k in tally.sets}
    if units - {expected}:
        raise InvalidRecordError(
            f"the file of {expected} counts other units: {sorted(units - {expected})}",
            path="$.tables", source=path.name,
        )
    return tally


def national_tally(directory: Path) -> tuple[Tally, list[str]]:
    """Merge every ``*.tally.json`` of ``directory``; return the tally and the file names."""
    files = sorted(directory.glob(f"*{SUFFIX}"))
    if not files:
        raise FileNotFoundError(f"no {SUFFIX} files in {directory}")
    return merge(*(read_tally_file(f) for f in files)), [f.name for f in files]


def national_report(tally: Tally, window: Window, inputs: list[str], *, generated_at: dt.datetime | None = None) -> Report:
    """The national report of ``window``: built-in indicators computed on the merged tally."""
    plugins = load_plugins(load_entrypoints=False)
    results = tuple(
        IndicatorResult(code, ind.label_vi, ind.label_en, ind.unit, ind.compute(tally), "tgpl", ind.basis)
        for code, ind in plugins.indicators().items()
    )
    units = tuple(sorted({k[-1] for k in tally.counts} | {k[-1] for k in tally.sets}))
    meta = ReportMeta(
        generated_at=generated_at or dt.datetime.now(VN_TZ).replace(microsecond=0),
        tgpl_version=__version__,
        window=window.label,
        window_vi=window.label_vi,
        regime=None if window.regime is None else window.regime.value,
        units=units,
        unit_mode="scheme_2025",
        rule_sets={
            "tally": TALLY_SCHEMA,
            "rollup": f"gộp chính xác {len(inputs)} bảng đếm cấp tỉnh (exact merge of provincial tallies); "
                      "số bản ghi gốc nằm ở các tỉnh",
        },
        plugins=plugins.versions(),
        inputs=tuple(inputs),
    )
    return Report(window=window, tally=tally, indicators=results, meta=meta)


def check(national: Tally, paths: list[Path], window: Window, *, processes: int | None = None) -> Aggregation[Window]:
    """Aggregate the pooled cases of all provinces on every core; it must equal ``national``."""
    pooled = aggregate_files_parallel(paths, [window], processes=processes, unit_mode=UnitMode.SCHEME_2025)
    if pooled.errors:
        raise pooled.errors[0]
    if pooled[window] != national:
        raise AssertionError("the merged provincial tallies differ from the pooled aggregate")
    return pooled


def run(out: Path, *, cases_per_year: int, window: Window, seed: int = 2025, processes: int | None = None) -> Mapping[str, float]:
    """Every step in order, printing what happens; returns the seconds each step took."""
    times: dict[str, float] = {}
    t = time.perf_counter()
    paths = generate_provinces(out, cases_per_year=cases_per_year, seed=seed)
    times["generate"] = time.perf_counter() - t
    print(f"1. {len(paths)} provincial data files in {out / 'data'} ({times['generate']:.2f} s)")

    t = time.perf_counter()
    files = provincial_tallies(paths, window, out)
    times["provincial"] = time.perf_counter() - t
    print(f"2. {len(files)} tally files in {window_dir(out, window)} ({times['provincial']:.2f} s)")

    t = time.perf_counter()
    national, names = national_tally(window_dir(out, window))
    times["merge"] = time.perf_counter() - t
    print(f"3. national tally merged from {len(names)} files ({times['merge']:.3f} s)")

    report = national_report(national, window, names)
    md = out / f"national-{window.label.replace(':', '_')}.md"
    atomic_write_bytes(md, render_markdown(report))
    values = report.values()
    print(f"4. national report: {md}")
    for code in ("cases.handled", "cases.accepted", "cases.ended", "person_occasions.handled", "simple_answers"):
        print(f"   {code:28} {values.get(code)}")

    t = time.perf_counter()
    pooled = check(national, paths, window, processes=processes)
    times["pooled"] = time.perf_counter() - t
    print(
        f"5. pooled aggregate of {pooled.records} records on {pooled.partitions} partitions "
        f"equals the merged national tally ({times['pooled']:.2f} s)"
    )
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "out", help="output directory (default: out/ here)")
    parser.add_argument("--cases-per-year", type=int, default=40, help="requests a year per province (default 40)")
    parser.add_argument("--window", default=WINDOW, help=f"reporting window within {START}..{END} (default {WINDOW})")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--processes", type=int, default=None, help="worker processes for the check (default: every core)")
    args = parser.parse_args(argv)
    run(args.out, cases_per_year=args.cases_per_year, window=parse_window(args.window), seed=args.seed, processes=args.processes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
