"""The typed table results: grid, exports, JSON round trip and validation (no PDF involved)."""

from __future__ import annotations

import pandas as pd
import pytest
from pydantic import ValidationError

from perception.document import Cell, DocumentTables, PageTables, Table, TableRegion, dumps_rows
from perception.types import BBox


def box(x0: float, y0: float, x1: float, y1: float) -> BBox:
    return BBox(x0=x0, y0=y0, x1=x1, y1=y1)


def cell(row: int, col: int, text: str, *, rowspan: int = 1, colspan: int = 1, page: int = 1) -> Cell:
    x, y = 50 + 60 * col, 100 + 20 * row
    return Cell(
        row=row,
        col=col,
        rowspan=rowspan,
        colspan=colspan,
        text=text,
        page=page,
        bbox=box(x, y, x + 60 * colspan, y + 20 * rowspan),
    )


@pytest.fixture
def sales() -> Table:
    """A 2-row header (Region spans 2 rows, 2023 spans 2 columns) over a body whose label spans 2 rows.

    Region | Channel | 2023      | Note
           |         | H1  | H2  |
    North  | Retail  | 410 | 388 | "flat, as planned"
           | Online  | 122 | 160 | a|b (two lines)
    """
    return Table(
        n_rows=4,
        n_cols=5,
        header_rows=2,
        method="lattice",
        regions=(TableRegion(page=1, bbox=box(50, 100, 350, 180), first_row=0, n_rows=4),),
        cells=(
            cell(0, 0, "Region", rowspan=2),
            cell(0, 1, "Channel", rowspan=2),
            cell(0, 2, "2023", colspan=2),
            cell(0, 4, "Note", rowspan=2),
            cell(1, 2, "H1"),
            cell(1, 3, "H2"),
            cell(2, 0, "North", rowspan=2),
            cell(2, 1, "Retail"),
            cell(2, 2, "410"),
            cell(2, 3, "388"),
            cell(2, 4, 'flat, "as planned"'),
            cell(3, 1, "Online"),
            cell(3, 2, "122"),
            cell(3, 3, "160"),
            cell(3, 4, "a|b\n<new>"),
        ),
    )


def test_to_rows_puts_spanning_text_top_left(sales: Table) -> None:
    assert sales.to_rows() == [
        ["Region", "Channel", "2023", "", "Note"],
        ["", "", "H1", "H2", ""],
        ["North", "Retail", "410", "388", 'flat, "as planned"'],
        ["", "Online", "122", "160", "a|b\n<new>"],
    ]
    assert sales.shape == (4, 5)


def test_missing_cells_read_as_empty() -> None:
    t = Table(
        n_rows=2,
        n_cols=2,
        method="stream",
        cells=(cell(0, 0, "a"), cell(1, 1, "d")),
        regions=(TableRegion(page=3, bbox=box(0, 0, 10, 10), first_row=0, n_rows=2),),
    )
    assert t.to_rows() == [["a", ""], ["", "d"]]


def test_to_csv_quotes_commas_quotes_and_newlines(sales: Table) -> None:
    assert sales.to_csv() == (
        "Region,Channel,2023,,Note\n"
        ",,H1,H2,\n"
        'North,Retail,410,388,"flat, ""as planned"""\n'
        ',Online,122,160,"a|b\n<new>"\n'
    )


def test_to_markdown_joins_header_rows_and_escapes(sales: Table) -> None:
    assert sales.to_markdown() == (
        "| Region | Channel | 2023 H1 | H2 | Note |\n"
        "|---|---|---|---|---|\n"
        '| North | Retail | 410 | 388 | flat, "as planned" |\n'
        "|  | Online | 122 | 160 | a\\|b<br><new> |\n"
    )


def test_to_markdown_uses_first_row_when_no_header_is_marked() -> None:
    t = Table(
        n_rows=2,
        n_cols=2,
        method="stream",
        cells=(cell(0, 0, "k"), cell(0, 1, "v"), cell(1, 0, "x"), cell(1, 1, "1")),
        regions=(TableRegion(page=1, bbox=box(0, 0, 1, 1), first_row=0, n_rows=2),),
    )
    assert t.to_markdown() == "| k | v |\n|---|---|\n| x | 1 |\n"


def test_to_html_has_real_spans_th_and_escaping(sales: Table) -> None:
    assert sales.to_html() == (
        '<table class="tp-table">'
        '<tr><th rowspan="2">Region</th><th rowspan="2">Channel</th><th colspan="2">2023</th>'
        '<th rowspan="2">Note</th></tr>'
        "<tr><th>H1</th><th>H2</th></tr>"
        '<tr><td rowspan="2">North</td><td>Retail</td><td>410</td><td>388</td>'
        "<td>flat, &quot;as planned&quot;</td></tr>"
        "<tr><td>Online</td><td>122</td><td>160</td><td>a|b<br>&lt;new&gt;</td></tr>"
        "</table>"
    )


def test_to_dataframe_with_two_header_rows(sales: Table) -> None:
    df = sales.to_dataframe()
    assert list(df.columns) == ["Region", "Channel", "2023 H1", "H2", "Note"]
    assert df.values.tolist() == [
        ["North", "Retail", "410", "388", 'flat, "as planned"'],
        ["", "Online", "122", "160", "a|b\n<new>"],
    ]


def test_to_dataframe_header_rows_zero_and_one() -> None:
    cells = (
        cell(0, 0, "Item"),
        cell(0, 1, "Qty"),
        cell(0, 2, "Qty"),
        cell(0, 3, ""),
        cell(1, 0, "bolt"),
        cell(1, 1, "4"),
        cell(1, 2, "5"),
        cell(1, 3, "x"),
    )
    regions = (TableRegion(page=1, bbox=box(0, 0, 10, 10), first_row=0, n_rows=2),)
    plain = Table(n_rows=2, n_cols=4, method="stream", cells=cells, regions=regions)
    pd.testing.assert_frame_equal(
        plain.to_dataframe(), pd.DataFrame([["Item", "Qty", "Qty", ""], ["bolt", "4", "5", "x"]])
    )
    headed = plain.model_copy(update={"header_rows": 1})
    df = headed.to_dataframe()
    assert list(df.columns) == ["Item", "Qty", "Qty.1", "col3"]  # duplicate and empty names made unique
    assert df.values.tolist() == [["bolt", "4", "5", "x"]]


def test_json_round_trip(sales: Table) -> None:
    assert Table.model_validate_json(sales.to_json()) == sales
    doc = DocumentTables(
        path="report.pdf",
        n_pages=3,
        warnings=("page 2: cannot be read (RuntimeError: x)",),
        pages=(
            PageTables(page=1, width=595, height=842, tables=(sales,)),
            PageTables(page=3, width=842, height=595, rotation=90),
        ),
    )
    back = DocumentTables.model_validate_json(doc.to_json())
    assert back == doc
    assert back.tables == [sales]
    assert back.summary() == {"path": "report.pdf", "pages": 2, "tables": 1}


def test_json_keeps_non_ascii_text() -> None:
    t = Table(
        n_rows=1,
        n_cols=2,
        method="lattice",
        cells=(cell(0, 0, "영업이익"), cell(0, 1, "△12.5")),
        regions=(TableRegion(page=1, bbox=box(0, 0, 1, 1), first_row=0, n_rows=1),),
    )
    assert Table.model_validate_json(t.to_json()).to_rows() == [["영업이익", "△12.5"]]
    assert dumps_rows([t]) == '[[["영업이익", "△12.5"]]]'


def test_multi_page_table_properties() -> None:
    t = Table(
        n_rows=3,
        n_cols=1,
        method="hybrid",
        cells=(cell(0, 0, "h"), cell(1, 0, "a"), cell(2, 0, "b", page=2)),
        regions=(
            TableRegion(page=1, bbox=box(50, 700, 110, 780), first_row=0, n_rows=2),
            TableRegion(page=2, bbox=box(50, 60, 110, 80), first_row=2, n_rows=1),
        ),
    )
    assert t.pages == (1, 2)
    assert t.page == 1
    assert t.bbox == box(50, 700, 110, 780)


@pytest.mark.parametrize(
    ("bad", "n_rows", "n_cols"),
    [
        (cell(2, 0, "x"), 2, 2),
        (cell(0, 2, "x"), 2, 2),
        (cell(1, 0, "x", rowspan=2), 2, 2),
        (cell(0, 1, "x", colspan=2), 2, 2),
    ],
)
def test_cell_outside_the_grid_is_rejected(bad: Cell, n_rows: int, n_cols: int) -> None:
    with pytest.raises(ValidationError, match="leaves the 2×2 grid"):
        Table(
            n_rows=n_rows,
            n_cols=n_cols,
            method="lattice",
            cells=(bad,),
            regions=(TableRegion(page=1, bbox=box(0, 0, 1, 1), first_row=0, n_rows=n_rows),),
        )


def test_more_header_rows_than_rows_is_rejected() -> None:
    with pytest.raises(ValidationError, match="header_rows=3 > n_rows=2"):
        Table(
            n_rows=2,
            n_cols=1,
            header_rows=3,
            method="stream",
            cells=(),
            regions=(TableRegion(page=1, bbox=box(0, 0, 1, 1), first_row=0, n_rows=2),),
        )


@pytest.mark.parametrize(
    "fields",
    [
        {"row": -1, "col": 0, "page": 1},
        {"row": 0, "col": 0, "page": 0},
        {"row": 0, "col": 0, "page": 1, "rowspan": 0},
        {"row": 0, "col": 0, "page": 1, "colspan": 0},
        {"row": 0, "col": 0, "page": 1, "confidence": 1.5},
    ],
)
def test_cell_field_bounds(fields: dict[str, float]) -> None:
    with pytest.raises(ValidationError):
        Cell.model_validate({**fields, "bbox": box(0, 0, 1, 1)})


def test_table_needs_a_region() -> None:
    with pytest.raises(ValidationError):
        Table(n_rows=1, n_cols=1, method="lattice", cells=(), regions=())


@pytest.mark.parametrize(("x0", "y0", "x1", "y1"), [(10, 0, 5, 5), (0, 10, 5, 5)])
def test_bbox_corners_out_of_order_are_rejected(x0: float, y0: float, x1: float, y1: float) -> None:
    with pytest.raises(ValidationError, match="out of order"):
        box(x0, y0, x1, y1)


def test_bbox_geometry() -> None:
    a, b = box(0, 0, 10, 10), box(5, 5, 15, 15)
    assert box(3, 3, 3, 9).area == 0  # a degenerate box is allowed
    assert (a.width, a.height, a.area, a.center) == (10, 10, 100, (5, 5))
    assert a.intersection_area(b) == 25
    assert a.iou(b) == pytest.approx(25 / 175)
    assert a.intersection_area(box(20, 20, 30, 30)) == 0
    assert a.space == "pdf_pt"


def test_results_are_frozen_and_closed(sales: Table) -> None:
    with pytest.raises(ValidationError):
        sales.n_rows = 9  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Cell.model_validate({"row": 0, "col": 0, "page": 1, "bbox": box(0, 0, 1, 1), "colour": "red"})
    unknown_method = sales.to_json().replace('"method": "lattice"', '"method": "ocr"')
    assert '"ocr"' in unknown_method
    with pytest.raises(ValidationError):
        Table.model_validate_json(unknown_method)
