"""Bắc Giang's plan indicators (chỉ tiêu kế hoạch) and the TGV litigation quota register.

Two indicators measure the two quantified targets of the 2024 plan (seed 002, section II.3):

``bac_giang.mobile_trips`` — rounds (đợt) of mobile legal aid and grassroots communication.
    The plan counts "hoạt động TGPL lưu động và truyền thông về TGPL ở cơ sở từ 35 đến 40
    đợt": one number of *rounds* for both activities together. tgpl records a round as one
    :class:`~tgpl.domain.MobileTrip` (đợt); communication done during the round is part of
    it. A communication session (:class:`~tgpl.domain.OutreachSession`) is one place on one
    day (buổi/điểm), a different counting unit, and one round usually holds several, so
    adding sessions to trips would count a round several times. The default reading,
    :attr:`TripCounting.TRIPS_ONLY`, therefore counts trips only; a Center that records
    stand-alone grassroots communication rounds as sessions can choose
    :attr:`TripCounting.TRIPS_AND_SESSIONS` (trips + sessions), which the indicator's basis
    then states. The reading is an explicit option because the plan does not define "đợt".

``bac_giang.tgv_quota_share`` — share of TGVs with a litigation quota who met it.
    The core tally has no per-provider table (it counts cases by provider *kind*), and tgpl
    does not change it for one province. So the numbers come from a **quota register**
    (:class:`QuotaRegister`, sổ theo dõi chỉ tiêu tham gia tố tụng của Trợ giúp viên pháp
    lý), a small JSON file: per TGV (pseudonymous code), the quota and the litigation cases
    counted towards it. The bundled ``data/tgv_quota_2024.json`` is **illustrative** (số liệu
    minh họa), not Bắc Giang's real figures; a Center passes its own register to
    :class:`~tgpl_province_example.BacGiangPlugin`. ``bac_giang.tgvs_with_quota`` and
    ``bac_giang.tgvs_met_quota`` show the two counts behind the share.

Both are pure functions of the tally. They answer only for tallies keyed by the unit the
plan covers, **as recorded** (``2004:24``): the plan binds the former Bắc Giang territory,
and once a tally is mapped to the 2025 units (``2025:24``, the merged Bắc Ninh) the former
Bắc Giang's part cannot be told apart, so the value is ``None`` (chưa có số liệu). A tally
has no window, so the register's year cannot be checked here: the labels name the year,
and :func:`tgpl_province_example.plan.plan_vs_actual` leaves the quota row empty for a
report whose window lies outside the register's year.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Final

from attrs import frozen

from tgpl.domain import UnitRef
from tgpl.errors import InvalidRecordError
from tgpl.reporting.indicators import Indicator, IndicatorValue, percent
from tgpl.reporting.tally import Tally
from tgpl_province_example.profile import BAC_GIANG, PLAN_BASIS

__all__ = [
    "QUOTA_SCHEMA",
    "QuotaEntry",
    "QuotaRegister",
    "TripCounting",
    "has_unit",
    "load_quota_register",
    "make_indicators",
    "mobile_trips_indicator",
    "quota_indicators",
]

#: The indicators are shown only in reports of Bắc Giang (2004:24) and its successor, the
#: merged Bắc Ninh (2025:24); other provinces' reports leave them out.
_SCOPE: Final = frozenset({str(BAC_GIANG)})

#: The schema tag of a quota register file.
QUOTA_SCHEMA: Final = "tgpl-province-example.tgv-quota/1"


class TripCounting(enum.StrEnum):
    """How ``bac_giang.mobile_trips`` reads "35 đến 40 đợt" (see the module docstring)."""

    #: Mobile legal aid trips only (MobileTrip records); the default.
    TRIPS_ONLY = "trips_only"
    #: Mobile trips plus communication sessions (OutreachSession records).
    TRIPS_AND_SESSIONS = "trips_and_sessions"


def has_unit(tally: Tally, unit: UnitRef) -> bool:
    """Whether ``tally`` has any count or set keyed by ``unit`` (the unit is the last key part)."""
    code = str(unit)
    return any(key[-1] == code for key in tally.counts) or any(key[-1] == code for key in tally.sets)


def mobile_trips_indicator(counting: TripCounting = TripCounting.TRIPS_ONLY) -> Indicator:
    """``bac_giang.mobile_trips``: rounds of mobile aid (and, if chosen, communication) in Bắc Giang."""
    unit = str(BAC_GIANG)

    def compute(tally: Tally) -> IndicatorValue:
        if not has_unit(tally, BAC_GIANG):
            return None
        trips = tally.count("mobile_trip", metric="trips", unit=unit)
        if counting is TripCounting.TRIPS_AND_SESSIONS:
            trips += tally.count("outreach", metric="sessions", unit=unit)
        return trips

    reading = (
        "đếm số đợt TGPL lưu động (bản ghi MobileTrip); truyền thông trong đợt thuộc đợt đó, "
        "buổi truyền thông riêng lẻ (OutreachSession) không cộng thêm"
        if counting is TripCounting.TRIPS_ONLY
        else "đếm số đợt TGPL lưu động (MobileTrip) cộng số buổi truyền thông (OutreachSession)"
    )
    return Indicator(
        code="bac_giang.mobile_trips",
        label_vi="Số đợt trợ giúp pháp lý lưu động và truyền thông về trợ giúp pháp lý ở cơ sở (địa bàn tỉnh Bắc Giang cũ)",
        label_en="Rounds of mobile legal aid and grassroots communication (former Bắc Giang)",
        unit="đợt",
        compute=compute,
        basis=f"{PLAN_BASIS}, mục II.3 (từ 35 đến 40 đợt); cách đếm: {reading}; chỉ số liệu ghi theo mã 2004:24",
        units=_SCOPE,
    )


@frozen
class QuotaEntry:
    """One TGV's line in the quota register: pseudonymous code, quota, cases counted towards it."""

    tgv: str
    quota: int
    litigation_cases: int

    @property
    def has_quota(self) -> bool:
        """A quota of 0 means "no quota this year" (e.g. appointed late); such TGVs are not counted."""
        return self.quota > 0

    @property
    def met(self) -> bool:
        return self.has_quota and self.litigation_cases >= self.quota


@frozen
class QuotaRegister:
    """A year's register of TGV litigation quotas (sổ theo dõi chỉ tiêu tham gia tố tụng)."""

    year: int
    unit: UnitRef
    entries: tuple[QuotaEntry, ...]
    basis: str
    illustrative: bool = False
    note_vi: str = ""

    @property
    def with_quota(self) -> int:
        """Number of TGVs who had a litigation quota."""
        return sum(1 for e in self.entries if e.has_quota)

    @property
    def met(self) -> int:
        """Number of TGVs who met their quota."""
        return sum(1 for e in self.entries if e.met)

    @property
    def share(self) -> float | None:
        """``100 * met / with_quota``; ``None`` when nobody had a quota."""
        return percent(self.met, self.with_quota)

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, source: str | None = None) -> QuotaRegister:
        """Read a register document; a bad field raises :class:`InvalidRecordError` with its path."""

        def bad(message: str, path: str, record: str | None = None) -> InvalidRecordError:
            return InvalidRecordError(message, record_id=record, path=path, source=source)

        if not isinstance(data, Mapping) or data.get("schema") != QUOTA_SCHEMA:
            raise bad(f"not a {QUOTA_SCHEMA} document", "$.schema")
        year = data.get("year")
        if type(year) is not int or not 2018 <= year <= 2100:
            raise bad(f"year must be a whole number from 2018, got {year!r}", "$.year")
        try:
            unit = UnitRef.parse(str(data.get("unit")))
        except InvalidRecordError as exc:
            raise bad(exc.message, "$.unit") from None
        basis = data.get("basis")
        if not isinstance(basis, str) or not basis.strip():
            raise bad("basis (the plan or decision that sets the quotas) is required", "$.basis")
        illustrative = data.get("illustrative", False)
        if not isinstance(illustrative, bool):
            raise bad("illustrative must be true or false", "$.illustrative")
        note = data.get("note_vi", "")
        if not isinstance(note, str):
            raise bad("note_vi must be text", "$.note_vi")
        rows = data.get("tgvs")
        if not isinstance(rows, list):
            raise bad("tgvs must be a list", "$.tgvs")
        entries: list[QuotaEntry] = []
        seen: set[str] = set()
        for i, row in enumerate(rows):
            path = f"$.tgvs[{i}]"
            if not isinstance(row, Mapping):
                raise bad("each TGV line is an object", path)
            code = row.get("tgv")
            if not isinstance(code, str) or not code.strip():
                raise bad("tgv (a pseudonymous code) is required", f"{path}.tgv")
            if code in seen:
                raise bad(f"TGV {code!r} appears twice", f"{path}.tgv", code)
            seen.add(code)
            numbers: dict[str, int] = {}
            for name in ("quota", "litigation_cases"):
                value = row.get(name)
                if type(value) is not int or value < 0:
                    raise bad(f"{name} must be a whole number 0 or more, got {value!r}", f"{path}.{name}", code)
                numbers[name] = value
            entries.append(QuotaEntry(code, numbers["quota"], numbers["litigation_cases"]))
        return cls(year, unit, tuple(entries), basis, illustrative, note)


def load_quota_register(path: str | Path | None = None) -> QuotaRegister:
    """Read a register from ``path``, or the bundled illustrative 2024 register when ``None``."""
    if path is None:
        text = resources.files("tgpl_province_example").joinpath("data/tgv_quota_2024.json").read_text(encoding="utf-8")
        source = "tgpl_province_example/data/tgv_quota_2024.json"
    else:
        text = Path(path).read_text(encoding="utf-8")
        source = str(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidRecordError(f"not JSON: {exc.msg}", path="$", line=exc.lineno, source=source) from None
    return QuotaRegister.from_json(data, source=source)


def _from_register(register: QuotaRegister, value: Callable[[QuotaRegister], IndicatorValue]) -> Callable[[Tally], IndicatorValue]:
    def compute(tally: Tally) -> IndicatorValue:
        return value(register) if has_unit(tally, register.unit) else None

    return compute


def quota_indicators(register: QuotaRegister) -> tuple[Indicator, ...]:
    """``bac_giang.tgv_quota_share`` and the two counts behind it, read from ``register``."""
    year = register.year
    flag = " (số liệu minh họa)" if register.illustrative else ""
    basis = (
        f"{register.basis}; sổ theo dõi chỉ tiêu năm {year}{flag}; lấy từ sổ theo dõi, không từ bảng đếm "
        f"(bảng đếm không có số liệu theo từng người thực hiện); chỉ áp dụng cho số liệu ghi theo mã {register.unit}"
    )
    return (
        Indicator(
            code="bac_giang.tgv_quota_share",
            label_vi=f"Tỷ lệ Trợ giúp viên pháp lý đạt chỉ tiêu tham gia tố tụng năm {year}",
            label_en=f"Share of legal aid officers (TGV) meeting their {year} litigation quota",
            unit="%",
            compute=_from_register(register, lambda r: r.share),
            basis=basis,
            units=_SCOPE,
        ),
        Indicator(
            code="bac_giang.tgvs_with_quota",
            label_vi=f"Số Trợ giúp viên pháp lý được giao chỉ tiêu tham gia tố tụng năm {year}",
            label_en=f"Legal aid officers (TGV) with a {year} litigation quota",
            unit="người",
            compute=_from_register(register, lambda r: r.with_quota),
            basis=basis,
            units=_SCOPE,
        ),
        Indicator(
            code="bac_giang.tgvs_met_quota",
            label_vi=f"Số Trợ giúp viên pháp lý đạt chỉ tiêu tham gia tố tụng năm {year}",
            label_en=f"Legal aid officers (TGV) who met their {year} litigation quota",
            unit="người",
            compute=_from_register(register, lambda r: r.met),
            basis=basis,
            units=_SCOPE,
        ),
    )


def make_indicators(
    counting: TripCounting = TripCounting.TRIPS_ONLY, register: QuotaRegister | None = None
) -> tuple[Indicator, ...]:
    """Every indicator of the plugin, with the chosen trip reading and quota register."""
    return (mobile_trips_indicator(counting), *quota_indicators(register or load_quota_register()))
