"""Tables on scanned pages: the page's pixels → rules and words → the born-digital table builders.

1. The page is rendered in grey at ``dpi`` (300 by default: tesseract reads 150-dpi scans far
   better twice enlarged), or a part of it (``clip``) for a scanned picture inside a page.
2. Light text on dark fills (reversed header rows) is turned dark on white (:func:`lift_reversed`);
   the background is flattened (divided by a grey closing, so shaded cells and uneven scans turn
   white) and it is binarised (Otsu).
3. The page is turned upright: a quarter turn when its text runs sideways (:func:`sideways`), a
   half turn when its glyphs line up at their tops rather than on a baseline (:func:`upside_down`;
   unclear pages have a strip OCR'd both ways, judged on the text once rules are erased). A small
   rotation is measured from the ink itself: the angle whose row profile is sharpest (text lines
   and rules then fall on whole rows), searched coarse to fine within ±5°, and undone.
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
import statistics
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import pymupdf

from perception.document import Cell, PageTables, Table, TableRegion
from perception.tables._find import _grids, _one_per_region
from perception.tables._grid import Grid
from perception.tables._ocr import OcrWord, _langs, _tesseract, ocr_words, tesseract_available
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
_FILL_DPI = 100  # filled cells are found on a copy at this resolution


@dataclass(slots=True)
class ScanReading:
    """What a scanned page (or part) holds, in page points (display space, top-left origin)."""

    words: list[Word]
    segs: list[Seg]
    confidence: dict[int, float] = field(default_factory=dict)  # id(word) -> OCR confidence 0..1
    skew_deg: float = 0.0
    dpi: int = DEFAULT_DPI
    turn_deg: int = 0  # the page was read turned clockwise by this (0, 90, 180, 270) to make its text upright
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
        elif self.turn_deg == 180:  # turned half round: x' = W - x, y' = H - y
            x0, y0, x1, y1 = w - u1, h - v1, w - u0, h - v0
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


def sideways(bw: Gray, *, dpi: int) -> bool:
    """Whether the text of ``bw`` (ink 255) runs up or down the page rather than across it.

    Read across, sideways text forms no lines of glyphs (the bands of rows its glyphs cover are
    page-tall); read down, it does. Sideways when the page turned a quarter shows more than twice
    as many glyphs in lines as the page as it is (see :func:`baseline_score`; measured on scans of
    mixed tables and text: at most 0.2× on upright pages, 7× and more on sideways ones).
    """
    import numpy as np

    small, sdpi = _reduced(bw, dpi=dpi)
    across = baseline_score(small, dpi=sdpi).glyphs
    down = baseline_score(np.ascontiguousarray(np.rot90(small)), dpi=sdpi).glyphs
    return down >= 20 and down > 2 * across


def _reduced(bw: Gray, *, dpi: int, to_dpi: int = 150) -> tuple[Gray, int]:
    """``bw`` (ink 255) at ``to_dpi`` at most, and its resolution."""
    import cv2
    import numpy as np

    if dpi <= to_dpi:
        return bw, dpi
    f = to_dpi / dpi
    h, w = bw.shape[:2]
    small = cv2.resize(bw, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    out: Gray = ((small > 60) * 255).astype(np.uint8)
    return out, to_dpi


class GlyphLines(NamedTuple):
    """What :func:`baseline_score` measured on a page."""

    score: float  # -1..1: how much better glyphs line up at their bottoms than at their tops
    glyphs: int  # glyphs in text lines, the score's evidence
    busiest: tuple[int, int]  # rows (top, bottom) of the stretch of lines holding the most glyphs


def baseline_score(bw: Gray, *, dpi: int) -> GlyphLines:
    """How much better the glyphs of ``bw`` (ink 255, level) line up at their bottoms than at their
    tops, and on how many glyphs that was measured.

    On an upright page of Latin text glyphs sit on a common baseline while their tops split between
    the x-height and the ascenders and capitals (and full stops and commas sit low), so the score is
    positive (measured +0.04 to +0.40 on scans of mixed tables and text); Hangul syllables, whose
    parts hang from a common top, score below zero. Turned upside down a page scores the same
    number negated. Glyphs are the ink components of text size; a text line is a band of rows they
    cover, skipped when it holds under three glyphs or is taller than 2.5 typical glyphs (two lines
    run together).
    """
    import cv2
    import numpy as np

    _n, _labels, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    y, w, h = (stats[1:, k].astype(np.int64) for k in (1, 2, 3))
    ok = (h >= 0.04 * dpi) & (h <= 0.4 * dpi) & (w >= 0.01 * dpi) & (w <= 0.6 * dpi)
    y, h = y[ok], h[ok]
    if len(y) < 20:
        return GlyphLines(0.0, 0, (0, 0))
    rows = bw.shape[0]
    cover = np.zeros(rows + 1, np.int32)
    np.add.at(cover, y, 1)
    np.add.at(cover, y + h, -1)
    inked = np.cumsum(cover)[:rows] > 0
    edges = np.flatnonzero(np.diff(np.r_[0, inked.astype(np.int8), 0]))
    starts, ends = edges[::2], edges[1::2]
    band = np.searchsorted(starts, y, side="right") - 1
    votes, used = 0, 0
    lines: list[tuple[int, int, int]] = []
    for b in np.unique(band):
        sel = band == b
        if sel.sum() < 3:
            continue
        glyph = float(np.median(h[sel]))
        if ends[b] - starts[b] > 2.5 * glyph:
            continue
        tol = max(2.0, 0.12 * glyph)
        tops, bottoms = y[sel], (y + h)[sel]
        votes += int((np.abs(bottoms - np.median(bottoms)) <= tol).sum()) - int(
            (np.abs(tops - np.median(tops)) <= tol).sum()
        )
        used += int(sel.sum())
        lines.append((int(starts[b]), int(ends[b]), int(sel.sum())))
    if not used:
        return GlyphLines(0.0, 0, (0, 0))
    reach = 0.6 * dpi  # the busiest stretch: at most this tall
    best, busiest = -1, (0, 0)
    for i, (top, _e, _c) in enumerate(lines):
        count = 0
        for t, bottom, c in lines[i:]:
            if bottom - top > reach:
                break
            count += c
            if count > best:
                best, busiest = count, (top, bottom)
    return GlyphLines(votes / used, used, busiest)


def upside_down(text: Gray, ink: Gray, *, dpi: int, languages: tuple[str, ...] = ()) -> bool:
    """Whether the level page ``text`` (grey, its rules erased; ``ink`` its ink as 255) is upside down.

    The glyphs' alignment (:func:`baseline_score`) clears most pages at no cost: an upright score
    (of the sign the script has: Hangul when ``languages`` name Korean, else Latin) means upright.
    Otherwise the busiest stretch of text lines is read by OCR both ways, and the page is upside
    down when turned it reads well (half its characters or more read with confidence 0.8) and gives
    more than twice as many confident characters (two poor readings of a script OCR was not asked
    for decide nothing). Pages with almost no text are left as they are.
    """
    import numpy as np

    small, sdpi = _reduced(ink, dpi=dpi)
    lines = baseline_score(small, dpi=sdpi)
    if lines.glyphs < 20 or not tesseract_available():
        return False
    korean = _langs(languages) == "kor+eng"
    lean = -lines.score if korean else lines.score
    if lean >= 0.02:
        return False
    k = dpi / sdpi
    top, bottom = max(0, round(lines.busiest[0] * k) - 8), min(text.shape[0], round(lines.busiest[1] * k) + 8)
    crop = text[top:bottom]
    lang = "kor+eng" if korean else "eng"
    upright, _share = _sure_chars(_tesseract(crop, lang))
    turned, share = _sure_chars(_tesseract(np.ascontiguousarray(crop[::-1, ::-1]), lang))
    logger.debug("orientation: score %.3f on %d glyphs; sure characters %d upright, %d turned (%.0f%%)", lines.score,
                 lines.glyphs, upright, turned, 100 * share)  # fmt: skip
    return share >= 0.5 and turned > 2 * upright + 5


def _sure_chars(words: list[OcrWord]) -> tuple[int, float]:
    """How many characters of ``words`` were read with a confidence of 0.8 or more, and their share."""
    total = sum(len(w.text) for w in words)
    sure = sum(len(w.text) for w in words if w.conf >= 0.8)
    return sure, (sure / total if total else 0.0)


def lift_reversed(gray: Gray, *, dpi: int) -> Gray:
    """``gray`` with light text on dark fills (a reversed header row, a shaded label column) turned
    into dark text on white, so thresholding and OCR see every cell the same way.

    Fills are found on a 100-dpi copy: where the median over 0.09 inches is darker than paper and
    level (a step in it, such as a black column beside grey cells, separates two fills), over at
    least 0.3 × 0.08 inches. Its extent is taken at full resolution: the pixels of its level that
    touch it, the gaps between filled cells closed and the text in them filled, smoothed (rules
    running out of it cut off); it must be shaped like cells (:func:`_cell_shaped`), not like the
    strokes of a heavy headline. A fill holds reversed text when the marks off its level (long lines left
    out) are mostly lighter than it. There the levels are mapped linearly so
    the fill becomes paper and whatever is off its level ink (its text, white gaps or dark rules
    between filled cells), and its edge is drawn as a rule. Dark text on a light fill is left to :func:`flatten`.
    """
    import cv2
    import numpy as np

    f = _FILL_DPI / dpi
    h, w = gray.shape[:2]
    small = cv2.resize(gray, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    med = cv2.medianBlur(small, 9)
    step = cv2.magnitude(cv2.Sobel(med, cv2.CV_32F, 1, 0), cv2.Sobel(med, cv2.CV_32F, 0, 1))
    fill = cv2.morphologyEx(((med < 190) & (step < 120)).astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(fill, connectivity=4)
    out = gray
    pad = round(0.08 * dpi)
    close = cv2.getStructuringElement(cv2.MORPH_RECT, (round(0.02 * dpi) | 1,) * 2)
    smooth = cv2.getStructuringElement(cv2.MORPH_RECT, (round(0.05 * dpi) | 1,) * 2)
    edge_kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (round(0.006 * dpi) * 2 + 1,) * 2)
    done = np.zeros(gray.shape[:2], bool)
    for i in range(1, n):
        x, y, cw, ch, _area = (int(v) for v in stats[i])
        if cw < 0.3 * _FILL_DPI or ch < 0.08 * _FILL_DPI:
            continue
        x0, y0, x1, y1 = round(x / f), round(y / f), min(w, round((x + cw) / f)), min(h, round((y + ch) / f))
        core = (labels[y : y + ch, x : x + cw] == i).astype(np.uint8)
        inside = cv2.resize(core, (x1 - x0, y1 - y0), interpolation=cv2.INTER_NEAREST).astype(bool)
        if done[y0:y1, x0:x1][inside].mean() > 0.5:  # a piece of a fill already handled
            continue
        bg = float(np.median(gray[y0:y1, x0:x1][inside]))
        X0, Y0, X1, Y1 = max(0, x0 - pad), max(0, y0 - pad), min(w, x1 + pad), min(h, y1 + pad)
        part = gray[Y0:Y1, X0:X1]
        level = (np.abs(part.astype(np.int16) - round(bg)) <= 30).astype(np.uint8)
        _m, comp = cv2.connectedComponents(level, connectivity=8)
        seed = np.zeros(part.shape, bool)
        seed[y0 - Y0 : y1 - Y0, x0 - X0 : x1 - X0] = inside
        keep = np.unique(comp[seed & (level > 0)])
        kept = np.isin(comp, keep[keep > 0]).astype(np.uint8)
        mask = _fill_holes(cv2.morphologyEx(kept, cv2.MORPH_CLOSE, close), max_h=round(0.25 * dpi))
        # smoothed: rules of the fill's colour running out of it cut off, notches where text meets its edge filled
        mask = cv2.morphologyEx(cv2.morphologyEx(mask, cv2.MORPH_OPEN, smooth), cv2.MORPH_CLOSE, smooth)
        on = mask > 0
        done[Y0:Y1, X0:X1] |= on
        # the marks off the fill's level, lines (rules, gaps between cells) left out: lighter or darker text?
        lighter = _marks((part > bg + 50) & on, dpi=dpi)
        darker = _marks((part < bg - 50) & on, dpi=dpi)
        if lighter <= 4 * darker or lighter < 0.02 * int(on.sum()) or not _cell_shaped(mask, dpi=dpi):
            continue
        vals = part[on]
        top = float(np.percentile(vals, 99))
        # off the fill's level either way is ink: its light text, and dark rules drawn between its cells
        mapped = np.clip(255 - 255 * np.abs(part.astype(np.float32) - bg) / max(1.0, top - bg), 0, 255).astype(np.uint8)
        if out is gray:
            out = gray.copy()
        # and its edge drawn as a rule: a rule between two dark fills, or a fill's own edge, is a
        # cell border that the mapping above made paper
        edge = on & ~cv2.erode(mask, edge_kernel).astype(bool)
        mapped[edge] = 0
        region = out[Y0:Y1, X0:X1]
        region[on] = mapped[on]
    return out


def _marks(mask: Any, *, dpi: int) -> int:
    """Pixels of the boolean ``mask`` outside the long straight lines in it (a fifth of an inch)."""
    import cv2
    import numpy as np

    m = mask.astype(np.uint8)
    n = round(0.2 * dpi)
    lines = cv2.bitwise_or(cv2.morphologyEx(m, cv2.MORPH_OPEN, np.ones((1, n), np.uint8)),
                           cv2.morphologyEx(m, cv2.MORPH_OPEN, np.ones((n, 1), np.uint8)))  # fmt: skip
    return int(m.sum()) - int(cv2.bitwise_and(m, lines).sum())


def _cell_shaped(mask: Gray, *, dpi: int) -> bool:
    """Whether ``mask`` (0/1) is made of table cells: outlined by straight lines running across or
    down the page (90 % of its outline within 5° of them; a turned scan's fills are turned a little)
    and thick (40 % of it survives thinning by 0.02 inches on each side), not letter strokes."""
    import math

    import cv2
    import numpy as np

    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    straight = total = 0.0
    for c in contours:
        poly = cv2.approxPolyDP(c, 0.01 * dpi, True).reshape(-1, 2).astype(np.float64)
        for p, q in zip(poly, np.roll(poly, -1, axis=0), strict=True):
            dx, dy = q - p
            length = math.hypot(dx, dy)
            total += length
            angle = math.degrees(math.atan2(abs(dy), abs(dx)))
            if min(angle, 90 - angle) <= 5:
                straight += length
    if total == 0 or straight < 0.9 * total:
        return False
    k = round(0.02 * dpi) * 2 + 1
    core = cv2.erode(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    return int(core.sum()) >= 0.4 * int(mask.sum())


def _fill_holes(mask: Gray, *, max_h: int) -> Gray:
    """``mask`` (0/1) with its enclosed holes no taller than ``max_h`` pixels filled (the text inside a fill)."""
    import cv2
    import numpy as np

    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = np.zeros_like(mask)
    cv2.drawContours(filled, contours, -1, 1, thickness=-1)
    holes = (filled > 0) & (mask == 0)
    _n, labels, stats, _ = cv2.connectedComponentsWithStats(holes.astype(np.uint8), connectivity=4)
    small = stats[:, cv2.CC_STAT_HEIGHT] <= max_h
    small[0] = False
    out: Gray = np.where(small[labels], np.uint8(1), mask).astype(np.uint8)
    return out


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

    gray = lift_reversed(render_gray(page, dpi=dpi, clip=clip), dpi=dpi)
    flat = flatten(gray, dpi=dpi)
    bw = binarize(flat)
    turn = 0
    if sideways(bw, dpi=dpi):  # turned a quarter clockwise; if that was the wrong way, it is now upside down
        turn = 90
        flat = np.ascontiguousarray(np.rot90(flat, k=-1))
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
    rules = cv2.dilate(cv2.bitwise_or(hor, ver), np.ones((3, 3), np.uint8))
    ink = despeckle(cv2.bitwise_and(bw, cv2.bitwise_not(rules)), dpi=dpi)
    text = np.where(ink > 0, flat, np.uint8(255)).astype(np.uint8)  # paper (and its noise) made white
    if upside_down(text, ink, dpi=dpi, languages=languages):  # judged on the text alone, rules and specks gone
        turn = (turn + 180) % 360
        flat, text = np.ascontiguousarray(flat[::-1, ::-1]), np.ascontiguousarray(text[::-1, ::-1])
        hor, ver = np.ascontiguousarray(hor[::-1, ::-1]), np.ascontiguousarray(ver[::-1, ::-1])
    scale = 72.0 / dpi
    page_origin = (clip.x0, clip.y0) if clip is not None else (0.0, 0.0)
    origin = (0.0, 0.0) if turn else page_origin  # a turned reading is mapped back by ScanReading.to_page
    segs = rule_segments(hor, ver, dpi=dpi, scale=scale, origin=origin)
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
    """The tables in a :class:`ScanReading`, built by the born-digital grid builders, in reading order."""
    return [t for t, _box in _read_tables(reading, page_number)]


def _read_tables(reading: ScanReading, page_number: int) -> list[tuple[Table, tuple[float, float, float, float]]]:
    """Each table with its box as read (the turned reading's space), top to bottom as read: a page
    scanned upside down or sideways lists its tables in the order its text is read."""
    found = [(_table(g, reading, page_number), g.bbox()) for g in _grids(reading.words, reading.segs)]
    box = {id(t): b for t, b in found}
    kept = _one_per_region([t for t, _b in found if not _unruled_scrap(t)])
    kept.sort(key=lambda t: (round(box[id(t)][1] / 4), box[id(t)][0]))
    return [(t, box[id(t)]) for t in kept]


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
    found = _read_tables(reading, page_number)
    tables = [t for t, _box in found]
    r = page.rect
    # words and boxes as read: on a turned page "above the first table" is above as its text is read
    height = reading.size[1] if reading.turn_deg else r.height
    opens, closes = _open_ends(reading.words, [box for _t, box in found], height)
    return PageTables(page=page_number, width=r.width, height=r.height, rotation=page.rotation, tables=tuple(tables),
                      starts_with_table=opens, ends_with_table=closes)  # fmt: skip


def _open_ends(words: list[Word], boxes: list[tuple[float, float, float, float]], height: float) -> tuple[bool, bool]:
    """As on born-digital pages: no body text above the first table / below the last one."""
    if not boxes:
        return False, False
    first, last = boxes[0], boxes[-1]
    body = [w for w in words if 0.07 * height <= w.v0 and w.v1 <= 0.93 * height]
    above = len({round(w.vc / 4) for w in body if w.v1 <= first[1] - 1})
    below = len({round(w.vc / 4) for w in body if w.v0 >= last[3] + 1})
    return above <= 1, below <= 1
