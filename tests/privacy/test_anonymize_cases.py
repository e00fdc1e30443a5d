"""Keyed pseudonymisation: personal data gone, statistics unchanged (tgpl.privacy.anonymize)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs
import pytest
from attrs import frozen
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.demo import DEMO_PROVINCE, generate
from tgpl.domain import (
    SENSITIVE,
    Accepted,
    AppraisalRecorded,
    Beneficiary,
    Case,
    DutyShift,
    Ended,
    EndKind,
    FileCode,
    Form,
    Grade,
    Group,
    LegalField,
    Proof,
    ProofKind,
    ProofSupplied,
    Provider,
    ProviderAssigned,
    ProviderKind,
    QualityReview,
    RefusalGround,
    Refused,
    RequestReceived,
    ReviewerLevel,
    Sex,
    SimpleAnswer,
    SuccessAssessed,
    Trigger,
    UnitRef,
    UnitScheme,
    at_vn,
    is_sensitive,
)
from tgpl.errors import InvalidRecordError
from tgpl.io.jsonl import read_jsonl, to_dict, write_jsonl
from tgpl.privacy.anonymize import (
    ACTIVITY,
    MIN_KEY_BYTES,
    PSEUDONYM_BITS,
    PSEUDONYM_PREFIX,
    STAFF,
    AnonymizeSummary,
    Pseudonymiser,
    anonymize_beneficiary,
    anonymize_case,
    anonymize_file,
    anonymize_record,
    anonymize_records,
    new_key,
)
from tgpl.reporting.aggregate import aggregate
from tgpl.reporting.indicators import compute_indicators
from tgpl.reporting.tally import Tally
from tgpl.reporting.windows import Window, quarter, year

KEY = b"tgpl-test-key-0123456789abcdef!!"
OTHER_KEY = b"another-key-for-tgpl-tests-00000"
P = Pseudonymiser(KEY)

# Keys as check_key accepts them: long enough, and of at least 16 distinct byte values.
keys = st.lists(st.integers(0, 255), min_size=MIN_KEY_BYTES, max_size=48, unique=True).map(bytes)
ids = st.text(min_size=1, max_size=30)

# ---------------------------------------------------------------- pseudonyms


@given(key=keys, value=ids)
def test_pseudonym_is_stable_tagged_and_short(key: bytes, value: str) -> None:
    a = Pseudonymiser(key).pseudonym(value)
    assert a == Pseudonymiser(bytes(key)).pseudonym(value)  # another instance, same key
    assert a.startswith(PSEUDONYM_PREFIX)
    body = a.removeprefix(PSEUDONYM_PREFIX)
    assert len(body) * 4 == PSEUDONYM_BITS
    assert set(body) <= set("0123456789abcdef")


@given(k1=keys, k2=keys, value=ids)
def test_another_key_gives_an_unrelated_pseudonym(k1: bytes, k2: bytes, value: str) -> None:
    if k1 != k2:
        assert Pseudonymiser(k1).pseudonym(value) != Pseudonymiser(k2).pseudonym(value)


@given(values=st.sets(ids, max_size=50))
def test_distinct_ids_stay_distinct(values: set[str]) -> None:
    assert len({P.pseudonym(v) for v in values}) == len(values)


def test_domains_are_separated_and_known_vector_is_fixed() -> None:
    assert P.pseudonym("TGV01") != P.pseudonym("TGV01", domain=STAFF)
    # A fixed vector: a change of the algorithm would silently break linkage across years.
    fixed = bytes(range(32))
    expected = hmac.new(fixed, b"beneficiary\x00NTG-06-0000001", hashlib.sha256).hexdigest()[:24]
    assert Pseudonymiser(fixed).pseudonym("NTG-06-0000001") == "p_" + expected
    assert expected == "2a835b456db97110fb6fc96e"


def test_key_is_checked_and_hidden() -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        Pseudonymiser(b"short")
    with pytest.raises(TypeError, match="bytes"):
        Pseudonymiser("a text key of enough length")  # type: ignore[arg-type]
    assert KEY.decode() not in repr(P)
    assert len(new_key()) == 32
    assert new_key() != new_key()
    with pytest.raises(TypeError, match="text ids"):
        P.pseudonym(123)  # type: ignore[arg-type]


# ---------------------------------------------------------------- hand-built cases

NAMES = ["Nguyễn Văn An", "Trần Thị Bích", "Lò Văn Dũng", "Hoàng Thị Én", "Ma Seo Chử"]
# Strategies are built once here: building them inside the composites is slow.
maybe_names = st.none() | st.builds(lambda n, i: f"{n} {i}", st.sampled_from(NAMES), st.integers(1000, 9999))
maybe_id_numbers = st.none() | st.integers(0, 10**11 - 1).map(lambda n: f"0{n:011d}")
days = st.dates(dt.date(2024, 1, 1), dt.date(2024, 12, 20))
maybe_days = st.none() | days
birth_dates = st.none() | st.dates(dt.date(1930, 1, 1), dt.date(2020, 12, 31))
birth_years = st.integers(1930, 2020)
sexes = st.sampled_from(list(Sex))
group_sets = st.frozensets(st.sampled_from(list(Group)), max_size=3)
proof_kinds = st.sampled_from(list(ProofKind))
issuers = st.sampled_from(["", "UBND xã Nà Phặc", "Công an huyện"])
forms = st.sampled_from(list(Form))
fields = st.sampled_from(list(LegalField))
grounds = st.sampled_from(list(RefusalGround))
provider_kinds = st.sampled_from(list(ProviderKind))
assessors = st.sampled_from(["", "Phạm Văn Giám"])


@st.composite
def beneficiaries(draw: st.DrawFn, bid: str) -> Beneficiary:
    name = draw(maybe_names)
    birth_date = draw(birth_dates)
    birth_year = birth_date.year if birth_date is not None and draw(st.booleans()) else None
    if birth_date is None and draw(st.booleans()):
        birth_year = draw(birth_years)
    proofs = tuple(
        Proof(draw(proof_kinds), description=f"sổ hộ nghèo của {name}" if name else "", issued_by=draw(issuers), issued_on=draw(maybe_days))
        for _ in range(draw(st.integers(0, 2)))
    )
    return Beneficiary(
        id=bid,
        sex=draw(sexes),
        birth_date=birth_date,
        birth_year=birth_year,
        groups=draw(group_sets),
        proofs=proofs,
        name=name,
        id_number=draw(maybe_id_numbers),
    )


@st.composite
def cases(draw: st.DrawFn, seq: int) -> Case:
    form = draw(forms)
    n = draw(st.integers(1, 3))
    people = tuple(draw(beneficiaries(f"BEN-{seq:04d}-{i}")) for i in range(n))
    start = draw(days)
    t = [at_vn(start + dt.timedelta(days=d), 9) for d in range(6)]
    events: list[Any] = [RequestReceived(on=t[0])]
    if draw(st.booleans()):
        who = next((b.name for b in people if b.name), "người yêu cầu")
        events.append(Refused(on=t[1], ground=draw(grounds), reason=f"Ông/bà {who} không thuộc diện"))
    else:
        provider = f"PRV-{draw(st.integers(1, 5))}"
        events += [
            Accepted(on=t[1]),
            ProofSupplied(on=t[1], proofs=(Proof(ProofKind.OTHER, description=f"giấy của {people[0].name}"),)),
            ProviderAssigned(on=t[2], provider_id=provider, provider_kind=draw(provider_kinds)),
        ]
        if draw(st.booleans()):
            events.append(Ended(on=t[3], outcome=EndKind.COMPLETED))
            events.append(AppraisalRecorded(on=t[4], review=QualityReview(
                reviewer=f"REV-{provider}", level=ReviewerLevel.ORGANISATION, trigger=Trigger.PLAN, scores={"1a": 10})))
            events.append(SuccessAssessed(on=t[5], successful=False, assessor=draw(assessors)))
    return Case(
        code=FileCode("TT", form, seq, 2024),
        organisation="TTTGPL-06",
        unit=UnitRef(UnitScheme.P2004, "06"),
        form=form,
        field=draw(fields),
        beneficiaries=people,
        events=tuple(events),
    )


_CASE_STRATEGIES = [cases(seq) for seq in range(1, 6)]
case_lists = st.integers(0, 5).flatmap(lambda n: st.tuples(*_CASE_STRATEGIES[:n]))


def _values(obj: Any) -> Iterable[tuple[Any, attrs.Attribute[Any], Any]]:
    """Every (owner, attribute, value) in a record tree."""
    if attrs.has(type(obj)):
        for a in attrs.fields(type(obj)):
            v = getattr(obj, a.name)
            yield obj, a, v
            yield from _values(v)
    elif isinstance(obj, tuple | frozenset | list):
        for x in obj:
            yield from _values(x)


def _counts(records: Iterable[Case]) -> Counter[tuple[Any, ...]]:
    """Counts per form, field, sex, groups and birth year — what reports break down by."""
    c: Counter[tuple[Any, ...]] = Counter()
    for case in records:
        c[("case", case.form, case.field, len(case.events))] += 1
        for b in case.beneficiaries:
            c[("person", case.form, case.field, b.sex, b.groups, b.known_birth_year, b.role, len(b.proofs))] += 1
    return c


def _stub_grader(review: QualityReview, form: Form, day: dt.date) -> Grade:
    return Grade.GOOD if review.scores.get("1a", 0) >= 10 else Grade.FAIL


WINDOWS: list[Window] = [year(2024), quarter(2024, 2), quarter(2024, 4)]


def _staff_pseudonyms(tally: Tally) -> Tally:
    """``tally`` with the TGV ids of ``tgv_litigation`` (the quota's per-TGV counts) replaced by
    their staff pseudonyms: what anonymisation does to provider ids, and all it changes."""
    counts = {
        (k[0], k[1], P.pseudonym(k[2], domain=STAFF), k[3]) if k[0] == "tgv_litigation" else k: n
        for k, n in tally.counts.items()
    }
    return Tally(counts, tally.sets)


@given(originals=case_lists)
def test_anonymised_cases_keep_statistics_and_lose_personal_data(originals: tuple[Case, ...]) -> None:
    anonymised = list(anonymize_records(originals, KEY))
    assert len(anonymised) == len(originals)
    assert _counts(anonymised) == _counts(originals)
    before = aggregate(originals, WINDOWS, grader=_stub_grader)
    after = aggregate(anonymised, WINDOWS, grader=_stub_grader)
    assert after == {w: _staff_pseudonyms(t) for w, t in before.items()}
    for w in WINDOWS:
        assert compute_indicators(after[w]) == compute_indicators(before[w])

    secrets_: set[str] = set()
    for orig, anon in zip(originals, anonymised, strict=True):
        assert anon.code == P.file_code(orig.code)
        assert (anon.code.form, anon.code.year) == (orig.code.form, orig.code.year)
        assert anon.organisation == P.organisation(orig.organisation) != orig.organisation
        for b0, b1 in zip(orig.beneficiaries, anon.beneficiaries, strict=True):
            assert b1.id == P.pseudonym(b0.id)
            assert b1.birth_date is None
            assert b1.birth_year == b0.known_birth_year
            secrets_ |= {b0.id} | {s for s in (b0.name, b0.id_number) if s}
        for owner, a, v in _values(anon):
            if is_sensitive(a):
                assert v is None, f"{type(owner).__name__}.{a.name}"
            if isinstance(owner, Refused) and a.name == "reason":
                assert v == ""
            if isinstance(owner, Proof) and a.name in ("description", "issued_by"):
                assert v == ""
            if isinstance(owner, ProviderAssigned) and a.name == "provider_id":
                assert v.startswith(PSEUDONYM_PREFIX)
            if isinstance(owner, QualityReview) and a.name == "reviewer":
                assert v.startswith(PSEUDONYM_PREFIX)
            if isinstance(owner, SuccessAssessed) and a.name == "assessor":
                assert v == "" or v.startswith(PSEUDONYM_PREFIX)
    # Scan the serialised text, with sensitive fields *included* on purpose.
    text = "\n".join(json.dumps(to_dict(c, include_sensitive=True), ensure_ascii=False) for c in anonymised)
    for s in secrets_ | {"BEN-", "PRV-", "Phạm Văn Giám", "Nà Phặc", *NAMES}:
        assert s not in text


@given(originals=case_lists)
def test_same_key_same_output_other_key_other_ids(originals: tuple[Case, ...]) -> None:
    a = list(anonymize_records(originals, KEY))
    assert list(anonymize_records(originals, Pseudonymiser(KEY))) == a
    b = list(anonymize_records(originals, OTHER_KEY))
    for x, y in zip(a, b, strict=True):
        assert {p.id for p in x.beneficiaries}.isdisjoint(p.id for p in y.beneficiaries)
    # anonymising is a function of the data: the anonymised data anonymise no further
    assert [attrs.evolve(c) for c in a] == a


def test_staff_option_keeps_provider_ids() -> None:
    case = Case(
        code=FileCode("TT", Form.ADVICE, 1, 2024), organisation="TTTGPL-06",
        unit=UnitRef(UnitScheme.P2004, "06"), form=Form.ADVICE, field=LegalField.LAND,
        beneficiaries=(Beneficiary("BEN-1", name="Lò Văn Dũng"),),
        events=(ProviderAssigned(on=at_vn(dt.date(2024, 3, 1), 9), provider_id="TGV07", provider_kind=ProviderKind.TGV),),
    )
    kept = anonymize_case(case, P, staff=False)
    assert kept.events == (attrs.evolve(case.events[0], on=at_vn(dt.date(2024, 3, 1))),)  # only the hour is gone
    assert kept.beneficiaries[0].name is None
    hidden = anonymize_case(case, P)
    ev = hidden.events[0]
    assert isinstance(ev, ProviderAssigned)
    assert ev.provider_id == P.pseudonym("TGV07", domain=STAFF)
    prov = anonymize_record(Provider("TGV07", ProviderKind.TGV), P)
    assert prov.id == ev.provider_id  # the registry and the cases still join
    with pytest.raises(TypeError):
        anonymize_case(prov, P)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        anonymize_record("not a record", P)
    with pytest.raises(TypeError):
        list(anonymize_records(["x"], P))


def test_beneficiary_birth_date_becomes_year() -> None:
    b = Beneficiary("BEN-1", birth_date=dt.date(2010, 5, 17), name="Ma Seo Chử", id_number="012345678901")
    out = anonymize_beneficiary(b, P)
    assert (out.birth_date, out.birth_year, out.name, out.id_number) == (None, 2010, None, None)
    assert out.id == P.pseudonym("BEN-1")


@frozen
class _FutureRecord:
    """A record type with a sensitive field tgpl does not know by name yet."""

    id: str
    phone: str | None = attrs.field(default=None, metadata={SENSITIVE: True})
    notes: tuple[_FutureNote, ...] = ()
    extra: dict[str, list[_FutureNote]] = attrs.field(factory=dict)


@frozen
class _FutureNote:
    text: str
    address: str | None = attrs.field(default=None, metadata={SENSITIVE: True})


def test_any_field_marked_sensitive_is_dropped_wherever_it_sits() -> None:
    rec = _FutureRecord("r1", phone="0912345678", notes=(_FutureNote("a", address="số 5 ngõ 7"), _FutureNote("b")))
    out = anonymize_record(rec, P)
    assert out.phone is None
    assert [n.address for n in out.notes] == [None, None]
    assert [n.text for n in out.notes] == ["a", "b"]
    assert out.notes[1] is rec.notes[1]  # untouched parts are shared, not copied
    deep = anonymize_record(_FutureRecord("r2", extra={"k": [_FutureNote("c", address="thôn Nà Ngần")]}), P)
    assert deep.extra["k"][0].address is None


# ---------------------------------------------------------------- demo data, real reporting


# Each example is a whole two-year province data set (≈ 50 ms), so fewer examples than the
# profile's 200; the hand-built property above covers the field-level variety.
@settings(max_examples=min(40, settings().max_examples))
@given(seed=st.integers(0, 10_000))
def test_demo_statistics_survive_anonymisation(seed: int) -> None:
    records = list(generate(
        seed=seed, province=DEMO_PROVINCE, start=dt.date(2024, 1, 1), end=dt.date(2025, 12, 31),
        cases_per_year=12, with_identities=True, activities=seed % 4 == 0,
    ))
    anonymised = list(anonymize_records(records, KEY))
    windows = [year(2024), year(2025), quarter(2025, 3)]
    before, after = aggregate(records, windows), aggregate(anonymised, windows)
    assert after == {w: _staff_pseudonyms(t) for w, t in before.items()}
    for w in windows:
        assert compute_indicators(after[w]) == compute_indicators(before[w])
    for r0, r1 in zip(records, anonymised, strict=True):
        if not isinstance(r0, Case):  # activities keep every figure; organisation and id are pseudonyms
            restored = {"id": r0.id, "organisation": r0.organisation}
            if isinstance(r0, DutyShift):  # the provider on duty is staff: a pseudonym too
                assert isinstance(r1, DutyShift)
                assert r1.provider != r0.provider
                restored["provider"] = r0.provider
            assert attrs.evolve(r1, **restored) == r0
            assert r1.organisation == P.organisation(r0.organisation)
    secrets_ = {
        s for r in records if isinstance(r, Case) for b in r.beneficiaries for s in (b.id, b.name, b.id_number) if s
    }
    assert secrets_  # the demo did fill identities
    text = "\n".join(json.dumps(to_dict(r), ensure_ascii=False) for r in anonymised)
    assert not [s for s in secrets_ if s in text]


# ---------------------------------------------------------------- files


def _demo_file(path: Path) -> list[Any]:
    records = list(generate(
        seed=7, province=DEMO_PROVINCE, start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30),
        cases_per_year=40, with_identities=True,
    ))
    write_jsonl(records, path)
    return records


def test_anonymize_file_streams_and_matches_in_memory(tmp_path: Path) -> None:
    src, dst = tmp_path / "cases.jsonl", tmp_path / "an_danh.jsonl"
    records = _demo_file(src)
    summary = anonymize_file(src, dst, KEY)
    assert attrs.evolve(summary, k_anonymity=None) == AnonymizeSummary(records=len(records), lines=len(records), errors=())
    assert summary.k_anonymity is not None
    assert summary.k_anonymity.persons == sum(len(r.beneficiaries) for r in records if isinstance(r, Case))
    text = dst.read_text(encoding="utf-8")
    for r in records:
        if isinstance(r, Case):
            for b in r.beneficiaries:
                assert b.id not in text
                assert b.name is None or b.name not in text
                assert b.id_number is None or b.id_number not in text
    with read_jsonl(dst, strict=True) as stream:
        back = list(stream)
    assert back == list(anonymize_records(records, KEY))
    # stable across runs: the same key writes the same bytes
    again = tmp_path / "again.jsonl"
    anonymize_file(src, again, Pseudonymiser(KEY))
    assert again.read_bytes() == dst.read_bytes()
    anonymize_file(src, again, OTHER_KEY)
    assert again.read_bytes() != dst.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.jsonl", "an_danh.jsonl", "cases.jsonl"]


def test_anonymize_file_with_bad_lines(tmp_path: Path) -> None:
    src, dst = tmp_path / "cases.jsonl", tmp_path / "out.jsonl"
    _demo_file(src)
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(2, '{"schema": "tgpl.case/1", "code": "TT.TV.01.2025", "name": "Lò Văn Dũng"\n')  # broken JSON
    lines.insert(5, '{"schema": "tgpl.nope/1"}\n')
    src.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InvalidRecordError) as info:
        anonymize_file(src, dst, KEY)
    assert info.value.line == 3
    assert any("1 more problem" in note for note in info.value.__notes__)
    assert not dst.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.jsonl"]
    summary = anonymize_file(src, dst, KEY, strict=False)
    assert [e.line for e in summary.errors] == [3, 6]
    assert summary.records == len(lines) - 2
    assert "Lò Văn Dũng" not in dst.read_text(encoding="utf-8")


def test_anonymize_file_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    src = tmp_path / "cases.jsonl"
    _demo_file(src)
    before = src.read_bytes()
    with pytest.raises(ValueError, match="same file"):
        anonymize_file(src, tmp_path / "." / "cases.jsonl", KEY)
    assert src.read_bytes() == before


def test_activity_passes_through() -> None:
    act = SimpleAnswer(id="SA-1", on=dt.date(2024, 1, 2), organisation="TTTGPL-06", unit=UnitRef(UnitScheme.P2004, "06"))
    anon = anonymize_record(act, P)
    assert anon == attrs.evolve(act, id=P.pseudonym("SA-1", domain=ACTIVITY), organisation=P.organisation("TTTGPL-06"))
