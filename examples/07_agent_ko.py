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

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: examples.site is importable

from examples.site.scripted import main, run_tasks

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
TITLE = "tilepilot: 한국어 스크립트 에이전트"


async def run(out: Path) -> dict[str, Any]:
    """Run the tasks into ``out`` (traces, replay files, report.html); the summary of :func:`run_tasks`."""
    return await run_tasks(TASKS, SECRETS, out, title=TITLE)


if __name__ == "__main__":
    raise SystemExit(main(TASKS, SECRETS, description=__doc__.splitlines()[0], default_out=Path("out/agent_ko"),
                          title=TITLE))  # fmt: skip
