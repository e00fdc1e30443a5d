"""tgpl — a domain SDK for Vietnam's State legal aid (trợ giúp pháp lý, TGPL).

The public API lives in the subpackages — :mod:`tgpl.domain` (values),
:mod:`tgpl.rules` (the law as dated rules), :mod:`tgpl.reporting` (windows, tallies,
indicators, plugins), :mod:`tgpl.io` (JSON Lines, CSV, JSON Schema), :mod:`tgpl.privacy`,
:mod:`tgpl.testing` — and the most used names are re-exported here.

Re-exports are resolved lazily (PEP 562), so ``import tgpl`` stays fast and imports no
third-party package until a name is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # domain
    "Accepted": "tgpl.domain",
    "Beneficiary": "tgpl.domain",
    "Case": "tgpl.domain",
    "Ended": "tgpl.domain",
    "FileCode": "tgpl.domain",
    "Form": "tgpl.domain",
    "Group": "tgpl.domain",
    "LegalField": "tgpl.domain",
    "Organisation": "tgpl.domain",
    "Provider": "tgpl.domain",
    "ProviderKind": "tgpl.domain",
    "QualityReview": "tgpl.domain",
    "UnitRef": "tgpl.domain",
    "at_vn": "tgpl.domain",
    # lifecycle
    "CaseState": "tgpl.domain.lifecycle",
    "check_history": "tgpl.domain.lifecycle",
    "decide": "tgpl.domain.lifecycle",
    "enabled_commands": "tgpl.domain.lifecycle",
    "initial_state": "tgpl.domain.lifecycle",
    "evolve": "tgpl.domain.lifecycle",
    "replay": "tgpl.domain.lifecycle",
    # rules
    "check_eligibility": "tgpl.rules.eligibility",
    "check_territory": "tgpl.rules.eligibility",
    "deadlines": "tgpl.rules.deadlines",
    "overdue": "tgpl.rules.deadlines",
    "grade_review": "tgpl.rules.scoring",
    "score": "tgpl.rules.scoring",
    "sample_for_evaluation": "tgpl.rules.sampling",
    "validate_case": "tgpl.rules.validation",
    # reporting
    "BUILTIN_INDICATORS": "tgpl.reporting.indicators",
    "Indicator": "tgpl.reporting.indicators",
    "Tally": "tgpl.reporting.tally",
    "Window": "tgpl.reporting.windows",
    "aggregate": "tgpl.reporting.aggregate",
    "compute_indicators": "tgpl.reporting.indicators",
    "hookimpl": "tgpl.reporting.hookspecs",
    "parse_window": "tgpl.reporting.windows",
    # io
    "read_jsonl": "tgpl.io.jsonl",
    "write_jsonl": "tgpl.io.jsonl",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tgpl' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from tgpl.domain import (
        Accepted,
        Beneficiary,
        Case,
        Ended,
        FileCode,
        Form,
        Group,
        LegalField,
        Organisation,
        Provider,
        ProviderKind,
        QualityReview,
        UnitRef,
        at_vn,
    )
    from tgpl.domain.lifecycle import (
        CaseState,
        check_history,
        decide,
        enabled_commands,
        evolve,
        initial_state,
        replay,
    )
    from tgpl.io.jsonl import read_jsonl, write_jsonl
    from tgpl.reporting.aggregate import aggregate
    from tgpl.reporting.hookspecs import hookimpl
    from tgpl.reporting.indicators import BUILTIN_INDICATORS, Indicator, compute_indicators
    from tgpl.reporting.tally import Tally
    from tgpl.reporting.windows import Window, parse_window
    from tgpl.rules.deadlines import deadlines, overdue
    from tgpl.rules.eligibility import check_eligibility, check_territory
    from tgpl.rules.sampling import sample_for_evaluation
    from tgpl.rules.scoring import grade_review, score
    from tgpl.rules.validation import validate_case
