"""National target programmes as dated data (tgpl.rules.programmes) and PROGRAMME_NOT_IN_FORCE."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.domain import (
    Accepted,
    Beneficiary,
    Case,
    FileCode,
    Form,
    LegalField,
    RequestReceived,
    UnitRef,
    at_vn,
)
from tgpl.rules.currency import RULE_FAMILIES, check_family, law_on
from tgpl.rules.programmes import _parse, check_programmes, programme, programmes, programmes_on
from tgpl.rules.validation import validate_case

CODES = [p.code for p in programmes()]


def test_the_list_and_its_basis() -> None:
    assert CODES == ["ntp_poverty_2021_2025", "ntp_new_rural_2021_2025", "ntp_ethnic_minority_2021_2025",
                     "ntp_rural_poverty_ethnic_2026_2035"]
    ethnic = programme("ntp_ethnic_minority_2021_2025")
    assert ethnic is not None
    assert "1719/QĐ-TTg" in ethnic.basis
    assert "120/2020/QH14" in ethnic.basis
    assert ethnic.status == "verified"
    assert (ethnic.effective_from, ethnic.effective_to) == (dt.date(2021, 10, 14), dt.date(2025, 12, 31))
    poverty, rural = programme("ntp_poverty_2021_2025"), programme("ntp_new_rural_2021_2025")
    assert poverty is not None
    assert "90/QĐ-TTg ngày 18/01/2022" in poverty.basis
    assert rural is not None
    assert "263/QĐ-TTg ngày 22/02/2022" in rural.basis
    merged = programme("ntp_rural_poverty_ethnic_2026_2035")
    assert merged is not None
    assert "257/2025/QH15" in merged.basis
    assert merged.status == "unverified"  # the effective day is assumed
    assert programme("ntp_x") is None


def test_the_2021_2025_programmes_give_way_to_the_merged_one_in_2026() -> None:
    assert {p.code for p in programmes_on(dt.date(2025, 12, 31))} == set(CODES[:3])
    assert {p.code for p in programmes_on(dt.date(2026, 1, 1))} == {CODES[3]}
    assert {p.code for p in programmes_on(dt.date(2021, 12, 1))} == {"ntp_ethnic_minority_2021_2025"}
    assert programmes_on(dt.date(2021, 1, 1)) == ()
    # a date in the future keeps answering, flagged by the entry's status
    (far,) = programmes_on(dt.date(2040, 6, 1))
    assert far.status == "unverified"


def test_tgpl_law_shows_the_programmes_as_a_family() -> None:
    (family,) = [f for f in RULE_FAMILIES if f.key == "programmes"]
    assert check_family(family) == []
    status = {f.key: f for f in law_on(dt.date(2023, 6, 1), RULE_FAMILIES).families}["programmes"]
    assert {v.id for v in status.in_force} == set(CODES[:3])


@given(st.dates(dt.date(2018, 1, 1), dt.date(2040, 12, 31)),
       st.lists(st.sampled_from([*CODES, "ntp_unknown", "x"]), max_size=3))
@settings(max_examples=80)
def test_a_code_is_flagged_iff_unknown_or_out_of_force(on: dt.date, codes: list[str]) -> None:
    flagged = {i for i, _, _ in check_programmes(codes, on)}
    want = {i for i, c in enumerate(codes) if (p := programme(c)) is None or not p.in_force(on)}
    assert flagged == want
    # without a request date only unknown codes are flagged
    assert {i for i, _, _ in check_programmes(codes, None)} == {i for i, c in enumerate(codes) if programme(c) is None}


def _case(day: dt.date, codes: tuple[str, ...], *, request: bool = True) -> Case:
    events = ((RequestReceived(on=at_vn(day, 8)),) if request else ()) + (Accepted(on=at_vn(day + dt.timedelta(days=3), 9)),)
    return Case(code=FileCode("TT", Form.ADVICE, 1, day.year), organisation="o", unit=UnitRef.parse("2004:06"),
                form=Form.ADVICE, field=LegalField.CIVIL, beneficiaries=(Beneficiary("p"),), programmes=codes,
                events=events)


@pytest.mark.parametrize(("day", "codes", "paths"), [
    (dt.date(2022, 3, 1), ("ntp_poverty_2021_2025", "ntp_new_rural_2021_2025"), []),
    (dt.date(2022, 1, 17), ("ntp_poverty_2021_2025",), ["$.programmes[0]"]),  # the day before QĐ 90
    (dt.date(2026, 2, 1), ("ntp_ethnic_minority_2021_2025", "ntp_rural_poverty_ethnic_2026_2035"), ["$.programmes[0]"]),
    (dt.date(2023, 5, 5), ("ntp_x",), ["$.programmes[0]"]),
])
def test_validation_on_the_request_date(day: dt.date, codes: tuple[str, ...], paths: list[str]) -> None:
    found = [p for p in validate_case(_case(day, codes)) if p.code == "PROGRAMME_NOT_IN_FORCE"]
    assert [p.path for p in found] == paths
    assert all(p.severity.value == "error" for p in found)


def test_without_a_request_the_acceptance_day_counts() -> None:
    # received 2022-01-16 would be out of force; accepted 2022-01-19 is in force
    found = [p.path for p in validate_case(_case(dt.date(2022, 1, 16), ("ntp_poverty_2021_2025",), request=False))
             if p.code == "PROGRAMME_NOT_IN_FORCE"]
    assert found == []


def test_a_broken_data_file_is_refused_with_the_entry_named() -> None:
    with pytest.raises(ValueError, match=r"programmes\[0\]"):
        _parse({"schema": "tgpl.programmes/1", "programmes": [{"code": "x"}]})
    entry = {"code": "x", "name_vi": "x", "name_en": "x", "effective_from": "2022-01-01", "basis": "b"}
    with pytest.raises(ValueError, match="appears twice"):
        _parse({"schema": "tgpl.programmes/1", "programmes": [entry, entry]})


# -- activities: an outreach session's or a mobile trip's programmes, on its own day ------------

_ACTIVITY_KINDS = ("outreach", "mobile_trip")


def _activity(kind: str, on: dt.date, codes: tuple[str, ...]) -> object:
    from tgpl.domain import MobileTrip, OutreachSession

    unit = UnitRef.parse("2004:06")
    if kind == "outreach":
        return OutreachSession(id="TT-06.TT.1", on=on, organisation="TTTGPL-06", unit=unit, commune="Xã A",
                               attendees=30, programmes=codes)
    return MobileTrip(id="TT-06.LD.1", on=on, organisation="TTTGPL-06", unit=unit, communes=("Xã A",),
                      persons=12, programmes=codes)


@settings(max_examples=150)
@given(st.sampled_from(_ACTIVITY_KINDS), st.dates(dt.date(2018, 1, 1), dt.date(2040, 12, 31)),
       st.lists(st.sampled_from([*CODES, "ntp_unknown", "Nguyễn Văn A"]), max_size=3))
def test_an_activitys_programmes_are_checked_on_its_own_day(kind: str, on: dt.date, codes: list[str]) -> None:
    from tgpl.rules.validation import Severity, validate_activity

    problems = validate_activity(_activity(kind, on, tuple(codes)))
    wrong = [i for i, c in enumerate(codes) if (p := programme(c)) is None or not p.in_force(on)]
    assert [p.path for p in problems] == [f"$.programmes[{i}]" for i in wrong]
    for p in problems:
        assert p.code == "PROGRAMME_NOT_IN_FORCE"
        assert p.severity is Severity.ERROR
        assert "Nguyễn" not in p.message_vi + p.message_en  # a name typed into the field is never echoed
    for p, i in zip(problems, wrong, strict=True):
        if programme(codes[i]) is not None:
            assert f"ngày thực hiện {on:%d/%m/%Y}" in p.message_vi


def test_other_records_have_no_activity_problem() -> None:
    from tgpl.rules.validation import validate_activity

    assert validate_activity(_activity("outreach", dt.date(2023, 5, 2), ())) == []
    assert validate_activity(object()) == []


def test_a_report_does_not_count_an_activity_under_a_programme_not_in_force(tmp_path: object) -> None:
    """Report building treats the activity as it treats a case with an error: a problem, not a figure."""
    from pathlib import Path

    from tgpl.io import write_jsonl
    from tgpl.reporting.build import build_report
    from tgpl.reporting.plugins import load_plugins

    assert isinstance(tmp_path, Path)
    good = _activity("outreach", dt.date(2023, 5, 2), ("ntp_poverty_2021_2025",))
    early = _activity("mobile_trip", dt.date(2021, 12, 1), ("ntp_poverty_2021_2025",))  # before QĐ 90 (18/01/2022)
    path = tmp_path / "activities.jsonl"
    write_jsonl([good, early], path)
    report, problems = build_report([path], "2021-12-01..2023-12-31", plugins=load_plugins(load_entrypoints=False),
                                    engine=False)
    values = {i.code: i.value for i in report.indicators}
    assert values["programmes.ntp_poverty_2021_2025.outreach_sessions"] == 1
    assert values["programmes.ntp_poverty_2021_2025.mobile_trips"] == 0
    assert len(problems) == 1
    assert "[PROGRAMME_NOT_IN_FORCE]" in str(problems[0])
    assert problems[0].line == 2  # type: ignore[attr-defined]


def test_tgpl_validate_reports_an_activitys_programme(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    from tgpl.cli import main
    from tgpl.io import write_jsonl

    assert isinstance(tmp_path, Path)
    path = tmp_path / "activities.jsonl"
    write_jsonl([_activity("outreach", dt.date(2021, 12, 1), ("ntp_new_rural_2021_2025",))], path)
    code = main(["validate", str(path)])
    out = capsys.readouterr().out
    assert code != 0
    assert f"{path}:1:" in out
    assert "[PROGRAMME_NOT_IN_FORCE]" in out
    assert "ngày thực hiện 01/12/2021" in out
