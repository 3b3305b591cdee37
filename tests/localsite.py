"""Local HTTP sites for the browser tests: real servers on loopback, one thread each, stopped cleanly.

A site is a function from a :class:`Request` to ``(status, headers, body)``; :func:`local_sites`
serves each given function on its own port and yields their base URLs. The first is
``http://127.0.0.1:PORT``, the others ``http://localhost:PORT``: another site to Chromium, so
their frames run out of process (cross-origin). ``stop`` is set at teardown, so a route that holds
its answer back (a page that never loads) can wait on it and return early.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Answer = tuple[int, dict[str, str], bytes]


@dataclass(frozen=True)
class Request:
    """What a route sees: the path (no query string), the request headers, and the teardown event."""

    path: str
    headers: Mapping[str, str]
    stop: threading.Event


Route = Callable[[Request], Answer]

HTML = {"Content-Type": "text/html; charset=utf-8"}


def html(body: str | bytes, status: int = 200) -> Answer:
    """An HTML answer."""
    return status, dict(HTML), body.encode() if isinstance(body, str) else body


def _handler(route: Route, stop: threading.Event) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # keep pytest's output clean
            pass

        def do_GET(self) -> None:
            status, headers, body = route(Request(self.path.split("?")[0], dict(self.headers.items()), stop))
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the browser gave up waiting: expected
                pass

    return Handler


@contextmanager
def local_sites(*routes: Route) -> Iterator[list[str]]:
    """Serve each route on its own loopback port; yields the base URLs (first 127.0.0.1, then localhost)."""
    stop = threading.Event()
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), _handler(route, stop)) for route in routes]
    threads = []
    for server in servers:
        server.daemon_threads = True
        threads.append(threading.Thread(target=server.serve_forever, name="test-site", daemon=True))
        threads[-1].start()
    hosts = ["127.0.0.1", *["localhost"] * (len(servers) - 1)]
    try:
        yield [f"http://{host}:{server.server_port}" for host, server in zip(hosts, servers, strict=True)]
    finally:
        stop.set()
        for server in servers:
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(timeout=5)
