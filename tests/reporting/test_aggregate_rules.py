"""The counting rules of aggregation, one by one, on hand-made cases."""

from __future__ import annotations

import datetime as dt

import pytest

from tgpl.domain import (
    Accepted,
    AppraisalRecorded,
    Beneficiary,
    Case,
    ChangeGround,
    Ended,
    EndKind,
    Event,
    FileCode,
    Form,
    Group,
    LegalField,
    OutreachSession,
    ProviderAssigned,
    ProviderChanged,
    ProviderKind,
    QualityReview,
    RefusalGround,
    Refused,
    RequestReceived,
    RequestSource,
    ReviewerLevel,
    Sex,
    TargetGroup,
    Trigger,
    UnitRef,
    at_vn,
)
from tgpl.errors import InvalidRecordError, UnknownCodeError
from tgpl.reporting import (
    Tally,
    aggregate,
    aggregate_one,
    compute_indicators,
    half,
    parse_window,
    year,
)
from tgpl.reporting.windows import custom as custom_window

UNIT = UnitRef.parse("2004:06")
GOOD = {"1a": 10, "1b": 10, "1c": 9, "2a": 5, "2b": 9, "2c": 19, "2d": 19, "2đ": 5, "3": 9}
WEAK = {"1a": 2, "1b": 2, "1c": 2, "2a": 1, "2b": 2, "2c": 5, "2d": 5, "2đ": 1, "3": 2}
H1 = parse_window("stats:2022-H1")  # 01/01–31/05/2022


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def case(*events: Event, form: Form = Form.LITIGATION, seq: int = 1, persons: int = 1,
         source: RequestSource = RequestSource.SELF, unit: UnitRef = UNIT) -> Case:
    bens = tuple(Beneficiary(f"p{i}", sex=Sex.FEMALE, groups=frozenset({Group.POOR_HOUSEHOLD})) for i in range(persons))
    return Case(code=FileCode("TT", form, seq, 2021), organisation="o", unit=unit, form=form,
                field=LegalField.CRIMINAL, beneficiaries=bens, source=source, events=events)


def flows(t: Tally) -> dict[str, int]:
    v = compute_indicators(t)
    return {k: int(v[f"cases.{k}"] or 0) for k in ("carried_over", "accepted", "handled", "ended", "open_at_end")}


def test_carried_over_means_accepted_before_and_not_ended_before_the_start() -> None:
    c_before_ends_on_start = case(Accepted(on=at_vn(d("2021-12-31"), 9)), Ended(on=at_vn(d("2022-01-01"), 9), outcome=EndKind.COMPLETED))
    c_ended_before = case(Accepted(on=at_vn(d("2021-11-02"), 9)), Ended(on=at_vn(d("2021-12-31"), 23, 59), outcome=EndKind.COMPLETED), seq=2)
    c_open = case(Accepted(on=at_vn(d("2021-11-02"), 9)), seq=3)
    c_new_last_day = case(Accepted(on=at_vn(d("2022-05-31"), 23, 59)), seq=4)
    c_june = case(Accepted(on=at_vn(d("2022-06-01"), 0, 0)), seq=5)
    t = aggregate_one([c_before_ends_on_start, c_ended_before, c_open, c_new_last_day, c_june], H1)
    assert flows(t) == {"carried_over": 2, "accepted": 1, "handled": 3, "ended": 1, "open_at_end": 2}


def test_dates_are_read_in_vietnam_time() -> None:
    # 31/12/2021 20:00 UTC is 01/01/2022 03:00 in Hà Nội: accepted in the window, not carried over.
    utc = dt.datetime(2021, 12, 31, 20, 0, tzinfo=dt.UTC)
    t = aggregate_one([case(Accepted(on=utc))], H1)
    assert flows(t)["accepted"] == 1


def test_refused_requests_are_not_cases() -> None:
    refused = case(RequestReceived(on=at_vn(d("2022-03-01"), 8)), Refused(on=at_vn(d("2022-03-02"), 8), ground=RefusalGround.NOT_ELIGIBLE))
    t = aggregate_one([refused], H1)
    v = compute_indicators(t)
    assert v["cases.handled"] == 0
    assert v["person_occasions.handled"] == 0
    assert v["requests.refused"] == 1


def test_each_beneficiary_is_one_person_occasion() -> None:
    t = aggregate_one([case(Accepted(on=at_vn(d("2022-02-01"), 9)), persons=3)], H1)
    v = compute_indicators(t)
    assert (v["cases.accepted"], v["person_occasions.accepted"], v["person_occasions.handled.female"]) == (1, 3, 3)


def test_provider_kind_is_the_last_assigned_by_the_window_end() -> None:
    c = case(
        Accepted(on=at_vn(d("2022-01-10"), 9)),
        ProviderAssigned(on=at_vn(d("2022-01-11"), 9), provider_id="a", provider_kind=ProviderKind.TGV),
        ProviderChanged(on=at_vn(d("2022-07-01"), 9), provider_id="b", provider_kind=ProviderKind.CENTER_LAWYER, ground=ChangeGround.OTHER),
    )
    out = aggregate([c], [H1, year(2022)])
    assert out[H1].breakdown("case", ["provider_kind"], measure="accepted") == {("tgv",): 1}
    assert out[year(2022)].breakdown("case", ["provider_kind"], measure="accepted") == {("center_lawyer",): 1}
    unassigned = aggregate_one([case(Accepted(on=at_vn(d("2022-01-10"), 9)))], H1)
    assert unassigned.breakdown("case", ["provider_kind"], measure="accepted") == {("unassigned",): 1}


def _appraisal(day: str, scores: dict[str, int]) -> AppraisalRecorded:
    return AppraisalRecorded(on=at_vn(d(day), 9), review=QualityReview("r", ReviewerLevel.ORGANISATION, Trigger.PLAN, scores))


def test_latest_appraisal_in_the_window_counts_once() -> None:
    c = case(
        Accepted(on=at_vn(d("2021-10-01"), 9)), Ended(on=at_vn(d("2021-12-01"), 9), outcome=EndKind.COMPLETED),
        _appraisal("2022-02-01", WEAK), _appraisal("2022-03-01", GOOD), _appraisal("2022-07-01", WEAK),
    )
    out = aggregate([c], [H1, half(2022, 2)])
    v1, v2 = compute_indicators(out[H1]), compute_indicators(out[half(2022, 2)])
    # Appraised in the window although it ended before it (appraisal is its own flow).
    assert (v1["appraisal.appraised"], v1["appraisal.pass_or_better"], v1["appraisal.grade.good"]) == (1, 1, 1)
    assert v1["appraisal.pass_or_better_share"] == 100.0
    assert (v2["appraisal.appraised"], v2["appraisal.pass_or_better"], v2["appraisal.grade.fail"]) == (1, 0, 1)
    assert v2["appraisal.pass_or_better_share"] == 0.0


def test_ratios_are_none_without_a_denominator() -> None:
    v = compute_indicators(Tally.empty())
    assert v["appraisal.pass_or_better_share"] is None
    assert v["success.share"] is None
    assert v["referrals.procedure_body_notice.litigation_share"] is None
    assert v["cases.handled"] == 0


def test_referral_share_is_computed_from_merged_counts() -> None:
    notice = [case(Accepted(on=at_vn(d("2022-02-01"), 9)), seq=i, source=RequestSource.PROCEDURE_BODY_NOTICE) for i in range(1, 4)]
    other = [case(Accepted(on=at_vn(d("2022-02-01"), 9)), seq=9, source=RequestSource.SELF, unit=UnitRef.parse("2004:19"))]
    a, b = aggregate_one(notice, H1), aggregate_one(other, H1)
    # 100 % in one province and 0 % in the other: the merged share is 3/4, not the mean 50 %.
    assert compute_indicators(a + b)["referrals.procedure_body_notice.litigation_share"] == 75.0


def test_outreach_communes_are_distinct_and_merge_by_union() -> None:
    def session(i: int, commune: str, target: TargetGroup) -> OutreachSession:
        return OutreachSession(id=f"s{i}", on=d("2022-03-01"), organisation="o", unit=UNIT, commune=commune, target=target, attendees=10, leaflets=5)

    a = aggregate_one([session(1, "A", TargetGroup.WOMEN), session(2, "B", TargetGroup.WOMEN)], H1)
    b = aggregate_one([session(3, "A", TargetGroup.WOMEN), session(4, "A", TargetGroup.GENERAL)], H1)
    v = compute_indicators(a + b)
    assert (v["outreach.sessions"], v["outreach.communes"], v["outreach.women.communes"], v["outreach.general.communes"]) == (4, 2, 2, 1)
    assert compute_indicators(a)["outreach.communes"] + compute_indicators(b)["outreach.communes"] == 3  # type: ignore[operator]


def test_as_of_ignores_later_events() -> None:
    c = case(Accepted(on=at_vn(d("2022-01-10"), 9)), Ended(on=at_vn(d("2022-05-20"), 9), outcome=EndKind.COMPLETED))
    t = aggregate_one([c], H1, as_of=d("2022-05-10"))
    assert flows(t) == {"carried_over": 0, "accepted": 1, "handled": 1, "ended": 0, "open_at_end": 1}


def test_inconsistent_events_name_the_case_and_the_path() -> None:
    c = case(Ended(on=at_vn(d("2022-01-10"), 9), outcome=EndKind.COMPLETED))
    with pytest.raises(InvalidRecordError) as err:
        aggregate_one([c], H1)
    assert err.value.record_id == "TT.TGTT.01.2021"
    assert err.value.path == "$.events[0]"
    c2 = case(Accepted(on=at_vn(d("2022-01-10"), 9)), Ended(on=at_vn(d("2022-01-09"), 9), outcome=EndKind.COMPLETED))
    with pytest.raises(InvalidRecordError, match="before its acceptance"):
        aggregate_one([c2], H1)
    with pytest.raises(InvalidRecordError, match="cannot aggregate"):
        aggregate_one(["not a record"], H1)


def test_tally_json_errors_name_the_path() -> None:
    with pytest.raises(InvalidRecordError) as err:
        Tally.from_json({"schema": "tgpl.tally/3"})
    assert err.value.path == "$.schema"
    with pytest.raises(UnknownCodeError):
        Tally.from_json({"schema": "tgpl.tally/1", "tables": {"nope": {"dims": [], "rows": []}}})
    bad_row = {"schema": "tgpl.tally/1", "tables": {"reception": {"dims": ["unit"], "rows": [["2004:06", -1]]}}}
    with pytest.raises(InvalidRecordError) as err:
        Tally.from_json(bad_row)
    assert err.value.path == "$.tables.reception.rows[0][1]"
    with pytest.raises(UnknownCodeError):
        Tally.empty().count("case", colour="red")


def test_custom_windows_work_too() -> None:
    t = aggregate_one([case(Accepted(on=at_vn(d("2022-02-01"), 9)))], custom_window(d("2022-02-01"), d("2022-02-01")))
    assert flows(t)["accepted"] == 1
