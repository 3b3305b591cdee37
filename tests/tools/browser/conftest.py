"""A local HTTP site on 127.0.0.1 and one tilepilot :class:`Browser` for the browser-session tests."""

from __future__ import annotations

import html
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest

from model.errors import BrowserNotFound, ConfigError
from tests.localsite import Answer, Request, local_sites
from tests.localsite import html as page
from tools.browser import Browser

SLOW_S = 8.0
"""How long ``/slow`` holds its answer back: far beyond the timeouts the tests use."""

CSV = b"name,qty\nbolt,3\n"
PAGES = {
    "/": "<title>Home</title><a id='dl' href='/report.csv'>report</a>"
    "<button id='pop' onclick=\"window.open('/popup')\">open</button>",
    "/popup": "<title>Popup</title><p>a new window</p>",
}


@dataclass(frozen=True)
class Site:
    """The running site: ``url("/popup")`` gives an absolute URL."""

    base: str

    def url(self, path: str) -> str:
        return self.base + path


def _route(request: Request) -> Answer:
    path = request.path
    if path == "/slow":  # never loads within a test's timeout; returns early on shutdown
        request.stop.wait(SLOW_S)
        return page("<title>late</title>")
    if path == "/sw.js":
        return 200, {"Content-Type": "text/javascript"}, b"self.addEventListener('fetch', () => {});"
    if path == "/report.csv":
        return 200, {"Content-Type": "text/csv", "Content-Disposition": 'attachment; filename="report.csv"'}, CSV
    if path == "/set-cookie":
        status, headers, body = page("<title>cookie set</title>")
        return status, {**headers, "Set-Cookie": "token=abc123; Path=/; Max-Age=3600"}, body
    if path == "/echo-cookie":
        return page(f"<title>{html.escape(request.headers.get('Cookie', 'no cookie'))}</title>")
    return page(PAGES[path]) if path in PAGES else page("<title>not found</title>", 404)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with local_sites(_route) as (base,):
        yield Site(base)


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    """One tilepilot Browser for the module; the tests skip only when no Chromium exists at all."""
    try:
        launched = await Browser.launch()
    except ConfigError as exc:
        if isinstance(exc, BrowserNotFound):
            pytest.skip(f"no Chromium on this machine: {exc}")
        raise
    try:
        yield launched
    finally:
        await launched.close()
