"""``tilepilot extract``: tables and charts of PDFs, pages read in parallel, scanned pages OCR'd.

:func:`commands` builds the subcommand with the :class:`~agent.cli.Command` class that
:mod:`agent.cli` passes in (this module does not import the CLI module at import time). Progress,
per-file status lines, the summary and the exit status are those of ``tilepilot tables``.

    $ tilepilot extract reports/ --out out                     # tables and charts
    $ tilepilot extract scan.pdf --out out --tables --lang ko  # tables only, Korean OCR
    $ tilepilot extract big.pdf --out out --workers 4 --chunk-pages 25
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console

    from agent.cli import Command

__all__ = ["commands"]


def _add_arguments(p: argparse.ArgumentParser) -> None:
    from agent.cli import _add_tables_arguments

    _add_tables_arguments(p)
    p.add_argument("--tables", action="store_true", help="extract tables (default: tables and charts)")
    p.add_argument("--charts", action="store_true", help="extract charts (default: tables and charts)")
    p.add_argument("--chunk-pages", type=int, default=16, metavar="N",
                   help="pages a worker reads at a time: bounds memory on long files (default: 16)")  # fmt: skip
    p.add_argument(
        "--no-ocr", dest="ocr", action="store_false", help="read text layers only: scanned pages give nothing"
    )
    p.add_argument("--lang", action="append", default=[], metavar="CODE",
                   help="OCR language hint, e.g. ko for Korean (repeatable; default: detect)")  # fmt: skip


def _run(args: argparse.Namespace, console: Console) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from agent.cli import _BatchView, _summary
    from model.errors import ConfigError
    from tools.pdf.extract import ExtractFileResult, extract_batch

    if args.chunk_pages < 1:
        raise ConfigError(f"--chunk-pages {args.chunk_pages}: must be >= 1", name="chunk_pages", value=args.chunk_pages)
    tables, charts = (args.tables, args.charts) if (args.tables or args.charts) else (True, True)
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=console, transient=True, disable=not console.is_terminal)  # fmt: skip
    view = _BatchView(console, progress)
    with progress:
        report = extract_batch(
            args.paths, out_dir=args.out, tables=tables, charts=charts, formats=args.format, pages=args.pages,
            password=args.password, ocr=args.ocr, languages=tuple(args.lang), workers=args.workers,
            chunk_pages=args.chunk_pages, on_event=view,
        )  # fmt: skip
    summary = _summary(report)
    summary.title = "tilepilot extract"
    console.print(summary)
    n_charts = sum(f.charts for f in report.files if isinstance(f, ExtractFileResult))
    counts = f"{len(report.ok)} ok, {len(report.skipped)} skipped, {len(report.failed)} failed"
    found = f"{report.n_tables} tables" + (f", {n_charts} charts" if charts else "")
    console.print(Text(f"{len(report.files)} files: {counts}; {found} in {report.out_dir} ({report.seconds:.1f}s)"))
    return 0 if report.all_ok else 1


def commands(command: type[Command]) -> tuple[Command, ...]:
    """The ``extract`` subcommand, built with ``command`` (the :class:`~agent.cli.Command` class)."""
    return (
        command("extract", "extract tables and charts of PDFs (scanned pages by OCR), pages in parallel",
                _add_arguments, _run),
    )  # fmt: skip
