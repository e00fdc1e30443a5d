"""The plugin template (mẫu plugin): ``tgpl new-plugin NAME`` writes a working plugin project.

The project it writes installs as its own distribution (``tgpl-NAME``), declares itself
under the ``tgpl`` entry-point group, and passes tgpl's checks from the first run:

* ``src/tgpl_NAME/__init__.py`` — one indicator (the share of accepted cases that were
  legal advice, namespaced ``NAME.``), one report format (plain text) and, when a unit is
  given, the province profile for that unit; typed, ``mypy --strict`` and ruff clean;
* ``tests/test_conformance.py`` — the conformance kit
  (:class:`tgpl.testing.conformance.PluginConformance`), the same checks tgpl runs;
* ``tests/test_plugin.py`` — tests of the indicator's value and of the format's output;
* ``pyproject.toml``, ``README.md`` and ``py.typed``.

Replace the example indicator and format with your own and keep the tests green; the
province plugin guide (``docs/province-plugins.md``) walks through it.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Template
from typing import Final

from tgpl.domain import UnitRef, unit

__all__ = ["NAME_PATTERN", "PluginNames", "plugin_names", "write_plugin"]

#: What ``NAME`` may be: lower-case ASCII words joined by single hyphens (``bac-ninh``).
NAME_PATTERN: Final = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


class PluginNames:
    """The names derived from ``NAME``: distribution, module, entry point, indicator prefix, format."""

    def __init__(self, name: str) -> None:
        if not NAME_PATTERN.fullmatch(name) or len(name) > 40:
            raise ValueError(
                f"tên plugin không hợp lệ (invalid plugin name) {name!r}: use lower-case ASCII words "
                "joined by hyphens, e.g. bac-ninh"
            )
        self.name = name
        self.distribution = f"tgpl-{name}"
        self.module = "tgpl_" + name.replace("-", "_")
        self.prefix = name.replace("-", "_")
        self.format = f"{name}-txt"


def plugin_names(name: str) -> PluginNames:
    """The names of the plugin ``name`` (``ValueError`` with a one-line message if invalid)."""
    return PluginNames(name)


_PYPROJECT = Template('''\
[build-system]
requires = ["hatchling>=1.21"]
build-backend = "hatchling.build"

[project]
name = "$distribution"
version = "0.1.0"
description = "tgpl plugin $distribution: indicators and report formats for legal aid (trợ giúp pháp lý) reports."
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["tgpl>=$tgpl_version"]

[project.optional-dependencies]
testing = ["tgpl[testing]>=$tgpl_version"]

[project.entry-points.tgpl]
$prefix = "$module"

[tool.hatch.build.targets.wheel]
packages = ["src/$module"]

[tool.pytest.ini_options]
testpaths = ["tests"]

[tool.mypy]
strict = true
mypy_path = "src"

[tool.ruff]
line-length = 100
target-version = "py311"
src = ["src", "tests"]

[tool.ruff.lint]
select = ["E", "F", "W", "I", "B", "UP", "SIM", "RUF"]
ignore = ["E501", "RUF001", "RUF002", "RUF003"]
''')

_README = Template('''\
# $distribution

A [tgpl](https://pypi.org/project/tgpl/) plugin (plugin của tgpl), made with
`tgpl new-plugin $name`. It adds:

- the indicator `$prefix.advice_share` — *Tỷ lệ vụ việc tư vấn pháp luật trong số vụ việc
  thụ lý trong kỳ* (share of accepted cases that were legal advice, %);
- the report format `$format` — a plain-text list of this plugin's indicators;
$profile_line
Replace them with your own; keep the tests green.

```text
python -m venv .venv
.venv/bin/pip install -e '.[testing]'
HYPOTHESIS_PROFILE=tgpl-ci .venv/bin/python -m pytest      # the conformance kit and your own tests
.venv/bin/tgpl plugins                                     # lists $distribution and its hooks
.venv/bin/tgpl report cases.jsonl --window 2024 --format md,$format
```
''')

_INIT = Template('''\
"""tgpl plugin $distribution (plugin của tgpl).

Registered under the ``tgpl`` entry-point group as ``$prefix`` (see ``pyproject.toml``).
Hooks: ``tgpl_register_indicators`` (the indicator :data:`ADVICE_SHARE`),
``tgpl_register_formats`` (the format :data:`TEXT_FORMAT`)$profile_doc.
"""

from __future__ import annotations

from typing import Final

$imports
__version__: Final = "0.1.0"

#: The namespace of this plugin's indicator codes.
PREFIX: Final = "$prefix"


def advice_share(tally: Tally) -> float | None:
    """Share (%) of the cases accepted in the window that are legal advice; ``None`` if none
    were accepted. A ratio of merged counts, so it is the same for a province computed
    whole or merged from its parts."""
    accepted = tally.count("case", measure="accepted")
    return percent(tally.count("case", measure="accepted", form="advice"), accepted)


#: The example indicator.
ADVICE_SHARE: Final = Indicator(
    code=f"{PREFIX}.advice_share",
    label_vi="Tỷ lệ vụ việc tư vấn pháp luật trong số vụ việc thụ lý trong kỳ",
    label_en="Share of accepted cases that are legal advice",
    unit="%",
    compute=advice_share,
    basis="Tỷ lệ tính từ số liệu đã hợp nhất: vụ việc tư vấn pháp luật thụ lý trong kỳ / vụ việc thụ lý trong kỳ",
)


def render_text(report: Report) -> bytes:
    """This plugin's indicators as plain text, one ``label: value`` line each (UTF-8)."""
    lines = [report.window.label_vi]
    lines += [f"{i.label_vi}: {display_value(i)}" for i in report.indicators if i.code.startswith(PREFIX + ".")]
    return ("\\n".join(lines) + "\\n").encode("utf-8")


#: The example report format.
TEXT_FORMAT: Final = ReportFormat(
    name="$format",
    label_vi="Báo cáo văn bản thuần",
    extension="txt",
    media_type="text/plain; charset=utf-8",
    render=render_text,
)
$profile_body

@hookimpl
def tgpl_register_indicators(register: RegisterIndicator) -> None:
    """The plugin's indicators."""
    register(ADVICE_SHARE)


@hookimpl
def tgpl_register_formats(register: RegisterFormat) -> None:
    """The plugin's report formats."""
    register(TEXT_FORMAT)
$profile_hook''')

_IMPORTS = (
    "{domain}"
    "from tgpl.reporting.formats.vi import display_value\n"
    "from tgpl.reporting.hookspecs import RegisterFormat, RegisterIndicator, hookimpl\n"
    "from tgpl.reporting.indicators import Indicator, percent\n"
    "from tgpl.reporting.report import {report_names}\n"
    "from tgpl.reporting.tally import Tally\n"
)

_PROFILE_BODY = Template('''
#: The unit this plugin speaks for ($unit_name).
UNIT: Final = UnitRef.parse("$unit")

#: The profile printed in report headings for :data:`UNIT`.
PROFILE: Final = ProvinceProfile(
    name="$distribution",
    unit=UNIT,
    organisation_vi="Trung tâm Trợ giúp pháp lý nhà nước $unit_full",
    issuer_parent_vi="SỞ TƯ PHÁP $unit_upper",
    issuer_vi="TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC",
    place_vi="$unit_name",
    default_windows=("stats:2026-H1", "stats:2026"),
    version=__version__,
)
''')

_PROFILE_HOOK = '''

@hookimpl
def tgpl_province_profile(unit: UnitRef) -> ProvinceProfile | None:
    """The profile of :data:`UNIT`; ``None`` for every other unit."""
    return PROFILE if unit == UNIT else None
'''

_CONFORMANCE = Template('''\
"""$distribution passes tgpl's plugin conformance kit (the checks tgpl runs on its own plugins)."""

from __future__ import annotations

from tgpl.testing.conformance import PluginConformance

import $module


class TestConformance(PluginConformance):
    plugin = $module
    units = ($units)
    prefix = "$prefix"
''')

_TESTS = Template('''\
"""The example indicator's value and the text format's output."""

from __future__ import annotations

from tgpl.reporting.build import report_from_tally
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.tally import Tally

import $module
from $module import ADVICE_SHARE, advice_share

UNIT = "$tally_unit"


def _accepted(form: str, n: int) -> tuple[tuple[str, ...], int]:
    # A counter of the "case" table: measure, form, procedural role (litigation only),
    # field, provider kind, source, request channel, groups, unit.
    role = "defence_counsel" if form == "litigation" else ""
    return ("case", "accepted", form, role, "land", "tgv", "self", "in_person", "", UNIT), n


def test_advice_share_is_the_ratio_of_merged_counts() -> None:
    tally = Tally(dict([_accepted("advice", 3), _accepted("litigation", 1)]))
    assert advice_share(tally) == 75.0
    assert advice_share(Tally.empty()) is None
    halves = Tally(dict([_accepted("advice", 3)])) + Tally(dict([_accepted("litigation", 1)]))
    assert advice_share(halves) == advice_share(tally)


def test_text_format_lists_the_indicator() -> None:
    plugins = load_plugins(load_entrypoints=False, plugins=[$module])
    tally = Tally(dict([_accepted("advice", 1), _accepted("litigation", 3)]))
    report = report_from_tally(tally, "2024", plugins=plugins)
    assert report.value(ADVICE_SHARE.code) == 25.0
    text = plugins.formats()["$format"].render(report).decode("utf-8")
    assert f"{ADVICE_SHARE.label_vi}: 25" in text
''')


def write_plugin(name: str, out: str | Path, *, unit_code: str | None = None) -> list[Path]:
    """Write the plugin project ``tgpl-NAME`` into the new folder ``out``; return the files written.

    ``unit_code`` (``"2025:24"``) adds a province profile for that unit. Raises
    :class:`ValueError` for an invalid name or unit and :class:`FileExistsError` when
    ``out`` exists and is not empty (nothing is overwritten).
    """
    from tgpl import __version__

    names = plugin_names(name)
    root = Path(out)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise FileExistsError(f"thư mục đã có và không rỗng (folder exists and is not empty): {root}")
    ref = UnitRef.parse(unit_code) if unit_code is not None else None
    values = {
        "name": names.name, "distribution": names.distribution, "module": names.module,
        "prefix": names.prefix, "format": names.format,
        "tgpl_version": ".".join(__version__.split(".")[:2]),
        "units": f'"{ref}",' if ref is not None else "",
        "tally_unit": str(ref) if ref is not None else "2025:24",
        "imports": _IMPORTS.format(domain="", report_names="Report, ReportFormat"),
        "profile_line": "", "profile_doc": "", "profile_body": "", "profile_hook": "",
    }
    if ref is not None:
        u = unit(ref)
        full = u.full_name_vi
        values |= {
            "profile_line": f"- the province profile of `{ref}` ({u.name}) for report headings.\n",
            "profile_doc": " and ``tgpl_province_profile`` (:data:`PROFILE`)",
            "imports": _IMPORTS.format(
                domain="from tgpl.domain import UnitRef\n", report_names="ProvinceProfile, Report, ReportFormat"
            ),
            "profile_body": _PROFILE_BODY.substitute(
                unit=str(ref), unit_name=u.name, unit_full=full, unit_upper=full.upper(),
                distribution=names.distribution,
            ),
            "profile_hook": _PROFILE_HOOK,
        }
    files = {
        "pyproject.toml": _PYPROJECT.substitute(values),
        "README.md": _README.substitute(values),
        f"src/{names.module}/__init__.py": _INIT.substitute(values),
        f"src/{names.module}/py.typed": "",
        "tests/test_conformance.py": _CONFORMANCE.substitute(values),
        "tests/test_plugin.py": _TESTS.substitute(values),
    }
    written = []
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
