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

from tgpl.domain import (
    Case,
    CouncilActivity,
    DutyShift,
    MobileTrip,
    OutreachSession,
    Reception,
    SimpleAnswer,
    Training,
    case_identity,
    identity_text,
)
from tgpl.errors import looks_like_code

__all__ = ["RECORD_TYPES", "Record", "kind_of", "record_id_of", "record_identity"]

Record = Case | SimpleAnswer | Reception | OutreachSession | MobileTrip | Training | DutyShift | CouncilActivity
"""Anything a tgpl JSON Lines file may hold."""

#: Record classes by schema tag.
RECORD_TYPES: Final[Mapping[str, type[Record]]] = MappingProxyType({
    cls.schema: cls
    for cls in (Case, SimpleAnswer, Reception, OutreachSession, MobileTrip, Training, DutyShift, CouncilActivity)
})


def kind_of(tag: str) -> str:
    """The short kind of a schema tag: ``"tgpl.case/1"`` → ``"case"`` (the JSON Schema file name)."""
    return tag.removeprefix("tgpl.").split("/", 1)[0]


def record_id_of(data: Any) -> str | None:
    """The record id of raw data when it can be read: a case's file code, else an activity's ``id``.

    Only a text that :func:`tgpl.errors.looks_like_code` is an id (it is shown in error
    messages): a name typed into ``code`` is not, and the line number locates the record.
    """
    if not isinstance(data, dict):
        return None
    for key in ("code", "id"):
        value = data.get(key)
        if isinstance(value, str) and looks_like_code(value):
            return value
    return None


def record_identity(record: object) -> tuple[str, str, str] | None:
    """The duplicate-detection identity of a record: ``(schema tag, organisation key, id key)``.

    A case: its tag and :func:`tgpl.domain.case_identity` (organisation id and file code,
    NFC, trimmed, organisation parts lower-cased). An activity (simple answer, reception,
    outreach, mobile trip, training, duty shift, council activity): its tag, the organisation key of
    :func:`tgpl.domain.case_identity` and its ``id`` passed through
    ``identity_text(id, fold_case=False)`` (NFC and trimmed; an activity id is no file
    code, so its case is kept). ``None`` for anything else. Two records with equal
    identities are one record, counted once.
    """
    if isinstance(record, Case):
        org, code = case_identity(record.organisation, record.code)
        return record.schema, org, code
    tag = getattr(type(record), "schema", None)
    org_id = getattr(record, "organisation", None)
    rid = getattr(record, "id", None)
    if not isinstance(tag, str) or RECORD_TYPES.get(tag) is not type(record):
        return None
    if not isinstance(org_id, str) or not isinstance(rid, str):
        return None
    return tag, identity_text(org_id, fold_case=True), identity_text(rid, fold_case=False)
