"""The HTML report: boxes drawn where the tables are (rotated pages too), self-contained, failures listed."""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

from model.errors import ConfigError
from perception.document import Cell, DocumentTables, PageTables, Table, TableMethod, TableRegion
from perception.types import BBox
from tools.pdf import extract_tables, extract_tables_batch
from tools.pdf.batch import FileError, FileResult
from tools.pdf.report import PALETTE, Report, Section, TablesSection, write_report

IMG = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def box(x0: float, y0: float, x1: float, y1: float) -> BBox:
    return BBox(x0=x0, y0=y0, x1=x1, y1=y1)


def table_at(regions: list[tuple[int, BBox]], *, method: TableMethod = "lattice") -> Table:
    """A 2-column table whose rows are shared out over ``regions`` (page, box), two rows per region."""
    cells, parts = [], []
    for i, (page, bbox) in enumerate(regions):
        parts.append(TableRegion(page=page, bbox=bbox, first_row=2 * i, n_rows=2))
        for r in (2 * i, 2 * i + 1):
            cells += [Cell(row=r, col=c, text=f"r{r}c{c}", page=page, bbox=bbox) for c in (0, 1)]
    return Table(
        n_rows=2 * len(regions), n_cols=2, cells=tuple(cells), method=method, regions=tuple(parts), confidence=0.87
    )


def pdf_with_blocks(path: Path, blocks: list[tuple[int, BBox]], *, n_pages: int = 1, rotation: int = 0) -> Path:
    """A PDF whose pages show a black block at each displayed-space ``(page, box)``."""
    doc = pymupdf.open()
    for _ in range(n_pages):
        page = doc.new_page(width=595, height=842)
        page.set_rotation(rotation)
    for number, b in blocks:
        page = doc[number - 1]
        # PyMuPDF draws in unrotated coordinates: take the displayed box back through the rotation.
        rect = pymupdf.Rect(b.as_tuple()) * page.derotation_matrix
        page.draw_rect(rect, color=None, fill=(0, 0, 0))
    doc.save(path)
    doc.close()
    return path


def doc_tables(path: Path, tables: list[Table], *, n_pages: int = 1, rotation: int = 0) -> DocumentTables:
    w, h = (842.0, 595.0) if rotation in (90, 270) else (595.0, 842.0)
    pages = tuple(
        PageTables(page=n, width=w, height=h, rotation=rotation, tables=tuple(t for t in tables if t.page == n))
        for n in range(1, n_pages + 1)
    )
    return DocumentTables(path=str(path), n_pages=n_pages, pages=pages)


def images(html: str) -> list[Image.Image]:
    return [Image.open(io.BytesIO(base64.b64decode(m))).convert("RGB") for m in IMG.findall(html)]


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_box_is_drawn_on_the_table_in_displayed_space(tmp_path: Path, rotation: int) -> None:
    bbox = box(120, 200, 420, 330)  # displayed points; fits both portrait and landscape pages
    pdf = pdf_with_blocks(tmp_path / "t.pdf", [(1, box(130, 210, 410, 320))], rotation=rotation)
    doc = doc_tables(pdf, [table_at([(1, bbox)])], rotation=rotation)

    html = write_report([doc], tmp_path / "report.html", dpi=144).read_text(encoding="utf-8")

    (image,) = images(html)
    landscape = rotation in (90, 270)
    assert image.size == ((1684, 1190) if landscape else (1190, 1684))  # points × 144/72
    s = 2.0
    blue = rgb(PALETTE[0])
    mid_y = round((bbox.y0 + bbox.y1) / 2 * s)
    assert image.getpixel((round(bbox.x0 * s) + 1, mid_y)) == blue  # left edge
    assert image.getpixel((round(bbox.x1 * s) - 2, mid_y)) == blue  # right edge
    assert image.getpixel((round((bbox.x0 + bbox.x1) / 2 * s), round(bbox.y1 * s) - 2)) == blue  # bottom edge
    assert image.getpixel((round(bbox.x0 * s) - 8, mid_y)) == (255, 255, 255)  # outside: untouched page
    # The page content sits inside the box: the black block shows through the light tint.
    assert sum(image.getpixel((round(270 * s), round(265 * s)))) < 3 * 60  # type: ignore[arg-type]


def test_label_names_table_method_and_confidence(tmp_path: Path) -> None:
    pdf = pdf_with_blocks(tmp_path / "t.pdf", [])
    doc = doc_tables(pdf, [table_at([(1, box(100, 300, 400, 400))], method="stream")])

    html = write_report([doc], tmp_path / "r.html").read_text(encoding="utf-8")

    assert "stream · confidence 0.87" in html
    assert "2 × 2 · page 1" in html
    (image,) = images(html)
    s = image.width / 595
    # The label is a solid badge above the box's top-left corner, in the table's colour.
    assert image.getpixel((round(100 * s) + 2, round(300 * s) - 4)) == rgb(PALETTE[0])


def test_table_over_two_pages_is_outlined_on_both(tmp_path: Path) -> None:
    regions = [(1, box(60, 600, 500, 800)), (2, box(60, 60, 500, 200))]
    pdf = pdf_with_blocks(tmp_path / "t.pdf", regions, n_pages=2)
    other = table_at([(2, box(60, 300, 300, 400))])
    doc = doc_tables(pdf, [table_at(regions), other], n_pages=2)

    html = write_report([doc], tmp_path / "r.html", dpi=72).read_text(encoding="utf-8")

    first, second = images(html)
    assert first.getpixel((61, 700)) == rgb(PALETTE[0])
    assert second.getpixel((61, 130)) == rgb(PALETTE[0])  # the continuation keeps T1's colour
    assert second.getpixel((61, 350)) == rgb(PALETTE[1])  # T2
    assert "pages 1, 2" in html
    assert "continued from page 1: rows 3–4 of 4" in html
    assert html.count('class="tp-table"') == 2  # each table rendered once, on its first page


def test_report_is_self_contained(tmp_path: Path) -> None:
    pdf = pdf_with_blocks(tmp_path / "t.pdf", [])
    doc = doc_tables(pdf, [table_at([(1, box(100, 100, 300, 200))])])
    missing = FileResult(
        path="gone.pdf",
        status="failed",
        error=FileError(type="CorruptDocument", message="gone.pdf: no such file", reason="no such file"),
    )

    html = write_report([doc, missing], tmp_path / "r.html").read_text(encoding="utf-8")

    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)=["'](?!data:|#)|<link|<script|url\(""", html)
    assert len(images(html)) == 1


def test_real_extraction_renders_every_table(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i in range(5):  # a ruled 4×3 grid
        page.draw_line((72, 100 + 24 * i), (372, 100 + 24 * i), width=0.8)
    for j in range(4):
        page.draw_line((72 + 100 * j, 100), (72 + 100 * j, 196), width=0.8)
    for i in range(4):
        for j in range(3):
            page.insert_text((80 + 100 * j, 116 + 24 * i), f"v{i}{j}", fontsize=10)
    doc.save(tmp_path / "grid.pdf")
    doc.close()
    result = extract_tables(tmp_path / "grid.pdf")

    html = write_report([result], tmp_path / "r.html").read_text(encoding="utf-8")

    assert html.count('class="tp-table"') == len(result.tables)
    assert len(images(html)) == len({p for t in result.tables for p in t.pages})
    for t in result.tables:
        assert all(c.text in html for c in t.cells)


def test_failures_are_listed_with_their_error_escaped(tmp_path: Path) -> None:
    failed = FileResult(
        path="in/<locked>.pdf",
        status="failed",
        error=FileError(type="EncryptedDocument", message="in/<locked>.pdf: is encrypted", reason="is encrypted"),
    )

    html = write_report([failed], tmp_path / "r.html").read_text(encoding="utf-8")

    assert "1 file · 0 tables · 1 failed" in html
    assert "<b>EncryptedDocument</b>: in/&lt;locked&gt;.pdf: is encrypted" in html
    assert "<locked>" not in html


def test_batch_records_are_read_back_from_tables_json(tmp_path: Path) -> None:
    pdf = tmp_path / "grid.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    for i in range(3):
        page.draw_line((72, 100 + 30 * i), (300, 100 + 30 * i))
    for x in (72, 186, 300):
        page.draw_line((x, 100), (x, 160))
    page.insert_text((80, 120), "alpha")
    page.insert_text((194, 120), "beta")
    page.insert_text((80, 150), "gamma")
    page.insert_text((194, 150), "delta")
    doc.save(pdf)
    doc.close()
    with_json = extract_tables_batch([pdf, tmp_path / "nope.pdf"], out_dir=tmp_path / "a", formats="csv,json")
    without_json = extract_tables_batch([pdf], out_dir=tmp_path / "b", formats="csv")

    html = write_report([*with_json.files, *without_json.files], tmp_path / "r.html").read_text(encoding="utf-8")

    assert html.count('class="tp-table"') == with_json.n_tables
    assert "<b>CorruptDocument</b>" in html  # nope.pdf
    assert "<b>NoTablesJson</b>" in html  # the batch that wrote no JSON


def test_unreadable_pdf_still_shows_its_tables(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    doc = doc_tables(tmp_path / "moved.pdf", [table_at([(1, box(10, 10, 100, 100))])])

    html = write_report([doc], tmp_path / "r.html").read_text(encoding="utf-8")

    assert "page images unavailable" in html and "no such file" in html
    assert html.count('class="tp-table"') == 1 and not images(html)
    assert "page images of" in caplog.text


def test_a_file_without_tables_says_so(tmp_path: Path) -> None:
    pdf = pdf_with_blocks(tmp_path / "t.pdf", [])
    html = write_report([doc_tables(pdf, [])], tmp_path / "r.html").read_text(encoding="utf-8")
    assert "No table found" in html and not images(html)


@dataclass(frozen=True)
class StepsSection:
    """A section of another kind, as a later module would add one."""

    title: str
    steps: tuple[str, ...]

    def to_html(self) -> str:
        return "<ol>" + "".join(f"<li>{s}</li>" for s in self.steps) + "</ol>"


def test_sections_plug_in(tmp_path: Path) -> None:
    steps = StepsSection("Agent steps", ("open", "click"))
    assert isinstance(steps, Section)
    report = Report(title="Run 7").add(TablesSection([])).add(steps)

    html = report.save(tmp_path / "deep" / "r.html").read_text(encoding="utf-8")

    assert "<title>Run 7</title>" in html
    assert '<a href="#s2">Agent steps</a>' in html
    assert '<section id="s2"><h2>Agent steps</h2><ol><li>open</li>' in html


def test_bad_arguments_raise_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"dpi=10"):
        write_report([], tmp_path / "r.html", dpi=10)
    with pytest.raises(ConfigError, match=r"results\[1\] is a str") as info:
        write_report([doc_tables(tmp_path / "a.pdf", []), "b.pdf"], tmp_path / "r.html")  # type: ignore[list-item]
    assert info.value.name == "results"
    with pytest.raises(ConfigError, match="section"):
        Report().add("not a section")  # type: ignore[arg-type]
    (tmp_path / "taken").mkdir()
    with pytest.raises(ConfigError, match="cannot write the report"):
        write_report([], tmp_path / "taken")
