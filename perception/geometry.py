"""Every coordinate conversion in tilepilot, one small function per pair of spaces.

Each function takes a :class:`~perception.types.BBox`, checks its ``space`` and returns a new box
in the target space; a box in the wrong space raises :class:`~model.errors.ConfigError` naming it.
Pixels of an image (a screenshot, a rendered page, a crop sent to a model) are ``device_px``.

* CSS px ↔ device px: times / divided by the device scale factor.
* unit (0..1 over an image) ↔ pixels of that image.
* norm999 (DeepSeek-VL2 integers 0..999) ↔ pixels: ``pixel = v / 999 · W``.
* PDF points of the unrotated page ↔ of the displayed page (``/Rotate`` 0, 90, 180, 270), and
  displayed points ↔ pixels of the page rendered at ``dpi``.
* a DeepSeek-VL2 tile (0..1 over a 384-px tile or the global thumbnail) ↔ pixels of the full image.
* pixels of a crop (a zoom-in tile cut from an image) ↔ pixels of that image.

>>> to_device_px(BBox(x0=10, y0=20, x1=30, y1=40, space="css_px"), scale_factor=2).as_tuple()
(20.0, 40.0, 60.0, 80.0)
"""

from __future__ import annotations

from typing import Literal

from model.errors import ConfigError
from model.tiling import Grid, image_to_tile, tile_to_image
from perception.types import BBox, Space

__all__ = [
    "Rotation",
    "from_crop",
    "from_norm999",
    "from_tile",
    "from_unit",
    "pdf_to_pixels",
    "pixels_to_pdf",
    "rotate_page_box",
    "to_crop",
    "to_css_px",
    "to_device_px",
    "to_norm999",
    "to_tile",
    "to_unit",
    "translate",
    "translate_point",
    "unrotate_page_box",
]

Rotation = Literal[0, 90, 180, 270]
"""A page's ``/Rotate``: clockwise degrees applied when the page is displayed."""

_ROTATIONS = (0, 90, 180, 270)


def _expect(box: BBox, space: Space, func: str) -> None:
    if box.space != space:
        raise ConfigError(
            f"{func} needs a box in {space!r}, got one in {box.space!r}: convert it to {space!r} first",
            name="box",
            value=box.space,
        )


def _positive(name: str, value: float) -> None:
    if not value > 0:
        raise ConfigError(f"{name}={value} must be > 0", name=name, value=value)


def _box(x0: float, y0: float, x1: float, y1: float, space: Space) -> BBox:
    return BBox(x0=min(x0, x1), y0=min(y0, y1), x1=max(x0, x1), y1=max(y0, y1), space=space)


def to_device_px(box: BBox, *, scale_factor: float) -> BBox:
    """A ``css_px`` box in device pixels (times the device scale factor, ``devicePixelRatio``).

    >>> to_device_px(BBox(x0=1, y0=2, x1=3, y1=4, space="css_px"), scale_factor=1.5).as_tuple()
    (1.5, 3.0, 4.5, 6.0)
    """
    _expect(box, "css_px", "to_device_px")
    _positive("scale_factor", scale_factor)
    f = scale_factor
    return _box(box.x0 * f, box.y0 * f, box.x1 * f, box.y1 * f, "device_px")


def to_css_px(box: BBox, *, scale_factor: float) -> BBox:
    """A ``device_px`` box in CSS pixels (divided by the device scale factor).

    >>> to_css_px(BBox(x0=20, y0=40, x1=60, y1=80, space="device_px"), scale_factor=2).as_tuple()
    (10.0, 20.0, 30.0, 40.0)
    """
    _expect(box, "device_px", "to_css_px")
    _positive("scale_factor", scale_factor)
    f = scale_factor
    return _box(box.x0 / f, box.y0 / f, box.x1 / f, box.y1 / f, "css_px")


def from_unit(box: BBox, *, width: int, height: int) -> BBox:
    """A ``unit`` box (0..1 over an image) in pixels of that ``width × height`` image.

    >>> from_unit(BBox(x0=0.5, y0=0.5, x1=0.75, y1=1, space="unit"), width=1920, height=1080).as_tuple()
    (960.0, 540.0, 1440.0, 1080.0)
    """
    _expect(box, "unit", "from_unit")
    _positive("width", width)
    _positive("height", height)
    return _box(box.x0 * width, box.y0 * height, box.x1 * width, box.y1 * height, "device_px")


def to_unit(box: BBox, *, width: int, height: int) -> BBox:
    """A ``device_px`` box as 0..1 over the ``width × height`` image (not clamped).

    >>> to_unit(BBox(x0=960, y0=540, x1=1440, y1=1080, space="device_px"), width=1920, height=1080).as_tuple()
    (0.5, 0.5, 0.75, 1.0)
    """
    _expect(box, "device_px", "to_unit")
    _positive("width", width)
    _positive("height", height)
    return _box(box.x0 / width, box.y0 / height, box.x1 / width, box.y1 / height, "unit")


def from_norm999(box: BBox, *, width: int, height: int) -> BBox:
    """A ``norm999`` box (DeepSeek-VL2's 0..999 over the original image) in pixels: ``v / 999 · W``.

    >>> from_norm999(BBox(x0=580, y0=270, x1=999, y1=900, space="norm999"), width=1920, height=1080).x1
    1920.0
    """
    _expect(box, "norm999", "from_norm999")
    _positive("width", width)
    _positive("height", height)
    sx, sy = width / 999, height / 999
    return _box(box.x0 * sx, box.y0 * sy, box.x1 * sx, box.y1 * sy, "device_px")


def to_norm999(box: BBox, *, width: int, height: int) -> BBox:
    """A ``device_px`` box as DeepSeek-VL2 integers: ``round(v / W · 999)``, clamped to 0..999.

    >>> to_norm999(BBox(x0=960, y0=540, x1=2000, y1=1080, space="device_px"), width=1920, height=1080).as_tuple()
    (500.0, 500.0, 999.0, 999.0)
    """
    _expect(box, "device_px", "to_norm999")
    _positive("width", width)
    _positive("height", height)

    def q(v: float, side: int) -> int:
        return min(max(round(v / side * 999), 0), 999)

    return _box(q(box.x0, width), q(box.y0, height), q(box.x1, width), q(box.y1, height), "norm999")


def _check_rotation(rotation: int) -> None:
    if rotation not in _ROTATIONS:
        raise ConfigError(f"rotation={rotation} is not a page rotation: use 0, 90, 180 or 270", name="rotation",
                          value=rotation)  # fmt: skip


def rotate_page_box(box: BBox, *, rotation: Rotation, page_width: float, page_height: float) -> BBox:
    """A ``pdf_pt`` box of the unrotated page (PyMuPDF's text coordinates) on the displayed page.

    ``page_width × page_height`` is the unrotated page (``page.mediabox``/``cropbox`` size); the
    result equals ``rect * page.rotation_matrix``. On a 90° page the point (x, y) of a W×H page
    lands at (H − y, x) of the displayed H×W page.

    >>> rotate_page_box(BBox(x0=10, y0=20, x1=30, y1=50), rotation=90, page_width=300, page_height=500).as_tuple()
    (450.0, 10.0, 480.0, 30.0)
    """
    _expect(box, "pdf_pt", "rotate_page_box")
    _check_rotation(rotation)
    w, h = page_width, page_height
    x0, y0, x1, y1 = box.as_tuple()
    if rotation == 90:
        return _box(h - y1, x0, h - y0, x1, "pdf_pt")
    if rotation == 180:
        return _box(w - x1, h - y1, w - x0, h - y0, "pdf_pt")
    if rotation == 270:
        return _box(y0, w - x1, y1, w - x0, "pdf_pt")
    return box


def unrotate_page_box(box: BBox, *, rotation: Rotation, page_width: float, page_height: float) -> BBox:
    """The inverse of :func:`rotate_page_box`: a displayed-page ``pdf_pt`` box on the unrotated page.

    ``page_width × page_height`` is still the *unrotated* page size.

    >>> unrotate_page_box(BBox(x0=450, y0=10, x1=480, y1=30), rotation=90, page_width=300, page_height=500).as_tuple()
    (10.0, 20.0, 30.0, 50.0)
    """
    _expect(box, "pdf_pt", "unrotate_page_box")
    _check_rotation(rotation)
    inverse: Rotation = 270 if rotation == 90 else 90 if rotation == 270 else rotation
    # the displayed page is the unrotated one turned, so its size is swapped at 90 and 270
    w, h = (page_height, page_width) if rotation in (90, 270) else (page_width, page_height)
    return rotate_page_box(box, rotation=inverse, page_width=w, page_height=h)


def pdf_to_pixels(box: BBox, *, dpi: float) -> BBox:
    """A displayed-page ``pdf_pt`` box in pixels of the page rendered at ``dpi`` (times dpi/72).

    >>> pdf_to_pixels(BBox(x0=72, y0=36, x1=144, y1=72), dpi=150).as_tuple()
    (150.0, 75.0, 300.0, 150.0)
    """
    _expect(box, "pdf_pt", "pdf_to_pixels")
    _positive("dpi", dpi)
    f = dpi / 72
    return _box(box.x0 * f, box.y0 * f, box.x1 * f, box.y1 * f, "device_px")


def pixels_to_pdf(box: BBox, *, dpi: float) -> BBox:
    """A ``device_px`` box of a page rendered at ``dpi`` in displayed-page points (times 72/dpi).

    >>> pixels_to_pdf(BBox(x0=150, y0=75, x1=300, y1=150, space="device_px"), dpi=150).as_tuple()
    (72.0, 36.0, 144.0, 72.0)
    """
    _expect(box, "device_px", "pixels_to_pdf")
    _positive("dpi", dpi)
    f = 72 / dpi
    return _box(box.x0 * f, box.y0 * f, box.x1 * f, box.y1 * f, "pdf_pt")


def from_tile(box: BBox, *, tile: int | None, grid: Grid, width: int, height: int) -> BBox:
    """A ``unit`` box over DeepSeek-VL2 tile ``tile`` (None: the global thumbnail) in image pixels.

    ``grid`` is the :func:`model.tiling.select_grid` result for the ``width × height`` image; the
    result is clamped to the image. Raises :class:`ConfigError` for a tile outside the grid.

    >>> from model.tiling import select_grid
    >>> g = select_grid(640, 480)  # 2×2 tiles over a 768×576 letterbox at y offset 96
    >>> from_tile(BBox(x0=0, y0=0.5, x1=1, y1=1, space="unit"), tile=3, grid=g, width=640, height=480).as_tuple()
    (320.0, 400.0, 640.0, 480.0)
    """
    _expect(box, "unit", "from_tile")
    x0, y0, x1, y1 = tile_to_image(box.as_tuple(), tile=tile, grid=grid, image_size=(width, height))
    return _box(x0, y0, x1, y1, "device_px")


def to_tile(box: BBox, *, tile: int | None, grid: Grid, width: int, height: int) -> BBox:
    """A ``device_px`` box of the full image as 0..1 over tile ``tile`` (None: the global thumbnail).

    Not clamped: the parts of the box outside the tile fall outside 0..1.

    >>> from model.tiling import select_grid
    >>> g = select_grid(640, 480)
    >>> to_tile(BBox(x0=320, y0=400, x1=640, y1=480, space="device_px"), tile=3, grid=g, width=640, height=480)
    BBox(x0=0.0, y0=0.5, x1=1.0, y1=0.75, space='unit')
    """
    _expect(box, "device_px", "to_tile")
    x0, y0, x1, y1 = image_to_tile(box.as_tuple(), tile=tile, grid=grid, image_size=(width, height))
    return _box(x0, y0, x1, y1, "unit")


def translate(box: BBox, *, dx: float, dy: float) -> BBox:
    """The same box moved by ``(dx, dy)`` within its own space.

    Frame CSS px → top-viewport CSS px (``dx, dy`` = the frame's content origin in the viewport), and
    viewport ↔ document coordinates (``± scroll``) are translations.

    >>> translate(BBox(x0=10, y0=20, x1=30, y1=40, space="css_px"), dx=100, dy=-5).as_tuple()
    (110.0, 15.0, 130.0, 35.0)
    """
    return _box(box.x0 + dx, box.y0 + dy, box.x1 + dx, box.y1 + dy, box.space)


def translate_point(point: tuple[float, float], *, dx: float, dy: float) -> tuple[float, float]:
    """A point moved by ``(dx, dy)`` (see :func:`translate`).

    >>> translate_point((10.0, 20.0), dx=-4, dy=2.5)
    (6.0, 22.5)
    """
    return (point[0] + dx, point[1] + dy)


def from_crop(box: BBox, *, crop: BBox) -> BBox:
    """A ``device_px`` box in pixels of a crop in pixels of the image it was cut from.

    ``crop`` is where the crop lies in the image (``device_px``); the box is shifted by its origin.

    >>> crop = BBox(x0=960, y0=540, x1=1920, y1=1080, space="device_px")
    >>> from_crop(BBox(x0=10, y0=20, x1=110, y1=40, space="device_px"), crop=crop).as_tuple()
    (970.0, 560.0, 1070.0, 580.0)
    """
    _expect(box, "device_px", "from_crop")
    _expect(crop, "device_px", "from_crop")
    return _box(box.x0 + crop.x0, box.y0 + crop.y0, box.x1 + crop.x0, box.y1 + crop.y0, "device_px")


def to_crop(box: BBox, *, crop: BBox) -> BBox:
    """A ``device_px`` box of an image in pixels of the crop ``crop`` (not clamped to the crop).

    The inverse of :func:`from_crop`.

    >>> crop = BBox(x0=960, y0=540, x1=1920, y1=1080, space="device_px")
    >>> to_crop(BBox(x0=970, y0=560, x1=1070, y1=580, space="device_px"), crop=crop).as_tuple()
    (10.0, 20.0, 110.0, 40.0)
    """
    _expect(box, "device_px", "to_crop")
    _expect(crop, "device_px", "to_crop")
    return _box(box.x0 - crop.x0, box.y0 - crop.y0, box.x1 - crop.x0, box.y1 - crop.y0, "device_px")
