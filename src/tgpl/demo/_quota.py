"""The demo's TGV litigation quota (chỉ tiêu vụ việc tham gia tố tụng, :mod:`tgpl.reporting.quota`).

The bundled demo province has no province plugin, so ``tgpl demo`` hands its reports this
quota directly: a roster of the demo's TGVs (:func:`~tgpl.demo.demo_providers`), their
seniority bands spread over the three bands, the Center's first TGV a director (at least
30 % of the quota), one TGV exempt (on leave more than 8 months), and the 2023 letter's
numbers (7 / 11 / 14 cases a year) — illustrative (minh họa): the demo is synthetic and
the letter of its year was not found in a public copy. Prorated, so the half-year report
shows the quota too.
"""

from __future__ import annotations

from tgpl.demo._generator import demo_providers
from tgpl.domain import ProviderKind, UnitRef
from tgpl.reporting.quota import QuotaHolder, Seniority, TgvQuota

__all__ = ["demo_tgv_quota"]

_BANDS = (Seniority.FROM_5_YEARS, Seniority.FROM_3_TO_5_YEARS, Seniority.UNDER_3_YEARS)


def demo_tgv_quota(province: UnitRef, cases_per_year: int, year: int) -> TgvQuota:
    """The demo quota of ``year`` for the TGVs :func:`demo_providers` gives ``province``."""
    tgvs = [p for p in demo_providers(province, cases_per_year) if p.kind is ProviderKind.TGV]
    roster = tuple(
        QuotaHolder(
            p.id, _BANDS[i % len(_BANDS)],
            percent=30 if i == 0 else 100,  # the Center's first TGV: its director
            exempt=i == len(tgvs) - 1,  # the last: on leave more than 8 months
        )
        for i, p in enumerate(tgvs)
    )
    return TgvQuota(
        year=year,
        minimum={Seniority.UNDER_3_YEARS: 7, Seniority.FROM_3_TO_5_YEARS: 11, Seniority.FROM_5_YEARS: 14},
        basis=f"Chỉ tiêu minh họa của dữ liệu mẫu năm {year} (theo mức chỉ tiêu năm 2023 của Bộ Tư pháp)",
        verified=False,
        roster=roster,
        prorate=True,
        note_vi="dữ liệu mẫu, không phải số liệu thực tế",
    )
