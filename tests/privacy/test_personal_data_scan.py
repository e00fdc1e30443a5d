"""No name or ID number from the input reaches any report, console output or log.

Architecture principle 11 (docs/architecture.md); issue "personal data kept in": the demo register is generated
with synthetic identities, every installed format is rendered through the ``tgpl``
command, and every output file (unzipped for XLSX/DOCX), everything printed and every
log record is scanned for every name and ID number of the input.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import zipfile
from pathlib import Path

import pytest

from tgpl.cli import main
from tgpl.demo import generate
from tgpl.domain import Case, UnitRef
from tgpl.io import to_dict, write_jsonl
from tgpl.reporting.plugins import load_plugins


def _texts_of(path: Path) -> list[str]:
    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            return [zf.read(n).decode("utf-8", "replace") for n in zf.namelist()]
    return [data.decode("utf-8", "replace")]


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    records = list(generate(seed=7, province=UnitRef.parse("2004:06"), start=dt.date(2021, 1, 1),
                            end=dt.date(2022, 12, 31), cases_per_year=300, with_identities=True))
    secrets: set[str] = set()
    for rec in records:
        if isinstance(rec, Case):
            for b in rec.beneficiaries:
                if b.name:
                    secrets.add(b.name)
                if b.id_number:
                    secrets.add(b.id_number)
    assert len(secrets) > 200, "the demo must carry synthetic identities for this test to mean anything"
    path = tmp_path_factory.mktemp("register") / "register.jsonl"
    write_jsonl(records, path, include_sensitive=True)
    assert any(s in path.read_text(encoding="utf-8") for s in secrets)  # the input really holds them
    return path, secrets


def test_no_personal_data_in_any_format_output_or_log(
    register: tuple[Path, set[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    path, secrets = register
    formats = sorted(load_plugins().formats())
    assert {"md", "json", "csv"} <= set(formats)
    out = tmp_path / "out"
    with caplog.at_level(logging.DEBUG):
        code = main(["report", str(path), "--window", "2022", "--format", ",".join(formats), "--out", str(out), "--deadlines"])
        validate_code = main(["validate", str(path)])
    assert code == 0
    assert validate_code in (0, 1)
    produced = sorted(out.iterdir())
    assert len(produced) >= len(formats)
    printed = capsys.readouterr()
    haystacks = [printed.out, printed.err, *(r.getMessage() for r in caplog.records)]
    for f in produced:
        haystacks.extend(_texts_of(f))
    leaks = sorted({s for s in secrets for h in haystacks if s in h})
    assert leaks == [], f"personal data leaked into outputs: {leaks[:5]}"
    report = json.loads((out / next(p.name for p in produced if p.suffix == ".json")).read_text(encoding="utf-8"))
    assert report["indicators"]["cases.handled"] > 0


# -- issue 12 §4: a name or an ID number typed into ANY field is never echoed ----------------------

NAME = "Nguyễn Thị Hoa Lan"
ID_TEXT = "001089012345"
ID_NUMBER = 1089012345
SECRETS = (NAME, ID_TEXT, str(ID_NUMBER))


def _leaves(value: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaves(v, (*path, k))] or [path]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaves(v, (*path, i))] or [path]
    return [path]


def _put(record: dict[str, object], path: tuple[object, ...], value: object) -> dict[str, object]:
    out = json.loads(json.dumps(record))
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


def _templates() -> list[dict[str, object]]:
    """One record of each kind from the demo, the case the one with the most events."""
    records = [to_dict(r) for r in generate(seed=3, province=UnitRef.parse("2004:06"), start=dt.date(2022, 1, 1),
                                             end=dt.date(2022, 12, 31), cases_per_year=120)]
    by_kind: dict[str, dict[str, object]] = {}
    for rec in records:
        kind = str(rec["schema"])
        best = by_kind.get(kind)
        if best is None or len(json.dumps(rec)) > len(json.dumps(best)):
            by_kind[kind] = rec
    return list(by_kind.values())


def _unique(record: dict[str, object], n: int) -> dict[str, object]:
    """The record under its own id, so that no variant is dropped as a duplicate before it is checked."""
    if isinstance(record.get("code"), str) and record["code"].count(".") == 3:
        org, form, _seq, year = str(record["code"]).split(".")
        return {**record, "code": f"{org}.{form}.{n}.{year}"}
    if isinstance(record.get("id"), str):
        return {**record, "id": f"{record['id']}-{n}"}
    return record


def _hostile_lines() -> list[str]:
    lines: list[str] = []
    for template in _templates():
        for path in _leaves(template):
            if not path or path == ("schema",):
                continue
            for value in (NAME, ID_TEXT, ID_NUMBER, [NAME], {NAME: ID_TEXT}):
                base = template if path[0] in ("code", "id") else _unique(template, len(lines) + 1)
                lines.append(json.dumps(_put(base, path, value), ensure_ascii=False))
        lines.append(json.dumps({**template, NAME: 1}, ensure_ascii=False))  # a name as an unknown key
        lines.append(json.dumps({**template, "code": f"{ID_TEXT}.TV.01.2022"}, ensure_ascii=False))
        if "code" in template:  # a valid case whose code and organisation hold personal data, twice
            twin = {**template, "code": f"{ID_TEXT}.{str(template['code']).split('.', 1)[1]}", "organisation": NAME}
            lines.extend([json.dumps(twin, ensure_ascii=False)] * 2)
    lines.append(json.dumps({"schema": NAME}, ensure_ascii=False))
    lines.append(json.dumps({"schema": "tgpl.case/1", "code": NAME}, ensure_ascii=False))
    return lines


def test_a_name_or_id_number_in_every_field_never_reaches_stderr_stdout_or_logs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    lines = _hostile_lines()
    assert len(lines) > 300
    data = tmp_path / "hostile"
    data.mkdir()
    for i in range(0, len(lines), 50):  # under the per-file cap, so every problem is printed
        (data / f"part-{i:05d}.jsonl").write_text("\n".join(lines[i:i + 50]) + "\n", encoding="utf-8")
    assert all(any(s in f.read_text(encoding="utf-8") for f in data.iterdir()) for s in SECRETS)
    formats = sorted(load_plugins().formats())
    out = tmp_path / "out"
    with caplog.at_level(logging.DEBUG):
        report_code = main(["report", str(data), "--window", "2022", "--format", ",".join(formats), "--out", str(out),
                            "--deadlines"])
        validate_code = main(["validate", str(data)])
    printed = capsys.readouterr()
    assert report_code == 1
    assert validate_code == 1
    assert printed.err.count(f"{data}/part-") > 300  # every hostile line was reported…
    # Messages only: a free-text field that is published by design (the commune names of
    # mobile trips, kept in the JSON tally so that distinct communes merge) carries what it is given.
    haystacks = {"stdout": printed.out, "stderr": printed.err, "log": "\n".join(r.getMessage() for r in caplog.records)}
    assert sorted(p.suffix for p in out.iterdir() if not p.name.startswith("."))  # the report was still written
    leaks = {(where, s) for where, text in haystacks.items() for s in SECRETS if s in text}
    assert leaks == set(), sorted(leaks)[:5]  # …and none of them echoed what it held
