"""The province profiles (hồ sơ tỉnh): Bắc Giang (2004:24) and, after the merger, Bắc Ninh (2025:24).

Source: seed 002, *Kế hoạch thực hiện nhiệm vụ trợ giúp pháp lý năm 2024* of the Sở Tư pháp
tỉnh Bắc Giang (number and day left blank in the copy we have: "Số: /KH-STP", "Bắc Giang,
ngày tháng 02 năm 2024"), signed "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" by Đỗ Xuân Vang.

The merger (Nghị quyết 202/2025/QH15, docs/sources.md §6.2): from 01/07/2025 the former
Bắc Giang (2004 code 24) and Bắc Ninh (2004 code 27) form the new province of Bắc Ninh,
which carries code 24 in the 2025 scheme (QĐ 19/2025/QĐ-TTg). Code 24 therefore names two
different territories, which is why a :class:`~tgpl.domain.UnitRef` carries its scheme.
This plugin decides:

* ``2004:24`` (Bắc Giang, whatever the date) → :data:`BAC_GIANG_2024`, with the 2024 plan
  targets and a note on what became of the province;
* ``2025:24`` (the merged Bắc Ninh) → :data:`BAC_NINH_2025`, **without** plan targets: the
  2024 plan predates the merger and binds only the former Bắc Giang territory, so the
  merged province's reports must not be judged against it (``successor_note_vi`` says so);
* any other unit (``2004:27``, the former Bắc Ninh, included) → ``None``: this plugin does
  not speak for it.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Final

import attrs

from tgpl.domain import UnitRef, UnitScheme
from tgpl.planning import Plan, load_plan
from tgpl.reporting.quota import Seniority, TgvQuota
from tgpl.reporting.report import PlanTarget, ProvinceProfile

__all__ = [
    "BAC_GIANG",
    "BAC_GIANG_2024",
    "BAC_NINH_2025",
    "MERGED_BAC_NINH",
    "PLAN",
    "PLAN_BASIS",
    "PLAN_FILE",
    "PLAN_YEAR",
    "RECIPIENTS",
    "TARGET_MOBILE",
    "TARGET_TGV_QUOTA",
    "TGV_QUOTA_2024",
    "VERSION",
    "profile_for",
]

#: The plugin (and profile) version.
VERSION: Final = "0.1.0"

#: Bắc Giang in the 2004 scheme (QĐ 124/2004/QĐ-TTg), in force until 30/06/2025.
BAC_GIANG: Final = UnitRef(UnitScheme.P2004, "24")
#: The merged Bắc Ninh in the 2025 scheme (QĐ 19/2025/QĐ-TTg): former Bắc Giang (24) + Bắc Ninh (27).
MERGED_BAC_NINH: Final = UnitRef(UnitScheme.P2025, "24")

#: The 2024 plan as a ``tgpl.plan/1`` file (the same file as ``examples/plans/bac-giang-2024.yaml``),
#: shipped through the ``tgpl_register_plans`` hook.
PLAN_FILE: Final = files("tgpl_province_example") / "data" / "bac-giang-2024.yaml"
#: The 2024 plan: every task of seed 002, its units, time frames and the two numeric targets.
PLAN: Final[Plan] = load_plan(PLAN_FILE.name, text=PLAN_FILE.read_text(encoding="utf-8"))

#: The year the plan covers.
PLAN_YEAR: Final = PLAN.period.start.year

#: How the plan is cited in targets and indicator bases (number and day are blank in the source copy).
PLAN_BASIS: Final = (
    "Kế hoạch số …/KH-STP ngày …/02/2024 của Sở Tư pháp tỉnh Bắc Giang "
    "thực hiện nhiệm vụ trợ giúp pháp lý năm 2024"
)

#: "Nơi nhận" of the plan, as listed in the seed (bullets and final punctuation removed).
RECIPIENTS: Final[tuple[str, ...]] = (
    "Cục TGPL - Bộ Tư pháp",
    "Chủ tịch UBND các huyện, thị xã, thành phố (để phối hợp chỉ đạo)",
    "Đoàn Luật sư tỉnh",
    "Lãnh đạo Sở",
    "Trung tâm TGPL (để thực hiện)",
    "Phòng, đơn vị thuộc Sở (để phối hợp)",
    "Phòng Tư pháp các huyện, thị xã, thành phố (để phối hợp thực hiện)",
    "Lưu VT, TGPL",
)

def _profile_target(task_id: str) -> PlanTarget:
    """The profile's target for the plan task ``task_id`` (its one numeric target), citing the plan."""
    (target,) = PLAN.task(task_id).targets
    return PlanTarget(
        indicator=target.indicator,
        label_vi=target.label_vi,
        minimum=target.minimum,
        maximum=target.maximum,
        unit=target.unit,
        basis=f"{PLAN_BASIS}, mục II.3: “{target.quote}”",
    )


#: Plan section II.3, third bullet: 35 to 40 rounds of mobile legal aid and grassroots communication.
TARGET_MOBILE: Final = _profile_target("II.3.c")

#: Plan section II.3, second bullet: every TGV meets the litigation quota.
TARGET_TGV_QUOTA: Final = _profile_target("II.3.b")

_MERGER_NOTE_2004: Final = (
    "Từ ngày 01/07/2025, tỉnh Bắc Giang (mã 24 theo Quyết định 124/2004/QĐ-TTg) và tỉnh Bắc Ninh "
    "(mã 27) hợp nhất thành tỉnh Bắc Ninh (mã 24 theo Quyết định 19/2025/QĐ-TTg) theo Nghị quyết "
    "202/2025/QH15; số liệu từ ngày đó được ghi theo đơn vị mới (2025:24)."
)

_MERGER_NOTE_2025: Final = (
    "Tỉnh Bắc Ninh (mã 24 theo Quyết định 19/2025/QĐ-TTg) được hình thành từ ngày 01/07/2025 trên cơ sở "
    "hợp nhất tỉnh Bắc Giang (mã 24 cũ) và tỉnh Bắc Ninh (mã 27 cũ) theo Nghị quyết 202/2025/QH15. "
    "Kế hoạch thực hiện nhiệm vụ trợ giúp pháp lý năm 2024 của Sở Tư pháp tỉnh Bắc Giang được ban hành "
    "trước khi hợp nhất; các chỉ tiêu của kế hoạch chỉ áp dụng cho địa bàn tỉnh Bắc Giang cũ (số liệu ghi "
    "theo mã 2004:24) và không phải là chỉ tiêu của tỉnh Bắc Ninh mới."
)

#: Bắc Giang's TGV litigation quota for 2024 (chỉ tiêu vụ việc tham gia tố tụng), judged by tgpl's
#: core indicators ``tgv_quota.*`` (tgpl.reporting.quota). The 2024 letter (Công văn
#: 236/BTP-TGPL, 12/01/2024) is cited by a public summary for its exemptions and reductions, but
#: its numbers were not found in a public copy: the numbers here are the 2023 letter's (đạt from
#: 7 / 11 / 14 cases a year by seniority band, khá from 13 / 16 / 22, tốt from 17 / 22 / 28,
#: published by the Sở Tư pháp Long An), so ``verified`` is False. The roster of Bắc Giang's TGVs is not public either: every TGV with a litigation case
#: in the records counts, in the highest band (``default``) — the strictest reading; a Center
#: passes its roster (with bands, reductions and exemptions) through ``BacGiangPlugin(tgv_quota=…)``.
TGV_QUOTA_2024: Final = TgvQuota(
    year=2024,
    minimum={Seniority.UNDER_3_YEARS: 7, Seniority.FROM_3_TO_5_YEARS: 11, Seniority.FROM_5_YEARS: 14},
    kha={Seniority.UNDER_3_YEARS: 13, Seniority.FROM_3_TO_5_YEARS: 16, Seniority.FROM_5_YEARS: 22},
    tot={Seniority.UNDER_3_YEARS: 17, Seniority.FROM_3_TO_5_YEARS: 22, Seniority.FROM_5_YEARS: 28},
    basis="Công văn số 236/BTP-TGPL ngày 12/01/2024 của Bộ Tư pháp ban hành chỉ tiêu thực hiện vụ việc tham gia "
          "tố tụng của Trợ giúp viên pháp lý năm 2024 (các mức đạt, khá, tốt lấy theo mức năm 2023 đã công bố)",
    verified=False,
    default=Seniority.FROM_5_YEARS,
    note_vi="chưa có danh sách Trợ giúp viên pháp lý được giao chỉ tiêu: tính mọi Trợ giúp viên pháp lý có vụ việc, "
            "theo mức bổ nhiệm từ 05 năm trở lên",
)

#: The profile of Bắc Giang (2004:24): the issuer, signer and targets of the 2024 plan.
BAC_GIANG_2024: Final = ProvinceProfile(
    name="Bắc Giang",
    unit=BAC_GIANG,
    organisation_vi="Trung tâm Trợ giúp pháp lý Nhà nước tỉnh Bắc Giang",
    # The parent line is the standard form for a Sở under the provincial People's Committee
    # (Nghị định 30/2020/NĐ-CP, Phụ lục I); the seed copy starts below the header.
    issuer_parent_vi="UBND TỈNH BẮC GIANG",
    issuer_vi="SỞ TƯ PHÁP TỈNH BẮC GIANG",
    place_vi="Bắc Giang",
    document_symbol="KH-STP",
    signer_title_vi="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
    signer_name="Đỗ Xuân Vang",
    recipients_vi=RECIPIENTS,
    default_windows=("2024", "stats:2024"),
    targets=(TARGET_MOBILE, TARGET_TGV_QUOTA),
    labels={
        "plan_title": "Kế hoạch thực hiện nhiệm vụ trợ giúp pháp lý năm 2024",
        "plan_basis": PLAN_BASIS,
    },
    successor_note_vi=_MERGER_NOTE_2004,
    version=VERSION,
    tgv_quota=TGV_QUOTA_2024,
)

#: The profile of the merged Bắc Ninh (2025:24): no plan targets (the 2024 plan predates it).
BAC_NINH_2025: Final = ProvinceProfile(
    name="Bắc Ninh",
    unit=MERGED_BAC_NINH,
    organisation_vi="Trung tâm Trợ giúp pháp lý Nhà nước tỉnh Bắc Ninh",
    issuer_parent_vi="UBND TỈNH BẮC NINH",
    issuer_vi="SỞ TƯ PHÁP TỈNH BẮC NINH",
    place_vi="Bắc Ninh",
    document_symbol="BC-STP",
    signer_title_vi="GIÁM ĐỐC",
    signer_name="",
    recipients_vi=(),
    default_windows=("2025-H2", "2026"),
    targets=(),
    successor_note_vi=_MERGER_NOTE_2025,
    version=VERSION,
)


def profile_for(unit: UnitRef, tgv_quota: TgvQuota | None = None) -> ProvinceProfile | None:
    """The profile this plugin gives for ``unit``: Bắc Giang, the merged Bắc Ninh, or ``None``.

    ``tgv_quota`` replaces Bắc Giang's :data:`TGV_QUOTA_2024` (a Center's own roster)."""
    if unit == BAC_GIANG:
        return BAC_GIANG_2024 if tgv_quota is None else attrs.evolve(BAC_GIANG_2024, tgv_quota=tgv_quota)
    if unit == MERGED_BAC_NINH:
        return BAC_NINH_2025
    return None
