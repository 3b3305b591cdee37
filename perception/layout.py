"""Page layout: the regions of a PDF page (table, figure, text, title, caption, header, footer).

Two sources of evidence, the page's own first:

* **vector** (born-digital pages): tables from the table finders, figures from clusters of vector
  drawings (with the short labels around them) and from pictures, text blocks from the text
  layer, classified by place (header/footer bands), wording (captions: "Table 3", "그림 2") and
  size (titles: clearly larger than the body text);
* **model**: a layout model through :class:`~model.protocol.VisionModel` (``layout``: the CPU
  backend's CDLA detector, or a served model) on the rendered page. On born-digital pages its
  regions only fill what the vector evidence left uncovered; on scanned pages it is the source.

Boxes are PDF points of the page as displayed (top-left origin).

>>> import pymupdf
>>> doc = pymupdf.open(); page = doc.new_page()
>>> _ = page.insert_text((72, 400), "A paragraph of body text.", fontsize=11)
>>> [r.kind for r in detect_layout_sync(page, page_number=1).regions]
['text']
"""

from __future__ import annotations

import asyncio
import logging
import re
import statistics
from typing import TYPE_CHECKING, Literal

import pymupdf
from pydantic import Field

from perception.types import BBox, Frozen, Unit

if TYPE_CHECKING:
    from model.protocol import VisionModel

__all__ = ["LayoutRegion", "PageLayout", "RegionKind", "detect_layout", "detect_layout_sync"]

logger = logging.getLogger(__name__)

RegionKind = Literal["table", "figure", "text", "title", "caption", "header", "footer"]
"""What a region holds."""

_MODEL_KINDS: dict[str, RegionKind] = {
    "table": "table", "figure": "figure", "chart": "figure", "picture": "figure", "image": "figure",
    "text": "text", "plain text": "text", "list": "text", "equation": "text", "formula": "text", "abandon": "text",
    "title": "title", "section-header": "title", "section_header": "title",
    "caption": "caption", "figure_caption": "caption", "table_caption": "caption", "reference": "caption",
    "figure caption": "caption", "table caption": "caption",
    "header": "header", "page-header": "header", "footer": "footer", "page-footer": "footer",
}  # fmt: skip
_CAPTION = re.compile(r"^\s*(table|tab\.|figure|fig\.|chart|exhibit|graph|표|그림|도표|차트|<표|\[표)\s*[\dA-Z]",
                      re.IGNORECASE)  # fmt: skip
_BAND = 0.07  # header / footer bands: this share of the page height at the top and the bottom
_MIN_FIGURE_PT = 36.0


class LayoutRegion(Frozen):
    """One region: its kind, box (display points), score, where it came from, and its text if any."""

    kind: RegionKind
    bbox: BBox
    score: Unit = 1.0
    source: Literal["vector", "model"]
    text: str = ""


class PageLayout(Frozen):
    """The regions of one page, top to bottom."""

    page: int = Field(ge=1)
    width: float = Field(gt=0)
    height: float = Field(gt=0)
    regions: tuple[LayoutRegion, ...] = ()

    def of_kind(self, kind: RegionKind) -> list[LayoutRegion]:
        """The regions of one kind, in reading order."""
        return [r for r in self.regions if r.kind == kind]


def _bbox(r: pymupdf.Rect) -> BBox:
    return BBox(x0=r.x0, y0=r.y0, x1=r.x1, y1=r.y1)


def _overlap(a: BBox, b: BBox) -> float:
    """Intersection over the smaller area."""
    return a.intersection_area(b) / max(min(a.area, b.area), 1e-6)


def _vector_regions(page: pymupdf.Page, *, page_number: int) -> list[LayoutRegion]:
    from perception.tables import find_tables

    m = page.rotation_matrix
    h = page.rect.height
    regions: list[LayoutRegion] = []
    tables = [t.bbox for t in find_tables(page, page_number=page_number).tables]
    regions += [LayoutRegion(kind="table", bbox=b, source="vector", score=0.95) for b in tables]
    text = page.get_text("dict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP)
    blocks = []
    for block in text["blocks"]:
        if block.get("type") != 0:
            continue
        lines = [ln for ln in block["lines"] if "".join(s["text"] for s in ln["spans"]).strip()]
        if not lines:
            continue
        r = pymupdf.Rect(block["bbox"]) * m
        r.normalize()
        words = " ".join("".join(s["text"] for s in ln["spans"]).strip() for ln in lines)
        sizes = [s["size"] for ln in lines for s in ln["spans"] if s["text"].strip()]
        blocks.append((_bbox(r), words, max(sizes), len(lines)))
    # figures: clusters of drawings outside the tables, and pictures
    figures: list[BBox] = []
    try:
        clusters = page.cluster_drawings()
    except Exception:  # noqa: BLE001  a damaged drawing list: no drawn figures
        clusters = []
    pr = page.rect
    for c in clusters:
        r = pymupdf.Rect(c) * m
        r.normalize()
        b = _bbox(r & pr) if not (r & pr).is_empty else None
        if b is None or b.width < _MIN_FIGURE_PT or b.height < _MIN_FIGURE_PT:
            continue
        if b.width >= 0.95 * pr.width and b.height >= 0.95 * pr.height:
            continue  # a page frame
        if any(_overlap(b, t) > 0.5 for t in tables):
            continue
        figures.append(b)
    for info in page.get_image_info():
        r = pymupdf.Rect(info["bbox"]) * m
        r.normalize()
        b = _bbox(r & pr) if not (r & pr).is_empty else None
        if b is not None and b.width >= _MIN_FIGURE_PT and b.height >= _MIN_FIGURE_PT:
            figures.append(b)
    figures = _absorb_labels(_merge_boxes(figures), blocks, tables)
    regions += [LayoutRegion(kind="figure", bbox=b, source="vector", score=0.9) for b in figures]
    taken = tables + figures
    body = [size for b, _, size, n in blocks if n >= 2] or [size for _, _, size, _ in blocks]
    body_size = statistics.median(body) if body else 10.0
    for b, words, size, n in blocks:
        if any(_overlap(b, t) > 0.5 for t in taken):
            continue
        near = any(_gap(b, t) <= 30 for t in taken)
        if b.y1 <= _BAND * h:
            kind: RegionKind = "header"
        elif b.y0 >= (1 - _BAND) * h:
            kind = "footer"
        elif _CAPTION.match(words) and (near or n <= 2):
            kind = "caption"
        elif size >= 1.25 * body_size and n <= 3:
            kind = "title"
        else:
            kind = "text"
        regions.append(LayoutRegion(kind=kind, bbox=b, source="vector", score=0.9, text=words[:500]))
    return regions


def _gap(a: BBox, b: BBox) -> float:
    dx = max(0.0, b.x0 - a.x1, a.x0 - b.x1)
    dy = max(0.0, b.y0 - a.y1, a.y0 - b.y1)
    return max(dx, dy)


def _merge_boxes(boxes: list[BBox], tol: float = 6.0) -> list[BBox]:
    out = list(boxes)
    changed = True
    while changed:
        changed = False
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                if _gap(out[i], out[j]) <= tol:
                    a, b = out[i], out[j]
                    out[i] = BBox(x0=min(a.x0, b.x0), y0=min(a.y0, b.y0), x1=max(a.x1, b.x1), y1=max(a.y1, b.y1))
                    del out[j]
                    changed = True
                    break
            if changed:
                break
    return out


def _absorb_labels(figures: list[BBox], blocks: list[tuple[BBox, str, float, int]], tables: list[BBox]) -> list[BBox]:
    """A chart's tick labels, legend and axis titles are short text next to its drawings."""
    out = []
    for f in figures:
        box = f
        for _ in range(2):
            for b, words, _size, n in blocks:
                if (
                    len(words) > 80
                    or len(words) > 24 * n
                    or _CAPTION.match(words)
                    or any(_overlap(b, t) > 0.5 for t in tables)
                ):
                    continue
                if _gap(box, b) <= 14 and (_overlap(b, box) > 0 or b.area < 0.5 * box.area):
                    box = BBox(x0=min(box.x0, b.x0), y0=min(box.y0, b.y0), x1=max(box.x1, b.x1), y1=max(box.y1, b.y1))
        out.append(box)
    return out


async def _model_regions(page: pymupdf.Page, model: VisionModel, *, dpi: int) -> list[LayoutRegion]:
    from model.protocol import LayoutRequest

    pix = page.get_pixmap(dpi=dpi, alpha=False)
    response = await model.layout(LayoutRequest(image=pix.tobytes("png")))
    w, h = page.rect.width, page.rect.height
    out = []
    for block in response.blocks:
        kind = _MODEL_KINDS.get(block.label.lower())
        if kind is None:
            continue
        x0, y0, x1, y1 = block.xyxy
        out.append(LayoutRegion(kind=kind, bbox=BBox(x0=x0 * w, y0=y0 * h, x1=x1 * w, y1=y1 * h),
                                score=1.0 if block.score is None else block.score, source="model"))  # fmt: skip
    return out


async def detect_layout(
    page: pymupdf.Page,
    *,
    page_number: int,
    model: VisionModel | None = None,
    dpi: int = 150,
    vector: bool | None = None,
) -> PageLayout:
    """The regions of ``page``: vector evidence first, then ``model``'s layout for the rest.

    ``vector`` defaults to the page's triage (``False`` on scanned pages, whose text layer, if any,
    is not to be trusted); ``dpi`` is the resolution the model sees. Without a model, a scanned
    page has no regions. Raises what the model raises (:class:`~model.errors.ModelError`).
    """
    if vector is None:
        from perception.triage import triage_page

        vector = triage_page(page).kind != "scanned"
    regions = _vector_regions(page, page_number=page_number) if vector else []
    if model is not None:
        extra = await _model_regions(page, model, dpi=dpi)
        regions += [r for r in extra if all(_overlap(r.bbox, v.bbox) < 0.3 for v in regions if v.source == "vector")]
    regions.sort(key=lambda r: (round(r.bbox.y0 / 4), r.bbox.x0))
    r = page.rect
    return PageLayout(page=page_number, width=r.width, height=r.height, regions=tuple(regions))


def detect_layout_sync(
    page: pymupdf.Page,
    *,
    page_number: int,
    model: VisionModel | None = None,
    dpi: int = 150,
    vector: bool | None = None,
) -> PageLayout:
    """:func:`detect_layout` for synchronous code (runs it on a fresh event loop)."""
    return asyncio.run(detect_layout(page, page_number=page_number, model=model, dpi=dpi, vector=vector))
