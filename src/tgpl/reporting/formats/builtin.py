"""tgpl's own plugin (plugin dựng sẵn): the built-ins registered through the public hooks.

Registered first by :func:`tgpl.reporting.plugins.make_plugin_manager` under the name
``"tgpl"``, exactly like a province plugin — so the checks, the duplicate detection and
``tgpl plugins`` treat built-ins and plugins alike (the datasette ``DEFAULT_PLUGINS``
pattern). It registers the Markdown, JSON and CSV formats (Parquet too, when pyarrow is
installed), every indicator of
:data:`tgpl.reporting.indicators.BUILTIN_INDICATORS`, the rubrics of
:data:`tgpl.rules.scoring.RUBRICS` and the rules of
:data:`tgpl.rules.validation.BUILTIN_RULES`.
"""

from __future__ import annotations

from tgpl.reporting.formats import parquet_format
from tgpl.reporting.formats.csv_format import CSV
from tgpl.reporting.formats.json_format import JSON
from tgpl.reporting.formats.markdown import MARKDOWN
from tgpl.reporting.hookspecs import (
    RegisterFormat,
    RegisterIndicator,
    RegisterRubric,
    RegisterValidationRule,
    hookimpl,
)
from tgpl.reporting.indicators import BUILTIN_INDICATORS
from tgpl.rules.scoring import RUBRICS
from tgpl.rules.validation import BUILTIN_RULES

__all__ = [
    "tgpl_register_formats",
    "tgpl_register_indicators",
    "tgpl_register_rubrics",
    "tgpl_register_validation_rules",
]


@hookimpl
def tgpl_register_formats(register: RegisterFormat) -> None:
    """Markdown, JSON and CSV; Parquet too when pyarrow is installed."""
    for fmt in (MARKDOWN, JSON, CSV):
        register(fmt)
    if parquet_format.available():
        register(parquet_format.PARQUET)


@hookimpl
def tgpl_register_indicators(register: RegisterIndicator) -> None:
    """Every built-in indicator, in documentation order."""
    for indicator in BUILTIN_INDICATORS.values():
        register(indicator)


@hookimpl
def tgpl_register_rubrics(register: RegisterRubric) -> None:
    """The national TT12 rubrics (the provisional 2018 one included, used only when named)."""
    for rubric in RUBRICS.values():
        register(rubric)


@hookimpl
def tgpl_register_validation_rules(register: RegisterValidationRule) -> None:
    """The built-in case validation rules."""
    for rule in BUILTIN_RULES:
        register(rule)
