"""Issue 12 §2 and §7: one case is one case, and the input files people actually have.

Each test reproduces a failure of the earlier code (a case counted twice after a
trailing space or an NFD organisation, duplicate JSON keys kept silently, a file given
twice reported once per line, ``.jsonl.gz`` and directories refused, UTF-16 / cp1258 /
JSON array / pretty-printed / CSV files giving one error per line) and checks the fix
through the reader, ``build_report`` and the ``tgpl`` command.
"""

from __future__ import annotations

import gzip
import itertools
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.cli import EXIT_INPUT, EXIT_OK, EXIT_PROBLEMS, main
from tgpl.domain import IDENTITY_TRIM, FileCode, case_identity, identity_text
from tgpl.errors import DuplicateRecordError
from tgpl.io import read_jsonl
from tgpl.io.inputs import InputFileError, expand_inputs
from tgpl.io.jsonl import MAX_PROBLEMS_PER_FILE
from tgpl.reporting.build import InputReader, build_report, format_problem
from tgpl.reporting.plugins import load_plugins

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "examples" / "bac-kan-2022-h1" / "cases.jsonl"
ACTIVITIES = ROOT / "examples" / "bac-kan-2022-h1" / "activities.jsonl"
LINES = CASES.read_text(encoding="utf-8").splitlines()
FIRST: dict[str, Any] = json.loads(LINES[0])
PLUGINS = load_plugins(load_entrypoints=False)


def _dump(rec: dict[str, Any]) -> str:
    return json.dumps(rec, ensure_ascii=False)


def _count(paths: list[Path]) -> tuple[int, list[str]]:
    reader = InputReader(paths)
    n = sum(1 for _ in reader)
    return n, [format_problem(p) for p in reader.problems]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), plugins=PLUGINS)
    out, err = capsys.readouterr()
    return code, out, err


# -- §2 one case is one case ------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        {"organisation": "Trung tâm Bắc Kạn"},  # the same organisation typed on another machine…
        {"organisation": "Trung tâm Bắc Kạn "},  # …with a trailing space
        {"organisation": "TRUNG TÂM BẮC KẠN"},  # …in capitals
        {"code": "cn1.TGTT.01.2021"},  # the organisation part of the file code in lower case
        {"code": " CN1.TGTT.1.2021"},  # a leading space and an unpadded sequence
    ],
    ids=["nfd", "trailing-space", "capitals", "code-org-case", "code-spacing"],
)
def test_the_same_case_written_differently_is_counted_once(tmp_path: Path, variant: dict[str, str]) -> None:
    base = dict(FIRST, organisation="Trung tâm Bắc Kạn")
    other = dict(base, **variant)
    if variant.get("organisation") == "Trung tâm Bắc Kạn":
        other["organisation"] = unicodedata.normalize("NFD", "Trung tâm Bắc Kạn")
        assert other["organisation"] != base["organisation"]
    path = tmp_path / "twice.jsonl"
    path.write_text(_dump(base) + "\n" + _dump(other) + "\n", encoding="utf-8")
    n, problems = _count([path])
    assert n == 1
    assert len(problems) == 1
    assert "duplicate case" in problems[0]
    assert f"{path}:2" in problems[0]
    report, found = build_report([path], "2021", plugins=PLUGINS)
    assert report.meta.records == 1
    assert any(isinstance(p, DuplicateRecordError) for p in found)


def test_different_cases_stay_different(tmp_path: Path) -> None:
    second = dict(FIRST, code="CN1.TGTT.02.2021")
    third = dict(FIRST, organisation="backan-cn2")
    path = tmp_path / "three.jsonl"
    path.write_text("\n".join(_dump(r) for r in (FIRST, second, third)) + "\n", encoding="utf-8")
    assert _count([path]) == (3, [])


_ORG = st.text(st.sampled_from("abcĐđăâêôơưạếỗ-. AB"), min_size=1, max_size=12)
_PAD = st.text(st.sampled_from(IDENTITY_TRIM), max_size=3)


@settings(max_examples=60, deadline=None)
@given(org=_ORG, left=_PAD, right=_PAD, form=st.sampled_from(["NFC", "NFD"]), upper=st.booleans())
def test_identity_ignores_normalisation_padding_and_case(org: str, left: str, right: str, form: str, upper: bool) -> None:
    written = left + unicodedata.normalize(form, org.upper() if upper else org) + right
    assert case_identity(written, "CN1.TGTT.01.2021") == case_identity(org, "CN1.TGTT.01.2021")
    key = identity_text(written, fold_case=True)
    assert key == unicodedata.normalize("NFC", key)
    assert key == key.strip(IDENTITY_TRIM)


@settings(max_examples=60, deadline=None)
@given(org=st.sampled_from(["TT", "CN1", "cn2", "Cn3"]), seq=st.integers(1, 999_999), year=st.integers(2000, 2199),
       word=st.sampled_from(["TV", "TGTT", "ĐDNTT", "DDNTT"]))
def test_identity_of_a_code_is_its_canonical_text_with_a_folded_organisation(org: str, seq: int, year: int, word: str) -> None:
    text = f"{org}.{word}.{seq}.{year}"
    code = FileCode.parse(text)
    assert case_identity("x", text) == case_identity("x", code)
    _, key = case_identity("x", text)
    assert key == f"{org.lower()}.{code.format().split('.', 1)[1]}"
    assert case_identity("x", text) != case_identity("x", f"{org}.{word}.{seq}.{year + 1}")


def test_a_duplicate_json_key_is_an_error_naming_the_key(tmp_path: Path) -> None:
    good = LINES[0]
    doubled = good.replace('"sex":"male"', '"sex":"male","sex":"female"', 1)
    nested = good.replace('"form":"litigation"', '"form":"litigation","form":"litigation"', 1)
    assert doubled != good
    assert nested != good
    path = tmp_path / "keys.jsonl"
    path.write_text("\n".join([good, doubled, nested]) + "\n", encoding="utf-8")
    with read_jsonl(path) as stream:
        records = list(stream)
    assert len(records) == 1
    assert [(e.line, e.path) for e in stream.errors] == [(2, "$.beneficiaries[0].sex"), (3, "$.form")]
    assert "'sex' is written twice" in stream.errors[0].message


def test_the_same_file_given_twice_is_one_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    link = tmp_path / "link.jsonl"
    link.symlink_to(CASES)
    code, _out, err = _run(capsys, "report", str(CASES), str(link), "--window", "2022-H1", "--out", str(tmp_path / "o"), "-q")
    lines = [line for line in err.splitlines() if line.startswith(str(link))]
    assert code == EXIT_PROBLEMS
    assert lines == [f"{link}: -: $: the same file is given twice (first as {CASES}); it is read once"]
    assert "duplicate case" not in err
    typed = json.loads((tmp_path / "o" / "tgpl-report-2022-H1.json").read_text(encoding="utf-8"))
    assert typed["meta"]["records"] == len(LINES)


# -- §7 inputs people actually have -------------------------------------------------------------


def test_jsonl_gz_is_read_transparently(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    gz = tmp_path / "cases.jsonl.gz"
    gz.write_bytes(gzip.compress(CASES.read_bytes()))
    with read_jsonl(gz) as stream:
        assert len(list(stream)) == len(LINES)
        assert stream.errors == []
    code, _, err = _run(capsys, "report", str(gz), "--window", "2022-H1", "--out", str(tmp_path / "o"), "-q")
    assert (code, err) == (EXIT_OK, "")


def test_a_cut_off_gzip_file_is_one_error_after_the_lines_read(tmp_path: Path) -> None:
    gz = tmp_path / "cut.jsonl.gz"
    data = gzip.compress(CASES.read_bytes())
    gz.write_bytes(data[: len(data) // 2])
    with read_jsonl(gz) as stream:
        records = list(stream)
    assert 0 < len(records) < len(LINES)
    (err,) = stream.errors
    assert "gzip" in err.message
    assert "damaged or cut off" in err.message


def test_a_directory_reads_its_jsonl_files_in_a_stable_order(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "b-activities.jsonl").write_bytes(ACTIVITIES.read_bytes())
    (data / "a-cases.jsonl.gz").write_bytes(gzip.compress(CASES.read_bytes()))
    (data / "notes.txt").write_text("not an input", encoding="utf-8")
    (data / "sub").mkdir()
    (data / "sub" / "c.jsonl").write_text("{broken\n", encoding="utf-8")
    assert expand_inputs([data]).files == (str(data / "a-cases.jsonl.gz"), str(data / "b-activities.jsonl"))
    code, _, err = _run(capsys, "report", str(data), "--window", "2022-H1", "--format", "json", "--out", str(tmp_path / "o"), "-q")
    assert (code, err) == (EXIT_OK, "")
    by_dir = json.loads((tmp_path / "o" / "tgpl-report-2022-H1.json").read_text(encoding="utf-8"))
    code, _, _ = _run(capsys, "report", str(CASES), str(ACTIVITIES), "--window", "2022-H1", "--format", "json", "--out", str(tmp_path / "p"), "-q")
    by_files = json.loads((tmp_path / "p" / "tgpl-report-2022-H1.json").read_text(encoding="utf-8"))
    assert by_dir["indicators"] == by_files["indicators"]
    assert by_dir["meta"]["inputs"] == ["a-cases.jsonl.gz", "b-activities.jsonl"]
    code, out, _ = _run(capsys, "validate", str(data))
    assert code == EXIT_OK
    assert "trong 2 tệp" in out


def test_an_empty_directory_is_one_line_exit_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"no \*\.jsonl or \*\.jsonl\.gz files"):
        expand_inputs([tmp_path])
    code, _, err = _run(capsys, "validate", str(tmp_path))
    assert code == EXIT_INPUT
    assert len(err.strip().splitlines()) == 1
    assert str(tmp_path) in err


def _as_array() -> bytes:
    return ("[\n" + ",\n".join(LINES[:20]) + "\n]\n").encode()


def _pretty() -> bytes:
    return "\n".join(json.dumps(json.loads(line), ensure_ascii=False, indent=2) for line in LINES[:20]).encode()


def _csv() -> bytes:
    rows = ["schema,code,organisation,form"] + [
        f"tgpl.case/1,{r['code']},{r['organisation']},{r['form']}" for r in map(json.loads, LINES[:20])
    ]
    return "\n".join(rows).encode()


# Only letters Windows-1258 holds precomposed (â ơ Đ ô), so that the legacy bytes are exact.
_VIETNAMESE = dict(FIRST, organisation="Trung tâm Sơn Đông")


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        (lambda: CASES.read_text(encoding="utf-8").encode("utf-16"), "UTF-16"),
        (lambda: CASES.read_text(encoding="utf-8").encode("utf-16-le"), "UTF-16"),
        (_as_array, "one JSON array"),
        (_pretty, "pretty-printed"),
        (_csv, "CSV"),
        (lambda: "\n".join(
            _dump(dict(_VIETNAMESE, code=f"CN1.TGTT.{i:02d}.2021")) for i in range(1, 40)
        ).encode("cp1258"), "legacy Vietnamese encoding"),
    ],
    ids=["utf-16", "utf-16-le-no-bom", "json-array", "pretty-printed", "csv", "cp1258"],
)
def test_a_file_of_the_wrong_kind_is_one_error_naming_the_cause(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: Any, cause: str
) -> None:
    path = tmp_path / "export.jsonl"
    path.write_bytes(content())
    with read_jsonl(path) as stream:
        assert list(stream) == []
    (err,) = stream.errors
    assert cause in err.message
    code, out, _ = _run(capsys, "validate", str(path))
    problem_lines = [line for line in out.splitlines() if line.startswith(str(path))]
    assert code == EXIT_PROBLEMS
    assert len(problem_lines) == 1
    assert cause in problem_lines[0]


def test_problems_are_capped_per_file_with_a_summary_line(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text(LINES[0] + "\n" + "{\"schema\": \"tgpl.case/9\"}\n" * (MAX_PROBLEMS_PER_FILE + 25), encoding="utf-8")
    with read_jsonl(path) as stream:
        assert len(list(stream)) == 1
    assert len(stream.errors) == MAX_PROBLEMS_PER_FILE + 1
    assert stream.errors[-1].message == f"25 more problems in this file not listed (at most {MAX_PROBLEMS_PER_FILE} are listed per file)"


def test_a_few_bad_bytes_in_a_utf8_file_stay_errors_on_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    bad = _dump(_VIETNAMESE).encode("cp1258")
    path.write_bytes(b"\n".join([_dump(_VIETNAMESE).encode(), bad, LINES[1].encode(), bad]) + b"\n")
    with read_jsonl(path) as stream:
        assert len(list(stream)) == 2
    assert [e.line for e in stream.errors] == [2, 4]
    assert all("invalid UTF-8" in e.message for e in stream.errors)


@settings(max_examples=25, deadline=None)
@given(
    cuts=st.lists(st.integers(1, len(LINES) - 1), max_size=4, unique=True).map(sorted),
    zipped=st.lists(st.booleans(), min_size=5, max_size=5),
    crlf=st.booleans(),
)
def test_a_directory_of_parts_reads_as_the_whole(
    tmp_path_factory: pytest.TempPathFactory, cuts: list[int], zipped: list[bool], crlf: bool
) -> None:
    """Any split of a register into parts (some gzipped) in a directory reads as the register, in order."""
    data = tmp_path_factory.mktemp("parts")
    bounds = [0, *cuts, len(LINES)]
    newline = "\r\n" if crlf else "\n"
    for i, (a, b) in enumerate(itertools.pairwise(bounds)):
        body = (newline.join(LINES[a:b]) + newline).encode()
        if zipped[i]:
            (data / f"part-{i}.jsonl.gz").write_bytes(gzip.compress(body))
        else:
            (data / f"part-{i}.jsonl").write_bytes(body)
    whole = [loc.record for loc in InputReader([CASES])]
    parts = InputReader([data])
    assert [loc.record for loc in parts] == whole
    assert parts.problems == []
    assert [Path(p).name for p in expand_inputs([data]).files] == sorted(p.name for p in data.iterdir())


def test_records_and_paths_keep_their_order() -> None:
    with read_jsonl(CASES) as stream:
        first = next(stream)
    reader = InputReader([first, CASES])
    located = list(reader)
    assert located[0].record is first
    assert located[0].source == "<records>"
    assert len(located) == len(LINES)  # the file's copy of the first case is the duplicate
    assert [type(p).__name__ for p in reader.problems] == ["DuplicateRecordError"]
    assert reader.problems[0].line == 1
