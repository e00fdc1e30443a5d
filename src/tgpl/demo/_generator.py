"""The seeded generator behind :func:`tgpl.demo.generate` (see that function for the contract)."""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import random
from collections.abc import Iterator, Sequence
from typing import Generic, TypeVar

from tgpl.demo._calendar import DAY, MINUTES, Calendar
from tgpl.demo._names import (
    COMMUNES,
    FAMILY_NAMES,
    GIVEN_FEMALE,
    GIVEN_MALE,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
)
from tgpl.domain import (
    ONLINE_HEARINGS_FROM,
    Accepted,
    Activity,
    AdviceDeadlineExtended,
    AdviceGiven,
    AppraisalRecorded,
    Archived,
    Beneficiary,
    Case,
    ChangeGround,
    ComplaintDecided,
    ComplaintLevel,
    ComplaintLodged,
    ComplaintSubject,
    CouncilActivity,
    CouncilActivityKind,
    DutyMode,
    DutyPlaceKind,
    DutyShift,
    Ended,
    EndKind,
    EvaluationRecorded,
    Event,
    FileCode,
    FileHandedOver,
    FinancialBasis,
    Form,
    Grade,
    Group,
    HearingAttended,
    HearingMode,
    ImmediateReason,
    LegalField,
    MobileTrip,
    NotContinuedGround,
    OnlineServiceLevel,
    Organisation,
    OrgKind,
    OutreachSession,
    PersonRole,
    ProcedureRole,
    Proof,
    ProofKind,
    ProofSupplied,
    Provider,
    ProviderAssigned,
    ProviderChanged,
    ProviderChangeDeclined,
    ProviderChangeRequested,
    ProviderKind,
    QualityReview,
    Reception,
    RefusalGround,
    Refused,
    RegistrationRefusal,
    RegistrationRefused,
    RequestChannel,
    RequestReceived,
    RequestSource,
    ReviewerLevel,
    Sex,
    SimpleAnswer,
    SuccessAssessed,
    TargetGroup,
    Training,
    TransferReason,
    Transferred,
    Tri,
    TrialInstance,
    Trigger,
    UnitRef,
    UnitScheme,
    unit,
    unit_on,
)
from tgpl.rules.programmes import programmes_on
from tgpl.rules.success import RECORDED_FROM, legacy_basis_on

__all__ = [
    "CRITERIA_MAX",
    "SUCCESS_CRITERIA_FROM",
    "Generator",
    "demo_organisations",
    "demo_providers",
    "groups_in_force",
]

T = TypeVar("T")


class _Cut(Exception):
    """Raised when a history reaches the data cut-off: the rest has not happened yet."""


class Weighted(Generic[T]):
    """A weighted choice driven by one uniform draw (faster than ``random.choices``)."""

    __slots__ = ("_cum", "_total", "_values")

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        pairs = [(v, w) for v, w in pairs if w > 0]
        self._values = tuple(v for v, _ in pairs)
        cum: list[float] = []
        acc = 0.0
        for _, w in pairs:
            acc += w
            cum.append(acc)
        self._cum = cum
        self._total = acc

    def pick(self, u: float) -> T:
        return self._values[bisect.bisect_right(self._cum, u * self._total)]


# --- the law as the generator needs it -----------------------------------------------------

_D_6A = dt.date(2025, 7, 1)  # Law 53/2024/QH15 Art 61: cl. 6a added, cl. 7 pt g repealed
_D_CL5 = dt.date(2026, 1, 1)  # Law 59/2024/QH15 Art 177 cl. 6: cl. 5 rewritten, cl. 7 pt đ repealed
_D_2027 = dt.date(2027, 1, 1)  # amending law of 2026 (provisional, text UNVERIFIED)

#: First day the QĐ 1179/QĐ-BTP criteria of a successful litigation case apply.
SUCCESS_CRITERIA_FROM = dt.date(2022, 5, 16)

#: TT12 Art 16 (as amended by TT03/2021) criteria and their maximum points.
CRITERIA_MAX: dict[str, int] = {
    "1a": 10, "1b": 10, "1c": 10, "2a": 5, "2b": 10, "2c": 20, "2d": 20, "2đ": 5, "3": 10,
}
_CRITERIA = tuple(CRITERIA_MAX)
_ADVICE_NA = frozenset({"2d", "3"})  # docs/sources.md, note D.1: do not fit advice


def groups_in_force(on: dt.date) -> frozenset[Group]:
    """The Law Art 7 groups the generator may record for a request received on ``on``.

    Cl. 6a only from 01/07/2025 and cl. 7 pt g only before (Law 53/2024/QH15 Art 61);
    cl. 7 pt đ only before 01/01/2026 (Law 59/2024/QH15 Art 177 cl. 6); the two groups of
    the 2026 amending law only from 01/01/2027 (provisional). Eligibility itself is decided
    by :mod:`tgpl.rules`; this is only what the demo data may contain.
    """
    out = set(Group) - {Group.NEAR_POOR, Group.SOCIAL_ALLOWANCE}
    if on < _D_6A:
        out.discard(Group.TRAFFICKING_VICTIM)
    else:
        out.discard(Group.TRAFFICKING_VICTIM_FINANCIAL)
    if on >= _D_CL5:
        out.discard(Group.JUVENILE_VICTIM)
    if on >= _D_2027:
        out |= {Group.NEAR_POOR, Group.SOCIAL_ALLOWANCE}
    return frozenset(out)


_FINANCIAL_GROUPS = frozenset({
    Group.MARTYR_RELATIVE, Group.AGENT_ORANGE, Group.ELDERLY, Group.DISABILITY,
    Group.JUVENILE_VICTIM, Group.DOMESTIC_VIOLENCE_VICTIM, Group.TRAFFICKING_VICTIM_FINANCIAL,
    Group.HIV,
})

_P = {k: Proof(k) for k in ProofKind}
# TT08 Art 33 (as amended): the group's own proof; cl. 7 groups add a financial proof.
_GROUP_PROOF: dict[Group, tuple[Proof, ...]] = {
    Group.MERITORIOUS: (_P[ProofKind.MERIT_RECOGNITION],),
    Group.POOR_HOUSEHOLD: (_P[ProofKind.POOR_HOUSEHOLD_CERTIFICATE],),
    Group.CHILD: (_P[ProofKind.BIRTH_CERTIFICATE_OR_ID],),
    Group.ETHNIC_MINORITY_DIFFICULT_AREA: (_P[ProofKind.ETHNICITY_RESIDENCE_DOCUMENT],),
    Group.JUVENILE_16_18: (_P[ProofKind.PROCEDURE_BODY_DOCUMENT],),
    Group.ACCUSED_NEAR_POOR: (_P[ProofKind.NEAR_POOR_CERTIFICATE], _P[ProofKind.PROCEDURE_BODY_DOCUMENT]),
    Group.TRAFFICKING_VICTIM: (_P[ProofKind.TRAFFICKING_VICTIM_CERTIFICATION],),
    Group.MARTYR_RELATIVE: (_P[ProofKind.MARTYR_RELATIONSHIP],),
    Group.AGENT_ORANGE: (_P[ProofKind.AGENT_ORANGE_CERTIFICATE],),
    Group.ELDERLY: (_P[ProofKind.AGE_PROOF],),
    Group.DISABILITY: (_P[ProofKind.DISABILITY_CERTIFICATE],),
    Group.JUVENILE_VICTIM: (_P[ProofKind.PROCEDURE_BODY_DOCUMENT],),
    Group.DOMESTIC_VIOLENCE_VICTIM: (_P[ProofKind.MEDICAL_CERTIFICATE],),
    Group.TRAFFICKING_VICTIM_FINANCIAL: (_P[ProofKind.TRAFFICKING_VICTIM_CERTIFICATION],),
    Group.HIV: (_P[ProofKind.HIV_CERTIFICATION],),
    Group.NEAR_POOR: (_P[ProofKind.NEAR_POOR_CERTIFICATE],),
    Group.SOCIAL_ALLOWANCE: (_P[ProofKind.SOCIAL_ALLOWANCE_DECISION],),
}
_FIN_PROOF = {
    FinancialBasis.NEAR_POOR_HOUSEHOLD: _P[ProofKind.NEAR_POOR_CERTIFICATE],
    FinancialBasis.MONTHLY_SOCIAL_ALLOWANCE: _P[ProofKind.SOCIAL_ALLOWANCE_DECISION],
}

# Age bands: (lowest, highest) whole years on the request date.
_CHILD, _JUV, _ADULT, _ELDER = (13, 15), (16, 17), (18, 59), (60, 88)

# Role classes of the people in a case.
_ACCUSED, _VICTIM, _CIVIL = 0, 1, 2


def _profiles(role_class: int, on: dt.date) -> Weighted[tuple[Group, tuple[int, int]]]:
    """Primary group and age band of a beneficiary, weighted like a northern mountain province."""
    juv_victim = Group.JUVENILE_VICTIM if on < _D_CL5 else Group.JUVENILE_16_18
    trafficking = Group.TRAFFICKING_VICTIM_FINANCIAL if on < _D_6A else Group.TRAFFICKING_VICTIM
    y27 = 1.0 if on >= _D_2027 else 0.0
    table: list[tuple[tuple[Group, tuple[int, int]], float]]
    if role_class == _ACCUSED:
        table = [
            ((Group.ETHNIC_MINORITY_DIFFICULT_AREA, _ADULT), 40), ((Group.POOR_HOUSEHOLD, _ADULT), 15),
            ((Group.ACCUSED_NEAR_POOR, _ADULT), 20), ((Group.JUVENILE_16_18, _JUV), 8),
            ((Group.CHILD, _CHILD), 3), ((Group.MERITORIOUS, _ADULT), 2),
            ((Group.DISABILITY, _ADULT), 3), ((Group.HIV, _ADULT), 4), ((Group.ELDERLY, _ELDER), 2),
            ((Group.AGENT_ORANGE, _ADULT), 1), ((Group.MARTYR_RELATIVE, _ELDER), 1),
        ]
    elif role_class == _VICTIM:
        table = [
            ((Group.CHILD, (6, 15)), 25), ((juv_victim, _JUV), 10), ((trafficking, _ADULT), 5),
            ((Group.DOMESTIC_VIOLENCE_VICTIM, _ADULT), 12), ((Group.ETHNIC_MINORITY_DIFFICULT_AREA, _ADULT), 25),
            ((Group.POOR_HOUSEHOLD, _ADULT), 10), ((Group.ELDERLY, _ELDER), 5),
            ((Group.DISABILITY, _ADULT), 5), ((Group.MERITORIOUS, _ADULT), 2),
        ]
    else:
        table = [
            ((Group.ETHNIC_MINORITY_DIFFICULT_AREA, _ADULT), 35), ((Group.POOR_HOUSEHOLD, _ADULT), 15),
            ((Group.MERITORIOUS, _ELDER), 6), ((Group.MARTYR_RELATIVE, _ELDER), 4),
            ((Group.AGENT_ORANGE, _ADULT), 3), ((Group.ELDERLY, _ELDER), 10),
            ((Group.DISABILITY, _ADULT), 10), ((Group.DOMESTIC_VIOLENCE_VICTIM, _ADULT), 7),
            ((Group.HIV, _ADULT), 2), ((Group.CHILD, (6, 15)), 3), ((trafficking, _ADULT), 1),
            ((Group.NEAR_POOR, _ADULT), 5 * y27), ((Group.SOCIAL_ALLOWANCE, _ELDER), 4 * y27),
        ]
    return Weighted(table)


def _era(on: dt.date) -> int:
    return (on >= _D_6A) + (on >= _D_CL5) + (on >= _D_2027)


_FORM = Weighted([(Form.LITIGATION, 65), (Form.ADVICE, 28), (Form.REPRESENTATION, 7)])
_FIELD = {
    Form.LITIGATION: Weighted([
        (LegalField.CRIMINAL, 75), (LegalField.CIVIL, 8), (LegalField.MARRIAGE_FAMILY, 5),
        (LegalField.ADMINISTRATIVE, 3), (LegalField.LAND, 5), (LegalField.LABOUR, 1), (LegalField.OTHER, 3),
    ]),
    Form.ADVICE: Weighted([
        (LegalField.CIVIL, 25), (LegalField.MARRIAGE_FAMILY, 20), (LegalField.LAND, 25),
        (LegalField.ADMINISTRATIVE, 8), (LegalField.LABOUR, 5), (LegalField.CRIMINAL, 7), (LegalField.OTHER, 10),
    ]),
    Form.REPRESENTATION: Weighted([
        (LegalField.LAND, 40), (LegalField.ADMINISTRATIVE, 25), (LegalField.CIVIL, 15),
        (LegalField.MARRIAGE_FAMILY, 10), (LegalField.LABOUR, 5), (LegalField.OTHER, 5),
    ]),
}
_S = RequestSource
_SOURCE_CRIMINAL = Weighted([
    (_S.PROCEDURE_BODY_NOTICE, 70), (_S.PROCEDURE_BODY_INFORMATION, 5), (_S.SELF, 7), (_S.RELATIVE, 7),
    (_S.COURT_DUTY, 3), (_S.INVESTIGATION_DUTY, 3), (_S.TRANSFER, 2), (_S.COMMUNE_REFERRAL, 1),
    (_S.OTHER_PERSON, 1), (_S.UNKNOWN, 1),
])
_SOURCE_CIVIL_LIT = Weighted([
    (_S.SELF, 43), (_S.RELATIVE, 15), (_S.PROCEDURE_BODY_NOTICE, 20), (_S.COMMUNE_REFERRAL, 10),
    (_S.OTHER_PERSON, 5), (_S.TRANSFER, 4), (_S.COURT_DUTY, 1), (_S.UNKNOWN, 2),
])
_SOURCE_OTHER = Weighted([
    (_S.SELF, 58), (_S.RELATIVE, 15), (_S.COMMUNE_REFERRAL, 15), (_S.OTHER_PERSON, 5),
    (_S.TRANSFER, 3), (_S.UNKNOWN, 4),
])
_ACCUSED_ROLE = Weighted([
    (PersonRole.DEFENDANT, 45), (PersonRole.SUSPECT, 35), (PersonRole.IN_CUSTODY, 12), (PersonRole.ARRESTED, 5),
])
# From 01/01/2026 cl. 5 also covers juveniles who are reported, recommended for prosecution
# or held in an emergency (Law 59/2024/QH15 Art 177 cl. 6).
_JUVENILE_ROLE_2026 = Weighted([
    (PersonRole.DEFENDANT, 40), (PersonRole.SUSPECT, 30), (PersonRole.IN_CUSTODY, 10), (PersonRole.ARRESTED, 5),
    (PersonRole.EMERGENCY_HELD, 5), (PersonRole.REPORTED, 5), (PersonRole.RECOMMENDED_FOR_PROSECUTION, 5),
])
_N_BENEFICIARIES = Weighted([(1, 86), (2, 10), (3, 4)])
_REFUSAL = Weighted([
    (RefusalGround.NOT_ELIGIBLE, 60), (RefusalGround.ACCEPTED_ELSEWHERE, 20),
    (RefusalGround.UNLAWFUL_REQUEST, 15), (RefusalGround.BENEFICIARY_DIED, 5),
])
_REFUSAL_TEXT = {
    RefusalGround.NOT_ELIGIBLE: "Không thuộc diện người được trợ giúp pháp lý (Điều 7 Luật TGPL)",
    RefusalGround.ACCEPTED_ELSEWHERE: "Vụ việc đã được tổ chức thực hiện TGPL khác thụ lý",
    RefusalGround.UNLAWFUL_REQUEST: "Yêu cầu trợ giúp pháp lý trái pháp luật",
    RefusalGround.BENEFICIARY_DIED: "Người được trợ giúp pháp lý đã chết",
}
_NOT_CONTINUED = Weighted([
    (NotContinuedGround.WITHDRAWN, 60), (NotContinuedGround.REFUSAL_GROUND_EMERGED, 25),
    (NotContinuedGround.BENEFICIARY_PROHIBITED_ACT, 15),
])
_CHANGE = Weighted([
    (ChangeGround.BENEFICIARY_REQUEST, 35), (ChangeGround.REGISTRATION_REFUSED, 30),
    (ChangeGround.MAY_NOT_CONTINUE, 10), (ChangeGround.MUST_REFUSE, 15), (ChangeGround.OTHER, 10),
])
_GRADE = Weighted([(Grade.GOOD, 78), (Grade.FAIRLY_GOOD, 14), (Grade.PASS, 7.5), (Grade.FAIL, 0.5)])
# Points lost from 100 for each grade (TT12 Art 17 thresholds 90 / 70 / 50).
_LOSS = {Grade.GOOD: (0, 8), Grade.FAIRLY_GOOD: (11, 28), Grade.PASS: (31, 48), Grade.FAIL: (52, 65)}
_TC = Weighted([("TC01", 10), ("TC02", 10), ("TC03", 10), ("TC04", 5), ("TC05", 35), ("TC06", 30)])
_TC_CIVIL = Weighted([("TC20", 30), ("TC21", 25), ("TC22", 15), ("TC23", 10), ("TC24", 10), ("TC25", 5), ("TC26", 5)])
_TC_ADMINISTRATIVE = Weighted([("TC27", 40), ("TC28", 30), ("TC29", 20), ("TC30", 10)])
_TARGET = Weighted([
    (TargetGroup.GENERAL, 45), (TargetGroup.DISABLED_IN_FINANCIAL_DIFFICULTY, 20), (TargetGroup.WOMEN, 10),
    (TargetGroup.ETHNIC_MINORITIES, 10), (TargetGroup.CHILDREN, 5), (TargetGroup.ELDERLY, 5),
    (TargetGroup.DETAINEES, 3), (TargetGroup.OTHER, 2),
])
_FAMILY = Weighted(list(FAMILY_NAMES))
# Relative request volume by month (Tết in January/February, year-end push in November/December).
_MONTH_FACTOR = (0.8, 0.75, 1.0, 1.0, 1.05, 1.0, 1.0, 1.0, 1.0, 1.05, 1.1, 1.15)


def _office(u: float) -> int:
    """A minute of office hours (07:30–11:30, 13:30–17:00) from a uniform draw."""
    m = 450 + int(u * 450)
    return m + 120 if m >= 690 else m


_DUTY_KIND = {RequestSource.COURT_DUTY: DutyPlaceKind.COURT, RequestSource.INVESTIGATION_DUTY: DutyPlaceKind.INVESTIGATION}

#: The first day the demo receives requests through the online public service (an
#: assumption of the demo, not a legal date).
ONLINE_FROM = dt.date(2021, 1, 1)


def _channel(source: RequestSource, side: random.Random, day: int) -> tuple[RequestChannel | None, OnlineServiceLevel | None]:
    """The request channel of a demo case (Law Art 29; TT12 Art 13), drawn from a side stream
    so that the other fields of every record of a seed are unchanged; about one case in ten
    does not record it."""
    if source is RequestSource.PROCEDURE_BODY_NOTICE:
        return RequestChannel.PROCEDURE_BODY_NOTICE, None
    if source is RequestSource.COMMUNE_REFERRAL:
        return RequestChannel.COMMUNE_REFERRAL, None
    u = side.random()
    if u < 0.1:
        return None, None
    if u < 0.2 and day >= ONLINE_FROM.toordinal():
        level = OnlineServiceLevel.FULL if side.random() < 0.5 else OnlineServiceLevel.PARTIAL
        return RequestChannel.ONLINE_PUBLIC_SERVICE, level
    if u < 0.25:
        return RequestChannel.POST, None
    if u < 0.28:
        return RequestChannel.ELECTRONIC, None
    return RequestChannel.IN_PERSON, None


#: The first days of legal aid duty at courts (Chương trình phối hợp 1603/BTP-TANDTC of
#: 19/05/2022) and in criminal investigation (5789/CTPH-BTP-BCA of 27/11/2023): the demo
#: keeps duty from these dates (provinces signed their own programmes later).
COURT_DUTY_FROM = dt.date(2022, 5, 19)
INVESTIGATION_DUTY_FROM = dt.date(2023, 11, 27)
#: Units a demo council inspection may cover (institutions, never persons).
_INSPECTABLE = (
    "Tòa án nhân dân tỉnh", "Viện kiểm sát nhân dân tỉnh", "Công an tỉnh", "Trại tạm giam Công an tỉnh",
    "Phòng Tư pháp huyện thứ nhất", "Phòng Tư pháp huyện thứ hai", "Công an huyện thứ nhất",
)


def _duty_plan(o: int, cases_per_year: int) -> list[tuple[DutyPlaceKind, random.Random]]:
    """The duty shifts of working day ``o``: court duty about two days in five (scaled to the
    province's size), investigation duty about one day in three, each from its programme's
    date; drawn from a side stream of the day, so the other records of a seed are unchanged.
    Each shift comes with its own side stream for its counts."""
    side = random.Random(o * 1_000_003 + 17)
    day = dt.date.fromordinal(o)
    scale = min(1.0, cases_per_year / 600)
    out = []
    if day >= COURT_DUTY_FROM and side.random() < 0.4 * scale:
        out.append((DutyPlaceKind.COURT, random.Random(side.random())))
    if day >= INVESTIGATION_DUTY_FROM and side.random() < 0.33 * scale:
        out.append((DutyPlaceKind.INVESTIGATION, random.Random(side.random())))
    return out


def _duty_shift_id(o: int, kind: DutyPlaceKind) -> str:
    """The id of the Center's duty shift of kind ``kind`` on day ``o``: ``TT.TR.<day of year><1|2>.<year>``."""
    day = dt.date.fromordinal(o)
    n = day.timetuple().tm_yday * 10 + (1 if kind is DutyPlaceKind.COURT else 2)
    return f"TT.TR.{n:05d}.{day.year}"
def _programmes(day: dt.date, people: list[Beneficiary], side: random.Random) -> tuple[str, ...]:
    """The national target programmes a demo case is done under (an assumption of the demo):
    an ethnic minority person in an extremely difficult area under the ethnic minority
    programme, a poor or near-poor household under the poverty programme, a few cases under
    new rural development; from 2026 the merged programme; drawn from a side stream."""
    in_force = {p.code for p in programmes_on(day)}
    merged = "ntp_rural_poverty_ethnic_2026_2035"
    out: set[str] = set()
    if any(b.ethnic_minority is Tri.YES and b.extreme_difficulty_area is Tri.YES for b in people) and side.random() < 0.4:
        out.add("ntp_ethnic_minority_2021_2025")
    if any(b.groups & {Group.POOR_HOUSEHOLD, Group.NEAR_POOR} for b in people) and side.random() < 0.3:
        out.add("ntp_poverty_2021_2025")
    if side.random() < 0.03:
        out.add("ntp_new_rural_2021_2025")
    return tuple(sorted({c if c in in_force else merged for c in out} & in_force))


def _activity_programmes(day: dt.date, side: random.Random) -> tuple[str, ...]:
    """The programmes a demo outreach session or mobile trip is held under (an assumption of
    the demo): about one in four, under one programme in force that day; from a side stream."""
    codes = [p.code for p in programmes_on(day)]
    if not codes or side.random() >= 0.25:
        return ()
    return (codes[int(side.random() * len(codes))],)


def demo_organisations(province: UnitRef, branches: int = 2) -> tuple[Organisation, ...]:
    """The demo province's Center (code ``TT``) and its ``branches`` branches (``CN1``, ``CN2``, …)."""
    name = unit(province).name
    kind = "thành phố" if unit(province).city else "tỉnh"
    center = Organisation(
        id=f"TTTGPL-{province.code}", kind=OrgKind.CENTER, province=province, code="TT",
        name=f"Trung tâm Trợ giúp pháp lý Nhà nước {kind} {name}",
    )
    out = [center]
    for i in range(1, branches + 1):
        out.append(Organisation(
            id=f"TTTGPL-{province.code}-CN{i}", kind=OrgKind.BRANCH, province=province, code=f"CN{i}",
            name=f"Chi nhánh số {i}, {center.name}", parent=center.id,
        ))
    return tuple(out)


def demo_providers(province: UnitRef, cases_per_year: int, branches: int = 2) -> tuple[Provider, ...]:
    """The demo providers: TGVs and collaborators per organisation, contracted lawyers at the Center.

    Sized like the national figures (about 38 litigation cases a year per TGV, docs/sources.md
    §7), with at least three of each kind.
    """
    orgs = demo_organisations(province, branches)
    n_tgv = max(3, cases_per_year // 40)
    out: list[Provider] = []
    for idx, org in enumerate(orgs):
        share = 0.5 if idx == 0 else 0.5 / max(1, branches)
        for i in range(1, max(2, round(n_tgv * share)) + 1):
            out.append(Provider(f"{org.id}.TGV{i:02d}", ProviderKind.TGV, org.id))
        for i in range(1, max(2, round(n_tgv * share * 0.8)) + 1):
            out.append(Provider(f"{org.id}.CTV{i:02d}", ProviderKind.COLLABORATOR, org.id))
    for i in range(1, max(3, round(n_tgv * 0.8)) + 1):
        out.append(Provider(f"{orgs[0].id}.LS{i:02d}", ProviderKind.CENTER_LAWYER, orgs[0].id))
    return tuple(out)


class Generator:
    """One generation run: a private ``random.Random(seed)`` and the registers' counters."""

    def __init__(
        self,
        *,
        seed: int,
        province: UnitRef,
        start: dt.date,
        end: dt.date,
        cases_per_year: int,
        activities: bool,
        with_identities: bool,
        invalid_share: float,
        branches: int,
    ) -> None:
        self.rng = random.Random(seed)
        self.province = province
        self.start, self.end = start, end
        self.cases_per_year = cases_per_year
        self.with_activities = activities
        self.with_identities = with_identities
        self.invalid_share = invalid_share
        self.cal = Calendar(start - dt.timedelta(days=10), end + dt.timedelta(days=10))
        self.cut = (end.toordinal() + 1) * DAY - 1  # 23:59 on the last day
        self.bases = self.cal.bases
        self.orgs = demo_organisations(province, branches)
        self.org_pick = Weighted([(i, 0.5 if i == 0 else 0.5 / branches) for i in range(len(self.orgs))])
        providers = demo_providers(province, cases_per_year, branches)
        self.tgv: list[list[str]] = [[p.id for p in providers if p.kind is ProviderKind.TGV and p.organisation == o.id] for o in self.orgs]
        self.ctv: list[list[str]] = [[p.id for p in providers if p.kind is ProviderKind.COLLABORATOR and p.organisation == o.id] for o in self.orgs]
        self.lawyers = [p.id for p in providers if p.kind is ProviderKind.CENTER_LAWYER]
        self.seq: dict[tuple[int, Form, int], int] = {}
        self.act_seq: dict[tuple[int, str, int], int] = {}
        self.person = 0
        self.unit_cache: dict[int, UnitRef] = {}
        self.profiles: dict[tuple[int, int], Weighted[tuple[Group, tuple[int, int]]]] = {}
        self.others = _other_provinces(province)
        self.id_prefix = f"{int(province.code):03d}"

    # --- helpers -------------------------------------------------------------------------

    def unit_on(self, o: int) -> UnitRef:
        ref = self.unit_cache.get(o)
        if ref is None:
            ref = self.unit_cache[o] = unit_on(self.province, dt.date.fromordinal(o))
        return ref

    def wd(self, t: int, k: int) -> int:
        """A moment in office hours ``k`` working days after moment ``t`` (same day if 0), after ``t``."""
        r = self.rng.random
        o = self.cal.add_work_days(t // DAY, k)
        t2 = o * DAY + _office(r())
        if t2 <= t:
            t2 = t + 5 + int(r() * 55)
        return t2

    def days(self, t: int, lo: int, hi: int) -> int:
        """A moment in office hours ``lo``–``hi`` calendar days after ``t``, moved to a working day."""
        r = self.rng.random
        o = self.cal.add_work_days(t // DAY + lo + int(r() * (hi - lo + 1)), 0)
        t2 = o * DAY + _office(r())
        if t2 <= t:
            t2 = t + 5 + int(r() * 55)
        return t2

    def provider(self, org: int, form: Form, avoid: str = "") -> tuple[str, ProviderKind]:
        """A provider allowed to perform ``form`` (collaborators give advice only, Law Art 24 cl. 3)."""
        r = self.rng.random
        for _ in range(4):
            u = r()
            if form is Form.ADVICE and u < 0.35:
                pool, kind = self.ctv[org], ProviderKind.COLLABORATOR
            elif u < (0.85 if form is Form.ADVICE else 0.55):
                pool, kind = self.tgv[org], ProviderKind.TGV
            else:
                pool, kind = self.lawyers, ProviderKind.CENTER_LAWYER
            pid = pool[int(r() * len(pool))]
            if pid != avoid:
                return pid, kind
        pool = self.tgv[org]
        return pool[0] if pool[0] != avoid else pool[1], ProviderKind.TGV

    def review(self, reviewer: str, level: ReviewerLevel, trigger: Trigger, form: Form) -> QualityReview:
        """Scores under the TT12 Art 16 rubric, with grades mostly Tốt or Khá."""
        r = self.rng.random
        grade = _GRADE.pick(r())
        art6 = grade is Grade.FAIL and r() < 0.4
        lo, hi = _LOSS[Grade.GOOD] if art6 else _LOSS[grade]
        na = _ADVICE_NA if form is Form.ADVICE else frozenset()
        scores = {c: m for c, m in CRITERIA_MAX.items() if c not in na}
        loss = lo + int(r() * (hi - lo + 1))
        keys = [c for c in _CRITERIA if c not in na]
        while loss > 0:
            c = keys[int(r() * len(keys))]
            if scores[c] > 0:
                take = min(scores[c], loss, 1 + int(r() * 4))
                scores[c] -= take
                loss -= take
        return QualityReview(reviewer=reviewer, level=level, trigger=trigger, scores=scores, not_applicable=na, art6_violation=art6)

    # --- beneficiaries -------------------------------------------------------------------

    def beneficiary(self, day: dt.date, o: int, role_class: int, role: PersonRole, with_proofs: bool, eligible: bool) -> Beneficiary:
        r = self.rng.random
        key = (role_class, _era(day))
        prof = self.profiles.get(key)
        if prof is None:
            prof = self.profiles[key] = _profiles(role_class, day)
        group, (lo, hi) = prof.pick(r())
        age = lo + int(r() * (hi - lo + 1))
        if role_class == _ACCUSED:
            juvenile_2026 = group is Group.JUVENILE_16_18 and day >= _D_CL5
            role = (_JUVENILE_ROLE_2026 if juvenile_2026 else _ACCUSED_ROLE).pick(r())
        # Sex: defendants mostly men, victims of domestic violence and trafficking mostly women.
        if group in (Group.DOMESTIC_VIOLENCE_VICTIM, Group.TRAFFICKING_VICTIM, Group.TRAFFICKING_VICTIM_FINANCIAL):
            p_male = 0.12
        elif role_class == _ACCUSED:
            p_male = 0.88
        elif role_class == _VICTIM:
            p_male = 0.4
        else:
            p_male = 0.5
        u = r()
        sex = Sex.UNKNOWN if u > 0.99 else (Sex.MALE if u < p_male * 0.99 else Sex.FEMALE)
        minority = group is Group.ETHNIC_MINORITY_DIFFICULT_AREA or r() < 0.8
        difficult = group is Group.ETHNIC_MINORITY_DIFFICULT_AREA or (minority and r() < 0.45)
        groups = {group}
        if minority and difficult and group is not Group.ETHNIC_MINORITY_DIFFICULT_AREA and r() < 0.3:
            groups.add(Group.ETHNIC_MINORITY_DIFFICULT_AREA)
        if group not in _FINANCIAL_GROUPS and group is not Group.POOR_HOUSEHOLD and group is not Group.ACCUSED_NEAR_POOR and r() < 0.1:
            groups.add(Group.POOR_HOUSEHOLD)
        financial = FinancialBasis.UNKNOWN
        if group in _FINANCIAL_GROUPS:
            financial = FinancialBasis.NEAR_POOR_HOUSEHOLD if r() < 0.7 else FinancialBasis.MONTHLY_SOCIAL_ALLOWANCE
        elif group is Group.ACCUSED_NEAR_POOR or group is Group.NEAR_POOR:
            financial = FinancialBasis.NEAR_POOR_HOUSEHOLD
        elif group is Group.SOCIAL_ALLOWANCE:
            financial = FinancialBasis.MONTHLY_SOCIAL_ALLOWANCE
        if not eligible:
            groups.clear()
            financial = FinancialBasis.NONE
        elif self.invalid_share and r() < self.invalid_share:
            groups = {_out_of_force(day)}
        proofs: tuple[Proof, ...] = ()
        if with_proofs and groups:
            proofs = _proofs_for(groups, financial)
        # Exact birth dates when age decides the group (cl. 3, cl. 5, cl. 7 pt đ), else often only a year.
        birth_date: dt.date | None = None
        birth_year: int | None = None
        if age < 18 or group is Group.ELDERLY or r() < 0.4:
            first = _years_before(day, age + 1).toordinal() + 1
            last = _years_before(day, age).toordinal()
            birth_date = dt.date.fromordinal(first + int(r() * (last - first + 1)))
        else:
            birth_year = day.year - age
        self.person += 1
        name = id_number = None
        if self.with_identities:
            name, id_number = self.identity(sex, birth_date.year if birth_date else day.year - age)
        residence = self.unit_on(o) if r() < 0.95 else None
        return Beneficiary(
            id=f"NTG-{self.province.code}-{self.person:07d}",
            sex=sex,
            birth_date=birth_date,
            birth_year=birth_year,
            ethnic_minority=Tri.YES if minority else (Tri.UNKNOWN if r() < 0.05 else Tri.NO),
            residence=residence,
            extreme_difficulty_area=Tri.YES if difficult else (Tri.UNKNOWN if r() < 0.1 else Tri.NO),
            groups=frozenset(groups),
            financial=financial,
            role=role,
            proofs=proofs,
            name=name,
            id_number=id_number,
        )

    def identity(self, sex: Sex, birth_year: int) -> tuple[str, str]:
        """A synthetic Vietnamese name and a 12-digit citizen-ID-like number (never real)."""
        r = self.rng.random
        female = sex is Sex.FEMALE
        middle = MIDDLE_FEMALE if female else MIDDLE_MALE
        given = GIVEN_FEMALE if female else GIVEN_MALE
        name = f"{_FAMILY.pick(r())} {middle[int(r() * len(middle))]} {given[int(r() * len(given))]}"
        century = 0 if birth_year < 2000 else 2
        number = f"{self.id_prefix}{century + female}{birth_year % 100:02d}{int(r() * 1_000_000):06d}"
        return name, number

    # --- cases ---------------------------------------------------------------------------

    def case(self, o: int) -> Case:
        r = self.rng.random
        day = dt.date.fromordinal(o)
        form = _FORM.pick(r())
        field = _FIELD[form].pick(r())
        org = self.org_pick.pick(r())
        key = (org, form, day.year)
        seq = self.seq[key] = self.seq.get(key, 0) + 1
        code = FileCode(self.orgs[org].code, form, seq, day.year)
        criminal = field is LegalField.CRIMINAL
        # Who the case is for.
        case_role: ProcedureRole | None = None
        if form is Form.LITIGATION:
            if criminal:
                defence = r() < 0.7
                case_role = ProcedureRole.DEFENCE_COUNSEL if defence else ProcedureRole.VICTIM_PROTECTOR
                role_class = _ACCUSED if defence else _VICTIM
                source = _SOURCE_CRIMINAL.pick(r())
            else:
                case_role, role_class = ProcedureRole.PARTY_PROTECTOR, _CIVIL
                source = _SOURCE_CIVIL_LIT.pick(r())
        else:
            role_class = _VICTIM if criminal else _CIVIL
            source = _SOURCE_OTHER.pick(r())
        # What happens to the request.
        u = r()
        refused = u < 0.025
        transferred = not refused and source is not RequestSource.TRANSFER and u < 0.04
        immediate: ImmediateReason | None = None
        if not (refused or transferred):
            u = r()
            if source is RequestSource.PROCEDURE_BODY_NOTICE and u < 0.35:
                immediate = ImmediateReason.COURT_APPOINTED_OR_NOTICE
            elif form is Form.LITIGATION and u > 0.96:
                immediate = ImmediateReason.HEARING_SOON
            elif not criminal and form is not Form.ADVICE and 0.5 < u < 0.53:
                immediate = ImmediateReason.LIMITATION_ENDING
            elif 0.6 < u < 0.61:
                immediate = ImmediateReason.HEAD_DECISION
        eligible = not (refused and r() < 0.6)
        n = _N_BENEFICIARIES.pick(r())
        people = []
        for _ in range(n):
            if role_class == _ACCUSED:
                role = PersonRole.UNKNOWN  # chosen with the group, see beneficiary()
            elif role_class == _VICTIM:
                role = PersonRole.VICTIM
            else:
                role = PersonRole.PARTY if form is Form.LITIGATION else PersonRole.NONE
            people.append(self.beneficiary(day, o, role_class, role, immediate is None, eligible))
        events: list[Event] = []
        t0 = o * DAY + _office(r())
        with contextlib.suppress(_Cut):
            self.history(events, t0, form, field, org, case_role, people, source, refused, transferred, immediate)
        return Case(
            code=code,
            organisation=self.orgs[org].id,
            unit=self.unit_on(o),
            form=form,
            field=field,
            beneficiaries=tuple(people),
            source=source,
            role=case_role,
            channel=(ch := _channel(source, random.Random(t0), o))[0],
            online_level=ch[1],
            duty_shift=self.duty_link(source, o),
            programmes=_programmes(day, people, random.Random(t0 + 1)),
            events=tuple(events),
        )

    def duty_link(self, source: RequestSource, o: int) -> str | None:
        """The id of the day's duty shift a request received on duty came from, if the Center
        kept that kind of duty that day (no random draw: other fields are unchanged)."""
        kind = _DUTY_KIND.get(source)
        if kind is None or not self.with_activities:
            return None
        if any(k is kind for k, _ in _duty_plan(o, self.cases_per_year)):
            return _duty_shift_id(o, kind)
        return None

    def history(
        self,
        ev: list[Event],
        t: int,
        form: Form,
        field: LegalField,
        org: int,
        case_role: ProcedureRole | None,
        people: list[Beneficiary],
        source: RequestSource,
        refused: bool,
        transferred: bool,
        immediate: ImmediateReason | None,
    ) -> None:
        """Append the case's events in order; raises :class:`_Cut` at the data cut-off."""
        r = self.rng.random
        at = self.at
        ev.append(RequestReceived(on=at(t)))
        if refused:
            t = self.wd(t, int(r() * 3))
            ground = _REFUSAL.pick(r())
            ev.append(Refused(on=at(t), ground=ground, reason=_REFUSAL_TEXT[ground]))
            if r() < 0.1:  # a complaint about the refusal (Law Art 45 cl. 1)
                self.complaint(ev, t, ComplaintSubject.REFUSAL_TO_ACCEPT)
            return
        if transferred:
            t = self.wd(t, int(r() * 2))
            dest = self.others[int(r() * len(self.others))]
            ev.append(Transferred(on=at(t), reason=TransferReason.NO_TERRITORIAL_COMPETENCE, to_organisation=f"TTTGPL-{dest.code}"))
            return
        # Acceptance: entry in the register (TT12 Art 5 cl. 2).
        if immediate is not None:
            t += 5 + int(r() * 55)
            ev.append(Accepted(on=at(t), immediate=True, immediate_reason=immediate))
        else:
            t = self.wd(t, 0) if r() < 0.8 else self.wd(t, 1 + int(r() * 3))
            ev.append(Accepted(on=at(t)))
        accepted = t
        # Assignment (Law Art 31 cl. 2; Art 33 cl. 2): 3 working days, 12 hours for the detained.
        detained = form is Form.LITIGATION and any(p.role.is_detained for p in people)
        u = r()
        if detained:
            t = t + (30 + int(r() * 630) if u > 0.02 else 780 + int(r() * 1200))
        elif u > 0.04:
            t = self.wd(t, (0, 0, 1, 1, 2, 3)[int(r() * 6)])
        else:
            t = self.wd(t, 4 + int(r() * 5))  # late
        provider, kind = self.provider(org, form)
        ev.append(ProviderAssigned(on=at(t), provider_id=provider, provider_kind=kind))
        # Proof after an immediate acceptance: 5 working days, 10 in extreme-difficulty areas (TT12 Art 6).
        if immediate is not None:
            limit = 10 if any(p.extreme_difficulty_area is Tri.YES for p in people) else 5
            deadline = self.cal.add_work_days(accepted // DAY, limit)
            if r() < 0.93:
                t = max(t + 10, self.wd(accepted, 1 + int(r() * limit)))
                ev.append(ProofSupplied(on=at(t), proofs=_proofs_all(people)))
            else:
                t = max(t + 10, self.wd(deadline * DAY, 1 + int(r() * 2)))
                ev.append(Ended(on=at(t), outcome=EndKind.NOT_CONTINUED, ground=NotContinuedGround.MISSING_PROOF))
                self.after_end(ev, t, form, field, org, case_role, completed=False)
                return
        # Performance.
        u = r()
        if form is Form.ADVICE:
            outcome = EndKind.COMPLETED if u < 0.94 else EndKind.NOT_CONTINUED
            days = 10
            if r() < 0.08:
                days = 20 if r() < 0.5 else 30
                t = self.days(t, 1, 5)
                ev.append(AdviceDeadlineExtended(on=at(t), total_days=days))
            if outcome is EndKind.COMPLETED:
                late = r() < 0.04
                due = accepted // DAY + days
                o = due + 2 + int(r() * 10) if late else min(due, t // DAY + int(r() * (days - 1)) + 1)
                t = max(t + 15, self.cal.add_work_days(o, 0) * DAY + _office(r()))
                ev.append(AdviceGiven(on=at(t)))
                t += 5 + int(r() * 30)
                ev.append(Ended(on=at(t), outcome=outcome))
            else:
                t = self.days(t, 1, 8)
                ev.append(Ended(on=at(t), outcome=outcome, ground=_NOT_CONTINUED.pick(r())))
            self.after_end(ev, t, form, field, org, case_role, completed=outcome is EndKind.COMPLETED)
            return
        if form is Form.LITIGATION:
            outcome = EndKind.COMPLETED if u < 0.9 else (EndKind.SUSPENDED if u < 0.94 else EndKind.NOT_CONTINUED)
            lo, hi = (20, 300) if field is LegalField.CRIMINAL else (60, 400)
        else:
            outcome = EndKind.COMPLETED if u < 0.9 else (EndKind.SUSPENDED if u < 0.93 else EndKind.NOT_CONTINUED)
            lo, hi = 20, 180
        span = lo + int(r() ** 1.5 * (hi - lo))
        if outcome is not EndKind.COMPLETED:
            span = max(3, int(span * r()))
        end = t + span * DAY
        if r() < 0.05:
            t = self.change(ev, t, org, form, case_role, provider)
        if r() < 0.003:
            t = self.complaint(ev, self.days(t, 3, 30), ComplaintSubject.FAILURE_TO_AID if r() < 0.6 else ComplaintSubject.UNLAWFUL_AID)
        if form is Form.LITIGATION and outcome is not EndKind.NOT_CONTINUED:
            t = self.hearings(ev, t, end, random.Random(accepted))
        t = max(t + 10, self.cal.add_work_days(end // DAY, 0) * DAY + _office(r()))
        stop = _NOT_CONTINUED.pick(r()) if outcome is EndKind.NOT_CONTINUED else None
        ev.append(Ended(on=at(t), outcome=outcome, ground=stop))
        self.after_end(ev, t, form, field, org, case_role, completed=outcome is EndKind.COMPLETED)

    def hearings(self, ev: list[Event], t: int, end: int, side: random.Random) -> int:
        """The hearings the current provider attends before the end (Law Art 31 cl. 1), drawn
        from a side stream so the other events of a seed are unchanged: none in a quarter of the
        cases, else one or two, spread over the case; online (NQ 33/2021/QH15) for about one in
        six from 01/01/2022; the level left unrecorded for one in ten."""
        provider = next((e.provider_id for e in reversed(ev) if isinstance(e, ProviderAssigned | ProviderChanged)), None)
        n = 0 if side.random() < 0.25 else (1 if side.random() < 0.75 else 2)
        for k in range(n):
            mid = t + (end - t) * (k + 1) // (n + 1)
            t = max(t + 10, self.cal.add_work_days(mid // DAY, 0) * DAY + _office(side.random()))
            on = self.at(t)
            online = on.date() >= ONLINE_HEARINGS_FROM and side.random() < 0.17
            level = None if side.random() < 0.1 else (TrialInstance.APPEAL if k == 1 and side.random() < 0.6 else TrialInstance.FIRST_INSTANCE)
            ev.append(HearingAttended(on=on, mode=HearingMode.ONLINE if online else HearingMode.IN_PERSON,
                                      instance=level, provider_id=provider))
        return t

    def at(self, t: int) -> dt.datetime:
        """The aware datetime of moment ``t``; raises :class:`_Cut` past the data cut-off."""
        if t > self.cut:
            raise _Cut
        base = self.bases.get(t // DAY)
        if base is None:
            return self.cal.at(t)
        return base + MINUTES[t % DAY]

    def change(self, ev: list[Event], t: int, org: int, form: Form, case_role: ProcedureRole | None, current: str) -> int:
        """A change of provider with its ground (Law Art 25; TT12 Art 9 cl. 1; TTLT10 Art 6)."""
        r = self.rng.random
        at = self.at
        ground = _CHANGE.pick(r())
        if ground is ChangeGround.REGISTRATION_REFUSED and form is not Form.LITIGATION:
            ground = ChangeGround.MUST_REFUSE
        t = self.days(t, 2, 40)
        if ground is ChangeGround.BENEFICIARY_REQUEST:
            ev.append(ProviderChangeRequested(on=at(t)))
            t = self.wd(t, int(r() * 4) if r() > 0.05 else 4 + int(r() * 3))
            if r() < 0.25:  # the organisation declines in writing (TT12 Art 9 cl. 1)
                ev.append(ProviderChangeDeclined(on=at(t), reason="Không có căn cứ theo Điều 25 Luật TGPL"))
                return t
        elif ground is ChangeGround.REGISTRATION_REFUSED:
            if case_role is ProcedureRole.DEFENCE_COUNSEL:
                refusal = RegistrationRefusal.DEFENCE_REFUSED if r() < 0.7 else RegistrationRefusal.DEFENCE_CANCELLED
                ev.append(RegistrationRefused(on=at(t), refusal=refusal))
                t += 60 + int(r() * 1300)  # 24 hours
            else:
                ev.append(RegistrationRefused(on=at(t), refusal=RegistrationRefusal.PROTECTOR_REFUSED))
                t = self.wd(t, int(r() * 3))  # 2 working days
        provider, kind = self.provider(org, form, avoid=current)
        ev.append(ProviderChanged(on=at(t), provider_id=provider, provider_kind=kind, ground=ground))
        if r() < 0.05:
            t = self.complaint(ev, t, ComplaintSubject.UNLAWFUL_PROVIDER_CHANGE)
        return t

    def complaint(self, ev: list[Event], t: int, subject: ComplaintSubject) -> int:
        """A complaint decided by the head in 3 working days, sometimes taken to the DOJ director (Law Art 45)."""
        r = self.rng.random
        at = self.at
        t = self.days(t, 1, 10)
        ev.append(ComplaintLodged(on=at(t), subject=subject))
        t = self.wd(t, int(r() * 4))
        ev.append(ComplaintDecided(on=at(t), upheld=r() < 0.2))
        if r() < 0.2:
            t = self.days(t, 2, 20)
            ev.append(ComplaintLodged(on=at(t), subject=subject, level=ComplaintLevel.DOJ_DIRECTOR))
            t = self.days(t, 3, 15)
            ev.append(ComplaintDecided(on=at(t), level=ComplaintLevel.DOJ_DIRECTOR, upheld=r() < 0.15))
        return t

    def after_end(
        self, ev: list[Event], t: int, form: Form, field: LegalField, org: int,
        case_role: ProcedureRole | None, *, completed: bool,
    ) -> None:
        """File hand-over (Law Art 39, 30 days), appraisal, success assessment, archiving, evaluation."""
        r = self.rng.random
        at = self.at
        t = self.days(t, 1, 30) if r() > 0.04 else self.days(t, 31, 75)
        ev.append(FileHandedOver(on=at(t)))
        center = self.orgs[0].id
        if completed and r() < (0.85 if form is Form.LITIGATION else 0.5 if form is Form.REPRESENTATION else 0.1):
            t = self.days(t, 1, 45)
            reviewer = self.tgv[0][int(r() * len(self.tgv[0]))]
            ev.append(AppraisalRecorded(on=at(t), review=self.review(reviewer, ReviewerLevel.ORGANISATION, Trigger.PLAN, form)))
        if (
            completed and form is Form.LITIGATION and field is LegalField.CRIMINAL
            and case_role is ProcedureRole.DEFENCE_COUNSEL and t >= SUCCESS_CRITERIA_FROM.toordinal() * DAY
            and r() < 0.35
        ):
            t = self.days(t, 0, 10)
            ok = r() < 0.4
            ev.append(SuccessAssessed(on=at(t), successful=ok, criterion=_TC.pick(r()) if ok else None, assessor=center))
        elif completed and form is Form.LITIGATION and field is LegalField.CRIMINAL and case_role is ProcedureRole.DEFENCE_COUNSEL:
            # Before QĐ 1179: some cases assessed under the earlier guidance of their date. A
            # side stream keyed by the moment leaves the main stream, hence every other
            # record of a seed, as it was.
            side = random.Random(t)
            ts = t + 60 + int(side.random() * 120)
            day = self.at(ts).date() if ts <= self.cut else None
            basis = legacy_basis_on(day) if side.random() < 0.35 and day is not None and day >= RECORDED_FROM else None
            if basis is not None:
                ev.append(SuccessAssessed(on=at(ts), successful=side.random() < 0.4, assessor=center,
                                          legacy_basis=basis.basis))
        elif completed and form is Form.LITIGATION and field is not LegalField.CRIMINAL:
            # Civil and administrative litigation is assessed too (QĐ 1179: TC20–TC26 civil,
            # TC27–TC30 administrative), from a side stream keyed by the moment, so every
            # other record of a seed stays as it was. Assessed minutes after the hand-over,
            # so before the archiving the main stream dates at least five minutes later.
            side = random.Random(f"success-{t}")
            ts = t + 1 + int(side.random() * 3)
            day = self.at(ts).date() if ts <= self.cut else None
            if day is not None and day >= SUCCESS_CRITERIA_FROM and side.random() < 0.35:
                ok = side.random() < 0.4
                pick = _TC_ADMINISTRATIVE if field is LegalField.ADMINISTRATIVE else _TC_CIVIL
                ev.append(SuccessAssessed(on=at(ts), successful=ok, criterion=pick.pick(side.random()) if ok else None,
                                          assessor=center))
        evaluate = completed and form is not Form.ADVICE and r() < 0.08
        t = self.days(t, 1, 30)
        ev.append(Archived(on=at(t)))
        if evaluate:
            t = self.days(t, 30, 240)
            trigger = Trigger.PLAN if r() < 0.9 else (Trigger.COMPLAINT if r() < 0.5 else Trigger.OTHER)
            doj = f"STP-{self.province.code}"
            ev.append(EvaluationRecorded(on=at(t), review=self.review(doj, ReviewerLevel.DOJ, trigger, form)))

    # --- non-case work -------------------------------------------------------------------

    def activities(self, o: int) -> Iterator[Activity]:
        """The day's simple answers, reception, outreach, mobile trips and trainings."""
        r = self.rng.random
        day = dt.date.fromordinal(o)
        ref = self.unit_on(o)
        per_day = self.cases_per_year / 246
        for kind, rate in (("GD", 0.25), ("TCD", 0.35), ("TT", 0.3)):
            x = per_day * rate * (0.5 + r())
            for _ in range(int(x) + (r() < x - int(x))):
                org = self.org_pick.pick(r())
                ident, orgid = self.act_id(org, kind, day.year), self.orgs[org].id
                if kind == "GD":
                    yield SimpleAnswer(id=ident, on=day, organisation=orgid, unit=ref, field=_FIELD[Form.ADVICE].pick(r()))
                elif kind == "TCD":
                    yield Reception(id=ident, on=day, organisation=orgid, unit=ref, persons=1 + int(r() ** 2 * 5))
                else:
                    attendees = 15 + int(r() * 70)
                    yield OutreachSession(
                        id=ident, on=day, organisation=orgid, unit=ref,
                        commune=COMMUNES[int(r() * len(COMMUNES))], target=_TARGET.pick(r()),
                        attendees=attendees, leaflets=attendees + int(r() * 120),
                        programmes=_activity_programmes(day, random.Random(ident)),
                    )
        if r() < max(6, self.cases_per_year / 50) / 246:
            org = self.org_pick.pick(r())
            k = 1 + int(r() * 3)
            communes = tuple(sorted({COMMUNES[int(r() * len(COMMUNES))] for _ in range(k)}))
            yield MobileTrip(
                id=self.act_id(org, "LD", day.year), on=day, organisation=self.orgs[org].id, unit=ref,
                communes=communes, persons=10 + int(r() * 50),
                programmes=_activity_programmes(day, random.Random(f"{day.isoformat()}-{org}-LD")),
            )
        if r() < max(2, self.cases_per_year / 150) / 246:
            yield Training(
                id=self.act_id(0, "TH", day.year), on=day, organisation=self.orgs[0].id, unit=ref,
                participants=10 + int(r() * 30), hours=(4.0, 8.0, 8.0, 16.0)[int(r() * 4)],
            )
        yield from self.coordination(o)

    def coordination(self, o: int) -> Iterator[DutyShift | CouncilActivity]:
        """The Center's duty shifts of the day and the coordination council's meetings and
        inspections (two of each a year, :meth:`council_day`), from side streams."""
        day = dt.date.fromordinal(o)
        ref = self.unit_on(o)
        name = unit(ref).name
        for kind, side in _duty_plan(o, self.cases_per_year):
            court = kind is DutyPlaceKind.COURT
            pool = self.tgv[0] + (self.lawyers if not court else [])
            yield DutyShift(
                id=_duty_shift_id(o, kind), on=day, organisation=self.orgs[0].id, unit=ref, place_kind=kind,
                place=f"Tòa án nhân dân tỉnh {name}" if court else f"Cơ quan Cảnh sát điều tra Công an tỉnh {name}",
                provider=pool[int(side.random() * len(pool))],
                mode=DutyMode.ON_SITE if court and side.random() < 0.7 else DutyMode.PHONE,
                persons_advised=int(side.random() ** 2 * (8 if court else 4)),
                requests_received=int(side.random() ** 4 * 2),
            )
        kind_c = self.council_day(o)
        if kind_c is None:
            return
        inspected: tuple[str, ...] = ()
        if kind_c is CouncilActivityKind.INSPECTION:
            side = random.Random(o * 1_000_003 + 29)
            k = 1 + int(side.random() * 3)
            inspected = tuple(sorted({_INSPECTABLE[int(side.random() * len(_INSPECTABLE))] for _ in range(k)}))
        yield CouncilActivity(
            id=f"STP.HD.{day.timetuple().tm_yday:05d}.{day.year}", on=day, organisation=f"STP-{self.province.code}",
            unit=ref, kind=kind_c, inspected=inspected,
        )

    def council_day(self, o: int) -> CouncilActivityKind | None:
        """What the coordination council does on working day ``o``: it meets on the first
        working day from 15 January and from 15 July, and inspects on the first from 20 May
        and from 20 October (a demo schedule, like a council's yearly plan)."""
        day = dt.date.fromordinal(o)
        for month, date, kind in ((1, 15, CouncilActivityKind.MEETING), (5, 20, CouncilActivityKind.INSPECTION),
                                  (7, 15, CouncilActivityKind.MEETING), (10, 20, CouncilActivityKind.INSPECTION)):
            if self.cal.add_work_days(dt.date(day.year, month, date).toordinal(), 0) == o:
                return kind
        return None

    def act_id(self, org: int, kind: str, year: int) -> str:
        key = (org, kind, year)
        n = self.act_seq[key] = self.act_seq.get(key, 0) + 1
        return f"{self.orgs[org].code}.{kind}.{n:05d}.{year}"

    # --- the stream ----------------------------------------------------------------------

    def run(self) -> Iterator[Case | Activity]:
        r = self.rng.random
        cal = self.cal
        o = self.start.toordinal()
        last = self.end.toordinal()
        rates: dict[int, list[float]] = {}
        while o <= last:
            if cal.is_work(o):
                day = dt.date.fromordinal(o)
                month_rates = rates.get(day.year)
                if month_rates is None:
                    month_rates = rates[day.year] = self._month_rates(day.year)
                x = month_rates[day.month - 1] * (0.5 + r())
                for _ in range(int(x) + (r() < x - int(x))):
                    yield self.case(o)
                if self.with_activities:
                    yield from self.activities(o)
            o += 1

    def _month_rates(self, year: int) -> list[float]:
        """Requests per working day in each month of ``year`` so the year totals ``cases_per_year``."""
        weight = 0.0
        o = dt.date(year, 1, 1).toordinal()
        for i in range(dt.date(year, 12, 31).toordinal() - o + 1):
            if self.cal.is_work(o + i):
                weight += _MONTH_FACTOR[dt.date.fromordinal(o + i).month - 1]
        return [self.cases_per_year * f / weight for f in _MONTH_FACTOR]


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _proofs_for(groups: set[Group] | frozenset[Group], financial: FinancialBasis) -> tuple[Proof, ...]:
    out: list[Proof] = []
    if groups & _FINANCIAL_GROUPS and financial in _FIN_PROOF:
        out.append(_FIN_PROOF[financial])
    for g in sorted(groups):
        for p in _GROUP_PROOF[g]:
            if p not in out:
                out.append(p)
    return tuple(out)


def _proofs_all(people: list[Beneficiary]) -> tuple[Proof, ...]:
    out: list[Proof] = []
    for b in people:
        for p in _proofs_for(b.groups, b.financial):
            if p not in out:
                out.append(p)
    return tuple(out)


def _out_of_force(day: dt.date) -> Group:
    """A group that was *not* in force on ``day`` (for the marked invalid mode)."""
    if day < _D_6A:
        return Group.TRAFFICKING_VICTIM
    if day < _D_2027:
        return Group.TRAFFICKING_VICTIM_FINANCIAL
    return Group.JUVENILE_VICTIM


def _other_provinces(province: UnitRef) -> list[UnitRef]:
    from tgpl.domain import PROVINCES_2004, PROVINCES_2025

    table = PROVINCES_2004 if province.scheme is UnitScheme.P2004 else PROVINCES_2025
    return [ref for ref in table if ref != province]
