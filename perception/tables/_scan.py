"""Tables on scanned pages: the page's pixels → rules and words → the born-digital table builders.

1. The page is rendered in grey at ``dpi`` (300 by default: tesseract reads 150-dpi scans far
   better twice enlarged), or a part of it (``clip``) for a scanned picture inside a page.
2. Its background is flattened (divided by a grey closing, so shaded cells and uneven scans turn
   white) and it is binarised (Otsu).
3. A page whose text runs sideways is turned upright (see :func:`sideways_turn`). A small
   rotation is measured from the ink itself: the angle whose row profile is sharpest
   (text lines and rules then fall on whole rows), searched coarse to fine within ±5°, and undone.
4. Rules are the long thin runs a morphological opening with a long line keeps (horizontal and
   vertical; also on a lenient threshold with longer lines, for light rules a scan broke up);
   their pixels, and specks smaller than a full stop, are erased before OCR, so borders and dust
   are not read as ``|``, ``[`` or ``'``.
5. Words come from :func:`~perception.tables._ocr.ocr_words` (tesseract, or a vision model).
6. Rules and words, in page points, go through the same finders and grid builders as a
   born-digital page (:func:`perception.tables._find._grids`): ruled grids, spans, text grids,
   header rows, wrapped cells. Each cell's confidence is the mean OCR confidence of its words.
"""

from __future__ import annotations

import logging
import re
import statistics
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pymupdf

from perception.document import Cell, PageTables, Table, TableRegion
from perception.tables._find import _grids, _one_per_region
from perception.tables._grid import Grid
from perception.tables._ocr import OcrWord, ocr_words
from perception.tables._primitives import Seg, Word, merge_segments
from perception.types import BBox

if TYPE_CHECKING:
    import numpy.typing as npt

    from model.protocol import VisionModel

    Gray = npt.NDArray[Any]  # 2-D uint8: grey levels, or a 0/255 mask

__all__ = ["DEFAULT_DPI", "ScanReading", "read_scan", "scan_tables", "tables_from_reading"]

logger = logging.getLogger(__name__)

DEFAULT_DPI = 300
"""Render resolution for OCR: tesseract's sweet spot; 150-dpi scans are enlarged to it."""
MAX_SKEW_DEG = 5.0
"""Rotations up to this are measured and undone; larger ones are left as they are."""
_RULE_IN = 0.22  # inches: the shortest horizontal run that counts as a rule
_VRULE_IN = 0.14  # inches: the shortest vertical run (one row of a table is about this tall)
_THICK_IN = 0.045  # inches: a rule thicker than this is a bar or a picture, not a rule


@dataclass(slots=True)
class ScanReading:
    """What a scanned page (or part) holds, in page points (display space, top-left origin)."""

    words: list[Word]
    segs: list[Seg]
    confidence: dict[int, float] = field(default_factory=dict)  # id(word) -> OCR confidence 0..1
    skew_deg: float = 0.0
    dpi: int = DEFAULT_DPI
    turn_deg: int = 0  # the page was read turned clockwise by this (0, 90, 270): its text ran sideways
    size: tuple[float, float] = (0.0, 0.0)  # the turned image in points (width, height)
    origin: tuple[float, float] = (0.0, 0.0)  # where the image's top-left corner lies on the page

    def to_page(self, box: tuple[float, float, float, float]) -> BBox:
        """A box of the turned reading (points from the image's corner) on the page (display points)."""
        u0, v0, u1, v1 = box
        w, h = self.size
        if self.turn_deg == 90:  # turned clockwise: x' = H - y, y' = x
            x0, y0, x1, y1 = v0, w - u1, v1, w - u0
        elif self.turn_deg == 270:  # turned counter-clockwise: x' = y, y' = W - x
            x0, y0, x1, y1 = h - v1, u0, h - v0, u1
        else:
            x0, y0, x1, y1 = u0, v0, u1, v1
        ox, oy = self.origin
        return BBox(x0=ox + x0, y0=oy + y0, x1=ox + max(x0, x1), y1=oy + max(y0, y1))


def render_gray(page: pymupdf.Page, *, dpi: int, clip: BBox | None = None) -> Gray:
    """The page (or ``clip``, display points) as a grey ``uint8`` array at ``dpi``."""
    import numpy as np

    rect = pymupdf.Rect(clip.x0, clip.y0, clip.x1, clip.y1) if clip is not None else None
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, clip=rect, alpha=False)
    arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    return np.ascontiguousarray(arr)


def sideways_turn(flat: Gray, bw: Gray) -> int:
    """0, or the clockwise turn (90 or 270) that makes a sideways page upright.

    Text lines level across a page make its row profile far sharper than its column profile
    (measured: columns under 0.3× the rows on upright pages, 1.5× and more on sideways ones, noisy
    scans included); past 1.2× tesseract's orientation detection (``--psm 0``) tells which way
    (0 when it is unsure or unavailable).
    """
    import subprocess

    import cv2
    import numpy as np

    h, w = bw.shape[:2]
    f = min(1.0, 1000 / max(h, w))
    small = cv2.resize(bw, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA) > 60
    rows = float(np.square(np.diff(small.sum(axis=1).astype(np.float64))).sum())
    cols = float(np.square(np.diff(small.sum(axis=0).astype(np.float64))).sum())
    if cols < 1.2 * rows or not small.any():
        return 0
    ok, png = cv2.imencode(".png", flat)
    try:
        run = subprocess.run(["tesseract", "stdin", "stdout", "--psm", "0"], input=png.tobytes(), capture_output=True,
                             timeout=60, check=False)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return 0
    out = run.stdout.decode("utf-8", "replace")
    rotate = re.search(r"Rotate:\s*(\d+)", out)
    conf = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    if not ok or rotate is None or conf is None or float(conf.group(1)) < 2.0:
        return 0
    turn = int(rotate.group(1)) % 360
    return turn if turn in (90, 270) else 0


def flatten(gray: Gray, *, dpi: int) -> Gray:
    """``gray`` with its background made white: divided by a closing wider than any stroke."""
    import cv2

    k = max(15, round(dpi * 0.12)) | 1
    background = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    out: Gray = cv2.divide(gray, background, scale=255)
    return out


def binarize(gray: Gray) -> Gray:
    """Ink as 255, paper as 0 (Otsu on a flattened page)."""
    import cv2

    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    out: Gray = bw
    return out


def estimate_skew(bw: Gray, *, max_deg: float = MAX_SKEW_DEG) -> float:
    """The rotation (degrees, counter-clockwise positive as OpenCV counts) that makes ``bw``'s rows sharpest.

    Text lines and rules put ink on a few rows when they are level, so the variance of the row
    sums peaks at the right angle. Searched on a reduced copy: 0.25° steps, then 0.02°.
    """
    import cv2
    import numpy as np

    h, w = bw.shape[:2]
    f = min(1.0, 1000 / max(h, w))
    small = cv2.resize(bw, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    small = (small > 60).astype(np.uint8) * 255
    if not small.any():
        return 0.0
    sh, sw = small.shape
    centre = (sw / 2, sh / 2)

    def score(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rot = cv2.warpAffine(small, m, (sw, sh), flags=cv2.INTER_NEAREST, borderValue=0)
        rows = rot.sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(rows)).sum())

    coarse = np.arange(-max_deg, max_deg + 1e-9, 0.25)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.3, best + 0.3 + 1e-9, 0.02)
    angle = float(max(fine, key=score))
    return round(angle, 2) if abs(angle) >= 0.1 else 0.0


def rotate(gray: Gray, angle_deg: float) -> Gray:
    """``gray`` turned by ``angle_deg`` about its centre, the corners filled white."""
    import cv2

    if not angle_deg:
        return gray
    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle_deg, 1.0)
    out: Gray = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    return out


def despeckle(bw: Gray, *, dpi: int) -> Gray:
    """``bw`` without specks: ink components smaller than a full stop at 6 pt (scan noise, dust)."""
    import cv2
    import numpy as np

    _n, labels, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    limit = max(2, round(12 * (dpi / 300) ** 2))
    small = stats[:, cv2.CC_STAT_AREA] <= limit
    small[0] = False
    out: Gray = np.where(small[labels], np.uint8(0), bw).astype(np.uint8)
    return out


def rule_mask(bw: Gray, *, dpi: int, scale: float = 1.0) -> tuple[Gray, Gray]:
    """The horizontal and the vertical rules of ``bw`` (ink 255) as two masks; ``scale`` lengthens
    the shortest run that counts."""
    import cv2
    import numpy as np

    lh = max(20, round(dpi * _RULE_IN * scale))
    lv = max(14, round(dpi * _VRULE_IN * scale))
    gap = max(3, round(dpi * 0.01))
    # thickened across first: a faint or slightly tilted rule wanders between two pixel rows
    thick_v = cv2.dilate(bw, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
    thick_h = cv2.dilate(bw, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1)))
    hor = cv2.morphologyEx(thick_v, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (lh, 1)))
    hor = cv2.morphologyEx(hor, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    ver = cv2.morphologyEx(thick_h, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, lv)))
    ver = cv2.morphologyEx(ver, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    out_h: Gray = hor.astype(np.uint8)
    out_v: Gray = ver.astype(np.uint8)
    return out_h, out_v


def rule_segments(hor: Gray, ver: Gray, *, dpi: int, scale: float, origin: tuple[float, float]) -> list[Seg]:
    """The rule masks as :class:`Seg` in page points (``scale`` points per pixel, ``origin`` offset)."""
    import cv2

    thick = max(3, round(dpi * _THICK_IN))
    ox, oy = origin
    segs: list[Seg] = []
    for mask, horizontal in ((hor, True), (ver, False)):
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for i in range(1, n):
            x, y, w, h, _area = (int(v) for v in stats[i])
            if horizontal:
                if h > thick or w < 2 * h:
                    continue
                segs.append(Seg(True, oy + (y + h / 2) * scale, ox + x * scale, ox + (x + w) * scale))
            else:
                if w > thick or h < 2 * w:
                    continue
                segs.append(Seg(False, ox + (x + w / 2) * scale, oy + y * scale, oy + (y + h) * scale))
    return merge_segments(segs)


def read_scan(
    page: pymupdf.Page,
    *,
    dpi: int = DEFAULT_DPI,
    clip: BBox | None = None,
    languages: tuple[str, ...] = (),
    model: VisionModel | None = None,
) -> ScanReading:
    """Render, deskew, find rules and read the words of ``page`` (or of ``clip`` on it)."""
    import cv2
    import numpy as np

    gray = render_gray(page, dpi=dpi, clip=clip)
    flat = flatten(gray, dpi=dpi)
    bw = binarize(flat)
    turn = sideways_turn(flat, bw)
    if turn:
        flat = np.ascontiguousarray(np.rot90(flat, k=-turn // 90))
        bw = binarize(flat)
    angle = estimate_skew(bw)
    if angle:
        flat = rotate(flat, angle)
        bw = binarize(flat)
    hor, ver = rule_mask(bw, dpi=dpi)
    # and on a lenient threshold with longer lines: a light grey rule the scan broke up is still one
    # (bold grey text merges into short runs there, hence the length)
    hor2, ver2 = rule_mask(((flat < 215) * 255).astype(np.uint8), dpi=dpi, scale=2.0)
    hor, ver = cv2.bitwise_or(hor, hor2), cv2.bitwise_or(ver, ver2)
    scale = 72.0 / dpi
    page_origin = (clip.x0, clip.y0) if clip is not None else (0.0, 0.0)
    origin = (0.0, 0.0) if turn else page_origin  # a turned reading is mapped back by ScanReading.to_page
    segs = rule_segments(hor, ver, dpi=dpi, scale=scale, origin=origin)
    rules = cv2.dilate(cv2.bitwise_or(hor, ver), np.ones((3, 3), np.uint8))
    ink = despeckle(cv2.bitwise_and(bw, cv2.bitwise_not(rules)), dpi=dpi)
    text = np.where(ink > 0, flat, np.uint8(255)).astype(np.uint8)  # paper (and its noise) made white
    raw = ocr_words(text, languages=languages, model=model)
    words, conf = _to_words(raw, scale=scale, origin=origin)
    logger.debug("scan page %d: skew %.2f°, %d rules, %d words", page.number + 1, angle, len(segs), len(words))
    size = (flat.shape[1] * scale, flat.shape[0] * scale)
    return ScanReading(words=words, segs=segs, confidence=conf, skew_deg=angle, dpi=dpi, turn_deg=turn, size=size,
                       origin=page_origin if turn else (0.0, 0.0))  # fmt: skip


def _to_words(raw: list[OcrWord], *, scale: float, origin: tuple[float, float]) -> tuple[list[Word], dict[int, float]]:
    """OCR words as table :class:`Word` values in points, each as tall as its line's typical word
    (so "-" and "10" sit in the same band as "Carbon"), with a font size estimated from that."""
    if not raw:
        return [], {}
    ox, oy = origin
    by_line: dict[tuple[float, float, float, float], list[OcrWord]] = {}
    for w in raw:
        by_line.setdefault(w.line, []).append(w)
    bands: dict[tuple[float, float, float, float], tuple[float, float]] = {}
    for key, ws in by_line.items():
        tall = [w for w in ws if any(ch.isalnum() for ch in w.text)] or ws
        bands[key] = (statistics.median(w.y0 for w in tall), statistics.median(w.y1 for w in tall))
    heights = [b - a for a, b in bands.values() if b > a]
    typical = statistics.median(heights) if heights else 10.0
    words: list[Word] = []
    conf: dict[int, float] = {}
    for w in raw:
        top, bottom = bands[w.line]
        if w.y1 - w.y0 > 1.6 * (bottom - top):  # a word much taller than its line's: keep its own box
            top, bottom = w.y0, w.y1
        top, bottom = min(top, w.y0), max(bottom, w.y1)
        h = bottom - top
        size = max(h, 0.85 * typical) * 1.05 * scale
        word = Word(u0=ox + w.x0 * scale, v0=oy + top * scale, u1=ox + w.x1 * scale, v1=oy + bottom * scale,
                    text=w.text, size=size, bold=False, base=oy + bottom * scale, space=0.45 * size)  # fmt: skip
        words.append(word)
        conf[id(word)] = w.conf
    return words, conf


def tables_from_reading(reading: ScanReading, *, page_number: int) -> list[Table]:
    """The tables in a :class:`ScanReading`, built by the born-digital grid builders."""
    tables = [_table(g, reading, page_number) for g in _grids(reading.words, reading.segs)]
    return _one_per_region([t for t in tables if not _unruled_scrap(t)])


def _unruled_scrap(table: Table) -> bool:
    """Two unruled lines of OCR words read poorly: a heading or a caption split into chunks, not a table.

    Text rendered large (a title) and read from a noisy scan comes back in pieces that line up like
    two rows of cells; a real whitespace table has more rows, or words OCR is sure of.
    """
    if table.method != "stream" or table.n_rows > 2:
        return False
    sure = [c.confidence for c in table.cells if c.text.strip() and c.confidence is not None]
    return not sure or sum(sure) / len(sure) < 0.75


def _table(grid: Grid, reading: ScanReading, page_number: int) -> Table:
    confs: list[float] = []
    cells = []
    for c in grid.cells:
        got = [reading.confidence.get(id(w), 0.5) for w in c.words]
        cconf = sum(got) / len(got) if got else 1.0
        if got:
            confs.append(cconf)
        cbox = reading.to_page(grid.cell_box(c))
        cells.append(Cell(row=c.row, col=c.col, rowspan=c.rowspan, colspan=c.colspan, text=c.text, page=page_number,
                          bbox=cbox, confidence=round(min(1.0, max(0.0, cconf)), 4)))  # fmt: skip
    bbox = reading.to_page(grid.bbox())
    ocr = sum(confs) / len(confs) if confs else 0.0
    return Table(
        n_rows=grid.n_rows, n_cols=grid.n_cols, cells=tuple(cells), header_rows=grid.header,
        method=grid.method,  # type: ignore[arg-type]
        regions=(TableRegion(page=page_number, bbox=bbox, first_row=0, n_rows=grid.n_rows),),
        confidence=round(grid.confidence * ocr, 4),
    )  # fmt: skip


def scan_tables(
    page: pymupdf.Page,
    *,
    page_number: int,
    dpi: int = DEFAULT_DPI,
    clip: BBox | None = None,
    languages: tuple[str, ...] = (),
    model: VisionModel | None = None,
) -> PageTables:
    """The tables of a scanned page (or of the scanned picture ``clip`` on it), by OCR.

    Same result type as the born-digital :func:`~perception.tables.find_tables`; cell boxes are in
    the page's displayed points and each cell carries its OCR confidence. Raises
    :class:`~model.errors.ModelError` when OCR is unavailable (no tesseract, a failing model).
    """
    reading = read_scan(page, dpi=dpi, clip=clip, languages=languages, model=model)
    tables = tables_from_reading(reading, page_number=page_number)
    tables.sort(key=lambda t: (round(t.bbox.y0 / 4), t.bbox.x0))
    r = page.rect
    opens, closes = _open_ends(reading.words, tables, r.height)
    return PageTables(page=page_number, width=r.width, height=r.height, rotation=page.rotation, tables=tuple(tables),
                      starts_with_table=opens, ends_with_table=closes)  # fmt: skip


def _open_ends(words: list[Word], tables: list[Table], height: float) -> tuple[bool, bool]:
    """As on born-digital pages: no body text above the first table / below the last one."""
    if not tables:
        return False, False
    first, last = tables[0].bbox, tables[-1].bbox
    body = [w for w in words if 0.07 * height <= w.v0 and w.v1 <= 0.93 * height]
    above = len({round(w.vc / 4) for w in body if w.v1 <= first.y0 - 1})
    below = len({round(w.vc / 4) for w in body if w.v0 >= last.y1 + 1})
    return above <= 1, below <= 1
