"""Flat CSV exports of cases (bảng vụ việc) and person-occasions (bảng lượt người).

For spreadsheets and quick analysis, not for round trips (use JSON Lines for that).
Two separate files because cases (vụ việc) and person-occasions (lượt người) are
different counting units (docs/architecture.md principle 4): one row per case, and one row per
(case, beneficiary). Dates derived from events are Vietnam civil dates
(Asia/Ho_Chi_Minh). Codes are the stable enum values; a set is written as codes joined
by ``|`` in sorted order; an empty cell means "not recorded".

Personal data (``Beneficiary.name``, ``id_number``) is left out unless
``include_sensitive=True``. Files are UTF-8 with a byte order mark by default
(``encoding="utf-8-sig"``) so that Excel shows Vietnamese correctly.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Final

from tgpl.domain import (
    VN_TZ,
    Accepted,
    AppraisalRecorded,
    Beneficiary,
    Case,
    Ended,
    EvaluationRecorded,
    HearingAttended,
    HearingMode,
    ProviderAssigned,
    ProviderChanged,
    Refused,
    RequestReceived,
    Sex,
    SuccessAssessed,
    Transferred,
    Tri,
)

__all__ = [
    "CASE_COLUMNS",
    "PERSON_OCCASION_COLUMNS",
    "SENSITIVE_CASE_COLUMNS",
    "SENSITIVE_PERSON_OCCASION_COLUMNS",
    "case_row",
    "person_occasion_rows",
    "write_cases_csv",
    "write_person_occasions_csv",
]

#: Columns of :func:`write_cases_csv`, in order.
CASE_COLUMNS: Final[tuple[str, ...]] = (
    "code", "organisation", "unit", "unit_name", "form", "field", "source", "role",
    "beneficiaries", "female", "male",
    "requested_on", "accepted_on", "immediate", "refused_on", "transferred_on",
    "ended_on", "outcome", "not_continued_ground",
    "provider_kinds", "providers", "appraisals", "evaluations", "successful", "events",
    # Appended at the end, so that readers by position of the earlier columns keep working.
    "channel", "online_level", "programmes", "hearings", "online_hearings", "duty_shift",
)
#: Added at the end of the case columns when ``include_sensitive=True``.
SENSITIVE_CASE_COLUMNS: Final[tuple[str, ...]] = ("beneficiary_names",)
#: Columns of :func:`write_person_occasions_csv`, in order.
PERSON_OCCASION_COLUMNS: Final[tuple[str, ...]] = (
    "code", "organisation", "unit", "form", "field", "accepted_on", "ended_on", "outcome",
    "beneficiary_id", "sex", "birth_year", "ethnic_minority", "residence",
    "extreme_difficulty_area", "groups", "financial", "role", "proofs",
)
#: Added at the end of the person-occasion columns when ``include_sensitive=True``.
SENSITIVE_PERSON_OCCASION_COLUMNS: Final[tuple[str, ...]] = ("name", "id_number")


def _vn_date(t: dt.datetime | None) -> str:
    return "" if t is None else t.astimezone(VN_TZ).date().isoformat()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return getattr(value, "value", None) or str(value)


class _Facts:
    """Facts read straight from a case's events (first request, first acceptance, last end, …).

    This is a flat summary for export, not the lifecycle: it does not check that the
    events are in a lawful order (that is :mod:`tgpl.rules`' job).
    """

    __slots__ = ("accepted", "appraisals", "ended", "evaluations", "hearings", "online_hearings", "provider_ids",
                 "provider_kinds", "refused", "requested", "success", "transferred")

    def __init__(self, case: Case) -> None:
        self.requested: RequestReceived | None = None
        self.accepted: Accepted | None = None
        self.refused: Refused | None = None
        self.transferred: Transferred | None = None
        self.ended: Ended | None = None
        self.success: SuccessAssessed | None = None
        self.provider_kinds: set[str] = set()
        self.provider_ids: set[str] = set()
        self.appraisals = 0
        self.evaluations = 0
        self.hearings = 0
        self.online_hearings = 0
        for e in case.events:
            if isinstance(e, RequestReceived):
                self.requested = self.requested or e
            elif isinstance(e, Accepted):
                self.accepted = self.accepted or e
            elif isinstance(e, Refused):
                self.refused = self.refused or e
            elif isinstance(e, Transferred):
                self.transferred = self.transferred or e
            elif isinstance(e, Ended):
                self.ended = e
            elif isinstance(e, SuccessAssessed):
                self.success = e
            elif isinstance(e, ProviderAssigned | ProviderChanged):
                self.provider_kinds.add(e.provider_kind.value)
                self.provider_ids.add(e.provider_id)
            elif isinstance(e, AppraisalRecorded):
                self.appraisals += 1
            elif isinstance(e, EvaluationRecorded):
                self.evaluations += 1
            elif isinstance(e, HearingAttended):
                self.hearings += 1
                self.online_hearings += e.mode is HearingMode.ONLINE


def case_row(case: Case, *, include_sensitive: bool = False) -> dict[str, str]:
    """The CSV row of one case, keyed by :data:`CASE_COLUMNS` (plus the sensitive column if asked)."""
    f = _Facts(case)
    people = case.beneficiaries
    row = {
        "code": str(case.code),
        "organisation": case.organisation,
        "unit": str(case.unit),
        "unit_name": case.unit.name,
        "form": case.form.value,
        "field": case.field.value,
        "source": case.source.value,
        "role": _cell(case.role),
        "beneficiaries": str(len(people)),
        "female": str(sum(b.sex is Sex.FEMALE for b in people)),
        "male": str(sum(b.sex is Sex.MALE for b in people)),
        "requested_on": _vn_date(f.requested.on if f.requested else None),
        "accepted_on": _vn_date(f.accepted.on if f.accepted else None),
        "immediate": _cell(f.accepted.immediate) if f.accepted else "",
        "refused_on": _vn_date(f.refused.on if f.refused else None),
        "transferred_on": _vn_date(f.transferred.on if f.transferred else None),
        "ended_on": _vn_date(f.ended.on if f.ended else None),
        "outcome": _cell(f.ended.outcome) if f.ended else "",
        "not_continued_ground": _cell(f.ended.ground) if f.ended else "",
        "provider_kinds": "|".join(sorted(f.provider_kinds)),
        "providers": str(len(f.provider_ids)),
        "appraisals": str(f.appraisals),
        "evaluations": str(f.evaluations),
        "successful": (Tri.of(f.success.successful) if f.success else Tri.UNKNOWN).value,
        "events": str(len(case.events)),
        "channel": _cell(case.channel),
        "online_level": _cell(case.online_level),
        "programmes": "|".join(sorted(set(case.programmes))),
        "hearings": str(f.hearings),
        "online_hearings": str(f.online_hearings),
        "duty_shift": case.duty_shift or "",
    }
    if include_sensitive:
        row["beneficiary_names"] = "; ".join(b.name for b in people if b.name)
    return row


def _person_row(case: Case, f: _Facts, b: Beneficiary, include_sensitive: bool) -> dict[str, str]:
    row = {
        "code": str(case.code),
        "organisation": case.organisation,
        "unit": str(case.unit),
        "form": case.form.value,
        "field": case.field.value,
        "accepted_on": _vn_date(f.accepted.on if f.accepted else None),
        "ended_on": _vn_date(f.ended.on if f.ended else None),
        "outcome": _cell(f.ended.outcome) if f.ended else "",
        "beneficiary_id": b.id,
        "sex": b.sex.value,
        "birth_year": _cell(b.known_birth_year),
        "ethnic_minority": b.ethnic_minority.value,
        "residence": _cell(b.residence),
        "extreme_difficulty_area": b.extreme_difficulty_area.value,
        "groups": "|".join(sorted(g.value for g in b.groups)),
        "financial": b.financial.value,
        "role": b.role.value,
        "proofs": str(len(b.proofs)),
    }
    if include_sensitive:
        row["name"] = b.name or ""
        row["id_number"] = b.id_number or ""
    return row


def person_occasion_rows(case: Case, *, include_sensitive: bool = False) -> list[dict[str, str]]:
    """One row per beneficiary of ``case`` (a *lượt người* each), keyed by :data:`PERSON_OCCASION_COLUMNS`."""
    f = _Facts(case)
    return [_person_row(case, f, b, include_sensitive) for b in case.beneficiaries]


PathOrTextFile = str | os.PathLike[str] | IO[str]


def _write(
    target: PathOrTextFile,
    columns: tuple[str, ...],
    rows: Iterator[dict[str, str]],
    encoding: str,
) -> int:
    def emit(fh: IO[str]) -> int:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        n = 0
        for row in rows:
            writer.writerow(row)
            n += 1
        return n

    if isinstance(target, str | os.PathLike):
        with Path(target).open("w", encoding=encoding, newline="") as fh:
            return emit(fh)
    return emit(target)


def _rows(cases: Iterable[Case], make: Callable[[Case], Iterable[dict[str, str]]]) -> Iterator[dict[str, str]]:
    for case in cases:
        yield from make(case)


def write_cases_csv(
    cases: Iterable[Case],
    path: PathOrTextFile,
    *,
    include_sensitive: bool = False,
    encoding: str = "utf-8-sig",
) -> int:
    """Write one row per case (columns :data:`CASE_COLUMNS`); return the number of rows.

    Streams: ``cases`` may be a generator over millions of cases.
    """
    columns = CASE_COLUMNS + (SENSITIVE_CASE_COLUMNS if include_sensitive else ())
    return _write(path, columns, _rows(cases, lambda c: (case_row(c, include_sensitive=include_sensitive),)), encoding)


def write_person_occasions_csv(
    cases: Iterable[Case],
    path: PathOrTextFile,
    *,
    include_sensitive: bool = False,
    encoding: str = "utf-8-sig",
) -> int:
    """Write one row per (case, beneficiary) (columns :data:`PERSON_OCCASION_COLUMNS`); return the number of rows."""
    columns = PERSON_OCCASION_COLUMNS + (SENSITIVE_PERSON_OCCASION_COLUMNS if include_sensitive else ())
    return _write(
        path, columns,
        _rows(cases, lambda c: person_occasion_rows(c, include_sensitive=include_sensitive)),
        encoding,
    )

