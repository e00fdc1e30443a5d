"""Who issues a report, for whom, where and when (thể thức văn bản): shared by every format.

A report always names its unit. :func:`report_heading` decides, from the
:class:`~tgpl.reporting.report.Report` alone:

* **the reporting unit** — the province the figures belong to, named as of the window's
  end (:meth:`tgpl.domain.Unit.full_name_vi_on`). Units merged on 01/07/2025 (Nghị quyết
  202/2025/QH15) are named as the new unit when the window ends on or after that day; the
  former provinces whose records the window holds are listed in :attr:`Heading.former_units_vi`
  so the body can say so. A report whose units do not come down to one unit (a national
  roll-up) has no province: its heading names the legal-aid department of the Ministry
  of Justice (Bộ Tư pháp), in Hà Nội.
* **the heading lines** of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I,
  mục II.3): the supervising body ("SỞ TƯ PHÁP TỈNH …", upper case) and the issuing body
  ("TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC", upper case, bold). The organisation is written
  "Trung tâm Trợ giúp pháp lý Nhà nước tỉnh …", as the seed report (Bắc Kạn, 6 tháng đầu năm
  2022) and the Centers' own documents write it.
* **the place-and-date line** (mục II.5): the place is the name of the province or
  centrally-run city where the issuing body has its seat (for a provincial body, the
  province's official name; "Thành phố Hồ Chí Minh" in full, as the decree's example
  does); the date is the issue date (:attr:`~tgpl.reporting.report.ReportMeta.issued_on`,
  ``--issued-on``), by default the day the report is generated.
* **notes** an officer needs before signing: which former provinces a merged unit covers,
  and — never silently — that a report of a province that no longer existed on the issue
  date is issued after the merger.

A province profile (``tgpl_province_profile``) overrides every line it fills.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from attrs import frozen

from tgpl.domain import MERGER_DATE, VN_TZ, Unit, UnitRef, UnitScheme, successor, unit
from tgpl.errors import TgplError
from tgpl.reporting.report import Report

__all__ = [
    "CENTER_VI",
    "CENTRAL_BODY_MERGER",
    "Heading",
    "date_line_vi",
    "issue_date",
    "place_vi",
    "report_heading",
    "reporting_unit",
    "spell_out_first",
]

#: The Center's name as the seed report and the Centers' documents write it.
CENTER_VI = "Trung tâm Trợ giúp pháp lý Nhà nước"

#: From 01/03/2025 the Cục Trợ giúp pháp lý is part of the Cục Phổ biến, giáo dục pháp luật
#: và Trợ giúp pháp lý (Quyết định 672/QĐ-BTP ngày 26/02/2025).
CENTRAL_BODY_MERGER = dt.date(2025, 3, 1)


def central_body_vi(on: dt.date) -> str:
    """The Ministry's legal-aid department on ``on`` (the receiving body of a province's report)."""
    if on >= CENTRAL_BODY_MERGER:
        return "Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý - Bộ Tư pháp"
    return "Cục Trợ giúp pháp lý - Bộ Tư pháp"


@frozen
class Heading:
    """The identity lines of one report (every field is Vietnamese text ready to print)."""

    #: The unit the figures belong to (as of the window's end), or ``None`` for a roll-up.
    unit: Unit | None
    #: ``"tỉnh Thái Nguyên"`` — the unit's name as of the window's end ("" for a roll-up).
    unit_name_vi: str
    #: Supervising body, upper case (``"SỞ TƯ PHÁP TỈNH THÁI NGUYÊN"``); may be "".
    parent_vi: str
    #: Issuing body, upper case (``"TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC"``).
    issuer_vi: str
    #: The organisation in running text (``"Trung tâm Trợ giúp pháp lý Nhà nước tỉnh Thái Nguyên"``).
    organisation_vi: str
    #: Who receives the statistical report (``"Sở Tư pháp tỉnh Thái Nguyên"``).
    receiving_body_vi: str
    place_vi: str
    issued_on: dt.date
    #: ``"Thái Nguyên, ngày 05 tháng 01 năm 2026"``.
    date_line_vi: str
    #: Former provinces whose records the window holds, named as they were (``"tỉnh Bắc Kạn"``).
    former_units_vi: tuple[str, ...]
    #: Sentences an officer must read before signing (merger, issue after the merger).
    notes_vi: tuple[str, ...]
    #: "Nơi nhận" defaults (a profile's own list replaces them).
    recipients_vi: tuple[str, ...]


def issue_date(report: Report) -> dt.date:
    """The report's issue date: ``meta.issued_on``, else the generation day in Vietnam's time."""
    meta = report.meta
    if meta.issued_on is not None:
        return meta.issued_on
    moment = meta.generated_at
    return (moment.astimezone(VN_TZ) if moment.tzinfo is not None else moment).date()


def date_line_vi(place: str, day: dt.date) -> str:
    """``"Bắc Kạn, ngày 03 tháng 6 năm 2022"``: days below 10 and months 1, 2 take a leading 0.

    Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.5 (địa danh và thời gian ban hành văn bản).
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def place_vi(u: Unit, on: dt.date) -> str:
    """The place of the place-and-date line for a provincial body of ``u`` on ``on``.

    NĐ 30/2020/NĐ-CP, Phụ lục I, mục II.5.a: a provincial body writes the official name of
    its province or centrally-run city; a name given after a person is written in full
    ("Thành phố Hồ Chí Minh").
    """
    name = u.name_on(on)
    return "Thành phố Hồ Chí Minh" if name == "Hồ Chí Minh" else name


def _recorded_units(report: Report) -> list[Unit]:
    meta = report.meta
    out: list[Unit] = []
    for code in meta.units:
        try:
            out.append(unit(UnitRef.parse(code)))
        except TgplError:
            continue
    return out


def reporting_unit(report: Report) -> tuple[Unit | None, tuple[Unit, ...]]:
    """The unit the report is about (as of its window's end) and the former units it covers.

    The profile's unit wins when there is a profile. Otherwise every recorded unit is
    read in the scheme in force on the window's end (a 2004 province becomes its 2025
    successor from 01/07/2025); when they come down to one unit, that is the reporting
    unit and the recorded units other than it are returned as former units.
    """
    window = report.window
    profile = report.profile
    recorded = _recorded_units(report)
    if profile is not None:
        own = unit(profile.unit)
        return own, tuple(u for u in recorded if u.ref != own.ref and successor(u.ref) == own.ref)
    if not recorded:
        return None, ()
    end = window.end
    if end >= MERGER_DATE:
        targets = {successor(u.ref) for u in recorded}
    else:
        targets = {u.ref for u in recorded}
    if len(targets) != 1:
        return None, ()
    target = unit(next(iter(targets)))
    return target, tuple(u for u in recorded if u.ref != target.ref)


def report_heading(report: Report) -> Heading:
    """Every identity line of ``report`` (see the module docstring); a profile's lines win."""
    profile = report.profile
    end = report.window.end
    day = issue_date(report)
    own, former = reporting_unit(report)
    name = own.full_name_vi_on(end) if own is not None else ""
    notes: list[str] = []
    former_vi = tuple(u.full_name_vi for u in former)
    if own is not None and former:
        notes.append(
            f"Số liệu của {name} gồm số liệu ghi nhận theo đơn vị hành chính cũ: {', '.join(former_vi)} "
            f"(hợp nhất vào {name} từ ngày {MERGER_DATE:%d/%m/%Y} theo Nghị quyết 202/2025/QH15)."
        )
    if own is not None and own.ref.scheme is UnitScheme.P2004 and day >= MERGER_DATE:
        new = unit(successor(own.ref))
        notes.append(
            f"Báo cáo lập ngày {day:%d/%m/%Y}, sau khi {own.full_name_vi} hợp nhất vào {new.full_name_vi_on(day)} "
            f"(từ ngày {MERGER_DATE:%d/%m/%Y}, Nghị quyết 202/2025/QH15); cơ quan ban hành ghi theo đơn vị của "
            f"kỳ báo cáo ({own.full_name_vi})."
        )
    if own is not None:
        parent = f"Sở Tư pháp {name}".upper()
        organisation = f"{CENTER_VI} {name}"
        receiving = f"Sở Tư pháp {name}"
        place = place_vi(own, day)
    else:  # a roll-up of several provinces: the Ministry's legal-aid department reports
        parent = "Bộ Tư pháp"
        organisation = central_body_vi(end).removesuffix(" - Bộ Tư pháp")
        receiving = "Bộ Tư pháp"
        place = "Hà Nội"
    issuer = CENTER_VI.upper() if own is not None else organisation.upper()
    recipients = (central_body_vi(end), receiving, "Lưu: VT") if own is not None else (central_body_vi(end), "Lưu: VT")
    if profile is not None:
        parent = profile.issuer_parent_vi or parent
        issuer = profile.issuer_vi or (profile.organisation_vi.upper() if profile.organisation_vi.strip() else issuer)
        organisation = profile.organisation_vi.strip() or organisation
        place = profile.place_vi or place
        if profile.successor_note_vi:
            notes.append(profile.successor_note_vi)
    return Heading(
        unit=own,
        unit_name_vi=name,
        parent_vi=parent.upper(),
        issuer_vi=issuer.upper(),
        organisation_vi=organisation,
        receiving_body_vi=receiving,
        place_vi=place,
        issued_on=day,
        date_line_vi=date_line_vi(place, day),
        former_units_vi=former_vi,
        notes_vi=tuple(notes),
        recipients_vi=recipients,
    )


def spell_out_first(texts: Sequence[str]) -> list[str]:
    """Write the abbreviation "TGPL" in full at its first use: "trợ giúp pháp lý (TGPL)".

    Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.8.a: an abbreviation is written out in full
    the first time it appears, with the abbreviation in brackets.
    """
    out, done = [], False
    for text in texts:
        if not done and "TGPL" in text:
            text = text.replace("TGPL", "trợ giúp pháp lý (TGPL)", 1)
            done = True
        out.append(text)
    return out
