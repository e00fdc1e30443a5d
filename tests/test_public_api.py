"""The top-level public API: sorted, complete, lazily imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

import tgpl


def test_all_is_sorted_and_every_name_resolves() -> None:
    assert tgpl.__all__ == sorted(tgpl.__all__)
    for name in tgpl.__all__:
        assert getattr(tgpl, name) is not None, name


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        tgpl.no_such_name  # noqa: B018


def test_import_tgpl_loads_no_third_party_package() -> None:
    code = (
        "import sys, tgpl\n"
        "heavy = [m for m in ('attrs', 'cattrs', 'holidays', 'pluggy', 'dateutil', 'orjson', 'dask', 'openpyxl', 'docx', 'matplotlib')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_rules_package_exports_resolve_lazily() -> None:
    import tgpl.rules

    assert len(set(tgpl.rules.__all__)) == len(tgpl.rules.__all__)
    for name in tgpl.rules.__all__:
        assert getattr(tgpl.rules, name) is not None, name
    code = "import sys, tgpl.rules.scoring, tgpl.rules.eligibility; print('holidays' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"  # the calendar (and holidays) load only when used
