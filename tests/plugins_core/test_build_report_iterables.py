"""build_report reads any iterable of records: a list, a one-shot iterator (a cursor), paths."""

from __future__ import annotations

from pathlib import Path

from tgpl.io.jsonl import read_jsonl
from tgpl.reporting.build import build_report
from tgpl.reporting.plugins import load_plugins

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bac-kan-2022-h1"
FILES = [str(EXAMPLE / "cases.jsonl"), str(EXAMPLE / "activities.jsonl")]


def _records() -> list[object]:
    out: list[object] = []
    for path in FILES:
        with read_jsonl(path) as stream:
            out.extend(stream)
    return out


def test_a_one_shot_iterator_counts_what_a_list_and_the_files_count() -> None:
    records = _records()
    plugins = load_plugins(load_entrypoints=False)
    from_files = build_report(FILES, "2022-H1", plugins=plugins)[0].values()
    from_list = build_report(records, "2022-H1", plugins=plugins)[0].values()
    from_iterator = build_report(iter(records), "2022-H1", plugins=plugins)[0].values()
    assert from_files["cases.accepted"] == 174
    assert from_list == from_files
    assert from_iterator == from_files
