"""Every hook is documented with its exact signature and has a ``test_hook_<name>`` test.

The two datasette checks (datasette's ``tests/test_docs.py``): ``docs/plugins.md`` has a heading
for each hook containing ``name(arg, ...)`` exactly as in ``tgpl.reporting.hookspecs``,
and every hook name appears in the name of at least one ``test_hook_*`` test function in
this directory.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from tgpl.reporting import hookspecs

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def _spec_names() -> list[str]:
    return sorted(
        name for name, obj in vars(hookspecs).items()
        if name.startswith("tgpl_") and callable(obj) and hasattr(obj, "tgpl_spec")
    )


def _signature(name: str) -> str:
    func = getattr(hookspecs, name)
    return f"{name}({', '.join(inspect.signature(func).parameters)})"


def _headings() -> list[str]:
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    return re.findall(r"^#+ (.+)$", text, re.MULTILINE)


def test_hook_names_constant_lists_every_spec() -> None:
    assert sorted(hookspecs.HOOK_NAMES) == _spec_names()
    assert all(n.startswith("tgpl_") for n in hookspecs.HOOK_NAMES)


@pytest.mark.parametrize("name", _spec_names())
def test_plugin_hooks_are_documented(name: str) -> None:
    sig = _signature(name)
    assert any(sig in h for h in _headings()), f"docs/plugins.md needs a heading with `{sig}`"


def _test_function_names() -> list[str]:
    names: list[str] = []
    for path in sorted(HERE.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names += [n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name.startswith("test_hook_")]
    return names


@pytest.mark.parametrize("name", _spec_names())
def test_plugin_hooks_have_tests(name: str) -> None:
    tests = _test_function_names()
    assert any(name in t for t in tests), f"no test_hook_* test mentions {name}"


def test_register_hooks_take_a_register_callback_and_profile_is_firstresult() -> None:
    for name in _spec_names():
        opts = getattr(hookspecs, name).tgpl_spec
        params = list(inspect.signature(getattr(hookspecs, name)).parameters)
        if name.startswith("tgpl_register_"):
            assert params == ["register"]
            assert not opts["firstresult"]
        else:
            assert name == "tgpl_province_profile"
            assert opts["firstresult"]
