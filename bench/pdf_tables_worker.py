"""Run one table extractor over a list of PDF pages, in a process of its own.

Used by ``bench/pdf_tables.py``; not meant to be run by hand, though it can be::

    pdf_tables_worker.py TOOL JOBS.json OUT.jsonl

``JOBS.json`` is a list of ``{"pdf": absolute path, "page": 1-based number}``. ``OUT.jsonl`` gets
one JSON line as soon as the tool is imported (``{"version", "import_s"}``), then one line per
page in job order (``{"i", "tables", "s", "error"}``), and a last line ``{"loop_s"}``. Every line
is flushed at once, so the parent can show progress, and keeps what was done if this process
crashes or hangs on a page.

A page's ``tables`` is a list of tables, each a list of rows of cell strings. ``s`` is the wall
time of that page's extraction call alone; ``loop_s`` is the wall time of the whole page loop
(imports excluded).
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from collections.abc import Callable
from typing import IO, Any

Grid = list[list[str]]
Extractor = Callable[[str, int], list[list[list[Any]]]]  # tables as the tool gives them (cells may be None)


def _load_tilepilot() -> tuple[str, Extractor]:
    from importlib.metadata import version

    from tools.pdf import extract_tables

    def extract(pdf: str, page: int) -> list[Grid]:
        # pages=[page] reads that page only, so every table returned lies on it.
        return [t.to_rows() for t in extract_tables(pdf, pages=[page]).tables]

    return version("tilepilot"), extract


def _load_camelot(flavor: str) -> tuple[str, Extractor]:
    import camelot
    from camelot.io import read_pdf

    def extract(pdf: str, page: int) -> list[list[list[Any]]]:
        return [t.df.values.tolist() for t in read_pdf(pdf, pages=str(page), flavor=flavor)]

    return str(camelot.__version__), extract


def _load_pdfplumber() -> tuple[str, Extractor]:
    import pdfplumber

    def extract(pdf: str, page: int) -> list[list[list[Any]]]:
        with pdfplumber.open(pdf) as doc:
            return list(doc.pages[page - 1].extract_tables())

    return str(pdfplumber.__version__), extract


def _load_pymupdf() -> tuple[str, Extractor]:
    import pymupdf

    def extract(pdf: str, page: int) -> list[list[list[Any]]]:
        with pymupdf.open(pdf) as doc:  # type: ignore[no-untyped-call]
            return [t.extract() for t in doc[page - 1].find_tables().tables]

    return str(pymupdf.VersionBind), extract


LOADERS: dict[str, Callable[[], tuple[str, Extractor]]] = {
    "tilepilot": _load_tilepilot,
    "camelot_lattice": lambda: _load_camelot("lattice"),
    "camelot_stream": lambda: _load_camelot("stream"),
    "pdfplumber": _load_pdfplumber,
    "pymupdf": _load_pymupdf,
}
"""Tools that run in a worker. Derived tools (camelot_rule_auto) are computed by the parent."""


def _clean(tables: list[list[list[Any]]]) -> list[Grid]:
    """Cells as plain strings (pdfplumber and PyMuPDF give None for empty cells)."""
    return [[["" if c is None else str(c) for c in row] for row in t] for t in tables]


def _emit(out: IO[str], obj: dict[str, Any]) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out.flush()


def run(tool: str, jobs: list[dict[str, Any]], out: IO[str]) -> None:
    """Import ``tool``, extract every job's page in order, and stream the results to ``out``."""
    t0 = time.perf_counter()
    version, extract = LOADERS[tool]()
    _emit(out, {"version": version, "import_s": time.perf_counter() - t0})
    loop_start = time.perf_counter()
    for i, job in enumerate(jobs):
        start = time.perf_counter()
        tables: list[Grid] = []
        error = None
        try:
            tables = _clean(extract(job["pdf"], job["page"]))
        except Exception as exc:  # noqa: BLE001  one page's failure scores 0 for that page, not for the run
            error = f"{type(exc).__name__}: {exc}"[:500]
        _emit(out, {"i": i, "tables": tables, "s": time.perf_counter() - start, "error": error})
    _emit(out, {"loop_s": time.perf_counter() - loop_start})


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in LOADERS:
        print(f"usage: pdf_tables_worker.py {{{','.join(LOADERS)}}} JOBS.json OUT.jsonl", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")  # camelot warns once per page without a table
    with open(argv[1], encoding="utf-8") as f:
        jobs = json.load(f)
    with open(argv[2], "a", encoding="utf-8") as out:
        run(argv[0], jobs, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
