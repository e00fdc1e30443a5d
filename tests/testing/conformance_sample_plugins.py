"""Sample plugins shared by the conformance kit's tests (a conforming one, as a template)."""

from __future__ import annotations

from tgpl.domain import UnitRef
from tgpl.reporting.hookspecs import RegisterFormat, RegisterIndicator, hookimpl
from tgpl.reporting.indicators import Indicator, IndicatorValue
from tgpl.reporting.report import PlanTarget, ProvinceProfile, Report, ReportFormat
from tgpl.reporting.tally import Tally

BAC_KAN = UnitRef.parse("2004:06")


def _trips(tally: Tally) -> IndicatorValue:
    return tally.count("mobile_trip", metric="trips", unit="2004:06")


GOOD_INDICATOR = Indicator(
    "bac_kan.trips", "Số đợt trợ giúp pháp lý lưu động của tỉnh Bắc Kạn", "Mobile trips, Bắc Kạn",
    "đợt", _trips, "MobileTrip records of unit 2004:06",
)


def _render_text(report: Report) -> bytes:
    name = report.profile.name if report.profile is not None else "(không có hồ sơ tỉnh)"
    return f"Báo cáo {report.window.label_vi} — {name}: {len(report.indicators)} chỉ tiêu\n".encode()


GOOD_FORMAT = ReportFormat("bac-kan-txt", "Báo cáo văn bản Bắc Kạn", "txt", "text/plain", _render_text)

GOOD_PROFILE = ProvinceProfile(
    name="Bắc Kạn", unit=BAC_KAN, organisation_vi="Trung tâm Trợ giúp pháp lý nhà nước tỉnh Bắc Kạn",
    default_windows=("2024",),
    targets=(PlanTarget("bac_kan.trips", "Số đợt trợ giúp pháp lý lưu động", minimum=10, unit="đợt"),),
)


class GoodPlugin:
    """A small conforming plugin: a profile, an indicator and a format."""

    name = "good-plugin"

    @hookimpl
    def tgpl_province_profile(self, unit: UnitRef) -> ProvinceProfile | None:
        return GOOD_PROFILE if unit == BAC_KAN else None

    @hookimpl
    def tgpl_register_indicators(self, register: RegisterIndicator) -> None:
        register(GOOD_INDICATOR)

    @hookimpl
    def tgpl_register_formats(self, register: RegisterFormat) -> None:
        register(GOOD_FORMAT)
