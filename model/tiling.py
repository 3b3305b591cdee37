"""DeepSeek-VL2 dynamic tiling: which canvas an image gets, what it costs, and where a tile lies.

A pure module (Pillow is imported only by :func:`tile_image`). The rule is the reference
processor's, reproduced exactly (specs/vlm.md §1):

* candidates are the canvases ``(384·m, 384·n)`` with ``m·n <= max_tiles``, in the reference order;
* the chosen canvas maximises the effective resolution ``min(floor(W·s)·floor(H·s), W·H)`` with
  ``s = min(cw/W, ch/H)``, then minimises the waste ``cw·ch - effective``, then comes first;
* both views are letterboxed (aspect kept, bicubic, small images upscaled, centred, grey 127 pad):
  a 384×384 global thumbnail and the canvas cut into row-major 384-px tiles;
* a request with more than 2 images is not tiled: every image gets the 1×1 canvas.

>>> g = select_grid(1920, 1080)
>>> (g.n_w, g.n_h, g.canvas_w, g.canvas_h, g.tokens)
(4, 2, 1536, 768, 1807)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from model.errors import ConfigError

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = [
    "MAX_TILES_LIMIT",
    "PAD_COLOR",
    "TILE_SIZE",
    "Grid",
    "Letterbox",
    "TiledImage",
    "candidate_canvases",
    "image_to_tile",
    "letterbox",
    "select_grid",
    "tile_image",
    "tile_to_image",
    "visual_tokens",
]

logger = logging.getLogger(__name__)

TILE_SIZE = 384
"""Side of the global thumbnail and of every local tile, in pixels (SigLIP-SO400M/14 at 384)."""
PAD_COLOR = (127, 127, 127)
"""Letterbox padding: ``int(0.5·255)`` per channel, the normalisation mean (not the image's mean)."""
MAX_TILES_LIMIT = 18
"""Largest ``max_tiles`` accepted: 1×18 tiles cost 3991 visual tokens, just under a 4096 context."""

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Grid:
    """A chosen canvas: ``n_w × n_h`` tiles of 384 px (width first) and the visual tokens it costs.

    >>> Grid(n_w=2, n_h=2, canvas_w=768, canvas_h=768, tokens=1023).n_tiles
    4
    """

    n_w: int
    n_h: int
    canvas_w: int
    canvas_h: int
    tokens: int

    @property
    def n_tiles(self) -> int:
        """Number of local tiles (the global thumbnail not counted)."""
        return self.n_w * self.n_h


@dataclass(frozen=True)
class Letterbox:
    """Where an image lands when letterboxed into a ``target_w × target_h`` frame.

    >>> letterbox(200, 100, 384, 384)
    Letterbox(content_w=384, content_h=192, offset_x=0, offset_y=96, target_w=384, target_h=384)
    """

    content_w: int
    content_h: int
    offset_x: int
    offset_y: int
    target_w: int
    target_h: int


@dataclass(frozen=True)
class TiledImage:
    """The pixels sent for one image: the global thumbnail, then the tiles in row-major order."""

    global_view: Image
    tiles: tuple[Image, ...]
    grid: Grid


def candidate_canvases(max_tiles: int = 9) -> tuple[tuple[int, int], ...]:
    """Candidate canvases ``(width, height)`` for ``max_tiles``, in the reference order.

    The order is by tile count, then the most elongated first, then the tall one before the wide
    one; for ``max_tiles=9`` it is exactly the 23 ``candidate_resolutions`` of the released
    processor config. Raises :class:`ConfigError` unless ``1 <= max_tiles <= 18``.

    >>> candidate_canvases(2)
    ((384, 384), (384, 768), (768, 384))
    """
    if not 1 <= max_tiles <= MAX_TILES_LIMIT:
        raise ConfigError(
            f"max_tiles={max_tiles} is out of range: use 1..{MAX_TILES_LIMIT}", name="max_tiles", value=max_tiles
        )
    pairs = [(m, n) for m in range(1, max_tiles + 1) for n in range(1, max_tiles // m + 1)]
    pairs.sort(key=lambda mn: (mn[0] * mn[1], min(mn), mn[0]))
    return tuple((TILE_SIZE * m, TILE_SIZE * n) for m, n in pairs)


def visual_tokens(n_w: int, n_h: int) -> int:
    """Visual tokens of one image on an ``n_w × n_h`` grid: 14·15 global + 1 separator + tiles.

    Each tile is 14×14 features; every row of the stitched local grid ends in a newline vector.

    >>> visual_tokens(3, 3)
    2017
    """
    if n_w < 1 or n_h < 1:
        raise ConfigError(f"grid {n_w}×{n_h} has no tiles: both sides must be >= 1", name="grid", value=(n_w, n_h))
    q = 14  # ceil(27 / 2): 27×27 SigLIP features, zero-padded to 28, 2×2 downsample
    return q * (q + 1) + 1 + q * n_h * (q * n_w + 1)


def _check_size(width: int, height: int) -> None:
    if width < 1 or height < 1:
        raise ConfigError(
            f"image size {width}×{height} is empty: width and height must be >= 1", name="size", value=(width, height)
        )


def select_grid(width: int, height: int, *, max_tiles: int = 9, images_in_request: int = 1) -> Grid:
    """The canvas DeepSeek-VL2 picks for a ``width × height`` image, as a :class:`Grid`.

    Uses the reference's float arithmetic (``int(W * (cw / W))``), which in rare sizes rounds one
    row below the exact product and so picks another canvas; matching it is the point. With
    ``images_in_request > 2`` tiling is off and the grid is 1×1. Raises :class:`ConfigError` for an
    empty size or ``max_tiles`` outside 1..18.

    >>> select_grid(1240, 1754)
    Grid(n_w=3, n_h=3, canvas_w=1152, canvas_h=1152, tokens=2017)
    >>> select_grid(1240, 1754, images_in_request=3).tokens
    421
    """
    _check_size(width, height)
    candidates = candidate_canvases(max_tiles)
    if images_in_request > 2:
        cw, ch = TILE_SIZE, TILE_SIZE
    else:
        cw, ch = candidates[0]
        best_eff, best_waste = -1, 0
        for w, h in candidates:
            s = min(w / width, h / height)
            eff = min(int(width * s) * int(height * s), width * height)
            waste = w * h - eff
            if eff > best_eff or (eff == best_eff and waste < best_waste):
                (cw, ch), best_eff, best_waste = (w, h), eff, waste
    n_w, n_h = cw // TILE_SIZE, ch // TILE_SIZE
    return Grid(n_w=n_w, n_h=n_h, canvas_w=cw, canvas_h=ch, tokens=visual_tokens(n_w, n_h))


def letterbox(width: int, height: int, target_w: int, target_h: int) -> Letterbox:
    """Size and offset of a ``width × height`` image fitted, centred, into ``target_w × target_h``.

    The same arithmetic as ``PIL.ImageOps.pad`` (Python ``round``, so halves go to even).

    >>> letterbox(1280, 720, 1536, 768)
    Letterbox(content_w=1365, content_h=768, offset_x=86, offset_y=0, target_w=1536, target_h=768)
    """
    _check_size(width, height)
    cw, ch = target_w, target_h
    if width / height > target_w / target_h:
        ch = round(height / width * target_w)
    elif width / height < target_w / target_h:
        cw = round(width / height * target_h)
    return Letterbox(cw, ch, round((target_w - cw) / 2), round((target_h - ch) / 2), target_w, target_h)


def _frame(tile: int | None, grid: Grid, width: int, height: int) -> tuple[Letterbox, int, int]:
    """The letterbox of the view holding ``tile`` (None: the global view) and the tile's origin."""
    if tile is None:
        return letterbox(width, height, TILE_SIZE, TILE_SIZE), 0, 0
    if not 0 <= tile < grid.n_tiles:
        raise ConfigError(
            f"tile {tile} is not in a {grid.n_w}×{grid.n_h} grid: use 0..{grid.n_tiles - 1} or None for the global view",
            name="tile",
            value=tile,
        )
    row, col = divmod(tile, grid.n_w)
    return letterbox(width, height, grid.canvas_w, grid.canvas_h), col * TILE_SIZE, row * TILE_SIZE


def tile_to_image(xyxy: Box, *, tile: int | None, grid: Grid, image_size: tuple[int, int]) -> Box:
    """Map a 0..1 box in ``tile`` (None: the global thumbnail) to pixels of the original image.

    Tiles are numbered row-major. The result is clamped to the image (a box on the grey padding
    shrinks to the image edge). Raises :class:`ConfigError` for a tile outside the grid.

    >>> tile_to_image((0.0, 0.25, 1.0, 1.0), tile=None, grid=select_grid(200, 100), image_size=(200, 100))
    (0.0, 0.0, 200.0, 100.0)
    """
    width, height = image_size
    box, ox, oy = _frame(tile, grid, width, height)
    sx, sy = width / box.content_w if box.content_w else 0.0, height / box.content_h if box.content_h else 0.0

    def back(u: float, origin: int, offset: int, scale: float, limit: int) -> float:
        return min(max((origin + u * TILE_SIZE - offset) * scale, 0.0), float(limit))

    return (
        back(xyxy[0], ox, box.offset_x, sx, width),
        back(xyxy[1], oy, box.offset_y, sy, height),
        back(xyxy[2], ox, box.offset_x, sx, width),
        back(xyxy[3], oy, box.offset_y, sy, height),
    )


def image_to_tile(xyxy: Box, *, tile: int | None, grid: Grid, image_size: tuple[int, int]) -> Box:
    """Map a pixel box of the original image into ``tile``'s 0..1 space (None: the global thumbnail).

    The inverse of :func:`tile_to_image`; not clamped, so parts outside the tile fall outside 0..1.

    >>> image_to_tile((0.0, 0.0, 200.0, 100.0), tile=None, grid=select_grid(200, 100), image_size=(200, 100))
    (0.0, 0.25, 1.0, 0.75)
    """
    width, height = image_size
    box, ox, oy = _frame(tile, grid, width, height)
    sx, sy = box.content_w / width, box.content_h / height
    return (
        (xyxy[0] * sx + box.offset_x - ox) / TILE_SIZE,
        (xyxy[1] * sy + box.offset_y - oy) / TILE_SIZE,
        (xyxy[2] * sx + box.offset_x - ox) / TILE_SIZE,
        (xyxy[3] * sy + box.offset_y - oy) / TILE_SIZE,
    )


def tile_image(image: Image, grid: Grid) -> TiledImage:
    """Cut ``image`` as DeepSeek-VL2 does: a 384×384 thumbnail, then ``grid``'s tiles row-major.

    Both views are ``PIL.ImageOps.pad`` letterboxes (bicubic, grey 127 pad) of the RGB image.

    >>> from PIL import Image
    >>> t = tile_image(Image.new("RGB", (640, 480)), select_grid(640, 480))
    >>> t.global_view.size, len(t.tiles), t.tiles[3].size
    ((384, 384), 4, (384, 384))
    """
    from PIL import Image as PILImage
    from PIL import ImageOps

    rgb = image if image.mode == "RGB" else image.convert("RGB")
    bicubic = PILImage.Resampling.BICUBIC
    global_view = ImageOps.pad(rgb, (TILE_SIZE, TILE_SIZE), method=bicubic, color=PAD_COLOR)
    canvas = ImageOps.pad(rgb, (grid.canvas_w, grid.canvas_h), method=bicubic, color=PAD_COLOR)
    tiles = tuple(
        canvas.crop((c * TILE_SIZE, r * TILE_SIZE, (c + 1) * TILE_SIZE, (r + 1) * TILE_SIZE))
        for r in range(grid.n_h)
        for c in range(grid.n_w)
    )
    logger.debug("tiled %dx%d into %dx%d tiles", image.width, image.height, grid.n_w, grid.n_h)
    return TiledImage(global_view=global_view, tiles=tiles, grid=grid)
