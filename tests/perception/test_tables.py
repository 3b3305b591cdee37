"""Table extraction against PDFs whose tables are known by construction.

Most PDFs are drawn by :mod:`tests.pdfgen` (PyMuPDF: ``re``/``l`` operators, base-14 Helvetica or
embedded NanumGothic); one table comes from Chromium's ``page.pdf()`` (filled-rect borders, shaped
text), one from reportlab's ``Table``. Each test states the exact grid ``to_rows()`` must give, and
checks boxes in PDF points of the page as displayed: the table box holds everything drawn for the
table and lies within its frame (±``TOL``), and each cell box holds the centre of its text.
"""

from __future__ import annotations

import functools
import itertools
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pymupdf
import pytest
from playwright.async_api import Browser as PwBrowser

from perception.document import DocumentTables, Table
from perception.types import BBox
from tests.pdfgen import Align, DrawnTable, PdfFactory, Rules, Span, TableSpec, displayed, draw_paragraph, draw_table
from tools.pdf import extract_tables

TOL = 3.0  # points: how far a found box may lie from the drawn one
A4 = (595.0, 842.0)
GREY = (0.93, 0.93, 0.93)
BLUE = (0.82, 0.87, 0.94)


@dataclass(frozen=True)
class Sample:
    """A test PDF and what was drawn in it: table pieces (one per page a table is on) and prose."""

    path: Path
    tables: tuple[DrawnTable, ...]
    prose: tuple[tuple[int, pymupdf.Rect], ...] = field(default=())  # (page, ink box) of body text


@functools.cache
def extract(path: Path) -> DocumentTables:
    return extract_tables(path)


def only_table(sample: Sample) -> Table:
    tables = extract(sample.path).tables
    assert len(tables) == 1, f"expected 1 table, found {len(tables)}: {[t.to_rows() for t in tables]}"
    return tables[0]


def new_page(doc: pymupdf.Document, *, rotation: int = 0) -> pymupdf.Page:
    page = doc.new_page(width=A4[0], height=A4[1])
    if rotation:
        page.set_rotation(rotation)
    return page


# ---------------------------------------------------------------------------------------- checks


def assert_box(got: BBox, inner: pymupdf.Rect, outer: pymupdf.Rect, *, tol: float = TOL, what: str = "table") -> None:
    """``got`` holds ``inner`` and lies within ``outer``, both give or take ``tol`` points."""
    g = (got.x0, got.y0, got.x1, got.y1)
    assert got.space == "pdf_pt"
    assert g[0] <= inner.x0 + tol and g[1] <= inner.y0 + tol and g[2] >= inner.x1 - tol and g[3] >= inner.y1 - tol, (
        f"{what} box {g} does not hold what was drawn {tuple(inner)} (±{tol})"
    )
    assert g[0] >= outer.x0 - tol and g[1] >= outer.y0 - tol and g[2] <= outer.x1 + tol and g[3] <= outer.y1 + tol, (
        f"{what} box {g} reaches beyond the drawn frame {tuple(outer)} (±{tol})"
    )


def assert_table_box(table: Table, drawn: DrawnTable) -> None:
    assert table.page == drawn.page
    assert_box(table.bbox, drawn.ink, drawn.frame)


def assert_cells_hold_text(table: Table, drawn: DrawnTable, *, row_offset: int = 0) -> None:
    """Every drawn cell with text is one extracted cell at its slot, span, page, with its text inside."""
    got = {(c.row, c.col): c for c in table.cells}
    for d in drawn.cells:
        if d.ink is None:
            continue
        key = (d.row + row_offset, d.col)
        assert key in got, f"no cell at {key} for {d.text!r}"
        c = got[key]
        assert (c.rowspan, c.colspan, c.text, c.page) == (d.rowspan, d.colspan, d.text, drawn.page), key
        cx, cy = (d.ink.x0 + d.ink.x1) / 2, (d.ink.y0 + d.ink.y1) / 2
        b = c.bbox
        assert b.x0 - 1 <= cx <= b.x1 + 1 and b.y0 - 1 <= cy <= b.y1 + 1, (
            f"cell {key} {c.text!r}: box {b.as_tuple()} misses its text centred at ({cx:.1f}, {cy:.1f})"
        )


def spanning(table: Table) -> set[tuple[int, int, int, int, str]]:
    return {(c.row, c.col, c.rowspan, c.colspan, c.text) for c in table.cells if c.rowspan > 1 or c.colspan > 1}


def page_words(path: Path) -> dict[int, list[tuple[pymupdf.Rect, str]]]:
    """Words per 1-based page, boxes on the page as displayed (PyMuPDF reports unrotated ones)."""
    out: dict[int, list[tuple[pymupdf.Rect, str]]] = {}
    with pymupdf.open(path) as doc:
        for page in doc:
            out[page.number + 1] = [(displayed(page, pymupdf.Rect(w[:4])), w[4]) for w in page.get_text("words")]
    return out


def words_in(words: list[tuple[pymupdf.Rect, str]], frame: pymupdf.Rect) -> Counter[str]:
    return Counter(w for r, w in words if frame.contains(pymupdf.Point((r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2)))


# ----------------------------------------------------------------------------------------- specs

L: Align = "left"
R: Align = "right"
C: Align = "center"

LATTICE = TableSpec(
    rows=[
        ["Plot", "Crop", "Sown", "Area (m2)", "Moisture (%)", "Change"],
        ["N-04", "Grain maize", "2021-03-01", "5,200.50", "34.7", "-12"],
        ["N-07", "Winter wheat", "2020-10-14", "3,980.00", "14.1", "+3"],
        ["S-02", "Spring barley", "2021-03-22", "4,415.75", "13.6", ""],
        ["S-05", "Field beans", "2021-02-26", "2,760.20", "", "-4"],
        ["S-09", "Oilseed rape", "2020-08-30", "1,095.00", "8.9", "0"],
    ],
    widths=[46, 84, 64, 66, 70, 46],
    align=[L, L, L, R, R, R],
    rules="grid",
    zebra=GREY,
)

STREAM = TableSpec(
    rows=[
        ["SKU", "Description", "Bin", "On hand", "Unit cost", "Counted"],
        ["HX-2201", "Hex bolt M8 x 40", "A-03", "1,240", "0.18", "2021-03-01"],
        ["WS-0410", "Flat washer 10 mm", "A-04", "15,000", "0.02", "2021-03-01"],
        ["CT-7705", "Cable tie black 300 mm", "C-11", "860", "0.09", "2021-03-02"],
        ["HG-1030", "Brass hinge left", "", "-12", "5,200.50", "2021-03-02"],
        ["PL-0092", "Pallet label roll", "D-01", "34", "34.7", "2021-03-03"],
    ],
    widths=[64, 128, 46, 58, 66, 72],
    align=[L, L, L, R, R, L],
    rules="none",
    padding=8,
)

HORIZONTAL = TableSpec(
    rows=[
        ["Month", "New", "Cancelled", "Net", "Churn (%)"],
        ["Jan 2021", "1,204", "388", "816", "3.1"],
        ["Feb 2021", "1,117", "402", "715", "3.2"],
        ["Mar 2021", "1,390", "371", "1,019", "2.8"],
        ["Apr 2021", "980", "455", "525", "3.4"],
    ],
    widths=[86, 64, 76, 64, 76],
    align=[L, R, R, R, R],
    rules="horizontal",
)

SHADED = TableSpec(
    rows=[
        ["Clinic", "Weekday", "Slots", "Booked", "Wait (days)"],
        ["Eastgate", "Monday", "48", "45", "6"],
        ["Eastgate", "Thursday", "40", "31", "4"],
        ["Riverside", "Tuesday", "36", "36", "11"],
        ["Old Town", "Friday", "52", "29", "2"],
    ],
    widths=[88, 80, 56, 60, 76],
    align=[L, L, R, R, R],
    rules="none",
    header_fill=BLUE,
    zebra=GREY,
    padding=6,
)

SPANS = TableSpec(
    rows=[
        [
            Span("Region", rowspan=2),
            Span("Channel", rowspan=2),
            Span("2023", colspan=2, align=C),
            None,
            Span("2024", colspan=2, align=C),
            None,
        ],
        [None, None, "H1", "H2", "H1", "H2"],
        [Span("North", rowspan=2), "Retail", "410", "388", "452", "470"],
        [None, "Online", "122", "160", "205", "231"],
        [Span("South", rowspan=2), "Retail", "297", "301", "315", "298"],
        [None, "Online", "88", "97", "130", "149"],
    ],
    widths=[70, 70, 50, 50, 50, 50],
    align=[L, L, R, R, R, R],
    rules="grid",
    header_rows=2,
    header_fill=BLUE,
)

WRAPPED_GRID = TableSpec(
    rows=[
        ["Date", "Asset", "Work done", "Hours", "Technician"],
        [
            "2021-04-06",
            "Press 3",
            "Replaced the hydraulic seal on the main cylinder and topped up oil to the mark",
            "2.5",
            "M. Okafor",
        ],
        ["2021-04-09", "Conveyor B", "Belt tension check", "0.5", "L. Brandt"],
        [
            "2021-04-13",
            "Compressor",
            "Cleaned the intake filter and drained condensate from the receiver",
            "1.0",
            "M. Okafor",
        ],
    ],
    widths=[62, 66, 170, 40, 70],
    align=[L, L, L, R, L],
    rules="grid",
)

WRAPPED_STREAM = TableSpec(
    rows=[
        ["Version", "Released", "Changes", "Size (MB)"],
        [
            "4.2.0",
            "2021-05-03",
            "New export dialog with CSV and XLSX targets and a faster start on large projects",
            "182.4",
        ],
        ["4.1.3", "2021-03-18", "Fixed a crash when the project path contains spaces", "179.9"],
        ["4.1.2", "2021-02-27", "Security update for the bundled image decoder", "179.6"],
    ],
    widths=[62, 76, 180, 66],
    align=[L, L, L, R],
    rules="none",
    padding=8,
    vpad=5,
)

OFFICES = TableSpec(
    rows=[
        ["Office", "City", "Staff"],
        ["HQ", "Rotterdam", "212"],
        ["Lab", "Eindhoven", "64"],
        ["Depot", "Venlo", "31"],
    ],
    widths=[80, 110, 60],
    align=[L, L, R],
    rules="grid",
)

VISITS = TableSpec(
    rows=[
        ["Quarter", "Visits", "Orders", "Conversion"],
        ["Q1", "48,210", "1,377", "2.86%"],
        ["Q2", "51,902", "1,610", "3.10%"],
        ["Q3", "39,455", "1,021", "2.59%"],
    ],
    widths=[70, 80, 70, 80],
    align=[L, R, R, R],
    rules="horizontal",
)

TIMETABLE = TableSpec(
    rows=[
        ["Route", "Departs", "Arrives", "Platform"],
        ["Utrecht - Zwolle", "07:12", "08:18", "5b"],
        ["Utrecht - Arnhem", "07:25", "08:01", "11"],
        ["Utrecht - Breda", "07:40", "08:44", "7"],
    ],
    widths=[110, 56, 56, 56],
    align=[L, R, R, C],
    rules="grid",
)

KOREAN = TableSpec(
    rows=[
        ["구분", "2023년", "2024년", "증감", "증감률(%)"],
        ["매출액", "1,234억원", "1,389억원", "155억원", "12.6"],
        ["영업이익", "210억원", "184억원", "△26억원", "△12.4"],
        ["당기순이익", "152억원", "133억원", "△19억원", "△12.5"],
        ["영업 이익률", "17.0%", "13.2%", "△3.8%p", "-"],
    ],
    widths=[80, 74, 74, 70, 70],
    align=[L, R, R, R, R],
    font="nanum",
    rules="booktabs",
    header_fill=BLUE,
)

INVOICE_HEADER = ["Invoice", "Date", "Customer", "Amount"]
CUSTOMERS = [
    "Alder & Finch",
    "Brightwater Ltd",
    "Castellan Foods",
    "Dunmore Tools",
    "Elm Street Bakery",
    "Fenwick Optics",
    "Greyling Media",
]
INVOICES = [
    [
        f"INV-{1041 + k}",
        (date(2021, 1, 4) + timedelta(days=3 * k)).isoformat(),
        CUSTOMERS[k % 7],
        f"{k * 7919 % 9000 / 7 + 100:,.2f}",
    ]
    for k in range(48)
]
ON_FIRST_PAGE = 34  # body rows on page 1; the other 14 go to page 2


# -------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def lattice(make_pdf: PdfFactory) -> Sample:
    def build(doc: pymupdf.Document) -> Sample:
        page = new_page(doc)
        p1 = draw_paragraph(page, "Field trial summary, spring 2021", at=(56, 56), width=480, fontsize=14, bold=True)
        p2 = draw_paragraph(
            page,
            "Six plots were sown on the north and south fields. Moisture is the grain moisture measured at harvest; "
            "the change is relative to the same plot in the previous season, in percent.",
            at=(56, 84),
            width=420,
        )
        t = draw_table(page, LATTICE, at=(56, p2.y1 + 18))
        p3 = draw_paragraph(
            page,
            "Plot S-05 was harvested by hand after a machine failure, so its moisture was not recorded.",
            at=(56, t.frame.y1 + 18),
            width=420,
        )
        return Sample(Path(), (t,), ((1, p1), (1, p2), (1, p3)))

    return _saved(make_pdf, "lattice", build)


@pytest.fixture(scope="session")
def stream(make_pdf: PdfFactory) -> Sample:
    def build(doc: pymupdf.Document) -> Sample:
        page = new_page(doc)
        p1 = draw_paragraph(page, "Warehouse stock count", at=(60, 60), width=434, fontsize=14, bold=True)
        p2 = draw_paragraph(
            page,
            "Counts were taken on the morning of each date listed below, before the first picking wave. Quantities "
            "are in pieces and the unit cost is the moving average in EUR at the time of the count.",
            at=(60, 88),
            width=434,
        )
        t = draw_table(page, STREAM, at=(60, p2.y1 + 20))
        p3 = draw_paragraph(
            page,
            "A negative quantity means that picks were booked before the goods receipt was posted; such lines are "
            "corrected at the next cycle count and reported to the site manager.",
            at=(60, t.frame.y1 + 20),
            width=434,
        )
        return Sample(Path(), (t,), ((1, p1), (1, p2), (1, p3)))

    return _saved(make_pdf, "stream", build)


def _single(make_pdf: PdfFactory, name: str, spec: TableSpec, title: str) -> Sample:
    def build(doc: pymupdf.Document) -> Sample:
        page = new_page(doc)
        p = draw_paragraph(page, title, at=(64, 64), width=460, fontsize=13, bold=True)
        t = draw_table(page, spec, at=(64, p.y1 + 22))
        return Sample(Path(), (t,), ((1, p),))

    return _saved(make_pdf, name, build)


@pytest.fixture(scope="session")
def horizontal(make_pdf: PdfFactory) -> Sample:
    return _single(make_pdf, "horizontal", HORIZONTAL, "Subscription churn by month")


@pytest.fixture(scope="session")
def shaded(make_pdf: PdfFactory) -> Sample:
    return _single(make_pdf, "shaded", SHADED, "Appointment slots, week 14")


@pytest.fixture(scope="session")
def spans(make_pdf: PdfFactory) -> Sample:
    return _single(make_pdf, "spans", SPANS, "Units sold by region and channel (thousands)")


@pytest.fixture(scope="session")
def wrapped_grid(make_pdf: PdfFactory) -> Sample:
    return _single(make_pdf, "wrapped_grid", WRAPPED_GRID, "Maintenance log, April")


@pytest.fixture(scope="session")
def wrapped_stream(make_pdf: PdfFactory) -> Sample:
    return _single(make_pdf, "wrapped_stream", WRAPPED_STREAM, "Release history")


@pytest.fixture(scope="session")
def korean(make_pdf: PdfFactory) -> Sample:
    def build(doc: pymupdf.Document) -> Sample:
        page = new_page(doc)
        p1 = draw_paragraph(
            page, "주요 재무 현황 (연결 기준)", at=(64, 64), width=368, fontsize=13, bold=True, fontname="nanum"
        )
        p2 = draw_paragraph(
            page, "(단위: 억원, %)", at=(64, p1.y1 + 10), width=368, fontsize=8, fontname="nanum", align="right"
        )
        t = draw_table(page, KOREAN, at=(64, p2.y1 + 4))
        return Sample(Path(), (t,), ((1, p1), (1, p2)))

    return _saved(make_pdf, "korean", build)


@pytest.fixture(scope="session")
def two_tables(make_pdf: PdfFactory) -> Sample:
    def build(doc: pymupdf.Document) -> Sample:
        page = new_page(doc)
        p1 = draw_paragraph(page, "Table 1. Offices and headcount", at=(70, 70), width=400, bold=True)
        t1 = draw_table(page, OFFICES, at=(70, p1.y1 + 10))
        p2 = draw_paragraph(
            page,
            "Headcount is taken on the last working day of the quarter. Table 2. Web shop traffic by quarter",
            at=(70, t1.frame.y1 + 24),
            width=400,
        )
        t2 = draw_table(page, VISITS, at=(70, p2.y1 + 10))
        return Sample(Path(), (t1, t2), ((1, p1), (1, p2)))

    return _saved(make_pdf, "two_tables", build)


def _continued(make_pdf: PdfFactory, name: str, *, repeat_header: bool) -> Sample:
    rules: Rules = "grid" if repeat_header else "horizontal"
    widths, align = [70.0, 70.0, 130.0, 80.0], [L, L, L, R]

    def build(doc: pymupdf.Document) -> Sample:
        page = new_page(doc)
        p1 = draw_paragraph(page, "Open invoices, first half of 2021", at=(70, 60), width=400, fontsize=13, bold=True)
        first = TableSpec(rows=[INVOICE_HEADER, *INVOICES[:ON_FIRST_PAGE]], widths=widths, align=align, rules=rules)
        t1 = draw_table(page, first, at=(70, p1.y1 + 16))
        f1 = draw_paragraph(page, "Page 1 of 2", at=(70, 806), width=455, fontsize=8, align="center")
        page = new_page(doc)
        rest = INVOICES[ON_FIRST_PAGE:]
        second = TableSpec(
            rows=[INVOICE_HEADER, *rest] if repeat_header else rest,
            widths=widths,
            align=align,
            rules=rules,
            header_rows=1 if repeat_header else 0,
        )
        t2 = draw_table(page, second, at=(70, 56))
        p2 = draw_paragraph(page, "All amounts in EUR, excluding VAT.", at=(70, t2.frame.y1 + 20), width=400)
        f2 = draw_paragraph(page, "Page 2 of 2", at=(70, 806), width=455, fontsize=8, align="center")
        return Sample(Path(), (t1, t2), ((1, p1), (1, f1), (2, p2), (2, f2)))

    return _saved(make_pdf, name, build)


@pytest.fixture(scope="session")
def continued_repeat(make_pdf: PdfFactory) -> Sample:
    return _continued(make_pdf, "continued_repeat", repeat_header=True)


@pytest.fixture(scope="session")
def continued_plain(make_pdf: PdfFactory) -> Sample:
    return _continued(make_pdf, "continued_plain", repeat_header=False)


def _turned(make_pdf: PdfFactory, name: str, *, page_rotation: int, text_rotate: int) -> Sample:
    def build(doc: pymupdf.Document) -> Sample:
        page = new_page(doc, rotation=page_rotation)
        t = draw_table(page, TIMETABLE, at=(150, 180), text_rotate=text_rotate)
        return Sample(Path(), (t,))

    return _saved(make_pdf, name, build)


@pytest.fixture(scope="session")
def rotated_page(make_pdf: PdfFactory) -> Sample:
    """/Rotate 90, content drawn upright in page space: the table shows sideways."""
    return _turned(make_pdf, "rotated_page", page_rotation=90, text_rotate=0)


@pytest.fixture(scope="session")
def landscape_page(make_pdf: PdfFactory) -> Sample:
    """/Rotate 90 with counter-rotated content: a landscape page that reads upright."""
    return _turned(make_pdf, "landscape_page", page_rotation=90, text_rotate=90)


@pytest.fixture(scope="session")
def rotated_text_90(make_pdf: PdfFactory) -> Sample:
    return _turned(make_pdf, "rotated_text_90", page_rotation=0, text_rotate=90)


@pytest.fixture(scope="session")
def rotated_text_270(make_pdf: PdfFactory) -> Sample:
    return _turned(make_pdf, "rotated_text_270", page_rotation=0, text_rotate=270)


def _saved(make_pdf: PdfFactory, name: str, build: Callable[[pymupdf.Document], Sample]) -> Sample:
    """Build (once per session) and save; ``build`` returns the sample with a placeholder path."""
    path, sample = make_pdf(name, build)
    return Sample(path, sample.tables, sample.prose)


# Chromium: borders are filled rectangles, text is shaped by HarfBuzz, px -> pt is 0.75.
CHROMIUM_CSS = """@page { size: A4; margin: 0 }
body { margin: 0; padding: 60px 72px; font: 12px 'DejaVu Sans', sans-serif }
table { border-collapse: collapse } th, td { border: 1px solid #222; padding: 4px 8px; white-space: nowrap;
  vertical-align: top; text-align: start } th { background: #dde3ee } td.n { text-align: right }"""

COURSES_HTML = f"""<!doctype html><html><head><meta charset="utf-8"><style>{CHROMIUM_CSS}</style></head><body>
<h2>Teaching load 2021/22</h2><p>Hours per group and semester.</p>
<table id="t"><thead>
<tr><th rowspan="2">Course</th><th rowspan="2">Group</th><th colspan="2">Autumn</th><th colspan="2">Spring</th></tr>
<tr><th>Lectures</th><th>Labs</th><th>Lectures</th><th>Labs</th></tr></thead><tbody>
<tr><td rowspan="2">Thermodynamics</td><td>A</td><td class="n">24</td><td class="n">6</td><td class="n">12</td><td class="n">4</td></tr>
<tr><td>B</td><td class="n">24</td><td class="n">8</td><td class="n">12</td><td class="n">4</td></tr>
<tr><td rowspan="2">Signal processing<br>and filters</td><td>A</td><td class="n">18</td><td class="n">10</td><td class="n">20</td><td class="n">10</td></tr>
<tr><td>B</td><td class="n">18</td><td class="n">10</td><td class="n">20</td><td class="n">12</td></tr>
<tr><td colspan="6">Labs are held in building E, rooms 1.04 to 1.12</td></tr>
</tbody></table><p>Group sizes are capped at 24 students.</p></body></html>"""
COURSES_ROWS = [
    ["Course", "Group", "Autumn", "", "Spring", ""],
    ["", "", "Lectures", "Labs", "Lectures", "Labs"],
    ["Thermodynamics", "A", "24", "6", "12", "4"],
    ["", "B", "24", "8", "12", "4"],
    ["Signal processing\nand filters", "A", "18", "10", "20", "10"],
    ["", "B", "18", "10", "20", "12"],
    ["Labs are held in building E, rooms 1.04 to 1.12", "", "", "", "", ""],
]
COURSES_SPANS = {
    (0, 0, 2, 1, "Course"),
    (0, 1, 2, 1, "Group"),
    (0, 2, 1, 2, "Autumn"),
    (0, 4, 1, 2, "Spring"),
    (2, 0, 2, 1, "Thermodynamics"),
    (4, 0, 2, 1, "Signal processing\nand filters"),
    (6, 0, 1, 6, "Labs are held in building E, rooms 1.04 to 1.12"),
}

GLOSSARY_ROWS = [
    ["Term", "עברית", "العربية"],
    ["Harbour office", "משרד הנמל", "مكتب الميناء"],
    ["Opening hours", "שעות פתיחה", "ساعات العمل"],
    ["Fee 120", "אגרה 120 ש״ח", "رسوم 120 دينار"],
    ["Tel Aviv", "תל אביב", "تل أبيب"],
]


def _glossary_html() -> str:
    def row(cells: list[str], tag: str) -> str:
        return (
            "<tr>"
            + "".join(f"<{tag}>{s}</{tag}>" if s.isascii() else f'<{tag} dir="rtl">{s}</{tag}>' for s in cells)
            + "</tr>"
        )

    body = "".join(row(r, "td") for r in GLOSSARY_ROWS[1:])
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><style>{CHROMIUM_CSS}</style></head><body>'
        f'<h2>Port signage glossary</h2><table id="t"><thead>{row(GLOSSARY_ROWS[0], "th")}</thead>'
        f"<tbody>{body}</tbody></table></body></html>"
    )


async def _chromium_pdf(chromium: PwBrowser, html: str, path: Path, rows: list[list[str]], header_rows: int) -> Sample:
    page = await chromium.new_page()
    try:
        await page.set_content(html)
        box = await page.locator("#t").bounding_box()
        assert box is not None
        await page.pdf(path=path, prefer_css_page_size=True, print_background=True)
    finally:
        await page.close()
    frame = pymupdf.Rect(box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"]) * 0.75
    drawn = DrawnTable(page=1, rows=rows, cells=(), header_rows=header_rows, frame=frame, ink=frame, row_frames=())
    return Sample(path, (drawn,))


@pytest.fixture(scope="session")
async def chromium_spans(chromium: PwBrowser, make_pdf: PdfFactory) -> Sample:
    return await _chromium_pdf(chromium, COURSES_HTML, make_pdf.root / "chromium_spans.pdf", COURSES_ROWS, 2)


def rtl_fonts_missing() -> str | None:
    if not shutil.which("fc-list"):
        return "fc-list is missing, so no Hebrew/Arabic font can be confirmed"
    for lang, script in (("he", "Hebrew"), ("ar", "Arabic")):
        found = subprocess.run(["fc-list", f":lang={lang}"], capture_output=True, text=True, check=False).stdout
        if not found.strip():
            return f"no installed font covers {script} (fc-list :lang={lang} is empty); install fonts-dejavu-core"
    return None


@pytest.fixture(scope="session")
async def rtl(chromium: PwBrowser, make_pdf: PdfFactory) -> Sample:
    if reason := rtl_fonts_missing():
        pytest.skip(reason)
    return await _chromium_pdf(chromium, _glossary_html(), make_pdf.root / "rtl.pdf", GLOSSARY_ROWS, 1)


SHIPMENTS = [
    ["Shipment", "Origin", "Destination", "Pallets", "Weight (kg)"],
    ["SH-3301", "Gdansk", "Lyon", "12", "8,450.0"],
    ["SH-3302", "", "Porto\n(via Bilbao)", "7", "4,912.5"],
    ["SH-3303", "Tallinn", "Graz", "", "1,230.0"],
    ["SH-3304", "Split", "Ghent", "20", "14,003.8"],
]


@pytest.fixture(scope="session")
def reportlab_table(make_pdf: PdfFactory) -> Sample:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4 as RL_A4
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Table as RlTable
    from reportlab.platypus import TableStyle

    path = make_pdf.root / "reportlab.pdf"
    canvas = Canvas(str(path), pagesize=RL_A4)
    canvas.setFont("Helvetica-Bold", 13)
    canvas.drawString(72, RL_A4[1] - 80, "Outbound shipments, week 22")
    table = RlTable(SHIPMENTS, colWidths=[70, 70, 90, 55, 75])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("SPAN", (1, 1), (1, 2)),
            ]
        )
    )
    w, h = table.wrapOn(canvas, 400, 600)
    top = 110.0
    table.drawOn(canvas, 72, RL_A4[1] - top - h)
    canvas.showPage()
    canvas.save()
    frame = pymupdf.Rect(72, top, 72 + w, top + h)
    drawn = DrawnTable(page=1, rows=SHIPMENTS, cells=(), header_rows=1, frame=frame, ink=frame, row_frames=())
    return Sample(path, (drawn,))


DRAWN = [
    "lattice",
    "stream",
    "horizontal",
    "shaded",
    "spans",
    "wrapped_grid",
    "wrapped_stream",
    "korean",
    "two_tables",
    "continued_repeat",
    "continued_plain",
    "rotated_page",
    "landscape_page",
    "rotated_text_90",
    "rotated_text_270",
]
ALL = [*DRAWN, "chromium_spans", "rtl", "reportlab_table"]


# ------------------------------------------------------------------- the fixtures are what we think


@pytest.mark.parametrize("name", ALL)
def test_pdf_holds_the_drawn_words(name: str, request: pytest.FixtureRequest) -> None:
    """Guards the fixtures, not the extractor: every drawn word is on the page, inside its table."""
    sample: Sample = request.getfixturevalue(name)
    words = page_words(sample.path)
    for drawn in sample.tables:
        expected = Counter(w for row in drawn.rows for s in row for w in s.split())
        assert words_in(words[drawn.page], drawn.frame) == expected
        for cell in drawn.cells:
            assert words_in(words[drawn.page], cell.frame) == Counter(cell.text.split()), (cell.row, cell.col)


def test_generated_multiline_cells_really_wrap(wrapped_grid: Sample, wrapped_stream: Sample) -> None:
    assert wrapped_grid.tables[0].rows[1][2].count("\n") >= 1
    assert wrapped_grid.tables[0].rows[3][2].count("\n") >= 1
    assert wrapped_stream.tables[0].rows[1][2].count("\n") >= 1


# ------------------------------------------------------------------------------------ extraction


def test_ruled_table_is_read_as_lattice(lattice: Sample) -> None:
    table, drawn = only_table(lattice), lattice.tables[0]
    assert table.to_rows() == LATTICE.rows
    assert (table.n_rows, table.n_cols, table.method) == (6, 6, "lattice")
    assert table.pages == (1,)
    assert_table_box(table, drawn)
    assert_cells_hold_text(table, drawn)


def test_borderless_table_is_read_from_whitespace(stream: Sample) -> None:
    table, drawn = only_table(stream), stream.tables[0]
    assert table.to_rows() == STREAM.rows
    assert table.method == "stream"
    assert_table_box(table, drawn)
    assert_cells_hold_text(table, drawn)


def test_horizontal_rules_only(horizontal: Sample) -> None:
    table, drawn = only_table(horizontal), horizontal.tables[0]
    assert table.to_rows() == HORIZONTAL.rows
    assert table.method == "hybrid"
    assert_table_box(table, drawn)
    assert_cells_hold_text(table, drawn)


def test_shaded_header_without_rules(shaded: Sample) -> None:
    table, drawn = only_table(shaded), shaded.tables[0]
    assert table.to_rows() == SHADED.rows
    assert table.method in ("stream", "hybrid")
    assert_table_box(table, drawn)
    assert_cells_hold_text(table, drawn)


def test_spanning_cells(spans: Sample) -> None:
    table, drawn = only_table(spans), spans.tables[0]
    assert table.to_rows() == [
        ["Region", "Channel", "2023", "", "2024", ""],
        ["", "", "H1", "H2", "H1", "H2"],
        ["North", "Retail", "410", "388", "452", "470"],
        ["", "Online", "122", "160", "205", "231"],
        ["South", "Retail", "297", "301", "315", "298"],
        ["", "Online", "88", "97", "130", "149"],
    ]
    assert spanning(table) == {
        (0, 0, 2, 1, "Region"),
        (0, 1, 2, 1, "Channel"),
        (0, 2, 1, 2, "2023"),
        (0, 4, 1, 2, "2024"),
        (2, 0, 2, 1, "North"),
        (4, 0, 2, 1, "South"),
    }
    assert table.header_rows == 2
    assert_table_box(table, drawn)
    assert_cells_hold_text(table, drawn)
    north = next(c for c in table.cells if c.text == "North")  # its box covers both rows it spans
    assert north.bbox.y0 <= drawn.row_frames[2].y0 + TOL and north.bbox.y1 >= drawn.row_frames[3].y1 - TOL


def test_spanning_cells_from_chromium(chromium_spans: Sample) -> None:
    table, drawn = only_table(chromium_spans), chromium_spans.tables[0]
    assert table.to_rows() == COURSES_ROWS
    assert spanning(table) == COURSES_SPANS
    assert table.header_rows == 2
    assert table.method == "lattice"
    assert_table_box(table, drawn)


def test_reportlab_table(reportlab_table: Sample) -> None:
    table, drawn = only_table(reportlab_table), reportlab_table.tables[0]
    assert table.to_rows() == SHIPMENTS
    assert spanning(table) == {(1, 1, 2, 1, "Gdansk")}
    assert table.method == "lattice"
    assert_table_box(table, drawn)


def test_multiline_cell_in_ruled_table(wrapped_grid: Sample) -> None:
    table, drawn = only_table(wrapped_grid), wrapped_grid.tables[0]
    assert table.to_rows() == drawn.rows  # the wrapped "Work done" cells are one cell each
    assert table.n_rows == 4
    assert_table_box(table, drawn)
    assert_cells_hold_text(table, drawn)


def test_multiline_cell_in_borderless_table(wrapped_stream: Sample) -> None:
    table, drawn = only_table(wrapped_stream), wrapped_stream.tables[0]
    assert table.to_rows() == drawn.rows  # continuation lines are not rows of their own
    assert table.n_rows == 4
    assert table.method == "stream"
    assert_table_box(table, drawn)
    assert_cells_hold_text(table, drawn)


def test_empty_cells_keep_their_slots(lattice: Sample, stream: Sample) -> None:
    ruled, borderless = only_table(lattice).to_rows(), only_table(stream).to_rows()
    assert ruled[3] == ["S-02", "Spring barley", "2021-03-22", "4,415.75", "13.6", ""]
    assert ruled[4] == ["S-05", "Field beans", "2021-02-26", "2,760.20", "", "-4"]
    assert borderless[4] == ["HG-1030", "Brass hinge left", "", "-12", "5,200.50", "2021-03-02"]


def test_two_tables_on_one_page(two_tables: Sample) -> None:
    tables = extract(two_tables.path).tables
    assert [t.to_rows() for t in tables] == [OFFICES.rows, VISITS.rows]
    first, second = tables
    assert first.method == "lattice" and second.method == "hybrid"
    for table, drawn in zip(tables, two_tables.tables, strict=True):
        assert_table_box(table, drawn)
        assert_cells_hold_text(table, drawn)
    assert first.bbox.intersection_area(second.bbox) == 0


@pytest.mark.parametrize("name", ["lattice", "stream", "korean", "two_tables", "continued_repeat"])
def test_body_text_is_not_table(name: str, request: pytest.FixtureRequest) -> None:
    sample: Sample = request.getfixturevalue(name)
    doc = extract(sample.path)
    for n in {d.page for d in sample.tables}:  # one region per drawn table piece: prose makes no table
        found = [r.bbox.as_tuple() for t in doc.tables for r in t.regions if r.page == n]
        assert len(found) == sum(d.page == n for d in sample.tables), f"page {n}: {found}"
    for page, ink in sample.prose:
        for table in doc.tables:
            for region in table.regions:
                if region.page == page:
                    box = pymupdf.Rect(region.bbox.as_tuple())
                    assert not box.intersects(ink + (1, 1, -1, -1)), f"table on page {page} swallows the text at {ink}"


@pytest.mark.parametrize("name", ["continued_repeat", "continued_plain"])
def test_table_continued_on_next_page(name: str, request: pytest.FixtureRequest) -> None:
    sample: Sample = request.getfixturevalue(name)
    table = only_table(sample)
    assert table.to_rows() == [INVOICE_HEADER, *INVOICES]  # in order, the header once
    assert table.header_rows == 1
    assert table.pages == (1, 2)
    first, second = table.regions
    assert (first.page, first.first_row, first.n_rows) == (1, 0, 1 + ON_FIRST_PAGE)
    assert (second.page, second.first_row, second.n_rows) == (2, 1 + ON_FIRST_PAGE, len(INVOICES) - ON_FIRST_PAGE)
    top, bottom = sample.tables
    assert_box(first.bbox, top.ink, top.frame, what="page-1 region")
    body = (
        pymupdf.Rect(bottom.row_frames[bottom.header_rows]) | bottom.row_frames[-1]
    )  # a repeated header may be left out
    assert_box(second.bbox, body, bottom.frame, what="page-2 region")
    for c in table.cells:
        assert c.page == (1 if c.row <= ON_FIRST_PAGE else 2), (c.row, c.text)


@pytest.mark.parametrize(
    ("name", "page_rotation"),
    [("rotated_page", 90), ("landscape_page", 90), ("rotated_text_90", 0), ("rotated_text_270", 0)],
)
def test_turned_tables_read_in_their_own_orientation(
    name: str, page_rotation: int, request: pytest.FixtureRequest
) -> None:
    sample: Sample = request.getfixturevalue(name)
    doc = extract(sample.path)
    assert doc.pages[0].rotation == page_rotation
    assert (doc.pages[0].width, doc.pages[0].height) == ((A4[1], A4[0]) if page_rotation else A4)
    table, drawn = only_table(sample), sample.tables[0]
    assert table.to_rows() == TIMETABLE.rows
    assert table.method == "lattice"
    assert_table_box(table, drawn)
    assert_cells_hold_text(table, drawn)


def test_korean_cells(korean: Sample) -> None:
    table, drawn = only_table(korean), korean.tables[0]
    assert table.to_rows() == KOREAN.rows
    assert table.header_rows == 1
    assert table.method == "hybrid"
    assert_table_box(table, drawn)
    assert_cells_hold_text(table, drawn)


def test_right_to_left_cells_in_logical_order(rtl: Sample) -> None:
    table = only_table(rtl)
    assert table.to_rows() == GLOSSARY_ROWS  # words of a right-to-left cell in reading order
    assert_table_box(table, rtl.tables[0])


@pytest.mark.parametrize(
    "name", ["lattice", "stream", "horizontal", "shaded", "spans", "korean", "chromium_spans", "reportlab_table"]
)
def test_header_rows_identified(name: str, request: pytest.FixtureRequest) -> None:
    sample: Sample = request.getfixturevalue(name)
    assert only_table(sample).header_rows == sample.tables[0].header_rows


@pytest.mark.parametrize("name", ALL)
def test_one_table_per_region(name: str, request: pytest.FixtureRequest) -> None:
    sample: Sample = request.getfixturevalue(name)
    doc = extract(sample.path)
    boxes = [(i, r.page, r.bbox) for i, t in enumerate(doc.tables) for r in t.regions]
    for (i, p, a), (j, q, b) in itertools.combinations(boxes, 2):
        if i != j and p == q:
            assert a.iou(b) <= 0.2, f"tables {i} and {j} overlap on page {p}: IoU {a.iou(b):.2f}"


@pytest.mark.parametrize("name", ALL)
def test_result_is_consistent(name: str, request: pytest.FixtureRequest) -> None:
    """Whatever is found: cells tile the grid without overlap, regions cover the rows in order."""
    sample: Sample = request.getfixturevalue(name)
    doc = extract(sample.path)
    assert doc.n_pages == len(doc.pages) == max(d.page for d in sample.tables)
    for p in doc.pages:
        for t in p.tables:
            assert t.page == p.page
    for t in doc.tables:
        seen: set[tuple[int, int]] = set()
        for c in t.cells:
            slots = {(r, k) for r in range(c.row, c.row + c.rowspan) for k in range(c.col, c.col + c.colspan)}
            assert not slots & seen, f"cell ({c.row}, {c.col}) overlaps another"
            seen |= slots
            assert c.page in t.pages
        assert [r.first_row for r in t.regions] == list(
            itertools.accumulate((r.n_rows for r in t.regions[:-1]), initial=0)
        )
        assert sum(r.n_rows for r in t.regions) == t.n_rows
        assert list(t.pages) == sorted(set(t.pages))


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("lattice", {(1, 2): "2021-03-01", (1, 3): "5,200.50", (1, 4): "34.7", (1, 5): "-12"}),
        ("stream", {(4, 3): "-12", (4, 4): "5,200.50", (5, 4): "34.7", (1, 5): "2021-03-01"}),
        ("korean", {(1, 1): "1,234억원", (3, 4): "△12.5", (4, 3): "△3.8%p"}),
    ],
)
def test_numbers_come_back_intact(name: str, where: dict[tuple[int, int], str], request: pytest.FixtureRequest) -> None:
    rows = only_table(request.getfixturevalue(name)).to_rows()
    assert {k: rows[k[0]][k[1]] for k in where} == where
