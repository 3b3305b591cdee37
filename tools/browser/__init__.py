"""Browser tools: a Playwright Chromium session that records popups, dialogs and downloads.

``import tools.browser`` imports Playwright (``import tools`` alone does not).

>>> from tools.browser import SyncBrowser
>>> with SyncBrowser.launch() as browser:  # doctest: +SKIP
...     session = browser.new_session(viewport=(1280, 800), device_scale_factor=2)
...     session.goto("http://127.0.0.1:8000/", timeout_s=5)
...     png = session.screenshot()
"""

from tools.browser._launch import CHROMIUM_ARGS, find_chromium
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
    "Browser",
    "DialogClosed",
    "DialogOpened",
    "DialogPolicy",
    "DownloadFinished",
    "EventKind",
    "PageOpened",
    "Session",
    "SessionEvent",
    "SyncBrowser",
    "SyncSession",
    "WaitUntil",
    "find_chromium",
]
