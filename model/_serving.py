"""The service's plumbing: Prometheus metrics, the request guard (token, limits, timing) and error bodies.

Everything here runs on the event loop's thread, so counters need no lock. The guard is a plain
ASGI middleware (no per-request task or body copy): it refuses a request before the app sees it
(401 without the bearer token, 413 for a declared ``Content-Length`` over the limit, 503 when too
many requests are in flight), counts streamed bodies as they arrive, and times every request by
route and status.
"""

from __future__ import annotations

import bisect
import hmac
import json
import logging
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from model._imagesize import TooManyPixels
from model.errors import ConfigError, ImageError, ModelError, TilepilotError

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "BATCH_BUCKETS",
    "LATENCY_BUCKETS",
    "BodyTooLarge",
    "Busy",
    "Guard",
    "Histogram",
    "Invalid",
    "Metrics",
    "NotFound",
    "Unsupported",
    "error_body",
    "status_of",
]

logger = logging.getLogger("model.server")

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
"""Upper bounds (seconds) of the latency histograms' buckets."""
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64)
"""Upper bounds of the batch-size histogram's buckets."""


# -- errors the service raises itself ------------------------------------------------------------


class BodyTooLarge(ConfigError):
    """A request body over the service's limit (413)."""

    def __init__(self, size: int, limit: int, *, declared: bool) -> None:
        how = "declares" if declared else "sent more than"
        shown = size if declared else limit
        super().__init__(f"body: the request {how} {shown} bytes, over the limit of {limit} bytes "
                         f"({limit / 2**20:g} MiB, tilepilot serve --max-body-mb): send a smaller image",
                         name="body", value=size)  # fmt: skip


class Invalid(ConfigError):
    """A body that is not the route's JSON type (422)."""


class NotFound(ConfigError):
    """A model name the service does not serve (404)."""


class Unsupported(ModelError):
    """A task the backend does not offer (501)."""


class Busy(ModelError):
    """Too many requests in flight or queued (503)."""


def status_of(exc: TilepilotError) -> int:
    """The HTTP status of an error raised while serving a request."""
    for kind, status in ((BodyTooLarge, 413), (TooManyPixels, 413), (Invalid, 422), (NotFound, 404),
                         (Unsupported, 501), (Busy, 503), (ImageError, 400), (ConfigError, 400)):  # fmt: skip
        if isinstance(exc, kind):
            return status
    return 500


def error_body(exc: TilepilotError, status: int) -> bytes:
    """``{"error": {"message", "type", "param", "code"[, "reason"]}}``: OpenAI's shape, with our error type
    (``ImageError``, ``ConfigError`` or ``ModelError``) so the client raises the same one."""
    err: dict[str, Any] = {"message": str(exc), "type": "ModelError", "param": None, "code": status}
    if isinstance(exc, ImageError):
        err.update(type="ImageError", param=exc.path, reason=exc.reason)
    elif isinstance(exc, ConfigError):
        err.update(type="ConfigError", param=exc.name or None)
    return json.dumps({"error": err}, ensure_ascii=False).encode("utf-8")


# -- metrics ----------------------------------------------------------------------------------


class Histogram:
    """A Prometheus histogram with one series per label tuple."""

    def __init__(self, buckets: Iterable[float]) -> None:
        self.buckets = tuple(buckets)
        self._series: dict[tuple[str, ...], list[float]] = {}  # per-bucket counts (+Inf last), then sum

    def observe(self, labels: tuple[str, ...], value: float) -> None:
        series = self._series.get(labels)
        if series is None:
            series = self._series[labels] = [0.0] * (len(self.buckets) + 2)
        series[bisect.bisect_left(self.buckets, value)] += 1
        series[-1] += value

    def count(self, labels: tuple[str, ...]) -> int:
        series = self._series.get(labels)
        return int(sum(series[:-1])) if series else 0

    def render(self, name: str, label_names: tuple[str, ...], out: list[str]) -> None:
        for labels, series in sorted(self._series.items()):
            base = ",".join(f'{k}="{_escape(v)}"' for k, v in zip(label_names, labels, strict=True))
            sep = "," if base else ""
            running = 0.0
            for bound, n in zip((*self.buckets, float("inf")), series[:-1], strict=True):
                running += n
                le = "+Inf" if bound == float("inf") else f"{bound:g}"
                out.append(f'{name}_bucket{{{base}{sep}le="{le}"}} {running:g}')
            braces = f"{{{base}}}" if base else ""
            out.append(f"{name}_sum{braces} {series[-1]:.6g}")
            out.append(f"{name}_count{braces} {running:g}")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Metrics:
    """The service's counters, rendered in the Prometheus text format (version 0.0.4) by :meth:`render`."""

    def __init__(self, *, backend: str, model_id: str) -> None:
        self.backend, self.model_id = backend, model_id
        self.requests: dict[tuple[str, str, str], int] = {}
        self.latency = Histogram(LATENCY_BUCKETS)
        self.in_flight: dict[str, int] = {}
        self.batch_size = Histogram(BATCH_BUCKETS)
        self.batch_seconds = Histogram(LATENCY_BUCKETS)
        self.queue_depth: Callable[[], int] = lambda: 0
        self.started = time.time()

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        key = (route, method, str(status))
        self.requests[key] = self.requests.get(key, 0) + 1
        self.latency.observe((route, str(status)), seconds)

    def observe_batch(self, size: int, seconds: float) -> None:
        self.batch_size.observe((), size)
        self.batch_seconds.observe((), seconds)

    def render(self) -> str:
        out: list[str] = []

        def head(name: str, kind: str, text: str) -> None:
            out.append(f"# HELP {name} {text}")
            out.append(f"# TYPE {name} {kind}")

        head("tilepilot_info", "gauge", "The backend and model this service runs (always 1).")
        out.append(f'tilepilot_info{{backend="{_escape(self.backend)}",model_id="{_escape(self.model_id)}"}} 1')
        head("tilepilot_start_time_seconds", "gauge", "Unix time the service started.")
        out.append(f"tilepilot_start_time_seconds {self.started:.3f}")
        head("tilepilot_requests_total", "counter", "Requests answered, by route, method and status.")
        for (route, method, status), n in sorted(self.requests.items()):
            out.append(f'tilepilot_requests_total{{route="{_escape(route)}",method="{method}",status="{status}"}} {n}')
        head("tilepilot_request_duration_seconds", "histogram", "Time from request to full answer, by route and status.")
        self.latency.render("tilepilot_request_duration_seconds", ("route", "status"), out)
        head("tilepilot_requests_in_flight", "gauge", "Requests being answered now, by route.")
        for route, n in sorted(self.in_flight.items()):
            out.append(f'tilepilot_requests_in_flight{{route="{_escape(route)}"}} {n}')
        head("tilepilot_queue_depth", "gauge", "Generation requests waiting for a batch.")
        out.append(f"tilepilot_queue_depth {self.queue_depth()}")
        head("tilepilot_batch_size", "histogram", "Requests per model.generate call (micro-batching).")
        self.batch_size.render("tilepilot_batch_size", (), out)
        head("tilepilot_batch_duration_seconds", "histogram", "Time of each batched model call.")
        self.batch_seconds.render("tilepilot_batch_duration_seconds", (), out)
        return "\n".join(out) + "\n"


# -- the guard ----------------------------------------------------------------------------------


class Guard:
    """ASGI middleware: bearer token, body-size and in-flight limits, and per-route metrics.

    ``routes`` are the paths metrics name (others count as ``"other"``); ``open_routes`` need no
    token and are never refused as busy (``/health``, so a prober sees an overloaded service alive).
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        metrics: Metrics,
        token: str | None,
        max_body_bytes: int,
        max_in_flight: int,
        routes: frozenset[str],
        open_routes: frozenset[str] = frozenset({"/health"}),
        uncapped_routes: frozenset[str] = frozenset({"/health", "/metrics"}),
    ) -> None:
        self.app, self.metrics = app, metrics
        self._token = token.encode("utf-8") if token else None
        self.max_body_bytes, self.max_in_flight = max_body_bytes, max_in_flight
        self.routes, self.open_routes, self.uncapped_routes = routes, open_routes, uncapped_routes
        self.busy = 0  # requests in flight on capped routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        route = path if path in self.routes else "other"
        method: str = scope["method"]
        status = 500  # if the app dies before answering
        capped = route not in self.uncapped_routes
        t0 = time.perf_counter()

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        received = 0

        async def receive_counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    if message.get("more_body", False):
                        await _drain(receive)
                    raise BodyTooLarge(received, self.max_body_bytes, declared=False)
            return message

        in_flight = self.metrics.in_flight
        in_flight[route] = in_flight.get(route, 0) + 1
        self.busy += capped
        try:
            refusal = self._refusal(scope, route, capped)
            if refusal is not None:
                await _drain(receive)
                await _send_error(send_and_note, *refusal)
            else:
                await self.app(scope, receive_counted, send_and_note)
        finally:
            in_flight[route] -= 1
            self.busy -= capped
            seconds = time.perf_counter() - t0
            self.metrics.observe(route, method, status, seconds)
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug("%s %s -> %d in %.1f ms", method, path, status, seconds * 1000)

    def _refusal(self, scope: Scope, route: str, capped: bool) -> tuple[TilepilotError, int, list[tuple[bytes, bytes]]] | None:
        auth = length = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                auth = value
            elif name == b"content-length":
                length = value
        if self._token is not None and route not in self.open_routes:
            if auth is None:
                return (ConfigError("token: this service needs a bearer token: send 'Authorization: Bearer <token>' "
                                    "with the token given to tilepilot serve (--token or TILEPILOT_TOKEN)",
                                    name="token"), 401, [(b"www-authenticate", b"Bearer")])  # fmt: skip
            scheme, _, given = auth.partition(b" ")
            if scheme.lower() != b"bearer" or not hmac.compare_digest(given.strip(), self._token):
                return (ConfigError("token: wrong bearer token: send the token given to tilepilot serve (--token or "
                                    "TILEPILOT_TOKEN) as 'Authorization: Bearer <token>'", name="token"), 401,
                        [(b"www-authenticate", b'Bearer error="invalid_token"')])  # fmt: skip
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                return ConfigError(f"body: Content-Length {length.decode('latin-1')!r} is not a number",
                                   name="body"), 400, []  # fmt: skip
            if declared > self.max_body_bytes:
                return BodyTooLarge(declared, self.max_body_bytes, declared=True), 413, []
        if capped and self.busy > self.max_in_flight:
            n = self.max_in_flight
            return (Busy(f"the service is busy: its limit of {n} request{'s' if n != 1 else ''} in flight is reached "
                         "(tilepilot serve --max-in-flight); retry shortly"), 503, [(b"retry-after", b"1")])  # fmt: skip
        return None


_DRAIN_BYTES = 64 * 2**20
"""How much of a refused body is read (and dropped) before answering: a client still sending its body
would otherwise see the connection reset instead of the 4xx that says why."""


async def _drain(receive: Receive) -> None:
    seen = 0
    while seen <= _DRAIN_BYTES:
        message = await receive()
        if message["type"] != "http.request":
            return
        seen += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


async def _send_error(send: Send, exc: TilepilotError, status: int, headers: list[tuple[bytes, bytes]]) -> None:
    body = error_body(exc, status)
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *headers]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})
