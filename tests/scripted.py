"""The one scripted generative model of the tests: a real ``VisionModel`` that replays answers.

Only the generative edge is faked (STYLE): ``generate`` returns the scripted texts in order and
records every request, so a test can read the prompts it sent; ``ground``, ``ocr`` and ``layout``
answer that they found nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from model.protocol import (
    GenerateRequest,
    GenerateResponse,
    GroundRequest,
    GroundResponse,
    LayoutRequest,
    LayoutResponse,
    OcrRequest,
    OcrResponse,
)


class ScriptedModel:
    """Answers ``generate`` from ``replies`` in order (``StopIteration`` past the end) and keeps ``requests``."""

    def __init__(self, replies: Iterable[str], *, model_id: str = "scripted") -> None:
        self.model_id = model_id
        self._replies = iter(replies)
        self.requests: list[GenerateRequest] = []

    async def generate(self, request: GenerateRequest, /) -> GenerateResponse:
        self.requests.append(request)
        return GenerateResponse(text=next(self._replies), model_id=self.model_id)

    async def ground(self, request: GroundRequest, /) -> GroundResponse:
        return GroundResponse(model_id=self.model_id)

    async def ocr(self, request: OcrRequest, /) -> OcrResponse:
        return OcrResponse(model_id=self.model_id)

    async def layout(self, request: LayoutRequest, /) -> LayoutResponse:
        return LayoutResponse(model_id=self.model_id)
