"""Read the text of a screenshot or page image with any :class:`~model.protocol.VisionModel`, zooming in.

A model reads a large image badly: OCR engines shrink it to a working size (PP-OCR to 2048 px)
and small UI text becomes unreadable. :func:`read_text` therefore cuts large images (full-page
screenshots, 4K, device scale 2) into ``n_w × n_h`` crops of the **original** pixels, with the
grid of :func:`model.tiling.select_grid` (at most 9 tiles), reads each crop, maps the boxes back
through :mod:`perception.geometry` and removes what the overlaps read twice:

* each seam moves, within 15 % of a tile, to the row or column that crosses the least ink, so it
  runs between lines and words where it can;
* neighbouring crops overlap by :data:`OVERLAP_PX` on each side of a seam, so a line cut by one
  crop is whole in the other; a line touching a seam is dropped when its neighbour holds it;
* the same text read in two crops is kept once (the uncut reading, else the larger, else the more
  confident), and a long line cut by a vertical seam is merged from its two halves.

Boxes come back in ``device_px`` of the whole image (the pixels given), in reading order.
"""

from __future__ import annotations

import asyncio
import difflib
import io
import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from model.errors import ConfigError
from model.protocol import OcrRequest, VisionModel
from model.tiling import select_grid
from perception.geometry import from_crop, from_unit
from perception.types import BBox, TextSpan

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    from PIL.Image import Image

__all__ = ["OVERLAP_PX", "ZOOM_MAX_SIDE", "ZOOM_MIN_PIXELS", "read_text"]

logger = logging.getLogger(__name__)

ZOOM_MIN_PIXELS = 2_400_000
"""Images (or regions) with more pixels than this are read in tiles (1920×1080 is read whole)."""
ZOOM_MAX_SIDE = 2048
"""…and so are those with a longer side than this: OCR engines shrink bigger images."""
OVERLAP_PX = 48
"""Pixels each crop reaches past a seam: lines up to this tall are whole in one of the two crops."""
_SEAM_WINDOW = 0.15  # a seam may move this fraction of a tile towards the least-inked row or column
_EDGE_PX = 3.0  # a box this close to an inner crop edge may be cut by it


@dataclass(frozen=True)
class _Piece:
    """A line read in one crop, its box in image pixels, and which inner crop edges it touches."""

    box: tuple[float, float, float, float]
    text: str
    score: float
    tile: int
    cut_left: bool = False
    cut_right: bool = False
    cut_top: bool = False
    cut_bottom: bool = False

    @property
    def cuts(self) -> int:
        return self.cut_left + self.cut_right + self.cut_top + self.cut_bottom


async def read_text(
    model: VisionModel,
    image: bytes,
    *,
    languages: Sequence[str] = (),
    region: BBox | None = None,
    zoom: bool = True,
) -> list[TextSpan]:
    """The text lines of ``image`` (PNG/JPEG bytes) as :class:`TextSpan` in ``device_px`` of the image.

    ``languages`` are hints passed to the model (``("ko",)`` for Korean). ``region`` (a
    ``device_px`` box of the image) reads only that part; boxes are still in pixels of the whole
    image. With ``zoom`` (the default) an image or region larger than :data:`ZOOM_MIN_PIXELS` or
    :data:`ZOOM_MAX_SIDE` is read in crops at full resolution; smaller ones go in one call.
    Raises :class:`~model.errors.ImageError` for bytes that are not an image,
    :class:`~model.errors.ConfigError` for a region in another space or outside the image, and
    whatever the model raises (:class:`~model.errors.ModelError`).

    >>> import asyncio
    >>> from model.protocol import OcrResponse, OcrSpan
    >>> class Fake:  # a VisionModel that reads one line in the middle of whatever it is sent
    ...     model_id = "fake"
    ...     async def ocr(self, request):
    ...         return OcrResponse(spans=(OcrSpan(text="Hi", xyxy=(0.25, 0.25, 0.75, 0.75)),), model_id="fake")
    >>> from PIL import Image
    >>> png = io.BytesIO(); Image.new("RGB", (200, 100), "white").save(png, "PNG")
    >>> [(s.text, s.bbox.as_tuple()) for s in asyncio.run(read_text(Fake(), png.getvalue()))]
    [('Hi', (50.0, 25.0, 150.0, 75.0))]
    """
    picture = await asyncio.to_thread(decode, image)
    return await read_decoded(model, picture, image, languages=languages, region=region, zoom=zoom)


async def read_decoded(
    model: VisionModel,
    picture: Image,
    image: bytes,
    *,
    languages: Sequence[str] = (),
    region: BBox | None = None,
    zoom: bool = True,
) -> list[TextSpan]:
    """:func:`read_text` of ``image`` already decoded as ``picture`` (by :func:`decode`).

    A caller that reads several regions of one screenshot decodes it once. Cropping, seam search
    and PNG encoding run in a worker thread, so the event loop stays free while pixels are cut.
    """
    langs = tuple(languages)
    width, height = picture.size
    area = _area(region, width, height)
    x0, y0, x1, y1 = area
    aw, ah = x1 - x0, y1 - y0
    if not zoom or (aw * ah <= ZOOM_MIN_PIXELS and max(aw, ah) <= ZOOM_MAX_SIDE):
        whole = region is None or area == (0, 0, width, height)
        png = image if whole else await asyncio.to_thread(lambda: _png(picture.crop(area)))
        pieces = await _read_crops(model, [(area, png)], langs, inner=[(False, False, False, False)])
        return _spans(pieces)

    def cut() -> list[tuple[_Rect, _Edges, bytes]]:
        return [(t, edges, _png(picture.crop(t))) for t, edges in _tiles(picture, area)]

    tiles = await asyncio.to_thread(cut)
    crops = [(t, png) for t, _, png in tiles]
    pieces = await _read_crops(model, crops, langs, inner=[edges for _, edges, _ in tiles])
    merged = _deduplicate(pieces)
    logger.debug("read %dx%d in %d tiles: %d lines, %d after de-duplication", aw, ah, len(tiles), len(pieces),
                 len(merged))  # fmt: skip
    return _spans(merged)


SCREENSHOT_MAX_PIXELS = 150_000_000
"""Largest image :func:`read_text` decodes (a 2560-px-wide full-page screenshot 58,000 px long): it
sends the model tiles, so it may exceed the 50 MP a model takes in one piece."""


def decode(image: bytes) -> Image:
    """``image`` decoded, up to :data:`SCREENSHOT_MAX_PIXELS` (read in tiles, so past a model's limit).

    Raises :class:`~model.errors.ImageError` for bytes that are not an image or too large.
    """
    from model.cpu import open_image

    return open_image(image, max_pixels=SCREENSHOT_MAX_PIXELS)


def _area(region: BBox | None, width: int, height: int) -> tuple[int, int, int, int]:
    """The pixel rectangle to read: ``region`` rounded outwards and clipped to the image."""
    if region is None:
        return (0, 0, width, height)
    if region.space != "device_px":
        raise ConfigError(
            f"region must be a box in 'device_px' of the image, got one in {region.space!r}: convert it with "
            "perception.geometry first",
            name="region",
            value=region,
        )
    x0, y0 = max(0, int(region.x0)), max(0, int(region.y0))
    x1, y1 = min(width, int(-(-region.x1 // 1))), min(height, int(-(-region.y1 // 1)))
    if x1 - x0 < 1 or y1 - y0 < 1:
        raise ConfigError(
            f"region {region.as_tuple()} does not overlap the {width}×{height} image",
            name="region",
            value=region,
        )
    return (x0, y0, x1, y1)


def _png(image: Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


async def _read_crops(
    model: VisionModel,
    crops: list[tuple[tuple[int, int, int, int], bytes]],
    languages: tuple[str, ...],
    *,
    inner: list[tuple[bool, bool, bool, bool]],
) -> list[_Piece]:
    """OCR every crop (concurrently) and map the spans to image pixels, noting seam contacts."""
    responses = await asyncio.gather(*(model.ocr(OcrRequest(image=png, languages=languages)) for _, png in crops))
    pieces = []
    for tile, ((area, _), response, (left, top, right, bottom)) in enumerate(zip(crops, responses, inner, strict=True)):
        cw, ch = area[2] - area[0], area[3] - area[1]
        frame = BBox(x0=area[0], y0=area[1], x1=area[2], y1=area[3], space="device_px")
        for span in response.spans:
            text = unicodedata.normalize("NFC", span.text).strip()
            if not text:
                continue
            unit = BBox(x0=span.xyxy[0], y0=span.xyxy[1], x1=span.xyxy[2], y1=span.xyxy[3], space="unit")
            box = from_crop(from_unit(unit, width=cw, height=ch), crop=frame)
            pieces.append(
                _Piece(
                    box=box.as_tuple(),
                    text=text,
                    score=1.0 if span.score is None else span.score,
                    tile=tile,
                    cut_left=left and box.x0 - frame.x0 <= _EDGE_PX,
                    cut_right=right and frame.x1 - box.x1 <= _EDGE_PX,
                    cut_top=top and box.y0 - frame.y0 <= _EDGE_PX,
                    cut_bottom=bottom and frame.y1 - box.y1 <= _EDGE_PX,
                )
            )
    return pieces


# -- tiles ------------------------------------------------------------------------------------------
_Rect = tuple[int, int, int, int]
_Edges = tuple[bool, bool, bool, bool]


def _tiles(picture: Image, area: _Rect) -> list[tuple[_Rect, _Edges]]:
    """Crops covering ``area``: ``((x0, y0, x1, y1), (inner left, top, right, bottom edge))`` row-major."""
    import numpy as np

    x0, y0, x1, y1 = area
    grid = select_grid(x1 - x0, y1 - y0)
    gray = np.asarray(picture.convert("L").crop(area), dtype=np.int16)
    rows = _seams(gray, grid.n_h, axis=0)
    out = []
    for r in range(grid.n_h):
        band = gray[rows[r] : rows[r + 1]]
        cols = _seams(band, grid.n_w, axis=1)
        for c in range(grid.n_w):
            inner = (c > 0, r > 0, c < grid.n_w - 1, r < grid.n_h - 1)
            box = (
                x0 + max(0, cols[c] - (OVERLAP_PX if inner[0] else 0)),
                y0 + max(0, rows[r] - (OVERLAP_PX if inner[1] else 0)),
                x0 + min(gray.shape[1], cols[c + 1] + (OVERLAP_PX if inner[2] else 0)),
                y0 + min(gray.shape[0], rows[r + 1] + (OVERLAP_PX if inner[3] else 0)),
            )
            out.append((box, inner))
    return out


def _seams(gray: npt.NDArray[np.int16], n: int, *, axis: int) -> list[int]:
    """``n + 1`` cut positions along ``axis`` (0: rows, 1: columns) of ``gray``, ends included.

    Each inner cut starts at an even split and moves, within :data:`_SEAM_WINDOW` of a tile, to
    the line of pixels that crosses the least ink (pixels far from that line's median), nearest
    the even split on ties.

    >>> import numpy as np
    >>> img = np.full((10, 100), 255, dtype=np.int16); img[::2, 45:52] = 0  # text across the middle
    >>> _seams(img, 2, axis=1)  # moved right of it (nearer the middle than the left side)
    [0, 52, 100]
    """
    import numpy as np

    size = gray.shape[axis]
    step = size / n
    cuts = [0]
    for i in range(1, n):
        ideal = round(i * step)
        reach = max(1, int(step * _SEAM_WINDOW))
        lo, hi = max(cuts[-1] + 1, ideal - reach), min(size - 1, ideal + reach)
        lines = gray[lo : hi + 1] if axis == 0 else gray[:, lo : hi + 1].T
        if len(lines) == 0:
            cuts.append(ideal)
            continue
        med = np.median(lines, axis=1, keepdims=True)
        ink = (np.abs(lines - med) > 32).sum(axis=1)
        order = np.lexsort((np.abs(np.arange(lo, hi + 1) - ideal), ink))
        cuts.append(int(lo + order[0]))
    cuts.append(size)
    return cuts


# -- de-duplication ---------------------------------------------------------------------------------
def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def _same_line(a: _Piece, b: _Piece) -> bool:
    top, bottom = max(a.box[1], b.box[1]), min(a.box[3], b.box[3])
    return bottom - top >= 0.5 * min(a.box[3] - a.box[1], b.box[3] - b.box[1])


def _overlap(a: _Piece, b: _Piece) -> float:
    """Intersection area over the smaller box's area."""
    w = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
    h = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
    if w <= 0 or h <= 0:
        return 0.0
    small = min((a.box[2] - a.box[0]) * (a.box[3] - a.box[1]), (b.box[2] - b.box[0]) * (b.box[3] - b.box[1]))
    return w * h / small if small > 0 else 0.0


def _similar(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    fa, fb = _fold(a), _fold(b)
    if not fa or not fb:
        return fa == fb
    return fuzz.ratio(fa, fb) >= 80 or (min(len(fa), len(fb)) >= 3 and fuzz.partial_ratio(fa, fb) >= 90)


def _better(a: _Piece, b: _Piece) -> _Piece:
    """Of two readings of the same text: the uncut one, else the larger box, else the more confident."""
    area_a = (a.box[2] - a.box[0]) * (a.box[3] - a.box[1])
    area_b = (b.box[2] - b.box[0]) * (b.box[3] - b.box[1])
    return min((a, b), key=lambda p: (p.cuts, -round((area_a if p is a else area_b) / 16), -p.score))


def _join(left: _Piece, right: _Piece) -> _Piece:
    """One line from its ``left`` and ``right`` halves, read in crops that overlap across a seam."""
    lo, hi = right.box[0], left.box[2]  # the stretch both crops read
    lw, rw = max(1.0, left.box[2] - left.box[0]), max(1.0, right.box[2] - right.box[0])
    # characters of each half that lie in the shared stretch (proportional estimate), then the
    # longest run they agree on: the text switches from left to right inside it
    li = max(0, min(len(left.text), int(len(left.text) * (lo - left.box[0]) / lw) - 1))
    rj = max(0, min(len(right.text), round(len(right.text) * (hi - right.box[0]) / rw) + 1))
    tail, head = left.text[li:], right.text[:rj]
    m = difflib.SequenceMatcher(None, tail, head, autojunk=False).find_longest_match(0, len(tail), 0, len(head))
    if m.size >= 2:
        text = left.text[: li + m.a] + right.text[m.b :]
    else:  # no agreement: cut both at the middle of the shared stretch
        mid = (lo + hi) / 2
        a = round(len(left.text) * (mid - left.box[0]) / lw)
        b = round(len(right.text) * (mid - right.box[0]) / rw)
        text = left.text[:a].rstrip() + " " + right.text[b:].lstrip()
    box = (
        min(left.box[0], right.box[0]),
        min(left.box[1], right.box[1]),
        max(left.box[2], right.box[2]),
        max(left.box[3], right.box[3]),
    )
    n_l, n_r = len(left.text), len(right.text)
    score = (left.score * n_l + right.score * n_r) / max(1, n_l + n_r)
    return _Piece(box, text.strip(), score, left.tile, left.cut_left, right.cut_right,
                  left.cut_top or right.cut_top, left.cut_bottom or right.cut_bottom)  # fmt: skip


def _deduplicate(pieces: list[_Piece]) -> list[_Piece]:
    """Resolve every pair of pieces from different crops that read the same place.

    Only pieces touching the overlap of two crops can meet, so the pairwise work is on those.
    """
    shared: list[_Piece] = []
    alone: list[_Piece] = []
    for p in pieces:
        (shared if any(q.tile != p.tile and _overlap(p, q) > 0 for q in pieces) else alone).append(p)
    items = shared
    i = 0
    while i < len(items):
        j = i + 1
        while j < len(items):
            joined = _resolve(items[i], items[j])
            if joined is None:
                j += 1
                continue
            items[i] = joined
            del items[j]
            j = i + 1  # the piece changed: compare it with the others again
        i += 1
    return alone + items


def _resolve(a: _Piece, b: _Piece) -> _Piece | None:
    """One piece for two that read the same place in different crops, or None when they do not."""
    if a.tile == b.tile or not _same_line(a, b) or _overlap(a, b) <= 0:
        return None
    left, right = (a, b) if a.box[0] <= b.box[0] else (b, a)
    if left.cut_right and right.cut_left and right.box[2] > left.box[2] + _EDGE_PX:
        return _join(left, right)  # two halves of one line across a vertical seam
    if _overlap(a, b) >= 0.5 and (_similar(a.text, b.text) or a.cuts != b.cuts):
        return _better(a, b)  # the same line twice, or a cut remnant of it
    if right.box[0] > left.box[0] + _EDGE_PX and right.box[2] > left.box[2] + _EDGE_PX:
        # each crop read a part of one line and both read where they overlap ("SUMMER" | "ER SALE"),
        # though neither was cut where the engine could see it
        return _join(left, right)
    return None


def _spans(pieces: list[_Piece]) -> list[TextSpan]:
    """Pieces as :class:`TextSpan` (``device_px``), top to bottom and left to right within a row."""
    rows: list[list[_Piece]] = []
    for p in sorted(pieces, key=lambda p: (p.box[1] + p.box[3]) / 2):
        mid = (p.box[1] + p.box[3]) / 2
        if rows and min(q.box[1] for q in rows[-1]) <= mid <= max(q.box[3] for q in rows[-1]):
            rows[-1].append(p)
        else:
            rows.append([p])
    ordered = [p for row in rows for p in sorted(row, key=lambda p: p.box[0])]
    return [
        TextSpan(
            text=p.text,
            bbox=BBox(x0=p.box[0], y0=p.box[1], x1=p.box[2], y1=p.box[3], space="device_px"),
            score=min(1.0, max(0.0, p.score)),
            source="ocr",
        )
        for p in ordered
    ]
