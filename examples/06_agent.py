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

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: examples.site is importable

from examples.site.scripted import main, run_tasks

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
TITLE = "tilepilot: a scripted agent"


async def run(out: Path) -> dict[str, Any]:
    """Run the tasks into ``out`` (traces, replay files, report.html); the summary of :func:`run_tasks`."""
    return await run_tasks(TASKS, SECRETS, out, title=TITLE)


if __name__ == "__main__":
    raise SystemExit(main(TASKS, SECRETS, description=__doc__.splitlines()[0], default_out=Path("out/agent"),
                          title=TITLE))  # fmt: skip
