"""An allow-list of domains for a session: navigations, redirects, popups and subrequests elsewhere are blocked.

:func:`install_guard` routes every request of the session's browser context through the list
(``context.route``), and watches each page over its own DevTools session for redirect hops,
which Playwright's routing does not see. A blocked request is aborted and recorded as a
:class:`RequestBlocked` on ``guard.events``; a new tab or popup whose first page is elsewhere is
closed. A blocked navigation leaves the page where it was (no error page is committed), and
:meth:`DomainGuard.goto` / :meth:`DomainGuard.raise_if_blocked` turn it into
:class:`model.errors.DomainBlocked`.

Patterns: ``"example.com"`` is that host on any port, ``"*.example.com"`` any subdomain of it
(not the bare domain: list both), ``"127.0.0.1:8123"`` a host on one port, and an optional
scheme (``"https://example.com"``) restricts the scheme too. ``about:``, ``data:``, ``blob:`` and
``javascript:`` URLs make no network request and always pass; ``file:`` is blocked unless
``"file://"`` is listed.

Redirect hops are checked in each page's frames, cross-process iframes included (each is attached
to below the page's own DevTools session, so that Playwright's sessions are left as they are).
Limits: service-worker requests follow Playwright's routing rules, and when a new tab's first
navigation redirects within the list, its last URL is requested twice (once by the guard walking
the chain, once by the tab).

>>> guard = await install_guard(session, ["127.0.0.1:8123", "*.example.com"])  # doctest: +SKIP
>>> await guard.goto("http://evil.example/")  # doctest: +SKIP
Traceback (most recent call last):
model.errors.DomainBlocked: http://evil.example/: navigation blocked: ...
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import SplitResult, urljoin, urlsplit

from playwright.async_api import CDPSession, Frame, Page, Request, Route, WebSocketRoute
from playwright.async_api import Error as PwError
from pydantic import BaseModel, ConfigDict, Field

from model.errors import ConfigError, DomainBlocked, NavigationError
from tools.browser._launch import first_line

if TYPE_CHECKING:
    from tools.browser.session import Session, WaitUntil

__all__ = ["BlockedVia", "DomainGuard", "DomainRule", "RequestBlocked", "install_guard", "parse_rule"]

logger = logging.getLogger(__name__)

BlockedVia = Literal["navigation", "redirect", "popup", "subrequest"]
"""How a blocked URL was reached: a top-level navigation, a redirect hop, a new tab/popup, or anything else."""

_LOCAL_SCHEMES = frozenset({"about", "data", "blob", "javascript", "chrome-error"})
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_C0_AND_SPACE = "".join(map(chr, range(0x21)))  # what a browser strips from both ends of a URL
_SPECIAL_SCHEMES = frozenset({*_DEFAULT_PORTS, "ftp", "file"})  # the URL standard's: a backslash is a slash
_MAX_REDIRECTS = 20  # what Chromium follows before ERR_TOO_MANY_REDIRECTS
_FETCH_TIMEOUT_MS = 30_000
_MAX_HOPS = 512  # network ids remembered for naming where a redirect came from
_FETCH_ALL = {"patterns": [{"urlPattern": "*", "requestStage": "Request"}]}
# waitForDebuggerOnStart: a new cross-process iframe waits until its redirect watch is on
_AUTO_ATTACH = {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False}
_HOST = re.compile(r"^(\*\.)?([a-z0-9_-]+(\.[a-z0-9_-]+)*|\[[0-9a-f:.]+\])$")


class RequestBlocked(BaseModel):
    """A request the guard stopped: ``url`` is where it was going, ``via`` how it got there.

    ``page_url`` is the page it came from (for a popup, the page's opener if known), ``from_url``
    the URL that redirected (redirects only), ``page_index`` the page's place in the context's pages.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: Literal["request_blocked"] = "request_blocked"
    time_s: float = Field(ge=0, description="Seconds since the guard was installed.")
    url: str
    via: BlockedVia
    resource_type: str = ""
    page_url: str = ""
    page_index: int | None = None
    from_url: str | None = None

    @property
    def top_level(self) -> bool:
        """True for what moves a page (navigation, redirect of a navigation, popup), not a subrequest."""
        return self.via != "subrequest"


@dataclass(frozen=True)
class DomainRule:
    """One parsed pattern of ``allowed_domains``."""

    pattern: str
    host: str
    subdomains: bool
    port: int | None
    scheme: str | None

    def matches(self, scheme: str, host: str, port: int | None) -> bool:
        """Whether a URL's lower-case ``scheme``, ``host`` and (default-filled) ``port`` fit this rule."""
        if self.scheme is not None and scheme != self.scheme:
            return False
        if self.port is not None and port != self.port:
            return False
        if self.subdomains:
            return host.endswith("." + self.host)
        return host == self.host


def _idna(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return host


def parse_rule(pattern: str) -> DomainRule:
    """Parse one ``allowed_domains`` entry; :class:`ConfigError` says what a valid one looks like.

    >>> parse_rule("*.Example.com")
    DomainRule(pattern='*.Example.com', host='example.com', subdomains=True, port=None, scheme=None)
    >>> parse_rule("127.0.0.1:8123").port
    8123
    """
    raw = pattern.strip()
    valid = "'example.com', '*.example.com', '127.0.0.1:8123' or 'https://example.com'"
    if not raw:
        raise ConfigError(f"an empty allowed_domains entry; use {valid}", name="allowed_domains", value=pattern)
    if raw.lower() == "file://":
        return DomainRule(pattern=pattern, host="", subdomains=False, port=None, scheme="file")
    scheme = None
    if "://" in raw:
        scheme, raw = raw.split("://", 1)
        scheme = scheme.lower()
        if scheme not in _DEFAULT_PORTS:
            raise ConfigError(f"allowed_domains entry {pattern!r}: scheme {scheme!r} is not http, https, ws or wss",
                              name="allowed_domains", value=pattern)  # fmt: skip
    raw = raw.rstrip("/")
    if "/" in raw or "?" in raw or "#" in raw or "@" in raw:
        raise ConfigError(f"allowed_domains entry {pattern!r} has a path or user part; use {valid}",
                          name="allowed_domains", value=pattern)  # fmt: skip
    port: int | None = None
    host = raw
    if m := re.fullmatch(r"(.*?):(\d{1,5})", raw):
        host, port = m.group(1), int(m.group(2))
    host = _idna(host.lower())
    if not _HOST.match(host) or (port is not None and not 0 < port < 65536):
        raise ConfigError(f"allowed_domains entry {pattern!r} is not a host pattern; use {valid}",
                          name="allowed_domains", value=pattern)  # fmt: skip
    subdomains = host.startswith("*.")
    return DomainRule(pattern=pattern, host=host[2:] if subdomains else host.strip("[]"), subdomains=subdomains,
                      port=port, scheme=scheme)  # fmt: skip


def _browser_split(url: str) -> SplitResult:
    """``urlsplit`` as a browser reads the URL: for http(s), ws(s) and file a backslash is a slash,
    so ``http://B\\@A/`` goes to host B (Python's parser alone would say A)."""
    url = url.strip(_C0_AND_SPACE)
    scheme, colon, rest = url.partition(":")
    if colon and scheme.lower() in _SPECIAL_SCHEMES:
        url = scheme + colon + rest.replace("\\", "/")
    return urlsplit(url)


def _url_allowed(rules: Sequence[DomainRule], url: str) -> bool:
    try:
        parts = _browser_split(url)
        scheme = parts.scheme.lower()
        if scheme in _LOCAL_SCHEMES or not url:
            return True
        if scheme == "file":
            return any(r.scheme == "file" for r in rules)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:  # a malformed port or host: not something we let through
        return False
    if not host:
        return False
    return any(r.scheme != "file" and r.matches(scheme, host, port) for r in rules)


class DomainGuard:
    """The allow-list installed on one session; see :func:`install_guard`.

    ``events`` lists every blocked attempt, oldest first. ``allows(url)`` answers without a browser.
    """

    def __init__(self, session: Session, allowed_domains: Sequence[str]) -> None:
        if isinstance(allowed_domains, str):
            raise ConfigError(f"allowed_domains={allowed_domains!r} must be a list of patterns, not one string",
                              name="allowed_domains", value=allowed_domains)  # fmt: skip
        self.session = session
        self.allowed: tuple[str, ...] = tuple(allowed_domains)
        self.rules: tuple[DomainRule, ...] = tuple(parse_rule(p) for p in self.allowed)
        if not self.rules:
            raise ConfigError("allowed_domains is empty: every page would be blocked; pass None for no limit",
                              name="allowed_domains", value=[])  # fmt: skip
        self._events: list[RequestBlocked] = []
        self._changed = asyncio.Event()
        self._t0 = time.monotonic()
        self._known_pages: set[Page] = set(session.context.pages)  # pages that are not popups
        self._cdp: dict[Page, CDPSession] = {}
        self._opened: list[Page] = []  # pages opened after install, newest last
        self._main_frames: dict[Page, str] = {}  # DevTools frame id of each page's main frame
        self._hops: OrderedDict[str, str] = OrderedDict()  # network id -> the URL of its latest hop
        self._installed = False

    # -- the rule --------------------------------------------------------------------------------
    def allows(self, url: str) -> bool:
        """Whether ``url`` may be requested.

        >>> guard.allows("http://127.0.0.1:8123/login")  # doctest: +SKIP
        True
        """
        return _url_allowed(self.rules, url)

    def check(self, url: str, *, via: BlockedVia = "navigation") -> None:
        """Raise :class:`DomainBlocked` if ``url`` is not allowed (before navigating there)."""
        if not self.allows(url):
            self._record(url, via=via, page=self.session.page)
            raise DomainBlocked(url, allowed=self.allowed, kind=via)

    # -- events ----------------------------------------------------------------------------------
    @property
    def events(self) -> list[RequestBlocked]:
        """Every blocked attempt so far, oldest first (a copy)."""
        return list(self._events)

    def _record(self, url: str, *, via: BlockedVia, page: Page | None, resource_type: str = "",
                from_url: str | None = None, page_url: str | None = None) -> RequestBlocked:  # fmt: skip
        pages = self.session.context.pages
        event = RequestBlocked(
            time_s=time.monotonic() - self._t0, url=url, via=via, resource_type=resource_type,
            page_url=page_url if page_url is not None else (page.url if page is not None else ""),
            page_index=pages.index(page) if page is not None and page in pages else None, from_url=from_url,
        )  # fmt: skip
        logger.warning("blocked %s to %s (from %s): not in allowed_domains", via, url, event.page_url or "?")
        self._events.append(event)
        self._changed.set()
        self._changed = asyncio.Event()
        return event

    def raise_if_blocked(self, *, since: int = 0) -> None:
        """Raise :class:`DomainBlocked` for the first top-level block at index ``since`` or later of ``events``.

        >>> n = len(guard.events)  # doctest: +SKIP
        >>> await session.click("the partner link")  # doctest: +SKIP
        >>> guard.raise_if_blocked(since=n)  # doctest: +SKIP
        """
        for event in self._events[since:]:
            if event.top_level:
                raise DomainBlocked(event.url, allowed=self.allowed, kind=event.via)

    async def wait_for_block(self, *, since: int = 0, timeout_s: float = 5.0) -> RequestBlocked:
        """The first block at index ``since`` or later, waiting up to ``timeout_s`` (``TimeoutError`` if none)."""
        async with asyncio.timeout(timeout_s):
            while True:
                if len(self._events) > since:
                    return self._events[since]
                await self._changed.wait()

    async def goto(self, url: str, *, timeout_s: float = 30.0, wait_until: WaitUntil = "load") -> None:
        """``session.goto`` behind the guard: :class:`DomainBlocked` when ``url`` or a redirect leaves the list."""
        self.check(url)
        since = len(self._events)
        try:
            await self.session.goto(url, timeout_s=timeout_s, wait_until=wait_until)
        except NavigationError:
            self.raise_if_blocked(since=since)
            raise
        self.raise_if_blocked(since=since)

    # -- the browser side --------------------------------------------------------------------------
    async def _install(self) -> None:
        context = self.session.context
        await context.route("**/*", self._on_route)
        # only sockets to elsewhere are routed: a routed socket's messages would pass through the driver
        await context.route_web_socket(self._blocks_socket, self._on_web_socket)
        context.on("page", self._on_page)
        for page in context.pages:
            await self._attach(page)
        self._installed = True

    async def remove(self) -> None:
        """Take the guard off the session (routes, listeners and DevTools sessions); idempotent."""
        if not self._installed:
            return
        self._installed = False
        context = self.session.context
        context.remove_listener("page", self._on_page)
        try:
            await context.unroute("**/*", self._on_route)
        except PwError as exc:  # the context is gone already
            logger.debug("guard remove: %s", first_line(exc))
        for cdp in list(self._cdp.values()):
            try:
                await cdp.detach()
            except PwError as exc:
                logger.debug("guard detach: %s", first_line(exc))
        self._cdp.clear()

    async def _attach(self, page: Page) -> None:
        """Watch ``page``'s redirect hops over its own DevTools session (Chromium's Fetch domain)."""
        if page in self._cdp or page.is_closed():
            return
        try:
            cdp = await self.session.context.new_cdp_session(page)
            self._cdp[page] = cdp
            page.once("close", self._forget)
            cdp.on("Fetch.requestPaused", lambda event: self._on_paused(cdp.send, page, event))
            cdp.on("Target.attachedToTarget", lambda event: self._on_attached(cdp, (), event))
            cdp.on("Target.receivedMessageFromTarget",
                   lambda event: self._on_relayed(cdp, page, (str(event["sessionId"]),), str(event["message"])))  # fmt: skip
            await cdp.send("Fetch.enable", _FETCH_ALL)
            await cdp.send("Target.setAutoAttach", _AUTO_ATTACH)  # the page's cross-process iframes
            tree = await cdp.send("Page.getFrameTree")
            self._main_frames[page] = str(tree["frameTree"]["frame"]["id"])
        except PwError as exc:  # closed meanwhile, or not Chromium: routing still checks first hops
            self._cdp.pop(page, None)
            logger.debug("guard: no DevTools session for %s: %s", page.url, first_line(exc))

    def _forget(self, page: Page) -> None:
        self._cdp.pop(page, None)
        self._main_frames.pop(page, None)
        self._known_pages.discard(page)

    def _on_attached(self, cdp: CDPSession, path: tuple[str, ...], params: dict[str, Any]) -> None:
        """A cross-process iframe (or a worker) attached below ``path``: watch a frame's hops, then let it run."""
        child = (*path, str(params["sessionId"]))
        frame = params.get("targetInfo", {}).get("type") == "iframe"
        _background(self._watch_child(cdp, child, frame=frame, waiting=bool(params.get("waitingForDebugger"))))

    async def _watch_child(self, cdp: CDPSession, path: tuple[str, ...], *, frame: bool, waiting: bool) -> None:
        try:
            if frame:
                await _relay(cdp, path, "Fetch.enable", _FETCH_ALL)
                await _relay(cdp, path, "Target.setAutoAttach", _AUTO_ATTACH)  # its own cross-process iframes
        finally:
            if waiting:
                await _relay(cdp, path, "Runtime.runIfWaitingForDebugger", {})

    def _on_relayed(self, cdp: CDPSession, page: Page, path: tuple[str, ...], message: str) -> None:
        """A message from the target at the end of ``path``; messages of its own children come wrapped in it."""
        msg = json.loads(message)
        method, params = msg.get("method"), msg.get("params") or {}
        if method == "Target.receivedMessageFromTarget":
            self._on_relayed(cdp, page, (*path, str(params["sessionId"])), str(params["message"]))
        elif method == "Target.attachedToTarget":
            self._on_attached(cdp, path, params)
        elif method == "Fetch.requestPaused":
            self._on_paused(partial(_relay, cdp, path), page, params)

    def _on_paused(self, send: _Send, page: Page, event: dict[str, Any]) -> None:
        url = str(event.get("request", {}).get("url", ""))
        redirected = bool(event.get("redirectedRequestId"))
        request_id, network_id = event["requestId"], str(event.get("networkId", ""))
        from_url = self._hops.pop(network_id, None) if redirected else None
        if network_id:  # a network id stays the same along a redirect chain
            self._hops[network_id] = url
            while len(self._hops) > _MAX_HOPS:
                self._hops.popitem(last=False)
        if redirected and not self.allows(url):
            resource = str(event.get("resourceType", ""))
            top = resource == "Document" and event.get("frameId") == self._main_frames.get(page)
            self._record(url, via="redirect" if top else "subrequest", page=page, resource_type=resource.lower(),
                         from_url=from_url)  # fmt: skip
            reason = "Aborted" if resource == "Document" else "BlockedByClient"
            task = send("Fetch.failRequest", {"requestId": request_id, "errorReason": reason})
        else:  # first hops go on to the context's route, which checks them with their frame at hand
            task = send("Fetch.continueRequest", {"requestId": request_id})
        _background(task)

    def _on_page(self, page: Page) -> None:
        self._opened = [p for p in self._opened if not p.is_closed()] + [page]
        _background(self._attach(page))
        if not self.allows(page.url):  # it got there before the guard saw it: record it unless the route did
            if not any(e.url == page.url and e.via == "popup" for e in self._events[-5:]):
                self._record(page.url, via="popup", page=page, resource_type="document", page_url="")
            _background(page.close())

    async def _on_route(self, route: Route, request: Request) -> None:
        url = request.url
        if self.allows(url):
            if request.is_navigation_request() and _frame(request) is None:
                await self._new_tab_navigation(route, request)
            else:
                await route.fallback()
            return
        frame = _frame(request)
        page = frame.page if frame is not None else None
        is_nav = request.is_navigation_request()
        navigation = is_nav and (frame is None or frame.parent_frame is None)
        # a new tab's first navigation is requested before its frame exists (Playwright gives no frame)
        fresh = page is None or (page not in self._known_pages and page.url in ("", "about:blank"))
        popup = navigation and fresh
        via: BlockedVia = "popup" if popup else "navigation" if navigation else "subrequest"
        opener_url = ""
        if popup and page is not None:
            opener = await _opener(page)
            opener_url = opener.url if opener is not None else ""
        self._record(url, via=via, page=page, resource_type=request.resource_type,
                     page_url=opener_url if popup else None)  # fmt: skip
        # "aborted" cancels a navigation without committing an error page: the page stays where it was
        await route.abort("aborted" if is_nav else "blockedbyclient")
        if popup:
            _background(page.close() if page is not None else self._close_blank_popup())

    async def _new_tab_navigation(self, route: Route, request: Request) -> None:
        """A new tab's first navigation, which no DevTools session watches yet: walk its redirects here.

        Each hop is requested once, by the guard, until one answers without a redirect. A hop out
        of the list blocks the tab; a chain that stays inside ends in a redirect to its last URL,
        which the browser then requests again itself (the one duplicate request this costs).
        """
        url, method, body = request.url, request.method, request.post_data_buffer
        chain = [url]
        try:
            for _ in range(_MAX_REDIRECTS):
                response = await route.fetch(url=url, method=method, post_data=body, max_redirects=0,
                                             timeout=_FETCH_TIMEOUT_MS)  # fmt: skip
                location = response.headers.get("location")
                if not (300 <= response.status < 400 and location):
                    if len(chain) == 1:
                        await route.fulfill(response=response)
                    else:
                        await route.fulfill(status=302, headers={"location": url})
                    return
                target = urljoin(url, location)
                if not self.allows(target):
                    self._record(target, via="popup", page=None, resource_type=request.resource_type, page_url="",
                                 from_url=url)  # fmt: skip
                    await route.abort("aborted")
                    _background(self._close_blank_popup())
                    return
                if response.status in (301, 302, 303) and method not in ("GET", "HEAD"):
                    method, body = "GET", None
                url = target
                chain.append(url)
        except PwError as exc:  # the site did not answer: the tab shows what the browser shows for that
            logger.debug("guard: new tab %s: %s", url, first_line(exc))
            await route.abort("failed")
            return
        await route.abort("failed")  # more redirects than a browser follows

    async def _close_blank_popup(self, *, wait_s: float = 2.0) -> None:
        """Close the new page whose first navigation was just blocked (it is left blank), once it shows up."""
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            for page in reversed(self._opened):
                if page not in self._known_pages and not page.is_closed() and page.url in ("", "about:blank"):
                    self._opened.remove(page)
                    await page.close()
                    return
            await asyncio.sleep(0.02)

    def _blocks_socket(self, url: str) -> bool:
        return self._installed and not self.allows(url)  # Playwright has no unroute for web sockets

    async def _on_web_socket(self, ws: WebSocketRoute) -> None:
        self._record(ws.url, via="subrequest", page=None, resource_type="websocket")
        await ws.close(code=1008, reason="blocked by allowed_domains")


_Send = Callable[[str, dict[str, Any]], Awaitable[object]]
"""Sends one DevTools command to one target (a page's session, or a target attached below it)."""
_IDS = itertools.count(1)


async def _relay(cdp: CDPSession, path: tuple[str, ...], method: str, params: dict[str, Any]) -> None:
    """Send ``method`` to the target at the end of ``path`` (session ids below ``cdp``), wrapped once per level."""
    text = json.dumps({"id": next(_IDS), "method": method, "params": params})
    for session_id in reversed(path[1:]):
        text = json.dumps({"id": next(_IDS), "method": "Target.sendMessageToTarget",
                           "params": {"sessionId": session_id, "message": text}})  # fmt: skip
    await cdp.send("Target.sendMessageToTarget", {"sessionId": path[0], "message": text})


def _frame(request: Request) -> Frame | None:
    try:
        return request.frame
    except PwError:  # a service-worker request has no frame
        return None


async def _opener(page: Page) -> Page | None:
    try:
        return await page.opener()
    except PwError:
        return None


_TASKS: set[asyncio.Task[Any]] = set()


def _background(coro: Any) -> None:
    """Run ``coro`` without awaiting it; failures (a closed page or session) are logged, not raised."""

    async def run() -> None:
        try:
            await coro
        except PwError as exc:
            logger.debug("guard background call failed: %s", first_line(exc))

    task = asyncio.ensure_future(run())
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)


async def install_guard(session: Session, allowed_domains: Sequence[str]) -> DomainGuard:
    """Enforce ``allowed_domains`` on every page of ``session``'s context; returns the :class:`DomainGuard`.

    Raises :class:`ConfigError` for an empty list or a bad pattern (the message shows valid ones).

    >>> guard = await install_guard(session, ["127.0.0.1:8123"])  # doctest: +SKIP
    >>> guard.allows("http://localhost:8123/")  # doctest: +SKIP
    False
    """
    guard = DomainGuard(session, allowed_domains)
    await guard._install()
    return guard
