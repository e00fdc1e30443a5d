"""Seeded synthetic province data (``tgpl.demo``): cases and non-case activities.

The generator streams realistic, law-abiding records for one province over several
years — for examples, benchmarks (a million cases in constant memory) and tests. It is a
pure function of its arguments: the same ``seed`` gives the same records, always; it uses
its own ``random.Random(seed)`` and never the global generator or the clock.

What the data look like (and why):

* forms: litigation about 65 %, advice 28 %, out-of-court representation 7 % — litigation
  dominates as in the national figures (docs/sources.md §7) and in the mountain
  provinces' reports (Bắc Kạn 2022: 150 of 154 completed cases were litigation);
* request sources: notices of procedure-conducting bodies dominate criminal litigation
  (Bắc Kạn 2022: 124 of 152), self-requests dominate advice;
* beneficiaries: 1–3 per case (mostly 1), with sex, birth date or year, ethnic minority
  status (about 80 % — a northern mountain province), residence, the Law Art 7 groups *in
  force on the request date* (cl. 6a only from 01/07/2025, cl. 7 pt g only before it,
  cl. 7 pt đ only before 01/01/2026, the 2027 groups only from 01/01/2027), the financial
  basis cl. 7 needs (ND144 Art 2), the procedural role and the TT08 Art 33 proofs;
* histories follow Law Art 29–39, TT12 Art 5–11 and TTLT10 Art 6: request, acceptance
  (sometimes immediate, Law Art 30 cl. 4, with proof supplied within 5/10 working days or
  the case not continued for ``MISSING_PROOF``), refusal (Art 30 cl. 3) or transfer
  (Art 35), assignment within 3 working days (12 hours for the arrested or detained),
  provider changes with their grounds, not-continued and suspended cases, advice within
  10 days (extended up to 30), file hand-over within 30 days (Art 39), appraisal (TT12
  Art 14) of most ended litigation cases with grades mostly Tốt/Khá, success
  assessments (QĐ 1179/QĐ-BTP, from 16/05/2022) of some ended criminal defence cases,
  archiving, DOJ evaluations (TT12 Art 15) of a sample, and rare complaints (Art 45);
* deadlines are mostly kept; a few percent of assignments, advice answers and file
  hand-overs are late on purpose, so that deadline checks have something to find;
* file codes ``<org>.<form word>.<seq>.<year>`` (TT12 Art 11 cl. 1), with ``seq``
  counted per organisation, form and year of the request;
* events happen in office hours (07:30–11:30, 13:30–17:00, Asia/Ho_Chi_Minh) on working
  days (Vietnamese public holidays from the ``holidays`` package); histories are cut at
  ``end`` — cases still running then are simply open;
* ``unit`` of a case is the province in the scheme in force on the request date: a
  Bắc Kạn (``2004:06``) case received from 01/07/2025 reports under Thái Nguyên
  (``2025:19``), as :meth:`tgpl.domain.Organisation.province_on` does;
* non-case work each working day: simple answers (việc), reception (lượt người),
  outreach sessions in named communes with a target group, attendees and leaflets,
  mobile trips and trainings.

Beneficiary ids are pseudonymous (``NTG-06-0000001``). ``with_identities=True`` also fills
the personal-data fields ``name`` and ``id_number`` with synthetic Vietnamese names and
12-digit numbers, so tests can check that no output leaks them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from os import PathLike
from pathlib import Path
from typing import Any, Final

from tgpl.demo._generator import (
    SUCCESS_CRITERIA_FROM,
    Generator,
    demo_organisations,
    demo_providers,
    groups_in_force,
)
from tgpl.domain import Activity, Case, UnitRef, UnitScheme, unit, unit_on
from tgpl.io.jsonl import write_jsonl

__all__ = [
    "DEMO_PROVINCE",
    "SUCCESS_CRITERIA_FROM",
    "demo_dataset",
    "demo_organisations",
    "demo_providers",
    "generate",
    "groups_in_force",
    "write_demo",
]

#: The province of the bundled demo: Bắc Kạn (2004 code 06), merged into Thái Nguyên on 01/07/2025.
DEMO_PROVINCE: Final = UnitRef(UnitScheme.P2004, "06")


def generate(
    *,
    seed: int,
    province: UnitRef,
    start: dt.date,
    end: dt.date,
    cases_per_year: int,
    activities: bool = True,
    with_identities: bool = False,
    branches: int = 2,
    invalid_share: float = 0.0,
) -> Iterator[Case | Activity]:
    """Stream synthetic cases and activities for ``province`` from ``start`` to ``end`` (inclusive).

    Records come in order of their request (or activity) date; each case carries its
    whole history up to ``end``. Memory use does not grow with the number of records.

    ``cases_per_year`` is the expected number of requests a year (spread over working
    days, fewer around Tết); ``activities`` adds the non-case work; ``branches`` is the
    number of Center branches (``CN1`` …) besides the Center (``TT``);
    ``with_identities`` fills the sensitive ``name``/``id_number`` fields with synthetic
    values. ``invalid_share`` (default 0) is the *marked invalid mode*: that share of
    beneficiaries records a single Law Art 7 group that was **not** in force on the
    request date (e.g. cl. 6a before 01/07/2025), for testing eligibility checks.

    A 2025 province before 01/07/2025 did not exist:
    :class:`tgpl.errors.RuleNotInForceError`.
    """
    if end < start:
        raise ValueError(f"end {end.isoformat()} is before start {start.isoformat()}")
    if cases_per_year < 0:
        raise ValueError(f"cases_per_year must be 0 or more, got {cases_per_year}")
    if not 0.0 <= invalid_share <= 1.0:
        raise ValueError(f"invalid_share must be between 0 and 1, got {invalid_share}")
    if not 0 <= branches <= 9:
        raise ValueError(f"branches must be between 0 and 9, got {branches}")
    unit(province)
    unit_on(province, start)
    gen = Generator(
        seed=seed, province=province, start=start, end=end, cases_per_year=cases_per_year,
        activities=activities, with_identities=with_identities, invalid_share=invalid_share,
        branches=branches,
    )
    return gen.run()


def write_demo(path: str | PathLike[str], **kwargs: Any) -> int:
    """Write :func:`generate` ``(**kwargs)`` to ``path`` as JSON Lines; return the number of records.

    Written with :func:`tgpl.io.jsonl.write_jsonl`, personal data included (the
    synthetic names exist to be found, see ``with_identities``).
    """
    return _write(generate(**kwargs), Path(path))


def demo_dataset(path: str | PathLike[str]) -> int:
    """Write the bundled demo: Bắc Kạn, 2021–2025, about 600 requests a year, with activities.

    Seed 2024. About 3,000 cases plus the non-case work, as JSON Lines at ``path``;
    returns the number of records. ``make demo`` uses it through ``tgpl demo``.
    """
    return write_demo(
        path, seed=2024, province=DEMO_PROVINCE, start=dt.date(2021, 1, 1),
        end=dt.date(2025, 12, 31), cases_per_year=600,
    )


def _write(records: Iterable[Case | Activity], path: Path) -> int:
    return write_jsonl(records, path)
