"""``tgpl report … --plan examples/plans/bac-giang-2024.yaml`` against a generated register, every format."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import tgpl_province_example as bg

from tgpl.cli import main
from tgpl.demo import write_demo
from tgpl.domain import UnitRef
from tgpl.reporting.plugins import load_plugins

openpyxl = pytest.importorskip("openpyxl")
docx = pytest.importorskip("docx")
tgpl_xlsx = pytest.importorskip("tgpl_xlsx")
tgpl_docx = pytest.importorskip("tgpl_docx")

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "plans" / "bac-giang-2024.yaml"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bg")
    data = root / "bac-giang-2024.jsonl"
    write_demo(data, seed=11, province=UnitRef.parse("2004:24"), start=dt.date(2024, 1, 1),
               end=dt.date(2024, 12, 31), cases_per_year=120)
    plugins = load_plugins(load_entrypoints=False, plugins=[bg, tgpl_xlsx, tgpl_docx])
    code = main([
        "report", str(data), "--window", "2024", "--plan", str(EXAMPLE), "--format", "md,json,xlsx,docx",
        "--out", str(root / "out"), "--quiet",
    ], plugins=plugins)
    assert code == 0
    return root / "out"


def test_json_has_every_task_with_its_status_and_both_targets(reports: Path) -> None:
    doc = json.loads((reports / "tgpl-report-2024.json").read_text(encoding="utf-8"))
    plan = doc["plan"]
    assert plan["id"] == "bac-giang-2024"
    assert plan["status_date"] == "2024-12-31"
    assert [t["id"] for t in plan["tasks"]] == [t.id for t in bg.PLAN.tasks]
    # The year is over: every task has a final status (numbers) or no data (no number, no note).
    assert {t["id"]: t["status"] for t in plan["tasks"] if t["targets"]} == {
        # the core quota indicator, judged with the profile's quota (14 cases a year, every TGV seen)
        "II.3.b": "met" if doc["indicators"]["tgv_quota.met_share"] == 100 else "missed",
        "II.3.c": "met" if doc["indicators"]["bac_giang.mobile_trips"] >= 35 else "missed",
    }
    assert {t["status"] for t in plan["tasks"] if not t["targets"]} == {"no_data"}
    targets = {g["indicator"]: g for t in plan["tasks"] for g in t["targets"]}
    assert targets["bac_giang.mobile_trips"]["value"] == doc["indicators"]["bac_giang.mobile_trips"]
    assert targets["bac_giang.mobile_trips"]["planned_vi"] == "35–40 đợt"
    assert targets["tgv_quota.met_share"]["value"] == doc["indicators"]["tgv_quota.met_share"]
    assert doc["indicators"]["tgv_quota.with_quota"] > 0
    # the per-TGV counts behind it are never published
    assert "tgv_litigation" not in doc["tally"]["tables"]


def test_markdown_word_and_excel_show_every_task(reports: Path) -> None:
    md = (reports / "tgpl-report-2024.md").read_text(encoding="utf-8")
    assert "Kết quả thực hiện kế hoạch" in md
    wb = openpyxl.load_workbook(reports / "tgpl-report-2024.xlsx")
    sheet = wb["Kế hoạch"]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    words = "\n".join(p.text for p in docx.Document(reports / "tgpl-report-2024.docx").paragraphs)
    assert "KẾT QUẢ THỰC HIỆN KẾ HOẠCH" in words
    for task in bg.PLAN.tasks:
        assert f"| {task.id} | {task.text}" in md
        assert task.id in cells
        assert task.text.rstrip(" .;") in words
    for label in ("Tỷ lệ Trợ giúp viên pháp lý đạt chỉ tiêu tham gia tố tụng",
                  "Số đợt trợ giúp pháp lý lưu động và truyền thông về trợ giúp pháp lý ở cơ sở"):
        assert label in md
        assert label in cells
        assert f"Chỉ tiêu “{label}”" in words
    assert "35–40 đợt" in cells


def test_the_programme_indicators_follow_task_ii_3_c_in_every_format(reports: Path) -> None:
    """II.3.c holds mobile legal aid "in the national target programmes": besides its number
    (35–40 rounds) it is followed by the programme indicators, with no planned number."""
    doc = json.loads((reports / "tgpl-report-2024.json").read_text(encoding="utf-8"))
    (task,) = [t for t in doc["plan"]["tasks"] if t["id"] == "II.3.c"]
    codes = [f["indicator"] for f in task["followed"]]
    assert codes == ["programmes.ntp_poverty_2021_2025.accepted", "programmes.ntp_new_rural_2021_2025.accepted",
                     "programmes.ntp_ethnic_minority_2021_2025.accepted"]
    assert [f["value"] for f in task["followed"]] == [doc["indicators"][c] for c in codes]
    label = task["followed"][0]["label_vi"]
    assert label.startswith("Số vụ việc thụ lý trong kỳ thuộc Chương trình mục tiêu quốc gia giảm nghèo")
    md = (reports / "tgpl-report-2024.md").read_text(encoding="utf-8")
    assert f"| II.3.c | {label} |" in md
    sheet = openpyxl.load_workbook(reports / "tgpl-report-2024.xlsx")["Kế hoạch"]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert label in cells
    assert "Theo dõi (không có chỉ tiêu số)" in cells
    words = "\n".join(p.text for p in docx.Document(reports / "tgpl-report-2024.docx").paragraphs)
    assert f"Chỉ tiêu theo dõi “{label}”" in words
