"""Tests of the domain values: code lists, units, file codes, beneficiaries, cases, events."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tgpl.domain import (
    MERGER_DATE,
    PROVINCES_2004,
    PROVINCES_2025,
    VN_TZ,
    Accepted,
    AdviceDeadlineExtended,
    Beneficiary,
    Case,
    Ended,
    EndKind,
    FileCode,
    Form,
    FormCodeWords,
    Grade,
    Group,
    LegalField,
    NotContinuedGround,
    Organisation,
    OrgKind,
    PersonRole,
    ProcedureRole,
    ProviderKind,
    Sex,
    SuccessAssessed,
    Tri,
    UnitRef,
    UnitScheme,
    at_vn,
    is_sensitive,
    predecessors,
    successor,
    unit,
    unit_on,
)
from tgpl.domain import enums as enums_module
from tgpl.domain.codes import CodeEnum
from tgpl.errors import InvalidRecordError, RuleNotInForceError, UnknownCodeError

ALL_CODE_ENUMS = [
    obj for obj in vars(enums_module).values() if isinstance(obj, type) and issubclass(obj, CodeEnum) and obj is not CodeEnum
]


@pytest.mark.parametrize("enum_cls", ALL_CODE_ENUMS, ids=lambda c: c.__name__)
def test_every_code_has_vietnamese_and_english_labels(enum_cls: type[CodeEnum]) -> None:
    for member in enum_cls:
        assert member.label_vi.strip(), member
        assert member.label_en.strip(), member
        assert isinstance(member.basis, str)
        assert enum_cls(member.value) is member


def test_groups_cover_every_clause_of_article_7_including_repealed_points() -> None:
    bases = " ".join(g.basis for g in Group)
    for clause in ["cl. 1", "cl. 2", "cl. 3", "cl. 4", "cl. 5", "cl. 6", "cl. 6a"]:
        assert f"Art 7 {clause}" in bases
    for point in ["pt a", "pt b", "pt c", "pt d", "pt đ", "pt e", "pt g", "pt h"]:
        assert f"cl. 7 {point}" in bases
    assert "repealed" in Group.JUVENILE_VICTIM.basis
    assert "repealed" in Group.TRAFFICKING_VICTIM_FINANCIAL.basis


def test_provider_forms_follow_law_articles_24_31_33() -> None:
    assert ProviderKind.COLLABORATOR.allowed_forms == {Form.ADVICE}
    assert ProviderKind.CONTRACTED_ORG_CONSULTANT.allowed_forms == {Form.ADVICE}
    assert ProviderKind.REGISTERED_ORG_CONSULTANT.allowed_forms == {Form.ADVICE}
    for kind in (ProviderKind.TGV, ProviderKind.CENTER_LAWYER, ProviderKind.CONTRACTED_ORG_LAWYER, ProviderKind.REGISTERED_ORG_LAWYER):
        assert kind.allowed_forms == set(Form)


def test_accused_roles_follow_the_criminal_procedure_code() -> None:
    accused = {r for r in PersonRole if r.is_accused}
    assert accused == {PersonRole.ARRESTED, PersonRole.IN_CUSTODY, PersonRole.SUSPECT, PersonRole.DEFENDANT}
    assert {r for r in PersonRole if r.is_detained} == {PersonRole.ARRESTED, PersonRole.IN_CUSTODY}


def test_grade_pass_or_better() -> None:
    assert [g.passes for g in Grade] == [True, True, True, False]


# --- administrative units -------------------------------------------------------------


def test_unit_tables_have_63_and_34_units_and_every_old_unit_has_one_successor() -> None:
    assert len(PROVINCES_2004) == 63
    assert len(PROVINCES_2025) == 34
    covered = [old for new in PROVINCES_2025 for old in predecessors(new)]
    assert sorted(covered) == sorted(PROVINCES_2004)
    for new in PROVINCES_2025:
        for old in predecessors(new):
            assert successor(old) == new


def test_merger_traps_codes_that_changed_territory() -> None:
    # 24 was Bắc Giang; from 01/07/2025 it names the merged Bắc Ninh.
    assert unit(UnitRef(UnitScheme.P2004, "24")).name == "Bắc Giang"
    assert unit(UnitRef(UnitScheme.P2025, "24")).name == "Bắc Ninh"
    assert successor(UnitRef(UnitScheme.P2004, "27")) == UnitRef(UnitScheme.P2025, "24")
    assert successor(UnitRef(UnitScheme.P2004, "06")).name == "Thái Nguyên"  # Bắc Kạn
    assert successor(UnitRef(UnitScheme.P2004, "95")).name == "Cà Mau"  # Bạc Liêu


def test_unit_on_reads_a_reference_at_a_date() -> None:
    bac_giang = UnitRef.parse("2004:24")
    assert unit_on(bac_giang, dt.date(2025, 6, 30)) == bac_giang
    assert unit_on(bac_giang, MERGER_DATE) == UnitRef.parse("2025:24")
    with pytest.raises(RuleNotInForceError):
        unit_on(UnitRef.parse("2025:24"), dt.date(2025, 6, 30))


def test_unit_references_need_a_scheme_and_a_known_code() -> None:
    with pytest.raises(UnknownCodeError, match="no scheme"):
        UnitRef.parse("24")
    with pytest.raises(UnknownCodeError):
        UnitRef.parse("2025:06")  # Bắc Kạn has no 2025 code of its own
    with pytest.raises(UnknownCodeError):
        UnitRef.parse("1999:01")


@given(st.sampled_from(sorted(PROVINCES_2004)), st.dates(dt.date(2018, 1, 1), dt.date(2030, 12, 31)))
def test_unit_on_is_idempotent_and_lands_in_the_scheme_in_force(ref: UnitRef, on: dt.date) -> None:
    read = unit_on(ref, on)
    assert unit_on(read, on) == read
    assert read.scheme is (UnitScheme.P2025 if on >= MERGER_DATE else UnitScheme.P2004)


def test_organisation_province_is_dated() -> None:
    center = Organisation(id="24-TT", kind=OrgKind.CENTER, name="Trung tâm TGPL nhà nước tỉnh Bắc Giang", province=UnitRef.parse("2004:24"))
    assert center.province_on(dt.date(2024, 12, 31)).name == "Bắc Giang"
    assert center.province_on(dt.date(2025, 7, 1)).name == "Bắc Ninh"


# --- file codes -------------------------------------------------------------------------


def test_file_code_examples_of_tt12_article_11() -> None:
    assert FileCode.parse("TT.TV.01.2018") == FileCode("TT", Form.ADVICE, 1, 2018)
    assert FileCode.parse("CN1.TGTT.01.2018") == FileCode("CN1", Form.LITIGATION, 1, 2018)
    assert str(FileCode("CN1", Form.LITIGATION, 7, 2022)) == "CN1.TGTT.07.2022"
    assert FileCode.parse("TT.DDNTT.3.2024").form is Form.REPRESENTATION
    assert str(FileCode.parse("TT.ĐDNTT.3.2024")) == "TT.ĐDNTT.03.2024"


def test_representation_code_word_is_configurable() -> None:
    words = FormCodeWords(words={Form.LITIGATION: "TGTT", Form.ADVICE: "TV", Form.REPRESENTATION: "DD"})
    code = FileCode.parse("TT.DD.05.2023", words)
    assert code.form is Form.REPRESENTATION
    assert code.format(words) == "TT.DD.05.2023"
    with pytest.raises(InvalidRecordError, match="unknown form word"):
        FileCode.parse("TT.DDNTT.05.2023", words)


@pytest.mark.parametrize("bad", ["", "TT.TV.01", "TT.XX.01.2018", "TT.TV.0.2018", "TT.TV.01.1899", "TT TV 01 2018", "TT.TV.a.2018"])
def test_bad_file_codes_are_rejected_with_the_field(bad: str) -> None:
    with pytest.raises(InvalidRecordError) as info:
        FileCode.parse(bad)
    assert info.value.path == "$.code"


@given(st.from_regex(r"\A(TT|CN[1-9])\Z"), st.sampled_from(list(Form)), st.integers(1, 99999), st.integers(2000, 2200))
def test_file_code_text_round_trips(org: str, form: Form, seq: int, year: int) -> None:
    code = FileCode(org, form, seq, year)
    assert FileCode.parse(str(code)) == code


# --- beneficiaries and cases -------------------------------------------------------------


def test_sensitive_fields_are_marked_and_hidden_from_repr() -> None:
    b = Beneficiary(id="b-1", name="Nguyễn Văn Bình", id_number="001234567890")
    assert "Nguyễn" not in repr(b)
    assert "001234567890" not in repr(b)
    import attrs

    marked = {a.name for a in attrs.fields(Beneficiary) if is_sensitive(a)}
    assert marked == {"name", "id_number"}


def test_age_from_birth_date_and_lower_bound_from_year() -> None:
    b = Beneficiary(id="b", birth_date=dt.date(2008, 3, 15))
    assert b.age_on(dt.date(2024, 3, 14)) == 15
    assert b.age_on(dt.date(2024, 3, 15)) == 16
    y = Beneficiary(id="y", birth_year=2008)
    assert y.age_on(dt.date(2024, 6, 1)) == 15
    assert y.age_on(dt.date(2024, 12, 31)) == 16
    assert Beneficiary(id="n").age_on(dt.date(2024, 1, 1)) is None
    with pytest.raises(ValueError, match="contradicts"):
        Beneficiary(id="c", birth_date=dt.date(2008, 1, 1), birth_year=2007)


@given(st.dates(dt.date(1920, 1, 1), dt.date(2025, 12, 31)), st.dates(dt.date(2018, 1, 1), dt.date(2030, 12, 31)))
def test_year_only_age_never_exceeds_the_true_age(born: dt.date, on: dt.date) -> None:
    exact = Beneficiary(id="e", birth_date=born).age_on(on)
    lower = Beneficiary(id="y", birth_year=born.year).age_on(on)
    assert exact is not None
    assert lower is not None
    assert lower <= exact <= lower + 1


def _case(**kw: object) -> Case:
    base: dict[str, object] = {
        "code": FileCode.parse("TT.TGTT.01.2022"),
        "organisation": "06-TT",
        "unit": UnitRef.parse("2004:06"),
        "form": Form.LITIGATION,
        "field": LegalField.CRIMINAL,
        "beneficiaries": (Beneficiary(id="b1", sex=Sex.MALE, ethnic_minority=Tri.YES),),
    }
    base.update(kw)
    return Case(**base)  # type: ignore[arg-type]


def test_case_header_is_validated() -> None:
    assert _case().id == "TT.TGTT.01.2022"
    with pytest.raises(ValueError, match="at least one beneficiary"):
        _case(beneficiaries=())
    with pytest.raises(ValueError, match="twice"):
        _case(beneficiaries=(Beneficiary(id="x"), Beneficiary(id="x")))
    with pytest.raises(ValueError, match="file code"):
        _case(form=Form.ADVICE)
    with pytest.raises(ValueError, match="only recorded for litigation"):
        _case(code=FileCode.parse("TT.TV.01.2022"), form=Form.ADVICE, role=ProcedureRole.DEFENCE_COUNSEL)


def test_with_events_appends_without_changing_the_original() -> None:
    case = _case()
    later = case.with_events(Accepted(on=at_vn(dt.date(2022, 1, 4), 9)))
    assert case.events == ()
    assert len(later.events) == 1


def test_events_need_aware_times_and_their_legal_details() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Accepted(on=dt.datetime(2022, 1, 4, 9, 0))
    assert Accepted(on=dt.datetime(2022, 1, 4, 9, tzinfo=VN_TZ)).on.utcoffset() == dt.timedelta(hours=7)
    with pytest.raises(ValueError, match=r"Art 30 cl\. 4"):
        Accepted(on=at_vn(dt.date(2022, 1, 4)), immediate=True)
    with pytest.raises(ValueError, match="Art 37"):
        Ended(on=at_vn(dt.date(2022, 1, 4)), outcome=EndKind.NOT_CONTINUED)
    with pytest.raises(ValueError, match="only recorded"):
        Ended(on=at_vn(dt.date(2022, 1, 4)), outcome=EndKind.COMPLETED, ground=NotContinuedGround.WITHDRAWN)
    with pytest.raises(ValueError, match="criterion"):
        SuccessAssessed(on=at_vn(dt.date(2022, 1, 4)), successful=True)
    with pytest.raises(ValueError, match="up to 30"):
        AdviceDeadlineExtended(on=at_vn(dt.date(2022, 1, 4)), total_days=31)


def test_code_lists_sharing_a_value_keep_their_own_labels() -> None:
    # StrEnum members compare and hash as their value ("other", "criminal", "unknown", …);
    # the label registry must still tell the code lists apart.
    from tgpl.domain import RefusalGround, SuccessGroup, TargetGroup, Trigger

    assert LegalField.OTHER.label_vi == "Lĩnh vực khác"
    assert TargetGroup.OTHER.label_vi == "Đối tượng khác"
    assert Trigger.OTHER.label_vi == "Trường hợp khác"
    assert all("Biểu 24" in f.basis for f in LegalField)
    assert SuccessGroup.CRIMINAL.basis.startswith("QĐ 1179")
    assert RefusalGround.NOT_ELIGIBLE.basis == "Law Art 30 cl. 3 pt a"
    shared = {m.value for e in ALL_CODE_ENUMS for m in e} & {"other", "criminal", "unknown", "not_eligible"}
    assert shared  # the collisions this test is about do exist
