"""The report's sentences for the indicators the seed plans asked to count (issue 14): requests by
channel, litigation by role, successes by provider and criterion group (and under the guidance
before QĐ 1179), hearings in person and online, national target programmes."""

from __future__ import annotations

import datetime as dt

import pytest
from tgpl_docx import sections

from tgpl.demo import DEMO_PROVINCE, generate
from tgpl.reporting.build import build_report
from tgpl.reporting.formats.vi import display_value
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.report import Report


@pytest.fixture(scope="module")
def report() -> Report:
    records = list(generate(seed=7, province=DEMO_PROVINCE, start=dt.date(2021, 1, 1), end=dt.date(2022, 12, 31),
                            cases_per_year=400))
    rep, problems = build_report(records, "2022", plugins=load_plugins(load_entrypoints=False),
                                 generated_at=dt.datetime(2023, 1, 5, 9, 0, tzinfo=dt.UTC))
    assert problems == []
    return rep


def _text(rep: Report) -> str:
    return "\n".join(b.text for s in sections(rep, chart=False) for b in s.blocks)


def _v(rep: Report, code: str) -> str:
    ind = next(i for i in rep.indicators if i.code == code)
    return display_value(ind)


def test_every_family_has_its_sentence_with_the_report_figures(report: Report) -> None:
    text = _text(report)
    for code in ("requests.received", "requests.channel.online_public_service", "success.legacy", "hearings.attended.online",
                 "cases.handled.litigation.defence_counsel", "success.provider.tgv", "success.civil",
                 "programmes.ntp_ethnic_minority_2021_2025.accepted"):
        value = report.value(code)
        assert isinstance(value, int)
        assert value > 0, code  # the demo has data for every family in 2022
    assert f"Trong kỳ tiếp nhận {_v(report, 'requests.received')} yêu cầu trợ giúp pháp lý" in text
    assert f"qua dịch vụ công trực tuyến {_v(report, 'requests.channel.online_public_service')} yêu cầu" in text
    assert f"tỷ lệ yêu cầu nhận qua dịch vụ công trực tuyến là {_v(report, 'requests.online_share')}" in text
    assert f"người bào chữa {_v(report, 'cases.handled.litigation.defence_counsel')} vụ việc" in text
    assert f"Trợ giúp viên pháp lý {_v(report, 'success.provider.tgv')} vụ việc" in text
    assert f"nhóm tiêu chí dân sự {_v(report, 'success.civil')} vụ việc" in text
    assert f"Có {_v(report, 'success.legacy')} vụ việc tham gia tố tụng thành công được đánh giá trước ngày 16/5/2022" in text
    assert f"{_v(report, 'hearings.attended.online')} lượt phiên tòa trực tuyến" in text
    assert (f"Chương trình mục tiêu quốc gia phát triển kinh tế – xã hội vùng đồng bào dân tộc thiểu số và miền núi "
            f"giai đoạn 2021–2030, giai đoạn I: từ năm 2021 đến năm 2025: thụ lý "
            f"{_v(report, 'programmes.ntp_ethnic_minority_2021_2025.accepted')} vụ việc") in text


def test_no_code_names_or_english_in_the_new_sentences(report: Report) -> None:
    text = _text(report)
    for word in ("ntp_", "online_public_service", "defence_counsel", "legacy", "Note", "hearing", "programme"):
        assert word not in text


def test_a_file_without_channels_gets_no_online_share() -> None:
    from pathlib import Path

    example = Path(__file__).resolve().parents[3] / "examples" / "bac-kan-2022-h1"
    rep, problems = build_report([example / "cases.jsonl"], "stats:2022-H1", plugins=load_plugins(load_entrypoints=False))
    assert problems == []
    assert rep.value("requests.channel.unknown") == rep.value("requests.received")
    text = _text(rep)
    assert f"Trong kỳ tiếp nhận {_v(rep, 'requests.received')} yêu cầu trợ giúp pháp lý." in text
    assert "dịch vụ công trực tuyến" not in text
