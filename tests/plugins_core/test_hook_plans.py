"""The ``tgpl_register_plans`` hook: plugins ship plan files; tgpl checks and reads them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tgpl.errors import PluginError
from tgpl.planning import find_plan, plugin_plans
from tgpl.reporting.hookspecs import hookimpl
from tgpl.reporting.plugins import Plugins, load_plugins

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plans" / "ca-mau-2023.yaml"


class Ships:
    def __init__(self, name: str, *paths: object) -> None:
        self.name = name
        self.__version__ = "0.9"
        self.paths = paths

    @hookimpl
    def tgpl_register_plans(self, register: Callable[[object], None]) -> None:
        for p in self.paths:
            register(p)


def _plugins(*objs: object) -> Plugins:
    return load_plugins(load_entrypoints=False, plugins=objs)


def test_hook_tgpl_register_plans_ships_a_plan_found_by_id() -> None:
    plugins = _plugins(Ships("ca-mau", EXAMPLE))
    assert plugins.plan_file_owners() == {"ca-mau-2023.yaml": "ca-mau 0.9"}
    plans = plugin_plans(plugins)
    assert list(plans) == ["ca-mau-2023"]
    assert find_plan(plugins, "ca-mau-2023").issuer == "Ủy ban nhân dân tỉnh Cà Mau"
    with pytest.raises(KeyError, match="ca-mau-2023"):
        find_plan(plugins, "bac-giang-2019")


@pytest.mark.parametrize(
    ("thing", "message"),
    [
        ("plans/x.yaml", "expects a path, got str"),
        (Path("nowhere/x.yaml"), "does not exist"),
        (Path(__file__), "must end in .yaml"),
    ],
)
def test_hook_tgpl_register_plans_rejects_what_is_not_a_plan_file(thing: object, message: str) -> None:
    with pytest.raises(PluginError, match=message) as info:
        _plugins(Ships("bad", thing)).plan_files()
    assert info.value.plugin == "bad 0.9"


def test_hook_tgpl_register_plans_broken_plan_names_plugin_file_line_task_field(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("time_frame: Năm 2023", "time_frame: Quý V năm 2023", 1),
        encoding="utf-8",
    )
    with pytest.raises(PluginError) as info:
        plugin_plans(_plugins(Ships("bad", broken)))
    line = next(i for i, t in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1) if "Quý V" in t)
    assert info.value.plugin == "bad 0.9"
    assert f"broken.yaml:{line}: task '1' $.tasks[0].time_frame: time frame 'Quý V năm 2023' is not understood" in info.value.message


def test_hook_tgpl_register_plans_same_plan_id_twice_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(PluginError, match=re.escape("plan id 'ca-mau-2023' of copy.yaml is already shipped by one 0.9")):
        plugin_plans(_plugins(Ships("one", EXAMPLE), Ships("two", copy)))
