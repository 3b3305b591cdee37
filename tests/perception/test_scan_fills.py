"""Scanned tables with filled cells: light text on dark fills is read like dark text on paper.

Reports often set their header row (and sometimes a label column) in white on a dark or mid-grey
fill. The pages are drawn with such fills, rendered to pictures, and read by OCR; a page of dark
text on light fills and a heavy headline must come through :func:`lift_reversed` untouched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pymupdf
import pytest

from perception.tables._ocr import tesseract_available
from perception.tables._scan import lift_reversed, render_gray
from tests.pdfgen import TableSpec, draw_paragraph, draw_table
from tools.pdf import extract_tables

pytestmark = pytest.mark.skipif(not tesseract_available(), reason="tesseract is not installed")

HEADER = ["Station", "Samples", "Positive", "Share"]
BODY = [
    ["Harbour", "1,240", "31", "2.5%"],
    ["Airport", "860", "12", "1.4%"],
    ["Central", "2,015", "77", "3.8%"],
    ["Riverside", "430", "9", "2.1%"],
]
WIDTHS = (110, 80, 80, 70)
ROW_H = 22.0


def _reversed_table(page: pymupdf.Page, *, at: tuple[float, float], fill: float, label_fill: float | None) -> None:
    """A ruled table whose header row (and, with ``label_fill``, first column) is white on a fill."""
    x0, y0 = at
    xs = [x0]
    for w in WIDTHS:
        xs.append(xs[-1] + w)
    rows = [HEADER, *BODY]
    for i, row in enumerate(rows):
        top = y0 + i * ROW_H
        for j, text in enumerate(row):
            cell = pymupdf.Rect(xs[j], top, xs[j + 1], top + ROW_H)
            shade = fill if i == 0 else (label_fill if j == 0 else None)
            if shade is not None:
                page.draw_rect(cell, color=None, fill=(shade, shade, shade), width=0)
            white = shade is not None
            page.insert_text((cell.x0 + 5, cell.y1 - 7), text, fontsize=10, fontname="hebo" if i == 0 else "helv",
                             color=(1, 1, 1) if white else (0, 0, 0))  # fmt: skip
    for i in range(len(rows) + 1):  # rules in white between filled cells, black elsewhere: both happen
        page.draw_line((xs[0], y0 + i * ROW_H), (xs[-1], y0 + i * ROW_H), color=(0, 0, 0), width=0.6)
    for x in xs:
        page.draw_line((x, y0), (x, y0 + len(rows) * ROW_H), color=(0, 0, 0), width=0.6)


def _scanned(doc: pymupdf.Document, path: Path, *, dpi: int = 150, noise: float = 0.0) -> Path:
    pix = doc[0].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    img: Any = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width].copy()
    if noise:
        rng = np.random.default_rng(11)
        img = np.asarray(np.clip(img + rng.normal(0, noise, img.shape), 0, 255), dtype=np.uint8)
    out = pymupdf.open()
    page = out.new_page(width=doc[0].rect.width, height=doc[0].rect.height)
    page.insert_image(page.rect, stream=cv2.imencode(".png", img)[1].tobytes())
    out.save(path)
    return path


def _share(got: list[list[str]], want: list[list[str]]) -> float:
    cells = [(i, j) for i in range(len(want)) for j in range(len(want[0]))]
    ok = sum(i < len(got) and j < len(got[i]) and " ".join(got[i][j].split()) == want[i][j] for i, j in cells)
    return ok / len(cells)


@pytest.mark.parametrize(
    ("fill", "label_fill", "noise"),
    [(0.1, None, 0.0), (0.62, None, 10.0), (0.15, 0.3, 0.0)],
    ids=["black-header", "grey-header-noisy", "black-header-dark-labels"],
)
def test_white_text_on_fills_is_read(tmp_path: Path, fill: float, label_fill: float | None, noise: float) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    draw_paragraph(page, "Samples taken at each station during the survey, and the share found positive.",
                   at=(72, 60), width=440)  # fmt: skip
    _reversed_table(page, at=(72, 110), fill=fill, label_fill=label_fill)
    (table,) = extract_tables(_scanned(doc, tmp_path / "scan.pdf", noise=noise)).tables
    got = table.to_rows()
    assert got[0] == HEADER  # the reversed header row, read
    assert table.shape == (5, 4) and _share(got, [HEADER, *BODY]) >= 0.9


def test_dark_text_on_light_fills_and_headlines_are_left_alone() -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    draw_paragraph(page, "QUARTERLY RESULTS", at=(60, 50), width=480, fontsize=40, bold=True)
    draw_paragraph(page, "HELL", at=(60, 640), width=480, fontsize=96, bold=True)  # straight, heavy strokes
    page.draw_rect(pymupdf.Rect(60, 140, 540, 200), color=None, fill=(0.6, 0.6, 0.6), width=0)
    draw_paragraph(page, "A mid-grey box with black text in it, set in eleven points, over two lines of text.",
                   at=(66, 146), width=460, fontsize=11)  # fmt: skip
    rows = [HEADER, *BODY]
    spec = TableSpec(rows=rows, widths=WIDTHS, fontsize=10, header_fill=(0.75, 0.75, 0.75), zebra=(0.9, 0.9, 0.9))
    draw_table(page, spec, at=(60, 240))
    gray = render_gray(page, dpi=300)
    assert np.array_equal(lift_reversed(gray, dpi=300), gray)


def test_a_reversed_fill_turns_dark_on_white() -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    _reversed_table(page, at=(72, 110), fill=0.1, label_fill=None)
    gray = render_gray(page, dpi=300)
    out = lift_reversed(gray, dpi=300)
    header = pymupdf.Rect(72, 110, 72 + sum(WIDTHS), 110 + ROW_H) * (300 / 72)
    inner = out[round(header.y0) + 6 : round(header.y1) - 6, round(header.x0) + 6 : round(header.x1) - 6]
    before = gray[round(header.y0) + 6 : round(header.y1) - 6, round(header.x0) + 6 : round(header.x1) - 6]
    assert np.median(before) < 60 and np.median(inner) > 200  # the fill became paper
    assert 0.02 < float((inner < 128).mean()) < 0.4  # and its text ink
    body = (slice(round(header.y1) + 10, round(header.y1) + 60), slice(round(header.x0), round(header.x1)))
    assert np.array_equal(out[body], gray[body])  # the rest of the table is as it was
