"""Deterministic selection of cases for quality evaluation (đánh giá chất lượng), TT12 Art 15.

TT12 Art 15 (as amended by TT 03/2021/TT-BTP) leaves the share of cases (tỷ lệ vụ
việc) to each DOJ or MoJ evaluation plan, but fixes one rule: **every provider has at
least one case evaluated**. Evaluation covers litigation and representation cases.

Rules of :func:`sample_for_evaluation`:

* the pool is the cases whose form is litigation or representation, that have ended
  (an ``Ended`` event on or before ``as_of``, when given) and that carry no
  ``EvaluationRecorded`` event (a case is never evaluated twice by a plan);
* the providers of a case are, by default, **every** provider who worked on it — the
  ids in its ``ProviderAssigned`` and ``ProviderChanged`` events
  (:attr:`ProviderRule.ALL`): a replaced provider's work is part of the file the
  evaluator reads, and counting it keeps the sample smallest. :attr:`ProviderRule.LAST`
  counts only the provider who finished the case;
* the target size is ``ceil(share × pool size)`` computed exactly (a float share is
  read through its decimal text, so ``0.1`` is exactly one tenth);
* coverage first: providers are taken in hash order and each one not yet covered adds
  its lowest-hash case; then cases are added in hash order until the target is reached.
  The sample therefore has ``max(target, cases needed for coverage)`` cases — it may
  exceed the share, never fall short of it;
* the order is ``sha256(seed, case id)``: the same seed and the same *set* of cases give
  the same sample whatever the input order; no global random state is used.
"""

from __future__ import annotations

import enum
import hashlib
import math
from collections.abc import Iterable
from datetime import date
from fractions import Fraction

from attrs import frozen

from tgpl.domain import Case, Ended, EvaluationRecorded, Form, ProviderAssigned, ProviderChanged
from tgpl.errors import DuplicateRecordError

__all__ = [
    "EVALUATED_FORMS",
    "SAMPLING_CITATION",
    "ProviderRule",
    "Sample",
    "case_providers",
    "sample_for_evaluation",
]

SAMPLING_CITATION = "TT 12/2018/TT-BTP Art 15 (as amended by TT 03/2021/TT-BTP): plan sets the share; every provider has at least one case evaluated"

#: Forms subject to quality evaluation by the DOJ / MoJ (TT12 Art 15).
EVALUATED_FORMS = frozenset({Form.LITIGATION, Form.REPRESENTATION})


class ProviderRule(enum.StrEnum):
    """Who counts as "the provider of a case" for coverage (TT12 Art 15)."""

    ALL = "all"
    LAST = "last"


def case_providers(case: Case, rule: ProviderRule = ProviderRule.ALL) -> frozenset[str]:
    """Provider ids of ``case`` from its ``ProviderAssigned`` / ``ProviderChanged`` events:
    all of them (``ALL``) or the one assigned last (``LAST``)."""
    ids = [e.provider_id for e in case.events if isinstance(e, ProviderAssigned | ProviderChanged)]
    if not ids:
        return frozenset()
    return frozenset(ids) if rule is ProviderRule.ALL else frozenset({ids[-1]})


@frozen
class Sample:
    """The cases chosen for an evaluation plan, and why.

    ``cases`` are in selection order; ``reasons`` maps each case id to ``"coverage:<provider>"``
    or ``"share"``; ``pool_size`` is the number of eligible cases and ``target`` is
    ``ceil(share × pool_size)``; ``excluded`` counts the cases left out by reason.
    """

    cases: tuple[Case, ...]
    reasons: tuple[tuple[str, str], ...]
    pool_size: int
    target: int
    share: Fraction
    seed: str
    provider_rule: ProviderRule
    providers: frozenset[str]
    excluded: tuple[tuple[str, int], ...]
    as_of: date | None = None
    citation: str = SAMPLING_CITATION

    @property
    def ids(self) -> tuple[str, ...]:
        """Case ids (file codes) in selection order."""
        return tuple(c.id for c in self.cases)


def _share(share: float | Fraction) -> Fraction:
    if isinstance(share, bool):
        raise TypeError("share must be a number between 0 and 1")
    value = Fraction(str(share)) if isinstance(share, float) else Fraction(share)
    if not 0 <= value <= 1:
        raise ValueError(f"share {share} is outside 0..1")
    return value


def _key(seed: str, kind: str, ident: str) -> bytes:
    return hashlib.sha256(f"{kind}\x1f{seed}\x1f{ident}".encode()).digest()


def sample_for_evaluation(
    cases: Iterable[Case],
    *,
    share: float | Fraction,
    seed: int | str,
    as_of: date | None = None,
    provider_rule: ProviderRule = ProviderRule.ALL,
) -> Sample:
    """Choose cases for a DOJ/MoJ quality evaluation plan (TT12 Art 15); see the module docstring.

    Raises :class:`~tgpl.errors.DuplicateRecordError` when two cases share a file code
    (the order would no longer be a function of the set), ``ValueError`` for a share
    outside 0..1.
    """
    fraction = _share(share)
    seed_text = str(seed)
    excluded = {"form_not_evaluated": 0, "not_ended": 0, "already_evaluated": 0}
    pool: dict[str, Case] = {}
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise DuplicateRecordError("the same case appears twice in the input", record_id=case.id, path="$.code")
        seen.add(case.id)
        if case.form not in EVALUATED_FORMS:
            excluded["form_not_evaluated"] += 1
        elif not any(isinstance(e, Ended) and (as_of is None or e.on.date() <= as_of) for e in case.events):
            excluded["not_ended"] += 1
        elif any(isinstance(e, EvaluationRecorded) for e in case.events):
            excluded["already_evaluated"] += 1
        else:
            pool[case.id] = case

    order = sorted(pool, key=lambda cid: (_key(seed_text, "case", cid), cid))
    rank = {cid: i for i, cid in enumerate(order)}
    providers_of = {cid: case_providers(pool[cid], provider_rule) for cid in order}
    by_provider: dict[str, list[str]] = {}
    for cid in order:
        for pid in providers_of[cid]:
            by_provider.setdefault(pid, []).append(cid)

    chosen: list[str] = []
    reasons: dict[str, str] = {}
    covered: set[str] = set()
    for pid in sorted(by_provider, key=lambda p: (_key(seed_text, "provider", p), p)):
        if pid in covered:
            continue
        cid = min(by_provider[pid], key=rank.__getitem__)
        chosen.append(cid)
        reasons[cid] = f"coverage:{pid}"
        covered |= providers_of[cid]

    target = math.ceil(fraction * len(pool))
    for cid in order:
        if len(chosen) >= target:
            break
        if cid not in reasons:
            chosen.append(cid)
            reasons[cid] = "share"

    return Sample(
        cases=tuple(pool[c] for c in chosen),
        reasons=tuple((c, reasons[c]) for c in chosen),
        pool_size=len(pool),
        target=target,
        share=fraction,
        seed=seed_text,
        provider_rule=provider_rule,
        providers=frozenset(by_provider),
        excluded=tuple(sorted(excluded.items())),
        as_of=as_of,
    )
