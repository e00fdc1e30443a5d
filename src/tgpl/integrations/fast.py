"""Fast aggregation of JSON Lines files (tổng hợp nhanh): parsed dicts, no attrs objects.

The typed path (``read_jsonl`` → :class:`~tgpl.domain.Case` → :func:`aggregate`) builds
a frozen attrs object for every case, beneficiary, event and review — about 15–20k cases
a second per core. :func:`aggregate_jsonl_fast` computes the very same tallies from the
dicts ``orjson`` parses, without building those objects:

* **Every record is checked.** A case goes through the fast path only when it is
  *plainly valid*: its schema tag, every key, every code (enum values), every date and
  date-time, every unit, the file code, and every rule the domain constructors enforce
  (at least one beneficiary, unique beneficiary ids, ``birth_year`` consistent with
  ``birth_date``, an immediate acceptance with its reason, a not-continued end with its
  ground, a successful assessment with its criterion, the advice extension 10 < days ≤ 30,
  a procedural role only for litigation, the file code's form equal to the case form) and
  every consistency check of :func:`aggregate` (an end after an acceptance, only one end).
  The checkers are derived from the attrs field types of the domain classes when this
  module is imported; a class whose validators or ``__attrs_post_init__`` this module
  does not know is never fast (:data:`UNSUPPORTED` names them; a test asserts it is empty).
* **Compiled checking when ``msgspec`` is installed** (optional extra ``fast``). Each line
  is first decoded by :mod:`tgpl.integrations._fastcheck` straight into ``msgspec`` Structs
  generated from the same attrs classes, which check keys, types and codes in C; the
  checks ``msgspec`` cannot express (dates, units, file code, constructor rules) stay in
  Python. A line it refuses goes through the dict checker below, so the result is the
  same with or without ``msgspec`` (the Hypothesis property runs both);
  :data:`USE_COMPILED` switches it off.
* **Anything else takes the typed path.** A record that is not plainly valid — an
  activity, an unknown key, a bad code, invalid JSON, a review the rubric rejects — is
  re-run through :func:`tgpl.io.from_dict` and :func:`tgpl.reporting.aggregate`, so it
  either counts exactly as the typed path counts it or yields the same precise error
  (file, line, record id, field path). Nothing bad is ever counted silently.
* **Grades** come from :func:`tgpl.rules.scoring.grade_review` (the default grader of
  :func:`aggregate`), cached by (scores, inapplicable criteria, Art 6 flag, rubric name,
  form, which rubrics are in force on the review date); a review dated where no
  confirmed rubric is in force counts as ungraded (``UNGRADED``), as in :func:`aggregate`;
  any other review that does not grade sends its case to the typed path, which raises
  the error.
* **Threads or processes.** ``processes=2`` splits each file into newline-aligned byte
  ranges (:func:`tgpl.integrations.parallel.split_files`) and merges the partial tallies
  exactly (docs/architecture.md principle 5); each worker streams its range, so memory does
  not grow with the file. The ranges run on threads in one process when the compiled
  line scanner reads the input (its kernel releases the GIL), else on a process pool;
  see :func:`run_fast` (``workers``).
* **The line scanner** (:mod:`tgpl.integrations._scan`, extra ``fast``) reads blocks of
  lines in tgpl's canonical form in one compiled call and grades plain reviews with
  NumPy; every line it declines takes the per-line paths above, so it changes speed,
  never a result.

The result equals, tally for tally and error for error,
:func:`tgpl.integrations.parallel.aggregate_files_parallel` with ``processes=1`` (the
typed, error-collecting reader of the same files): a Hypothesis property in
``tests/perf`` checks it on generated and mutated records. Deadline counting
(``deadlines=True`` of :func:`aggregate`) needs whole cases and is not offered here.

Layering note: this module reads files, so it imports :mod:`tgpl.io` and the process
split of :mod:`tgpl.integrations.parallel` — lazily, inside functions, so that
``import tgpl.reporting`` stays light and free of upward imports at import time.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import inspect
import io
import os
import re
import types
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar, Union, get_args, get_origin

import attrs

from tgpl.domain import (
    DEFAULT_CODE_WORDS,
    EVENT_TYPES,
    VN_TZ,
    Beneficiary,
    Case,
    Form,
    QualityReview,
    Tri,
    UnitRef,
    to_scheme_2025,
)
from tgpl.errors import InvalidRecordError, RuleNotInForceError
from tgpl.io.converter import parse_datetime
from tgpl.io.records import RECORD_TYPES
from tgpl.reporting.aggregate import UNGRADED, UnitMode, WindowLike, aggregate, latest_in_window
from tgpl.reporting.tally import ENDED_MEASURE, FlowMeasure, Key, Tally

if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    from tgpl.integrations.parallel import FileRange, PartialResult, Problem

__all__ = [
    "UNSUPPORTED",
    "USE_COMPILED",
    "USE_SCANNER",
    "FastResult",
    "aggregate_jsonl_fast",
    "canonical_code",
    "find_duplicate_cases",
    "plainly_valid",
    "run_fast",
]

W = TypeVar("W", bound=WindowLike)
Check = Callable[[Any], bool]

CASE_TAG: Final = Case.schema
_BOM: Final = b"\xef\xbb\xbf"

# -- checkers derived from the attrs field types ------------------------------------------------


def _never(_v: Any) -> bool:
    return False


def _always(_v: Any) -> bool:
    return True


def _is_str(v: Any) -> bool:
    return type(v) is str


def _is_int(v: Any) -> bool:
    return type(v) is int


def _is_bool(v: Any) -> bool:
    return v is True or v is False


def _is_float(v: Any) -> bool:
    return (type(v) is int or type(v) is float) and v - v == 0  # finite


_date = dt.date.fromisoformat
_datetime = parse_datetime  # the converter's own rules: "T"/space separator, convertible to VN time


def _is_date(v: Any) -> bool:
    if type(v) is not str:
        return False
    try:
        _date(v)
    except ValueError:
        return False
    return True


def _is_datetime(v: Any) -> bool:
    if type(v) is not str:
        return False
    try:
        _datetime(v)
    except ValueError:
        return False
    return True


_UNITS: dict[str, UnitRef | None] = {}


def _unit(v: str) -> UnitRef | None:
    """The parsed unit of a string, or None when :meth:`UnitRef.parse` refuses it (cached)."""
    ref = _UNITS.get(v, False)
    if ref is False:
        try:
            ref = UnitRef.parse(v)
        except Exception:
            ref = None
        if len(_UNITS) < 10_000:
            _UNITS[v] = ref
    return ref  # type: ignore[return-value]


def _is_unit(v: Any) -> bool:
    return type(v) is str and _unit(v) is not None


_CODE_RE: Final = re.compile(r"(?P<org>[^.\s]+)\.(?P<form>[^.\s]+)\.(?P<seq>[0-9]{1,6})\.(?P<year>[0-9]{4})")
_CODE_FORMS: Final[dict[str, str | None]] = {}


def _code_form(v: Any) -> str | None:
    """The form code of a plainly valid file code (as :meth:`FileCode.parse` reads it), else None."""
    if type(v) is not str:
        return None
    m = _CODE_RE.fullmatch(v)
    if m is None:
        return None
    word = m["form"]
    form = _CODE_FORMS.get(word, False)
    if form is False:
        f = DEFAULT_CODE_WORDS.form_of(word)
        form = _CODE_FORMS[word] = None if f is None else f.value
    if form is None or int(m["seq"]) < 1 or not 2000 <= int(m["year"]) <= 2200:
        return None
    return form  # type: ignore[return-value]


def _enum_check(cls: type[enum.Enum]) -> Check:
    codes = frozenset(m.value for m in cls)

    def check(v: Any) -> bool:
        return type(v) is str and v in codes

    return check


_TRI_CODES: Final = frozenset(m.value for m in Tri)


def _is_tri(v: Any) -> bool:
    return v is None or v is True or v is False or (type(v) is str and v in _TRI_CODES)


def _optional(inner: Check) -> Check:
    def check(v: Any) -> bool:
        return v is None or inner(v)

    return check


def _array(inner: Check) -> Check:
    def check(v: Any) -> bool:
        if type(v) is not list:
            return False
        return all(map(inner, v))

    return check


def _str_mapping(inner: Check) -> Check:
    def check(v: Any) -> bool:
        if type(v) is not dict:
            return False
        return all(not (type(k) is not str or not inner(x)) for k, x in v.items())

    return check


# Validators and post-init rules of the domain that this module re-checks, by where they
# live (read by reflection, never imported). A validator or ``__attrs_post_init__`` not
# listed here makes its class unsupported: its records always take the typed path.
_KNOWN_VALIDATORS: Final[dict[tuple[str, str], str]] = {
    ("EventBase", "on"): "require_aware",
    ("Beneficiary", "birth_year"): "_year_matches",
    ("Case", "beneficiaries"): "_non_empty",
    ("AdviceDeadlineExtended", "total_days"): "_advice_days",
}
_KNOWN_POST_INIT: Final[frozenset[str]] = frozenset({"Case", "Accepted", "Ended", "SuccessAssessed"})


def _beneficiary_rule(v: dict[str, Any]) -> bool:
    year = v.get("birth_year")
    if year is None:
        return True
    if not 1880 <= year <= 2200:
        return False
    born = v.get("birth_date")
    return born is None or _date(born).year == year


def _accepted_rule(v: dict[str, Any]) -> bool:
    return (v.get("immediate", False) is True) == (v.get("immediate_reason") is not None)


def _ended_rule(v: dict[str, Any]) -> bool:
    return bool((v["outcome"] == "not_continued") == (v.get("ground") is not None))


def _success_rule(v: dict[str, Any]) -> bool:
    return v["successful"] is False or v.get("criterion") is not None


def _advice_rule(v: dict[str, Any]) -> bool:
    days = v.get("total_days", 30)
    return bool(10 < days <= 30)


_RULES: Final[dict[str, Callable[[dict[str, Any]], bool]]] = {
    "Beneficiary": _beneficiary_rule,
    "Accepted": _accepted_rule,
    "Ended": _ended_rule,
    "SuccessAssessed": _success_rule,
    "AdviceDeadlineExtended": _advice_rule,
}

_unsupported: set[str] = set()
_objects: dict[type[Any], Check] = {}


def _supported(cl: type[Any]) -> bool:
    for a in attrs.fields(cl):
        if a.validator is None:
            continue
        owner = next((c.__name__ for c in cl.__mro__ if a.name in inspect.get_annotations(c)), cl.__name__)
        expected = _KNOWN_VALIDATORS.get((owner, a.name))
        if expected is None or getattr(a.validator, "__name__", None) != expected:
            return False
    post = getattr(cl, "__attrs_post_init__", None)
    return post is None or (cl.__name__ in _KNOWN_POST_INIT and post.__qualname__ == f"{cl.__name__}.__attrs_post_init__")


def _type_check(t: Any) -> Check:
    """The plain-validity checker of a field type (what the tgpl converter accepts, or less)."""
    simple: dict[Any, Check] = {
        str: _is_str, int: _is_int, bool: _is_bool, float: _is_float, dt.date: _is_date,
        dt.datetime: _is_datetime, UnitRef: _is_unit, Tri: _is_tri,
    }
    if t in simple:
        return simple[t]
    origin, args = get_origin(t), get_args(t)
    if origin in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
        return _optional(_type_check(next(a for a in args if a is not type(None))))
    if (origin is tuple and len(args) == 2 and args[1] is Ellipsis) or origin is frozenset:
        return _array(_type_check(args[0]))
    if origin in (Mapping, dict) and len(args) == 2 and args[0] is str:
        return _str_mapping(_type_check(args[1]))
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return _enum_check(t)
    if isinstance(t, type) and attrs.has(t):
        return _object_check(t)
    return _never  # a type this module does not know: never plainly valid


def _expr(t: Any, ns: dict[str, Any], name: str) -> str:
    """A Python expression over ``x`` that is true when ``x`` is a plainly valid ``t``.

    Simple types are inlined (no call per field); anything else calls its checker,
    stored in ``ns`` under ``name``.
    """
    inline = {str: "type(x) is str", int: "type(x) is int", bool: "(x is True or x is False)"}
    if t in inline:
        return inline[t]
    if t is Tri:
        ns["TRI_CODES"] = _TRI_CODES
        return "(x is None or x is True or x is False or (type(x) is str and x in TRI_CODES))"
    origin, args = get_origin(t), get_args(t)
    if origin in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
        return f"(x is None or {_expr(next(a for a in args if a is not type(None)), ns, name)})"
    if isinstance(t, type) and issubclass(t, enum.Enum):
        ns[name] = frozenset(m.value for m in t)
        return f"(type(x) is str and x in {name})"
    ns[name] = _type_check(t)
    return f"{name}(x)"


def _object_check(cl: type[Any], *, skip: Iterable[str] = ()) -> Check:
    """Checker of an attrs class as a JSON object: keys, required fields, field types, rules.

    Fields in ``skip`` are accepted as they are (the caller checks them itself). The
    checker is generated Python source (one ``dict.get`` and one inlined test per field),
    which is several times faster than a loop of checker calls.
    """
    if cl in _objects:
        return _objects[cl]
    if not _supported(cl):
        _unsupported.add(cl.__name__)
        _objects[cl] = _never
        return _never
    attrs.resolve_types(cl)
    fields = attrs.fields(cl)
    names = {a.name for a in fields}
    if isinstance(getattr(cl, "kind", None), str) and cl.kind:
        names.add("type")
    if isinstance(getattr(cl, "schema", None), str):
        names.add("schema")
    ns: dict[str, Any] = {"ALLOWED": frozenset(names), "MISSING": object(), "RULE": _RULES.get(cl.__name__)}
    body = ["def check(v):", "    if type(v) is not dict or not v.keys() <= ALLOWED:", "        return False"]
    for i, a in enumerate(fields):
        if a.name in skip:
            if a.default is attrs.NOTHING:
                body += [f"    if {a.name!r} not in v:", "        return False"]
            continue
        expr = _expr(a.type, ns, f"C{i}")
        body.append(f"    x = v.get({a.name!r}, MISSING)")
        if a.default is attrs.NOTHING:
            body += ["    if x is MISSING or not " + expr + ":", "        return False"]
        else:
            body += ["    if x is not MISSING and not " + expr + ":", "        return False"]
    body.append("    return True" if ns["RULE"] is None else "    return RULE(v)")
    exec("\n".join(body), ns)
    check: Check = ns["check"]
    _objects[cl] = check
    return check


_check_case_header: Final = _object_check(Case, skip=("code", "events", "beneficiaries"))
_check_beneficiary: Final = _object_check(Beneficiary)
_check_event: Final[dict[str, Check]] = {
    tag: _object_check(cls, skip=("on",)) for tag, cls in EVENT_TYPES.items()
}
#: Domain classes that the fast path cannot check (their records always take the typed path).
UNSUPPORTED: Final[frozenset[str]] = frozenset(_unsupported)


def plainly_valid(data: Any) -> bool:
    """Whether the fast path would count ``data`` (a parsed JSON object) without the typed path.

    True only for a case record whose every field passes the checks described in the
    module docstring; it does not look at windows or grades (a review the rubric rejects
    still sends the case to the typed path during aggregation).
    """
    try:
        return bool(type(data) is dict and data.get("schema") == CASE_TAG and _case_facts(data, None) is not None)
    except Exception:
        return False


# -- the fold -----------------------------------------------------------------------------------

_CARRIED: Final = FlowMeasure.CARRIED_OVER.value
_ACCEPTED: Final = FlowMeasure.ACCEPTED.value
_OPEN: Final = FlowMeasure.OPEN_AT_END.value
_TZ7: Final = dt.timedelta(hours=7)


class _Facts:
    """What one plainly valid case contributes, derived once (internal)."""

    __slots__ = (
        "accepted",
        "appraisals",
        "case_groups",
        "end_measure",
        "ended",
        "evaluations",
        "events",
        "fld",
        "form",
        "persons",
        "providers",
        "request",
        "source",
        "successes",
    )

    def __init__(self) -> None:
        self.accepted: dt.date | None = None
        self.ended: dt.date | None = None
        self.end_measure = ""
        self.request: tuple[str, dt.date] | None = None
        self.providers: list[tuple[dt.date, str]] = []
        self.appraisals: list[tuple[dt.date, int]] = []
        self.evaluations: list[tuple[dt.date, int]] = []
        self.successes: list[tuple[dt.date, int]] = []
        self.events: Any = []  # event dicts (or something indexable that yields them)
        self.form = ""
        self.fld = ""
        self.source = ""
        self.case_groups = ""
        self.persons: dict[tuple[str, str], int] = {}


def _day(text: str) -> dt.date:
    t = _datetime(text)
    if t.tzinfo is None or t.utcoffset() == _TZ7:
        return t.date()
    return t.astimezone(VN_TZ).date()


def _case_facts(d: Any, as_of: dt.date | None) -> _Facts | None:
    """The facts of a plainly valid case dict, or None (then the typed path decides).

    May raise on odd input (an unhashable code, …); callers treat that as None.
    """
    if type(d) is not dict or not _check_case_header(d):
        return None
    form = d["form"]
    role = d.get("role")
    if _code_form(d["code"]) != form or (role is not None and form != "litigation"):
        return None
    bens = d["beneficiaries"]
    if type(bens) is not list or not bens:
        return None
    f = _Facts()
    f.form = form
    f.fld = d["field"]
    f.source = d.get("source", "unknown")
    ids = set()
    all_groups: set[str] = set()
    persons = f.persons
    for b in bens:
        if not _check_beneficiary(b):
            return None
        ids.add(b["id"])
        groups = b.get("groups", ())
        all_groups.update(groups)
        pk = (b.get("sex", "unknown"), "+".join(sorted(set(groups))))
        persons[pk] = persons.get(pk, 0) + 1
    if len(ids) != len(bens):
        return None
    f.case_groups = "+".join(sorted(all_groups))
    events = d.get("events", ())
    if type(events) is not list:
        return None
    f.events = events
    accepted: dt.date | None = None
    ended: dt.date | None = None
    check_event = _check_event
    for i, e in enumerate(events):
        if type(e) is not dict:
            return None
        kind = e.get("type")
        chk = check_event.get(kind) if type(kind) is str else None
        if chk is None or not chk(e):
            return None
        on = e.get("on")
        if type(on) is not str:
            return None
        try:
            day = _day(on)
        except ValueError:
            return None
        if as_of is not None and day > as_of:
            continue
        if kind == "accepted":
            if accepted is None:
                accepted = day
        elif kind == "ended":
            if accepted is None or ended is not None or day < accepted:
                return None  # the typed path raises the precise error
            ended = day
            f.end_measure = ENDED_MEASURE[e["outcome"]]
        elif kind == "provider_assigned" or kind == "provider_changed":
            if ended is None:
                f.providers.append((day, e["provider_kind"]))
        elif kind == "appraisal_recorded":
            f.appraisals.append((day, i))
        elif kind == "evaluation_recorded":
            f.evaluations.append((day, i))
        elif kind == "success_assessed":
            f.successes.append((day, i))
        elif kind == "refused":
            f.request = ("refused", day)
        elif kind == "transferred":
            f.request = ("transferred", day)
    f.accepted = accepted
    f.ended = ended
    f.providers.sort(key=lambda p: p[0])
    return f



class _Grades:
    """The default grader of :func:`aggregate`, cached (internal; see the module docstring)."""

    def __init__(self) -> None:
        from tgpl.io import structure
        from tgpl.rules.scoring import RUBRICS, grade_review, quick_grade, rubric_on

        self._structure = structure
        self._grade_review = grade_review
        self._quick_grade = quick_grade
        self._rubric_on = rubric_on
        self._rubrics = RUBRICS
        self._periods: dict[dt.date, tuple[object, ...]] = {}
        self._current: dict[dt.date, Any] = {}
        self._cache: dict[tuple[object, ...], str] = {}

    def _period(self, day: dt.date) -> tuple[object, ...]:
        p = self._periods.get(day)
        if p is None:
            try:
                current: object = self._rubric_on(day).id
            except Exception as exc:
                current = type(exc)
            p = self._periods[day] = (current, *(r.in_force(day) for r in self._rubrics.values()))
            self._current[day] = None if isinstance(current, type) else self._rubric_on(day)
        return p

    def grade(self, review: dict[str, Any], form: str, day: dt.date) -> str:
        """The grade code of a review dict; raises what :func:`grade_review` raises."""
        scores = review.get("scores", {})
        key = (
            tuple(scores.items()), frozenset(review.get("not_applicable", ())),
            review.get("art6_violation", False), review.get("rubric"), form, self._period(day),
        )
        g = self._cache.get(key)
        if g is None:
            # a plain review under the national rubric of its date: graded from the data
            rubric = self._current[day] if review.get("rubric") is None else None
            quick = None if rubric is None else self._quick_grade(
                scores, not_applicable=review.get("not_applicable", ()),
                art6_violation=review.get("art6_violation", False), form=Form(form), rubric=rubric,
            )
            if quick is not None:
                g = quick.value
            else:
                typed = self._structure(review, QualityReview)
                g = self._grade_review(typed, form=Form(form), on=day).value
            if len(self._cache) < 100_000:
                self._cache[key] = g
        return g


class _Decline(Exception):
    """A plainly valid case whose contribution cannot be computed fast (a review that fails)."""


class _Folder:
    """Per-window accumulators of one partition, fed with parsed dicts (internal)."""

    def __init__(self, windows: Sequence[WindowLike], unit_mode: UnitMode, as_of: dt.date | None) -> None:
        self.windows = windows
        self.bounds = [(w.start, w.end) for w in windows]
        self.unit_mode = unit_mode
        self.as_of = as_of
        self.counts: list[Counter[Key]] = [Counter() for _ in windows]
        self.sets: list[dict[Key, set[str]]] = [{} for _ in windows]
        self.units: dict[str, str] = {}
        self.grades: _Grades | None = None
        self.groups: dict[str, str] = {}
        self.fast = 0
        self.typed = 0

    def unit_code(self, text: str) -> str:
        code = self.units.get(text)
        if code is None:
            ref = _unit(text)
            assert ref is not None  # checked by the header checker
            code = str(to_scheme_2025(ref)) if self.unit_mode is UnitMode.SCHEME_2025 else str(ref)
            self.units[text] = code
        return code

    def success_group(self, criterion: str) -> str:
        g = self.groups.get(criterion)
        if g is None:
            from tgpl.rules.success import criterion_group

            g = self.groups[criterion] = criterion_group(criterion).value
        return g

    def add_case(self, d: dict[str, Any]) -> bool:
        """Count a case dict on the fast path; False when it must take the typed path."""
        try:
            f = _case_facts(d, self.as_of)
            if f is None:
                return False
            adds = self._contributions(f, self.unit_code(d["unit"]))
        except Exception:
            return False
        counts = self.counts
        for w, key, n in adds:
            counts[w][key] += n
        self.fast += 1
        return True

    def add_struct(self, c: Any, comp: Any) -> bool:
        """Count a case decoded by :mod:`._fastcheck`; False when it must take the dict path."""
        from tgpl.integrations._fastcheck import struct_facts

        try:
            f = struct_facts(c, self.as_of, comp)
            if f is None:
                return False
            adds = self._contributions(f, self.unit_code(c.unit))
        except Exception:
            return False
        counts = self.counts
        for w, key, n in adds:
            counts[w][key] += n
        self.fast += 1
        return True

    def _contributions(self, f: _Facts, unit: str) -> list[tuple[int, Key, int]]:
        adds: list[tuple[int, Key, int]] = []
        form, fld = f.form, f.fld
        accepted, ended = f.accepted, f.ended
        for w, (s, e) in enumerate(self.bounds):
            if accepted is None:
                req = f.request
                if req is not None and s <= req[1] <= e:
                    adds.append((w, ("request", req[0], form, fld, f.source, unit), 1))
            elif accepted <= e and (ended is None or ended >= s):
                inflow = _CARRIED if accepted < s else _ACCEPTED
                outflow = f.end_measure if ended is not None and ended <= e else _OPEN
                kind = "unassigned"
                for day, pk in f.providers:
                    if day > e:
                        break
                    kind = pk
                groups = f.case_groups
                adds.append((w, ("case", inflow, form, fld, kind, f.source, groups, unit), 1))
                adds.append((w, ("case", outflow, form, fld, kind, f.source, groups, unit), 1))
                for (sex, pg), n in f.persons.items():
                    adds.append((w, ("person", inflow, form, fld, sex, pg, unit), n))
                    adds.append((w, ("person", outflow, form, fld, sex, pg, unit), n))
            if f.appraisals:
                last = latest_in_window(f.appraisals, s, e)
                if last is not None:
                    adds.append((w, ("appraisal", self._graded(f, last), form, fld, unit), 1))
            if f.evaluations:
                last = latest_in_window(f.evaluations, s, e)
                if last is not None:
                    level = f.events[last]["review"]["level"]
                    adds.append((w, ("evaluation", level, self._graded(f, last), form, fld, unit), 1))
            if f.successes:
                last = latest_in_window(f.successes, s, e)
                if last is not None:
                    ev = f.events[last]
                    crit = ev.get("criterion")
                    if ev["successful"] and crit is not None:
                        adds.append((w, ("success", "successful", self.success_group(crit), fld, unit), 1))
                    else:
                        adds.append((w, ("success", "not_successful", "", fld, unit), 1))
        return adds

    def _graded(self, f: _Facts, i: int) -> str:
        return _graded_dict(self, f.events[i], f.form)

    def add_tally(self, tallies: Mapping[Any, Tally]) -> None:
        for w, win in enumerate(self.windows):
            t = tallies[win]
            self.counts[w].update(t.counts)
            for key, members in t.sets.items():
                self.sets[w].setdefault(key, set()).update(members)
        self.typed += 1


def _graded_dict(folder: _Folder, ev: dict[str, Any], form: str, day: dt.date | None = None) -> str:
    """The grade code of an appraisal or evaluation event dict (raises what grading raises);
    ``day`` is the event's day in Vietnam when the caller knows it."""
    if folder.grades is None:
        folder.grades = _Grades()
    try:
        return folder.grades.grade(ev["review"], form, _day(ev["on"]) if day is None else day)
    except RuleNotInForceError:
        return UNGRADED  # as aggregate(): no confirmed rubric on that date, grade unknown


# -- reading one byte range ---------------------------------------------------------------------


def _line_start(fh: io.BufferedReader, pos: int, size: int) -> int:
    if pos <= 0:
        return 0
    if pos >= size:
        return size
    fh.seek(pos - 1)
    fh.readline()
    return fh.tell()


def _typed_problems(
    raw: bytes, line: int, partition: int, source: str, folder: _Folder, loaded: Any = None
) -> list[Problem]:
    """Run one line through the typed path (reader, then :func:`aggregate`); count it or word the problem."""
    from tgpl.integrations.parallel import Problem
    from tgpl.io.jsonl import from_dict, read_jsonl

    if loaded is None:
        # A leading empty line keeps the reader from treating this line as the file's first
        # (where a byte order mark is dropped); line numbers are fixed below.
        with read_jsonl(io.BytesIO(b"\n" + raw), source=source) as stream:
            records = list(stream)
            errors = stream.errors
        if errors:
            e = errors[0]
            return [Problem(partition, type(e), e.message, e.record_id, e.path, line, e.source)]
        if not records:
            return []
        record: object = records[0]
    else:
        try:
            record = from_dict(loaded, line=line, source=source)
        except InvalidRecordError as e:
            return [Problem(partition, type(e), e.message, e.record_id, e.path, line, e.source)]
    try:
        tallies = aggregate([record], folder.windows, unit_mode=folder.unit_mode, as_of=folder.as_of)
    except (InvalidRecordError, RuleNotInForceError) as err:
        rid = getattr(record, "id", None)
        fallback = None if rid is None else str(rid)
        if isinstance(err, InvalidRecordError):
            return [Problem(partition, type(err), err.message, err.record_id or fallback, err.path, line, source)]
        return [Problem(partition, InvalidRecordError, str(err), fallback, "$", line, source)]
    folder.add_tally(tallies)
    return []


#: Whether workers may use the compiled checker of :mod:`._fastcheck` (needs ``msgspec``).
#: Set to False to force the dict checker (tests compare both).
USE_COMPILED: bool = True


def _compiled_checker() -> Any:
    """The compiled checker when enabled and available (``msgspec`` installed), else None."""
    if not USE_COMPILED:
        return None
    from tgpl.integrations._fastcheck import decoder

    return decoder()


#: Whether workers may use the compiled line scanner of :mod:`._scan` (needs ``numba``).
#: Set to False to read line by line only (tests compare both).
USE_SCANNER: bool = True
#: Bytes the scanner reads at a time (whole lines; a longer line is read whole). Large
#: enough that a kernel call (which releases the GIL) lasts tens of milliseconds: each
#: return to Python may wait for the GIL up to the interpreter's switch interval (5 ms),
#: which with 4 MiB blocks cost the threaded run about a fifth of its speed.
SCAN_BLOCK: int = 1 << 24


def _line_scanner() -> Any:
    """The compiled scanner when enabled and available (``numba`` installed), else None."""
    if not USE_SCANNER:
        return None
    from tgpl.integrations._scan import scanner

    return scanner()


def _fold_range(
    rng: FileRange, partition: int, windows: Sequence[WindowLike], unit_mode: UnitMode, as_of: dt.date | None
) -> tuple[PartialResult, int, int]:
    """Aggregate the lines that start in ``rng`` (a worker task): the partial result and
    how many records took the fast and the typed path."""
    from tgpl.integrations.parallel import PartialResult
    from tgpl.io import codec

    loads = codec.loads
    folder = _Folder(windows, unit_mode, as_of)
    comp = _compiled_checker()
    sc = _line_scanner()
    problems: list[Problem] = []
    add_case = folder.add_case
    add_struct = folder.add_struct

    def one_line(raw: bytes, n: int) -> None:
        if comp is not None:
            # Compiled path: decode and check in C; anything it refuses takes the dict path.
            try:
                c = comp.decode(raw)
            except comp.errors:
                c = None
            if c is not None and add_struct(c, comp):
                return
        try:
            data = loads(raw)
        except ValueError:
            if raw.strip():
                problems.extend(_typed_problems(raw, n, partition, rng.path, folder))
            return
        if type(data) is dict and data.get("schema") == CASE_TAG and add_case(data):
            return
        problems.extend(_typed_problems(raw, n, partition, rng.path, folder, data))

    n = 0
    with open(rng.path, "rb") as fh:  # noqa: PTH123 - a plain binary handle is what we seek on
        size = os.fstat(fh.fileno()).st_size
        start = _line_start(fh, rng.start, size)
        end = _line_start(fh, rng.end, size) if rng.end < size else size
        fh.seek(start)
        pos = start
        if start == 0 and pos < end:
            # the file's first line, whose byte order mark the reader drops
            raw = fh.readline()
            pos += len(raw)
            n += 1
            one_line(raw.removeprefix(_BOM), n)
        if sc is not None:
            n = _scan_blocks(fh, pos, end, n, sc, folder, one_line)
            pos = end
        while pos < end:
            raw = fh.readline()
            if not raw:
                break
            pos += len(raw)
            n += 1
            one_line(raw, n)
    result = PartialResult(
        tuple(dict(c) for c in folder.counts),
        tuple({k: frozenset(v) for k, v in s.items()} for s in folder.sets),
        folder.fast + folder.typed,
        ((partition, n),),
        tuple(problems),
    )
    return result, folder.fast, folder.typed


def _scan_blocks(
    fh: io.BufferedReader, pos: int, end: int, n: int, sc: Any, folder: _Folder, one_line: Callable[[bytes, int], None]
) -> int:
    """Read ``[pos, end)`` in blocks of whole lines through the compiled scanner; lines it
    declines go to ``one_line`` in order. Returns the number of lines read so far."""
    import numpy as np

    from tgpl.integrations._scan import BlockFolder

    block = BlockFolder(sc, folder)
    # one reusable buffer (no fresh pages per block); a line longer than it grows it
    buf = bytearray(max(1, min(SCAN_BLOCK, end - pos)))
    view = memoryview(buf)
    held = 0  # bytes of an unfinished line carried over from the previous read
    while pos < end or held:
        want = min(len(buf) - held, end - pos)
        got = fh.readinto(view[held:held + want]) if want > 0 else 0
        pos += got
        fill = held + got
        if fill == 0:
            break
        last = buf.rfind(b"\n", 0, fill)
        if last < 0 and pos < end and fill == len(buf):
            view.release()
            buf.extend(bytes(len(buf)))  # a line longer than the buffer
            view = memoryview(buf)
            held = fill
            continue
        stop = fill if (pos >= end or got == 0) else last + 1  # whole lines only, except at the end
        if stop <= 0:
            held = fill
            continue
        starts, ends = sc.lines(buf, stop)  # the file's last line may have no newline
        chunk = view[:stop]
        res = sc.scan(chunk, starts, ends, folder.as_of)
        block.fold(res, chunk)
        status = res.rows[:, 0]
        for i in np.flatnonzero(status == 0).tolist():
            one_line(bytes(view[starts[i]:min(ends[i] + 1, stop)]), n + i + 1)
        n += len(ends)
        del chunk
        held = fill - stop
        if held:
            buf[:held] = buf[stop:fill]
    view.release()
    folder.fast += block.accepted
    block.flush()
    return n


# -- the public entry points --------------------------------------------------------------------


@attrs.frozen
class FastResult:
    """The outcome of :func:`run_fast`: tallies by window, errors, and path statistics.

    ``errors`` are in input order, each naming the file, the 1-based line, the record id
    and the field path. ``records`` counts the records counted; ``fast`` of them took
    the fast path and ``typed`` the typed one; ``lines`` is the number of lines read.
    """

    tallies: Mapping[Any, Tally]
    errors: tuple[InvalidRecordError, ...]
    records: int
    fast: int
    typed: int
    lines: int


def run_fast(
    paths: Iterable[str | os.PathLike[str]],
    windows: Iterable[W],
    *,
    unit_mode: UnitMode = UnitMode.AS_RECORDED,
    as_of: dt.date | None = None,
    processes: int = 1,
    chunk_bytes: int | None = None,
    workers: str = "auto",
) -> FastResult:
    """:func:`aggregate_jsonl_fast` with statistics (how many records took which path).

    ``workers`` says what runs the ``processes`` parallel parts: ``"threads"`` (one
    process; the compiled line scanner releases the GIL, so the threads use the cores
    while memory stays that of one process), ``"processes"`` (a process pool; each
    process holds its own interpreter and, with the scanner, its own copy of numba), or
    ``"auto"`` (default): threads when the line scanner is available and accepts most
    lines of a sample from the start of the first file, else processes — the per-line
    paths the scanner declines hold the GIL, and a file in another form would leave one
    core idle. The result is the same either way.
    """
    if workers not in ("auto", "threads", "processes"):
        raise ValueError(f"workers must be 'auto', 'threads' or 'processes', got {workers!r}")
    from tgpl.integrations.parallel import (
        auto_chunk_bytes,
        combine,
        finish,
        split_files,
        unique_windows,
    )

    if isinstance(processes, bool) or not isinstance(processes, int) or processes < 1:
        raise ValueError(f"processes must be 1 or more, got {processes!r}")
    wins = unique_windows(windows)
    path_list = [os.fspath(p) for p in paths]
    if chunk_bytes is None and processes > 1:
        chunk_bytes = auto_chunk_bytes(sum(Path(p).stat().st_size for p in path_list), processes)
    ranges = split_files(path_list, chunk_bytes)
    # Partial results are merged as they arrive (the merge is exact and order-free), so the
    # parent holds one running total, not one tally per chunk: memory stays flat in N.
    total = _empty_part(len(wins))
    fast = typed = 0
    if processes == 1 or len(ranges) <= 1:
        for i, rng in enumerate(ranges):
            part, nf, nt = _fold_range(rng, i, wins, unit_mode, as_of)
            total = combine(total, part)
            fast, typed = fast + nf, typed + nt
    else:
        _warm_up()  # forked workers inherit what the parent has imported and compiled
        pool: Executor
        if workers == "threads" or (workers == "auto" and _scanner_suits(path_list)):
            sc = _line_scanner()
            if sc is not None:
                sc.warm()  # loaded once, before the threads start
            pool = ThreadPoolExecutor(max_workers=min(processes, len(ranges)))
        else:
            pool = ProcessPoolExecutor(max_workers=min(processes, len(ranges)))
        with pool:
            # No list of futures is kept: as_completed drops each future once it is yielded,
            # so a partial result is freed as soon as it is merged.
            for fut in as_completed(
                pool.submit(_fold_range, rng, i, wins, unit_mode, as_of) for i, rng in enumerate(ranges)
            ):
                part, nf, nt = fut.result()
                total = combine(total, part)
                del fut, part
                fast, typed = fast + nf, typed + nt
    agg = finish(total, wins, ranges, len(ranges))
    return FastResult(dict(agg.tallies), agg.errors, agg.records, fast, typed, agg.lines)


#: Bytes read from the start of the first file to decide between threads and processes.
SNIFF_BYTES: Final = 1 << 18


def _scanner_suits(paths: Sequence[str]) -> bool:
    """True when the line scanner is available and accepts at least 90 % of the lines of
    the first :data:`SNIFF_BYTES` of the first file (then threads are as fast as
    processes, in the memory of one process)."""
    sc = _line_scanner() if paths else None  # None when switched off or numba is missing
    if sc is None:
        return False
    with open(paths[0], "rb") as fh:  # noqa: PTH123 - a plain binary read
        raw = fh.read(SNIFF_BYTES)
    # a writable buffer, as in _scan_blocks (numba compiles one variant per array kind)
    head = bytearray(raw[: raw.rfind(b"\n") + 1].removeprefix(_BOM))
    if not head:
        return True  # an empty or one-line file: nothing to split anyway
    starts, ends = sc.lines(head, len(head))
    res = sc.scan(head, starts, ends, None)
    return int((res.rows[:, 0] == 1).sum()) >= 0.9 * len(ends)


def _warm_up() -> None:
    """Import and compile, once in the parent, what every worker needs (the reader, the
    compiled checker, the grader), so that forked workers do not each redo it."""
    import tgpl.io.codec
    import tgpl.rules.scoring  # noqa: F401 - imported for the workers

    _compiled_checker()
    # The line scanner is not loaded here: numba would add ~60 MiB to the parent, which
    # only merges results; each worker loads the compiled kernel from numba's disk cache.


def _empty_part(n: int) -> PartialResult:
    from tgpl.integrations.parallel import PartialResult

    return PartialResult(tuple({} for _ in range(n)), tuple({} for _ in range(n)))


def aggregate_jsonl_fast(
    paths: Iterable[str | os.PathLike[str]],
    windows: Iterable[W],
    *,
    unit_mode: UnitMode = UnitMode.AS_RECORDED,
    as_of: dt.date | None = None,
    processes: int = 1,
    chunk_bytes: int | None = None,
    workers: str = "auto",
) -> tuple[dict[W, Tally], list[InvalidRecordError]]:
    """Tally JSON Lines files for every window, fast; return ``(tallies, errors)``.

    Equals the typed path (:func:`tgpl.io.read_jsonl` in collect mode, then
    :func:`tgpl.reporting.aggregate` record by record — as
    :func:`tgpl.integrations.parallel.aggregate_files_parallel` does) tally for tally and
    error for error; see the module docstring for how. ``processes`` > 1 splits the files
    into newline-aligned byte ranges of about ``chunk_bytes`` (default: about four per
    process) and merges the partial tallies exactly. Windows repeated are counted once;
    a window that ends before it starts raises :class:`InvalidRecordError`. ``workers``
    chooses threads or processes for the parallel parts (see :func:`run_fast`).
    """
    res = run_fast(paths, windows, unit_mode=unit_mode, as_of=as_of, processes=processes, chunk_bytes=chunk_bytes,
                   workers=workers)
    return dict(res.tallies), list(res.errors)


# -- duplicate pre-scan -------------------------------------------------------------------------


#: The parts of a file code, as :meth:`tgpl.domain.FileCode.parse` reads them (after ``strip``).
_CODE_PARTS: Final = re.compile(r"^([^.\s]+)\.([^.\s]+)\.([0-9]{1,6})\.([0-9]{4})$")
#: Form word (or alias) → the canonical word of :data:`tgpl.domain.DEFAULT_CODE_WORDS`.
_CANONICAL_WORD: Final[dict[str, str]] = {
    **{DEFAULT_CODE_WORDS.words[f]: DEFAULT_CODE_WORDS.words[f] for f in DEFAULT_CODE_WORDS.aliases.values()},
    **{a: DEFAULT_CODE_WORDS.words[f] for a, f in DEFAULT_CODE_WORDS.aliases.items()},
    **{w: w for w in DEFAULT_CODE_WORDS.words.values()},
}


def canonical_code(code: Any) -> str | None:
    """The canonical text of a file code, as ``str(FileCode.parse(code))`` — without the objects.

    ``None`` when ``code`` is not a string of the form ``<org>.<form>.<seq>.<year>`` with a
    known form word. Sequence and year ranges are not checked (a code the reader rejects
    for them is never a duplicate there; here it can at worst make the pre-scan cautious).
    A test checks that it equals :meth:`FileCode.parse` on every code that parses.
    """
    if type(code) is not str:
        return None
    m = _CODE_PARTS.match(code.strip())
    if m is None:
        return None
    word = _CANONICAL_WORD.get(m[2])
    if word is None:
        return None
    return f"{m[1]}.{word}.{int(m[3]):02d}.{m[4]}"


def _record_key(tag: Any, org: Any, code: Any, ident: Any) -> tuple[str, str, str] | None:
    """The duplicate-detection key of a parsed line, as the typed reader forms it.

    ``(schema tag, organisation, id)`` where the id of a case is its *canonical* file code
    (``TT.TV.1.2018`` and ``TT.TV.01.2018`` are one case, as after
    :meth:`~tgpl.domain.FileCode.parse`); ``None`` for a line the typed reader would
    reject anyway (no known tag, no organisation, a file code that does not parse).
    """
    if type(tag) is not str or type(org) is not str:
        return None
    if tag == CASE_TAG:
        rid = canonical_code(code)
        return None if rid is None else (tag, org, rid)
    if tag not in RECORD_TYPES or ident is None or isinstance(ident, dict | list):
        return None
    return tag, org, str(ident)


def _key_decoder() -> Callable[[bytes], tuple[str, str, str] | None]:
    """Decode a line to its key: with ``msgspec`` (only four fields are built), else ``codec.loads``.

    A line ``msgspec`` refuses is parsed again with :data:`tgpl.io.codec.loads` (what the
    reader uses), so a line the reader accepts is never skipped.
    """
    from tgpl.io import codec

    loads = codec.loads

    def by_dict(raw: bytes) -> tuple[str, str, str] | None:
        try:
            data = loads(raw)
        except ValueError:
            return None
        if type(data) is not dict:
            return None
        return _record_key(data.get("schema"), data.get("organisation"), data.get("code"), data.get("id"))

    try:
        import msgspec
    except ImportError:  # pragma: no cover - msgspec is the optional "fast" extra
        return by_dict

    class _Key(msgspec.Struct):
        schema: Any = None
        organisation: Any = None
        code: Any = None
        id: Any = None

    decode = msgspec.json.Decoder(_Key).decode
    refused = (msgspec.DecodeError, msgspec.ValidationError)

    def by_struct(raw: bytes) -> tuple[str, str, str] | None:
        try:
            k = decode(raw)
        except refused:
            return by_dict(raw)
        return _record_key(k.schema, k.organisation, k.code, k.id)

    return by_struct


def _keyed_lines(paths: Sequence[str]) -> Iterable[tuple[str, int, tuple[str, str, str]]]:
    """``(source, 1-based line, key)`` of every keyed line, numbered as :func:`read_jsonl` does."""
    key_of = _key_decoder()
    for source in paths:
        with Path(source).open("rb") as fh:
            for n, raw in enumerate(fh, start=1):
                line = raw.removeprefix(_BOM) if n == 1 else raw
                if not line.strip():
                    continue
                key = key_of(line)
                if key is not None:
                    yield source, n, key


def _digest(key: tuple[str, str, str]) -> bytes:
    return hashlib.blake2b("\x1f".join(key).encode("utf-8", "surrogatepass"), digest_size=8).digest()


def find_duplicate_cases(paths: Iterable[str | os.PathLike[str]]) -> list[InvalidRecordError]:
    """Every record read a second time in ``paths`` (JSON Lines), as the typed reader reports it.

    The cheap pre-scan of ``tgpl report --fast``: :func:`run_fast` does not detect
    duplicates, so a caller runs this first and, if it finds any, takes the typed path
    (which counts each record once and reports the duplicates). A duplicate is the same
    case — same ``organisation`` and same canonical file ``code`` — (or the same activity:
    schema tag, organisation and ``id``) on two lines, in one file or across files.

    Returns one :class:`~tgpl.errors.DuplicateRecordError` per repeated line, in input
    order (file, then line), each naming the file and 1-based line of the repeat and, in
    its message, where the record was first read — the same errors, word for word, as
    :class:`tgpl.reporting.build.InputReader` gives. Lines that are not valid JSON or have
    no usable key are skipped here (the reader reports them).

    **Memory and exactness.** Pass 1 streams every line and keeps only an 8-byte
    BLAKE2b digest of each key (not the strings), noting the digests seen twice. Only
    when there is such a *suspect*, pass 2 streams the files again and compares the real
    keys of the lines whose digest is suspect. So a hash collision can make the scan
    slower, never report a duplicate that is not one; a file without duplicates is read
    once. Difference from the typed reader, on the safe side: a repeated key whose first
    line is otherwise invalid (the reader drops it, so it is no duplicate there) is
    reported here — the caller then takes the typed path, which is always correct.
    A missing or unreadable file raises :class:`OSError`.
    """
    path_list = [os.fspath(p) for p in paths]
    seen: set[bytes] = set()
    suspects: set[bytes] = set()
    for _source, _line, key in _keyed_lines(path_list):
        d = _digest(key)
        if d in seen:
            suspects.add(d)
        else:
            seen.add(d)
    del seen
    if not suspects:
        return []
    from tgpl.errors import DuplicateRecordError

    first: dict[tuple[str, str, str], tuple[str, int]] = {}
    found: list[InvalidRecordError] = []
    for source, line, key in _keyed_lines(path_list):
        if _digest(key) not in suspects:
            continue
        where = first.get(key)
        if where is None:
            first[key] = (source, line)
            continue
        tag, org, rid = key
        what = "case" if tag.startswith("tgpl.case/") else tag.removeprefix("tgpl.").split("/")[0]
        found.append(DuplicateRecordError(
            f"duplicate {what} {rid!r} of organisation {org!r}: first read at {where[0]}:{where[1]}; "
            "counted once (the first occurrence is kept)",
            record_id=rid,
            path="$.code" if what == "case" else "$.id",
            line=line,
            source=source,
        ))
    return found
