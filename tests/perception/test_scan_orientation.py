"""Scans fed the wrong way round: quarter and half turns are found and undone before tables are read.

The pages are drawn as born-digital tables (expected rows known by construction), rendered to
pictures and turned; the table reader must find the same tables, with boxes on the page as shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pymupdf
import pytest

from perception.tables._ocr import tesseract_available
from perception.tables._scan import baseline_score, read_scan, sideways, upside_down
from tests.pdfgen import TableSpec, draw_paragraph, draw_table
from tests.perception.test_scan import ROWS, _draw, _exact_share
from tools.pdf import extract_tables

pytestmark = pytest.mark.skipif(not tesseract_available(), reason="tesseract is not installed")

KOREAN = [["구분", "매출", "증감"], ["서울", "1,250", "△30"], ["부산", "980", "45"], ["합계", "2,230", "15"]]


def _picture(doc: pymupdf.Document, *, dpi: int = 150) -> Any:
    pix = doc[0].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width].copy()


def _scan_turned(img: Any, path: Path, *, turn: int, angle: float = 0.0, noise: float = 0.0) -> Path:
    """``img`` turned ``turn`` degrees clockwise (and ``angle`` more), on a page of the turned shape."""
    if angle:
        h, w = img.shape
        img = cv2.warpAffine(img, cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0), (w, h), borderValue=255)
    if noise:
        rng = np.random.default_rng(5)
        img = np.asarray(np.clip(img + rng.normal(0, noise, img.shape), 0, 255), dtype=np.uint8)
    img = np.ascontiguousarray(np.rot90(img, k=-turn // 90))
    h, w = img.shape
    doc = pymupdf.open()
    page = doc.new_page(width=w * 72 / 150, height=h * 72 / 150)
    page.insert_image(page.rect, stream=cv2.imencode(".png", img)[1].tobytes())
    doc.save(path)
    return path


@pytest.fixture(scope="module")
def digital() -> pymupdf.Document:
    doc = pymupdf.open()
    _draw(doc.new_page())
    return doc


@pytest.fixture(scope="module")
def upright(digital: pymupdf.Document, tmp_path_factory: pytest.TempPathFactory) -> list[list[list[str]]]:
    path = tmp_path_factory.mktemp("upright") / "scan.pdf"
    return [t.to_rows() for t in extract_tables(_scan_turned(_picture(digital), path, turn=0)).tables]


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_turned_scan_reads_like_the_upright_one(
    digital: pymupdf.Document, upright: list[list[list[str]]], tmp_path: Path, turn: int
) -> None:
    assert len(upright) == 2 and _exact_share(upright[0], ROWS) >= 0.9
    path = _scan_turned(_picture(digital), tmp_path / "turned.pdf", turn=turn)
    page = pymupdf.open(path)[0]
    assert read_scan(page).turn_deg == (360 - turn) % 360  # read turned back the other way
    result = extract_tables(path)
    got = [t.to_rows() for t in result.tables]
    assert got == upright
    first = result.tables[0]
    for c in first.cells:  # boxes on the page as it is displayed
        assert 0 <= c.bbox.x0 < c.bbox.x1 <= page.rect.width and 0 <= c.bbox.y0 < c.bbox.y1 <= page.rect.height
    # the table (drawn in the upper left of the upright page) lies where the turn took it
    cx, cy = (
        (first.bbox.x0 + first.bbox.x1) / 2 / page.rect.width,
        (first.bbox.y0 + first.bbox.y1) / 2 / page.rect.height,
    )
    expect = {90: (cx > 0.5, cy < 0.5), 180: (cx > 0.5, cy > 0.5), 270: (cx < 0.5, cy > 0.5)}[turn]
    assert all(expect), (turn, cx, cy)
    assert (first.bbox.height > first.bbox.width) == (turn != 180)


def test_an_upside_down_skewed_noisy_scan_is_read(digital: pymupdf.Document, tmp_path: Path) -> None:
    path = _scan_turned(_picture(digital), tmp_path / "turned.pdf", turn=180, angle=1.0, noise=10)
    reading = read_scan(pymupdf.open(path)[0])
    assert reading.turn_deg == 180 and reading.skew_deg == pytest.approx(-1.0, abs=0.15)
    got = [t.to_rows() for t in extract_tables(path).tables]
    assert len(got) == 2 and _exact_share(got[0], ROWS) >= 0.85


def _ink(img: Any) -> Any:
    return np.where(img < 128, np.uint8(255), np.uint8(0)).astype(np.uint8)


def test_glyphs_line_up_on_a_baseline_only_the_right_way_up(digital: pymupdf.Document) -> None:
    bw = _ink(_picture(digital))
    up, down = baseline_score(bw, dpi=150), baseline_score(np.ascontiguousarray(bw[::-1, ::-1]), dpi=150)
    assert up.glyphs >= 100 and up.score > 0.1
    assert down.glyphs == up.glyphs and down.score == pytest.approx(-up.score)
    top, bottom = up.busiest
    assert 0 <= top < bottom <= bw.shape[0] and bottom - top <= 0.6 * 150
    assert not sideways(bw, dpi=150) and sideways(np.ascontiguousarray(np.rot90(bw)), dpi=150)
    blank = np.zeros_like(bw)
    assert baseline_score(blank, dpi=150).glyphs == 0 and not sideways(blank, dpi=150)
    assert not upside_down(np.full_like(blank, 255), blank, dpi=150)


def _korean_page() -> pymupdf.Document:
    doc = pymupdf.open()
    page = doc.new_page()
    text = "한국어 문서의 표와 본문을 읽습니다. 매출액은 전년 대비 증가하였으며 영업이익도 개선되었습니다. "
    draw_paragraph(page, text * 3, at=(72, 60), width=420, fontname="nanum", fontsize=12)
    draw_table(page, TableSpec(rows=KOREAN, widths=(90, 90, 80), font="nanum", fontsize=12), at=(72, 200))
    return doc


def test_hangul_lines_up_at_the_top_and_is_not_turned() -> None:
    """Hangul syllables hang from a common top: an upright Korean page must not be taken for an
    upside-down Latin one, with or without the Korean hint; with the hint a turned one is found."""
    img = _picture(_korean_page(), dpi=200)
    flat, bw = img, _ink(img)
    assert baseline_score(bw, dpi=200).score < 0
    assert not upside_down(flat, bw, dpi=200)
    assert not upside_down(flat, bw, dpi=200, languages=("ko",))
    turned = np.ascontiguousarray(img[::-1, ::-1])
    assert upside_down(turned, _ink(turned), dpi=200, languages=("ko",))


def test_an_upside_down_korean_scan_is_read_with_the_hint(tmp_path: Path) -> None:
    path = _scan_turned(_picture(_korean_page(), dpi=150), tmp_path / "ko.pdf", turn=180)
    (table,) = extract_tables(path, languages=["ko"]).tables
    got = table.to_rows()
    assert table.shape == (4, 3)
    assert [got[i][j] for i, j in ((1, 1), (2, 1), (3, 1))] == ["1,250", "980", "2,230"]
