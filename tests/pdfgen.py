"""Draw tables into PDFs with PyMuPDF so that the expected extraction is known by construction.

A :class:`TableSpec` is the logical table: rows of cell texts (a :class:`Span` for a cell that
covers several slots, ``None`` for a slot that a span covers), column widths, alignment, rule style,
shading and font. :func:`draw_table` lays it out (wrapping long cell text into lines at the column
width), draws it with plain PDF operators (``re`` fills, ``l`` strokes, ``Tj`` text) and returns a
:class:`DrawnTable`: the grid ``to_rows()`` must give, every cell with its frame and text ink, and
the table's frame and ink, all in PDF points of the page *as displayed* (rotation applied,
top-left origin), the space :class:`perception.types.BBox` uses.

PyMuPDF draws in the coordinates of the *unrotated* page; ``at`` is given there. A page turned
with ``page.set_rotation(90)`` before drawing shows the table sideways; drawing with
``text_rotate=90`` on such a page makes it read upright (a landscape page).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

import pymupdf

__all__ = [
    "FONT_FILES",
    "Align",
    "DrawnCell",
    "DrawnTable",
    "PdfFactory",
    "Rules",
    "Span",
    "TableSpec",
    "displayed",
    "draw_paragraph",
    "draw_table",
    "font",
    "wrap",
]

Align = Literal["left", "center", "right"]
Rules = Literal["grid", "horizontal", "booktabs", "none"]
"""``grid``: every cell edge. ``horizontal``: a full-width rule above and below every row, no
vertical rules. ``booktabs``: a rule above the table, under the header rows and under the table.
``none``: no rules at all (columns aligned by whitespace only)."""
FontName = Literal["helv", "nanum"]
Color = tuple[float, float, float]
T = TypeVar("T")

NANUM_DIR = Path("/usr/share/fonts/truetype/nanum")
FONT_FILES: dict[str, Path | None] = {
    "helv": None,  # base-14 Helvetica: no file, no embedding
    "hebo": None,
    "nanum": NANUM_DIR / "NanumGothic.ttf",
    "nanumb": NANUM_DIR / "NanumGothicBold.ttf",
}
_BOLD = {"helv": "hebo", "nanum": "nanumb"}
_FONTS: dict[str, pymupdf.Font] = {}


def font(name: str) -> pymupdf.Font:
    """The PyMuPDF ``Font`` used to measure text drawn with PDF font resource ``name``."""
    if name not in _FONTS:
        file = FONT_FILES[name]
        _FONTS[name] = pymupdf.Font(fontfile=str(file)) if file else pymupdf.Font(name)
    return _FONTS[name]


@dataclass(frozen=True)
class Span:
    """A cell covering ``rowspan × colspan`` slots; the slots it covers hold ``None`` in the spec."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    align: Align | None = None  # the column's alignment when None


@dataclass(frozen=True)
class TableSpec:
    rows: Sequence[Sequence[str | Span | None]]
    widths: Sequence[float]
    align: Sequence[Align] | None = None  # per column; left when omitted
    rules: Rules = "grid"
    header_rows: int = 1
    bold_header: bool = True
    header_fill: Color | None = None
    zebra: Color | None = None  # fill of every other body row (the 2nd, 4th, ...)
    font: FontName = "helv"
    fontsize: float = 9.0
    leading: float = 1.3  # baseline-to-baseline distance of wrapped lines, in font sizes
    padding: float = 4.0  # left/right inside a cell
    vpad: float = 3.0  # top/bottom inside a cell
    line_width: float = 0.6


@dataclass(frozen=True)
class DrawnCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str  # the wrapped lines joined by "\n"
    frame: pymupdf.Rect  # the cell's box (where grid rules run), page as displayed
    ink: pymupdf.Rect | None  # union of its text lines; None for an empty cell


@dataclass(frozen=True)
class DrawnTable:
    page: int  # 1-based
    rows: list[list[str]]  # what Table.to_rows() must return
    cells: tuple[DrawnCell, ...]
    header_rows: int
    frame: pymupdf.Rect  # outer box of the cells (padding included), page as displayed
    ink: pymupdf.Rect  # everything painted: text, rules, fills, page as displayed
    row_frames: tuple[pymupdf.Rect, ...]  # one per row, page as displayed

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return len(self.rows[0])


def wrap(text: str, fontname: str, fontsize: float, width: float) -> list[str]:
    """Greedy word wrap at ``width`` points; explicit ``\\n`` always breaks. ``[]`` for ``""``."""
    if not text:
        return []
    f = font(fontname)
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            cand = f"{line} {word}" if line else word
            if line and f.text_length(cand, fontsize) > width:
                lines.append(line)
                line = word
            else:
                line = cand
        lines.append(line)
    return lines


class _Placer:
    """Maps table-local points (x right, y down, upright text) onto the unrotated page."""

    def __init__(self, page: pymupdf.Page, at: tuple[float, float], size: tuple[float, float], rotate: int) -> None:
        if rotate not in (0, 90, 270):
            raise ValueError(f"text_rotate must be 0, 90 or 270, not {rotate}")
        self.page, self.rotate = page, rotate
        (self.px, self.py), (self.w, self.h) = at, size

    def point(self, x: float, y: float) -> pymupdf.Point:
        if self.rotate == 90:  # text reads bottom-to-top; rows advance to the right
            return pymupdf.Point(self.px + y, self.py + self.w - x)
        if self.rotate == 270:  # text reads top-to-bottom; rows advance to the left
            return pymupdf.Point(self.px + self.h - y, self.py + x)
        return pymupdf.Point(self.px + x, self.py + y)

    def rect(self, x0: float, y0: float, x1: float, y1: float) -> pymupdf.Rect:
        """The unrotated-page rect of a local rect."""
        a, b = self.point(x0, y0), self.point(x1, y1)
        return pymupdf.Rect(min(a.x, b.x), min(a.y, b.y), max(a.x, b.x), max(a.y, b.y))

    def shown(self, x0: float, y0: float, x1: float, y1: float) -> pymupdf.Rect:
        """The displayed-page rect of a local rect."""
        return displayed(self.page, self.rect(x0, y0, x1, y1))


def displayed(page: pymupdf.Page, r: pymupdf.Rect) -> pymupdf.Rect:
    """An unrotated-page rect as it lies on the page as displayed."""
    return (r * page.rotation_matrix).normalize()


def _grid(spec: TableSpec) -> list[tuple[int, int, Span]]:
    """The spec's cells as (row, col, span), checked to tile the grid exactly."""
    n_cols = len(spec.widths)
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    cells: list[tuple[int, int, Span]] = []
    for i, row in enumerate(spec.rows):
        if len(row) != n_cols:
            raise ValueError(f"row {i} has {len(row)} slots, the table {n_cols} columns")
        for j, v in enumerate(row):
            if v is None:
                continue
            s = v if isinstance(v, Span) else Span(v)
            for a in range(i, i + s.rowspan):
                for b in range(j, j + s.colspan):
                    if (a, b) in owner or a >= len(spec.rows) or b >= n_cols:
                        raise ValueError(f"cell ({i}, {j}) overlaps ({a}, {b}) or leaves the grid")
                    owner[(a, b)] = (i, j)
            cells.append((i, j, s))
    for i, row in enumerate(spec.rows):
        for j, v in enumerate(row):
            if v is None and (i, j) not in owner:
                raise ValueError(f"slot ({i}, {j}) is None but no span covers it")
    return cells


def draw_table(page: pymupdf.Page, spec: TableSpec, *, at: tuple[float, float], text_rotate: int = 0) -> DrawnTable:
    """Draw ``spec`` with its top-left corner at ``at`` (unrotated page coordinates).

    ``text_rotate=90`` turns the whole table a quarter counter-clockwise (its text reads upwards),
    ``270`` clockwise; ``at`` is then the top-left corner of the turned table's box.
    """
    fs, pad, vpad = spec.fontsize, spec.padding, spec.vpad
    regular = spec.font
    bold = _BOLD[regular]
    for name in {regular, bold}:
        if FONT_FILES[name] is not None:
            page.insert_font(fontname=name, fontfile=str(FONT_FILES[name]))
    cells = _grid(spec)
    n_rows, n_cols = len(spec.rows), len(spec.widths)
    xs = [0.0]
    for w in spec.widths:
        xs.append(xs[-1] + w)
    asc, desc = font(regular).ascender, font(regular).descender

    def text_height(n_lines: int) -> float:
        return (n_lines - 1) * spec.leading * fs + (asc - desc) * fs if n_lines else 0.0

    def fontname(i: int) -> str:
        return bold if spec.bold_header and i < spec.header_rows else regular

    laid: list[tuple[int, int, Span, list[str]]] = []
    heights = [2 * vpad + text_height(1)] * n_rows
    for i, j, s in cells:
        inner = xs[j + s.colspan] - xs[j] - 2 * pad
        lines = wrap(s.text, fontname(i), fs, inner)
        laid.append((i, j, s, lines))
        if s.rowspan == 1:
            heights[i] = max(heights[i], 2 * vpad + text_height(len(lines)))
    for i, _j, s, lines in laid:  # a tall spanning cell grows the last row it covers
        need = 2 * vpad + text_height(len(lines))
        have = sum(heights[i : i + s.rowspan])
        if need > have:
            heights[i + s.rowspan - 1] += need - have
    ys = [0.0]
    for h in heights:
        ys.append(ys[-1] + h)
    place = _Placer(page, at, (xs[-1], ys[-1]), text_rotate)
    ink = pymupdf.Rect()

    def fill(x0: float, y0: float, x1: float, y1: float, color: Color) -> None:
        nonlocal ink
        r = place.rect(x0, y0, x1, y1)
        page.draw_rect(r, color=None, fill=color, width=0)
        ink |= displayed(page, r)

    if spec.header_fill and spec.header_rows:
        fill(0, 0, xs[-1], ys[spec.header_rows], spec.header_fill)
    if spec.zebra:
        for i in range(spec.header_rows + 1, n_rows, 2):
            fill(0, ys[i], xs[-1], ys[i + 1], spec.zebra)

    drawn: list[DrawnCell] = []
    for i, j, s, lines in laid:
        x0, x1, y0, y1 = xs[j], xs[j + s.colspan], ys[i], ys[i + s.rowspan]
        name = fontname(i)
        cell_ink = pymupdf.Rect()
        align = s.align or (spec.align[j] if spec.align else "left")
        for k, line in enumerate(lines):
            tw = font(name).text_length(line, fs)
            if align == "right":
                tx = x1 - pad - tw
            elif align == "center":
                tx = (x0 + x1 - tw) / 2
            else:
                tx = x0 + pad
            base = y0 + vpad + asc * fs + k * spec.leading * fs
            page.insert_text(place.point(tx, base), line, fontname=name, fontsize=fs, rotate=text_rotate)
            cell_ink |= place.shown(tx, base - asc * fs, tx + tw, base - desc * fs)
        ink |= cell_ink
        drawn.append(
            DrawnCell(
                row=i,
                col=j,
                rowspan=s.rowspan,
                colspan=s.colspan,
                text="\n".join(lines),
                frame=place.shown(x0, y0, x1, y1),
                ink=None if cell_ink.is_empty else cell_ink,
            )
        )

    for x0, y0, x1, y1 in _rules(spec, laid, xs, ys):
        a, b = place.point(x0, y0), place.point(x1, y1)
        page.draw_line(a, b, color=(0, 0, 0), width=spec.line_width)
        half = spec.line_width / 2
        ink |= displayed(
            page, pymupdf.Rect(min(a.x, b.x), min(a.y, b.y), max(a.x, b.x), max(a.y, b.y)) + (-half, -half, half, half)
        )

    rows = [[""] * n_cols for _ in range(n_rows)]
    for c in drawn:
        rows[c.row][c.col] = c.text
    return DrawnTable(
        page=page.number + 1,
        rows=rows,
        cells=tuple(drawn),
        header_rows=spec.header_rows,
        frame=place.shown(0, 0, xs[-1], ys[-1]),
        ink=ink,
        row_frames=tuple(place.shown(0, ys[i], xs[-1], ys[i + 1]) for i in range(n_rows)),
    )


def _rules(
    spec: TableSpec, laid: list[tuple[int, int, Span, list[str]]], xs: list[float], ys: list[float]
) -> list[tuple[float, float, float, float]]:
    """The rule segments of the style, collinear touching pieces merged into one line."""
    h: set[tuple[float, float, float]] = set()  # (y, x0, x1)
    v: set[tuple[float, float, float]] = set()  # (x, y0, y1)
    last = len(ys) - 1
    for i, j, s, _ in laid:
        x0, x1, y0, y1 = xs[j], xs[j + s.colspan], ys[i], ys[i + s.rowspan]
        if spec.rules == "grid":
            h |= {(y0, x0, x1), (y1, x0, x1)}
            v |= {(x0, y0, y1), (x1, y0, y1)}
        elif spec.rules == "horizontal":
            h |= {(y0, x0, x1), (y1, x0, x1)}
        elif spec.rules == "booktabs":
            for y, k in ((y0, i), (y1, i + s.rowspan)):
                if k in (0, spec.header_rows, last):
                    h.add((y, x0, x1))
    return [(a, y, b, y) for y, a, b in _merge(h)] + [(x, a, x, b) for x, a, b in _merge(v)]


def _merge(segs: set[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    out: list[tuple[float, float, float]] = []
    for key, a, b in sorted(segs):
        if out and out[-1][0] == key and a <= out[-1][2] + 1e-6:
            out[-1] = (key, out[-1][1], max(b, out[-1][2]))
        else:
            out.append((key, a, b))
    return out


def draw_paragraph(
    page: pymupdf.Page,
    text: str,
    *,
    at: tuple[float, float],
    width: float,
    fontsize: float = 10.0,
    bold: bool = False,
    fontname: FontName = "helv",
    align: Align = "left",
    leading: float = 1.35,
) -> pymupdf.Rect:
    """Body text wrapped at ``width`` from top-left ``at``; returns its ink box as displayed."""
    name = _BOLD[fontname] if bold else fontname
    if FONT_FILES[name] is not None:
        page.insert_font(fontname=name, fontfile=str(FONT_FILES[name]))
    f = font(name)
    ink = pymupdf.Rect()
    for k, line in enumerate(wrap(text, name, fontsize, width)):
        tw = f.text_length(line, fontsize)
        x = at[0] + {"left": 0.0, "center": (width - tw) / 2, "right": width - tw}[align]
        base = at[1] + f.ascender * fontsize + k * leading * fontsize
        page.insert_text((x, base), line, fontname=name, fontsize=fontsize)
        ink |= displayed(page, pymupdf.Rect(x, base - f.ascender * fontsize, x + tw, base - f.descender * fontsize))
    return ink


class PdfFactory:
    """Builds each named PDF once per session: ``path, expected = make("name", build)``.

    ``build(doc)`` draws into a new empty document and returns what the tests expect of it; the
    factory saves the file (fonts subset, streams compressed) and caches both by name.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._made: dict[str, tuple[Path, Any]] = {}

    def __call__(self, name: str, build: Callable[[pymupdf.Document], T]) -> tuple[Path, T]:
        if name not in self._made:
            doc = pymupdf.open()
            try:
                expected = build(doc)
                if any(f[1] != "n/a" for p in doc for f in p.get_fonts()):  # an embedded font
                    doc.subset_fonts()
                path = self.root / f"{name}.pdf"
                doc.save(path, garbage=3, deflate=True)
            finally:
                doc.close()
            self._made[name] = (path, expected)
        return self._made[name]
