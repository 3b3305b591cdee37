"""``extract_batch`` and ``tilepilot extract``: pages in parallel chunks, the same tables as one call,
scanned pages OCR'd, the journal, failures as records, and memory bounded on a long file."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pymupdf
import pytest

from agent.cli import main as cli_main
from perception.tables._ocr import tesseract_available
from tests.tools.conftest import BadCase, write_table_pdf
from tools.pdf import BatchEvent, extract_tables
from tools.pdf.extract import ExtractFileResult, extract_batch

ROOT = Path(__file__).resolve().parents[2]


def _long(path: Path, pages: int) -> Path:
    write_table_pdf(path, label="long", pages=3)
    doc = pymupdf.open(path)
    for k in range(pages - 3):
        doc.fullcopy_page(k % 3)
    doc.saveIncr()
    doc.close()
    return path


def _scanned(src: Path, path: Path) -> Path:
    doc, out = pymupdf.open(src), pymupdf.open()
    for k in range(doc.page_count):
        page = doc[k]
        pix = page.get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
        new = out.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, stream=pix.tobytes("png"))
    out.save(path)
    return path


def test_chunks_in_workers_give_the_tables_of_one_call(tmp_path: Path) -> None:
    pdf = _long(tmp_path / "long.pdf", 9)
    events: list[BatchEvent] = []
    report = extract_batch([pdf], out_dir=tmp_path / "out", workers=2, chunk_pages=2, on_event=events.append)
    (r,) = report.files
    assert isinstance(r, ExtractFileResult) and r.status == "ok" and (r.pages, r.tables, r.charts) == (9, 9, 0)
    written = json.loads((tmp_path / "out" / "long" / "tables.json").read_text())
    alone = extract_tables(pdf)
    assert [p["page"] for p in written["pages"]] == list(range(1, 10))
    assert [[c["text"] for c in t["cells"]] for p in written["pages"] for t in p["tables"]] == [
        [c.text for c in t.cells] for t in alone.tables
    ]
    done = [e for e in events if e.kind == "page_done"]
    assert sorted(e.page for e in done) == list(range(1, 10)) and max(e.done for e in done) == 9
    assert [e.kind for e in events if e.kind in ("file_started", "file_finished")] == ["file_started", "file_finished"]
    again = extract_batch([pdf], out_dir=tmp_path / "out", workers=2, chunk_pages=2)
    assert again.files[0].status == "skipped" and again.files[0].tables == 9


def test_failures_are_records_and_the_batch_goes_on(tmp_path: Path, bad_inputs: dict[str, BadCase]) -> None:
    good = tmp_path / "good.pdf"
    write_table_pdf(good, label="good", pages=2)
    bad = [bad_inputs[k] for k in ("truncated", "encrypted", "zero_pages", "missing")]
    report = extract_batch([good, *[b.path for b in bad]], out_dir=tmp_path / "out", workers=2, chunk_pages=1)
    assert [f.status for f in report.files] == ["ok", "failed", "failed", "failed", "failed"]
    for f, case in zip(report.files[1:], bad, strict=True):
        assert f.error is not None and f.error.type == case.error and case.reason in f.error.reason


@pytest.mark.skipif(not tesseract_available(), reason="tesseract is not installed")
def test_scanned_file_is_read_by_ocr(tmp_path: Path) -> None:
    src = tmp_path / "src.pdf"
    expected = write_table_pdf(src, label="scan", pages=2)
    scan = _scanned(src, tmp_path / "scan.pdf")
    report = extract_batch([scan], out_dir=tmp_path / "out", chunk_pages=1, workers=2)
    assert report.files[0].status == "ok" and report.files[0].tables == 2
    data = json.loads((tmp_path / "out" / "scan" / "tables.json").read_text())
    assert [p["triage"]["kind"] for p in data["pages"]] == ["scanned", "scanned"]
    got = (tmp_path / "out" / "scan" / "table-1.csv").read_text().splitlines()
    assert got[0] == ",".join(expected[0][0]) and len(got) == len(expected[0])


def test_cli_extract_tables_and_charts(tmp_path: Path) -> None:
    pdf = tmp_path / "doc.pdf"
    write_table_pdf(pdf, label="cli", pages=2)
    rc = cli_main(["extract", str(pdf), "--out", str(tmp_path / "out"), "--workers", "2", "--chunk-pages", "1"])
    assert rc == 0
    folder = tmp_path / "out" / "doc"
    assert (folder / "tables.json").is_file() and (folder / "charts.json").is_file()
    assert (folder / "table-2.csv").is_file()
    rc = cli_main(["extract", str(tmp_path / "missing.pdf"), "--out", str(tmp_path / "out2"), "--tables"])
    assert rc == 1
    assert cli_main(["extract", str(pdf), "--out", str(tmp_path / "o3"), "--chunk-pages", "0"]) == 2


MEMORY = textwrap.dedent(
    """
    import json, resource, sys
    from tools.pdf.extract import extract_batch
    report = extract_batch([sys.argv[1]], out_dir=sys.argv[2], workers=2, chunk_pages=int(sys.argv[3]))
    kb = lambda who: resource.getrusage(who).ru_maxrss
    print(json.dumps({"ok": report.all_ok, "tables": report.n_tables, "parent_mb": kb(resource.RUSAGE_SELF) / 1024,
                      "worker_mb": kb(resource.RUSAGE_CHILDREN) / 1024}))
    """
)


def _peak(pdf: Path, out: Path, chunk: int) -> dict[str, float]:
    run = subprocess.run([sys.executable, "-c", MEMORY, str(pdf), str(out), str(chunk)], cwd=ROOT, capture_output=True,
                         text=True, timeout=600, check=True)  # fmt: skip
    return dict(json.loads(run.stdout.strip().splitlines()[-1]))


def test_memory_stays_bounded_on_a_long_file(tmp_path: Path) -> None:
    """Four times the pages, same chunk size: the peak memory of every process stays about the same."""
    short, long = _long(tmp_path / "short.pdf", 20), _long(tmp_path / "long.pdf", 80)
    a = _peak(short, tmp_path / "a", 10)
    b = _peak(long, tmp_path / "b", 10)
    assert a["ok"] and b["ok"] and (a["tables"], b["tables"]) == (20, 80)
    assert b["worker_mb"] < a["worker_mb"] * 1.25 + 20
    assert b["parent_mb"] < a["parent_mb"] * 1.25 + 20
