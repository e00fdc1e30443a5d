"""TT12 Art 15 evaluation sampling: determinism, coverage, exclusions, size."""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tgpl.domain import (
    Accepted,
    Beneficiary,
    Case,
    ChangeGround,
    Ended,
    EndKind,
    EvaluationRecorded,
    Event,
    FileCode,
    Form,
    LegalField,
    ProviderAssigned,
    ProviderChanged,
    ProviderKind,
    QualityReview,
    ReviewerLevel,
    Trigger,
    UnitRef,
    at_vn,
)
from tgpl.errors import DuplicateRecordError
from tgpl.rules.sampling import ProviderRule, case_providers, sample_for_evaluation

DAY = dt.date(2024, 1, 10)
PROVIDERS = [f"p{i}" for i in range(6)]


def make(seq: int, form: Form, providers: list[str], ended: bool, evaluated: bool) -> Case:
    events: list[Event] = [Accepted(on=at_vn(DAY))]
    for i, p in enumerate(providers):
        if i == 0:
            events.append(ProviderAssigned(on=at_vn(DAY, 9), provider_id=p, provider_kind=ProviderKind.TGV))
        else:
            events.append(ProviderChanged(on=at_vn(DAY, 10 + i), provider_id=p, provider_kind=ProviderKind.TGV, ground=ChangeGround.OTHER))
    if ended:
        events.append(Ended(on=at_vn(DAY + dt.timedelta(days=30)), outcome=EndKind.COMPLETED))
    if evaluated:
        events.append(EvaluationRecorded(on=at_vn(DAY + dt.timedelta(days=60)), review=QualityReview(reviewer="stp", level=ReviewerLevel.DOJ, trigger=Trigger.PLAN)))
    return Case(code=FileCode("TT", form, seq, 2024), organisation="org", unit=UnitRef.parse("2025:01"), form=form,
                field=LegalField.CIVIL, beneficiaries=(Beneficiary(id="b"),), events=tuple(events))


case_specs = st.lists(
    st.tuples(st.sampled_from(list(Form)), st.lists(st.sampled_from(PROVIDERS), max_size=3), st.booleans(), st.booleans()),
    max_size=25,
)
shares = st.fractions(0, 1, max_denominator=20)


def build(specs: list[tuple[Form, list[str], bool, bool]]) -> list[Case]:
    return [make(i + 1, *spec) for i, spec in enumerate(specs)]


@given(case_specs, shares, st.text(max_size=5), st.randoms(use_true_random=False), st.sampled_from(list(ProviderRule)))
def test_sample_properties(specs: list[tuple[Form, list[str], bool, bool]], share: Fraction, seed: str,
                           rnd: object, rule: ProviderRule) -> None:
    cases = build(specs)
    sample = sample_for_evaluation(cases, share=share, seed=seed, provider_rule=rule)
    shuffled = list(cases)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    again = sample_for_evaluation(shuffled, share=share, seed=seed, provider_rule=rule)
    assert again.ids == sample.ids
    pool = [c for c in cases if c.form is not Form.ADVICE and any(isinstance(e, Ended) for e in c.events)
            and not any(isinstance(e, EvaluationRecorded) for e in c.events)]
    assert sample.pool_size == len(pool)
    for c in sample.cases:
        assert c.form in (Form.LITIGATION, Form.REPRESENTATION)
        assert any(isinstance(e, Ended) for e in c.events)
        assert not any(isinstance(e, EvaluationRecorded) for e in c.events)
    assert len(set(sample.ids)) == len(sample.ids)
    assert len(sample.cases) >= min(math.ceil(share * len(pool)), len(pool))
    assert sample.target == math.ceil(share * len(pool))
    every = set().union(*(case_providers(c, rule) for c in pool)) if pool else set()
    covered = set().union(*(case_providers(c, rule) for c in sample.cases)) if sample.cases else set()
    assert every == covered == set(sample.providers)
    # Never more than needed: coverage picks plus the share.
    assert len(sample.cases) <= max(sample.target, len(every))


def test_same_seed_same_sample_other_seed_may_differ() -> None:
    cases = [make(i, Form.LITIGATION, [], True, False) for i in range(1, 41)]
    a = sample_for_evaluation(cases, share=0.25, seed=7)
    assert a.ids == sample_for_evaluation(list(reversed(cases)), share=0.25, seed="7").ids
    assert len(a.cases) == 10
    assert all(r == "share" for _, r in a.reasons)
    assert a.ids != sample_for_evaluation(cases, share=0.25, seed=8).ids


def test_float_share_is_read_as_decimal() -> None:
    cases = [make(i, Form.REPRESENTATION, [], True, False) for i in range(1, 11)]
    assert len(sample_for_evaluation(cases, share=0.1, seed=1).cases) == 1
    assert len(sample_for_evaluation(cases, share=0.0, seed=1).cases) == 0
    with pytest.raises(ValueError, match="outside"):
        sample_for_evaluation(cases, share=1.5, seed=1)


def test_exclusions_and_as_of() -> None:
    cases = [make(1, Form.ADVICE, ["a"], True, False), make(2, Form.LITIGATION, ["b"], False, False),
             make(3, Form.LITIGATION, ["c"], True, True), make(4, Form.LITIGATION, ["d"], True, False)]
    s = sample_for_evaluation(cases, share=1, seed=0)
    assert s.ids == ("TT.TGTT.04.2024",)
    assert dict(s.excluded) == {"already_evaluated": 1, "form_not_evaluated": 1, "not_ended": 1}
    assert sample_for_evaluation(cases, share=1, seed=0, as_of=DAY).pool_size == 0


def test_provider_rules() -> None:
    c = make(1, Form.LITIGATION, ["first", "second"], True, False)
    assert case_providers(c) == {"first", "second"}
    assert case_providers(c, ProviderRule.LAST) == {"second"}
    s = sample_for_evaluation([c, make(2, Form.LITIGATION, ["third"], True, False)], share=0, seed="x")
    assert set(s.ids) == {"TT.TGTT.01.2024", "TT.TGTT.02.2024"}
    assert all(r.startswith("coverage:") for _, r in s.reasons)


def test_duplicates_refused() -> None:
    c = make(1, Form.LITIGATION, [], True, False)
    with pytest.raises(DuplicateRecordError):
        sample_for_evaluation([c, c], share=0.5, seed=1)
