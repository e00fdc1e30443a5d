"""The Bắc Giang plugin passes tgpl's conformance kit — the template a province copies.

A province's own repository needs only ``pip install tgpl[testing]`` and a class like this.
"""

from __future__ import annotations

import tgpl_province_example
from tgpl_province_example import BacGiangPlugin, TripCounting

from tgpl.testing.conformance import PluginConformance, check_plugin


class TestBacGiangConformance(PluginConformance):
    plugin = tgpl_province_example
    units = ("2004:24", "2025:24")
    prefix = "bac_giang"


def test_configured_plugin_conforms() -> None:
    plugin = BacGiangPlugin(trip_counting=TripCounting.TRIPS_AND_SESSIONS)
    assert check_plugin(plugin, units=("2004:24", "2025:24"), prefix="bac_giang") == []
