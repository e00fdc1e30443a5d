"""Building a report from input files, and rendering it safely (lập và xuất báo cáo).

:func:`build_report` is the main job of docs/architecture.md as one call: read the JSON Lines
inputs in *collect* mode (every bad line becomes a problem, every good record is kept),
drop duplicate records (the same case — organisation and file code — read twice, in one
file or across files, is a problem naming both places and is **counted once**), aggregate
the window into a :class:`~tgpl.reporting.tally.Tally`, compute the built-in and plugin
indicators, ask the plugins for the province profile, apply small-cell suppression when
asked, and fill :class:`~tgpl.reporting.report.ReportMeta` with everything needed to
reproduce the numbers (window and its cut-off rule, rubric and eligibility rule-set ids,
plugin versions, input file names — never paths or personal data —, counts, time).

:func:`render_all` renders each format in isolation: a format that raises, returns
something other than non-empty ``bytes``, or runs past the time limit is reported as a
:class:`~tgpl.errors.PluginError` naming its plugin, and the other formats still render.
Every output file is written atomically (:func:`tgpl.fsutil.atomic_write_bytes`).

Layering note: this module reads files through :mod:`tgpl.io` (imported lazily, only when
paths are given) — it is the one place in ``tgpl.reporting`` that touches files.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from attrs import field, frozen

from tgpl.domain import (
    VN_TZ,
    Form,
    Grade,
    QualityReview,
    UnitRef,
)
from tgpl.errors import (
    DuplicateRecordError,
    InvalidRecordError,
    PluginError,
    RuleNotInForceError,
    TgplError,
    quote_value,
)
from tgpl.reporting.aggregate import LEGACY, UnitMode, aggregate
from tgpl.reporting.indicators import in_scope
from tgpl.reporting.plugins import Plugins
from tgpl.reporting.quota import (
    QUOTA_INDICATORS,
    TgvQuota,
    no_quota_notice,
    not_judged_notice,
    quota_basis,
    quota_values,
)
from tgpl.reporting.report import IndicatorResult, Report, ReportFormat, ReportMeta
from tgpl.reporting.tally import SCHEMA as TALLY_SCHEMA
from tgpl.reporting.tally import Tally, merge
from tgpl.reporting.windows import Window, parse_window

if TYPE_CHECKING:
    from tgpl.reporting.relations import Ratio, Relation
    from tgpl.rules.validation import ValidationRule

__all__ = [
    "BATCH_SIZE",
    "ENGINE_MIN_BYTES",
    "SHARE_DECIMALS",
    "InputReader",
    "Located",
    "RenderResult",
    "ReportSet",
    "build_report",
    "format_problem",
    "input_bytes",
    "parse_unit_mode",
    "render_all",
    "report_from_tally",
    "round_share",
    "suppress_indicators",
    "write_report_set",
]

#: Below this many bytes of JSON Lines input (all files together; a gzip file counts its
#: uncompressed size), :func:`build_report` uses the Python fold even where the bulk engine
#: could run: the engine's fixed cost (importing DuckDB, connecting, compiling its statement of
#: about 45 kB, judging the distinct keys of the keyed rules, which repeat little in a small
#: register) is larger than the Python fold's whole cost on a small register. Measured with
#: ``benchmarks/crossover.py`` on the project's machine: the two paths cost the same at
#: 3.3–3.7 MB (about 3,000 cases of the benchmark register; docs/performance.md,
#: docs/decisions.md). ``engine=True`` forces the engine whatever the size.
ENGINE_MIN_BYTES: Final = 3_500_000
#: Records aggregated together; a batch with a bad record is re-done record by record,
#: so one inconsistent case becomes a problem instead of stopping the report.
BATCH_SIZE: Final = 2000
#: How often (in records) the progress callback is called.
PROGRESS_EVERY: Final = 1000
_RECORDS_SOURCE: Final = "<records>"

Progress = Callable[[int], None]


def format_problem(problem: TgplError) -> str:
    """One line per problem: ``file:line: record: path: message`` (``-`` where unknown)."""
    if isinstance(problem, InvalidRecordError):
        src = problem.source or "-"
        line = "" if problem.line is None else f":{problem.line}"
        return f"{src}{line}: {problem.record_id or '-'}: {problem.path}: {problem.message}"
    if isinstance(problem, PluginError):
        return f"plugin {problem.plugin}: {problem.message}"
    return str(problem)


def parse_unit_mode(value: UnitMode | str) -> UnitMode:
    """``"as-recorded"``/``"as_recorded"`` or ``"2025"``/``"scheme_2025"`` → :class:`UnitMode`."""
    if isinstance(value, UnitMode):
        return value
    text = str(value).strip().lower().replace("-", "_")
    if text in ("as_recorded", "recorded"):
        return UnitMode.AS_RECORDED
    if text in ("2025", "scheme_2025"):
        return UnitMode.SCHEME_2025
    raise ValueError(f"unknown unit mode {value!r}: use 'as-recorded' or '2025'")


# -- reading ------------------------------------------------------------------------------


@frozen
class Located:
    """A record and where it was read: ``source`` (the path as given) and 1-based ``line``."""

    record: Any
    source: str
    line: int


class InputReader:
    """Iterate the valid, de-duplicated records of ``inputs`` as :class:`Located` values.

    ``inputs`` holds paths of JSON Lines files, directories (their ``*.jsonl`` and
    ``*.jsonl.gz`` files) and ``-`` (standard input) — expanded by
    :func:`tgpl.io.inputs.expand_inputs`, read through :func:`tgpl.io.jsonl.read_jsonl` in
    collect mode — and/or record values. After iterating, :attr:`problems` holds every
    bad line, every file given twice (read once) and every duplicate record (a
    :class:`~tgpl.errors.DuplicateRecordError` naming both places; the first occurrence is
    the one kept; records are the same when :func:`tgpl.io.records.record_identity` is),
    :attr:`records` the number of records yielded, :attr:`inputs` the file names read. A
    missing or unreadable file raises :class:`OSError`
    (:class:`tgpl.io.inputs.InputFileError`).
    """

    def __init__(self, inputs: Iterable[object] | str | os.PathLike[str], *, progress: Progress | None = None) -> None:
        # Kept lazy: an iterator of records (e.g. a store's records) is read once, in
        # constant memory, as the report consumes it.
        self._inputs: Iterable[object] = [inputs] if isinstance(inputs, str | os.PathLike) else inputs
        self._progress = progress
        self.problems: list[TgplError] = []
        self.records = 0
        self.inputs: list[str] = []
        self._seen: dict[tuple[str, str, str], tuple[str, int]] = {}

    def _expanded(self) -> Iterable[object]:
        """The inputs in their order, each path expanded (directories, ``-``, files given twice)."""
        from tgpl.io.inputs import expand_inputs

        if not isinstance(self._inputs, Sequence):
            # A one-shot iterable (a database cursor, a store's records): records, read lazily
            # in one pass; a path among them is read as a file (its own expansion).
            return self._lazy(self._inputs)
        paths = [(i, item) for i, item in enumerate(self._inputs) if isinstance(item, str | os.PathLike)]
        if not paths:
            return self._inputs
        where = [i for i, _ in paths]
        expanded = expand_inputs([item for _, item in paths])
        self.problems.extend(expanded.problems)
        files_of: dict[int, list[object]] = {}
        for path, origin in zip(expanded.files, expanded.origins, strict=True):
            files_of.setdefault(where[origin], []).append(path)
        out: list[object] = []
        for i, item in enumerate(self._inputs):
            out.extend(files_of.get(i, []) if i in where else [item])
        return out

    def _lazy(self, items: Iterable[object]) -> Iterator[object]:
        from tgpl.io.inputs import expand_inputs

        for item in items:
            if isinstance(item, str | os.PathLike):
                expanded = expand_inputs([item])
                self.problems.extend(expanded.problems)
                yield from expanded.files
            else:
                yield item

    def _raw(self) -> Iterator[Located]:
        import sys

        from tgpl.io.inputs import STDIN
        from tgpl.io.jsonl import read_jsonl

        loose = 0
        for item in self._expanded():
            if isinstance(item, str | os.PathLike):
                source = os.fspath(item)
                self.inputs.append("<stdin>" if source == STDIN else Path(source).name)
                target: Any = sys.stdin.buffer if source == STDIN else source
                with read_jsonl(
                    target, strict=False, source="<stdin>" if source == STDIN else source, whole_file=True
                ) as stream:
                    taken = 0
                    for record in stream:
                        if len(stream.errors) > taken:  # keep problems in line order
                            self.problems.extend(stream.errors[taken:])
                            taken = len(stream.errors)
                        yield Located(record, source, stream.lines)
                    self.problems.extend(stream.errors[taken:])
            elif isinstance(item, Located):
                yield item
            else:
                if loose == 0:
                    self.inputs.append(_RECORDS_SOURCE)
                loose += 1
                yield Located(item, _RECORDS_SOURCE, loose)

    def __iter__(self) -> Iterator[Located]:
        progress = self._progress
        from tgpl.io.records import record_identity

        for loc in self._raw():
            key = record_identity(loc.record)
            if key is not None:
                first = self._seen.get(key)
                if first is not None:
                    kind = key[0]
                    rid = str(getattr(loc.record, "id", ""))
                    org = str(getattr(loc.record, "organisation", ""))
                    what = "case" if kind.startswith("tgpl.case/") else kind.removeprefix("tgpl.").split("/")[0]
                    self.problems.append(DuplicateRecordError(
                        f"duplicate {what} {quote_value(rid)} of organisation {quote_value(org)}: "
                        f"first read at {first[0]}:{first[1]}; counted once (the first occurrence is kept)",
                        record_id=rid,
                        path="$.code" if what == "case" else "$.id",
                        line=loc.line,
                        source=loc.source,
                    ))
                    continue
                self._seen[key] = (loc.source, loc.line)
            self.records += 1
            if progress is not None and self.records % PROGRESS_EVERY == 0:
                progress(self.records)
            yield loc
        if progress is not None:
            progress(self.records)


def _validated(located: Iterable[Located], plugins: Plugins, problems: list[TgplError]) -> Iterator[Located]:
    """The records whose validation finds no error; each error becomes a problem instead.
    An activity's national target programmes are checked too
    (:func:`tgpl.rules.validation.validate_activity`).

    Every rule of the plugins' validation registry runs (the built-in rules, which apply
    every case check of the rules layer — :data:`tgpl.rules.validation.RULES_LAYER_CHECKS`
    —, and the province rules), exactly as ``tgpl validate`` runs them: a wrong record is an
    error, never a figure. Warnings do not stop a record. Validation runs without a
    reference date: a report's ``as_of`` means "ignore later events", not "later events
    are wrong".
    """
    from tgpl.domain import Case
    from tgpl.rules.validation import Severity, validate_activity, validate_case

    registry = plugins.validation_registry()
    for loc in located:
        # a case: every rule of the registry; an activity: its programmes (validate_activity)
        errors = ([p for p in validate_case(loc.record, registry=registry) if p.severity is Severity.ERROR]
                  if isinstance(loc.record, Case) else validate_activity(loc.record))
        if errors:
            problems.extend(
                InvalidRecordError(
                    f"[{p.code}] {p.message_en}; not counted", record_id=p.case_id, path=p.path,
                    line=loc.line, source=loc.source,
                )
                for p in errors
            )
            continue
        yield loc


# -- aggregation in batches -------------------------------------------------------------------


def _as_problem(err: Exception, loc: Located) -> InvalidRecordError:
    rid = getattr(loc.record, "id", None)
    if isinstance(err, InvalidRecordError):
        record_id = err.record_id or (None if rid is None else str(rid))
        try:
            return type(err)(err.message, record_id=record_id, path=err.path, line=loc.line, source=loc.source)
        except TypeError:  # a subclass with its own constructor (ScoreError): keep the facts, not the class
            return InvalidRecordError(err.message, record_id=record_id, path=err.path, line=loc.line, source=loc.source)
    return InvalidRecordError(str(err), record_id=None if rid is None else str(rid), line=loc.line, source=loc.source)


def _aggregate_collect(
    located: Iterable[Located], window: Window, problems: list[TgplError], **kwargs: Any
) -> Tally:
    """Aggregate in batches; a record that aggregation rejects becomes a problem."""
    parts: list[Tally] = []
    batch: list[Located] = []

    def flush() -> None:
        try:
            parts.append(aggregate([loc.record for loc in batch], [window], **kwargs)[window])
        except (InvalidRecordError, RuleNotInForceError):
            for loc in batch:
                try:
                    parts.append(aggregate([loc.record], [window], **kwargs)[window])
                except (InvalidRecordError, RuleNotInForceError) as err:
                    problems.append(_as_problem(err, loc))
        batch.clear()

    for loc in located:
        batch.append(loc)
        if len(batch) >= BATCH_SIZE:
            flush()
    if batch:
        flush()
    return merge(*parts)


# -- small-cell suppression -----------------------------------------------------------------


def suppress_indicators(
    indicators: Sequence[IndicatorResult],
    k: int,
    *,
    relations: Iterable[Relation] | None = None,
    ratios: Iterable[Ratio] | None = None,
) -> tuple[IndicatorResult, ...]:
    """Hide small published counts so that none can be worked back from the rest.

    Counts are the integer indicators, shares the ``%`` ones. A count with ``0 < value <
    k`` is hidden as ``"<k"`` (primary); every share with a hidden part is hidden; then
    :func:`tgpl.privacy.disclosure.protect` hides further counts (``"x"``, complementary)
    until :func:`tgpl.privacy.disclosure.attack` — which uses every declared relation
    (``relations``, default :data:`~tgpl.reporting.indicators.BUILTIN_RELATIONS`: totals
    and parts, flows, grade distributions, Biểu 24/25 rows and columns) and every shown
    share with its rounding interval (``ratios``, default
    :data:`~tgpl.reporting.indicators.BUILTIN_RATIOS`) — recovers no hidden figure.
    A hidden indicator has ``value`` ``None`` and its marker in ``suppressed``. ``k`` of
    0 or 1 hides nothing.
    """
    from tgpl.privacy.disclosure import protect
    from tgpl.privacy.suppression import DEFAULT_COMPLEMENTARY_MARKER, primary_marker
    from tgpl.reporting.indicators import BUILTIN_RATIOS, BUILTIN_RELATIONS

    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise ValueError(f"suppress_below must be a whole number 0 or more, got {k!r}")
    values: dict[str, int | float | None] = {}
    for i in indicators:
        if i.unit == "%" or (isinstance(i.value, int) and not isinstance(i.value, bool)):
            values[i.code] = i.value
    protection = protect(
        values,
        BUILTIN_RELATIONS if relations is None else relations,
        BUILTIN_RATIOS if ratios is None else ratios,
        k=k,
        complementary_marker=DEFAULT_COMPLEMENTARY_MARKER,
        decimals=SHARE_DECIMALS,
    )
    marker = primary_marker(k)
    out: list[IndicatorResult] = []
    for i in indicators:
        if i.code in protection.primary:
            out.append(_evolve_hidden(i, marker))
        elif i.code in protection.hidden:
            out.append(_evolve_hidden(i, DEFAULT_COMPLEMENTARY_MARKER))
        else:
            out.append(i)
    return tuple(out)


#: Shares (``%`` indicators) are published rounded half-up to this many decimals.
SHARE_DECIMALS: Final = 1


def round_share(value: float | None) -> float | None:
    """``81.578…`` → ``81.6``: a share as published (half-up, :data:`SHARE_DECIMALS` decimals).

    Publishing the unrounded ratio would hand its numerator and denominator to a reader
    who knows one of them (issue: 124 ÷ 81.578…% = 152 recovered a hidden count).
    """
    if value is None:
        return None
    q = Decimal(repr(value)).quantize(Decimal(1).scaleb(-SHARE_DECIMALS), rounding=ROUND_HALF_UP)
    return float(q)


def _evolve_hidden(i: IndicatorResult, marker: str) -> IndicatorResult:
    return IndicatorResult(
        code=i.code, label_vi=i.label_vi, label_en=i.label_en, unit=i.unit, value=None,
        source=i.source, basis=i.basis, suppressed=marker,
    )


# -- the report -------------------------------------------------------------------------------


def _units(tally: Tally) -> tuple[str, ...]:
    return tuple(sorted({k[-1] for k in tally.counts} | {k[-1] for k in tally.sets}))


def _eligibility_ids(window: Window) -> str:
    from tgpl.rules.eligibility import RULE_SETS

    ids = [
        r.id + (" (provisional)" if r.provisional else "")
        for r in RULE_SETS
        if r.effective_from <= window.end and (r.effective_to is None or r.effective_to >= window.start)
    ]
    return ", ".join(ids) or "none"


def _notices(window: Window, tally: Tally) -> tuple[str, ...]:
    from tgpl.rules.eligibility import provisional_notice

    notice = provisional_notice(window.start, window.end)
    return tuple(n for n in (notice, legacy_success_notice(tally)) if n)


def legacy_success_notice(tally: Tally) -> str:
    """The one-line notice, in Vietnamese only (it is printed in officer-facing reports), that some successful litigation
    cases were assessed before QĐ 1179/QĐ-BTP (16/05/2022), under the earlier guidance and
    without a criterion; ``""`` when there are none. Reports print it once."""
    n = tally.count("success", result="successful", group=LEGACY)
    if not n:
        return ""
    return (
        f"Lưu ý: {n} vụ việc tham gia tố tụng thành công được đánh giá trước ngày 16/05/2022 theo hướng dẫn "
        "của Cục Trợ giúp pháp lý trước Quyết định 1179/QĐ-BTP (Công văn số 427/CTGPL-TC&QLCL ngày 16/10/2020 "
        "và các công văn trước đó), không theo tiêu chí của Quyết định 1179/QĐ-BTP."
    )


__all__ += ["legacy_success_notice"]


def _quota_results(quota: TgvQuota | None, tally: Tally, window: Window) -> list[IndicatorResult]:
    """The TGV quota indicators (tgpl.reporting.quota) when a quota is given, else none."""
    if quota is None:
        return []
    values = quota_values(quota, tally, window.start, window.end)
    basis = quota_basis(quota)
    out: list[IndicatorResult] = []
    for code, (vi, en, unit) in QUOTA_INDICATORS.items():
        if code not in values:  # the level indicators, when the quota has no levels
            continue
        value = values[code]
        if unit == "%" and value is not None:
            value = round_share(float(value))
        out.append(IndicatorResult(code, vi, en, unit, value, "tgpl", basis))
    return out


def _quota_notices(quota: TgvQuota | None, tally: Tally, window: Window) -> tuple[str, ...]:
    notice = no_quota_notice(tally) if quota is None else not_judged_notice(quota, window.start, window.end)
    return (notice,) if notice else ()


def _cutoff(window: Window) -> str:
    if window.regime is None:
        return "custom (khoảng thời gian tùy chọn)"
    rule = window.rule
    if rule is None:
        return f"{window.regime.value}: {window.regime.label_vi}"
    verified = "" if rule.verified else " [UNVERIFIED]"
    return f"{window.regime.value}: {rule.basis}; in force {rule.effective_from.isoformat()}{verified}"


def build_report(
    inputs: Iterable[object] | str | os.PathLike[str],
    window: Window | str,
    *,
    plugins: Plugins,
    unit_mode: UnitMode | str = UnitMode.AS_RECORDED,
    as_of: dt.date | None = None,
    suppress_below: int | None = None,
    generated_at: dt.datetime | None = None,
    deadlines: bool = False,
    progress: Progress | None = None,
    issued_on: dt.date | None = None,
    all_indicators: bool = False,
    engine: bool | None = None,
    tgv_quota: TgvQuota | None = None,
) -> tuple[Report, list[TgplError]]:
    """Build the :class:`Report` of ``window`` from ``inputs``; return it with every problem.

    ``inputs``: paths of JSON Lines files and/or records — any iterable, e.g. a generator
    over a database cursor's rows (see ``docs/quickstart.md``). ``window``: a
    :class:`Window` or a label for :func:`parse_window` (``"2022-H1"``,
    ``"stats:2022-H1"``). ``plugins``: a :class:`tgpl.reporting.plugins.Plugins` facade
    (its indicators, rubrics and province profile are used; hooks run once).
    ``unit_mode``: ``"as-recorded"`` (default) or ``"2025"``. ``as_of``: ignore events
    dated after it. ``suppress_below``: hide published counts below it
    (:func:`suppress_indicators`; off by default). ``generated_at``: fix the generation
    time (golden files); default now, in Vietnam's time. ``deadlines=True`` also counts
    overdue deadlines. ``progress(n)`` is called every 1,000 records read. ``issued_on``:
    the date of the place-and-date line (default: the generation day). ``all_indicators``:
    also show province indicators scoped to other units (:func:`~tgpl.reporting.indicators.in_scope`).
    ``engine``: which path reads JSON Lines files. ``None`` (default): the DuckDB bulk path
    (:mod:`tgpl.reporting.engine`, extra ``fast``) when the files hold at least
    :data:`ENGINE_MIN_BYTES` together, else the Python fold (cheaper on a small register);
    ``True``: the bulk path whatever the size; ``False``: the Python fold. Both give the same
    figures and problems, the validation rules included (:mod:`tgpl.reporting.engine_rules`;
    a plugin's rule the engine does not state sends the whole report to the Python fold);
    records given as values, folders, standard input and ``deadlines=True`` always take the
    Python fold, and so does everything without DuckDB. ``tgv_quota``: as in
    :func:`report_from_tally`.

    Problems (never raised, always returned): bad lines and duplicates
    (:class:`~tgpl.errors.InvalidRecordError`), cases a validation rule finds an error in
    (every rule ``tgpl validate`` runs; such a case is not counted), records aggregation rejects (an end
    before acceptance, a review that cannot be graded), a plugin indicator that fails
    (:class:`~tgpl.errors.PluginError`; the indicator is left out). Raised: a bad window
    (:class:`~tgpl.errors.WindowError`), an unreadable file (:class:`OSError`), a plugin
    that hands over something invalid (:class:`~tgpl.errors.PluginError`).
    """
    from tgpl.rules.scoring import score

    win = parse_window(window) if isinstance(window, str) else window
    mode = parse_unit_mode(unit_mode)
    if suppress_below is not None and (isinstance(suppress_below, bool) or not isinstance(suppress_below, int) or suppress_below < 0):
        raise ValueError(f"suppress_below must be a whole number 0 or more, got {suppress_below!r}")
    # Asked before reading, so that a plugin that hands over something invalid fails
    # before any file is read (the results are cached for report_from_tally).
    plugins.indicators()
    plugins.indicator_owners()
    rubrics = plugins.rubrics()
    used_rubrics: set[str] = set()

    def grader(review: QualityReview, form: Form, on: dt.date) -> Grade:
        rubric = rubrics.get(review.rubric) if review.rubric is not None else None
        result = score(review, form=form, on=on, rubric=rubric)
        used_rubrics.add(result.rubric)
        return result.grade

    bulk = None if engine is False else _bulk(inputs, win, mode, as_of, grader, rubrics.values(), deadlines=deadlines,
                                              rules=plugins.validation_registry().rules, forced=engine is True)
    if bulk is None:
        reader = InputReader(inputs, progress=progress)
        problems = reader.problems
        tally = _aggregate_collect(
            _validated(reader, plugins, problems), win, problems, unit_mode=mode, as_of=as_of, grader=grader,
            deadlines=deadlines,
        )
        names, records = reader.inputs, reader.records
    else:
        engine_tally, engine_records, names, located, problems = bulk
        reader = InputReader(located)
        reader.problems.extend(problems)
        problems = reader.problems
        tally = merge(engine_tally, _aggregate_collect(
            _validated(reader, plugins, problems), win, problems, unit_mode=mode, as_of=as_of, grader=grader,
        ))
        order: dict[str, int] = {}
        for i, name in enumerate(names):
            order.setdefault(name, i)
        problems.sort(key=lambda p: (order.get(Path(getattr(p, "source", "") or "").name, -1), getattr(p, "line", 0) or 0))
        records = engine_records + reader.records
        if progress is not None:
            progress(records)
    report = report_from_tally(
        tally, win, plugins=plugins, unit_mode=mode, rubrics=used_rubrics, problems=problems,
        inputs=names, records=records, suppress_below=suppress_below,
        generated_at=generated_at, issued_on=issued_on, all_indicators=all_indicators, tgv_quota=tgv_quota,
    )
    return report, problems


def _bulk(
    inputs: Iterable[object] | str | os.PathLike[str], win: Window, mode: UnitMode, as_of: dt.date | None,
    grader: Callable[[QualityReview, Form, dt.date], Grade], rubrics: Iterable[Any], *, deadlines: bool,
    rules: Sequence[ValidationRule] = (), forced: bool = False,
) -> tuple[Tally, int, list[str], list[Located], list[TgplError]] | None:
    """The bulk path (:mod:`tgpl.reporting.engine`) for JSON Lines files, or ``None``
    when it does not apply: records given as values, directories, standard input or a file
    given twice (the Python reader expands and diagnoses those), ``deadlines`` (which
    needs whole cases), files smaller than :data:`ENGINE_MIN_BYTES` together unless
    ``forced``, a validation rule in ``rules`` the engine does not state (a plugin's rule:
    :func:`tgpl.reporting.engine_rules.unknown_rules`), or DuckDB not installed (then a
    one-line hint is printed once)."""
    items = [inputs] if isinstance(inputs, str | os.PathLike) else list(inputs) if isinstance(inputs, list | tuple) else None
    if deadlines or not items or not all(isinstance(i, str | os.PathLike) for i in items):
        return None
    files = [Path(i) for i in items]
    if any(os.fspath(f) == "-" or not f.is_file() for f in files) or len({f.resolve() for f in files}) < len(files):
        return None
    if not forced and input_bytes(files) < ENGINE_MIN_BYTES:
        return None  # a small register: the Python fold costs less than the engine's start
    from tgpl.reporting import engine, engine_rules
    from tgpl.rules.scoring import rubric_change_days

    if engine_rules.unknown_rules(rules):
        return None
    if not engine.available():
        _hint_once(engine.hint())
        return None
    paths = [os.fspath(i) for i in items]
    for p in paths:
        Path(p).open("rb").close()  # a missing or unreadable file raises OSError, as on the Python path
    result = engine.aggregate_files(paths, [win], grader=grader, unit_mode=mode, as_of=as_of,
                                    rubric_days=rubric_change_days(rubrics),
                                    rules=tuple(rules))
    located: list[Located] = []
    problems: list[TgplError] = []
    for record, source, line, errors in engine.routed_records(result.routed):
        problems.extend(errors)
        if record is not None:
            located.append(Located(record, source, line))
    return result.tallies[win], result.records, [Path(p).name for p in paths], located, problems


def input_bytes(paths: Iterable[str | os.PathLike[str]]) -> int:
    """The bytes of JSON Lines the files hold together: a file's size, a gzip file's
    uncompressed size (from its trailer: the last member's size modulo 2**32, never less
    than the compressed size)."""
    total = 0
    for p in map(Path, paths):
        size = p.stat().st_size
        if p.name.endswith(".gz") and size >= 18:
            with p.open("rb") as fh:
                fh.seek(-4, os.SEEK_END)
                size = max(size, int.from_bytes(fh.read(4), "little"))
        total += size
    return total


_HINTED: list[bool] = []


def _hint_once(text: str) -> None:
    import sys

    if not _HINTED:
        _HINTED.append(True)
        print(text, file=sys.stderr)


def report_from_tally(
    tally: Tally,
    window: Window | str,
    *,
    plugins: Plugins,
    unit_mode: UnitMode | str = UnitMode.AS_RECORDED,
    rubrics: Iterable[str] = (),
    problems: list[TgplError] | None = None,
    inputs: Sequence[str] = (),
    records: int = 0,
    suppress_below: int | None = None,
    generated_at: dt.datetime | None = None,
    issued_on: dt.date | None = None,
    all_indicators: bool = False,
    tgv_quota: TgvQuota | None = None,
) -> Report:
    """Turn an already aggregated ``tally`` of ``window`` into a :class:`Report`.

    This is the second half of :func:`build_report` (which calls it), offered on its own
    so that a tally computed elsewhere — e.g. merged from provincial tallies, or by the
    bulk path of ``tgpl report --engine`` — gets exactly the same indicators (built-in and plugin),
    suppression, province profile and metadata. ``rubrics``: the ids of the rubrics used
    to grade (``"none"`` when empty). ``problems``: the problems found so far; a plugin
    indicator that fails, or a province profile plugin that fails, is **appended** to it
    (pass a list to get them; :attr:`ReportMeta.problems` counts the whole list).
    ``inputs``: input file names (never paths); ``records``: the records read.
    ``suppress_below``, ``generated_at``, ``issued_on`` and ``all_indicators`` as in
    :func:`build_report`: an indicator scoped to other units (a province plugin's plan
    indicators) is left out of the report unless ``all_indicators``. ``tgv_quota``: the TGV
    litigation quota to judge (:mod:`tgpl.reporting.quota`), in place of the province
    profile's; the quota indicators are shown when either gives one.
    """
    from tgpl import __version__

    win = parse_window(window) if isinstance(window, str) else window
    mode = parse_unit_mode(unit_mode)
    if suppress_below is not None and (isinstance(suppress_below, bool) or not isinstance(suppress_below, int) or suppress_below < 0):
        raise ValueError(f"suppress_below must be a whole number 0 or more, got {suppress_below!r}")
    problems = [] if problems is None else problems
    indicators = plugins.indicators()
    owners: Mapping[str, str] = plugins.indicator_owners()

    units = _units(tally)
    results: list[IndicatorResult] = []
    for code, ind in indicators.items():
        if not all_indicators and not in_scope(ind, units):
            continue
        owner = owners.get(code, "tgpl")
        try:
            value = ind.compute(tally)
        except Exception as exc:
            problems.append(PluginError(owner, f"indicator {code!r} failed: {exc!r}; left out of the report"))
            continue
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            problems.append(PluginError(owner, f"indicator {code!r} returned a {type(value).__name__}, not a number or None; left out of the report"))
            continue
        source = "tgpl" if owner.split(" ", 1)[0] == "tgpl" else owner
        if ind.unit == "%" and isinstance(value, float | int):
            value = round_share(float(value))
        results.append(IndicatorResult(code, ind.label_vi, ind.label_en, ind.unit, value, source, ind.basis))
    profile = None
    if len(units) == 1:
        try:
            profile = plugins.province_profile(UnitRef.parse(units[0]))
        except PluginError as err:
            problems.append(err)
        except TgplError:
            profile = None
    quota = tgv_quota if tgv_quota is not None else (None if profile is None else profile.tgv_quota)
    results += _quota_results(quota, tally, win)
    final = tuple(results) if suppress_below is None else suppress_indicators(results, suppress_below)

    rule_sets = {
        "window_cutoff": _cutoff(win),
        "rubric": ", ".join(sorted(set(rubrics))) or "none",
        "eligibility": _eligibility_ids(win),
        "tally": TALLY_SCHEMA,
    }
    if suppress_below is not None:
        rule_sets["suppression"] = f"small cells below {suppress_below} hidden (tgpl.privacy.suppression markers)"
    meta = ReportMeta(
        generated_at=generated_at if generated_at is not None else dt.datetime.now(VN_TZ).replace(microsecond=0),
        tgpl_version=__version__,
        window=win.label,
        window_vi=win.label_vi,
        regime=None if win.regime is None else win.regime.value,
        units=units,
        unit_mode=mode.value,
        rule_sets=rule_sets,
        plugins=plugins.versions(),
        inputs=tuple(inputs),
        records=records,
        problems=len(problems),
        suppress_below=suppress_below,
        notices=(*_notices(win, tally), *_quota_notices(quota, tally, win)),
        issued_on=issued_on,
    )
    return Report(window=win, tally=tally, indicators=final, meta=meta, profile=profile)


# -- rendering -------------------------------------------------------------------------------


@frozen
class RenderResult:
    """What :func:`render_all` did: the files ``written`` and the ``errors``, by format name."""

    written: Mapping[str, Path] = field(factory=dict)
    errors: Mapping[str, PluginError] = field(factory=dict)

    @property
    def ok(self) -> bool:
        """True when every format rendered and was written."""
        return not self.errors


def _render_isolated(fmt: ReportFormat, report: Report, owner: str, timeout_s: float) -> bytes:
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["data"] = fmt.render(report)
        except BaseException as exc:
            box["error"] = exc

    worker = threading.Thread(target=run, name=f"tgpl-render-{fmt.name}", daemon=True)
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive():
        raise PluginError(owner, f"format {fmt.name!r} did not finish within {timeout_s:g} s; nothing was written for it")
    if "error" in box:
        exc = box["error"]
        raise PluginError(owner, f"format {fmt.name!r} failed: {exc!r}") from exc
    data = box.get("data")
    if not isinstance(data, bytes):
        raise PluginError(owner, f"format {fmt.name!r} returned a {type(data).__name__}, not bytes")
    if not data:
        raise PluginError(owner, f"format {fmt.name!r} returned no bytes (an empty file)")
    return data


def _check_stem(stem: str) -> None:
    if not stem or "/" in stem or os.sep in stem or stem in (".", ".."):
        raise ValueError(f"stem {stem!r} must be a plain file name without a directory")


def render_all(
    report: Report,
    formats: Mapping[str, ReportFormat] | Iterable[ReportFormat],
    out_dir: str | os.PathLike[str],
    *,
    stem: str,
    timeout_s: float = 60,
    owners: Mapping[str, str] | None = None,
) -> RenderResult:
    """Render ``report`` in every format into ``out_dir/<stem>.<extension>``, each in isolation.

    Each format runs in its own worker thread; tgpl stops waiting after ``timeout_s``
    seconds (the thread is abandoned — Python cannot kill it — and never writes). A
    format that raises, hangs, or returns anything but non-empty ``bytes`` gets a
    :class:`~tgpl.errors.PluginError` in :attr:`RenderResult.errors` naming its plugin
    (``owners``: format name → plugin, e.g. :meth:`Plugins.format_owners`); the others
    still render. Files are written atomically; ``out_dir`` is created if needed.
    An :class:`OSError` while writing is raised.
    """
    from tgpl.fsutil import atomic_write_bytes

    _check_stem(stem)
    items = list(formats.values()) if isinstance(formats, Mapping) else list(formats)
    names = owners or {}
    directory = Path(out_dir)
    directory.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    errors: dict[str, PluginError] = {}
    for fmt in items:
        owner = names.get(fmt.name, fmt.name)
        try:
            data = _render_isolated(fmt, report, owner, timeout_s)
        except PluginError as err:
            errors[fmt.name] = err
            continue
        path = directory / f"{stem}.{fmt.extension}"
        atomic_write_bytes(path, data)
        written[fmt.name] = path
    return RenderResult(written=written, errors=errors)


# -- a report set, written whole --------------------------------------------------------------


@frozen
class ReportSet:
    """What :func:`write_report_set` did: the files ``written`` (by format), the ``manifest``
    (``None`` when no format rendered and nothing was written) and the format ``errors``."""

    written: Mapping[str, Path] = field(factory=dict)
    manifest: Path | None = None
    errors: Mapping[str, PluginError] = field(factory=dict)

    @property
    def files(self) -> list[Path]:
        """Every file written, the manifest last (what a caller prints)."""
        return [*self.written.values(), *([self.manifest] if self.manifest is not None else [])]


def write_report_set(
    report: Report,
    formats: Mapping[str, ReportFormat] | Iterable[ReportFormat],
    out_dir: str | os.PathLike[str],
    *,
    stem: str,
    timeout_s: float = 60,
    owners: Mapping[str, str] | None = None,
    wait: bool = True,
    stale_extensions: Iterable[str] = (),
) -> ReportSet:
    """Render ``report`` like :func:`render_all`, and move the files into ``out_dir`` **together**.

    The run takes the advisory lock of ``out_dir`` (a second run waits, or fails with
    :class:`tgpl.fsutil.OutputBusyError` when ``wait=False``), finishes any set a killed
    run left, renders into a staging folder inside ``out_dir``, and commits the set with a
    manifest ``<stem>.manifest.json`` (:func:`tgpl.fsutil.report_set`): files with sizes
    and SHA-256 hashes, window, generation time, tgpl version, input names, record and
    problem counts. Files ``<stem>.<ext>`` for ``ext`` in ``stale_extensions`` that are not
    part of the new set (a format of an earlier run that failed or was not asked for this
    time) are removed in the same commit, so an old file never sits beside new ones. When
    no format renders, nothing is written and the old set stays.
    """
    from tgpl.fsutil import report_set

    _check_stem(stem)
    directory = Path(out_dir)
    with report_set(directory, wait=wait) as staged:
        result = render_all(report, formats, staged.staging, stem=stem, timeout_s=timeout_s, owners=owners)
        if not result.written:
            return ReportSet(errors=result.errors)
        meta = report.meta
        manifest = {
            "window": meta.window,
            "generated_at": meta.generated_at.isoformat(),
            "tgpl_version": meta.tgpl_version,
            "inputs": list(meta.inputs),
            "counts": {"records": meta.records, "problems": meta.problems, "indicators": len(report.indicators)},
            "formats": sorted(result.written),
        }
        _files, manifest_path = staged.commit(
            [p.name for p in result.written.values()],
            manifest_name=f"{stem}.manifest.json",
            manifest=manifest,
            stale=[f"{stem}.{ext}" for ext in stale_extensions],
        )
    written = {name: directory / p.name for name, p in result.written.items()}
    return ReportSet(written=written, manifest=manifest_path, errors=result.errors)
