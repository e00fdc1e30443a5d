"""`tgpl demo` reports show every indicator family the seed plans asked for with real figures
(issue 14): request channels and the online share, duty, council, hearings, programmes, the
TGV quota, successes by criterion group and provider kind, litigation by role — in 2025 —
and the successes under the guidance before QĐ 1179/QĐ-BTP in 2022."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tgpl.cli import EXIT_OK, main

FAMILIES = (
    "requests.channel.online_public_service", "requests.online_share", "duty.shifts.court", "duty.cases_accepted",
    "council.meetings", "council.inspections", "hearings.attended.online", "hearings.cases_online",
    "programmes.ntp_poverty_2021_2025.accepted", "programmes.ntp_ethnic_minority_2021_2025.accepted",
    "tgv_quota.with_quota", "tgv_quota.met_share", "success.criminal", "success.civil", "success.provider.tgv",
    "success.provider.center_lawyer", "cases.accepted.litigation.defence_counsel",
    "cases.ended.litigation.victim_protector", "cases.handled.litigation.party_protector",
)


@pytest.mark.slow
def test_every_family_has_real_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--out", str(tmp_path), "--quiet"]) == EXIT_OK
    capsys.readouterr()

    def values(window: str) -> dict[str, object]:
        doc = json.loads((tmp_path / "reports" / f"tgpl-report-{window}.json").read_text(encoding="utf-8"))
        indicators: dict[str, object] = doc["indicators"]
        return indicators

    y2025, y2022 = values("2025"), values("2022")
    for window, got in (("2025", y2025), ("2022", y2022)):
        assert [f for f in FAMILIES if not got[f]] == [], window
    assert y2022["success.legacy"] != 0  # assessed before 16/05/2022 under the earlier guidance
    assert y2025["success.legacy"] == 0
    assert y2025["duty.shifts.investigation"] != 0  # investigation duty from 27/11/2023
    assert y2022["duty.shifts.investigation"] == 0
    md = (tmp_path / "reports" / "tgpl-report-2022.md").read_text(encoding="utf-8")
    assert "theo hướng dẫn của Cục Trợ giúp pháp lý trước Quyết định 1179/QĐ-BTP" in md
