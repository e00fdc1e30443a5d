"""Quality scoring of a legal aid case (chấm điểm chất lượng vụ việc), TT12 Art 16–17.

The rubric (TT12 Art 16 as amended by TT 03/2021/TT-BTP, in force 15/07/2021) has ten
criteria in three groups — professional responsibility (30), performance of the aid
(60), beneficiary satisfaction (10) — and the same rubric serves both appraisal (thẩm
định, TT12 Art 14) and evaluation (đánh giá, TT12 Art 15). The grade (xếp loại, TT12
Art 17, not amended) follows from the total: Tốt ≥ 90, Khá 70–89, Đạt 50–69, Không đạt
< 50 — and Không đạt whatever the points when the provider or organisation committed an
act prohibited by Law Art 6 cl. 1.

Decisions (see ``docs/rules.md``):

* **Dates.** Only the amended rubric is shipped as law (``TT12_RUBRIC``, from
  15/07/2021). The points of the original 2018 text (12/10/2018–14/07/2021) could not be
  confirmed, so :func:`rubric_on` raises :class:`~tgpl.errors.RuleNotInForceError` for
  those dates unless the caller opts in with ``include_provisional=True``, which returns
  ``TT12_RUBRIC_2018_ASSUMED`` (same criteria, ``provisional=True``).
* **Exact totals.** A total is a :class:`fractions.Fraction` (rescaling can make 85⅐);
  the grade is decided on the exact value, never on a rounded one, so 89.6 is Khá.
  :attr:`ScoreResult.display` rounds half-up to one decimal for people.
* **Advice cases (ambiguity D.1).** TT12 Art 16 gives one rubric for all forms, but
  criterion 2d (steps in proceedings or representation) does not fit legal advice and
  criterion 3 relies on the feedback form (Mẫu 11) that TT12 Art 8 cl. 3 collects only
  for litigation and representation. For advice cases these two criteria are treated as
  inapplicable (:data:`ADVICE_INAPPLICABLE`), together with whatever the reviewer lists
  in ``QualityReview.not_applicable``. How inapplicable criteria count is an
  :class:`AdvicePolicy`; the default is :attr:`AdvicePolicy.RESCALE` — see its docstring.
"""

from __future__ import annotations

import enum
import functools
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from attrs import field, frozen

from tgpl.domain import Form, Grade, QualityReview
from tgpl.errors import InvalidRecordError, RuleNotInForceError, UnknownCodeError, quote_value
from tgpl.rules._dated import in_force, select

__all__ = [
    "ADVICE_INAPPLICABLE",
    "DEFAULT_POLICY",
    "GRADE_SCALE_TT12",
    "RUBRICS",
    "TT12_RUBRIC",
    "TT12_RUBRIC_2018_ASSUMED",
    "AdvicePolicy",
    "Criterion",
    "CriterionGroup",
    "GradeScale",
    "Rubric",
    "ScoreError",
    "ScoreResult",
    "grade_for_total",
    "grade_review",
    "inapplicable_criteria",
    "normalise_code",
    "rubric_change_days",
    "rubric_on",
    "score",
]

_TT12_AMENDED = "TT 12/2018/TT-BTP Art 16, as amended by TT 03/2021/TT-BTP Art 2 (in force 15/07/2021)"


@frozen
class CriterionGroup:
    """A group of criteria (nhóm tiêu chí) with its maximum points."""

    code: str
    label_vi: str
    label_en: str
    max_points: int


@frozen
class Criterion:
    """One scored criterion (tiêu chí) of a rubric: ``code`` like ``"2c"``, its labels,
    the maximum points and the ``group`` code (``"1"``, ``"2"`` or ``"3"``)."""

    code: str
    label_vi: str
    label_en: str
    max_points: int
    group: str

    def __attrs_post_init__(self) -> None:
        if self.max_points <= 0:
            raise ValueError(f"criterion {self.code!r}: max_points must be positive")


@functools.lru_cache(maxsize=4096)
def normalise_code(code: str) -> str:
    """Canonical spelling of a criterion code: NFC, trimmed, lower case; ``2dd`` → ``2đ``."""
    text = unicodedata.normalize("NFC", code).strip().lower()
    return "2đ" if text == "2dd" else text


def _check_criteria(_i: object, _a: object, value: tuple[Criterion, ...]) -> None:
    codes = [c.code for c in value]
    if not codes:
        raise ValueError("a rubric has at least one criterion")
    if len(set(codes)) != len(codes):
        raise ValueError(f"duplicate criterion codes in rubric: {codes}")
    for c in codes:
        if normalise_code(c) != c:
            raise ValueError(f"criterion code {c!r} is not canonical (use {normalise_code(c)!r})")


@frozen
class Rubric:
    """A dated scoring rubric (bộ tiêu chí chấm điểm).

    The national rubric is :data:`TT12_RUBRIC`; a province plugin may build its own
    ``Rubric`` (own ``id``, criteria, dates and citation) and pass it to :func:`score`.
    ``provisional`` marks a rubric whose text could not be confirmed.
    """

    id: str
    criteria: tuple[Criterion, ...] = field(validator=_check_criteria)
    effective_from: date
    effective_to: date | None
    citation: str
    groups: tuple[CriterionGroup, ...] = ()
    provisional: bool = False
    # Derived once from ``criteria`` (scoring runs once per appraisal over large registers);
    # not constructor arguments and not part of equality.
    _by_code: Mapping[str, Criterion] = field(init=False, repr=False, eq=False, hash=False)
    _codes: tuple[str, ...] = field(init=False, repr=False, eq=False, hash=False)

    @_by_code.default
    def _index(self) -> Mapping[str, Criterion]:
        return {c.code: c for c in self.criteria}

    @_codes.default
    def _code_list(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.criteria)

    @property
    def max_total(self) -> int:
        """Sum of the criteria maxima (100 for TT12)."""
        return sum(c.max_points for c in self.criteria)

    @property
    def codes(self) -> tuple[str, ...]:
        """Criterion codes in rubric order."""
        return self._codes

    def criterion(self, code: str) -> Criterion:
        """The criterion with this code (spelling normalised); unknown → :class:`UnknownCodeError`."""
        found = self._by_code.get(normalise_code(code))
        if found is not None:
            return found
        raise UnknownCodeError(
            f"rubric {self.id}: unknown criterion {code!r} (known: {', '.join(self.codes)})",
            path=f"$.scores[{code!r}]",
        )

    def in_force(self, on: date) -> bool:
        """True when the rubric applies on ``on`` (dates inclusive)."""
        return in_force(self, on)

    def validate(
        self, scores: Mapping[str, object], *, not_applicable: frozenset[str] | set[str] = frozenset()
    ) -> list[str]:
        """Every problem with ``scores``, each naming the criterion; empty when valid.

        Problems: unknown criterion, duplicate spelling of one criterion, value that is
        not an integer (``bool`` and ``2.5`` are refused), negative, above the maximum,
        and a missing criterion (criteria listed in ``not_applicable`` may be missing).
        """
        problems: list[str] = []
        known = self._by_code
        seen: dict[str, str] = {}
        na = {normalise_code(x) for x in not_applicable}
        for raw in na - set(known):
            problems.append(f"not_applicable lists unknown criterion {quote_value(raw)}")
        for raw_code, value in scores.items():
            code = normalise_code(raw_code)
            crit = known.get(code)
            if crit is None:
                problems.append(
                    f"criterion {quote_value(raw_code)}: unknown in rubric {self.id} (known: {', '.join(self.codes)})"
                )
                continue
            if code in seen:
                problems.append(
                    f"criterion {code!r}: scored twice (as {quote_value(seen[code])} and {quote_value(raw_code)})"
                )
                continue
            seen[code] = raw_code
            if isinstance(value, bool) or not isinstance(value, int):
                shown = repr(value) if isinstance(value, bool) else quote_value(value)
                problems.append(f"criterion {code!r}: score {shown} is not a whole number of points")
            elif value < 0:
                problems.append(f"criterion {code!r}: score {quote_value(value)} is negative")
            elif value > crit.max_points:
                problems.append(f"criterion {code!r}: score {quote_value(value)} is above its maximum {crit.max_points}")
        for c in self.criteria:
            if c.code not in seen and c.code not in na:
                problems.append(f"criterion {c.code!r}: missing score (max {c.max_points})")
        return problems


_GROUPS = (
    CriterionGroup("1", "Trách nhiệm nghề nghiệp", "Professional responsibility", 30),
    CriterionGroup("2", "Thực hiện trợ giúp pháp lý", "Performance of the legal aid", 60),
    CriterionGroup("3", "Sự hài lòng của người được trợ giúp pháp lý", "Beneficiary satisfaction", 10),
)

_CRITERIA = (
    Criterion("1a", "Tuân thủ pháp luật, trung thực, tôn trọng sự thật khách quan", "Complies with the law, honest, respects objective truth", 10, "1"),
    Criterion("1b", "Giải thích, hướng dẫn, thông tin kịp thời cho người được trợ giúp pháp lý", "Explains, guides and informs the beneficiary promptly", 10, "1"),
    Criterion("1c", "Bảo đảm thời gian, tiến độ thực hiện", "Keeps to time and progress", 10, "1"),
    Criterion("2a", "Thực hiện đúng yêu cầu và phạm vi được phân công", "Aid matches the request and the assigned scope", 5, "2"),
    Criterion("2b", "Thu thập thông tin, tài liệu, chứng cứ liên quan", "Gathers relevant information, documents and evidence", 10, "2"),
    Criterion("2c", "Nghiên cứu, áp dụng đầy đủ quy định pháp luật liên quan, bảo đảm nội dung đúng pháp luật", "Researches and fully applies the relevant law so the content is correct", 20, "2"),
    Criterion("2d", "Tham gia các hoạt động tố tụng, đại diện để bảo vệ kịp thời quyền lợi của người được trợ giúp pháp lý", "Takes part in procedural or representation steps to protect the beneficiary in time", 20, "2"),
    Criterion("2đ", "Toàn bộ quá trình thực hiện được thể hiện trong hồ sơ vụ việc", "The whole process is recorded in the case file", 5, "2"),
    Criterion("3", "Sự hài lòng của người được trợ giúp pháp lý (theo ý kiến phản hồi)", "Beneficiary satisfaction (from the feedback of the beneficiary or a relative)", 10, "3"),
)

#: TT12 Art 16 as amended by TT03/2021 — in force from 15/07/2021.
TT12_RUBRIC = Rubric(
    id="tt12-2021",
    criteria=_CRITERIA,
    effective_from=date(2021, 7, 15),
    effective_to=None,
    citation=_TT12_AMENDED,
    groups=_GROUPS,
)

#: PROVISIONAL — what applied 12/10/2018–14/07/2021 (original TT12 Art 16). Its points
#: could not be confirmed; this is the amended rubric back-dated, used only on request
#: (``rubric_on(..., include_provisional=True)`` or ``rubric=`` explicitly).
TT12_RUBRIC_2018_ASSUMED = Rubric(
    id="tt12-2018-assumed",
    criteria=_CRITERIA,
    effective_from=date(2018, 10, 12),
    effective_to=date(2021, 7, 14),
    citation="TT 12/2018/TT-BTP Art 16, original text (in force 12/10/2018) — points UNVERIFIED; assumed equal to the 2021 amended rubric",
    groups=_GROUPS,
    provisional=True,
)

#: Built-in rubrics by id (``QualityReview.rubric`` names one of these, or a plugin's).
RUBRICS: Mapping[str, Rubric] = {r.id: r for r in (TT12_RUBRIC, TT12_RUBRIC_2018_ASSUMED)}

#: Criteria treated as inapplicable to legal advice cases (ambiguity D.1): 2d (steps in
#: proceedings or representation) and 3 (feedback form Mẫu 11 is only collected for
#: litigation and representation, TT12 Art 8 cl. 3).
ADVICE_INAPPLICABLE: frozenset[str] = frozenset({"2d", "3"})


def rubric_change_days(rubrics: Iterable[Rubric]) -> list[date]:
    """The days, in order, on which the rubric in force may change among ``rubrics``: each
    ``effective_from`` and the day after each ``effective_to`` (TT12 Art 16; the bulk path
    grades a review once per rubric period rather than once per day)."""
    days: set[date] = set()
    for r in rubrics:
        days.add(r.effective_from)
        if r.effective_to is not None:
            days.add(r.effective_to + timedelta(days=1))
    return sorted(days)


def rubric_on(on: date, *, include_provisional: bool = False) -> Rubric:
    """The national rubric in force on ``on`` (TT12 Art 16).

    From 15/07/2021: :data:`TT12_RUBRIC`. Earlier dates raise
    :class:`~tgpl.errors.RuleNotInForceError` unless ``include_provisional=True``, which
    yields :data:`TT12_RUBRIC_2018_ASSUMED` for 12/10/2018–14/07/2021.
    """
    return select(RUBRICS.values(), on, include_provisional=include_provisional)


class AdvicePolicy(enum.StrEnum):
    """How inapplicable criteria (D.1; ``not_applicable``) count towards the total.

    * ``RESCALE`` (default) — score only the applicable criteria and rescale to 100:
      ``total = earned × 100 / applicable maximum``. Chosen as default because it grades
      the work that could be done on the same 100-point scale as Art 17, neither
      penalising advice (under ``AS_SCORED`` an advice case tops out at 70, so it could
      never be Tốt) nor awarding points nobody assessed (``FULL_MARKS``).
    * ``FULL_MARKS`` — inapplicable criteria count at their maximum.
    * ``AS_SCORED`` — no adjustment: the literal reading of TT12 Art 16 (one scheme for
      all forms); inapplicable criteria count what was scored, 0 when left blank.
    """

    RESCALE = "rescale"
    FULL_MARKS = "full_marks"
    AS_SCORED = "as_scored"


#: The documented default policy (see :class:`AdvicePolicy`).
DEFAULT_POLICY = AdvicePolicy.RESCALE


@frozen
class GradeScale:
    """Dated grade thresholds (TT12 Art 17): minimum totals for Tốt, Khá, Đạt."""

    id: str
    good: int
    fairly_good: int
    passing: int
    effective_from: date
    effective_to: date | None
    citation: str

    def grade(self, total: int | Fraction | Decimal) -> Grade:
        """The grade for an exact total (no rounding)."""
        if total >= self.good:
            return Grade.GOOD
        if total >= self.fairly_good:
            return Grade.FAIRLY_GOOD
        if total >= self.passing:
            return Grade.PASS
        return Grade.FAIL


#: TT12 Art 17 (not amended): Tốt ≥ 90; Khá 70–<90; Đạt 50–<70; Không đạt < 50 or a
#: Law Art 6 cl. 1 violation.
GRADE_SCALE_TT12 = GradeScale(
    id="tt12-art17",
    good=90,
    fairly_good=70,
    passing=50,
    effective_from=date(2018, 10, 12),
    effective_to=None,
    citation="TT 12/2018/TT-BTP Art 17 (not amended); Law 11/2017/QH14 Art 6 cl. 1",
)


def grade_for_total(
    total: int | Fraction | Decimal, *, art6_violation: bool = False, on: date | None = None
) -> Grade:
    """The TT12 Art 17 grade for an exact total on the 0–100 scale.

    Tốt ≥ 90, Khá 70–89, Đạt 50–69, Không đạt < 50; ``art6_violation`` (Law Art 6 cl. 1)
    forces Không đạt whatever the points. ``on`` checks that Art 17 was in force (from
    12/10/2018); without it the unamended Art 17 is used. A total outside 0..100 is a
    ``ValueError``.
    """
    if isinstance(total, bool) or not isinstance(total, int | Fraction | Decimal):
        raise TypeError(f"total must be int, Fraction or Decimal, got {type(total).__name__}")
    if not 0 <= total <= 100:
        raise ValueError(f"total {total} is outside 0..100")
    scale = select((GRADE_SCALE_TT12,), on) if on is not None else GRADE_SCALE_TT12
    if art6_violation:
        return Grade.FAIL
    return scale.grade(total)


class ScoreError(InvalidRecordError):
    """Scores that break the rubric; ``problems`` lists every one, each naming the criterion."""

    def __init__(self, problems: Sequence[str], *, record_id: str | None = None, path: str = "$.scores") -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems), record_id=record_id, path=path)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_score_error, (self.problems, self.record_id, self.path, self.line, self.source))


def _rebuild_score_error(
    problems: tuple[str, ...], record_id: str | None, path: str, line: int | None, source: str | None
) -> ScoreError:
    err = ScoreError(problems, record_id=record_id, path=path)
    err.line, err.source = line, source
    return err


@frozen
class ScoreResult:
    """The outcome of scoring one review.

    ``total`` is exact (a :class:`~fractions.Fraction` on the 0–100 scale); ``earned`` is
    the raw sum of the applicable criteria's points and ``applicable_max`` their maximum.
    ``violation_override`` is True when Law Art 6 cl. 1 forced Không đạt. ``problems``
    are non-fatal findings (e.g. a score given for an inapplicable criterion that the
    policy ignored); invalid scores raise :class:`ScoreError` instead.
    """

    rubric: str
    policy: AdvicePolicy
    total: Fraction
    earned: int
    applicable_max: int
    applicable: tuple[str, ...]
    not_applicable: tuple[str, ...]
    grade: Grade
    violation_override: bool
    problems: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        """The total rounded half-up to one decimal, e.g. ``"85.7"`` (for people, not grading)."""
        d = Decimal(self.total.numerator) / Decimal(self.total.denominator)
        return str(d.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def inapplicable_criteria(review: QualityReview, form: Form, rubric: Rubric) -> frozenset[str]:
    """Criteria that do not count normally: the reviewer's ``not_applicable`` plus, for
    advice cases, :data:`ADVICE_INAPPLICABLE` (those present in the rubric)."""
    na = {normalise_code(c) for c in review.not_applicable}
    if form is Form.ADVICE:
        na |= set(ADVICE_INAPPLICABLE)
    return frozenset(na & set(rubric.codes)) | frozenset(na - set(rubric.codes))


def _resolve_rubric(review: QualityReview, on: date, rubric: Rubric | None, record_id: str | None) -> Rubric:
    if rubric is None and review.rubric is not None:
        rubric = RUBRICS.get(review.rubric)
        if rubric is None:
            raise UnknownCodeError(
                f"review names rubric {review.rubric!r}, which is not built in; pass the plugin's Rubric as rubric=",
                record_id=record_id,
                path="$.rubric",
            )
    if rubric is None:
        return rubric_on(on)
    if not rubric.in_force(on):
        raise RuleNotInForceError(
            f"rubric {rubric.id} is in force {rubric.effective_from.isoformat()}.."
            f"{rubric.effective_to.isoformat() if rubric.effective_to else ''}, not on {on.isoformat()}"
        )
    return rubric


def score(
    review: QualityReview,
    *,
    form: Form,
    on: date,
    policy: AdvicePolicy = DEFAULT_POLICY,
    rubric: Rubric | None = None,
    record_id: str | None = None,
) -> ScoreResult:
    """Score one review under the rubric in force on ``on`` (TT12 Art 16–17).

    ``rubric`` overrides the rubric (a province plugin's, or the provisional 2018 one);
    otherwise ``review.rubric`` names a built-in one, otherwise :func:`rubric_on` picks
    the national rubric for ``on``. Invalid scores raise :class:`ScoreError` listing every
    problem (``record_id`` names the case in the message). Inapplicable criteria are
    :func:`inapplicable_criteria`; ``policy`` says how they count (default
    :data:`DEFAULT_POLICY`, RESCALE). The grade is decided on the exact total; a Law Art 6
    cl. 1 violation forces Không đạt.
    """
    rb = _resolve_rubric(review, on, rubric, record_id)
    na = inapplicable_criteria(review, form, rb)
    problems = rb.validate(review.scores, not_applicable=na)
    if problems:
        first = problems[0]
        path = "$.scores"
        if first.startswith("criterion '"):
            path = f"$.scores[{first.split(chr(39))[1]!r}]"
        raise ScoreError(problems, record_id=record_id, path=path)
    scores = {normalise_code(k): v for k, v in review.scores.items()}
    notes: list[str] = []
    applicable = tuple(c for c in rb.codes if c not in na)
    inapplicable = tuple(c for c in rb.codes if c in na)
    earned = sum(scores[c] for c in applicable)
    applicable_max = sum(rb.criterion(c).max_points for c in applicable)
    scale = Fraction(100, rb.max_total)
    if policy is AdvicePolicy.RESCALE:
        for c in inapplicable:
            if c in scores:
                notes.append(f"criterion {c!r} is inapplicable; its score {scores[c]} was ignored (policy rescale)")
        if applicable_max == 0:
            raise ScoreError(["every criterion is inapplicable; nothing to score"], record_id=record_id)
        total = Fraction(earned * 100, applicable_max)
    elif policy is AdvicePolicy.FULL_MARKS:
        for c in inapplicable:
            if c in scores:
                notes.append(f"criterion {c!r} is inapplicable; counted at its maximum, not {scores[c]} (policy full_marks)")
        total = (earned + sum(rb.criterion(c).max_points for c in inapplicable)) * scale
    else:
        total = (earned + sum(scores.get(c, 0) for c in inapplicable)) * scale
    grade = grade_for_total(total, art6_violation=review.art6_violation)
    return ScoreResult(
        rubric=rb.id,
        policy=policy,
        total=total,
        earned=earned,
        applicable_max=applicable_max,
        applicable=applicable,
        not_applicable=inapplicable,
        grade=grade,
        violation_override=review.art6_violation and grade_for_total(total) is not Grade.FAIL,
        problems=tuple(notes),
    )


def grade_review(
    review: QualityReview,
    *,
    form: Form,
    on: date,
    policy: AdvicePolicy = DEFAULT_POLICY,
    rubric: Rubric | None = None,
) -> Grade:
    """The grade of one review (TT12 Art 17) — :func:`score` without the details."""
    return score(review, form=form, on=on, policy=policy, rubric=rubric).grade
