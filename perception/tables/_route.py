"""One page → its tables, whatever the page is: triage first, then the text layer, OCR, or both.

* ``born_digital``: the vector finders (:func:`~perception.tables.find_tables`);
* ``scanned``: the OCR path (:func:`~perception.tables._scan.scan_tables`) on the whole page;
* ``mixed``: the vector finders on the text layer with its garbled spans re-read by OCR, plus the
  OCR path on each picture that has no text layer.

The triage is recorded on the result (:attr:`~perception.document.PageTables.triage`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import pymupdf

from perception.document import PageTables, Table
from perception.tables._build import build_table
from perception.tables._find import _TEXT_FLAGS, _grids, _one_per_region, _open_ends, find_tables
from perception.tables._grid import Grid
from perception.tables._primitives import Frame, page_frames, read_segments, read_words
from perception.tables._scan import DEFAULT_DPI, read_scan, scan_tables
from perception.triage import PageTriage, is_garbled, span_unmapped, triage_page, unmapped_fonts
from perception.types import BBox

if TYPE_CHECKING:
    from model.protocol import VisionModel

__all__ = ["read_tables"]

logger = logging.getLogger(__name__)


def read_tables(
    page: pymupdf.Page,
    *,
    page_number: int,
    ocr: bool = True,
    dpi: int = DEFAULT_DPI,
    languages: tuple[str, ...] = (),
    model: VisionModel | None = None,
) -> PageTables:
    """The tables on ``page``, read from its text layer or by OCR as its triage decides.

    ``ocr=False`` reads the text layer only (scanned pages then give no tables). ``dpi`` is the
    OCR render resolution, ``languages`` an OCR hint (``("ko",)`` for Korean), ``model`` a vision
    model to OCR with instead of tesseract. Raises :class:`~model.errors.ModelError` when a page
    needs OCR and none is available.
    """
    triage = triage_page(page)
    if not ocr or triage.kind == "born_digital":
        result = find_tables(page, page_number=page_number)
    elif triage.kind == "scanned":
        result = scan_tables(page, page_number=page_number, dpi=dpi, languages=languages, model=model)
    else:
        raw = page.get_text("rawdict", flags=_TEXT_FLAGS)
        result = _mixed(page, raw, triage, page_number=page_number, dpi=dpi, languages=languages, model=model)
    logger.debug("page %d: %s (%s), %d tables", page_number, triage.kind, triage.reason, len(result.tables))
    return result.model_copy(update={"triage": triage})


def _mixed(page: pymupdf.Page, raw: dict[str, Any], triage: PageTriage, *, page_number: int, dpi: int,
           languages: tuple[str, ...], model: VisionModel | None) -> PageTables:  # fmt: skip
    if triage.garbled_spans:
        raw = repair_garbled(page, raw, dpi=dpi, languages=languages, model=model)
    result = _find_in(page, raw, page_number=page_number)
    tables = list(result.tables)
    for region in triage.scan_regions:
        if not _ruled(page, region):
            logger.debug("page %d: picture %s holds no rules; not read as a table", page_number, region)
            continue
        part = scan_tables(page, page_number=page_number, dpi=dpi, clip=region, languages=languages, model=model)
        tables.extend(part.tables)
    tables = _one_per_region(tables)
    tables.sort(key=lambda t: (round(t.bbox.y0 / 4), t.bbox.x0))
    return result.model_copy(update={"tables": tuple(tables)})


def _ruled(page: pymupdf.Page, region: BBox, *, dpi: int = 100) -> bool:
    """Whether a picture on a born-digital page draws a ruled grid (three rules across or down):
    the cheap test that keeps photos, logos and charts out of the OCR path."""
    from perception.tables._scan import binarize, flatten, render_gray, rule_mask, rule_segments

    gray = render_gray(page, dpi=dpi, clip=region)
    hor, ver = rule_mask(binarize(flatten(gray, dpi=dpi)), dpi=dpi)
    segs = rule_segments(hor, ver, dpi=dpi, scale=72 / dpi, origin=(0.0, 0.0))
    width, height = region.width, region.height
    across = sum(1 for s in segs if s.horizontal and s.length >= 0.3 * width)
    down = sum(1 for s in segs if not s.horizontal and s.length >= 0.3 * height)
    return across >= 3 and down >= 2 or down >= 3 and across >= 2


def _find_in(page: pymupdf.Page, raw: dict[str, Any], *, page_number: int) -> PageTables:
    """:func:`find_tables` on a given (repaired) ``rawdict``."""
    drawings = page.get_drawings()
    mb = page.mediabox
    found: list[tuple[Frame, Grid]] = []
    for frame in page_frames(raw):
        words = read_words(raw, frame)
        if not words:
            continue
        segs = read_segments(drawings, frame, mb.width, mb.height)
        found.extend((frame, grid) for grid in _grids(words, segs))
    tables: list[Table] = [build_table(grid, frame, page, page_number) for frame, grid in found]
    tables = _one_per_region(tables)
    tables.sort(key=lambda t: (round(t.bbox.y0 / 4), t.bbox.x0))
    opens, closes = _open_ends(raw, page, tables)
    r = page.rect
    return PageTables(page=page_number, width=r.width, height=r.height, rotation=page.rotation, tables=tuple(tables),
                      starts_with_table=opens, ends_with_table=closes)  # fmt: skip


def repair_garbled(page: pymupdf.Page, raw: dict[str, Any], *, dpi: int = DEFAULT_DPI, languages: tuple[str, ...] = (),
                   model: VisionModel | None = None) -> dict[str, Any]:  # fmt: skip
    """``raw`` with the characters of each garbled span replaced by what OCR reads in its box.

    The page is read once by OCR; the words whose centres fall in a garbled span's box become
    that span's text, their characters spread over each word's box. Spans OCR finds nothing in
    keep their characters.
    """
    reading = read_scan(page, dpi=dpi, languages=languages, model=model)
    to_raw = ~page.rotation_matrix  # display points -> the unrotated space rawdict uses
    blocks = []
    repaired = 0
    unmapped = unmapped_fonts(page)
    for block in raw.get("blocks", ()):
        if "lines" not in block:
            blocks.append(block)
            continue
        lines = []
        for line in block["lines"]:
            spans = []
            for span in line["spans"]:
                text = "".join(ch["c"] for ch in span["chars"])
                if sum(not c.isspace() for c in text) >= 3 and (
                    is_garbled(text, font=span.get("font", "")) or (unmapped and span_unmapped(span, unmapped))
                ):
                    new = _reread(span, reading.words, page.rotation_matrix, to_raw)
                    if new is not None:
                        span = new
                        repaired += 1
                spans.append(span)
            lines.append({**line, "spans": spans})
        blocks.append({**block, "lines": lines})
    logger.info("page %d: %d garbled spans re-read by OCR", page.number + 1, repaired)
    return {**raw, "blocks": blocks}


def _reread(span: dict[str, Any], words: list[Any], to_display: pymupdf.Matrix,
            to_raw: pymupdf.Matrix) -> dict[str, Any] | None:  # fmt: skip
    box = pymupdf.Rect(span["bbox"]) * to_display
    box.normalize()
    inside = [w for w in words if box.x0 - 1 <= (w.u0 + w.u1) / 2 <= box.x1 + 1 and box.y0 - 1 <= w.vc <= box.y1 + 1]
    if not inside:
        return None
    inside.sort(key=lambda w: w.u0)
    oy = span["chars"][0]["origin"][1] if span["chars"] else span["bbox"][3]
    chars = []
    for k, w in enumerate(inside):
        if k:
            gap = pymupdf.Rect(inside[k - 1].u1, box.y0, w.u0, box.y1) * to_raw
            chars.append({"c": " ", "origin": (gap.x0, oy), "bbox": tuple(gap.normalize())})
        n = len(w.text)
        step = (w.u1 - w.u0) / max(n, 1)
        for i, c in enumerate(w.text):
            r = pymupdf.Rect(w.u0 + i * step, box.y0, w.u0 + (i + 1) * step, box.y1) * to_raw
            r.normalize()
            chars.append({"c": c, "origin": (r.x0, oy), "bbox": (r.x0, r.y0, r.x1, r.y1)})
    return {**span, "chars": chars}


def _box(b: BBox) -> pymupdf.Rect:
    return pymupdf.Rect(b.x0, b.y0, b.x1, b.y1)
