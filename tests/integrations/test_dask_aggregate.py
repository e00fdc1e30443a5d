"""tgpl.integrations.dask: a two-worker LocalCluster gives exactly the one-process result.

The cluster listens on the loopback interface only, without a dashboard, and is closed by
the fixture's finaliser. Skipped when Dask is not installed (``tgpl[dask]``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

import dask  # noqa: E402
import dask.bag as db  # noqa: E402

from tgpl.demo import generate, write_demo  # noqa: E402
from tgpl.domain import UnitRef  # noqa: E402
from tgpl.errors import InvalidRecordError  # noqa: E402
from tgpl.integrations.dask import aggregate_files, aggregate_partitions  # noqa: E402
from tgpl.io.jsonl import from_dict, read_jsonl, to_dict  # noqa: E402
from tgpl.reporting import Tally, Window, aggregate, compute_indicators, parse_window  # noqa: E402

WINDOWS = [parse_window("2022"), parse_window("stats:2022-H1"), parse_window("2023-Q1")]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, silence_logs=40,
        # The scheduler's small HTTP server: loopback, any free port (no clash with 8787).
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    )
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("dask")
    paths = []
    for seed, code in enumerate(("2004:06", "2004:04", "2004:11", "2004:10"), 1):
        path = out / f"{code.replace(':', '-')}.jsonl"
        write_demo(
            path, seed=seed, province=UnitRef.parse(code), start=dt.date(2021, 7, 1),
            end=dt.date(2023, 3, 31), cases_per_year=100,
        )
        paths.append(path)
    return paths


def _read(paths: list[Path]) -> tuple[list[object], list[InvalidRecordError]]:
    records: list[object] = []
    errors: list[InvalidRecordError] = []
    for p in paths:
        with read_jsonl(p) as stream:
            records.extend(stream)
            errors.extend(stream.errors)
    return records, errors


def test_cluster_equals_one_process(client: Any, files: list[Path]) -> None:
    records, errors = _read(files)
    assert not errors
    ref = aggregate(records, WINDOWS)
    res = aggregate_files(files, WINDOWS, client=client, chunk_bytes=50_000, split_every=3)
    assert res.partitions == len(files)  # one bulk-path task per file (DuckDB is installed)
    assert res.ok
    assert res == ref
    deadlines = aggregate(records, WINDOWS, deadlines=True)
    cut = aggregate_files(files, WINDOWS, client=client, chunk_bytes=50_000, split_every=3, deadlines=True)
    assert cut.partitions > len(files)  # without the bulk path, big files are cut into byte ranges
    assert cut == deadlines
    assert res == ref
    for w in WINDOWS:
        assert res[w] == ref[w]
        assert compute_indicators(res[w]) == compute_indicators(ref[w])
    assert res.records == len(records)
    # One task per file gives the same.
    assert aggregate_files(files, WINDOWS, client=client, chunk_bytes=None) == ref


def test_cluster_reports_bad_lines_with_file_and_line(client: Any, files: list[Path], tmp_path: Path) -> None:
    lines = files[0].read_text(encoding="utf-8").splitlines()
    bad_at = [3, len(lines) // 2, len(lines) - 1]
    for n in bad_at:
        lines[n - 1] = '{"schema": "tgpl.case/1", "code": ' + lines[n - 1][-20:]
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records, errors = _read([files[1], damaged])
    assert [e.line for e in errors] == bad_at
    res = aggregate_files([files[1], damaged], WINDOWS, client=client, chunk_bytes=20_000)
    assert [(e.source, e.line, e.message) for e in res.errors] == [(str(damaged), e.line, e.message) for e in errors]
    assert res == aggregate(records, WINDOWS)


def test_partitions_of_records_and_rejected_records(client: Any) -> None:
    records = list(generate(
        seed=11, province=UnitRef.parse("2004:06"), start=dt.date(2021, 10, 1),
        end=dt.date(2022, 12, 31), cases_per_year=150, activities=False,
    ))
    # Make one case inconsistent: its end stays, its acceptance goes.
    i, victim = next(
        (i, r) for i, r in enumerate(records)
        if any(e["type"] == "ended" for e in to_dict(r)["events"])
    )
    data = to_dict(victim)
    data["events"] = [e for e in data["events"] if e["type"] != "accepted"]
    records[i] = from_dict(data)
    parts = [records[k : k + 40] for k in range(0, len(records), 40)]
    res = aggregate_partitions(parts, WINDOWS, client=client)
    kept = records[:i] + records[i + 1 :]
    assert res == aggregate(kept, WINDOWS)
    assert res.records == len(kept)
    assert len(res.errors) == 1
    err = res.errors[0]
    assert (err.source, err.line, err.record_id) == (f"<partition {i // 40}>", i % 40 + 1, data["code"])
    assert err.path.startswith("$.events[")
    # Generators are accepted (materialised), and a Dask bag too.
    gen_parts = (iter(p) for p in parts)
    assert aggregate_partitions(gen_parts, WINDOWS, client=client) == res
    bag = db.from_sequence(kept, npartitions=5)  # type: ignore[no-untyped-call]
    from_bag = aggregate_partitions(bag, WINDOWS, client=client)
    assert from_bag == res
    assert from_bag.partitions == bag.npartitions > 1


def test_local_schedulers_without_a_cluster(files: list[Path]) -> None:
    records, _ = _read(files[:2])
    ref = aggregate(records, WINDOWS)
    with dask.config.set(scheduler="synchronous"):
        assert aggregate_files(files[:2], WINDOWS, chunk_bytes=30_000) == ref
        bag = db.from_sequence(records, npartitions=7)  # type: ignore[no-untyped-call]
        assert aggregate_partitions(bag, WINDOWS) == ref
    with dask.config.set(scheduler="threads"):
        assert aggregate_files(files[:2], WINDOWS, chunk_bytes=30_000) == ref
    empty = aggregate_partitions([], WINDOWS)
    assert dict(empty) == {w: Tally.empty() for w in WINDOWS}
    assert aggregate_files([], WINDOWS) == empty
    with pytest.raises(ValueError, match="split_every"):
        aggregate_partitions([records[:3]], WINDOWS, split_every=1)
    with pytest.raises(FileNotFoundError):
        aggregate_files([files[0].with_suffix(".missing")], WINDOWS)


def test_windows_cross_process_boundaries() -> None:
    """Windows are frozen attrs values: pickled to a worker and back, they are equal keys."""
    import pickle

    for w in WINDOWS:
        back = pickle.loads(pickle.dumps(w))
        assert back == w
        assert hash(back) == hash(w)
        assert isinstance(back, Window)
