"""The wire types: JSON round trips, base64 bytes, validation, and the runtime-checkable VisionModel."""

from __future__ import annotations

import base64
import json

import pytest
from pydantic import BaseModel, ValidationError

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
    VisionModel,
    Wire,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"  # not UTF-8: only base64 can carry it in JSON

SAMPLES: list[Wire] = [
    ModelBox(label="OK button", xyxy=(0.1, 0.2, 0.3, 0.4), score=0.9),
    GroundRequest(image=PNG, query="the OK button", max_boxes=3),
    GroundResponse(boxes=(ModelBox(label="OK", xyxy=(0, 0, 1, 1)),), model_id="fake"),
    OcrRequest(image=PNG, languages=("en", "de")),
    OcrResponse(spans=(OcrSpan(text="Total 34.70", xyxy=(0.5, 0.9, 0.8, 0.95), score=0.99),), model_id="fake"),
    LayoutRequest(image=PNG),
    LayoutResponse(blocks=(LayoutBlock(label="table", xyxy=(0.05, 0.3, 0.95, 0.7), score=0.8),), model_id="fake"),
    GenerateRequest(prompt="<image>\n<|ref|>the OK button<|/ref|>.", images=(PNG, PNG), max_new_tokens=64),
    GenerateResponse(text="<|det|>[[1, 2, 3, 4]]<|/det|>", boxes=(ModelBox(label="x", xyxy=(0, 0, 0, 0)),),
                     model_id="deepseek-ai/deepseek-vl2-tiny"),
]  # fmt: skip


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: type(s).__name__)
def test_json_round_trip(sample: Wire) -> None:
    again = type(sample).model_validate_json(sample.model_dump_json())
    assert again == sample
    assert hash(again) == hash(sample)  # frozen, tuples inside: usable as keys


def test_bytes_are_base64_on_the_wire() -> None:
    wire = json.loads(GenerateRequest(prompt="p", images=(PNG,)).model_dump_json())
    assert wire["images"] == [base64.b64encode(PNG).decode("ascii")]
    assert json.loads(OcrRequest(image=PNG).model_dump_json())["image"] == base64.b64encode(PNG).decode("ascii")
    back = GroundRequest.model_validate_json(json.dumps({"image": base64.b64encode(PNG).decode(), "query": "q"}))
    assert back.image == PNG
    urlsafe = base64.urlsafe_b64encode(PNG).decode()  # what pydantic's own base64 writes: read too
    assert OcrRequest.model_validate_json(json.dumps({"image": urlsafe})).image == PNG
    assert OcrRequest(image=PNG).model_dump(mode="json")["image"] == base64.b64encode(PNG).decode("ascii")
    assert OcrRequest(image=PNG).model_dump()["image"] == PNG  # Python side stays bytes
    assert "image" in GroundRequest.model_json_schema(mode="serialization")["properties"]


@pytest.mark.parametrize(
    "xyxy",
    [(-0.01, 0, 1, 1), (0, 0, 1.2, 1), (0, 0, 1, 1.0001), (0.5, 0, 0.4, 1), (0, 0.6, 1, 0.5)],
)
def test_out_of_range_or_inverted_boxes_are_rejected(xyxy: tuple[float, float, float, float]) -> None:
    for cls in (ModelBox, LayoutBlock):
        with pytest.raises(ValidationError):
            cls(label="x", xyxy=xyxy)
    with pytest.raises(ValidationError):
        OcrSpan(text="x", xyxy=xyxy)


@pytest.mark.parametrize(
    ("cls", "data"),
    [
        (ModelBox, {"label": "x", "xyxy": [0, 0, 1, 1], "score": 1.5}),
        (ModelBox, {"label": "x", "xyxy": [0, 0, 1]}),
        (ModelBox, {"label": "x", "xyxy": [0, 0, 1, 1], "colour": "red"}),  # extra=forbid
        (GroundRequest, {"image": "", "query": "q"}),
        (GroundRequest, {"image": "aGk=", "query": ""}),
        (GroundRequest, {"image": "aGk=", "query": "q", "max_boxes": 0}),
        (GenerateRequest, {"prompt": "p", "max_new_tokens": 0}),
        (GroundResponse, {"boxes": []}),  # model_id is required
    ],
)
def test_invalid_payloads_are_rejected(cls: type[BaseModel], data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        cls.model_validate_json(json.dumps(data))


def test_wire_types_are_frozen() -> None:
    box = ModelBox(label="x", xyxy=(0, 0, 1, 1))
    with pytest.raises(ValidationError):
        box.label = "y"


class Echo:
    """A complete VisionModel: answers from the request, records nothing."""

    model_id = "echo"

    async def ground(self, request: GroundRequest, /) -> GroundResponse:
        return GroundResponse(boxes=(ModelBox(label=request.query, xyxy=(0, 0, 1, 1)),), model_id=self.model_id)

    async def ocr(self, request: OcrRequest, /) -> OcrResponse:
        return OcrResponse(model_id=self.model_id)

    async def layout(self, request: LayoutRequest, /) -> LayoutResponse:
        return LayoutResponse(model_id=self.model_id)

    async def generate(self, request: GenerateRequest, /) -> GenerateResponse:
        return GenerateResponse(text=request.prompt, model_id=self.model_id)


class OnlyGenerates:
    model_id = "half"

    async def generate(self, request: GenerateRequest, /) -> GenerateResponse:
        return GenerateResponse(text="", model_id=self.model_id)


class NoModelId:
    """All four methods, but no ``model_id``."""

    ground, ocr, layout, generate = Echo.ground, Echo.ocr, Echo.layout, Echo.generate


async def test_a_small_class_implements_the_protocol() -> None:
    model: VisionModel = Echo()  # mypy checks the signatures; isinstance only the members
    assert isinstance(model, VisionModel)
    assert not isinstance(OnlyGenerates(), VisionModel)
    assert not isinstance(NoModelId(), VisionModel)
    answer = await model.ground(GroundRequest(image=PNG, query="the OK button"))
    assert answer.boxes[0].label == "the OK button" and answer.model_id == "echo"
    assert (await model.generate(GenerateRequest(prompt="hi"))).text == "hi"
