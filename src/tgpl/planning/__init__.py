"""Plans as values (``tgpl.planning``): plans, tasks, time frames, targets and their status.

* :mod:`~tgpl.planning.model` — :class:`Plan`, :class:`Task`, :class:`Target`,
  :class:`ProgressNote`, :class:`TaskStatus`, :class:`Measure`;
* :mod:`~tgpl.planning.timeframe` — :func:`parse_time_frame` ("Quý II năm 2024" → dates);
* :mod:`~tgpl.planning.status` — a task's status on a date (the rules, documented there);
* :mod:`~tgpl.planning.loader` — :func:`load_plan` / :func:`read_plan` for ``tgpl.plan/1``
  YAML or JSON files, with precise errors;
* :mod:`~tgpl.planning.schema` — the JSON Schema of a plan file (``docs/schema/plan.json``);
* :mod:`~tgpl.planning.evaluate` — :func:`plan_section`, the plan-versus-actual section
  of a report;
* :func:`plugin_plans` — the plans province plugins ship (hook ``tgpl_register_plans``).

docs/planning.md explains the file format and the status rules.
"""

from tgpl.planning.evaluate import Actuals, plan_section
from tgpl.planning.loader import PlanError, load_plan, plan_from_data, read_plan
from tgpl.planning.model import (
    PLAN_SCHEMA,
    IssueDate,
    Measure,
    Plan,
    ProgressNote,
    Target,
    Task,
    TaskStatus,
)
from tgpl.planning.shipped import (
    describe_plan,
    find_plan,
    plugin_plans,
    resolve_plan,
    unknown_indicators,
)
from tgpl.planning.status import elapsed_share, expected_value, target_status, task_status
from tgpl.planning.timeframe import TimeFrame, TimeFrameError, parse_time_frame

__all__ = [
    "PLAN_SCHEMA",
    "Actuals",
    "IssueDate",
    "Measure",
    "Plan",
    "PlanError",
    "ProgressNote",
    "Target",
    "Task",
    "TaskStatus",
    "TimeFrame",
    "TimeFrameError",
    "describe_plan",
    "elapsed_share",
    "expected_value",
    "find_plan",
    "load_plan",
    "parse_time_frame",
    "plan_from_data",
    "plan_section",
    "plugin_plans",
    "read_plan",
    "resolve_plan",
    "target_status",
    "task_status",
    "unknown_indicators",
]
