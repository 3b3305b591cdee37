"""The HTTP model service behind ``tilepilot serve``: one backend behind FastAPI and uvicorn.

Routes (JSON bodies are the wire types of :mod:`model.protocol`, images base64):

========================  =====================================================================
``GET  /health``          liveness and load (no token needed)
``GET  /v1/models``       the served model, OpenAI style (plus its backend, dialect and tasks)
``POST /v1/ground``       :class:`~model.protocol.GroundRequest` → :class:`~model.protocol.GroundResponse`
``POST /v1/ocr``          :class:`~model.protocol.OcrRequest` → :class:`~model.protocol.OcrResponse`
``POST /v1/layout``       :class:`~model.protocol.LayoutRequest` → :class:`~model.protocol.LayoutResponse`
``POST /v1/embed``        :class:`~model.protocol.EmbedRequest` → :class:`~model.protocol.EmbedResponse`
``POST /v1/chat/completions``  OpenAI chat completions, images as ``data:`` URIs in ``image_url`` parts
``GET  /metrics``         Prometheus text: requests and latency per route and status, in flight,
                          queue depth, batch sizes
========================  =====================================================================

Backends: ``cpu`` (:class:`~model.cpu.CpuBackend`: OCR, layout, embeddings, OCR-based grounding),
``transformers`` (:class:`~model.local.TransformersBackend`; generation and grounding requests are
micro-batched into shared ``model.generate`` calls) and ``remote``
(:class:`~model.remote.RemoteBackend` in front of vLLM, SGLang or another tilepilot service).

Safety: the service listens on loopback unless ``allow_remote`` is set, and then only with a bearer
token; bodies over ``max_body_bytes`` and images declaring more than ``max_pixels`` (read from the
header, before anything decodes them) are refused with 413 naming the limit. Errors are
``{"error": {"message", "type", "param", "code"}}`` with the status of their kind (400 bad input,
401 token, 404 unknown model, 413 limits, 422 malformed body, 501 task not offered, 503 busy, 500
model failure). On SIGTERM or SIGINT the service stops accepting connections, finishes the
requests in flight (up to ``graceful_timeout_s``) and returns.

Only the CLI imports this module (``tilepilot serve``); library code talks to a service through
:class:`model.client.ModelClient`.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from importlib import metadata
from typing import Any, Literal, TypeVar

try:
    import uvicorn
    from fastapi import FastAPI, Request
    from fastapi.responses import Response
    from starlette.exceptions import HTTPException as StarletteHTTPException
except ImportError as exc:  # the `serve` extra
    raise ImportError("model.server needs fastapi and uvicorn: pip install 'tilepilot[serve]'") from exc

from pydantic import BaseModel, ValidationError

from model._backends import BACKENDS, Backend, ServeSettings, Service, load_service
from model._imagesize import declared_size
from model._openai import ChatRequest, from_messages
from model._serving import Guard, Invalid, Metrics, NotFound, error_body, status_of
from model.errors import ConfigError, ModelError, TilepilotError
from model.protocol import (
    EmbedRequest,
    EmbedResponse,
    GenerateRequest,
    GroundRequest,
    GroundResponse,
    LayoutRequest,
    LayoutResponse,
    OcrRequest,
    OcrResponse,
    Wire,
)

__all__ = ["BACKENDS", "ROUTES", "ServeSettings", "Service", "create_app", "load_service", "serve"]

logger = logging.getLogger(__name__)

ROUTES = frozenset({"/health", "/metrics", "/v1/models", "/v1/ground", "/v1/ocr", "/v1/layout", "/v1/embed",
                    "/v1/chat/completions"})  # fmt: skip
"""Every route the service answers."""
_W = TypeVar("_W", bound=BaseModel)


# ---------------------------------------------------------------------------------------------------
# the app


def create_app(service: Service, settings: ServeSettings | None = None) -> FastAPI:
    """The FastAPI app serving ``service`` under ``settings`` (default: ``service.settings``)."""
    s = settings or service.settings
    metrics = Metrics(backend=service.backend, model_id=service.model_id)
    started = time.time()
    version = _version()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await service.start(metrics)
        try:
            yield
        finally:
            await service.close()

    app = FastAPI(title="tilepilot model service", version=version, lifespan=lifespan, redoc_url=None,
                  description=(__doc__ or "").split("\n\n")[0])  # fmt: skip
    guard_options = {"metrics": metrics, "token": s.token, "max_body_bytes": s.max_body_bytes,
                     "max_in_flight": s.max_in_flight, "routes": ROUTES}  # fmt: skip
    app.add_middleware(Guard, **guard_options)  # type: ignore[arg-type]

    def check_image(data: bytes, name: str) -> None:
        declared_size(data, name=name, max_pixels=s.max_pixels)

    @app.exception_handler(TilepilotError)
    async def on_error(request: Request, exc: TilepilotError) -> Response:
        status = status_of(exc)
        if status >= 500:
            logger.warning("%s %s -> %d: %s", request.method, request.url.path, status, exc)
        return Response(error_body(exc, status), status_code=status, media_type="application/json")

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            err: TilepilotError = ConfigError(f"no route {request.method} {request.url.path}; routes: "
                                              f"{', '.join(sorted(ROUTES))}", name="path")  # fmt: skip
        else:
            err = ConfigError(f"{request.method} {request.url.path}: {exc.detail}", name="method")
        return Response(error_body(err, exc.status_code), status_code=exc.status_code, media_type="application/json",
                        headers=getattr(exc, "headers", None))  # fmt: skip

    @app.exception_handler(Exception)
    async def on_bug(request: Request, exc: Exception) -> Response:
        logger.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        err = ModelError(f"internal error in the service: {type(exc).__name__}: {exc}")
        body = error_body(err, 500).replace(b'"ModelError"', b'"InternalError"', 1)
        return Response(body, status_code=500, media_type="application/json")

    @app.get("/health", response_model=_HealthDoc)
    async def health() -> Response:
        """Liveness and load; answered without a token."""
        body = {"status": "ok", "backend": service.backend, "model_id": service.model_id, "family": service.family,
                "tasks": list(service.tasks), "in_flight": sum(metrics.in_flight.values()) - 1,
                "queue_depth": metrics.queue_depth(), "uptime_s": round(time.time() - started, 3), "version": version}  # fmt: skip
        return _json(body)

    @app.get("/v1/models")
    async def models() -> Response:
        """The served model, in OpenAI's list format (``tilepilot`` adds backend, family, dialect, tasks)."""
        extra = {"backend": service.backend, "family": service.family,
                 "dialect": service.dialect.name if service.dialect else None, "tasks": list(service.tasks)}  # fmt: skip
        item = {"id": service.model_id, "object": "model", "created": int(started), "owned_by": "tilepilot",
                "tilepilot": extra}  # fmt: skip
        return _json({"object": "list", "data": [item]})

    @app.post("/v1/ground", response_model=GroundResponse, openapi_extra=_body_doc(GroundRequest))
    async def ground(request: Request) -> Response:
        """Boxes (0..1 of the image) of what the query describes, best first."""
        req = await _read(request, GroundRequest)
        check_image(req.image, "image")
        return _wire(await service.ground(req))

    @app.post("/v1/ocr", response_model=OcrResponse, openapi_extra=_body_doc(OcrRequest))
    async def ocr(request: Request) -> Response:
        """The text lines of the image and their boxes, in reading order."""
        req = await _read(request, OcrRequest)
        check_image(req.image, "image")
        return _wire(await service.ocr(req))

    @app.post("/v1/layout", response_model=LayoutResponse, openapi_extra=_body_doc(LayoutRequest))
    async def layout(request: Request) -> Response:
        """The blocks of a page or screenshot."""
        req = await _read(request, LayoutRequest)
        check_image(req.image, "image")
        return _wire(await service.layout(req))

    @app.post("/v1/embed", response_model=EmbedResponse, openapi_extra=_body_doc(EmbedRequest))
    async def embed(request: Request) -> Response:
        """One unit vector per text."""
        return _wire(await service.embed(await _read(request, EmbedRequest)))

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Response:
        """OpenAI chat completions, greedy; images as ``data:`` URIs in ``image_url`` parts; single turn."""
        req = await _read(request, ChatRequest)
        if req.stream:
            raise ConfigError("stream: streamed answers are not served; send \"stream\": false", name="stream")
        if req.n != 1:
            raise ConfigError(f"n: {req.n} answers asked for; the service gives one (n=1)", name="n", value=req.n)
        if req.model and req.model != service.model_id:
            raise NotFound(f"model: {req.model!r} is not served here; this service serves {service.model_id!r} "
                           "(GET /v1/models)", name="model", value=req.model)  # fmt: skip
        prompt, images = from_messages(req.messages, check=check_image)
        try:
            ask = GenerateRequest(prompt=prompt, images=tuple(images),
                                  max_new_tokens=req.max_completion_tokens or req.max_tokens or s.max_new_tokens)  # fmt: skip
        except ValidationError as exc:
            raise Invalid(_describe(exc, "chat request"), name="messages") from exc
        answer = await service.chat(ask)
        body: dict[str, Any] = {
            "id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": int(time.time()),
            "model": service.model_id,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": answer.text},
                         "finish_reason": answer.finish_reason}],
            "tilepilot": {"boxes": [b.model_dump() for b in answer.boxes], "batch_size": answer.batch_size,
                          "time_s": answer.time_s},
        }  # fmt: skip
        if answer.prompt_tokens is not None and answer.completion_tokens is not None:
            body["usage"] = {"prompt_tokens": answer.prompt_tokens, "completion_tokens": answer.completion_tokens,
                             "total_tokens": answer.prompt_tokens + answer.completion_tokens}  # fmt: skip
        return _json(body)

    @app.get("/metrics")
    async def prometheus() -> Response:
        """Prometheus text format (version 0.0.4)."""
        return Response(metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")

    return app


class _HealthDoc(Wire):  # the documented shape of /health (model.client.ServiceHealth reads it)
    status: Literal["ok"]
    backend: Backend
    model_id: str
    family: str | None
    tasks: list[str]
    in_flight: int
    queue_depth: int
    uptime_s: float
    version: str


def _json(body: dict[str, Any]) -> Response:
    import json

    return Response(json.dumps(body, ensure_ascii=False).encode("utf-8"), media_type="application/json")


def _wire(answer: Wire) -> Response:
    return Response(answer.model_dump_json().encode("utf-8"), media_type="application/json")


def _body_doc(kind: type[Wire]) -> dict[str, Any]:
    schema = kind.model_json_schema()
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


async def _read(request: Request, kind: type[_W]) -> _W:
    body = await request.body()
    if not body.strip():
        raise Invalid(f"body: empty; POST a JSON {kind.__name__}", name="body")
    try:
        return kind.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise Invalid(_describe(exc, kind.__name__), name=".".join(map(str, first["loc"])) or "body") from exc


def _describe(exc: ValidationError, what: str) -> str:
    errors = exc.errors()
    parts = []
    for e in errors[:4]:
        loc = ".".join(map(str, e["loc"])) or "body"
        parts.append(f"{loc}: {e['msg']}")
    more = f"; and {len(errors) - 4} more" if len(errors) > 4 else ""
    return f"invalid {what}: {'; '.join(parts)}{more}"


def _version() -> str:
    try:
        return metadata.version("tilepilot")
    except metadata.PackageNotFoundError:
        return "unknown"


# ---------------------------------------------------------------------------------------------------
# running it


class _Server(uvicorn.Server):
    """uvicorn's server, telling ``on_ready`` once it accepts connections."""

    def __init__(self, config: uvicorn.Config, on_ready: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_ready = on_ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            self._on_ready()


def serve(settings: ServeSettings, *, on_ready: Callable[[str], None] | None = None) -> None:
    """Load the backend, listen on ``settings.host:port`` and serve until SIGTERM or SIGINT.

    ``on_ready(url)`` is called once connections are accepted (with the real port when ``port=0``).
    On a signal the service stops accepting, finishes what is in flight (at most
    ``graceful_timeout_s``), releases the backend and returns. Raises
    :class:`~model.errors.ConfigError` for settings or an address that cannot be used and
    :class:`~model.errors.ModelError` when the backend cannot be loaded.
    """
    service = load_service(settings)
    app = create_app(service, settings)
    sock = _bind(settings.host, settings.port)
    host, port = sock.getsockname()[:2]
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="on", server_header=False,
                            timeout_keep_alive=settings.keep_alive_s,
                            timeout_graceful_shutdown=settings.graceful_timeout_s)  # fmt: skip
    server = _Server(config, on_ready=lambda: on_ready(url) if on_ready is not None else None)
    logger.info("serving %s (%s backend) on %s", service.model_id, service.backend, url)
    try:
        with _signals_end_the_run():
            server.run(sockets=[sock])
    finally:
        sock.close()


def _bind(host: str, port: int) -> socket.socket:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]  # fmt: skip
    except socket.gaierror as exc:
        raise ConfigError(f"host: cannot resolve {host!r}: {exc.strerror}", name="host", value=host) from exc
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise ConfigError(f"port: cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port (0 "
                          "picks a free one)", name="port", value=port) from exc  # fmt: skip
    return sock


@contextlib.contextmanager
def _signals_end_the_run() -> Iterator[None]:
    """While serving, SIGTERM and SIGINT only stop the server: uvicorn shuts down gracefully, then
    re-raises the signal to the handler it found, which here does nothing, so :func:`serve` returns
    (exit status 0) instead of the process dying by the signal after a clean shutdown."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    seen: list[int] = []
    previous = {sig: signal.signal(sig, lambda s, _f: seen.append(s)) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if seen:
            logger.info("stopped by %s", signal.Signals(seen[0]).name)
