"""docs/data-format.md: its Python examples run, and its JSON examples are real records."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tgpl.domain import Case
from tgpl.io import from_dict, to_dict
from tgpl.io.csv import CASE_COLUMNS, PERSON_OCCASION_COLUMNS

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-format.md"
TEXT = DOC.read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", TEXT, flags=re.S | re.M)


def test_python_examples_run(capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, object] = {"__name__": "data_format_doc"}
    blocks = _blocks("python")
    assert blocks
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)
    out = capsys.readouterr().out
    assert "line 2, record 'TT.TV.01.2022', field $.events[1].on" in out


def test_json_examples_are_valid_canonical_records() -> None:
    blocks = _blocks("json")
    assert len(blocks) == 4  # a case, a reception, a duty shift, a council inspection
    for block in blocks:
        data = json.loads(block)
        record = from_dict(data)
        assert to_dict(record) == data  # the example is exactly what tgpl writes
    assert isinstance(from_dict(json.loads(blocks[0])), Case)


def test_every_csv_column_is_documented() -> None:
    for column in (*CASE_COLUMNS, *PERSON_OCCASION_COLUMNS, "beneficiary_names", "name", "id_number"):
        assert f"`{column}`" in TEXT, column
