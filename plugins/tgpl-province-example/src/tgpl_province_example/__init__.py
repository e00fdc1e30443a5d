"""Example tgpl province plugin: Bắc Giang's 2024 legal aid plan (kế hoạch TGPL năm 2024).

The worked example of ``docs/province-plugins.md`` and the template for province authors.
It implements three hooks:

* ``tgpl_province_profile(unit)`` — :data:`~tgpl_province_example.profile.BAC_GIANG_2024`
  for ``2004:24`` (Bắc Giang), :data:`~tgpl_province_example.profile.BAC_NINH_2025` for
  ``2025:24`` (the merged Bắc Ninh, no plan targets: the plan predates the merger),
  ``None`` otherwise;
* ``tgpl_register_indicators(register)`` — ``bac_giang.mobile_trips``
  (:mod:`tgpl_province_example.indicators` explains the counting decision); the plan's TGV
  quota target is tgpl's core ``tgv_quota.met_share``, judged with the profile's
  :data:`~tgpl_province_example.profile.TGV_QUOTA_2024`;
* ``tgpl_register_formats(register)`` — ``bac-giang-plan``, the plan-versus-actual table
  (:mod:`tgpl_province_example.plan`);
* ``tgpl_register_plans(register)`` — the 2024 plan as a ``tgpl.plan/1`` file
  (``bac-giang-2024``: ``tgpl report … --plan bac-giang-2024``).

The module itself is the plugin installed under the ``tgpl`` entry-point group (name
``bac_giang``); it uses the default options. :class:`BacGiangPlugin` is the same plugin
with options (how "đợt" is counted, which TGV quota and roster) — register an instance with
``make_plugin_manager(plugins=[BacGiangPlugin(...)], block=["bac_giang"])`` so the
installed default does not register the same codes twice.
"""

from __future__ import annotations

from typing import Final

from tgpl.domain import UnitRef
from tgpl.reporting.hookspecs import RegisterFormat, RegisterIndicator, RegisterPlan, hookimpl
from tgpl.reporting.quota import TgvQuota
from tgpl.reporting.report import ProvinceProfile
from tgpl_province_example.indicators import TripCounting, make_indicators
from tgpl_province_example.plan import (
    PLAN_FORMAT,
    PLAN_TITLE,
    plan_vs_actual,
    render_plan_markdown,
)
from tgpl_province_example.profile import (
    BAC_GIANG,
    BAC_GIANG_2024,
    BAC_NINH_2025,
    MERGED_BAC_NINH,
    PLAN,
    PLAN_FILE,
    TGV_QUOTA_2024,
    VERSION,
    profile_for,
)

__version__: Final = VERSION

__all__ = [
    "BAC_GIANG",
    "BAC_GIANG_2024",
    "BAC_NINH_2025",
    "MERGED_BAC_NINH",
    "PLAN",
    "PLAN_FILE",
    "PLAN_FORMAT",
    "PLAN_TITLE",
    "TGV_QUOTA_2024",
    "BacGiangPlugin",
    "TripCounting",
    "__version__",
    "make_indicators",
    "plan_vs_actual",
    "profile_for",
    "render_plan_markdown",
    "tgpl_province_profile",
    "tgpl_register_formats",
    "tgpl_register_indicators",
    "tgpl_register_plans",
]


class BacGiangPlugin:
    """The Bắc Giang plugin with options, for registering explicitly.

    ``trip_counting`` chooses how ``bac_giang.mobile_trips`` reads "35 đến 40 đợt"
    (default: mobile trips only); ``tgv_quota`` replaces the profile's TGV litigation quota
    (default: :data:`~tgpl_province_example.profile.TGV_QUOTA_2024`) — a Center passes its
    roster of TGVs with their bands, reductions and exemptions this way.
    """

    name = "tgpl-province-example"
    __version__ = VERSION

    def __init__(
        self,
        *,
        trip_counting: TripCounting = TripCounting.TRIPS_ONLY,
        tgv_quota: TgvQuota | None = None,
    ) -> None:
        self.trip_counting = trip_counting
        self.tgv_quota = tgv_quota

    @hookimpl
    def tgpl_province_profile(self, unit: UnitRef) -> ProvinceProfile | None:
        """Bắc Giang for ``2004:24``, the merged Bắc Ninh for ``2025:24``, else ``None``."""
        return profile_for(unit, self.tgv_quota)

    @hookimpl
    def tgpl_register_indicators(self, register: RegisterIndicator) -> None:
        """The plan indicators with this instance's options."""
        for indicator in make_indicators(self.trip_counting):
            register(indicator)

    @hookimpl
    def tgpl_register_formats(self, register: RegisterFormat) -> None:
        """The ``bac-giang-plan`` format."""
        register(PLAN_FORMAT)

    @hookimpl
    def tgpl_register_plans(self, register: RegisterPlan) -> None:
        """The 2024 plan (``bac-giang-2024``)."""
        register(PLAN_FILE)


_DEFAULT: Final = BacGiangPlugin()


@hookimpl
def tgpl_province_profile(unit: UnitRef) -> ProvinceProfile | None:
    """Bắc Giang for ``2004:24``, the merged Bắc Ninh for ``2025:24``, else ``None``."""
    return _DEFAULT.tgpl_province_profile(unit)


@hookimpl
def tgpl_register_indicators(register: RegisterIndicator) -> None:
    """The plan indicators with the default options."""
    _DEFAULT.tgpl_register_indicators(register)


@hookimpl
def tgpl_register_formats(register: RegisterFormat) -> None:
    """The ``bac-giang-plan`` format."""
    _DEFAULT.tgpl_register_formats(register)


@hookimpl
def tgpl_register_plans(register: RegisterPlan) -> None:
    """The 2024 plan (``bac-giang-2024``)."""
    _DEFAULT.tgpl_register_plans(register)
