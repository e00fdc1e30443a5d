"""Built-in indicators: the public codes, their labels, and the generated docs table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tgpl.errors import InvalidRecordError
from tgpl.reporting import (
    BUILTIN_INDICATORS,
    Indicator,
    Tally,
    compute_indicators,
    render_indicator_table,
)
from tgpl.reporting.indicators import TABLE_BEGIN, TABLE_END
from tgpl.reporting.statforms import BIEU24_COLUMNS, PoorMinorityRule, bieu24_columns_of

DOCS = Path(__file__).resolve().parents[2] / "docs" / "statistics.md"
PUBLIC = [
    *(f"cases.{m}{s}" for m in ("carried_over", "accepted", "handled", "ended", "open_at_end")
      for s in ("", ".litigation", ".advice", ".representation")),
    "person_occasions.handled", "simple_answers", "reception.visits", "appraisal.appraised",
    "appraisal.pass_or_better", "appraisal.pass_or_better_share", "referrals.procedure_body_notice.litigation",
    "outreach.sessions", "outreach.communes", "outreach.attendees", "outreach.leaflets",
]
UNITS = {"vụ việc", "lượt người", "việc", "buổi", "xã", "người", "tờ", "%", "đợt", "cuộc", "giờ", "thời hạn", "ca", "yêu cầu", "đơn vị", "phiên tòa"}


@pytest.mark.parametrize("code", PUBLIC)
def test_public_contract_codes_exist(code: str) -> None:
    assert code in BUILTIN_INDICATORS


def test_every_builtin_is_labelled_and_typed() -> None:
    values = compute_indicators(Tally.empty())
    for code, ind in BUILTIN_INDICATORS.items():
        assert ind.code == code
        assert ind.label_vi
        assert ind.label_en
        assert ind.basis
        assert ind.unit in UNITS, code
        v = values[code]
        if ind.unit == "%":
            assert v is None
        else:
            assert v == 0, code
    assert re.search("[ạảãàáâậầấẩẫăặằắẳẵđơờớợởỡưừứựửữ]", " ".join(i.label_vi for i in BUILTIN_INDICATORS.values()))


def test_duplicate_codes_are_refused() -> None:
    ind = BUILTIN_INDICATORS["simple_answers"]
    with pytest.raises(InvalidRecordError, match="given twice"):
        compute_indicators(Tally.empty(), [ind, ind])
    with pytest.raises(InvalidRecordError):
        Indicator("Bad Code", "x", "x", "việc", lambda t: 0)
    assert compute_indicators(Tally.empty(), [ind]) == {"simple_answers": 0}


def test_docs_table_is_generated_from_the_registry() -> None:
    text = DOCS.read_text(encoding="utf-8")
    start, end = text.index(TABLE_BEGIN) + len(TABLE_BEGIN), text.index(TABLE_END)
    assert text[start:end].strip() == render_indicator_table().strip(), (
        "docs/statistics.md is out of date; regenerate the table between the markers with "
        "tgpl.reporting.render_indicator_table()"
    )


def test_bieu24_columns_of_a_person_in_several_groups() -> None:
    both = "cl2_poor_household+cl4_ethnic_minority_difficult_area"
    assert bieu24_columns_of("male", both) == ["total", "male", "poor_minority"]
    assert bieu24_columns_of("male", both, PoorMinorityRule.INCLUSIVE) == ["total", "male", "poor", "minority", "poor_minority"]
    assert bieu24_columns_of("female", "cl2_poor_household+cl7d_disability") == ["total", "female", "poor", "disabled"]
    assert bieu24_columns_of("unknown", "") == ["total"]
    # Trafficking victims of cl. 6a (2025) and of old cl. 7 pt g share column (17).
    assert bieu24_columns_of("female", "cl6a_trafficking_victim")[-1] == "trafficking"
    assert [c.number for c in BIEU24_COLUMNS[:18]] == list(range(1, 19))
