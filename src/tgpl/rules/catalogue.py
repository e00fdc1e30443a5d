"""Catalogue of every rule tgpl encodes: eligibility, territory, scoring, success, sampling,
deadlines, the calendar's dated data, dated unit status, case validation and the lifecycle
transitions.

:func:`catalogue` lists each rule from the data itself — id, what it says, its legal
basis, its dates and its status (``verified`` / ``provisional`` / ``unverified``).
:func:`render_markdown` turns it into the generated block of ``docs/rules.md``; run
``python -m tgpl.rules.catalogue [docs/rules.md]`` to regenerate the block, or with
``--check`` to exit 1 when the page has drifted from the data (the test suite does so).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from attrs import frozen

from tgpl.domain.lifecycle import TRANSITIONS
from tgpl.domain.units import STATUS_CHANGES, unit
from tgpl.rules import (
    calendar,
    deadlines,
    eligibility,
    programmes,
    sampling,
    scoring,
    success,
    validation,
)

__all__ = ["BEGIN", "END", "RuleEntry", "catalogue", "main", "regenerate", "render_markdown"]

BEGIN = "<!-- BEGIN GENERATED: rules catalogue (python -m tgpl.rules.catalogue) -->"
END = "<!-- END GENERATED: rules catalogue -->"


@frozen
class RuleEntry:
    """One rule as listed in the docs."""

    id: str
    what: str
    basis: str
    effective_from: dt.date
    effective_to: dt.date | None
    status: str


def _status(provisional: bool, verified: bool = True) -> str:
    if provisional:
        return "provisional"
    return "verified" if verified else "unverified"


def catalogue() -> tuple[RuleEntry, ...]:
    """Every rule, in a stable order: eligibility sets and groups, territory, rubrics and
    criteria, grade scale, success conditions and criteria, sampling."""
    out: list[RuleEntry] = []
    for rs in (*eligibility.RULE_SETS, eligibility.ART7_2027_FINANCIAL_TEST_KEPT):
        kind = "option: other reading of" if rs is eligibility.ART7_2027_FINANCIAL_TEST_KEPT else "version of"
        out.append(RuleEntry(f"eligibility/{rs.id}", f"Law Art 7 {kind} (rule set)", rs.citation, rs.effective_from, rs.effective_to, _status(rs.provisional)))
        for r in rs.rules:
            wording = f" (“{r.wording_vi}”)" if r.wording_vi else ""
            what = f"{r.group.label_en}{wording}: {r.condition.describe()}; proof: {r.proofs.describe()}"
            out.append(RuleEntry(
                f"eligibility/{rs.id}/cl{r.clause}", what, r.citation, rs.effective_from, rs.effective_to,
                _status(rs.provisional or r.provisional, r.proofs.verified),
            ))
    t = eligibility.TERRITORY_RULE
    out.append(RuleEntry(t.id, "Territorial competence of a Center; failure means transfer", t.citation, t.effective_from, t.effective_to, "verified"))
    for rb in scoring.RUBRICS.values():
        out.append(RuleEntry(f"rubric/{rb.id}", f"Quality rubric, {rb.max_total} points", rb.citation, rb.effective_from, rb.effective_to, _status(rb.provisional)))
        for c in rb.criteria:
            out.append(RuleEntry(
                f"rubric/{rb.id}/{c.code}", f"{c.label_en} ({c.max_points} points, group {c.group})", rb.citation,
                rb.effective_from, rb.effective_to, _status(rb.provisional),
            ))
    g = scoring.GRADE_SCALE_TT12
    out.append(RuleEntry(
        f"grade/{g.id}",
        f"Tốt >= {g.good}; Khá {g.fairly_good}-{g.good - 1}; Đạt {g.passing}-{g.fairly_good - 1}; Không đạt < {g.passing} or a Law Art 6 cl. 1 violation",
        g.citation, g.effective_from, g.effective_to, "verified",
    ))
    out.append(RuleEntry(
        "scoring/advice-inapplicable",
        f"Advice cases: criteria {', '.join(sorted(scoring.ADVICE_INAPPLICABLE))} inapplicable; default policy {scoring.DEFAULT_POLICY.value} (ambiguity D.1)",
        "TT 12/2018/TT-BTP Art 16 (silent); Art 8 cl. 3 (feedback form only for litigation/representation)",
        scoring.TT12_RUBRIC.effective_from, None, "unverified",
    ))
    for gc in success.GENERAL_CONDITIONS:
        out.append(RuleEntry(f"success/{gc.code}", gc.text_en, gc.citation, gc.effective_from, gc.effective_to, _status(False, gc.verified)))
    for sc in success.CRITERIA.values():
        out.append(RuleEntry(f"success/{sc.code}", f"[{sc.group.value}] {sc.text_en}", sc.citation, sc.effective_from, sc.effective_to, _status(False, sc.verified)))
    out.append(RuleEntry(
        "sampling/tt12-art15",
        "Evaluation sample: ended litigation/representation cases not yet evaluated; >= ceil(share x pool); every provider covered",
        sampling.SAMPLING_CITATION, dt.date(2021, 7, 15), None, "verified",
    ))
    for d in deadlines.DEADLINE_RULES:
        length = f"{d.length}" if d.max_length is None else f"{d.length} (up to {d.max_length})"
        conditions = f"; when {', '.join(c.value for c in d.conditions)}" if d.conditions else ""
        out.append(RuleEntry(
            f"deadline/{d.id}",
            f"{d.name_en}: {length} {d.unit.value.replace('_', ' ')} after {d.trigger}{conditions}; met by {', '.join(d.satisfied_by)}",
            d.citation, d.effective_from, d.effective_to, "verified",
        ))
    for v in validation.BUILTIN_RULES:
        out.append(RuleEntry(
            f"validation/{v.code}", f"[{v.severity.value}] {v.description}", v.basis,
            dt.date(2018, 1, 1), None, "verified",
        ))
    for prog in programmes.programmes():
        out.append(RuleEntry(f"programme/{prog.code}", f"National target programme: {prog.name_en}", prog.basis,
                             prog.effective_from, prog.effective_to, prog.status))
    out.append(RuleEntry(
        "calendar/ngay-van-hoa-viet-nam", "24/11 a paid day off (Ngày Văn hóa Việt Nam); on a weekend, the next Monday",
        "Nghị quyết 28/2026/QH16 (in force 01/07/2026); Labour Code 2019 Art 111 cl. 3",
        dt.date(calendar.CULTURAL_DAY_FROM, 1, 1), None, "unverified",
    ))
    known = sorted(calendar.load_known_years())
    out.append(RuleEntry(
        "calendar/known-years", f"Announced swaps checked for {', '.join(map(str, known))}; deadlines through other years carry a warning",
        "tgpl/rules/data/vn_calendar_overrides.json", dt.date(known[0], 1, 1), dt.date(known[-1], 12, 31), "verified",
    ))
    for ref, changes in STATUS_CHANGES.items():
        for ch in changes:
            if ch.effective_from is None:
                continue
            out.append(RuleEntry(
                f"unit/{ref}/{ch.effective_from.isoformat()}",
                f"{unit(ref).name} becomes {'thành phố ' if ch.city else 'tỉnh '}{ch.name}",
                ch.basis or "", ch.effective_from, unit(ref).effective_to, _status(False, ch.verified),
            ))
    seen: dict[str, int] = {}
    for tr in TRANSITIONS:
        sources = ", ".join(sorted(s.value for s in tr.sources))
        target = tr.target.value if tr.target is not None else "same"
        rid = f"lifecycle/{tr.event.kind}->{target}"
        seen[rid] = seen.get(rid, 0) + 1
        out.append(RuleEntry(
            rid if seen[rid] == 1 else f"{rid}#{seen[rid]}",
            f"{tr.event.kind} from {sources} to {target} stage: {tr.guard}",
            tr.citation, tr.effective_from, tr.effective_to, "verified",
        ))
    return tuple(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day is not None else "—"


def render_markdown(entries: Sequence[RuleEntry] | None = None) -> str:
    """The generated block's body: one Markdown table row per rule."""
    rows = [
        "| Id | What | Basis | From | To | Status |",
        "|---|---|---|---|---|---|",
    ]
    for e in entries if entries is not None else catalogue():
        rows.append(f"| `{e.id}` | {_cell(e.what)} | {_cell(e.basis)} | {_d(e.effective_from)} | {_d(e.effective_to)} | {e.status} |")
    return "\n".join(rows) + "\n"


def regenerate(text: str) -> str:
    """``text`` with the generated block between :data:`BEGIN` and :data:`END` replaced."""
    start = text.find(BEGIN)
    stop = text.find(END)
    if start < 0 or stop < start:
        raise ValueError("the page has no generated block markers")
    return text[: start + len(BEGIN)] + "\n" + render_markdown() + text[stop:]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: regenerate (or ``--check``) the generated block of a docs page."""
    parser = argparse.ArgumentParser(prog="python -m tgpl.rules.catalogue", description=__doc__.splitlines()[0])
    parser.add_argument("page", nargs="?", default="docs/rules.md", type=Path)
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is out of date")
    args = parser.parse_args(argv)
    page: Path = args.page
    current = page.read_text(encoding="utf-8")
    updated = regenerate(current)
    if args.check:
        if updated != current:
            print(f"{page}: generated rules catalogue is out of date; run python -m tgpl.rules.catalogue {page}", file=sys.stderr)
            return 1
        return 0
    if updated != current:
        page.write_text(updated, encoding="utf-8")
        print(f"{page}: regenerated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
