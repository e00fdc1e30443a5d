"""Compiled plain-validity checks for :mod:`tgpl.integrations.fast` (optional, needs ``msgspec``).

``msgspec`` decodes a JSON line straight into Structs generated here from the attrs domain
classes and checks, in C, what a generated Python checker would otherwise check key by key:
the ``schema`` tag, every key known (``forbid_unknown_fields``) and every required key
present, every type, every code a member of its enum (``Literal`` of the enum values),
events as a tagged union on ``type``. Integers are bounded to the 64-bit range, because
``orjson`` (the typed path's parser) reads a larger integer as a float.

What ``msgspec`` cannot express stays in Python and is done by :func:`struct_facts`,
with the same helpers as the dict checker: dates and date-times with the converter's
rules (:func:`tgpl.io.converter.parse_datetime`), unit codes, the file code's shape and
form, the constructor rules (validators and ``__attrs_post_init__``) and the consistency
checks of :func:`tgpl.reporting.aggregate`.

A line that ``msgspec`` refuses, or that fails a Python check, is not counted here: the
caller sends it through the dict path (and from there, if needed, the typed path), exactly
as when this module is absent. So this module can only make the fast path faster, never
change a result. When ``msgspec`` is not installed, or a domain class uses a type or rule
this module does not know, :func:`decoder` returns None and the dict checker is used.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, Final, Literal, Union, get_args, get_origin

import attrs

from tgpl.domain import EVENT_TYPES, Beneficiary, Case, Tri, UnitRef
from tgpl.integrations import fast as _f
from tgpl.reporting.tally import ENDED_MEASURE

__all__ = ["StructDecoder", "decoder", "struct_facts"]

Check = Callable[[Any], bool]
StructDecoder = Callable[[bytes], Any]


class _Unknown(Exception):
    """A field type or rule this module cannot compile (then the dict checker is used)."""


# Struct versions of the constructor rules that fast.py checks on dicts (same keys).
def _beneficiary_rule(v: Any) -> bool:
    year = v.birth_year
    if year is None:
        return True
    if not 1880 <= year <= 2200:
        return False
    born = v.birth_date
    return born is None or dt.date.fromisoformat(born).year == year


def _accepted_rule(v: Any) -> bool:
    return (v.immediate is True) == (v.immediate_reason is not None)


def _ended_rule(v: Any) -> bool:
    return bool((v.outcome == "not_continued") == (v.ground is not None))


def _success_rule(v: Any) -> bool:
    return v.successful is False or v.criterion is not None


def _advice_rule(v: Any) -> bool:
    return bool(10 < v.total_days <= 30)


_RULES: Final[dict[str, Check]] = {
    "Beneficiary": _beneficiary_rule,
    "Accepted": _accepted_rule,
    "Ended": _ended_rule,
    "SuccessAssessed": _success_rule,
    "AdviceDeadlineExtended": _advice_rule,
}

# An event moment of exactly this shape, with the +07:00 offset, is read by the converter
# as ``datetime.fromisoformat`` reads it (it matches the converter's shape rule and needs no
# conversion to Vietnam time), and its day in Vietnam is its own date.
# The time of day is checked by the pattern itself (00:00:00 to 23:59:59), so the date part
# alone decides whether ``fromisoformat`` accepts the moment: its day is cached by that part.
_VN_MOMENT: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\+07:00")
_DAYS: Final[dict[str, dt.date]] = {}
_fromiso: Final = dt.datetime.fromisoformat
#: The event kinds that the fold of :func:`struct_facts` reads.
_FOLDED: Final = frozenset({
    "accepted", "ended", "provider_assigned", "provider_changed", "appraisal_recorded",
    "evaluation_recorded", "success_assessed", "refused", "transferred",
})


# The dict checker's leaf checks (dates as the converter reads them; units by the cache of
# :meth:`UnitRef.parse`); msgspec has already checked that each value is a string.
_is_date: Final = _f._is_date
_is_datetime: Final = _f._is_datetime
_is_unit: Final = _f._is_unit


def _generate(checks: Sequence[tuple[str, Check]], rule: Check | None) -> Check:
    """A Struct's post-check as generated source: one attribute read and one test per field."""
    ns: dict[str, Any] = {"RULE": rule}
    body = ["def check(v):"]
    for i, (name, p) in enumerate(checks):
        ns[f"P{i}"] = p
        optional = getattr(p, "optional_of", None)
        if optional is not None:
            ns[f"P{i}"] = optional
            body += [f"    x = v.{name}", f"    if x is not None and not P{i}(x):", "        return False"]
        else:
            body += [f"    if not P{i}(v.{name}):", "        return False"]
    body.append("    return True" if rule is None else "    return RULE(v)")
    exec("\n".join(body), ns)  # source built here from the field names of attrs classes
    check: Check = ns["check"]
    return check


class _Optional:
    """The check of an optional value (None, or a value ``optional_of`` accepts)."""

    __slots__ = ("optional_of",)

    def __init__(self, inner: Check) -> None:
        self.optional_of = inner

    def __call__(self, v: Any) -> bool:
        return v is None or self.optional_of(v)


class _Builder:
    """Generates the Structs and their Python post-checks from the attrs classes."""

    def __init__(self, msgspec: Any) -> None:
        self.ms = msgspec
        self.structs: dict[type[Any], Any] = {}
        self.posts: dict[type[Any], Check | None] = {}
        self.int_t = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]

    def mtype(self, t: Any) -> Any:
        """The msgspec type of a field type (dates, moments and units are strings here)."""
        if t is str or t is bool or t in (dt.date, dt.datetime, UnitRef):
            return str if t is not bool else bool
        if t is int:
            return self.int_t
        if t is float:
            return float
        if t is Tri:
            return Union[bool, None, Literal[tuple(m.value for m in Tri)]]  # noqa: UP007
        origin, args = get_origin(t), get_args(t)
        if origin in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
            inner = next(a for a in args if a is not type(None))
            return Union[self.mtype(inner), None]  # noqa: UP007
        if origin in (Union, types.UnionType) and all(isinstance(a, type) and attrs.has(a) for a in args):
            return Union[tuple(self.struct(a) for a in args)]  # noqa: UP007
        if (origin is tuple and len(args) == 2 and args[1] is Ellipsis) or origin is frozenset:
            return list[self.mtype(args[0])]  # type: ignore[misc]
        if origin in (Mapping, dict) and len(args) == 2 and args[0] is str:
            return dict[str, self.mtype(args[1])]  # type: ignore[misc]
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return Literal[tuple(m.value for m in t)]
        if isinstance(t, type) and attrs.has(t):
            return self.struct(t)
        raise _Unknown(repr(t))

    def post(self, t: Any) -> Check | None:
        """The Python check of a decoded value of field type ``t``, or None when msgspec did it all."""
        if t is dt.date:
            return _is_date
        if t is dt.datetime:
            return _is_datetime
        if t is UnitRef:
            return _is_unit
        origin, args = get_origin(t), get_args(t)
        if origin in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
            p = self.post(next(a for a in args if a is not type(None)))
            return None if p is None else _Optional(p)
        if (origin is tuple and len(args) == 2 and args[1] is Ellipsis) or origin is frozenset:
            p = self.post(args[0])
            return None if p is None else (lambda v, p=p: all(map(p, v)))  # type: ignore[misc]
        if origin in (Mapping, dict) and len(args) == 2:
            p = self.post(args[1])
            return None if p is None else (lambda v, p=p: all(map(p, v.values())))  # type: ignore[misc]
        if isinstance(t, type) and attrs.has(t):
            self.struct(t)
            return self.posts[t]
        return None

    def struct(self, cl: type[Any], *, skip: Sequence[str] = ()) -> Any:
        """The Struct of an attrs class; its post-check goes to ``self.posts``."""
        if cl in self.structs:
            return self.structs[cl]
        if not _f._supported(cl):
            raise _Unknown(cl.__name__)
        attrs.resolve_types(cl)
        ms = self.ms
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        checks: list[tuple[str, Check]] = []
        for a in attrs.fields(cl):
            mt = str if a.name == "code" and cl is Case else self.mtype(a.type)
            if a.name not in skip and not (a.name == "code" and cl is Case):
                p = self.post(a.type)
                if p is not None:
                    checks.append((a.name, p))
            if a.default is attrs.NOTHING:
                fields.append((a.name, mt))
            else:
                fields.append((a.name, mt, self.default(a.default)))
        tag_field: str | None = None
        tag: str | None = None
        if isinstance(getattr(cl, "kind", None), str) and cl.kind:
            tag_field, tag = "type", cl.kind
        elif isinstance(getattr(cl, "schema", None), str):
            tag_field, tag = "schema", cl.schema
        st = ms.defstruct(
            f"{cl.__name__}Struct", fields, kw_only=True, forbid_unknown_fields=True, omit_defaults=True,
            tag_field=tag_field, tag=tag,
        )
        self.structs[cl] = st
        rule = _RULES.get(cl.__name__)
        if not checks and rule is None:
            self.posts[cl] = None
        else:
            self.posts[cl] = _generate(checks, rule)
        return st

    def default(self, value: Any) -> Any:
        if isinstance(value, attrs.Factory):  # type: ignore[arg-type]
            if value.takes_self:
                raise _Unknown("Factory(takes_self=True)")
            value = value.factory()
        if isinstance(value, enum.Enum):
            return value.value
        if isinstance(value, (frozenset, tuple, list)):
            if value:
                raise _Unknown("non-empty collection default")
            return self.ms.field(default_factory=list)
        if isinstance(value, dict):
            if value:
                raise _Unknown("non-empty mapping default")
            return self.ms.field(default_factory=dict)
        if value is None or type(value) in (bool, int, str, float):
            return value
        raise _Unknown(repr(value))


class _Compiled:
    def __init__(self) -> None:
        import msgspec

        if set(_RULES) != set(_f._RULES) or _f.UNSUPPORTED:
            raise _Unknown("rules differ from the dict checker")
        b = _Builder(msgspec)
        events = [b.struct(cls, skip=("on",)) for cls in EVENT_TYPES.values()]
        case = b.struct(Case, skip=("beneficiaries", "events"))
        # A Struct decoded on its own does not require its tag; a union with a struct that
        # can never match makes msgspec dispatch on (and so require) ``schema``.
        never = msgspec.defstruct("NeverStruct", [], tag_field="schema", tag="\x00never")
        self.decode: StructDecoder = msgspec.json.Decoder(Union[case, never]).decode  # noqa: UP007
        self.errors: tuple[type[BaseException], ...] = (msgspec.MsgspecError, ValueError)
        self.case = case
        self.to_builtins = msgspec.to_builtins
        # per event Struct: (1 when its kind feeds the tallies else 0, its post-check, its kind)
        self.dispatch: dict[type[Any], tuple[int, Check | None, str]] = {
            st: (int(cls.kind in _FOLDED), b.posts[cls], cls.kind)
            for cls, st in zip(EVENT_TYPES.values(), events, strict=True)
        }
        self.beneficiary_check = b.posts[Beneficiary]
        self.case_check = b.posts[Case]


_compiled: _Compiled | bool | None = False


def decoder() -> _Compiled | None:
    """The compiled decoder, or None when msgspec is missing or a class cannot be compiled."""
    global _compiled
    if _compiled is False:
        try:
            _compiled = _Compiled()
        except (ImportError, _Unknown):
            _compiled = None
    return _compiled  # type: ignore[return-value]


class _LazyEvents:
    """Events of a decoded case, each handed out as the dict the dict path would hold."""

    __slots__ = ("events", "to_builtins")

    def __init__(self, events: list[Any], to_builtins: Callable[[Any], Any]) -> None:
        self.events = events
        self.to_builtins = to_builtins

    def __getitem__(self, i: int) -> Any:
        return self.to_builtins(self.events[i])


def struct_facts(c: Any, as_of: dt.date | None, comp: _Compiled) -> _f._Facts | None:
    """The facts of a decoded case Struct (as :func:`fast._case_facts` of its dict), or None."""
    if type(c) is not comp.case:
        return None
    form = c.form
    role = c.role
    if _f._code_form(c.code) != form or (role is not None and form != "litigation"):
        return None
    if comp.case_check is not None and not comp.case_check(c):
        return None
    bens = c.beneficiaries
    if not bens:
        return None
    f = _f._Facts()
    f.form = form
    f.fld = c.field
    f.source = c.source
    ids = set()
    all_groups: set[str] = set()
    persons = f.persons
    bcheck = comp.beneficiary_check
    for b in bens:
        if bcheck is not None and not bcheck(b):
            return None
        ids.add(b.id)
        groups = b.groups
        all_groups.update(groups)
        pk = (b.sex, "+".join(sorted(set(groups))) if groups else "")
        persons[pk] = persons.get(pk, 0) + 1
    if len(ids) != len(bens):
        return None
    f.case_groups = "+".join(sorted(all_groups))
    events = c.events
    f.events = _LazyEvents(events, comp.to_builtins)
    accepted: dt.date | None = None
    ended: dt.date | None = None
    dispatch = comp.dispatch
    ended_measure = ENDED_MEASURE
    fullmatch = _VN_MOMENT.fullmatch
    days = _DAYS
    for i, e in enumerate(events):
        role_of, chk, kind = dispatch[type(e)]
        if chk is not None and not chk(e):
            return None
        on = e.on
        day = days.get(on[:10]) if fullmatch(on) is not None else None
        if day is None:
            try:
                day = _fromiso(on).date() if fullmatch(on) is not None else _f._day(on)
            except ValueError:
                return None
            if len(days) < 100_000 and fullmatch(on) is not None:
                days[on[:10]] = day
        if role_of == 0 or (as_of is not None and day > as_of):
            continue  # an event that does not feed the tallies (its checks are done)
        if kind == "accepted":
            if accepted is None:
                accepted = day
        elif kind == "ended":
            if accepted is None or ended is not None or day < accepted:
                return None
            ended = day
            f.end_measure = ended_measure[e.outcome]
        elif kind == "provider_assigned" or kind == "provider_changed":
            if ended is None:
                f.providers.append((day, e.provider_kind))
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
