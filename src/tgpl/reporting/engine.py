"""The bulk path (đường tổng hợp khối lớn): JSON Lines files → tallies on DuckDB.

One SQL statement reads every line of every input once and, on DuckDB's threads:

1. **reads** each line as raw text and parses it into the case structure generated from the
   attrs types (:mod:`tgpl.reporting.schema_sql`);
2. **checks** it: every type and code list (generated), the constructor rules of the
   domain classes and the consistency checks of :func:`tgpl.reporting.aggregate` (written
   below, section by section), and the *shape signature* — the same numbers of keys,
   strings, arrays and objects in the raw line as in the parsed values. A line that fails,
   or that the engine cannot vouch for (an activity, a backslash escape, a line longer than
   9,999 bytes, a moment not in canonical form, invalid JSON…), is **doubtful**: the engine
   does not count it and hands it to the precise reader (:func:`tgpl.io.read_jsonl`), which
   either reports it exactly (file, line, record id, field path) or reads it as a valid
   record that is then counted by the Python fold. So the engine changes speed, never a
   result: every valid record is counted once, every invalid one is reported;
3. **finds duplicates** in the same pass: the duplicate identity of every line (see
   :data:`IDENTITY_SQL`) is counted; every line of an identity seen twice goes to the
   precise reader, which keeps the first and reports the others;
4. **folds** each valid case into tally keys for every window (:data:`FOLD_SQL`, which
   reads side by side with :func:`tgpl.reporting.aggregate._add_case`, the definition),
   and counts the keys.

Given the validation rules (``rules=``, as report building does), the statement also
applies them (:mod:`tgpl.reporting.engine_rules`): a case that may break a rule stated in
SQL is routed like a doubtful line, and the keys of the rules judged in Python are counted
in the same pass, each distinct key judged once, its cases taken back when it fails.

Review grades are not computed in SQL: the engine groups the latest appraisal or
evaluation of each case and window by what its grade depends on (the review's scores,
inapplicable criteria, Art 6 flag, rubric name, level and trigger, the case form and the
period in which the same rubrics are in force) and the grader of the caller
(:func:`tgpl.rules.scoring.grade_review` by default) grades each group once. A group that
cannot be graded sends its cases to the precise reader, which reports the error.

DuckDB is an optional dependency (extra ``fast``): without it, :func:`available` is
false and :func:`tgpl.reporting.build_report` reads every record with :mod:`tgpl.io`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from attrs import frozen

from tgpl.domain import (
    DEFAULT_CODE_WORDS,
    IDENTITY_TRIM,
    Beneficiary,
    Case,
    EndKind,
    Form,
    ProviderKind,
    QualityReview,
    RequestChannel,
    RequestSource,
    UnitRef,
    to_scheme_2025,
)
from tgpl.errors import InvalidRecordError, RuleNotInForceError
from tgpl.reporting import plancounts, schema_sql
from tgpl.reporting.aggregate import LEGACY, UNASSIGNED, UNGRADED, Grader, UnitMode, WindowLike
from tgpl.reporting.tally import (
    ENDED_MEASURE,
    NO_ROLE,
    TGV_COMPLETED,
    TGV_HANDLED,
    UNKNOWN,
    FlowMeasure,
    Key,
    Tally,
)
from tgpl.rules.validation import ValidationRule

__all__ = ["IDENTITY_SQL", "EngineResult", "Routed", "aggregate_files", "available", "hint"]

_BOM: Final = "\ufeff"


def available() -> bool:
    """True when DuckDB (extra ``fast``) can be imported."""
    import importlib.util

    return importlib.util.find_spec("duckdb") is not None


def hint() -> str:
    """The one-line hint printed when the engine is missing."""
    return ("tgpl: DuckDB chưa được cài, dùng đường đọc từng bản ghi (chậm hơn); "
            "cài bằng: pip install 'tgpl[fast]'")


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _list(values: Iterable[str]) -> str:
    return "[" + ", ".join(_q(v) for v in values) + "]"


def _identity_words() -> str:
    """The form words of file codes in SQL, each mapped to its canonical spelling (``DDNTT`` → ``ĐDNTT``)."""
    words = {**{w: w for w in DEFAULT_CODE_WORDS.words.values()},
             **{w: DEFAULT_CODE_WORDS.word(f) for w, f in DEFAULT_CODE_WORDS.aliases.items()}}
    return "MAP {" + ", ".join(f"{_q(w)}: {_q(c)}" for w, c in sorted(words.items())) + "}"


#: The duplicate-detection identity of a case in SQL, over its ``organisation`` field
#: (``{org}``) and the text of its file code (``{code}``): exactly
#: :func:`tgpl.domain.case_identity` — each part in Unicode NFC, trimmed of
#: :data:`tgpl.domain.case.IDENTITY_TRIM`, the organisation and the code's organisation part
#: lower-cased (simple mapping, ``İ`` → ``i``) and put in NFC again; the code written back
#: canonically (the form word's canonical spelling, the sequence as a number of at least two
#: digits). Two lines with the same identity are the same case read twice. Kept in this one
#: place; ``tests/perf/test_engine.py`` holds it equal to the Python rule.
IDENTITY_SQL: Final = (
    "nfc_normalize(lower(replace(nfc_normalize(trim({org}, " + _q(IDENTITY_TRIM) + ")), 'İ', 'i')))"
    " || chr(31) || list_transform([nfc_normalize(trim({code}, " + _q(IDENTITY_TRIM) + "))], lambda x: "
    "nfc_normalize(lower(replace(split_part(x, '.', 1), 'İ', 'i'))) || '.' || "
    "coalesce(map_extract(" + _identity_words() + ", split_part(x, '.', 2))[1], split_part(x, '.', 2)) || '.' || "
    "coalesce(CASE WHEN TRY_CAST(split_part(x, '.', 3) AS BIGINT) < 10 THEN '0' ELSE '' END"
    " || CAST(TRY_CAST(split_part(x, '.', 3) AS BIGINT) AS VARCHAR), split_part(x, '.', 3)) || '.' || "
    "split_part(x, '.', 4))[1]"
)


def identity_sql(org: str, code: str) -> str:
    """:data:`IDENTITY_SQL` applied to the SQL expressions ``org`` and ``code``."""
    return IDENTITY_SQL.replace("{org}", org).replace("{code}", code)


def _default(cls: type[Any], name: str) -> str:
    import attrs

    value = attrs.fields_dict(cls)[name].default
    return _q(str(getattr(value, "value", value)))


# -- checks that are code, not types (beside the constructors they mirror) --------------------

_CODE_WORDS: Final = {**{w: f.value for f, w in DEFAULT_CODE_WORDS.words.items()},
                      **{w: f.value for w, f in DEFAULT_CODE_WORDS.aliases.items()}}
_CODE_RE: Final = r"([!-\-/-~]+)\.([^.\s]+)\.([0-9]{1,6})\.([0-9]{4})"

RULES_SQL: Final = f"""
    -- FileCode.parse (TT12 Art 11 cl. 1): <org>.<form>.<seq>.<year>, org in plain ASCII here
    regexp_full_match(c.code, '{_CODE_RE}')
    AND map_extract(MAP {{{", ".join(f"{_q(w)}: {_q(f)}" for w, f in _CODE_WORDS.items())}}},
                    regexp_extract(c.code, '{_CODE_RE}', 2))[1] = c.form
    AND TRY_CAST(regexp_extract(c.code, '{_CODE_RE}', 3) AS INTEGER) >= 1
    AND TRY_CAST(regexp_extract(c.code, '{_CODE_RE}', 4) AS INTEGER) BETWEEN 2000 AND 2200
    -- Case.__attrs_post_init__: a procedural role only for litigation
    AND (c.role IS NULL OR c.form = {_q(Form.LITIGATION.value)})
    -- Case.__attrs_post_init__: an online service level only for the online public service channel
    AND (c.online_level IS NULL OR c.channel = {_q(RequestChannel.ONLINE_PUBLIC_SERVICE.value)})
    -- Case.__attrs_post_init__: a duty shift only for a request received on court or investigation duty
    AND (c.duty_shift IS NULL OR coalesce(c.source, {_default(Case, "source")}) IN ({_q(RequestSource.COURT_DUTY.value)}, {_q(RequestSource.INVESTIGATION_DUTY.value)}))
    -- Case.beneficiaries validator: at least one, ids unique
    AND len(c.beneficiaries) >= 1
    AND len(list_distinct(list_transform(c.beneficiaries, lambda b: b.id))) = len(c.beneficiaries)
    -- Beneficiary.birth_year validator: plausible, and the year of birth_date
    AND coalesce(list_bool_and(list_transform(c.beneficiaries, lambda b: b.birth_year IS NULL OR (
        CAST(b.birth_year AS VARCHAR) BETWEEN '1880' AND '2200' AND strlen(CAST(b.birth_year AS VARCHAR)) = 4
        AND (b.birth_date IS NULL OR left(b.birth_date, 4) = CAST(b.birth_year AS VARCHAR))))), true)
    AND coalesce(list_bool_and(list_transform(c.events, lambda e:
        -- Accepted.__attrs_post_init__: immediate acceptance ⇔ its reason
        (e.type <> 'accepted' OR (coalesce(CAST(e.immediate AS VARCHAR), 'false') = 'true') = (e.immediate_reason IS NOT NULL))
        -- Ended.__attrs_post_init__: not continued ⇔ its ground
        AND (e.type <> 'ended' OR (e.outcome = {_q(EndKind.NOT_CONTINUED.value)}) = (e.ground IS NOT NULL))
        -- SuccessAssessed.__attrs_post_init__: a success names its criterion (one of TC01…TC30 here)
        -- or its earlier guidance (legacy_basis), never both
        AND (e.type <> 'success_assessed' OR ((CAST(e.successful AS VARCHAR) = 'false' OR e.criterion IN SUCCESS_CODES
                                               OR (e.criterion IS NULL AND e.legacy_basis IS NOT NULL))
                                              AND (e.criterion IS NULL OR e.legacy_basis IS NULL)))
        -- AdviceDeadlineExtended.total_days validator: 10 < days ≤ 30
        AND (e.type <> 'advice_deadline_extended' OR e.total_days IS NULL
             OR CAST(e.total_days AS VARCHAR) IN ('11','12','13','14','15','16','17','18','19','20',
                                                 '21','22','23','24','25','26','27','28','29','30'))
    )), true)
"""


def _success_groups() -> dict[str, str]:
    from tgpl.rules.success import CRITERIA

    return {code: c.group.value for code, c in CRITERIA.items()}


# -- the fold, section by section beside tgpl.reporting.aggregate._add_case -----------------

#: A moment's day in Vietnam's civil time (fixed UTC+07:00, tgpl.domain.VN_TZ).
_DAY: Final = ("CASE WHEN suffix(x.\"on\", '+07:00') THEN CAST(left(x.\"on\", 10) AS DATE) "
               "ELSE CAST(CAST(x.\"on\" AS TIMESTAMPTZ) AT TIME ZONE 'UTC' + INTERVAL 7 HOUR AS DATE) END")

FACTS_SQL: Final = f"""
    -- facts, derived once per case (events dated after as_of are left out)
    list_filter(list_transform(c.events, lambda x, i: {{t: x.type, d: {_DAY}, i: i}}), lambda x: x.d <= AS_OF) AS ev
"""

CASE_SQL: Final = f"""
    SELECT j, c, ident, ev, checked,
        list_filter(ev, lambda x: x.t = 'accepted')[1] AS acc,
        list_filter(ev, lambda x: x.t = 'ended') AS ends,
        c.form AS form, c.field AS fld,
        -- procedural role (Law Art 31 cl. 1): unknown for litigation when not recorded, none otherwise
        coalesce(c.role, CASE WHEN c.form = {_q(Form.LITIGATION.value)} THEN {_q(UNKNOWN)} ELSE {_q(NO_ROLE)} END) AS role,
        coalesce(c.source, {_default(Case, "source")}) AS source, coalesce(c.channel, {_q(UNKNOWN)}) AS channel, c.unit AS unit,
        -- groups_key: sorted Art 7 group codes joined by "+"
        array_to_string(list_sort(list_distinct(flatten(list_transform(c.beneficiaries, lambda b: coalesce(b.groups, []))))), '+') AS groups,
        list_transform(c.beneficiaries, lambda b: [coalesce(b.sex, {_default(Beneficiary, "sex")}),
            array_to_string(list_sort(list_distinct(coalesce(b.groups, []))), '+')]) AS persons
    FROM parsed
"""

KEYS_SQL: Final = f"""
    SELECT j, ident, ok, CASE WHEN NOT ok THEN [] ELSE flatten(list_transform(WINDOWS, lambda w: flatten([
        -- a request never accepted: refused / transferred on the day of that decision
        CASE WHEN acc IS NULL AND req IS NOT NULL AND req.d BETWEEN w.s AND w.e
             THEN [[w.n, 'request', req.t, form, fld, source, channel, unit]] ELSE [] END,
        -- an accepted case handled in the window: one inflow and one outflow, cases and persons
        CASE WHEN acc IS NOT NULL AND acc.d <= w.e AND (en IS NULL OR en.d >= w.s) THEN
            list_transform([CASE WHEN acc.d < w.s THEN {_q(FlowMeasure.CARRIED_OVER.value)} ELSE {_q(FlowMeasure.ACCEPTED.value)} END,
                            CASE WHEN en IS NOT NULL AND en.d <= w.e THEN END_MEASURE[c.events[en.i].outcome]
                                 ELSE {_q(FlowMeasure.OPEN_AT_END.value)} END],
                lambda m: [w.n, 'case', m, form, role, fld, PROVIDER_KIND, source, channel, groups, unit])
            || flatten(list_transform(persons, lambda pn: [
                [w.n, 'person', CASE WHEN acc.d < w.s THEN {_q(FlowMeasure.CARRIED_OVER.value)} ELSE {_q(FlowMeasure.ACCEPTED.value)} END,
                 form, role, fld, pn[1], pn[2], unit],
                [w.n, 'person', CASE WHEN en IS NOT NULL AND en.d <= w.e THEN END_MEASURE[c.events[en.i].outcome]
                                     ELSE {_q(FlowMeasure.OPEN_AT_END.value)} END, form, role, fld, pn[1], pn[2], unit]]))
        ELSE [] END,
        -- TGV litigation (tgpl.reporting.quota): a litigation case handled in the window, for the
        -- provider at the window end when a TGV; once more when it ended completed in the window
        CASE WHEN acc IS NOT NULL AND acc.d <= w.e AND (en IS NULL OR en.d >= w.s) AND form = {_q(Form.LITIGATION.value)}
                  AND PROVIDER_KIND = {_q(ProviderKind.TGV.value)} THEN
            [[w.n, 'tgv_litigation', {_q(TGV_HANDLED)}, PROVIDER_ID, unit]]
            || CASE WHEN en IS NOT NULL AND en.d <= w.e AND END_MEASURE[c.events[en.i].outcome] = {_q(FlowMeasure.ENDED_COMPLETED.value)}
                    THEN [[w.n, 'tgv_litigation', {_q(TGV_COMPLETED)}, PROVIDER_ID, unit]] ELSE [] END
        ELSE [] END,
        -- quality: the latest appraisal / evaluation / success assessment dated in the window
        list_transform(list_filter([list_max(list_filter(apps, lambda a: a.d BETWEEN w.s AND w.e))], lambda a: a IS NOT NULL),
            lambda a: [w.n, 'appraisal', GRADE_KEY(a), form, fld, unit]),
        list_transform(list_filter([list_max(list_filter(evals, lambda a: a.d BETWEEN w.s AND w.e))], lambda a: a IS NOT NULL),
            lambda a: [w.n, 'evaluation', c.events[a.i].review.level, GRADE_KEY(a), form, fld, unit]),
        list_transform(list_filter([list_max(list_filter(succs, lambda a: a.d BETWEEN w.s AND w.e))], lambda a: a IS NOT NULL),
            lambda a: CASE WHEN CAST(c.events[a.i].successful AS VARCHAR) = 'true' AND c.events[a.i].criterion IS NULL
                      -- before QĐ 1179: counted as a success under the earlier guidance, without a criterion
                      THEN [w.n, 'success', 'successful', {_q(LEGACY)}, '', PROVIDER_KIND, fld, unit]
                      WHEN CAST(c.events[a.i].successful AS VARCHAR) = 'true'
                      THEN [w.n, 'success', 'successful', SUCCESS_GROUP[c.events[a.i].criterion], c.events[a.i].criterion,
                            PROVIDER_KIND, fld, unit]
                      ELSE [w.n, 'success', 'not_successful', '', '', PROVIDER_KIND, fld, unit] END),
        HEARING_KEYS PROGRAMME_KEYS
        []
    ]))) || RULE_KEYS END AS keys
    FROM (SELECT *, ends[1] AS en,
            -- provider kinds, recorded before the end (in event order)
            list_transform(list_filter(ev, lambda x: x.t IN ('provider_assigned', 'provider_changed') AND (ends[1] IS NULL OR x.i < ends[1].i)),
                           lambda x: {{d: x.d, i: x.i, k: c.events[x.i].provider_kind, p: c.events[x.i].provider_id}}) AS provs,
            list_filter(ev, lambda x: x.t IN ('refused', 'transferred'))[-1] AS req,
            list_filter(ev, lambda x: x.t = 'appraisal_recorded') AS apps,
            list_filter(ev, lambda x: x.t = 'evaluation_recorded') AS evals,
            list_filter(ev, lambda x: x.t = 'success_assessed') AS succs,
            PLAN_FACTS,
            coalesce(checked AND RULES
                -- aggregate's consistency checks: one end, after an acceptance, not before it
                AND len(ends) <= 1
                AND (len(ends) = 0 OR (acc IS NOT NULL AND acc.i < ends[1].i AND ends[1].d >= acc.d))
                -- the validation rules stated in SQL (tgpl.reporting.engine_rules): a case that may break one is routed
                AND NOT MAY_BREAK, false) AS ok
          FROM cases)
"""

#: Provider kind in a window ``w``: the last assignment or change (recorded before the end)
#: on or before the window end — the rule of ``_add_case``'s ``kind_at``.
PROVIDER_KIND_SQL: Final = f"coalesce(list_sort(list_filter(provs, lambda p: p.d <= w.e))[-1].k, {_q(UNASSIGNED)})"
#: Provider id in a window ``w``, by the same rule (used only when the kind is a TGV).
PROVIDER_ID_SQL: Final = "list_sort(list_filter(provs, lambda p: p.d <= w.e))[-1].p"

#: What a grade depends on, as JSON text: the review without its reviewer, the case form
#: and the first day of the period in which the same rubrics are in force.
_GRADE_KEY: Final = ("CAST(to_json({{review: {{level: r.level, trigger: r.trigger, scores: r.scores, not_applicable: r.not_applicable, "
                     "art6_violation: r.art6_violation, rubric: r.rubric}}, form: form, \"on\": "
                     "coalesce(list_max(list_filter(RUBRIC_DAYS, lambda b: b <= {a}.d)), DATE '0001-01-01')}}) AS VARCHAR)")


def _grade_key(a: str) -> str:
    return ("list_transform([c.events[" + a + ".i].review], lambda r: "
            + _GRADE_KEY.replace("{{", "{").replace("}}", "}").replace("{a}", a) + ")[1]")


@frozen
class Routed:
    """Lines the engine did not count, for the precise reader: file and 1-based line numbers."""

    source: str
    line: int
    text: str


@frozen
class EngineResult:
    """What :func:`aggregate_files` found: the tallies of the lines it counted, how many
    records it counted, and the lines it hands to the precise reader."""

    tallies: Mapping[Any, Tally]
    records: int
    routed: tuple[Routed, ...]
    lines: int = 0


def _read_sql(paths: Sequence[str]) -> str:
    files = "[" + ", ".join(_q(p) for p in paths) + "]"
    # Each line is one VARCHAR value: no quote, escape or delimiter character is special.
    return (f"read_csv({files}, columns = {{'j': 'VARCHAR'}}, delim = '\\x01', quote = '', escape = '', "
            "header = false, auto_detect = false, null_padding = false, max_line_size = 1048576, buffer_size = 2097152)")


def statement(paths: Sequence[str], windows: Sequence[WindowLike], as_of: dt.date | None,
              rubric_days: Sequence[dt.date], *, where: str = "", rules: bool = False) -> str:
    """The whole engine statement (see the module docstring); ``where`` restricts it to
    some lines (used to take back the lines of a duplicate or an ungradable review);
    ``rules``: also state the validation rules (:mod:`tgpl.reporting.engine_rules`)."""
    from tgpl.reporting import engine_rules
    structure = json.dumps(schema_sql.structure(), ensure_ascii=False)
    wins = "[" + ", ".join(f"{{n: '{k}', s: DATE '{w.start.isoformat()}', e: DATE '{w.end.isoformat()}'}}"
                           for k, w in enumerate(windows)) + "]"
    groups = _success_groups()
    success_map = "MAP {" + ", ".join(f"{_q(k)}: {_q(v)}" for k, v in groups.items()) + "}"
    end_map = "MAP {" + ", ".join(f"{_q(k)}: {_q(v)}" for k, v in ENDED_MEASURE.items()) + "}"
    days = "[" + ", ".join(f"DATE '{d.isoformat()}'" for d in sorted(set(rubric_days))) + "]::DATE[]"
    as_of_sql = "DATE '9999-12-31'" if as_of is None else f"DATE '{as_of.isoformat()}'"
    shape = (f"strlen(j) <= {schema_sql.MAX_LINE} AND NOT contains(j, '\\') AND NOT contains(j, '/*') "
             "AND NOT regexp_matches(j, ',\\s*[\\]}]')")
    keys = (KEYS_SQL.replace("RULES", "(" + RULES_SQL.replace("SUCCESS_CODES", "(" + ", ".join(_q(k) for k in groups) + ")") + ")")
            .replace("PROVIDER_KIND", PROVIDER_KIND_SQL).replace("PROVIDER_ID", PROVIDER_ID_SQL).replace("WINDOWS", wins).replace("END_MEASURE", end_map).replace("SUCCESS_GROUP", success_map)
            .replace("HEARING_KEYS", plancounts.HEARING_KEYS_SQL).replace("PROGRAMME_KEYS", plancounts.PROGRAMME_KEYS_SQL)
            .replace("PLAN_FACTS", plancounts.FACTS_SQL))
    while "GRADE_KEY(a)" in keys:
        keys = keys.replace("GRADE_KEY(a)", _grade_key("a"))
    keys = keys.replace("RUBRIC_DAYS", days)
    keys = keys.replace("MAY_BREAK", engine_rules.may_break_sql() if rules else "false")
    keys = keys.replace("RULE_KEYS", engine_rules.keyed_sql() if rules else "[]")
    # A blank line (only whitespace) is skipped: the full match fails at a line's first other
    # character, where trim() would copy the whole line.
    return f"""
    WITH lines AS (SELECT j FROM {_read_sql(paths)} WHERE NOT regexp_full_match(j, '[ \t\r\n\f\v]*')),
    typed AS (SELECT j, CASE WHEN {shape} THEN try(json_transform(j, {_q(structure)})) END AS c FROM lines),
    parsed AS (SELECT j, c, {identity_sql('c.organisation', 'c.code')} AS ident,
        coalesce(c IS NOT NULL AND {schema_sql.checks('c')}
                 AND {schema_sql.signature('c')} = {schema_sql.raw_signature('j')}, false) AS checked,
        {FACTS_SQL.replace("AS_OF", as_of_sql)}
        FROM typed),
    cases AS ({CASE_SQL}),
    keyed AS ({keys})
    SELECT * FROM (
        SELECT k, ident, bad, count(*) AS n,
               grouping(k) AS gk, grouping(ident) AS gi, grouping(bad) AS gb
        FROM (SELECT r.k AS k, r.ident AS ident, r.bad AS bad FROM (
            SELECT unnest(list_concat([{{k: CASE WHEN ok THEN ['records'] END, ident: md5_number(ident),
                                        bad: CASE WHEN NOT ok THEN j END}}],
                                      list_transform(keys, lambda x: {{k: x, ident: NULL::UHUGEINT, bad: NULL::VARCHAR}})),
                          recursive := false) AS r FROM keyed {where}))
        GROUP BY GROUPING SETS ((k), (ident), (bad))
    ) WHERE (gk = 0 AND k IS NOT NULL) OR (gi = 0 AND ident IS NOT NULL AND n > 1) OR (gb = 0 AND bad IS NOT NULL)
    """


#: DuckDB's memory limit: above it, the counts spill to a temporary directory. The
#: reading buffers are 2 MiB (``_read_sql``): at 8 MiB the process took 90 MiB more at
#: 100k cases for no gain in time (docs/performance.md).
MEMORY_LIMIT: Final = "240MB"
#: When DuckDB cannot keep a statement within its limit (its counts do not always spill),
#: the statement runs again with the limit multiplied by this, at most twice: the limit
#: keeps memory low where it can, it never makes a report fail.
MEMORY_GROWTH: Final = 4


def _connect(threads: int | None, spill: str) -> Any:
    import duckdb

    return duckdb.connect(config={
        "threads": threads or os.cpu_count() or 1, "preserve_insertion_order": False,
        "memory_limit": MEMORY_LIMIT, "temp_directory": spill,
    })


def _grade_all(keys: Iterable[str], grader: Grader) -> tuple[dict[str, str], set[str]]:
    """Grade each distinct grade key once: ``(grades, keys that cannot be graded)``."""
    from tgpl.io.converter import CONVERTER

    grades: dict[str, str] = {}
    bad: set[str] = set()
    for text in keys:
        data = json.loads(text)
        review_data = {k: v for k, v in data["review"].items() if v is not None}
        try:
            review = CONVERTER.structure({"reviewer": "", **review_data}, QualityReview)
            grades[text] = grader(review, Form(data["form"]), dt.date.fromisoformat(data["on"])).value
        except RuleNotInForceError:
            # No rubric is confirmed for that date: appraised, grade unknown (as aggregate does).
            grades[text] = UNGRADED
        except (InvalidRecordError, ValueError, KeyError, TypeError):
            bad.add(text)
    return grades, bad


def _graded_positions(key: Sequence[str]) -> int | None:
    """Where the grade key sits in a tally key (appraisal, evaluation), else ``None``."""
    if key[0] == "appraisal":
        return 1
    if key[0] == "evaluation":
        return 2
    return None


#: The window number under which the keys of the keyed validation rules are counted.
_RULE: Final = -2


def _rows(con: Any, sql: str) -> list[Any]:
    """The rows of ``sql``; when DuckDB runs out of its memory limit, again with a larger one
    (:data:`MEMORY_GROWTH`)."""
    import duckdb

    for attempt in range(3):
        try:
            return list(con.execute(sql).fetchall())
        except duckdb.OutOfMemoryException:
            if attempt == 2:
                raise
            limit = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
            con.execute(f"SET memory_limit = '{_mib(limit) * MEMORY_GROWTH}MiB'")
    raise AssertionError("unreachable")


def _mib(setting: str) -> int:
    """DuckDB's ``memory_limit`` setting (``228.8 MiB``, ``1.2 GiB``) in whole MiB."""
    number, unit = setting.split()
    scale = {"bytes": 1 / 1024**2, "KiB": 1 / 1024, "MiB": 1, "GiB": 1024, "TiB": 1024**2}[unit]
    return max(1, round(float(number) * scale))


def _run(con: Any, sql: str) -> tuple[Counter[tuple[int, Key]], set[int], list[str]]:
    counts: Counter[tuple[int, Key]] = Counter()
    dups: set[int] = set()
    bad: list[str] = []
    for k, ident, text, n, gk, gi, gb in _rows(con, sql):
        if gk == 0:
            if k == ["records"]:
                counts[(-1, ("records",))] += n
            elif k[0] == "rule":
                counts[(_RULE, tuple(k))] += n
            else:
                counts[(int(k[0]), tuple(k[1:]))] += n
        elif gi == 0:
            dups.add(ident)
        elif gb == 0:
            bad.append(text)
    return counts, dups, bad


def _located(paths: Sequence[str], wanted: set[str]) -> list[Routed]:
    """The lines of ``paths`` whose text is in ``wanted``, with their line numbers."""
    out: list[Routed] = []
    for path in paths if wanted else ():
        opener = _open_gzip if path.endswith(".gz") else _open_plain
        with opener(path) as fh:
            for n, raw in enumerate(fh, 1):
                text = raw.decode("utf-8", errors="replace").rstrip("\n").removesuffix("\r")
                if text in wanted:
                    out.append(Routed(path, n, raw.decode("utf-8", errors="surrogateescape")))
    return out


def _open_plain(path: str) -> io.BufferedReader:
    return Path(path).open("rb")


def _open_gzip(path: str) -> Any:
    import gzip

    return gzip.open(path, "rb")


def aggregate_files(
    paths: Sequence[str | os.PathLike[str]],
    windows: Sequence[WindowLike],
    *,
    grader: Grader,
    unit_mode: UnitMode = UnitMode.AS_RECORDED,
    as_of: dt.date | None = None,
    rubric_days: Sequence[dt.date] = (),
    threads: int | None = None,
    duplicates: bool = True,
    rules: Sequence[ValidationRule] = (),
) -> EngineResult:
    """Tally the valid, unduplicated cases of JSON Lines ``paths`` (``.jsonl`` or
    ``.jsonl.gz``) for every window; hand every other line back in :attr:`EngineResult.routed`.

    ``grader`` grades reviews (as for :func:`tgpl.reporting.aggregate`); ``rubric_days``
    are the days on which the set of rubrics in force changes (every rubric's first day
    and the day after its last), so that reviews graded once per period grade as on their
    own day. ``threads``: DuckDB's threads (default: all cores). ``duplicates=False``
    counts a case read twice twice (as :func:`tgpl.reporting.aggregate` does) instead of
    handing its lines back. A file the engine cannot read at all (invalid UTF-8, say) is
    routed whole.

    ``rules``: validation rules a counted case must pass (report building passes its
    registry): each is stated for the engine (:mod:`tgpl.reporting.engine_rules`); a case
    that may break one is handed back. A rule the engine does not know is a
    :class:`ValueError` (the caller then takes the Python path).
    """
    from tgpl.reporting import engine_rules

    unknown = engine_rules.unknown_rules(rules)
    if unknown:
        raise ValueError(f"the engine does not state the validation rules {', '.join(unknown)}")
    files = [os.fspath(p) for p in paths]
    import tempfile

    with tempfile.TemporaryDirectory(prefix="tgpl-engine-") as spill:
        return _aggregate(files, windows, grader, unit_mode, as_of, rubric_days, _connect(threads, spill), duplicates,
                          tuple(rules))


def _aggregate(files: list[str], windows: Sequence[WindowLike], grader: Grader, unit_mode: UnitMode,
               as_of: dt.date | None, rubric_days: Sequence[dt.date], con: Any, duplicates: bool,
               rules: tuple[ValidationRule, ...] = ()) -> EngineResult:
    from tgpl.reporting import engine_rules

    stated = bool(rules)
    readable: list[str] = list(files)
    whole: list[Routed] = []
    lines = 0
    counts: Counter[tuple[int, Key]] = Counter()
    grades: dict[str, str] = {}
    wanted: set[str] = set()
    try:
        if not duplicates:  # Dask tasks report the lines they read
            lines = con.execute(f"SELECT count(*) FROM {_read_sql(files)}").fetchall()[0][0]
        counts, dups, bad = _run(con, statement(files, windows, as_of, rubric_days, rules=stated)) if files else (counts, set(), [])
    except Exception:
        # A file DuckDB cannot read at all (invalid UTF-8, a line over 1 MiB) goes to tgpl.io whole.
        readable, lines = [], 0
        for f in files:
            try:
                lines += con.execute(f"SELECT count(*) FROM {_read_sql([f])}").fetchall()[0][0]
                readable.append(f)
            except Exception:
                routed_whole = _all_lines(f)
                whole.extend(routed_whole)
                lines += len(routed_whole)
        counts, dups, bad = _run(con, statement(readable, windows, as_of, rubric_days, rules=stated)) if readable else (counts, set(), [])
    if readable:
        wanted.update(bad)
        if not duplicates:
            dups = set()
        grade_keys = {k[p] for (_, k), _ in counts.items() if (p := _graded_positions(k)) is not None}
        grades, ungradable = _grade_all(sorted(grade_keys), grader)
        # Each distinct key of a keyed validation rule is judged once; its cases are taken back if it fails.
        ungradable |= engine_rules.failing_keys(sorted({(k[1], k[2]) for (w, k), _ in counts.items() if w == _RULE}), rules)
        if dups or ungradable:
            # Take back every line of a duplicate identity or an ungradable review.
            cond = []
            if dups:
                con.execute("CREATE OR REPLACE TEMP TABLE dup_ids AS SELECT CAST(unnest(?::VARCHAR[]) AS UHUGEINT) AS h",
                            [[str(d) for d in dups]])
                cond.append("md5_number(ident) IN (SELECT h FROM dup_ids)")
            if ungradable:
                cond.append(f"list_has_any(flatten(keys), {_list(ungradable)})")
            where = "WHERE ok AND (" + " OR ".join(cond) + ")"
            back, _, _ = _run(con, statement(readable, windows, as_of, rubric_days, where=where, rules=stated))
            counts.subtract(back)
            taken = _taken(con, readable, windows, as_of, rubric_days, where, stated)
            wanted.update(taken)
        counts = +counts
    con.close()
    records = counts.pop((-1, ("records",)), 0)
    counts = Counter({k: n for k, n in counts.items() if k[0] != _RULE})
    tallies = _tallies(counts, windows, unit_mode, grades)
    routed = sorted([*whole, *_located(readable, wanted)], key=lambda r: (files.index(r.source), r.line))
    return EngineResult(tallies, records, tuple(routed), lines)


def _taken(con: Any, paths: Sequence[str], windows: Sequence[WindowLike], as_of: dt.date | None,
           rubric_days: Sequence[dt.date], where: str, rules: bool) -> list[str]:
    sql = statement(paths, windows, as_of, rubric_days, rules=rules)
    head = sql[: sql.index("SELECT * FROM (")]
    return [j for (j,) in _rows(con, f"{head} SELECT j FROM keyed {where}")]


def _all_lines(path: str) -> list[Routed]:
    opener = _open_gzip if path.endswith(".gz") else _open_plain
    with opener(path) as fh:
        return [Routed(path, n, raw.decode("utf-8", errors="surrogateescape")) for n, raw in enumerate(fh, 1)]


def _tallies(counts: Mapping[tuple[int, Key], int], windows: Sequence[WindowLike], unit_mode: UnitMode,
             grades: Mapping[str, str]) -> dict[Any, Tally]:
    per: list[Counter[Key]] = [Counter() for _ in windows]
    units: dict[str, str] = {}
    for (w, key), n in counts.items():
        k = list(key)
        p = _graded_positions(k)
        if p is not None:
            k[p] = grades[k[p]]
        if unit_mode is UnitMode.SCHEME_2025:
            u = k[-1]
            if u not in units:
                units[u] = str(to_scheme_2025(UnitRef.parse(u)))
            k[-1] = units[u]
        per[w][tuple(k)] += n
    return {w: Tally(c, {}) for w, c in zip(windows, per, strict=True)}


def routed_records(routed: Sequence[Routed]) -> Iterator[tuple[Any, str, int, list[InvalidRecordError]]]:
    """Read each routed line with the precise reader: ``(record or None, source, line, errors)``."""
    from tgpl.io.jsonl import read_jsonl

    for r in routed:
        raw = r.text.encode("utf-8", errors="surrogateescape")
        data = raw if r.line == 1 else b"\n" + raw  # a BOM is skipped on line 1 only
        with read_jsonl(io.BytesIO(data), strict=False, source=r.source) as stream:
            records = list(stream)
            errors = [_at(e, r.line) for e in stream.errors]
        yield (records[0] if records else None), r.source, r.line, errors


def _at(err: InvalidRecordError, line: int) -> InvalidRecordError:
    return type(err)(err.message, record_id=err.record_id, path=err.path, line=line, source=err.source)

