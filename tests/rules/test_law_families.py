"""``tgpl law``: the rule families on a date, and the overlap/gap check of every family."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.cli import main
from tgpl.reporting.lawforms import FAMILIES, STATISTICS_FAMILY
from tgpl.rules.currency import (
    LAW_SCHEMA,
    RULE_FAMILIES,
    LawFamily,
    LawVersion,
    check_family,
    law_on,
    render_text,
    to_json,
)

D = dt.date
KEYS = ["eligibility", "rubric", "success", "deadlines", "calendar", "units", "programmes", "statistics"]


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.key)
def test_no_family_has_overlapping_versions_or_gaps(family: LawFamily) -> None:
    assert check_family(family) == []


def test_the_check_finds_overlaps_and_gaps() -> None:
    def v(track: str, vid: str, a: dt.date, b: dt.date | None) -> LawVersion:
        return LawVersion(track, vid, a, b, "cite", "verified")

    bad = LawFamily("x", "x", "x", lambda: (
        v("t", "a", D(2020, 1, 1), D(2020, 12, 31)), v("t", "b", D(2020, 12, 31), None),
        v("u", "c", D(2020, 1, 1), D(2020, 6, 30)), v("u", "d", D(2020, 8, 1), None),
        v("w/1", "e", D(2020, 1, 1), D(2020, 6, 30)), v("w/1", "f", D(2020, 8, 1), None),
    ), gaps_allowed=("w/",))
    problems = check_family(bad)
    assert problems == [
        "x/t: a and b overlap from 2020-12-31",
        "x/u: gap from 2020-07-01 to 2020-07-31 between c and d",
    ]


def test_law_on_5_january_2027() -> None:
    report = law_on(D(2027, 1, 5), FAMILIES)
    assert [f.key for f in report.families] == KEYS
    by = {f.key: f for f in report.families}
    assert by["eligibility"].status == "provisional"
    assert [v.id for v in by["eligibility"].in_force] == ["art7-2027"]
    assert all(f.status in {"verified", "unverified", "provisional"} for f in report.families)
    # 2027's swaps are not in the data: the calendar says so.
    assert any(v.id == "swaps-2027" and v.status == "unverified" for v in by["calendar"].in_force)


def test_upcoming_changes_within_90_days() -> None:
    before = {f.key: f for f in law_on(D(2026, 11, 1), FAMILIES).families}
    assert [v.id for v in before["eligibility"].upcoming] == ["art7-2027"]
    assert "swaps-2027" in [v.id for v in before["calendar"].upcoming]
    summer = {f.key: f for f in law_on(D(2026, 8, 1)).families}
    assert [v.id.split(":")[0] + ":" + v.id.split(":")[1] for v in summer["units"].upcoming] == ["2025:22", "2025:24"]
    assert law_on(D(2026, 8, 1), horizon_days=0).families[0].upcoming == ()


@given(st.dates(D(2018, 1, 1), D(2040, 12, 31)))
@settings(max_examples=40, deadline=None)
def test_every_date_has_one_version_per_track(on: dt.date) -> None:
    report = law_on(on, FAMILIES)
    for fam, f in zip(FAMILIES, report.families, strict=True):
        # Nothing is in force only before a family's first text (the rubric of TT12 from
        # 12/10/2018, the success guidance from 01/01/2018): no gap later on.
        assert (f.status == "none") == (on < min(v.effective_from for v in fam.versions())), f.key
        tracks = [v.track for v in f.in_force]
        assert len(tracks) == len(set(tracks)), f.key


def test_json_form_is_stable_and_documented() -> None:
    data = to_json(law_on(D(2027, 1, 5), FAMILIES))
    assert data["schema"] == LAW_SCHEMA
    assert list(data) == ["schema", "on", "horizon_days", "families"]
    fam = data["families"][0]
    assert list(fam) == ["key", "label_vi", "label_en", "status", "in_force", "upcoming"]
    assert list(fam["in_force"][0]) == ["track", "id", "effective_from", "effective_to", "citation", "status", "note"]
    doc = (__import__("pathlib").Path(__file__).resolve().parents[2] / "docs" / "law-updates.md").read_text(encoding="utf-8")
    for key in [*data, *fam, *fam["in_force"][0]]:
        assert f"`{key}`" in doc, key


def test_cli_law_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["law", "--on", "2027-01-05", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["key"] for f in data["families"]] == KEYS
    assert all(f["status"] for f in data["families"])
    assert main(["law", "--on", "2027-01-05"]) == 0
    text = capsys.readouterr().out
    assert "tạm thời (provisional)" in text
    assert text == render_text(law_on(D(2027, 1, 5), FAMILIES))
    assert main(["law", "--on", "2027-13-01"]) == 2


def test_rule_families_do_not_need_the_reporting_layer() -> None:
    assert STATISTICS_FAMILY not in RULE_FAMILIES
    assert FAMILIES[: len(RULE_FAMILIES)] == RULE_FAMILIES


def test_the_success_family_dates_the_guidance_before_qd_1179() -> None:
    def ids(on: dt.date) -> list[tuple[str, str]]:
        fam = {f.key: f for f in law_on(on, FAMILIES).families}["success"]
        return [(v.id, v.status) for v in fam.in_force]

    assert ids(D(2019, 6, 1)) == [("earlier-letters", "unverified")]
    assert ids(D(2021, 6, 1)) == [("cv427-2020", "unverified")]
    assert ids(D(2022, 5, 15)) == [("cv427-2020", "unverified")]
    assert [i for i, _ in ids(D(2022, 5, 16))] == ["qd-1179-2022"]
