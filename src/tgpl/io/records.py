"""Record kinds of tgpl files and their schema tags (loại bản ghi).

A file record is a case (*vụ việc*) or one of the non-case activities counted beside
cases. Each record carries ``"schema": "<tag>"``; the tag is the class's ``schema``
ClassVar (``tgpl.case/1``, ``tgpl.simple_answer/1``, …). A new incompatible version of a
kind gets a new tag (``/2``), so old files keep their meaning.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from tgpl.domain import Case, MobileTrip, OutreachSession, Reception, SimpleAnswer, Training

__all__ = ["RECORD_TYPES", "Record", "kind_of", "record_id_of"]

Record = Case | SimpleAnswer | Reception | OutreachSession | MobileTrip | Training
"""Anything a tgpl JSON Lines file may hold."""

#: Record classes by schema tag.
RECORD_TYPES: Final[Mapping[str, type[Record]]] = MappingProxyType({
    cls.schema: cls
    for cls in (Case, SimpleAnswer, Reception, OutreachSession, MobileTrip, Training)
})


def kind_of(tag: str) -> str:
    """The short kind of a schema tag: ``"tgpl.case/1"`` → ``"case"`` (the JSON Schema file name)."""
    return tag.removeprefix("tgpl.").split("/", 1)[0]


def record_id_of(data: Any) -> str | None:
    """The record id of raw data when it can be read: a case's file code, else an activity's ``id``."""
    if not isinstance(data, dict):
        return None
    for key in ("code", "id"):
        value = data.get(key)
        if isinstance(value, str) and len(value) <= 100:
            return value
    return None
