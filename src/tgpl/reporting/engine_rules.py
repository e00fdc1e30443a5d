"""The validation rules as the bulk engine states them (quy tắc kiểm tra trên đường khối lớn).

Report building refuses a case in which a validation rule finds an error
(:func:`tgpl.reporting.build._validated`). The engine (:mod:`tgpl.reporting.engine`) does not
run the Python rules on every case; instead every rule of :data:`tgpl.rules.validation.BUILTIN_RULES`
has here one :class:`EngineStatement`, of one of three kinds:

``sql``
    a *conservative* SQL predicate over the parsed case ``c``: true when the case **may**
    break the rule. Such a case is not counted by the engine but routed to the precise
    reader and the Python rules, which report it exactly (or count it, if it breaks nothing).
    A predicate may be true for a valid case (it then costs a little time), never false
    for a case the rule finds an error in.
``keyed``
    SQL computes, per case, the facts the rule reads (a *key*: JSON text, or compact text for
    the history; dates reduced to the day the rule uses); Python rebuilds a minimal case from
    each **distinct** key and runs the rule itself on it, once. The cases of a key that gives an error are routed, as above.
``inert``
    the rule cannot give an error during report building (a warning, or a rule that needs
    a reference date, which report building does not pass): nothing to state.

A rule of the registry that is not the built-in rule stated here (a plugin's rule, a rule
added to the built-ins without its statement) makes the engine refuse to run: report
building then reads every record with the Python path (:func:`unknown_rules`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, Literal

from attrs import frozen

from tgpl.domain import DEFAULT_CODE_WORDS, Form, Group, PersonRole, ProcedureRole, ProviderKind
from tgpl.reporting.schema_sql import EVENT_FIELDS
from tgpl.rules.validation import (
    BUILTIN_RULES,
    CLAUSE5_ROLES,
    Severity,
    ValidationContext,
    ValidationRule,
)

__all__ = ["ENGINE_RULES", "EngineStatement", "failing_keys", "keyed_sql", "may_break_sql", "unknown_rules"]


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _list(values: Iterable[str]) -> str:
    return "[" + ", ".join(_q(v) for v in sorted(values)) + "]"


@frozen
class EngineStatement:
    """How the engine states one validation rule (see the module docstring)."""

    code: str
    kind: Literal["sql", "keyed", "inert"]
    sql: str
    why: str = ""


#: An event's instant, comparable across UTC offsets (lines reach here in canonical form).
_TS: Final = "TRY_CAST(e.\"on\" AS TIMESTAMPTZ)"
#: An event's day in Vietnam's civil time (as tgpl.rules.validation._day).
_VN_DAY: Final = ("CASE WHEN suffix(e.\"on\", '+07:00') THEN TRY_CAST(left(e.\"on\", 10) AS DATE) "
                  "ELSE CAST(TRY_CAST(e.\"on\" AS TIMESTAMPTZ) AT TIME ZONE 'UTC' + INTERVAL 7 HOUR AS DATE) END")


def _types(*kinds: str) -> str:
    return "(" + ", ".join(_q(k) for k in kinds) + ")"


def _first(kinds: str) -> str:
    """1-based position of the first event of one of ``kinds`` (a SQL tuple), else a big number."""
    return f"coalesce(list_position(list_transform(c.events, lambda e: e.type IN {kinds}), true), 1000000)"


def _any_event(cond: str) -> str:
    return f"coalesce(list_bool_or(list_transform(c.events, lambda e: {cond})), false)"


def _any_person(cond: str) -> str:
    return f"coalesce(list_bool_or(list_transform(c.beneficiaries, lambda b: {cond})), false)"


_PROVIDER_PAIRS: Final = _list(f"{k.value}|{f.value}" for k in ProviderKind for f in k.allowed_forms)
_ACCUSED: Final = _list(r.value for r in PersonRole if r.is_accused)
_DEFENDED: Final = _list([*(r.value for r in PersonRole if r.is_accused), PersonRole.EMERGENCY_HELD.value])
#: The roles every version of Law Art 7 cl. 5 lists: a person with one of them never breaks CL5.
_CL5_ALWAYS: Final = _list(r.value for r in frozenset.intersection(*(r.roles for r in CLAUSE5_ROLES)))
_REQUEST_DAYS: Final = (f"list_transform(list_filter(c.events, lambda e: e.type IN {_types('request_received', 'accepted')}), "
                        f"lambda e: {_VN_DAY})")

_SQL: Final = {
    "EVENTS_OUT_OF_ORDER": (
        # an inversion exists iff the instants are not sorted
        f"list_transform([list_transform(c.events, lambda e: {_TS})], lambda ts: ts <> list_sort(ts))[1]"),
    "ACCEPTED_BEFORE_REQUEST": (
        # the first request is at most the latest one
        f"coalesce(list_min(list_transform(list_filter(c.events, lambda e: e.type = 'accepted'), lambda e: {_TS}))"
        f" < list_max(list_transform(list_filter(c.events, lambda e: e.type = 'request_received'), lambda e: {_TS})), false)"),
    "PROVIDER_FORM_NOT_ALLOWED": _any_event(
        f"e.type IN {_types('provider_assigned', 'provider_changed')} "
        f"AND NOT list_contains({_PROVIDER_PAIRS}, e.provider_kind || '|' || c.form)"),
    "CL6_WITHOUT_ACCUSED_ROLE": _any_person(
        f"list_contains(coalesce(b.groups, []), {_q(Group.ACCUSED_NEAR_POOR.value)}) "
        f"AND NOT list_contains({_ACCUSED}, coalesce(b.role, {_q(PersonRole.UNKNOWN.value)}))"),
    "CL5_WITHOUT_LISTED_ROLE": _any_person(
        f"list_contains(coalesce(b.groups, []), {_q(Group.JUVENILE_16_18.value)}) "
        f"AND NOT list_contains({_CL5_ALWAYS}, coalesce(b.role, {_q(PersonRole.UNKNOWN.value)}))"),
    "ADVICE_WITHOUT_ACCEPTANCE": f"{_first(_types('advice_given'))} < {_first(_types('accepted'))}",
    "ADVICE_NOT_ADVICE_CASE": (f"c.form <> {_q(Form.ADVICE.value)} AND "
                               + _any_event(f"e.type IN {_types('advice_given', 'advice_deadline_extended')}")),
    "SECOND_END": "len(list_filter(c.events, lambda e: e.type = 'ended')) > 1",
    "APPRAISAL_BEFORE_END": f"{_first(_types('appraisal_recorded', 'evaluation_recorded'))} < {_first(_types('ended'))}",
    "SUCCESS_NOT_LITIGATION": f"c.form <> {_q(Form.LITIGATION.value)} AND " + _any_event("e.type = 'success_assessed'"),
    "SUCCESS_BEFORE_END": f"{_first(_types('success_assessed'))} < {_first(_types('ended'))}",
    "BORN_AFTER_REQUEST": (
        # the request day is one of the request/acceptance days, so at least their minimum
        # (computed once per case, not once per beneficiary)
        f"list_transform([list_min({_REQUEST_DAYS})], lambda r: "
        + _any_person("(b.birth_date IS NOT NULL AND TRY_CAST(b.birth_date AS DATE) > r) "
                      "OR (b.birth_year IS NOT NULL AND TRY_CAST(CAST(b.birth_year AS VARCHAR) AS INTEGER) > year(r))")
        + ")[1]"),
    "DEFENCE_WITHOUT_ACCUSED": (
        f"coalesce(c.role, '') = {_q(ProcedureRole.DEFENCE_COUNSEL.value)} AND NOT "
        + _any_person(f"list_contains({_DEFENDED}, coalesce(b.role, {_q(PersonRole.UNKNOWN.value)}))")),
}

def _programme_sql() -> str:
    """PROGRAMME_NOT_IN_FORCE: a code not in the list, or one whose dates do not hold every
    request and acceptance day (the request day is one of them)."""
    from tgpl.rules.programmes import programmes

    whens = " ".join(
        f"WHEN {_q(p.code)} THEN coalesce(list_min({_REQUEST_DAYS}) < DATE '{p.effective_from.isoformat()}'"
        + (f" OR list_max({_REQUEST_DAYS}) > DATE '{p.effective_to.isoformat()}'" if p.effective_to else "")
        + ", false)"
        for p in programmes())
    return (f"CASE WHEN coalesce(len(c.programmes), 0) = 0 THEN false ELSE "
            f"coalesce(list_bool_or(list_transform(c.programmes, lambda p: CASE p {whens} ELSE true END)), false) END")


_SQL["PROGRAMME_NOT_IN_FORCE"] = _programme_sql()

#: The per-case keys of each keyed rule, as a SQL list over ``c`` (``NULL``: the rule cannot
#: apply); ``STRIP(json)STRIP`` is the JSON text without its null members (a member other than the
#: first: every key starts with the form).
_KEYS: Final = {
    # Law Art 7 eligibility on the request day (as written: eligibility_date uses e.on.date()),
    # for the case's form and field and each beneficiary's facts (not their ids or names), one
    # key per beneficiary. The day is reduced to the first day of the Art 7 version in force
    # (31/12 is kept: an age from a birth year alone changes on it); a birth date to the age on
    # the day, and a birth year to the difference of years, both brought down to the lowest
    # value giving the same age bands (Art 7 compares ages with its bounds only, _age_bounds);
    # proofs to their kinds.
    "BENEFICIARY_NOT_ELIGIBLE": (
        "CASE WHEN list_contains(list_transform(c.events, lambda e: e.type), 'accepted') THEN "
        "list_transform([TRY_CAST(coalesce("
        "list_filter(c.events, lambda e: e.type = 'request_received')[1].\"on\", "
        "list_filter(c.events, lambda e: e.type = 'accepted')[1].\"on\")[:10] AS DATE)], lambda d: "
        "list_transform([CASE WHEN strftime(d, '%m-%d') = '12-31' THEN d ELSE coalesce(list_max(list_filter(RULE_SET_DAYS, lambda p: p <= d)), d) END], "
        "lambda base: list_transform(c.beneficiaries, lambda b: STRIP(to_json({form: c.form, field: c.field, day: base, "
        "age: list_transform([year(d) - year(TRY_CAST(b.birth_date AS DATE)) - CASE WHEN strftime(d, '%m-%d') < strftime(TRY_CAST(b.birth_date AS DATE), '%m-%d') THEN 1 ELSE 0 END], "
        "lambda a: CASE WHEN a < 0 THEN a ELSE BAND(a) END)[1], "
        "years: CASE WHEN b.birth_date IS NULL THEN list_transform([year(d) - TRY_CAST(CAST(b.birth_year AS VARCHAR) AS INTEGER)], lambda y: "
        "CASE WHEN y <= 1 THEN y WHEN strftime(base, '%m-%d') = '12-31' THEN BAND(y) WHEN BAND(y - 1) = BAND(y) THEN BAND(y) + 1 ELSE y END)[1] END, "
        "ethnic_minority: b.ethnic_minority, extreme_difficulty_area: b.extreme_difficulty_area, groups: b.groups, "
        "financial: b.financial, role: b.role, proofs: list_transform(b.proofs, lambda p: {kind: p.kind})}))STRIP))[1])[1] END"),
    # The statutory lifecycle reads the form, the field and the events, and of their dates only
    # their order and the version of the transition table in force (see _history_events).
    # The key is text: the form, the field and one part per event, separated by U+001E; an event's
    # type, moment and each field present ``name U+001D value``, separated by U+001F (see _history_key).
    "ILLEGAL_HISTORY": "[array_to_string(list_concat([c.form, c.field], HISTORY_EVENTS), chr(30))]",
    # QĐ 1179: the form, the field and each assessment's day, criterion, earlier guidance and result.
    "SUCCESS_CRITERION": (
        "CASE WHEN list_contains(list_transform(c.events, lambda e: e.type), 'success_assessed') THEN "
        "[STRIP(to_json({form: c.form, field: c.field, events: list_transform("
        "list_filter(c.events, lambda e: e.type = 'success_assessed'), lambda e: "
        "{type: e.type, \"on\": e.\"on\"[:10] || 'T12:00:00+07:00', successful: e.successful, criterion: e.criterion, legacy_basis: e.legacy_basis})}))STRIP] END"),
}

def _history_events() -> str:
    """The events as the lifecycle (:func:`tgpl.domain.lifecycle.check_history`) reads them.

    Each moment becomes a stand-in that keeps what the lifecycle compares: the order of the
    instants (their dense rank, as seconds) and the period in which the same transition
    rows are in force (the first day of that period, in Vietnam's time). Reviews keep their
    level and trigger (the guards read the level), proofs their kind, a provider id becomes
    the position where it first appears (a guard asks whether a change keeps the same
    provider), and an assessor's name is left out; everything else is kept as written.
    """
    from tgpl.domain.lifecycle import LIFECYCLE_IN_FORCE_FROM, TRANSITIONS

    breaks = sorted({r.effective_from for r in TRANSITIONS}
                    | {r.effective_to + dt.timedelta(days=1) for r in TRANSITIONS if r.effective_to is not None})
    before = LIFECYCLE_IN_FORCE_FROM - dt.timedelta(days=1)
    # the latest break on or before the day, as a CASE (cheaper than filtering a list per event)
    whens = " ".join(f"WHEN d >= DATE '{d.isoformat()}' THEN '{d.isoformat()}'" for d in reversed(breaks))
    period = f"list_transform([{_VN_DAY}], lambda d: CASE {whens} ELSE '{before.isoformat()}' END)[1]"
    # the stand-in is written ``day#rank``; _history_key turns it into the moment rank seconds after the day's midnight
    on = f"{period} || '#' || CAST(x.r[i] AS VARCHAR)"
    special = {"on": on, "assessor": "NULL",
               # free text (a refusal's or a declined change's reason) is not read; a transfer's reason is a code
               "reason": "CASE WHEN e.type = 'transferred' THEN e.reason END",
               "review": "CASE WHEN e.review IS NULL THEN NULL ELSE CAST(to_json({level: e.review.level, trigger: e.review.trigger}) AS VARCHAR) END",
               "proofs": "CAST(to_json(list_transform(e.proofs, lambda p: {kind: p.kind})) AS VARCHAR)",
               # a provider is known by where its id first appears (a guard compares ids)
               "provider_id": "CASE WHEN e.provider_id IS NULL THEN NULL ELSE 'p' || CAST(list_position(x.p, e.provider_id) AS VARCHAR) END"}
    # concat_ws leaves out a NULL part, so only the fields present are written; only the fields of
    # the event's own kind are looked at (a counted line has no other). A line whose strings hold
    # a raw control character is invalid JSON and never reaches here.
    values = ", ".join(["e.type", on, *(f"{_q(name)} || chr(29) || {special.get(name, f'CAST(e.{chr(34)}{name}{chr(34)} AS VARCHAR)')}"
                                       for name in HISTORY_FIELDS[2:])])
    # What every event compares with the others (the dense rank of each instant, the provider
    # ids) is computed once per case: a lambda copies each outer value it reads once per element.
    # The dense rank of an instant is its position among the case's distinct instants, sorted.
    return ("list_transform(list_transform(list_transform([list_transform(c.events, lambda f: TRY_CAST(f.\"on\" AS TIMESTAMPTZ))], "
            "lambda ts: {ts: ts, sd: list_sort(list_distinct(ts))}), lambda y: "
            "{r: list_transform(y.ts, lambda t: list_position(y.sd, t)), "
            "p: list_transform(c.events, lambda f: coalesce(f.provider_id, ''))}), "
            f"lambda x: list_transform(c.events, lambda e, i: concat_ws(chr(31), {values})))[1]")


#: The fields of an event in a history key, in order (:func:`_history_events`).
HISTORY_FIELDS: Final = ("type", *EVENT_FIELDS)
#: Fields of a history key whose text is JSON (the rest are strings).
_JSON_FIELDS: Final = frozenset({"immediate", "total_days", "successful", "upheld", "review", "proofs"})


def _rule_set_days() -> str:
    """The first days of the versions of Law Art 7 (:data:`tgpl.rules.eligibility.RULE_SETS`)."""
    from tgpl.rules.eligibility import RULE_SETS

    days = sorted({r.effective_from for r in RULE_SETS}
                  | {r.effective_to + dt.timedelta(days=1) for r in RULE_SETS if r.effective_to is not None})
    if any((d.month, d.day) == (12, 31) for d in days):  # the reduction relies on it (see _KEYS)
        raise ValueError("a version of Law Art 7 starting on 31 December needs another day reduction")
    return "[" + ", ".join(f"DATE '{d.isoformat()}'" for d in days) + "]"


def _age_bounds() -> list[int]:
    """Every age bound of every version of Law Art 7 (``lo <= age < hi``), with 0."""
    from tgpl.rules import eligibility

    bounds: set[int] = set()
    for rs in (*eligibility.RULE_SETS, eligibility.ART7_2027_FINANCIAL_TEST_KEPT):
        bounds |= set(eligibility._age_representatives(rs.rules))
    bounds.add(0)
    if any(b - a < 2 for a, b in zip(sorted(bounds), sorted(bounds)[1:], strict=False)):
        raise ValueError("an age band of Law Art 7 narrower than two years needs another age reduction")
    return sorted(bounds)


def _banded(sql: str) -> str:
    """``sql`` with each ``BAND(a)`` written out: the lowest age of the band of ``a`` (ages in
    one band are alike for every version of Art 7)."""
    bounds = "[" + ", ".join(map(str, _age_bounds())) + "]"
    return re.sub(r"BAND\(([^()]*)\)", lambda m: f"list_max(list_filter({bounds}, lambda x: x <= {m.group(1)}))", sql)


_INERT: Final = {
    "DATE_AFTER_AS_OF": "runs only with a reference date; report building validates without one",
    "CODE_YEAR_MISMATCH": "a warning: report building stops a case only on an error",
    "ROLE_MISSING": "a warning: report building stops a case only on an error",
}

#: One statement per built-in validation rule.
ENGINE_RULES: Mapping[str, EngineStatement] = MappingProxyType({
    **{code: EngineStatement(code, "sql", sql) for code, sql in _SQL.items()},
    **{code: EngineStatement(code, "keyed", _banded(sql).replace("HISTORY_EVENTS", _history_events())
                             .replace("RULE_SET_DAYS", _rule_set_days()).replace("STRIP(", "regexp_replace(CAST(")
                             .replace(")STRIP", " AS VARCHAR), ',\"[a-z_]+\":null', '', 'g')"))
       for code, sql in _KEYS.items()},
    **{code: EngineStatement(code, "inert", "", why) for code, why in _INERT.items()},
})

_BUILTIN: Final = {r.code: r for r in BUILTIN_RULES}


def unknown_rules(rules: Iterable[ValidationRule]) -> list[str]:
    """The codes of ``rules`` the engine cannot vouch for: not a built-in rule stated in
    :data:`ENGINE_RULES` (the same rule object, so a replaced rule counts as unknown)."""
    return [r.code for r in rules if r.code not in ENGINE_RULES or _BUILTIN.get(r.code) is not r]


def may_break_sql() -> str:
    """The SQL predicate true when a case may break a ``sql`` rule."""
    return "(" + " OR ".join(f"coalesce({s.sql}, true)" for s in ENGINE_RULES.values() if s.kind == "sql") + ")"


def keyed_sql() -> str:
    """The SQL list of ``['rule', rule code, key]`` triples of a case, one per key of each ``keyed`` rule."""
    parts = [f"list_transform(coalesce({s.sql}, []), lambda k: ['rule', {_q(s.code)}, k])"
             for s in ENGINE_RULES.values() if s.kind == "keyed"]
    return "flatten([" + ", ".join(parts) + "])"


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


_DUMMY_DAY: Final = "T12:00:00+07:00"


def _moment(stand_in: str) -> str:
    """The moment of a history key's ``day#rank`` stand-in: ``rank`` seconds after the day's
    midnight, Vietnam's time (the lifecycle compares instants and reads the day's period only)."""
    day, rank = stand_in.split("#")
    minutes, seconds = divmod(int(rank), 60)
    return f"{day}T{minutes // 60:02d}:{minutes % 60:02d}:{seconds:02d}+07:00"


def _history_key(key: str) -> dict[str, Any]:
    """The form, field and events of an ``ILLEGAL_HISTORY`` key (its text: see :func:`_history_events`)."""
    form, field, *parts = key.split("\x1e")
    events = []
    for part in parts:
        kind, on, *fields = part.split("\x1f")
        e: dict[str, Any] = {"type": kind, "on": _moment(on)}
        for f in fields:
            name, value = f.split("\x1d", 1)
            e[name] = json.loads(value) if name in _JSON_FIELDS else value
        if "review" in e:
            e["review"] = {"reviewer": "", "scores": {}, **e["review"]}
        events.append(e)
    return {"form": form, "field": field, "events": events}


def _beneficiary(key: Mapping[str, Any]) -> dict[str, Any]:
    """The one beneficiary of a ``BENEFICIARY_NOT_ELIGIBLE`` key, as JSON."""
    base = dt.date.fromisoformat(key["day"])
    b = {k: v for k, v in key.items() if k not in ("form", "field", "day", "age", "years")}
    if "age" in key:  # born on the base day's month and day, ``age`` years before
        b["birth_date"] = base.replace(year=base.year - key["age"]).isoformat()
    elif "years" in key:
        b["birth_year"] = base.year - key["years"]
    return {"id": "b", **b}


def _case(code: str, key: Mapping[str, Any]) -> Any:
    """A minimal case carrying exactly the facts of ``key`` (what rule ``code`` reads)."""
    from tgpl.io import from_dict

    form = Form(key["form"])
    word = DEFAULT_CODE_WORDS.words[form]
    data: dict[str, Any] = {"schema": "tgpl.case/1", "code": f"X.{word}.1.2020", "organisation": "x",
                            "unit": "2004:06", "form": key["form"], "field": key["field"],
                            "beneficiaries": [{"id": "b"}]}
    if code == "BENEFICIARY_NOT_ELIGIBLE":  # one beneficiary per key
        data["beneficiaries"] = [_beneficiary(key)]
        day = key["day"] + _DUMMY_DAY
        data["events"] = [{"type": "request_received", "on": day}, {"type": "accepted", "on": day}]
    else:
        data["events"] = key["events"]
    return from_dict(data)  # the key's null members are already left out


class _Cases:
    """Builds the minimal case of each key (:func:`_case`) with fewer conversions: the same
    value, since the case is built by the same constructor (``attrs.evolve`` runs the
    validators) from parts structured by the same converter. The part a key shares with
    others is structured once: a history's events (each event of a history key is one
    part of its text, and histories share most of their events), and the header of a
    case — form, field and, for eligibility, the day's request and acceptance events —
    into which each key's own beneficiary or events are put. ``tests/perf/test_engine_rules.py``
    holds the two constructions equal on the keys of a generated register."""

    def __init__(self) -> None:
        self.events: dict[str, Any] = {}
        self.headers: dict[tuple[str, ...], Any] = {}

    def _header(self, code: str, form: str, field: str, day: str | None = None) -> Any:
        at = (code, form, field, day or "")
        header = self.headers.get(at)
        if header is None:
            key: dict[str, Any] = {"form": form, "field": field, "events": []}
            if day is not None:
                key = {"form": form, "field": field, "day": day}
            header = self.headers[at] = _case(code, key)
        return header

    def history(self, key: str) -> Any:
        from attrs import evolve

        from tgpl.domain import Event
        from tgpl.io.converter import CONVERTER

        form, field, *parts = key.split("\x1e")
        events = []
        for part in parts:
            event = self.events.get(part)
            if event is None:
                (data,) = _history_key(f"\x1e\x1e{part}")["events"]
                event = self.events[part] = CONVERTER.structure(data, Event)  # type: ignore[arg-type]
            events.append(event)
        return evolve(self._header("ILLEGAL_HISTORY", form, field), events=tuple(events))

    def eligibility(self, key: Mapping[str, Any]) -> Any:
        from attrs import evolve

        from tgpl.domain import Beneficiary
        from tgpl.io.converter import CONVERTER

        header = self._header("BENEFICIARY_NOT_ELIGIBLE", key["form"], key["field"], key["day"])
        return evolve(header, beneficiaries=(CONVERTER.structure(_beneficiary(key), Beneficiary),))

    def case(self, code: str, key: str) -> Any:
        if code == "ILLEGAL_HISTORY":
            return self.history(key)
        data = _strip(json.loads(key))
        return self.eligibility(data) if code == "BENEFICIARY_NOT_ELIGIBLE" else _case(code, data)


def failing_keys(pairs: Iterable[tuple[str, str]], registry: Iterable[ValidationRule]) -> set[str]:
    """The keys (of ``[rule code, key]`` pairs) on which the rule finds an error; a key that
    cannot be rebuilt into a case fails too (its cases go to the precise reader)."""
    rules = {r.code: r for r in registry}
    bad: set[str] = set()
    cases = _Cases()
    for code, key in pairs:
        rule = rules.get(code)
        if rule is None:
            continue
        try:
            case = cases.case(code, key)
            findings = list(rule.check(case, ValidationContext()))
        except Exception:  # a key the rule cannot judge is routed, never counted
            bad.add(key)
            continue
        if any((f.severity or rule.severity) is Severity.ERROR for f in findings):
            bad.add(key)
    return bad
