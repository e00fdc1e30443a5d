"""Period statistics (``tgpl.reporting``): windows, mergeable tallies, aggregation, indicators.

The pipeline (docs/architecture.md): records → :func:`aggregate` (one pass, several windows) →
one :class:`Tally` per window (a commutative monoid; merge provinces or workers with ``+``)
→ :func:`compute_indicators` (ratios from merged counts, at the end). See
``docs/statistics.md`` for what every indicator counts and why.
"""

from tgpl.reporting.aggregate import (
    Grader,
    UnitMode,
    WindowLike,
    aggregate,
    aggregate_one,
    groups_key,
)
from tgpl.reporting.indicators import (
    BUILTIN_INDICATORS,
    Indicator,
    IndicatorValue,
    compute_indicators,
    percent,
    render_indicator_table,
)
from tgpl.reporting.statforms import BIEU24_COLUMNS, Bieu24Column, PoorMinorityRule, bieu24
from tgpl.reporting.tally import SCHEMA as TALLY_SCHEMA
from tgpl.reporting.tally import SET_TABLES, TABLES, FlowMeasure, Tally, merge
from tgpl.reporting.windows import (
    Regime,
    Window,
    WindowKind,
    half,
    month,
    parse_window,
    quarter,
    year,
)

__all__ = [
    "BIEU24_COLUMNS",
    "BUILTIN_INDICATORS",
    "SET_TABLES",
    "TABLES",
    "TALLY_SCHEMA",
    "Bieu24Column",
    "FlowMeasure",
    "Grader",
    "Indicator",
    "IndicatorValue",
    "PoorMinorityRule",
    "Regime",
    "Tally",
    "UnitMode",
    "Window",
    "WindowKind",
    "WindowLike",
    "aggregate",
    "aggregate_one",
    "bieu24",
    "compute_indicators",
    "groups_key",
    "half",
    "merge",
    "month",
    "parse_window",
    "percent",
    "quarter",
    "render_indicator_table",
    "year",
]
