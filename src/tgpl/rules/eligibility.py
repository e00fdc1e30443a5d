"""Who may receive legal aid (người được trợ giúp pháp lý) — Law 11/2017/QH14 Art 7, dated.

Four versions of Article 7 are data (:data:`RULE_SETS`), each a tuple of group rules:

* ``art7-2018`` — 01/01/2018–30/06/2025: Law 11/2017/QH14 Art 7 as enacted;
* ``art7-2025-07`` — 01/07/2025–31/12/2025: Law 53/2024/QH15 Art 61 adds cl. 6a
  (trafficking victims, no financial test) and repeals cl. 7 pt g;
* ``art7-2026`` — 01/01/2026–31/12/2026: Law 59/2024/QH15 Art 177 cl. 6 rewrites cl. 5
  (ages 16–<18 in eight procedural standings) and repeals cl. 7 pt đ;
* ``art7-2027`` — from 01/01/2027, **provisional**: the amending Law on Legal Aid passed
  at the 1st session of the 16th National Assembly (06–24/04/2026; 3 articles; in force
  01/01/2027) is known from the session's summary (Nghị quyết 31/2026/QH16, 24/04/2026)
  only; its number and article text are unverified. It is used **by default** — every
  result from it carries ``provisional=True`` and ``provisional_basis`` — so a check
  dated 2027 answers with the best-supported reading instead of failing. Two readings
  are offered (:class:`Reading2027`): ``DIRECT`` (default, the latest source: the
  financial test is dropped for fallen soldiers' relatives, Agent Orange victims and
  persons with disabilities, and near-poor persons, social-allowance recipients, the
  elderly, domestic-violence victims and people with HIV are listed directly) and
  ``FINANCIAL_TEST_KEPT`` (the earlier reading: the elderly, domestic-violence victims
  and people with HIV keep the ND 144/2017/NĐ-CP Art 2 test).

``include_provisional`` is deprecated: it no longer changes anything and warns
(``DeprecationWarning``); it will be removed in the next release.

A date before 01/01/2018 is a :class:`~tgpl.errors.RuleNotInForceError`.

How facts are read (docs/architecture.md principle 3, "unknown is a value"):

* ``Beneficiary.groups`` are the groups the file records; a membership group that is
  not recorded is not claimed (NO). Age groups (child < 16, 16–<18, elderly ≥ 60) are
  decided by the age alone; a recorded age group that contradicts the age is noted.
* Age is computed on ``age_on`` (default: ``on``, the request date — the rule set is
  chosen by the same date, the case file always has it, and Law Art 37 cl. 3 keeps the
  case going if the person later ages out). With only a year of birth the age is an
  interval of two values; ``Beneficiary.age_on`` returns its lower bound, which is
  *not* safe for either "under 16" or "16 to under 18" (a person born in the year that
  makes them 15 or 16 could be either), so the interval is used and the answer is
  UNKNOWN when the year alone cannot decide.
* Role (clauses 5, 6, 7đ) is the matter's role, else the beneficiary's.
* Financial difficulty (ND 144/2017/NĐ-CP Art 2) = near-poor household or monthly social
  allowance (``FinancialBasis.in_difficulty``).
* Ethnic minority + residence in an extreme-difficulty area establish cl. 4 as well as a
  recorded cl. 4 group.

Each group rule evaluates to YES / NO / UNKNOWN in three-valued logic. Because the rules
use no negation, a YES or NO is certain whatever the unknown facts turn out to be. When
no group is YES but some is UNKNOWN, the unknown facts are enumerated (by equivalence
class) to decide: the status is UNKNOWN only when some completion of the missing facts
makes the person eligible and another does not.

Territorial competence (Law Art 26) is the separate :func:`check_territory`; its failure
means transfer (Law Art 35), not refusal.
"""

from __future__ import annotations

import datetime as dt
import itertools
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence

from attrs import field, frozen

from tgpl.domain import (
    Accepted,
    Beneficiary,
    Case,
    CodeEnum,
    Ended,
    FinancialBasis,
    Form,
    Group,
    LegalField,
    PersonRole,
    ProofKind,
    RequestReceived,
    TransferReason,
    Tri,
    UnitRef,
    describe,
    unit_on,
)
from tgpl.errors import InvalidRecordError
from tgpl.rules._dated import check_no_overlap, select

__all__ = [
    "ACCUSED_ROLES",
    "ART7_2027_FINANCIAL_TEST_KEPT",
    "CL5_ROLES_2026",
    "FINANCIAL_DIFFICULTY",
    "RULE_SETS",
    "TERRITORY_RULE",
    "AgeIn",
    "AllOf",
    "AnyOf",
    "Claimed",
    "Condition",
    "EligibilityResult",
    "EligibilityRuleSet",
    "EligibilityStatus",
    "Fact",
    "FactIs",
    "FieldIn",
    "FinancialIn",
    "GroupMatch",
    "GroupRule",
    "Matter",
    "ProofRequirement",
    "Reading2027",
    "RoleIn",
    "TerritoryResult",
    "TerritoryStatus",
    "check_case_beneficiary",
    "check_eligibility",
    "check_territory",
    "eligibility_date",
    "provisional_notice",
    "rule_set_on",
    "still_served",
]

LAW = "Law 11/2017/QH14"

# --------------------------------------------------------------------------- facts


class Fact(CodeEnum):
    """A fact an eligibility answer may depend on (reported when it is missing)."""

    AGE = "age"
    ROLE = "role"
    FINANCIAL = "financial"
    ETHNIC_MINORITY = "ethnic_minority"
    DIFFICULT_AREA = "difficult_area"


describe(Fact, {
    "AGE": ("Ngày sinh, năm sinh (độ tuổi)", "Date or year of birth (age)", "Law Art 7 cl. 3, 5, 7 pt c, đ"),
    "ROLE": ("Tư cách tham gia tố tụng", "Procedural role in the matter", "Law Art 7 cl. 5, 6"),
    "FINANCIAL": ("Khó khăn về tài chính (hộ cận nghèo, trợ cấp xã hội hằng tháng)", "Financial difficulty (near-poor household, monthly social allowance)", "ND 144/2017/NĐ-CP Art 2"),
    "ETHNIC_MINORITY": ("Người dân tộc thiểu số", "Ethnic minority", "Law Art 7 cl. 4"),
    "DIFFICULT_AREA": ("Cư trú ở vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn", "Resides in an area of extreme socio-economic difficulty", "Law Art 7 cl. 4"),
})


@frozen
class _World:
    """Facts as known: ``ages`` is the set of possible ages (empty tuple = unknown)."""

    groups: frozenset[Group]
    ages: tuple[int, ...] | None
    role: PersonRole
    financial: FinancialBasis
    ethnic: Tri
    area: Tri
    field: LegalField


def _tri_all(values: Iterable[Tri]) -> Tri:
    result = Tri.YES
    for v in values:
        if v is Tri.NO:
            return Tri.NO
        if v is Tri.UNKNOWN:
            result = Tri.UNKNOWN
    return result


def _tri_any(values: Iterable[Tri]) -> Tri:
    result = Tri.NO
    for v in values:
        if v is Tri.YES:
            return Tri.YES
        if v is Tri.UNKNOWN:
            result = Tri.UNKNOWN
    return result


# ---------------------------------------------------------------------- conditions


@frozen
class Claimed:
    """The file records one of ``groups`` for the person (membership groups)."""

    groups: frozenset[Group]

    def evaluate(self, w: _World) -> Tri:
        return Tri.of(bool(self.groups & w.groups))

    def facts(self) -> frozenset[Fact]:
        return frozenset()

    def describe(self) -> str:
        return "recorded group " + " or ".join(sorted(g.value for g in self.groups))


@frozen
class AgeIn:
    """Age in ``[lo, hi)`` on the age date (``None`` = unbounded)."""

    lo: int | None
    hi: int | None

    def _holds(self, age: int) -> bool:
        return (self.lo is None or age >= self.lo) and (self.hi is None or age < self.hi)

    def evaluate(self, w: _World) -> Tri:
        if w.ages is None:
            return Tri.UNKNOWN
        hits = {self._holds(a) for a in w.ages}
        return Tri.of(hits.pop()) if len(hits) == 1 else Tri.UNKNOWN

    def facts(self) -> frozenset[Fact]:
        return frozenset({Fact.AGE})

    def describe(self) -> str:
        if self.lo is None:
            return f"age under {self.hi}"
        if self.hi is None:
            return f"age {self.lo} or over"
        return f"age {self.lo} to under {self.hi}"


@frozen
class RoleIn:
    """The person's procedural role in the matter is one of ``roles``."""

    roles: frozenset[PersonRole]

    def evaluate(self, w: _World) -> Tri:
        if w.role is PersonRole.UNKNOWN:
            return Tri.UNKNOWN
        return Tri.of(w.role in self.roles)

    def facts(self) -> frozenset[Fact]:
        return frozenset({Fact.ROLE})

    def describe(self) -> str:
        return "role " + " or ".join(sorted(r.value for r in self.roles))


@frozen
class FieldIn:
    """The matter's field of law is one of ``fields`` (always known from the matter)."""

    fields: frozenset[LegalField]

    def evaluate(self, w: _World) -> Tri:
        return Tri.of(w.field in self.fields)

    def facts(self) -> frozenset[Fact]:
        return frozenset()

    def describe(self) -> str:
        return "field " + " or ".join(sorted(f.value for f in self.fields))


@frozen
class FinancialIn:
    """The recorded financial basis is one of ``bases`` (ND 144/2017/NĐ-CP Art 2)."""

    bases: frozenset[FinancialBasis]
    label: str = ""

    def evaluate(self, w: _World) -> Tri:
        if w.financial is FinancialBasis.UNKNOWN:
            return Tri.UNKNOWN
        return Tri.of(w.financial in self.bases)

    def facts(self) -> frozenset[Fact]:
        return frozenset({Fact.FINANCIAL})

    def describe(self) -> str:
        return self.label or ("financial basis " + " or ".join(sorted(b.value for b in self.bases)))


@frozen
class FactIs:
    """A yes/no fact of the beneficiary (ethnic minority, extreme-difficulty area) is YES."""

    fact: Fact

    def evaluate(self, w: _World) -> Tri:
        if self.fact is Fact.ETHNIC_MINORITY:
            return w.ethnic
        if self.fact is Fact.DIFFICULT_AREA:
            return w.area
        raise ValueError(f"FactIs does not handle {self.fact}")

    def facts(self) -> frozenset[Fact]:
        return frozenset({self.fact})

    def describe(self) -> str:
        return self.fact.value


@frozen
class AllOf:
    """Every part holds (three-valued AND)."""

    parts: tuple[Condition, ...]

    def evaluate(self, w: _World) -> Tri:
        return _tri_all(p.evaluate(w) for p in self.parts)

    def facts(self) -> frozenset[Fact]:
        return frozenset().union(*(p.facts() for p in self.parts))

    def describe(self) -> str:
        return " and ".join(_paren(p) for p in self.parts)


@frozen
class AnyOf:
    """Some part holds (three-valued OR)."""

    parts: tuple[Condition, ...]

    def evaluate(self, w: _World) -> Tri:
        return _tri_any(p.evaluate(w) for p in self.parts)

    def facts(self) -> frozenset[Fact]:
        return frozenset().union(*(p.facts() for p in self.parts))

    def describe(self) -> str:
        return " or ".join(_paren(p) for p in self.parts)


Condition = Claimed | AgeIn | RoleIn | FieldIn | FinancialIn | FactIs | AllOf | AnyOf


def _paren(c: Condition) -> str:
    text = c.describe()
    return f"({text})" if isinstance(c, AllOf | AnyOf) else text


def _walk(c: Condition) -> Iterator[Condition]:
    yield c
    if isinstance(c, AllOf | AnyOf):
        for p in c.parts:
            yield from _walk(p)


# ------------------------------------------------------------------ proof documents


@frozen
class ProofRequirement:
    """Documents proving a group (TT 08/2017/TT-BTP Art 33 as amended by TT 03/2021/TT-BTP
    and TT 09/2022/TT-BTP): any one of ``alternatives``, each of which needs *all* its
    kinds. "Other lawful documents from competent bodies" are always accepted too
    (``ProofKind.OTHER``), subject to a person's check."""

    alternatives: tuple[frozenset[ProofKind], ...]
    citation: str
    verified: bool = True

    def satisfied_by(self, kinds: Iterable[ProofKind]) -> Tri:
        """YES when some alternative is complete; UNKNOWN when only an ``OTHER``
        document could prove it (a person must judge it); NO otherwise."""
        have = frozenset(kinds)
        if any(alt <= have for alt in self.alternatives):
            return Tri.YES
        return Tri.UNKNOWN if ProofKind.OTHER in have else Tri.NO

    def describe(self) -> str:
        return " | ".join(" + ".join(sorted(k.value for k in alt)) for alt in self.alternatives)


_TT08 = "TT 08/2017/TT-BTP Art 33 (as amended by TT 03/2021/TT-BTP, TT 09/2022/TT-BTP)"
K = ProofKind
_FIN_ALTS = (K.NEAR_POOR_CERTIFICATE, K.SOCIAL_ALLOWANCE_DECISION, K.SOCIAL_FACILITY_ADMISSION)


def _alts(*alts: Sequence[ProofKind]) -> tuple[frozenset[ProofKind], ...]:
    return tuple(frozenset(a) for a in alts)


def _fin_plus(kind: ProofKind) -> tuple[frozenset[ProofKind], ...]:
    return tuple(frozenset({f, kind}) for f in _FIN_ALTS)


_P_MERIT = ProofRequirement(_alts([K.MERIT_RECOGNITION]), f"{_TT08} cl. 1")
_P_POOR = ProofRequirement(_alts([K.POOR_HOUSEHOLD_CERTIFICATE]), f"{_TT08} cl. 2")
_P_CHILD = ProofRequirement(_alts([K.BIRTH_CERTIFICATE_OR_ID], [K.PROCEDURE_BODY_DOCUMENT], [K.SANCTION_BODY_DOCUMENT]), f"{_TT08} cl. 3")
_P_ETHNIC = ProofRequirement(_alts([K.ETHNICITY_RESIDENCE_DOCUMENT], [K.PROCEDURE_BODY_DOCUMENT]), f"{_TT08} cl. 4")
_P_JUV_2018 = ProofRequirement(_alts([K.PROCEDURE_BODY_DOCUMENT]), f"{_TT08} cl. 5")
_P_JUV_2026 = ProofRequirement(_alts([K.PROCEDURE_BODY_DOCUMENT]), f"{_TT08} cl. 5 — UNVERIFIED whether TT08 was updated for the 2026 roles", verified=False)
_P_ACC_NP = ProofRequirement(_alts([K.NEAR_POOR_CERTIFICATE, K.PROCEDURE_BODY_DOCUMENT]), f"{_TT08} cl. 6")
_P_TRAF_6A = ProofRequirement(_alts([K.TRAFFICKING_VICTIM_CERTIFICATION]), f"{_TT08}; ND 162/2025/NĐ-CP Art 21 — UNVERIFIED for cl. 6a", verified=False)
_P_MARTYR = ProofRequirement(_fin_plus(K.MARTYR_RELATIONSHIP), f"{_TT08} cl. 7")
_P_AO = ProofRequirement(_fin_plus(K.AGENT_ORANGE_CERTIFICATE), f"{_TT08} cl. 8")
_P_ELDERLY = ProofRequirement(_alts([K.SOCIAL_ALLOWANCE_DECISION], [K.SOCIAL_FACILITY_ADMISSION], [K.NEAR_POOR_CERTIFICATE, K.AGE_PROOF]), f"{_TT08} cl. 9")
_P_DISAB = ProofRequirement(_alts([K.NEAR_POOR_CERTIFICATE, K.DISABILITY_CERTIFICATE], [K.SOCIAL_ALLOWANCE_DECISION], [K.SOCIAL_FACILITY_ADMISSION]), f"{_TT08} cl. 10")
_P_JUV_VICTIM = ProofRequirement(_fin_plus(K.PROCEDURE_BODY_DOCUMENT), f"{_TT08} cl. 11")
_P_DV = ProofRequirement(_alts([K.SHELTER_ADMISSION], [K.NEAR_POOR_CERTIFICATE, K.MEDICAL_CERTIFICATE], [K.NEAR_POOR_CERTIFICATE, K.NO_CONTACT_ORDER], [K.NEAR_POOR_CERTIFICATE, K.ABUSER_SANCTION]), f"{_TT08} cl. 12")
_P_TRAF_7G = ProofRequirement(_fin_plus(K.TRAFFICKING_VICTIM_CERTIFICATION), f"{_TT08} cl. 13")
_P_HIV = ProofRequirement(_fin_plus(K.HIV_CERTIFICATION), f"{_TT08} cl. 14")
_PROV = "amending Law on Legal Aid (2026) — provisional; TT08 proofs for it UNVERIFIED"
_P_MARTYR_2027 = ProofRequirement(_alts([K.MARTYR_RELATIONSHIP]), _PROV, verified=False)
_P_AO_2027 = ProofRequirement(_alts([K.AGENT_ORANGE_CERTIFICATE]), _PROV, verified=False)
_P_DISAB_2027 = ProofRequirement(_alts([K.DISABILITY_CERTIFICATE]), _PROV, verified=False)
_P_NEAR_POOR_2027 = ProofRequirement(_alts([K.NEAR_POOR_CERTIFICATE]), _PROV, verified=False)
_P_ALLOWANCE_2027 = ProofRequirement(_alts([K.SOCIAL_ALLOWANCE_DECISION]), _PROV, verified=False)
_P_ELDERLY_2027 = ProofRequirement(_alts([K.AGE_PROOF], [K.BIRTH_CERTIFICATE_OR_ID]), _PROV, verified=False)
_P_DV_2027 = ProofRequirement(_alts([K.SHELTER_ADMISSION], [K.MEDICAL_CERTIFICATE], [K.NO_CONTACT_ORDER], [K.ABUSER_SANCTION]), _PROV, verified=False)
_P_HIV_2027 = ProofRequirement(_alts([K.HIV_CERTIFICATION]), _PROV, verified=False)

# ---------------------------------------------------------------------- rule sets


@frozen
class GroupRule:
    """One eligible group of a rule set: the Art 7 clause, its condition and its proofs."""

    group: Group
    clause: str
    citation: str
    condition: Condition
    proofs: ProofRequirement
    provisional: bool = False
    #: The group's wording in this version when it differs from ``Group.label_vi``.
    wording_vi: str = ""

    @property
    def needs_financial_difficulty(self) -> bool:
        """True when the condition includes the ND144 Art 2 financial test."""
        return any(c == FINANCIAL_DIFFICULTY for c in _walk(self.condition))


@frozen
class EligibilityRuleSet:
    """A dated version of Law Art 7 (a tuple of group rules)."""

    id: str
    effective_from: dt.date
    effective_to: dt.date | None
    citation: str
    rules: tuple[GroupRule, ...]
    provisional: bool = False
    note: str = ""

    def rule(self, group: Group) -> GroupRule | None:
        """The rule for ``group`` in this set, or ``None`` when the group is not eligible here."""
        for r in self.rules:
            if r.group is group:
                return r
        return None

    @property
    def groups(self) -> frozenset[Group]:
        return frozenset(r.group for r in self.rules)


#: Người bị buộc tội: arrested, in custody, suspect, defendant (CPC 2015 Art 4 cl. 1 pt đ).
ACCUSED_ROLES: frozenset[PersonRole] = frozenset(r for r in PersonRole if r.is_accused)
#: Law Art 7 cl. 5 as rewritten by Law 59/2024/QH15 Art 177 cl. 6 (from 01/01/2026).
CL5_ROLES_2026: frozenset[PersonRole] = ACCUSED_ROLES | {
    PersonRole.REPORTED,
    PersonRole.RECOMMENDED_FOR_PROSECUTION,
    PersonRole.EMERGENCY_HELD,
    PersonRole.VICTIM,
    PersonRole.WITNESS,
    PersonRole.DIVERSION,
    PersonRole.PRISONER,
}
#: Financial difficulty, ND 144/2017/NĐ-CP Art 2: near-poor household or monthly social allowance.
FINANCIAL_DIFFICULTY = FinancialIn(
    frozenset({FinancialBasis.NEAR_POOR_HOUSEHOLD, FinancialBasis.MONTHLY_SOCIAL_ALLOWANCE}),
    "financial difficulty (ND144 Art 2)",
)
_NEAR_POOR = FinancialIn(frozenset({FinancialBasis.NEAR_POOR_HOUSEHOLD}), "near-poor household")
_ALLOWANCE = FinancialIn(frozenset({FinancialBasis.MONTHLY_SOCIAL_ALLOWANCE}), "monthly social allowance")
_TRAFFICKED = Claimed(frozenset({Group.TRAFFICKING_VICTIM, Group.TRAFFICKING_VICTIM_FINANCIAL}))
_ELDERLY_AGE = 60  # Law on the Elderly 39/2009/QH12 Art 2: từ đủ 60 tuổi trở lên


def _c(*groups: Group) -> Claimed:
    return Claimed(frozenset(groups))


_R_CL1 = GroupRule(Group.MERITORIOUS, "1", f"{LAW} Art 7 cl. 1", _c(Group.MERITORIOUS), _P_MERIT)
_R_CL2 = GroupRule(Group.POOR_HOUSEHOLD, "2", f"{LAW} Art 7 cl. 2", _c(Group.POOR_HOUSEHOLD), _P_POOR)
_R_CL3 = GroupRule(Group.CHILD, "3", f"{LAW} Art 7 cl. 3; Law on Children 102/2016/QH13 Art 1 (under 16)", AgeIn(None, 16), _P_CHILD)
_R_CL4 = GroupRule(
    Group.ETHNIC_MINORITY_DIFFICULT_AREA, "4", f"{LAW} Art 7 cl. 4",
    AnyOf((_c(Group.ETHNIC_MINORITY_DIFFICULT_AREA), AllOf((FactIs(Fact.ETHNIC_MINORITY), FactIs(Fact.DIFFICULT_AREA))))),
    _P_ETHNIC,
)
_R_CL5_2018 = GroupRule(Group.JUVENILE_16_18, "5", f"{LAW} Art 7 cl. 5 (2017 text: accused aged 16 to under 18)", AllOf((AgeIn(16, 18), RoleIn(ACCUSED_ROLES))), _P_JUV_2018)
_R_CL5_2026 = GroupRule(
    Group.JUVENILE_16_18, "5", f"{LAW} Art 7 cl. 5 as rewritten by Law 59/2024/QH15 Art 177 cl. 6",
    AllOf((AgeIn(16, 18), RoleIn(CL5_ROLES_2026))), _P_JUV_2026,
)
_R_CL6 = GroupRule(
    Group.ACCUSED_NEAR_POOR, "6", f"{LAW} Art 7 cl. 6",
    AllOf((RoleIn(ACCUSED_ROLES), AnyOf((_c(Group.ACCUSED_NEAR_POOR), _NEAR_POOR)))), _P_ACC_NP,
)
_R_CL6A = GroupRule(Group.TRAFFICKING_VICTIM, "6a", f"{LAW} Art 7 cl. 6a as added by Law 53/2024/QH15 Art 61", _TRAFFICKED, _P_TRAF_6A)


def _fin(group: Group, clause: str, point: str, proofs: ProofRequirement, extra: Condition | None = None, note: str = "") -> GroupRule:
    member: Condition = extra if extra is not None else _c(group)
    return GroupRule(
        group, clause, f"{LAW} Art 7 cl. 7 pt {point}; ND 144/2017/NĐ-CP Art 2{note}",
        AllOf((member, FINANCIAL_DIFFICULTY)), proofs,
    )


_R_7A = _fin(Group.MARTYR_RELATIVE, "7a", "a", _P_MARTYR)
_R_7B = _fin(Group.AGENT_ORANGE, "7b", "b", _P_AO)
_R_7C = _fin(Group.ELDERLY, "7c", "c", _P_ELDERLY, AgeIn(_ELDERLY_AGE, None), "; Law on the Elderly 39/2009/QH12 Art 2 (60 or over)")
_R_7D = _fin(Group.DISABILITY, "7d", "d", _P_DISAB)
_R_7DD = _fin(
    Group.JUVENILE_VICTIM, "7đ", "đ", _P_JUV_VICTIM,
    AllOf((AgeIn(16, 18), RoleIn(frozenset({PersonRole.VICTIM})), FieldIn(frozenset({LegalField.CRIMINAL})))),
)
_R_7E = _fin(Group.DOMESTIC_VIOLENCE_VICTIM, "7e", "e", _P_DV)
_R_7G = _fin(Group.TRAFFICKING_VICTIM_FINANCIAL, "7g", "g", _P_TRAF_7G, _TRAFFICKED)
_R_7H = _fin(Group.HIV, "7h", "h", _P_HIV)

_AMEND_2027 = "amending Law on Legal Aid (passed 24/04/2026, in force 01/01/2027; Nghị quyết 31/2026/QH16 summary) — PROVISIONAL, number and text UNVERIFIED"
_CITE_2027 = f"{LAW} Art 7 as amended by the {_AMEND_2027}"
_NO_TEST = "; financial test dropped"
_DIRECT = "; listed directly, no financial test"
_R27_7A = GroupRule(Group.MARTYR_RELATIVE, "7a", _CITE_2027 + _NO_TEST, _c(Group.MARTYR_RELATIVE), _P_MARTYR_2027, provisional=True)
_R27_7B = GroupRule(Group.AGENT_ORANGE, "7b", _CITE_2027 + _NO_TEST, _c(Group.AGENT_ORANGE), _P_AO_2027, provisional=True)
_R27_7D = GroupRule(Group.DISABILITY, "7d", _CITE_2027 + _NO_TEST, _c(Group.DISABILITY), _P_DISAB_2027, provisional=True)
_R27_NEAR_POOR = GroupRule(Group.NEAR_POOR, "2027-near-poor", _CITE_2027, AnyOf((_c(Group.NEAR_POOR), _NEAR_POOR)), _P_NEAR_POOR_2027, provisional=True)
#: "người hưởng trợ cấp xã hội": any social allowance, not only the monthly one; a monthly
#: allowance recorded as the financial basis establishes it too.
_R27_ALLOWANCE = GroupRule(Group.SOCIAL_ALLOWANCE, "2027-social-allowance", _CITE_2027, AnyOf((_c(Group.SOCIAL_ALLOWANCE), _ALLOWANCE)), _P_ALLOWANCE_2027, provisional=True)
_R27_7C = GroupRule(
    Group.ELDERLY, "7c", _CITE_2027 + _DIRECT + "; Law on the Elderly 39/2009/QH12 Art 2 (60 or over)",
    AgeIn(_ELDERLY_AGE, None), _P_ELDERLY_2027, provisional=True,
)
_R27_7E = GroupRule(
    Group.DOMESTIC_VIOLENCE_VICTIM, "7e", _CITE_2027 + _DIRECT, _c(Group.DOMESTIC_VIOLENCE_VICTIM), _P_DV_2027,
    provisional=True, wording_vi="Người bị bạo lực gia đình",
)
_R27_7H = GroupRule(Group.HIV, "7h", _CITE_2027 + _DIRECT, _c(Group.HIV), _P_HIV_2027, provisional=True)
_KEPT = "; financial test kept (ND 144/2017/NĐ-CP Art 2), the other reading"
_R27_7C_KEPT = GroupRule(_R_7C.group, _R_7C.clause, _CITE_2027 + _KEPT, _R_7C.condition, _R_7C.proofs, provisional=True)
_R27_7E_KEPT = GroupRule(
    _R_7E.group, _R_7E.clause, _CITE_2027 + _KEPT, _R_7E.condition, _R_7E.proofs, provisional=True,
    wording_vi="Người bị bạo lực gia đình",
)
_R27_7H_KEPT = GroupRule(_R_7H.group, _R_7H.clause, _CITE_2027 + _KEPT, _R_7H.condition, _R_7H.proofs, provisional=True)

_BASE = (_R_CL1, _R_CL2, _R_CL3, _R_CL4)

#: The versions of Law Art 7, oldest first.
RULE_SETS: tuple[EligibilityRuleSet, ...] = (
    EligibilityRuleSet(
        "art7-2018", dt.date(2018, 1, 1), dt.date(2025, 6, 30),
        f"{LAW} Art 7 (in force 01/01/2018, Art 47)",
        (*_BASE, _R_CL5_2018, _R_CL6, _R_7A, _R_7B, _R_7C, _R_7D, _R_7DD, _R_7E, _R_7G, _R_7H),
    ),
    EligibilityRuleSet(
        "art7-2025-07", dt.date(2025, 7, 1), dt.date(2025, 12, 31),
        f"{LAW} Art 7 as amended by Law 53/2024/QH15 Art 61 (cl. 6a added, cl. 7 pt g repealed; in force 01/07/2025)",
        (*_BASE, _R_CL5_2018, _R_CL6, _R_CL6A, _R_7A, _R_7B, _R_7C, _R_7D, _R_7DD, _R_7E, _R_7H),
    ),
    EligibilityRuleSet(
        "art7-2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31),
        f"{LAW} Art 7 as amended by Law 53/2024/QH15 Art 61 and Law 59/2024/QH15 Art 177 cl. 6 (cl. 5 rewritten, cl. 7 pt đ repealed; in force 01/01/2026)",
        (*_BASE, _R_CL5_2026, _R_CL6, _R_CL6A, _R_7A, _R_7B, _R_7C, _R_7D, _R_7E, _R_7H),
    ),
    EligibilityRuleSet(
        "art7-2027", dt.date(2027, 1, 1), None,
        _CITE_2027,
        (*_BASE, _R_CL5_2026, _R_CL6, _R_CL6A, _R27_7A, _R27_7B, _R27_7C, _R27_7D, _R27_7E, _R27_7H, _R27_NEAR_POOR, _R27_ALLOWANCE),
        provisional=True,
        note=(
            "Reading DIRECT (the latest source, the summary of the 1st session of the 16th National "
            "Assembly, Nghị quyết 31/2026/QH16 of 24/04/2026): the financial test is dropped for 7a, 7b, 7d; "
            "near-poor persons, social-allowance recipients, the elderly, domestic-violence victims and people "
            "with HIV are eligible directly. Law number and article text unverified."
        ),
    ),
)
check_no_overlap(RULE_SETS)

#: The other reading of the 2027 amendment (:attr:`Reading2027.FINANCIAL_TEST_KEPT`): the
#: elderly, domestic-violence victims and people with HIV keep the ND144 Art 2 financial
#: test (then equivalent to the near-poor and allowance groups). Same dates as ``art7-2027``.
ART7_2027_FINANCIAL_TEST_KEPT = EligibilityRuleSet(
    "art7-2027-financial-test-kept", dt.date(2027, 1, 1), None,
    _CITE_2027 + "; reading with the financial test kept for 7c, 7e, 7h",
    (*_BASE, _R_CL5_2026, _R_CL6, _R_CL6A, _R27_7A, _R27_7B, _R27_7C_KEPT, _R27_7D, _R27_7E_KEPT, _R27_7H_KEPT, _R27_NEAR_POOR, _R27_ALLOWANCE),
    provisional=True,
    note=(
        "Reading FINANCIAL_TEST_KEPT (the earlier reading of the drafts): the financial test is dropped for 7a, "
        "7b, 7d only; the elderly, domestic-violence victims and people with HIV keep the ND 144/2017/NĐ-CP "
        "Art 2 test. Law number and article text unverified."
    ),
)


class Reading2027(CodeEnum):
    """Which reading of the 2027 amendment of Law Art 7 to apply (the sources disagree)."""

    DIRECT = "direct"
    FINANCIAL_TEST_KEPT = "financial_test_kept"


describe(Reading2027, {
    "DIRECT": (
        "Người cao tuổi, người bị bạo lực gia đình, người nhiễm HIV được trợ giúp pháp lý không cần điều kiện khó khăn về tài chính",
        "Elderly, domestic-violence victims and people with HIV eligible without a financial test (latest source; default)",
        "Nghị quyết 31/2026/QH16 (24/04/2026), summary of the amending Law on Legal Aid",
    ),
    "FINANCIAL_TEST_KEPT": (
        "Người cao tuổi, người bị bạo lực gia đình, người nhiễm HIV vẫn cần điều kiện khó khăn về tài chính",
        "Elderly, domestic-violence victims and people with HIV keep the ND144 Art 2 financial test (earlier reading)",
        "Drafts of the amending Law on Legal Aid (2025–2026); ND 144/2017/NĐ-CP Art 2",
    ),
})

_DEPRECATED = (
    "include_provisional is deprecated and has no effect: the 2027 rule set is used by default and "
    "its results carry provisional=True; it will be removed in the next release"
)


def _warn_provisional_flag(include_provisional: bool | None) -> None:
    if include_provisional is not None:
        warnings.warn(_DEPRECATED, DeprecationWarning, stacklevel=3)


def rule_set_on(
    on: dt.date, *, reading: Reading2027 = Reading2027.DIRECT, include_provisional: bool | None = None,
) -> EligibilityRuleSet:
    """The version of Law Art 7 in force on ``on``, provisional sets included.

    ``reading`` picks the reading of the 2027 amendment (:class:`Reading2027`). A date
    no set covers (before 01/01/2018, or a gap) is a :class:`RuleNotInForceError` naming
    the date. ``include_provisional`` is deprecated and ignored.
    """
    _warn_provisional_flag(include_provisional)
    rs = select(RULE_SETS, on, include_provisional=True)
    if reading is Reading2027.FINANCIAL_TEST_KEPT and rs.id == "art7-2027":
        return ART7_2027_FINANCIAL_TEST_KEPT
    return rs


def provisional_notice(start: dt.date, end: dt.date, *, english: bool = False) -> str:
    """The one-line notice that figures dated from ``start`` to ``end`` rest on a provisional
    version of Law Art 7; ``""`` when none applies.

    In Vietnamese only, as reports print it (officer-facing text); ``english=True`` adds the
    English sentence, as ``tgpl validate`` prints it beside its other bilingual lines.
    """
    hits = [rs for rs in RULE_SETS if rs.provisional and rs.effective_from <= end and (rs.effective_to is None or rs.effective_to >= start)]
    if not hits:
        return ""
    first = max(start, min(rs.effective_from for rs in hits))
    text = (
        f"Lưu ý: số liệu từ ngày {first.strftime('%d/%m/%Y')} dựa trên quy định tạm thời về diện người được "
        "trợ giúp pháp lý (Luật sửa đổi, bổ sung một số điều của Luật Trợ giúp pháp lý, có hiệu lực từ ngày "
        "01/01/2027; chưa đối chiếu được văn bản chính thức)."
    )
    if english:
        text += (f" (Note: figures from {first.isoformat()} rest on provisional rules: Law Art 7 as amended from "
                 "01/01/2027, whose official text is not yet confirmed.)")
    return text


# ------------------------------------------------------------------------- result


class EligibilityStatus(CodeEnum):
    """Outcome of an eligibility check."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN = "unknown"


describe(EligibilityStatus, {
    "ELIGIBLE": ("Thuộc diện được trợ giúp pháp lý", "Eligible", f"{LAW} Art 7"),
    "NOT_ELIGIBLE": ("Không thuộc diện được trợ giúp pháp lý", "Not eligible", f"{LAW} Art 7; Art 30 cl. 3 pt a"),
    "UNKNOWN": ("Chưa đủ thông tin để xác định", "Not enough facts to decide", ""),
})


@frozen
class Matter:
    """The matter a request is about: form, field of law and the person's procedural role
    in it (clauses 5 and 6 depend on it; ``UNKNOWN`` falls back to ``Beneficiary.role``)."""

    form: Form
    field: LegalField
    role: PersonRole = PersonRole.UNKNOWN


@frozen
class GroupMatch:
    """A group the person belongs to under the rule set: clause, citation, the proofs it
    needs, and whether the beneficiary's recorded proofs satisfy them. ``certain`` is False
    when the person is eligible under one of several groups but the missing facts do not
    say which (e.g. a year of birth that makes them 15 or 16)."""

    group: Group
    clause: str
    citation: str
    proofs: ProofRequirement
    proof_status: Tri
    certain: bool = True


@frozen
class EligibilityResult:
    """Outcome of :func:`check_eligibility`.

    ``matches`` are the groups matched (all of them, for reports); ``undecided`` the
    groups the missing facts leave open; ``missing`` the facts still needed; ``rule_set``
    and ``basis`` name the version of Art 7 applied (record them on the case).
    """

    status: EligibilityStatus
    on: dt.date
    age_on: dt.date
    rule_set: str
    basis: str
    provisional: bool
    matches: tuple[GroupMatch, ...]
    undecided: tuple[Group, ...]
    missing: tuple[Fact, ...]
    notes: tuple[str, ...] = field(default=())
    #: For a provisional result, what the reading rests on (the rule set's note); else "".
    provisional_basis: str = ""

    @property
    def eligible(self) -> Tri:
        """The status as a yes/no/unknown value."""
        return {EligibilityStatus.ELIGIBLE: Tri.YES, EligibilityStatus.NOT_ELIGIBLE: Tri.NO}.get(self.status, Tri.UNKNOWN)

    @property
    def groups(self) -> tuple[Group, ...]:
        return tuple(m.group for m in self.matches)


# ---------------------------------------------------------------------- evaluation


def _ages(b: Beneficiary, on: dt.date) -> tuple[int, ...] | None:
    if b.birth_date is not None:
        if b.birth_date > on:
            raise InvalidRecordError(
                f"birth date {b.birth_date.isoformat()} is after the age date {on.isoformat()}",
                record_id=b.id, path="$.birth_date",
            )
        age = b.age_on(on)
        assert age is not None
        return (age,)
    if b.birth_year is not None:
        if b.birth_year > on.year:
            raise InvalidRecordError(
                f"birth year {b.birth_year} is after the age date {on.isoformat()}",
                record_id=b.id, path="$.birth_year",
            )
        lo = b.age_on(on)
        assert lo is not None
        hi = on.year - b.birth_year  # born on 1 January
        return tuple(sorted({max(lo, 0), hi}))
    return None


def _age_representatives(rules: Sequence[GroupRule]) -> tuple[int, ...]:
    bounds = {0}
    for r in rules:
        for c in _walk(r.condition):
            if isinstance(c, AgeIn):
                bounds |= {x for x in (c.lo, c.hi) if x is not None}
    return tuple(sorted(bounds))


def _classes(values: Iterable[object], sets: Sequence[frozenset[object]]) -> list[object]:
    reps: dict[tuple[bool, ...], object] = {}
    for v in values:
        reps.setdefault(tuple(v in s for s in sets), v)
    return list(reps.values())


def _completions(w: _World, unknown: frozenset[Fact], rules: Sequence[GroupRule]) -> Iterator[_World]:
    conds = [c for r in rules for c in _walk(r.condition)]
    role_sets = [frozenset[object](c.roles) for c in conds if isinstance(c, RoleIn)]
    fin_sets = [frozenset[object](c.bases) for c in conds if isinstance(c, FinancialIn)]
    age_opts: list[tuple[int, ...] | None] = [w.ages]
    if Fact.AGE in unknown:
        base = w.ages if w.ages is not None else _age_representatives(rules)
        age_opts = [(a,) for a in base]
    role_opts: list[object] = [w.role]
    if Fact.ROLE in unknown:
        role_opts = _classes((r for r in PersonRole if r is not PersonRole.UNKNOWN), role_sets)
    fin_opts: list[object] = [w.financial]
    if Fact.FINANCIAL in unknown:
        fin_opts = _classes((f for f in FinancialBasis if f is not FinancialBasis.UNKNOWN), fin_sets)
    eth_opts = [Tri.YES, Tri.NO] if Fact.ETHNIC_MINORITY in unknown else [w.ethnic]
    area_opts = [Tri.YES, Tri.NO] if Fact.DIFFICULT_AREA in unknown else [w.area]
    for ages, role, fin, eth, area in itertools.product(age_opts, role_opts, fin_opts, eth_opts, area_opts):
        assert isinstance(role, PersonRole)
        assert isinstance(fin, FinancialBasis)
        yield _World(w.groups, ages, role, fin, eth, area, w.field)


def _unknown_facts(w: _World) -> frozenset[Fact]:
    out: set[Fact] = set()
    if w.ages is None or len(w.ages) > 1:
        out.add(Fact.AGE)
    if w.role is PersonRole.UNKNOWN:
        out.add(Fact.ROLE)
    if w.financial is FinancialBasis.UNKNOWN:
        out.add(Fact.FINANCIAL)
    if w.ethnic is Tri.UNKNOWN:
        out.add(Fact.ETHNIC_MINORITY)
    if w.area is Tri.UNKNOWN:
        out.add(Fact.DIFFICULT_AREA)
    return frozenset(out)


_AGE_GROUPS: Mapping[Group, AgeIn] = {
    Group.CHILD: AgeIn(None, 16),
    Group.JUVENILE_16_18: AgeIn(16, 18),
    Group.JUVENILE_VICTIM: AgeIn(16, 18),
    Group.ELDERLY: AgeIn(_ELDERLY_AGE, None),
}


def check_eligibility(
    beneficiary: Beneficiary,
    matter: Matter,
    *,
    on: dt.date,
    age_on: dt.date | None = None,
    reading: Reading2027 = Reading2027.DIRECT,
    include_provisional: bool | None = None,
) -> EligibilityResult:
    """Is ``beneficiary`` eligible for legal aid in ``matter`` on ``on`` (Law Art 7)?

    ``on`` is the request (or acceptance) date: it chooses the rule set
    (:func:`rule_set_on`) and, unless ``age_on`` is given, the date the age is computed
    on. From 01/01/2027 the provisional set answers, with ``provisional=True`` and its
    ``provisional_basis``; ``reading`` picks the reading of the 2027 amendment.
    ``include_provisional`` is deprecated and ignored. See the module docstring for how
    facts are read and when the answer is UNKNOWN.
    """
    _warn_provisional_flag(include_provisional)
    rs = rule_set_on(on, reading=reading)
    age_date = on if age_on is None else age_on
    role = matter.role if matter.role is not PersonRole.UNKNOWN else beneficiary.role
    notes: list[str] = []
    if matter.role is not PersonRole.UNKNOWN and beneficiary.role not in (PersonRole.UNKNOWN, matter.role):
        notes.append(f"role in the matter ({matter.role.value}) differs from the beneficiary record ({beneficiary.role.value}); the matter's role is used")
    w = _World(
        groups=beneficiary.groups,
        ages=_ages(beneficiary, age_date),
        role=role,
        financial=beneficiary.financial,
        ethnic=beneficiary.ethnic_minority,
        area=beneficiary.extreme_difficulty_area,
        field=matter.field,
    )
    for g, cond in _AGE_GROUPS.items():
        if g in beneficiary.groups and cond.evaluate(w) is Tri.NO:
            notes.append(f"recorded group {g.value} contradicts the age on {age_date.isoformat()}; the age decides")
    stale = sorted(g.value for g in beneficiary.groups if rs.rule(g) is None and g is not Group.TRAFFICKING_VICTIM_FINANCIAL and g is not Group.TRAFFICKING_VICTIM)
    if stale:
        notes.append(f"recorded group(s) {', '.join(stale)} are not eligible groups under {rs.id}")
    proof_kinds = [p.kind for p in beneficiary.proofs]

    values = {r.group: r.condition.evaluate(w) for r in rs.rules}
    yes = [r for r in rs.rules if values[r.group] is Tri.YES]
    open_rules = [r for r in rs.rules if values[r.group] is Tri.UNKNOWN]
    unknown = _unknown_facts(w)
    relevant = frozenset().union(*(r.condition.facts() for r in open_rules)) & unknown if open_rules else frozenset[Fact]()

    def match(r: GroupRule, certain: bool = True) -> GroupMatch:
        return GroupMatch(r.group, r.clause, r.citation, r.proofs, r.proofs.satisfied_by(proof_kinds), certain)

    status: EligibilityStatus
    matches: tuple[GroupMatch, ...]
    if yes:
        status, matches = EligibilityStatus.ELIGIBLE, tuple(match(r) for r in yes)
    elif not open_rules:
        status, matches = EligibilityStatus.NOT_ELIGIBLE, ()
    else:
        outcomes: set[bool] = set()
        possible: dict[Group, GroupRule] = {}
        for cw in _completions(w, relevant, open_rules):
            hits = [r for r in open_rules if r.condition.evaluate(cw) is Tri.YES]
            outcomes.add(bool(hits))
            for r in hits:
                possible.setdefault(r.group, r)
            if len(outcomes) == 2:
                break
        if outcomes == {True}:
            status = EligibilityStatus.ELIGIBLE
            matches = tuple(match(r, certain=False) for r in open_rules if r.group in possible)
            notes.append("eligible whatever the missing facts are, but they decide under which group")
        elif outcomes == {False}:
            status, matches, relevant = EligibilityStatus.NOT_ELIGIBLE, (), frozenset()
            open_rules = []
        else:
            status, matches = EligibilityStatus.UNKNOWN, ()
    return EligibilityResult(
        status=status,
        on=on,
        age_on=age_date,
        rule_set=rs.id,
        basis=rs.citation,
        provisional=rs.provisional,
        matches=matches,
        undecided=tuple(r.group for r in open_rules),
        missing=tuple(f for f in Fact if f in relevant),
        notes=tuple(notes),
        provisional_basis=rs.note if rs.provisional else "",
    )


def eligibility_date(case: Case) -> dt.date:
    """The date eligibility is assessed on for ``case``: the request date
    (``RequestReceived``), else the acceptance date (``Accepted``), in Vietnam's civil time.

    Law Art 30 cl. 1 accepts only Art 7 persons, so eligibility is decided at the request
    and recorded; Law Art 37 cl. 3 keeps the case going if the person later stops meeting
    Art 7 (see :func:`still_served`). A case with neither event is an
    :class:`InvalidRecordError`.
    """
    for kind in (RequestReceived, Accepted):
        for e in case.events:
            if isinstance(e, kind):
                return e.on.date()
    raise InvalidRecordError("the case has no request or acceptance event to date eligibility", record_id=case.id, path="$.events")


def check_case_beneficiary(
    case: Case,
    beneficiary: Beneficiary,
    *,
    on: dt.date | None = None,
    age_on: dt.date | None = None,
    reading: Reading2027 = Reading2027.DIRECT,
    include_provisional: bool | None = None,
) -> EligibilityResult:
    """:func:`check_eligibility` for a beneficiary of ``case``: the matter is the case's
    form and field with the beneficiary's role; ``on`` defaults to
    :func:`eligibility_date`. ``include_provisional`` is deprecated and ignored."""
    _warn_provisional_flag(include_provisional)
    if all(b.id != beneficiary.id for b in case.beneficiaries):
        raise InvalidRecordError(f"beneficiary {beneficiary.id!r} is not in the case", record_id=case.id, path="$.beneficiaries")
    when = eligibility_date(case) if on is None else on
    matter = Matter(case.form, case.field, beneficiary.role)
    return check_eligibility(beneficiary, matter, on=when, age_on=age_on, reading=reading)


def still_served(case: Case, on: dt.date) -> bool:
    """Whether ``case`` is still being served on ``on``: accepted on or before ``on`` and
    not ended by then. Eligibility is deliberately *not* re-checked: a beneficiary who
    stops meeting Art 7 during the case keeps the aid to its end (Law Art 37 cl. 3)."""
    accepted = any(isinstance(e, Accepted) and e.on.date() <= on for e in case.events)
    ended = any(isinstance(e, Ended) and e.on.date() <= on for e in case.events)
    return accepted and not ended


# ---------------------------------------------------------------------- territory


class TerritoryStatus(CodeEnum):
    """Outcome of the territorial-competence check (Law Art 26)."""

    COMPETENT = "competent"
    TRANSFER = "transfer"
    UNKNOWN = "unknown"


describe(TerritoryStatus, {
    "COMPETENT": ("Thuộc phạm vi địa bàn", "Within territorial competence", f"{LAW} Art 26"),
    "TRANSFER": ("Chuyển yêu cầu cho Trung tâm có thẩm quyền", "Transfer to the competent Center", f"{LAW} Art 35 cl. 1"),
    "UNKNOWN": ("Chưa rõ nơi cư trú, nơi xảy ra vụ việc", "Residence or place of the matter unknown", ""),
})

#: The territorial rule as dated data (Law Art 26; TT12 Art 8a for central requests).
TERRITORY_RULE = EligibilityRuleSet(
    "territory-art26", dt.date(2018, 1, 1), None,
    f"{LAW} Art 26 (Center: residence in the province, or matter arising there, or a request of the central legal aid authority); TT 12/2018/TT-BTP Art 8a; transfer: Art 35",
    (),
)


@frozen
class TerritoryResult:
    """Outcome of :func:`check_territory`. ``grounds`` are ``"residence"``, ``"place"``,
    ``"central_request"``; on TRANSFER, ``transfer_to`` suggests the residence province
    (else the place) in the scheme in force, and ``reason`` is the Law Art 35 reason."""

    status: TerritoryStatus
    on: dt.date
    organisation_unit: UnitRef
    grounds: tuple[str, ...]
    missing: tuple[str, ...]
    transfer_to: UnitRef | None
    reason: TransferReason | None
    basis: str


def check_territory(
    org_province: UnitRef,
    beneficiary_residence: UnitRef | None,
    matter_place: UnitRef | None,
    on: dt.date,
    central_request: bool = False,
) -> TerritoryResult:
    """Is a State Legal Aid Center of ``org_province`` territorially competent on ``on``?

    Law Art 26: the beneficiary resides in the province, or the matter arose there, or the
    central legal aid authority asked (TT12 Art 8a: then residence and place do not
    matter). All units are compared in the scheme in force on ``on``
    (:func:`tgpl.domain.unit_on`), so a Center of former Bắc Giang (2004:24) is competent
    for a resident of former Bắc Ninh (2004:27) from 01/07/2025, not before. Failure
    means TRANSFER (Law Art 35 cl. 1), never refusal. A missing unit that could make the
    Center competent makes the answer UNKNOWN. Applies to Centers; participating
    organisations act within their contract or registration (Art 26 cl. 2).
    """
    select((TERRITORY_RULE,), on)
    org = unit_on(org_province, on)
    res = unit_on(beneficiary_residence, on) if beneficiary_residence is not None else None
    place = unit_on(matter_place, on) if matter_place is not None else None
    grounds: list[str] = []
    if central_request:
        grounds.append("central_request")
    if res is not None and res == org:
        grounds.append("residence")
    if place is not None and place == org:
        grounds.append("place")
    missing = tuple(name for name, v in (("residence", res), ("place", place)) if v is None)
    if grounds:
        return TerritoryResult(TerritoryStatus.COMPETENT, on, org, tuple(grounds), (), None, None, TERRITORY_RULE.citation)
    if missing:
        return TerritoryResult(TerritoryStatus.UNKNOWN, on, org, (), missing, None, None, TERRITORY_RULE.citation)
    return TerritoryResult(
        TerritoryStatus.TRANSFER, on, org, (), (), res if res is not None else place,
        TransferReason.NO_TERRITORIAL_COMPETENCE, TERRITORY_RULE.citation,
    )
