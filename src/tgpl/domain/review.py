"""Quality review records: appraisal (thẩm định) and evaluation (đánh giá), TT12 Art 14–16."""

from __future__ import annotations

from collections.abc import Mapping

from attrs import field, frozen

from tgpl.domain.enums import ReviewerLevel, Trigger

__all__ = ["QualityReview"]


def _freeze_scores(value: Mapping[str, int]) -> dict[str, int]:
    return dict(value)


@frozen(hash=False)
class QualityReview:
    """Scores given by one reviewer under the TT12 Art 16 rubric.

    ``scores`` maps criterion codes (``1a`` … ``2đ``, ``3``) to points; criteria listed in
    ``not_applicable`` are scored by the policy the caller chooses (see
    :mod:`tgpl.rules.scoring`). ``art6_violation`` records a Law Art 6 cl. 1 violation,
    which forces the grade Không đạt (TT12 Art 17). ``rubric`` names the rubric version
    used; ``None`` means the national rubric in force on the review date.
    """

    reviewer: str
    level: ReviewerLevel
    trigger: Trigger
    scores: Mapping[str, int] = field(factory=dict, converter=_freeze_scores)
    not_applicable: frozenset[str] = frozenset()
    art6_violation: bool = False
    rubric: str | None = None
