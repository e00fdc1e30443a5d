"""The JSON Schema (draft 2020-12) of a plan file, ``tgpl.plan/1``.

It states the file format :mod:`tgpl.planning.loader` reads (the loader is the reference:
it also parses time frames and checks that task time frames lie in the plan period, which a
schema cannot). The shipped copy is ``docs/schema/plan.json``; regenerate it with::

    python -m tgpl.planning.schema docs/schema
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from tgpl.planning.model import PLAN_SCHEMA

__all__ = ["FILE_NAME", "main", "plan_json_schema", "render", "write_schema"]

#: The file name of the shipped schema.
FILE_NAME: Final = "plan.json"

_TEXT: Final = {"type": "string", "minLength": 1}
_TEXTS: Final = {"anyOf": [_TEXT, {"type": "array", "items": _TEXT}]}
_NUMBER: Final = {"type": "number", "minimum": 0}


def plan_json_schema() -> dict[str, Any]:
    """The schema of a ``tgpl.plan/1`` file as a dict."""
    target = {
        "type": "object",
        "description": "A number the plan sets, bound to an indicator code: exactly one of "
        "'exactly'; 'from' and 'to'; 'at_least'; 'at_most'.",
        "properties": {
            "indicator": {"type": "string", "pattern": r"^[a-z0-9_]+(\.[a-z0-9_]+)*$"},
            "label": _TEXT,
            "exactly": _NUMBER,
            "from": _NUMBER,
            "to": _NUMBER,
            "at_least": _NUMBER,
            "at_most": _NUMBER,
            "unit": {"type": "string"},
            "measure": {"enum": ["count", "share"], "default": "count"},
            "quote": {"type": "string"},
        },
        "required": ["indicator", "label"],
        "additionalProperties": False,
        "oneOf": [
            {"required": ["exactly"], "not": {"anyOf": [{"required": [k]} for k in ("from", "to", "at_least", "at_most")]}},
            {"required": ["from", "to"], "not": {"anyOf": [{"required": [k]} for k in ("exactly", "at_least", "at_most")]}},
            {"required": ["at_least"], "not": {"anyOf": [{"required": [k]} for k in ("exactly", "from", "to", "at_most")]}},
            {"required": ["at_most"], "not": {"anyOf": [{"required": [k]} for k in ("exactly", "from", "to", "at_least")]}},
        ],
    }
    note = {
        "type": "object",
        "description": "A dated progress note (ghi nhận tiến độ) with an optional status.",
        "properties": {
            "date": {"type": "string", "format": "date"},
            "note": _TEXT,
            "status": {"enum": ["on_track", "behind", "met", "missed"]},
        },
        "required": ["date", "note"],
        "additionalProperties": False,
    }
    task = {
        "type": "object",
        "description": "A task (nhiệm vụ): text, lead and coordinating units, time frame, targets.",
        "properties": {
            "id": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._-]*$"},
            "section": {"type": "string"},
            "text": _TEXT,
            "lead": _TEXTS,
            "partners": _TEXTS,
            "time_frame": {**_TEXT, "description": "As the plan writes it: 'Cả năm 2024', 'Quý II năm 2024', …"},
            "targets": {"type": "array", "items": {"$ref": "#/$defs/target"}},
            "progress": {"type": "array", "items": {"$ref": "#/$defs/progress_note"}},
            "note": {"type": "string"},
            "indicators": {"type": "array", "items": {"type": "string", "pattern": r"^[a-z0-9_]+(\.[a-z0-9_]+)*$"},
                           "description": "Indicators the task is followed by, without a planned number (chỉ tiêu theo dõi)."},
        },
        "required": ["id", "text", "time_frame"],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:tgpl:schema:plan:1",
        "title": "tgpl plan (kế hoạch)",
        "description": "A plan with its tasks, time frames and targets bound to indicators (docs/planning.md).",
        "type": "object",
        "properties": {
            "schema": {"const": PLAN_SCHEMA},
            "id": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._-]*$"},
            "title": _TEXT,
            "issuer": _TEXT,
            "number": {"type": "string"},
            "issued": {"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$"},
            "unit": {"type": "string", "pattern": r"^\d{4}:\d{2}$"},
            "period": _TEXT,
            "basis": _TEXTS,
            "source": {"type": "string"},
            "note": {"type": "string"},
            "tasks": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/task"}},
        },
        "required": ["schema", "id", "title", "issuer", "period", "tasks"],
        "additionalProperties": False,
        "$defs": {"progress_note": note, "target": target, "task": task},
    }


def render(schema: Mapping[str, Any]) -> str:
    """The canonical text of the schema file (2-space indent, UTF-8, final newline)."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schema_file(directory: str | Path, name: str, schema: Mapping[str, Any]) -> Path:
    """Write ``schema`` as ``name`` into ``directory`` (created if needed); return its path."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    path = out / name
    path.write_text(render(schema), encoding="utf-8")
    return path


def schema_main(argv: Sequence[str] | None, module: str, write: Callable[[str], Path]) -> int:
    """``python -m MODULE DIRECTORY``: regenerate a shipped schema with ``write``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or args[0].startswith("-"):
        print(f"usage: python -m {module} DIRECTORY", file=sys.stderr)
        return 2
    print(write(args[0]))
    return 0


def write_schema(directory: str | Path) -> Path:
    """Write ``plan.json`` into ``directory`` (created if needed); return its path."""
    return write_schema_file(directory, FILE_NAME, plan_json_schema())


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tgpl.planning.schema DIRECTORY``: regenerate the shipped schema."""
    return schema_main(argv, "tgpl.planning.schema", write_schema)


if __name__ == "__main__":
    raise SystemExit(main())
