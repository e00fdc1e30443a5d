"""The hooks one by one, the plugin manager factory and the typed facade's checks."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Iterator
from importlib import metadata
from typing import Any

import pytest

from tgpl.domain import Case, UnitRef, UnitScheme
from tgpl.errors import PluginError
from tgpl.reporting import hookspecs
from tgpl.reporting.hookspecs import hookimpl
from tgpl.reporting.indicators import BUILTIN_INDICATORS, Indicator
from tgpl.reporting.plugins import (
    BUILTIN_PLUGIN_NAME,
    PluginInfo,
    Plugins,
    load_plugins,
    make_plugin_manager,
)
from tgpl.reporting.report import ProvinceProfile, Report, ReportFormat
from tgpl.reporting.tally import Tally
from tgpl.rules.scoring import RUBRICS, TT12_RUBRIC
from tgpl.rules.validation import BUILTIN_RULES, Finding, ValidationContext, ValidationRule

BAC_KAN = UnitRef(UnitScheme.P2004, "06")


def _render(report: Report) -> bytes:
    return b"ok"


def _fmt(name: str = "txt", label: str = "Văn bản thuần") -> ReportFormat:
    return ReportFormat(name, label, name, "text/plain", _render)


def _zero(tally: Tally) -> int:
    return 0


def _ind(code: str = "vidu.zero", label: str = "Chỉ tiêu ví dụ") -> Indicator:
    return Indicator(code, label, "Example", "vụ việc", _zero)


def _no_findings(case: Case, ctx: ValidationContext) -> Iterator[Finding]:
    return iter(())


class Adds:
    """A plugin object whose hooks register whatever it is given."""

    def __init__(self, name: str, **things: list[object]) -> None:
        self.name = name
        self.__version__ = "1.2.3"
        self.things = things

    @hookimpl
    def tgpl_register_formats(self, register: Callable[[object], None]) -> None:
        for f in self.things.get("formats", []):
            register(f)

    @hookimpl
    def tgpl_register_indicators(self, register: Callable[[object], None]) -> None:
        for i in self.things.get("indicators", []):
            register(i)

    @hookimpl
    def tgpl_register_rubrics(self, register: Callable[[object], None]) -> None:
        for r in self.things.get("rubrics", []):
            register(r)

    @hookimpl
    def tgpl_register_validation_rules(self, register: Callable[[object], None]) -> None:
        for r in self.things.get("rules", []):
            register(r)


def _plugins(*objs: object) -> Plugins:
    return load_plugins(load_entrypoints=False, plugins=objs)


# -- each hook ----------------------------------------------------------------------------


def test_hook_tgpl_register_formats_adds_a_format() -> None:
    p = _plugins(Adds("tgpl-vidu", formats=[_fmt()]))
    formats = p.formats()
    assert list(formats)[:3] == ["md", "json", "csv"]
    assert formats["txt"].label_vi == "Văn bản thuần"
    assert p.format_owners()["txt"] == "tgpl-vidu 1.2.3"
    assert p.format_owners()["md"].startswith("tgpl ")


def test_hook_tgpl_register_indicators_adds_an_indicator_after_the_builtins() -> None:
    p = _plugins(Adds("tgpl-vidu", indicators=[_ind()]))
    codes = list(p.indicators())
    assert codes[: len(BUILTIN_INDICATORS)] == list(BUILTIN_INDICATORS)
    assert codes[-1] == "vidu.zero"
    assert p.indicator_owners()["vidu.zero"] == "tgpl-vidu 1.2.3"


def test_hook_tgpl_register_rubrics_adds_a_rubric() -> None:
    import attrs

    mine = attrs.evolve(TT12_RUBRIC, id="bg-2024", citation="QĐ 12/QĐ-STP tỉnh Bắc Giang (ví dụ)")
    rubrics = _plugins(Adds("tgpl-vidu", rubrics=[mine])).rubrics()
    assert set(RUBRICS) < set(rubrics)
    assert rubrics["bg-2024"] is mine


def test_hook_tgpl_register_validation_rules_adds_a_rule_with_the_plugin_as_origin() -> None:
    rule = ValidationRule("VIDU_CHECK", "example", "Quy chế ví dụ Điều 1", _no_findings)
    p = _plugins(Adds("tgpl-vidu", rules=[rule]))
    rules = p.validation_rules()
    assert [r.code for r in BUILTIN_RULES] == list(rules)[: len(BUILTIN_RULES)]
    assert rules["VIDU_CHECK"].origin == "tgpl-vidu 1.2.3"
    assert "VIDU_CHECK" in p.validation_registry()


class Profile:
    def __init__(self, name: str, answer: object) -> None:
        self.name = name
        self.answer = answer
        self.calls = 0

    @hookimpl
    def tgpl_province_profile(self, unit: UnitRef) -> object:
        self.calls += 1
        return self.answer if unit == BAC_KAN else None


def _profile(org: str) -> ProvinceProfile:
    return ProvinceProfile(name="bk", unit=BAC_KAN, organisation_vi=org)


def test_hook_tgpl_province_profile_first_non_none_result_wins_and_is_cached() -> None:
    first, last = Profile("first", _profile("Trung tâm A")), Profile("last", _profile("Trung tâm B"))
    p = _plugins(first, last)
    got = p.province_profile(BAC_KAN)
    assert got is not None
    assert got.organisation_vi == "Trung tâm B"
    assert p.province_profile(BAC_KAN) is got
    assert (first.calls, last.calls) == (0, 1)
    assert p.province_profile(UnitRef(UnitScheme.P2025, "19")) is None


def test_hook_tgpl_province_profile_without_plugins_is_none() -> None:
    assert _plugins().province_profile(BAC_KAN) is None


def test_hook_tgpl_province_profile_wrong_type_names_the_plugin() -> None:
    with pytest.raises(PluginError, match="returned a dict") as err:
        _plugins(Profile("tgpl-sai", {"organisation_vi": "x"})).province_profile(BAC_KAN)
    assert err.value.plugin == "tgpl-sai"


def test_hook_tgpl_province_profile_that_raises_names_the_plugin() -> None:
    class Boom:
        name = "tgpl-no"

        @hookimpl
        def tgpl_province_profile(self, unit: UnitRef) -> None:
            raise RuntimeError("kaput")

    with pytest.raises(PluginError, match="kaput") as err:
        _plugins(Boom()).province_profile(BAC_KAN)
    assert err.value.plugin == "tgpl-no"


# -- the facade's checks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("things", "message"),
    [
        ({"formats": ["md"]}, "expects a ReportFormat, got str"),
        ({"formats": [_fmt("md")]}, "format 'md' is already registered by tgpl"),
        ({"formats": [_fmt("Bad Name")]}, "must be lower-case"),
        ({"formats": [_fmt(label="")]}, "no Vietnamese label"),
        ({"formats": [_fmt(label="   ")]}, "no Vietnamese label"),
        ({"formats": [ReportFormat("x", "Nhãn", ".x", "text/plain", _render)]}, "extension"),
        ({"formats": [ReportFormat("x", "Nhãn", "x", "plain", _render)]}, "media_type"),
        ({"indicators": [_zero]}, "expects an Indicator, got function"),
        ({"indicators": [_ind("cases.accepted")]}, "indicator 'cases.accepted' is already registered by tgpl"),
        ({"indicators": [_ind(label="")]}, "no Vietnamese label"),
        ({"indicators": [_ind(label="vidu.zero")]}, "no Vietnamese label"),
        ({"indicators": [_ind(), _ind()]}, "indicator 'vidu.zero' is already registered by tgpl-sai"),
        ({"rubrics": [TT12_RUBRIC]}, "rubric 'tt12-2021' is already registered by tgpl"),
        ({"rubrics": ["tt12"]}, "expects a Rubric"),
        ({"rules": [BUILTIN_RULES[0]]}, "already registered by tgpl"),
        ({"rules": [object()]}, "expects a ValidationRule"),
    ],
)
def test_facade_rejects_bad_handover_naming_the_plugin(things: dict[str, list[object]], message: str) -> None:
    p = _plugins(Adds("tgpl-sai", **things))
    kind = next(iter(things))
    call: dict[str, Callable[[], object]] = {
        "formats": p.formats, "indicators": p.indicators, "rubrics": p.rubrics, "rules": p.validation_rules,
    }
    with pytest.raises(PluginError, match=message) as err:
        call[kind]()
    assert err.value.plugin == "tgpl-sai 1.2.3"
    assert "tgpl-sai" in str(err.value)


def test_facade_rejects_a_bad_indicator_code_even_if_the_constructor_was_bypassed() -> None:
    import attrs

    ind = _ind()
    object.__setattr__(ind, "code", "Bad Code")
    with pytest.raises(PluginError, match="dotted lower-case") as err:
        _plugins(Adds("tgpl-sai", indicators=[ind])).indicators()
    assert err.value.plugin == "tgpl-sai 1.2.3"
    assert attrs.has(type(ind))


def test_duplicate_between_two_plugins_names_both() -> None:
    p = _plugins(Adds("tgpl-a", formats=[_fmt()]), Adds("tgpl-b", formats=[_fmt()]))
    with pytest.raises(PluginError, match=r"already registered by tgpl-a 1\.2\.3") as err:
        p.formats()
    assert err.value.plugin == "tgpl-b 1.2.3"


def test_a_register_hook_that_raises_is_a_plugin_error() -> None:
    class Boom:
        name = "tgpl-no"

        @hookimpl
        def tgpl_register_formats(self, register: Callable[[object], None]) -> None:
            raise KeyError("oops")

    with pytest.raises(PluginError, match="tgpl_register_formats failed: KeyError") as err:
        _plugins(Boom()).formats()
    assert err.value.plugin == "tgpl-no"


def test_register_hook_may_omit_its_argument() -> None:
    calls: list[str] = []

    class Lazy:
        name = "tgpl-lazy"

        @hookimpl
        def tgpl_register_formats(self) -> None:
            calls.append("called")

    assert list(_plugins(Lazy()).formats())[:3] == ["md", "json", "csv"]
    assert calls == ["called"]


def test_unknown_hook_or_argument_is_a_plugin_error() -> None:
    class Typo:
        name = "tgpl-typo"

        @hookimpl
        def tgpl_register_format(self, register: object) -> None:  # missing "s"
            pass

    with pytest.raises(PluginError, match="does not define") as err:
        make_plugin_manager(load_entrypoints=False, plugins=[Typo()])
    assert err.value.plugin == "tgpl-typo"

    class BadArg:
        name = "tgpl-badarg"

        @hookimpl
        def tgpl_register_formats(self, register: object, extra: object) -> None:
            pass

    with pytest.raises(PluginError, match="invalid hook implementation") as err2:
        make_plugin_manager(load_entrypoints=False, plugins=[BadArg()])
    assert err2.value.plugin == "tgpl-badarg"


def test_two_plugins_with_the_same_name_is_a_plugin_error() -> None:
    with pytest.raises(PluginError, match="cannot be registered"):
        make_plugin_manager(load_entrypoints=False, plugins=[Adds("same"), Adds("same")])


def test_hooks_run_once_per_facade() -> None:
    class Counting:
        name = "tgpl-count"
        calls = 0

        @hookimpl
        def tgpl_register_indicators(self, register: Callable[[object], None]) -> None:
            Counting.calls += 1
            register(_ind())

    p = _plugins(Counting())
    for _ in range(3):
        p.indicators()
        p.indicator_owners()
    assert Counting.calls == 1
    mine = p.indicators()
    mine.clear()
    assert "vidu.zero" in p.indicators()  # callers get copies


# -- the factory, loading and describing ---------------------------------------------------------


def test_factory_returns_a_new_manager_each_call() -> None:
    a = make_plugin_manager(load_entrypoints=False, plugins=[Adds("tgpl-vidu", formats=[_fmt()])])
    b = make_plugin_manager(load_entrypoints=False)
    assert a is not b
    assert "txt" in Plugins(a).formats()
    assert "txt" not in Plugins(b).formats()


def test_block_leaves_a_plugin_out() -> None:
    p = load_plugins(load_entrypoints=False, plugins=[Adds("tgpl-vidu", formats=[_fmt()])], block=["tgpl-vidu"])
    assert "txt" not in p.formats()
    assert [i.name for i in p.describe()] == [BUILTIN_PLUGIN_NAME]


def test_a_module_registered_as_a_plugin() -> None:
    mod = types.ModuleType("tgpl_vidu_module")

    @hookimpl
    def tgpl_register_formats(register: Callable[[object], None]) -> None:
        register(_fmt("vidu"))

    mod.tgpl_register_formats = tgpl_register_formats  # type: ignore[attr-defined]
    mod.__version__ = "0.9"  # type: ignore[attr-defined]
    p = load_plugins(load_entrypoints=False, plugins=[mod])
    assert "vidu" in p.formats()
    assert PluginInfo("tgpl_vidu_module", "0.9", ("tgpl_register_formats",)) in p.describe()


def test_describe_lists_builtin_first_with_its_hooks() -> None:
    from tgpl import __version__

    infos = _plugins(Adds("tgpl-vidu")).describe()
    assert infos[0] == PluginInfo(
        "tgpl", __version__,
        ("tgpl_register_formats", "tgpl_register_indicators", "tgpl_register_rubrics", "tgpl_register_validation_rules"),
    )
    assert infos[1].name == "tgpl-vidu"
    assert infos[1].version == "1.2.3"
    assert _plugins(Adds("tgpl-vidu")).versions() == {"tgpl": __version__, "tgpl-vidu": "1.2.3"}


class _FakeDist:
    def __init__(self) -> None:
        self.metadata = {"Name": "tgpl-fake"}
        self.version = "4.5.6"
        self.entry_points: list[Any] = []


def test_entry_point_plugins_are_named_by_distribution(monkeypatch: pytest.MonkeyPatch) -> None:
    mod = types.ModuleType("tgpl_fake_plugin")

    @hookimpl
    def tgpl_register_indicators(register: Callable[[object], None]) -> None:
        register(_ind("cases.accepted"))

    mod.tgpl_register_indicators = tgpl_register_indicators  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tgpl_fake_plugin", mod)
    ep = metadata.EntryPoint(name="fake", value="tgpl_fake_plugin", group="tgpl")
    dist = _FakeDist()
    dist.entry_points = [ep]
    monkeypatch.setattr(metadata, "distributions", lambda: [dist])
    p = load_plugins()
    assert PluginInfo("tgpl-fake", "4.5.6", ("tgpl_register_indicators",)) in p.describe()
    with pytest.raises(PluginError, match="already registered by tgpl") as err:
        p.indicators()
    assert err.value.plugin == "tgpl-fake 4.5.6"
    assert load_plugins(block=["fake"]).indicators() == dict(BUILTIN_INDICATORS)


def test_installed_entry_points_load() -> None:
    eps = metadata.entry_points(group=hookspecs.PROJECT)
    if not eps:
        pytest.skip("no tgpl plugin distribution is installed")
    p = load_plugins()
    names = {i.name for i in p.describe()}
    assert len(names) >= 2
    p.formats()
    p.indicators()


def test_hookimpl_is_the_tgpl_marker() -> None:
    @hookimpl
    def tgpl_register_formats(register: object) -> None:
        pass

    assert hasattr(tgpl_register_formats, "tgpl_impl")
    assert hookspecs.PROJECT == "tgpl"
