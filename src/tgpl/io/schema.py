"""JSON Schemas (draft 2020-12) of tgpl records, generated from the domain types.

Nothing here is hand-written per field: the schema of each record kind is derived by
walking the attrs fields, their type hints, defaults, enum members and ``ge`` validators,
so it cannot drift from the code. The shipped copies live in ``docs/schema/<kind>.json``;
regenerate them with::

    python -m tgpl.io.schema docs/schema

The schemas describe what :func:`tgpl.io.jsonl.write_jsonl` writes. The reader is a
little more lenient in one documented way: a date-time without an offset (or a bare
date) is read as Vietnam civil time (+07:00).
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import json
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final, get_args, get_origin

import attrs

from tgpl.domain import (
    DEFAULT_CODE_WORDS,
    EVENT_TYPES,
    PROVINCES_2004,
    PROVINCES_2025,
    Event,
    EventBase,
    FileCode,
    Tri,
    UnitRef,
    is_sensitive,
)
from tgpl.io.converter import CONVERTER
from tgpl.io.records import RECORD_TYPES, Record, kind_of

__all__ = ["DRAFT", "SENSITIVE_KEYWORD", "generate_schemas", "json_schema", "main", "render", "write_schemas"]

#: The JSON Schema dialect used.
DRAFT: Final = "https://json-schema.org/draft/2020-12/schema"
#: Annotation keyword marking personal data (``Beneficiary.name``, ``id_number``).
SENSITIVE_KEYWORD: Final = "x-tgpl-sensitive"


def _doc(obj: object) -> str:
    """First paragraph of a docstring, on one line."""
    text = inspect.cleandoc(obj.__doc__ or "")
    return " ".join(text.split("\n\n", 1)[0].split())


class _Builder:
    """Collects ``$defs`` while turning type hints into schema fragments."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def ref(self, name: str, make: Any) -> dict[str, Any]:
        if name not in self.defs:
            self.defs[name] = {}  # placeholder against recursion
            self.defs[name] = make()
        return {"$ref": f"#/$defs/{name}"}

    def of(self, t: Any) -> dict[str, Any]:
        origin, args = get_origin(t), get_args(t)
        if t == Event:
            return self.ref("Event", lambda: {
                "description": "A case event, tagged by \"type\" (tgpl.domain.EVENT_TYPES).",
                "oneOf": [self.of(cls) for cls in EVENT_TYPES.values()],
            })
        if args and type(None) in args and len(args) == 2:
            inner = next(a for a in args if a is not type(None))
            return {"anyOf": [self.of(inner), {"type": "null"}]}
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.of(args[0])}
        if origin is frozenset:
            return {"type": "array", "items": self.of(args[0]), "uniqueItems": True}
        if origin in (Mapping, dict):
            return {"type": "object", "additionalProperties": self.of(args[1])}
        if t is bool:
            return {"type": "boolean"}
        if t is int:
            return {"type": "integer"}
        if t is float:
            return {"type": "number"}
        if t is str:
            return {"type": "string"}
        if t is dt.datetime:
            return {
                "type": "string",
                "format": "date-time",
                "description": "ISO 8601 with offset, e.g. 2022-03-01T08:30:00+07:00; the reader takes a bare date or a naive time as Vietnam civil time (+07:00).",
            }
        if t is dt.date:
            return {"type": "string", "format": "date"}
        if t is UnitRef:
            return self.ref("UnitRef", _unit_ref_schema)
        if t is FileCode:
            return self.ref("FileCode", _file_code_schema)
        if t is Tri:
            return self.ref("Tri", lambda: {
                "title": "Tri",
                "description": _doc(Tri) + " JSON true/false/null are read as yes/no/unknown.",
                "anyOf": [
                    {"type": "string", "enum": [m.value for m in Tri]},
                    {"type": "boolean"},
                    {"type": "null"},
                ],
            })
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return self.ref(t.__name__, lambda: _enum_schema(t))
        if isinstance(t, type) and attrs.has(t):
            return self.ref(t.__name__, lambda: self.object_schema(t))
        raise TypeError(f"no JSON Schema for type {t!r}")  # pragma: no cover - new field type

    def object_schema(self, cls: type[Any], *, tag: str | None = None) -> dict[str, Any]:
        props: dict[str, Any] = {}
        required: list[str] = []
        if tag is not None:
            props["schema"] = {"const": tag}
            required.append("schema")
        if issubclass(cls, EventBase):
            props["type"] = {"const": cls.kind}
            required.append("type")
        for a in attrs.fields(cls):
            prop = dict(self.of(a.type))
            for v in _validators(a.validator):
                bound = getattr(v, "bound", None)
                op = getattr(v, "compare_op", None)
                key = {">=": "minimum", ">": "exclusiveMinimum", "<=": "maximum", "<": "exclusiveMaximum"}.get(str(op))
                if key is not None and isinstance(bound, int | float):
                    prop[key] = bound
            if a.default is attrs.NOTHING:
                required.append(a.name)
            else:
                default = a.default.factory() if isinstance(a.default, attrs.Factory) else a.default  # type: ignore[arg-type]
                prop["default"] = CONVERTER.unstructure(default, unstructure_as=a.type)
            if is_sensitive(a):
                prop[SENSITIVE_KEYWORD] = True
                prop["description"] = "Personal data (dữ liệu cá nhân): dropped by writers with include_sensitive=False; never in reports."
            props[a.name] = prop
        return {
            "title": cls.__name__,
            "description": _doc(cls),
            "type": "object",
            "properties": props,
            "required": required,
            "additionalProperties": False,
        }


def _validators(v: Any) -> list[Any]:
    """The validators of a field, ``and_(...)`` unpacked (``ge``/``le`` bounds become minimum/maximum)."""
    if v is None:
        return []
    inner = getattr(v, "_validators", None)
    if isinstance(inner, tuple):
        return [x for sub in inner for x in _validators(sub)]
    return [v]


def _enum_schema(cls: type[enum.Enum]) -> dict[str, Any]:
    return {"title": cls.__name__, "description": _doc(cls), "type": "string", "enum": [m.value for m in cls]}


def _unit_ref_schema() -> dict[str, Any]:
    refs = [str(r) for r in (*PROVINCES_2004, *PROVINCES_2025)]
    return {
        "title": "UnitRef",
        "description": _doc(UnitRef) + " 2004 codes: Quyết định 124/2004/QĐ-TTg (until 30/06/2025); 2025 codes: Quyết định 19/2025/QĐ-TTg (from 01/07/2025).",
        "type": "string",
        "enum": refs,
    }


def _file_code_schema() -> dict[str, Any]:
    words = sorted(set(DEFAULT_CODE_WORDS.words.values()) | set(DEFAULT_CODE_WORDS.aliases))
    return {
        "title": "FileCode",
        "description": _doc(FileCode) + " The form word must match the case form.",
        "type": "string",
        "pattern": rf"^[^.\s]+\.({'|'.join(map(re.escape, words))})\.[0-9]{{1,6}}\.[0-9]{{4}}$",
    }


def json_schema(cls: type[Record]) -> dict[str, Any]:
    """The JSON Schema of one record kind, e.g. ``json_schema(Case)``."""
    b = _Builder()
    body = b.object_schema(cls, tag=cls.schema)
    return {
        "$schema": DRAFT,
        "$id": f"urn:tgpl:schema:{kind_of(cls.schema)}:{cls.schema.rsplit('/', 1)[1]}",
        **body,
        "$defs": dict(sorted(b.defs.items())),
    }


def generate_schemas() -> dict[str, dict[str, Any]]:
    """Every record kind's schema, keyed by file name (``case.json``, ``simple_answer.json``, …)."""
    return {f"{kind_of(tag)}.json": json_schema(cls) for tag, cls in RECORD_TYPES.items()}


def render(schema: Mapping[str, Any]) -> str:
    """The canonical text of a schema file (2-space indent, UTF-8, final newline)."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(directory: str | Path) -> list[Path]:
    """Write every schema into ``directory`` (created if needed); return the paths written."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in generate_schemas().items():
        path = out / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tgpl.io.schema DIRECTORY``: regenerate the shipped schemas."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python -m tgpl.io.schema DIRECTORY", file=sys.stderr)
        return 2
    for path in write_schemas(args[0]):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
