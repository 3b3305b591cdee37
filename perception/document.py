"""Typed document results: document → pages → tables → cells, with their exports.

A table's grid is ``n_rows × n_cols``; each :class:`Cell` sits at its top-left ``(row, col)``
and covers ``rowspan × colspan`` grid slots. ``to_rows()`` gives the flat grid used by every
export: a spanning cell's text in its top-left slot, the slots it covers empty.
"""

from __future__ import annotations

import csv
import html
import io
import json
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from perception.triage import PageTriage
from perception.types import BBox, Frozen, Unit

if TYPE_CHECKING:  # pandas is imported only by to_dataframe()
    import pandas as pd

__all__ = ["Cell", "DocumentTables", "PageTables", "Table", "TableMethod", "TableRegion", "dumps_rows"]

TableMethod = Literal["lattice", "stream", "hybrid"]
"""How the grid was found: ruling lines on all sides, text alignment alone, or rules plus alignment."""


class Cell(Frozen):
    """One cell: its grid position and span, text (lines joined by ``\\n``), page and box."""

    row: int = Field(ge=0)
    col: int = Field(ge=0)
    rowspan: int = Field(default=1, ge=1)
    colspan: int = Field(default=1, ge=1)
    text: str = ""
    page: int = Field(ge=1, description="1-based page number the cell is on.")
    bbox: BBox
    confidence: Unit = 1.0
    value: float | None = Field(default=None, description="The number the text states (sign and Korean units applied).")
    unit: str | None = Field(default=None, description="The unit written in the cell: '원', '%', '$' ….")


class TableRegion(Frozen):
    """The part of a table that lies on one page: rows ``first_row .. first_row + n_rows - 1``."""

    page: int = Field(ge=1)
    bbox: BBox
    first_row: int = Field(ge=0)
    n_rows: int = Field(ge=1)


class Table(Frozen):
    """A table found on one or more pages.

    >>> t = Table(n_rows=1, n_cols=2, method="lattice", regions=(
    ...     TableRegion(page=1, bbox=BBox(x0=0, y0=0, x1=20, y1=10), first_row=0, n_rows=1),),
    ...     cells=(Cell(row=0, col=0, text="a", page=1, bbox=BBox(x0=0, y0=0, x1=10, y1=10)),
    ...            Cell(row=0, col=1, text="b", page=1, bbox=BBox(x0=10, y0=0, x1=20, y1=10))))
    >>> t.to_rows()
    [['a', 'b']]
    """

    n_rows: int = Field(ge=1)
    n_cols: int = Field(ge=1)
    cells: tuple[Cell, ...]
    header_rows: int = Field(default=0, ge=0, description="How many leading rows are header rows.")
    method: TableMethod
    regions: tuple[TableRegion, ...] = Field(min_length=1)
    confidence: Unit = 1.0
    total_rows: tuple[int, ...] = Field(default=(), description="Rows labelled as totals (합계, 소계, Total …).")
    unit: str | None = Field(default=None, description="The table's unit note, e.g. '백만원' from '(단위: 백만원)'.")

    @model_validator(mode="after")
    def _cells_fit(self) -> Table:
        for c in self.cells:
            if c.row + c.rowspan > self.n_rows or c.col + c.colspan > self.n_cols:
                raise ValueError(
                    f"cell at ({c.row}, {c.col}) spanning {c.rowspan}×{c.colspan} "
                    f"leaves the {self.n_rows}×{self.n_cols} grid"
                )
        if self.header_rows > self.n_rows:
            raise ValueError(f"header_rows={self.header_rows} > n_rows={self.n_rows}")
        return self

    @property
    def pages(self) -> tuple[int, ...]:
        """The 1-based pages the table spans, in order."""
        return tuple(r.page for r in self.regions)

    @property
    def page(self) -> int:
        """The page the table starts on."""
        return self.regions[0].page

    @property
    def bbox(self) -> BBox:
        """The table's box on its first page (PDF points)."""
        return self.regions[0].bbox

    @property
    def shape(self) -> tuple[int, int]:
        return (self.n_rows, self.n_cols)

    def to_rows(self) -> list[list[str]]:
        """The grid as rows of strings: spanning text in the top-left slot, covered slots ``""``."""
        grid = [[""] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            grid[c.row][c.col] = c.text
        return grid

    def to_dataframe(self) -> pd.DataFrame:
        """A pandas DataFrame; header rows (joined with a space when several) become the columns."""
        import pandas as pd

        rows = self.to_rows()
        h = self.header_rows
        if h == 0:
            return pd.DataFrame(rows)
        names = [" ".join(s for s in (rows[i][j] for i in range(h)) if s) for j in range(self.n_cols)]
        return pd.DataFrame(rows[h:], columns=_unique(names))

    def to_csv(self) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(self.to_rows())
        return buf.getvalue()

    def to_markdown(self) -> str:
        """A GitHub Markdown table (the first row is the header when none is marked)."""
        rows = [[_md_cell(s) for s in r] for r in self.to_rows()]
        h = max(self.header_rows, 1)
        head = [" ".join(s for s in col if s) for col in zip(*rows[:h], strict=True)]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * self.n_cols]
        lines += ["| " + " | ".join(r) + " |" for r in rows[h:]]
        return "\n".join(lines) + "\n"

    def to_html(self) -> str:
        """An HTML ``<table>`` with real ``rowspan``/``colspan`` and ``<th>`` header cells."""
        by_row: dict[int, list[Cell]] = {}
        for c in sorted(self.cells, key=lambda c: (c.row, c.col)):
            by_row.setdefault(c.row, []).append(c)
        out = ['<table class="tp-table">']
        for r in range(self.n_rows):
            out.append("<tr>")
            for c in by_row.get(r, []):
                tag = "th" if r < self.header_rows else "td"
                span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (
                    f' colspan="{c.colspan}"' if c.colspan > 1 else ""
                )
                text = html.escape(c.text).replace("\n", "<br>")
                out.append(f"<{tag}{span}>{text}</{tag}>")
            out.append("</tr>")
        out.append("</table>")
        return "".join(out)

    def to_json(self) -> str:
        return self.model_dump_json(indent=1)


class PageTables(Frozen):
    """One page: its size in points as displayed, rotation, and the tables that start on it."""

    page: int = Field(ge=1)
    width: float = Field(gt=0)
    height: float = Field(gt=0)
    rotation: int = 0
    tables: tuple[Table, ...] = ()
    starts_with_table: bool = Field(default=False, description="No body text above the first table.")
    ends_with_table: bool = Field(default=False, description="No body text below the last table.")
    triage: PageTriage | None = Field(default=None, description="How the page was read (text layer, OCR, both).")


class DocumentTables(Frozen):
    """The tables of one PDF. ``tables`` lists them all in reading order (stitched across pages)."""

    path: str
    n_pages: int = Field(ge=0, description="Pages in the file (not only those read).")
    pages: tuple[PageTables, ...]
    warnings: tuple[str, ...] = ()

    @property
    def tables(self) -> list[Table]:
        return [t for p in self.pages for t in p.tables]

    def to_json(self) -> str:
        return self.model_dump_json(indent=1)

    def summary(self) -> dict[str, Any]:
        return {"path": self.path, "pages": len(self.pages), "tables": len(self.tables)}


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, n in enumerate(names):
        n = n or f"col{i}"
        k = seen.get(n, 0)
        seen[n] = k + 1
        out.append(n if k == 0 else f"{n}.{k}")
    return out


def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", "<br>")


def dumps_rows(tables: list[Table]) -> str:
    """All tables as JSON lists of rows (the shape table scorers read)."""
    return json.dumps([t.to_rows() for t in tables], ensure_ascii=False)
