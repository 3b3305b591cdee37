"""Browser tools: a Playwright Chromium session that records popups, dialogs and downloads, and acts on pages.

``import tools.browser`` imports Playwright (``import tools`` alone does not). The actions
(click, fill, select, scroll, drag, wait_for, upload, download, …) live in
:mod:`tools.browser.actions` and are methods of both sessions.

>>> from tools.browser import SyncBrowser
>>> with SyncBrowser.launch() as browser:  # doctest: +SKIP
...     session = browser.new_session(viewport=(1280, 800), device_scale_factor=2)
...     session.goto("http://127.0.0.1:8000/", timeout_s=5)
...     session.fill("the email field", "ada@example.com")
...     result = session.click("the Sign in button")
...     png = result.screenshot
"""

from tools.browser._guard import DomainGuard, RequestBlocked, install_guard
from tools.browser._launch import CHROMIUM_ARGS, find_chromium
from tools.browser.actions import ActionResult, ActionTarget, Target
from tools.browser.session import (
    Browser,
    DialogClosed,
    DialogOpened,
    DialogPolicy,
    DownloadFinished,
    EventKind,
    PageOpened,
    Session,
    SessionEvent,
    SyncBrowser,
    SyncSession,
    WaitUntil,
)

__all__ = [
    "CHROMIUM_ARGS",
    "ActionResult",
    "ActionTarget",
    "Browser",
    "DialogClosed",
    "DialogOpened",
    "DialogPolicy",
    "DomainGuard",
    "DownloadFinished",
    "EventKind",
    "PageOpened",
    "RequestBlocked",
    "Session",
    "SessionEvent",
    "SyncBrowser",
    "SyncSession",
    "Target",
    "WaitUntil",
    "find_chromium",
    "install_guard",
]
