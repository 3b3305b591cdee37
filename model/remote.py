"""Any OpenAI-compatible chat server as a VisionModel: :class:`RemoteBackend` (vLLM, SGLang, ``tilepilot serve``).

The backend sends each task as one ``POST /v1/chat/completions`` (images as ``data:`` URIs in
``image_url`` parts, greedy: ``temperature=0``) and reads the answer with the model family's
grounding dialect, the same prompts and parsers the in-process backend uses (DeepSeek-VL2:
:mod:`model.dialects`), so a remote model gives the same typed 0..1 boxes as a local one.

>>> model = await RemoteBackend.connect("http://gpu-box:8000/v1", model="deepseek-ai/deepseek-vl2")  # doctest: +SKIP
>>> (await model.ground(GroundRequest(image=png, query="the OK button"))).boxes                    # doctest: +SKIP
(ModelBox(label='the OK button', xyxy=(0.41, 0.62, 0.52, 0.67), score=None),)

Qwen2.5-VL and UI-TARS-1.5 answer in pixels of the image *as the server resized it*, so ``min_pixels``
/ ``max_pixels`` must be the server's (the checkpoint's ``preprocessor_config.json``, or what
``--mm-processor-kwargs`` set); the defaults (None) are the released checkpoints' of the dialect.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from model._http import OverHttp, Transport
from model._imagesize import declared_size
from model._openai import ChatResponse, to_messages
from model.dialects import DIALECTS, Dialect, Frame, Parsed, clean_query, smart_resize
from model.errors import ConfigError, ModelError
from model.protocol import (
    GenerateRequest,
    GenerateResponse,
    GroundRequest,
    GroundResponse,
    LayoutBlock,
    LayoutRequest,
    LayoutResponse,
    ModelBox,
    OcrRequest,
    OcrResponse,
    OcrSpan,
)

__all__ = ["DIALECT_NAMES", "RemoteBackend", "RemoteCompletion", "dialect_of", "smart_resize"]

_ALIASES = {"deepseek_vl": "deepseek", "deepseek_vl_v2": "deepseek", "deepseek-vl2": "deepseek",
            "llava_onevision": "varco"}  # fmt: skip
DIALECT_NAMES = tuple(sorted(DIALECTS))
"""The dialect names :class:`RemoteBackend` takes (model types such as ``deepseek_vl_v2`` work too)."""

_GUESS = (  # model name → dialect, first match wins (Qwen2.5 before Qwen2, UI-TARS-1.5 before UI-TARS)
    (re.compile(r"deepseek[-_.]?vl"), "deepseek"),
    (re.compile(r"ui[-_]?tars[-_]?1[._]5"), "ui_tars_1_5"),
    (re.compile(r"ui[-_]?tars"), "ui_tars"),
    (re.compile(r"show[-_]?ui"), "showui"),
    (re.compile(r"qwen3[-_.]?vl"), "qwen3_vl"),
    (re.compile(r"qwen2[._]?5[-_.]?vl"), "qwen2_5_vl"),
    (re.compile(r"qwen2[-_.]?vl|os[-_]?atlas"), "qwen2_vl"),
    (re.compile(r"varco|llava[-_.]?onevision"), "varco"),
    (re.compile(r"florence"), "florence2"),
)
_GROUND_TOKENS = 256  # a ground answer of 8 boxes takes ~150 tokens
_HINT = "start an OpenAI-compatible server there (vLLM, SGLang or `tilepilot serve`)"


def dialect_of(name: str) -> str:
    """The dialect name for a dialect, a ``model_type`` or a model id.

    >>> dialect_of("deepseek-ai/deepseek-vl2-tiny"), dialect_of("Qwen/Qwen2.5-VL-7B-Instruct"), dialect_of("varco")
    ('deepseek', 'qwen2_5_vl', 'varco')
    """
    low = name.strip().lower()
    if low in DIALECTS:
        return low
    if low in _ALIASES:
        return _ALIASES[low]
    for pattern, dialect in _GUESS:
        if pattern.search(low):
            return dialect
    raise ConfigError(f"dialect: cannot tell the grounding dialect of {name!r}; pass dialect= one of "
                      f"{', '.join(DIALECT_NAMES)}", name="dialect", value=name)  # fmt: skip


@dataclass(frozen=True)
class RemoteCompletion:
    """One answer in detail: text, parsed boxes, why it ended and the server's token counts (0 if not given)."""

    text: str
    boxes: tuple[ModelBox, ...]
    finish_reason: Literal["stop", "length"]
    prompt_tokens: int = 0
    completion_tokens: int = 0


class RemoteBackend(OverHttp):
    """A vision-language model behind an OpenAI-compatible ``/v1/chat/completions``, as a :class:`~model.protocol.VisionModel`.

    ``base_url`` is the server (``http://host:8000`` or ``http://host:8000/v1``); ``model`` the name
    it serves (default: the first of its ``/v1/models``); ``dialect`` the family's grounding dialect
    (one of :data:`DIALECT_NAMES`; default: told by a tilepilot service, else guessed from the model
    name). ``api_key`` is sent as a bearer token (default: ``TILEPILOT_REMOTE_TOKEN``).
    ``max_new_tokens`` caps every answer. The model and dialect are resolved on the first call
    (:meth:`connect` resolves them at once).

    Raises :class:`~model.errors.ConfigError` for a bad option or an unknown dialect;
    :class:`~model.errors.ModelError` when the server is unreachable, times out or fails;
    :class:`~model.errors.ConfigError` for the server's 4xx answers (unknown model, prompt too long).
    """

    def __init__(
        self,
        base_url: str,
        *,
        model: str | None = None,
        dialect: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 120.0,
        connect_timeout_s: float = 5.0,
        max_connections: int = 64,
        max_new_tokens: int = 512,
        min_pixels: int | None = None,
        max_pixels: int | None = None,
    ) -> None:
        for name, value, least in (("max_new_tokens", max_new_tokens, 1), ("min_pixels", min_pixels, 1),
                                   ("max_pixels", max_pixels, 1)):  # fmt: skip
            if (value is not None or name == "max_new_tokens") and (not isinstance(value, int) or value < least):
                raise ConfigError(f"{name}: {value!r} must be an integer >= {least}", name=name, value=value)
        if min_pixels is not None and max_pixels is not None and min_pixels > max_pixels:
            raise ConfigError(f"min_pixels: {min_pixels} exceeds max_pixels={max_pixels}", name="min_pixels",
                              value=min_pixels)  # fmt: skip
        base = base_url.rstrip("/")
        base = base if base.endswith("/v1") else base + "/v1"
        api_key = os.environ.get("TILEPILOT_REMOTE_TOKEN") if api_key is None else api_key
        self._http = Transport(base, token=api_key, timeout_s=timeout_s, connect_timeout_s=connect_timeout_s,
                               max_connections=max_connections, what="OpenAI-compatible server", hint=_HINT)  # fmt: skip
        self._model = model
        self._dialect_name = dialect_of(dialect) if dialect is not None else None
        self.max_new_tokens, self.min_pixels, self.max_pixels = max_new_tokens, min_pixels, max_pixels
        self._ready = asyncio.Lock()

    @classmethod
    async def connect(cls, base_url: str, **options: Any) -> RemoteBackend:
        """A backend whose server answered, with its model and dialect resolved.

        Raises :class:`~model.errors.ModelError` naming the URL when no server answers.
        """
        backend = cls(base_url, **options)
        try:
            await backend._resolve()
        except BaseException:
            await backend.aclose()
            raise
        return backend

    @property
    def model_id(self) -> str:
        """The served model's name (``"remote@<base_url>"`` until it is known)."""
        return self._model or f"remote@{self._http.base_url}"

    @property
    def dialect(self) -> str | None:
        """The grounding dialect's name, once known."""
        return self._dialect_name

    @property
    def base_url(self) -> str:
        """The server's ``/v1`` URL."""
        return self._http.base_url

    def __repr__(self) -> str:
        return f"RemoteBackend({self._http.base_url!r}, model={self._model!r}, dialect={self._dialect_name!r})"

    # -- VisionModel -----------------------------------------------------------------------------

    async def ground(self, request: GroundRequest, /) -> GroundResponse:
        """Boxes of what ``request.query`` describes, in the dialect's grounding prompt, at most ``max_boxes``."""
        dialect = await self._resolve()
        if not clean_query(request.query):
            raise ConfigError(f"query: {request.query!r} has no text besides special tokens", name="query",
                              value=request.query)  # fmt: skip
        done = await self._complete(dialect.ground_prompt(request.query), (request.image,), _GROUND_TOKENS,
                                    dialect.parse_boxes)  # fmt: skip
        boxes = dialect.labelled(done.boxes, request.query)
        return GroundResponse(boxes=boxes[: request.max_boxes], model_id=self.model_id)

    async def ocr(self, request: OcrRequest, /) -> OcrResponse:
        """Text lines and boxes, for dialects with an OCR task (Qwen2.5-VL, VARCO, Florence-2)."""
        dialect = await self._resolve()
        if dialect.ocr_prompt is None or dialect.parse_text is None:
            raise ModelError(f"{self.model_id} speaks the {dialect.name} dialect, which has no OCR task; "
                             "model.cpu.CpuBackend reads text on the CPU")  # fmt: skip
        done = await self._complete(dialect.ocr_prompt, (request.image,), self.max_new_tokens, dialect.parse_text)
        return OcrResponse(spans=tuple(OcrSpan(text=b.label, xyxy=b.xyxy) for b in done.boxes if b.label),
                           model_id=self.model_id)  # fmt: skip

    async def layout(self, request: LayoutRequest, /) -> LayoutResponse:
        """Labelled regions, for dialects with a detection task (Florence-2 ``<OD>``)."""
        dialect = await self._resolve()
        if dialect.layout_prompt is None:
            raise ModelError(f"{self.model_id} speaks the {dialect.name} dialect, which has no layout task; "
                             "model.cpu.CpuBackend segments pages on the CPU")  # fmt: skip
        done = await self._complete(dialect.layout_prompt, (request.image,), self.max_new_tokens, dialect.parse_boxes)
        return LayoutResponse(blocks=tuple(LayoutBlock(label=b.label, xyxy=b.xyxy) for b in done.boxes),
                              model_id=self.model_id)  # fmt: skip

    async def generate(self, request: GenerateRequest, /) -> GenerateResponse:
        """The server's greedy answer to ``request.prompt``; boxes in it parsed in the dialect (last image)."""
        done = await self.complete(request)
        return GenerateResponse(text=done.text, boxes=done.boxes, model_id=self.model_id)

    async def complete(self, request: GenerateRequest, /) -> RemoteCompletion:
        """Like :meth:`generate`, with the finish reason and the server's token counts."""
        dialect = await self._resolve()
        return await self._complete(request.prompt, request.images, request.max_new_tokens, dialect.parse_boxes)

    # -- internals -------------------------------------------------------------------------------

    async def _resolve(self) -> Dialect:
        if self._model is not None and self._dialect_name is not None:
            return DIALECTS[self._dialect_name]
        async with self._ready:
            if self._model is None or self._dialect_name is None:
                listed = await self._list_models()
                if self._model is None:
                    if not listed:
                        raise ModelError(f"{self._http.base_url}/models lists no model; pass model=")
                    self._model = listed[0][0]
                if self._dialect_name is None:
                    told = next((d for name, d in listed if name == self._model and d), None)
                    self._dialect_name = dialect_of(told or self._model)
            return DIALECTS[self._dialect_name]

    async def _list_models(self) -> list[tuple[str, str | None]]:
        body = await self._http.get("/models")
        try:
            out = []
            for item in json.loads(body)["data"]:
                extra = item.get("tilepilot") if isinstance(item.get("tilepilot"), dict) else {}
                out.append((str(item["id"]), extra.get("dialect")))
            return out
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ModelError(f"{self._http.base_url}/models answered {body[:200]!r}, not a model list") from exc

    async def _complete(
        self, prompt: str, images: tuple[bytes, ...], max_tokens: int, parse: Callable[[str, Frame], Parsed]
    ) -> RemoteCompletion:
        frame = None
        if images:
            w, h = declared_size(images[-1], name="image")
            dialect = DIALECTS[self._dialect_name or ""]
            frame = dialect.frame(w, h, min_pixels=self.min_pixels, max_pixels=self.max_pixels)
        messages = to_messages(prompt, images)  # the dialect's text exactly, images where its markers are
        body = {"model": self._model, "messages": messages, "max_tokens": min(max_tokens, self.max_new_tokens),
                "temperature": 0}  # fmt: skip
        raw = await self._http.post("/chat/completions", json.dumps(body).encode("utf-8"))
        try:
            answer = ChatResponse.model_validate_json(raw)
        except ValidationError as exc:
            raise ModelError(f"{self._http.base_url}/chat/completions answered off the OpenAI format: "
                             f"{exc.errors()[0]['msg']} ({raw[:200]!r})") from exc  # fmt: skip
        choice = answer.choices[0]
        text = choice.message.content or ""
        boxes = parse(text, frame).boxes if frame else ()
        usage = answer.usage
        return RemoteCompletion(text=text, boxes=boxes, finish_reason="length" if choice.finish_reason == "length"
                                else "stop", prompt_tokens=usage.prompt_tokens if usage else 0,
                                completion_tokens=usage.completion_tokens if usage else 0)  # fmt: skip
