"""Reading plan files (tệp kế hoạch): YAML or JSON with the schema tag ``tgpl.plan/1``.

:func:`read_plan` checks a whole file and returns the plan with **every** problem found,
each an :class:`~tgpl.errors.InvalidRecordError` naming the file, the line (from the YAML
node; JSON files are read as the YAML 1.1 they also are, to find the line, then with
:mod:`json` for the values), the task (its ``id``, as the record id) and the field path
(``$.tasks[3].targets[0].from``) — the same shape as the record reader's errors.
:func:`load_plan` raises the first problem instead. The file format is documented in
docs/planning.md and published as a JSON Schema (:mod:`tgpl.planning.schema`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from tgpl.domain import UnitRef
from tgpl.errors import InvalidRecordError, TgplError
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
from tgpl.planning.timeframe import TimeFrame, TimeFrameError, parse_time_frame

if TYPE_CHECKING:
    import yaml

__all__ = ["PlanError", "load_plan", "plan_from_data", "read_plan"]

_PLAN_KEYS: Final = frozenset(
    {"schema", "id", "title", "issuer", "number", "issued", "unit", "period", "basis", "source", "note", "tasks"}
)
_TASK_KEYS: Final = frozenset(
    {"id", "section", "text", "lead", "partners", "time_frame", "targets", "progress", "note", "indicators"}
)
_TARGET_KEYS: Final = frozenset(
    {"indicator", "label", "exactly", "from", "to", "at_least", "at_most", "unit", "measure", "quote"}
)
_NOTE_KEYS: Final = frozenset({"date", "note", "status"})
_ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_INDICATOR: Final = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)*")
_ISSUED: Final = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_NOTE_STATUSES: Final = (TaskStatus.ON_TRACK, TaskStatus.BEHIND, TaskStatus.MET, TaskStatus.MISSED)


class PlanError(InvalidRecordError):
    """A plan file (or a plan a plugin ships) that does not follow ``tgpl.plan/1``."""


def _loader() -> type[yaml.SafeLoader]:
    """libyaml's safe loader when PyYAML was built with it (10× faster), else the Python one.

    PyYAML is imported here, not at module import, so ``import tgpl.planning`` stays cheap.
    """
    import yaml

    fast: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)
    return fast if fast is not None else yaml.SafeLoader


def _lines(text: str) -> dict[str, int]:
    """``{"$.tasks[0].text": 12, …}``: the 1-based line of every node, when the text parses as YAML."""
    import yaml

    out: dict[str, int] = {}
    try:
        root = yaml.compose(text, Loader=_loader())
    except yaml.YAMLError:
        return out

    def walk(node: yaml.Node, path: str) -> None:
        out[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = str(key.value)
                out[f"{path}.{name}"] = key.start_mark.line + 1
                walk(value, f"{path}.{name}")
                out[f"{path}.{name}"] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, f"{path}[{i}]")

    if root is not None:
        walk(root, "$")
    return out


class _Checker:
    """Turns parsed data into a :class:`Plan`, collecting every problem."""

    def __init__(self, source: str | None, lines: Mapping[str, int]) -> None:
        self.source = source
        self.lines = lines
        self.problems: list[InvalidRecordError] = []
        self.record: str | None = None

    def bad(self, path: str, message: str) -> None:
        line = self.lines.get(path)
        probe = path
        while line is None and ("." in probe or "[" in probe):
            probe = probe[: max(probe.rfind("."), probe.rfind("["))]
            line = self.lines.get(probe)
        self.problems.append(PlanError(message, record_id=self.record, path=path, line=line, source=self.source))

    def keys(self, data: Mapping[str, Any], allowed: frozenset[str], path: str) -> None:
        for key in data:
            if key not in allowed:
                self.bad(f"{path}.{key}", f"unknown field {key!r}; allowed: {', '.join(sorted(allowed))}")

    def text(self, data: Mapping[str, Any], key: str, path: str, *, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.bad(f"{path}.{key}", f"{key!r} is required (non-empty text)")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.bad(f"{path}.{key}", f"{key!r} must be {'non-empty ' if required else ''}text, got {value!r}")
            return ""
        return value.strip()

    def texts(self, data: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.bad(f"{path}.{key}", f"{key!r} must be a list of non-empty texts")
            return ()
        return tuple(v.strip() for v in value)

    def number(self, data: Mapping[str, Any], key: str, path: str) -> float | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value or value < 0:
            self.bad(f"{path}.{key}", f"{key!r} must be a non-negative number, got {value!r}")
            return None
        return float(value)

    def date(self, value: object, path: str) -> dt.date | None:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.bad(path, f"must be a date YYYY-MM-DD, got {value!r}")
        return None

    # -- the parts -------------------------------------------------------------------

    def plan(self, data: object) -> Plan | None:
        if not isinstance(data, dict):
            self.bad("$", f"a plan file holds one mapping (schema, id, title, …), got {type(data).__name__}")
            return None
        raw_id = data.get("id")
        self.record = raw_id if isinstance(raw_id, str) and raw_id.strip() else None
        if data.get("schema") != PLAN_SCHEMA:
            self.bad("$.schema", f"schema must be {PLAN_SCHEMA!r}, got {data.get('schema')!r}")
        self.keys(data, _PLAN_KEYS, "$")
        plan_id = self.text(data, "id", "$", required=True)
        if plan_id and not _ID.fullmatch(plan_id):
            self.bad("$.id", f"id {plan_id!r} must be letters, digits, '.', '_' or '-' (e.g. 'bac-giang-2024')")
        title = self.text(data, "title", "$", required=True)
        issuer = self.text(data, "issuer", "$", required=True)
        number = self.text(data, "number", "$")
        issued = self.issued(data.get("issued"))
        unit = None
        if data.get("unit") is not None:
            try:
                unit = UnitRef.parse(str(data["unit"]))
            except (TgplError, ValueError) as exc:
                self.bad("$.unit", f"unit {data['unit']!r} is not a unit code like '2004:24': {exc}")
        period = None
        period_text = self.text(data, "period", "$", required=True)
        if period_text:
            try:
                period = parse_time_frame(period_text)
            except TimeFrameError as exc:
                self.bad("$.period", str(exc))
        tasks_data = data.get("tasks")
        tasks: list[Task] = []
        if not isinstance(tasks_data, list) or not tasks_data:
            self.bad("$.tasks", "'tasks' must be a non-empty list")
        else:
            seen: set[str] = set()
            for i, item in enumerate(tasks_data):
                task = self.task(item, f"$.tasks[{i}]", period)
                if task is None:
                    continue
                if task.id in seen:
                    self.record = task.id
                    self.bad(f"$.tasks[{i}].id", f"task id {task.id!r} appears twice")
                seen.add(task.id)
                tasks.append(task)
        self.record = plan_id or None
        if self.problems or period is None:
            return None
        return Plan(
            id=plan_id, title=title, issuer=issuer, period=period, tasks=tuple(tasks), number=number,
            issued=issued, unit=unit, basis=self.texts(data, "basis", "$"),
            source=self.text(data, "source", "$"), note=self.text(data, "note", "$"),
        )

    def issued(self, value: object) -> IssueDate | None:
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return IssueDate(value.year, value.month, value.day)
        m = _ISSUED.fullmatch(str(value).strip()) if isinstance(value, str) else None
        if m is not None:
            try:
                return IssueDate(int(m[1]), int(m[2]), None if m[3] is None else int(m[3]))
            except ValueError:
                pass
        self.bad("$.issued", f"'issued' must be YYYY-MM-DD, or YYYY-MM when the day is blank, got {value!r}")
        return None

    def task(self, data: object, path: str, period: TimeFrame | None) -> Task | None:
        if not isinstance(data, dict):
            self.bad(path, f"a task is a mapping (id, text, time_frame, …), got {type(data).__name__}")
            return None
        before = len(self.problems)
        raw_id = data.get("id")
        task_id = str(raw_id).strip() if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else ""
        self.record = task_id or None
        if not task_id or not _ID.fullmatch(task_id):
            self.bad(f"{path}.id", f"a task needs an id of letters, digits, '.', '_' or '-' (e.g. 'II.3.c'), got {raw_id!r}")
        self.keys(data, _TASK_KEYS, path)
        text = self.text(data, "text", path, required=True)
        frame = None
        frame_text = self.text(data, "time_frame", path, required=True)
        if frame_text:
            try:
                frame = parse_time_frame(frame_text)
            except TimeFrameError as exc:
                self.bad(f"{path}.time_frame", str(exc))
        if frame is not None and period is not None and not (period.start <= frame.start and frame.end <= period.end):
            self.bad(f"{path}.time_frame", f"time frame {frame.text!r} lies outside the plan period {period.text!r}")
        targets: list[Target] = []
        raw_targets = data.get("targets", [])
        if not isinstance(raw_targets, list):
            self.bad(f"{path}.targets", "'targets' must be a list")
        else:
            for j, item in enumerate(raw_targets):
                target = self.target(item, f"{path}.targets[{j}]")
                if target is not None:
                    targets.append(target)
        notes: list[ProgressNote] = []
        raw_notes = data.get("progress", [])
        if not isinstance(raw_notes, list):
            self.bad(f"{path}.progress", "'progress' must be a list")
        else:
            for j, item in enumerate(raw_notes):
                note = self.note(item, f"{path}.progress[{j}]")
                if note is not None:
                    notes.append(note)
        followed = self.texts(data, "indicators", path)
        for j, code in enumerate(followed):
            if not _INDICATOR.fullmatch(code):
                self.bad(f"{path}.indicators[{j}]", f"indicator code {code!r} must be dotted lower-case words (e.g. 'mobile.trips')")
        if len(self.problems) > before or frame is None:
            return None
        return Task(
            id=task_id, text=text, time_frame=frame, section=self.text(data, "section", path),
            lead=self.texts(data, "lead", path), partners=self.texts(data, "partners", path),
            targets=tuple(targets), progress=tuple(notes), note=self.text(data, "note", path),
            indicators=followed,
        )

    def target(self, data: object, path: str) -> Target | None:
        if not isinstance(data, dict):
            self.bad(path, f"a target is a mapping (indicator, label, from/to, …), got {type(data).__name__}")
            return None
        before = len(self.problems)
        self.keys(data, _TARGET_KEYS, path)
        code = self.text(data, "indicator", path, required=True)
        if code and not _INDICATOR.fullmatch(code):
            self.bad(f"{path}.indicator", f"indicator code {code!r} must be dotted lower-case words (e.g. 'mobile.trips')")
        label = self.text(data, "label", path, required=True)
        given = [k for k in ("exactly", "from", "to", "at_least", "at_most") if data.get(k) is not None]
        values = {k: self.number(data, k, path) for k in given}
        lo: float | None = None
        hi: float | None = None
        if given == ["exactly"]:
            lo = hi = values["exactly"]
        elif sorted(given) == ["from", "to"]:
            lo, hi = values["from"], values["to"]
            if lo is not None and hi is not None and hi < lo:
                self.bad(f"{path}.to", f"'to' ({hi:g}) is below 'from' ({lo:g})")
        elif given in (["at_least"], ["at_most"]):
            lo, hi = values.get("at_least"), values.get("at_most")
        else:
            self.bad(path, "a target gives exactly one of: 'exactly'; 'from' and 'to'; 'at_least'; 'at_most'"
                     + (f" (got {', '.join(given)})" if given else ""))
        unit = self.text(data, "unit", path)
        measure = Measure.COUNT
        raw_measure = data.get("measure", "count")
        try:
            measure = Measure(raw_measure)
        except ValueError:
            self.bad(f"{path}.measure", f"measure must be 'count' or 'share', got {raw_measure!r}")
        if unit == "%" and measure is not Measure.SHARE:
            self.bad(f"{path}.measure", "a target in '%' is a share: write measure: share")
        if len(self.problems) > before:
            return None
        return Target(code, label, lo, hi, unit, measure, self.text(data, "quote", path))

    def note(self, data: object, path: str) -> ProgressNote | None:
        if not isinstance(data, dict):
            self.bad(path, f"a progress note is a mapping (date, note, status), got {type(data).__name__}")
            return None
        before = len(self.problems)
        self.keys(data, _NOTE_KEYS, path)
        on = self.date(data.get("date"), f"{path}.date")
        text = self.text(data, "note", path, required=True)
        status = None
        if data.get("status") is not None:
            try:
                status = TaskStatus(data["status"])
            except ValueError:
                status = None
            if status not in _NOTE_STATUSES:
                self.bad(f"{path}.status", f"status must be one of {', '.join(s.value for s in _NOTE_STATUSES)}, got {data['status']!r}")
        if len(self.problems) > before or on is None:
            return None
        return ProgressNote(on, text, status)


def plan_from_data(
    data: object, *, source: str | None = None, lines: Mapping[str, int] | None = None
) -> tuple[Plan | None, list[InvalidRecordError]]:
    """The plan in already parsed ``data`` (a dict as YAML or JSON gives it) and every problem."""
    checker = _Checker(source, lines or {})
    plan = checker.plan(data)
    return plan, checker.problems


def _parse(text: str, source: str, suffix: str,
           error: type[InvalidRecordError] = PlanError) -> tuple[object, list[InvalidRecordError]]:
    """The data of a YAML or JSON file (``suffix``), or its one ``error`` (plans, quota files)."""
    import yaml

    try:
        if suffix == ".json":
            return json.loads(text), []
        return yaml.load(text, Loader=_loader()), []  # a safe loader: plain data only
    except json.JSONDecodeError as exc:
        return None, [error(f"not valid JSON: {exc.msg}", path="$", line=exc.lineno, source=source)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [error(f"not valid YAML: {problem}", path="$", line=line, source=source)]


def read_document(path: str | Path, text: str | None, error: type[InvalidRecordError],
                  what: str) -> tuple[object, dict[str, int], list[InvalidRecordError]]:
    """A hand-written YAML or JSON file (a plan, a TGV quota file): ``(data, line of every
    node, problems)``; ``what`` names the file in the suffix problem (``"a plan file"``).
    ``text`` gives the content instead of reading ``path``. An unreadable file raises :class:`OSError`."""
    p = Path(path)
    source = str(path)
    suffix = p.suffix.lower()
    if suffix not in (".yaml", ".yml", ".json"):
        return None, {}, [error(f"{what} ends in .yaml, .yml or .json, not {p.suffix or '(none)'!r}", source=source)]
    content = p.read_text(encoding="utf-8") if text is None else text
    data, problems = _parse(content, source, suffix, error)
    return data, ({} if problems else _lines(content)), problems


def first_problem(problems: Sequence[InvalidRecordError], note: str) -> InvalidRecordError:
    """The first of ``problems``, noting how many others there are (``note`` follows the count)."""
    first = problems[0]
    if len(problems) > 1:
        first.add_note(f"{len(problems) - 1} more problem(s) in {note}")
    return first


def read_plan(path: str | Path, *, text: str | None = None) -> tuple[Plan | None, list[InvalidRecordError]]:
    """Read and check the plan file ``path`` (``.yaml``/``.yml``/``.json``); every problem is returned.

    ``text`` gives the content instead of reading ``path`` (a plan shipped inside a plugin).
    An unreadable file raises :class:`OSError`.
    """
    data, lines, problems = read_document(path, text, PlanError, "a plan file")
    if problems:
        return None, problems
    return plan_from_data(data, source=str(path), lines=lines)


def load_plan(path: str | Path, *, text: str | None = None) -> Plan:
    """:func:`read_plan`, raising its first problem (with the count of the others as a note)."""
    plan, problems = read_plan(path, text=text)
    if problems:
        raise first_problem(problems, f"{path}; run: tgpl plan check {path}")
    assert plan is not None
    return plan
