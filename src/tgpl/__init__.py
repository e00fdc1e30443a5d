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
    "HearingAttended": "tgpl.domain",
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
    # the application API and the store (tgpl.api gathers them)
    "Activity": "tgpl.domain",
    "AdviceDeadlineExtended": "tgpl.domain",
    "AdviceGiven": "tgpl.domain",
    "Applied": "tgpl.api",
    "apply": "tgpl.api",
    "AppraisalRecorded": "tgpl.domain",
    "Archived": "tgpl.domain",
    "build_report": "tgpl.reporting.build",
    "CaseStage": "tgpl.domain.lifecycle",
    "ChangeGround": "tgpl.domain",
    "ComplaintDecided": "tgpl.domain",
    "ComplaintLevel": "tgpl.domain",
    "ComplaintLodged": "tgpl.domain",
    "ComplaintSubject": "tgpl.domain",
    "ConcurrencyError": "tgpl.errors",
    "CouncilActivity": "tgpl.domain",
    "Deadline": "tgpl.rules.deadlines",
    "DEFAULT_CODE_WORDS": "tgpl.domain",
    "DutyShift": "tgpl.domain",
    "EndKind": "tgpl.domain",
    "EvaluationRecorded": "tgpl.domain",
    "Event": "tgpl.domain",
    "EventBase": "tgpl.domain",
    "EventStore": "tgpl.store",
    "FileHandedOver": "tgpl.domain",
    "FinancialBasis": "tgpl.domain",
    "FormCodeWords": "tgpl.domain",
    "Grade": "tgpl.domain",
    "ImmediateReason": "tgpl.domain",
    "InvalidRecordError": "tgpl.errors",
    "LifecycleError": "tgpl.errors",
    "load_plugins": "tgpl.reporting.plugins",
    "Matter": "tgpl.rules.eligibility",
    "MobileTrip": "tgpl.domain",
    "NotContinuedGround": "tgpl.domain",
    "open_store": "tgpl.store",
    "OrgKind": "tgpl.domain",
    "OutreachSession": "tgpl.domain",
    "PersonRole": "tgpl.domain",
    "ProcedureRole": "tgpl.domain",
    "Proof": "tgpl.domain",
    "ProofKind": "tgpl.domain",
    "ProofSupplied": "tgpl.domain",
    "ProviderAssigned": "tgpl.domain",
    "ProviderChanged": "tgpl.domain",
    "ProviderChangeDeclined": "tgpl.domain",
    "ProviderChangeRequested": "tgpl.domain",
    "Reception": "tgpl.domain",
    "Refusal": "tgpl.domain.lifecycle",
    "RefusalGround": "tgpl.domain",
    "RefusalReason": "tgpl.domain.lifecycle",
    "Refused": "tgpl.domain",
    "RegistrationRefusal": "tgpl.domain",
    "RegistrationRefused": "tgpl.domain",
    "Request": "tgpl.store",
    "RequestReceived": "tgpl.domain",
    "RequestSource": "tgpl.domain",
    "ReviewerLevel": "tgpl.domain",
    "Sex": "tgpl.domain",
    "SimpleAnswer": "tgpl.domain",
    "Status": "tgpl.rules.deadlines",
    "StoredStream": "tgpl.store",
    "StoreError": "tgpl.errors",
    "StreamRef": "tgpl.store",
    "structure": "tgpl.io.converter",
    "SuccessAssessed": "tgpl.domain",
    "SuccessGroup": "tgpl.domain",
    "TargetGroup": "tgpl.domain",
    "TgplError": "tgpl.errors",
    "Training": "tgpl.domain",
    "TransferReason": "tgpl.domain",
    "Transferred": "tgpl.domain",
    "Tri": "tgpl.domain",
    "Trigger": "tgpl.domain",
    "Unit": "tgpl.domain",
    "UnitScheme": "tgpl.domain",
    "unstructure": "tgpl.io.converter",
    "VN_TZ": "tgpl.domain",
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
    from tgpl.api import Applied, apply
    from tgpl.domain import (
        DEFAULT_CODE_WORDS,
        VN_TZ,
        Accepted,
        Activity,
        AdviceDeadlineExtended,
        AdviceGiven,
        AppraisalRecorded,
        Archived,
        Beneficiary,
        Case,
        ChangeGround,
        ComplaintDecided,
        ComplaintLevel,
        ComplaintLodged,
        ComplaintSubject,
        CouncilActivity,
        DutyShift,
        Ended,
        EndKind,
        EvaluationRecorded,
        Event,
        EventBase,
        FileCode,
        FileHandedOver,
        FinancialBasis,
        Form,
        FormCodeWords,
        Grade,
        Group,
        HearingAttended,
        ImmediateReason,
        LegalField,
        MobileTrip,
        NotContinuedGround,
        Organisation,
        OrgKind,
        OutreachSession,
        PersonRole,
        ProcedureRole,
        Proof,
        ProofKind,
        ProofSupplied,
        Provider,
        ProviderAssigned,
        ProviderChanged,
        ProviderChangeDeclined,
        ProviderChangeRequested,
        ProviderKind,
        QualityReview,
        Reception,
        RefusalGround,
        Refused,
        RegistrationRefusal,
        RegistrationRefused,
        RequestReceived,
        RequestSource,
        ReviewerLevel,
        Sex,
        SimpleAnswer,
        SuccessAssessed,
        SuccessGroup,
        TargetGroup,
        Training,
        TransferReason,
        Transferred,
        Tri,
        Trigger,
        Unit,
        UnitRef,
        UnitScheme,
        at_vn,
    )
    from tgpl.domain.lifecycle import (
        CaseStage,
        CaseState,
        Refusal,
        RefusalReason,
        check_history,
        decide,
        enabled_commands,
        evolve,
        initial_state,
        replay,
    )
    from tgpl.errors import (
        ConcurrencyError,
        InvalidRecordError,
        LifecycleError,
        StoreError,
        TgplError,
    )
    from tgpl.io.converter import structure, unstructure
    from tgpl.io.jsonl import read_jsonl, write_jsonl
    from tgpl.reporting.aggregate import aggregate
    from tgpl.reporting.build import build_report
    from tgpl.reporting.hookspecs import hookimpl
    from tgpl.reporting.indicators import BUILTIN_INDICATORS, Indicator, compute_indicators
    from tgpl.reporting.plugins import load_plugins
    from tgpl.reporting.tally import Tally
    from tgpl.reporting.windows import Window, parse_window
    from tgpl.rules.deadlines import Deadline, Status, deadlines, overdue
    from tgpl.rules.eligibility import Matter, check_eligibility, check_territory
    from tgpl.rules.sampling import sample_for_evaluation
    from tgpl.rules.scoring import grade_review, score
    from tgpl.rules.validation import validate_case
    from tgpl.store import EventStore, Request, StoredStream, StreamRef, open_store
