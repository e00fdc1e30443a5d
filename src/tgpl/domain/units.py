"""Administrative units (đơn vị hành chính cấp tỉnh) and the 2025 province merger.

Two schemes coexist:

* ``UnitScheme.P2004`` — the 63 former provinces, codes of Quyết định 124/2004/QĐ-TTg,
  in force until 30/06/2025;
* ``UnitScheme.P2025`` — the 34 units in force from 01/07/2025 (Nghị quyết
  202/2025/QH15), codes of Quyết định 19/2025/QĐ-TTg.

Several codes name different territory before and after the merger (24 was Bắc Giang and
is now the merged Bắc Ninh), so a :class:`UnitRef` always carries its scheme.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

from attrs import frozen

from tgpl.domain.codes import CodeEnum, describe
from tgpl.errors import RuleNotInForceError, UnknownCodeError, looks_like_code, quote_value

__all__ = [
    "MERGER_DATE",
    "PROVINCES_2004",
    "PROVINCES_2025",
    "STATUS_CHANGES",
    "Unit",
    "UnitRef",
    "UnitScheme",
    "UnitStatus",
    "predecessors",
    "scheme_on",
    "status_changes_between",
    "successor",
    "to_scheme_2025",
    "unit",
]

#: First day of the 34-unit scheme (Nghị quyết 202/2025/QH15).
MERGER_DATE = dt.date(2025, 7, 1)


class UnitScheme(CodeEnum):
    """Which list of provincial codes a code belongs to."""

    P2004 = "2004"
    P2025 = "2025"

    @property
    def effective_from(self) -> dt.date | None:
        return None if self is UnitScheme.P2004 else MERGER_DATE

    @property
    def effective_to(self) -> dt.date | None:
        """Last day in force (inclusive), or None while in force."""
        return MERGER_DATE - dt.timedelta(days=1) if self is UnitScheme.P2004 else None


describe(UnitScheme, {
    "P2004": ("63 tỉnh, thành phố (mã theo QĐ 124/2004/QĐ-TTg)", "63 former provinces (2004 codes)", "Quyết định 124/2004/QĐ-TTg; in force until 30/06/2025"),
    "P2025": ("34 tỉnh, thành phố (mã theo QĐ 19/2025/QĐ-TTg)", "34 units from 01/07/2025 (2025 codes)", "Nghị quyết 202/2025/QH15; Quyết định 19/2025/QĐ-TTg; from 01/07/2025"),
})


@frozen(order=True)
class UnitRef:
    """A reference to a provincial unit: a scheme and a two-digit code, e.g. ``2004:06``."""

    scheme: UnitScheme
    code: str

    def __str__(self) -> str:
        return f"{self.scheme.value}:{self.code}"

    @classmethod
    def parse(cls, text: str) -> UnitRef:
        """Parse ``"2004:06"`` or ``"2025:19"``; the scheme is mandatory."""
        scheme, sep, code = text.partition(":")
        if not sep:
            raise UnknownCodeError(
                f"unit reference {quote_value(text)} has no scheme; write '2004:{text}' or '2025:{text}'"
                if looks_like_code(text) else f"unit reference {quote_value(text)} has no scheme"
            )
        try:
            ref = cls(UnitScheme(scheme), code)
        except ValueError:
            raise UnknownCodeError(f"unknown unit scheme {quote_value(scheme)} in {quote_value(text)}") from None
        unit(ref)  # validates the code
        return ref

    @property
    def name(self) -> str:
        """The unit's Vietnamese name."""
        return unit(self).name


@frozen
class Unit:
    """One provincial unit with its Vietnamese name and kind (tỉnh / thành phố)."""

    ref: UnitRef
    name: str
    city: bool = False

    @property
    def effective_from(self) -> dt.date | None:
        return self.ref.scheme.effective_from

    @property
    def effective_to(self) -> dt.date | None:
        return self.ref.scheme.effective_to

    @property
    def kind_vi(self) -> str:
        """``"thành phố"`` for a centrally-run city, ``"tỉnh"`` for a province."""
        return "thành phố" if self.city else "tỉnh"

    @property
    def full_name_vi(self) -> str:
        """The name as documents write it, e.g. ``"tỉnh Bắc Kạn"``, ``"thành phố Hải Phòng"``.

        This is the name the unit was created with; a unit whose name or status changed
        later (Đồng Nai, a centrally-run city from 30/04/2026) is named as of a date by
        :meth:`full_name_vi_on`, which report headings use.
        """
        return f"{self.kind_vi} {self.name}"

    def status_on(self, on: dt.date) -> UnitStatus:
        """The unit's name and kind in force on ``on`` (see :data:`STATUS_CHANGES`)."""
        status = UnitStatus(self.name, self.city, None, None)
        for change in STATUS_CHANGES.get(self.ref, ()):
            if change.effective_from is not None and change.effective_from <= on:
                status = change
        return status

    def city_on(self, on: dt.date) -> bool:
        """True when the unit is a centrally-run city (thành phố trực thuộc trung ương) on ``on``."""
        return self.status_on(on).city

    def name_on(self, on: dt.date) -> str:
        """The unit's bare name in force on ``on``, e.g. ``"Huế"`` from 01/01/2025."""
        return self.status_on(on).name

    def full_name_vi_on(self, on: dt.date) -> str:
        """The name as documents dated ``on`` write it, e.g. ``"thành phố Đồng Nai"`` on 31/12/2026."""
        status = self.status_on(on)
        return f"{'thành phố' if status.city else 'tỉnh'} {status.name}"


@frozen
class UnitStatus:
    """A unit's name and kind from a date on, with the text that made the change.

    ``effective_from`` and ``basis`` are None for the status a unit was created with.
    """

    name: str
    city: bool
    effective_from: dt.date | None
    basis: str | None
    verified: bool = False


_OLD = [
    ("01", "Hà Nội", True), ("02", "Hà Giang", False), ("04", "Cao Bằng", False),
    ("06", "Bắc Kạn", False), ("08", "Tuyên Quang", False), ("10", "Lào Cai", False),
    ("11", "Điện Biên", False), ("12", "Lai Châu", False), ("14", "Sơn La", False),
    ("15", "Yên Bái", False), ("17", "Hòa Bình", False), ("19", "Thái Nguyên", False),
    ("20", "Lạng Sơn", False), ("22", "Quảng Ninh", False), ("24", "Bắc Giang", False),
    ("25", "Phú Thọ", False), ("26", "Vĩnh Phúc", False), ("27", "Bắc Ninh", False),
    ("30", "Hải Dương", False), ("31", "Hải Phòng", True), ("33", "Hưng Yên", False),
    ("34", "Thái Bình", False), ("35", "Hà Nam", False), ("36", "Nam Định", False),
    ("37", "Ninh Bình", False), ("38", "Thanh Hóa", False), ("40", "Nghệ An", False),
    ("42", "Hà Tĩnh", False), ("44", "Quảng Bình", False), ("45", "Quảng Trị", False),
    ("46", "Thừa Thiên Huế", False), ("48", "Đà Nẵng", True), ("49", "Quảng Nam", False),
    ("51", "Quảng Ngãi", False), ("52", "Bình Định", False), ("54", "Phú Yên", False),
    ("56", "Khánh Hòa", False), ("58", "Ninh Thuận", False), ("60", "Bình Thuận", False),
    ("62", "Kon Tum", False), ("64", "Gia Lai", False), ("66", "Đắk Lắk", False),
    ("67", "Đắk Nông", False), ("68", "Lâm Đồng", False), ("70", "Bình Phước", False),
    ("72", "Tây Ninh", False), ("74", "Bình Dương", False), ("75", "Đồng Nai", False),
    ("77", "Bà Rịa - Vũng Tàu", False), ("79", "Hồ Chí Minh", True), ("80", "Long An", False),
    ("82", "Tiền Giang", False), ("83", "Bến Tre", False), ("84", "Trà Vinh", False),
    ("86", "Vĩnh Long", False), ("87", "Đồng Tháp", False), ("89", "An Giang", False),
    ("91", "Kiên Giang", False), ("92", "Cần Thơ", True), ("93", "Hậu Giang", False),
    ("94", "Sóc Trăng", False), ("95", "Bạc Liêu", False), ("96", "Cà Mau", False),
]

# New code, name, city, former 2004 codes (QĐ 19/2025/QĐ-TTg; docs/sources.md §6.2).
_NEW = [
    ("01", "Hà Nội", True, ("01",)),
    ("04", "Cao Bằng", False, ("04",)),
    ("08", "Tuyên Quang", False, ("08", "02")),
    ("11", "Điện Biên", False, ("11",)),
    ("12", "Lai Châu", False, ("12",)),
    ("14", "Sơn La", False, ("14",)),
    ("15", "Lào Cai", False, ("10", "15")),
    ("19", "Thái Nguyên", False, ("19", "06")),
    ("20", "Lạng Sơn", False, ("20",)),
    ("22", "Quảng Ninh", False, ("22",)),
    ("24", "Bắc Ninh", False, ("27", "24")),
    ("25", "Phú Thọ", False, ("25", "26", "17")),
    ("31", "Hải Phòng", True, ("31", "30")),
    ("33", "Hưng Yên", False, ("33", "34")),
    ("37", "Ninh Bình", False, ("37", "35", "36")),
    ("38", "Thanh Hóa", False, ("38",)),
    ("40", "Nghệ An", False, ("40",)),
    ("42", "Hà Tĩnh", False, ("42",)),
    ("44", "Quảng Trị", False, ("45", "44")),
    ("46", "Huế", True, ("46",)),
    ("48", "Đà Nẵng", True, ("48", "49")),
    ("51", "Quảng Ngãi", False, ("51", "62")),
    ("52", "Gia Lai", False, ("64", "52")),
    ("56", "Khánh Hòa", False, ("56", "58")),
    ("66", "Đắk Lắk", False, ("66", "54")),
    ("68", "Lâm Đồng", False, ("68", "67", "60")),
    ("75", "Đồng Nai", False, ("75", "70")),
    ("79", "Hồ Chí Minh", True, ("79", "74", "77")),
    ("80", "Tây Ninh", False, ("72", "80")),
    ("82", "Đồng Tháp", False, ("87", "82")),
    ("86", "Vĩnh Long", False, ("86", "83", "84")),
    ("91", "An Giang", False, ("89", "91")),
    ("92", "Cần Thơ", True, ("92", "94", "93")),
    ("96", "Cà Mau", False, ("96", "95")),
]

#: The 63 former provinces, keyed by reference.
PROVINCES_2004: Mapping[UnitRef, Unit] = MappingProxyType({
    UnitRef(UnitScheme.P2004, c): Unit(UnitRef(UnitScheme.P2004, c), n, city) for c, n, city in _OLD
})
#: The 34 units from 01/07/2025, keyed by reference.
PROVINCES_2025: Mapping[UnitRef, Unit] = MappingProxyType({
    UnitRef(UnitScheme.P2025, c): Unit(UnitRef(UnitScheme.P2025, c), n, city) for c, n, city, _ in _NEW
})
_SUCCESSOR: Mapping[UnitRef, UnitRef] = MappingProxyType({
    UnitRef(UnitScheme.P2004, old): UnitRef(UnitScheme.P2025, new)
    for new, _n, _c, olds in _NEW
    for old in olds
})
_PREDECESSORS: Mapping[UnitRef, tuple[UnitRef, ...]] = MappingProxyType({
    UnitRef(UnitScheme.P2025, new): tuple(UnitRef(UnitScheme.P2004, o) for o in olds)
    for new, _n, _c, olds in _NEW
})

if (len(PROVINCES_2004), len(PROVINCES_2025), len(_SUCCESSOR)) != (63, 34, 63):  # pragma: no cover
    raise RuntimeError("administrative unit tables are inconsistent")


#: Changes of name or status after a unit was created, oldest first, keyed by reference.
#: Each entry is in force from its date; the unit's own ``name``/``city`` hold before the
#: first one. ``verified`` is False while the basis is known from secondary sources only
#: (independent public datasets and government news pages agree; the official texts were
#: not read): Huế — NQ 175/2024/QH15 of 30/11/2024; Đồng Nai — vanban.chinhphu.vn
#: docid=218009, xaydungchinhsach.chinhphu.vn of 30/04/2026; Quảng Ninh — the General
#: Statistics Office list as republished on 24/08/2026; Bắc Ninh — vanban.chinhphu.vn
#: docid=219328. The same unit codes are kept (QĐ 19/2025/QĐ-TTg).
STATUS_CHANGES: Mapping[UnitRef, tuple[UnitStatus, ...]] = MappingProxyType({
    UnitRef(UnitScheme.P2004, "46"): (
        UnitStatus("Huế", True, dt.date(2025, 1, 1),
                   "Nghị quyết 175/2024/QH15 ngày 30/11/2024 (thành lập thành phố Huế trực thuộc trung ương trên cơ sở tỉnh Thừa Thiên Huế), hiệu lực 01/01/2025"),
    ),
    UnitRef(UnitScheme.P2025, "75"): (
        UnitStatus("Đồng Nai", True, dt.date(2026, 4, 30),
                   "Nghị quyết 30/2026/QH16 (thành lập thành phố Đồng Nai trực thuộc trung ương), hiệu lực 30/04/2026"),
    ),
    UnitRef(UnitScheme.P2025, "22"): (
        UnitStatus("Quảng Ninh", True, dt.date(2026, 9, 1),
                   "Nghị quyết 36/2026/QH16 (thành lập thành phố Quảng Ninh trực thuộc trung ương), hiệu lực 01/09/2026"),
    ),
    UnitRef(UnitScheme.P2025, "24"): (
        UnitStatus("Bắc Ninh", True, dt.date(2026, 9, 20),
                   "Nghị quyết 39/2026/QH16 (thành lập thành phố Bắc Ninh trực thuộc trung ương), hiệu lực 20/09/2026"),
    ),
})


def status_changes_between(start: dt.date, end: dt.date) -> tuple[tuple[UnitRef, UnitStatus], ...]:
    """Every dated change of name or status taking effect from ``start`` to ``end``
    (both inclusive), in date order: what a Center checks before a reporting period."""
    hits = [
        (ref, ch)
        for ref, changes in STATUS_CHANGES.items()
        for ch in changes
        if ch.effective_from is not None and start <= ch.effective_from <= end
    ]
    return tuple(sorted(hits, key=lambda h: (h[1].effective_from or start, str(h[0]))))


def unit(ref: UnitRef) -> Unit:
    """The unit a reference names; an unknown code is an :class:`UnknownCodeError`."""
    table = PROVINCES_2004 if ref.scheme is UnitScheme.P2004 else PROVINCES_2025
    try:
        return table[ref]
    except KeyError:
        raise UnknownCodeError(f"no {ref.scheme.value} provincial unit with code {quote_value(ref.code)}") from None


def scheme_on(on: dt.date) -> UnitScheme:
    """The scheme in force on a date: P2004 before 01/07/2025, P2025 from then on."""
    return UnitScheme.P2004 if on < MERGER_DATE else UnitScheme.P2025


def successor(ref: UnitRef) -> UnitRef:
    """The 2025 unit a former province was merged into (Nghị quyết 202/2025/QH15).

    A 2025 reference is its own successor.
    """
    if ref.scheme is UnitScheme.P2025:
        unit(ref)
        return ref
    try:
        return _SUCCESSOR[ref]
    except KeyError:
        raise UnknownCodeError(f"no 2004 provincial unit with code {quote_value(ref.code)}") from None


def predecessors(ref: UnitRef) -> tuple[UnitRef, ...]:
    """The former provinces that make up a 2025 unit."""
    if ref.scheme is not UnitScheme.P2025:
        raise UnknownCodeError(f"{ref} is not a 2025 unit")
    try:
        return _PREDECESSORS[ref]
    except KeyError:
        raise UnknownCodeError(f"no 2025 provincial unit with code {quote_value(ref.code)}") from None


def to_scheme_2025(ref: UnitRef) -> UnitRef:
    """Map any reference onto the 34 units in force from 01/07/2025 (alias of :func:`successor`)."""
    return successor(ref)


def unit_on(ref: UnitRef, on: dt.date) -> UnitRef:
    """The reference in the scheme in force on ``on``.

    A 2004 reference read on or after 01/07/2025 becomes its 2025 successor; a 2025
    reference read before 01/07/2025 names nothing yet and is an error.
    """
    if scheme_on(on) is UnitScheme.P2025:
        return successor(ref)
    if ref.scheme is UnitScheme.P2025:
        raise RuleNotInForceError(f"{ref} did not exist on {on.isoformat()} (2025 units start 01/07/2025)")
    unit(ref)
    return ref


__all__ += ["unit_on"]
