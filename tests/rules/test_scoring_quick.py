"""quick_grade (the shortcut of large registers) equals grade_review whenever it answers."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tgpl.domain import Form, QualityReview, ReviewerLevel, Trigger
from tgpl.errors import InvalidRecordError
from tgpl.rules.scoring import TT12_RUBRIC, AdvicePolicy, grade_review, quick_grade

CODES = [c.code for c in TT12_RUBRIC.criteria]
ON = dt.date(2024, 5, 1)


@st.composite
def reviews(draw: st.DrawFn) -> tuple[dict[str, object], list[str], bool]:
    scores: dict[str, object] = {}
    for c in TT12_RUBRIC.criteria:
        if draw(st.integers(0, 9)) == 0:
            continue  # a missing score
        scores[c.code] = draw(st.one_of(
            st.integers(0, c.max_points), st.integers(-2, c.max_points + 2), st.sampled_from([True, 2.5, "5"]),
        ))
    if draw(st.booleans()):
        scores[draw(st.sampled_from(["2dd", "1A", " 1a", "9z"]))] = draw(st.integers(0, 5))
    na = draw(st.lists(st.sampled_from([*CODES, "2dd", "zz"]), max_size=3, unique=True))
    return scores, na, draw(st.booleans())


@given(review=reviews(), form=st.sampled_from(list(Form)), policy=st.sampled_from(list(AdvicePolicy)))
def test_quick_grade_equals_grade_review(
    review: tuple[dict[str, object], list[str], bool], form: Form, policy: AdvicePolicy
) -> None:
    scores, na, art6 = review
    quick = quick_grade(scores, not_applicable=na, art6_violation=art6, form=form, rubric=TT12_RUBRIC,
                        policy=policy)
    try:
        qr = QualityReview(reviewer="r", level=ReviewerLevel.ORGANISATION, trigger=Trigger.PLAN,
                           scores=scores, not_applicable=frozenset(na), art6_violation=art6)  # type: ignore[arg-type]
        full = grade_review(qr, form=form, on=ON, policy=policy)
    except (InvalidRecordError, TypeError, ValueError):
        assert quick is None  # what the full path refuses, the shortcut never grades
        return
    assert quick is None or quick is full


def test_quick_grade_answers_plain_reviews() -> None:
    full_marks = {c.code: c.max_points for c in TT12_RUBRIC.criteria}
    got = quick_grade(full_marks, not_applicable=(), art6_violation=False, form=Form.LITIGATION, rubric=TT12_RUBRIC)
    assert got is not None
    assert got.value == "good"
    assert quick_grade(full_marks, not_applicable=(), art6_violation=True, form=Form.LITIGATION,
                       rubric=TT12_RUBRIC).value == "fail"  # type: ignore[union-attr]
