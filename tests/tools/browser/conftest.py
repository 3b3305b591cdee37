"""A local HTTP site on 127.0.0.1 and one tilepilot :class:`Browser` for the browser-session tests."""

from __future__ import annotations

import html
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from model.errors import BrowserNotFound, ConfigError
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


def _handler(stop: threading.Event) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # keep pytest's output clean
            pass

        def do_GET(self) -> None:
            headers, status = {"Content-Type": "text/html; charset=utf-8"}, 200
            if self.path == "/slow":  # never loads within a test's timeout; returns early on shutdown
                stop.wait(SLOW_S)
                body = b"<title>late</title>"
            elif self.path == "/report.csv":
                headers = {"Content-Type": "text/csv", "Content-Disposition": 'attachment; filename="report.csv"'}
                body = CSV
            elif self.path == "/set-cookie":
                headers["Set-Cookie"] = "token=abc123; Path=/; Max-Age=3600"
                body = b"<title>cookie set</title>"
            elif self.path == "/echo-cookie":
                body = f"<title>{html.escape(self.headers.get('Cookie', 'no cookie'))}</title>".encode()
            elif self.path in PAGES:
                body = PAGES[self.path].encode()
            else:
                status, body = 404, b"<title>not found</title>"
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the browser gave up on /slow: expected
                pass

    return Handler


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    stop = threading.Event()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stop))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="test-site", daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{server.server_port}")
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


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
