"""The browser session: a launched Chromium, and a context + page with the events an agent must see.

:class:`Browser` and :class:`Session` are async and hold the logic; :class:`SyncBrowser` and
:class:`SyncSession` have the same names without ``await`` and run them on a private event-loop
thread. New tabs and popups, dialogs and downloads become typed events on ``session.events``.
Dialogs are held for the caller by default: while one is open the page's JavaScript is paused, so
a click that opens it does not return until :meth:`Session.accept_dialog` or
:meth:`Session.dismiss_dialog` closes it (run the click as a task and wait for the event).

>>> async def main() -> None:  # doctest: +SKIP
...     async with await Browser.launch() as browser:
...         session = await browser.new_session(viewport=(1280, 800), device_scale_factor=2)
...         await session.goto("https://example.com", timeout_s=10)
...         png = await session.screenshot()  # 2560×1600 device pixels
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Literal, Self, TypeVar

from playwright.async_api import Browser as PwBrowser
from playwright.async_api import BrowserContext, Dialog, Download, Page, Playwright
from playwright.async_api import Error as PwError
from playwright.async_api import TimeoutError as PwTimeoutError
from pydantic import BaseModel, ConfigDict, Field

from model.errors import ActionError, ConfigError, NavigationError, OutputError
from model.protocol import TextEmbedder, VisionModel
from tools.browser._launch import LoopThread, first_line, launch_chromium, positive, translated
from tools.browser._twins import SessionActions, SyncSessionActions

logger = logging.getLogger(__name__)
T = TypeVar("T")

DialogPolicy = Literal["hold", "accept", "dismiss"]
"""What a session does when a dialog opens: hold it for the caller (default), or close it at once."""
WaitUntil = Literal["commit", "domcontentloaded", "load", "networkidle"]


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    time_s: float = Field(ge=0, description="Seconds since the session started.")
    url: str = Field(description="The URL of the page the event happened on.")


class PageOpened(_Event):
    """A new tab or popup opened in the session's context; ``index`` is its place in ``session.pages``."""

    kind: Literal["page_opened"] = "page_opened"
    index: int = Field(ge=0)


class DialogOpened(_Event):
    """An ``alert``/``confirm``/``prompt``/``beforeunload`` dialog opened (``session.pending_dialog`` while held)."""

    kind: Literal["dialog_opened"] = "dialog_opened"
    dialog_type: Literal["alert", "confirm", "prompt", "beforeunload"]
    message: str
    default_value: str = ""


class DialogClosed(_Event):
    """A dialog was closed: ``by="caller"`` through accept/dismiss, ``by="policy"`` at once."""

    kind: Literal["dialog_closed"] = "dialog_closed"
    message: str
    accepted: bool
    prompt_text: str | None = None
    by: Literal["caller", "policy"]


class DownloadFinished(_Event):
    """A download ended: ``path`` is the saved file, or ``error`` says why there is none."""

    kind: Literal["download"] = "download"
    suggested_filename: str
    path: str | None
    error: str | None = None


SessionEvent = Annotated[PageOpened | DialogOpened | DialogClosed | DownloadFinished, Field(discriminator="kind")]
EventKind = Literal["page_opened", "dialog_opened", "dialog_closed", "download"]


class Session(SessionActions):
    """A browser context and its current page, with the events seen since it opened.

    Made by :meth:`Browser.new_session`, or by :meth:`Session.from_page` around a Playwright
    ``Page`` of your own. ``page`` is the Playwright page, for the action tools. The actions of
    :mod:`tools.browser.actions` are methods too (``await session.click("Sign in")``); they read
    pixels with ``model`` and match meanings with ``embedder`` (default: ``model`` when it also
    embeds text, as the CPU backend does).

    >>> session = Session.from_page(page)  # doctest: +SKIP
    >>> await session.goto("http://127.0.0.1:8000/", timeout_s=5)  # doctest: +SKIP
    """

    def __init__(
        self, page: Page, *, owns_context: bool, dialogs: DialogPolicy = "hold", downloads_dir: Path | None = None,
        model: VisionModel | None = None, embedder: TextEmbedder | None = None,
    ) -> None:  # fmt: skip
        self.page: Page = page
        self.context: BrowserContext = page.context
        self.model: VisionModel | None = model
        self.embedder: TextEmbedder | None = embedder
        if embedder is None and isinstance(model, TextEmbedder):
            self.embedder = model
        self._owns_context, self._policy, self._downloads_dir = owns_context, dialogs, downloads_dir
        self._events: list[SessionEvent] = []
        self._pending: list[tuple[Dialog, DialogOpened]] = []
        self._changed = asyncio.Event()
        self._t0 = time.monotonic()
        self._closed = False
        self.context.on("page", self._on_page)
        self.context.on("dialog", self._on_dialog)
        for each in self.context.pages:
            each.on("download", self._on_download)

    @classmethod
    def from_page(
        cls, page: Page, *, dialogs: DialogPolicy = "hold", downloads_dir: str | Path | None = None,
        model: VisionModel | None = None, embedder: TextEmbedder | None = None,
    ) -> Session:  # fmt: skip
        """A session around your own Playwright page; :meth:`close` detaches and leaves the page open.

        >>> session = Session.from_page(await context.new_page())  # doctest: +SKIP
        """
        return cls(
            page, owns_context=False, dialogs=dialogs, downloads_dir=Path(downloads_dir) if downloads_dir else None,
            model=model, embedder=embedder,
        )  # fmt: skip

    # -- events -------------------------------------------------------------------------------
    def _record(self, event: SessionEvent) -> None:
        logger.debug("session event %s", event)
        self._events.append(event)
        self._changed.set()
        self._changed = asyncio.Event()

    def _now(self) -> float:
        return time.monotonic() - self._t0

    def _on_page(self, page: Page) -> None:
        page.on("download", self._on_download)
        self._record(PageOpened(time_s=self._now(), url=page.url, index=self.context.pages.index(page)))

    async def _on_dialog(self, dialog: Dialog) -> None:
        url = dialog.page.url if dialog.page else self.page.url
        opened = DialogOpened(
            time_s=self._now(), url=url, dialog_type=dialog.type, message=dialog.message,  # type: ignore[arg-type]
            default_value=dialog.default_value,
        )  # fmt: skip
        self._record(opened)
        if self._policy == "hold":
            self._pending.append((dialog, opened))
            return
        try:
            await (dialog.accept() if self._policy == "accept" else dialog.dismiss())
        except PwError as exc:  # the page went away first: nothing left to close
            logger.warning("could not %s dialog %r on %s: %s", self._policy, dialog.message, url, first_line(exc))
            return
        accepted = self._policy == "accept"
        self._record(DialogClosed(time_s=self._now(), url=url, message=dialog.message, accepted=accepted, by="policy"))

    async def _on_download(self, download: Download) -> None:
        name, path, error = download.suggested_filename, None, None
        try:
            if self._downloads_dir is None:
                path = str(await download.path())
            else:
                target = self._downloads_dir / Path(name).name
                target.parent.mkdir(parents=True, exist_ok=True)
                await download.save_as(target)
                path = str(target)
        except (PwError, OSError) as exc:
            error = first_line(exc)
        self._record(
            DownloadFinished(time_s=self._now(), url=download.url, suggested_filename=name, path=path, error=error)
        )

    @property
    def events(self) -> list[SessionEvent]:
        """Every event so far, oldest first (a copy)."""
        return list(self._events)

    async def wait_for_event(self, kind: EventKind, *, since: int = 0, timeout_s: float = 10.0) -> SessionEvent:
        """The first ``kind`` event at index ``since`` or later in :attr:`events`, waiting up to ``timeout_s``.

        Raises :class:`ActionError` when none comes in time.

        >>> n = len(session.events)  # doctest: +SKIP
        >>> await session.page.click("a[download]")  # doctest: +SKIP
        >>> (await session.wait_for_event("download", since=n)).path  # doctest: +SKIP
        """
        positive("timeout_s", timeout_s)
        try:
            async with asyncio.timeout(timeout_s):
                while True:
                    for event in self._events[since:]:
                        if event.kind == kind:
                            return event
                    await self._changed.wait()
        except TimeoutError as exc:
            raise ActionError(f"no {kind!r} event on {self.url} within {timeout_s}s (after event #{since})") from exc

    # -- dialogs ------------------------------------------------------------------------------
    @property
    def pending_dialog(self) -> DialogOpened | None:
        """The oldest dialog held for the caller, or None."""
        return self._pending[0][1] if self._pending else None

    async def _close_dialog(self, *, accept: bool, prompt_text: str | None = None) -> DialogClosed:
        verb = "accept" if accept else "dismiss"
        if not self._pending:
            raise ActionError(f"no dialog to {verb} on {self.url}: none is pending")
        dialog, opened = self._pending.pop(0)
        async with translated(f"{verb} of the {opened.dialog_type} dialog {opened.message!r} on {opened.url}"):
            if not accept:
                await dialog.dismiss()
            elif prompt_text is None:
                await dialog.accept()
            else:
                await dialog.accept(prompt_text)
        closed = DialogClosed(
            time_s=self._now(), url=opened.url, message=opened.message, accepted=accept, prompt_text=prompt_text,
            by="caller",
        )  # fmt: skip
        self._record(closed)
        return closed

    async def accept_dialog(self, *, prompt_text: str | None = None) -> DialogClosed:
        """Accept the pending dialog (answering a ``prompt`` with ``prompt_text``); ActionError if none."""
        return await self._close_dialog(accept=True, prompt_text=prompt_text)

    async def dismiss_dialog(self) -> DialogClosed:
        """Dismiss (cancel) the pending dialog; ActionError if none."""
        return await self._close_dialog(accept=False)

    # -- the page -----------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """The current page's URL."""
        return self.page.url

    @property
    def pages(self) -> list[Page]:
        """Every open page of the context (``PageOpened.index`` points here)."""
        return list(self.context.pages)

    async def goto(self, url: str, *, timeout_s: float = 30.0, wait_until: WaitUntil = "load") -> None:
        """Open ``url`` and wait for ``wait_until``; :class:`NavigationError` naming the URL and timeout if it never loads.

        >>> await session.goto("http://127.0.0.1:8000/", timeout_s=5)  # doctest: +SKIP
        """
        positive("timeout_s", timeout_s)
        try:
            await self.page.goto(url, timeout=timeout_s * 1000, wait_until=wait_until)
        except PwTimeoutError as exc:
            raise NavigationError(url, reason=f"did not load (wait_until={wait_until!r}) within {timeout_s}s",
                                  timeout_s=timeout_s) from exc
        except PwError as exc:
            raise NavigationError(url, reason=f"could not be opened: {first_line(exc)}") from exc

    async def title(self) -> str:
        """The current page's ``<title>``."""
        async with translated(f"reading the title of {self.url}"):
            return await self.page.title()

    async def screenshot(self, *, full_page: bool = False, timeout_s: float = 30.0) -> bytes:
        """A PNG of the viewport (or the whole page) in device pixels: CSS size × device_scale_factor."""
        positive("timeout_s", timeout_s)
        async with translated(f"screenshot of {self.url}", timeout_s=timeout_s):
            return await self.page.screenshot(type="png", full_page=full_page, timeout=timeout_s * 1000)

    async def save_storage_state(self, path: str | Path) -> Path:
        """Write cookies and local storage to ``path`` (JSON) for ``new_session(storage_state=path)``."""
        target = Path(path)
        try:
            async with translated(f"saving the storage state of {self.url}"):
                await self.context.storage_state(path=target)
        except OSError as exc:
            raise OutputError(target, f"cannot write the storage state: {exc.strerror or exc}") from exc
        return target

    async def close(self) -> None:
        """Close the context (when the session made it) or detach from your page; idempotent."""
        if self._closed:
            return
        self._closed = True
        self.context.remove_listener("page", self._on_page)
        self.context.remove_listener("dialog", self._on_dialog)
        for each in self.context.pages:
            each.remove_listener("download", self._on_download)
        try:
            if self._owns_context:
                await self.context.close()
            else:  # a held dialog would freeze the user's page for good
                for dialog, _ in self._pending:
                    await dialog.dismiss()
        except PwError as exc:  # the browser is already gone: nothing left to close
            logger.debug("session close: %s", first_line(exc))
        self._pending.clear()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class Browser:
    """A launched Chromium (see :func:`tools.browser.find_chromium` for which one).

    >>> async with await Browser.launch(headless=True) as browser:  # doctest: +SKIP
    ...     session = await browser.new_session(device_scale_factor=2)
    """

    def __init__(self, playwright: Playwright, browser: PwBrowser) -> None:
        self._playwright, self._browser = playwright, browser
        self._closed = False

    @classmethod
    async def launch(
        cls,
        *,
        headless: bool = True,
        executable_path: str | Path | None = None,
        args: Sequence[str] | None = None,
        timeout_s: float = 30.0,
    ) -> Browser:
        """Start Chromium with ``args`` (default: the safe flags of ``CHROMIUM_ARGS``).

        Raises :class:`ConfigError` listing what was tried when no Chromium is found or it won't start.
        """
        positive("timeout_s", timeout_s)
        return cls(
            *await launch_chromium(headless=headless, executable_path=executable_path, args=args, timeout_s=timeout_s)
        )

    @property
    def version(self) -> str:
        """Chromium's version string, e.g. ``"156.0.8078.79"``."""
        return self._browser.version

    async def new_session(
        self,
        *,
        viewport: tuple[int, int] = (1280, 800),
        device_scale_factor: float = 1.0,
        storage_state: str | Path | None = None,
        accept_downloads: bool = True,
        dialogs: DialogPolicy = "hold",
        downloads_dir: str | Path | None = None,
        model: VisionModel | None = None,
        embedder: TextEmbedder | None = None,
        service_workers: Literal["allow", "block"] = "allow",
    ) -> Session:
        """A fresh context and page; ``viewport`` is CSS px, screenshots are that × ``device_scale_factor``.

        ``storage_state`` loads a file written by :meth:`Session.save_storage_state`. Downloads are
        saved into ``downloads_dir`` (default: Playwright's temporary folder, removed with the browser).
        ``model`` and ``embedder`` serve the session's actions (see :class:`Session`).
        ``service_workers="block"`` keeps pages from registering service workers, whose requests no
        route sees (an allow-list of domains needs that).
        """
        width, height = viewport
        if width <= 0 or height <= 0:
            raise ConfigError(
                f"viewport={viewport!r} must be two positive CSS-px sizes", name="viewport", value=viewport
            )
        positive("device_scale_factor", device_scale_factor)
        if storage_state is not None and not Path(storage_state).is_file():
            raise ConfigError(
                f"storage_state={str(storage_state)!r} is not a file (write one with save_storage_state)",
                name="storage_state",
                value=str(storage_state),
            )
        try:
            context = await self._browser.new_context(
                viewport={"width": width, "height": height},
                device_scale_factor=device_scale_factor,
                storage_state=storage_state,
                accept_downloads=accept_downloads,
                service_workers=service_workers,
            )
        except PwError as exc:
            raise ConfigError(f"cannot open a session: {first_line(exc)}", name="storage_state") from exc
        folder = Path(downloads_dir) if downloads_dir is not None else None
        return Session(await context.new_page(), owns_context=True, dialogs=dialogs, downloads_dir=folder,
                       model=model, embedder=embedder)  # fmt: skip

    async def close(self) -> None:
        """Close every session and the browser; idempotent."""
        if self._closed:
            return
        self._closed = True
        try:
            await self._browser.close()
        finally:
            await self._playwright.stop()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class SyncSession(SyncSessionActions):
    """The blocking twin of :class:`Session` (same names, no ``await``), actions included.

    >>> with SyncBrowser.launch() as browser:  # doctest: +SKIP
    ...     session = browser.new_session()
    ...     session.goto("http://127.0.0.1:8000/", timeout_s=5)
    ...     print(session.title())
    """

    def __init__(self, session: Session, loop: LoopThread) -> None:
        self._session, self._loop = session, loop

    @property
    def events(self) -> list[SessionEvent]:
        return self._loop.get(lambda: self._session.events)

    @property
    def pending_dialog(self) -> DialogOpened | None:
        return self._loop.get(lambda: self._session.pending_dialog)

    @property
    def url(self) -> str:
        return self._loop.get(lambda: self._session.url)

    def wait_for_event(self, kind: EventKind, *, since: int = 0, timeout_s: float = 10.0) -> SessionEvent:
        return self._loop.run(self._session.wait_for_event(kind, since=since, timeout_s=timeout_s))

    def accept_dialog(self, *, prompt_text: str | None = None) -> DialogClosed:
        return self._loop.run(self._session.accept_dialog(prompt_text=prompt_text))

    def dismiss_dialog(self) -> DialogClosed:
        return self._loop.run(self._session.dismiss_dialog())

    def goto(self, url: str, *, timeout_s: float = 30.0, wait_until: WaitUntil = "load") -> None:
        self._loop.run(self._session.goto(url, timeout_s=timeout_s, wait_until=wait_until))

    def title(self) -> str:
        return self._loop.run(self._session.title())

    def screenshot(self, *, full_page: bool = False, timeout_s: float = 30.0) -> bytes:
        return self._loop.run(self._session.screenshot(full_page=full_page, timeout_s=timeout_s))

    def save_storage_state(self, path: str | Path) -> Path:
        return self._loop.run(self._session.save_storage_state(path))

    def close(self) -> None:
        self._loop.run(self._session.close())

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SyncBrowser:
    """The blocking twin of :class:`Browser`, driving it on a private event-loop thread.

    >>> with SyncBrowser.launch() as browser:  # doctest: +SKIP
    ...     png = browser.new_session(device_scale_factor=2).screenshot()
    """

    def __init__(self, browser: Browser, loop: LoopThread) -> None:
        self._browser, self._loop = browser, loop

    @classmethod
    def launch(
        cls,
        *,
        headless: bool = True,
        executable_path: str | Path | None = None,
        args: Sequence[str] | None = None,
        timeout_s: float = 30.0,
    ) -> SyncBrowser:
        loop = LoopThread()
        try:
            launched = Browser.launch(
                headless=headless, executable_path=executable_path, args=args, timeout_s=timeout_s
            )
            return cls(loop.run(launched), loop)
        except BaseException:
            loop.stop()
            raise

    @property
    def version(self) -> str:
        return self._browser.version

    def new_session(
        self,
        *,
        viewport: tuple[int, int] = (1280, 800),
        device_scale_factor: float = 1.0,
        storage_state: str | Path | None = None,
        accept_downloads: bool = True,
        dialogs: DialogPolicy = "hold",
        downloads_dir: str | Path | None = None,
        model: VisionModel | None = None,
        embedder: TextEmbedder | None = None,
        service_workers: Literal["allow", "block"] = "allow",
    ) -> SyncSession:
        session = self._loop.run(
            self._browser.new_session(
                viewport=viewport, device_scale_factor=device_scale_factor, storage_state=storage_state,
                accept_downloads=accept_downloads, dialogs=dialogs, downloads_dir=downloads_dir, model=model,
                embedder=embedder, service_workers=service_workers,
            )
        )  # fmt: skip
        return SyncSession(session, self._loop)

    def close(self) -> None:
        """Close every session, the browser and the loop thread; idempotent."""
        if self._loop.closed:
            return
        try:
            self._loop.run(self._browser.close())
        finally:
            self._loop.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
