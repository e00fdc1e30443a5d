"""Layouts of the legal aid statistical forms, filled from a merged :class:`Tally`.

:func:`bieu24` lays out person-occasions (lượt người) the way Biểu 24/BTP/TGPL of
TT 03/2019/TT-BTP does: rows by field of law and form of legal aid, columns (1) total,
(2) male, (3) female and the beneficiary-group columns (4)–(18), including column (7)
"both poor household and ethnic minority".

**Person in several groups** (note C.5 in docs/sources.md; the form's own instructions were not
read — UNVERIFIED): every group column counts a person-occasion once if the person
belongs to that group, so the group columns may sum to more than the total. Columns (5)
poor household, (6) ethnic minority and (7) both follow :class:`PoorMinorityRule`;
the default ``EXCLUSIVE`` puts a person who is both only in (7), so (5) + (6) + (7) is
the number of persons in either group — the reading that explains why column (7) exists.
The tally keeps each person's full group combination, so the rule is applied here, at
the end, and either rule can be chosen for the same tally.

"Ethnic minority" is the Law Art 7 cl. 4 group (ethnic minority residing in an area of
extreme socio-economic difficulty) as recorded, not the ``Beneficiary.ethnic_minority``
fact alone. The trafficking victims of Law Art 7 cl. 6a (from 01/07/2025) are counted in
column (17) with the former cl. 7 pt g; the 2027 groups are extra columns outside the form.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Mapping

from attrs import frozen

from tgpl.domain import Form, Group, LegalField
from tgpl.reporting.tally import ENDED_MEASURES, FlowMeasure, Tally

__all__ = ["BIEU24_COLUMNS", "Bieu24Column", "PoorMinorityRule", "bieu24", "bieu24_columns_of"]


class PoorMinorityRule(enum.StrEnum):
    """How columns (5) poor household, (6) ethnic minority and (7) both are filled."""

    EXCLUSIVE = "exclusive"
    """(5) poor and not minority, (6) minority and not poor, (7) both — no double count."""
    INCLUSIVE = "inclusive"
    """(5) every poor person, (6) every minority person, (7) those in both."""


@frozen
class Bieu24Column:
    """One column of Biểu 24/BTP/TGPL (``number`` 0 marks a column outside the form)."""

    number: int
    code: str
    label_vi: str
    label_en: str
    groups: frozenset[Group] = frozenset()


def _col(number: int, code: str, vi: str, en: str, *groups: Group) -> Bieu24Column:
    return Bieu24Column(number, code, vi, en, frozenset(groups))


#: The columns, in form order, then the extra columns outside the 2019 form.
BIEU24_COLUMNS: tuple[Bieu24Column, ...] = (
    _col(1, "total", "Tổng số", "Total"),
    _col(2, "male", "Nam", "Male"),
    _col(3, "female", "Nữ", "Female"),
    _col(4, "meritorious", "Người có công với cách mạng", "Meritorious persons", Group.MERITORIOUS),
    _col(5, "poor", "Người thuộc hộ nghèo", "Poor household", Group.POOR_HOUSEHOLD),
    _col(6, "minority", "Người dân tộc thiểu số", "Ethnic minority", Group.ETHNIC_MINORITY_DIFFICULT_AREA),
    _col(7, "poor_minority", "Người thuộc hộ nghèo đồng thời là người dân tộc thiểu số",
         "Both poor household and ethnic minority", Group.POOR_HOUSEHOLD, Group.ETHNIC_MINORITY_DIFFICULT_AREA),
    _col(8, "child", "Trẻ em", "Children", Group.CHILD),
    _col(9, "accused_16_18", "Người bị buộc tội từ đủ 16 tuổi đến dưới 18 tuổi", "Accused aged 16 to under 18", Group.JUVENILE_16_18),
    _col(10, "accused_near_poor", "Người bị buộc tội thuộc hộ cận nghèo", "Accused from near-poor households", Group.ACCUSED_NEAR_POOR),
    _col(11, "martyr_relative", "Thân nhân liệt sĩ", "Fallen soldiers' relatives", Group.MARTYR_RELATIVE),
    _col(12, "agent_orange", "Người nhiễm chất độc da cam", "Agent Orange", Group.AGENT_ORANGE),
    _col(13, "elderly", "Người cao tuổi", "Elderly", Group.ELDERLY),
    _col(14, "disabled", "Người khuyết tật", "Persons with disabilities", Group.DISABILITY),
    _col(15, "victim_16_18", "Người từ đủ 16 tuổi đến dưới 18 tuổi là bị hại", "Victims aged 16 to under 18", Group.JUVENILE_VICTIM),
    _col(16, "domestic_violence", "Nạn nhân bạo lực gia đình", "Domestic violence victims", Group.DOMESTIC_VIOLENCE_VICTIM),
    _col(17, "trafficking", "Nạn nhân mua bán người", "Trafficking victims",
         Group.TRAFFICKING_VICTIM_FINANCIAL, Group.TRAFFICKING_VICTIM),
    _col(18, "hiv", "Người nhiễm HIV", "Persons living with HIV", Group.HIV),
    _col(0, "near_poor_2027", "Người thuộc hộ cận nghèo (từ 01/01/2027)", "Near-poor household (from 2027)", Group.NEAR_POOR),
    _col(0, "social_allowance_2027", "Người hưởng trợ cấp xã hội (từ 01/01/2027)",
         "Social allowance recipients (from 2027)", Group.SOCIAL_ALLOWANCE),
)

_BASES: Mapping[str, tuple[str, ...]] = {
    "handled": (FlowMeasure.CARRIED_OVER.value, FlowMeasure.ACCEPTED.value),
    "accepted": (FlowMeasure.ACCEPTED.value,),
    "carried_over": (FlowMeasure.CARRIED_OVER.value,),
    "ended": ENDED_MEASURES,
    "open_at_end": (FlowMeasure.OPEN_AT_END.value,),
}


def bieu24_columns_of(sex: str, groups: str, rule: PoorMinorityRule = PoorMinorityRule.EXCLUSIVE) -> list[str]:
    """The column codes one person-occasion counts in (``groups`` as in the tally: codes joined by ``+``)."""
    codes = set(groups.split("+")) if groups else set()
    cols = ["total"]
    if sex in ("male", "female"):
        cols.append(sex)
    poor = Group.POOR_HOUSEHOLD.value in codes
    minority = Group.ETHNIC_MINORITY_DIFFICULT_AREA.value in codes
    for col in BIEU24_COLUMNS[3:]:
        if col.code == "poor":
            hit = poor and (rule is PoorMinorityRule.INCLUSIVE or not minority)
        elif col.code == "minority":
            hit = minority and (rule is PoorMinorityRule.INCLUSIVE or not poor)
        elif col.code == "poor_minority":
            hit = poor and minority
        else:
            hit = any(g.value in codes for g in col.groups)
        if hit:
            cols.append(col.code)
    return cols


def bieu24(
    tally: Tally,
    *,
    basis: str = "handled",
    rule: PoorMinorityRule = PoorMinorityRule.EXCLUSIVE,
    unit: str | None = None,
) -> dict[tuple[str, str], dict[str, int]]:
    """Biểu 24 cells: ``{(field, form): {column code: person-occasions}}`` plus ``("total", "total")``.

    ``basis`` chooses which person-occasions are counted: ``"handled"`` (default —
    carried over + accepted, the persons who received legal aid in the period, as the
    seed report's "296 vụ việc/296 lượt người"), ``"accepted"``, ``"carried_over"``,
    ``"ended"`` or ``"open_at_end"``. Every (field, form) row is present, zero-filled.
    """
    measures = _BASES[basis]
    rows: dict[tuple[str, str], Counter[str]] = {
        (f.value, fm.value): Counter() for f in LegalField for fm in Form
    }
    total: Counter[str] = Counter()
    for (fld, form, sex, groups), n in tally.breakdown(
        "person", ("field", "form", "sex", "groups"), measure=measures, unit=unit
    ).items():
        for col in bieu24_columns_of(sex, groups, rule):
            rows.setdefault((fld, form), Counter())[col] += n
            total[col] += n
    codes = [c.code for c in BIEU24_COLUMNS]
    out = {k: {c: v.get(c, 0) for c in codes} for k, v in rows.items()}
    out[("total", "total")] = {c: total.get(c, 0) for c in codes}
    return out


# -- dated layouts of the legal-aid statistical forms ------------------------------------------


@frozen
class FormLayout:
    """The legal-aid statistical forms of one reporting regime, with their effective dates.

    ``person_form`` and ``case_form`` are the form numbers as printed on the sheets (the
    persons form — lượt người — and the cases form — vụ việc); ``circular_vi`` the line
    "Ban hành kèm theo …" of the form. ``verified`` is False while the forms' numbers,
    rows or columns have not been read in the official text; ``note_vi`` then says so in
    the report's notes. Rows and columns are those of :data:`BIEU24_COLUMNS` and the xlsx
    plugin's layout (row 2 is civil **and** marriage-family law together, as the 2019 form).
    """

    name: str
    effective_from: dt.date
    effective_to: dt.date | None
    basis: str
    verified: bool
    person_form: str
    case_form: str
    circular_vi: str
    note_vi: str = ""

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` falls within the layout's effective dates (both inclusive)."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


#: The dated layouts, oldest first (``tgpl law`` lists them). A report uses the layout in
#: force on its window's last day (:func:`form_layout_on`); pass your own tuple to replace them.
FORM_LAYOUTS: tuple[FormLayout, ...] = (
    FormLayout(
        name="TT 03/2019/TT-BTP: Biểu 24/BTP/TGPL, Biểu 25/BTP/TGPL",
        effective_from=dt.date(2019, 5, 15),
        effective_to=dt.date(2025, 12, 31),
        basis="Thông tư 03/2019/TT-BTP ngày 20/3/2019 (chế độ báo cáo thống kê ngành Tư pháp), Biểu 24/BTP/TGPL "
              "(số lượt người được trợ giúp pháp lý) và Biểu 25/BTP/TGPL (số vụ việc trợ giúp pháp lý); "
              "in force 15/05/2019; last period assumed 2025 (replacement by TT 17/2025/TT-BTP, transition date UNVERIFIED)",
        verified=True,
        person_form="24/BTP/TGPL",
        case_form="25/BTP/TGPL",
        circular_vi="Ban hành kèm theo Thông tư số 03/2019/TT-BTP ngày 20/3/2019 của Bộ trưởng Bộ Tư pháp",
        note_vi=(
            "Dòng 1 (hình sự) và dòng 2 (dân sự, hôn nhân và gia đình) theo biểu mẫu; các dòng khác và cách đọc "
            "cột (7), (9) của Biểu 25 chưa được đối chiếu với bản gốc của biểu mẫu."
        ),
    ),
    FormLayout(
        name="TT 17/2025/TT-BTP: biểu mẫu trợ giúp pháp lý (số hiệu chưa xác định)",
        effective_from=dt.date(2026, 1, 1),
        effective_to=None,
        basis="Thông tư 17/2025/TT-BTP ngày 24/10/2025 (chế độ báo cáo thống kê ngành Tư pháp); the legal-aid forms "
              "were not found in public sources: numbers, rows and columns UNVERIFIED, the 2019 rows and columns "
              "are used and the in-force date 01/01/2026 is assumed",
        verified=False,
        person_form="",
        case_form="",
        circular_vi="Theo chế độ báo cáo thống kê ngành Tư pháp ban hành kèm theo Thông tư số 17/2025/TT-BTP "
                    "ngày 24/10/2025 của Bộ trưởng Bộ Tư pháp",
        note_vi=(
            "Chưa đối chiếu được số hiệu, dòng và cột của các biểu mẫu trợ giúp pháp lý theo Thông tư số "
            "17/2025/TT-BTP; biểu này giữ dòng, cột của Biểu 24/BTP/TGPL, Biểu 25/BTP/TGPL (Thông tư số "
            "03/2019/TT-BTP). Đề nghị đối chiếu với biểu mẫu hiện hành trước khi gửi."
        ),
    ),
)


def form_layout_on(day: dt.date, layouts: tuple[FormLayout, ...] = FORM_LAYOUTS) -> FormLayout:
    """The layout in force on ``day``; before the first one, the first (the 2019 forms)."""
    for layout in layouts:
        if layout.covers(day):
            return layout
    return layouts[0] if day < layouts[0].effective_from else layouts[-1]


__all__ += ["FORM_LAYOUTS", "FormLayout", "form_layout_on"]
