"""Coordinate conversions: exact numbers, round trips, wrong spaces, and rotated pages checked with PyMuPDF."""

from __future__ import annotations

from collections.abc import Callable
from typing import get_args

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.errors import ConfigError
from model.tiling import select_grid
from perception.geometry import (
    Rotation,
    from_norm999,
    from_tile,
    from_unit,
    pdf_to_pixels,
    pixels_to_pdf,
    rotate_page_box,
    to_css_px,
    to_device_px,
    to_norm999,
    to_tile,
    to_unit,
    unrotate_page_box,
)
from perception.types import BBox, Space


def box(x0: float, y0: float, x1: float, y1: float, space: Space = "pdf_pt") -> BBox:
    return BBox(x0=x0, y0=y0, x1=x1, y1=y1, space=space)


def test_css_and_device_pixels() -> None:
    assert to_device_px(box(10, 20, 30, 40, "css_px"), scale_factor=2) == box(20, 40, 60, 80, "device_px")
    assert to_device_px(box(10, 20, 30, 40, "css_px"), scale_factor=1.25) == box(12.5, 25, 37.5, 50, "device_px")
    assert to_css_px(box(25, 50, 75, 100, "device_px"), scale_factor=2.5) == box(10, 20, 30, 40, "css_px")
    css = box(13.3, 7.1, 401.9, 222.2, "css_px")
    assert to_css_px(to_device_px(css, scale_factor=1.5), scale_factor=1.5).as_tuple() == pytest.approx(css.as_tuple())


def test_unit_and_pixels() -> None:
    assert from_unit(box(0.25, 0.5, 0.75, 1, "unit"), width=640, height=480) == box(160, 240, 480, 480, "device_px")
    assert to_unit(box(160, 240, 480, 480, "device_px"), width=640, height=480) == box(0.25, 0.5, 0.75, 1, "unit")


def test_norm999_matches_the_deepseek_sample() -> None:
    """vlm.md §2.3: ``[[580, 270, 999, 900]]`` on 1920×1080 → (1114.71, 291.89, 1920.00, 972.97)."""
    px = from_norm999(box(580, 270, 999, 900, "norm999"), width=1920, height=1080)
    assert px.space == "device_px"
    assert [round(v, 2) for v in px.as_tuple()] == [1114.71, 291.89, 1920.0, 972.97]
    assert to_norm999(px, width=1920, height=1080) == box(580, 270, 999, 900, "norm999")


def test_norm999_rounds_and_clamps() -> None:
    # 100.2/1920·999 = 52.13 → 52, 0.5/1080·999 = 0.46 → 0; outside the image clamps to 0 and 999
    assert to_norm999(box(100.2, 0.5, 5000, 1080, "device_px"), width=1920, height=1080) == box(52, 0, 999, 999,
                                                                                              "norm999")  # fmt: skip
    assert to_norm999(box(-40, -1, 960, 540, "device_px"), width=1920, height=1080) == box(0, 0, 500, 500, "norm999")


@settings(max_examples=300, deadline=None)
@given(w=st.integers(1, 5000), h=st.integers(1, 5000), a=st.integers(0, 999), b=st.integers(0, 999))
def test_norm999_integers_survive_the_round_trip(w: int, h: int, a: int, b: int) -> None:
    n = box(min(a, b), min(a, b), max(a, b), max(a, b), "norm999")
    assert to_norm999(from_norm999(n, width=w, height=h), width=w, height=h) == n


def test_pdf_points_and_rendered_pixels() -> None:
    assert pdf_to_pixels(box(72, 36, 144, 72), dpi=150) == box(150, 75, 300, 150, "device_px")
    assert pdf_to_pixels(box(0, 0, 595, 842), dpi=72) == box(0, 0, 595, 842, "device_px")
    assert pixels_to_pdf(box(150, 75, 300, 150, "device_px"), dpi=150) == box(72, 36, 144, 72)
    pt = box(12.3, 45.6, 78.9, 101.1)
    assert pixels_to_pdf(pdf_to_pixels(pt, dpi=200), dpi=200).as_tuple() == pytest.approx(pt.as_tuple())


@pytest.mark.parametrize("rotation", get_args(Rotation))
def test_rotation_matches_pymupdf(rotation: Rotation) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=500)
    page.set_rotation(rotation)
    for rect in [(10, 20, 30, 50), (0, 0, 300, 500), (150.5, 250.25, 299, 499.5), (0, 480, 20, 500)]:
        shown = rotate_page_box(box(*rect), rotation=rotation, page_width=300, page_height=500)
        expected = pymupdf.Rect(rect) * page.rotation_matrix
        assert shown.as_tuple() == pytest.approx(tuple(expected))
        assert page.rect.contains(pymupdf.Rect(shown.as_tuple()))  # the displayed page holds it
        back = unrotate_page_box(shown, rotation=rotation, page_width=300, page_height=500)
        assert back.as_tuple() == pytest.approx(rect)
        assert tuple(pymupdf.Rect(shown.as_tuple()) * page.derotation_matrix) == pytest.approx(rect)


def test_exact_numbers_on_a_rotated_page() -> None:
    r = box(10, 20, 30, 50)  # on an unrotated 300×500 page
    assert rotate_page_box(r, rotation=0, page_width=300, page_height=500) == r
    assert rotate_page_box(r, rotation=90, page_width=300, page_height=500) == box(450, 10, 480, 30)
    assert rotate_page_box(r, rotation=180, page_width=300, page_height=500) == box(270, 450, 290, 480)
    assert rotate_page_box(r, rotation=270, page_width=300, page_height=500) == box(20, 270, 50, 290)


@pytest.mark.parametrize("rotation", get_args(Rotation))
def test_a_rectangle_drawn_on_a_rotated_page_lands_where_the_conversion_says(rotation: Rotation) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=500)
    rect = (40, 60, 100, 200)  # unrotated page coordinates, as PyMuPDF draws and reads them
    page.draw_rect(pymupdf.Rect(rect), color=None, fill=(0, 0, 0))
    page.set_rotation(rotation)
    pix = page.get_pixmap(dpi=144)
    dark = [(x, y) for y in range(pix.height) for x in range(pix.width) if pix.pixel(x, y)[0] < 128]
    found = (min(p[0] for p in dark), min(p[1] for p in dark), max(p[0] for p in dark) + 1, max(p[1] for p in dark) + 1)
    shown = rotate_page_box(box(*rect), rotation=rotation, page_width=300, page_height=500)
    assert pdf_to_pixels(shown, dpi=144).as_tuple() == pytest.approx(found, abs=1)


def test_tile_boxes() -> None:
    grid = select_grid(640, 480)  # 2×2 tiles over a 768×576 letterbox at y offset 96
    assert from_tile(box(0, 0.5, 1, 1, "unit"), tile=3, grid=grid, width=640, height=480) == box(320, 400, 640, 480,
                                                                                                "device_px")  # fmt: skip
    # the global view is 384×288 at y offset 48: y 0.25 → (96 - 48)/288·480 = 80, 0.75 → (288 - 48)/288·480 = 400
    assert from_tile(box(0, 0.25, 0.5, 0.75, "unit"), tile=None, grid=grid, width=640, height=480) == box(
        0, 80, 320, 400, "device_px"
    )
    # a box on the grey band above the image clamps to the top edge
    assert from_tile(box(0, 0, 1, 0.1, "unit"), tile=None, grid=grid, width=640, height=480) == box(
        0, 0, 640, 0, "device_px"
    )
    px = box(100, 120, 500, 300, "device_px")
    for tile in [None, 0, 1, 2, 3]:
        unit = to_tile(px, tile=tile, grid=grid, width=640, height=480)
        assert unit.space == "unit"
        back = from_tile(unit, tile=tile, grid=grid, width=640, height=480)
        assert back.as_tuple() == pytest.approx(px.as_tuple())


Call = Callable[[BBox], BBox]
WRONG: list[tuple[Call, Space, Space]] = [
    (lambda b: to_device_px(b, scale_factor=2), "device_px", "css_px"),
    (lambda b: to_css_px(b, scale_factor=2), "css_px", "device_px"),
    (lambda b: from_unit(b, width=10, height=10), "device_px", "unit"),
    (lambda b: to_unit(b, width=10, height=10), "unit", "device_px"),
    (lambda b: from_norm999(b, width=10, height=10), "unit", "norm999"),
    (lambda b: to_norm999(b, width=10, height=10), "norm999", "device_px"),
    (lambda b: pdf_to_pixels(b, dpi=72), "device_px", "pdf_pt"),
    (lambda b: pixels_to_pdf(b, dpi=72), "pdf_pt", "device_px"),
    (lambda b: rotate_page_box(b, rotation=90, page_width=10, page_height=10), "css_px", "pdf_pt"),
    (lambda b: unrotate_page_box(b, rotation=90, page_width=10, page_height=10), "unit", "pdf_pt"),
    (lambda b: from_tile(b, tile=0, grid=select_grid(10, 10), width=10, height=10), "device_px", "unit"),
    (lambda b: to_tile(b, tile=0, grid=select_grid(10, 10), width=10, height=10), "unit", "device_px"),
]


@pytest.mark.parametrize(("convert", "given_space", "needed"), WRONG)
def test_a_box_in_the_wrong_space_is_refused(convert: Call, given_space: Space, needed: Space) -> None:
    with pytest.raises(ConfigError, match=f"needs a box in '{needed}', got one in '{given_space}'") as info:
        convert(box(0, 0, 1, 1, given_space))
    assert info.value.name == "box" and info.value.value == given_space


@pytest.mark.parametrize(
    ("convert", "name"),
    [
        (lambda: to_device_px(box(0, 0, 1, 1, "css_px"), scale_factor=0), "scale_factor"),
        (lambda: from_unit(box(0, 0, 1, 1, "unit"), width=0, height=10), "width"),
        (lambda: pdf_to_pixels(box(0, 0, 1, 1), dpi=-72), "dpi"),
        (lambda: rotate_page_box(box(0, 0, 1, 1), rotation=45, page_width=10, page_height=10), "rotation"),  # type: ignore[arg-type]
        (lambda: from_tile(box(0, 0, 1, 1, "unit"), tile=1, grid=select_grid(10, 10), width=10, height=10), "tile"),
    ],
)
def test_bad_parameters_are_refused(convert: Callable[[], BBox], name: str) -> None:
    with pytest.raises(ConfigError) as info:
        convert()
    assert info.value.name == name
