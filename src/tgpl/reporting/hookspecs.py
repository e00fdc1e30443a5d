"""The hooks through which plugins extend tgpl (đặc tả hook), docs/architecture.md principle 7.

Few hooks, one prefix (``tgpl_``), one entry-point group (``tgpl``). Hooks that *add*
things use the register-callback style (as in ``llm``): the hook receives a ``register``
callable and calls it once per object, so the callback can gain keyword arguments later
without breaking any plugin. Only "who is this province?" is answered by a return value
(``firstresult``: the first plugin that answers wins).

Plugin authors import the implementation marker as ``tgpl.hookimpl`` (it is
:data:`hookimpl` here)::

    from tgpl.reporting.hookspecs import hookimpl

    @hookimpl
    def tgpl_register_formats(register):
        register(MY_FORMAT)

Every hook is called **once per report** (or once per validation run), never per case:
a hook call costs about a microsecond, a Python loop over a case a few dozen nanoseconds
(pluggy: ≈ 0.7 µs with no implementation, ≈ 2 µs with five). Call hooks only through the typed facade
:class:`tgpl.reporting.plugins.Plugins`, which checks everything a plugin hands over.

The specs are typed with the tox trick: the pluggy marker is wrapped in a function
``cast`` to the decorated function's own type, so mypy keeps the signatures. Each spec
documents its arguments; docs/plugins.md has a heading per hook with the exact signature
(checked by ``tests/plugins_core/test_hook_docs.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from pluggy import HookimplMarker, HookspecMarker

if TYPE_CHECKING:
    from tgpl.domain import UnitRef
    from tgpl.reporting.indicators import Indicator
    from tgpl.reporting.report import ProvinceProfile, ReportFormat
    from tgpl.rules.scoring import Rubric
    from tgpl.rules.validation import ValidationRule

__all__ = [
    "HOOK_NAMES",
    "PROJECT",
    "RegisterFormat",
    "RegisterIndicator",
    "RegisterPlan",
    "RegisterRubric",
    "RegisterValidationRule",
    "hookimpl",
    "hookspec",
    "tgpl_province_profile",
    "tgpl_register_formats",
    "tgpl_register_indicators",
    "tgpl_register_plans",
    "tgpl_register_rubrics",
    "tgpl_register_validation_rules",
]

#: The pluggy project name and the entry-point group plugins declare.
PROJECT: Final = "tgpl"

#: The specification marker (for tgpl itself).
hookspec: Final = HookspecMarker(PROJECT)
#: The implementation marker plugin authors decorate their hooks with (``tgpl.hookimpl``).
hookimpl: Final = HookimplMarker(PROJECT)

_F = TypeVar("_F", bound=Callable[..., Any])


def _spec(func: _F) -> _F:
    """Mark a hook spec and give back the function with its own type (the tox ``_spec`` trick).

    pluggy >= 1.5 types its markers already; the wrapper keeps the signatures checked by
    mypy whatever the marker's annotations, and is the one place to add spec options.
    """
    marked: _F = hookspec(func)
    return marked


def _spec_firstresult(func: _F) -> _F:
    """Mark a ``firstresult`` hook spec: the first non-``None`` result is the answer."""
    marked: _F = hookspec(firstresult=True)(func)
    return marked


#: ``register(report_format)`` — the callback of :func:`tgpl_register_formats`.
RegisterFormat = Callable[["ReportFormat"], None]
#: ``register(indicator)`` — the callback of :func:`tgpl_register_indicators`.
RegisterIndicator = Callable[["Indicator"], None]
#: ``register(rubric)`` — the callback of :func:`tgpl_register_rubrics`.
RegisterRubric = Callable[["Rubric"], None]
#: ``register(rule)`` — the callback of :func:`tgpl_register_validation_rules`.
RegisterValidationRule = Callable[["ValidationRule"], None]
#: ``register(plan_file)`` — the callback of :func:`tgpl_register_plans`.
RegisterPlan = Callable[[Path | Traversable], None]


@_spec
def tgpl_register_formats(register: RegisterFormat) -> None:
    """Add report formats (định dạng báo cáo): call ``register(ReportFormat(...))`` for each.

    A :class:`~tgpl.reporting.report.ReportFormat` has a unique lower-case ``name``
    (``"xlsx"``, used by ``tgpl report --format``), a Vietnamese ``label_vi``, a file
    ``extension`` and ``media_type``, and ``render(report) -> bytes``, a pure function of
    the :class:`~tgpl.reporting.report.Report`. tgpl renders each format in isolation
    (a failing, hanging or garbage-returning format is reported by name and the others
    still render) and writes the bytes atomically.
    """


@_spec
def tgpl_register_indicators(register: RegisterIndicator) -> None:
    """Add indicators (chỉ tiêu): call ``register(Indicator(...))`` for each.

    An :class:`~tgpl.reporting.indicators.Indicator` has a unique dotted lower-case
    ``code`` (built-in codes cannot be shadowed), Vietnamese and English labels, a counting
    unit and ``compute(tally)``, a pure function of the merged, immutable
    :class:`~tgpl.reporting.tally.Tally` of the report's window.
    """


@_spec
def tgpl_register_rubrics(register: RegisterRubric) -> None:
    """Add appraisal rubrics (bộ tiêu chí thẩm định): call ``register(Rubric(...))`` for each.

    A :class:`~tgpl.rules.scoring.Rubric` is dated and cites its basis; its ``id`` must
    differ from the built-in ones (``tt12-2021`` …). A quality review naming the id in
    ``QualityReview.rubric`` is then scored with it when reports are built.
    """


@_spec
def tgpl_register_validation_rules(register: RegisterValidationRule) -> None:
    """Add case validation rules (quy tắc kiểm tra hồ sơ): call ``register(ValidationRule(...))``.

    A :class:`~tgpl.rules.validation.ValidationRule` has a unique UPPER_SNAKE_CASE
    ``code`` and its legal basis; ``tgpl validate`` runs it on every case. Its ``origin``
    is set to the plugin's name so a failing check is blamed on its author.
    """


@_spec
def tgpl_register_plans(register: RegisterPlan) -> None:
    """Ship plans (kế hoạch): call ``register(path)`` for each plan file of the province.

    ``path`` is a :class:`pathlib.Path` or an :mod:`importlib.resources` file (e.g.
    ``files("my_plugin") / "plans" / "bac-giang-2024.yaml"``) of a ``tgpl.plan/1`` YAML or
    JSON file. :func:`tgpl.planning.plugin_plans` reads and checks them (a broken plan is a
    :class:`~tgpl.errors.PluginError` naming the plugin, the file, line, task and field);
    ``tgpl report --plan ID`` and ``tgpl plan check ID`` find a shipped plan by its ``id``.
    """


@_spec_firstresult
def tgpl_province_profile(unit: UnitRef) -> ProvinceProfile | None:
    """Describe the province ``unit`` for report headers, or return ``None``.

    ``unit`` is the :class:`~tgpl.domain.UnitRef` the report is about (called only when
    a report covers exactly one unit). Return a
    :class:`~tgpl.reporting.report.ProvinceProfile` (organisation name, issuing body,
    signature block, plan targets …) for a province this plugin knows, ``None``
    otherwise. Stops at the first non-``None`` result (``firstresult``).
    """


#: The names of every hook, in documentation order.
HOOK_NAMES: Final[tuple[str, ...]] = (
    "tgpl_register_formats",
    "tgpl_register_indicators",
    "tgpl_register_rubrics",
    "tgpl_register_validation_rules",
    "tgpl_register_plans",
    "tgpl_province_profile",
)
