"""Join a table that continues on the next page into one table.

A page that ends with a table, followed by a page that starts with one, is a continuation when
the two tables have the same columns at the same places. A header repeated at the top of the
next page is dropped; the joined table keeps one region per page.
"""

from __future__ import annotations

from perception.document import PageTables, Table, TableRegion

__all__ = ["stitch_pages"]

_COL_TOL = 0.03  # share of the page width two column edges may differ by


def _col_edges(t: Table) -> list[float]:
    """Left edge of each column, from the cells that span one column."""
    edges: dict[int, list[float]] = {}
    for c in t.cells:
        if c.colspan == 1:
            edges.setdefault(c.col, []).append(c.bbox.x0)
    return [sorted(v)[len(v) // 2] for _, v in sorted(edges.items())]


def continues(a: Table, b: Table, width: float) -> bool:
    """True when ``b`` looks like the continuation of ``a`` (same columns, same places)."""
    if a.n_cols != b.n_cols:
        return False
    ea, eb = _col_edges(a), _col_edges(b)
    if len(ea) != a.n_cols or len(eb) != b.n_cols:
        return False
    return all(abs(x - y) <= _COL_TOL * width for x, y in zip(ea, eb))


def _repeated_header(a: Table, b: Table) -> int:
    """How many of ``b``'s first rows repeat ``a``'s header rows."""
    h = a.header_rows
    if h == 0 or b.n_rows <= h:
        return 0
    ra, rb = a.to_rows(), b.to_rows()

    def norm(row: list[str]) -> list[str]:
        return [" ".join(s.split()) for s in row]

    return h if all(norm(ra[i]) == norm(rb[i]) for i in range(h)) else 0


def join(a: Table, b: Table) -> Table:
    """``a`` followed by ``b``'s rows (without a repeated header)."""
    skip = _repeated_header(a, b)
    offset = a.n_rows - skip
    cells = list(a.cells)
    for c in b.cells:
        if c.row < skip:
            continue
        cells.append(c.model_copy(update={"row": c.row + offset}))
    regions = list(a.regions)
    last = b.regions[0]
    regions.append(TableRegion(page=last.page, bbox=last.bbox, first_row=a.n_rows, n_rows=b.n_rows - skip))
    regions += list(b.regions[1:])
    return Table(
        n_rows=a.n_rows + b.n_rows - skip,
        n_cols=a.n_cols,
        cells=tuple(cells),
        header_rows=a.header_rows,
        method=a.method if a.method == b.method else "hybrid",
        regions=tuple(regions),
        confidence=min(a.confidence, b.confidence),
    )


def stitch_pages(pages: list[PageTables]) -> list[PageTables]:
    """Pages with continued tables joined: the joined table stays on its first page and leaves
    the next page's table list. Pages must be consecutive to be joined."""
    out = list(pages)
    for k in range(1, len(out)):
        prev, cur = out[k - 1], out[k]
        if cur.page != prev.page + 1 or not prev.tables or not cur.tables:
            continue
        if not (prev.ends_with_table and cur.starts_with_table):
            continue
        a, b = prev.tables[-1], cur.tables[0]
        if a.regions[-1].page != prev.page and a.pages[-1] != prev.page:
            continue
        if not continues(a, b, max(prev.width, cur.width)):
            continue
        joined = join(a, b)
        out[k - 1] = prev.model_copy(update={"tables": prev.tables[:-1] + (joined,)})
        out[k] = cur.model_copy(update={"tables": cur.tables[1:]})
    return out
