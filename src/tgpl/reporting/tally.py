"""The mergeable tally (bảng đếm) of one reporting window: a commutative monoid.

A :class:`Tally` is two sparse maps, both keyed by tuples of codes:

* ``counts`` — ``(table, *dimension codes) → positive int``; merge adds the counters;
* ``sets`` — ``(table, *dimension codes) → frozenset of member ids``; merge is the union.
  Sets exist only for *distinct* counts (the communes reached by communication sessions):
  a distinct count is not additive across provinces or workers, a set union is exact.

So ``Tally.empty()`` is the identity and ``merge`` is exact, associative and commutative
(docs/architecture.md principle 5). The layout of every table — the names of its dimensions —
is fixed in :data:`TABLES` and :data:`SET_TABLES`; the administrative unit is always the
*last* dimension, which is what :meth:`Tally.map_units_to_2025` relies on.

Counting units are never mixed (principle 4): cases (vụ việc) live in ``case``,
person-occasions (lượt người) in ``person``, simple answers (việc) in ``simple_answer``.
What each table counts is documented in ``docs/statistics.md``.
"""

from __future__ import annotations

import enum
import operator
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

from attrs import field, frozen

from tgpl.domain import EndKind, UnitRef, to_scheme_2025
from tgpl.errors import InvalidRecordError, UnknownCodeError

__all__ = [
    "SCHEMA",
    "SET_TABLES",
    "TABLES",
    "FlowMeasure",
    "Tally",
    "merge",
]

#: The schema tag written in :meth:`Tally.to_json`.
SCHEMA = "tgpl.tally/2"
#: Earlier schema tags :meth:`Tally.from_json` still reads (see :data:`UPGRADES`).
OLD_SCHEMAS: tuple[str, ...] = ("tgpl.tally/1",)

#: The code of a dimension that a tally written under an earlier schema does not hold
#: (architecture principle 3: unknown is a value, never a guessed default).
UNKNOWN = "unknown"
#: The ``role`` of a case that is not litigation: the procedural role is not applicable.
NO_ROLE = ""

Key = tuple[str, ...]


class FlowMeasure(enum.StrEnum):
    """Flow measures of the ``case`` and ``person`` tables (Biểu 25/BTP/TGPL, TT 03/2019/TT-BTP).

    Every accepted case touching a window contributes exactly one *inflow* measure
    (``carried_over`` or ``accepted``) and one *outflow* measure (one of the ``ended_*``
    or ``open_at_end``) under the same breakdown key, which is why flow conservation
    ``carried_over + accepted = ended + open_at_end`` holds for every key.
    """

    CARRIED_OVER = "carried_over"
    ACCEPTED = "accepted"
    ENDED_COMPLETED = "ended.completed"
    ENDED_NOT_CONTINUED = "ended.not_continued"
    ENDED_SUSPENDED = "ended.suspended"
    OPEN_AT_END = "open_at_end"


#: The ``ended_*`` measures, in the order of :class:`tgpl.domain.EndKind`.
ENDED_MEASURES: tuple[str, ...] = (
    FlowMeasure.ENDED_COMPLETED.value,
    FlowMeasure.ENDED_NOT_CONTINUED.value,
    FlowMeasure.ENDED_SUSPENDED.value,
)
#: The ``ended_*`` measure of each :class:`tgpl.domain.EndKind` value (TT12 Art 10).
ENDED_MEASURE: Mapping[str, str] = MappingProxyType(
    {kind.value: measure for kind, measure in zip(EndKind, ENDED_MEASURES, strict=True)}
)
__all__ += ["ENDED_MEASURE", "ENDED_MEASURES"]

#: Counter tables and their dimensions (the administrative unit is always last).
TABLES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    # Cases (vụ việc): one inflow and one outflow per accepted case and window.
    # ``role``: the provider's procedural role (Law Art 31 cl. 1) for litigation — "unknown"
    # when not recorded — and "" for the other forms.
    # ``channel``: how the request was received (Law Art 29; TT12 Art 13), "unknown" when not recorded.
    "case": ("measure", "form", "role", "field", "provider_kind", "source", "channel", "groups", "unit"),
    # Person-occasions (lượt người): each beneficiary of a case, same measures as "case".
    "person": ("measure", "form", "role", "field", "sex", "groups", "unit"),
    # Requests refused or transferred in the window (never counted as cases).
    "request": ("outcome", "form", "field", "source", "channel", "unit"),
    # Cases appraised in the window, by the grade of their latest appraisal in the window.
    "appraisal": ("grade", "form", "field", "unit"),
    # Cases evaluated in the window (DOJ / MoJ), by level and grade of the latest evaluation.
    "evaluation": ("level", "grade", "form", "field", "unit"),
    # Litigation cases assessed for success in the window (latest assessment in the window),
    # by the QĐ 1179 criterion met ("" when not successful) and its group, and the provider
    # kind at the window end (the rule of the "case" table).
    "success": ("result", "group", "criterion", "provider_kind", "field", "unit"),
    # Overdue deadlines at window end, and the cases that have at least one.
    "overdue": ("deadline", "form", "unit"),
    "overdue_case": ("form", "unit"),
    # Non-case work.
    "simple_answer": ("field", "unit"),
    "reception": ("unit",),
    "outreach": ("metric", "target", "unit"),
    "mobile_trip": ("metric", "unit"),
    "training": ("metric", "unit"),
    # Litigation cases per TGV (legal aid assistant) for the annual litigation quota (chỉ tiêu
    # vụ việc tham gia tố tụng, tgpl.reporting.quota): ``measure`` "handled" (accepted in or
    # carried into the window) or "completed" (ended completed in it); ``provider`` the id of
    # the TGV who is the case's provider at the window end (at the case end if earlier).
    # Never published: reports withhold it (PRIVATE_TABLES) and show only quota indicators.
    "tgv_litigation": ("measure", "provider", "unit"),
    # Duty shifts (ca trực TGPL): ``metric`` shifts, persons_advised or requests_received;
    # ``place_kind`` court or investigation (programmes 1603/BTP-TANDTC, 5789/CTPH-BTP-BCA).
    "duty_shift": ("metric", "place_kind", "unit"),
    # The coordination council's work (TTLT10 Art 16–21): ``metric`` meetings or inspections.
    "council": ("metric", "unit"),
    # Hearings attended (NQ 33/2021/QH15; tgpl.reporting.plancounts): each hearing dated in the
    # window, and each case with one, by whether one was online; cases accepted / ended in the
    # window per national target programme.
    "hearing": ("mode", "instance", "field", "unit"),
    "hearing_case": ("online", "field", "unit"),
    "programme": ("programme", "measure", "form", "field", "unit"),
    # Outreach sessions and mobile trips held under a national target programme (Python fold only).
    "programme_activity": ("programme", "activity", "unit"),
})

#: Tables that a published report never carries (per-person counts): the JSON report's tally
#: leaves them out. They merge like every counter table.
PRIVATE_TABLES: frozenset[str] = frozenset({"tgv_litigation"})
#: The ``measure`` codes of ``tgv_litigation``.
TGV_HANDLED = "handled"
TGV_COMPLETED = "completed"
__all__ += ["PRIVATE_TABLES", "TGV_COMPLETED", "TGV_HANDLED"]

#: Set tables (merge by union) and their dimensions (the unit is always last).
SET_TABLES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "outreach_communes": ("target", "unit"),
    "mobile_communes": ("unit",),
    # Units the coordination council inspected (TTLT10 Art 20).
    "council_inspected": ("unit",),
})



def _v1_person(row: list[Any]) -> list[Any]:
    # measure, form, … → measure, form, role, …: litigation's role is unknown, others have none.
    return [row[0], row[1], UNKNOWN if row[1] == "litigation" else NO_ROLE, *row[2:]]


def _v1_case(row: list[Any]) -> list[Any]:
    # … and source, groups, unit → source, channel (unknown), groups, unit.
    out = _v1_person(row)
    return [*out[:-3], UNKNOWN, *out[-3:]]


def _v1_request(row: list[Any]) -> list[Any]:
    # outcome, form, field, source, unit → …, source, channel (unknown), unit.
    return [*row[:-2], UNKNOWN, *row[-2:]]


def _v1_success(row: list[Any]) -> list[Any]:
    # result, group, … → result, group, criterion, provider_kind, …
    criterion = UNKNOWN if row[0] == "successful" else ""
    return [row[0], row[1], criterion, UNKNOWN, *row[2:]]


#: How a table of an earlier schema is read: ``schema → table → (old dims, row upgrade)``.
#: ``tgpl.tally/1`` had no procedural role in ``case`` and ``person``, no request channel in
#: ``case`` and ``request`` (read as ``"unknown"``), and neither the
#: criterion nor the provider kind in ``success``: they read as ``"unknown"`` (the role of a
#: case that is not litigation as ``""``, not applicable; the criterion of an unsuccessful
#: assessment as ``""``, as the fold writes it).
UPGRADES: Mapping[str, Mapping[str, tuple[tuple[str, ...], Any]]] = MappingProxyType({
    "tgpl.tally/1": MappingProxyType({
        "case": (("measure", "form", "field", "provider_kind", "source", "groups", "unit"), _v1_case),
        "person": (("measure", "form", "field", "sex", "groups", "unit"), _v1_person),
        "request": (("outcome", "form", "field", "source", "unit"), _v1_request),
        "success": (("result", "group", "field", "unit"), _v1_success),
    }),
})
__all__ += ["NO_ROLE", "OLD_SCHEMAS", "UNKNOWN", "UPGRADES"]

Where = str | Collection[str] | None


def _check_counts(_i: object, _a: object, value: Mapping[Key, int]) -> None:
    for key, n in value.items():
        _check_key(key, TABLES, "counts")
        if type(n) is not int or n <= 0:
            raise InvalidRecordError(f"count for {key!r} must be a positive integer, got {n!r}", path="$.tables")


def _check_sets(_i: object, _a: object, value: Mapping[Key, frozenset[str]]) -> None:
    for key, members in value.items():
        _check_key(key, SET_TABLES, "sets")
        if not members or not all(isinstance(m, str) for m in members):
            raise InvalidRecordError(f"set for {key!r} must be a non-empty set of strings", path="$.sets")


def _check_key(key: Key, layout: Mapping[str, tuple[str, ...]], where: str) -> None:
    if not isinstance(key, tuple) or not key or key[0] not in layout:
        raise UnknownCodeError(f"unknown tally table in key {key!r}", path=f"$.{where}")
    if len(key) != len(layout[key[0]]) + 1 or not _all_str(key):
        raise InvalidRecordError(
            f"key {key!r} does not match table {key[0]!r} dimensions {layout[key[0]]}", path=f"$.{where}"
        )


def _all_str(key: Key) -> bool:
    """Whether every part of ``key`` is a string (``str.join`` checks that in C: tallies of
    national registers hold tens of thousands of keys)."""
    try:
        "".join(key)
    except TypeError:
        return False
    return True


def _counts(value: Mapping[Key, int]) -> Mapping[Key, int]:
    return MappingProxyType({k: v for k, v in value.items() if v != 0})


def _sets(value: Mapping[Key, Iterable[str]]) -> Mapping[Key, frozenset[str]]:
    out = {k: frozenset(v) for k, v in value.items()}
    return MappingProxyType({k: v for k, v in out.items() if v})


@frozen(eq=False)
class Tally:
    """Counts of one reporting window for one or more organisations; merge with ``+``.

    Build tallies with :func:`tgpl.reporting.aggregate`; merge provincial or per-worker
    tallies with ``a + b`` or :func:`merge`; read them with :meth:`count`,
    :meth:`distinct` and :meth:`breakdown`, or through indicators
    (:mod:`tgpl.reporting.indicators`). Zero counts and empty sets are never stored, so
    two tallies are equal exactly when they count the same things.
    """

    counts: Mapping[Key, int] = field(factory=dict, converter=_counts, validator=_check_counts)
    sets: Mapping[Key, frozenset[str]] = field(factory=dict, converter=_sets, validator=_check_sets)
    # Marginal sums already computed, by (table, dimension indexes): a tally is immutable,
    # and a report reads the same few marginals for dozens of indicators, so each is
    # summed over the (tens of thousands of) counters once. Not part of equality.
    _marginals: dict[tuple[str, tuple[int, ...]], dict[Key, int]] = field(
        factory=dict, init=False, repr=False, eq=False
    )
    # The counters grouped by table (computed on the first read).
    _by_table: dict[str, list[tuple[Key, int]]] = field(factory=dict, init=False, repr=False, eq=False)

    # -- monoid ---------------------------------------------------------------------

    def __reduce__(self) -> tuple[object, ...]:
        # Read-only mapping proxies do not pickle; send plain dicts across processes.
        return (Tally, (dict(self.counts), {k: frozenset(v) for k, v in self.sets.items()}))

    @classmethod
    def empty(cls) -> Tally:
        """The identity of :func:`merge`."""
        return cls()

    def merge(self, other: Tally) -> Tally:
        """The exact sum of two tallies: counters added, sets united."""
        counts: Counter[Key] = Counter(self.counts)
        counts.update(other.counts)
        sets = dict(self.sets)
        for key, members in other.sets.items():
            sets[key] = sets[key] | members if key in sets else members
        return Tally(counts, sets)

    def __add__(self, other: object) -> Tally:
        if not isinstance(other, Tally):
            return NotImplemented
        return self.merge(other)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tally):
            return NotImplemented
        return dict(self.counts) == dict(other.counts) and dict(self.sets) == dict(other.sets)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Tally({len(self.counts)} counters, {len(self.sets)} sets)"

    @property
    def is_empty(self) -> bool:
        return not self.counts and not self.sets

    # -- reading ----------------------------------------------------------------------

    def count(self, table: str, /, **where: Where) -> int:
        """Sum of the ``table`` counters whose dimensions match ``where``.

        Each keyword names a dimension of :data:`TABLES` ``[table]``; its value is one
        code or a collection of codes (any of them matches); ``None`` matches all.
        ``tally.count("case", measure="accepted", form="litigation")``.
        """
        tests = _tests(table, TABLES, where)
        marginal = self._marginal(table, tuple(sorted(i for i, _ in tests)))
        pos = {i: p for p, i in enumerate(sorted(i for i, _ in tests))}
        checks = [(pos[i], allowed) for i, allowed in tests]
        return sum(n for key, n in marginal.items() if all(key[p] in allowed for p, allowed in checks))

    def breakdown(self, table: str, by: Iterable[str], /, **where: Where) -> dict[Key, int]:
        """Sums of ``table`` grouped by the dimensions ``by`` (after filtering by ``where``)."""
        dims = TABLES.get(table)
        if dims is None:
            raise UnknownCodeError(f"unknown tally table {table!r}", path="$.table")
        idx = [_dim_index(table, dims, d) for d in by]
        tests = _tests(table, TABLES, where)
        used = tuple(sorted({*idx, *(i for i, _ in tests)}))
        pos = {i: p for p, i in enumerate(used)}
        checks = [(pos[i], allowed) for i, allowed in tests]
        take = [pos[i] for i in idx]
        out: Counter[Key] = Counter()
        for key, n in self._marginal(table, used).items():
            if all(key[p] in allowed for p, allowed in checks):
                out[tuple(key[p] for p in take)] += n
        return dict(out)

    def _marginal(self, table: str, idx: tuple[int, ...]) -> dict[Key, int]:
        """Sums of ``table`` by the key positions ``idx`` (sorted), computed once: from
        the smallest marginal already computed that holds those positions, else from the
        table's counters."""
        got = self._marginals.get((table, idx))
        if got is not None:
            return got
        if not self._by_table and self.counts:
            for key, n in self.counts.items():
                self._by_table.setdefault(key[0], []).append((key, n))
        rows: Iterable[tuple[Key, int]] = self._by_table.get(table, ())
        size = len(self._by_table.get(table, ()))
        pick = idx  # positions to read in the rows' keys
        for (t, held), marginal in self._marginals.items():
            if t == table and len(marginal) < size and set(idx) <= set(held):
                rows, size = marginal.items(), len(marginal)
                # positions of idx inside the held marginal's keys (which omit the table)
                pick = tuple(held.index(i) for i in idx)
        out: dict[Key, int] = {}
        get = out.get
        if len(pick) >= 2:
            part = operator.itemgetter(*pick)  # a tuple of the positions, in C
            for key, n in rows:
                k = part(key)
                out[k] = get(k, 0) + n
        else:
            for key, n in rows:
                k = tuple(key[i] for i in pick)
                out[k] = get(k, 0) + n
        self._marginals[(table, idx)] = out
        return out

    def members(self, table: str, /, **where: Where) -> frozenset[tuple[str, str]]:
        """The ``(unit, member)`` pairs of the matching sets of a set table.

        Members are qualified by their unit, so a commune name that occurs in two
        provinces is two communes.
        """
        match = _matcher(table, SET_TABLES, where)
        return frozenset((key[-1], m) for key, ms in self.sets.items() if match(key) for m in ms)

    def distinct(self, table: str, /, **where: Where) -> int:
        """Number of distinct ``(unit, member)`` pairs in the matching sets (e.g. communes)."""
        return len(self.members(table, **where))

    def tables(self) -> Iterator[tuple[str, Key, int]]:
        """Every counter as ``(table, key without the table name, count)``, sorted."""
        for key in sorted(self.counts):
            yield key[0], key[1:], self.counts[key]

    # -- tables for analysts and BI ----------------------------------------------------

    def to_records(self, table: str | None = None) -> list[dict[str, str | int]]:
        """Every counter as a row in long format, named by its dimensions; sorted.

        ``{"table": "case", "measure": "accepted", "form": "litigation", …, "unit": "2004:06",
        "count": 12}`` — the keys of a row are ``"table"``, the dimensions of that table
        (:data:`TABLES`) and ``"count"``. ``table`` keeps one table's rows. Distinct-count
        sets (:data:`SET_TABLES`) are not counters: read them with :meth:`members`. A
        ``pandas.DataFrame(tally.to_records("case"))`` is a tidy frame ready for pivots.
        """
        if table is not None and table not in TABLES:
            raise UnknownCodeError(f"unknown tally table {table!r}", path="$.table")
        rows: list[dict[str, str | int]] = []
        for name, key, n in self.tables():
            if table is None or name == table:
                row: dict[str, str | int] = {"table": name}
                row.update(zip(TABLES[name], key, strict=True))
                row["count"] = n
                rows.append(row)
        return rows

    def to_arrow(self, table: str | None = None) -> Any:
        """:meth:`to_records` as a ``pyarrow.Table`` (needs pyarrow: ``pip install 'tgpl[arrow]'``).

        Columns: ``table``, then the dimensions of ``table`` — or, for every table, the
        union of all dimension names in :data:`TABLES` order, null where a table has no such
        dimension — then ``count`` (int64). An empty tally gives an empty table with the same
        columns.
        """
        from tgpl.reporting.interchange import arrow_table

        return arrow_table(self.to_records(table), _record_columns(table))

    # -- province merger ------------------------------------------------------------

    def map_units(self, mapping: Mapping[str, str] | None = None, *, to_2025: bool = False) -> Tally:
        """A copy with the unit dimension re-coded; colliding keys are merged exactly."""
        cache: dict[str, str] = dict(mapping or {})

        def recode(u: str) -> str:
            if u not in cache:
                cache[u] = str(to_scheme_2025(UnitRef.parse(u))) if to_2025 else u
            return cache[u]

        counts: Counter[Key] = Counter()
        for key, n in self.counts.items():
            counts[(*key[:-1], recode(key[-1]))] += n
        sets: dict[Key, frozenset[str]] = {}
        for key, ms in self.sets.items():
            k = (*key[:-1], recode(key[-1]))
            sets[k] = sets[k] | ms if k in sets else ms
        return Tally(counts, sets)

    def map_units_to_2025(self) -> Tally:
        """Key every count by the 34 units in force from 01/07/2025 (Nghị quyết 202/2025/QH15).

        Units recorded under the 2004 scheme become their successor
        (:func:`tgpl.domain.to_scheme_2025`); 2025 units stay. Mapping commutes with
        merging: ``(a + b).map_units_to_2025() == a.map_units_to_2025() + b.map_units_to_2025()``.
        Distinct communes stay distinct (a commune is identified within its unit; after
        mapping, communes of two former provinces are still two communes unless their
        identifiers coincide — use commune codes, which are unique nationally).
        """
        return self.map_units(to_2025=True)

    # -- JSON -----------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """A lossless, schema-versioned, deterministic JSON form (``"schema": "tgpl.tally/2"``)."""
        tables: dict[str, Any] = {}
        for key in sorted(self.counts):
            t = tables.setdefault(key[0], {"dims": list(TABLES[key[0]]), "rows": []})
            t["rows"].append([*key[1:], self.counts[key]])
        sets: dict[str, Any] = {}
        for key in sorted(self.sets):
            s = sets.setdefault(key[0], {"dims": list(SET_TABLES[key[0]]), "rows": []})
            s["rows"].append([*key[1:], sorted(self.sets[key])])
        return {"schema": SCHEMA, "tables": tables, "sets": sets}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Tally:
        """Read :meth:`to_json` output; bad input raises :class:`InvalidRecordError` with the path.

        A ``tgpl.tally/1`` document is read too: the dimensions it lacks read as unknown
        (:data:`UPGRADES`), so old provincial tallies still merge with new ones.
        """
        schema = data.get("schema") if isinstance(data, Mapping) else None
        if not isinstance(data, Mapping) or (schema != SCHEMA and schema not in OLD_SCHEMAS):
            got = schema if isinstance(data, Mapping) else type(data).__name__
            raise InvalidRecordError(f"not a {SCHEMA} document (schema {got!r})", path="$.schema")
        upgrades = UPGRADES.get(str(schema), {})
        counts: Counter[Key] = Counter()
        sets: dict[Key, frozenset[str]] = {}
        for section, layout in (("tables", TABLES), ("sets", SET_TABLES)):
            body = data.get(section, {})
            if not isinstance(body, Mapping):
                raise InvalidRecordError(f"{section} must be an object", path=f"$.{section}")
            for name, table in body.items():
                path = f"$.{section}.{name}"
                if name not in layout:
                    raise UnknownCodeError(f"unknown table {name!r}", path=path)
                dims, upgrade = upgrades.get(name, (layout[name], None)) if section == "tables" else (layout[name], None)
                if not isinstance(table, Mapping) or list(table.get("dims", ())) != list(dims):
                    raise InvalidRecordError(f"dims must be {list(dims)}", path=f"{path}.dims")
                rows = table.get("rows", [])
                if not isinstance(rows, list):
                    raise InvalidRecordError("rows must be a list", path=f"{path}.rows")
                width = len(layout[name])
                for i, row in enumerate(rows):
                    rpath = f"{path}.rows[{i}]"
                    if upgrade is not None:
                        if not isinstance(row, list) or len(row) != len(dims) + 1 or not all(isinstance(c, str) for c in row[:-1]):
                            raise InvalidRecordError(f"a row is {len(dims)} codes and a value", path=rpath)
                        row = upgrade(row)
                    if not isinstance(row, list) or len(row) != width + 1 or not all(isinstance(c, str) for c in row[:width]):
                        raise InvalidRecordError(f"a row is {width} codes and a value", path=rpath)
                    key: Key = (name, *row[:width])
                    value = row[width]
                    if section == "tables":
                        if type(value) is not int or value <= 0:
                            raise InvalidRecordError("count must be a positive integer", path=f"{rpath}[{width}]")
                        if key in counts:
                            raise InvalidRecordError(f"duplicate row {list(key[1:])}", path=rpath)
                        counts[key] = value
                    else:
                        if not isinstance(value, list) or not value or not all(isinstance(m, str) for m in value):
                            raise InvalidRecordError("members must be a non-empty list of strings", path=f"{rpath}[{width}]")
                        if key in sets:
                            raise InvalidRecordError(f"duplicate row {list(key[1:])}", path=rpath)
                        sets[key] = frozenset(value)
        return cls(counts, sets)


def merge(*tallies: Tally) -> Tally:
    """Merge any number of tallies (``merge()`` is the empty tally)."""
    counts: Counter[Key] = Counter()
    sets: dict[Key, frozenset[str]] = {}
    for t in tallies:
        counts.update(t.counts)
        for key, ms in t.sets.items():
            sets[key] = sets[key] | ms if key in sets else ms
    return Tally(counts, sets)


def _record_columns(table: str | None) -> dict[str, str]:
    """The columns of :meth:`Tally.to_records` rows (name → Arrow type name)."""
    names: dict[str, str] = {"table": "string"}
    for name, dims in TABLES.items():
        if table is None or name == table:
            names.update(dict.fromkeys(dims, "string"))
    names["count"] = "int64"
    return names


def _dim_index(table: str, dims: tuple[str, ...], dim: str) -> int:
    try:
        return dims.index(dim) + 1
    except ValueError:
        raise UnknownCodeError(f"table {table!r} has no dimension {dim!r} (dimensions: {dims})", path="$.where") from None


def _tests(table: str, layout: Mapping[str, tuple[str, ...]], where: Mapping[str, Where]) -> list[tuple[int, frozenset[str]]]:
    """``where`` as (key position, allowed codes) pairs; an unknown table or dimension raises."""
    dims = layout.get(table)
    if dims is None:
        raise UnknownCodeError(f"unknown tally table {table!r}", path="$.table")
    tests: list[tuple[int, frozenset[str]]] = []
    for dim, value in where.items():
        if value is None:
            continue
        allowed = frozenset((value,)) if isinstance(value, str) else frozenset(value)
        tests.append((_dim_index(table, dims, dim), allowed))
    return tests


def _matcher(table: str, layout: Mapping[str, tuple[str, ...]], where: Mapping[str, Where]) -> Any:
    tests = _tests(table, layout, where)

    def match(key: Key) -> bool:
        return key[0] == table and all(key[i] in allowed for i, allowed in tests)

    return match
