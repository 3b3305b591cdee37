"""The same scripted agent in Korean, with no model: 로그인, 검색, 배송 예약, 승인 후 삭제, 다운로드.

Serves the example site (``examples/site/server.py``) on 127.0.0.1, opens its Korean pages
(``/ko/``, ``<html lang="ko">``) in headless Chromium and gives the agent one task per page, in
Korean as a person would write it (``06_agent.py`` is the English twin). The agent compiles each
task into steps, finds every target on the page (DOM first, then OCR of the pixels), acts, and
checks each step's effect. The password is a secret: the steps say ``{{password}}``, the real
value is typed into the field and kept out of every trace and replay file. Deleting a team member
is sensitive, so that run pauses until it is approved. Run:
``python examples/07_agent_ko.py --out DIR``; then open ``DIR/report.html`` (one card per step, with
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
    ("login", "/ko/login", ("쿠키 배너가 있으면 모두 동의를 누르세요. 아이디에 'kim'을 입력하고 비밀번호에 {{password}}를 "
                           "입력한 다음 로그인 버튼을 누르세요.")),
    ("search", "/ko/search", "검색창에 '신발'을 입력하고 검색 버튼을 누른 뒤 다음 페이지로 이동하세요."),
    ("booking", "/ko/form", ("이름에 '홍길동'을 입력하고, 배송 날짜를 2024년 5월 10일로 정하고, 빠른 배송을 선택하세요. "
                             "지역은 부산을 고르고 약관에 동의한 뒤 예약하기를 누르세요.")),
    ("delete", "/ko/team", "이서연 행의 삭제 버튼을 누른 다음 대화상자에서 삭제를 누르세요."),
    ("download", "/ko/downloads", "월간 매출 보고서의 다운로드 버튼을 누르세요."),
]  # fmt: skip
SECRETS = {"password": "1234"}


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
    summary["report"] = str(
        write_report(out / "runs", out=out / "report.html", title="tilepilot: 한국어 스크립트 에이전트")
    )
    summary["downloads"] = sorted(p.name for p in (out / "downloads").glob("*"))
    return summary


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("out/agent_ko"))
    out = ap.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    summary = asyncio.run(run(out))
    (out / "result.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"report: {summary['report']}; downloads: {', '.join(summary['downloads']) or 'none'}")
    return 0 if all(r["ok"] for r in summary["runs"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
