"""What perception asks a vision model and what it answers: the wire types and ``VisionModel``.

Imports only pydantic, typing and base64, so a client, a server and a test fake can share it without
torch or httpx. Every type is a frozen :class:`Wire` model with ``extra="forbid"``; image bytes
travel as base64 in JSON. Boxes are ``xyxy`` in 0..1 relative to the image that was sent, origin
top-left: only perception converts them to screen or page coordinates.

>>> req = GenerateRequest(prompt="<image> What is this?", images=(b"\\x89PNG",))
>>> req.model_dump_json()
'{"prompt":"<image> What is this?","images":["iVBORw=="],"max_new_tokens":512}'
>>> GenerateRequest.model_validate_json(req.model_dump_json()) == req
True
"""

from __future__ import annotations

import base64
from typing import Annotated, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, model_validator

__all__ = [
    "EmbedRequest",
    "EmbedResponse",
    "GenerateRequest",
    "GenerateResponse",
    "GroundRequest",
    "GroundResponse",
    "LayoutBlock",
    "LayoutRequest",
    "LayoutResponse",
    "ModelBox",
    "OcrRequest",
    "OcrResponse",
    "OcrSpan",
    "TextEmbedder",
    "Unit",
    "VisionModel",
    "Wire",
]

Unit = Annotated[float, Field(ge=0, le=1)]
"""A coordinate or score in 0..1."""
_ImageBytes = Annotated[
    bytes,
    Field(min_length=1),
    # standard alphabet (``+/``): pydantic's own base64 is URL-safe (``-_``), which data: URLs and
    # most non-Python decoders reject; reading accepts both
    PlainSerializer(lambda b: base64.b64encode(b).decode("ascii"), return_type=str, when_used="json"),
]
"""An encoded image (PNG or JPEG); standard base64 on the wire."""
_Xyxy = tuple[Unit, Unit, Unit, Unit]


class Wire(BaseModel):
    """Base of every wire type: immutable, no unknown fields, bytes as base64 in JSON.

    >>> Wire.model_config["frozen"], Wire.model_config["extra"]
    (True, 'forbid')
    """

    model_config = ConfigDict(frozen=True, extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")


class _Boxed(Wire):
    xyxy: _Xyxy  # (x0, y0, x1, y1), top-left origin, relative to the image sent

    @model_validator(mode="after")
    def _ordered(self) -> _Boxed:
        x0, y0, x1, y1 = self.xyxy
        if x1 < x0 or y1 < y0:
            raise ValueError(f"xyxy corners out of order: ({x0}, {y0}) - ({x1}, {y1}); need x0 <= x1 and y0 <= y1")
        return self


class ModelBox(_Boxed):
    """A labelled box the model found; ``score`` is None when the model gives none.

    >>> ModelBox(label="OK button", xyxy=(0.5, 0.5, 0.75, 0.6)).xyxy
    (0.5, 0.5, 0.75, 0.6)
    """

    label: str
    score: Unit | None = None


class GroundRequest(Wire):
    """Find what ``query`` describes in ``image``; at most ``max_boxes`` answers.

    >>> GroundRequest(image=b"png", query="the OK button").max_boxes
    8
    """

    image: _ImageBytes
    query: str = Field(min_length=1)
    max_boxes: int = Field(default=8, gt=0)


class GroundResponse(Wire):
    """The boxes found (possibly none), best first.

    >>> GroundResponse(boxes=(), model_id="fake").boxes
    ()
    """

    boxes: tuple[ModelBox, ...] = ()
    model_id: str


class OcrRequest(Wire):
    """Read the text of ``image``; ``languages`` are hints (ISO 639-1 codes), empty for any.

    >>> OcrRequest(image=b"png").languages
    ()
    """

    image: _ImageBytes
    languages: tuple[str, ...] = ()


class OcrSpan(_Boxed):
    """One line or word of text and its box.

    >>> OcrSpan(text="Total", xyxy=(0.1, 0.2, 0.3, 0.25), score=0.98).text
    'Total'
    """

    text: str
    score: Unit | None = None


class OcrResponse(Wire):
    """The spans read, in reading order.

    >>> OcrResponse(spans=(), model_id="fake").model_id
    'fake'
    """

    spans: tuple[OcrSpan, ...] = ()
    model_id: str


class LayoutRequest(Wire):
    """Segment ``image`` (a page or screenshot) into blocks.

    >>> LayoutRequest(image=b"png").image
    b'png'
    """

    image: _ImageBytes


class LayoutBlock(_Boxed):
    """One region of a page: ``label`` is the detector's class (``"table"``, ``"title"``, …).

    >>> LayoutBlock(label="table", xyxy=(0, 0.5, 1, 1)).label
    'table'
    """

    label: str
    score: Unit | None = None


class LayoutResponse(Wire):
    """The blocks found, in reading order.

    >>> LayoutResponse(blocks=(), model_id="fake").blocks
    ()
    """

    blocks: tuple[LayoutBlock, ...] = ()
    model_id: str


class GenerateRequest(Wire):
    """Free generation: ``prompt`` holds one ``<image>`` per entry of ``images`` (PNG bytes).

    >>> GenerateRequest(prompt="hi").max_new_tokens
    512
    """

    prompt: str
    images: tuple[_ImageBytes, ...] = ()
    max_new_tokens: int = Field(default=512, gt=0)


class GenerateResponse(Wire):
    """The generated text, any boxes parsed from it (0..1 over the last image), and the model.

    >>> GenerateResponse(text="ok", model_id="fake").boxes
    ()
    """

    text: str
    boxes: tuple[ModelBox, ...] = ()
    model_id: str


class EmbedRequest(Wire):
    """Embed each of ``texts`` (short UI strings, queries) as a unit vector.

    >>> EmbedRequest(texts=("Sign in", "Log in")).texts
    ('Sign in', 'Log in')
    """

    texts: tuple[str, ...] = Field(min_length=1)


class EmbedResponse(Wire):
    """One L2-normalised vector per text, in order (cosine similarity is their dot product).

    ``languages`` are the languages (ISO 639-1) whose texts the vectors compare, with each other and
    across languages ("Sign in" with "로그인"); empty means English only.

    >>> EmbedResponse(vectors=((1.0, 0.0),), model_id="fake").vectors[0]
    (1.0, 0.0)
    """

    vectors: tuple[tuple[float, ...], ...]
    model_id: str
    languages: tuple[str, ...] = ()


@runtime_checkable
class TextEmbedder(Protocol):
    """Anything that embeds text: the CPU backend, an HTTP client, or a test fake."""

    @property
    def model_id(self) -> str: ...

    async def embed(self, request: EmbedRequest, /) -> EmbedResponse: ...


@runtime_checkable
class VisionModel(Protocol):
    """Anything perception can ask: a local backend, an HTTP client, or a test fake.

    Implementations raise :class:`model.errors.ModelError` subclasses for model failures.
    ``isinstance`` checks only that the members exist, not their signatures.

    >>> class Echo:
    ...     model_id = "echo"
    ...     async def ground(self, request: GroundRequest, /) -> GroundResponse: return GroundResponse(model_id="echo")
    ...     async def ocr(self, request: OcrRequest, /) -> OcrResponse: return OcrResponse(model_id="echo")
    ...     async def layout(self, request: LayoutRequest, /) -> LayoutResponse: return LayoutResponse(model_id="echo")
    ...     async def generate(self, request: GenerateRequest, /) -> GenerateResponse:
    ...         return GenerateResponse(text=request.prompt, model_id="echo")
    >>> isinstance(Echo(), VisionModel)
    True
    """

    @property
    def model_id(self) -> str:
        """The model's name, e.g. ``"deepseek-ai/deepseek-vl2-tiny"``."""
        ...

    async def ground(self, request: GroundRequest, /) -> GroundResponse: ...

    async def ocr(self, request: OcrRequest, /) -> OcrResponse: ...

    async def layout(self, request: LayoutRequest, /) -> LayoutResponse: ...

    async def generate(self, request: GenerateRequest, /) -> GenerateResponse: ...
