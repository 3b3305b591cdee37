"""The page worker of ``bench/scanned.py``: one module the pool's spawned processes import by name
(``bench/run.py`` loads benchmarks by path, under names a worker could not import)."""

from __future__ import annotations

import resource
import time

Grid = list[list[str]]


def cpu_s() -> float:
    """CPU seconds of this process and its finished children (tesseract runs as a child)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def work(args: tuple[str, int]) -> tuple[int, list[Grid], float, str | None, str | None, float]:
    """Read page ``n`` of ``pdf`` with ``tools.pdf.extract_tables``: its tables, seconds, error, triage, CPU s."""
    from tools.pdf import extract_tables

    pdf, number = args
    t0, c0 = time.perf_counter(), cpu_s()
    try:
        doc = extract_tables(pdf, pages=[number])
        kind = doc.pages[0].triage.kind if doc.pages and doc.pages[0].triage else None
        return number, [t.to_rows() for t in doc.tables], time.perf_counter() - t0, None, kind, cpu_s() - c0
    except Exception as exc:  # noqa: BLE001  one page's failure scores 0 for that page
        return number, [], time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"[:300], None, cpu_s() - c0


def warm(_: int) -> None:
    """Import the extractor, so imports stay out of the timing."""
    import tools.pdf  # noqa: F401
