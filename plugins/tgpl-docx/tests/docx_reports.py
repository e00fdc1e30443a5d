"""Reports for the docx tests: the Bắc Kạn seed register (examples/bac-kan-2022-h1), built once."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import attrs

from tgpl.domain import VN_TZ, UnitRef
from tgpl.reporting.build import build_report
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.report import PlanTarget, ProvinceProfile, Report

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "bac-kan-2022-h1"
GENERATED_AT = dt.datetime(2022, 6, 3, 9, 30, tzinfo=VN_TZ)

#: A profile as a province plugin would give it (names of the signer are fictitious).
PROFILE = ProvinceProfile(
    name="Bắc Kạn",
    unit=UnitRef.parse("2004:06"),
    organisation_vi="Trung tâm Trợ giúp pháp lý Nhà nước tỉnh Bắc Kạn",
    issuer_parent_vi="SỞ TƯ PHÁP TỈNH BẮC KẠN",
    issuer_vi="TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC",
    place_vi="Bắc Kạn",
    signer_title_vi="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
    signer_name="Nguyễn Văn Ký",
    recipients_vi=("Cục Trợ giúp pháp lý - Bộ Tư pháp;", "Sở Tư pháp tỉnh Bắc Kạn", "Lưu: VT, NV."),
    targets=(
        PlanTarget("outreach.sessions", "Truyền thông về trợ giúp pháp lý", minimum=60, maximum=70, unit="điểm",
                   basis="Kế hoạch hoạt động năm 2022"),
    ),
    labels={"report_difficulties": "Dịch bệnh Covid-19 ảnh hưởng đến việc tổ chức truyền thông\nSố lượt tiếp công dân chưa nhiều"},
    version="test",
)


@functools.cache
def bac_kan_report(suppress_below: int | None = None, profile: bool = False) -> Report:
    """The statistics six-month report 2022 of Bắc Kạn, with or without :data:`PROFILE`."""
    report, problems = build_report(
        [str(EXAMPLE / "cases.jsonl"), str(EXAMPLE / "activities.jsonl")],
        "stats:2022-H1",
        plugins=load_plugins(load_entrypoints=False),
        generated_at=GENERATED_AT,
        deadlines=True,
        suppress_below=suppress_below,
    )
    assert problems == []
    return attrs.evolve(report, profile=PROFILE) if profile else report
