"""Grid (frame coordinates) → typed :class:`~perception.document.Table` (displayed page points)."""

from __future__ import annotations

import pymupdf

from perception.document import Cell, Table, TableRegion
from perception.tables._grid import Grid
from perception.tables._primitives import Frame
from perception.types import BBox

__all__ = ["build_table"]


def _to_display(page: pymupdf.Page, frame: Frame, box: tuple[float, float, float, float]) -> BBox:
    x0, y0, x1, y1 = frame.rect_to_page(*box)
    r = pymupdf.Rect(x0, y0, x1, y1) * page.rotation_matrix
    r.normalize()
    return BBox(x0=r.x0, y0=r.y0, x1=r.x1, y1=r.y1)


def build_table(grid: Grid, frame: Frame, page: pymupdf.Page, page_number: int) -> Table:
    cells = tuple(
        Cell(
            row=c.row, col=c.col, rowspan=c.rowspan, colspan=c.colspan, text=c.text, page=page_number,
            bbox=_to_display(page, frame, grid.cell_box(c)), confidence=grid.confidence,
        )
        for c in grid.cells
    )
    bbox = _to_display(page, frame, grid.bbox())
    method = grid.method
    return Table(
        n_rows=grid.n_rows, n_cols=grid.n_cols, cells=cells, header_rows=grid.header, method=method,  # type: ignore[arg-type]
        regions=(TableRegion(page=page_number, bbox=bbox, first_row=0, n_rows=grid.n_rows),),
        confidence=grid.confidence,
    )
