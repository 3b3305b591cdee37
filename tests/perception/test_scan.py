"""Tables on scanned pages: image-only PDFs, a skewed scan, a garbled text layer, Korean OCR.

The PDFs are drawn as born-digital tables (expected rows known by construction), then rendered to
pictures: the OCR path must rebuild the same table model (spans, multi-line cells) from pixels.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pymupdf
import pytest

from perception.tables._ocr import tesseract_available
from perception.tables._scan import estimate_skew, read_scan
from tests.pdfgen import Span, TableSpec, draw_paragraph, draw_table
from tests.perception.test_triage import unmap_fonts
from tools.pdf import extract_tables

pytestmark = pytest.mark.skipif(not tesseract_available(), reason="tesseract is not installed")

ROWS = [
    ["Region", "Units", "Revenue", "Margin"],
    ["North", "1,204", "38,510", "12.5%"],
    ["South", "987", "29,004", "9.8%"],
    ["East", "2,311", "71,320", "14.1%"],
    ["West", "450", "12,775", "7.2%"],
    ["Total", "4,952", "151,609", "11.9%"],
]
SPANNED: list[list[str | Span | None]] = [
    [Span("Sales by channel", colspan=3), None, None],
    ["Channel", "Orders", "Returns"],
    ["Retail stores", "5,410", "120"],
    ["Online\nshop", "8,275", "302"],
    ["Wholesale", "1,930", "45"],
]


def _draw(page: pymupdf.Page) -> None:
    draw_paragraph(page, "Regional summary for the second quarter, all figures in euros.", at=(72, 60), width=420)
    draw_table(page, TableSpec(rows=ROWS, widths=(110, 70, 90, 70), fontsize=11, align=("left", "right", "right",
                                                                                              "right")), at=(72, 100))  # fmt: skip
    draw_table(page, TableSpec(rows=SPANNED, widths=(130, 80, 80), fontsize=11, header_rows=2), at=(72, 330))


def _scan(src: pymupdf.Document, path: Path, *, angle: float = 0.0, noise: float = 0.0, dpi: int = 150) -> Path:
    doc = pymupdf.open()
    for k in range(src.page_count):
        page = src[k]
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        img: Any = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width].copy()
        if angle:
            m = cv2.getRotationMatrix2D((pix.width / 2, pix.height / 2), angle, 1.0)
            img = cv2.warpAffine(img, m, (pix.width, pix.height), borderValue=255)
        if noise:
            rng = np.random.default_rng(3)
            img = np.asarray(np.clip(img + rng.normal(0, noise, img.shape), 0, 255), dtype=np.uint8)
        new = doc.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, stream=cv2.imencode(".png", img)[1].tobytes())
    doc.save(path)
    return path


@pytest.fixture(scope="module")
def digital(tmp_path_factory: pytest.TempPathFactory) -> pymupdf.Document:
    doc = pymupdf.open()
    _draw(doc.new_page())
    return doc


def _exact_share(got: list[list[str]], want: list[list[str]]) -> float:
    if len(got) != len(want) or any(len(a) != len(b) for a, b in zip(got, want, strict=True)):
        return 0.0
    pairs = [(a, b) for ra, rb in zip(got, want, strict=True) for a, b in zip(ra, rb, strict=True) if b]
    return sum(" ".join(a.split()) == " ".join(b.split()) for a, b in pairs) / len(pairs)


def _expected(digital: pymupdf.Document) -> list[list[list[str]]]:
    return [t.to_rows() for t in extract_tables(_save(digital)).tables]


def _save(doc: pymupdf.Document) -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp()) / "digital.pdf"
    doc.save(path)
    return path


def test_scanned_tables_match_the_born_digital_ones(digital: pymupdf.Document, tmp_path: Path) -> None:
    want = _expected(digital)
    assert len(want) == 2
    doc = extract_tables(_scan(digital, tmp_path / "scan.pdf"))
    page = doc.pages[0]
    assert page.triage is not None and page.triage.kind == "scanned"
    got = [t.to_rows() for t in doc.tables]
    assert len(got) == 2
    assert _exact_share(got[0], want[0]) >= 0.9
    assert _exact_share(got[1], want[1]) >= 0.8
    spanning = doc.tables[1]
    title = next(c for c in spanning.cells if c.row == 0 and c.col == 0)
    assert title.colspan == 3 and title.text == "Sales by channel"
    assert any(c.text == "Online\nshop" for c in spanning.cells)  # a two-line cell stays one cell
    assert all(0 < c.confidence <= 1 for c in spanning.cells if c.text)
    assert doc.tables[0].total_rows == (5,)
    assert next(c for c in doc.tables[0].cells if c.row == 3 and c.col == 2).value == 71320.0


def test_skewed_noisy_scan_is_deskewed(digital: pymupdf.Document, tmp_path: Path) -> None:
    want = _expected(digital)
    path = _scan(digital, tmp_path / "skew.pdf", angle=1.2, noise=10)
    page = pymupdf.open(path)[0]
    reading = read_scan(page)
    assert reading.skew_deg == pytest.approx(-1.2, abs=0.15)
    got = [t.to_rows() for t in extract_tables(path).tables]
    assert len(got) == 2 and _exact_share(got[0], want[0]) >= 0.85


def test_sideways_scan_is_turned_upright(digital: pymupdf.Document, tmp_path: Path) -> None:
    want = _expected(digital)
    pix = digital[0].get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
    img = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    turned = np.ascontiguousarray(np.rot90(img))  # the scanner fed it sideways (text runs bottom to top)
    doc = pymupdf.open()
    page = doc.new_page(width=digital[0].rect.height, height=digital[0].rect.width)
    page.insert_image(page.rect, stream=cv2.imencode(".png", turned)[1].tobytes())
    doc.save(path := tmp_path / "sideways.pdf")
    result = extract_tables(path)
    got = [t.to_rows() for t in result.tables]
    assert len(got) == 2 and _exact_share(got[0], want[0]) >= 0.9
    for c in result.tables[0].cells:  # boxes on the sideways page as displayed: tall, not wide
        assert 0 <= c.bbox.x0 < c.bbox.x1 <= page.rect.width and 0 <= c.bbox.y0 < c.bbox.y1 <= page.rect.height
    assert result.tables[0].bbox.height > result.tables[0].bbox.width


def test_skew_estimate_on_straight_page(digital: pymupdf.Document) -> None:
    pix = digital[0].get_pixmap(dpi=100, colorspace=pymupdf.csGRAY)
    img = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    bw = np.where(img < 128, np.uint8(255), np.uint8(0)).astype(np.uint8)
    assert estimate_skew(bw) == 0.0
    turned = cv2.warpAffine(bw, cv2.getRotationMatrix2D((pix.width / 2, pix.height / 2), -2.0, 1.0),
                            (pix.width, pix.height))  # fmt: skip
    assert estimate_skew(turned) == pytest.approx(2.0, abs=0.1)


def test_garbled_text_layer_is_read_by_ocr(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    draw_table(page, TableSpec(rows=ROWS, widths=(110, 70, 90, 70), fontsize=11, font="nanum"), at=(72, 100))
    draw_paragraph(page, "Readable notes under the table, in a font with a Unicode map. " * 4, at=(72, 300), width=420)
    garbled = unmap_fonts(doc)
    path = tmp_path / "garbled.pdf"
    garbled.save(path)
    assert "Region" not in garbled[0].get_text()  # the text layer really is unusable
    result = extract_tables(path)
    assert result.pages[0].triage is not None and result.pages[0].triage.kind == "mixed"
    (table,) = result.tables
    assert _exact_share(table.to_rows(), ROWS) >= 0.9
    assert extract_tables(path, ocr=False).tables[0].to_rows() != ROWS  # without OCR: glyph numbers


def test_korean_scan(tmp_path: Path) -> None:
    rows = [["구분", "매출", "증감"], ["서울", "1,250", "△30"], ["부산", "980", "45"], ["합계", "2,230", "15"]]
    doc = pymupdf.open()
    draw_table(doc.new_page(), TableSpec(rows=rows, widths=(90, 90, 80), font="nanum", fontsize=12), at=(72, 100))
    path = _scan(doc, tmp_path / "ko.pdf", dpi=200)
    (table,) = extract_tables(path, languages=["ko"]).tables
    got = table.to_rows()
    # tesseract's Korean model misreads some NanumGothic syllables at scan sizes ("매출" → "0 출"):
    # the grid and the numbers must be right, and most of the Hangul
    assert table.shape == (4, 3)
    assert [got[i][j] for i, j in ((1, 1), (2, 1), (2, 2), (3, 1), (3, 2))] == ["1,250", "980", "45", "2,230", "15"]
    assert _exact_share(got, rows) >= 0.6


@pytest.mark.skipif(not tesseract_available(), reason="tesseract is not installed")
@pytest.mark.parametrize("store", ["jpeg", "grey16"])
def test_a_large_title_on_a_coarse_scan_is_not_a_table(tmp_path: Path, store: str) -> None:
    """A scan stored lossily breaks a big bold title into chunks that line up like two rows: not a table."""
    import io

    from PIL import Image

    sample = Path(__file__).resolve().parents[2] / "examples" / "samples" / "quarterly.pdf"  # a title above a grid
    with pymupdf.open(sample) as born:
        pix = born[0].get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
    picture = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    picture = picture.rotate(0.4, resample=Image.Resampling.BICUBIC, fillcolor=255)
    buf = io.BytesIO()
    if store == "jpeg":
        picture.save(buf, "JPEG", quality=70)
    else:
        picture.point(lambda v: v // 17 * 17).convert("P", palette=Image.Palette.ADAPTIVE, colors=16).save(buf, "PNG")
    doc = pymupdf.open()
    doc.new_page(width=595, height=842).insert_image(pymupdf.Rect(0, 0, 595, 842), stream=buf.getvalue())
    doc.save(tmp_path / "scan.pdf")
    tables = extract_tables(tmp_path / "scan.pdf").tables
    assert [(t.method, t.n_rows, t.n_cols) for t in tables] == [("lattice", 9, 6)]
