"""Aggregation on a Dask cluster (tổng hợp phân tán bằng Dask): ``pip install tgpl[dask]``.

The same work as :mod:`tgpl.integrations.parallel`, scheduled by Dask: every partition —
a byte range of a JSON Lines file on storage the workers can read, or an in-memory
partition of records, or a partition of a :class:`dask.bag.Bag` — becomes one task that
aggregates it into a partial tally per window; the partial tallies are merged in a tree
(``split_every`` at a time) on the workers, and only the merged counts come back. The
merge is exact, associative and commutative (docs/architecture.md principle 5), so the result
equals :func:`tgpl.reporting.aggregate` over all the records in one process, whatever the
number of workers, the partitioning or the order tasks finish in.

Every problem (bad line, rejected record) of every partition is returned in
:attr:`~tgpl.integrations.parallel.Aggregation.errors` with its file and absolute line —
never dropped. Which scheduler runs the graph: ``client`` when given (a
:class:`distributed.Client`), otherwise Dask's current default (the default client if
one exists, else ``dask.config`` ``scheduler``, else the threaded scheduler).

This module imports Dask; nothing else in tgpl imports this module.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from dask.delayed import Delayed, delayed

from tgpl.integrations.parallel import (
    MAX_AUTO_CHUNK_BYTES,
    AggregateOptions,
    Aggregation,
    FileRange,
    PartialResult,
    aggregate_file,
    aggregate_range,
    aggregate_records,
    combine,
    engine_suits,
    finish,
    split_files,
    unique_windows,
)
from tgpl.reporting.aggregate import Grader, UnitMode, WindowLike

__all__ = ["DEFAULT_CHUNK_BYTES", "aggregate_files", "aggregate_partitions"]

W = TypeVar("W", bound=WindowLike)

#: Default size of the byte ranges big files are cut into (64 MiB).
DEFAULT_CHUNK_BYTES = MAX_AUTO_CHUNK_BYTES


def _tree(tasks: list[Delayed], split_every: int) -> Delayed:
    """Merge ``tasks`` ``split_every`` at a time until one is left (a tree reduction)."""
    if split_every < 2:
        raise ValueError(f"split_every must be 2 or more, got {split_every!r}")
    level = tasks
    while len(level) > 1:
        level = [
            delayed(combine)(*level[i : i + split_every])
            for i in range(0, len(level), split_every)
        ]
    return level[0]


def _compute(graph: Delayed, client: Any) -> PartialResult:
    if client is not None:
        result: PartialResult = client.compute(graph).result()
    else:
        result = graph.compute()  # type: ignore[no-untyped-call]
    return result


def aggregate_files(
    paths: Iterable[str | os.PathLike[str]],
    windows: Iterable[W],
    *,
    client: Any = None,
    chunk_bytes: int | None = DEFAULT_CHUNK_BYTES,
    split_every: int = 8,
    unit_mode: UnitMode = UnitMode.AS_RECORDED,
    as_of: dt.date | None = None,
    deadlines: bool = False,
    grader: Grader | None = None,
    success_group: Callable[[str], str] | None = None,
) -> Aggregation[W]:
    """Aggregate JSON Lines files on Dask: one task per file (or byte range), tree-merged.

    ``paths`` must be readable under the same names by every worker (shared storage).
    With DuckDB installed (extra ``fast``), each file is one task on the bulk path
    (:func:`tgpl.integrations.parallel.aggregate_file`, the same path as ``tgpl report``);
    otherwise, or with ``deadlines`` or a custom ``success_group``, files are cut into
    ranges of ``chunk_bytes`` (default 64 MiB; ``None``: one task per file) and each task
    streams the lines that start in its range through :mod:`tgpl.io`. The keyword arguments
    are those of :func:`tgpl.reporting.aggregate` (``grader``/``success_group`` must be
    picklable). Problems carry the file name as given and the absolute line. A file
    missing here raises :class:`FileNotFoundError` before anything is scheduled.
    """
    wins = unique_windows(windows)
    options = AggregateOptions(unit_mode, as_of, deadlines, grader, success_group)
    bulk = engine_suits(options)
    ranges: list[FileRange] = split_files(paths, None if bulk else chunk_bytes)
    if not ranges:
        return finish(combine(aggregate_records((), 0, wins, options)), wins, None, 0)
    run = delayed(aggregate_file if bulk else aggregate_range)
    tasks = [run(rng, i, wins, options) for i, rng in enumerate(ranges)]
    total = _compute(_tree(tasks, split_every), client)
    return finish(total, wins, ranges, len(ranges))


def aggregate_partitions(
    partitions: Iterable[Iterable[object]] | Any,
    windows: Iterable[W],
    *,
    client: Any = None,
    split_every: int = 8,
    unit_mode: UnitMode = UnitMode.AS_RECORDED,
    as_of: dt.date | None = None,
    deadlines: bool = False,
    grader: Grader | None = None,
    success_group: Callable[[str], str] | None = None,
) -> Aggregation[W]:
    """Aggregate partitions of records on Dask: one task per partition, tree-merged.

    ``partitions`` is a :class:`dask.bag.Bag` of records (each of its partitions is one
    task, computed where it lives), or any iterable of partitions, each an iterable of
    records (a partition that is not a list or tuple is materialised as a list, since it
    is shipped to a worker). A record that aggregation rejects becomes a problem with
    ``source="<partition N>"`` and its 1-based position in that partition as ``line``.
    """
    import dask.bag as db

    wins = unique_windows(windows)
    options = AggregateOptions(unit_mode, as_of, deadlines, grader, success_group)
    parts: Sequence[Any]
    if isinstance(partitions, db.Bag):
        parts = partitions.to_delayed()  # type: ignore[no-untyped-call]
    else:
        parts = [p if isinstance(p, list | tuple) else list(p) for p in partitions]
    if not parts:
        return finish(combine(aggregate_records((), 0, wins, options)), wins, None, 0)
    run = delayed(aggregate_records)
    tasks = [run(p, i, wins, options) for i, p in enumerate(parts)]
    total = _compute(_tree(tasks, split_every), client)
    return finish(total, wins, None, len(parts))
