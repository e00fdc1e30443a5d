"""The duplicate pre-scan of ``tgpl report --fast`` finds what the typed reader finds, and nothing else."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tgpl.domain import FileCode
from tgpl.errors import DuplicateRecordError, InvalidRecordError
from tgpl.integrations import fast
from tgpl.integrations.fast import canonical_code, find_duplicate_cases
from tgpl.reporting.build import InputReader, format_problem

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bac-kan-2022-h1"
CASES = EXAMPLE / "cases.jsonl"
ACTIVITIES = EXAMPLE / "activities.jsonl"
_RECORDS = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines()]
#: A valid case of each form in the example, to vary organisation and file code on.
TEMPLATES: dict[str, dict[str, Any]] = {
    "TGTT": next(r for r in _RECORDS if r["form"] == "litigation"),
    "TV": next(r for r in _RECORDS if r["form"] == "advice"),
}


def _typed_duplicates(paths: list[str]) -> list[str]:
    reader = InputReader(paths)
    for _ in reader:
        pass
    return [format_problem(p) for p in reader.problems if isinstance(p, DuplicateRecordError)]


def _scan(paths: list[str]) -> list[str]:
    found = find_duplicate_cases(paths)
    assert all(isinstance(e, DuplicateRecordError) for e in found)
    return [format_problem(e) for e in found]


def _case_line(org: str, code: str) -> str:
    """A case line of the form its code names (a code whose form differs is invalid)."""
    parts = code.split(".")
    template = TEMPLATES.get(parts[1] if len(parts) > 1 else "", TEMPLATES["TV"])
    return json.dumps(dict(template, organisation=org, code=code), ensure_ascii=False)


def test_examples_have_no_duplicates() -> None:
    assert find_duplicate_cases([CASES, ACTIVITIES]) == []


def test_within_and_across_files_with_line_numbers(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("\n".join([
        _case_line("org-1", "TT.TV.01.2022"),
        "",
        "not json",
        _case_line("org-1", "TT.TV.1.2022"),    # line 4: the same case, code written differently
        _case_line("org-2", "TT.TV.01.2022"),   # another organisation: not a duplicate
    ]) + "\n", encoding="utf-8")
    b.write_text("\ufeff" + "\n".join([
        _case_line("org-2", "TT.TV.01.2022"),   # b:1 repeats a:5 (after the byte order mark)
        _case_line("org-1", "TT.TGTT.01.2022"),
    ]) + "\n", encoding="utf-8")
    found = find_duplicate_cases([a, b])
    assert [(e.source, e.line, e.record_id, e.path) for e in found] == [
        (str(a), 4, "TT.TV.01.2022", "$.code"),
        (str(b), 1, "TT.TV.01.2022", "$.code"),
    ]
    assert f"first read at {a}:1" in found[0].message
    assert f"first read at {a}:5" in found[1].message
    assert _scan([str(a), str(b)]) == _typed_duplicates([str(a), str(b)])


def test_same_file_twice_is_one_problem_for_the_reader() -> None:
    paths = [str(CASES), str(CASES)]
    scanned = _scan(paths)  # the --fast pre-scan still sees every line again: it then falls back
    assert len(scanned) == len(CASES.read_text(encoding="utf-8").splitlines())
    reader = InputReader(paths)
    assert sum(1 for _ in reader) == len(scanned)
    assert _typed_duplicates(paths) == []
    assert [format_problem(p) for p in reader.problems] == [
        f"{CASES}: -: $: the same file is given twice (first as {CASES}); it is read once"
    ]


def test_activities_are_checked_too(tmp_path: Path) -> None:
    first = ACTIVITIES.read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "acts.jsonl"
    path.write_text(first + "\n" + first + "\n", encoding="utf-8")
    assert _scan([str(path)]) == _typed_duplicates([str(path)])
    assert len(find_duplicate_cases([path])) == 1


def test_a_hash_collision_is_never_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every key gets the same digest: pass 2 must still report only real duplicates."""
    monkeypatch.setattr(fast, "_digest", lambda _key: b"\0" * 8)
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(_case_line("org", f"TT.TV.{i:02d}.2022") for i in range(1, 30)) + "\n", encoding="utf-8")
    assert find_duplicate_cases([path]) == []
    with path.open("a", encoding="utf-8") as fh:
        fh.write(_case_line("org", "TT.TV.07.2022") + "\n")
    assert [(e.line, e.record_id) for e in find_duplicate_cases([path])] == [(30, "TT.TV.07.2022")]


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        find_duplicate_cases([tmp_path / "missing.jsonl"])


_ORGS = st.sampled_from(["org-1", "org-2"])
_WORDS = st.sampled_from(["TV", "TGTT", "ĐDNTT", "DDNTT", "XX"])
_CODES = st.builds(
    lambda org, word, seq, year, pad: f"{org}.{word}.{seq:0{pad}d}.{year}",
    st.sampled_from(["TT", "CN1"]), _WORDS, st.integers(0, 12), st.sampled_from([1999, 2022]), st.integers(1, 4),
)
_LINES = st.one_of(
    st.tuples(_ORGS, _CODES).map(lambda t: _case_line(*t)),
    st.just("{broken"),
    st.just(""),
)


@given(files=st.lists(st.lists(_LINES, max_size=12), min_size=1, max_size=3))
def test_scan_matches_typed_reader_or_is_cautious(files: list[list[str]], tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every duplicate the reader reports, the scan reports (same words); any extra is a
    repeated key whose earlier line the reader rejected — never a different record."""
    root = tmp_path_factory.mktemp("dups")
    paths = []
    for i, lines in enumerate(files):
        p = root / f"f{i}.jsonl"
        p.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        paths.append(str(p))
    reader = InputReader(paths)
    for _ in reader:
        pass
    typed = [format_problem(e) for e in reader.problems if isinstance(e, DuplicateRecordError)]
    rejected = {
        (e.source, e.line) for e in reader.problems
        if isinstance(e, InvalidRecordError) and not isinstance(e, DuplicateRecordError)
    }
    found = find_duplicate_cases(paths)
    scanned = [format_problem(e) for e in found]
    assert [line for line in scanned if line in set(typed)] == typed
    for extra in found:
        if format_problem(extra) in typed:
            continue
        # A repeat the reader does not call a duplicate: one of the two lines is one it rejected.
        m = re.search(r"first read at (.*):(\d+); counted once", extra.message)
        assert m is not None
        assert (extra.source, extra.line) in rejected or (m[1], int(m[2])) in rejected


@given(code=st.one_of(_CODES, st.text(max_size=20)))
def test_canonical_code_equals_filecode(code: str) -> None:
    try:
        expected: str | None = str(FileCode.parse(code))
    except InvalidRecordError:
        expected = None
    got = canonical_code(code)
    if expected is not None:
        assert got == expected
    else:  # the reader rejects it: the scan may keep a key (cautious), never a valid code's key
        assert got is None or not _valid(got)


def _valid(code: str) -> bool:
    try:
        FileCode.parse(code)
    except InvalidRecordError:
        return False
    return True
