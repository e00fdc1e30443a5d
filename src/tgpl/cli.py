"""The ``tgpl`` command (dòng lệnh tgpl): reports, validation, plugins, schemas, anonymisation, demo.

Subcommands (``tgpl <command> --help`` for each; docs/cli.md is the reference):

* ``tgpl report INPUT... --window 2022-H1 [--format md,json] [--out DIR]``
  — build a report (JSON Lines files go through the bulk path of :mod:`tgpl.reporting.engine`);
* ``tgpl validate INPUT...`` — every problem of every record, one line each;
* ``tgpl plugins`` — the plugins found, their versions and hooks;
* ``tgpl schema [--out DIR]`` — the JSON Schemas of the input records;
* ``tgpl anonymize INPUT --key-file F --out OUTPUT`` — keyed pseudonymisation;
* ``tgpl demo [--out DIR] [--seed N]`` — synthetic data and example reports.

Exit codes: 0 success; 1 problems found (invalid or duplicate records, validation
problems, a plugin that failed); 2 usage error (bad option, unknown window or format);
3 an input file is missing or unreadable; 4 an output cannot be written. Every error is
one clear line on stderr, never a traceback for bad input. A progress counter appears on
stderr only when it is a terminal (and not with ``--quiet``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final, TextIO

from tgpl.errors import InvalidRecordError, PluginError, TgplError
from tgpl.reporting.build import (
    InputReader,
    RenderResult,
    build_report,
    format_problem,
    parse_unit_mode,
    render_all,
)
from tgpl.reporting.formats.vi import format_int
from tgpl.reporting.plugins import Plugins, load_plugins
from tgpl.reporting.report import Report, ReportFormat

__all__ = [
    "EXIT_INPUT",
    "EXIT_OK",
    "EXIT_OUTPUT",
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

_EXIT_CODES = """\
exit codes (mã thoát):
  0  success (thành công)
  1  problems found: invalid or duplicate records, validation problems, a plugin failed
     (có vấn đề trong dữ liệu hoặc plugin lỗi)
  2  usage error: bad option, unknown window, format or unit mode (sai cú pháp lệnh)
  3  an input file is missing or unreadable (không đọc được tệp đầu vào)
  4  an output cannot be written (không ghi được tệp kết quả)
"""

_EPILOG = f"""\
examples (ví dụ):
  tgpl demo --out /tmp/tgpl-demo
  tgpl report cases.jsonl activities.jsonl --window 2022-H1 --format md,json --out reports
  tgpl report data/*.jsonl --window stats:2022-H1 --unit-mode 2025 --suppress-below 5
  tgpl report big/*.jsonl.gz --window 2024 --format json
  tgpl validate cases.jsonl
  tgpl plugins
  tgpl schema --out schema
  tgpl anonymize cases.jsonl --key-file secret.key --out cases.anon.jsonl

{_EXIT_CODES}"""

#: Default windows of ``tgpl demo``: the last full year of the demo data and its first half.
DEMO_WINDOWS: Final = ("2025", "2025-H1")
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
    raise argparse.ArgumentTypeError(f"not a date: {text!r} (write 2022-05-31 or 31/05/2022)")


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def _unit_mode(text: str) -> str:
    try:
        return parse_unit_mode(text).value
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``tgpl`` (also used to document the command)."""
    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="tgpl",
        description="tgpl — số liệu trợ giúp pháp lý (legal aid statistics): báo cáo, kiểm tra, plugin.",
        epilog=_EPILOG,
        formatter_class=fmt,
    )
    from tgpl import __version__

    parser.add_argument("--version", action="version", version=f"tgpl {__version__}")
    parser.add_argument(
        "--block-plugin", action="append", default=[], metavar="NAME",
        help="không nạp plugin NAME (skip an installed plugin by entry-point name; repeatable)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "report", help="lập báo cáo cho một kỳ (build a report for a window)", epilog=_EPILOG, formatter_class=fmt,
        description="Lập báo cáo cho một kỳ báo cáo từ các tệp JSON Lines (build a report from JSON Lines files).",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="tệp JSON Lines (cases, activities)")
    p.add_argument("--window", "-w", required=True, help="kỳ báo cáo: 2022-H1, 2022-Q2, 2022, stats:2022-H1, 2022-01-01..2022-05-31 …")
    p.add_argument("--format", "-f", default="md,json", help="định dạng, cách nhau bởi dấu phẩy (default: md,json); e.g. md,json,csv,xlsx,docx")
    p.add_argument("--out", "-o", default=".", help="thư mục kết quả (output directory; default: .)")
    p.add_argument("--stem", default=None, help="tên tệp kết quả không có phần mở rộng (default: tgpl-report-<window>)")
    p.add_argument("--unit-mode", type=_unit_mode, default="as_recorded", metavar="{as-recorded,2025}",
                   help="đơn vị hành chính: như ghi nhận (as-recorded, default) hay quy đổi về 34 đơn vị từ 01/07/2025 (2025)")
    p.add_argument("--as-of", type=_date, default=None, metavar="DATE", help="bỏ qua sự kiện sau ngày này (ignore events after DATE)")
    p.add_argument("--suppress-below", type=_non_negative, default=None, metavar="K",
                   help="ẩn số liệu nhỏ hơn K (small-cell suppression; off by default)")
    p.add_argument("--deadlines", action="store_true", help="đếm thời hạn quá hạn cuối kỳ (count overdue deadlines)")
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS", help="thời gian tối đa cho mỗi định dạng (per-format render limit; default 60)")
    p.add_argument("--quiet", "-q", action="store_true", help="không in tiến độ và danh sách tệp (no progress, no file list)")

    p = sub.add_parser(
        "validate", help="kiểm tra dữ liệu (validate records)", epilog=_EXIT_CODES, formatter_class=fmt,
        description="Kiểm tra từng bản ghi; mỗi vấn đề một dòng: file:line: record: path: message. Exit 1 if any problem.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--as-of", type=_date, default=None, metavar="DATE", help="ngày tham chiếu (reference date)")
    p.add_argument("--quiet", "-q", action="store_true", help="chỉ in các vấn đề, không in tiến độ (problems only)")

    sub.add_parser("plugins", help="liệt kê plugin (list plugins, versions, hooks)", epilog=_EXIT_CODES, formatter_class=fmt)

    p = sub.add_parser("schema", help="JSON Schema của các loại bản ghi (record JSON Schemas)", epilog=_EXIT_CODES, formatter_class=fmt)
    p.add_argument("--out", "-o", default=None, help="ghi mỗi schema thành một tệp trong DIR (default: print to stdout)")

    p = sub.add_parser(
        "anonymize", help="bí danh hóa dữ liệu (keyed pseudonymisation)", epilog=_EXIT_CODES, formatter_class=fmt,
        description="Bí danh hóa một tệp JSON Lines bằng khóa bí mật (HMAC). The key file holds the key as hex text "
                    "(e.g. from `python -c \"import secrets; print(secrets.token_hex(32))\"`) or as raw bytes (16 or more).",
    )
    p.add_argument("input", metavar="INPUT")
    p.add_argument("--key-file", required=True, metavar="F")
    p.add_argument("--out", "-o", required=True, metavar="OUTPUT")
    p.add_argument("--quiet", "-q", action="store_true")

    p = sub.add_parser(
        "demo", help="dữ liệu và báo cáo mẫu (demo data and reports)", epilog=_EXIT_CODES, formatter_class=fmt,
        description="Tạo dữ liệu mẫu (tỉnh Bắc Kạn, 2021–2025) vào DIR/data và báo cáo năm 2025 và 6 tháng đầu năm 2025 vào DIR/reports.",
    )
    p.add_argument("--out", "-o", default="tgpl-demo", help="thư mục (default: tgpl-demo)")
    p.add_argument("--seed", type=_non_negative, default=None, help="hạt giống ngẫu nhiên (default: the bundled demo, seed 2024)")
    p.add_argument("--quiet", "-q", action="store_true")
    return parser


# -- helpers ------------------------------------------------------------------------------


def _err(message: str) -> None:
    print(f"tgpl: {message}", file=sys.stderr)


def _check_inputs(paths: Sequence[str]) -> None:
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise _InputError(f"không tìm thấy tệp đầu vào (input not found): {p}")
        if path.is_dir():
            raise _InputError(f"tệp đầu vào là một thư mục (input is a directory): {p}")
        try:
            with path.open("rb"):
                pass
        except OSError as exc:
            raise _InputError(f"không đọc được tệp đầu vào (input unreadable): {p}: {exc.strerror or exc}") from None


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
                " — xlsx/docx come from the tgpl-xlsx / tgpl-docx plugins"
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
) -> tuple[Report, list[TgplError], RenderResult]:
    progress = _Progress(f"Đang đọc (reading) {window}", quiet=quiet)
    try:
        report, problems = build_report(
            inputs, window, plugins=plugins, unit_mode=unit_mode, as_of=as_of,
            suppress_below=suppress_below, deadlines=deadlines, progress=progress,
        )
    finally:
        progress.done()
    try:
        result = render_all(
            report, formats.values(),
            out, stem=stem or _stem_of(report.window.label), timeout_s=timeout, owners=plugins.format_owners(),
        )
    except OSError as exc:
        raise _OutputError(f"không ghi được kết quả (cannot write output) in {out}: {exc.strerror or exc}") from None
    return report, problems, result


def _print_problems(problems: Sequence[TgplError], stream: TextIO) -> None:
    for problem in problems:
        print(format_problem(problem), file=stream)


# -- commands -------------------------------------------------------------------------------


def _cmd_report(args: argparse.Namespace, plugins: Plugins) -> int:
    _check_inputs(args.inputs)
    wanted = [f.strip() for f in args.format.split(",") if f.strip()]
    if not wanted:
        raise _UsageError("--format lists no format")
    formats = _select_formats(plugins, wanted)
    report, problems, result = _report_once(
        plugins, args.inputs, args.window, formats=formats, out=Path(args.out), stem=args.stem,
        unit_mode=args.unit_mode, as_of=args.as_of, suppress_below=args.suppress_below,
        deadlines=args.deadlines, timeout=args.timeout, quiet=args.quiet,
    )
    _print_problems(problems, sys.stderr)
    for err in result.errors.values():
        print(format_problem(err), file=sys.stderr)
    if not args.quiet:
        for name, path in result.written.items():
            print(f"{name}: {path}")
    if problems or result.errors:
        _err(
            f"{format_int(report.meta.records)} bản ghi đã tổng hợp (records counted); "
            f"{len(problems)} vấn đề dữ liệu (input problems), {len(result.errors)} định dạng lỗi (formats failed)"
        )
        return EXIT_PROBLEMS
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace, plugins: Plugins) -> int:
    from tgpl.domain import Case
    from tgpl.rules.validation import Severity, validate_case

    _check_inputs(args.inputs)
    registry = plugins.validation_registry()
    progress = _Progress("Đang kiểm tra (validating)", quiet=args.quiet)
    reader = InputReader(args.inputs, progress=progress)
    order = {os.fspath(p): i for i, p in enumerate(args.inputs)}
    lines: list[tuple[int, int, int, str]] = []
    errors = warnings = 0
    try:
        for seq, loc in enumerate(reader):
            if not isinstance(loc.record, Case):
                continue
            for p in validate_case(loc.record, as_of=args.as_of, registry=registry):
                if p.severity is Severity.ERROR:
                    errors += 1
                else:
                    warnings += 1
                text = (
                    f"{loc.source}:{loc.line}: {p.case_id or '-'}: {p.path}: "
                    f"{p.severity.label_vi.lower()} [{p.code}] {p.message_vi} ({p.message_en})"
                )
                lines.append((order.get(loc.source, 0), loc.line, seq, text))
    finally:
        progress.done()
    for problem in reader.problems:
        errors += 1
        if isinstance(problem, InvalidRecordError):
            lines.append((order.get(problem.source or "", 0), problem.line or 0, -1, format_problem(problem)))
        else:
            lines.append((len(order), 0, -1, format_problem(problem)))
    for *_, text in sorted(lines):
        print(text)
    summary = (
        f"Đã kiểm tra {format_int(reader.records)} bản ghi trong {len(args.inputs)} tệp: "
        f"{format_int(errors)} lỗi, {format_int(warnings)} cảnh báo "
        f"(checked {reader.records} records in {len(args.inputs)} files: {errors} errors, {warnings} warnings)"
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


def _cmd_schema(args: argparse.Namespace, _plugins: Plugins) -> int:
    from tgpl.io.schema import generate_schemas, write_schemas

    if args.out is None:
        print(json.dumps(generate_schemas(), ensure_ascii=False, indent=2))
        return EXIT_OK
    try:
        paths = write_schemas(args.out)
    except OSError as exc:
        raise _OutputError(f"không ghi được schema (cannot write schemas) in {args.out}: {exc.strerror or exc}") from None
    for path in paths:
        print(path)
    return EXIT_OK


def _read_key(path: str) -> bytes:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise _InputError(f"không đọc được tệp khóa (key file unreadable): {path}: {exc.strerror or exc}") from None
    text = raw.strip()
    if text and len(text) % 2 == 0 and re.fullmatch(rb"[0-9a-fA-F]+", text):
        return bytes.fromhex(text.decode("ascii"))
    return raw


def _cmd_anonymize(args: argparse.Namespace, _plugins: Plugins) -> int:
    from tgpl.privacy.anonymize import anonymize_file

    _check_inputs([args.input])
    key = _read_key(args.key_file)
    try:
        summary = anonymize_file(args.input, args.out, key)
    except ValueError as exc:
        if isinstance(exc, InvalidRecordError):
            raise
        raise _UsageError(str(exc)) from None
    except OSError as exc:
        raise _OutputError(f"không ghi được (cannot write) {args.out}: {exc.strerror or exc}") from None
    if not args.quiet:
        print(f"Đã bí danh hóa {format_int(summary.records)} bản ghi (records anonymised): {args.out}")
    return EXIT_OK


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


_COMMANDS: Final[dict[str, Callable[[argparse.Namespace, Plugins], int]]] = {
    "report": _cmd_report,
    "validate": _cmd_validate,
    "plugins": _cmd_plugins,
    "schema": _cmd_schema,
    "anonymize": _cmd_anonymize,
    "demo": _cmd_demo,
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
    except OSError as exc:
        name = getattr(exc, "filename", None)
        _err(f"lỗi tệp (file error){': ' + str(name) if name else ''}: {exc.strerror or exc}")
        return EXIT_INPUT
    except KeyboardInterrupt:
        _err("đã dừng (interrupted)")
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
