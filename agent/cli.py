"""The ``tilepilot`` command: one console script, one subcommand per job.

Each subcommand is a :class:`Command`: a name, the arguments it adds, and a ``run`` function that
calls the library and renders its results. Exit status: 0 when everything worked, 1 when some input
failed or a :class:`~model.errors.TilepilotError` ended the run (its message on one line; the
traceback only with ``--debug``), 2 for a usage error (bad option, bad value, no input). A new
subcommand (``serve``, ``run``, ``replay``, ``report``, ``charts``, ``extract``) is one more entry in
:data:`COMMANDS`.

    $ tilepilot tables invoices/ --out out --format csv,md --pages 1-3 --workers 2
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from model.errors import ConfigError, TilepilotError

if TYPE_CHECKING:  # subcommands import their tools when they run, so `tilepilot --help` stays fast
    from tools.pdf import BatchEvent, BatchReport, FileResult

__all__ = ["COMMANDS", "Command", "build_parser", "main"]

logger = logging.getLogger(__name__)

_PACKAGES = ("agent", "tools", "perception", "model")


@dataclass(frozen=True)
class Command:
    """A subcommand: ``add_arguments`` fills its parser, ``run`` does the work and returns the exit status."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Console], int]


# --- tilepilot tables ---------------------------------------------------------------------------


def _add_tables_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="PDF files, or folders whose *.pdf files to read")
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder (one subfolder per PDF)")
    p.add_argument(
        "--format",
        default="csv,json,md",
        metavar="LIST",
        help="comma-separated outputs from csv, json, md, html (default: csv,json,md)",
    )
    p.add_argument("--pages", metavar="SPEC", help="pages to read in every file, e.g. 1-3,7 or 5- (default: all)")
    p.add_argument("--workers", type=_positive_int, default=1, metavar="N", help="files read in parallel (default: 1)")
    p.add_argument("--password", metavar="PW", help="password for encrypted PDFs")


def _run_tables(args: argparse.Namespace, console: Console) -> int:
    from tools.pdf import extract_tables_batch

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    view = _TablesView(console, progress)
    with progress:
        report = extract_tables_batch(
            args.paths,
            out_dir=args.out,
            formats=args.format,
            pages=args.pages,
            password=args.password,
            workers=args.workers,
            on_event=view,
        )
    console.print(_summary(report))
    counts = f"{len(report.ok)} ok, {len(report.skipped)} skipped, {len(report.failed)} failed"
    console.print(
        Text(f"{len(report.files)} files: {counts}; {report.n_tables} tables in {report.out_dir} ({report.seconds:.1f}s)")
    )
    return 0 if report.all_ok else 1


class _TablesView:
    """Renders batch events: a files bar, one pages bar per file being read, a status line per file."""

    def __init__(self, console: Console, progress: Progress) -> None:
        self._console, self._progress = console, progress
        self._files: TaskID | None = None
        self._pages: dict[str, TaskID] = {}

    def __call__(self, event: BatchEvent) -> None:
        if event.kind == "batch_started":
            self._files = self._progress.add_task("files", total=len(event.files))
        elif event.kind == "file_started":
            self._pages[event.path] = self._progress.add_task(f"  {escape(Path(event.path).name)}", total=None)
        elif event.kind == "page_done":
            if (task := self._pages.get(event.path)) is not None:
                self._progress.update(task, total=event.total, completed=event.done)
        else:
            if (task := self._pages.pop(event.result.path, None)) is not None:
                self._progress.remove_task(task)
            if self._files is not None:
                self._progress.advance(self._files)
            self._console.print(_status_line(event.result))


def _status_line(r: FileResult) -> Text:
    if r.status == "failed" and r.error is not None:
        return Text.assemble(("failed  ", "bold red"), f"{r.error.type}: {r.error.message}")
    tables = f"{r.tables} table{'s' if r.tables != 1 else ''} from {r.pages} page{'s' if r.pages != 1 else ''}"
    if r.status == "skipped":
        return Text.assemble(("skipped ", "cyan"), f"{r.path}: {tables}, done by an earlier run")
    warned = f", {len(r.warnings)} page warnings" if r.warnings else ""
    return Text.assemble(("ok      ", "green"), f"{r.path}: {tables} in {r.seconds:.2f}s{warned}")


def _summary(report: BatchReport) -> Table:
    table = Table(title="tilepilot tables", title_justify="left")
    table.add_column("file", overflow="fold")
    table.add_column("pages", justify="right")
    table.add_column("tables", justify="right")
    table.add_column("status")
    table.add_column("seconds", justify="right")
    style = {"ok": "green", "skipped": "cyan", "failed": "bold red"}
    for r in report.files:
        failed = r.status == "failed"
        table.add_row(
            Text(Path(r.path).name),
            "-" if failed else str(r.pages),
            "-" if failed else str(r.tables),
            Text(r.status, style=style[r.status]),
            f"{r.seconds:.2f}",
        )
    return table


# --- the command line ------------------------------------------------------------------------------

COMMANDS: tuple[Command, ...] = (
    Command("tables", "extract the tables of PDFs to CSV, JSON, Markdown or HTML", _add_tables_arguments, _run_tables),
)
"""Every subcommand, in the order ``tilepilot --help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``tilepilot`` and all its subcommands."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="debug logs, full tracebacks")
    parser = argparse.ArgumentParser(
        prog="tilepilot", description="Agentic GUI and document automation.", parents=[common]
    )
    parser.set_defaults(debug=False, command=None)
    parser.add_argument("--version", action="version", version=f"tilepilot {_version()}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for cmd in COMMANDS:
        p = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help, parents=[common])
        cmd.add_arguments(p)
        p.set_defaults(command=cmd, subparser=p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``tilepilot`` with ``argv`` (default: ``sys.argv[1:]``) and return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    err = Console(stderr=True, soft_wrap=True)
    if args.command is None:
        parser.print_usage(sys.stderr)
        err.print("tilepilot: error: choose a command (tilepilot --help lists them)", markup=False, highlight=False)
        return 2
    _configure_logging(err, debug=args.debug)
    command: Command = args.command
    try:
        return command.run(args, Console(soft_wrap=True, highlight=False))
    except ConfigError as exc:  # a bad option value the parser could not check itself
        if args.debug:
            err.print_exception()
        args.subparser.print_usage(sys.stderr)
        err.print(f"tilepilot {command.name}: error: {exc}", markup=False, highlight=False)
        return 2
    except (TilepilotError, OSError) as exc:  # OSError: the output folder or disk failed mid-run
        if args.debug:
            err.print_exception()
        err.print(f"tilepilot {command.name}: {type(exc).__name__}: {exc}", markup=False, highlight=False)
        return 1
    except KeyboardInterrupt:
        err.print(f"tilepilot {command.name}: interrupted; run it again to resume", markup=False, highlight=False)
        return 130


def _configure_logging(console: Console, *, debug: bool) -> None:
    handler = RichHandler(console=console, show_time=debug, show_path=debug, markup=False, rich_tracebacks=debug)
    logging.basicConfig(level=logging.WARNING, format="%(message)s", handlers=[handler], force=True)
    for name in _PACKAGES:
        logging.getLogger(name).setLevel(logging.DEBUG if debug else logging.WARNING)


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number >= 1")
    return n


def _version() -> str:
    try:
        return metadata.version("tilepilot")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


if __name__ == "__main__":
    sys.exit(main())
