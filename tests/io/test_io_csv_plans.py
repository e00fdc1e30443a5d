"""The CSV case export's request channel, programme and hearing columns (issue 14 §2)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from demo_io import demo_case
from hypothesis import given, settings
from strategies_io import cases

from tgpl.domain import (
    Case,
    HearingAttended,
    HearingMode,
    OnlineServiceLevel,
    RequestChannel,
    RequestSource,
    at_vn,
)
from tgpl.io.csv import CASE_COLUMNS, case_row, write_cases_csv
from tgpl.testing.strategies import cases as lawful_cases

#: The case columns before the request channel, programmes and hearings were added: a reader
#: of the earlier export (by name or by position) finds them unchanged.
EARLIER_COLUMNS = (
    "code", "organisation", "unit", "unit_name", "form", "field", "source", "role",
    "beneficiaries", "female", "male",
    "requested_on", "accepted_on", "immediate", "refused_on", "transferred_on",
    "ended_on", "outcome", "not_continued_ground",
    "provider_kinds", "providers", "appraisals", "evaluations", "successful", "events",
)


def test_new_columns_come_after_the_earlier_ones() -> None:
    assert CASE_COLUMNS[: len(EARLIER_COLUMNS)] == EARLIER_COLUMNS
    assert CASE_COLUMNS[len(EARLIER_COLUMNS):] == (
        "channel", "online_level", "programmes", "hearings", "online_hearings", "duty_shift")


@given(cases(max_events=4))
@settings(max_examples=40)
def test_columns_say_what_the_case_records(case: Case) -> None:
    buf = io.StringIO()
    write_cases_csv([case], buf)
    buf.seek(0)
    (row,) = list(csv.DictReader(buf))
    assert row == case_row(case)
    assert row["channel"] == ("" if case.channel is None else case.channel.value)
    assert row["online_level"] == ("" if case.online_level is None else case.online_level.value)
    assert (row["programmes"].split("|") if row["programmes"] else []) == sorted(set(case.programmes))
    hearings = [e for e in case.events if isinstance(e, HearingAttended)]
    assert int(row["hearings"]) == len(hearings)
    assert int(row["online_hearings"]) == sum(e.mode is HearingMode.ONLINE for e in hearings)
    assert row["duty_shift"] == (case.duty_shift or "")
    # an earlier reader by position: the first columns are where they were
    buf.seek(0)
    header, values = list(csv.reader(buf))
    assert dict(zip(header[: len(EARLIER_COLUMNS)], values, strict=False)) == {k: row[k] for k in EARLIER_COLUMNS}


@given(lawful_cases(start=dt.date(2022, 1, 1)))
@settings(max_examples=25, deadline=None)
def test_lawful_cases_export_their_hearings(case: Case) -> None:
    row = case_row(case)
    hearings = [e for e in case.events if isinstance(e, HearingAttended)]
    assert row["hearings"] == str(len(hearings))
    assert int(row["online_hearings"]) <= len(hearings)


def test_an_online_request_and_hearing() -> None:
    base = demo_case(0)
    on = at_vn(dt.date(2023, 5, 4), 9)
    case = Case(
        code=base.code, organisation=base.organisation, unit=base.unit, form=base.form, field=base.field,
        beneficiaries=base.beneficiaries, role=base.role,
        channel=RequestChannel.ONLINE_PUBLIC_SERVICE, online_level=OnlineServiceLevel.FULL,
        programmes=("ntp_poverty_2021_2025", "ntp_ethnic_minority_2021_2025"),
        events=(*base.events, HearingAttended(on=on, mode=HearingMode.ONLINE),
                HearingAttended(on=on + dt.timedelta(days=30), mode=HearingMode.IN_PERSON)),
    )
    row = case_row(case)
    assert (row["channel"], row["online_level"]) == ("online_public_service", "full")
    assert row["programmes"] == "ntp_ethnic_minority_2021_2025|ntp_poverty_2021_2025"
    assert (row["hearings"], row["online_hearings"]) == ("2", "1")


def test_a_case_received_on_court_duty_names_its_shift() -> None:
    base = demo_case(0)
    case = Case(
        code=base.code, organisation=base.organisation, unit=base.unit, form=base.form, field=base.field,
        beneficiaries=base.beneficiaries, role=base.role, events=base.events,
        source=RequestSource.COURT_DUTY, duty_shift="ca-2023-05-04-tand",
    )
    row = case_row(case)
    assert row["source"] == "court_duty"
    assert row["duty_shift"] == "ca-2023-05-04-tand"
    assert case_row(base)["duty_shift"] == ""
