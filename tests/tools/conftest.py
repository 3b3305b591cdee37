"""PDFs for the batch and CLI tests: good ones whose tables are known by construction, and every
kind of bad input, each with the error class and reason the batch must report for it.

The builders are plain functions so that ``tests/agent/test_cli.py`` can use them too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest

from tests.pdfgen import TableSpec, draw_paragraph, draw_table

A4 = (595.0, 842.0)
SECRET = "s3cret-pw"

Rows = list[list[str]]


def write_table_pdf(
    path: Path,
    *,
    label: str,
    pages: int = 1,
    size: tuple[float, float] = A4,
    at: tuple[float, float] = (72.0, 90.0),
    password: str | None = None,
) -> list[Rows]:
    """A PDF with one ruled 3-column table per page; returns each page's rows as ``to_rows()`` gives them.

    A two-line note under every table keeps the pages' tables apart (a page ending with a table,
    followed by one starting with a table of the same columns, would be stitched into one table).
    """
    doc = pymupdf.open()
    expected = []
    for p in range(1, pages + 1):
        body = [[f"{label}-p{p}-r{i}", str(i * p), f"{i * p * 1.25:.2f}"] for i in (1, 2, 3)]
        page = doc.new_page(width=size[0], height=size[1])
        drawn = draw_table(page, TableSpec(rows=[["Item", "Qty", "Price"], *body], widths=(150, 60, 80)), at=at)
        note = f"Figures for page {p} of the {label} file.\nRounded to cents; totals exclude tax."
        draw_paragraph(page, note, at=(at[0], drawn.frame.y1 + 24), width=290)
        expected.append(drawn.rows)
    if password:
        doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=password, owner_pw=password + "-owner")
    else:
        doc.save(path)
    doc.close()
    return expected


def zero_page_pdf() -> bytes:
    """A well-formed PDF whose page tree is empty (PyMuPDF refuses to save one, so build the bytes)."""
    out = b"%PDF-1.4\n"
    offsets = []
    for n, obj in enumerate((b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"), 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, obj)
    xref = len(out)
    out += b"xref\n0 3\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


def png_bytes() -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 16, 16), False)
    pix.clear_with(200)
    return pix.tobytes("png")


@dataclass(frozen=True)
class BadCase:
    """An input the batch must fail: with ``error`` (a class name) and a reason containing ``reason``."""

    path: Path
    error: str
    reason: str


def write_bad_inputs(folder: Path) -> dict[str, BadCase]:
    """Every kind of bad input under ``folder``, by name."""
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(7)
    good = folder / "_source.bin"
    write_table_pdf(good, label="cut", pages=2)
    data = good.read_bytes()
    good.unlink()
    cases = {
        "truncated": BadCase(folder / "truncated.pdf", "CorruptDocument", "cannot be parsed as a PDF"),
        "garbage": BadCase(folder / "garbage.pdf", "CorruptDocument", "is not a PDF (unrecognised bytes"),
        "garbage_header": BadCase(folder / "garbage-header.pdf", "CorruptDocument", "cannot be parsed as a PDF"),
        "empty_file": BadCase(folder / "empty-file.pdf", "CorruptDocument", "is empty (0 bytes)"),
        "encrypted": BadCase(folder / "encrypted.pdf", "EncryptedDocument", "is encrypted: pass password"),
        "zero_pages": BadCase(folder / "zero-pages.pdf", "EmptyDocument", "has no pages"),
        "png": BadCase(folder / "picture.pdf", "CorruptDocument", "is not a PDF (a PNG image"),
        "missing": BadCase(folder / "missing.pdf", "CorruptDocument", "no such file"),
        "no_pdf_dir": BadCase(folder / "no-pdfs", "EmptyDocument", "is a folder with no *.pdf files"),
    }
    cases["truncated"].path.write_bytes(data[: len(data) // 20])  # cut inside the first objects
    cases["garbage"].path.write_bytes(rnd.randbytes(4096))
    cases["garbage_header"].path.write_bytes(b"%PDF-1.7\n" + rnd.randbytes(4096))
    cases["empty_file"].path.write_bytes(b"")
    write_table_pdf(cases["encrypted"].path, label="enc", password=SECRET)
    cases["zero_pages"].path.write_bytes(zero_page_pdf())
    cases["png"].path.write_bytes(png_bytes())
    cases["no_pdf_dir"].path.mkdir()
    (cases["no_pdf_dir"].path / "notes.txt").write_text("not a PDF")
    return cases


@pytest.fixture(scope="session")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BadCase]:
    return write_bad_inputs(tmp_path_factory.mktemp("bad"))
