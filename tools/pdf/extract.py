"""``extract_batch``: tables and charts of many PDFs, pages read in parallel, memory bounded.

Where :func:`~tools.pdf.extract_tables_batch` gives each worker a whole file, this batch cuts every
file into chunks of ``chunk_pages`` pages and gives the chunks to the workers, so one long file
uses every worker, and no process ever holds more than one chunk's pages: a worker opens the file,
reads its chunk (tables through the page triage, so scanned pages are OCR'd; charts when asked),
closes the file and sends back the small typed results. The parent joins a file's chunks in page
order, stitches tables across chunk borders like any page border, and writes the file's outputs
once its last chunk is in. Outputs, the journal (a rerun skips finished files), progress events
and failure records are those of :func:`~tools.pdf.extract_tables_batch`; tables and charts of one
file share its folder.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pymupdf
from pydantic import Field

from model.errors import ConfigError, CorruptDocument, DocumentError, PerceptionError, TilepilotError
from perception.document import DocumentTables, PageTables
from perception.pdf import open_pdf, parse_pages
from perception.tables import annotate_numbers, read_tables, stitch_pages
from tools.pdf._journal import Journal, JournalEntry
from tools.pdf._pool import run_pool
from tools.pdf.batch import (
    _FORMATS,
    BatchEvent,
    BatchReport,
    BatchStarted,
    FileFailed,
    FileFinished,
    FileResult,
    FileSkipped,
    FileStarted,
    Format,
    PageDone,
    _check_pages,
    _expand,
    _failed,
    _free_name,
    _identity,
    _write_outputs,
    check_formats,
)

__all__ = ["ExtractFileResult", "extract_batch"]

logger = logging.getLogger(__name__)

_CHART_FORMATS = ("csv", "json", "md")


class ExtractFileResult(FileResult):
    """One input's outcome in :func:`extract_batch`: a :class:`~tools.pdf.FileResult` that also counts ``charts``."""

    charts: int = Field(default=0, ge=0)


@dataclass(frozen=True)
class _Options:
    formats: tuple[Format, ...]
    pages: str | tuple[int, ...] | None
    password: str | None
    tables: bool
    charts: bool
    ocr: bool
    languages: tuple[str, ...]

    def key_data(self) -> dict[str, Any]:
        pages = list(self.pages) if isinstance(self.pages, tuple) else self.pages
        return {"formats": sorted(self.formats), "pages": pages, "tables": self.tables, "charts": self.charts,
                "ocr": self.ocr, "languages": list(self.languages), "kind": "extract"}  # fmt: skip


@dataclass(frozen=True)
class _Chunk:
    file: int  # index of the input
    path: str
    pages: tuple[int, ...]
    opts: _Options


@dataclass(frozen=True)
class _ChunkResult:
    pages: list[PageTables]
    charts: list[Any]  # PageCharts, when charts were asked for
    warnings: list[str]
    error: str | None = None  # the chunk could not be read at all (the file failed)


@dataclass
class _File:
    index: int
    path: str
    source: str
    folder: Path
    key: str | None
    n_pages: int
    chunks: int
    started: float = 0.0
    done: int = 0
    pages_done: int = 0
    results: dict[int, _ChunkResult] = field(default_factory=dict)
    crashed: bool = False


def extract_batch(
    paths: str | Path | Iterable[str | Path],
    *,
    out_dir: str | Path,
    tables: bool = True,
    charts: bool = False,
    formats: str | Iterable[Format] = ("csv", "json", "md"),
    pages: str | Iterable[int] | None = None,
    password: str | None = None,
    ocr: bool = True,
    languages: Iterable[str] = (),
    workers: int = 1,
    chunk_pages: int = 16,
    on_event: Callable[[BatchEvent], None] | None = None,
) -> BatchReport:
    """Extract tables (and charts with ``charts=True``) of every PDF in ``paths`` into ``out_dir``.

    Pages go to ``workers`` spawned processes in chunks of ``chunk_pages``; memory stays bounded
    by one chunk per process, whatever the file's length. ``ocr``/``languages`` steer scanned
    pages as in :func:`~tools.pdf.extract_tables`; the other options, the outputs, the journal and
    the events work as in :func:`~tools.pdf.extract_tables_batch` (files are
    :class:`ExtractFileResult` values). Raises :class:`~model.errors.ConfigError` before any work
    for bad options or an unusable ``out_dir``.

    >>> report = extract_batch(["scans/"], out_dir="out", charts=True, workers=4)  # doctest: +SKIP
    >>> [(f.path, f.status, f.tables, f.charts) for f in report.files]  # doctest: +SKIP
    [('scans/annual.pdf', 'ok', 12, 3)]
    """
    started = time.perf_counter()
    if not (tables or charts):
        raise ConfigError("nothing to extract: pass tables=True, charts=True or both", name="tables", value=False)
    for name, value in (("workers", workers), ("chunk_pages", chunk_pages)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"{name}={value!r}: must be a whole number >= 1", name=name, value=value)
    opts = _Options(formats=check_formats(formats, _FORMATS), pages=_check_pages(pages), password=password, tables=tables,
                    charts=charts, ocr=ocr, languages=tuple(languages))  # fmt: skip
    if charts:
        _chart_tools()  # fail now, not in every worker, when the chart reader is missing
    items = _expand([paths] if isinstance(paths, str | Path) else list(paths))
    if not items:
        raise ConfigError("paths: no input given (pass PDF files or folders of PDFs)", name="paths", value=paths)
    out = Path(out_dir)
    emit: Callable[[BatchEvent], None] = on_event or (lambda e: None)
    results: dict[int, FileResult] = {}
    with Journal.open(out) as journal:
        emit(BatchStarted(files=tuple(p for p, _ in items), out_dir=str(out)))
        files: dict[int, _File] = {}
        chunks: list[_Chunk] = []
        claimed = journal.folders()
        for index, (path, error) in enumerate(items):
            if error is not None:
                results[index] = _failed(path, error, 0.0)
                emit(FileFailed(result=results[index]))
                continue
            source, key = _identity(path, opts)
            entry = journal.done(key) if key else None
            if entry is not None and all((out / o).is_file() for o in entry.outputs):
                results[index] = _skipped(path, entry, out)
                emit(FileSkipped(result=results[index]))
                continue
            try:
                numbers = _page_numbers(path, opts)
            except TilepilotError as exc:
                results[index] = _failed(path, exc, 0.0)
                emit(FileFailed(result=results[index]))
                continue
            name = journal.folder_of(source) or _free_name(Path(path).stem, source, claimed)
            claimed[name.lower()] = source
            n_pages, selected = numbers
            parts = [tuple(selected[i : i + chunk_pages]) for i in range(0, len(selected), chunk_pages)]
            files[index] = _File(index, path, source, out / name, key, n_pages, len(parts))
            chunks += [_Chunk(index, path, part, opts) for part in parts]

        total = {i: sum(len(c.pages) for c in chunks if c.file == i) for i in files}

        def start(chunk: _Chunk) -> None:
            f = files[chunk.file]
            if not f.started:
                f.started = time.perf_counter()
                emit(FileStarted(path=f.path, index=f.index, total=len(items)))

        def message(m: object) -> None:
            if isinstance(m, tuple) and len(m) == 2:
                f = files[m[0]]
                f.pages_done += 1
                emit(PageDone(path=f.path, page=m[1], done=f.pages_done, total=max(1, total[m[0]])))

        def finished(chunk: _Chunk, result: _ChunkResult) -> None:
            f = files[chunk.file]
            f.results[chunk.pages[0]] = result
            f.done += 1
            if f.done == f.chunks:
                r = _finish(f, opts)
                results[f.index] = r
                if f.key is not None:
                    journal.append(_entry(f, r, out=out, options=opts.key_data()))
                emit(FileFinished(result=r) if r.status == "ok" else FileFailed(result=r))

        def crashed(chunk: _Chunk) -> None:
            files[chunk.file].crashed = True
            finished(chunk, _ChunkResult([], [], [], error="made the reading process die twice (the PDF library "
                                                            "crashed, or it was killed)"))  # fmt: skip

        if workers == 1 or len(chunks) <= 1:
            for chunk in chunks:
                start(chunk)
                finished(chunk, _read_chunk(chunk, message))
        else:
            run_pool(chunks, work=_read_chunk, workers=workers, label=lambda c: f"{c.path} pages {c.pages[0]}-"
                     f"{c.pages[-1]}", on_start=start, on_message=message, on_result=finished,
                     on_crash=crashed)  # fmt: skip
    report = tuple(results[i] for i in range(len(items)))
    return BatchReport(out_dir=str(out), journal=str(journal.path), files=report, seconds=time.perf_counter() - started)


def _chart_tools() -> Any:
    try:
        from tools.pdf import charts
    except ImportError as exc:  # pragma: no cover - the chart reader ships with tilepilot
        raise ConfigError(f"charts=True needs the chart reader (tools.pdf.charts): {exc}", name="charts") from exc
    return charts


def _page_numbers(path: str, opts: _Options) -> tuple[int, list[int]]:
    doc = open_pdf(path, password=opts.password)
    try:
        return doc.page_count, parse_pages(opts.pages, doc.page_count)
    finally:
        doc.close()


def _read_chunk(chunk: _Chunk, send: Callable[[object], None]) -> _ChunkResult:
    """Read one chunk's pages (in a worker, or in the caller's process); failures come back as data."""
    opts = chunk.opts
    pages: list[PageTables] = []
    warnings: list[str] = []
    chart_pages: list[Any] = []
    try:
        if opts.tables:
            doc = open_pdf(chunk.path, password=opts.password)
            try:
                for n in chunk.pages:
                    try:
                        page = doc.load_page(n - 1)
                        pages.append(read_tables(page, page_number=n, ocr=opts.ocr, languages=opts.languages))
                    except PerceptionError as exc:
                        warnings.append(f"page {n}: {exc}")
                    except TilepilotError:
                        raise
                    except Exception as exc:  # noqa: BLE001  (a damaged page: keep the rest)
                        warnings.append(f"page {n}: cannot be read ({type(exc).__name__}: {exc})")
                    if not opts.charts:
                        send((chunk.file, n))
            finally:
                doc.close()
        if opts.charts:
            charts = _chart_tools()

            def page_done(n: int, done: int, total: int) -> None:
                send((chunk.file, n))

            found = charts.extract_charts(chunk.path, pages=list(chunk.pages), password=opts.password,
                                          on_page=page_done)  # fmt: skip
            chart_pages = list(found.pages)
            warnings += [w for w in found.warnings if w not in warnings]
    except TilepilotError as exc:
        return _ChunkResult([], [], warnings, error=str(exc))
    except Exception as exc:  # noqa: BLE001  a library error on a hostile file must not end the batch
        logger.warning("%s pages %d-%d failed unexpectedly: %r", chunk.path, chunk.pages[0], chunk.pages[-1], exc)
        return _ChunkResult([], [], warnings, error=f"{type(exc).__name__}: {exc}")
    finally:
        pymupdf.TOOLS.store_shrink(100)  # MuPDF's object cache would otherwise keep the chunk's pages
    return _ChunkResult(pages, chart_pages, warnings)


def _finish(f: _File, opts: _Options) -> FileResult:
    """Join a file's chunks, write its outputs; a chunk that failed fails the file."""
    seconds = time.perf_counter() - (f.started or time.perf_counter())
    ordered = [f.results[k] for k in sorted(f.results)]
    errors = [r.error for r in ordered if r.error]
    if errors:
        exc: Exception = CorruptDocument(f.path, errors[0]) if f.crashed else DocumentError(f.path, errors[0])
        return _failed(f.path, exc, seconds)
    pages = [p for r in ordered for p in r.pages]
    chart_pages = [p for r in ordered for p in r.charts]
    warnings = tuple(w for r in ordered for w in r.warnings)
    n_read = len(pages) if opts.tables else len(chart_pages)
    if not n_read:
        return _failed(f.path, DocumentError(f.path, "no page could be read: " + "; ".join(warnings)), seconds)
    outputs: list[str] = []
    n_tables = n_charts = 0
    try:
        if opts.tables:
            stitched = [p.model_copy(update={"tables": tuple(annotate_numbers(t) for t in p.tables)})
                        for p in stitch_pages(pages)]  # fmt: skip
            doc = DocumentTables(path=f.path, n_pages=f.n_pages, pages=tuple(stitched), warnings=warnings)
            outputs += _write_outputs(doc, f.folder, opts.formats)
            n_tables = len(doc.tables)
        if opts.charts:
            charts = _chart_tools()
            from perception.charts import DocumentCharts

            cdoc = DocumentCharts(path=f.path, n_pages=f.n_pages, pages=tuple(chart_pages), warnings=warnings)
            formats = tuple(x for x in opts.formats if x in _CHART_FORMATS) or ("json",)
            outputs += charts._write_outputs(cdoc, f.folder, formats)
            n_charts = len(cdoc.charts)
    except (TilepilotError, OSError) as exc:
        return _failed(f.path, exc, seconds)
    logger.info("%s: %d tables, %d charts from %d pages in %.2fs", f.path, n_tables, n_charts, n_read, seconds)
    return ExtractFileResult(path=f.path, status="ok", n_pages=f.n_pages, pages=n_read, tables=n_tables,
                             charts=n_charts, seconds=seconds, outputs=tuple(outputs), warnings=warnings)  # fmt: skip


def _skipped(path: str, entry: JournalEntry, out: Path) -> FileResult:
    n_charts = len({Path(o).stem for o in entry.outputs if Path(o).name.startswith("chart-")})
    return ExtractFileResult(path=path, status="skipped", n_pages=entry.n_pages, pages=entry.pages, tables=entry.tables,
                             charts=n_charts, outputs=tuple(str(out / o) for o in entry.outputs),
                             warnings=entry.warnings)  # fmt: skip


def _entry(f: _File, result: FileResult, *, out: Path, options: dict[str, Any]) -> JournalEntry:
    assert f.key is not None
    return JournalEntry(
        key=f.key, source=f.source, folder=f.folder.name, status="ok" if result.status == "ok" else "failed",
        options=options, n_pages=result.n_pages, pages=result.pages, tables=result.tables, warnings=result.warnings,
        outputs=tuple(Path(o).relative_to(out).as_posix() for o in result.outputs), seconds=result.seconds,
        error=result.error.message if result.error else None, at=time.time(),
    )  # fmt: skip
