"""Issue 12 §8: anonymisation that deserves the name.

Before: ``tgpl anonymize`` kept file codes and organisation codes (which join straight
back to the register) and minute-level times, said nothing about re-identification, and
took any key. Now: codes and organisations are keyed pseudonyms (reports unchanged),
times go to the day (or the month), a k-anonymity summary ends the run, ``--k K``
generalises until every class holds K persons or says it cannot, and weak keys are
refused.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, main
from tgpl.domain import FileCode, case_identity
from tgpl.privacy.anonymize import Pseudonymiser, WeakKeyError, check_key, read_key_file
from tgpl.reporting.plugins import load_plugins

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bac-kan-2022-h1"
KEY_HEX = "5f1c2a9b7e3d4c6a8b0f1e2d3c4b5a69788796a5b4c3d2e1f0a1b2c3d4e5f607"
P = Pseudonymiser(bytes.fromhex(KEY_HEX))
PLUGINS = load_plugins(load_entrypoints=False)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), plugins=PLUGINS)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "register.jsonl"
    path.write_bytes((EXAMPLE / "cases.jsonl").read_bytes() + (EXAMPLE / "activities.jsonl").read_bytes())
    return path


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.key"
    path.write_text(KEY_HEX + "\n", encoding="ascii")
    return path


def _report(capsys: pytest.CaptureFixture[str], path: Path, out: Path) -> dict[str, Any]:
    code, _, err = _run(capsys, "report", str(path), "--window", "stats:2022-H1", "--format", "json", "--out", str(out), "-q")
    assert (code, err) == (EXIT_OK, "")
    doc: dict[str, Any] = json.loads(next(out.glob("tgpl-report-*[0-9H].json")).read_text(encoding="utf-8"))
    return doc


def _classes(path: Path) -> Counter[tuple[object, ...]]:
    """An independent oracle: quasi-identifier classes of the persons in a written file."""
    counts: Counter[tuple[object, ...]] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec["schema"] != "tgpl.case/1":
            continue
        request = next((e["on"][:10] for e in rec["events"] if e["type"] == "request_received"), rec["events"][0]["on"][:10])
        for b in rec["beneficiaries"]:
            counts[(b.get("sex", "unknown"), b.get("birth_year"), b.get("ethnic_minority", "unknown"), rec["field"], request)] += 1
    return counts


def test_codes_and_organisations_are_pseudonymised_and_reports_unchanged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, register: Path, key_file: Path
) -> None:
    anon = tmp_path / "anon.jsonl"
    code, out, _ = _run(capsys, "anonymize", str(register), "--key-file", str(key_file), "--out", str(anon))
    assert code == EXIT_OK
    originals = [json.loads(line) for line in register.read_text(encoding="utf-8").splitlines()]
    text = anon.read_text(encoding="utf-8")
    codes = {r["code"] for r in originals if "code" in r}
    orgs = {r["organisation"] for r in originals}
    ids = {r["id"] for r in originals if "id" in r}
    assert not [c for c in codes | orgs | ids if f'"{c}"' in text]  # nothing joins back to the register
    written = [json.loads(line) for line in text.splitlines()]
    assert len({r["code"] for r in written if "code" in r}) == len(codes)  # distinct cases stay distinct
    moments = [e["on"] for r in written if "events" in r for e in r["events"]]
    assert moments
    assert all(m.endswith("T00:00:00+07:00") for m in moments)  # times to the day
    before = _report(capsys, register, tmp_path / "r0")
    after = _report(capsys, anon, tmp_path / "r1")
    assert after["indicators"] == before["indicators"]
    assert after["meta"]["records"] == before["meta"]["records"]
    summary = next(line for line in out.splitlines() if line.startswith("k-ẩn danh"))
    classes = _classes(anon)
    smallest, below = min(classes.values()), sum(n for n in classes.values() if n < 5)
    assert f"nhóm nhỏ nhất {smallest} người, {below} người trong nhóm dưới 5" in summary
    assert f"{sum(classes.values())} persons, smallest class {smallest}, {below} below k=5" in summary


def test_month_precision_moves_every_time_to_the_first_of_its_month(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, register: Path, key_file: Path
) -> None:
    anon = tmp_path / "anon.jsonl"
    code, _, _ = _run(capsys, "anonymize", str(register), "--key-file", str(key_file), "--out", str(anon),
                      "--time-precision", "month", "-q")
    assert code == EXIT_OK
    moments = [e["on"] for line in anon.read_text(encoding="utf-8").splitlines() for e in json.loads(line).get("events", [])]
    assert moments
    assert all(m[8:] == "01T00:00:00+07:00" for m in moments)


def _case(seq: int, birth_year: int, day: int) -> dict[str, Any]:
    template = json.loads((EXAMPLE / "cases.jsonl").read_text(encoding="utf-8").splitlines()[0])
    ben = dict(template["beneficiaries"][0], id=f"B{seq}", birth_year=birth_year)
    request = f"2021-03-{day:02d}T08:30:00+07:00"
    events = [dict(e, on=request) if e["type"] == "request_received" else e for e in template["events"]]
    return dict(template, code=f"CN1.TGTT.{seq:02d}.2021", beneficiaries=[ben], events=events)


def _write(path: Path, cases: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
    return path


def test_k_generalises_birth_years_then_dates_until_reached(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, key_file: Path
) -> None:
    # Ten persons alike but for the year of birth (1980…1984) and the day of request (5 or 6).
    src = _write(tmp_path / "src.jsonl", [_case(i, 1980 + i % 5, 5 + (i - 1) // 5) for i in range(1, 11)])
    out = tmp_path / "k3.jsonl"
    code, stdout, _ = _run(capsys, "anonymize", str(src), "--key-file", str(key_file), "--out", str(out), "--k", "3")
    assert code == EXIT_OK
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["beneficiaries"][0]["birth_year"] for r in rows} == {1980}  # 5-year band, its first year
    assert {r["events"][0]["on"][:10] for r in rows} == {"2021-03-05", "2021-03-06"}  # days were enough
    assert "nhóm nhỏ nhất 5 người, 0 người trong nhóm dưới 3" in stdout
    code, stdout, _ = _run(capsys, "anonymize", str(src), "--key-file", str(key_file), "--out", str(out), "--k", "8")
    assert code == EXIT_OK
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["events"][0]["on"][:10] for r in rows} == {"2021-03-01"}  # then months
    assert "nhóm nhỏ nhất 10 người" in stdout


def test_k_that_cannot_be_reached_is_said_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, register: Path, key_file: Path
) -> None:
    out = tmp_path / "never.jsonl"
    code, stdout, err = _run(capsys, "anonymize", str(register), "--key-file", str(key_file), "--out", str(out), "--k", "5")
    assert code == EXIT_PROBLEMS
    assert len(err.strip().splitlines()) == 1
    assert "cannot reach k=5" in err
    assert not out.exists()
    assert stdout == ""


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"a" * 64, "distinct"),  # all one byte (raw)
        ("aa" * 32, "distinct"),  # all one byte (hex)
        (bytes(range(8)).hex() * 4, "distinct"),  # 32 bytes of 8 values
        ("0123456789abcdef", "at least 32 bytes"),  # 8 bytes of hex
        (None, "holds data"),  # the register itself, given as the key
        ('{"key": "5f1c2a9b7e3d4c6a8b0f1e2d3c4b5a69"}', "holds data"),
        ("code,organisation\nCN1.TV.01.2022,backan-cn1\n", "holds data"),
    ],
    ids=["one-byte", "one-byte-hex", "few-values", "short", "register", "json", "csv"],
)
def test_a_weak_key_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, register: Path, content: bytes | str | None, why: str
) -> None:
    key = tmp_path / "weak.key"
    if content is None:
        key.write_bytes(register.read_bytes())
    elif isinstance(content, bytes):
        key.write_bytes(content)
    else:
        key.write_text(content, encoding="utf-8")
    with pytest.raises(WeakKeyError, match=why):
        read_key_file(key)
    out = tmp_path / "out.jsonl"
    code, _, err = _run(capsys, "anonymize", str(register), "--key-file", str(key), "--out", str(out))
    assert code == EXIT_USAGE
    assert len(err.strip().splitlines()) == 1
    assert why in err
    assert not out.exists()


def test_a_strong_key_is_accepted() -> None:
    check_key(bytes(range(32)))
    with pytest.raises(WeakKeyError):
        check_key(bytes(range(15)) * 3)


_ORG = st.sampled_from(["TT", "tt", "CN1", "cn1", "CN2", " CN1"])
_CODES = st.builds(
    lambda org, form, seq, year: f"{org}.{form}.{seq:02d}.{year}",
    _ORG, st.sampled_from(["TV", "TGTT", "ĐDNTT"]), st.integers(1, 999_999), st.integers(2000, 2200),
)


@settings(max_examples=80, deadline=None)
@given(codes=st.lists(_CODES, min_size=2, max_size=30))
def test_pseudonymised_codes_keep_exactly_the_identities(codes: list[str]) -> None:
    """Two codes are one case after pseudonymisation exactly when they were one before."""
    for a in codes:
        for b in codes:
            same_before = case_identity("o", a) == case_identity("o", b)
            pa, pb = P.file_code(FileCode.parse(a)), P.file_code(FileCode.parse(b))
            assert (case_identity("o", pa) == case_identity("o", pb)) == same_before
            assert (pa.form, pa.year) == (FileCode.parse(a).form, FileCode.parse(a).year)


def test_the_sequence_permutation_is_a_bijection() -> None:
    tweak = "cn1\x00litigation\x002022"
    sample = list(range(1, 4001)) + list(range(996_000, 1_000_000))
    images = [P._permute(s, tweak) for s in sample]
    assert len(set(images)) == len(images)
    assert all(1 <= i <= 999_999 for i in images)
    assert images != sample


def test_request_dates_alone_make_almost_everyone_unique_before(register: Path) -> None:
    """The reproduction: at minute precision nearly every person is alone in their class."""
    counts: Counter[tuple[object, ...]] = Counter()
    for line in register.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec["schema"] == "tgpl.case/1":
            request = rec["events"][0]["on"]
            for b in rec["beneficiaries"]:
                counts[(b.get("sex"), b.get("birth_year"), b.get("ethnic_minority"), rec["field"], request)] += 1
    unique = sum(1 for n in counts.values() if n == 1)
    assert unique > 0.9 * sum(counts.values())
