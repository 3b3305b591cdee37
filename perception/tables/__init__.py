"""Table finding on born-digital PDF pages (placeholder wiring; the detector is being written)."""

from __future__ import annotations

import pymupdf

from perception.document import Cell, PageTables, Table, TableRegion
from perception.types import BBox

__all__ = ["find_tables", "stitch_pages"]


def find_tables(page: pymupdf.Page, *, page_number: int) -> PageTables:
    tables = []
    for t in page.find_tables().tables:
        rows = t.extract()
        if not rows:
            continue
        cells = []
        for i, r in enumerate(rows):
            for j, s in enumerate(r):
                cells.append(Cell(row=i, col=j, text=s or "", page=page_number, bbox=BBox(x0=0, y0=0, x1=1, y1=1)))
        bb = BBox(x0=t.bbox[0], y0=t.bbox[1], x1=t.bbox[2], y1=t.bbox[3])
        tables.append(Table(n_rows=len(rows), n_cols=len(rows[0]), cells=tuple(cells), method="lattice",
                            regions=(TableRegion(page=page_number, bbox=bb, first_row=0, n_rows=len(rows)),)))
    r = page.rect
    return PageTables(page=page_number, width=r.width, height=r.height, rotation=page.rotation, tables=tuple(tables))


def stitch_pages(pages: list[PageTables]) -> list[PageTables]:
    return pages
