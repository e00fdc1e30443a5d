"""JSON encoding backend: ``orjson`` when installed (``tgpl[fast]``), else the stdlib.

Both backends write compact UTF-8 (no ASCII escaping, so Vietnamese stays readable) and
refuse what JSON cannot hold: ``NaN``/``Infinity`` literals are rejected when reading.
Every problem with the text is a ``ValueError`` — invalid UTF-8 and nesting too deep
included — so that a reader can report it on its line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, Final

__all__ = ["BACKEND", "dumps", "duplicate_key", "loads", "stdlib_dumps", "stdlib_loads"]

_ESCAPE: Final = re.compile(rb"\\.")
_ESCAPE_TEXT: Final = re.compile(r"\\.")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def stdlib_loads(data: bytes | str) -> Any:
    """Parse one JSON document with the stdlib; ``bytes`` must be valid UTF-8."""
    if isinstance(data, bytes):
        text = data.decode("utf-8")
    else:
        text = data
        text.encode("utf-8")  # a str may hold raw lone surrogates: UnicodeEncodeError, a ValueError
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        # The stdlib parser recurses once per nesting level; orjson stops at 1,024 levels
        # with a ValueError, and so must this backend (a RecursionError is no JSON error).
        raise ValueError("JSON nested too deeply") from None
    if "\\ud" in text or "\\uD" in text:
        _reject_lone_surrogates(value)
    return value


def _reject_lone_surrogates(value: Any) -> None:
    """Refuse an escaped lone surrogate (``"\\ud800"``), as orjson does: it is no character,
    and a string holding one can never be written back as UTF-8."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("a string holds a lone surrogate (not a Unicode character)") from None


def _strings_in(value: Any) -> int:
    """How many JSON strings (object keys included) a parsed value holds."""
    n = 0
    stack = [value]
    while stack:
        x = stack.pop()
        t = type(x)
        if t is dict:
            n += len(x)
            stack.extend(x.values())
        elif t is list:
            stack.extend(x)
        elif t is str:
            n += 1
    return n


def _quotes_in(raw: bytes | str) -> int:
    """How many unescaped ``"`` a JSON text holds: twice its number of strings."""
    if isinstance(raw, bytes):
        return (_ESCAPE.sub(b"", raw) if b"\\" in raw else raw).count(b'"')
    return (_ESCAPE_TEXT.sub("", raw) if "\\" in raw else raw).count('"')


def duplicate_key(raw: bytes | str, value: Any) -> tuple[str, list[str | int]] | None:
    """The first key written twice in one object of the JSON text ``raw``, with the path of that object.

    ``value`` is ``raw`` already parsed (both backends keep the *last* of duplicate keys,
    silently). The check is cheap: a valid JSON text holds two unescaped quotes per string,
    and a parse that dropped a duplicate key holds fewer strings; only then is ``raw``
    parsed again, keeping every key, to name the duplicate. Returns ``None`` when every
    object's keys are distinct.
    """
    if _quotes_in(raw) == 2 * _strings_in(value):
        return None
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    try:
        pairs = json.loads(text, object_pairs_hook=_Pairs)
    except RecursionError:  # nested too deeply for the stdlib parser: say so without naming
        return "(a key in a deeply nested object)", []
    stack: list[tuple[Any, list[str | int]]] = [(pairs, [])]
    while stack:
        node, path = stack.pop(0)
        if isinstance(node, _Pairs):
            seen: set[str] = set()
            for k, _value in node:
                if k in seen:
                    return k, path
                seen.add(k)
            stack.extend((v, [*path, k]) for k, v in node)
        elif isinstance(node, list):
            stack.extend((v, [*path, i]) for i, v in enumerate(node))
    return None  # pragma: no cover - the counts differ only when a key was dropped


class _Pairs(list[tuple[str, Any]]):
    """An object as the list of its (key, value) pairs, duplicates kept."""


def stdlib_dumps(obj: Any) -> bytes:
    """Serialise to compact UTF-8 JSON with the stdlib."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


BACKEND: str
"""``"orjson"`` or ``"json"``: which library encodes and decodes."""
loads: Callable[[bytes | str], Any]
dumps: Callable[[Any], bytes]

try:
    import orjson
except ImportError:  # pragma: no cover - exercised only without the optional dependency
    BACKEND, loads, dumps = "json", stdlib_loads, stdlib_dumps
else:
    BACKEND, loads, dumps = "orjson", orjson.loads, orjson.dumps
