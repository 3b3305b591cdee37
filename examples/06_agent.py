"""A scripted web agent in plain English, with no model: sign in, search, book, delete with approval, download.

Serves the example site (``examples/site/server.py``) on 127.0.0.1, opens it in headless Chromium
and gives the agent one task per page, in the words a person would use. The agent compiles each
task into steps, finds every target on the page (DOM first, then OCR of the pixels), acts, and
checks each step's effect. The password is a secret: the steps say ``{{password}}``, the real
value is typed into the field and kept out of every trace and replay file. Deleting a team member
is sensitive, so that run pauses until it is approved. Run:
``python examples/06_agent.py --out DIR``; then open ``DIR/report.html`` (one card per step, with
the annotated screenshot) or re-run a task with ``tilepilot replay DIR/runs/<task>/replay.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: examples.site is importable

from agent.report import write_report
from agent.sdk import Agent
from examples.site.server import events, serve
from model.errors import TilepilotError
from tools.browser import Browser

TASKS: list[tuple[str, str, str]] = [  # (run name, page, instructions)
    ("login", "/login", ("If there is a cookie banner, accept it. Enter 'kiera' as the username and {{password}} as "
                        "the password, then click the Sign in button.")),
    ("search", "/search", "Type 'shoes' in the search box, press Enter and go to page 2."),
    ("booking", "/form", ("Enter 'Ada Lovelace' as the full name. Set the delivery date to March 5, 2024. Choose "
                         "Express. Pick Japan as the country. Tick the terms checkbox and click Book delivery.")),
    ("delete", "/team", "Click Delete next to Bob Chen, then press Delete in the dialog."),
    ("download", "/downloads", "Click the Download link for the monthly sales report."),
]  # fmt: skip
SECRETS = {"password": "x9f"}


async def run(out: Path) -> dict[str, Any]:
    url, stop = serve()
    summary: dict[str, Any] = {"runs": {}}
    try:
        async with await Browser.launch() as browser:
            session = await browser.new_session(viewport=(1280, 800), downloads_dir=out / "downloads")
            agent = Agent.from_session(session, run_dir=out / "runs", secrets=SECRETS)
            for name, page, instructions in TASKS:
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
    summary["report"] = str(write_report(out / "runs", out=out / "report.html", title="tilepilot: a scripted agent"))
    summary["downloads"] = sorted(p.name for p in (out / "downloads").glob("*"))
    return summary


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("out/agent"))
    out = ap.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    summary = asyncio.run(run(out))
    (out / "result.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"report: {summary['report']}; downloads: {', '.join(summary['downloads']) or 'none'}")
    return 0 if all(r["ok"] for r in summary["runs"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
