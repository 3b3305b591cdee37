"""Page triage on generated PDFs: born-digital, scanned, mixed, outlines, garbled fonts."""

from __future__ import annotations

import io

import pymupdf
import pytest

from perception.triage import garbled_score, is_garbled, triage_page, unmapped_fonts
from tests.pdfgen import TableSpec, draw_paragraph, draw_table

NANUM = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
ROWS = [["Item", "Qty", "Price"], ["Apples", "12", "3.50"], ["Pears", "7", "2.25"], ["Total", "19", "5.75"]]


def _digital() -> pymupdf.Document:
    doc = pymupdf.open()
    page = doc.new_page()
    draw_paragraph(page, "Quarterly figures for the northern region, rounded to cents.", at=(72, 60), width=400)
    draw_table(page, TableSpec(rows=ROWS, widths=(120, 60, 80)), at=(72, 120))
    return doc


def _as_image_page(src: pymupdf.Page, doc: pymupdf.Document, *, dpi: int = 150) -> pymupdf.Page:
    pix = src.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    page = doc.new_page(width=src.rect.width, height=src.rect.height)
    page.insert_image(page.rect, stream=pix.tobytes("png"))
    return page


def unmap_fonts(doc: pymupdf.Document) -> pymupdf.Document:
    """The same document with every composite font's /ToUnicode map removed (text becomes glyph ids)."""
    buf = io.BytesIO(doc.tobytes())
    out = pymupdf.open("pdf", buf.getvalue())
    for xref in range(1, out.xref_length()):
        if out.xref_get_key(xref, "ToUnicode")[0] != "null":
            out.xref_set_key(xref, "ToUnicode", "null")
    return pymupdf.open("pdf", out.tobytes())


def test_born_digital_page() -> None:
    t = triage_page(_digital()[0])
    assert t.kind == "born_digital" and not t.ocr_page
    assert t.text_chars > 50 and t.text_coverage > 0 and t.image_coverage == 0


def test_scanned_page() -> None:
    doc = pymupdf.open()
    page = _as_image_page(_digital()[0], doc)
    t = triage_page(page)
    assert t.kind == "scanned" and t.ocr_page
    assert t.text_chars == 0 and t.image_coverage > 0.9


def test_mixed_page_lists_the_picture_without_text() -> None:
    src = _digital()
    pix = src[0].get_pixmap(dpi=150, clip=pymupdf.Rect(60, 110, 350, 220))
    doc = pymupdf.open()
    page = doc.new_page()
    draw_paragraph(page, "Our results are in the scanned table below, as received from the branch office. " * 3,
                   at=(72, 60), width=450)  # fmt: skip
    page.insert_image(pymupdf.Rect(72, 300, 362, 410), stream=pix.tobytes("png"))
    t = triage_page(page)
    assert t.kind == "mixed"
    (region,) = t.scan_regions
    assert (round(region.x0), round(region.y0), round(region.x1), round(region.y1)) == (72, 300, 362, 410)


def test_logo_is_not_a_scan() -> None:
    doc = _digital()
    page = doc[0]
    logo = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    logo.clear_with(128)
    page.insert_image(pymupdf.Rect(500, 20, 540, 60), pixmap=logo)
    assert triage_page(page).kind == "born_digital"


def test_text_drawn_as_outlines_needs_ocr() -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    shape = page.new_shape()
    for k in range(40):  # glyph-like filled strokes with no text layer
        x, y = 72 + (k % 10) * 40, 100 + (k // 10) * 30
        shape.draw_rect(pymupdf.Rect(x, y, x + 25, y + 12))
    shape.finish(fill=(0, 0, 0), color=None)
    shape.commit()
    t = triage_page(page)
    assert t.kind == "scanned" and "outlines" in t.reason


def test_garbled_font_without_unicode_map() -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_font(fontname="F1", fontfile=NANUM)
    for k, line in enumerate(["Revenue by region", "North 1,234", "South 5,678", "Total 6,912"]):
        page.insert_text((72, 100 + 20 * k), line, fontname="F1", fontsize=12)
    page.insert_text((72, 300), "This paragraph uses a font whose characters map to Unicode as they should, "
                     "and it is longer than the garbled lines.", fontname="helv", fontsize=10)  # fmt: skip
    page.insert_text((72, 314), "A second line of readable body text keeps the page mixed.", fontname="helv",
                     fontsize=10)  # fmt: skip
    garbled = unmap_fonts(doc)
    assert unmapped_fonts(garbled[0]) and not unmapped_fonts(doc[0])
    t = triage_page(garbled[0])
    assert t.kind == "mixed" and t.garbled_chars > 0 and len(t.garbled_spans) == 4
    assert triage_page(doc[0]).kind == "born_digital"


@pytest.mark.parametrize(
    ("text", "garbled"),
    [("Net income 2024", False), ("합계 1,234억원", False), ("Ümsatz (€)", False), ("\ufffd\ufffd\ufffd", True),
     ("\ue000\ue001 x", True), ("3FW\x01\x12", True), ("Тоtal", True), ("#$^{}~`|\\", True), ("....----", False)],
)  # fmt: skip
def test_garbled_spans(text: str, garbled: bool) -> None:
    assert is_garbled(text) is garbled, (text, garbled_score(text))
