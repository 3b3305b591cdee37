"""``tilepilot charts``: the charts of PDFs as data (CSV, Markdown, JSON), with an optional HTML report.

:func:`commands` builds the subcommand with the :class:`~agent.cli.Command` class that
:mod:`agent.cli` passes in. Progress, per-file status lines, the journal (a rerun skips finished
files) and the exit status are those of ``tilepilot tables``.

    $ tilepilot charts reports/ --out out --format csv,json --report out/charts.html
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console

    from agent.cli import Command
    from tools.pdf import FileResult

__all__ = ["commands"]


def _add_arguments(p: argparse.ArgumentParser) -> None:
    from agent.cli import _positive_int

    p.add_argument("paths", nargs="+", metavar="PATH", help="PDF files, or folders whose *.pdf files to read")
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder (one subfolder per PDF)")
    p.add_argument("--format", default="csv,json", metavar="LIST",
                   help="comma-separated outputs from csv, json, md (default: csv,json)")  # fmt: skip
    p.add_argument("--pages", metavar="SPEC", help="pages to read in every file, e.g. 1-3,7 or 5- (default: all)")
    p.add_argument("--workers", type=_positive_int, default=1, metavar="N", help="files read in parallel (default: 1)")
    p.add_argument("--password", metavar="PW", help="password for encrypted PDFs")
    p.add_argument("--report", type=Path, metavar="FILE",
                   help="also write an HTML report: each chart re-plotted from its data beside its page")  # fmt: skip


def _status(r: FileResult) -> Text:
    from tools.pdf import ChartFileResult

    charts = r.charts if isinstance(r, ChartFileResult) else 0
    found = f"{charts} chart{'s' if charts != 1 else ''} from {r.pages} page{'s' if r.pages != 1 else ''}"
    if r.status == "failed" and r.error is not None:
        return Text.assemble(("failed  ", "bold red"), f"{r.error.type}: {r.error.message}")
    if r.status == "skipped":
        return Text.assemble(("skipped ", "cyan"), f"{r.path}: {found}, done by an earlier run")
    return Text.assemble(("ok      ", "green"), f"{r.path}: {found} in {r.seconds:.2f}s")


def _run(args: argparse.Namespace, console: Console) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from tools.pdf import ChartFileResult, ChartsSection, extract_charts_batch
    from tools.pdf.report import Report

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=console, transient=True, disable=not console.is_terminal)  # fmt: skip
    from agent.cli import _BatchView  # loaded by now: it runs this command

    view = _BatchView(console, progress, status=_status)
    with progress:
        report = extract_charts_batch(args.paths, out_dir=args.out, formats=args.format, pages=args.pages,
                                      password=args.password, workers=args.workers, on_event=view)  # fmt: skip
    n_charts = sum(f.charts for f in report.files if isinstance(f, ChartFileResult))
    counts = f"{len(report.ok)} ok, {len(report.skipped)} skipped, {len(report.failed)} failed"
    console.print(Text(f"{len(report.files)} files: {counts}; {n_charts} charts in {report.out_dir} "
                       f"({report.seconds:.1f}s)"))  # fmt: skip
    if args.report is not None and "json" in args.format:
        saved = Report(title="tilepilot charts").add(ChartsSection(report.files)).save(args.report)
        console.print(Text(f"report: {saved}"))
    elif args.report is not None:
        console.print(Text("report: skipped (it reads charts.json: add json to --format)"))
    return 0 if report.all_ok else 1


def commands(command: type[Command]) -> tuple[Command, ...]:
    """The ``charts`` subcommand, built with ``command`` (the :class:`~agent.cli.Command` class)."""
    return (command("charts", "extract the charts of PDFs as data (CSV, Markdown, JSON), exact from vector drawings",
                    _add_arguments, _run),)  # fmt: skip
