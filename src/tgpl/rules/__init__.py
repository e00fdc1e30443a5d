"""The law as dated data plus pure functions (``tgpl.rules``).

Eligibility (Law 11/2017 Art 7 versions), the TT12 quality rubric and grades, the
"successful case" criteria (QĐ 1179/QĐ-BTP), evaluation sampling (TT12 Art 15), and —
from other modules — deadlines and case validation. Every rule cites its basis and is
dated; a date no rule covers raises :class:`tgpl.errors.RuleNotInForceError`.
"""
