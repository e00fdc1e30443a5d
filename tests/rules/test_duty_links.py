"""Checks across a case received on duty and its duty shift (tgpl.rules.duty), in the API and
in ``tgpl validate``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from test_validation import case  # the validation tests' builders

from tgpl.cli import main
from tgpl.domain import DutyPlaceKind, DutyShift, RequestSource, UnitRef, UnitScheme
from tgpl.io.jsonl import write_jsonl
from tgpl.rules.duty import (
    DUTY_BEFORE_PROGRAMME,
    DUTY_PROGRAMMES,
    DUTY_SHIFT_AFTER_REQUEST,
    DUTY_SHIFT_KIND,
    DUTY_SHIFT_NOT_FOUND,
    duty_link_problems,
    programme_of,
)
from tgpl.rules.validation import Severity
from tgpl.testing.strategies import duty_shifts

BK = UnitRef(UnitScheme.P2004, "06")


def shift(kind: DutyPlaceKind = DutyPlaceKind.COURT, on: dt.date = dt.date(2025, 3, 3), sid: str = "TT.TR.00621.2025") -> DutyShift:
    return DutyShift(id=sid, on=on, organisation="org-01", unit=BK, place_kind=kind, place="Tòa án nhân dân tỉnh",
                     provider="TGV-06-003")


def linked(source: RequestSource = RequestSource.COURT_DUTY, sid: str = "TT.TR.00621.2025", **kw: Any) -> Any:
    return attrs.evolve(case(**kw), source=source, duty_shift=sid)


def codes(records: list[object]) -> list[tuple[str, Severity, int | None]]:
    return [(p.code, p.severity, p.index) for p in duty_link_problems(records)]


def test_a_consistent_link_has_no_problem() -> None:
    assert codes([shift(), linked()]) == []
    assert codes([linked(), shift()]) == []  # order does not matter
    assert codes([shift(DutyPlaceKind.INVESTIGATION), linked(RequestSource.INVESTIGATION_DUTY)]) == []


def test_the_shift_kind_must_match_the_request_source() -> None:
    assert codes([shift(DutyPlaceKind.INVESTIGATION), linked(RequestSource.COURT_DUTY)]) == [
        (DUTY_SHIFT_KIND, Severity.ERROR, 1)]
    assert codes([shift(DutyPlaceKind.COURT), linked(RequestSource.INVESTIGATION_DUTY)]) == [
        (DUTY_SHIFT_KIND, Severity.ERROR, 1)]


def test_a_request_cannot_come_from_a_later_shift() -> None:
    # The request of case() is received on 03/03/2025.
    assert codes([shift(on=dt.date(2025, 3, 4)), linked()]) == [(DUTY_SHIFT_AFTER_REQUEST, Severity.ERROR, 1)]
    assert codes([shift(on=dt.date(2025, 3, 1)), linked()]) == []


def test_a_missing_shift_is_a_warning_only_when_shifts_are_checked() -> None:
    assert codes([linked()]) == []  # no shift in the input: they may be kept elsewhere
    assert codes([shift(sid="TT.TR.00001.2025"), linked()]) == [(DUTY_SHIFT_NOT_FOUND, Severity.WARNING, 1)]


def test_shifts_before_their_national_programme_are_flagged_not_refused() -> None:
    court, inv = DUTY_PROGRAMMES[DutyPlaceKind.COURT], DUTY_PROGRAMMES[DutyPlaceKind.INVESTIGATION]
    assert (court.number, court.signed, court.verified) == ("1603/BTP-TANDTC", dt.date(2022, 5, 19), False)
    assert (inv.number, inv.signed, inv.verified) == ("5789/CTPH-BTP-BCA", dt.date(2023, 11, 27), True)
    assert programme_of(DutyPlaceKind.COURT, dt.date(2022, 5, 18)) is None
    assert programme_of(DutyPlaceKind.COURT, dt.date(2022, 5, 19)) is court
    early = shift(DutyPlaceKind.INVESTIGATION, on=dt.date(2023, 11, 26))
    assert codes([early]) == [(DUTY_BEFORE_PROGRAMME, Severity.WARNING, 0)]
    assert codes([shift(DutyPlaceKind.INVESTIGATION, on=dt.date(2023, 11, 27))]) == []


@settings(max_examples=50)
@given(duty_shifts())
def test_only_early_shifts_are_flagged(s: DutyShift) -> None:
    problems = duty_link_problems([s])
    assert [p.code for p in problems] == ([DUTY_BEFORE_PROGRAMME] if s.on < DUTY_PROGRAMMES[s.place_kind].signed else [])
    assert all(s.place not in p.message_vi and s.provider not in p.message_en for p in problems)


def test_tgpl_validate_reports_the_link_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "records.jsonl"
    write_jsonl([shift(DutyPlaceKind.INVESTIGATION), linked(RequestSource.COURT_DUTY)], path)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:2: TT.TGTT.01.2025: $.duty_shift: lỗi [DUTY_SHIFT_KIND]" in out
    good = tmp_path / "good.jsonl"
    write_jsonl([shift(), linked()], good)
    assert main(["validate", str(good)]) == 0
