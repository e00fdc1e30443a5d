"""Bắc Giang's plan indicator (chỉ tiêu kế hoạch) for mobile legal aid rounds.

The 2024 plan (seed 002, section II.3) has two quantified targets. The TGV litigation quota
("100% Trợ giúp viên pháp lý đạt chỉ tiêu tham gia tố tụng") is measured by tgpl's core
indicator ``tgv_quota.met_share`` (:mod:`tgpl.reporting.quota`), judged from the records
with the quota this plugin's profile supplies (:data:`~tgpl_province_example.profile.TGV_QUOTA_2024`).
The other is this plugin's own indicator:

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

It is a pure function of the tally. It answers only for tallies keyed by the unit the plan
covers, **as recorded** (``2004:24``): the plan binds the former Bắc Giang territory, and
once a tally is mapped to the 2025 units (``2025:24``, the merged Bắc Ninh) the former Bắc
Giang's part cannot be told apart, so the value is ``None`` (chưa có số liệu).
"""

from __future__ import annotations

import enum
from typing import Final

from tgpl.domain import UnitRef
from tgpl.reporting.indicators import Indicator, IndicatorValue
from tgpl.reporting.tally import Tally
from tgpl_province_example.profile import BAC_GIANG, PLAN_BASIS

__all__ = [
    "TripCounting",
    "has_unit",
    "make_indicators",
    "mobile_trips_indicator",
]

#: The indicator is shown only in reports of Bắc Giang (2004:24) and its successor, the
#: merged Bắc Ninh (2025:24); other provinces' reports leave it out.
_SCOPE: Final = frozenset({str(BAC_GIANG)})


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


def make_indicators(counting: TripCounting = TripCounting.TRIPS_ONLY) -> tuple[Indicator, ...]:
    """Every indicator of the plugin, with the chosen trip reading."""
    return (mobile_trips_indicator(counting),)
