"""The breakdowns national reports publish (tally schema ``tgpl.tally/2``): successes by
provider kind, criterion and legal field; litigation by procedural role; ``tgpl.tally/1``
files still read, their missing dimensions as unknown."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest

from tgpl.domain import (
    Accepted,
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
    ProcedureRole,
    ProviderAssigned,
    ProviderChanged,
    ProviderKind,
    Sex,
    SuccessAssessed,
    UnitRef,
    at_vn,
)
from tgpl.errors import InvalidRecordError
from tgpl.reporting import Tally, aggregate_one, compute_indicators, year
from tgpl.reporting.indicators import BUILTIN_RELATIONS
from tgpl.reporting.tally import SCHEMA, TABLES

UNIT = UnitRef.parse("2004:06")
V1 = Path(__file__).parent / "data" / "tally-v1-2022.json"
Y = year(2022)


def on(day: str) -> dt.datetime:
    return at_vn(dt.date.fromisoformat(day), 9)


def case(*events: Event, form: Form = Form.LITIGATION, role: ProcedureRole | None = None, seq: int = 1,
         persons: int = 1, fld: LegalField = LegalField.CRIMINAL) -> Case:
    bens = tuple(Beneficiary(f"p{i}", sex=Sex.MALE, groups=frozenset({Group.POOR_HOUSEHOLD})) for i in range(persons))
    return Case(code=FileCode("TT", form, seq, 2022), organisation="o", unit=UNIT, form=form, field=fld,
                beneficiaries=bens, role=role, events=events)


def test_litigation_is_counted_by_procedural_role_in_cases_and_persons() -> None:
    recs = [
        case(Accepted(on=on("2022-02-01")), role=ProcedureRole.DEFENCE_COUNSEL, persons=2),
        case(Accepted(on=on("2022-02-01")), Ended(on=on("2022-06-01"), outcome=EndKind.COMPLETED),
             role=ProcedureRole.VICTIM_PROTECTOR, seq=2),
        case(Accepted(on=on("2022-03-01")), seq=3),  # role not recorded
        case(Accepted(on=on("2022-03-01")), form=Form.ADVICE, seq=4),
    ]
    t = aggregate_one(recs, Y)
    assert t.breakdown("case", ["form", "role"], measure="accepted") == {
        ("litigation", "defence_counsel"): 1, ("litigation", "victim_protector"): 1,
        ("litigation", "unknown"): 1, ("advice", ""): 1,
    }
    v = compute_indicators(t)
    assert v["cases.accepted.litigation.defence_counsel"] == 1
    assert v["person_occasions.accepted.litigation.defence_counsel"] == 2
    assert v["cases.ended.litigation.victim_protector"] == 1
    assert v["cases.ended.litigation.defence_counsel"] == 0
    assert v["cases.handled.litigation.unknown"] == 1
    assert v["person_occasions.ended.litigation"] == 1
    assert v["cases.handled.litigation"] == 3


def test_a_success_is_keyed_by_criterion_and_the_provider_at_the_end() -> None:
    # The provider changes after the end: the change is not the provider at the end.
    c = case(
        Accepted(on=on("2022-01-10")),
        ProviderAssigned(on=on("2022-01-11"), provider_id="a", provider_kind=ProviderKind.TGV),
        ProviderChanged(on=on("2022-03-01"), provider_id="b", provider_kind=ProviderKind.CENTER_LAWYER,
                        ground=ChangeGround.OTHER),
        Ended(on=on("2022-05-01"), outcome=EndKind.COMPLETED),
        SuccessAssessed(on=on("2022-06-01"), successful=True, criterion="TC05"),
        role=ProcedureRole.DEFENCE_COUNSEL,
    )
    late = attrs.evolve(c, events=(*c.events[:4], ProviderChanged(
        on=on("2022-05-02"), provider_id="c", provider_kind=ProviderKind.CONTRACTED_ORG_LAWYER, ground=ChangeGround.OTHER),
        c.events[4]))
    for rec in (c, late):
        t = aggregate_one([rec], Y)
        assert t.breakdown("success", ["result", "criterion", "provider_kind", "field"]) == {
            ("successful", "TC05", "center_lawyer", "criminal"): 1}
        v = compute_indicators(t)
        assert v["success.provider.center_lawyer"] == v["success.criterion.tc05"] == v["success.field.criminal"] == 1
        assert v["success.provider.tgv"] == 0


def test_an_unsuccessful_assessment_has_no_criterion() -> None:
    c = case(Accepted(on=on("2022-01-10")), Ended(on=on("2022-05-01"), outcome=EndKind.COMPLETED),
             SuccessAssessed(on=on("2022-06-01"), successful=False))
    t = aggregate_one([c], Y)
    assert t.breakdown("success", ["result", "group", "criterion", "provider_kind"]) == {
        ("not_successful", "", "", "unassigned"): 1}


# -- tgpl.tally/1 files --------------------------------------------------------------------


def _v1() -> dict[str, object]:
    doc = json.loads(V1.read_text(encoding="utf-8"))
    assert doc["schema"] == "tgpl.tally/1"
    return doc


def test_a_v1_file_loads_with_the_missing_dimensions_unknown() -> None:
    doc = _v1()
    t = Tally.from_json(doc)
    tables = doc["tables"]
    assert isinstance(tables, dict)
    for name in ("case", "person", "success", "appraisal"):
        assert t.count(name) == sum(r[-1] for r in tables[name]["rows"])
    assert {r for (r,) in t.breakdown("case", ["role"], form="litigation")} == {"unknown"}
    assert {r for (r,) in t.breakdown("person", ["role"], form=("advice", "representation"))} == {""}
    assert t.breakdown("success", ["result", "criterion", "provider_kind"]) == {
        ("successful", "unknown", "unknown"): 1, ("not_successful", "", "unknown"): 9}
    v = compute_indicators(t)
    assert v["success.criterion.unknown"] == v["success.provider.unknown"] == v["success.litigation"] == 1
    assert v["cases.handled.litigation.unknown"] == v["cases.handled.litigation"] > 0
    for rel in BUILTIN_RELATIONS:
        if all(n in v for n in rel.names):
            assert rel.holds({n: int(v[n] or 0) for n in rel.names}), rel
    # Written back, it is a tgpl.tally/2 document that reads to the same tally.
    out = t.to_json()
    assert out["schema"] == SCHEMA == "tgpl.tally/2"
    assert out["tables"]["case"]["dims"] == list(TABLES["case"])
    assert Tally.from_json(json.loads(json.dumps(out))) == t


def test_a_v1_tally_merges_with_a_v2_tally() -> None:
    old = Tally.from_json(_v1())
    new = aggregate_one([case(Accepted(on=on("2022-02-01")), role=ProcedureRole.PARTY_PROTECTOR,
                              fld=LegalField.CIVIL)], Y)
    both = old + new
    assert both.count("case", measure="accepted", form="litigation") == (
        old.count("case", measure="accepted", form="litigation") + 1)
    assert both.count("case", measure="accepted", role="party_protector") == 1


def test_v1_and_v2_layouts_are_not_mixed() -> None:
    doc = _v1()
    tables = doc["tables"]
    assert isinstance(tables, dict)
    mixed = {"schema": "tgpl.tally/2", "tables": {"success": tables["success"]}}
    with pytest.raises(InvalidRecordError) as err:
        Tally.from_json(mixed)
    assert err.value.path == "$.tables.success.dims"
    short = {"schema": "tgpl.tally/1", "tables": {"success": {"dims": ["result", "group", "field", "unit"],
                                                              "rows": [["successful", "criminal", 1]]}}}
    with pytest.raises(InvalidRecordError) as err:
        Tally.from_json(short)
    assert err.value.path == "$.tables.success.rows[0]"


def test_a_success_before_qd_1179_counts_without_a_criterion_and_reports_say_so() -> None:
    from tgpl.domain import LegacySuccessBasis
    from tgpl.reporting.build import legacy_success_notice

    old = case(Accepted(on=on("2021-09-01")), Ended(on=on("2022-01-10"), outcome=EndKind.COMPLETED),
               SuccessAssessed(on=on("2022-03-01"), successful=True, legacy_basis=LegacySuccessBasis.CV427_2020),
               role=ProcedureRole.DEFENCE_COUNSEL)
    new = case(Accepted(on=on("2022-02-01")), Ended(on=on("2022-06-01"), outcome=EndKind.COMPLETED),
               SuccessAssessed(on=on("2022-07-01"), successful=True, criterion="TC05"), seq=2)
    t = aggregate_one([old, new], Y)
    assert t.breakdown("success", ["group", "criterion"], result="successful") == {("legacy", ""): 1, ("criminal", "TC05"): 1}
    v = compute_indicators(t)
    assert (v["success.litigation"], v["success.legacy"], v["success.criminal"]) == (2, 1, 1)
    assert v["success.criterion.tc05"] == 1
    for rel in BUILTIN_RELATIONS:
        if all(n in v for n in rel.names):
            assert rel.holds({n: int(v[n] or 0) for n in rel.names}), rel
    notice = legacy_success_notice(t)
    assert notice.startswith("Lưu ý: 1 vụ việc tham gia tố tụng thành công được đánh giá trước ngày 16/05/2022")
    assert "427/CTGPL-TC&QLCL" in notice
    assert "Note" not in notice  # Vietnamese only
    assert "successful" not in notice
    assert legacy_success_notice(aggregate_one([new], Y)) == ""


def test_requests_are_counted_by_channel_and_the_online_share_is_a_ratio_of_merged_counts() -> None:
    from tgpl.domain import OnlineServiceLevel, RefusalGround, Refused, RequestChannel

    online = attrs.evolve(case(Accepted(on=on("2022-02-01"))), channel=RequestChannel.ONLINE_PUBLIC_SERVICE,
                          online_level=OnlineServiceLevel.FULL)
    refused = attrs.evolve(case(Refused(on=on("2022-03-01"), ground=RefusalGround.NOT_ELIGIBLE), seq=2),
                           channel=RequestChannel.ONLINE_PUBLIC_SERVICE)
    post = attrs.evolve(case(Accepted(on=on("2022-02-01")), seq=3), channel=RequestChannel.POST)
    unknown = case(Accepted(on=on("2022-02-01")), seq=4)
    carried = attrs.evolve(case(Accepted(on=on("2021-12-01")), seq=5), channel=RequestChannel.IN_PERSON)
    a, b = aggregate_one([online, refused], Y), aggregate_one([post, unknown, carried], Y)
    v = compute_indicators(a + b)
    assert v["requests.received"] == 4  # the case carried over was received the year before
    assert (v["requests.channel.online_public_service"], v["requests.channel.post"], v["requests.channel.unknown"]) == (2, 1, 1)
    assert v["requests.channel.in_person"] == 0
    assert v["requests.online_share"] == 50.0
    for rel in BUILTIN_RELATIONS:
        if all(n in v for n in rel.names):
            assert rel.holds({n: int(v[n] or 0) for n in rel.names}), rel
    with pytest.raises(ValueError, match="online_level"):
        attrs.evolve(post, online_level=OnlineServiceLevel.PARTIAL)


def test_a_v1_file_reads_request_channels_as_unknown() -> None:
    t = Tally.from_json(_v1())
    assert {c for (c,) in t.breakdown("case", ["channel"])} == {"unknown"}
    assert {c for (c,) in t.breakdown("request", ["channel"])} <= {"unknown"}
    v = compute_indicators(t)
    assert v["requests.channel.unknown"] == v["requests.received"] > 0
    assert v["requests.online_share"] == 0.0
