"""The TGV litigation quota (chỉ tiêu vụ việc tham gia tố tụng của Trợ giúp viên pháp lý).

Basis (``docs/statistics.md`` § "TGV litigation quota" has the sources): no law, decree or
circular sets the number. Since 2016 the Ministry of Justice (Bộ Tư pháp, through the Cục Trợ
giúp pháp lý) assigns it **every year by an official letter** (công văn), under the Đề án đổi
mới công tác trợ giúp pháp lý giai đoạn 2015–2025: a minimum number of litigation cases a
year for each TGV, in three bands of seniority since appointment (dưới 03 năm; từ đủ 03 năm
đến dưới 05 năm; từ 05 năm trở lên) and three levels (đạt / khá / tốt), with exemptions
(absent more than 8 months, appointed less than 4 months before the reporting date, seconded
or transferred) and reductions (Center directors at least 30 %, deputy directors at least
60 %) — e.g. Công văn 5008/BTP-TGPL of 31/12/2021 for 2022, Công văn 236/BTP-TGPL of
12/01/2024 for 2024. The number changes every year, so tgpl carries **no number by default**:
a province profile (:class:`~tgpl.reporting.report.ProvinceProfile` ``tgv_quota``) supplies a
:class:`TgvQuota` — the year's minimum per band, the roster of TGVs who have a quota, the
counting rule and the letter it comes from.

What the records give: the tally table ``tgv_litigation`` counts, per TGV provider id (a
name-free pseudonym, ``docs/privacy.md``), the litigation cases *handled* in the window and
those *completed* in it, each case credited to the one provider at the window end (the rule
of the provider kind). Per-provider counts merge exactly (a sum), "met" flags would not:
so the tally keeps the counts and the quota is judged only here, on the merged tally, at
report time. Reports never publish the per-provider counts (:data:`PRIVATE_TABLES`): only the
indicators of :data:`QUOTA_INDICATORS`.

Levels (mức đạt / khá / tốt): the letters set, per band, the least number of cases for each
level (2022, Công văn 5008/BTP-TGPL: dưới 03 năm đạt 6–11, khá 12–15, tốt từ 16). A profile may
give only the "đạt" minimum (``minimum``) or also the khá and tốt minimums (``kha``, ``tot``);
with them, each TGV who met the quota is rated at the highest level reached
(:class:`QuotaLevel`), judged on the merged tally like "met", and the three levels sum to met.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Final

from attrs import field, frozen

from tgpl.domain.codes import CodeEnum, describe
from tgpl.errors import InvalidRecordError
from tgpl.reporting.tally import PRIVATE_TABLES, TGV_COMPLETED, TGV_HANDLED, Tally

__all__ = [
    "LEVEL_CODES",
    "QUOTA_CODES",
    "QUOTA_INDICATORS",
    "QuotaCounting",
    "QuotaHolder",
    "QuotaLevel",
    "QuotaOutcome",
    "Seniority",
    "TgvQuota",
    "evaluate_quota",
    "no_quota_notice",
    "per_provider",
    "published_tally",
    "window_fraction",
]


class QuotaCounting(CodeEnum):
    """Which litigation cases count towards a TGV's quota (an explicit option).

    The letters speak of cases the TGV *performs* (thực hiện) in the year; published Center
    reports count them apart from the cases *completed* (hoàn thành) — e.g. Hà Tĩnh 2020:
    209.5 cases performed by TGVs, 167 completed — so the default is :attr:`HANDLED`.
    """

    #: Litigation cases handled in the window (accepted in it or carried into it); the default.
    HANDLED = TGV_HANDLED
    #: Litigation cases ended completed (kết thúc — hoàn thành) in the window.
    COMPLETED = TGV_COMPLETED


_LETTERS: Final = "Công văn hằng năm của Bộ Tư pháp giao chỉ tiêu (2022: Công văn 5008/BTP-TGPL ngày 31/12/2021)"

describe(QuotaCounting, {
    "HANDLED": ("vụ việc tham gia tố tụng thực hiện trong kỳ (thụ lý mới hoặc kỳ trước chuyển sang)",
                "litigation cases handled in the window (accepted in it or carried into it)", _LETTERS),
    "COMPLETED": ("vụ việc tham gia tố tụng kết thúc hoàn thành trong kỳ",
                  "litigation cases ended completed in the window", _LETTERS),
})


class Seniority(CodeEnum):
    """The seniority band of a TGV since appointment (năm bổ nhiệm), as the letters split the quota."""

    UNDER_3_YEARS = "under_3_years"
    FROM_3_TO_5_YEARS = "3_to_5_years"
    FROM_5_YEARS = "5_years_or_more"


describe(Seniority, {
    "UNDER_3_YEARS": ("bổ nhiệm dưới 03 năm", "appointed less than 3 years ago", _LETTERS),
    "FROM_3_TO_5_YEARS": ("bổ nhiệm từ đủ 03 năm đến dưới 05 năm", "appointed 3 to less than 5 years ago", _LETTERS),
    "FROM_5_YEARS": ("bổ nhiệm từ 05 năm trở lên", "appointed 5 years ago or more", _LETTERS),
})


class QuotaLevel(CodeEnum):
    """The level a TGV reached (mức hoàn thành chỉ tiêu), highest first, as the letters name them."""

    TOT = "tot"
    KHA = "kha"
    DAT = "dat"


describe(QuotaLevel, {"TOT": ("Tốt", "Good", _LETTERS), "KHA": ("Khá", "Fair", _LETTERS), "DAT": ("Đạt", "Met", _LETTERS)})


def _percent(_i: object, _a: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 100:
        raise InvalidRecordError(f"percent must be a whole number from 1 to 100, got {value!r}", path="$.percent")


def _provider(_i: object, _a: object, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidRecordError("provider (the TGV's provider id in the records) is required", path="$.provider")


@frozen
class QuotaHolder:
    """One TGV on the quota roster: the provider id used in the records (a name-free pseudonym),
    the seniority band, and the part of the band's quota the TGV must reach.

    ``percent`` is 100 unless the letter reduces it (Center director, acting director or deputy
    in charge: at least 30 %; deputy director: at least 60 % — Công văn 236/BTP-TGPL). ``exempt``
    marks a TGV the letter exempts (absent more than 8 months, appointed less than 4 months
    before the reporting date) or does not count (seconded, transferred, retired): such a TGV is
    on the roster but has no quota and is in no count.
    """

    provider: str = field(validator=_provider)
    seniority: Seniority = field(converter=Seniority)
    percent: int = field(default=100, validator=_percent)
    exempt: bool = False


def _per_band(value: Mapping[Seniority, int] | Mapping[str, int], path: str) -> Mapping[Seniority, int]:
    out: dict[Seniority, int] = {}
    for band, n in dict(value).items():
        try:
            key = Seniority(band)
        except ValueError:
            raise InvalidRecordError(f"unknown seniority band {band!r}", path=path) from None
        if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
            raise InvalidRecordError(f"the quota of {key.value} must be a whole number above 0, got {n!r}", path=path)
        out[key] = n
    return MappingProxyType(out)


def _minimum(value: Mapping[Seniority, int] | Mapping[str, int]) -> Mapping[Seniority, int]:
    return _per_band(value, "$.minimum")


def _kha(value: Mapping[Seniority, int] | Mapping[str, int]) -> Mapping[Seniority, int]:
    return _per_band(value, "$.kha")


def _tot(value: Mapping[Seniority, int] | Mapping[str, int]) -> Mapping[Seniority, int]:
    return _per_band(value, "$.tot")


def _holders(value: Iterable[QuotaHolder]) -> tuple[QuotaHolder, ...]:
    return tuple(value)


def _band_or_none(value: Seniority | str | None) -> Seniority | None:
    return None if value is None else Seniority(value)


@frozen
class TgvQuota:
    """A year's TGV litigation quota for one province (what a profile supplies).

    ``minimum``: the "đạt chỉ tiêu" number of cases a year for each seniority band (a band
    missing here cannot be on the roster). ``basis``: the letter it comes from, cited in
    every indicator. ``verified=False`` when the numbers are not confirmed in a public copy
    of that letter (the indicators then say "chưa kiểm chứng"). ``roster``: the TGVs who have a
    quota; a TGV on it with no case in the records counts as not having met it. ``default``:
    the band of a TGV who has litigation cases in the records but is not on the roster —
    ``None`` (the default) leaves such TGVs out; with an empty roster, ``default`` is required
    and then only TGVs seen in the records count (a TGV without any case is invisible, so the
    share can only be too high: the basis says so). ``counting``: :class:`QuotaCounting`.
    ``prorate``: for a window other than one year, scale the quota by its days over the days
    of the year that starts with it (rounded up); without it such a window has no value.
    ``kha`` and ``tot``: the least number of cases a year for the levels khá and tốt, per band
    (optional, given together for every band of ``minimum``, with đạt ≤ khá ≤ tốt); a TGV's
    level thresholds are reduced and prorated like the quota itself. ``source_vi``: where the
    quota comes from when not the province profile (``tgpl report --tgv-quota FILE`` sets it);
    the basis line then names it.
    """

    year: int
    minimum: Mapping[Seniority, int] = field(converter=_minimum)
    basis: str
    verified: bool = True
    roster: tuple[QuotaHolder, ...] = field(default=(), converter=_holders)
    default: Seniority | None = field(default=None, converter=_band_or_none)
    counting: QuotaCounting = field(default=QuotaCounting.HANDLED, converter=QuotaCounting)
    prorate: bool = False
    note_vi: str = ""
    kha: Mapping[Seniority, int] = field(factory=dict, converter=_kha)
    tot: Mapping[Seniority, int] = field(factory=dict, converter=_tot)
    #: Where the quota comes from, in Vietnamese, when not the province profile (a quota file).
    source_vi: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.basis.strip():
            raise InvalidRecordError("basis (the letter that sets the quota) is required", path="$.basis")
        if not self.roster and self.default is None:
            raise InvalidRecordError("a quota needs a roster of TGVs or a default seniority band", path="$.roster")
        seen: set[str] = set()
        for i, h in enumerate(self.roster):
            if h.provider in seen:
                raise InvalidRecordError(f"provider {h.provider!r} is on the roster twice", path=f"$.roster[{i}].provider")
            seen.add(h.provider)
            if h.seniority not in self.minimum:
                raise InvalidRecordError(f"no quota for the band {h.seniority.value}", path=f"$.roster[{i}].seniority")
        if self.default is not None and self.default not in self.minimum:
            raise InvalidRecordError(f"no quota for the default band {self.default.value}", path="$.default")
        self._check_levels()

    def _check_levels(self) -> None:
        if not self.kha and not self.tot:
            return
        for path, level in (("$.kha", self.kha), ("$.tot", self.tot)):
            if set(level) != set(self.minimum):
                bands = ", ".join(b.value for b in Seniority if b in self.minimum)
                raise InvalidRecordError(f"the levels khá and tốt need a number for every band of the quota ({bands})", path=path)
        for band in Seniority:
            if band not in self.minimum:
                continue
            if self.kha[band] < self.minimum[band]:
                raise InvalidRecordError(
                    f"the khá level of {band.value} ({self.kha[band]}) is below the đạt minimum ({self.minimum[band]})", path="$.kha")
            if self.tot[band] < self.kha[band]:
                raise InvalidRecordError(
                    f"the tốt level of {band.value} ({self.tot[band]}) is below the khá level ({self.kha[band]})", path="$.tot")

    @property
    def has_levels(self) -> bool:
        """Whether the khá and tốt levels are given (else only "đạt" is judged)."""
        return bool(self.kha)

    def quota_of(self, holder: QuotaHolder, fraction: Fraction) -> int:
        """The number of cases ``holder`` must reach in a window that is ``fraction`` of a year."""
        return self._scaled(self.minimum[holder.seniority], holder, fraction)

    @staticmethod
    def _scaled(n: int, holder: QuotaHolder, fraction: Fraction) -> int:
        return math.ceil(n * Fraction(holder.percent, 100) * fraction)

    def level_of(self, holder: QuotaHolder, fraction: Fraction, count: int) -> QuotaLevel | None:
        """The level ``holder`` reached with ``count`` cases in a window that is ``fraction`` of a
        year: the highest whose threshold (reduced and prorated like the quota, rounded up) the
        count reaches; ``None`` below the quota. Without levels, :attr:`QuotaLevel.DAT` or ``None``."""
        if count < self.quota_of(holder, fraction):
            return None
        band = holder.seniority
        if self.has_levels and count >= self._scaled(self.tot[band], holder, fraction):
            return QuotaLevel.TOT
        if self.has_levels and count >= self._scaled(self.kha[band], holder, fraction):
            return QuotaLevel.KHA
        return QuotaLevel.DAT


def _year_after(start: dt.date) -> dt.date:
    """The first day after the year that starts on ``start`` (29/02 → 01/03)."""
    try:
        return start.replace(year=start.year + 1)
    except ValueError:
        return dt.date(start.year + 1, 3, 1)


def window_fraction(start: dt.date, end: dt.date, *, prorate: bool) -> Fraction | None:
    """1 for a window of exactly one year (01/01–31/12, or 01/11–31/10 as the letters count);
    with ``prorate``, its days over the days of the year that starts with it; else ``None``."""
    year_days = (_year_after(start) - start).days
    days = (end - start).days + 1
    if days == year_days:
        return Fraction(1)
    return Fraction(days, year_days) if prorate else None


@frozen
class QuotaOutcome:
    """The quota judged on a merged tally: TGVs with a quota, who met it, who did not, and —
    when the quota has levels — how many of those who met it reached tốt, khá and đạt
    (``levels``, in :class:`QuotaLevel` order; they sum to ``met``)."""

    with_quota: int
    met: int
    levels: tuple[int, int, int] | None = None

    def level(self, level: QuotaLevel) -> int | None:
        """The TGVs rated ``level`` (``None`` when the quota has no levels)."""
        return None if self.levels is None else self.levels[tuple(QuotaLevel).index(level)]

    def level_share(self, level: QuotaLevel) -> float | None:
        """Their share of the TGVs with a quota."""
        n = self.level(level)
        return None if n is None or self.with_quota == 0 else 100.0 * n / self.with_quota

    @property
    def not_met(self) -> int:
        return self.with_quota - self.met

    @property
    def share(self) -> float | None:
        return None if self.with_quota == 0 else 100.0 * self.met / self.with_quota


def per_provider(tally: Tally, counting: QuotaCounting = QuotaCounting.HANDLED) -> dict[str, int]:
    """Litigation cases per TGV provider id (every unit summed), as ``counting`` counts them."""
    return {k[0]: n for k, n in tally.breakdown("tgv_litigation", ("provider",), measure=counting.value).items()}


def holders(quota: TgvQuota, seen: Iterable[str]) -> list[QuotaHolder]:
    """The TGVs who have a quota: the roster (not exempt), plus — with a ``default`` band —
    every TGV ``seen`` (a litigation case handled in the window) who is not on the roster."""
    out = [h for h in quota.roster if not h.exempt]
    if quota.default is not None:
        listed = {h.provider for h in quota.roster}
        out += [QuotaHolder(p, quota.default) for p in sorted(set(seen)) if p not in listed]
    return out


def judged_fraction(quota: TgvQuota, start: dt.date, end: dt.date) -> Fraction | None:
    """The part of the year's quota due in the window ``start``–``end``: ``None`` when the window
    ends in another year than the quota's (a 2024 quota judges the calendar year 2024 or the
    statistical year 01/11/2023–31/10/2024, not 2025), or is not one year and not prorated."""
    if end.year != quota.year:
        return None
    return window_fraction(start, end, prorate=quota.prorate)


def evaluate_quota(quota: TgvQuota, tally: Tally, start: dt.date, end: dt.date) -> QuotaOutcome | None:
    """Judge ``quota`` on the merged ``tally`` of the window ``start``–``end``; ``None`` when the
    window is not judged (:func:`judged_fraction`)."""
    fraction = judged_fraction(quota, start, end)
    if fraction is None:
        return None
    counts = per_provider(tally, quota.counting)
    # "seen": every TGV who handled a litigation case in the window, whatever the counting rule
    people = holders(quota, per_provider(tally, QuotaCounting.HANDLED))
    rated = [quota.level_of(h, fraction, counts.get(h.provider, 0)) for h in people]
    met = sum(1 for r in rated if r is not None)
    levels = (rated.count(QuotaLevel.TOT), rated.count(QuotaLevel.KHA), rated.count(QuotaLevel.DAT))
    return QuotaOutcome(len(people), met, levels if quota.has_levels else None)


#: The quota indicators: code → (Vietnamese label, English label, unit).
QUOTA_INDICATORS: Mapping[str, tuple[str, str, str]] = MappingProxyType({
    "tgv_quota.with_quota": ("Số Trợ giúp viên pháp lý được giao chỉ tiêu vụ việc tham gia tố tụng",
                             "Legal aid assistants (TGV) with a litigation-case quota", "người"),
    "tgv_quota.met": ("Số Trợ giúp viên pháp lý đạt chỉ tiêu vụ việc tham gia tố tụng",
                      "TGVs who met their litigation-case quota", "người"),
    "tgv_quota.not_met": ("Số Trợ giúp viên pháp lý không đạt chỉ tiêu vụ việc tham gia tố tụng",
                          "TGVs who did not meet their litigation-case quota", "người"),
    "tgv_quota.met_share": ("Tỷ lệ Trợ giúp viên pháp lý đạt chỉ tiêu vụ việc tham gia tố tụng",
                            "Share of TGVs with a quota who met it", "%"),
    **{
        f"tgv_quota.level.{lv.value}": (
            f"Số Trợ giúp viên pháp lý đạt chỉ tiêu vụ việc tham gia tố tụng, xếp loại {lv.label_vi}",
            f"TGVs who met their litigation-case quota at the level {lv.value} ({lv.label_vi})", "người",
        )
        for lv in QuotaLevel
    },
    **{
        f"tgv_quota.level.{lv.value}_share": (
            f"Tỷ lệ Trợ giúp viên pháp lý đạt chỉ tiêu vụ việc tham gia tố tụng, xếp loại {lv.label_vi}",
            f"Share of TGVs with a quota who met it at the level {lv.value} ({lv.label_vi})", "%",
        )
        for lv in QuotaLevel
    },
})
#: Their codes, in report order (plans may bind targets to them).
QUOTA_CODES: tuple[str, ...] = tuple(QUOTA_INDICATORS)
#: The level indicators (counts then shares): shown only when the quota has levels.
LEVEL_CODES: tuple[str, ...] = tuple(c for c in QUOTA_CODES if c.startswith("tgv_quota.level."))


def quota_basis(quota: TgvQuota) -> str:
    """The basis line of the quota indicators, in Vietnamese."""
    if quota.has_levels:
        bands = "; ".join(
            f"{b.label_vi}: đạt từ {quota.minimum[b]}, khá từ {quota.kha[b]}, tốt từ {quota.tot[b]} vụ việc/năm"
            for b in Seniority if b in quota.minimum
        )
    else:
        bands = "; ".join(f"{b.label_vi}: {quota.minimum[b]} vụ việc/năm" for b in Seniority if b in quota.minimum)
    parts = [
        f"{quota.basis} (chỉ tiêu năm {quota.year}: {bands})" + ("" if quota.verified else " — chưa kiểm chứng"),
        f"tính {quota.counting.label_vi}, cho người thực hiện tại cuối kỳ",
        f"danh sách Trợ giúp viên pháp lý được giao chỉ tiêu do {quota.source_vi or 'hồ sơ tỉnh'} cung cấp" if quota.roster
        else "chỉ tính Trợ giúp viên pháp lý có vụ việc trong dữ liệu (người không có vụ việc nào không được tính)",
    ]
    if quota.prorate:
        parts.append("kỳ không tròn một năm: chỉ tiêu tính theo tỷ lệ số ngày, làm tròn lên")
    if quota.note_vi:
        parts.append(quota.note_vi)
    if quota.source_vi:
        parts.append(f"chỉ tiêu lấy từ {quota.source_vi}, thay cho chỉ tiêu của hồ sơ tỉnh")
    return "; ".join(parts)


def quota_values(quota: TgvQuota, tally: Tally, start: dt.date, end: dt.date) -> dict[str, int | float | None]:
    """The indicator values (``None`` each when the window is not judged); the level
    indicators (:data:`LEVEL_CODES`) only when the quota has levels."""
    codes = QUOTA_CODES if quota.has_levels else tuple(c for c in QUOTA_CODES if c not in LEVEL_CODES)
    outcome = evaluate_quota(quota, tally, start, end)
    if outcome is None:
        return dict.fromkeys(codes)
    out: dict[str, int | float | None] = {
        "tgv_quota.with_quota": outcome.with_quota,
        "tgv_quota.met": outcome.met,
        "tgv_quota.not_met": outcome.not_met,
        "tgv_quota.met_share": outcome.share,
    }
    if quota.has_levels:
        out |= {f"tgv_quota.level.{lv.value}": outcome.level(lv) for lv in QuotaLevel}
        out |= {f"tgv_quota.level.{lv.value}_share": outcome.level_share(lv) for lv in QuotaLevel}
    return out


def no_quota_notice(tally: Tally) -> str:
    """The report notice, in Vietnamese, that TGV litigation cases are recorded
    but no quota is configured; ``""`` when the tally has no such case."""
    if not any(k[0] == "tgv_litigation" for k in tally.counts):
        return ""
    return (
        "Lưu ý: chưa cấu hình chỉ tiêu vụ việc tham gia tố tụng của Trợ giúp viên pháp lý cho đơn vị báo cáo "
        "(hồ sơ tỉnh không có chỉ tiêu này), nên báo cáo không có tỷ lệ Trợ giúp viên pháp lý đạt chỉ tiêu."
    )


def not_judged_notice(quota: TgvQuota, start: dt.date, end: dt.date) -> str:
    """The notice for a window the quota does not judge (:func:`judged_fraction`); ``""`` otherwise."""
    if judged_fraction(quota, start, end) is not None:
        return ""
    if end.year != quota.year:
        return (
            f"Lưu ý: hồ sơ tỉnh có chỉ tiêu vụ việc tham gia tố tụng của Trợ giúp viên pháp lý năm {quota.year}, "
            f"kỳ báo cáo kết thúc năm {end.year}, nên chưa đánh giá."
        )
    return (
        f"Lưu ý: chỉ tiêu vụ việc tham gia tố tụng của Trợ giúp viên pháp lý là chỉ tiêu năm {quota.year}; "
        "kỳ báo cáo không tròn một năm và hồ sơ tỉnh không chọn tính theo tỷ lệ thời gian, nên chưa đánh giá."
    )


def published_tally(tally: Tally) -> Tally:
    """``tally`` without its private tables (per-provider counts): what a report may publish."""
    if not any(k[0] in PRIVATE_TABLES for k in tally.counts):
        return tally
    return Tally({k: n for k, n in tally.counts.items() if k[0] not in PRIVATE_TABLES}, tally.sets)


__all__ += ["holders", "judged_fraction", "not_judged_notice", "quota_basis", "quota_values"]
