"""``PluginConformance`` is collected when subclassed, passes a good plugin and fails a bad one."""

from __future__ import annotations

import pytest
from conformance_sample_plugins import GoodPlugin

from tgpl.reporting.hookspecs import RegisterIndicator, hookimpl
from tgpl.reporting.indicators import Indicator
from tgpl.testing.conformance import CHECKS, PluginConformance


class TestGoodPluginConformance(PluginConformance):
    """Runs every check of the kit on the small conforming plugin (as a province would)."""

    plugin = GoodPlugin()
    units = ("2004:06",)
    prefix = "bac_kan"


class _AsciiLabels:
    name = "ascii-labels"

    @hookimpl
    def tgpl_register_indicators(self, register: RegisterIndicator) -> None:
        register(Indicator("plain.trips", "So dot luu dong", "Trips", "đợt", lambda t: t.count("mobile_trip"), "test"))


class _BadConformance(PluginConformance):  # not collected: the name does not start with "Test"
    plugin = _AsciiLabels()


def test_base_class_is_not_collected_by_itself() -> None:
    assert not PluginConformance.__name__.startswith("Test")
    assert set(CHECKS) == {name for name in dir(PluginConformance) if name.startswith("test_")}


def test_failing_check_lists_every_problem() -> None:
    with pytest.raises(AssertionError) as info:
        _BadConformance().test_indicators_conform()
    assert "the plugin does not conform" in str(info.value)
    assert "plain.trips: label_vi 'So dot luu dong' is not Vietnamese" in str(info.value)


def test_missing_plugin_attribute_is_explained() -> None:
    class NoPlugin(PluginConformance):
        pass

    with pytest.raises(AssertionError, match="must set the class attribute 'plugin'"):
        NoPlugin().test_hooks_conform()
