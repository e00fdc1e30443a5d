"""The repository stands on its own (architecture principle 10): no code or doc points to a
file outside it. The architecture's principles live in docs/architecture.md and the legal
facts with their public sources in docs/sources.md; a mention of the old external documents
("ARCHITECTURE.md", "the legal reference", the shared reference files) is a dangling
reference, and so is a "note X.n" or "§n" that the sources page does not define."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "docs" / "sources.md"

#: What no tracked text file may contain (case-insensitive, across line breaks).
DANGLING = re.compile(
    r"(?-i:ARCHITECTURE(?:\.md|\s+principle))"
    r"|\blegal\s+(?:#:\s+)?reference\b(?!s)"
    r"|\.\./shared\b|\bshared/(?:reference|seeds)\b"
    r"|legal-aid-domain|legal-updates-\d|peer-systems"
    r"|\bmodelling\s+notes?\s+[A-D]\.\d",
    re.IGNORECASE,
)
_SELF = Path(__file__).name


def _tracked_text_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    out = []
    for name in listed:
        path = ROOT / name
        if path.suffix in {".js", ".png", ".svg", ".xlsx", ".docx", ".parquet"} or path.name == _SELF:
            continue
        if path.is_file():
            out.append(path)
    return out


def test_no_file_points_outside_the_repository() -> None:
    found = []
    for path in _tracked_text_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for m in DANGLING.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            found.append(f"{path.relative_to(ROOT)}:{line}: {m.group(0)!r}")
    assert found == [], "dangling references:\n" + "\n".join(found)


def _defined_notes() -> set[str]:
    text = SOURCES.read_text(encoding="utf-8")
    return set(re.findall(r"\*\*([A-D]\.\d+)\b", text))


def _defined_sections() -> set[str]:
    text = SOURCES.read_text(encoding="utf-8")
    return set(re.findall(r"^#+ §(\d+(?:\.\d+)?)\b", text, flags=re.MULTILINE))


def test_every_note_and_section_cited_from_the_sources_page_exists() -> None:
    notes, sections = _defined_notes(), _defined_sections()
    assert {"A.9", "C.4", "C.5", "C.6", "D.1"} <= notes
    assert {"4.1", "4.2", "4.3", "6.1", "6.2", "7"} <= sections
    cite = re.compile(r"(?:docs/sources\.md|sources\.md\)|legal sources)[,\s]*(?:§(?P<sec>\d+(?:\.\d+)?)|note (?P<note>[A-D]\.\d+))")
    note = re.compile(r"\bnote (?P<note>[A-D]\.\d+) in docs/sources\.md|\[note (?P<link>[A-D]\.\d+)\]\(sources\.md")
    missing = []
    for path in _tracked_text_files():
        if path.suffix not in {".py", ".md"}:
            continue
        text = path.read_text(encoding="utf-8")
        for m in cite.finditer(text):
            if (m["sec"] and m["sec"] not in sections) or (m["note"] and m["note"] not in notes):
                missing.append(f"{path.relative_to(ROOT)}: {m.group(0)!r}")
        for m in note.finditer(text):
            if (m["note"] or m["link"]) not in notes:
                missing.append(f"{path.relative_to(ROOT)}: {m.group(0)!r}")
    assert missing == []


def test_the_source_keys_cited_are_listed_with_an_address() -> None:
    text = SOURCES.read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| (S\d+) \|.*?\| (.*) \|$", text, flags=re.MULTILINE))
    assert set(listed) == {f"S{i}" for i in range(1, 13)}
    for key, address in listed.items():
        assert "https://" in address or "mirror" in address, key
