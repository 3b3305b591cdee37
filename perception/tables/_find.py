"""One page → its tables: ruled grids first, then text grids among the words left over."""

from __future__ import annotations

import logging

import pymupdf

from perception.document import PageTables, Table
from perception.tables._build import build_table
from perception.tables._grid import Grid, drop_empty, fill, header_rows, strip_caption_rows, under_ruled
from perception.tables._lattice import find_ruled_grids
from perception.tables._primitives import Frame, Seg, Word, page_frames, read_segments, read_words
from perception.tables._stream import find_text_grids, refine_ruled

__all__ = ["find_tables"]

logger = logging.getLogger(__name__)

_TEXT_FLAGS = pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP


def find_tables(page: pymupdf.Page, *, page_number: int) -> PageTables:
    """The tables on one page, in reading order, with cells in the page's displayed space."""
    raw = page.get_text("rawdict", flags=_TEXT_FLAGS)
    drawings = page.get_drawings()
    mb = page.mediabox
    found: list[tuple[Frame, Grid]] = []
    for frame in page_frames(raw):
        words = read_words(raw, frame)
        if not words:
            continue
        segs = read_segments(drawings, frame, mb.width, mb.height)
        for grid in _grids(words, segs):
            found.append((frame, grid))
    tables = [build_table(grid, frame, page, page_number) for frame, grid in found]
    tables = _one_per_region(tables)
    tables.sort(key=lambda t: (round(t.bbox.y0 / 4), t.bbox.x0))
    r = page.rect
    opens, closes = _open_ends(raw, page, tables)
    return PageTables(page=page_number, width=r.width, height=r.height, rotation=page.rotation, tables=tuple(tables),
                      starts_with_table=opens, ends_with_table=closes)


def _open_ends(raw: dict, page: pymupdf.Page, tables: list[Table]) -> tuple[bool, bool]:  # type: ignore[type-arg]
    """Whether the first table has no body text above it, and the last none below it (running
    headers and footers in the outer 7 % of the page aside): the evidence a table continues."""
    if not tables:
        return False, False
    h = page.rect.height
    m = page.rotation_matrix
    above = below = 0
    first, last = tables[0].bbox, tables[-1].bbox
    for block in raw["blocks"]:
        for line in block.get("lines", ()):
            b = pymupdf.Rect(line["bbox"]) * m
            if b.y1 < 0.07 * h or b.y0 > 0.93 * h or not line["spans"] or not any(
                    ch["c"].strip() for sp in line["spans"] for ch in sp["chars"]):
                continue
            if b.y1 <= first.y0 - 1:
                above += 1
            if b.y0 >= last.y1 + 1:
                below += 1
    return above <= 1, below <= 1


def _grids(words: list[Word], segs: list[Seg]) -> list[Grid]:
    out: list[Grid] = []
    remaining = words
    for grid in find_ruled_grids(segs, words):
        u0, v0, u1, v1 = grid.bbox()
        inside = [w for w in remaining if u0 <= (w.u0 + w.u1) / 2 <= u1 and v0 <= w.vc <= v1]
        if not inside:
            continue
        fill(grid, inside)
        if under_ruled(grid):
            refined = refine_ruled(inside, grid.rules, grid.xs)
            if refined is not None:
                grid = refined
        drop_empty(grid)
        strip_caption_rows(grid)
        if grid.n_rows < 2 or grid.n_cols < 2 or sum(1 for c in grid.cells if c.text) < 3:
            continue
        grid.header = header_rows(grid)
        out.append(grid)
        keep = {id(w) for w in inside}
        remaining = [w for w in remaining if id(w) not in keep]
    boxes = [g.bbox() for g in out]
    free = [s for s in segs if not any(_inside(s, b) for b in boxes)]
    for grid in find_text_grids(remaining, free):
        drop_empty(grid)
        if grid.n_rows < 2 or grid.n_cols < 2:
            continue
        grid.header = header_rows(grid)
        out.append(grid)
    return out


def _inside(s: Seg, box: tuple[float, float, float, float]) -> bool:
    u0, v0, u1, v1 = box
    if s.horizontal:
        return v0 - 2 <= s.pos <= v1 + 2 and s.lo >= u0 - 2 and s.hi <= u1 + 2
    return u0 - 2 <= s.pos <= u1 + 2 and s.lo >= v0 - 2 and s.hi <= v1 + 2


def _one_per_region(tables: list[Table]) -> list[Table]:
    """Never two tables for one region: of overlapping candidates keep the one with more text."""
    kept: list[Table] = []
    for t in sorted(tables, key=lambda t: -sum(len(c.text) for c in t.cells)):
        if all(t.bbox.intersection_area(k.bbox) < 0.2 * min(t.bbox.area, k.bbox.area) for k in kept):
            kept.append(t)
    return kept
