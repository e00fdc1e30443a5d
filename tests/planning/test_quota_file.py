"""TGV quota files (tgpl.tgv_quota/1): the round trip, one precise line per problem, the
published JSON Schema and ``tgpl report --tgv-quota`` end to end on the demo register."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings

from tgpl.cli import main as cli_main
from tgpl.demo import demo_dataset
from tgpl.errors import InvalidRecordError
from tgpl.planning.quota_file import (
    FILE_NAME,
    letter_text,
    load_tgv_quota,
    main,
    quota_from_data,
    quota_to_data,
    read_tgv_quota,
    tgv_quota_json_schema,
)
from tgpl.planning.schema import render
from tgpl.reporting.build import build_report
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.quota import QuotaCounting, Seniority, TgvQuota
from tgpl.testing.strategies import tgv_quotas

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "quota" / "tgv-quota-example.yaml"
SCHEMA = tgv_quota_json_schema()
NAME = "Nguyễn Văn An"  # personal data typed into a field: never echoed


def test_shipped_schema_matches_the_code() -> None:
    """Fails when the quota file format changed and ``make schema`` was not run."""
    shipped = ROOT / "docs" / "schema" / FILE_NAME
    assert shipped.read_text(encoding="utf-8") == render(SCHEMA), "run: python -m tgpl.planning.quota_file docs/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_main_writes_the_schema(tmp_path: Path) -> None:
    assert main([str(tmp_path)]) == 0
    assert json.loads((tmp_path / FILE_NAME).read_text(encoding="utf-8")) == SCHEMA
    assert main([]) == 2


def test_the_example_follows_the_schema_and_loads() -> None:
    jsonschema.validate(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")), SCHEMA)
    quota = load_tgv_quota(EXAMPLE)
    assert (quota.year, quota.verified, quota.prorate, quota.counting) == (2023, False, True, QuotaCounting.HANDLED)
    assert dict(quota.minimum) == {Seniority.UNDER_3_YEARS: 7, Seniority.FROM_3_TO_5_YEARS: 11, Seniority.FROM_5_YEARS: 14}
    assert dict(quota.tot) == {Seniority.UNDER_3_YEARS: 17, Seniority.FROM_3_TO_5_YEARS: 22, Seniority.FROM_5_YEARS: 28}
    assert [(h.provider, h.percent, h.exempt) for h in quota.roster][:2] == [
        ("TTTGPL-06.TGV01", 30, False), ("TTTGPL-06.TGV02", 60, False)]
    assert quota.roster[-1].exempt
    assert quota.default is Seniority.UNDER_3_YEARS


@settings(max_examples=60, deadline=None)
@given(tgv_quotas())
def test_a_quota_round_trips_through_its_file_form(quota: TgvQuota) -> None:
    data = quota_to_data(quota)
    jsonschema.validate(data, SCHEMA)
    back, problems = quota_from_data(json.loads(json.dumps(data)))
    assert problems == []
    assert back == quota
    # and through the YAML text a Center would write
    again, problems = read_tgv_quota("q.yaml", text=yaml.safe_dump(data, allow_unicode=True))
    assert problems == []
    assert again == quota


def test_number_and_date_make_the_citation(tmp_path: Path) -> None:
    data = quota_to_data(load_tgv_quota(EXAMPLE))
    data["letter"] = {"number": "236/BTP-TGPL", "date": "2024-01-12", "verified": True}
    data["year"] = 2024
    path = tmp_path / "q.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    quota = load_tgv_quota(path)
    assert quota.basis == "Công văn số 236/BTP-TGPL ngày 12/01/2024 của Bộ Tư pháp"
    assert quota.verified
    assert letter_text("5008/BTP-TGPL", None) == "Công văn số 5008/BTP-TGPL của Bộ Tư pháp"


def _example() -> dict[str, Any]:
    return copy.deepcopy(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))


def _set(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = _example()
    node: Any = data
    for key in path[:-1]:
        node = node[key]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


_DELETE = object()

BAD: list[tuple[str, dict[str, Any], str, str]] = [
    ("schema tag", _set(("schema",), "tgpl.plan/1"), "$.schema", "schema must be 'tgpl.tgv_quota/1'"),
    ("year", _set(("year",), "2023"), "$.year", "whole number from 2000 to 2100"),
    ("unknown field", _set(("quota",), 3), "$.quota", "unknown field 'quota'"),
    ("minimum zero", _set(("bands", "under_3_years", "minimum"), 0), "$.bands.under_3_years.minimum", "at least 1"),
    ("minimum missing", _set(("bands", "3_to_5_years", "minimum"), _DELETE), "$.bands.3_to_5_years.minimum",
     "whole number"),
    ("unknown band", _set(("bands", "over_10_years"), {"minimum": 3}), "$.bands.over_10_years", "seniority band"),
    ("kha below dat", _set(("bands", "3_to_5_years", "kha"), 5), "$.bands.3_to_5_years.kha", "below the đạt minimum"),
    ("tot below kha", _set(("bands", "5_years_or_more", "tot"), 20), "$.bands.5_years_or_more.tot",
     "below the khá level"),
    ("kha without tot", _set(("bands", "under_3_years", "tot"), _DELETE), "$.bands.under_3_years",
     "given together"),
    ("letter text and number", _set(("letter", "number"), "236/BTP-TGPL"), "$.letter.text", "not both"),
    ("letter date", {**_set(("letter", "text"), _DELETE), "letter": {"number": "1/BTP", "date": "12/01/2024"}},
     "$.letter.date", "YYYY-MM-DD"),
    ("verified", _set(("letter", "verified"), "no"), "$.letter.verified", "true or false"),
    ("counting", _set(("counting",), "performed"), "$.counting", "counting must be one of handled, completed"),
    ("prorate", _set(("prorate",), 1), "$.prorate", "true or false"),
    ("default band", _set(("default",), "junior"), "$.default", "seniority band"),
    ("provider is a name", _set(("roster", 2, "provider"), NAME), "$.roster[2].provider", "never a name"),
    ("provider twice", _set(("roster", 3, "provider"), "TTTGPL-06.TGV03"), "$.roster[3].provider", "twice"),
    ("percent", _set(("roster", 0, "percent"), 130), "$.roster[0].percent", "from 1 to 100"),
    ("exempt", _set(("roster", 5, "exempt"), "yes"), "$.roster[5].exempt", "true or false"),
    ("band of holder", _set(("roster", 1, "band"), "senior"), "$.roster[1].band", "seniority band"),
    ("roster entry", _set(("roster", 4), "TTTGPL-06.TGV05"), "$.roster[4]", "a roster entry is a mapping"),
    ("no roster no default", {**_set(("default",), _DELETE), "roster": []}, "$.roster", "roster of TGVs or a default"),
]


@pytest.mark.parametrize(("data", "path", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_each_kind_of_invalid_file_gives_one_line_naming_the_path(
    tmp_path: Path, data: dict[str, Any], path: str, message: str
) -> None:
    file = tmp_path / "quota.yaml"
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    quota, problems = read_tgv_quota(file)
    assert quota is None
    assert [p.path for p in problems] == [path]
    (problem,) = problems
    text = str(problem)
    assert "\n" not in text
    assert message in text
    assert str(file) in text
    assert problem.line is not None
    assert NAME not in text
    assert "Nguyễn" not in text


#: What the JSON Schema cannot say (the loader checks it): the order of the levels, duplicates.
_LOADER_ONLY = {"kha below dat", "tot below kha", "provider twice"}


@pytest.mark.parametrize(("name", "data"), [(b[0], b[1]) for b in BAD], ids=[b[0] for b in BAD])
def test_the_schema_rejects_what_it_can_express(name: str, data: dict[str, Any]) -> None:
    jsonschema.validate(_example(), SCHEMA)
    valid = jsonschema.Draft202012Validator(SCHEMA).is_valid(data)
    assert valid is (name in _LOADER_ONLY)


def test_unreadable_text_and_wrong_suffix() -> None:
    _, problems = read_tgv_quota("q.yaml", text="year: [2023\n")
    assert [(p.path, p.line) for p in problems] == [("$", 2)]
    assert "not valid YAML" in str(problems[0])
    _, problems = read_tgv_quota("q.json", text="{")
    assert "not valid JSON" in str(problems[0])
    _, problems = read_tgv_quota("q.txt", text="")
    assert "ends in .yaml, .yml or .json" in str(problems[0])
    with pytest.raises(InvalidRecordError, match=r"\$\.year"):
        load_tgv_quota("q.yaml", text="schema: tgpl.tgv_quota/1\nyear: x\n")


@pytest.fixture(scope="module")
def demo_register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.jsonl"
    demo_dataset(path)
    return path


def _quota_results(out: Path, window: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The quota indicators' values and bases in the JSON report."""
    report = json.loads((out / f"tgpl-report-{window}.json").read_text(encoding="utf-8"))
    values = {c: v for c, v in report["indicators"].items() if c.startswith("tgv_quota.")}
    return values, {c: report["definitions"][c]["basis"] for c in values}


def test_report_with_the_example_quota_file(demo_register: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    rc = cli_main(["report", str(demo_register), "-w", "2023", "-f", "json", "-o", str(out), "-q",
                   "--tgv-quota", str(EXAMPLE)])
    assert rc == 0
    values, bases = _quota_results(out, "2023")
    with_quota, met = values["tgv_quota.with_quota"], values["tgv_quota.met"]
    levels = [values[f"tgv_quota.level.{lv}"] for lv in ("tot", "kha", "dat")]
    assert with_quota >= 5
    assert met + values["tgv_quota.not_met"] == with_quota
    assert sum(levels) == met
    # the same figures as the library judging the file's quota on the same register
    direct, _ = build_report([demo_register], "2023", plugins=load_plugins(load_entrypoints=False),
                             tgv_quota=load_tgv_quota(EXAMPLE))
    assert values == {c: v for c, v in direct.values().items() if c.startswith("tgv_quota.")}
    quota = load_tgv_quota(EXAMPLE)
    on_roster = sum(1 for h in quota.roster if not h.exempt)
    assert with_quota > on_roster  # TGVs seen in the register but not on the roster: the default band
    basis = bases["tgv_quota.met"]
    assert basis.startswith("Công văn của Bộ Tư pháp giao chỉ tiêu vụ việc tham gia tố tụng năm 2023 (minh họa)")
    assert "chưa kiểm chứng" in basis
    assert "chỉ tiêu lấy từ tệp chỉ tiêu của đơn vị lập báo cáo, thay cho chỉ tiêu của hồ sơ tỉnh" in basis
    # no plugin and no file: no quota indicators
    rc = cli_main(["report", str(demo_register), "-w", "2023", "-f", "json", "-o", str(tmp_path / "none"), "-q"])
    assert rc == 0
    assert _quota_results(tmp_path / "none", "2023") == ({}, {})


def test_report_with_an_invalid_quota_file_stops_before_reading(
    demo_register: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(_set(("roster", 0, "provider"), NAME), allow_unicode=True), encoding="utf-8")
    rc = cli_main(["report", str(demo_register), "-w", "2023", "-f", "json", "-o", str(tmp_path / "out"), "-q",
                   "--tgv-quota", str(bad)])
    err = capsys.readouterr().err
    assert rc == 1
    assert "$.roster[0].provider" in err
    assert str(bad) in err
    assert "Traceback" not in err
    assert NAME not in err
    assert not (tmp_path / "out" / "tgpl-report-2023.json").exists()
    rc = cli_main(["report", str(demo_register), "-w", "2023", "-o", str(tmp_path / "out"), "-q",
                   "--tgv-quota", str(tmp_path / "missing.yaml")])
    assert rc == 3
    assert "missing.yaml" in capsys.readouterr().err


def test_report_from_the_store_takes_the_quota_file_too(demo_register: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'center.db'}"
    assert cli_main(["store", "init", url]) == 0
    assert cli_main(["store", "import", url, str(demo_register)]) == 0
    for name, source in (("store", ["--store", url]), ("files", [str(demo_register)])):
        rc = cli_main(["report", *source, "-w", "2023", "-f", "json", "-o", str(tmp_path / name), "-q",
                       "--tgv-quota", str(EXAMPLE)])
        assert rc == 0
    from_store, from_files = _quota_results(tmp_path / "store", "2023"), _quota_results(tmp_path / "files", "2023")
    assert from_store == from_files
    assert from_store[0]["tgv_quota.with_quota"] > 0
