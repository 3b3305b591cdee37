"""Korean units, sign conventions and total rows: ``perception.tables._numbers`` and its use by ``extract_tables``."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from perception.document import Cell, Table, TableRegion
from perception.tables import annotate_numbers, parse_number
from perception.tables._numbers import is_total_label, unit_scale
from perception.types import BBox
from tests.pdfgen import PdfFactory, TableSpec, draw_table
from tools.pdf import extract_tables


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1,234", 1234.0, None),
        ("△1,234", -1234.0, None),
        ("▲ 56", -56.0, None),
        ("▼3.2%", -3.2, "%"),
        ("(1,234)", -1234.0, None),
        ("−7.5", -7.5, None),
        ("+3.1", 3.1, None),
        ("100 000", 100000.0, None),
        ("5억원", 5e8, "원"),
        ("12,345백만원", 12345e6, "원"),
        ("3천원", 3000.0, "원"),
        ("2만원", 20000.0, "원"),
        ("1조 2,345억원", 1e12 + 2345e8, "원"),
        ("3억 5천만원", 3.5e8, "원"),
        ("△1.5억원", -1.5e8, "원"),
        ("₩1,000", 1000.0, "₩"),
        ("$1,234.50", 1234.5, "$"),
        ("12.5 %", 12.5, "%"),
    ],
)
def test_numbers_parse_with_units_and_signs(text: str, value: float, unit: str | None) -> None:
    n = parse_number(text)
    assert n is not None, text
    assert n.value == pytest.approx(value)
    assert n.unit == unit


@pytest.mark.parametrize("text", ["", "-", "—", "N/A", "2021-03-01", "12 34", "합계", "Q1 2024", "1,234*", "abc 12"])
def test_non_numbers_stay_text(text: str) -> None:
    assert parse_number(text) is None


def test_unit_notes_and_total_labels() -> None:
    assert (unit_scale("백만원"), unit_scale("천원"), unit_scale("억원"), unit_scale("USD thousand")) == (
        1e6,
        1e3,
        1e8,
        1e3,
    )
    assert all(
        is_total_label(t) for t in ["합계", "소 계", "총계", "계", "Total", "TOTAL revenue", "Subtotal", "Grand total"]
    )
    assert not any(is_total_label(t) for t in ["계정과목", "계획", "Totalitarian", "Net income", "합리적"])


def _table(rows: list[list[str]], header_rows: int = 1) -> Table:
    cells = tuple(
        Cell(row=i, col=j, text=t, page=1, bbox=BBox(x0=j * 10, y0=i * 10, x1=j * 10 + 10, y1=i * 10 + 10))
        for i, row in enumerate(rows) for j, t in enumerate(row)
    )  # fmt: skip
    box = BBox(x0=0, y0=0, x1=10 * len(rows[0]), y1=10 * len(rows))
    return Table(n_rows=len(rows), n_cols=len(rows[0]), cells=cells, header_rows=header_rows, method="lattice",
                 regions=(TableRegion(page=1, bbox=box, first_row=0, n_rows=len(rows)),))  # fmt: skip


def test_annotate_keeps_text_and_marks_totals() -> None:
    t = annotate_numbers(_table([["구분 (단위: 백만원)", "2023", "증감"], ["매출", "1,200", "△50"], ["비용", "(300)", "▲20"],
                                 ["합계", "900", "△70"]]))  # fmt: skip
    by = {(c.row, c.col): c for c in t.cells}
    assert [by[(1, 1)].value, by[(1, 2)].value, by[(2, 1)].value, by[(2, 2)].value] == [1200.0, -50.0, -300.0, -20.0]
    assert by[(1, 2)].text == "△50" and by[(0, 1)].value is None  # header cells are not numbers
    assert t.total_rows == (3,)
    assert t.unit == "백만원"


def test_korean_table_end_to_end(make_pdf: PdfFactory) -> None:
    rows = [["항목", "2023년", "2024년", "증감"], ["매출액", "12,345억원", "13,000억원", "655억원"],
            ["영업이익", "1,234", "△567", "△1,801"], ["소계", "13,579", "12,433", "▲1,146"],
            ["기타", "(120)", "80", "200"], ["합계", "13,459", "12,513", "△946"]]  # fmt: skip

    def build(doc: pymupdf.Document) -> None:
        draw_table(
            doc.new_page(), TableSpec(rows=rows, widths=(90, 90, 90, 70), font="nanum", fontsize=10), at=(60, 80)
        )

    path, _ = make_pdf("korean-units", build)
    (table,) = extract_tables(Path(path)).tables
    assert table.to_rows() == rows
    by = {(c.row, c.col): c for c in table.cells}
    assert by[(1, 1)].value == pytest.approx(12345e8) and by[(1, 1)].unit == "원"
    assert by[(2, 2)].value == -567.0 and by[(3, 3)].value == -1146.0 and by[(4, 1)].value == -120.0
    assert table.total_rows == (3, 5)
