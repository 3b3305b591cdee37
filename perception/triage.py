"""Page triage: is a PDF page born-digital, scanned, or a mix, and which of its text can be trusted?

A page's text layer is compared with what the page shows:

* **images without text**: pictures covering part of the page with (almost) no text layer over
  them are *scan regions* (a scanned page, or a scanned table pasted into a digital document);
* **ink without text**: a page that shows ink but has no text layer and no pictures draws its
  text as outlines, which only OCR can read;
* **garbled text**: a span set in a composite font with no ``/ToUnicode`` map, or whose
  characters are private-use, replacement or control characters, or an unlikely mix
  (punctuation soup, scripts mixed inside one word), comes from a font without a Unicode map;
  its glyphs render correctly, so OCR re-reads it.

``kind`` is ``"scanned"`` when OCR must read the page (scan regions or outlines cover most of it,
or most of its text is garbled), ``"mixed"`` when only parts need OCR, ``"born_digital"`` otherwise.

>>> import pymupdf
>>> import pymupdf
>>> doc = pymupdf.open(); page = doc.new_page(); _ = page.insert_text((72, 72), "Revenue 1,234")
>>> triage_page(page).kind
'born_digital'
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from perception.types import BBox, Frozen, Unit

if TYPE_CHECKING:  # PyMuPDF loads when a page is triaged, not when results are imported
    import pymupdf

__all__ = ["PageKind", "PageTriage", "garbled_score", "is_garbled", "triage_page", "unmapped_fonts"]

logger = logging.getLogger(__name__)

PageKind = Literal["born_digital", "scanned", "mixed"]
"""How a page's text is read: from its text layer, by OCR, or both (parts by OCR)."""

SCAN_REGION_MIN = 0.06
"""A picture covering less of the page than this is a logo or an icon, not a scan."""
SCANNED_COVER = 0.5
"""Scan regions covering this much of the page make the whole page ``scanned``."""
GARBLED_SCORE = 0.3
"""A span scoring at least this (see :func:`garbled_score`) is garbled."""
_INK_DPI = 24
_SYMBOL_FONT = re.compile(r"wingding|webding|dingbat|symbol|zapf|marlett|fontawesome|icon", re.IGNORECASE)
_BAND = 0.12  # pictures wholly inside the top or bottom band of the page are banners and footers
_ALLOWED_PUNCT = set(".,:;-–—%()/[]'\"+*&$€£¥₩#@!?<>=~^_|·…‰§°’‘“”")


class PageTriage(Frozen):
    """The triage of one page: its kind, the evidence, and the parts OCR reads."""

    kind: PageKind
    text_chars: int = Field(ge=0, description="Visible characters in the text layer.")
    text_coverage: Unit = Field(description="Share of the page area under text-layer lines.")
    image_coverage: Unit = Field(description="Share of the page area under pictures.")
    ink_coverage: Unit = Field(default=0.0, description="Share of the page's pixels that are ink (24 dpi render).")
    garbled_chars: int = Field(default=0, ge=0, description="Characters in garbled spans.")
    garbled_spans: tuple[BBox, ...] = Field(default=(), description="Garbled spans, re-read by OCR.")
    scan_regions: tuple[BBox, ...] = Field(default=(), description="Pictures without a text layer, read by OCR.")
    ocr_page: bool = Field(default=False, description="The whole page is read by OCR.")
    reason: str = ""


def _script(ch: str) -> str:
    o = ord(ch)
    if o < 0x250:
        return "latin"
    if 0x370 <= o < 0x400:
        return "greek"
    if 0x400 <= o < 0x530:
        return "cyrillic"
    if 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o < 0x1200 or 0x3130 <= o < 0x3190:
        return "hangul"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o < 0x4DC0:
        return "han"
    if 0x3040 <= o < 0x3100:
        return "kana"
    if 0x590 <= o < 0x900:
        return "rtl"
    return "other"


def garbled_score(text: str) -> float:
    """How garbled a span's text looks, 0..1: the share of its characters that no font with a
    Unicode map would give (private use, replacement, control, unassigned), else the share of
    odd punctuation, else 0.8 when a word mixes alphabets ("Тоtal" with a Cyrillic "Т") or a
    span mixes three or more scripts.

    >>> garbled_score("Revenue 2024"), garbled_score("\\ue001\\ue002\\ue003"), garbled_score("합계 1,234")
    (0.0, 1.0, 0.0)
    """
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    bad = sum(1 for c in chars if c == "\ufffd" or unicodedata.category(c) in ("Co", "Cn", "Cc", "Cs"))
    if bad:
        return bad / len(chars)
    if len(chars) >= 4:
        odd = sum(1 for c in chars if unicodedata.category(c)[0] in "PS" and c not in _ALLOWED_PUNCT)
        if odd / len(chars) >= 0.4:
            return odd / len(chars)
    scripts: set[str] = set()
    for word in text.split():
        letters = {_script(c) for c in word if c.isalpha()}
        letters.discard("other")
        if {"latin", "cyrillic"} <= letters or {"latin", "greek"} <= letters or {"hangul", "cyrillic"} <= letters:
            return 0.8
        scripts |= letters
    if len(scripts - {"han", "kana"}) >= 3:
        return 0.8
    return 0.0


def is_garbled(text: str, *, font: str = "") -> bool:
    """Whether ``text`` (one span, set in ``font``) reads as garbled (:func:`garbled_score` at
    least 0.3). Spans of fewer than three characters (a bullet, a stray mark) and spans in symbol
    fonts (Wingdings, Symbol, dingbats: their private-use characters are the font's design) never are.

    >>> is_garbled("Net income"), is_garbled("\\x03\\x11\\x07\\x0f"), is_garbled("\\uf06e", font="Wingdings-Regular")
    (False, True, False)
    """
    if sum(not c.isspace() for c in text) < 3 or _SYMBOL_FONT.search(font):
        return False
    return garbled_score(text) >= GARBLED_SCORE


def unmapped_fonts(page: pymupdf.Page) -> frozenset[str]:
    """Names of the page's fonts whose characters cannot be mapped to Unicode: composite fonts
    with an identity encoding and no ``/ToUnicode`` map (the text layer then holds glyph numbers).
    Subset prefixes (``ABCDEF+``) are dropped."""
    out = set()
    try:
        fonts = page.get_fonts(full=True)
        doc = page.parent
        for xref, _ext, kind, basefont, _name, encoding, *_ in fonts:
            if (
                kind == "Type0"
                and str(encoding).startswith("Identity")
                and doc.xref_get_key(xref, "ToUnicode")[0] == "null"
            ):
                out.add(basefont.split("+", 1)[-1])
    except Exception:  # noqa: BLE001  a damaged font dictionary: treat its text as mapped
        return frozenset()
    return frozenset(out)


def span_unmapped(span: dict, fonts: frozenset[str]) -> bool:  # type: ignore[type-arg]
    """Whether ``span`` (of ``rawdict``) is set in one of ``fonts`` (see :func:`unmapped_fonts`)."""
    name = str(span.get("font", "")).split("+", 1)[-1]
    return bool(name) and any(f.startswith(name) or name.startswith(f) for f in fonts)


def _display(page: pymupdf.Page, rect: tuple[float, float, float, float]) -> BBox:
    """``rect`` (unrotated page space) in the displayed page, clipped to it."""
    x0, y0, x1, y1 = (float(v) for v in rect)
    if page.rotation:
        import pymupdf

        r = pymupdf.Rect(x0, y0, x1, y1) * page.rotation_matrix
        r.normalize()
        x0, y0, x1, y1 = r.x0, r.y0, r.x1, r.y1
    pr = page.rect
    x0, x1 = max(pr.x0, min(x0, pr.x1)), max(pr.x0, min(x1, pr.x1))
    y0, y1 = max(pr.y0, min(y0, pr.y1)), max(pr.y0, min(y1, pr.y1))
    return BBox(x0=min(x0, x1), y0=min(y0, y1), x1=max(x0, x1), y1=max(y0, y1))


def _cover(boxes: list[BBox], w: float, h: float, cells: int = 64) -> float:
    """Share of a ``w × h`` page under the union of ``boxes`` (on a ``cells``-per-side raster)."""
    if not boxes or w <= 0 or h <= 0:
        return 0.0
    hit = [[False] * cells for _ in range(cells)]
    for b in boxes:
        i0, i1 = int(b.y0 / h * cells), min(cells - 1, int(b.y1 / h * cells - 1e-9))
        j0, j1 = int(b.x0 / w * cells), min(cells - 1, int(b.x1 / w * cells - 1e-9))
        for i in range(max(0, i0), i1 + 1):
            for j in range(max(0, j0), j1 + 1):
                hit[i][j] = True
    return sum(map(sum, hit)) / (cells * cells)


def _invisible_text(page: pymupdf.Page) -> int:
    try:
        return sum(len(s["chars"]) for s in page.get_texttrace() if s.get("type") == 3 or s.get("opacity", 1) == 0)
    except Exception:  # noqa: BLE001  an old or damaged content stream: count none
        return 0


def _ink(page: pymupdf.Page) -> float:
    import pymupdf

    pix = page.get_pixmap(dpi=_INK_DPI, colorspace=pymupdf.csGRAY, alpha=False)
    data = pix.samples
    if not data:
        return 0.0
    dark = sum(1 for v in data[:: max(1, len(data) // 20000)] if v < 160)
    return min(1.0, dark / len(data[:: max(1, len(data) // 20000)]))


def triage_page(page: pymupdf.Page, *, raw: dict | None = None) -> PageTriage:  # type: ignore[type-arg]
    """Decide how ``page``'s text is read; ``raw`` is its ``get_text("dict")`` or ``"rawdict"`` if
    already made (else the lighter ``dict`` is extracted).

    Never raises for a readable page: evidence that cannot be gathered counts as absent.
    """
    import pymupdf

    if raw is None:
        raw = page.get_text("dict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP)
    pr = page.rect
    area = max(pr.width * pr.height, 1e-6)
    text_chars = garbled_chars = 0
    line_boxes: list[BBox] = []
    garbled: list[BBox] = []
    centres: list[tuple[float, float, int]] = []  # span centres and their character counts
    unmapped = unmapped_fonts(page)
    for block in raw.get("blocks", ()):
        for line in block.get("lines", ()):
            line_text = 0
            for span in line["spans"]:
                text = span["text"] if "text" in span else "".join(ch["c"] for ch in span["chars"])
                n = sum(1 for c in text if not c.isspace())
                if not n:
                    continue
                line_text += n
                text_chars += n
                box = _display(page, span["bbox"])
                centres.append(((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2, n))
                if n >= 3 and (
                    is_garbled(text, font=span.get("font", "")) or (unmapped and span_unmapped(span, unmapped))
                ):
                    garbled_chars += n
                    garbled.append(box)
            if line_text:
                line_boxes.append(_display(page, line["bbox"]))
    images: list[BBox] = []
    try:
        infos = page.get_image_info()
    except Exception:  # noqa: BLE001
        infos = []
    for info in infos:
        b = _display(page, info["bbox"])
        if b.area >= SCAN_REGION_MIN * area:
            images.append(b)
    banners = [b for b in images if b.y1 <= _BAND * pr.height or b.y0 >= (1 - _BAND) * pr.height]
    scan_regions = []
    for b in images:
        if b in banners:
            continue
        inside = sum(n for x, y, n in centres if b.x0 <= x <= b.x1 and b.y0 <= y <= b.y1)
        if inside < max(20.0, b.area / 4000):  # a text layer (an OCR layer too) gives far more characters
            scan_regions.append(b)
    text_cov = _cover(line_boxes, pr.width, pr.height)
    img_cov = _cover(images, pr.width, pr.height)
    scan_cov = _cover(scan_regions, pr.width, pr.height)
    outside = sum(n for x, y, n in centres if not any(b.x0 <= x <= b.x1 and b.y0 <= y <= b.y1 for b in scan_regions))
    ink = _ink(page) if text_chars < 20 else 0.0
    share = garbled_chars / text_chars if text_chars else 0.0
    if scan_cov >= SCANNED_COVER and outside < 200:
        kind: PageKind = "scanned"
        reason = f"pictures without a text layer cover {scan_cov:.0%} of the page"
    elif text_chars < 20 and not images and ink >= 0.005:
        kind, reason = "scanned", f"ink on {ink:.1%} of the page but no text layer (text drawn as outlines)"
    elif text_chars >= 20 and share >= 0.5:
        kind, reason = "scanned", f"{share:.0%} of the text layer is garbled (fonts without a Unicode map)"
    elif scan_regions or garbled_chars:
        kind = "mixed"
        parts = []
        if scan_regions:
            parts.append(f"{len(scan_regions)} picture(s) without a text layer")
        if garbled_chars:
            parts.append(f"{len(garbled)} garbled span(s)")
        reason = " and ".join(parts) + " read by OCR"
    else:
        kind = "born_digital"
        invisible = _invisible_text(page) if images else 0  # an OCR layer lies over pictures
        reason = "text layer" + (f" ({invisible} invisible characters: an OCR layer)" if invisible else "")
    ocr_page = kind == "scanned"
    return PageTriage(
        kind=kind, text_chars=text_chars, text_coverage=round(text_cov, 4), image_coverage=round(img_cov, 4),
        ink_coverage=round(ink, 4), garbled_chars=garbled_chars,
        garbled_spans=tuple(garbled) if kind == "mixed" else (), scan_regions=tuple(scan_regions) if kind == "mixed" else (),
        ocr_page=ocr_page, reason=reason,
    )  # fmt: skip
