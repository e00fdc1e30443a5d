"""Duty shifts, the coordination council's work, and a case's link to its duty shift: the
constructor rules (docs/data-format.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.domain import (
    CouncilActivity,
    CouncilActivityKind,
    DutyMode,
    DutyPlaceKind,
    DutyShift,
    ProviderKind,
    RequestSource,
    UnitRef,
    UnitScheme,
)
from tgpl.domain.duty import (
    INVESTIGATION_DUTY_PROVIDERS,
    MAX_INSPECTED,
    MAX_PLACE_CHARS,
    MAX_SHIFT_COUNT,
)
from tgpl.testing.strategies import cases, council_activities, duty_shifts

BK = UnitRef(UnitScheme.P2004, "06")


def shift(**kw: Any) -> DutyShift:
    base: dict[str, Any] = {
        "id": "TT.TR.00011.2024", "on": dt.date(2024, 3, 1), "organisation": "TTTGPL-06", "unit": BK,
        "place_kind": DutyPlaceKind.COURT, "place": "Tòa án nhân dân tỉnh Bắc Kạn", "provider": "TGV-06-003",
    }
    return DutyShift(**(base | kw))


def test_a_shift_records_what_the_programmes_ask() -> None:
    s = shift(mode=DutyMode.ON_SITE, persons_advised=4, requests_received=1, provider_kind=ProviderKind.TGV)
    assert (s.schema, s.place_kind.label_vi, s.persons_advised, s.requests_received) == (
        "tgpl.duty_shift/1", "Trực tại Tòa án", 4, 1)
    assert "1603/BTP-TANDTC" in DutyPlaceKind.COURT.basis
    assert "5789/CTPH-BTP-BCA" in DutyPlaceKind.INVESTIGATION.basis


@pytest.mark.parametrize("provider", ["Nguyễn Văn An", "Nguyen", "001089012345", "0912345678", "", "TGV 06", "x" * 65])
def test_the_provider_is_a_name_free_id(provider: str) -> None:
    with pytest.raises(ValueError, match="name-free id") as err:
        shift(provider=provider)
    if provider:
        assert provider not in str(err.value)


@pytest.mark.parametrize("provider", ["TGV-06-003", "NTH-99", "LS.06.12", "p_8ce97e5e7ac2dac38634f6c5"])
def test_codes_and_pseudonyms_are_name_free_ids(provider: str) -> None:
    assert shift(provider=provider).provider == provider


@pytest.mark.parametrize(("place", "why"), [
    ("   ", "blank"), ("x" * (MAX_PLACE_CHARS + 1), "longer"), ("Tòa án\nnhân dân", "one line"),
])
def test_the_place_is_one_line_of_an_institution(place: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        shift(place=place)


@pytest.mark.parametrize("field", ["persons_advised", "requests_received"])
def test_counts_are_bounded(field: str) -> None:
    assert getattr(shift(**{field: MAX_SHIFT_COUNT}), field) == MAX_SHIFT_COUNT
    for bad in (-1, MAX_SHIFT_COUNT + 1, 2**63):
        with pytest.raises(ValueError, match=field):
            shift(**{field: bad})


@pytest.mark.parametrize("kind", list(ProviderKind))
def test_investigation_duty_is_kept_by_tgvs_and_center_lawyers(kind: ProviderKind) -> None:
    # 5789/CTPH-BTP-BCA: "Trợ giúp viên pháp lý, luật sư thực hiện trợ giúp pháp lý theo hợp đồng với Trung tâm".
    assert shift(provider_kind=kind).provider_kind is kind  # court duty: not constrained
    if kind in INVESTIGATION_DUTY_PROVIDERS:
        assert shift(place_kind=DutyPlaceKind.INVESTIGATION, provider_kind=kind).provider_kind is kind
    else:
        with pytest.raises(ValueError, match="5789"):
            shift(place_kind=DutyPlaceKind.INVESTIGATION, provider_kind=kind)
    assert {ProviderKind.TGV, ProviderKind.CENTER_LAWYER} == INVESTIGATION_DUTY_PROVIDERS


def test_only_an_inspection_lists_inspected_units() -> None:
    common: dict[str, Any] = {"id": "STP.HD.00001.2024", "on": dt.date(2024, 5, 20), "organisation": "STP-06", "unit": BK}
    insp = CouncilActivity(**common, kind=CouncilActivityKind.INSPECTION, inspected=("Công an huyện Ba Bể",))
    assert insp.schema == "tgpl.council_activity/1"
    assert CouncilActivity(**common, kind=CouncilActivityKind.MEETING).inspected == ()
    with pytest.raises(ValueError, match="only an inspection"):
        CouncilActivity(**common, kind=CouncilActivityKind.MEETING, inspected=("Huyện Ba Bể",))
    with pytest.raises(ValueError, match="at most"):
        CouncilActivity(**common, kind=CouncilActivityKind.INSPECTION, inspected=("Huyện",) * (MAX_INSPECTED + 1))
    with pytest.raises(ValueError, match="blank"):
        CouncilActivity(**common, kind=CouncilActivityKind.INSPECTION, inspected=(" ",))


@settings(max_examples=40)
@given(cases(), st.sampled_from(RequestSource))
def test_a_case_links_a_shift_only_when_received_on_duty(case: Any, source: RequestSource) -> None:
    on_duty = source in (RequestSource.COURT_DUTY, RequestSource.INVESTIGATION_DUTY)
    if on_duty:
        assert attrs.evolve(case, source=source, duty_shift="TT.TR.00011.2024").duty_shift == "TT.TR.00011.2024"
    else:
        with pytest.raises(ValueError, match="duty_shift"):
            attrs.evolve(case, source=source, duty_shift="TT.TR.00011.2024")
    assert attrs.evolve(case, source=source, duty_shift=None).duty_shift is None


@settings(max_examples=40)
@given(duty_shifts(), council_activities())
def test_the_strategies_draw_valid_records(s: DutyShift, c: CouncilActivity) -> None:
    assert attrs.evolve(s) == s
    assert attrs.evolve(c) == c
    if s.place_kind is DutyPlaceKind.INVESTIGATION and s.provider_kind is not None:
        assert s.provider_kind in INVESTIGATION_DUTY_PROVIDERS
