"""``extract_tables``: the tables of a PDF as typed results, one call.

The geometry work lives in :mod:`perception.tables`; this module opens the document, walks the
selected pages, stitches tables that continue across pages, and translates failures.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from model.errors import DocumentError, PerceptionError
from perception.document import DocumentTables, PageTables
from perception.pdf import open_pdf, parse_pages
from perception.tables import annotate_numbers, read_tables, stitch_pages

__all__ = ["extract_tables"]

logger = logging.getLogger(__name__)


def extract_tables(
    path: str | Path,
    *,
    pages: str | Iterable[int] | None = None,
    password: str | None = None,
    on_page: Callable[[int, int, int], None] | None = None,
    ocr: bool = True,
    languages: Sequence[str] = (),
    dpi: int = 300,
) -> DocumentTables:
    """Find every table in the PDF at ``path`` and return them typed.

    ``pages`` selects 1-based pages (``"1-3,7"`` or a list); ``password`` opens encrypted files;
    ``on_page(page, done, total)`` is called after each page (for progress bars).
    Each page is triaged first (``PageTables.triage``): scanned pages, pictures without a text
    layer and garbled text are read by OCR at ``dpi`` (``languages=("ko",)`` for Korean) unless
    ``ocr=False``; OCR'd cells carry their OCR confidence.
    Tables continued on the next page come back as one table whose ``pages`` lists both.
    Raises :class:`~model.errors.DocumentError` subclasses for unreadable, encrypted or empty
    files, and :class:`~model.errors.ConfigError` for a bad page selection.

    >>> doc = extract_tables("examples/samples/quarterly.pdf")  # doctest: +SKIP
    >>> doc.tables[0].to_dataframe()  # doctest: +SKIP
    """
    doc = open_pdf(path, password=password)
    try:
        numbers = parse_pages(pages, doc.page_count)
        results: list[PageTables] = []
        warnings: list[str] = []
        for done, n in enumerate(numbers, 1):
            try:
                page = doc.load_page(n - 1)
                results.append(read_tables(page, page_number=n, ocr=ocr, dpi=dpi, languages=tuple(languages)))
            except PerceptionError as exc:
                warnings.append(f"page {n}: {exc}")
                logger.warning("%s page %d skipped: %s", path, n, exc)
            except Exception as exc:  # noqa: BLE001  (a damaged page: keep the rest of the document)
                warnings.append(f"page {n}: cannot be read ({type(exc).__name__}: {exc})")
                logger.warning("%s page %d cannot be read: %s", path, n, exc)
            if on_page is not None:
                on_page(n, done, len(numbers))
        if numbers and not results:
            raise DocumentError(path, "no page could be read: " + "; ".join(warnings))
        stitched = [
            p.model_copy(update={"tables": tuple(annotate_numbers(t) for t in p.tables)}) for p in stitch_pages(results)
        ]
        return DocumentTables(path=str(path), n_pages=doc.page_count, pages=tuple(stitched), warnings=tuple(warnings))
    finally:
        doc.close()
