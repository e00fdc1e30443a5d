"""The tgpl cattrs converter: domain values ⇄ JSON-ready dicts (bộ chuyển đổi dữ liệu).

tgpl owns its converters and never touches cattrs' global one, so an application that
also uses cattrs for something else cannot change how a case is read. The wire format:

* aware ``datetime`` → ISO 8601 with offset (``"2022-03-01T08:30:00+07:00"``); when
  reading, a bare date (``"2022-03-01"``) or a naive time is Vietnam civil time,
  Asia/Ho_Chi_Minh (fixed UTC+07:00, :data:`tgpl.domain.VN_TZ`) — local registers never
  write offsets, and every event time must be aware (deadlines run in hours);
* ``date`` → ``"2022-03-01"``; :class:`~tgpl.domain.UnitRef` → ``"2004:06"``;
  :class:`~tgpl.domain.FileCode` → ``"TT.TGTT.01.2022"``;
* enums → their stable code (value); an unknown code is an :class:`~tgpl.errors.UnknownCodeError`;
  :class:`~tgpl.domain.Tri` also reads JSON ``true`` / ``false`` / ``null``;
* frozensets → sorted arrays, tuples → arrays, ``QualityReview.scores`` → an object;
* events → objects tagged ``"type": <event.kind>`` (:data:`tgpl.domain.EVENT_TYPES`);
* fields equal to their default are omitted (``omit_defaults=True``); reading fills the
  default back in, so the round trip is lossless.

Reading is strict: a string is not silently turned into a number, ``"false"`` is not
``True``, an unknown key is an error (a misspelt field must not vanish). The fast path
uses cattrs' generated functions without detailed validation; only when a value fails is
it structured again with a detailed converter to find the exact field path
(:func:`explain`).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import math
import re
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, TypeVar, Union, get_args, get_origin

import attrs
from cattrs import Converter
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from tgpl.domain import (
    EVENT_TYPES,
    VN_TZ,
    Beneficiary,
    Case,
    CouncilActivity,
    DutyShift,
    Event,
    EventBase,
    FileCode,
    MobileTrip,
    Organisation,
    OutreachSession,
    Proof,
    Provider,
    QualityReview,
    Reception,
    SimpleAnswer,
    Training,
    Tri,
    UnitRef,
    is_sensitive,
)
from tgpl.errors import (
    InvalidRecordError,
    UnknownCodeError,
    describe_text,
    looks_like_code,
    quote_value,
)
from tgpl.io.records import RECORD_TYPES

__all__ = [
    "CONVERTER",
    "DOMAIN_CLASSES",
    "explain",
    "format_path",
    "make_converter",
    "structure",
    "unstructure",
]

T = TypeVar("T")
_Hook = Callable[[Any, Any], Any]

#: Every attrs class the converter knows, in dependency order. ``attrs.resolve_types``
#: is applied to each once, so string annotations become real types.
DOMAIN_CLASSES: Final[tuple[type[Any], ...]] = (
    Proof, Beneficiary, QualityReview, Provider, Organisation,
    *EVENT_TYPES.values(),
    Case, SimpleAnswer, Reception, OutreachSession, MobileTrip, Training, DutyShift, CouncilActivity,
)
for _cls in DOMAIN_CLASSES:
    attrs.resolve_types(_cls)

_RECORD_CLASSES: Final = frozenset(RECORD_TYPES.values())
_EVENT_CLASSES: Final = frozenset(EVENT_TYPES.values())
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_VN_OFFSET: Final = dt.timedelta(hours=7)
_DATETIME_SHAPE: Final = re.compile(r"[0-9]{4}-?[0-9]{2}-?[0-9]{2}(?:[Tt ]|$)")


def format_path(parts: Iterable[str | int]) -> str:
    """``["events", 3, "on"]`` → ``"$.events[3].on"``; odd keys are quoted (``$.scores["2đ"]``)."""
    out = ["$"]
    for p in parts:
        if isinstance(p, int):
            out.append(f"[{p}]")
        elif _IDENT.match(p) and looks_like_code(p):
            out.append(f".{p}")
        elif looks_like_code(p):
            out.append(f"[{json.dumps(p, ensure_ascii=False)}]")
        else:
            # No field of tgpl has such a name, and a key may be anything (a name typed as
            # a key): describe it instead of quoting it.
            out.append(f"[<{describe_text(p)}>]")
    return "".join(out)


def _bad(message: str, path: str = "$") -> InvalidRecordError:
    return InvalidRecordError(message, path=path)


def _kind(value: object) -> str:
    """The JSON kind of a value, for messages (never the value itself: it may be personal data)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


# --- scalars ----------------------------------------------------------------------------


def _s_str(v: Any, _: Any) -> str:
    if isinstance(v, str):
        return v
    raise _bad(f"expected a string, got {_kind(v)}")


def _s_int(v: Any, _: Any) -> int:
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    raise _bad(f"expected an integer, got {_kind(v)}")


def _s_float(v: Any, _: Any) -> float:
    if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v):
        return float(v)
    raise _bad(f"expected a finite number, got {_kind(v)}")


def _s_bool(v: Any, _: Any) -> bool:
    if v is True or v is False:
        return v
    raise _bad(f"expected true or false, got {_kind(v)}")


def _u_float(v: float) -> float:
    if not math.isfinite(v):
        raise _bad(f"{v!r} cannot be written to JSON (not a finite number)")
    return v


def _s_date(v: Any, _: Any) -> dt.date:
    if not isinstance(v, str):
        raise _bad(f"expected an ISO 8601 date string such as \"2022-03-01\", got {_kind(v)}")
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        raise _bad(f"{quote_value(v)} is not a valid ISO 8601 date (YYYY-MM-DD)") from None


def _s_datetime(v: Any, _: Any) -> dt.datetime:
    if not isinstance(v, str):
        raise _bad(f"expected an ISO 8601 date-time string such as \"2022-03-01T08:30:00+07:00\", got {_kind(v)}")
    try:
        t = dt.datetime.fromisoformat(v)
        # Python accepts any character between the date and the time; "2022-03-01+07:00"
        # would silently become 07:00. ISO 8601 separates them with "T" (or a space).
        if _DATETIME_SHAPE.match(v) is None:
            raise ValueError(v)
    except ValueError:
        raise _bad(f"{quote_value(v)} is not a valid ISO 8601 date-time (e.g. 2022-03-01T08:30:00+07:00)") from None
    if t.tzinfo is None or t.utcoffset() == _VN_OFFSET:
        # A bare date or a naive time is Vietnam civil time (documented rule); an explicit
        # +07:00 is the same zone, and sharing VN_TZ lets astimezone(VN_TZ) skip the
        # arithmetic (which would overflow at the edges of the datetime range).
        return t.replace(tzinfo=VN_TZ)
    return t


def _u_datetime(v: dt.datetime) -> str:
    if v.tzinfo is None or v.utcoffset() is None:
        raise _bad(f"naive datetime {v.isoformat()} cannot be written; event times are timezone-aware")
    return v.isoformat()


_UNIT_CACHE: dict[str, UnitRef] = {}


def _s_unit(v: Any, _: Any) -> UnitRef:
    # UnitRef is immutable and there are fewer than a hundred valid ones: parse each once.
    ref = _UNIT_CACHE.get(v) if isinstance(v, str) else None
    if ref is not None:
        return ref
    if not isinstance(v, str):
        raise _bad(f"expected a unit reference string such as \"2004:06\", got {_kind(v)}")
    try:
        ref = _UNIT_CACHE[v] = UnitRef.parse(v)
    except InvalidRecordError as exc:
        raise UnknownCodeError(exc.message) from None
    return ref


def _s_filecode(v: Any, _: Any) -> FileCode:
    if not isinstance(v, str):
        raise _bad(f"expected a file code string such as \"TT.TGTT.01.2022\", got {_kind(v)}")
    try:
        return FileCode.parse(v)
    except InvalidRecordError as exc:
        # FileCode.parse names "$.code"; here the path is relative to the value itself.
        raise type(exc)(exc.message) from None


@functools.cache
def _members(cls: type[Any]) -> dict[str, Any]:
    return {m.value: m for m in cls}


def _s_enum(v: Any, cls: Any) -> Any:
    try:
        return _members(cls)[v]
    except (KeyError, TypeError):
        known = ", ".join(_members(cls))
        shown = quote_value(v) if isinstance(v, str) else _kind(v)
        raise UnknownCodeError(f"unknown {cls.__name__} code {shown} (known: {known})") from None


def _u_enum(v: Any) -> Any:
    return v.value


_TRI_JSON: Final[dict[object, Tri]] = {True: Tri.YES, False: Tri.NO}


def _s_tri(v: Any, cls: Any) -> Tri:
    if v is None:
        return Tri.UNKNOWN
    if v is True or v is False:
        return _TRI_JSON[v]
    result: Tri = _s_enum(v, cls)
    return result


# --- containers -------------------------------------------------------------------------


def _is_homogeneous_tuple(t: Any) -> bool:
    args = get_args(t)
    return get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_frozenset(t: Any) -> bool:
    return get_origin(t) is frozenset


def _is_str_mapping(t: Any) -> bool:
    args = get_args(t)
    return get_origin(t) in (Mapping, dict) and len(args) == 2 and args[0] is str


def _seq_structure_factory(conv: Converter, detailed: bool) -> Callable[[Any], _Hook]:
    def factory(t: Any) -> _Hook:
        elem = get_args(t)[0]
        make: Callable[[Iterable[Any]], Any] = frozenset if _is_frozenset(t) else tuple
        h = conv.get_structure_hook(elem)

        def check(v: Any) -> None:
            if not isinstance(v, list | tuple):
                raise _bad(f"expected an array, got {_kind(v)}")

        if not detailed:
            def fast(v: Any, _: Any) -> Any:
                check(v)
                return make([h(e, elem) for e in v])

            return fast

        def detailed_hook(v: Any, _: Any) -> Any:
            check(v)
            out: list[Any] = []
            errors: list[Exception] = []
            for i, e in enumerate(v):
                try:
                    out.append(h(e, elem))
                except Exception as exc:
                    exc.__notes__ = [*getattr(exc, "__notes__", []), IterableValidationNote(f"@ index {i}", i, elem)]
                    errors.append(exc)
            if errors:
                raise IterableValidationError("While structuring an array", errors, t)
            return make(out)

        return detailed_hook

    return factory


def _seq_unstructure_factory(conv: Converter) -> Callable[[Any], Callable[[Any], Any]]:
    def factory(t: Any) -> Callable[[Any], Any]:
        elem = get_args(t)[0]
        h = conv.get_unstructure_hook(elem)
        if _is_frozenset(t):
            return lambda v: sorted(h(e) for e in v)
        return lambda v: [h(e) for e in v]

    return factory


def _mapping_structure_factory(conv: Converter, detailed: bool) -> Callable[[Any], _Hook]:
    def factory(t: Any) -> _Hook:
        elem = get_args(t)[1]
        h = conv.get_structure_hook(elem)

        def hook(v: Any, _: Any) -> dict[str, Any]:
            if not isinstance(v, dict):
                raise _bad(f"expected an object, got {_kind(v)}")
            out: dict[str, Any] = {}
            errors: list[Exception] = []
            for k, x in v.items():
                try:
                    if not isinstance(k, str):
                        raise _bad(f"object keys must be strings, got {_kind(k)}")
                    out[k] = h(x, elem)
                except Exception as exc:
                    if not detailed:
                        raise
                    exc.__notes__ = [*getattr(exc, "__notes__", []), IterableValidationNote(f"@ key {k!r}", str(k), elem)]
                    errors.append(exc)
            if errors:
                raise IterableValidationError("While structuring an object", errors, t)
            return out

        return hook

    return factory


def _mapping_unstructure_factory(conv: Converter) -> Callable[[Any], Callable[[Any], Any]]:
    def factory(t: Any) -> Callable[[Any], Any]:
        h = conv.get_unstructure_hook(get_args(t)[1])
        return lambda v: {k: h(x) for k, x in v.items()}

    return factory


# --- attrs classes and the event union --------------------------------------------------


def _allowed_keys(cl: type[Any]) -> frozenset[str]:
    keys = {a.name for a in attrs.fields(cl)}
    if isinstance(cl, type) and issubclass(cl, EventBase):
        keys.add("type")
    if cl in _RECORD_CLASSES:
        keys.add("schema")
    return frozenset(keys)


def _extra_keys(v: Mapping[str, Any], allowed: frozenset[str], cl: type[Any]) -> InvalidRecordError:
    extra = sorted((k for k in v if k not in allowed), key=str)
    first = extra[0]
    names = ", ".join(str(k) if looks_like_code(str(k)) else quote_value(str(k)) for k in extra[:10])
    if len(extra) > 10:
        names += f", … ({len(extra)} in all)"
    return _bad(
        f"unknown field{'s' if len(extra) > 1 else ''} {names} for {cl.__name__} "
        f"(known: {', '.join(sorted(allowed))})",
        path=format_path([first]) if isinstance(first, str) else "$",
    )


def _scrub(message: str, value: object) -> str:
    """``message`` with ``value`` shown as :func:`tgpl.errors.quote_value` shows it.

    Validators (attrs' ``ge``/``le``, tgpl's own) write the value they refused into their
    message; a name or an ID number typed into a count or a year must not be echoed.
    """
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return message
    shown = quote_value(value)
    for text in (repr(value), str(value)):
        if text and text != shown and text in message:
            message = message.replace(text, shown)
    return message


def _locate_init_error(conv: Converter, cl: type[Any], v: Mapping[str, Any], exc: Exception) -> InvalidRecordError:
    """Find which field's validator rejected an otherwise well-typed object.

    The fields structured fine, so the constructor (an attrs validator or
    ``__attrs_post_init__``) refused the combination. Rebuild the values without calling
    ``__init__`` and run each field validator alone; if none fails, the error concerns the
    object as a whole (path ``$``).
    """
    values: dict[str, Any] = {}
    try:
        for a in attrs.fields(cl):
            if a.name in v:
                x = conv.structure(v[a.name], a.type)
            elif isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
                x = a.default.factory()
            else:
                x = a.default
            if a.converter is not None and callable(a.converter):
                x = a.converter(x)
            values[a.name] = x
        inst = object.__new__(cl)
        for k, x in values.items():
            object.__setattr__(inst, k, x)
        for a in attrs.fields(cl):
            if a.validator is not None:
                try:
                    a.validator(inst, a, values[a.name])
                except (ValueError, TypeError) as vexc:
                    return _bad(_scrub(str(vexc), values[a.name]), path=format_path([a.name]))
    except Exception:  # pragma: no cover - defensive: fall back to the object-level message
        pass
    message = f"{cl.__name__}: {exc}"
    for value in v.values():  # a rule about the whole object may quote any of its values
        message = _scrub(message, value)
    return _bad(message)


def _attrs_structure_factory(conv: Converter, detailed: bool) -> Callable[[Any], _Hook]:
    def factory(cl: Any) -> _Hook:
        fn = make_dict_structure_fn(
            cl, conv, _cattrs_forbid_extra_keys=False, _cattrs_detailed_validation=detailed
        )
        allowed = _allowed_keys(cl)
        name = cl.__name__

        if not detailed:
            def fast(v: Any, _: Any) -> Any:
                # A non-object fails on .keys(); the detailed pass then words the error.
                if not v.keys() <= allowed:
                    raise _extra_keys(v, allowed, cl)
                return fn(v, cl)

            return fast

        def hook(v: Any, _: Any) -> Any:
            if not isinstance(v, dict):
                raise _bad(f"expected an object for {name}, got {_kind(v)}")
            if not v.keys() <= allowed:
                raise _extra_keys(v, allowed, cl)
            try:
                return fn(v, cl)
            except ClassValidationError as exc:
                with_notes, _others = exc.group_exceptions()
                if with_notes:
                    raise
                raise _locate_init_error(conv, cl, v, exc.exceptions[0]) from None

        return hook

    return factory


def _attrs_unstructure_factory(conv: Converter, include_sensitive: bool, omit_defaults: bool) -> Callable[[Any], Callable[[Any], Any]]:
    def factory(cl: Any) -> Callable[[Any], Any]:
        overrides: dict[str, Any] = {} if include_sensitive else {
            a.name: override(omit=True) for a in attrs.fields(cl) if is_sensitive(a)
        }
        fn = make_dict_unstructure_fn(cl, conv, _cattrs_omit_if_default=omit_defaults, **overrides)
        if isinstance(cl, type) and issubclass(cl, EventBase):
            tag = cl.kind
            return lambda o: {"type": tag, **fn(o)}
        return fn

    return factory


def _optional_structure_factory(conv: Converter) -> Callable[[Any], _Hook]:
    """``X | None`` without a dispatch per value (cattrs' generic path looks ``X`` up each time)."""

    def factory(t: Any) -> _Hook:
        inner = next(a for a in get_args(t) if a is not type(None))
        h = conv.get_structure_hook(inner)
        return lambda v, _: None if v is None else h(v, inner)

    return factory


def _is_optional(t: Any) -> bool:
    args = get_args(t)
    return (get_origin(t) in (Union, types.UnionType) and len(args) == 2 and type(None) in args)


def _event_structure_hook(conv: Converter) -> _Hook:
    hooks: dict[str, tuple[_Hook, type[Any]]] = {}

    def hook(v: Any, _: Any) -> Any:
        if isinstance(v, dict):
            found = hooks.get(v.get("type"))  # type: ignore[arg-type]
            if found is not None:
                return found[0](v, found[1])
        if not isinstance(v, dict):
            raise _bad(f"expected an event object, got {_kind(v)}")
        tag = v.get("type")
        cls = EVENT_TYPES.get(tag) if isinstance(tag, str) else None
        if cls is None:
            if "type" not in v:
                raise _bad("an event needs its \"type\" tag", path="$.type")
            shown = quote_value(tag) if isinstance(tag, str) else _kind(tag)
            raise UnknownCodeError(
                f"unknown event type {shown} (known: {', '.join(EVENT_TYPES)})", path="$.type"
            )
        h = conv.get_structure_hook(cls)
        hooks[cls.kind] = (h, cls)
        return h(v, cls)

    return hook


def _event_unstructure_hook(conv: Converter) -> Callable[[Any], Any]:
    hooks: dict[type[Any], Callable[[Any], Any]] = {}

    def hook(e: Any) -> Any:
        h = hooks.get(e.__class__)
        if h is None:
            if e.__class__ not in _EVENT_CLASSES:
                raise _bad(f"{e.__class__.__name__} is not a tgpl event kind")
            h = hooks[e.__class__] = conv.get_unstructure_hook(e.__class__)
        return h(e)

    return hook


# --- the factory ------------------------------------------------------------------------


def make_converter(
    *,
    include_sensitive: bool = True,
    omit_defaults: bool = True,
    detailed_validation: bool = False,
) -> Converter:
    """A new tgpl converter (never cattrs' global one).

    ``include_sensitive=False`` drops personal data (fields marked
    :data:`tgpl.domain.SENSITIVE`: ``Beneficiary.name``, ``id_number``) when
    unstructuring; reading always accepts them. ``omit_defaults`` leaves out fields equal
    to their default. ``detailed_validation=True`` builds the slower converter that
    records the path of every failure (used by :func:`explain`).
    """
    conv = Converter(detailed_validation=detailed_validation)
    # Scalars (single dispatch on the class).
    for cls, s_hook in ((str, _s_str), (int, _s_int), (float, _s_float), (bool, _s_bool),
                        (dt.date, _s_date), (dt.datetime, _s_datetime),
                        (UnitRef, _s_unit), (FileCode, _s_filecode)):
        conv.register_structure_hook(cls, s_hook)
    # Every tgpl code list is a StrEnum; registering StrEnum beats the hook for str.
    conv.register_structure_hook(enum.Enum, _s_enum)
    conv.register_structure_hook(enum.StrEnum, _s_enum)
    conv.register_structure_hook(Tri, _s_tri)
    conv.register_unstructure_hook(enum.Enum, _u_enum)
    conv.register_unstructure_hook(enum.StrEnum, _u_enum)
    conv.register_unstructure_hook(float, _u_float)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook(dt.datetime, _u_datetime)
    conv.register_unstructure_hook(UnitRef, str)
    conv.register_unstructure_hook(FileCode, str)
    # Containers.
    conv.register_structure_hook_factory(lambda t: _is_homogeneous_tuple(t) or _is_frozenset(t),
                                         _seq_structure_factory(conv, detailed_validation))
    conv.register_structure_hook_factory(_is_str_mapping, _mapping_structure_factory(conv, detailed_validation))
    conv.register_unstructure_hook_factory(lambda t: _is_homogeneous_tuple(t) or _is_frozenset(t),
                                           _seq_unstructure_factory(conv))
    conv.register_unstructure_hook_factory(_is_str_mapping, _mapping_unstructure_factory(conv))
    # attrs classes, then the event union (registered last, so it wins over cattrs' own
    # union handling).
    conv.register_structure_hook_factory(attrs.has, _attrs_structure_factory(conv, detailed_validation))
    conv.register_unstructure_hook_factory(attrs.has, _attrs_unstructure_factory(conv, include_sensitive, omit_defaults))
    conv.register_structure_hook_factory(_is_optional, _optional_structure_factory(conv))
    # A field typed with the base class (``Refusal.command: EventBase``) holds any event:
    # it is read and written through the tagged union too, so its type and payload survive.
    conv.register_structure_hook_func(lambda t: t == Event or t is EventBase, _event_structure_hook(conv))
    conv.register_unstructure_hook_func(lambda t: t == Event or t is EventBase, _event_unstructure_hook(conv))
    return conv


#: The converter of tgpl: fast, lossless, includes sensitive fields, omits defaults.
CONVERTER: Final[Converter] = make_converter()


@functools.cache
def _detailed() -> Converter:
    return make_converter(detailed_validation=True)


@functools.cache
def _redacting() -> Converter:
    return make_converter(include_sensitive=False)


def unstructure(value: Any, *, include_sensitive: bool = True) -> Any:
    """A domain value as JSON-ready data (dicts, lists, strings, numbers, booleans, None)."""
    conv = CONVERTER if include_sensitive else _redacting()
    return conv.unstructure(value)


def _walk(exc: BaseException, parts: list[str | int], out: list[tuple[str, BaseException]]) -> None:
    if isinstance(exc, ClassValidationError):
        with_notes, others = exc.group_exceptions()
        for sub, note in with_notes:
            _walk(sub, [*parts, note.name], out)
        for sub in others:
            _walk(sub, parts, out)
    elif isinstance(exc, IterableValidationError):
        inner, rest = exc.group_exceptions()
        for sub, inote in inner:
            _walk(sub, [*parts, inote.index], out)
        for sub in rest:
            _walk(sub, parts, out)
    elif isinstance(exc, ForbiddenExtraKeysError):  # pragma: no cover - tgpl checks keys itself
        for key in sorted(exc.extra_fields):
            out.append((format_path([*parts, key]), _bad(f"unknown field {key}")))
    elif isinstance(exc, InvalidRecordError):
        out.append((format_path(parts) + exc.path[1:], exc))
    else:
        out.append((format_path(parts), exc))


def _message(exc: BaseException) -> str:
    if isinstance(exc, InvalidRecordError):
        return exc.message
    if isinstance(exc, KeyError):
        return "required field is missing"
    return f"{exc}" if str(exc) else type(exc).__name__


def explain(data: Any, cls: type[Any], cause: BaseException | None = None) -> InvalidRecordError:
    """Why ``data`` does not structure into ``cls``: one error naming the first bad field.

    The error's ``path`` is the JSONPath-ish location (``$.events[3].on``); when several
    fields are wrong the message lists how many and where. Runs the detailed converter,
    so it is slow; call it only after the fast path failed.
    """
    try:
        _detailed().get_structure_hook(cls)(data, cls)
    except Exception as exc:
        leaves: list[tuple[str, BaseException]] = []
        _walk(exc, [], leaves)
        if not leaves:  # pragma: no cover - an exception group always has leaves
            leaves = [("$", exc)]
        path, first = leaves[0]
        message = _message(first)
        if len(leaves) > 1:
            others = ", ".join(p for p, _ in leaves[1:6])
            more = "…" if len(leaves) > 6 else ""
            message += f" (and {len(leaves) - 1} more: {others}{more})"
        err_cls = UnknownCodeError if isinstance(first, UnknownCodeError) else InvalidRecordError
        return err_cls(message, path=path)
    # The detailed path accepted what the fast path refused: report the fast path's error.
    return _bad(_message(cause) if cause is not None else f"cannot read {cls.__name__}")


def structure(data: Any, cls: type[T]) -> T:
    """Build ``cls`` from JSON-ready ``data``; raise :class:`~tgpl.errors.InvalidRecordError` naming the field path."""
    try:
        result: T = CONVERTER.get_structure_hook(cls)(data, cls)
    except Exception as exc:
        raise explain(data, cls, exc) from None
    return result
