"""The actions as methods: ``await session.click(...)`` on a Session, ``session.click(...)`` on a SyncSession.

Each method only forwards to the function of the same name in :mod:`tools.browser.actions` (the
sync one through the session's event-loop thread); the logic and the documentation live there.
``tests/tools/browser/test_actions.py`` checks that the signatures stay identical.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from perception.types import Grounding, Observation
from tools.browser import actions
from tools.browser._result import ActionResult, Direction, Modifier, Target

if TYPE_CHECKING:
    from tools.browser._launch import LoopThread
    from tools.browser.session import Session, WaitUntil

Button = Literal["left", "right", "middle"]
Align = Literal["center", "start", "end", "nearest"]
OcrMode = Literal["auto", "off", "full"]


class SessionActions:
    """Mixed into :class:`~tools.browser.Session`: the async actions, with the session as ``self``."""

    def _me(self) -> Session:
        return cast("Session", self)

    async def observe(
        self, *, ocr: OcrMode = "auto", languages: Sequence[str] = (), screenshot: bool = True,
        full_page: bool = False, max_elements: int = 3000, timeout_s: float = 10.0,
    ) -> Observation:  # fmt: skip
        """See :func:`tools.browser.actions.observe`."""
        return await actions.observe(self._me(), ocr=ocr, languages=languages, screenshot=screenshot,
                                     full_page=full_page, max_elements=max_elements, timeout_s=timeout_s)  # fmt: skip

    async def ground(
        self, query: str, *, observation: Observation | None = None, limit: int = 5, timeout_s: float = 10.0
    ) -> Grounding:
        """See :func:`tools.browser.actions.ground`."""
        return await actions.ground(self._me(), query, observation=observation, limit=limit, timeout_s=timeout_s)

    async def click(
        self, target: Target, *, button: Button = "left", count: int = 1, modifiers: Sequence[Modifier] = (),
        force: bool = False, timeout_s: float = 10.0, screenshot: bool = True,
    ) -> ActionResult:  # fmt: skip
        """See :func:`tools.browser.actions.click`."""
        return await actions.click(self._me(), target, button=button, count=count, modifiers=modifiers, force=force,
                                   timeout_s=timeout_s, screenshot=screenshot)  # fmt: skip

    async def double_click(
        self, target: Target, *, force: bool = False, timeout_s: float = 10.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.double_click`."""
        return await actions.double_click(self._me(), target, force=force, timeout_s=timeout_s, screenshot=screenshot)

    async def right_click(
        self, target: Target, *, force: bool = False, timeout_s: float = 10.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.right_click`."""
        return await actions.right_click(self._me(), target, force=force, timeout_s=timeout_s, screenshot=screenshot)

    async def hover(
        self, target: Target, *, force: bool = False, timeout_s: float = 10.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.hover`."""
        return await actions.hover(self._me(), target, force=force, timeout_s=timeout_s, screenshot=screenshot)

    async def fill(
        self, target: Target, text: str, *, clear: bool = True, timeout_s: float = 10.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.fill`."""
        return await actions.fill(self._me(), target, text, clear=clear, timeout_s=timeout_s, screenshot=screenshot)

    async def type_text(
        self, target: Target | None, text: str, *, clear: bool = True, delay_s: float = 0.0, timeout_s: float = 10.0,
        screenshot: bool = True,
    ) -> ActionResult:  # fmt: skip
        """See :func:`tools.browser.actions.type_text`."""
        return await actions.type_text(self._me(), target, text, clear=clear, delay_s=delay_s, timeout_s=timeout_s,
                                       screenshot=screenshot)  # fmt: skip

    async def press(
        self, keys: str | Sequence[str], *, target: Target | None = None, timeout_s: float = 10.0,
        screenshot: bool = True,
    ) -> ActionResult:  # fmt: skip
        """See :func:`tools.browser.actions.press`."""
        return await actions.press(self._me(), keys, target=target, timeout_s=timeout_s, screenshot=screenshot)

    async def select(
        self, target: Target, option: str | Sequence[str], *, timeout_s: float = 10.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.select`."""
        return await actions.select(self._me(), target, option, timeout_s=timeout_s, screenshot=screenshot)

    async def check(
        self, target: Target, *, force: bool = False, timeout_s: float = 10.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.check`."""
        return await actions.check(self._me(), target, force=force, timeout_s=timeout_s, screenshot=screenshot)

    async def uncheck(
        self, target: Target, *, force: bool = False, timeout_s: float = 10.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.uncheck`."""
        return await actions.uncheck(self._me(), target, force=force, timeout_s=timeout_s, screenshot=screenshot)

    async def scroll(
        self, target: Target | None = None, *, direction: Direction = "down", amount_px: float | None = None,
        timeout_s: float = 10.0, screenshot: bool = True,
    ) -> ActionResult:  # fmt: skip
        """See :func:`tools.browser.actions.scroll`."""
        return await actions.scroll(self._me(), target, direction=direction, amount_px=amount_px,
                                    timeout_s=timeout_s, screenshot=screenshot)  # fmt: skip

    async def scroll_to(
        self, target: Target, *, align: Align = "center", timeout_s: float = 10.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.scroll_to`."""
        return await actions.scroll_to(self._me(), target, align=align, timeout_s=timeout_s, screenshot=screenshot)

    async def drag(
        self, source: Target, target: Target | None = None, *, value: float | None = None,
        fraction: float | None = None, steps: int = 12, timeout_s: float = 10.0, screenshot: bool = True,
    ) -> ActionResult:  # fmt: skip
        """See :func:`tools.browser.actions.drag`."""
        return await actions.drag(self._me(), source, target, value=value, fraction=fraction, steps=steps,
                                  timeout_s=timeout_s, screenshot=screenshot)  # fmt: skip

    async def navigate(
        self, url: str, *, timeout_s: float = 30.0, wait_until: WaitUntil = "load", screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.navigate`."""
        return await actions.navigate(self._me(), url, timeout_s=timeout_s, wait_until=wait_until,
                                      screenshot=screenshot)  # fmt: skip

    async def back(
        self, *, timeout_s: float = 30.0, wait_until: WaitUntil = "load", screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.back`."""
        return await actions.back(self._me(), timeout_s=timeout_s, wait_until=wait_until, screenshot=screenshot)

    async def forward(
        self, *, timeout_s: float = 30.0, wait_until: WaitUntil = "load", screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.forward`."""
        return await actions.forward(self._me(), timeout_s=timeout_s, wait_until=wait_until, screenshot=screenshot)

    async def reload(
        self, *, timeout_s: float = 30.0, wait_until: WaitUntil = "load", screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.reload`."""
        return await actions.reload(self._me(), timeout_s=timeout_s, wait_until=wait_until, screenshot=screenshot)

    async def wait_for(
        self, *, text: str | None = None, element: str | None = None, url: str | re.Pattern[str] | None = None,
        gone: bool = False, timeout_s: float = 10.0, poll_s: float = 0.2, screenshot: bool = True,
    ) -> ActionResult:  # fmt: skip
        """See :func:`tools.browser.actions.wait_for`."""
        return await actions.wait_for(self._me(), text=text, element=element, url=url, gone=gone,
                                      timeout_s=timeout_s, poll_s=poll_s, screenshot=screenshot)  # fmt: skip

    async def upload(
        self, target: Target, files: str | Path | Sequence[str | Path], *, timeout_s: float = 10.0,
        screenshot: bool = True,
    ) -> ActionResult:  # fmt: skip
        """See :func:`tools.browser.actions.upload`."""
        return await actions.upload(self._me(), target, files, timeout_s=timeout_s, screenshot=screenshot)

    async def download(
        self, target: Target, *, force: bool = False, timeout_s: float = 30.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.download`."""
        return await actions.download(self._me(), target, force=force, timeout_s=timeout_s, screenshot=screenshot)

    async def switch_tab(self, tab: int | str, *, timeout_s: float = 10.0, screenshot: bool = True) -> ActionResult:
        """See :func:`tools.browser.actions.switch_tab`."""
        return await actions.switch_tab(self._me(), tab, timeout_s=timeout_s, screenshot=screenshot)


class SyncSessionActions:
    """Mixed into :class:`~tools.browser.SyncSession`: the same actions, blocking."""

    _session: Session
    _loop: LoopThread

    def observe(
        self, *, ocr: OcrMode = "auto", languages: Sequence[str] = (), screenshot: bool = True,
        full_page: bool = False, max_elements: int = 3000, timeout_s: float = 10.0,
    ) -> Observation:  # fmt: skip
        """See :func:`tools.browser.actions.observe`."""
        return self._loop.run(actions.observe(self._session, ocr=ocr, languages=languages, screenshot=screenshot,
                                              full_page=full_page, max_elements=max_elements,
                                              timeout_s=timeout_s))  # fmt: skip

    def ground(
        self, query: str, *, observation: Observation | None = None, limit: int = 5, timeout_s: float = 10.0
    ) -> Grounding:
        """See :func:`tools.browser.actions.ground`."""
        return self._loop.run(actions.ground(self._session, query, observation=observation, limit=limit,
                                             timeout_s=timeout_s))  # fmt: skip

    def click(
        self, target: Target, *, button: Button = "left", count: int = 1, modifiers: Sequence[Modifier] = (),
        force: bool = False, timeout_s: float = 10.0, screenshot: bool = True,
    ) -> ActionResult:  # fmt: skip
        """See :func:`tools.browser.actions.click`."""
        return self._loop.run(actions.click(self._session, target, button=button, count=count, modifiers=modifiers,
                                            force=force, timeout_s=timeout_s, screenshot=screenshot))  # fmt: skip

    def double_click(
        self, target: Target, *, force: bool = False, timeout_s: float = 10.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.double_click`."""
        return self._loop.run(actions.double_click(self._session, target, force=force, timeout_s=timeout_s,
                                                   screenshot=screenshot))  # fmt: skip

    def right_click(
        self, target: Target, *, force: bool = False, timeout_s: float = 10.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.right_click`."""
        return self._loop.run(actions.right_click(self._session, target, force=force, timeout_s=timeout_s,
                                                  screenshot=screenshot))  # fmt: skip

    def hover(
        self, target: Target, *, force: bool = False, timeout_s: float = 10.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.hover`."""
        return self._loop.run(actions.hover(self._session, target, force=force, timeout_s=timeout_s,
                                            screenshot=screenshot))  # fmt: skip

    def fill(
        self, target: Target, text: str, *, clear: bool = True, timeout_s: float = 10.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.fill`."""
        return self._loop.run(actions.fill(self._session, target, text, clear=clear, timeout_s=timeout_s,
                                           screenshot=screenshot))  # fmt: skip

    def type_text(
        self, target: Target | None, text: str, *, clear: bool = True, delay_s: float = 0.0, timeout_s: float = 10.0,
        screenshot: bool = True,
    ) -> ActionResult:  # fmt: skip
        """See :func:`tools.browser.actions.type_text`."""
        return self._loop.run(actions.type_text(self._session, target, text, clear=clear, delay_s=delay_s,
                                                timeout_s=timeout_s, screenshot=screenshot))  # fmt: skip

    def press(
        self, keys: str | Sequence[str], *, target: Target | None = None, timeout_s: float = 10.0,
        screenshot: bool = True,
    ) -> ActionResult:  # fmt: skip
        """See :func:`tools.browser.actions.press`."""
        return self._loop.run(actions.press(self._session, keys, target=target, timeout_s=timeout_s,
                                            screenshot=screenshot))  # fmt: skip

    def select(
        self, target: Target, option: str | Sequence[str], *, timeout_s: float = 10.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.select`."""
        return self._loop.run(actions.select(self._session, target, option, timeout_s=timeout_s,
                                             screenshot=screenshot))  # fmt: skip

    def check(
        self, target: Target, *, force: bool = False, timeout_s: float = 10.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.check`."""
        return self._loop.run(actions.check(self._session, target, force=force, timeout_s=timeout_s,
                                            screenshot=screenshot))  # fmt: skip

    def uncheck(
        self, target: Target, *, force: bool = False, timeout_s: float = 10.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.uncheck`."""
        return self._loop.run(actions.uncheck(self._session, target, force=force, timeout_s=timeout_s,
                                              screenshot=screenshot))  # fmt: skip

    def scroll(
        self, target: Target | None = None, *, direction: Direction = "down", amount_px: float | None = None,
        timeout_s: float = 10.0, screenshot: bool = True,
    ) -> ActionResult:  # fmt: skip
        """See :func:`tools.browser.actions.scroll`."""
        return self._loop.run(actions.scroll(self._session, target, direction=direction, amount_px=amount_px,
                                             timeout_s=timeout_s, screenshot=screenshot))  # fmt: skip

    def scroll_to(
        self, target: Target, *, align: Align = "center", timeout_s: float = 10.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.scroll_to`."""
        return self._loop.run(actions.scroll_to(self._session, target, align=align, timeout_s=timeout_s,
                                                screenshot=screenshot))  # fmt: skip

    def drag(
        self, source: Target, target: Target | None = None, *, value: float | None = None,
        fraction: float | None = None, steps: int = 12, timeout_s: float = 10.0, screenshot: bool = True,
    ) -> ActionResult:  # fmt: skip
        """See :func:`tools.browser.actions.drag`."""
        return self._loop.run(actions.drag(self._session, source, target, value=value, fraction=fraction,
                                           steps=steps, timeout_s=timeout_s, screenshot=screenshot))  # fmt: skip

    def navigate(
        self, url: str, *, timeout_s: float = 30.0, wait_until: WaitUntil = "load", screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.navigate`."""
        return self._loop.run(actions.navigate(self._session, url, timeout_s=timeout_s, wait_until=wait_until,
                                               screenshot=screenshot))  # fmt: skip

    def back(self, *, timeout_s: float = 30.0, wait_until: WaitUntil = "load", screenshot: bool = True) -> ActionResult:
        """See :func:`tools.browser.actions.back`."""
        return self._loop.run(actions.back(self._session, timeout_s=timeout_s, wait_until=wait_until,
                                           screenshot=screenshot))  # fmt: skip

    def forward(
        self, *, timeout_s: float = 30.0, wait_until: WaitUntil = "load", screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.forward`."""
        return self._loop.run(actions.forward(self._session, timeout_s=timeout_s, wait_until=wait_until,
                                              screenshot=screenshot))  # fmt: skip

    def reload(
        self, *, timeout_s: float = 30.0, wait_until: WaitUntil = "load", screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.reload`."""
        return self._loop.run(actions.reload(self._session, timeout_s=timeout_s, wait_until=wait_until,
                                             screenshot=screenshot))  # fmt: skip

    def wait_for(
        self, *, text: str | None = None, element: str | None = None, url: str | re.Pattern[str] | None = None,
        gone: bool = False, timeout_s: float = 10.0, poll_s: float = 0.2, screenshot: bool = True,
    ) -> ActionResult:  # fmt: skip
        """See :func:`tools.browser.actions.wait_for`."""
        return self._loop.run(actions.wait_for(self._session, text=text, element=element, url=url, gone=gone,
                                               timeout_s=timeout_s, poll_s=poll_s, screenshot=screenshot))  # fmt: skip

    def upload(
        self, target: Target, files: str | Path | Sequence[str | Path], *, timeout_s: float = 10.0,
        screenshot: bool = True,
    ) -> ActionResult:  # fmt: skip
        """See :func:`tools.browser.actions.upload`."""
        return self._loop.run(actions.upload(self._session, target, files, timeout_s=timeout_s,
                                             screenshot=screenshot))  # fmt: skip

    def download(
        self, target: Target, *, force: bool = False, timeout_s: float = 30.0, screenshot: bool = True
    ) -> ActionResult:
        """See :func:`tools.browser.actions.download`."""
        return self._loop.run(actions.download(self._session, target, force=force, timeout_s=timeout_s,
                                               screenshot=screenshot))  # fmt: skip

    def switch_tab(self, tab: int | str, *, timeout_s: float = 10.0, screenshot: bool = True) -> ActionResult:
        """See :func:`tools.browser.actions.switch_tab`."""
        return self._loop.run(actions.switch_tab(self._session, tab, timeout_s=timeout_s, screenshot=screenshot))
