"""The deadline table in docs/deadlines.md is generated from the rule data: fail on drift."""

from __future__ import annotations

from pathlib import Path

from tgpl.rules.deadlines import deadline_table

PAGE = Path(__file__).resolve().parents[2] / "docs" / "deadlines.md"
START = "<!-- deadline-table:start -->\n"
END = "<!-- deadline-table:end -->"


def test_docs_table_matches_rule_data() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert START in text
    assert END in text
    copy = text.split(START, 1)[1].split(END, 1)[0]
    assert copy == deadline_table(), (
        "docs/deadlines.md is out of date: replace the table between the markers with "
        "the output of tgpl.rules.deadlines.deadline_table()"
    )
