"""The conformance kit finds each kind of non-conforming plugin, and passes a conforming one."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import string

import pytest
from conformance_sample_plugins import (
    BAC_KAN,
    GOOD_FORMAT,
    GOOD_INDICATOR,
    GOOD_PROFILE,
    GoodPlugin,
)
from hypothesis import given
from hypothesis import strategies as st

from tgpl.domain import MobileTrip, UnitRef
from tgpl.reporting.hookspecs import RegisterFormat, RegisterIndicator, hookimpl
from tgpl.reporting.indicators import Indicator, IndicatorValue
from tgpl.reporting.report import PlanTarget, ProvinceProfile, Report, ReportFormat
from tgpl.reporting.tally import Tally
from tgpl.reporting.windows import year
from tgpl.testing.conformance import (
    BUILTIN_NAMESPACES,
    DEFAULT_ALLOWED_LABELS,
    Problem,
    check_formats,
    check_hooks,
    check_indicators,
    check_plugin,
    check_profile,
    indicator_value_problems,
    is_vietnamese,
    merge_problems,
)


class IndicatorPlugin:
    """A plugin that registers the indicators it is given (for the bad-indicator cases)."""

    def __init__(self, *indicators: Indicator) -> None:
        self.name = "indicator-plugin-" + "-".join(i.code for i in indicators)
        self._indicators = indicators

    @hookimpl
    def tgpl_register_indicators(self, register: RegisterIndicator) -> None:
        for ind in self._indicators:
            register(ind)


class FormatPlugin:
    def __init__(self, fmt: ReportFormat) -> None:
        self.name = f"format-plugin-{fmt.name}"
        self._fmt = fmt

    @hookimpl
    def tgpl_register_formats(self, register: RegisterFormat) -> None:
        register(self._fmt)


class ProfilePlugin:
    def __init__(self, answer: ProvinceProfile | None, *, every_unit: bool = False) -> None:
        self.name = "profile-plugin"
        self._answer = answer
        self._every = every_unit

    @hookimpl
    def tgpl_province_profile(self, unit: UnitRef) -> ProvinceProfile | None:
        return self._answer if (self._every or unit == BAC_KAN) else None

    @hookimpl
    def tgpl_register_indicators(self, register: RegisterIndicator) -> None:
        register(GOOD_INDICATOR)


def _ind(code: str = "bac_kan.x", label_vi: str = "Số vụ việc thử nghiệm", compute: object = None, **kw: str) -> Indicator:
    fn = compute if compute is not None else (lambda t: t.count("case"))
    return Indicator(code, label_vi, kw.get("label_en", "Test"), kw.get("unit", "vụ việc"), fn, kw.get("basis", "test rule"))  # type: ignore[arg-type]


def _messages(problems: list[Problem]) -> str:
    return "\n".join(map(str, problems))


# -- a conforming plugin -------------------------------------------------------------------------


def test_good_plugin_conforms() -> None:
    assert check_plugin(GoodPlugin(), units=("2004:06",), prefix="bac_kan") == []


def test_problem_reads_well() -> None:
    p = Problem("indicators", "bac_kan.x", "label_vi is empty")
    assert str(p) == "[indicators] bac_kan.x: label_vi is empty"


# -- hooks ---------------------------------------------------------------------------------------


def test_unmarked_hook_is_found() -> None:
    class Forgot:
        name = "forgot"

        def tgpl_register_indicators(self, register: RegisterIndicator) -> None:
            register(GOOD_INDICATOR)

    problems = check_hooks(Forgot())
    assert any(p.subject == "tgpl_register_indicators" and "no @tgpl.hookimpl" in p.message for p in problems)
    assert any("implements no tgpl hook" in p.message for p in problems)


def test_misspelled_hook_is_found() -> None:
    class Misspelled:
        name = "misspelled"

        @hookimpl
        def tgpl_register_indicator(self, register: RegisterIndicator) -> None:  # missing "s"
            register(GOOD_INDICATOR)

    problems = check_hooks(Misspelled())
    assert any(p.subject == "tgpl_register_indicator" and "defines no hook" in p.message for p in problems)
    assert any(p.subject == "registration" for p in problems)
    # check_plugin stops after a plugin that cannot be registered.
    assert all(p.check == "hooks" for p in check_plugin(Misspelled()))


def test_wrong_hook_arguments_are_found() -> None:
    class WrongArgs:
        name = "wrong-args"

        @hookimpl
        def tgpl_register_formats(self, register: RegisterFormat, extra: int) -> None:
            raise AssertionError("never called")

    assert any(p.subject == "registration" for p in check_hooks(WrongArgs()))


# -- indicator metadata ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("indicator", "expected"),
    [
        (_ind(code="trips"), "not namespaced"),
        (_ind(code="mobile.extra"), "built-in namespace 'mobile'"),
        (_ind(code="other.x"), "prefix 'bac_kan.'"),
        (_ind(label_vi="So vu viec"), "is not Vietnamese"),
        (_ind(label_en=" "), "label_en is empty"),
        (_ind(unit=" "), "unit"),
        (_ind(basis=""), "basis is empty"),
    ],
    ids=["not-namespaced", "builtin-namespace", "prefix", "ascii-label", "no-en", "no-unit", "no-basis"],
)
def test_indicator_metadata_problems(indicator: Indicator, expected: str) -> None:
    problems = check_indicators(IndicatorPlugin(indicator), prefix="bac_kan")
    assert expected in _messages(problems)


def test_shadowing_a_builtin_is_a_registration_problem() -> None:
    problems = check_indicators(IndicatorPlugin(_ind(code="mobile.trips")))
    assert [p.subject for p in problems] == ["registration"]
    assert "already registered" in problems[0].message


# -- indicator values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("compute", "expected"),
    [
        (lambda t: "12", "returned a str"),
        (lambda t: True, "returned a bool"),
        (lambda t: math.nan, "use None for a missing value"),
        (lambda t: 1 // t.count("case"), "compute failed"),
    ],
    ids=["str", "bool", "nan", "raises"],
)
def test_bad_values_are_found(compute: object, expected: str) -> None:
    problems = indicator_value_problems([_ind(compute=compute)], Tally.empty())
    assert expected in _messages(problems)


def test_nondeterministic_indicator_is_found() -> None:
    counter = itertools.count()
    problems = indicator_value_problems([_ind(compute=lambda t: next(counter))], Tally.empty())
    assert "not deterministic" in _messages(problems)


def test_indicator_reading_insertion_order_is_found() -> None:
    # Insertion order differs from the sorted order of an equal copy read back from JSON.
    tally = Tally({("mobile_trip", "trips", "2004:06"): 3, ("mobile_trip", "persons", "2004:06"): 5})
    first_count = _ind(compute=lambda t: next(iter(t.counts.values()), 0))
    problems = indicator_value_problems([first_count], tally)
    assert "depends on more than the tally's content" in _messages(problems)


def test_indicator_that_remembers_calls_breaks_merge() -> None:
    seen: list[int] = []

    def remembering(t: Tally) -> IndicatorValue:
        seen.append(1)
        return len(seen)

    trips = [
        MobileTrip(id=f"TT.LD.{i:05d}.2024", on=dt.date(2024, 3, i + 1), organisation="TTTGPL-06", unit=BAC_KAN)
        for i in range(4)
    ]
    assert merge_problems([GOOD_INDICATOR], trips[:2], trips[2:], year(2024)) == []
    problems = merge_problems([_ind(compute=remembering)], trips[:2], trips[2:], year(2024))
    assert "on the merge of two halves" in _messages(problems)


# -- formats -------------------------------------------------------------------------------------------


def _needs_profile(report: Report) -> bytes:
    assert report.profile is not None
    return report.profile.name.encode()


@pytest.mark.parametrize(
    ("render", "expected"),
    [
        (_needs_profile, "failed to render the report of empty tally"),
        (lambda r: b"", "returned no bytes"),
        (lambda r: "văn bản", "returned a str, not bytes"),
    ],
    ids=["raises", "empty", "str"],
)
def test_bad_formats_are_found(render: object, expected: str) -> None:
    fmt = ReportFormat("bad-format", "Định dạng lỗi", "txt", "text/plain", render)  # type: ignore[arg-type]
    assert expected in _messages(check_formats(FormatPlugin(fmt)))


def test_format_only_plugin_conforms_without_units() -> None:
    assert check_plugin(FormatPlugin(GOOD_FORMAT)) == []


# -- profile -----------------------------------------------------------------------------------------------


def test_profile_for_every_unit_is_found() -> None:
    problems = check_profile(ProfilePlugin(GOOD_PROFILE, every_unit=True), units=("2004:06",))
    assert len(problems) == 1
    assert "not declared" in problems[0].message
    assert "2025:24" in problems[0].subject


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (None, "no profile for a declared unit"),
        (ProvinceProfile(name="X", unit=UnitRef.parse("2004:24"), organisation_vi="Trung tâm"), "not 2004:06"),
        (ProvinceProfile(name="X", unit=BAC_KAN, organisation_vi="Trung tâm", default_windows=("nam 2024",)), "does not parse"),
        (ProvinceProfile(name="X", unit=BAC_KAN, organisation_vi="Trung tâm",
                         targets=(PlanTarget("bac_kan.none", "Chỉ tiêu lạ"),)), "unknown indicator"),
        (ProvinceProfile(name="X", unit=BAC_KAN, organisation_vi="Trung tâm",
                         targets=(PlanTarget("bac_kan.trips", "Trips", minimum=5, maximum=2),)), "minimum above maximum"),
        (ProvinceProfile(name="X", unit=BAC_KAN, organisation_vi="Center"), "is not Vietnamese"),
    ],
    ids=["none", "wrong-unit", "bad-window", "unknown-indicator", "min-max", "english-org"],
)
def test_profile_problems(profile: ProvinceProfile | None, expected: str) -> None:
    assert expected in _messages(check_profile(ProfilePlugin(profile), units=("2004:06",)))


def test_profile_without_declared_units_or_units_without_profile() -> None:
    assert "declare the units" in _messages(check_profile(ProfilePlugin(GOOD_PROFILE)))
    assert "no tgpl_province_profile" in _messages(check_profile(FormatPlugin(GOOD_FORMAT), units=("2004:06",)))


# -- Vietnamese labels ----------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["Số vụ việc", "Đợt", "Tỷ lệ", "ĐOÀN LUẬT SƯ", "Tổng", "nam", "Tin bài"])
def test_vietnamese_labels(label: str) -> None:
    assert is_vietnamese(label)


@pytest.mark.parametrize("label", ["", "   ", "Cases", "So vu viec", "Mobile trips (%)", None, 12])
def test_not_vietnamese_labels(label: object) -> None:
    assert not is_vietnamese(label)


@given(st.text(alphabet=string.printable))
def test_plain_ascii_is_vietnamese_only_when_allowed(label: str) -> None:
    allowed = {a.casefold() for a in DEFAULT_ALLOWED_LABELS}
    assert is_vietnamese(label) == (bool(label.strip()) and label.strip().casefold() in allowed)


@given(st.text(alphabet=string.ascii_letters + " "), st.sampled_from("ăâđêôơưàáảãạĐỲỶ"), st.text(alphabet=string.ascii_letters + " "))
def test_one_vietnamese_letter_is_enough(before: str, letter: str, after: str) -> None:
    assert is_vietnamese(before + letter + after)


def test_builtin_namespaces() -> None:
    assert {"cases", "person_occasions", "mobile", "outreach", "training"} <= BUILTIN_NAMESPACES
    assert "bac_giang" not in BUILTIN_NAMESPACES
