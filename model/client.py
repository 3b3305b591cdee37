"""The model service over HTTP: :class:`ModelClient`, a VisionModel and TextEmbedder backed by ``tilepilot serve``.

Perception and the agent take any :class:`~model.protocol.VisionModel`; hand them a client and
they run unchanged against a model in another process or on another machine:

>>> async with ModelClient("http://127.0.0.1:8000") as model:          # doctest: +SKIP
...     boxes = (await model.ground(GroundRequest(image=png, query="the OK button"))).boxes

``ground``, ``ocr``, ``layout`` and ``embed`` post the protocol's wire types to ``/v1/ground``,
``/v1/ocr``, ``/v1/layout`` and ``/v1/embed``; ``generate`` speaks OpenAI chat completions
(``/v1/chat/completions``, images as ``data:`` URIs). Failures are ours, never httpx's: a dead
service or a timeout is a :class:`~model.errors.ModelError` naming the URL (and the timeout); the
service's 4xx answers come back as the :class:`~model.errors.ImageError`,
:class:`~model.errors.ConfigError` or :class:`~model.errors.ModelError` it raised, with its message.
"""

from __future__ import annotations

import json
import os
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from model._http import OverHttp, Transport
from model._openai import ChatResponse, to_messages
from model.errors import ModelError
from model.protocol import (
    EmbedRequest,
    EmbedResponse,
    GenerateRequest,
    GenerateResponse,
    GroundRequest,
    GroundResponse,
    LayoutRequest,
    LayoutResponse,
    OcrRequest,
    OcrResponse,
    Wire,
)

__all__ = ["DEFAULT_URL", "ModelClient", "ServiceHealth"]

DEFAULT_URL = "http://127.0.0.1:8000"
"""Where ``tilepilot serve`` listens by default."""
_HINT = "start one with `tilepilot serve`"
_M = TypeVar("_M", bound=BaseModel)
_R = TypeVar("_R", GroundResponse, OcrResponse, LayoutResponse, EmbedResponse)


class ServiceHealth(Wire):
    """What ``GET /health`` says: the backend, its model and how busy the service is.

    >>> ServiceHealth(status="ok", backend="cpu", model_id="tilepilot-cpu").in_flight
    0
    """

    status: Literal["ok"]
    backend: Literal["cpu", "transformers", "remote"]
    model_id: str
    family: str | None = None
    tasks: tuple[str, ...] = ()
    in_flight: int = 0
    queue_depth: int = 0
    uptime_s: float = 0.0
    version: str = ""


class ModelClient(OverHttp):
    """A :class:`~model.protocol.VisionModel` and :class:`~model.protocol.TextEmbedder` served by ``tilepilot serve``.

    ``base_url`` is the service (default :data:`DEFAULT_URL`); ``token`` its bearer token (default:
    the ``TILEPILOT_TOKEN`` environment variable; ``""`` sends none). ``timeout_s`` bounds each
    request, ``connect_timeout_s`` each connection attempt; at most ``max_connections`` requests are
    in flight at once (the others wait for a free connection, within ``timeout_s``). ``model_id`` is
    known after :meth:`health` or the first answer (:meth:`connect` does both at once); until then it
    is ``"tilepilot-service@<base_url>"``. Close the client with :meth:`aclose` or ``async with``.

    Raises :class:`~model.errors.ConfigError` for a malformed URL or option, at construction.

    >>> ModelClient("http://127.0.0.1:8000").model_id
    'tilepilot-service@http://127.0.0.1:8000'
    """

    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        *,
        token: str | None = None,
        timeout_s: float = 120.0,
        connect_timeout_s: float = 5.0,
        max_connections: int = 64,
        model_id: str | None = None,
    ) -> None:
        token = os.environ.get("TILEPILOT_TOKEN") if token is None else token
        self._http = Transport(base_url, token=token, timeout_s=timeout_s, connect_timeout_s=connect_timeout_s,
                               max_connections=max_connections, what="model service", hint=_HINT)  # fmt: skip
        self._model_id = model_id

    @classmethod
    async def connect(cls, base_url: str = DEFAULT_URL, **options: Any) -> ModelClient:
        """A client whose service answered ``/health`` (so :attr:`model_id` is the served model).

        Raises :class:`~model.errors.ModelError` naming the URL when no service answers.
        """
        client = cls(base_url, **options)
        try:
            await client.health()
        except BaseException:
            await client.aclose()
            raise
        return client

    @property
    def base_url(self) -> str:
        """The service's URL, without a trailing slash."""
        return self._http.base_url

    @property
    def model_id(self) -> str:
        """The served model's id, once known; ``"tilepilot-service@<base_url>"`` before."""
        return self._model_id or f"tilepilot-service@{self._http.base_url}"

    def __repr__(self) -> str:
        return f"ModelClient({self._http.base_url!r}, model_id={self._model_id!r})"

    # -- the service ------------------------------------------------------------------------------

    async def health(self) -> ServiceHealth:
        """``GET /health``: the backend, model and load of the service (also sets :attr:`model_id`)."""
        health = self._parse(ServiceHealth, await self._http.get("/health"), "/health")
        self._model_id = health.model_id
        return health

    async def models(self) -> list[str]:
        """The model ids ``GET /v1/models`` lists (the service serves one)."""
        body = await self._http.get("/v1/models")
        try:
            data = json.loads(body)["data"]
            return [str(m["id"]) for m in data]
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"{self._http.base_url}/v1/models answered {body[:200]!r}, not a model list") from exc

    # -- VisionModel and TextEmbedder ------------------------------------------------------------

    async def ground(self, request: GroundRequest, /) -> GroundResponse:
        """``POST /v1/ground``: boxes (0..1 of the image) of what ``request.query`` describes, best first."""
        return await self._call("/v1/ground", request, GroundResponse)

    async def ocr(self, request: OcrRequest, /) -> OcrResponse:
        """``POST /v1/ocr``: the text lines of ``request.image``, in reading order."""
        return await self._call("/v1/ocr", request, OcrResponse)

    async def layout(self, request: LayoutRequest, /) -> LayoutResponse:
        """``POST /v1/layout``: the blocks of ``request.image``."""
        return await self._call("/v1/layout", request, LayoutResponse)

    async def embed(self, request: EmbedRequest, /) -> EmbedResponse:
        """``POST /v1/embed``: one unit vector per text."""
        return await self._call("/v1/embed", request, EmbedResponse)

    async def generate(self, request: GenerateRequest, /) -> GenerateResponse:
        """``POST /v1/chat/completions``: the answer to ``request.prompt`` and any boxes the service parsed.

        Each ``<image>`` marker becomes an image part at its place (none: the images go first).
        """
        body = {"messages": to_messages(request.prompt, request.images), "max_tokens": request.max_new_tokens}
        raw = await self._http.post("/v1/chat/completions", json.dumps(body).encode("utf-8"))
        answer = self._parse(ChatResponse, raw, "/v1/chat/completions")
        self._model_id = answer.model or self._model_id
        boxes = answer.tilepilot.boxes if answer.tilepilot is not None else ()
        return GenerateResponse(text=answer.choices[0].message.content or "", boxes=boxes, model_id=self.model_id)

    async def _call(self, route: str, request: Wire, kind: type[_R]) -> _R:
        answer = self._parse(kind, await self._http.post(route, request.model_dump_json().encode("utf-8")), route)
        self._model_id = answer.model_id
        return answer

    def _parse(self, kind: type[_M], body: bytes, route: str) -> _M:
        try:
            return kind.model_validate_json(body)
        except ValidationError as exc:
            raise ModelError(f"{self._http.base_url}{route} answered off the protocol ({kind.__name__}: "
                             f"{exc.errors()[0]['msg']}); is it a tilepilot service of this version?") from exc  # fmt: skip
