"""Plugin conformance kit (bộ kiểm tra plugin): run tgpl's contract against your own plugin.

A province (or any plugin author) runs the same checks tgpl runs, from its own repository,
with nothing more than ``pip install tgpl[testing]`` — in the style of the ``holidays``
package, where every country class passes shared tests. Two ways to use it:

* subclass :class:`PluginConformance` in a test module; pytest collects the subclass
  (its name must start with ``Test``) and runs one test per check::

      import tgpl_my_province
      from tgpl.testing.conformance import PluginConformance

      class TestMyProvince(PluginConformance):
          plugin = tgpl_my_province          # a module or an object with @tgpl.hookimpl hooks
          units = ("2004:24", "2025:24")     # the units its profile answers for
          prefix = "my_province"             # the namespace of its indicator codes

* or call :func:`check_plugin` and look at the list of :class:`Problem` values it returns
  (empty when the plugin conforms).

What is checked, and why:

``hooks``
    Every attribute named ``tgpl_*`` is a hook implementation (carries the
    ``@tgpl.hookimpl`` marker — pluggy silently ignores an unmarked function, so a
    forgotten decorator is a hook that never runs), implements a hook tgpl defines, and
    the plugin registers in a manager built by
    :func:`tgpl.reporting.plugins.make_plugin_manager` (pluggy checks the argument names
    against the specs; the facade checks what the plugin hands over).
``indicators``
    Codes are namespaced: they have a dot, their first segment is not one of the built-in
    namespaces (``cases``, ``mobile`` …) and, when a ``prefix`` is given, they start with
    it; labels are Vietnamese (non-empty with at least one Vietnamese diacritic, or in an
    allow-list), the English label, the counting unit and the basis are not empty; values
    are ``int``, finite ``float`` or ``None`` (never ``bool``) on an empty tally and on
    realistic ones; ``compute`` is a pure function of the tally's *content* (the same
    value twice, the same value on an equal copy, the tally unchanged) and commutes with
    merging (the value on the tally of pooled records equals the value on the merge of
    the tallies of two halves — principle 5 of docs/architecture.md).
``formats``
    Every format the plugin registers renders, without error and to non-empty ``bytes``,
    reports carrying every indicator (built-in and the plugin's): for an empty tally, a
    realistic generated tally (:func:`tgpl.demo.generate` for the plugin's unit), the
    same with small-cell suppression, with and without a province profile.
``profile``
    When the plugin implements ``tgpl_province_profile``: a
    :class:`~tgpl.reporting.report.ProvinceProfile` for each declared unit, whose ``unit``
    is that unit, with Vietnamese organisation and target labels, targets naming existing
    indicators and default windows that parse; ``None`` for every other unit of both
    schemes (2004 and 2025).

Generated tallies come from :func:`tgpl.demo.generate` (seeded, so deterministic) and,
in the Hypothesis tests of :class:`PluginConformance`, from :func:`generated_tallies`
(the record strategies of :mod:`tgpl.testing.strategies` for the plugin's units, so the
plugin's own indicators see data they count); the number of examples
follows the active Hypothesis profile (``HYPOTHESIS_PROFILE=tgpl-ci``), capped at
:data:`MAX_EXAMPLES` because generating whole cases is slow.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import unicodedata
from collections.abc import Iterable, Sequence
from types import MappingProxyType
from typing import Any, ClassVar, Final

import attrs
from attrs import frozen
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tgpl.domain import (
    MERGER_DATE,
    PROVINCES_2004,
    PROVINCES_2025,
    Activity,
    Case,
    UnitRef,
    UnitScheme,
    unit_on,
)
from tgpl.errors import PluginError, TgplError
from tgpl.reporting.aggregate import UnitMode, aggregate_one
from tgpl.reporting.build import build_report
from tgpl.reporting.hookspecs import HOOK_NAMES, PROJECT
from tgpl.reporting.indicators import BUILTIN_INDICATORS, Indicator
from tgpl.reporting.plugins import Plugins, make_plugin_manager
from tgpl.reporting.quota import QUOTA_CODES
from tgpl.reporting.report import ProvinceProfile, Report
from tgpl.reporting.tally import Tally
from tgpl.reporting.windows import Window, parse_window, year

__all__ = [
    "BUILTIN_NAMESPACES",
    "DEFAULT_ALLOWED_LABELS",
    "MAX_EXAMPLES",
    "PluginConformance",
    "Problem",
    "check_formats",
    "check_hooks",
    "check_indicators",
    "check_plans",
    "check_plugin",
    "check_profile",
    "indicator_value_problems",
    "is_vietnamese",
    "merge_problems",
    "realistic_records",
    "reference_window",
]

#: First segments of the built-in indicator codes; a plugin's codes must not use them.
BUILTIN_NAMESPACES: Final[frozenset[str]] = frozenset(code.split(".", 1)[0] for code in BUILTIN_INDICATORS)

#: Labels accepted as Vietnamese although they carry no diacritic (compared case-insensitively).
DEFAULT_ALLOWED_LABELS: Final[frozenset[str]] = frozenset({"Tổng", "Tổng số", "Nam", "Nữ", "Khác", "Tin bài"})

#: Examples per Hypothesis test of :class:`PluginConformance`: the active profile's number,
#: capped because generating whole cases with their histories costs ~25 ms each.
MAX_EXAMPLES: Final = 50

_SEED: Final = 20240201
_CASES_PER_YEAR: Final = 120


@frozen
class Problem:
    """One way a plugin does not conform: which ``check``, about what ``subject``, and why."""

    check: str
    subject: str
    message: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.subject}: {self.message}"


def is_vietnamese(label: object, allowed: Iterable[str] = DEFAULT_ALLOWED_LABELS) -> bool:
    """Whether ``label`` reads as Vietnamese: non-empty text with a Vietnamese diacritic
    (a Latin letter with a combining mark, or ``đ``/``Đ``), or one of the ``allowed`` labels."""
    if not isinstance(label, str) or not label.strip():
        return False
    if label.strip().casefold() in {a.casefold() for a in allowed}:
        return True
    if "đ" in label or "Đ" in label:
        return True
    return any(unicodedata.category(ch) == "Mn" for ch in unicodedata.normalize("NFD", label))


def _units(units: Iterable[UnitRef | str]) -> tuple[UnitRef, ...]:
    return tuple(u if isinstance(u, UnitRef) else UnitRef.parse(u) for u in units)


def _explain(problems: Sequence[Problem]) -> str:
    return "the plugin does not conform:\n" + "\n".join(f"  - {p}" for p in problems)


# -- realistic data ---------------------------------------------------------------------------


def reference_window(unit: UnitRef | None, profile: ProvinceProfile | None = None) -> Window:
    """The window the kit's realistic reports cover: the profile's first default window,
    else the calendar year 2024 for a 2004 unit (or none) and 2026 for a 2025 unit."""
    if profile is not None:
        for label in profile.default_windows:
            try:
                return parse_window(label)
            except TgplError:
                continue
    if unit is not None and unit.scheme is UnitScheme.P2025:
        return year(2026)
    return year(2024)


@functools.lru_cache(maxsize=16)
def _records_cached(unit: UnitRef, start: dt.date, end: dt.date) -> tuple[Case | Activity, ...]:
    from tgpl.demo import generate

    return tuple(generate(seed=_SEED, province=unit, start=start, end=end, cases_per_year=_CASES_PER_YEAR))


def realistic_records(unit: UnitRef, window: Window) -> tuple[Case | Activity, ...]:
    """Seeded synthetic records (:func:`tgpl.demo.generate`) of ``unit`` for ``window`` and the
    year before it (so carried-over cases exist); cached, so several checks share them."""
    start = window.start - dt.timedelta(days=365)
    if unit.scheme is UnitScheme.P2025:
        start = max(start, MERGER_DATE)
    end = max(window.end, start)
    return _records_cached(unit, start, end)


# -- hooks ---------------------------------------------------------------------------------


def _own_hooks(plugin: object) -> dict[str, Any]:
    return {name: getattr(plugin, name) for name in dir(plugin) if name.startswith("tgpl_")}


def _is_marked(obj: object) -> bool:
    return getattr(obj, f"{PROJECT}_impl", None) is not None


def check_hooks(plugin: object) -> list[Problem]:
    """Hook names and markers, and registration in a manager from :func:`make_plugin_manager`."""
    problems: list[Problem] = []
    hooks = _own_hooks(plugin)
    implemented = [name for name, obj in hooks.items() if callable(obj) and _is_marked(obj)]
    for name, obj in sorted(hooks.items()):
        if not callable(obj):
            continue
        if not _is_marked(obj):
            problems.append(Problem(
                "hooks", name,
                "is named like a hook but has no @tgpl.hookimpl marker, so pluggy ignores it",
            ))
        elif name not in HOOK_NAMES:
            problems.append(Problem("hooks", name, f"tgpl defines no hook of this name (hooks: {', '.join(HOOK_NAMES)})"))
    if not implemented:
        problems.append(Problem("hooks", "-", "the plugin implements no tgpl hook"))
    try:
        make_plugin_manager(load_entrypoints=False, plugins=[plugin])
    except PluginError as exc:
        problems.append(Problem("hooks", "registration", exc.message))
    return problems


def _facade(plugin: object) -> Plugins | None:
    try:
        return Plugins(make_plugin_manager(load_entrypoints=False, plugins=[plugin]))
    except PluginError:
        return None


@functools.cache
def _baseline() -> tuple[frozenset[str], frozenset[str]]:
    """Names of the built-in formats and codes of the built-in indicators."""
    base = Plugins(make_plugin_manager(load_entrypoints=False))
    return frozenset(base.formats()), frozenset(base.indicators())


def _own_indicators(plugins: Plugins) -> dict[str, Indicator]:
    builtin = _baseline()[1]
    return {code: ind for code, ind in plugins.indicators().items() if code not in builtin}


# -- indicators -------------------------------------------------------------------------------


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return type(a) is type(b) and a == b


def indicator_value_problems(indicators: Iterable[Indicator], tally: Tally, *, what: str = "a tally") -> list[Problem]:
    """Values are numbers or ``None``; ``compute`` is deterministic, content-based, non-mutating."""
    problems: list[Problem] = []
    before = tally.to_json()
    copy = Tally.from_json(before)
    for ind in indicators:
        try:
            first = ind.compute(tally)
            second = ind.compute(tally)
            on_copy = ind.compute(copy)
        except Exception as exc:
            problems.append(Problem("indicators", ind.code, f"compute failed on {what}: {exc!r}"))
            continue
        if first is not None and (isinstance(first, bool) or not isinstance(first, int | float)):
            problems.append(Problem("indicators", ind.code, f"returned a {type(first).__name__} on {what}, not an int, float or None"))
            continue
        if isinstance(first, float) and not math.isfinite(first):
            problems.append(Problem("indicators", ind.code, f"returned {first!r} on {what}; use None for a missing value"))
            continue
        if not _same(first, second):
            problems.append(Problem("indicators", ind.code, f"not deterministic on {what}: {first!r} then {second!r}"))
        elif not _same(first, on_copy):
            problems.append(Problem(
                "indicators", ind.code,
                f"depends on more than the tally's content on {what}: {first!r} on the tally, {on_copy!r} on an equal copy",
            ))
    if tally.to_json() != before:
        problems.append(Problem("indicators", "-", f"computing the indicators changed {what}"))
    return problems


def merge_problems(
    indicators: Iterable[Indicator], first: Sequence[object], second: Sequence[object], window: Window
) -> list[Problem]:
    """The value on the tally of ``first + second`` equals the value on the merge of their tallies."""
    pooled = aggregate_one([*first, *second], window)
    merged = aggregate_one(first, window) + aggregate_one(second, window)
    problems: list[Problem] = []
    for ind in indicators:
        try:
            a, b = ind.compute(pooled), ind.compute(merged)
        except Exception as exc:
            problems.append(Problem("indicators", ind.code, f"compute failed on a merged tally: {exc!r}"))
            continue
        if not _same(a, b):
            problems.append(Problem(
                "indicators", ind.code,
                f"{a!r} on the pooled records but {b!r} on the merge of two halves: compute must read only merged counts",
            ))
    return problems


def _metadata_problems(
    indicators: Iterable[Indicator], prefix: str | None, allowed: Iterable[str]
) -> list[Problem]:
    problems: list[Problem] = []
    want = None if prefix is None else prefix.rstrip(".") + "."
    for ind in indicators:
        code = ind.code
        head = code.split(".", 1)[0]
        if "." not in code:
            problems.append(Problem("indicators", code, "code is not namespaced: write '<province>.<name>'"))
        if head in BUILTIN_NAMESPACES:
            problems.append(Problem("indicators", code, f"code uses the built-in namespace {head!r}; use your own prefix"))
        if want is not None and not code.startswith(want):
            problems.append(Problem("indicators", code, f"code does not start with the plugin's prefix {want!r}"))
        if not is_vietnamese(ind.label_vi, allowed):
            problems.append(Problem("indicators", code, f"label_vi {ind.label_vi!r} is not Vietnamese (no diacritics)"))
        for name in ("label_en", "unit", "basis"):
            value = getattr(ind, name)
            if not isinstance(value, str) or not value.strip():
                problems.append(Problem("indicators", code, f"{name} is empty"))
    return problems


def check_indicators(
    plugin: object,
    *,
    units: Iterable[UnitRef | str] = (),
    prefix: str | None = None,
    allowed_labels: Iterable[str] = DEFAULT_ALLOWED_LABELS,
    tallies: Iterable[Tally] = (),
) -> list[Problem]:
    """Codes, labels and values of the indicators the plugin registers (see the module docstring)."""
    plugins = _facade(plugin)
    if plugins is None:
        return [Problem("indicators", "-", "the plugin cannot be registered (see the hooks check)")]
    try:
        own = _own_indicators(plugins)
    except PluginError as exc:
        return [Problem("indicators", "registration", exc.message)]
    problems = _metadata_problems(own.values(), prefix, allowed_labels)
    problems += indicator_value_problems(own.values(), Tally.empty(), what="the empty tally")
    for i, tally in enumerate(tallies):
        problems += indicator_value_problems(own.values(), tally, what=f"given tally #{i}")
    refs = _units(units)
    for unit in refs or (None,):
        profile = _profile_quietly(plugins, unit)
        window = reference_window(unit, profile)
        records = realistic_records(unit or _demo_unit(), window)
        for mode in UnitMode:
            tally = aggregate_one(records, window, unit_mode=mode)
            problems += indicator_value_problems(own.values(), tally, what=f"generated data of {unit or 'the demo'} ({mode.value})")
        half = len(records) // 2
        problems += merge_problems(own.values(), records[:half], records[half:], window)
    return problems


def _demo_unit() -> UnitRef:
    from tgpl.demo import DEMO_PROVINCE

    return DEMO_PROVINCE


def _profile_quietly(plugins: Plugins, unit: UnitRef | None) -> ProvinceProfile | None:
    if unit is None:
        return None
    try:
        return plugins.province_profile(unit)
    except PluginError:
        return None


# -- formats ---------------------------------------------------------------------------------


def _reports(plugins: Plugins, units: Sequence[UnitRef]) -> tuple[list[tuple[str, Report]], list[Problem]]:
    """The reports every format must render, with the problems building them raised."""
    problems: list[Problem] = []
    out: list[tuple[str, Report]] = []
    fixed = dt.datetime(2025, 1, 15, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))

    def build(what: str, records: Sequence[object], window: Window, **kwargs: Any) -> Report | None:
        try:
            report, found = build_report(list(records), window, plugins=plugins, generated_at=fixed, **kwargs)
        except TgplError as exc:
            problems.append(Problem("formats", what, f"the report could not be built: {exc}"))
            return None
        for p in found:
            if isinstance(p, PluginError):
                problems.append(Problem("indicators", what, p.message))
        out.append((what, report))
        return report

    empty = build("empty tally", [], year(2024))
    for unit in units or (_demo_unit(),):
        profile = _profile_quietly(plugins, unit) if units else None
        window = reference_window(unit, profile)
        records = realistic_records(unit, window)
        report = build(f"generated data of {unit}", records, window)
        build(f"generated data of {unit}, mapped to 2025 units", records, window, unit_mode="2025")
        build(f"generated data of {unit}, small cells suppressed", records, window, suppress_below=5)
        if report is not None and report.profile is not None:
            out.append((f"generated data of {unit}, without profile", attrs.evolve(report, profile=None)))
            if empty is not None:
                out.append((f"empty tally with the profile of {unit}", attrs.evolve(empty, profile=report.profile)))
    return out, problems


def check_formats(plugin: object, *, units: Iterable[UnitRef | str] = ()) -> list[Problem]:
    """Every format of the plugin renders every kind of report to non-empty bytes."""
    plugins = _facade(plugin)
    if plugins is None:
        return [Problem("formats", "-", "the plugin cannot be registered (see the hooks check)")]
    try:
        builtin = _baseline()[0]
        own = {name: fmt for name, fmt in plugins.formats().items() if name not in builtin}
        plugins.indicators()
    except PluginError as exc:
        return [Problem("formats", "registration", exc.message)]
    if not own:
        return []
    reports, problems = _reports(plugins, _units(units))
    for name, fmt in own.items():
        for what, report in reports:
            try:
                data: object = fmt.render(report)
            except Exception as exc:
                problems.append(Problem("formats", name, f"failed to render the report of {what}: {exc!r}"))
                continue
            if not isinstance(data, bytes):
                problems.append(Problem("formats", name, f"returned a {type(data).__name__}, not bytes, for {what}"))
            elif not data:
                problems.append(Problem("formats", name, f"returned no bytes for {what}"))
    return problems


# -- profile -----------------------------------------------------------------------------------


def check_profile(
    plugin: object, *, units: Iterable[UnitRef | str] = (), allowed_labels: Iterable[str] = DEFAULT_ALLOWED_LABELS
) -> list[Problem]:
    """A profile for each declared unit (and for that unit), ``None`` for every other unit."""
    refs = _units(units)
    implements = _is_marked(getattr(plugin, "tgpl_province_profile", None))
    if not implements:
        if refs:
            return [Problem("profile", "-", f"units {', '.join(map(str, refs))} are declared but the plugin has no tgpl_province_profile")]
        return []
    if not refs:
        return [Problem("profile", "-", "the plugin implements tgpl_province_profile: declare the units it answers for")]
    plugins = _facade(plugin)
    if plugins is None:
        return [Problem("profile", "-", "the plugin cannot be registered (see the hooks check)")]
    problems: list[Problem] = []
    try:
        codes = set(plugins.indicators()) | set(QUOTA_CODES)
    except PluginError as exc:
        return [Problem("profile", "registration", exc.message)]
    for unit in refs:
        subject = str(unit)
        try:
            profile = plugins.province_profile(unit)
        except PluginError as exc:
            problems.append(Problem("profile", subject, exc.message))
            continue
        if profile is None:
            problems.append(Problem("profile", subject, "no profile for a declared unit"))
            continue
        if profile.unit != unit:
            problems.append(Problem("profile", subject, f"the profile is for {profile.unit}, not {unit}"))
        if not is_vietnamese(profile.organisation_vi, allowed_labels):
            problems.append(Problem("profile", subject, f"organisation_vi {profile.organisation_vi!r} is not Vietnamese"))
        for label in profile.default_windows:
            try:
                parse_window(label)
            except TgplError as exc:
                problems.append(Problem("profile", subject, f"default window {label!r} does not parse: {exc}"))
        for target in profile.targets:
            if target.indicator not in codes:
                problems.append(Problem("profile", subject, f"target {target.label_vi!r} names an unknown indicator {target.indicator!r}"))
            if not is_vietnamese(target.label_vi, allowed_labels):
                problems.append(Problem("profile", subject, f"target label {target.label_vi!r} is not Vietnamese"))
            if target.minimum is not None and target.maximum is not None and target.minimum > target.maximum:
                problems.append(Problem("profile", subject, f"target {target.indicator!r}: minimum above maximum"))
    others = sorted((set(PROVINCES_2004) | set(PROVINCES_2025)) - set(refs))
    answered = []
    for unit in others:
        try:
            if plugins.province_profile(unit) is not None:
                answered.append(str(unit))
        except PluginError as exc:
            problems.append(Problem("profile", str(unit), exc.message))
    if answered:
        problems.append(Problem("profile", ", ".join(answered), "a profile for a unit not declared (should be None)"))
    return problems


def check_plans(plugin: object) -> list[Problem]:
    """Every plan the plugin ships (``tgpl_register_plans``) loads, and binds only known indicators."""
    if not _is_marked(getattr(plugin, "tgpl_register_plans", None)):
        return []
    from tgpl.planning import plugin_plans, unknown_indicators

    plugins = _facade(plugin)
    if plugins is None:
        return [Problem("plans", "-", "the plugin cannot be registered (see the hooks check)")]
    try:
        plans = plugin_plans(plugins)
        known = {*plugins.indicators(), *QUOTA_CODES}
    except PluginError as exc:
        return [Problem("plans", "-", exc.message)]
    if not plans:
        return [Problem("plans", "-", "tgpl_register_plans registered no plan file")]
    return [
        Problem("plans", f"{plan_id} {p.record_id}", f"{p.path}: {p.message}")
        for plan_id, plan in plans.items()
        for p in unknown_indicators(plan, known)
    ]


# -- everything --------------------------------------------------------------------------------


def check_plugin(
    plugin: object,
    *,
    units: Iterable[UnitRef | str] = (),
    prefix: str | None = None,
    allowed_labels: Iterable[str] = DEFAULT_ALLOWED_LABELS,
) -> list[Problem]:
    """Every check of the kit; the empty list when ``plugin`` conforms.

    ``plugin`` is a module or object with ``@tgpl.hookimpl`` hooks; ``units`` the units
    its ``tgpl_province_profile`` answers for (``"2004:24"`` or :class:`UnitRef`);
    ``prefix`` the namespace its indicator codes must start with; ``allowed_labels``
    labels accepted as Vietnamese without diacritics.
    """
    refs = _units(units)
    problems = check_hooks(plugin)
    if any(p.subject == "registration" for p in problems):
        return problems
    problems += check_indicators(plugin, units=refs, prefix=prefix, allowed_labels=allowed_labels)
    problems += check_formats(plugin, units=refs)
    problems += check_profile(plugin, units=refs, allowed_labels=allowed_labels)
    problems += check_plans(plugin)
    return problems


# -- the pytest base class ------------------------------------------------------------------------


def _records_for(unit: UnitRef, window: Window) -> st.SearchStrategy[list[object]]:
    """Generated cases of ``unit`` and activities moved to ``unit``, around ``window``."""
    from tgpl.testing.strategies import activities, cases

    lo = max(window.start - dt.timedelta(days=400), dt.date(2018, 1, 1))
    if unit.scheme is UnitScheme.P2025:
        lo = max(lo, MERGER_DATE)
    hi = max(lo, window.end)

    def move(activity: Activity) -> Activity:
        return attrs.evolve(activity, unit=unit_on(unit, activity.on))

    record: st.SearchStrategy[object] = st.one_of(cases(province=unit, start=lo, end=hi), activities(start=lo, end=hi).map(move))
    return st.lists(record, max_size=6)


def _windows_for(unit: UnitRef) -> st.SearchStrategy[Window]:
    """Calendar years, halves and quarters from 2023 (from 2026 for a 2025 unit).

    From 2023 on, every appraisal of the generated records (dated at most 400 days before
    the window) falls under the TT12 rubric in force from 15/07/2021, which the default
    grader needs.
    """
    from tgpl.reporting.windows import half, quarter

    first = 2026 if unit.scheme is UnitScheme.P2025 else 2023
    years = st.integers(first, first + 3)
    return st.one_of(
        st.builds(year, years),
        st.builds(half, years, st.integers(1, 2)),
        st.builds(quarter, years, st.integers(1, 4)),
    )


@st.composite
def generated_tallies(draw: st.DrawFn, units: Sequence[UnitRef | str] = ()) -> Tally:
    """Tallies of a few generated records of one of ``units`` (the demo province by default),
    over a generated window, keyed as recorded or mapped to the 2025 units."""
    refs = _units(units) or (_demo_unit(),)
    unit = draw(st.sampled_from(refs))
    window = draw(_windows_for(unit))
    records = draw(_records_for(unit, window))
    mode = draw(st.sampled_from(tuple(UnitMode)))
    return aggregate_one(records, window, unit_mode=mode)


__all__ += ["generated_tallies"]


def _capped_settings() -> settings:
    """The active profile with at most :data:`MAX_EXAMPLES` examples.

    ``differing_executors`` is suppressed because every subclass runs the *same* inherited
    test method (Hypothesis's advice for shared test classes).
    """
    current = settings.default
    examples = MAX_EXAMPLES if current is None else min(current.max_examples, MAX_EXAMPLES)
    suppressed = [] if current is None else list(current.suppress_health_check)
    return settings(max_examples=examples, suppress_health_check=[*suppressed, HealthCheck.differing_executors])


_capped = _capped_settings()


class PluginConformance:
    """Base class of a plugin's conformance tests; subclass it as ``TestMyPlugin``.

    Class attributes: ``plugin`` (required) — the module or object with the hooks;
    ``units`` — the units its profile answers for; ``prefix`` — its indicator namespace
    (recommended); ``allowed_labels`` — labels accepted as Vietnamese without diacritics.
    Each check is one test, so a failure names the check and lists every problem.
    """

    plugin: object  # set by the subclass (a class attribute; not a ClassVar so a module can be assigned)
    units: ClassVar[tuple[UnitRef | str, ...]] = ()
    prefix: ClassVar[str | None] = None
    allowed_labels: ClassVar[frozenset[str]] = DEFAULT_ALLOWED_LABELS

    def _plugin(self) -> object:
        plugin = getattr(type(self), "plugin", None)
        assert plugin is not None, f"{type(self).__name__} must set the class attribute 'plugin'"
        return plugin

    def _indicators(self) -> list[Indicator]:
        plugins = _facade(self._plugin())
        assert plugins is not None, _explain(check_hooks(self._plugin()))
        return list(_own_indicators(plugins).values())

    def test_hooks_conform(self) -> None:
        problems = check_hooks(self._plugin())
        assert not problems, _explain(problems)

    def test_indicators_conform(self) -> None:
        problems = check_indicators(
            self._plugin(), units=self.units, prefix=self.prefix, allowed_labels=self.allowed_labels
        )
        assert not problems, _explain(problems)

    def test_formats_render(self) -> None:
        problems = check_formats(self._plugin(), units=self.units)
        assert not problems, _explain(problems)

    def test_province_profile(self) -> None:
        problems = check_profile(self._plugin(), units=self.units, allowed_labels=self.allowed_labels)
        assert not problems, _explain(problems)

    @_capped
    @given(data=st.data())
    def test_indicators_on_generated_tallies(self, data: st.DataObject) -> None:
        tally = data.draw(generated_tallies(self.units), label="tally")
        problems = indicator_value_problems(self._indicators(), tally, what="a generated tally")
        assert not problems, _explain(problems)

    @_capped
    @given(data=st.data())
    def test_indicators_commute_with_merge(self, data: st.DataObject) -> None:
        refs = _units(self.units) or (_demo_unit(),)
        unit = data.draw(st.sampled_from(refs), label="unit")
        window = data.draw(_windows_for(unit), label="window")
        records = data.draw(_records_for(unit, window), label="records")
        cut = data.draw(st.integers(0, len(records)), label="cut")
        problems = merge_problems(self._indicators(), records[:cut], records[cut:], window)
        assert not problems, _explain(problems)


#: Read-only view of what :class:`PluginConformance` runs, for documentation.
CHECKS: Final = MappingProxyType({
    "test_hooks_conform": "check_hooks",
    "test_indicators_conform": "check_indicators",
    "test_formats_render": "check_formats",
    "test_province_profile": "check_profile",
    "test_indicators_on_generated_tallies": "indicator_value_problems on generated_tallies(units)",
    "test_indicators_commute_with_merge": "merge_problems on generated records of the plugin's units",
})
__all__ += ["CHECKS"]
