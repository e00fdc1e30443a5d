"""Court hearings a provider attends (tham gia phiên tòa), in person or online.

A litigation provider (Law 11/2017/QH14 Art 31 cl. 1) takes part in the hearings of the case.
Since Nghị quyết 33/2021/QH15 of the National Assembly on online hearings (về tổ chức phiên
tòa trực tuyến; adopted 12/11/2021, in force from 01/01/2022) a court may hold a hearing
online (phiên tòa trực tuyến), the participants joining from remote points (điểm cầu); the
joint circular Thông tư liên tịch 05/2021/TTLT-TANDTC-VKSNDTC-BCA-BQP-BTP of 15/12/2021 (in
force from 01/02/2022) sets out how the court, the procuracy, the police, the army and the
Ministry of Justice coordinate for them, legal aid providers included. Before 01/01/2022 no
procedure code provided for an online hearing: :data:`ONLINE_HEARINGS_FROM` is the first day
one can be recorded (the lifecycle refuses an earlier one, ``docs/lifecycle.md``).
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from tgpl.domain.codes import CodeEnum, describe

__all__ = ["NQ33_2021", "ONLINE_HEARINGS_FROM", "TTLT05_2021", "HearingMode", "TrialInstance"]

#: Nghị quyết 33/2021/QH15 về tổ chức phiên tòa trực tuyến (12/11/2021), in force from 01/01/2022.
NQ33_2021: Final = "Nghị quyết 33/2021/QH15 ngày 12/11/2021 về tổ chức phiên tòa trực tuyến"
#: The joint circular on coordination for online hearings (15/12/2021), in force from 01/02/2022.
TTLT05_2021: Final = "Thông tư liên tịch 05/2021/TTLT-TANDTC-VKSNDTC-BCA-BQP-BTP ngày 15/12/2021"
#: The first day an online hearing has a legal basis: NQ 33/2021/QH15 is in force from it.
ONLINE_HEARINGS_FROM: Final = dt.date(2022, 1, 1)


class HearingMode(CodeEnum):
    """How the provider took part in a hearing (hình thức tham gia phiên tòa)."""

    IN_PERSON = "in_person"
    ONLINE = "online"


describe(HearingMode, {
    "IN_PERSON": ("Trực tiếp tại phòng xử án", "In person", "Law Art 31 cl. 1"),
    "ONLINE": ("Phiên tòa trực tuyến", "Online hearing", "NQ 33/2021/QH15 (from 01/01/2022); TTLT 05/2021"),
})


class TrialInstance(CodeEnum):
    """The level of the hearing (cấp xét xử): first instance or appeal."""

    FIRST_INSTANCE = "first_instance"
    APPEAL = "appeal"


describe(TrialInstance, {
    "FIRST_INSTANCE": ("Sơ thẩm", "First instance", "Law Art 31 cl. 1"),
    "APPEAL": ("Phúc thẩm", "Appeal", "Law Art 31 cl. 1"),
})
