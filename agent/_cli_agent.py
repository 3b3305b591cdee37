"""The agent's subcommands of ``tilepilot``: ``report``, ``run`` and ``replay``.

:func:`commands` builds them with the :class:`~agent.cli.Command` class that :mod:`agent.cli`
passes in, so this module does not import the CLI module (which lists these in its ``COMMANDS``).
Each ``run`` function imports what it needs when it runs, so ``tilepilot --help`` stays fast.

    $ tilepilot report runs/login                 # → runs/login/report.html
    $ tilepilot report runs/ --out out/runs.html  # a folder of runs: an index, then each run
    $ PW=x9f tilepilot run --url http://127.0.0.1:8765/login --secret password=PW --approve auto \
          "Enter 'kiera' as the username and {{password}} as the password, then click Sign in"
    $ tilepilot replay runs/<thread id>/replay.json  # the same steps again, healing moved targets

``run`` and ``replay`` exit 0 when every step was verified, 1 when a step failed, an instruction
did not compile, a sensitive step was rejected or the run ran out of budget, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console

    from agent._records import RunResult, StepRecord
    from agent.actions import Action
    from agent.cli import Command

__all__ = ["commands"]


# --- tilepilot report ---------------------------------------------------------------------------


def _add_report_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("run_dir", type=Path, metavar="RUN_DIR",
                   help="a run folder (run.json, steps/, events.jsonl), or a folder of run folders")  # fmt: skip
    p.add_argument("--out", type=Path, metavar="FILE", help="the HTML file to write (default: RUN_DIR/report.html)")


def _run_report(args: argparse.Namespace, console: Console) -> int:
    from agent.report import find_runs, write_report
    from agent.trace import read_trace

    runs = find_runs(args.run_dir)
    path = write_report(args.run_dir, out=args.out)
    traces = [read_trace(r) for r in runs]
    steps = sum(len(t.steps) for t in traces)
    unfinished = sum(1 for t in traces if not t.finished)
    note = f", {unfinished} did not finish" if unfinished else ""
    runs_text = f"{len(runs)} run{'s' if len(runs) != 1 else ''}"
    console.print(Text(f"report: {path} ({runs_text}{note}, {steps} step{'s' if steps != 1 else ''})"))
    return 0


# --- tilepilot run ------------------------------------------------------------------------------


def _add_run_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("steps", nargs="?", metavar="STEPS",
                   help="the steps in plain English or Korean, e.g. \"Type 'shoes' in the search box and press Enter\"")  # fmt: skip
    p.add_argument("--steps", dest="steps_file", type=Path, metavar="FILE",
                   help="read the steps from a UTF-8 text file instead (one or more per line)")  # fmt: skip
    p.add_argument("--url", metavar="URL", help="the page to open first (default: none; the steps may navigate)")
    p.add_argument("--run-dir", type=Path, default=Path("runs"), metavar="DIR",
                   help="where the run folder (trace, screenshots, replay.json) goes (default: runs)")  # fmt: skip
    p.add_argument("--allowed-domain", action="append", default=[], metavar="DOMAIN",
                   help="keep navigations, popups and requests inside this domain (repeatable; "
                        "'*.example.com', '127.0.0.1:8000'; default: no limit)")  # fmt: skip
    p.add_argument("--secret", action="append", default=[], metavar="NAME=ENV_VAR",
                   help="fill the {{NAME}} placeholder from the environment variable ENV_VAR when typing; "
                        "redacted from traces and replay files (repeatable)")  # fmt: skip
    p.add_argument("--approve", choices=("auto", "ask", "reject"), default="ask",
                   help="sensitive steps (delete, pay, submit an order): auto approves them, ask prompts on the "
                        "terminal (reject when there is none), reject refuses them (default: ask)")  # fmt: skip
    p.add_argument("--thread-id", metavar="ID", help="name the run; with --checkpoint, the same ID resumes it")
    p.add_argument("--checkpoint", type=Path, metavar="FILE",
                   help="a SQLite file that keeps the run's progress, so a killed run resumes (with --thread-id)")  # fmt: skip
    p.add_argument("--headed", action="store_true", help="show the browser window")
    p.add_argument("--max-steps", type=_positive_int, default=50, metavar="N", help="step budget (default: 50)")
    p.add_argument("--time-budget-s", type=_positive_float, default=300.0, metavar="S",
                   help="time budget of the whole run, in seconds (default: 300)")  # fmt: skip


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number >= 1")
    return int(text)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds > 0")
    return value


def _secrets(specs: list[str]) -> dict[str, str]:
    """``NAME=ENV_VAR`` options → ``{NAME: value of $ENV_VAR}``; a ConfigError names a bad or unset one."""
    from model.errors import ConfigError

    found: dict[str, str] = {}
    for spec in specs:
        name, sep, var = spec.partition("=")
        name, var = name.strip(), var.strip()
        if not sep or not name or not var:
            raise ConfigError(f"--secret {spec!r} must be NAME=ENV_VAR (the value is read from the environment, "
                              "so it never shows in ps)", name="secret", value=spec)  # fmt: skip
        if var not in os.environ:
            raise ConfigError(f"--secret {spec!r}: the environment variable {var} is not set", name="secret",
                              value=spec)  # fmt: skip
        found[name] = os.environ[var]
    return found


def _steps_text(args: argparse.Namespace) -> str:
    from model.errors import ConfigError

    if (args.steps is None) == (args.steps_file is None):
        raise ConfigError("give the steps either as an argument or with --steps FILE (exactly one of them)",
                          name="steps", value=args.steps)  # fmt: skip
    if args.steps_file is not None:
        try:
            text = args.steps_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"--steps {str(args.steps_file)!r} cannot be read: {exc}", name="steps",
                              value=str(args.steps_file)) from exc  # fmt: skip
    else:
        text = args.steps
    if not text.strip():
        raise ConfigError("the steps are empty", name="steps", value=text)
    return str(text)


def _step_line(r: StepRecord) -> Text:
    style = {"ok": "green", "skipped": "cyan", "failed": "bold red", "rejected": "yellow"}[r.status]
    where = f" → {r.target.label!r}" if r.target is not None and r.target.label else ""
    note = r.error or r.evidence
    healed = f" (healed: {r.healed})" if r.healed else ""
    return Text.assemble((f"{r.status:<9}", style), f"{r.index + 1}. {r.action.kind} {r.instruction!r}{where}"
                         f" ({r.timings.total_s * 1000:.0f} ms){healed}" + (f": {note}" if note else ""))  # fmt: skip


def _finish_line(result: RunResult) -> Text:
    parts = [
        f"{result.status}: {len(result.steps)} step{'s' if len(result.steps) != 1 else ''} in {result.time_s:.1f} s"
    ]
    if result.message:
        parts.append(result.message)
    if result.run_dir:
        parts.append(f"trace: {result.run_dir}")
    if result.replay_path:
        parts.append(f"replay: {result.replay_path}")
    return Text("; ".join(parts), style="green" if result.ok else "bold red")


def _ask(console: Console, action: Action) -> bool:
    """Whether a person at the terminal approves ``action`` (no terminal: no)."""
    if not sys.stdin.isatty():
        console.print(Text(f"approval needed for {action.kind} {action.source!r}: no terminal to ask, rejected"))
        return False
    answer = console.input(f"approve {action.kind} {action.source!r}? [y/N] ")
    return answer.strip().lower() in ("y", "yes", "예", "네")


def _run_run(args: argparse.Namespace, console: Console) -> int:
    import asyncio

    from agent.compile import CompileError

    text = _steps_text(args)
    secrets = _secrets(args.secret)
    try:
        result = asyncio.run(_agent_run(args, console, text, secrets))
    except CompileError as exc:  # the steps are the input: one that cannot be read fails the run
        console.print(Text(f"tilepilot run: {exc}", style="bold red"))
        return 1
    console.print(_finish_line(result))
    return 0 if result.ok else 1


async def _agent_run(args: argparse.Namespace, console: Console, text: str, secrets: dict[str, str]) -> RunResult:
    from agent._records import StepFinished
    from agent.sdk import Agent

    async with Agent.launch(
        headless=not args.headed, allowed_domains=args.allowed_domain or None, secrets=secrets, run_dir=args.run_dir,
        checkpoint=args.checkpoint, max_steps=args.max_steps, time_budget_s=args.time_budget_s,
    ) as agent:  # fmt: skip
        if args.url:
            await agent.goto(args.url)
        async for event in agent.stream(text, thread_id=args.thread_id):
            if isinstance(event, StepFinished):
                console.print(_step_line(event.record))
        result = agent.last_result
        assert result is not None  # a finished stream sets it
        while result.status == "interrupted" and result.pending is not None:
            pending = result.pending
            yes = args.approve == "auto" or (args.approve == "ask" and _ask(console, pending))
            console.print(Text(f"{'approved' if yes else 'rejected'}: {pending.kind} {pending.source!r}",
                               style="cyan" if yes else "yellow"))  # fmt: skip
            done = len(result.steps)
            result = await agent.approve() if yes else await agent.reject(reason=f"--approve {args.approve}")
            for record in result.steps[done:]:
                console.print(_step_line(record))
        return result


# --- tilepilot replay ---------------------------------------------------------------------------


def _add_replay_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="FILE", help="a replay file (replay.json in a run folder)")
    p.add_argument("--run-dir", type=Path, default=Path("runs"), metavar="DIR",
                   help="where this replay's run folder goes (default: runs)")  # fmt: skip
    p.add_argument("--allowed-domain", action="append", default=[], metavar="DOMAIN",
                   help="keep navigations, popups and requests inside this domain (repeatable)")  # fmt: skip
    p.add_argument("--secret", action="append", default=[], metavar="NAME=ENV_VAR",
                   help="fill the {{NAME}} placeholder from $ENV_VAR (repeatable)")  # fmt: skip
    p.add_argument("--no-save", dest="save", action="store_false",
                   help="do not write the heal notes back into FILE")  # fmt: skip
    p.add_argument("--headed", action="store_true", help="show the browser window")


def _run_replay(args: argparse.Namespace, console: Console) -> int:
    import asyncio

    result = asyncio.run(_replay(args, _secrets(args.secret)))
    for record in result.steps:
        console.print(_step_line(record))
    healed = sum(1 for r in result.steps if r.healed)
    console.print(_finish_line(result))
    if healed:
        console.print(Text(f"{healed} step{'s' if healed != 1 else ''} healed"
                           + (f"; notes written to {args.file}" if args.save and result.ok else "")))  # fmt: skip
    return 0 if result.ok else 1


async def _replay(args: argparse.Namespace, secrets: dict[str, str]) -> RunResult:
    from agent.replay import replay
    from tools.browser import Browser

    async with await Browser.launch(headless=not args.headed) as browser:
        session = await browser.new_session(dialogs="accept")
        return await replay(session, args.file, secrets=secrets, run_dir=args.run_dir, save=args.save,
                            allowed_domains=args.allowed_domain or None)  # fmt: skip


def commands(command: type[Command]) -> tuple[Command, ...]:
    """The agent's subcommands, built with ``command`` (the :class:`~agent.cli.Command` class)."""
    return (
        command("report", "write a self-contained HTML report of agent runs (a run folder, or a folder of runs)",
                _add_report_arguments, _run_report),
        command("run", "run plain-language steps (English or Korean) in Chromium, with no model; writes a trace",
                _add_run_arguments, _run_run),
        command("replay", "run a replay file again with no model, healing steps whose targets moved",
                _add_replay_arguments, _run_replay),
    )  # fmt: skip
