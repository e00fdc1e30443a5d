"""Appraisals dated before any confirmed rubric are counted, with an unknown grade."""

from __future__ import annotations

import datetime as dt

from tgpl.domain import (
    Accepted,
    AppraisalRecorded,
    Beneficiary,
    Case,
    Ended,
    EndKind,
    FileCode,
    Form,
    LegalField,
    ProviderAssigned,
    ProviderKind,
    QualityReview,
    ReviewerLevel,
    Trigger,
    UnitRef,
    at_vn,
)
from tgpl.reporting.aggregate import UNGRADED, aggregate_one
from tgpl.reporting.indicators import compute_indicators
from tgpl.reporting.windows import year

FULL = {"1a": 10, "1b": 10, "1c": 10, "2a": 5, "2b": 10, "2c": 20, "2d": 20, "2đ": 5, "3": 10}


def _case(seq: int, appraised_on: dt.date) -> Case:
    review = QualityReview(reviewer="TT", level=ReviewerLevel.ORGANISATION, trigger=Trigger.PLAN, scores=FULL)
    return Case(
        code=FileCode("TT", Form.LITIGATION, seq, appraised_on.year),
        organisation="TT",
        unit=UnitRef.parse("2004:06"),
        form=Form.LITIGATION,
        field=LegalField.CRIMINAL,
        beneficiaries=(Beneficiary(id=f"b{seq}"),),
        events=(
            Accepted(on=at_vn(appraised_on - dt.timedelta(days=60), 9)),
            ProviderAssigned(on=at_vn(appraised_on - dt.timedelta(days=59), 9), provider_id="tgv", provider_kind=ProviderKind.TGV),
            Ended(on=at_vn(appraised_on - dt.timedelta(days=10), 9), outcome=EndKind.COMPLETED),
            AppraisalRecorded(on=at_vn(appraised_on, 9), review=review),
        ),
    )


def test_an_appraisal_before_the_confirmed_rubric_counts_but_is_ungraded() -> None:
    # 2020: the TT12 points before TT03/2021 (in force 15/07/2021) are unverified.
    tally = aggregate_one([_case(1, dt.date(2020, 6, 1)), _case(2, dt.date(2020, 9, 1))], year(2020))
    values = compute_indicators(tally)
    assert values["appraisal.appraised"] == 2
    assert values["appraisal.ungraded"] == 2
    assert values["appraisal.pass_or_better"] == 0
    assert values["appraisal.pass_or_better_share"] is None  # no graded appraisal: no share
    assert tally.count("appraisal", grade=UNGRADED) == 2


def test_graded_and_ungraded_appraisals_mix_without_diluting_the_share() -> None:
    cases = [_case(1, dt.date(2021, 6, 1)), _case(2, dt.date(2021, 9, 1))]
    values = compute_indicators(aggregate_one(cases, year(2021)))
    assert values["appraisal.appraised"] == 2
    assert values["appraisal.ungraded"] == 1
    assert values["appraisal.pass_or_better"] == 1
    assert values["appraisal.pass_or_better_share"] == 100.0
