"""What the scripted-agent examples share: run tasks on the example site with one agent, then report.

``examples/06_agent.py`` (English) and ``examples/07_agent_ko.py`` (Korean) hold only their tasks and
secrets; :func:`run_tasks` does the rest, and :func:`main` is their command line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from agent.report import write_report
from agent.sdk import Agent
from examples.site.server import events, serve
from model.errors import TilepilotError
from tools.browser import Browser

__all__ = ["main", "run_tasks"]


async def run_tasks(
    tasks: Sequence[tuple[str, str, str]], secrets: Mapping[str, str], out: Path, *, title: str
) -> dict[str, Any]:
    """Run ``tasks`` ((name, page path, instructions)) on the example site; write traces and a report under ``out``.

    Every task runs on one agent in one browser session; a sensitive step is approved (scripted, as a
    person would after reading ``result.pending``). Returns a summary: each run's outcome, the site's
    own record of what happened, the report's path and the downloaded files.
    """
    url, stop = serve()
    summary: dict[str, Any] = {"runs": {}}
    try:
        async with await Browser.launch() as browser:
            session = await browser.new_session(viewport=(1280, 800), downloads_dir=out / "downloads")
            agent = Agent.from_session(session, run_dir=out / "runs", secrets=dict(secrets))
            for name, page, instructions in tasks:
                await agent.goto(url + page)
                try:
                    result = await agent.run(instructions, thread_id=name)
                except TilepilotError as exc:  # e.g. a CompileError pointing at the phrase it cannot read
                    print(f"{name:<9} FAILED  {type(exc).__name__}: {exc}")
                    summary["runs"][name] = {"ok": False, "status": "error", "error": str(exc)}
                    continue
                while result.status == "interrupted" and result.pending is not None:
                    print(f"  {name}: approve {result.pending.kind} {result.pending.source!r}? yes (scripted)")
                    result = await agent.approve()
                print(
                    f"{name:<9} {'ok' if result.ok else 'FAILED':<7} {len(result.steps)} steps in {result.time_s:.2f} s"
                )
                for s in result.steps:
                    print(f"  [{s.status}] {s.instruction!r}: {s.evidence or s.error}")
                summary["runs"][name] = {"ok": result.ok, "status": result.status, "steps": len(result.steps),
                                         "run_dir": result.run_dir, "replay": result.replay_path}  # fmt: skip
            await agent.close()
        summary["events"] = events(url)
    finally:
        stop()
    summary["report"] = str(write_report(out / "runs", out=out / "report.html", title=title))
    summary["downloads"] = sorted(p.name for p in (out / "downloads").glob("*"))
    return summary


def main(
    tasks: Sequence[tuple[str, str, str]],
    secrets: Mapping[str, str],
    *,
    description: str,
    default_out: Path,
    title: str,
) -> int:
    """The command line of a scripted-agent example: ``--out DIR``; exit 0 when every run was verified."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--out", type=Path, default=default_out)
    out = ap.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    summary = asyncio.run(run_tasks(tasks, secrets, out, title=title))
    (out / "result.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"report: {summary['report']}; downloads: {', '.join(summary['downloads']) or 'none'}")
    return 0 if all(r["ok"] for r in summary["runs"].values()) else 1
