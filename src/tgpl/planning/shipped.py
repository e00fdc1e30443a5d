"""Plans shipped by plugins (hook ``tgpl_register_plans``), read and checked once per run."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from tgpl.errors import InvalidRecordError, PluginError
from tgpl.planning.loader import PlanError, read_plan
from tgpl.planning.model import Plan
from tgpl.reporting.plugins import Plugins
from tgpl.reporting.quota import QUOTA_CODES

__all__ = ["describe_plan", "find_plan", "plugin_plans", "resolve_plan", "unknown_indicators"]


def _where(problem: InvalidRecordError) -> str:
    line = "" if problem.line is None else f":{problem.line}"
    task = f" task {problem.record_id!r}" if problem.record_id else ""
    return f"{problem.source}{line}:{task} {problem.path}: {problem.message}"


def plugin_plans(plugins: Plugins) -> dict[str, Plan]:
    """Every plan the plugins ship, by plan id.

    A plan file that does not follow ``tgpl.plan/1``, or two plans with the same id, is a
    :class:`~tgpl.errors.PluginError` naming the plugin, the file, line, task and field.
    """
    owners = plugins.plan_file_owners()
    plans: dict[str, Plan] = {}
    plan_owner: dict[str, str] = {}
    for name, path in plugins.plan_files().items():
        owner = owners[name]
        plan, problems = read_plan(name, text=path.read_text(encoding="utf-8"))
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise PluginError(owner, f"invalid plan file {_where(problems[0])}{more}")
        assert plan is not None
        if plan.id in plans:
            raise PluginError(owner, f"plan id {plan.id!r} of {name} is already shipped by {plan_owner[plan.id]}")
        plans[plan.id] = plan
        plan_owner[plan.id] = owner
    return plans


def find_plan(plugins: Plugins, plan_id: str) -> Plan:
    """The shipped plan with ``plan_id``; :class:`KeyError` naming the ids there are."""
    plans = plugin_plans(plugins)
    if plan_id not in plans:
        raise KeyError(f"no plugin ships a plan {plan_id!r}; shipped: {', '.join(sorted(plans)) or '(none)'}")
    return plans[plan_id]


def resolve_plan(ref: str, plugins: Plugins) -> tuple[Plan | None, list[InvalidRecordError]]:
    """The plan ``ref`` names — a plan file, else the id of a plan a plugin ships — with its problems.

    Every target must be bound to an indicator the plugins know (:func:`unknown_indicators`)
    or to a TGV quota indicator (:data:`tgpl.reporting.quota.QUOTA_CODES`).
    A missing or unreadable file raises :class:`OSError`.
    """
    path = Path(ref)
    if path.suffix.lower() in (".yaml", ".yml", ".json") or path.exists():
        plan, problems = read_plan(path)
    else:
        shipped = plugin_plans(plugins)
        if ref not in shipped:
            found = ", ".join(sorted(shipped)) or "(none)"
            raise FileNotFoundError(2, f"no plan file or shipped plan {ref!r} (shipped plans: {found})", ref)
        plan, problems = shipped[ref], []
    if plan is not None:
        # the TGV quota indicators (tgpl.reporting.quota) exist when a profile gives a quota
        problems += unknown_indicators(plan, {*plugins.indicators(), *QUOTA_CODES}, source=ref)
    return (None if problems else plan), problems


def unknown_indicators(plan: Plan, known: Collection[str], *, source: str | None = None) -> list[InvalidRecordError]:
    """One problem per target bound to an indicator code not in ``known``."""
    out: list[InvalidRecordError] = []
    for i, task in enumerate(plan.tasks):
        for j, target in enumerate(task.targets):
            if target.indicator not in known:
                out.append(PlanError(
                    f"indicator {target.indicator!r} is not known (is the plugin that defines it installed?)",
                    record_id=task.id, path=f"$.tasks[{i}].targets[{j}].indicator", source=source,
                ))
    return out


def describe_plan(plan: Plan, labels: Mapping[str, str] | None = None) -> list[str]:
    """The plan and its tasks as lines of Vietnamese text (``tgpl plan check``).

    ``labels``: the Vietnamese label of each indicator code, for the indicators a task is
    followed by (chỉ tiêu theo dõi); a code without a label is printed as written. Targets
    carry their own label. No indicator code is printed when its label is known.
    """
    labels = labels or {}
    out = [plan.title, f"{plan.reference_vi} — thời gian thực hiện: {plan.period.text} ({plan.period.span_vi})"]
    out += [f"Căn cứ: {b}" for b in plan.basis]
    for task in plan.tasks:
        out.append("")
        out.append(f"[{task.id}] {task.text}")
        out.append(f"    Thời gian thực hiện: {task.time_frame.text} ({task.time_frame.span_vi})")
        if task.lead:
            out.append(f"    Đơn vị chủ trì: {'; '.join(task.lead)}")
        if task.partners:
            out.append(f"    Đơn vị phối hợp: {'; '.join(task.partners)}")
        for target in task.targets:
            out.append(f"    Chỉ tiêu: {target.label_vi}: {target.planned_vi}")
        for code in task.indicators:
            out.append(f"    Chỉ tiêu theo dõi: {labels.get(code, code)}")
        for note in task.progress:
            status = f" [{note.status.label_vi}]" if note.status is not None else ""
            out.append(f"    Tiến độ {note.on:%d/%m/%Y}{status}: {note.text}")
    return out
