"""The ``tilepilot`` command: one console script, one subcommand per job.

Each subcommand is a :class:`Command`: a name, the arguments it adds, and a ``run`` function that
calls the library and renders its results. Exit status: 0 when everything worked, 1 when some input
failed or a :class:`~model.errors.TilepilotError` ended the run (its message on one line; the
traceback only with ``--debug``), 2 for a usage error (bad option, bad value, no input). A new
subcommand (``run``, ``replay``, ``report``, ``charts``, ``extract``) is one more entry in
:data:`COMMANDS`.

    $ tilepilot tables invoices/ --out out --format csv,md --pages 1-3 --workers 2
    $ tilepilot serve --backend transformers --model models/Qwen2.5-VL-3B-Instruct --port 8000
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from agent import _cli_agent, _cli_charts, _cli_extract
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
    view = _BatchView(console, progress)
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


class _BatchView:
    """Renders batch events: a files bar, one pages bar per file being read, a status line per file.

    ``status`` writes a file's line (default: the tables batch's); every PDF batch command uses this view.
    """

    def __init__(
        self, console: Console, progress: Progress, *, status: Callable[[Any], Text] | None = None
    ) -> None:
        self._console, self._progress = console, progress
        self._status = status or _status_line
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
            self._console.print(self._status(event.result))


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


# --- tilepilot serve ----------------------------------------------------------------------------


def _add_serve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--backend", choices=("cpu", "transformers", "remote"), default="cpu",
                   help="cpu: OCR, layout, embeddings and OCR grounding (default); transformers: a vision-language "
                        "checkpoint in this process; remote: an OpenAI-compatible server (vLLM, SGLang)")  # fmt: skip
    p.add_argument("--model", metavar="PATH_OR_ID",
                   help="transformers: checkpoint folder or hub id in the local cache; remote: the served model name "
                        "(default: the server's first)")  # fmt: skip
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, loopback only)")
    p.add_argument("--port", type=_port, default=8000, help="port to listen on; 0 picks a free one (default: 8000)")
    p.add_argument("--token", default=argparse.SUPPRESS, metavar="TOKEN",
                   help="bearer token every request but /health must carry (default: $TILEPILOT_TOKEN, else none; "
                        "prefer the variable: a token on the command line shows in ps)")  # fmt: skip
    p.add_argument("--allow-remote", action="store_true",
                   help="allow a non-loopback --host (needs a token): other machines can then reach the service")  # fmt: skip
    p.add_argument("--max-body-mb", type=_positive_float, default=32.0, metavar="MB",
                   help="largest request body, in MiB (default: 32)")  # fmt: skip
    p.add_argument("--max-pixels", type=_positive_int, default=50_000_000, metavar="N",
                   help="largest image, in pixels, checked from its header before decoding (default: 50000000)")  # fmt: skip
    p.add_argument("--max-in-flight", type=_positive_int, default=256, metavar="N",
                   help="requests answered at once; more get 503 (default: 256)")  # fmt: skip
    p.add_argument("--graceful-timeout-s", type=_positive_int, default=30, metavar="S",
                   help="on SIGTERM, how long requests in flight may take to finish (default: 30)")  # fmt: skip
    p.add_argument("--no-warmup", dest="warmup", action="store_false",
                   help="cpu: load the OCR/layout/embedding models on first use instead of before listening")  # fmt: skip
    t = p.add_argument_group("transformers backend")
    t.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:N or mps (default: auto)")
    t.add_argument("--dtype", default="auto", choices=("auto", "float32", "bfloat16", "float16", "float64"))
    t.add_argument("--max-new-tokens", type=_positive_int, default=512, metavar="N",
                   help="cap on every answer (default: 512)")  # fmt: skip
    t.add_argument("--min-new-tokens", type=_non_negative_int, default=0, metavar="N",
                   help="force answers at least this long (throughput runs, tests)")  # fmt: skip
    t.add_argument("--max-images", type=_positive_int, default=4, metavar="N", help="images per request (default: 4)")
    t.add_argument("--threads", type=_positive_int, metavar="N", help="torch CPU threads (default: torch's)")
    t.add_argument("--max-batch-size", type=_positive_int, default=8, metavar="N",
                   help="requests per model.generate call (default: 8)")  # fmt: skip
    t.add_argument("--batch-wait-ms", type=_non_negative_float, default=5.0, metavar="MS",
                   help="how long a request waits for batch mates (default: 5)")  # fmt: skip
    t.add_argument("--max-queue", type=_positive_int, default=256, metavar="N",
                   help="requests waiting for the model; more get 503 (default: 256)")  # fmt: skip
    r = p.add_argument_group("remote backend")
    r.add_argument("--remote-url", metavar="URL", help="the OpenAI-compatible server, e.g. http://gpu-box:8000/v1")
    r.add_argument("--remote-token", default=argparse.SUPPRESS, metavar="TOKEN",
                   help="its API key (default: $TILEPILOT_REMOTE_TOKEN)")  # fmt: skip
    r.add_argument("--dialect", metavar="NAME",
                   help="grounding dialect: deepseek, qwen2_5_vl, qwen2_vl, varco or florence2 (default: from the "
                        "model name)")  # fmt: skip
    r.add_argument("--remote-timeout-s", type=_positive_float, default=120.0, metavar="S",
                   help="per-request timeout upstream (default: 120)")  # fmt: skip


def _run_serve(args: argparse.Namespace, console: Console) -> int:
    import os

    try:
        from model.server import ServeSettings, serve
    except ImportError as exc:  # the `serve` extra is missing
        Console(stderr=True, soft_wrap=True).print(f"tilepilot serve: {exc}", markup=False, highlight=False)
        return 1
    token = getattr(args, "token", None) or os.environ.get("TILEPILOT_TOKEN") or None
    remote_token = getattr(args, "remote_token", None) or os.environ.get("TILEPILOT_REMOTE_TOKEN") or None
    settings = ServeSettings(
        backend=args.backend, model=args.model, host=args.host, port=args.port, token=token,
        allow_remote=args.allow_remote, max_body_bytes=int(args.max_body_mb * 2**20), max_pixels=args.max_pixels,
        max_in_flight=args.max_in_flight, device=args.device, dtype=args.dtype, max_new_tokens=args.max_new_tokens,
        min_new_tokens=args.min_new_tokens, max_images=args.max_images, threads=args.threads,
        max_batch_size=args.max_batch_size, batch_wait_ms=args.batch_wait_ms, max_queue=args.max_queue,
        remote_url=args.remote_url, remote_token=remote_token, dialect=args.dialect,
        remote_timeout_s=args.remote_timeout_s, warmup=args.warmup, graceful_timeout_s=args.graceful_timeout_s,
    )  # fmt: skip
    what = f"{args.backend} backend" + (f", model {args.model}" if args.model else "")

    def ready(url: str) -> None:
        auth = ", bearer token required" if token else ""
        console.print(Text(f"tilepilot serve: listening on {url} ({what}{auth}); Ctrl+C or SIGTERM stops it"))

    serve(settings, on_ready=ready)
    console.print(Text("tilepilot serve: stopped"))
    return 0


# --- the command line ------------------------------------------------------------------------------

COMMANDS: tuple[Command, ...] = (
    Command("tables", "extract the tables of PDFs to CSV, JSON, Markdown or HTML", _add_tables_arguments, _run_tables),
    Command("serve", "serve a model over HTTP (OCR, grounding, chat completions) for other processes",
            _add_serve_arguments, _run_serve),
    *_cli_agent.commands(Command),  # report (run, replay)
    *_cli_extract.commands(Command),  # extract (tables and charts, pages in parallel)
    *_cli_charts.commands(Command),  # charts (vector charts as data)
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


def _number(kind: type[int | float], *, low: float, high: float = float("inf"), strict: bool = False,
            what: str = "") -> Callable[[str], Any]:
    """An argparse ``type=``: ``kind(text)`` within ``low..high`` (``> low`` when ``strict``), finite."""
    say = what or f"a {'whole number' if kind is int else 'number'} {'>' if strict else '>='} {low:g}"

    def convert(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not math.isfinite(value) or not (value > low if strict else value >= low) or value > high:
            raise argparse.ArgumentTypeError(f"{text!r} is not {say}")
        return value

    return convert


_positive_int = _number(int, low=1)
_non_negative_int = _number(int, low=0)
_port = _number(int, low=0, high=65535, what="a port number 0..65535 (0 picks a free port)")
_positive_float = _number(float, low=0, strict=True)
_non_negative_float = _number(float, low=0)


def _version() -> str:
    try:
        return metadata.version("tilepilot")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


if __name__ == "__main__":
    sys.exit(main())
