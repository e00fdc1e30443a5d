"""Aggregation on all cores of one machine (tổng hợp song song trên một máy), no Dask needed.

:func:`aggregate_files_parallel` splits JSON Lines inputs into *byte ranges* — several per
big file, so that every core works even when there is only one file — and aggregates each
range in a worker process of a :class:`concurrent.futures.ProcessPoolExecutor`. Each
worker streams its range line by line (memory does not grow with the file), turns it into
one partial tally per window, and the parent merges the partial tallies exactly as they
arrive (docs/architecture.md principle 5: a parallel run *is* the merge of per-worker tallies),
so the result equals :func:`tgpl.reporting.aggregate` over all records read in one process.

How a byte range becomes lines: ranges are cut at arbitrary byte offsets, and a worker
reads exactly the lines that *start* inside its range ``[start, end)`` (it moves ``start``
forward to the next line start, and reads the last line whole even past ``end``). So every
line is read by exactly one worker, whatever the offsets, and nothing has to scan the file
before the work starts. Line numbers in problems are made absolute afterwards: each
worker also returns how many lines it read, and the parent adds the lines of the earlier
ranges of the same file.

Problems are collected, never dropped (principle 8): every bad line (as
:func:`tgpl.io.read_jsonl` reports it in collect mode) and every record that aggregation
rejects (an end before acceptance, a review no rubric in force can grade, …) becomes an
:class:`~tgpl.errors.InvalidRecordError` in :attr:`Aggregation.errors`, naming the file,
the 1-based line, the record id and the field path; every valid record is still counted.
Unlike :func:`tgpl.reporting.build.build_report`, duplicates are *not* removed — exactly as
:func:`tgpl.reporting.aggregate` does not (de-duplicate before, e.g. with ``tgpl
validate``).

The building blocks (:class:`FileRange`, :func:`split_files`, :func:`aggregate_range`,
:func:`aggregate_records`, :func:`combine`, :func:`finish`) are public so that
:mod:`tgpl.integrations.dask` runs the very same code on a cluster.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import IO, Any, Final, Generic, TypeVar

from attrs import field, frozen

from tgpl.errors import InvalidRecordError, RuleNotInForceError
from tgpl.reporting.aggregate import Grader, UnitMode, WindowLike, aggregate
from tgpl.reporting.tally import Key, Tally

__all__ = [
    "BATCH_SIZE",
    "MAX_AUTO_CHUNK_BYTES",
    "MIN_AUTO_CHUNK_BYTES",
    "AggregateOptions",
    "Aggregation",
    "FileRange",
    "PartialResult",
    "Problem",
    "aggregate_file",
    "aggregate_files_parallel",
    "aggregate_range",
    "aggregate_records",
    "auto_chunk_bytes",
    "combine",
    "engine_suits",
    "finish",
    "split_files",
]

W = TypeVar("W", bound=WindowLike)

#: Records aggregated together in a worker; a batch with a record that aggregation
#: rejects is redone record by record, so that one bad case becomes a problem.
BATCH_SIZE: Final = 2000
#: Bounds of the automatic range size (``chunk_bytes=None``).
MIN_AUTO_CHUNK_BYTES: Final = 1 << 20
MAX_AUTO_CHUNK_BYTES: Final = 64 << 20
#: Automatic splitting aims at this many ranges per process (load balance).
_RANGES_PER_PROCESS: Final = 4


# -- options and partitions -------------------------------------------------------------------


@frozen
class AggregateOptions:
    """The keyword arguments of :func:`tgpl.reporting.aggregate`, shipped to every worker.

    ``grader`` and ``success_group`` must be picklable (module-level functions) when the
    work runs in other processes; ``None`` selects the defaults in the worker.
    """

    unit_mode: UnitMode = UnitMode.AS_RECORDED
    as_of: dt.date | None = None
    deadlines: bool = False
    grader: Grader | None = None
    success_group: Callable[[str], str] | None = None


@frozen
class FileRange:
    """The lines of ``path`` that *start* in the byte range ``[start, end)``.

    ``file_index`` is the position of the file in the input list (the same path given
    twice is read twice, as :func:`tgpl.reporting.aggregate` over both reads would).
    """

    path: str
    start: int
    end: int
    file_index: int = 0


def auto_chunk_bytes(total_bytes: int, workers: int) -> int:
    """The automatic range size: about four ranges per worker, between 1 and 64 MiB."""
    want = math.ceil(total_bytes / max(1, workers * _RANGES_PER_PROCESS))
    return max(MIN_AUTO_CHUNK_BYTES, min(MAX_AUTO_CHUNK_BYTES, want))


def split_files(paths: Iterable[str | os.PathLike[str]], chunk_bytes: int | None) -> list[FileRange]:
    """Cut every file into ranges of about ``chunk_bytes`` (``None``: one range per file).

    Only the file sizes are read here; workers align the ranges on line starts. A
    missing file raises :class:`FileNotFoundError` before any work starts.
    """
    if chunk_bytes is not None and (isinstance(chunk_bytes, bool) or chunk_bytes < 1):
        raise ValueError(f"chunk_bytes must be a positive number of bytes, got {chunk_bytes!r}")
    ranges: list[FileRange] = []
    for index, p in enumerate(paths):
        path = os.fspath(p)
        size = Path(path).stat().st_size
        step = size if chunk_bytes is None else chunk_bytes
        if size == 0 or step >= size:
            ranges.append(FileRange(path, 0, size, index))
            continue
        for start in range(0, size, step):
            ranges.append(FileRange(path, start, min(start + step, size), index))
    return ranges


# -- partial results --------------------------------------------------------------------------


@frozen
class Problem:
    """A problem found in partition ``partition``, ``line`` relative to the partition start.

    Kept as plain data so it crosses process boundaries unchanged; :func:`finish` turns it
    back into an :class:`~tgpl.errors.InvalidRecordError` with the absolute line.
    """

    partition: int
    kind: type[InvalidRecordError]
    message: str
    record_id: str | None
    path: str
    line: int | None
    source: str | None

    @classmethod
    def of(cls, partition: int, err: InvalidRecordError) -> Problem:
        return cls(partition, type(err), err.message, err.record_id, err.path, err.line, err.source)


@frozen
class PartialResult:
    """What one or more partitions contribute: per-window counters and sets, and problems.

    Tallies travel as plain dicts (one per window, in window order) because they must
    cross process boundaries; :func:`combine` adds them exactly, :func:`finish` turns
    them into :class:`~tgpl.reporting.tally.Tally` values. ``lines`` maps a partition to
    the number of lines it read (for absolute line numbers).
    """

    counts: tuple[dict[Key, int], ...]
    sets: tuple[dict[Key, frozenset[str]], ...]
    records: int = 0
    lines: tuple[tuple[int, int], ...] = ()
    problems: tuple[Problem, ...] = ()


def _empty(n_windows: int) -> PartialResult:
    return PartialResult(tuple({} for _ in range(n_windows)), tuple({} for _ in range(n_windows)))


def combine(*parts: PartialResult) -> PartialResult:
    """The exact sum of partial results (counters added, sets united, problems kept)."""
    if not parts:
        raise ValueError("combine needs at least one partial result")
    n = len(parts[0].counts)
    counts: list[Counter[Key]] = [Counter() for _ in range(n)]
    sets: list[dict[Key, frozenset[str]]] = [{} for _ in range(n)]
    records = 0
    lines: list[tuple[int, int]] = []
    problems: list[Problem] = []
    for part in parts:
        if len(part.counts) != n:
            raise ValueError("partial results of different window lists cannot be combined")
        for i in range(n):
            counts[i].update(part.counts[i])
            target = sets[i]
            for key, members in part.sets[i].items():
                target[key] = target[key] | members if key in target else members
        records += part.records
        lines.extend(part.lines)
        problems.extend(part.problems)
    return PartialResult(tuple(dict(c) for c in counts), tuple(sets), records, tuple(lines), tuple(problems))


class _Accumulator:
    """Aggregates located records in batches; rejected records become problems."""

    def __init__(self, windows: Sequence[WindowLike], options: AggregateOptions, partition: int, source: str) -> None:
        self.windows = windows
        self.options = options
        self.partition = partition
        self.source = source
        self.counts: list[Counter[Key]] = [Counter() for _ in windows]
        self.sets: list[dict[Key, set[str]]] = [{} for _ in windows]
        self.records = 0
        self.problems: list[Problem] = []
        self.batch: list[tuple[object, int]] = []

    def add(self, record: object, line: int) -> None:
        self.batch.append((record, line))
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def _aggregate(self, records: list[object]) -> None:
        o = self.options
        out = aggregate(
            records, self.windows, unit_mode=o.unit_mode, as_of=o.as_of, grader=o.grader,
            success_group=o.success_group, deadlines=o.deadlines,
        )
        for i, w in enumerate(self.windows):
            tally = out[w]
            self.counts[i].update(tally.counts)
            for key, members in tally.sets.items():
                self.sets[i].setdefault(key, set()).update(members)
        self.records += len(records)

    def flush(self) -> None:
        if not self.batch:
            return
        try:
            self._aggregate([r for r, _ in self.batch])
        except (InvalidRecordError, RuleNotInForceError):
            for record, line in self.batch:
                try:
                    self._aggregate([record])
                except (InvalidRecordError, RuleNotInForceError) as err:
                    self.problems.append(self._problem(err, record, line))
        self.batch.clear()

    def _problem(self, err: Exception, record: object, line: int) -> Problem:
        rid = getattr(record, "id", None)
        fallback = None if rid is None else str(rid)
        if isinstance(err, InvalidRecordError):
            return Problem(self.partition, type(err), err.message, err.record_id or fallback, err.path, line, self.source)
        return Problem(self.partition, InvalidRecordError, str(err), fallback, "$", line, self.source)

    def result(self, lines: int, extra: Iterable[Problem] = ()) -> PartialResult:
        self.flush()
        problems = sorted([*extra, *self.problems], key=lambda p: p.line or 0)
        return PartialResult(
            tuple(dict(c) for c in self.counts),
            tuple({k: frozenset(v) for k, v in s.items()} for s in self.sets),
            self.records,
            ((self.partition, lines),),
            tuple(problems),
        )


# -- reading one byte range -------------------------------------------------------------------


class _Slice(io.RawIOBase):
    """``length`` bytes of an open binary file from its current position."""

    def __init__(self, fh: IO[bytes], length: int) -> None:
        super().__init__()
        self._fh = fh
        self._left = length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        n = min(len(view), self._left)
        if n <= 0:
            return 0
        data = self._fh.read(n)
        view[: len(data)] = data
        self._left -= len(data)
        return len(data)


def _line_start(fh: IO[bytes], pos: int, size: int) -> int:
    """The first line start at or after ``pos``."""
    if pos <= 0:
        return 0
    if pos >= size:
        return size
    fh.seek(pos - 1)
    fh.readline()  # up to and including the newline that ends the line holding pos - 1
    return fh.tell()


def aggregate_range(
    rng: FileRange, partition: int, windows: Sequence[WindowLike], options: AggregateOptions
) -> PartialResult:
    """Aggregate the lines that start in ``rng`` (a worker task); streams, constant memory.

    Problems carry ``line`` relative to the first line of the range; :func:`finish`
    makes them absolute.
    """
    from tgpl.io.jsonl import read_jsonl

    with open(rng.path, "rb") as fh:  # noqa: PTH123 - a plain binary handle is what we seek on
        size = os.fstat(fh.fileno()).st_size
        start = _line_start(fh, rng.start, size)
        end = _line_start(fh, rng.end, size) if rng.end < size else size
        acc = _Accumulator(windows, options, partition, rng.path)
        if start >= end:
            return acc.result(0)
        fh.seek(start)
        # A byte order mark is only stripped on the file's first line; a range starting
        # later has none to strip (a BOM inside a file would already be invalid JSON).
        with io.BufferedReader(_Slice(fh, end - start), buffer_size=1 << 16) as chunk, \
                read_jsonl(chunk, source=rng.path) as stream:
            for record in stream:
                acc.add(record, stream.lines)
            return acc.result(stream.lines, (Problem.of(partition, e) for e in stream.errors))


def aggregate_records(
    records: Iterable[object], partition: int, windows: Sequence[WindowLike], options: AggregateOptions
) -> PartialResult:
    """Aggregate one in-memory partition of records (a worker task).

    A rejected record becomes a problem with ``source="<partition N>"`` and its 1-based
    position in the partition as ``line``.
    """
    acc = _Accumulator(windows, options, partition, f"<partition {partition}>")
    n = 0
    for n, record in enumerate(records, 1):
        acc.add(record, n)
    return acc.result(n)


def engine_suits(options: AggregateOptions) -> bool:
    """True when :func:`aggregate_file` can run ``options`` on the DuckDB bulk path
    (installed, no deadline counting, the built-in success groups)."""
    from tgpl.reporting import engine

    return engine.available() and not options.deadlines and options.success_group is None


def aggregate_file(
    rng: FileRange, partition: int, windows: Sequence[WindowLike], options: AggregateOptions
) -> PartialResult:
    """Aggregate a whole file (``rng`` covers it) on the bulk path of
    :mod:`tgpl.reporting.engine` (a worker task); the lines the engine hands back are
    read by :mod:`tgpl.io` and aggregated here, so the result equals :func:`aggregate_range`
    (duplicates are not removed, as everywhere in this module). DuckDB runs on one thread
    per task: the scheduler runs the tasks side by side."""
    from tgpl.reporting import engine
    from tgpl.rules.scoring import RUBRICS, grade_review, rubric_change_days

    def default_grader(review: Any, form: Any, on: dt.date) -> Any:
        return grade_review(review, form=form, on=on)

    result = engine.aggregate_files(
        [rng.path], windows, grader=options.grader or default_grader, unit_mode=options.unit_mode,
        as_of=options.as_of, rubric_days=rubric_change_days(RUBRICS.values()), threads=1, duplicates=False,
    )
    acc = _Accumulator(windows, options, partition, rng.path)
    extra: list[Problem] = []
    for record, _source, line, errors in engine.routed_records(result.routed):
        extra.extend(Problem.of(partition, e) for e in errors)
        if record is not None:
            acc.add(record, line)
    part = acc.result(result.lines, extra)
    counts = tuple(dict(Counter(c) + Counter(result.tallies[w].counts)) for c, w in zip(part.counts, windows, strict=True))
    return PartialResult(counts, part.sets, part.records + result.records, part.lines, part.problems)


# -- the final result -------------------------------------------------------------------------


@frozen(eq=False)
class Aggregation(Mapping[W, Tally], Generic[W]):
    """The result of a parallel or distributed run: a mapping ``window → Tally`` plus problems.

    It compares equal to the dict :func:`tgpl.reporting.aggregate` returns for the same
    records. ``errors`` holds every problem (bad lines and rejected records) in input
    order, each naming ``source`` (the file as given), the absolute 1-based ``line``, the
    record id and the field path; ``records`` counts the records aggregated, ``lines``
    the lines read, ``partitions`` the tasks the work was split into.
    """

    tallies: Mapping[W, Tally]
    errors: tuple[InvalidRecordError, ...] = ()
    records: int = 0
    lines: int = 0
    partitions: int = field(default=0)

    def __getitem__(self, window: W) -> Tally:
        return self.tallies[window]

    def __iter__(self) -> Iterator[W]:
        return iter(self.tallies)

    def __len__(self) -> int:
        return len(self.tallies)

    def __repr__(self) -> str:
        return (
            f"Aggregation({len(self.tallies)} windows, {self.records} records, "
            f"{len(self.errors)} errors, {self.partitions} partitions)"
        )

    @property
    def ok(self) -> bool:
        """True when no line and no record was rejected."""
        return not self.errors


def finish(
    total: PartialResult, windows: Sequence[W], ranges: Sequence[FileRange] | None = None, partitions: int | None = None
) -> Aggregation[W]:
    """Build the :class:`Aggregation` of a combined result.

    With ``ranges`` (partition ``i`` read ``ranges[i]``), each problem's line becomes
    absolute by adding the lines of the earlier ranges of the same file.
    """
    offsets: dict[int, int] = {}
    read = dict(total.lines)
    if ranges is not None:
        by_file: dict[int, list[int]] = {}
        for i, rng in enumerate(ranges):
            by_file.setdefault(rng.file_index, []).append(i)
        for idxs in by_file.values():
            before = 0
            for i in sorted(idxs, key=lambda j: ranges[j].start):
                offsets[i] = before
                before += read.get(i, 0)
    problems = sorted(
        total.problems,
        key=lambda p: (ranges[p.partition].file_index if ranges is not None else p.partition,
                       offsets.get(p.partition, 0) + (p.line or 0)),
    )
    errors = tuple(_rebuild(p, offsets.get(p.partition, 0)) for p in problems)
    tallies = {w: Tally(total.counts[i], total.sets[i]) for i, w in enumerate(windows)}
    return Aggregation(
        tallies, errors, total.records, sum(read.values()),
        len(read) if partitions is None else partitions,
    )


def _rebuild(p: Problem, offset: int) -> InvalidRecordError:
    line = None if p.line is None else p.line + offset
    try:
        return p.kind(p.message, record_id=p.record_id, path=p.path, line=line, source=p.source)
    except TypeError:  # a subclass with another constructor: keep the facts, lose the class
        return InvalidRecordError(p.message, record_id=p.record_id, path=p.path, line=line, source=p.source)


def unique_windows(windows: Iterable[W]) -> list[W]:
    """The windows in order without repeats, checked as :func:`tgpl.reporting.aggregate` checks them."""
    wins = list(dict.fromkeys(windows))
    aggregate([], wins)  # raises InvalidRecordError for a window that ends before it starts
    return wins


__all__ += ["unique_windows"]


# -- one machine ------------------------------------------------------------------------------


def aggregate_files_parallel(
    paths: Iterable[str | os.PathLike[str]],
    windows: Iterable[W],
    *,
    processes: int | None = None,
    chunk_bytes: int | None = None,
    unit_mode: UnitMode = UnitMode.AS_RECORDED,
    as_of: dt.date | None = None,
    deadlines: bool = False,
    grader: Grader | None = None,
    success_group: Callable[[str], str] | None = None,
    mp_context: BaseContext | None = None,
) -> Aggregation[W]:
    """Aggregate JSON Lines files on ``processes`` worker processes (default: every core).

    Equals ``aggregate(records of every file, windows, ...)`` computed in one process
    (the keyword arguments are those of :func:`tgpl.reporting.aggregate`). Files are cut
    into byte ranges of ``chunk_bytes`` (default: about four ranges per process, 1–64
    MiB each), so one big file keeps every core busy; each worker streams its range, so
    memory stays flat however big the input. ``processes=1`` (or a single range) runs
    in this process, without a pool. ``mp_context`` chooses the start method
    (``multiprocessing.get_context("spawn")``…); ``grader`` and ``success_group`` must
    then be picklable. A missing file raises :class:`FileNotFoundError` before any work.
    """
    if processes is not None and (isinstance(processes, bool) or processes < 1):
        raise ValueError(f"processes must be 1 or more, got {processes!r}")
    wins = unique_windows(windows)
    workers = processes or os.cpu_count() or 1
    path_list = [os.fspath(p) for p in paths]
    if chunk_bytes is None:
        total_bytes = sum(Path(p).stat().st_size for p in path_list)
        chunk_bytes = auto_chunk_bytes(total_bytes, workers)
    ranges = split_files(path_list, chunk_bytes)
    options = AggregateOptions(unit_mode, as_of, deadlines, grader, success_group)
    total = _empty(len(wins))
    if workers == 1 or len(ranges) <= 1:
        for i, rng in enumerate(ranges):
            total = combine(total, aggregate_range(rng, i, wins, options))
        return finish(total, wins, ranges, len(ranges))
    with ProcessPoolExecutor(max_workers=min(workers, len(ranges)), mp_context=mp_context) as pool:
        futures: list[Future[PartialResult]] = [
            pool.submit(aggregate_range, rng, i, wins, options) for i, rng in enumerate(ranges)
        ]
        for fut in as_completed(futures):
            total = combine(total, fut.result())
    return finish(total, wins, ranges, len(ranges))
