"""Every count indicator is tied to others by a declared relation or ratio, except a short,
documented list of standalone counts (docs/privacy.md, "Standalone counts"): a new indicator
left out of ``BUILTIN_RELATIONS`` fails here until it is declared or documented."""

from __future__ import annotations

from pathlib import Path

from tgpl.reporting.indicators import BUILTIN_INDICATORS, BUILTIN_RATIOS, BUILTIN_RELATIONS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"

STANDALONE = {
    "simple_answers", "reception.visits", "mobile.persons", "mobile.communes",
    "training.sessions", "training.participants", "training.hours",
    "council.meetings", "council.inspections", "council.units_inspected",
}


def test_only_the_documented_counts_stand_alone() -> None:
    tied = {n for r in BUILTIN_RELATIONS for n in r.names} | {n for q in BUILTIN_RATIOS for n in (q.code, *q.names)}
    assert set(BUILTIN_INDICATORS) - tied == STANDALONE
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("**Standalone counts.**"):]
    section = section[: section.index("\n\n")]
    for code in STANDALONE:
        assert f"`{code}`" in section, code
