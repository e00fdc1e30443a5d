"""The built-in JSON report (``"schema": "tgpl.report/1"``): for machines and dashboards.

Top-level keys, in order: ``schema``; ``meta`` (window label, Vietnamese description,
dates, regime, units, unit mode, rule-set versions, plugin versions, inputs, counts,
generation time; ``notices``, present only when one applies, e.g. figures resting on provisional rules); ``indicators`` — the flat ``{code: value}`` mapping (``null`` when a
ratio has no denominator or a count is suppressed); ``definitions`` — each indicator's
labels, unit, basis and source; ``suppressed`` — ``{code: marker}`` for hidden counts;
``profile`` — the province profile or ``null``; ``tally`` —
:meth:`~tgpl.reporting.tally.Tally.to_json`, lossless and mergeable, less the per-person
tables (``tgv_litigation``: cases per TGV, :func:`tgpl.reporting.quota.published_tally`),
which a report never publishes. When small-cell
suppression is on, the tally is withheld (``null``): its rows are exactly the small
cells suppression hides. With ``tgpl report --plan``, a ``plan`` key follows ``profile``:
the plan's reference, the status date, and every task with its status and targets
(:func:`plan_to_json`); without a plan the key is absent. Output is deterministic (UTF-8, two-space indent, final newline).
"""

from __future__ import annotations

import json
from typing import Any, Final

from tgpl.reporting.heading import issue_date
from tgpl.reporting.quota import published_tally
from tgpl.reporting.report import PlanSection, Report, ReportFormat

__all__ = ["JSON", "SCHEMA", "plan_to_json", "render_json", "report_to_json"]

#: The schema tag of the JSON report.
SCHEMA: Final = "tgpl.report/1"


def plan_to_json(plan: PlanSection) -> dict[str, Any]:
    """The ``plan`` key of the JSON report: the plan, the status date, tasks and targets."""
    return {
        "id": plan.plan_id,
        "title_vi": plan.title_vi,
        "reference_vi": plan.reference_vi,
        "period_vi": plan.period_vi,
        "basis_vi": list(plan.basis_vi),
        "status_date": plan.status_date.isoformat(),
        "tasks": [
            {
                "id": t.id, "section_vi": t.section_vi, "text_vi": t.text_vi, "lead_vi": t.lead_vi,
                "partners_vi": t.partners_vi, "time_frame_vi": t.time_frame_vi, "status": t.status,
                "status_vi": t.status_vi, "progress_vi": t.progress_vi,
                "targets": [
                    {
                        "indicator": g.indicator, "label_vi": g.label_vi, "planned_vi": g.planned_vi,
                        "value": g.value, "actual_vi": g.actual_vi, "expected_vi": g.expected_vi,
                        "counted_vi": g.counted_vi, "status": g.status, "status_vi": g.status_vi,
                    }
                    for g in t.targets
                ],
                **({"followed": [
                    {"indicator": g.indicator, "label_vi": g.label_vi, "value": g.value, "actual_vi": g.actual_vi,
                     "counted_vi": g.counted_vi}
                    for g in t.followed
                ]} if t.followed else {}),
            }
            for t in plan.tasks
        ],
        "notes_vi": list(plan.notes_vi),
    }


def report_to_json(report: Report) -> dict[str, Any]:
    """The JSON document of ``report`` as a dict (see the module docstring)."""
    meta = report.meta
    window = report.window
    suppressed = meta.suppress_below is not None
    profile = report.profile
    plan = {} if report.plan is None else {"plan": plan_to_json(report.plan)}
    return {
        "schema": SCHEMA,
        "meta": {
            "window": meta.window,
            "window_vi": meta.window_vi,
            "start": window.start.isoformat(),
            "end": window.end.isoformat(),
            "regime": meta.regime,
            "units": list(meta.units),
            "unit_mode": meta.unit_mode,
            "rule_sets": dict(meta.rule_sets),
            "plugins": dict(meta.plugins),
            "inputs": list(meta.inputs),
            "records": meta.records,
            "problems": meta.problems,
            "suppress_below": meta.suppress_below,
            "tgpl_version": meta.tgpl_version,
            "generated_at": meta.generated_at.isoformat(),
            # The date of the place-and-date line (--issued-on; else the generation day in Vietnam).
            "issued_on": issue_date(report).isoformat(),
            **({"notices": list(meta.notices)} if meta.notices else {}),
        },
        "indicators": report.values(),
        "definitions": {
            i.code: {"label_vi": i.label_vi, "label_en": i.label_en, "unit": i.unit, "basis": i.basis, "source": i.source}
            for i in report.indicators
        },
        "suppressed": {i.code: i.suppressed for i in report.indicators if i.suppressed},
        "profile": None if profile is None else {
            "name": profile.name,
            "unit": str(profile.unit),
            "organisation_vi": profile.organisation_vi,
            "version": profile.version,
        },
        **plan,
        "tally": None if suppressed else published_tally(report.tally).to_json(),
    }


def render_json(report: Report) -> bytes:
    """The JSON report as UTF-8 bytes."""
    return (json.dumps(report_to_json(report), ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")


#: The built-in JSON format (``--format json``).
JSON = ReportFormat(
    name="json",
    label_vi="Báo cáo JSON (dữ liệu máy đọc)",
    extension="json",
    media_type="application/json",
    render=render_json,
)
