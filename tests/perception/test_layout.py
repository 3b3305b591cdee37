"""Page layout on generated pages: vector evidence on born-digital pages, a layout model behind the
protocol for scanned pages (a scripted model, and the real CPU backend)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pymupdf
import pytest

from model.protocol import (
    GenerateRequest,
    GenerateResponse,
    GroundRequest,
    GroundResponse,
    LayoutBlock,
    LayoutRequest,
    LayoutResponse,
    OcrRequest,
    OcrResponse,
)
from perception.layout import detect_layout, detect_layout_sync


def _load_generator() -> ModuleType:
    """The layout benchmark's page generator (regions known by construction), loaded by path."""
    path = Path(__file__).resolve().parents[2] / "bench" / "layout.py"
    spec = importlib.util.spec_from_file_location("bench_layout", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_layout"] = module
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


class ScriptedLayout:
    """A VisionModel whose layout answer is fixed; records the requests."""

    model_id = "scripted"

    def __init__(self, blocks: list[LayoutBlock]) -> None:
        self.blocks, self.requests = blocks, []  # type: ignore[var-annotated]

    async def layout(self, request: LayoutRequest, /) -> LayoutResponse:
        self.requests.append(request)
        return LayoutResponse(blocks=tuple(self.blocks), model_id=self.model_id)

    async def ocr(self, request: OcrRequest, /) -> OcrResponse:
        return OcrResponse(model_id=self.model_id)

    async def ground(self, request: GroundRequest, /) -> GroundResponse:
        return GroundResponse(model_id=self.model_id)

    async def generate(self, request: GenerateRequest, /) -> GenerateResponse:
        return GenerateResponse(text="", model_id=self.model_id)


@pytest.fixture(scope="module")
def pages() -> tuple[pymupdf.Document, list[list[tuple[str, tuple[float, float, float, float]]]]]:
    import random

    rng = random.Random(5)
    doc = pymupdf.open()
    truths = [gen.draw_page(doc, rng, n + 1, korean=n == 2) for n in range(4)]
    return doc, truths


def test_vector_layout_finds_every_region(
    pages: tuple[pymupdf.Document, list[list[tuple[str, tuple[float, float, float, float]]]]],
) -> None:
    doc, truths = pages
    for n, truth in enumerate(truths):
        layout = detect_layout_sync(doc[n], page_number=n + 1)
        pred = [(r.kind, r.bbox.as_tuple()) for r in layout.regions]
        matched = gen.match(pred, truth)
        assert len(matched) == len(truth), (n, [t for j, t in enumerate(truth) if j not in {b for _, b in matched}])
        assert len(pred) == len(truth)
        assert {r.source for r in layout.regions} == {"vector"}
    kinds = {r.kind for n in range(len(truths)) for r in detect_layout_sync(doc[n], page_number=n + 1).regions}
    assert kinds == {"table", "figure", "text", "title", "caption", "header", "footer"}


async def test_model_fills_what_vectors_leave(
    pages: tuple[pymupdf.Document, list[list[tuple[str, tuple[float, float, float, float]]]]],
) -> None:
    doc, _ = pages
    page = doc[0]
    w, h = page.rect.width, page.rect.height
    table = next(r for r in (await detect_layout(page, page_number=1)).regions if r.kind == "table").bbox
    model = ScriptedLayout([
        LayoutBlock(label="table", xyxy=(table.x0 / w, table.y0 / h, table.x1 / w, table.y1 / h), score=0.9),
        LayoutBlock(label="figure_caption", xyxy=(0.1, 0.955, 0.3, 0.975), score=0.7),  # nothing drawn there
        LayoutBlock(label="unknown-thing", xyxy=(0.0, 0.0, 0.1, 0.1), score=0.9),
    ])  # fmt: skip
    layout = await detect_layout(page, page_number=1, model=model)
    assert len(model.requests) == 1 and model.requests[0].image.startswith(b"\x89PNG")
    from_model = [r for r in layout.regions if r.source == "model"]
    assert [(r.kind, round(r.bbox.y0)) for r in from_model] == [("caption", round(0.955 * h))]
    scanned = await detect_layout(page, page_number=1, model=model, vector=False)
    assert [r.kind for r in scanned.regions] == ["table", "caption"]


@pytest.mark.slow
async def test_cpu_layout_model_on_a_scanned_page(pages: tuple[pymupdf.Document, list[list[tuple[str, tuple[float, float, float, float]]]]],
                                                  cpu_model: object) -> None:  # fmt: skip
    doc, truths = pages
    pix = doc[0].get_pixmap(dpi=150)
    scan = pymupdf.open()
    page = scan.new_page(width=doc[0].rect.width, height=doc[0].rect.height)
    page.insert_image(page.rect, stream=pix.tobytes("png"))
    layout = await detect_layout(page, page_number=1, model=cpu_model)  # type: ignore[arg-type]
    assert {r.source for r in layout.regions} == {"model"}
    pred = [(r.kind, r.bbox.as_tuple()) for r in layout.regions]
    tables = [t for t in truths[0] if t[0] == "table"]
    assert len(gen.match([p for p in pred if p[0] == "table"], tables)) == len(tables)
