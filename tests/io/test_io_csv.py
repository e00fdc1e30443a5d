"""Flat CSV exports: one row per case, one row per person-occasion, no personal data by default."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from demo_io import demo_case
from hypothesis import given
from strategies_io import cases

from tgpl.domain import Case
from tgpl.io.csv import (
    CASE_COLUMNS,
    PERSON_OCCASION_COLUMNS,
    SENSITIVE_CASE_COLUMNS,
    SENSITIVE_PERSON_OCCASION_COLUMNS,
    case_row,
    write_cases_csv,
    write_person_occasions_csv,
)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_cases_csv(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    assert write_cases_csv((demo_case(i) for i in range(12)), path) == 12
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads Vietnamese
    rows = _read(path)
    assert tuple(rows[0]) == CASE_COLUMNS
    r = rows[0]  # demo case 0: litigation, accepted 2020-01-01, ended, appraised once
    assert r["code"] == "TT.TGTT.01.2020"
    assert r["unit"] == "2004:01"
    assert r["unit_name"] == "Hà Nội"
    assert r["form"] == "litigation"
    assert r["role"] == "defence_counsel"
    assert r["beneficiaries"] == "1"
    assert r["male"] == "1"
    assert r["female"] == "0"
    assert r["requested_on"] == "2020-01-01"
    assert r["accepted_on"] == "2020-01-01"
    assert r["immediate"] == "no"
    assert r["ended_on"] == "2020-01-31"
    assert r["outcome"] == "completed"
    assert r["not_continued_ground"] == ""
    assert r["provider_kinds"] == "tgv"
    assert r["providers"] == "1"
    assert r["appraisals"] == "1"
    assert r["successful"] == "unknown"
    assert r["events"] == str(len(demo_case(0).events))
    assert rows[3]["ended_on"] == ""  # demo case 3 is still open
    assert rows[1]["role"] == ""  # advice: no procedural role
    assert "Nguyễn" not in path.read_text(encoding="utf-8-sig")


def test_cases_csv_with_personal_data_on_request(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    write_cases_csv([demo_case(2)], path, include_sensitive=True)
    (r,) = _read(path)
    assert tuple(r) == CASE_COLUMNS + SENSITIVE_CASE_COLUMNS
    assert r["beneficiary_names"] == "Nguyễn Văn 2-0; Nguyễn Văn 2-1; Nguyễn Văn 2-2"


def test_person_occasions_csv(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    some = [demo_case(i) for i in range(6)]
    assert write_person_occasions_csv(some, path) == sum(len(c.beneficiaries) for c in some)
    rows = _read(path)
    assert tuple(rows[0]) == PERSON_OCCASION_COLUMNS
    assert [r["code"] for r in rows[:3]] == ["TT.TGTT.01.2020", "TT.TV.02.2021", "TT.TV.02.2021"]
    r = rows[1]
    assert r["beneficiary_id"] == "P000001-0"
    assert r["birth_year"] == "1957"
    assert r["groups"] == "cl3_child"
    assert r["residence"] == "2004:06"
    assert "name" not in r
    assert "Nguyễn" not in path.read_text(encoding="utf-8-sig")

    write_person_occasions_csv(some, path, include_sensitive=True)
    rows = _read(path)
    assert tuple(rows[0]) == PERSON_OCCASION_COLUMNS + SENSITIVE_PERSON_OCCASION_COLUMNS
    assert rows[0]["name"] == "Nguyễn Văn 0-0"


def test_csv_to_an_open_text_file() -> None:
    buf = io.StringIO()
    write_cases_csv([demo_case(0)], buf)
    assert buf.getvalue().splitlines()[0] == ",".join(CASE_COLUMNS)


@given(cases(max_events=3))
def test_csv_counts_cases_and_person_occasions_separately(case: Case) -> None:
    a, b = io.StringIO(), io.StringIO()
    assert write_cases_csv([case], a) == 1
    assert write_person_occasions_csv([case], b) == len(case.beneficiaries)
    a.seek(0)
    (row,) = list(csv.DictReader(a))
    assert row["code"] == str(case.code)
    assert int(row["beneficiaries"]) == len(case.beneficiaries)
    assert set(case_row(case)) == set(CASE_COLUMNS)
    b.seek(0)
    people = list(csv.DictReader(b))
    assert [p["beneficiary_id"] for p in people] == [x.id for x in case.beneficiaries]
    assert all("name" not in p for p in people)
