"""The Cà Mau 2023 example plan against a generated register, and the ``tgpl plan`` command."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from tgpl.cli import EXIT_INPUT, EXIT_OK, EXIT_PROBLEMS, main
from tgpl.demo import write_demo
from tgpl.domain import UnitRef
from tgpl.planning import load_plan
from tgpl.reporting.plugins import Plugins, load_plugins

ROOT = Path(__file__).resolve().parents[2]
CA_MAU = ROOT / "examples" / "plans" / "ca-mau-2023.yaml"
BAC_GIANG = ROOT / "examples" / "plans" / "bac-giang-2024.yaml"


def _core() -> Plugins:
    return load_plugins(load_entrypoints=False)


@pytest.fixture(scope="module")
def ca_mau_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cm") / "ca-mau-2023.jsonl"
    write_demo(path, seed=5, province=UnitRef.parse("2004:96"), start=dt.date(2023, 1, 1),
               end=dt.date(2023, 12, 31), cases_per_year=80)
    return path


def test_ca_mau_2023_report_lists_every_task(ca_mau_data: Path, tmp_path: Path) -> None:
    code = main(["report", str(ca_mau_data), "--window", "2023-Q3", "--plan", str(CA_MAU),
                 "--format", "md,json", "--out", str(tmp_path), "--quiet"], plugins=_core())
    assert code == EXIT_OK
    doc = json.loads((tmp_path / "tgpl-report-2023-Q3.json").read_text(encoding="utf-8"))
    plan = load_plan(CA_MAU)
    assert doc["plan"]["reference_vi"] == "Kế hoạch số 122/KH-UBND ngày 22/05/2023 của Ủy ban nhân dân tỉnh Cà Mau"
    assert doc["plan"]["status_date"] == "2023-09-30"
    assert [t["id"] for t in doc["plan"]["tasks"]] == [t.id for t in plan.tasks]
    # No task has a number and no progress note: the status is "no data", never invented.
    assert {t["status"] for t in doc["plan"]["tasks"]} == {"no_data"}
    assert doc["plan"]["tasks"][8]["lead_vi"] == "Sở Tư pháp"
    md = (tmp_path / "tgpl-report-2023-Q3.md").read_text(encoding="utf-8")
    assert "- Số nhiệm vụ: 10 (chưa có số liệu: 10)" in md
    for task in plan.tasks:
        assert f"| {task.id} | {task.text}" in md


def test_a_plan_for_another_period_is_said_so(ca_mau_data: Path, tmp_path: Path) -> None:
    code = main(["report", str(ca_mau_data), "--window", "2023", "--plan", str(BAC_GIANG.parent / "ca-mau-2023.yaml"),
                 "--as-of", "2023-03-31", "--format", "json", "--out", str(tmp_path), "--quiet"], plugins=_core())
    assert code == EXIT_OK
    plan = json.loads((tmp_path / "tgpl-report-2023.json").read_text(encoding="utf-8"))["plan"]
    assert plan["status_date"] == "2023-03-31"
    assert "Tình trạng thực hiện được đánh giá đến ngày 31/03/2023." in plan["notes_vi"]


def test_a_target_outside_the_report_window_is_counted_from_the_same_inputs(ca_mau_data: Path, tmp_path: Path) -> None:
    text = CA_MAU.read_text(encoding="utf-8").replace(
        '  - id: "3"\n', '  - id: "3"\n    targets:\n      - indicator: outreach.sessions\n'
        '        label: Số buổi truyền thông\n        at_least: 1\n        unit: buổi\n', 1)
    plan_file = tmp_path / "ca-mau-2023-x.yaml"
    plan_file.write_text(text, encoding="utf-8")
    code = main(["report", str(ca_mau_data), "--window", "2023-Q3", "--plan", str(plan_file),
                 "--format", "json", "--out", str(tmp_path), "--quiet"], plugins=_core())
    assert code == EXIT_OK
    doc = json.loads((tmp_path / "tgpl-report-2023-Q3.json").read_text(encoding="utf-8"))
    (target,) = doc["plan"]["tasks"][2]["targets"]
    assert target["counted_vi"] == "01/01/2023–30/09/2023"  # the task's year up to the status date, not Q3
    main(["report", str(ca_mau_data), "--window", "2023-01-01..2023-09-30", "--format", "json",
          "--out", str(tmp_path / "ytd"), "--quiet"], plugins=_core())
    ytd = json.loads(next((tmp_path / "ytd").glob("*.json")).read_text(encoding="utf-8"))
    assert target["value"] == ytd["indicators"]["outreach.sessions"]


def test_plan_check_prints_the_tasks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "check", str(CA_MAU)], plugins=_core()) == EXIT_OK
    out = capsys.readouterr().out
    assert "[10] Thực hiện việc tuyển dụng viên chức" in out
    assert "Đơn vị phối hợp: Sở Nội vụ; Sở Tài chính" in out
    assert out.rstrip().endswith("Kế hoạch hợp lệ: 10 nhiệm vụ, 0 chỉ tiêu có số kế hoạch, 9 chỉ tiêu theo dõi.")
    # the followed indicators by their Vietnamese labels, and no code name anywhere
    assert "    Chỉ tiêu theo dõi: Số cuộc họp của Hội đồng phối hợp liên ngành về trợ giúp pháp lý trong hoạt động tố tụng" in out
    assert "ca-mau-2023" not in out
    assert not re.search(r"\b[a-z_]+\.[a-z_.0-9]+\b", out), re.findall(r"\b[a-z_]+\.[a-z_.0-9]+\b", out)


def test_plan_check_names_targets_by_label_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "check", str(BAC_GIANG)], plugins=load_plugins(load_entrypoints=True)) == EXIT_OK
    out = capsys.readouterr().out
    assert "    Chỉ tiêu: Tỷ lệ Trợ giúp viên pháp lý đạt chỉ tiêu tham gia tố tụng: 100 %" in out
    assert "tgv_quota" not in out
    assert "mã chỉ tiêu" not in out
    assert out.rstrip().endswith("Kế hoạch hợp lệ: 9 nhiệm vụ, 2 chỉ tiêu có số kế hoạch, 6 chỉ tiêu theo dõi.")


def test_plan_check_names_every_problem_on_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(CA_MAU.read_text(encoding="utf-8").replace("time_frame: Năm 2023", "time_frame: Năm 2024", 2), encoding="utf-8")
    assert main(["plan", "check", str(bad)], plugins=_core()) == EXIT_PROBLEMS
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2
    assert "Traceback" not in "".join(err)
    assert err[0].startswith(f"{bad}:")
    assert ": 1: $.tasks[0].time_frame: time frame 'Năm 2024' lies outside the plan period" in err[0]
    assert ": 2: $.tasks[1].time_frame:" in err[1]


def test_a_target_bound_to_an_unknown_indicator_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    # Without the province plugin, the Bắc Giang plan's own indicator does not exist; the TGV
    # quota target is bound to a core indicator (tgpl.reporting.quota) and is known.
    assert main(["plan", "check", str(BAC_GIANG)], plugins=_core()) == EXIT_PROBLEMS
    err = capsys.readouterr().err
    assert "II.3.b" not in err
    assert ": II.3.c: $.tasks[6].targets[0].indicator: indicator 'bac_giang.mobile_trips' is not known" in err


def test_a_missing_plan_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "check", str(tmp_path / "none.yaml")], plugins=_core()) == EXIT_INPUT
    assert main(["plan", "check", "bac-giang-2019"], plugins=_core()) == EXIT_INPUT
    assert "no plan file or shipped plan 'bac-giang-2019'" in capsys.readouterr().err


def test_the_conformance_kit_checks_shipped_plans(tmp_path: Path) -> None:
    from tgpl.reporting.hookspecs import hookimpl
    from tgpl.testing.conformance import check_plans

    class Ships:
        name = "ships"

        def __init__(self, path: Path) -> None:
            self.path = path

        @hookimpl
        def tgpl_register_plans(self, register: object) -> None:
            register(self.path)  # type: ignore[operator]

    assert check_plans(Ships(CA_MAU)) == []
    problems = check_plans(Ships(BAC_GIANG))  # its trips indicator comes from the province plugin
    assert [(p.subject, p.message.split(":")[0]) for p in problems] == [
        ("bac-giang-2024 II.3.c", "$.tasks[6].targets[0].indicator"),  # II.3.b: the core tgv_quota.met_share
    ]
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema: tgpl.plan/1\n", encoding="utf-8")
    (only,) = check_plans(Ships(broken))
    assert "invalid plan file broken.yaml:1:" in only.message


def test_the_engine_gives_the_same_plan_section(ca_mau_data: Path, tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    text = CA_MAU.read_text(encoding="utf-8").replace(
        '  - id: "3"\n', '  - id: "3"\n    targets:\n      - indicator: outreach.sessions\n'
        '        label: Số buổi truyền thông\n        at_least: 12\n        unit: buổi\n', 1)
    plan_file = tmp_path / "ca-mau-2023-x.yaml"
    plan_file.write_text(text, encoding="utf-8")
    sections = []
    for extra, out in ((["--no-engine"], "python"), (["--engine"], "engine")):
        code = main(["report", str(ca_mau_data), "--window", "2023", "--plan", str(plan_file), "--format", "json",
                     "--out", str(tmp_path / out), "--quiet", *extra], plugins=_core())
        assert code == EXIT_OK
        sections.append(json.loads((tmp_path / out / "tgpl-report-2023.json").read_text(encoding="utf-8"))["plan"])
    assert sections[0] == sections[1]
    assert sections[0]["tasks"][2]["targets"][0]["status"] in ("met", "missed")


def test_ca_mau_tasks_on_online_hearings_and_programmes_follow_their_indicators(ca_mau_data: Path, tmp_path: Path) -> None:
    """Tasks 4 (online hearings) and 7 (the national target programmes) have no planned number:
    they are followed by the hearing and programme indicators, counted over the task's year up
    to the status date, without deciding the task's status."""
    code = main(["report", str(ca_mau_data), "--window", "2023", "--plan", str(CA_MAU),
                 "--format", "md,json", "--out", str(tmp_path), "--quiet"], plugins=_core())
    assert code == EXIT_OK
    doc = json.loads((tmp_path / "tgpl-report-2023.json").read_text(encoding="utf-8"))
    tasks = {t["id"]: t for t in doc["plan"]["tasks"]}
    hearing = {f["indicator"]: f for f in tasks["4"]["followed"]}
    assert list(hearing) == ["hearings.cases", "hearings.cases_online", "hearings.online_share",
                             "duty.shifts.court", "duty.cases_accepted.court", "council.meetings"]
    for f in hearing.values():
        assert f["value"] == doc["indicators"][f["indicator"]]
        assert f["counted_vi"] == "01/01/2023–31/12/2023"
    assert hearing["hearings.cases"]["value"] > 0  # the demo register has hearings
    assert hearing["duty.shifts.court"]["value"] > 0  # and court duty shifts (from 19/05/2022)
    assert hearing["council.meetings"]["value"] > 0  # and the council's meetings
    assert [f["indicator"] for f in tasks["7"]["followed"]] == [
        "programmes.ntp_poverty_2021_2025.accepted", "programmes.ntp_new_rural_2021_2025.accepted",
        "programmes.ntp_ethnic_minority_2021_2025.accepted"]
    assert sum(f["value"] for f in tasks["7"]["followed"]) > 0
    assert tasks["4"]["status"] == "no_data"  # followed indicators do not decide the status
    assert "followed" not in tasks["1"]
    md = (tmp_path / "tgpl-report-2023.md").read_text(encoding="utf-8")
    assert "| Nhiệm vụ | Chỉ tiêu theo dõi (không có chỉ tiêu số) | Thực hiện | Thời gian tính số liệu |" in md
    assert "| 4 | Số vụ việc tham gia tố tụng có tham gia phiên tòa trực tuyến trong kỳ |" in md


def test_a_followed_indicator_code_is_checked_like_a_target_code(tmp_path: Path) -> None:
    from tgpl.planning import PlanError

    text = CA_MAU.read_text(encoding="utf-8").replace("hearings.cases_online,", "Hearings-Online,", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError, match=r"tasks\[3\]\.indicators\[1\]"):
        load_plan(bad)
