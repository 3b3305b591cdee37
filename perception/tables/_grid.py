"""A table candidate as a grid of boundaries, and its text: the step both finders end with.

Both finders produce a :class:`Grid` in frame coordinates: column boundaries ``xs``, row
boundaries ``ys``, and the slots merged into spanning cells. :func:`fill` puts every word in the
cell under its centre and joins the words line by line.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from perception.tables._primitives import Seg, Word, is_rtl

__all__ = ["Grid", "GridCell", "drop_empty", "fill", "header_rows", "line_groups"]


@dataclass(slots=True)
class GridCell:
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    words: list[Word] = field(default_factory=list)
    text: str = ""


@dataclass(slots=True)
class Grid:
    xs: list[float]
    ys: list[float]
    method: str
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row, col, rowspan, colspan)
    cells: list[GridCell] = field(default_factory=list)
    confidence: float = 0.9
    header: int = 0
    shaded_rows: set[int] = field(default_factory=set)
    rules: list[Seg] = field(default_factory=list)  # the horizontal rules a ruled grid came from

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def cell_box(self, c: GridCell) -> tuple[float, float, float, float]:
        return (self.xs[c.col], self.ys[c.row], self.xs[c.col + c.colspan], self.ys[c.row + c.rowspan])


def line_groups(words: list[Word]) -> list[list[Word]]:
    """Words grouped into text lines (vertical overlap of their boxes), top to bottom, each
    line sorted left to right."""
    lines: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: (w.vc, w.u0)):
        if lines:
            top, bot = bands[-1]
            if w.vc < bot and w.vc > top:
                lines[-1].append(w)
                bands[-1] = (min(top, w.v0 + 0.25 * (w.v1 - w.v0)), max(bot, w.v1 - 0.25 * (w.v1 - w.v0)))
                continue
        lines.append([w])
        h = w.v1 - w.v0
        bands.append((w.v0 + 0.25 * h, w.v1 - 0.25 * h))
    for line in lines:
        line.sort(key=lambda w: w.u0)
    return lines


def join_words(words: list[Word]) -> str:
    """Text of a cell: lines top to bottom joined by newlines, words by single spaces (words that
    touch are glued back, as a split at a kerning gap is not a space)."""
    out = []
    for line in line_groups(words):
        parts = [line[0].text]
        for a, b in itertools.pairwise(line):
            gap = b.u0 - a.u1
            parts.append(("" if gap < 0.12 * min(a.size, b.size) else " ") + b.text)
        out.append(logical_order("".join(parts)))
    return "\n".join(out)


def logical_order(text: str) -> str:
    """Reading order for a line of right-to-left script: its words come from the page left to
    right, so a mostly Hebrew or Arabic line is read with its word order reversed (each word's
    characters are already in reading order)."""
    rtl = sum(is_rtl(ch) for ch in text)
    if not rtl:
        return text
    ltr = sum(ch.isalpha() and not is_rtl(ch) for ch in text)
    fixed = text.split(" ")
    if rtl >= ltr:
        fixed.reverse()
    return " ".join(fixed)


def fill(grid: Grid, words: list[Word]) -> list[Word]:
    """Put each word in the cell under its centre; return the words that fell outside the grid."""
    n_r, n_c = grid.n_rows, grid.n_cols
    owner: dict[tuple[int, int], GridCell] = {}
    grid.cells = []
    spans = grid.spans or [(r, c, 1, 1) for r in range(n_r) for c in range(n_c)]
    for r, c, rs, cs in spans:
        cell = GridCell(r, c, rs, cs)
        grid.cells.append(cell)
        for i in range(r, r + rs):
            for j in range(c, c + cs):
                owner[(i, j)] = cell
    outside = []
    for w in words:
        uc = (w.u0 + w.u1) / 2
        j = bisect.bisect_right(grid.xs, uc) - 1
        i = bisect.bisect_right(grid.ys, w.vc) - 1
        if 0 <= i < n_r and 0 <= j < n_c and (i, j) in owner:
            owner[(i, j)].words.append(w)
        else:
            outside.append(w)
    for cell in grid.cells:
        cell.text = join_words(cell.words)
    return outside


def drop_empty(grid: Grid) -> None:
    """Remove rows and columns no cell starts in with text; spans shrink accordingly."""
    used_r = {i for c in grid.cells if c.text for i in range(c.row, c.row + 1)}
    used_c = {j for c in grid.cells if c.text for j in range(c.col, c.col + 1)}
    keep_r = [i for i in range(grid.n_rows) if i in used_r]
    keep_c = [j for j in range(grid.n_cols) if j in used_c]
    if len(keep_r) == grid.n_rows and len(keep_c) == grid.n_cols:
        return
    new_r = {old: new for new, old in enumerate(keep_r)}
    new_c = {old: new for new, old in enumerate(keep_c)}
    # boundaries: keep the top of each kept row and the bottom of the last one
    ys = [grid.ys[i] for i in keep_r] + [grid.ys[keep_r[-1] + 1]] if keep_r else grid.ys[:1]
    xs = [grid.xs[j] for j in keep_c] + [grid.xs[keep_c[-1] + 1]] if keep_c else grid.xs[:1]
    # a kept row's bottom is the next kept row's top: extend rows over dropped neighbours
    cells = []
    for c in grid.cells:
        if not c.text:
            continue
        r0, c0 = new_r[c.row], new_c[c.col]
        r1 = max((new_r[i] for i in range(c.row, c.row + c.rowspan) if i in new_r), default=r0)
        c1 = max((new_c[j] for j in range(c.col, c.col + c.colspan) if j in new_c), default=c0)
        cells.append(GridCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, c.words, c.text))
    grid.xs, grid.ys = xs, ys
    grid.shaded_rows = {new_r[i] for i in grid.shaded_rows if i in new_r}
    grid.spans = [(c.row, c.col, c.rowspan, c.colspan) for c in cells]
    grid.cells = cells
    fill_holes(grid)


def fill_holes(grid: Grid) -> None:
    """Add an empty one-slot cell wherever no cell covers a slot; cells sorted, spans refreshed."""
    taken = {(i, j) for c in grid.cells for i in range(c.row, c.row + c.rowspan) for j in range(c.col, c.col + c.colspan)}
    for i in range(grid.n_rows):
        for j in range(grid.n_cols):
            if (i, j) not in taken:
                grid.cells.append(GridCell(i, j))
    grid.cells.sort(key=lambda c: (c.row, c.col))
    grid.spans = [(c.row, c.col, c.rowspan, c.colspan) for c in grid.cells]


_NUMERIC = re.compile(r"^[\s(+\-−–△▲▼$€£¥₩%]*[\d.,]+\s*[%)]?[\s\w%/.]{0,4}$")


def is_numeric(text: str) -> bool:
    t = text.strip()
    return bool(t) and bool(_NUMERIC.match(t)) and any(ch.isdigit() for ch in t)


def header_rows(grid: Grid) -> int:
    """Leading rows that read as a header: bold or shaded, or text above a column of numbers,
    extended over the rows a header cell spans."""
    rows: dict[int, list[GridCell]] = {}
    for c in grid.cells:
        rows.setdefault(c.row, []).append(c)
    n = grid.n_rows
    if n < 2:
        return 0
    numeric_cols = set()
    for j in range(grid.n_cols):
        col = [c for c in grid.cells if c.col == j and c.text and c.colspan == 1]
        if len(col) >= 3 and sum(is_numeric(c.text) for c in col) >= 0.6 * len(col):
            numeric_cols.add(j)
    h = 0
    for i in range(min(n - 1, 4)):
        cells = [c for c in rows.get(i, []) if c.text]
        if not cells:
            break
        styled = all(all(w.bold for w in c.words) for c in cells) or i in grid.shaded_rows
        texty = not any(is_numeric(c.text) and c.col in numeric_cols for c in cells) and bool(numeric_cols)
        spans_cols = any(c.colspan > 1 for c in cells) and i + 1 < n
        if styled or texty or spans_cols:
            h = i + 1
        else:
            break
    # a header cell that spans down pulls the rows it covers into the header
    for c in grid.cells:
        if c.row < h:
            h = max(h, c.row + c.rowspan)
    return min(h, n - 1)


def under_ruled(grid: Grid) -> bool:
    """True when some row of a ruled grid holds several records: two or more cells whose lines
    align one to one, with numbers on at least two of those lines (rows ruled only in groups)."""
    by_row: dict[int, list[GridCell]] = {}
    for c in grid.cells:
        by_row.setdefault(c.row, []).append(c)
    for cells in by_row.values():
        stacked = []
        for c in cells:
            lines = line_groups(c.words)
            if len(lines) >= 2:
                stacked.append([sum(w.vc for w in ln) / len(ln) for ln in lines])
        for a in stacked:
            for b in stacked:
                if a is b or len(a) != len(b):
                    continue
                if all(abs(x - y) <= 2.0 for x, y in zip(a, b)):
                    nums = [c for c in cells if len(line_groups(c.words)) == len(a)
                            and sum(any(is_numeric(t) for t in ln.split()) for ln in c.text.split("\n")) >= 2]
                    if nums:
                        return True
    return False


CAPTION = re.compile(r"^\s*(table|tab\.|figure|fig\.|chart|exhibit|source|sources|note|notes|표|그림|도표|자료|출처|주)"
                     r"\s*[\dA-Z:.]", re.IGNORECASE)


def strip_caption_rows(grid: Grid) -> None:
    """Drop a first or last row that is one cell across the whole table holding a caption
    ("Table 3: …", "Exhibit 9", "Source: …"): a title drawn inside the table's frame."""
    for edge in (0, -1):
        if grid.n_rows < 3:
            return
        r = 0 if edge == 0 else grid.n_rows - 1
        row = [c for c in grid.cells if c.row == r]
        if len(row) == 1 and row[0].colspan == grid.n_cols and row[0].rowspan == 1 and CAPTION.match(row[0].text):
            grid.cells = [c for c in grid.cells if c.row != r]
            for c in grid.cells:
                if edge == 0:
                    c.row -= 1
            grid.ys = grid.ys[1:] if edge == 0 else grid.ys[:-1]
            grid.spans = [(c.row, c.col, c.rowspan, c.colspan) for c in grid.cells]
