"""Values and errors cross process boundaries intact (multiprocess and Dask runs)."""

from __future__ import annotations

import pickle

from tgpl.errors import (
    DuplicateRecordError,
    InvalidRecordError,
    LifecycleError,
    PluginError,
    UnknownCodeError,
)
from tgpl.reporting.tally import Tally
from tgpl.rules.scoring import ScoreError


def test_tally_pickles() -> None:
    t = Tally({("reception", "2004:06"): 3}, {("mobile_communes", "2004:06"): frozenset({"x1", "x2"})})
    assert pickle.loads(pickle.dumps(t)) == t


def test_record_errors_keep_record_line_and_path() -> None:
    for cls in (InvalidRecordError, UnknownCodeError, DuplicateRecordError):
        err = cls("bad date", record_id="TT.TV.01.2022", path="$.events[3].on", line=12, source="a.jsonl")
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is cls
        assert (back.record_id, back.path, back.line, back.source, str(back)) == (
            "TT.TV.01.2022", "$.events[3].on", 12, "a.jsonl", str(err))


def test_other_errors_pickle() -> None:
    score = ScoreError(["1a: 11 > 10"], record_id="TT.TV.01.2022")
    score.line = 4
    back = pickle.loads(pickle.dumps(score))
    assert (back.problems, back.record_id, back.line) == (("1a: 11 > 10",), "TT.TV.01.2022", 4)
    life = pickle.loads(pickle.dumps(LifecycleError("refused", ("Law Art 30",))))
    assert life.reasons == ("Law Art 30",)
    assert "Law Art 30" in str(life)
    plugin = pickle.loads(pickle.dumps(PluginError("tgpl-xlsx", "returned str")))
    assert (plugin.plugin, plugin.message) == ("tgpl-xlsx", "returned str")


def test_rubrics_pickle_and_compare_by_their_data() -> None:
    import attrs

    from tgpl.rules.scoring import TT12_RUBRIC

    back = pickle.loads(pickle.dumps(TT12_RUBRIC))
    assert back == TT12_RUBRIC
    assert back.criterion("2DD").code == "2đ"  # the derived index survives
    assert attrs.evolve(TT12_RUBRIC, id="other") != TT12_RUBRIC
