"""Legal aid duty programmes and the checks across records they imply (``tgpl.rules.duty``).

Duty at courts (trực TGPL tại Tòa án) and in criminal investigation (trực TGPL trong điều tra
hình sự 24/24 giờ) rest on two coordination programmes, kept here as dated data
(:data:`DUTY_PROGRAMMES`); TTLT10 Art 8 cl. 9 (in force 01/09/2018) had already encouraged
courts and investigation bodies to let providers be on duty at their premises, and
provinces sign their own programmes after the national ones.

A duty shift (:class:`tgpl.domain.DutyShift`) and a case received on it
(``Case.duty_shift``) are separate records, so the checks that join them run over a whole
input (:class:`DutyLinks`, used by ``tgpl validate``):

* ``DUTY_SHIFT_KIND`` (error) — the linked shift is of the other kind: a court-duty request
  (``source`` ``court_duty``) names a shift at a court, an investigation-duty request a
  shift with an investigation body;
* ``DUTY_SHIFT_AFTER_REQUEST`` (error) — the linked shift is dated after the request was
  received (a request cannot come from a later shift);
* ``DUTY_SHIFT_NOT_FOUND`` (warning) — the input holds duty shifts, but not the linked one;
  an input without any duty shift is not checked (the shifts may be kept elsewhere);
* ``DUTY_BEFORE_PROGRAMME`` (warning) — a shift is dated before the national programme of its
  kind: legal (TTLT10 Art 8 cl. 9; local programmes) but worth a look, never an error.

None of these changes a count: indicators read ``DutyShift`` records and ``Case.source``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Final

from attrs import frozen

from tgpl.domain import (
    VN_TZ,
    Case,
    DutyPlaceKind,
    DutyShift,
    RequestReceived,
    RequestSource,
    identity_text,
)
from tgpl.rules.validation import Problem, Severity

__all__ = [
    "DUTY_BEFORE_PROGRAMME",
    "DUTY_PROGRAMMES",
    "DUTY_SHIFT_AFTER_REQUEST",
    "DUTY_SHIFT_KIND",
    "DUTY_SHIFT_NOT_FOUND",
    "DutyLinks",
    "DutyProgramme",
    "duty_link_problems",
    "programme_of",
]

DUTY_SHIFT_KIND: Final = "DUTY_SHIFT_KIND"
DUTY_SHIFT_AFTER_REQUEST: Final = "DUTY_SHIFT_AFTER_REQUEST"
DUTY_SHIFT_NOT_FOUND: Final = "DUTY_SHIFT_NOT_FOUND"
DUTY_BEFORE_PROGRAMME: Final = "DUTY_BEFORE_PROGRAMME"


@frozen
class DutyProgramme:
    """A national coordination programme of legal aid duty: number, date, parties and whether
    its text was read in a public source (``verified``) or is known only as cited."""

    id: str
    number: str
    signed: dt.date
    parties: str
    title_vi: str
    verified: bool
    source: str


#: The national programmes by place kind. 5789/CTPH-BTP-BCA: number, date, signatories and
#: scope read in its published text; 1603/BTP-TANDTC: number and date as a Ministry of
#: Justice text cites them (its own text was not found in public sources).
DUTY_PROGRAMMES: Final[Mapping[DutyPlaceKind, DutyProgramme]] = MappingProxyType({
    DutyPlaceKind.COURT: DutyProgramme(
        id="ctph-1603-2022", number="1603/BTP-TANDTC", signed=dt.date(2022, 5, 19),
        parties="Bộ Tư pháp – Tòa án nhân dân tối cao",
        title_vi="Chương trình phối hợp về người thực hiện trợ giúp pháp lý trực tại Tòa án nhân dân",
        verified=False,
        source="cited by the Ministry of Justice's legal aid priorities (docs/data-format.md); text not found",
    ),
    DutyPlaceKind.INVESTIGATION: DutyProgramme(
        id="ctph-5789-2023", number="5789/CTPH-BTP-BCA", signed=dt.date(2023, 11, 27),
        parties="Bộ Tư pháp – Bộ Công an",
        title_vi="Chương trình phối hợp trực trợ giúp pháp lý trong điều tra hình sự",
        verified=True,
        source="published text (thuviennhadat.vn/vbpl/…-598821.html); moj.gov.vn news of 25/11/2023",
    ),
})

_KIND_OF_SOURCE: Final = MappingProxyType({
    RequestSource.COURT_DUTY: DutyPlaceKind.COURT,
    RequestSource.INVESTIGATION_DUTY: DutyPlaceKind.INVESTIGATION,
})


def programme_of(kind: DutyPlaceKind, on: dt.date) -> DutyProgramme | None:
    """The national programme of ``kind`` signed on or before ``on``, or ``None`` before it."""
    p = DUTY_PROGRAMMES[kind]
    return p if on >= p.signed else None


def _request_day(case: Case) -> dt.date | None:
    for e in case.events:
        if isinstance(e, RequestReceived):
            return e.on.astimezone(VN_TZ).date()
    return None


def _problem(code: str, severity: Severity, path: str, vi: str, en: str, basis: str, rid: str, index: int | None) -> Problem:
    return Problem(code=code, severity=severity, path=path, message_vi=vi, message_en=en, basis=basis,
                   case_id=rid, index=index)


class DutyLinks:
    """Collects duty shifts and the cases linked to them while an input streams by, then
    reports the problems of the links (see the module docstring). Only the shifts' kind and
    day and the linked cases' few facts are kept, never whole records.

    ``add(record, index)`` takes any record (other kinds are ignored); ``index`` is the
    caller's position of the record, returned on its problems. :meth:`problems` yields the
    ``DUTY_BEFORE_PROGRAMME`` warnings of shifts and the link problems of cases.
    """

    def __init__(self) -> None:
        self._shifts: dict[str, tuple[DutyPlaceKind, dt.date]] = {}
        self._early: list[Problem] = []
        self._links: list[tuple[str, str, DutyPlaceKind | None, dt.date | None, int | None]] = []

    def add(self, record: object, index: int | None = None) -> bool:
        """Take ``record`` into account; ``True`` when it is kept (a shift or a linked case)."""
        if isinstance(record, DutyShift):
            self._shifts.setdefault(identity_text(record.id, fold_case=False), (record.place_kind, record.on))
            if programme_of(record.place_kind, record.on) is None:
                p = DUTY_PROGRAMMES[record.place_kind]
                self._early.append(_problem(
                    DUTY_BEFORE_PROGRAMME, Severity.WARNING, "$.on",
                    f"ca trực có ngày trước Chương trình phối hợp {p.number} ngày {p.signed:%d/%m/%Y}",
                    f"duty shift dated before programme {p.number} of {p.signed:%d/%m/%Y}",
                    f"{p.number}; TTLT10 Art 8 cl. 9", record.id, index,
                ))
            return True
        if isinstance(record, Case) and record.duty_shift is not None:
            self._links.append((record.id, identity_text(record.duty_shift, fold_case=False),
                                _KIND_OF_SOURCE.get(record.source), _request_day(record), index))
            return True
        return False

    def problems(self) -> Iterator[Problem]:
        yield from self._early
        for rid, shift_id, kind, day, index in self._links:
            found = self._shifts.get(shift_id)
            if found is None:
                if self._shifts:
                    yield _problem(
                        DUTY_SHIFT_NOT_FOUND, Severity.WARNING, "$.duty_shift",
                        "không có ca trực được liên kết trong dữ liệu kiểm tra",
                        "the linked duty shift is not among the records checked",
                        "data integrity", rid, index,
                    )
                continue
            shift_kind, shift_day = found
            if kind is not None and kind is not shift_kind:
                yield _problem(
                    DUTY_SHIFT_KIND, Severity.ERROR, "$.duty_shift",
                    f"nguồn yêu cầu không khớp với ca trực được liên kết ({shift_kind.label_vi.lower()})",
                    f"the request source does not match the linked shift ({shift_kind.label_en.lower()})",
                    DUTY_PROGRAMMES[shift_kind].number, rid, index,
                )
            if day is not None and shift_day > day:
                yield _problem(
                    DUTY_SHIFT_AFTER_REQUEST, Severity.ERROR, "$.duty_shift",
                    "ca trực được liên kết có ngày sau ngày tiếp nhận yêu cầu",
                    "the linked duty shift is dated after the request was received",
                    "Law Art 29; data integrity", rid, index,
                )


def duty_link_problems(records: Iterable[object]) -> list[Problem]:
    """Every duty problem of ``records`` (any records, in any order); ``index`` is the position."""
    links = DutyLinks()
    for i, rec in enumerate(records):
        links.add(rec, i)
    return list(links.problems())
