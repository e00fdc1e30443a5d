"""The ``tgpl`` command (dòng lệnh tgpl): reports, validation, plugins, schemas, anonymisation, demo.

Subcommands (``tgpl <command> --help`` for each; docs/cli.md is the reference):

* ``tgpl report INPUT... --window 2022-H1 [--format md,json] [--out DIR]``
  — build a report (JSON Lines files go through the bulk path of :mod:`tgpl.reporting.engine`);
* ``tgpl validate INPUT...`` — every problem of every record, one line each;
* ``tgpl plugins`` — the plugins found, their versions and hooks;
* ``tgpl schema [--out DIR]`` — the JSON Schemas of the input records;
* ``tgpl anonymize INPUT --key-file F --out OUTPUT`` — keyed pseudonymisation;
* ``tgpl demo [--out DIR] [--seed N]`` — synthetic data and example reports;
* ``tgpl law [--on DATE] [--json]`` — the law in force on a date, family by family.
* ``tgpl plan check FILE`` — check a plan file (``tgpl.plan/1``) and print its tasks.
* ``tgpl new-plugin NAME [--out DIR] [--unit UNIT]`` — a new plugin project from the template.
* ``tgpl store init|import|export|check URL …`` — the event store (:mod:`tgpl.store`);
  ``tgpl report --store URL --window …`` reports from it.

Exit codes: 0 success; 1 problems found (invalid or duplicate records, validation
problems, a plugin that failed); 2 usage error (bad option, unknown window or format);
3 an input file is missing or unreadable; 4 an output cannot be written (or its folder is
busy with ``--no-wait``); 141 the output pipe was closed (``tgpl validate … | head -1``).
Every error is one clear line on stderr, never a traceback for bad input. A progress counter appears on
stderr only when it is a terminal (and not with ``--quiet``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NoReturn, TextIO

import attrs

from tgpl.errors import InvalidRecordError, PluginError, TgplError, looks_like_code
from tgpl.io.jsonl import RecordStream
from tgpl.io.records import Record
from tgpl.reporting.build import (
    InputReader,
    ReportSet,
    build_report,
    format_problem,
    parse_unit_mode,
    write_report_set,
)
from tgpl.reporting.formats.vi import format_int
from tgpl.reporting.plugins import Plugins, load_plugins
from tgpl.reporting.report import Report, ReportFormat
from tgpl.reporting.windows import Window, parse_window

if TYPE_CHECKING:
    from tgpl.domain import UnitRef
    from tgpl.planning import Plan
    from tgpl.reporting.quota import TgvQuota
    from tgpl.store import EventStore

__all__ = [
    "EXIT_INPUT",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_PIPE",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "build_parser",
    "main",
]

EXIT_OK: Final = 0
EXIT_PROBLEMS: Final = 1
EXIT_USAGE: Final = 2
EXIT_INPUT: Final = 3
EXIT_OUTPUT: Final = 4
EXIT_PIPE: Final = 141

_EXIT_CODES = """\
exit codes (mã thoát):
  0  success (thành công)
  1  problems found: invalid or duplicate records, validation problems, a plugin failed
     (có vấn đề trong dữ liệu hoặc plugin lỗi)
  2  usage error: bad option, unknown window, format or unit mode (sai cú pháp lệnh)
  3  an input file is missing or unreadable (không đọc được tệp đầu vào)
  4  an output cannot be written, or the output folder is busy with --no-wait
     (không ghi được tệp kết quả)
  141 the output pipe was closed, e.g. by `| head` (đầu ra đã bị đóng)
"""

_EPILOG = f"""\
examples (ví dụ):
  tgpl demo --out /tmp/tgpl-demo
  tgpl report cases.jsonl activities.jsonl --window 2022-H1 --format md,json --out reports
  tgpl report data/*.jsonl --window stats:2022-H1 --unit-mode 2025 --suppress-below 5
  tgpl report big/*.jsonl.gz --window 2024 --format json
  tgpl report data/*.jsonl --window 2024 --plan examples/plans/bac-giang-2024.yaml
  tgpl report data/*.jsonl --window 2023 --tgv-quota examples/quota/tgv-quota-example.yaml
  tgpl plan check examples/plans/bac-giang-2024.yaml
  tgpl validate cases.jsonl
  tgpl plugins
  tgpl schema --out schema
  tgpl anonymize cases.jsonl --key-file secret.key --out cases.anon.jsonl
  tgpl store import sqlite:///center.db cases.jsonl
  tgpl report --store sqlite:///center.db --window 2022-H1

{_EXIT_CODES}"""

#: Default windows of ``tgpl demo``: the last full year of the demo data and its first half, and 2022
#: (successes under the guidance before QĐ 1179/QĐ-BTP, the first year of court duty and online hearings).
DEMO_WINDOWS: Final = ("2025", "2025-H1", "2022")
#: Formats ``tgpl demo`` renders, when installed (md and json are built in).
DEMO_FORMATS: Final = ("md", "json", "xlsx", "docx")


class _UsageError(Exception):
    """A problem with the command line found after parsing (exit 2)."""


class _InputError(Exception):
    """An input file that is missing or unreadable (exit 3)."""


class _OutputError(Exception):
    """An output that cannot be written (exit 4)."""


class _Progress:
    """``\\r``-updated counter on stderr, only when stderr is a terminal and not ``--quiet``."""

    def __init__(self, label: str, *, quiet: bool, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = not quiet and _isatty(self.stream)
        self.label = label
        self.shown = 0
        self._last = 0.0

    def __call__(self, n: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1:
            return
        self._last = now
        text = f"\r{self.label}: {format_int(n)} bản ghi (records)"
        self.shown = max(self.shown, len(text))
        self.stream.write(text)
        self.stream.flush()

    def done(self) -> None:
        if self.enabled and self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"không phải ngày (not a date): {text!r} (viết 2022-05-31 hoặc 31/05/2022)")


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"không phải số nguyên (not a whole number): {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"phải từ 0 trở lên (must be 0 or more): {value}")
    return value


def _positive(text: str) -> int:
    value = _non_negative(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"phải từ 1 trở lên (must be 1 or more): {value}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"không phải số giây (not a number of seconds): {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"phải là số giây hữu hạn lớn hơn 0 (must be a finite number of seconds above 0): {text!r}")
    return value


def _stem(text: str) -> str:
    if not text or text in (".", "..") or "/" in text or "\\" in text or os.sep in text or "\x00" in text:
        raise argparse.ArgumentTypeError(f"phải là tên tệp, không kèm thư mục (must be a plain file name without a folder): {text!r}")
    return text


def _unit_mode(text: str) -> str:
    try:
        return parse_unit_mode(text).value
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error on one line (``tgpl: lỗi cú pháp (usage error): …``, exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"tgpl: lỗi cú pháp (usage error): {self.prog}: {message} (see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``tgpl`` (also used to document the command)."""
    fmt = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog="tgpl",
        description="tgpl — số liệu trợ giúp pháp lý (legal aid statistics): báo cáo, kiểm tra, plugin.",
        epilog=_EPILOG,
        formatter_class=fmt,
    )
    from tgpl import __version__

    parser.add_argument("--version", action="version", version=f"tgpl {__version__}")
    parser.add_argument(
        "--block-plugin", action="append", default=[], metavar="NAME",
        help="không nạp plugin NAME (tên như lệnh `tgpl plugins` in ra; có thể lặp lại)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "report", help="lập báo cáo cho một kỳ (build a report for a window)", epilog=_EPILOG, formatter_class=fmt,
        description="Lập báo cáo cho một kỳ báo cáo từ các tệp JSON Lines (build a report from JSON Lines files).",
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="tệp JSON Lines (.jsonl, .jsonl.gz), thư mục chứa chúng, hoặc - (standard input)")
    p.add_argument("--store", default=None, metavar="URL",
                   help="lập báo cáo từ kho dữ liệu thay cho tệp (report from the store at URL: sqlite:///f.db, postgresql://…)")
    p.add_argument("--window", "-w", required=True, help="kỳ báo cáo: 2022-H1, 2022-Q2, 2022, stats:2022-H1, 2022-01-01..2022-05-31 …")
    p.add_argument("--format", "-f", default="md,json", help="định dạng, cách nhau bởi dấu phẩy (default: md,json); e.g. md,json,csv,parquet,xlsx,docx")
    p.add_argument("--out", "-o", default=".", help="thư mục kết quả (output directory; default: .)")
    p.add_argument("--stem", type=_stem, default=None, help="tên tệp kết quả không có phần mở rộng (default: tgpl-report-<window>)")
    p.add_argument("--unit-mode", type=_unit_mode, default="as_recorded", metavar="{as-recorded,2025}",
                   help="đơn vị hành chính: như ghi nhận (as-recorded, default) hay quy đổi về 34 đơn vị từ 01/07/2025 (2025)")
    p.add_argument("--as-of", type=_date, default=None, metavar="DATE", help="bỏ qua sự kiện sau ngày này (ignore events after DATE)")
    p.add_argument("--suppress-below", type=_non_negative, default=None, metavar="K",
                   help="ẩn số liệu nhỏ hơn K (small-cell suppression; off by default)")
    p.add_argument("--deadlines", action="store_true", help="đếm thời hạn quá hạn cuối kỳ (count overdue deadlines)")
    p.add_argument("--issued-on", type=_date, default=None, metavar="DATE",
                   help="ngày ban hành ghi ở dòng địa danh, ngày tháng (issue date; default: today)")
    p.add_argument("--no-wait", action="store_true",
                   help="không chờ nếu một lần chạy khác đang ghi vào thư mục kết quả (fail at once, exit 4, "
                        "when another run holds the output folder)")
    p.add_argument("--timeout", type=_seconds, default=60.0, metavar="SECONDS", help="thời gian tối đa cho mỗi định dạng (per-format render limit; default 60)")
    p.add_argument("--quiet", "-q", action="store_true", help="không in tiến độ và danh sách tệp (no progress, no file list)")
    p.add_argument("--plan", default=None, metavar="FILE",
                   help="thêm phần kết quả thực hiện kế hoạch (plan file tgpl.plan/1, or the id of a plan a plugin ships)")
    p.add_argument("--tgv-quota", default=None, metavar="FILE",
                   help="chỉ tiêu vụ việc tham gia tố tụng của Trợ giúp viên pháp lý lấy từ tệp này, thay cho hồ sơ tỉnh "
                        "(TGV quota file tgpl.tgv_quota/1, overrides the province profile's quota)")
    p.add_argument("--engine", action=argparse.BooleanOptionalAction, default=None,
                   help="đọc tệp JSON Lines bằng DuckDB dù tệp lớn hay nhỏ (mặc định: bằng DuckDB khi có DuckDB và các tệp "
                        "từ 3,5 MB trở lên); --no-engine: đọc từng bản ghi bằng Python "
                        "(--engine: the DuckDB bulk path whatever the size; default: the bulk path with the extra "
                        "'fast' for inputs of 3.5 MB or more, else the Python fold; --no-engine: the Python fold)")

    p = sub.add_parser(
        "validate", help="kiểm tra dữ liệu (validate records)", epilog=_EXIT_CODES, formatter_class=fmt,
        description="Kiểm tra từng bản ghi; mỗi vấn đề một dòng: file:line: record: path: message. Exit 1 if any problem.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="tệp JSON Lines (.jsonl, .jsonl.gz), thư mục, hoặc -")
    p.add_argument("--as-of", type=_date, default=None, metavar="DATE", help="ngày tham chiếu (reference date)")
    p.add_argument("--quiet", "-q", action="store_true", help="chỉ in các vấn đề, không in tiến độ (problems only)")

    _add_store_parser(sub, fmt)

    sub.add_parser("plugins", help="liệt kê plugin (list plugins, versions, hooks)", epilog=_EXIT_CODES, formatter_class=fmt)

    p = sub.add_parser("plan", help="kế hoạch: kiểm tra tệp kế hoạch (plan files)", epilog=_EXIT_CODES, formatter_class=fmt)
    p.add_argument("action", choices=["check"], help="check: kiểm tra tệp kế hoạch và in các nhiệm vụ")
    p.add_argument("plan", metavar="FILE", help="tệp kế hoạch .yaml/.json, hoặc mã kế hoạch do plugin cung cấp")

    p = sub.add_parser("schema", help="JSON Schema của các loại bản ghi, tệp kế hoạch và tệp chỉ tiêu (record, plan and quota file JSON Schemas)",
                       epilog=_EXIT_CODES, formatter_class=fmt)
    p.add_argument("--out", "-o", default=None, help="ghi mỗi schema thành một tệp trong DIR (default: print to stdout)")

    p = sub.add_parser(
        "anonymize", help="bí danh hóa dữ liệu (keyed pseudonymisation)", epilog=_EXIT_CODES, formatter_class=fmt,
        description="Bí danh hóa một tệp JSON Lines bằng khóa bí mật (HMAC): mã hồ sơ, mã tổ chức, thời gian theo ngày; "
                    "in tóm tắt k-ẩn danh ở cuối. The key file holds the key as hex text "
                    "(e.g. from `python -c \"import secrets; print(secrets.token_hex(32))\"`) or as raw bytes "
                    "(32 or more, at least 16 distinct values); a data file given as the key is refused.",
    )
    p.add_argument("input", metavar="INPUT")
    p.add_argument("--key-file", required=True, metavar="F")
    p.add_argument("--out", "-o", required=True, metavar="OUTPUT")
    p.add_argument("--time-precision", choices=("day", "month"), default="day",
                   help="làm thô thời gian theo ngày (day, default) hay tháng (month)")
    p.add_argument("--k", type=_positive, default=None, metavar="K",
                   help="khái quát hóa thêm (năm sinh theo nhóm 5 năm, rồi ngày theo tháng) đến khi mỗi nhóm có ít nhất "
                        "K người, hoặc báo không đạt được (generalise until the smallest class holds K persons)")
    p.add_argument("--quiet", "-q", action="store_true")

    p = sub.add_parser(
        "demo", help="dữ liệu và báo cáo mẫu (demo data and reports)", epilog=_EXIT_CODES, formatter_class=fmt,
        description="Tạo dữ liệu mẫu (tỉnh Bắc Kạn, 2021–2025) vào DIR/data và báo cáo năm 2025, 6 tháng đầu năm 2025 và năm 2022 vào DIR/reports.",
    )
    p.add_argument("--out", "-o", default="tgpl-demo", help="thư mục (default: tgpl-demo)")
    p.add_argument("--seed", type=_non_negative, default=None, help="hạt giống ngẫu nhiên (default: the bundled demo, seed 2024)")
    p.add_argument("--quiet", "-q", action="store_true")

    p = sub.add_parser(
        "law", help="quy định áp dụng vào một ngày (the law in force on a date)", epilog=_EXIT_CODES, formatter_class=fmt,
        description="Mỗi nhóm quy định: phiên bản áp dụng, căn cứ, tình trạng và thay đổi trong 90 ngày tới "
                    "(each rule family: version in force, citation, status, changes within 90 days).",
    )
    p.add_argument("--on", type=_date, default=None, metavar="DATE", help="ngày (date, YYYY-MM-DD; default: today in Vietnam)")
    p.add_argument("--json", action="store_true", help="in dạng JSON (schema tgpl.law/1)")

    p = sub.add_parser(
        "new-plugin", help="tạo plugin mới từ mẫu (write a new plugin project from the template)",
        epilog=_EXIT_CODES, formatter_class=fmt,
        description="Tạo dự án plugin tgpl-NAME: một chỉ tiêu, một định dạng báo cáo và bộ kiểm tra "
                    "tuân thủ (an indicator, a report format and the conformance tests), chạy được ngay.",
    )
    p.add_argument("name", metavar="NAME", help="tên ngắn, chữ thường, nối bằng gạch ngang (e.g. bac-ninh)")
    p.add_argument("--out", "-o", default=None, help="thư mục tạo ra (default: ./tgpl-NAME; must not exist or be empty)")
    p.add_argument("--unit", default=None, metavar="UNIT",
                   help="thêm hồ sơ tỉnh cho đơn vị này (add a province profile for UNIT, e.g. 2025:24)")
    return parser


# -- helpers ------------------------------------------------------------------------------


def _err(message: str) -> None:
    print(f"tgpl: {message}", file=sys.stderr)


def _check_blocked(names: Sequence[str]) -> None:
    from tgpl.reporting.plugins import installed_plugin_names

    known = installed_plugin_names()
    for name in names:
        if name not in known:
            raise _UsageError(
                f"--block-plugin: không có plugin {name!r}; có (installed): {', '.join(sorted(known)) or '—'}"
            )


def _check_inputs(paths: Sequence[str]) -> list[str]:
    """The files ``paths`` mean (:func:`tgpl.io.inputs.expand_inputs`), checked without reading them."""
    from tgpl.io.inputs import InputFileError, expand_inputs

    try:
        return list(expand_inputs(paths).files)
    except InputFileError as exc:
        raise _InputError(str(exc)) from None


def _check_output(out: str) -> None:
    """Refuse an output folder that is a file or not writable, before any input is read."""
    from tgpl.fsutil import OutputError, check_output_dir

    try:
        check_output_dir(out)
    except OutputError as exc:
        raise _OutputError(str(exc)) from None


def _stem_of(label: str) -> str:
    return "tgpl-report-" + re.sub(r"[^A-Za-z0-9.-]+", "_", label).strip("_")


def _select_formats(plugins: Plugins, wanted: Sequence[str], *, optional: bool = False) -> dict[str, ReportFormat]:
    available = plugins.formats()
    chosen: dict[str, ReportFormat] = {}
    for name in wanted:
        if name in available:
            chosen[name] = available[name]
        elif not optional:
            raise _UsageError(
                f"định dạng không có (unknown format) {name!r}; có (available): {', '.join(sorted(available))}"
                " — xlsx/docx come from the tgpl-xlsx / tgpl-docx plugins (pip install 'tgpl[xlsx,docx]'),"
                " parquet needs pyarrow (pip install 'tgpl[arrow]')"
            )
    return chosen


def _report_once(
    plugins: Plugins,
    inputs: Sequence[str],
    window: str,
    *,
    formats: dict[str, ReportFormat],
    out: Path,
    stem: str | None,
    unit_mode: str,
    as_of: dt.date | None,
    suppress_below: int | None,
    deadlines: bool,
    timeout: float,
    quiet: bool,
    plan: Plan | None = None,
    issued_on: dt.date | None = None,
    wait: bool = True,
    plugins_extensions: Sequence[str] = (),
    engine: bool | None = None,
    tgv_quota: TgvQuota | None = None,
) -> tuple[Report, list[TgplError], ReportSet]:
    """Build the report and write its set whole (:func:`tgpl.reporting.build.write_report_set`).

    Returns the report, the input problems and the :class:`ReportSet` written (its
    ``files``: every file written, the manifest last).
    """
    progress = _Progress(f"Đang đọc (reading) {window}", quiet=quiet)
    try:
        report, problems = build_report(
            inputs, window, plugins=plugins, unit_mode=unit_mode, as_of=as_of,
            suppress_below=suppress_below, deadlines=deadlines, progress=progress, issued_on=issued_on,
            engine=engine, tgv_quota=tgv_quota,
        )
    finally:
        progress.done()
    if plan is not None:
        report = _with_plan(report, plan, plugins, inputs, unit_mode=unit_mode, as_of=as_of, suppress_below=suppress_below)
    return report, problems, _write_set(
        plugins, report, formats, out, stem=stem, timeout=timeout, wait=wait, extensions=plugins_extensions
    )


def _write_set(
    plugins: Plugins, report: Report, formats: dict[str, ReportFormat], out: Path, *,
    stem: str | None, timeout: float, wait: bool, extensions: Sequence[str],
) -> ReportSet:
    from tgpl.fsutil import OutputError

    try:
        return write_report_set(
            report, formats.values(), out, stem=stem or _stem_of(report.window.label), timeout_s=timeout,
            owners=plugins.format_owners(), wait=wait,
            stale_extensions=extensions or [f.extension for f in plugins.formats().values()],
        )
    except OutputError as exc:
        raise _OutputError(str(exc)) from None
    except OSError as exc:
        raise _OutputError(f"không ghi được kết quả (cannot write output) in {out}: {exc.strerror or exc}") from None


def _load_plan(ref: str, plugins: Plugins) -> Plan:
    """The plan of ``--plan``: problems are printed and exit 1; a missing file is exit 3."""
    from tgpl.planning import resolve_plan

    try:
        plan, problems = resolve_plan(ref, plugins)
    except OSError as exc:
        raise _InputError(f"không đọc được kế hoạch (plan unreadable): {ref}: {exc.strerror or exc}") from None
    if plan is None:
        _print_problems(problems[:-1], sys.stderr)
        raise problems[-1]
    return plan


def _load_tgv_quota(path: str | None) -> TgvQuota | None:
    """The quota of ``--tgv-quota``: problems are printed and exit 1; a missing file is exit 3."""
    if path is None:
        return None
    import attrs

    from tgpl.planning.quota_file import read_tgv_quota

    try:
        quota, problems = read_tgv_quota(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise _InputError(f"không đọc được tệp chỉ tiêu (quota file unreadable): {path}: "
                          f"{getattr(exc, 'strerror', None) or exc}") from None
    if quota is None:
        _print_problems(problems[:-1], sys.stderr)
        raise problems[-1]
    return attrs.evolve(quota, source_vi="tệp chỉ tiêu của đơn vị lập báo cáo")


def _with_plan(report: Report, plan: Plan, plugins: Plugins, inputs: Iterable[Any], **opts: Any) -> Report:
    """``report`` with its plan-versus-actual section; other periods are built from the same inputs."""
    from tgpl.planning import plan_section

    def actuals(window: Window) -> dict[str, int | float | None]:
        # The same inputs as the report: their problems are already reported once.
        return build_report(inputs, window, plugins=plugins, **opts)[0].values()

    as_of = opts.get("as_of")
    on = min(report.window.end, as_of) if as_of is not None else None
    return attrs.evolve(report, plan=plan_section(plan, report, on=on, actuals=actuals))


def _print_problems(problems: Sequence[TgplError], stream: TextIO) -> None:
    for problem in problems:
        print(format_problem(problem), file=stream)


# -- commands -------------------------------------------------------------------------------


def _cmd_report(args: argparse.Namespace, plugins: Plugins) -> int:
    if args.store is not None:
        return _cmd_report_store(args, plugins)
    if not args.inputs:
        raise _UsageError("cần ít nhất một tệp đầu vào hoặc --store URL (give INPUT files or --store URL)")
    _check_inputs(args.inputs)
    _check_output(args.out)
    formats, plan = _formats_and_plan(args, plugins)
    report, problems, result = _report_once(
        plugins, args.inputs, args.window, formats=formats, out=Path(args.out), stem=args.stem,
        unit_mode=args.unit_mode, as_of=args.as_of, suppress_below=args.suppress_below,
        deadlines=args.deadlines, timeout=args.timeout, quiet=args.quiet, plan=plan, issued_on=args.issued_on,
        wait=not args.no_wait, engine=args.engine, tgv_quota=_load_tgv_quota(args.tgv_quota),
    )
    return _finish_report(args, report, problems, result)


def _formats_and_plan(args: argparse.Namespace, plugins: Plugins) -> tuple[dict[str, ReportFormat], Plan | None]:
    """The formats of ``--format`` and the plan of ``--plan``, checked before any input is read."""
    wanted = [f.strip() for f in args.format.split(",") if f.strip()]
    if not wanted:
        raise _UsageError("--format không nêu định dạng nào (--format lists no format)")
    formats = _select_formats(plugins, wanted)
    return formats, None if args.plan is None else _load_plan(args.plan, plugins)


def _finish_report(args: argparse.Namespace, report: Report, problems: Sequence[TgplError], result: ReportSet) -> int:
    """Print the problems, the record count and where each file is; the exit code of ``tgpl report``."""
    _print_problems(problems, sys.stderr)
    for err in result.errors.values():
        print(format_problem(err), file=sys.stderr)
    if not args.quiet:
        print(f"{format_int(report.meta.records)} bản ghi đã tổng hợp (records counted), kỳ (window) {report.window.label}:")
        for name, path in result.written.items():
            print(f"{name}: {Path(path).resolve()}")
        if result.manifest is not None:
            print(f"manifest: {result.manifest.resolve()}")
    if problems or result.errors:
        _err(
            f"{format_int(report.meta.records)} bản ghi đã tổng hợp (records counted); "
            f"{len(problems)} vấn đề dữ liệu (input problems), {len(result.errors)} định dạng lỗi (formats failed)"
        )
        return EXIT_PROBLEMS
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace, plugins: Plugins) -> int:
    from tgpl.domain import Case
    from tgpl.rules.duty import DutyLinks
    from tgpl.rules.eligibility import provisional_notice
    from tgpl.rules.validation import Severity, validate_activity, validate_case

    files = _check_inputs(args.inputs)
    registry = plugins.validation_registry()
    progress = _Progress("Đang kiểm tra (validating)", quiet=args.quiet)
    reader = InputReader(args.inputs, progress=progress)
    order = {("<stdin>" if p == "-" else p): i for i, p in enumerate(files)}
    lines: list[tuple[int, int, int, str]] = []
    errors = warnings = 0
    dates: list[dt.date] = []
    links = DutyLinks()
    where: list[tuple[int, int, str]] = []
    try:
        for seq, loc in enumerate(reader):
            if links.add(loc.record, len(where)):  # only shifts and linked cases are kept
                where.append((order.get(loc.source, 0), loc.line, f"{loc.source}:{loc.line}"))
            if isinstance(loc.record, Case):
                dates.extend(e.on.date() for e in loc.record.events[:1])
                found = validate_case(loc.record, as_of=args.as_of, registry=registry)
            else:  # an activity's programmes
                found = validate_activity(loc.record)
            for p in found:
                if p.severity is Severity.ERROR:
                    errors += 1
                else:
                    warnings += 1
                shown_id = p.case_id if p.case_id and looks_like_code(p.case_id) else "-"
                text = (
                    f"{loc.source}:{loc.line}: {shown_id}: {p.path}: "
                    f"{p.severity.label_vi.lower()} [{p.code}] {p.message_vi} ({p.message_en})"
                )
                lines.append((order.get(loc.source, 0), loc.line, seq, text))
    finally:
        progress.done()
    # Checks across records: cases received on duty and their duty shifts (tgpl.rules.duty).
    for p in links.problems():
        if p.severity is Severity.ERROR:
            errors += 1
        else:
            warnings += 1
        file_no, line, place = where[p.index] if p.index is not None else (0, 0, "-")
        shown_id = p.case_id if p.case_id and looks_like_code(p.case_id) else "-"
        lines.append((file_no, line, sys.maxsize, (
            f"{place}: {shown_id}: {p.path}: {p.severity.label_vi.lower()} [{p.code}] {p.message_vi} ({p.message_en})"
        )))
    for problem in reader.problems:
        errors += 1
        if isinstance(problem, InvalidRecordError):
            # A problem of a whole file (a summary, a file given twice) comes after its lines.
            at = problem.line if problem.line is not None else sys.maxsize
            lines.append((order.get(problem.source or "", 0), at, -1, format_problem(problem)))
        else:
            lines.append((len(order), 0, -1, format_problem(problem)))
    for *_, text in sorted(lines):
        print(text)
    notice = provisional_notice(min(dates), max(dates), english=True) if dates else ""
    if notice:
        print(notice, file=sys.stderr if args.quiet else sys.stdout)
    summary = (
        f"Đã kiểm tra {format_int(reader.records)} bản ghi trong {len(files)} tệp: "
        f"{format_int(errors)} lỗi, {format_int(warnings)} cảnh báo "
        f"(checked {reader.records} records in {len(files)} files: {errors} errors, {warnings} warnings)"
    )
    print(summary, file=sys.stderr if args.quiet else sys.stdout)
    return EXIT_PROBLEMS if errors or warnings else EXIT_OK


def _cmd_plugins(_args: argparse.Namespace, plugins: Plugins) -> int:
    infos = plugins.describe()
    width = max([len("name"), *(len(i.name) for i in infos)])
    vwidth = max([len("version"), *(len(i.version) for i in infos)])
    print(f"{'name':<{width}}  {'version':<{vwidth}}  hooks")
    for info in infos:
        print(f"{info.name:<{width}}  {info.version or '-':<{vwidth}}  {', '.join(info.hooks)}")
    return EXIT_OK


def _cmd_plan(args: argparse.Namespace, plugins: Plugins) -> int:
    from tgpl.planning import describe_plan
    from tgpl.reporting.quota import QUOTA_INDICATORS

    plan = _load_plan(args.plan, plugins)
    labels = {c: i.label_vi for c, i in plugins.indicators().items()} | {c: v[0] for c, v in QUOTA_INDICATORS.items()}
    print("\n".join(describe_plan(plan, labels)))
    targets = sum(len(t.targets) for t in plan.tasks)
    followed = sum(len(t.indicators) for t in plan.tasks)
    print(f"\nKế hoạch hợp lệ: {len(plan.tasks)} nhiệm vụ, {targets} chỉ tiêu có số kế hoạch, {followed} chỉ tiêu theo dõi.")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, _plugins: Plugins) -> int:
    """The JSON Schemas of the record kinds and of the two files a Center writes by hand:
    the plan (``plan.json``) and the TGV quota (``tgv_quota.json``) — the set of ``docs/schema``."""
    from tgpl.io.schema import generate_schemas, write_schemas
    from tgpl.planning import quota_file
    from tgpl.planning import schema as plan_schema

    if args.out is None:
        every = {**generate_schemas(), plan_schema.FILE_NAME: plan_schema.plan_json_schema(),
                 quota_file.FILE_NAME: quota_file.tgv_quota_json_schema()}
        print(json.dumps(every, ensure_ascii=False, indent=2))
        return EXIT_OK
    try:
        paths = [*write_schemas(args.out), plan_schema.write_schema(args.out), quota_file.write_schema(args.out)]
    except OSError as exc:
        raise _OutputError(f"không ghi được schema (cannot write schemas) in {args.out}: {exc.strerror or exc}") from None
    for path in paths:
        print(path)
    return EXIT_OK


def _read_key(path: str) -> bytes:
    from tgpl.privacy.anonymize import WeakKeyError, read_key_file

    try:
        return read_key_file(path)
    except WeakKeyError as exc:
        raise _UsageError(f"khóa yếu hoặc sai (weak or wrong key): {exc}") from None
    except OSError as exc:
        raise _InputError(f"không đọc được tệp khóa (key file unreadable): {path}: {exc.strerror or exc}") from None


def _cmd_anonymize(args: argparse.Namespace, _plugins: Plugins) -> int:
    from tgpl.privacy.anonymize import KAnonymityError, anonymize_file

    if args.input == "-" or _check_inputs([args.input]) != [args.input]:
        raise _UsageError(f"anonymize đọc một tệp JSON Lines (takes one JSON Lines file, not a folder or -): {args.input}")
    key = _read_key(args.key_file)
    try:
        summary = anonymize_file(args.input, args.out, key, time_precision=args.time_precision, k=args.k)
    except KAnonymityError as exc:
        _err(str(exc))
        return EXIT_PROBLEMS
    except ValueError as exc:
        if isinstance(exc, InvalidRecordError):
            raise
        raise _UsageError(str(exc)) from None
    except OSError as exc:
        raise _OutputError(f"không ghi được (cannot write) {args.out}: {exc.strerror or exc}") from None
    if not args.quiet:
        print(f"Đã bí danh hóa {format_int(summary.records)} bản ghi (records anonymised): {args.out}")
    if summary.k_anonymity is not None:
        print(summary.k_anonymity.describe(), file=sys.stderr if args.quiet else sys.stdout)
    return EXIT_OK


def _demo_tgv_quota(province: UnitRef, cases_per_year: int, year: int) -> TgvQuota:
    """The demo's TGV litigation quota of ``year`` (chỉ tiêu vụ việc tham gia tố tụng).

    The bundled demo province has no province plugin, so ``tgpl demo`` hands its reports this
    quota directly (:mod:`tgpl.reporting.quota`): a roster of the demo's TGVs
    (:func:`tgpl.demo.demo_providers`), their seniority bands spread over the three bands, the
    Center's first TGV its director (at least 30 % of the quota), the last one exempt (on leave
    more than 8 months), and the 2023 letter's numbers (đạt from 7 / 11 / 14 cases a year,
    khá from 13 / 16 / 22, tốt from 17 / 22 / 28 by band) — illustrative (minh họa): the demo is
    synthetic. Prorated, so the half-year report shows it.
    """
    from tgpl.demo import demo_providers
    from tgpl.domain import ProviderKind
    from tgpl.reporting.quota import QuotaHolder, Seniority
    from tgpl.reporting.quota import TgvQuota as Quota

    bands = (Seniority.FROM_5_YEARS, Seniority.FROM_3_TO_5_YEARS, Seniority.UNDER_3_YEARS)
    tgvs = [p for p in demo_providers(province, cases_per_year) if p.kind is ProviderKind.TGV]
    roster = tuple(
        QuotaHolder(p.id, bands[i % len(bands)], percent=30 if i == 0 else 100, exempt=i == len(tgvs) - 1)
        for i, p in enumerate(tgvs)
    )
    return Quota(
        year=year,
        minimum={Seniority.UNDER_3_YEARS: 7, Seniority.FROM_3_TO_5_YEARS: 11, Seniority.FROM_5_YEARS: 14},
        kha={Seniority.UNDER_3_YEARS: 13, Seniority.FROM_3_TO_5_YEARS: 16, Seniority.FROM_5_YEARS: 22},
        tot={Seniority.UNDER_3_YEARS: 17, Seniority.FROM_3_TO_5_YEARS: 22, Seniority.FROM_5_YEARS: 28},
        basis=f"Chỉ tiêu minh họa của dữ liệu mẫu năm {year} (theo mức chỉ tiêu năm 2023 của Bộ Tư pháp)",
        verified=False,
        roster=roster,
        prorate=True,
        note_vi="dữ liệu mẫu, không phải số liệu thực tế",
    )


def _cmd_demo(args: argparse.Namespace, plugins: Plugins) -> int:
    from tgpl.demo import DEMO_PROVINCE, demo_dataset, write_demo

    root = Path(args.out)
    data_dir = root / "data"
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        data = data_dir / "demo.jsonl"
        if args.seed is None:
            n = demo_dataset(data)
        else:
            n = write_demo(
                data, seed=args.seed, province=DEMO_PROVINCE, start=dt.date(2021, 1, 1),
                end=dt.date(2025, 12, 31), cases_per_year=600,
            )
    except OSError as exc:
        raise _OutputError(f"không ghi được dữ liệu mẫu (cannot write demo data) in {root}: {exc.strerror or exc}") from None
    print(f"Dữ liệu mẫu (demo data, {format_int(n)} records): {data}")
    formats = _select_formats(plugins, DEMO_FORMATS, optional=True)
    failed = False
    for window in DEMO_WINDOWS:
        _report, problems, result = _report_once(
            plugins, [os.fspath(data)], window, formats=formats, out=root / "reports", stem=None,
            unit_mode="as_recorded", as_of=None, suppress_below=None, deadlines=False, timeout=60.0,
            quiet=args.quiet,
            # the demo province has no plugin: its illustrative TGV quota is given directly
            tgv_quota=_demo_tgv_quota(DEMO_PROVINCE, 600, parse_window(window).end.year),
        )
        _print_problems(problems, sys.stderr)
        for err in result.errors.values():
            print(format_problem(err), file=sys.stderr)
        failed = failed or bool(problems or result.errors)
        for name, path in result.written.items():
            print(f"Báo cáo {window} ({name}): {path}")
    missing = [f for f in DEMO_FORMATS if f not in formats]
    if missing and not args.quiet:
        print(f"(Định dạng chưa cài — formats not installed: {', '.join(missing)})")
    return EXIT_PROBLEMS if failed else EXIT_OK


def _cmd_law(args: argparse.Namespace, _plugins: Plugins) -> int:
    from tgpl.domain import VN_TZ
    from tgpl.reporting.lawforms import FAMILIES
    from tgpl.rules.currency import law_on, render_text, to_json

    report = law_on(args.on or dt.datetime.now(VN_TZ).date(), FAMILIES)
    print(json.dumps(to_json(report), ensure_ascii=False, indent=2) if args.json else render_text(report), end="\n" if args.json else "")
    return EXIT_OK


def _cmd_new_plugin(args: argparse.Namespace, _plugins: Plugins) -> int:
    from tgpl.testing.template import plugin_names, write_plugin

    try:
        names = plugin_names(args.name)
        out = Path(args.out or names.distribution)
        files = write_plugin(args.name, out, unit_code=args.unit)
    except ValueError as exc:
        raise _UsageError(str(exc)) from None
    except FileExistsError as exc:
        raise _OutputError(str(exc)) from None
    except OSError as exc:
        raise _OutputError(f"không ghi được (cannot write) {args.out or args.name}: {exc.strerror or exc}") from None
    for path in files:
        print(path)
    print(f"Đã tạo plugin {names.distribution} (plugin created). Tiếp theo (next):")
    print(f"  cd {out} && python -m pip install -e '.[testing]' && HYPOTHESIS_PROFILE=tgpl-ci python -m pytest")
    return EXIT_OK


# -- the store (kho dữ liệu) -------------------------------------------------------------


def _add_store_parser(sub: argparse._SubParsersAction[Any], fmt: type[argparse.HelpFormatter]) -> None:
    p = sub.add_parser(
        "store", help="kho dữ liệu vụ việc (the event store: init, import, export, check)", epilog=_EXIT_CODES,
        formatter_class=fmt,
        description="Kho dữ liệu vụ việc trên SQLite (sqlite:///f.db) hoặc PostgreSQL (postgresql://…).",
    )
    ss = p.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    q = ss.add_parser("init", help="tạo hoặc nâng cấp kho (create or migrate the store)", formatter_class=fmt)
    q.add_argument("url", metavar="URL")
    q = ss.add_parser("import", help="nhập tệp JSON Lines vào kho, mỗi tệp một giao dịch (import files, one transaction each)",
                      formatter_class=fmt)
    q.add_argument("url", metavar="URL")
    q.add_argument("inputs", nargs="+", metavar="FILE")
    q.add_argument("--quiet", "-q", action="store_true")
    q = ss.add_parser("export", help="xuất kho ra tệp JSON Lines (export the store as JSON Lines)", formatter_class=fmt)
    q.add_argument("url", metavar="URL")
    q.add_argument("--out", "-o", required=True, metavar="FILE")
    q.add_argument("--quiet", "-q", action="store_true")
    q = ss.add_parser("check", help="kiểm tra lịch sử từng vụ việc theo quy định (replay every stream through the lifecycle)",
                      formatter_class=fmt)
    q.add_argument("url", metavar="URL")
    q.add_argument("--quiet", "-q", action="store_true")


def _open_store(url: str, *, create: bool) -> EventStore:
    from tgpl.store import open_store

    return open_store(url, create=create)


class _ImportAborted(Exception):
    """A file had invalid records: its transaction is rolled back."""


def _checked_records(stream: RecordStream, where: list[int]) -> Iterator[Record]:
    for record in stream:
        where[0] = stream.lines
        yield record
    if stream.errors:
        raise _ImportAborted


def _cmd_store(args: argparse.Namespace, plugins: Plugins) -> int:
    from tgpl.errors import StoreError

    try:
        if args.store_command == "init":
            store = _open_store(args.url, create=True)
            with store:
                print(f"Kho dữ liệu sẵn sàng (store ready), schema version {store.schema_version()}")
            return EXIT_OK
        if args.store_command == "import":
            _check_inputs(args.inputs)
            with _open_store(args.url, create=True) as store:
                return _store_import(store, args)
        with _open_store(args.url, create=False) as store:
            if args.store_command == "export":
                try:
                    n = store.export_jsonl(args.out)
                except OSError as exc:
                    raise _OutputError(f"không ghi được (cannot write) {args.out}: {exc.strerror or exc}") from None
                if not args.quiet:
                    print(f"Đã xuất {format_int(n)} bản ghi (records exported): {args.out}")
                return EXIT_OK
            return _store_check(store, args)
    except StoreError as exc:
        _err(f"lỗi kho dữ liệu (store error): {exc}")
        return EXIT_INPUT


def _store_import(store: EventStore, args: argparse.Namespace) -> int:
    from tgpl.io.jsonl import read_jsonl

    failed = False
    for path in args.inputs:
        where = [0]
        with read_jsonl(path, strict=False) as stream:
            try:
                n = store.import_records(_checked_records(stream, where))
            except _ImportAborted:
                _print_problems(stream.errors, sys.stdout)
                print(f"{path}: {len(stream.errors)} bản ghi không hợp lệ, không nhập gì từ tệp này "
                      f"({len(stream.errors)} invalid records; nothing imported from this file)")
                failed = True
                continue
            except InvalidRecordError as exc:
                print(format_problem(type(exc)(exc.message, record_id=exc.record_id, path=exc.path,
                                               line=where[0], source=path)))
                print(f"{path}: không nhập gì từ tệp này (nothing imported from this file)")
                failed = True
                continue
        if not args.quiet:
            print(f"{path}: đã nhập {format_int(n)} bản ghi (records imported)")
    return EXIT_PROBLEMS if failed else EXIT_OK


def _store_check(store: EventStore, args: argparse.Namespace) -> int:
    from tgpl.domain import Case
    from tgpl.domain.lifecycle import check_history

    cases = problems = 0
    for record in store.records():
        if not isinstance(record, Case):
            continue
        cases += 1
        for p in check_history(record):
            problems += 1
            print(f"{p.message}")
    summary = (f"Đã kiểm tra {format_int(cases)} vụ việc: {format_int(problems)} sự kiện không đúng quy định "
               f"(checked {cases} cases: {problems} events the law does not allow)")
    print(summary, file=sys.stderr if args.quiet else sys.stdout)
    return EXIT_PROBLEMS if problems else EXIT_OK


class _StoreRecords:
    """The store's records, read afresh on every iteration (a plan's other periods re-read them)."""

    def __init__(self, store: EventStore) -> None:
        self._store = store

    def __iter__(self) -> Iterator[Record]:
        return iter(self._store.records())


def _cmd_report_store(args: argparse.Namespace, plugins: Plugins) -> int:
    """``tgpl report --store URL``: the store's records streamed into :func:`build_report`,
    written whole like a report from files (same options, same output)."""
    from tgpl.errors import StoreError

    if args.inputs:
        raise _UsageError("--store thay cho tệp đầu vào (--store replaces INPUT files; give one or the other)")
    if args.engine is True:
        raise _UsageError("--engine đọc tệp JSON Lines, không đọc kho (--engine reads files, not a store)")
    _check_output(args.out)
    formats, plan = _formats_and_plan(args, plugins)
    tgv_quota = _load_tgv_quota(args.tgv_quota)
    try:
        store = _open_store(args.store, create=False)
    except StoreError as exc:
        _err(f"lỗi kho dữ liệu (store error): {exc}")
        return EXIT_INPUT
    records = _StoreRecords(store)
    progress = _Progress(f"Đang đọc (reading) {args.window}", quiet=args.quiet)
    with store:
        try:
            report, problems = build_report(
                records, args.window, plugins=plugins, unit_mode=args.unit_mode, as_of=args.as_of,
                suppress_below=args.suppress_below, deadlines=args.deadlines, progress=progress,
                issued_on=args.issued_on, tgv_quota=tgv_quota,
            )
        finally:
            progress.done()
        if plan is not None:
            report = _with_plan(report, plan, plugins, records, unit_mode=args.unit_mode, as_of=args.as_of,
                                suppress_below=args.suppress_below)
    result = _write_set(plugins, report, formats, Path(args.out), stem=args.stem, timeout=args.timeout,
                        wait=not args.no_wait, extensions=())
    return _finish_report(args, report, problems, result)


_COMMANDS: Final[dict[str, Callable[[argparse.Namespace, Plugins], int]]] = {
    "store": _cmd_store,
    "report": _cmd_report,
    "validate": _cmd_validate,
    "plugins": _cmd_plugins,
    "schema": _cmd_schema,
    "anonymize": _cmd_anonymize,
    "demo": _cmd_demo,
    "law": _cmd_law,
    "plan": _cmd_plan,
    "new-plugin": _cmd_new_plugin,
}


def main(argv: Sequence[str] | None = None, *, plugins: Plugins | None = None) -> int:
    """Run ``tgpl`` with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    ``plugins`` replaces the installed plugins (tests pass
    ``load_plugins(load_entrypoints=False, plugins=[...])``).
    """
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # --help, --version, or a usage error argparse already printed
        code = exc.code
        return code if isinstance(code, int) else EXIT_USAGE
    try:
        if plugins is None:
            _check_blocked(args.block_plugin)
            plugins = load_plugins(block=args.block_plugin)
        return _COMMANDS[args.command](args, plugins)
    except _UsageError as exc:
        _err(f"lỗi cú pháp (usage error): {exc}")
        return EXIT_USAGE
    except _InputError as exc:
        _err(str(exc))
        return EXIT_INPUT
    except _OutputError as exc:
        _err(str(exc))
        return EXIT_OUTPUT
    except PluginError as exc:
        _err(f"lỗi plugin (plugin error): {format_problem(exc)}")
        return EXIT_PROBLEMS
    except InvalidRecordError as exc:
        notes = "; ".join(getattr(exc, "__notes__", ()))
        _err(f"dữ liệu không hợp lệ (invalid input): {format_problem(exc)}" + (f" ({notes})" if notes else ""))
        return EXIT_PROBLEMS
    except TgplError as exc:  # a bad window, a rule not in force for the window, …
        _err(f"lỗi (error): {exc}")
        return EXIT_USAGE
    except BrokenPipeError:
        _silence_stdout()
        _err("đầu ra đã bị đóng (output closed: broken pipe)")
        return EXIT_PIPE
    except OSError as exc:
        name = getattr(exc, "filename", None)
        _err(f"lỗi tệp (file error){': ' + str(name) if name else ''}: {exc.strerror or exc}")
        return EXIT_INPUT
    except KeyboardInterrupt:
        _err("đã dừng (interrupted)")
        return 130


def _silence_stdout() -> None:
    """Point standard output at the null device, so that flushing it at exit cannot fail again."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
