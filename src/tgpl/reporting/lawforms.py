"""The "statistical regime and forms" family of ``tgpl law`` (see :mod:`tgpl.rules.currency`).

The reporting regimes are the dated cut-off rules of :mod:`tgpl.reporting.windows`
(:data:`~tgpl.reporting.windows.CUTOFF_RULES`). The forms come from
:mod:`tgpl.reporting.statforms`: its dated layouts (``FORM_LAYOUTS``, each with ``name``,
``effective_from``, ``effective_to``, ``basis`` and ``verified``) when the module has them,
otherwise the two forms of TT 03/2019/TT-BTP that tgpl fills today (Biểu 24/BTP/TGPL,
Biểu 25/BTP/TGPL), which are probably replaced by the forms of TT 17/2025/TT-BTP from
2026 (unverified).
"""

from __future__ import annotations

import datetime as dt

from tgpl.reporting import statforms
from tgpl.reporting.windows import CUTOFF_RULES
from tgpl.rules.currency import RULE_FAMILIES, LawFamily, LawVersion

__all__ = ["FAMILIES", "STATISTICS_FAMILY", "statistics_versions"]

_TT03_2019 = dt.date(2019, 5, 15)
_TT17_2025 = dt.date(2026, 1, 1)
_FORMS_2019 = ("Biểu 24/BTP/TGPL", "Biểu 25/BTP/TGPL")


def statistics_versions() -> tuple[LawVersion, ...]:
    """The reporting regimes and statistical forms as dated versions."""
    out = [
        LawVersion(
            f"regime/{r.regime.value}", f"{r.regime.value}-{r.effective_from.isoformat()}",
            r.effective_from, r.effective_to, r.basis, "verified" if r.verified else "unverified", r.note,
        )
        for r in CUTOFF_RULES
    ]
    layouts = getattr(statforms, "FORM_LAYOUTS", None)
    if layouts:
        for f in layouts:
            name = str(f.name)
            out.append(LawVersion(
                f"form/{name}", f"{name} {f.effective_from.isoformat()}", f.effective_from, f.effective_to,
                str(f.basis), "verified" if f.verified else "unverified",
            ))
        return tuple(out)
    for name in _FORMS_2019:
        out.append(LawVersion(f"form/{name}", f"{name} 2019", _TT03_2019, _TT17_2025 - dt.timedelta(days=1),
                              f"TT 03/2019/TT-BTP, {name}", "verified"))
        out.append(LawVersion(
            f"form/{name}", f"{name} 2019 (applied from 2026)", _TT17_2025, None,
            f"TT 03/2019/TT-BTP, {name}; TT 17/2025/TT-BTP forms not confirmed", "unverified",
            "the 2019 layout is still used; the TT 17/2025/TT-BTP form numbers and columns are unverified",
        ))
    return tuple(out)


STATISTICS_FAMILY = LawFamily(
    "statistics", "Chế độ báo cáo thống kê và biểu mẫu", "Statistical regime and forms", statistics_versions,
    gaps_allowed=("form/",),
)
#: Every family ``tgpl law`` prints, in order.
FAMILIES: tuple[LawFamily, ...] = (*RULE_FAMILIES, STATISTICS_FAMILY)
