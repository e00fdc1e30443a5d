"""The law in force on a date, family by family (``tgpl law``).

Each *family* of dated rules — eligibility, the quality rubric and grades, the
successful-case criteria, the deadlines, the working-day calendar data, the
administrative units, and (from ``tgpl.reporting.lawforms``) the statistical regimes and
forms — lists its versions as :class:`LawVersion` rows grouped in *tracks*: the versions
of one track replace each other over time (Art 7 in 2018, 2025, 2026, 2027; the rubric
of 2018 then 2021; the swaps announced for each year). :func:`law_on` tells, for a date,
which version of each track is in force, with its citation and status (``verified``,
``provisional``, ``unverified``), and which versions take effect within the next
``horizon_days`` days — what a Center checks before a reporting period.

:func:`check_family` is the self-check a new text must pass (``docs/law-updates.md``):
two versions of one track may not overlap, and a track may not leave a gap after its
first version unless the family allows it (:attr:`LawFamily.gaps_allowed`).

The JSON form (:func:`to_json`, schema ``tgpl.law/1``) is stable: keys are documented in
``docs/law-updates.md`` and only ever added to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise
from typing import Any

from attrs import frozen

from tgpl.domain.units import PROVINCES_2004, PROVINCES_2025, STATUS_CHANGES, UnitScheme, unit
from tgpl.rules import calendar, deadlines, eligibility, scoring, success
from tgpl.rules._dated import in_force

__all__ = [
    "LAW_SCHEMA",
    "RULE_FAMILIES",
    "STATUSES",
    "FamilyStatus",
    "LawFamily",
    "LawReport",
    "LawVersion",
    "check_family",
    "law_on",
    "render_text",
    "to_json",
]

LAW_SCHEMA = "tgpl.law/1"
#: Statuses, from the most to the least settled; a family's status is its least settled
#: version in force.
STATUSES = ("verified", "unverified", "provisional")
#: The first day tgpl answers for (Law 11/2017/QH14 in force).
FIRST_DAY = dt.date(2018, 1, 1)
_DAY = dt.timedelta(days=1)


@frozen
class LawVersion:
    """One dated version of a rule: its track, id, dates (inclusive), citation and status."""

    track: str
    id: str
    effective_from: dt.date
    effective_to: dt.date | None
    citation: str
    status: str
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"law version {self.id!r}: unknown status {self.status!r}")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(f"law version {self.id!r}: effective_to before effective_from")

    def in_force(self, on: dt.date) -> bool:
        """True when ``on`` lies in the version's dates (both ends inclusive)."""
        return in_force(self, on)


@frozen
class LawFamily:
    """A family of dated rules with the function listing its versions.

    ``gaps_allowed`` names the tracks (by prefix) whose versions may leave gaps, e.g. a
    statistical form that is not replaced by one of the same name.
    """

    key: str
    label_vi: str
    label_en: str
    versions: Callable[[], tuple[LawVersion, ...]]
    gaps_allowed: tuple[str, ...] = ()


def _status(provisional: bool, verified: bool = True) -> str:
    if provisional:
        return "provisional"
    return "verified" if verified else "unverified"


# -- the families ----------------------------------------------------------------------------


def _eligibility() -> tuple[LawVersion, ...]:
    other = eligibility.ART7_2027_FINANCIAL_TEST_KEPT
    out = []
    for rs in eligibility.RULE_SETS:
        note = rs.note
        if rs.effective_from == other.effective_from:
            note += f" Other reading, as an option: reading={eligibility.Reading2027.FINANCIAL_TEST_KEPT.value!r} ({other.id})."
        out.append(LawVersion("art7", rs.id, rs.effective_from, rs.effective_to, rs.citation, _status(rs.provisional), note.strip()))
    return tuple(out)


def _rubric() -> tuple[LawVersion, ...]:
    out = [
        LawVersion("tt12-art16", rb.id, rb.effective_from, rb.effective_to, rb.citation, _status(rb.provisional),
                   "opt-in only (rubric_on(..., include_provisional=True))" if rb.provisional else "")
        for rb in sorted(scoring.RUBRICS.values(), key=lambda r: r.effective_from)
    ]
    g = scoring.GRADE_SCALE_TT12
    out.append(LawVersion("tt12-art17", g.id, g.effective_from, g.effective_to, g.citation, "verified"))
    return tuple(out)


def _success() -> tuple[LawVersion, ...]:
    unverified = sorted(c.code for c in success.CRITERIA.values() if not c.verified)
    note = f"{len(success.CRITERIA) - len(unverified)} of {len(success.CRITERIA)} criteria verified; unverified: {', '.join(unverified)}" if unverified else ""
    legacy = tuple(
        LawVersion("success-guidance", b.basis.value, b.effective_from, b.effective_to, b.citation,
                   _status(False, b.verified), "counted as successes without a QĐ 1179 criterion")
        for b in success.LEGACY_BASES
    )
    return (*legacy, LawVersion(
        "success-guidance", "qd-1179-2022", success.EFFECTIVE_FROM, None, success.DECISION_1179,
        _status(False, not unverified), note,
    ))


def _deadlines() -> tuple[LawVersion, ...]:
    return tuple(
        LawVersion(f"deadline/{d.id}", d.id, d.effective_from, d.effective_to, d.citation, "verified",
                   f"{d.period_vi} ({d.name_en})")
        for d in deadlines.DEADLINE_RULES
    )


#: The years the calendar family lists announced-swap versions for.
_CALENDAR_YEARS = range(2018, 2101)


def _calendar() -> tuple[LawVersion, ...]:
    cal = calendar.default_calendar()
    known = cal.known_years or frozenset()
    out = [LawVersion("calendar", "vn-working-days", FIRST_DAY, None, calendar.CALENDAR_BASIS, "verified",
                      "weekly rest, statutory holidays and compensatory days (holidays package)")]
    out.append(LawVersion(
        "calendar/cultural-day", "ngay-van-hoa-viet-nam", dt.date(calendar.CULTURAL_DAY_FROM, 1, 1), None,
        "Nghị quyết 28/2026/QH16 (phát triển văn hóa Việt Nam; in force 01/07/2026): 24/11 a paid day off from 2026; "
        "Politburo Resolution 80-NQ/TW (07/01/2026)",
        "unverified", "official text not read; several independent secondary sources agree",
    ))
    by_year: dict[int, list[str]] = {}
    for ch in cal.changes:
        by_year.setdefault(ch.day.year, []).append(ch.source or ch.citation)
    for y in _CALENDAR_YEARS:
        sources = ", ".join(sorted(set(by_year.get(y, []))))
        if y in known:
            out.append(LawVersion("calendar/announced-swaps", f"swaps-{y}", dt.date(y, 1, 1), dt.date(y, 12, 31),
                                  "tgpl/rules/data/vn_calendar_overrides.json" + (f" ({sources})" if sources else ""),
                                  "verified", "announced swaps checked for this year"))
        else:
            out.append(LawVersion("calendar/announced-swaps", f"swaps-{y}", dt.date(y, 1, 1), dt.date(y, 12, 31),
                                  "no announcement in the data" + (f" ({sources})" if sources else ""),
                                  "unverified",
                                  "announced swaps for this year are not in the data: deadlines through it carry a warning"))
    return tuple(out)


def _units() -> tuple[LawVersion, ...]:
    out = [
        LawVersion("units/scheme", "p2004", FIRST_DAY, UnitScheme.P2004.effective_to, UnitScheme.P2004.label_en
                   + f" ({UnitScheme.P2004.basis})", "verified", f"{len(PROVINCES_2004)} provincial units"),
        LawVersion("units/scheme", "p2025", UnitScheme.P2025.effective_from or FIRST_DAY, None,
                   f"{UnitScheme.P2025.label_en} ({UnitScheme.P2025.basis})", "verified", f"{len(PROVINCES_2025)} provincial units"),
    ]
    for ref, changes in STATUS_CHANGES.items():
        u = unit(ref)
        start = u.effective_from or FIRST_DAY
        current = u.status_on(start)
        for ch in changes:
            if ch.effective_from is None:
                continue
            out.append(LawVersion(f"units/{ref}", f"{ref}:{current.name}:{'city' if current.city else 'province'}",
                                  start, ch.effective_from - _DAY, current.basis or u.ref.scheme.basis,
                                  _status(False, current.basis is None or current.verified),
                                  u.full_name_vi_on(start)))
            start, current = ch.effective_from, ch
        out.append(LawVersion(f"units/{ref}", f"{ref}:{current.name}:{'city' if current.city else 'province'}",
                              start, u.effective_to, current.basis or u.ref.scheme.basis,
                              _status(False, current.basis is None or current.verified),
                              u.full_name_vi_on(start)))
    return tuple(out)


def _programmes() -> tuple[LawVersion, ...]:
    # One track per programme: a programme is not a version of another (tgpl.rules.programmes).
    from tgpl.rules.programmes import programmes

    return tuple(LawVersion(f"programme/{p.code}", p.code, p.effective_from, p.effective_to, p.basis, p.status,
                            p.note or p.name_en) for p in programmes())


#: The families of :mod:`tgpl.rules` and :mod:`tgpl.domain`; the statistical regimes and
#: forms are added by ``tgpl.reporting.lawforms.FAMILIES``.
RULE_FAMILIES: tuple[LawFamily, ...] = (
    LawFamily("eligibility", "Diện người được trợ giúp pháp lý (Luật TGPL Điều 7)", "Eligibility (Law Art 7)", _eligibility),
    LawFamily("rubric", "Tiêu chí chấm điểm và xếp loại chất lượng (TT 12/2018 Điều 16–17)", "Quality rubric and grades (TT12 Art 16–17)", _rubric),
    LawFamily("success", "Tiêu chí vụ việc thành công (QĐ 1179/QĐ-BTP và hướng dẫn trước đó)",
              "Successful-case criteria (QĐ 1179/QĐ-BTP and the earlier guidance)", _success),
    LawFamily("deadlines", "Thời hạn trong vụ việc", "Case deadlines", _deadlines),
    LawFamily("calendar", "Lịch ngày làm việc, ngày nghỉ", "Working-day calendar data", _calendar),
    LawFamily("units", "Đơn vị hành chính cấp tỉnh", "Provincial administrative units", _units),
    LawFamily("programmes", "Chương trình mục tiêu quốc gia", "National target programmes", _programmes,
              gaps_allowed=("programme/",)),
)


# -- checks -----------------------------------------------------------------------------------


def check_family(family: LawFamily) -> list[str]:
    """Problems with ``family``'s data: overlapping versions of a track, or a gap between
    two versions of a track whose gaps are not allowed. Empty when the data is sound."""
    tracks: dict[str, list[LawVersion]] = {}
    for v in family.versions():
        tracks.setdefault(v.track, []).append(v)
    problems: list[str] = []
    for track, versions in sorted(tracks.items()):
        for a, b in pairwise(sorted(versions, key=lambda v: v.effective_from)):
            if a.effective_to is None or a.effective_to >= b.effective_from:
                problems.append(f"{family.key}/{track}: {a.id} and {b.id} overlap from {b.effective_from.isoformat()}")
            elif a.effective_to + _DAY != b.effective_from and not track.startswith(family.gaps_allowed or ("\0",)):
                problems.append(
                    f"{family.key}/{track}: gap from {(a.effective_to + _DAY).isoformat()} to "
                    f"{(b.effective_from - _DAY).isoformat()} between {a.id} and {b.id}"
                )
    return problems


# -- the report -------------------------------------------------------------------------------


@frozen
class FamilyStatus:
    """One family on a date: versions in force, versions coming within the horizon."""

    key: str
    label_vi: str
    label_en: str
    status: str
    in_force: tuple[LawVersion, ...]
    upcoming: tuple[LawVersion, ...]


@frozen
class LawReport:
    """:func:`law_on`'s answer."""

    on: dt.date
    horizon_days: int
    families: tuple[FamilyStatus, ...]


def _worst(versions: Iterable[LawVersion]) -> str:
    ranks = [STATUSES.index(v.status) for v in versions]
    return STATUSES[max(ranks)] if ranks else "none"


def law_on(on: dt.date, families: Sequence[LawFamily] = RULE_FAMILIES, *, horizon_days: int = 90) -> LawReport:
    """For each family, the versions in force on ``on`` and those taking effect in the
    ``horizon_days`` days after it; the family's status is its least settled version in
    force (``"none"`` when nothing covers the date)."""
    if horizon_days < 0:
        raise ValueError(f"horizon_days must be 0 or more, got {horizon_days}")
    end = on + dt.timedelta(days=horizon_days)
    out = []
    for fam in families:
        versions = fam.versions()
        now = tuple(v for v in versions if v.in_force(on))
        soon = tuple(sorted((v for v in versions if on < v.effective_from <= end), key=lambda v: (v.effective_from, v.track)))
        out.append(FamilyStatus(fam.key, fam.label_vi, fam.label_en, _worst(now), now, soon))
    return LawReport(on, horizon_days, tuple(out))


def _version_json(v: LawVersion) -> dict[str, Any]:
    return {
        "track": v.track,
        "id": v.id,
        "effective_from": v.effective_from.isoformat(),
        "effective_to": v.effective_to.isoformat() if v.effective_to else None,
        "citation": v.citation,
        "status": v.status,
        "note": v.note,
    }


def to_json(report: LawReport) -> dict[str, Any]:
    """The stable machine-readable form (schema ``tgpl.law/1``)."""
    return {
        "schema": LAW_SCHEMA,
        "on": report.on.isoformat(),
        "horizon_days": report.horizon_days,
        "families": [
            {
                "key": f.key,
                "label_vi": f.label_vi,
                "label_en": f.label_en,
                "status": f.status,
                "in_force": [_version_json(v) for v in f.in_force],
                "upcoming": [_version_json(v) for v in f.upcoming],
            }
            for f in report.families
        ],
    }


_STATUS_VI = {"verified": "đã đối chiếu", "unverified": "chưa đối chiếu", "provisional": "tạm thời", "none": "không có"}


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day is not None else "…"


def render_text(report: LawReport) -> str:
    """The report for people: Vietnamese first, English in brackets."""
    lines = [
        f"Quy định áp dụng ngày {_d(report.on)} (law in force on {report.on.isoformat()}); "
        f"thay đổi trong {report.horizon_days} ngày tới (changes within {report.horizon_days} days)",
    ]
    for f in report.families:
        lines.append("")
        lines.append(f"{f.label_vi} ({f.label_en}): {_STATUS_VI[f.status]} ({f.status})")
        for v in f.in_force:
            lines.append(f"  - {v.id} [{_d(v.effective_from)}–{_d(v.effective_to)}] {_STATUS_VI[v.status]} ({v.status}): {v.citation}")
            if v.note:
                lines.append(f"      {v.note}")
        for v in f.upcoming:
            lines.append(f"  + từ (from) {_d(v.effective_from)}: {v.id} — {_STATUS_VI[v.status]} ({v.status}): {v.citation}")
    return "\n".join(lines) + "\n"
