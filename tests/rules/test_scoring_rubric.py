"""TT12 Art 16–17 scoring: table tests, invalid scores, advice policies, properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tgpl.domain import Form, Grade, QualityReview, ReviewerLevel, Trigger
from tgpl.errors import RuleNotInForceError, UnknownCodeError
from tgpl.rules.scoring import (
    ADVICE_INAPPLICABLE,
    DEFAULT_POLICY,
    TT12_RUBRIC,
    TT12_RUBRIC_2018_ASSUMED,
    AdvicePolicy,
    Criterion,
    Rubric,
    ScoreError,
    grade_for_total,
    grade_review,
    rubric_change_days,
    rubric_on,
    score,
)

ON = dt.date(2024, 6, 1)
MAXES = {c.code: c.max_points for c in TT12_RUBRIC.criteria}
ORDER = ["2c", "2d", "1a", "1b", "1c", "2b", "3", "2a", "2đ"]


def review(scores: dict[str, int], **kw: object) -> QualityReview:
    return QualityReview(reviewer="r", level=ReviewerLevel.DOJ, trigger=Trigger.PLAN, scores=scores, **kw)  # type: ignore[arg-type]


def scores_summing_to(total: int) -> dict[str, int]:
    """Full litigation scores adding up to exactly ``total`` (greedy)."""
    out: dict[str, int] = {}
    left = total
    for code in ORDER:
        give = min(left, MAXES[code])
        out[code] = give
        left -= give
    assert left == 0
    return out


def test_rubric_shape() -> None:
    assert TT12_RUBRIC.max_total == 100
    assert TT12_RUBRIC.codes == ("1a", "1b", "1c", "2a", "2b", "2c", "2d", "2đ", "3")
    assert [g.max_points for g in TT12_RUBRIC.groups] == [30, 60, 10]
    for g in TT12_RUBRIC.groups:
        assert sum(c.max_points for c in TT12_RUBRIC.criteria if c.group == g.code) == g.max_points
    assert TT12_RUBRIC.effective_from == dt.date(2021, 7, 15)


def test_rubric_dates() -> None:
    assert rubric_on(dt.date(2021, 7, 15)) is TT12_RUBRIC
    with pytest.raises(RuleNotInForceError, match="include_provisional"):
        rubric_on(dt.date(2021, 7, 14))
    assert rubric_on(dt.date(2021, 7, 14), include_provisional=True) is TT12_RUBRIC_2018_ASSUMED
    with pytest.raises(RuleNotInForceError):
        rubric_on(dt.date(2018, 10, 11), include_provisional=True)
    with pytest.raises(RuleNotInForceError):
        score(review(scores_summing_to(80)), form=Form.LITIGATION, on=dt.date(2020, 1, 1))
    r = score(review(scores_summing_to(80)), form=Form.LITIGATION, on=dt.date(2020, 1, 1), rubric=TT12_RUBRIC_2018_ASSUMED)
    assert r.rubric == "tt12-2018-assumed"
    assert r.total == 80


@pytest.mark.parametrize(
    ("total", "grade"),
    [(0, Grade.FAIL), (49, Grade.FAIL), (50, Grade.PASS), (69, Grade.PASS), (70, Grade.FAIRLY_GOOD),
     (89, Grade.FAIRLY_GOOD), (90, Grade.GOOD), (100, Grade.GOOD)],
)
def test_grade_boundaries(total: int, grade: Grade) -> None:
    assert grade_for_total(total) is grade
    assert grade_review(review(scores_summing_to(total)), form=Form.LITIGATION, on=ON) is grade
    assert grade_review(review(scores_summing_to(total), art6_violation=True), form=Form.LITIGATION, on=ON) is Grade.FAIL


def test_exact_totals_are_not_rounded_up() -> None:
    assert grade_for_total(Fraction(899, 10)) is Grade.FAIRLY_GOOD
    assert grade_for_total(Decimal("89.99")) is Grade.FAIRLY_GOOD
    assert grade_for_total(Fraction(4999, 100)) is Grade.FAIL
    with pytest.raises(ValueError, match="outside"):
        grade_for_total(101)
    with pytest.raises(ValueError, match="outside"):
        grade_for_total(-1)
    with pytest.raises(TypeError):
        grade_for_total(True)
    with pytest.raises(RuleNotInForceError):
        grade_for_total(50, on=dt.date(2018, 10, 11))


@pytest.mark.parametrize(
    ("scores", "fragment"),
    [
        ({**scores_summing_to(100), "1a": -1}, "criterion '1a': score -1 is negative"),
        ({**scores_summing_to(100), "2c": 21}, "criterion '2c': score 21 is above its maximum 20"),
        ({**scores_summing_to(100), "4x": 1}, "criterion '4x': unknown"),
        ({**scores_summing_to(100), "2a": 2.5}, "criterion '2a': score 2.5 is not a whole number"),
        ({**scores_summing_to(100), "2a": True}, "criterion '2a': score True is not a whole number"),
        ({k: v for k, v in scores_summing_to(100).items() if k != "2b"}, "criterion '2b': missing score"),
    ],
)
def test_invalid_scores_name_the_criterion(scores: dict[str, int], fragment: str) -> None:
    with pytest.raises(ScoreError) as info:
        score(review(scores), form=Form.LITIGATION, on=ON, record_id="TT.TGTT.01.2024")
    assert any(fragment in p for p in info.value.problems), info.value.problems
    assert info.value.record_id == "TT.TGTT.01.2024"
    assert info.value.path.startswith("$.scores")


def test_all_problems_collected_and_spelling() -> None:
    problems = TT12_RUBRIC.validate({"1A": 10, "2dd": 5})
    assert not any("'1a'" in p and "unknown" in p for p in problems)
    assert sum("missing score" in p for p in problems) == 7
    assert TT12_RUBRIC.validate({"2đ": 1, "2dd": 1}, not_applicable={"1a", "1b", "1c", "2a", "2b", "2c", "2d", "3"}) == [
        "criterion '2đ': scored twice (as '2đ' and '2dd')"
    ]
    with pytest.raises(UnknownCodeError):
        TT12_RUBRIC.criterion("9")


def test_unknown_rubric_named_by_review() -> None:
    with pytest.raises(UnknownCodeError, match="plugin"):
        score(review(scores_summing_to(70), rubric="hn-2024"), form=Form.LITIGATION, on=ON)


def test_province_rubric_plugin() -> None:
    custom = Rubric(
        id="hn-2024", criteria=(Criterion("a", "Tiêu chí A", "A", 40, "1"), Criterion("b", "Tiêu chí B", "B", 10, "1")),
        effective_from=dt.date(2024, 1, 1), effective_to=None, citation="Quyết định của UBND (ví dụ)",
    )
    r = score(review({"a": 30, "b": 10}, rubric="hn-2024"), form=Form.LITIGATION, on=ON, rubric=custom)
    assert r.total == 80
    assert r.grade is Grade.FAIRLY_GOOD
    with pytest.raises(RuleNotInForceError):
        score(review({"a": 30, "b": 10}), form=Form.LITIGATION, on=dt.date(2023, 1, 1), rubric=custom)


ADVICE_SCORES = {"1a": 10, "1b": 8, "1c": 9, "2a": 5, "2b": 8, "2c": 17, "2đ": 4}  # 61 of 70


def test_advice_reading_rescale_is_default() -> None:
    assert DEFAULT_POLICY is AdvicePolicy.RESCALE
    assert frozenset({"2d", "3"}) == ADVICE_INAPPLICABLE
    r = score(review(ADVICE_SCORES), form=Form.ADVICE, on=ON)
    assert r.total == Fraction(6100, 70)
    assert r.display == "87.1"
    assert r.grade is Grade.FAIRLY_GOOD
    assert r.applicable_max == 70
    assert r.not_applicable == ("2d", "3")


def test_advice_reading_literal_and_full_marks() -> None:
    literal = score(review(ADVICE_SCORES), form=Form.ADVICE, on=ON, policy=AdvicePolicy.AS_SCORED)
    assert literal.total == 61
    assert literal.grade is Grade.PASS
    full = score(review(ADVICE_SCORES), form=Form.ADVICE, on=ON, policy=AdvicePolicy.FULL_MARKS)
    assert full.total == 91
    assert full.grade is Grade.GOOD
    # The literal reading with every criterion scored (reviewer filled 2d and 3 too):
    every = score(review({**ADVICE_SCORES, "2d": 20, "3": 10}), form=Form.ADVICE, on=ON, policy=AdvicePolicy.AS_SCORED)
    assert every.total == 91
    ignored = score(review({**ADVICE_SCORES, "2d": 0, "3": 0}), form=Form.ADVICE, on=ON)
    assert ignored.total == Fraction(6100, 70)
    assert len(ignored.problems) == 2


def test_reviewer_not_applicable_in_litigation() -> None:
    s = scores_summing_to(90)
    del s["3"]
    r = score(review(s, not_applicable=frozenset({"3"})), form=Form.LITIGATION, on=ON)
    # 80 of the 90 applicable points = 88.9 (Khá, not rounded up to Tốt)
    assert r.total == Fraction(800, 9)
    assert r.grade is Grade.FAIRLY_GOOD
    assert r.display == "88.9"
    with pytest.raises(ScoreError, match="nothing to score"):
        score(review({}, not_applicable=frozenset(TT12_RUBRIC.codes)), form=Form.LITIGATION, on=ON)


# ----------------------------------------------------------------------- properties

score_maps = st.fixed_dictionaries({c: st.integers(0, m) for c, m in MAXES.items()})
forms = st.sampled_from(list(Form))
policies = st.sampled_from(list(AdvicePolicy))
na_sets = st.frozensets(st.sampled_from(sorted(MAXES)), max_size=3)


def _na_ok(form: Form, na: frozenset[str]) -> bool:
    applicable = set(MAXES) - na - (ADVICE_INAPPLICABLE if form is Form.ADVICE else set())
    return bool(applicable)


@given(score_maps, forms, policies, na_sets, st.sampled_from(sorted(MAXES)), st.data())
def test_raising_a_criterion_never_lowers_the_grade(
    scores: dict[str, int], form: Form, policy: AdvicePolicy, na: frozenset[str], code: str, data: st.DataObject
) -> None:
    if not _na_ok(form, na):
        return
    bumped = dict(scores)
    bumped[code] = data.draw(st.integers(scores[code], MAXES[code]))
    low = score(review(scores, not_applicable=na), form=form, on=ON, policy=policy)
    high = score(review(bumped, not_applicable=na), form=form, on=ON, policy=policy)
    assert high.total >= low.total
    rank = [Grade.FAIL, Grade.PASS, Grade.FAIRLY_GOOD, Grade.GOOD]
    assert rank.index(high.grade) >= rank.index(low.grade)


@given(score_maps, forms, policies, na_sets, st.booleans())
def test_total_in_range_and_violation_wins(
    scores: dict[str, int], form: Form, policy: AdvicePolicy, na: frozenset[str], violation: bool
) -> None:
    if not _na_ok(form, na):
        return
    r = score(review(scores, not_applicable=na, art6_violation=violation), form=form, on=ON, policy=policy)
    assert 0 <= r.total <= 100
    if violation:
        assert r.grade is Grade.FAIL
    else:
        assert r.grade is grade_for_total(r.total)


@given(score_maps, forms, na_sets)
def test_policies_are_ordered(scores: dict[str, int], form: Form, na: frozenset[str]) -> None:
    if not _na_ok(form, na):
        return
    inapplicable = na | (ADVICE_INAPPLICABLE if form is Form.ADVICE else frozenset())
    given_scores = {k: v for k, v in scores.items() if k not in inapplicable}
    rv = review(given_scores, not_applicable=na)
    as_scored = score(rv, form=form, on=ON, policy=AdvicePolicy.AS_SCORED).total
    rescale = score(rv, form=form, on=ON, policy=AdvicePolicy.RESCALE).total
    full = score(rv, form=form, on=ON, policy=AdvicePolicy.FULL_MARKS).total
    assert as_scored <= rescale <= full
    if not inapplicable:
        assert as_scored == rescale == full == sum(scores.values())


@given(st.integers(0, 100))
def test_grade_thresholds_match_article_17(total: int) -> None:
    expected = Grade.GOOD if total >= 90 else Grade.FAIRLY_GOOD if total >= 70 else Grade.PASS if total >= 50 else Grade.FAIL
    assert grade_for_total(total) is expected


@given(st.dates(dt.date(2018, 10, 12), dt.date(2030, 12, 31)))
def test_rubric_change_days_bound_the_periods_of_one_rubric(on: dt.date) -> None:
    """Between two neighbouring change days the rubric in force is the same one."""
    rubrics = (TT12_RUBRIC, TT12_RUBRIC_2018_ASSUMED)
    days = rubric_change_days(rubrics)
    assert days == [dt.date(2018, 10, 12), dt.date(2021, 7, 15)]
    start = max(d for d in days if d <= on)
    assert rubric_on(on, include_provisional=True) == rubric_on(start, include_provisional=True)
