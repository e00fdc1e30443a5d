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
from tgpl.io import write_jsonl
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
