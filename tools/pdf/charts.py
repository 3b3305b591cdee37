"""``extract_charts``: the charts of a PDF as data, and ``extract_charts_batch`` for many files.

Vector charts are read from the page's drawings (:func:`perception.charts.find_charts`), exactly
where the scale fits. Images on a page that look like charts are read by a vision model when one is
given (estimated values), else returned with ``status="needs_model"`` and no values. The batch
writes ``out_dir/<stem>/chart-<k>.csv|.md`` and ``charts.json`` per input with the same journal,
atomic writes, progress events, worker pool and per-file error records as
:func:`~tools.pdf.extract_tables_batch`; tables and charts of one file share its folder.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import time
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeAlias, TypeVar

from pydantic import Field

from model.errors import ConfigError, DocumentError, PerceptionError, TilepilotError
from model.protocol import VisionModel
from perception.charts import Chart, DocumentCharts, PageCharts, find_charts
from perception.charts._raster import guess_type, read_raster_chart
from perception.geometry import rotate_page_box
from perception.pdf import open_pdf, parse_pages
from perception.types import BBox
from tools.pdf._journal import JournalEntry
from tools.pdf.batch import (
    BatchEvent,
    BatchJob,
    BatchReport,
    FileResult,
    PageDone,
    _check_pages,
    _expand,
    _ignore,
    _Pages,
    check_formats,
    run_batch,
    run_file,
    write_exports,
)

__all__ = ["ChartFileResult", "ChartFormat", "extract_charts", "extract_charts_async", "extract_charts_batch"]

logger = logging.getLogger(__name__)

ChartFormat = Literal["csv", "json", "md"]
"""Chart outputs: per-chart ``csv``/``md`` data tables, and ``json`` for the document's ``charts.json``."""

_FORMATS: tuple[ChartFormat, ...] = ("csv", "json", "md")
_MIN_IMAGE_PT = 72.0  # images smaller than an inch a side are icons, not charts
_SCAN_SHARE = 0.8  # an image covering this much of the page is a scanned page, left to the scan path
_T = TypeVar("_T")


def extract_charts(
    path: str | Path,
    *,
    pages: str | Iterable[int] | None = None,
    password: str | None = None,
    on_page: Callable[[int, int, int], None] | None = None,
    model: VisionModel | None = None,
    ocr: VisionModel | None = None,
    dialect: str | None = None,
    dpi: int = 150,
) -> DocumentCharts:
    """Find every chart in the PDF at ``path`` and return them with their data (the sync twin of
    :func:`extract_charts_async`).

    ``pages``, ``password`` and ``on_page(page, done, total)`` work as in
    :func:`~tools.pdf.extract_tables`. Image-only charts are rendered at ``dpi`` and read by
    ``model`` in ``dialect`` (see :func:`perception.charts.read_raster_chart`); without a model they
    come back with ``status="needs_model"`` and the text ``ocr`` read. Raises
    :class:`~model.errors.DocumentError` subclasses for unreadable, encrypted or empty files, and
    :class:`~model.errors.ConfigError` for a bad page selection or ``dpi``.

    >>> doc = extract_charts("examples/samples/report.pdf")  # doctest: +SKIP
    >>> doc.charts[0].to_dataframe()  # doctest: +SKIP
    """
    return _run(extract_charts_async(path, pages=pages, password=password, on_page=on_page, model=model, ocr=ocr,
                                     dialect=dialect, dpi=dpi))  # fmt: skip


def _run(coro: Coroutine[Any, Any, _T]) -> _T:
    """Run ``coro`` to the end from sync code, also when the caller's thread has a running loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def extract_charts_async(
    path: str | Path,
    *,
    pages: str | Iterable[int] | None = None,
    password: str | None = None,
    on_page: Callable[[int, int, int], None] | None = None,
    model: VisionModel | None = None,
    ocr: VisionModel | None = None,
    dialect: str | None = None,
    dpi: int = 150,
) -> DocumentCharts:
    """:func:`extract_charts` for async code: the models are awaited on the caller's event loop.

    >>> doc = await extract_charts_async("report.pdf", model=client)  # doctest: +SKIP
    """
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 36 <= dpi <= 600:
        raise ConfigError(f"dpi={dpi!r}: must be a whole number in 36..600", name="dpi", value=dpi)
    doc = open_pdf(path, password=password)
    try:
        numbers = parse_pages(pages, doc.page_count)
        results: list[PageCharts] = []
        warnings: list[str] = []
        for done, n in enumerate(numbers, 1):
            try:
                page = doc.load_page(n - 1)
                found = find_charts(page, page_number=n)
                raster = await _raster_charts(page, n, found.charts, model=model, ocr=ocr, dialect=dialect, dpi=dpi)
                results.append(found.model_copy(update={"charts": found.charts + tuple(raster)}))
            except PerceptionError as exc:
                warnings.append(f"page {n}: {exc}")
                logger.warning("%s page %d skipped: %s", path, n, exc)
            except TilepilotError:
                raise
            except Exception as exc:  # noqa: BLE001  (a damaged page: keep the rest of the document)
                warnings.append(f"page {n}: cannot be read ({type(exc).__name__}: {exc})")
                logger.warning("%s page %d cannot be read: %s", path, n, exc)
            if on_page is not None:
                on_page(n, done, len(numbers))
        if numbers and not results:
            raise DocumentError(path, "no page could be read: " + "; ".join(warnings))
        return DocumentCharts(path=str(path), n_pages=doc.page_count, pages=tuple(results), warnings=tuple(warnings))
    finally:
        doc.close()


async def _raster_charts(page: Any, number: int, vector: tuple[Chart, ...], *, model: VisionModel | None,
                         ocr: VisionModel | None, dialect: str | None, dpi: int) -> list[Chart]:  # fmt: skip
    """Images on the page that look like charts (or all sizeable ones, when a model will judge)."""
    import pymupdf

    out: list[Chart] = []
    page_area = page.rect.width * page.rect.height
    for info in page.get_image_info():
        r = pymupdf.Rect(info["bbox"]) & page.rect
        if (
            r.is_empty
            or r.width < _MIN_IMAGE_PT
            or r.height < _MIN_IMAGE_PT
            or r.width * r.height >= _SCAN_SHARE * page_area
        ):
            continue
        box = BBox(x0=r.x0, y0=r.y0, x1=r.x1, y1=r.y1)
        if page.rotation:  # image boxes come in the unrotated page; charts keep boxes as displayed
            box = rotate_page_box(box, rotation=page.rotation, page_width=page.cropbox.width,
                                  page_height=page.cropbox.height)  # fmt: skip
        if any(c.bbox.intersection_area(box) > 0.3 * box.area for c in [*vector, *out]):
            continue
        png = page.get_pixmap(dpi=dpi, clip=r, alpha=False).tobytes("png")
        if model is None and guess_type(png) == "unknown":
            continue  # a photo or a logo: nothing says it is a chart
        out.append(await read_raster_chart(png, page=number, bbox=box, model=model, ocr=ocr, dialect=dialect))
    return out


# -- the batch ---------------------------------------------------------------------------------------


class ChartFileResult(FileResult):
    """One input's outcome in a chart batch: a :class:`~tools.pdf.FileResult` that counts ``charts``."""

    charts: int = Field(default=0, ge=0)


@dataclass(frozen=True)
class _Options:
    formats: tuple[ChartFormat, ...]
    pages: _Pages
    password: str | None

    def key_data(self) -> dict[str, Any]:
        pages = list(self.pages) if isinstance(self.pages, tuple) else self.pages
        return {"kind": "charts", "formats": sorted(self.formats), "pages": pages}


_Job: TypeAlias = "BatchJob[_Options]"


def extract_charts_batch(
    paths: str | Path | Iterable[str | Path],
    *,
    out_dir: str | Path,
    formats: str | Iterable[ChartFormat] = ("csv", "json"),
    pages: str | Iterable[int] | None = None,
    password: str | None = None,
    workers: int = 1,
    on_event: Callable[[BatchEvent], None] | None = None,
) -> BatchReport:
    """Extract the charts of every PDF in ``paths`` into ``out_dir``; return a :class:`~tools.pdf.BatchReport`.

    Works as :func:`~tools.pdf.extract_tables_batch` (folders, journal, resumption, ``workers``,
    ``on_event``, failures as records); its files are :class:`ChartFileResult` values. ``formats``
    picks from ``csv``, ``md`` (one file per chart) and ``json`` (``charts.json``). Image-only charts
    are listed with ``status="needs_model"`` (use :func:`extract_charts` with a model to read them).
    Raises :class:`~model.errors.ConfigError` before any work for bad options or an unusable ``out_dir``.

    >>> report = extract_charts_batch(["reports/"], out_dir="out")  # doctest: +SKIP
    >>> [(f.path, f.status, f.charts) for f in report.files]  # doctest: +SKIP
    [('reports/q4.pdf', 'ok', 3)]
    """
    started = time.perf_counter()
    opts = _Options(formats=check_formats(formats, _FORMATS), pages=_check_pages(pages), password=password)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ConfigError(f"workers={workers!r}: must be a whole number >= 1", name="workers", value=workers)
    items = _expand([paths] if isinstance(paths, str | Path) else list(paths))
    if not items:
        raise ConfigError("paths: no input given (pass PDF files or folders of PDFs)", name="paths", value=paths)
    out = Path(out_dir)
    emit = on_event or _ignore
    return run_batch(items, opts, out, workers=workers, emit=emit, started=started, run_job=_run_job, skipped=_skipped,
                     journal_entry=lambda job, key, result: _entry(job, key, result, out=out))


def _skipped(path: str, entry: JournalEntry, out: Path) -> FileResult:
    return ChartFileResult(path=path, status="skipped", n_pages=entry.n_pages, pages=entry.pages, charts=entry.tables,
                           outputs=tuple(str(out / o) for o in entry.outputs), warnings=entry.warnings)  # fmt: skip


def _entry(job: _Job, key: str, result: FileResult, *, out: Path) -> JournalEntry:
    """The journal line; its ``tables`` field carries the number of charts (the journal counts items)."""
    charts = result.charts if isinstance(result, ChartFileResult) else 0
    return JournalEntry(
        key=key, source=job.source, folder=job.folder.name, status="ok" if result.status == "ok" else "failed",
        options=job.opts.key_data(), n_pages=result.n_pages, pages=result.pages, tables=charts,
        warnings=result.warnings, outputs=tuple(Path(o).relative_to(out).as_posix() for o in result.outputs),
        seconds=result.seconds, error=result.error.message if result.error else None, at=time.time(),
    )  # fmt: skip


def _run_job(job: _Job, on_page: Callable[[PageDone], None]) -> FileResult:
    """Read one PDF's charts and write them; every failure comes back as a ``failed`` result."""
    opts = job.opts

    def result(doc: DocumentCharts, seconds: float, outputs: tuple[str, ...]) -> FileResult:
        logger.info("%s: %d charts from %d pages in %.2fs", job.path, len(doc.charts), len(doc.pages), seconds)
        return ChartFileResult(path=job.path, status="ok", n_pages=doc.n_pages, pages=len(doc.pages),
                               charts=len(doc.charts), seconds=seconds, outputs=outputs, warnings=doc.warnings)  # fmt: skip

    return run_file(job, on_page, result=result,
                    read=lambda on: extract_charts(job.path, pages=opts.pages, password=opts.password, on_page=on),
                    write=lambda doc: _write_outputs(doc, job.folder, opts.formats))  # fmt: skip


def _write_outputs(doc: DocumentCharts, folder: Path, formats: tuple[ChartFormat, ...]) -> tuple[str, ...]:
    return write_exports(folder, doc.charts, item="chart", formats=formats, export={"csv": "to_csv", "md": "to_markdown"},
                         whole=doc.to_json, known=_FORMATS)  # fmt: skip
