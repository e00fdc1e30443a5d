"""The engine's view of the case record, generated from the attrs types (schéma, sinh tự động).

The record schema is stated once, by the attrs classes of :mod:`tgpl.domain`
(:class:`~tgpl.domain.Case`, :class:`~tgpl.domain.Beneficiary`, the events, the
:class:`~tgpl.domain.QualityReview`). This module walks those classes and derives, for the
DuckDB engine of :mod:`tgpl.reporting.engine`:

* the JSON structure handed to DuckDB's ``json_transform`` (:func:`structure`): strings,
  codes, dates, units → ``VARCHAR``; integers and booleans → ``JSON`` (kept as their JSON
  text, so that ``"2002"`` or ``2.5`` is never taken for an integer); arrays → lists;
  objects → structs; the events → one struct with the union of every event's fields;
* a SQL predicate that holds only when every value is of its type and in its code list
  (:func:`checks`): the code lists are the values of the domain enums, the units the keys of
  :data:`~tgpl.domain.PROVINCES_2004` and :data:`~tgpl.domain.PROVINCES_2025`, each event's
  required fields are those of its class, and a field of another event kind must be absent;
* a *shape signature* (:func:`signature`): the numbers of keys, of string tokens, of ``[``
  and of ``{`` that a line holding exactly the parsed values must contain. The engine
  compares it with the same numbers counted on the raw line, so an unknown key, an
  explicit ``null``, a number written as a string, an array where a string is expected or a
  repeated key makes the line *doubtful*; a doubtful line is never counted by the engine but
  handed to the precise reader :mod:`tgpl.io` (see :mod:`tgpl.reporting.engine`).

The constructor rules that are code, not types (an immediate acceptance with its reason,
``birth_year`` against ``birth_date``, …) are written out in SQL in
:mod:`tgpl.reporting.engine`, each next to the class it mirrors; :data:`RULED` names
those classes, and a test fails when a domain class reachable from :class:`Case` gains a
validator or an ``__attrs_post_init__`` that is not listed there.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Mapping
from typing import Any, Final, Union, get_args, get_origin

import attrs

from tgpl.domain import (
    EVENT_TYPES,
    PROVINCES_2004,
    PROVINCES_2025,
    Case,
    FileCode,
    UnitRef,
)

__all__ = ["EVENT_FIELDS", "RULED", "UNITS", "checks", "signature", "structure"]

#: Domain classes whose validators / ``__attrs_post_init__`` the engine states in SQL.
RULED: Final = frozenset({"Case", "Beneficiary", "Accepted", "Ended", "SuccessAssessed", "AdviceDeadlineExtended", "EventBase"})

#: Every valid unit reference text (``"2004:06"``, ``"2025:19"``).
UNITS: Final = tuple(sorted(str(ref) for ref in (*PROVINCES_2004, *PROVINCES_2025)))

_DATE_RE: Final = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
# Canonical ISO 8601 moments only (what tgpl writes); any other spelling the converter may
# still accept is doubtful and read by tgpl.io. Years 1900–2199 keep clear of the range edges.
_MOMENT_RE: Final = (r"(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?"
                     r"([+-]([01][0-9]|2[0-3]):[0-5][0-9]|Z)")


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _in_list(values: typing.Iterable[str]) -> str:
    return "(" + ", ".join(_sql_str(v) for v in values) + ")"


def _hints(cls: type[Any]) -> dict[str, Any]:
    import tgpl.domain.beneficiary as b
    import tgpl.domain.case as c
    import tgpl.domain.events as e
    import tgpl.domain.review as r

    ns: dict[str, Any] = {**vars(b), **vars(c), **vars(e), **vars(r), "dt": dt}
    return typing.get_type_hints(cls, globalns=ns)


def _unwrap(t: Any) -> tuple[Any, bool]:
    """``X | None`` → ``(X, True)``; anything else → ``(t, False)``."""
    if get_origin(t) in (Union, types.UnionType):
        args = [a for a in get_args(t) if a is not type(None)]
        if len(args) == 1 and len(get_args(t)) == 2:
            return args[0], True
    return t, False


class _Leaf(enum.Enum):
    STR = "str"
    INT = "int"
    BOOL = "bool"
    DATE = "date"
    MOMENT = "moment"


def _kind(t: Any) -> Any:
    """What the engine reads for type ``t``: a leaf, ("enum", values), ("list", inner),
    ("map", inner), ("obj", fields)."""
    if t is str or t is FileCode:
        return _Leaf.STR
    if t is bool:
        return _Leaf.BOOL
    if t is int:
        return _Leaf.INT
    if t is dt.datetime:
        return _Leaf.MOMENT
    if t is dt.date:
        return _Leaf.DATE
    if t is UnitRef:
        return ("enum", UNITS)
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return ("enum", tuple(str(m.value) for m in t))
    origin = get_origin(t)
    if origin in (Union, types.UnionType) and all(attrs.has(a) for a in get_args(t)):
        return ("events", get_args(t))  # read as one struct, see EVENT_FIELDS
    if origin in (tuple, frozenset):
        return ("list", _kind(get_args(t)[0]))
    if origin in (Mapping, dict) and get_args(t)[0] is str:
        return ("map", _kind(get_args(t)[1]))
    if attrs.has(t):
        return ("obj", _fields(t))
    raise TypeError(f"the engine has no reading for type {t!r}")


def _fields(cls: type[Any]) -> list[tuple[str, Any, bool]]:
    """``(name, kind, required)`` of each field of an attrs class."""
    hints = _hints(cls)
    out: list[tuple[str, Any, bool]] = []
    for f in attrs.fields(cls):
        t, optional = _unwrap(hints[f.name])
        out.append((f.name, _kind(t), f.default is attrs.NOTHING and not optional))
    return out


def _structure(kind: Any) -> Any:
    if isinstance(kind, _Leaf):
        return "JSON" if kind in (_Leaf.INT, _Leaf.BOOL) else "VARCHAR"
    tag, inner = kind
    if tag == "enum":
        return "VARCHAR"
    if tag == "list":
        return [_structure(inner)]
    if tag == "map":
        return f"MAP(VARCHAR, {_structure(inner)})"
    return {name: _structure(k) for name, k, _ in inner}


def _event_fields() -> dict[str, dict[str, tuple[Any, bool]]]:
    """Every event field: by event type, its kind and whether it is required."""
    union: dict[str, dict[str, tuple[Any, bool]]] = {}
    for tag, cls in EVENT_TYPES.items():
        for name, kind, required in _fields(cls):
            if name in union and _structure(next(iter(union[name].values()))[0]) != _structure(kind):
                raise TypeError(f"event field {name!r} has two engine types")
            union.setdefault(name, {})[tag] = (kind, required)
    return union


#: The union of the event fields: name → {event type: (kind, required)}.
EVENT_FIELDS: Final = _event_fields()


def structure() -> dict[str, Any]:
    """The ``json_transform`` structure of a case line (``schema`` included)."""
    out: dict[str, Any] = {"schema": "VARCHAR"}
    for name, kind, _ in _fields(Case):
        if name == "events":
            out[name] = [{"type": "VARCHAR", **{n: _structure(next(iter(by.values()))[0]) for n, by in EVENT_FIELDS.items()}}]
        else:
            out[name] = _structure(kind)
    return out


# -- validity ------------------------------------------------------------------------------


def _valid(x: str, kind: Any, depth: int) -> str:
    """SQL that is true when the non-null value ``x`` is of ``kind`` and in its code list."""
    if kind is _Leaf.STR:
        return "true"
    if kind is _Leaf.INT:
        return f"regexp_full_match(CAST({x} AS VARCHAR), '-?[0-9]{{1,15}}')"
    if kind is _Leaf.BOOL:
        return f"CAST({x} AS VARCHAR) IN ('true', 'false')"
    if kind is _Leaf.DATE:
        return f"(regexp_full_match({x}, '{_DATE_RE}') AND TRY_CAST({x} AS DATE) IS NOT NULL)"
    if kind is _Leaf.MOMENT:
        return f"(regexp_full_match({x}, '{_MOMENT_RE}') AND TRY_CAST(left({x}, 10) AS DATE) IS NOT NULL)"
    tag, inner = kind
    if tag == "enum":
        return f"{x} IN {_in_list(inner)}"
    if tag in ("list", "map"):
        v = f"v{depth}"
        items = x if tag == "list" else f"map_values({x})"
        body = f"{v} IS NOT NULL AND {_valid(v, inner, depth + 1)}"
        return f"coalesce(list_bool_and(list_transform({items}, lambda {v}: {body})), true)"
    return _object_valid(x, inner, depth)


def _object_valid(x: str, fields: list[tuple[str, Any, bool]], depth: int) -> str:
    parts = []
    for name, kind, required in fields:
        f = f'{x}."{name}"'
        check = _valid(f, kind, depth)
        parts.append(f"({f} IS NOT NULL AND {check})" if required else
                     (f"({f} IS NULL OR {check})" if check != "true" else "true"))
    return "(" + " AND ".join(p for p in parts if p != "true") + ")"


def _event_valid(e: str) -> str:
    parts = [f"{e}.type IN {_in_list(EVENT_TYPES)}"]
    for name, by_type in EVENT_FIELDS.items():
        f = f'{e}."{name}"'
        by_check: dict[str, list[str]] = {}
        for tag, (kind, _) in by_type.items():
            by_check.setdefault(_valid(f, kind, 2), []).append(tag)
        when = " ".join(f"WHEN {e}.type IN {_in_list(tags)} THEN {check}" for check, tags in by_check.items())
        parts.append(f"({f} IS NULL OR CASE {when} ELSE false END)")
        required = [t for t, (_, r) in by_type.items() if r]
        if required:
            parts.append(f"({e}.type NOT IN {_in_list(required)} OR {f} IS NOT NULL)")
    return " AND ".join(parts)


def checks(c: str = "c") -> str:
    """SQL: every value of the parsed case ``c`` is of its type and in its code list."""
    fields = [f for f in _fields(Case) if f[0] != "events"]
    return (f"({_object_valid(c, fields, 0)} AND {c}.schema = {_sql_str(Case.schema)} AND "
            f"coalesce(list_bool_and(list_transform({c}.events, lambda e: e IS NOT NULL AND {_event_valid('e')})), true))")


# -- shape signature ------------------------------------------------------------------------

#: Weights of the four counts in one integer; a line shorter than ``_BASE`` bytes has every
#: count below it, so equal signatures mean equal counts (longer lines are doubtful).
_BASE: Final = 10_000
SIG_WEIGHTS: Final = (1, _BASE, _BASE**2, _BASE**3)  # keys, string tokens, "[", "{"
MAX_LINE: Final = _BASE - 1


def _sig(x: str, kind: Any, depth: int) -> str:
    """SQL: the signature of the non-null value ``x``."""
    k, s, b, o = SIG_WEIGHTS
    if isinstance(kind, _Leaf):
        return str(s) if kind in (_Leaf.STR, _Leaf.DATE, _Leaf.MOMENT) else "0"
    tag, inner = kind
    if tag == "enum":
        return str(s)
    if tag == "list":
        v = f"v{depth}"
        return f"({b} + coalesce(list_sum(list_transform({x}, lambda {v}: {_sig(v, inner, depth + 1)})), 0))"
    if tag == "map":
        v = f"v{depth}"
        return (f"({o} + cardinality({x}) * {k + s} + "
                f"coalesce(list_sum(list_transform(map_values({x}), lambda {v}: {_sig(v, inner, depth + 1)})), 0))")
    return _object_sig(x, [(n, kd) for n, kd, _ in inner], depth)


def _object_sig(x: str, fields: list[tuple[str, Any]], depth: int) -> str:
    k, s, _, o = SIG_WEIGHTS
    parts = [str(o)]
    for name, kind in fields:
        f = f'{x}."{name}"'
        parts.append(f"CASE WHEN {f} IS NULL THEN 0 ELSE {k + s} + {_sig(f, kind, depth)} END")
    return "(" + " + ".join(parts) + ")"


def signature(c: str = "c") -> str:
    """SQL: the shape signature the parsed case ``c`` gives (see the module docstring)."""
    top = [("schema", _Leaf.STR)] + [(n, k) for n, k, _ in _fields(Case) if n != "events"]
    ev = [("type", _Leaf.STR)] + [(n, next(iter(by.values()))[0]) for n, by in EVENT_FIELDS.items()]
    events = ("CASE WHEN {c}.events IS NULL THEN 0 ELSE {ks} + {b} + coalesce(list_sum(list_transform("
              "{c}.events, lambda e: {sig})), 0) END").format(
        c=c, ks=SIG_WEIGHTS[0] + SIG_WEIGHTS[1], b=SIG_WEIGHTS[2], sig=_object_sig("e", ev, 2))
    return f"({_object_sig(c, top, 1)} + {events})"


def raw_signature(j: str = "j") -> str:
    """SQL: the same four counts on the raw line ``j`` (which holds no backslash)."""
    k, s, b, o = SIG_WEIGHTS

    def count(token: str) -> str:
        return f"(strlen({j}) - strlen(replace({j}, '{token}', '')))"

    return f"({k} * {count(chr(34) + ':')} // 2 + {s} * {count(chr(34))} // 2 + {b} * {count('[')} + {o} * {count('{')})"

