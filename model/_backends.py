"""What ``tilepilot serve`` serves: its settings, and one loaded backend with what each route asks of it.

:func:`load_service` loads the backend a :class:`ServeSettings` names (blocking) into a
:class:`Service`: the CPU backend (warmed up), a transformers checkpoint (its generation and
grounding requests go through a :class:`~model._batching.MicroBatcher` once serving starts), or a
remote OpenAI-compatible server (its model and dialect asked once). :mod:`model.server` serves it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from model._batching import MicroBatcher
from model._http import is_loopback
from model._serving import Metrics, Unsupported
from model.dialects import Dialect, clean_query
from model.dialects import get as get_dialect
from model.errors import ConfigError
from model.protocol import (
    EmbedRequest,
    EmbedResponse,
    GenerateRequest,
    GroundRequest,
    GroundResponse,
    LayoutRequest,
    LayoutResponse,
    ModelBox,
    OcrRequest,
    OcrResponse,
    TextEmbedder,
    VisionModel,
)

if TYPE_CHECKING:
    from model.local import Completion, TransformersBackend
    from model.remote import RemoteBackend

__all__ = ["BACKENDS", "Answer", "Backend", "ServeSettings", "Service", "load_service"]

logger = logging.getLogger("model.server")

Backend = Literal["cpu", "transformers", "remote"]
BACKENDS: tuple[Backend, ...] = ("cpu", "transformers", "remote")
"""The backends ``tilepilot serve --backend`` takes."""
_GROUND_TOKENS = 256  # token budget of one ground answer (as the transformers backend's own ground)


# ---------------------------------------------------------------------------------------------------
# settings


@dataclass(frozen=True)
class ServeSettings:
    """Everything ``tilepilot serve`` is told; checked on construction (:class:`~model.errors.ConfigError`).

    ``model`` is a checkpoint folder or hub id (transformers), or the upstream's model name (remote;
    default: its first). ``token`` (default: none) is required with ``allow_remote``. Limits:
    ``max_body_bytes`` per request, ``max_pixels`` per image, ``max_in_flight`` requests at once
    (more get 503). Transformers: ``device``, ``dtype``, ``max_new_tokens`` (a cap),
    ``min_new_tokens``, ``max_images`` per request, ``threads`` (torch; None leaves torch's
    default), and micro-batching: up to ``max_batch_size`` requests gathered for up to
    ``batch_wait_ms``, at most ``max_queue`` waiting. Remote: ``remote_url``, ``remote_token``,
    ``dialect``, ``remote_timeout_s``. ``warmup`` loads the CPU models before listening.

    >>> ServeSettings(host="0.0.0.0")
    Traceback (most recent call last):
    ...
    model.errors.ConfigError: host: '0.0.0.0' is not a loopback address, so other machines could reach the service; pass allow_remote (--allow-remote) with a token (--token or TILEPILOT_TOKEN) to allow that
    """

    backend: Backend = "cpu"
    model: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    allow_remote: bool = False
    max_body_bytes: int = 32 * 2**20
    max_pixels: int = 50_000_000
    max_in_flight: int = 256
    device: str = "auto"
    dtype: str = "auto"
    max_new_tokens: int = 512
    min_new_tokens: int = 0
    max_images: int = 4
    threads: int | None = None
    max_batch_size: int = 8
    batch_wait_ms: float = 5.0
    max_queue: int = 256
    remote_url: str | None = None
    remote_token: str | None = None
    dialect: str | None = None
    remote_timeout_s: float = 120.0
    warmup: bool = True
    graceful_timeout_s: int = 30
    keep_alive_s: int = 75

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            _bad("backend", self.backend, f"is not one of {', '.join(BACKENDS)}")
        ints = (("port", 0, 65535), ("max_body_bytes", 1, None), ("max_pixels", 1, None), ("max_in_flight", 1, None),
                ("max_new_tokens", 1, None), ("min_new_tokens", 0, None), ("max_images", 1, None),
                ("max_batch_size", 1, None), ("max_queue", 1, None), ("graceful_timeout_s", 0, None),
                ("keep_alive_s", 1, None))  # fmt: skip
        for name, low, high in ints:
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < low or (high is not None and value > high):
                _bad(name, value, f"must be an integer in {low}..{high}" if high is not None else f"must be an integer >= {low}")
        if self.threads is not None and (not isinstance(self.threads, int) or self.threads < 1):
            _bad("threads", self.threads, "must be an integer >= 1 (or None for torch's default)")
        for name in ("batch_wait_ms", "remote_timeout_s"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or value < 0 or (name == "remote_timeout_s" and value == 0):
                _bad(name, value, "must be a number >= 0" if name == "batch_wait_ms" else "must be a number > 0")
        if self.token is not None and (not self.token or any(c.isspace() or not c.isprintable() for c in self.token)):
            _bad("token", "<hidden>", "must be non-empty printable text without spaces")
        if not is_loopback(self.host) and not self.allow_remote:
            _bad("host", self.host, "is not a loopback address, so other machines could reach the service; pass "
                 "allow_remote (--allow-remote) with a token (--token or TILEPILOT_TOKEN) to allow that")  # fmt: skip
        if self.allow_remote and not self.token:
            _bad("allow_remote", True, "needs a token (--token or TILEPILOT_TOKEN): a service reachable from other "
                 "machines must not answer anyone")  # fmt: skip
        if self.backend == "transformers" and not self.model:
            _bad("model", self.model, "is needed with backend 'transformers': a checkpoint folder or hub id")
        if self.backend == "remote" and not self.remote_url:
            _bad("remote_url", self.remote_url, "is needed with backend 'remote': the OpenAI-compatible server's URL")
        if self.backend == "cpu" and self.model not in (None, "tilepilot-cpu"):
            _bad("model", self.model, "is not used by backend 'cpu' (its models ship with tilepilot); leave it out")
        if self.min_new_tokens > self.max_new_tokens:
            _bad("min_new_tokens", self.min_new_tokens, f"exceeds max_new_tokens={self.max_new_tokens}")


def _bad(name: str, value: object, why: str) -> None:
    shown = value if name == "token" else repr(value)
    raise ConfigError(f"{name}: {shown} {why}", name=name, value=None if name == "token" else value)


# ---------------------------------------------------------------------------------------------------
# the service: one backend and how each route reaches it


@dataclass(frozen=True)
class Answer:
    """A chat answer with what the backend knows of it (token counts, batch)."""

    text: str
    boxes: tuple[ModelBox, ...]
    finish_reason: str
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    batch_size: int | None = None
    time_s: float | None = None


@dataclass
class Service:
    """A loaded backend and what it offers; :func:`load_service` builds one, :func:`model.server.create_app` serves it."""

    backend: Backend
    vision: VisionModel
    embedder: TextEmbedder | None = None
    family: str | None = None
    dialect: Dialect | None = None
    settings: ServeSettings = field(default_factory=ServeSettings)
    batcher: MicroBatcher[GenerateRequest, Completion] | None = None

    @property
    def model_id(self) -> str:
        return self.vision.model_id

    @property
    def tasks(self) -> tuple[str, ...]:
        """The routes' tasks this backend offers: ground, ocr, layout, embed, chat."""
        if self.backend == "cpu":
            return ("ground", "ocr", "layout", "embed")
        d = self.dialect
        return ("ground", *(("ocr",) if d and d.ocr_prompt else ()), *(("layout",) if d and d.layout_prompt else ()),
                "chat")  # fmt: skip

    def require(self, task: str) -> None:
        if task in self.tasks:
            return
        elsewhere = {"embed": "serve --backend cpu for embeddings", "chat": "serve a generative model with --backend "
                     "transformers or --backend remote"}.get(task, "serve --backend cpu for OCR and layout")  # fmt: skip
        raise Unsupported(f"{self.model_id} ({self.backend} backend) offers {', '.join(self.tasks)}, not {task}: "
                          f"{elsewhere}")  # fmt: skip

    async def start(self, metrics: Metrics) -> None:
        """Start the micro-batching worker (transformers) on the serving loop."""
        if self.backend != "transformers":
            return
        backend: TransformersBackend = self.vision  # type: ignore[assignment]
        s = self.settings
        self.batcher = MicroBatcher(backend.complete_batch, max_batch_size=s.max_batch_size,
                                    wait_s=s.batch_wait_ms / 1000, max_queue=s.max_queue,
                                    on_batch=metrics.observe_batch)  # fmt: skip
        metrics.queue_depth = lambda: self.batcher.depth if self.batcher else 0
        self.batcher.start()

    async def close(self) -> None:
        """Stop the batcher and release the backend (model memory, connections)."""
        if self.batcher is not None:
            await self.batcher.close()
        close = getattr(self.vision, "aclose", None) or getattr(self.vision, "close", None)
        if close is not None:
            done = close()
            if asyncio.iscoroutine(done):
                await done

    async def ground(self, request: GroundRequest) -> GroundResponse:
        self.require("ground")
        if self.batcher is None or self.dialect is None:
            return await self.vision.ground(request)
        if not clean_query(request.query):  # what TransformersBackend.ground checks, batched here
            raise ConfigError(f"query: {request.query!r} has no text besides special tokens", name="query",
                              value=request.query)  # fmt: skip
        ask = GenerateRequest(prompt=self.dialect.ground_prompt(request.query), images=(request.image,),
                              max_new_tokens=_GROUND_TOKENS)  # fmt: skip
        done = await self.batcher.submit(ask)
        boxes = self.dialect.labelled(done.boxes, request.query)
        return GroundResponse(boxes=boxes[: request.max_boxes], model_id=self.model_id)

    async def ocr(self, request: OcrRequest) -> OcrResponse:
        self.require("ocr")
        return await self.vision.ocr(request)

    async def layout(self, request: LayoutRequest) -> LayoutResponse:
        self.require("layout")
        return await self.vision.layout(request)

    async def embed(self, request: EmbedRequest) -> EmbedResponse:
        self.require("embed")
        assert self.embedder is not None
        return await self.embedder.embed(request)

    async def chat(self, request: GenerateRequest) -> Answer:
        self.require("chat")
        if self.batcher is not None:
            c = await self.batcher.submit(request)
            return Answer(c.text, c.boxes, c.finish_reason, c.prompt_tokens, c.new_tokens, c.batch_size, c.time_s)
        remote: RemoteBackend = self.vision  # type: ignore[assignment]
        r = await remote.complete(request)
        return Answer(r.text, r.boxes, r.finish_reason, r.prompt_tokens or None, r.completion_tokens or None)


def load_service(settings: ServeSettings) -> Service:
    """Load the backend ``settings`` name (blocking: seconds to minutes for a large checkpoint).

    Raises :class:`~model.errors.ConfigError` for a bad model path or option and
    :class:`~model.errors.ModelError` when the model cannot be loaded or the upstream does not answer.
    """
    s = settings
    if s.backend == "cpu":
        from model.cpu import CpuBackend

        cpu = CpuBackend()
        if s.warmup:
            asyncio.run(_warm_cpu(cpu))
        return Service("cpu", cpu, embedder=cpu, settings=s)
    if s.backend == "transformers":
        from model.local import SUPPORTED, TransformersBackend

        if s.threads is not None:
            import torch

            torch.set_num_threads(s.threads)
        assert s.model is not None
        local = TransformersBackend.load(s.model, device=s.device, dtype=s.dtype,  # type: ignore[arg-type]
                                         max_new_tokens=s.max_new_tokens, min_new_tokens=s.min_new_tokens,
                                         max_images=s.max_images, max_batch_size=s.max_batch_size)  # fmt: skip
        return Service("transformers", local, family=local.family, dialect=get_dialect(SUPPORTED[local.family].dialect),
                       settings=s)  # fmt: skip
    from model.remote import RemoteBackend

    assert s.remote_url is not None
    options: dict[str, Any] = {"api_key": s.remote_token, "timeout_s": s.remote_timeout_s,
                               "max_new_tokens": s.max_new_tokens, "max_connections": s.max_in_flight}  # fmt: skip
    model, dialect = s.model, s.dialect
    if model is None or dialect is None:  # ask the upstream once, on a loop of its own

        async def probe(url: str) -> tuple[str, str | None]:
            async with await RemoteBackend.connect(url, model=model, dialect=dialect, **options) as upstream:
                return upstream.model_id, upstream.dialect

        model, dialect = asyncio.run(probe(s.remote_url))
    remote = RemoteBackend(s.remote_url, model=model, dialect=dialect, **options)
    assert remote.dialect is not None
    return Service("remote", remote, family=remote.dialect, dialect=get_dialect(remote.dialect), settings=s)


async def _warm_cpu(cpu: Any) -> None:
    """Load the OCR, layout and embedding models now, so the first request is not the slow one."""
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (64, 32), "white").save(png, format="PNG")
    t0 = time.perf_counter()
    await asyncio.gather(cpu.ocr(OcrRequest(image=png.getvalue())), cpu.layout(LayoutRequest(image=png.getvalue())),
                         cpu.embed(EmbedRequest(texts=("warm-up",))))  # fmt: skip
    logger.info("cpu backend warmed up in %.1f s", time.perf_counter() - t0)
