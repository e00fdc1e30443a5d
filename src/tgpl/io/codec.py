"""JSON encoding backend: ``orjson`` when installed (``tgpl[fast]``), else the stdlib.

Both backends write compact UTF-8 (no ASCII escaping, so Vietnamese stays readable) and
refuse what JSON cannot hold: ``NaN``/``Infinity`` literals are rejected when reading.
Every problem with the text is a ``ValueError`` — invalid UTF-8 and nesting too deep
included — so that a reader can report it on its line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["BACKEND", "dumps", "loads", "stdlib_dumps", "stdlib_loads"]


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
