"""DeepSeek-VL2 tiling: the spec's vectors, a brute-force property, letterboxes against Pillow, tile boxes."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw, ImageOps

from model.errors import ConfigError
from model.tiling import (
    PAD_COLOR,
    Grid,
    candidate_canvases,
    image_to_tile,
    letterbox,
    select_grid,
    tile_image,
    tile_to_image,
    visual_tokens,
)

REFERENCE_9 = [
    (384, 384), (384, 768), (768, 384), (384, 1152), (1152, 384), (384, 1536), (1536, 384), (768, 768),
    (384, 1920), (1920, 384), (384, 2304), (2304, 384), (768, 1152), (1152, 768), (384, 2688), (2688, 384),
    (384, 3072), (3072, 384), (768, 1536), (1536, 768), (384, 3456), (3456, 384), (1152, 1152),
]  # fmt: skip
"""``candidate_resolutions`` of deepseek-vl2-tiny's processor_config.json, in its order (vlm.md §1.1)."""

# vlm.md §1.6: size, canvas, grid (w×h), tokens, local content @ offset, global content
VECTORS = [
    ((640, 480), (768, 768), (2, 2), 1023, (768, 576, 0, 96), (384, 288)),
    ((800, 600), (1152, 768), (3, 2), 1415, (1024, 768, 64, 0), (384, 288)),
    ((1280, 720), (1536, 768), (4, 2), 1807, (1365, 768, 86, 0), (384, 216)),
    ((1920, 1080), (1536, 768), (4, 2), 1807, (1365, 768, 86, 0), (384, 216)),
    ((1080, 1920), (768, 1536), (2, 4), 1835, (768, 1365, 0, 86), (216, 384)),
    ((1240, 1754), (1152, 1152), (3, 3), 2017, (814, 1152, 169, 0), (271, 384)),
    ((390, 844), (768, 1152), (2, 3), 1429, (532, 1152, 118, 0), (177, 384)),
    ((3000, 300), (3072, 384), (8, 1), 1793, (3072, 307, 0, 38), (384, 38)),
    ((384, 384), (384, 384), (1, 1), 421, (384, 384, 0, 0), (384, 384)),
    ((200, 100), (384, 384), (1, 1), 421, (384, 192, 0, 96), (384, 192)),
]


@pytest.mark.parametrize(("size", "canvas", "grid", "tokens", "local", "thumb"), VECTORS, ids=lambda v: str(v))
def test_spec_vectors(
    size: tuple[int, int],
    canvas: tuple[int, int],
    grid: tuple[int, int],
    tokens: int,
    local: tuple[int, int, int, int],
    thumb: tuple[int, int],
) -> None:
    g = select_grid(*size)
    assert g == Grid(n_w=grid[0], n_h=grid[1], canvas_w=canvas[0], canvas_h=canvas[1], tokens=tokens)
    lb = letterbox(*size, *canvas)
    assert (lb.content_w, lb.content_h, lb.offset_x, lb.offset_y) == local
    gl = letterbox(*size, 384, 384)
    assert (gl.content_w, gl.content_h) == thumb


@pytest.mark.parametrize("size", [v[0] for v in VECTORS])
def test_more_than_two_images_turn_tiling_off(size: tuple[int, int]) -> None:
    assert select_grid(*size, images_in_request=2) == select_grid(*size)
    assert select_grid(*size, images_in_request=3) == Grid(n_w=1, n_h=1, canvas_w=384, canvas_h=384, tokens=421)


def test_candidates_follow_the_reference_order() -> None:
    assert list(candidate_canvases()) == REFERENCE_9
    assert candidate_canvases(9) == candidate_canvases()
    long_pages = candidate_canvases(18)
    assert list(long_pages[:23]) == REFERENCE_9  # the 9-tile order is kept, larger canvases come after
    assert set(long_pages) == {(384 * m, 384 * n) for m in range(1, 19) for n in range(1, 19) if m * n <= 18}
    assert len(long_pages) == len(set(long_pages))
    for k in range(1, 19):
        assert candidate_canvases(k) == tuple(c for c in long_pages if c[0] * c[1] <= k * 384 * 384)


def test_tokens() -> None:
    assert visual_tokens(1, 1) == 421
    assert visual_tokens(3, 3) == 2017
    assert visual_tokens(1, 18) == 3991 and visual_tokens(18, 1) == 3753
    assert select_grid(100, 30000, max_tiles=18) == Grid(n_w=1, n_h=18, canvas_w=384, canvas_h=6912, tokens=3991)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: select_grid(0, 10), "size"),
        (lambda: select_grid(10, -1), "size"),
        (lambda: select_grid(10, 10, max_tiles=0), "max_tiles"),
        (lambda: candidate_canvases(19), "max_tiles"),
        (lambda: visual_tokens(0, 2), "grid"),
        (lambda: tile_to_image((0, 0, 1, 1), tile=4, grid=select_grid(640, 480), image_size=(640, 480)), "tile"),
        (lambda: image_to_tile((0, 0, 1, 1), tile=-1, grid=select_grid(640, 480), image_size=(640, 480)), "tile"),
    ],
)
def test_bad_arguments_raise_config_error(call: object, name: str) -> None:
    with pytest.raises(ConfigError) as info:
        call()  # type: ignore[operator]
    assert info.value.name == name and isinstance(info.value, ValueError)


# --- an independent brute force: exact rationals, one key, min() over the reference list ---------------


def floor_exact(side: int, s: Fraction) -> int:
    return math.floor(side * s)


def floor_ieee(side: int, s: Fraction) -> int:
    """``int(side * s)`` as the reference computes it in doubles: s rounded, then the product rounded."""
    return math.floor(float(side * Fraction(float(s))))  # Fraction → float is correctly rounded


def brute_force(w: int, h: int, candidates: list[tuple[int, int]], floor_of: object) -> tuple[int, int]:
    def key(i: int) -> tuple[int, int, int]:
        cw, ch = candidates[i]
        s = min(Fraction(cw, w), Fraction(ch, h))
        eff = min(floor_of(w, s) * floor_of(h, s), w * h)  # type: ignore[operator]
        return (-eff, cw * ch - eff, i)

    return candidates[min(range(len(candidates)), key=key)]


def floors_disagree(w: int, h: int, candidates: list[tuple[int, int]]) -> bool:
    for cw, ch in candidates:
        s = min(Fraction(cw, w), Fraction(ch, h))
        if floor_exact(w, s) != floor_ieee(w, s) or floor_exact(h, s) != floor_ieee(h, s):
            return True
    return False


sides = st.one_of(st.integers(1, 8000), st.integers(1, 64), st.sampled_from([384, 768, 1080, 1920, 2160, 3840]))


@settings(max_examples=4000, deadline=None)
@given(w=sides, h=sides)
def test_select_grid_matches_brute_force(w: int, h: int) -> None:
    g = select_grid(w, h)
    chosen = (g.canvas_w, g.canvas_h)
    assert chosen == brute_force(w, h, REFERENCE_9, floor_ieee)
    if not floors_disagree(w, h, REFERENCE_9):  # the spec's exact formula, where doubles round the same
        assert chosen == brute_force(w, h, REFERENCE_9, floor_exact)
    assert g.tokens == 211 + 14 * g.n_h * (14 * g.n_w + 1)


@settings(max_examples=1000, deadline=None)
@given(w=sides, h=sides, max_tiles=st.integers(1, 18))
def test_select_grid_any_max_tiles_matches_brute_force(w: int, h: int, max_tiles: int) -> None:
    pairs = [(m, n) for m in range(1, 19) for n in range(1, 19) if m * n <= max_tiles]
    order = sorted(pairs, key=lambda p: (p[0] * p[1], min(p), p[0]))  # the rule that reproduces REFERENCE_9
    candidates = [(384 * m, 384 * n) for m, n in order]
    g = select_grid(w, h, max_tiles=max_tiles)
    assert (g.canvas_w, g.canvas_h) == brute_force(w, h, candidates, floor_ieee)


@pytest.mark.parametrize(
    ("size", "reference", "exact"),
    [((1522, 2284), (768, 1152), (768, 1536)), ((625, 2501), (384, 1536), (384, 1920)),
     ((2002, 1334), (1152, 768), (1536, 768))],
)  # fmt: skip
def test_reference_float_rounding_is_kept(
    size: tuple[int, int], reference: tuple[int, int], exact: tuple[int, int]
) -> None:
    """Where ``int(W * (cw / W))`` is ``cw - 1`` in doubles, DeepSeek-VL2 picks another canvas: so do we."""
    g = select_grid(*size)
    assert (g.canvas_w, g.canvas_h) == reference
    assert brute_force(*size, REFERENCE_9, floor_exact) == exact


# --- letterbox and tiles against Pillow ------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(w=st.integers(1, 1500), h=st.integers(1, 1500), target=st.sampled_from(REFERENCE_9))
def test_letterbox_matches_imageops_pad(w: int, h: int, target: tuple[int, int]) -> None:
    lb = letterbox(w, h, *target)
    if lb.content_w == 0 or lb.content_h == 0:
        return  # a sliver rounds to nothing: Pillow pastes an empty image, nothing to locate
    padded = ImageOps.pad(Image.new("RGB", (w, h), (255, 0, 0)), target, color=PAD_COLOR)
    found = ImageChops.difference(padded, Image.new("RGB", target, PAD_COLOR)).getbbox()
    assert found == (lb.offset_x, lb.offset_y, lb.offset_x + lb.content_w, lb.offset_y + lb.content_h)


def test_tile_image_is_the_reference_pad_then_row_major_crops() -> None:
    image = Image.new("RGB", (640, 480), (10, 200, 30))
    ImageDraw.Draw(image).rectangle((0, 0, 319, 239), fill=(250, 250, 0))  # top-left quarter yellow
    tiled = tile_image(image, select_grid(640, 480))
    assert tiled.grid.n_tiles == 4 and [t.size for t in tiled.tiles] == [(384, 384)] * 4
    canvas = ImageOps.pad(image, (768, 768), method=Image.Resampling.BICUBIC, color=PAD_COLOR)
    for i, tile in enumerate(tiled.tiles):
        r, c = divmod(i, 2)
        assert tile.tobytes() == canvas.crop((384 * c, 384 * r, 384 * c + 384, 384 * r + 384)).tobytes()
    assert tiled.tiles[0].getpixel((10, 10)) == PAD_COLOR  # content starts at y=96
    assert tiled.tiles[0].getpixel((10, 150)) == (250, 250, 0)
    assert tiled.tiles[3].getpixel((200, 200)) == (10, 200, 30)
    assert tiled.global_view.size == (384, 384) and tiled.global_view.getpixel((5, 5)) == PAD_COLOR
    assert tiled.global_view.tobytes() == ImageOps.pad(image, (384, 384), color=PAD_COLOR).tobytes()


def test_small_images_are_upscaled_and_other_modes_converted() -> None:
    tiled = tile_image(Image.new("L", (200, 100), 255), select_grid(200, 100))
    (tile,) = tiled.tiles
    assert tile.mode == "RGB" and tile.getpixel((0, 95)) == PAD_COLOR and tile.getpixel((0, 96)) == (255, 255, 255)
    assert tile.getpixel((383, 287)) == (255, 255, 255) and tile.getpixel((383, 288)) == PAD_COLOR


# --- boxes: tile space ↔ original image --------------------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(
    w=st.integers(16, 5000),
    h=st.integers(16, 5000),
    fx=st.tuples(st.floats(0, 1), st.floats(0, 1)),
    fy=st.tuples(st.floats(0, 1), st.floats(0, 1)),
)
def test_box_round_trip_through_every_tile(w: int, h: int, fx: tuple[float, float], fy: tuple[float, float]) -> None:
    grid = select_grid(w, h)
    box = (min(fx) * w, min(fy) * h, max(fx) * w, max(fy) * h)
    for tile in [None, *range(grid.n_tiles)]:
        back = tile_to_image(image_to_tile(box, tile=tile, grid=grid, image_size=(w, h)), tile=tile, grid=grid,
                             image_size=(w, h))  # fmt: skip
        assert back == pytest.approx(box, abs=1e-6 * max(w, h))


@pytest.mark.parametrize(("w", "h"), [v[0] for v in VECTORS])
def test_tiles_cover_the_image(w: int, h: int) -> None:
    grid = select_grid(w, h)
    boxes = [tile_to_image((0, 0, 1, 1), tile=t, grid=grid, image_size=(w, h)) for t in range(grid.n_tiles)]
    assert min(b[0] for b in boxes) == 0 and min(b[1] for b in boxes) == 0
    assert max(b[2] for b in boxes) == pytest.approx(w) and max(b[3] for b in boxes) == pytest.approx(h)
    assert tile_to_image((0, 0, 1, 1), tile=None, grid=grid, image_size=(w, h)) == pytest.approx((0, 0, w, h))


def test_a_drawn_box_found_in_tiles_maps_back_to_where_it_was_drawn() -> None:
    image = Image.new("RGB", (1280, 720), (255, 255, 255))
    ImageDraw.Draw(image).rectangle((700, 300, 899, 499), fill=(0, 0, 0))  # pixels 700..899 → box 700..900
    tiled = tile_image(image, grid := select_grid(1280, 720))
    mapped = []
    for t, tile in enumerate(tiled.tiles):
        found = ImageOps.invert(tile.convert("L")).point(lambda v: 255 if v > 128 else 0).getbbox()
        if found:
            unit = (found[0] / 384, found[1] / 384, found[2] / 384, found[3] / 384)
            mapped.append(tile_to_image(unit, tile=t, grid=grid, image_size=(1280, 720)))
    assert len(mapped) == 2  # tiles 2 and 6: the box crosses the row boundary
    union = (min(b[0] for b in mapped), min(b[1] for b in mapped), max(b[2] for b in mapped),
             max(b[3] for b in mapped))  # fmt: skip
    assert union == pytest.approx((700, 300, 900, 500), abs=1.5)
