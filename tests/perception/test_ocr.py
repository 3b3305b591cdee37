"""read_text: whole images, regions, and zoom-in tiling of large screenshots, with the real CPU backend.

The big test renders a 3840×2160 screenshot with a string in every tile and strings on every seam
(plus a line longer than a tile crossing one), reads it through the tiles and checks that each
string comes back exactly once, with its box within 4 pixels of the ink.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont

from model.cpu import CpuBackend
from model.errors import ConfigError, ImageError
from model.protocol import (
    GenerateRequest,
    GenerateResponse,
    GroundRequest,
    GroundResponse,
    LayoutRequest,
    LayoutResponse,
    OcrRequest,
    OcrResponse,
)
from model.tiling import select_grid
from perception.ocr import _deduplicate, _Piece, _tiles, read_text
from perception.types import BBox

NANUM = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
pytestmark = pytest.mark.skipif(not Path(NANUM).exists(), reason="needs fonts-nanum (NanumGothic)")

Box = tuple[float, float, float, float]
LONG = "The quick brown fox jumps over the lazy dog while the project manager reviews the quarterly budget"


@dataclass
class Recording:
    """A VisionModel that delegates to the CPU backend and records the size of every image it is sent."""

    inner: CpuBackend
    sizes: list[tuple[int, int]] = field(default_factory=list)
    languages: list[tuple[str, ...]] = field(default_factory=list)
    model_id: str = "recording"

    async def ocr(self, request: OcrRequest, /) -> OcrResponse:
        self.sizes.append(Image.open(io.BytesIO(request.image)).size)
        self.languages.append(request.languages)
        return await self.inner.ocr(request)

    async def ground(self, request: GroundRequest, /) -> GroundResponse:
        return await self.inner.ground(request)

    async def layout(self, request: LayoutRequest, /) -> LayoutResponse:
        return await self.inner.layout(request)

    async def generate(self, request: GenerateRequest, /) -> GenerateResponse:
        return await self.inner.generate(request)


def png_of(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def write(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, face: ImageFont.FreeTypeFont) -> Box:
    draw.text(xy, text, fill="black", font=face)
    x0, y0, x1, y1 = draw.textbbox(xy, text, font=face)
    return (float(x0), float(y0), float(x1), float(y1))


def centred(draw: ImageDraw.ImageDraw, cx: float, cy: float, text: str, face: ImageFont.FreeTypeFont) -> Box:
    x0, y0, x1, y1 = draw.textbbox((0, 0), text, font=face)
    return write(draw, (cx - (x1 - x0) / 2, cy - (y1 - y0) / 2), text, face)


def close(got: BBox, want: Box, tol: float) -> bool:
    return all(abs(g - w) <= tol for g, w in zip(got.as_tuple(), want, strict=True))


@pytest.fixture(scope="module")
def screen_4k() -> tuple[bytes, dict[str, Box]]:
    """3840×2160 with 28-px text: a word in each of the 4×2 tiles, a string centred on every seam and
    on the crossing of seams, and one line wider than a tile across the seam at x = 1920."""
    width, height = 3840, 2160
    grid = select_grid(width, height)
    assert (grid.n_w, grid.n_h) == (4, 2)
    tw, th = width // grid.n_w, height // grid.n_h
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype(NANUM, 28)
    placed: dict[str, Box] = {}
    words = iter(["Dashboard", "Settings", "Invoices", "Customers", "Reports", "Export data", "Sign out", "Profile"])
    for r in range(grid.n_h):
        for c in range(grid.n_w):
            text = next(words)
            placed[text] = write(draw, (c * tw + 200, r * th + 300), text, face)
    on_seams = [
        ("Quarterly revenue summary", tw, 700),  # vertical seams
        ("Account overview", 2 * tw, 500),
        ("Download invoice", 3 * tw, 1500),
        ("Upcoming payments", 600, th),  # the horizontal seam
        ("Security settings", 3300, th),
        ("Open tickets", 2 * tw, th),  # where four tiles meet
    ]
    for text, cx, cy in on_seams:
        placed[text] = centred(draw, cx, cy, text, face)
    placed[LONG] = write(draw, (1500, 1800), LONG, face)  # 1300 px wide: no seam can dodge it
    return png_of(image), placed


@pytest.mark.slow
async def test_4k_screenshot_every_string_once_with_its_box(
    cpu_model: CpuBackend, screen_4k: tuple[bytes, dict[str, Box]]
) -> None:
    png, placed = screen_4k
    model = Recording(cpu_model)
    spans = await read_text(model, png)
    assert len(model.sizes) == 8 and all(w < 1200 and h < 1200 for w, h in model.sizes)  # full-resolution crops
    texts = [s.text for s in spans]
    assert sorted(texts) == sorted(placed), texts
    for span in spans:
        assert span.bbox.space == "device_px" and span.source == "ocr"
        assert close(span.bbox, placed[span.text], tol=4), (span.text, span.bbox.as_tuple(), placed[span.text])
    # reading order: top to bottom, left to right within a row
    rows = [s for s in spans if s.text in ("Dashboard", "Settings", "Invoices", "Customers")]
    assert [s.text for s in rows] == ["Dashboard", "Settings", "Invoices", "Customers"]


async def test_small_images_go_in_one_call(cpu_model: CpuBackend) -> None:
    image = Image.new("RGB", (1280, 800), "white")
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype(NANUM, 16)
    want = {t: write(draw, xy, t, face) for t, xy in [("Sign in", (40, 30)), ("Search", (1100, 30)),
                                                       ("Order history", (600, 700))]}  # fmt: skip
    model = Recording(cpu_model)
    spans = await read_text(model, png_of(image), languages=("en",))
    assert model.sizes == [(1280, 800)] and model.languages == [("en",)]
    assert [s.text for s in spans] == ["Sign in", "Search", "Order history"]
    assert all(close(s.bbox, want[s.text], tol=4) for s in spans)
    model.sizes.clear()
    await read_text(model, png_of(Image.new("RGB", (3000, 2000), "white")), zoom=False)
    assert model.sizes == [(3000, 2000)]  # zoom off: one call whatever the size


async def test_a_region_is_read_alone_in_image_pixels(cpu_model: CpuBackend) -> None:
    image = Image.new("RGB", (1600, 1000), "white")
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype(NANUM, 20)
    write(draw, (100, 100), "Outside the region", face)
    inside = write(draw, (1210, 820), "장바구니 담기", face)
    model = Recording(cpu_model)
    region = BBox(x0=1180.4, y0=800, x1=1420, y1=860.2, space="device_px")
    spans = await read_text(model, png_of(image), languages=("ko",), region=region)
    assert model.sizes == [(240, 61)]  # the region rounded outwards
    assert [s.text for s in spans] == ["장바구니 담기"]
    assert close(spans[0].bbox, inside, tol=4), spans[0].bbox


async def test_bad_regions_and_images_are_named(cpu_model: CpuBackend) -> None:
    png = png_of(Image.new("RGB", (200, 100), "white"))
    with pytest.raises(ConfigError, match="region must be a box in 'device_px'.*'css_px'"):
        await read_text(cpu_model, png, region=BBox(x0=0, y0=0, x1=10, y1=10, space="css_px"))
    with pytest.raises(ConfigError, match=r"does not overlap the 200×100 image"):
        await read_text(cpu_model, png, region=BBox(x0=300, y0=0, x1=400, y1=50, space="device_px"))
    with pytest.raises(ImageError, match="not a decodable image"):
        await read_text(cpu_model, b"GIF89a?")


def piece(box: Box, text: str, tile: int, **cuts: bool) -> _Piece:
    return _Piece(box=box, text=text, score=0.9, tile=tile, **cuts)


def test_duplicates_across_an_overlap_are_kept_once() -> None:
    a = piece((900, 100, 1000, 130), "Settings", 0)
    b = piece((901, 101, 1001, 131), "Settings", 1)
    other = piece((100, 100, 200, 130), "Home", 0)
    assert sorted(p.text for p in _deduplicate([a, b, other])) == ["Home", "Settings"]


def test_a_cut_remnant_gives_way_to_the_whole_line() -> None:
    whole = piece((500, 1060, 760, 1100), "Upcoming payments", 1)
    remnant = piece((500, 1080, 760, 1100), "Upcorning", 0, cut_bottom=True)  # the top crop saw its upper half
    assert [p.text for p in _deduplicate([remnant, whole])] == ["Upcoming payments"]


def test_halves_of_a_long_line_are_joined() -> None:
    """A line crossing a vertical seam: each crop reads up to its edge, 2 × 48 px of it twice."""
    left = piece((1500, 1800, 1968, 1835), "The quick brown fox jumps ov", 1, cut_right=True)
    right = piece((1872, 1801, 2810, 1836), "ps over the lazy dog", 2, cut_left=True)
    joined = _deduplicate([left, right])
    assert [p.text for p in joined] == ["The quick brown fox jumps over the lazy dog"]
    assert joined[0].box == (1500, 1800, 2810, 1836)


@settings(max_examples=40, deadline=None)
@given(st.integers(400, 6000), st.integers(400, 6000))
def test_tiles_cover_the_image_and_overlap_at_seams(width: int, height: int) -> None:
    image = Image.new("L", (width, height), 255)
    tiles = _tiles(image, (0, 0, width, height))
    grid = select_grid(width, height)
    assert len(tiles) == grid.n_tiles
    covered_x = {x for (x0, _, x1, _), _ in tiles for x in (x0, x1)}
    assert min(covered_x) == 0 and max(covered_x) == width
    for (x0, y0, x1, y1), (left, top, right, bottom) in tiles:
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
        assert left == (x0 > 0) and top == (y0 > 0) and right == (x1 < width) and bottom == (y1 < height)
    # every pixel row and column is inside some tile: probe a lattice
    for px in range(0, width, max(1, width // 17)):
        for py in range(0, height, max(1, height // 13)):
            assert any(x0 <= px < x1 and y0 <= py < y1 for (x0, y0, x1, y1), _ in tiles), (px, py)


def test_two_crops_reading_overlapping_parts_of_a_line_give_the_whole_line() -> None:
    """Neither piece touches a seam where the engine saw it, yet both read the overlap: one line."""
    left = piece((133, 205, 442, 258), "SUMMER", 0)
    right = piece((353, 205, 657, 257), "ER SALE", 1)
    below = piece((350, 291, 582, 323), "shoes and bags", 1)
    out = _deduplicate([left, right, below])
    assert sorted(p.text for p in out) == ["SUMMER SALE", "shoes and bags"]
    assert next(p for p in out if p.text == "SUMMER SALE").box == (133, 205, 657, 258)
    beside = piece((450, 205, 600, 257), "SALE", 1)  # no overlap: two words stay two pieces
    assert sorted(p.text for p in _deduplicate([left, beside])) == ["SALE", "SUMMER"]
