"""Row and column layouts of Biểu 24/BTP/TGPL and Biểu 25/BTP/TGPL (TT 03/2019/TT-BTP).

The core fills Biểu 24 (person-occasions, lượt người) with :func:`tgpl.reporting.bieu24`;
it has no Biểu 25 (cases, vụ việc), so :func:`bieu25` here builds it from the tally's
``case`` table. Both give cells keyed by ``(field, form)``; :data:`FORM_ROWS` says which
cells each printed row sums, so every printed number is a sum of tally counts and the
subtotal rows cross-check by construction *and* by test.

**Rows** (docs/sources.md §4.3): "I. by field of law" with sub-rows by form. The form's row
1 is criminal law and row 2 "civil and marriage/family law" (one row for two
:class:`~tgpl.domain.LegalField` values); the remaining field rows and section "II. by
form" are **UNVERIFIED** readings of a partly garbled copy of the form. They are plain
data (:data:`ROW_GROUPS`), and :func:`form_rows` builds the rows from any grouping a
province prefers.

**Columns of Biểu 25** (docs/sources.md §4.3): (1) cases handled in the window = (2)
carried over from the previous period + (3) accepted in the window; (4) cases ended in
the window, split by who performed them: (5) legal aid officer (TGV); lawyers (6) under
contract with the Center, (7) of a contracted organisation, (8) of a registered
organisation; legal consultants (9) of a contracted, (10) of a registered organisation;
(11) collaborator. Reading "tổ chức … thực hiện TGPL" as the *contracted* organisation is
an interpretation of the garbled copy (UNVERIFIED). Two columns outside the form make the
cross-checks exact: (a) ended cases with no provider on record, so (4) = (5)+…+(11)+(a),
and (b) cases open at the window end, so (1) = (4) + (b) (flow conservation).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from attrs import frozen

from tgpl.domain import Form, LegalField, ProviderKind
from tgpl.reporting.tally import ENDED_MEASURES, FlowMeasure, Tally

__all__ = [
    "BIEU25_COLUMNS",
    "FORM_ORDER",
    "FORM_ROWS",
    "ROW_GROUPS",
    "Bieu25Column",
    "FormRow",
    "RowGroup",
    "bieu25",
    "form_rows",
    "row_value",
]

Cells = Mapping[tuple[str, str], Mapping[str, int]]


@frozen
class RowGroup:
    """One field-of-law row of the forms: its label and the fields it sums."""

    code: str
    label_vi: str
    fields: tuple[LegalField, ...]
    basis: str = ""


#: The field rows in form order (row 2 sums civil and marriage/family, as the form prints it).
ROW_GROUPS: tuple[RowGroup, ...] = (
    RowGroup("criminal", "Pháp luật hình sự", (LegalField.CRIMINAL,), "TT 03/2019/TT-BTP, Biểu 24 dòng 1"),
    RowGroup("civil_family", "Pháp luật dân sự, hôn nhân và gia đình",
             (LegalField.CIVIL, LegalField.MARRIAGE_FAMILY), "TT 03/2019/TT-BTP, Biểu 24 dòng 2"),
    RowGroup("administrative", "Pháp luật hành chính", (LegalField.ADMINISTRATIVE,), "UNVERIFIED row"),
    RowGroup("land", "Pháp luật đất đai", (LegalField.LAND,), "UNVERIFIED row"),
    RowGroup("labour", "Pháp luật lao động", (LegalField.LABOUR,), "UNVERIFIED row"),
    RowGroup("other", "Lĩnh vực pháp luật khác", (LegalField.OTHER,), "UNVERIFIED row"),
)

#: Sub-rows by form, in the form's order (1.1 advice, 1.2 litigation; representation UNVERIFIED).
FORM_ORDER: tuple[Form, ...] = (Form.ADVICE, Form.LITIGATION, Form.REPRESENTATION)


@frozen
class FormRow:
    """One printed row: its number (``"1"``, ``"1.1"``, ``"II.2"``), label and what it sums.

    ``fields``/``forms`` empty means "all"; ``heading`` rows print a label and no numbers;
    ``level`` is 0 for the grand total, 1 for a field or section row, 2 for a sub-row.
    """

    number: str
    label_vi: str
    fields: frozenset[str] = frozenset()
    forms: frozenset[str] = frozenset()
    level: int = 1
    heading: bool = False

    def covers(self, fld: str, form: str) -> bool:
        return (not self.fields or fld in self.fields) and (not self.forms or form in self.forms)


def form_rows(groups: Iterable[RowGroup] = ROW_GROUPS, forms: Iterable[Form] = FORM_ORDER) -> tuple[FormRow, ...]:
    """The printed rows: the total, section I (fields with form sub-rows), section II (forms)."""
    forms = tuple(forms)
    rows = [
        FormRow("", "Tổng số", level=0),
        FormRow("I", "Chia theo lĩnh vực pháp luật", heading=True),
    ]
    for i, g in enumerate(groups, start=1):
        codes = frozenset(f.value for f in g.fields)
        rows.append(FormRow(str(i), g.label_vi, fields=codes, level=1))
        for j, form in enumerate(forms, start=1):
            rows.append(FormRow(f"{i}.{j}", form.label_vi, fields=codes, forms=frozenset({form.value}), level=2))
    rows.append(FormRow("II", "Chia theo hình thức trợ giúp pháp lý", heading=True))
    for j, form in enumerate(forms, start=1):
        rows.append(FormRow(str(j), form.label_vi, forms=frozenset({form.value}), level=1))
    return tuple(rows)


#: The default rows of both forms.
FORM_ROWS: tuple[FormRow, ...] = form_rows()


def row_value(cells: Cells, row: FormRow, column: str) -> int:
    """The sum of ``column`` over the ``(field, form)`` cells the row covers (not the total cell)."""
    return sum(
        values.get(column, 0)
        for (fld, form), values in cells.items()
        if (fld, form) != ("total", "total") and row.covers(fld, form)
    )


@frozen
class Bieu25Column:
    """One column of Biểu 25/BTP/TGPL: the flow measures and provider kinds it counts.

    ``number`` is the form's column number; ``""`` marks a column outside the form,
    whose ``mark`` (``"a"``, ``"b"``) is printed instead. ``provider_kinds`` empty means
    any provider; ``other_kinds`` counts providers *not* among the seven kinds of the form.
    """

    number: str
    code: str
    label_vi: str
    label_en: str
    measures: tuple[str, ...]
    provider_kinds: tuple[str, ...] = ()
    other_kinds: bool = False

    def counts(self, measure: str, provider_kind: str) -> bool:
        if measure not in self.measures:
            return False
        if self.other_kinds:
            return provider_kind not in _KNOWN_KINDS
        return not self.provider_kinds or provider_kind in self.provider_kinds


_KNOWN_KINDS = frozenset(k.value for k in ProviderKind)
_INFLOW = (FlowMeasure.CARRIED_OVER.value, FlowMeasure.ACCEPTED.value)


def _ended(number: str, kind: ProviderKind, label_vi: str) -> Bieu25Column:
    return Bieu25Column(number, f"ended.{kind.value}", label_vi, f"Ended: {kind.label_en}", ENDED_MEASURES, (kind.value,))


#: The columns of Biểu 25 in form order, then the two columns outside the form.
BIEU25_COLUMNS: tuple[Bieu25Column, ...] = (
    Bieu25Column("1", "handled", "Tổng số", "Handled (carried over + accepted)", _INFLOW),
    Bieu25Column("2", "carried_over", "Kỳ trước chuyển qua", "Carried over", (FlowMeasure.CARRIED_OVER.value,)),
    Bieu25Column("3", "accepted", "Thụ lý trong kỳ", "Accepted in the window", (FlowMeasure.ACCEPTED.value,)),
    Bieu25Column("4", "ended", "Tổng số", "Ended in the window", ENDED_MEASURES),
    _ended("5", ProviderKind.TGV, "Trợ giúp viên pháp lý"),
    _ended("6", ProviderKind.CENTER_LAWYER, "Ký hợp đồng với Trung tâm"),
    _ended("7", ProviderKind.CONTRACTED_ORG_LAWYER, "Của tổ chức ký hợp đồng thực hiện trợ giúp pháp lý"),
    _ended("8", ProviderKind.REGISTERED_ORG_LAWYER, "Của tổ chức đăng ký tham gia trợ giúp pháp lý"),
    _ended("9", ProviderKind.CONTRACTED_ORG_CONSULTANT, "Của tổ chức ký hợp đồng thực hiện trợ giúp pháp lý"),
    _ended("10", ProviderKind.REGISTERED_ORG_CONSULTANT, "Của tổ chức đăng ký tham gia trợ giúp pháp lý"),
    _ended("11", ProviderKind.COLLABORATOR, "Cộng tác viên trợ giúp pháp lý"),
    Bieu25Column("a", "ended.unassigned", "Đã kết thúc, chưa có người thực hiện trong hồ sơ",
                 "Ended, no provider on record", ENDED_MEASURES, other_kinds=True),
    Bieu25Column("b", "open_at_end", "Chưa kết thúc, chuyển kỳ sau", "Open at window end",
                 (FlowMeasure.OPEN_AT_END.value,)),
)


def bieu25(tally: Tally, *, unit: str | None = None) -> dict[tuple[str, str], dict[str, int]]:
    """Biểu 25 cells: ``{(field, form): {column code: cases}}`` plus ``("total", "total")``.

    Every ``(field, form)`` pair is present, zero-filled, like
    :func:`tgpl.reporting.bieu24`. ``unit`` restricts the count to one unit code.
    """
    rows: dict[tuple[str, str], Counter[str]] = {(f.value, fm.value): Counter() for f in LegalField for fm in Form}
    total: Counter[str] = Counter()
    for (fld, form, measure, kind), n in tally.breakdown(
        "case", ("field", "form", "measure", "provider_kind"), unit=unit
    ).items():
        for col in BIEU25_COLUMNS:
            if col.counts(measure, kind):
                rows.setdefault((fld, form), Counter())[col.code] += n
                total[col.code] += n
    codes = [c.code for c in BIEU25_COLUMNS]
    out = {k: {c: v.get(c, 0) for c in codes} for k, v in rows.items()}
    out[("total", "total")] = {c: total.get(c, 0) for c in codes}
    return out
