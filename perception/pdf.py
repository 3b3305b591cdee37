"""The PDF front door: open a file safely and read the primitives of a page.

Every failure to open becomes a typed :class:`~model.errors.DocumentError` naming the file and
the reason; nothing from the PDF library leaks out of this module.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

import pymupdf

from model.errors import ConfigError, CorruptDocument, EmptyDocument, EncryptedDocument

__all__ = ["MAX_PAGE_PT", "check_pages", "open_pdf", "parse_pages"]

logger = logging.getLogger(__name__)

MAX_PAGE_PT = 14_400.0
"""The largest page side PDF allows (200 inches); larger pages are read but flagged."""



def open_pdf(path: str | Path, *, password: str | None = None) -> pymupdf.Document:
    """Open ``path`` as a PDF, decrypting it with ``password`` when needed.

    Raises :class:`CorruptDocument` (missing, unreadable, not a PDF, truncated beyond repair),
    :class:`EncryptedDocument` (no or wrong password) or :class:`EmptyDocument` (no pages).

    >>> open_pdf("missing.pdf")
    Traceback (most recent call last):
    ...
    model.errors.CorruptDocument: missing.pdf: no such file
    """
    p = Path(path)
    if not p.exists():
        raise CorruptDocument(p, "no such file")
    if p.is_dir():
        raise CorruptDocument(p, "is a directory, not a PDF file")
    try:
        with p.open("rb") as f:
            head = f.read(1024)
    except OSError as exc:
        raise CorruptDocument(p, f"cannot be read ({exc.strerror})") from exc
    if not head:
        raise CorruptDocument(p, "is empty (0 bytes)")
    if b"%PDF-" not in head:
        kind = _sniff(head)
        raise CorruptDocument(p, f"is not a PDF ({kind}; a PDF starts with '%PDF-')")
    pymupdf.TOOLS.mupdf_display_errors(False)  # MuPDF's stderr chatter; failures reach us as exceptions
    pymupdf.TOOLS.mupdf_display_warnings(False)
    try:
        doc = pymupdf.open(p, filetype="pdf")
    except Exception as exc:  # MuPDF raises its own FileDataError/RuntimeError family
        raise CorruptDocument(p, f"cannot be parsed as a PDF ({exc})") from exc
    if doc.needs_pass:
        if password is None:
            doc.close()
            raise EncryptedDocument(p, "is encrypted: pass password=... (CLI: --password)")
        if not doc.authenticate(password):
            doc.close()
            raise EncryptedDocument(p, "is encrypted and the password given does not open it")
    if doc.is_repaired and b"%%EOF" not in _tail(p):
        doc.close()
        raise CorruptDocument(p, "is truncated: it ends before its '%%EOF' marker, so pages may be missing")
    if doc.page_count == 0:
        doc.close()
        raise EmptyDocument(p, "has no pages")
    try:  # a truncated file may open yet fail on its first page: surface that now
        doc.load_page(0).get_text("text")
    except Exception as exc:
        doc.close()
        raise CorruptDocument(p, f"is damaged: its first page cannot be read ({exc})") from exc
    return doc


def _tail(p: Path, n: int = 2048) -> bytes:
    with p.open("rb") as f:
        f.seek(0, 2)
        f.seek(max(0, f.tell() - n))
        return f.read()


def _sniff(head: bytes) -> str:
    signatures = {
        b"\x89PNG": "a PNG image",
        b"\xff\xd8\xff": "a JPEG image",
        b"GIF8": "a GIF image",
        b"PK\x03\x04": "a ZIP archive (an Office document?)",
        b"II*\x00": "a TIFF image",
        b"MM\x00*": "a TIFF image",
    }
    for sig, kind in signatures.items():
        if head.startswith(sig):
            return kind
    if head.lstrip().startswith((b"<", b"<!")):
        return "an HTML or XML document"
    return "unrecognised bytes"


_RANGE = re.compile(r"^\s*(\d+)?\s*(-)?\s*(\d+)?\s*$")


def _ranges(spec: str) -> list[tuple[int, int | None]]:
    """``"1-3,7,10-"`` → ``[(1, 3), (7, 7), (10, None)]``; raises :class:`ConfigError` on bad syntax."""
    out: list[tuple[int, int | None]] = []
    for part in spec.split(","):
        m = _RANGE.match(part)
        if not part.strip() or not m or not (m.group(1) or m.group(3)):
            raise ConfigError(f"pages={spec!r}: cannot read {part!r} (use e.g. '1-3,7' or '5-')", name="pages", value=spec)
        lo = int(m.group(1) or 1)
        hi = (int(m.group(3)) if m.group(3) else None) if m.group(2) else lo
        if lo < 1 or (hi is not None and hi < lo):
            raise ConfigError(f"pages={spec!r}: {part!r} is not an increasing 1-based range", name="pages", value=spec)
        out.append((lo, hi))
    return out


def check_pages(spec: str | Iterable[int] | None) -> None:
    """Validate a page selection's syntax without a document (raises :class:`ConfigError`).

    >>> check_pages("1-3,x")
    Traceback (most recent call last):
    ...
    model.errors.ConfigError: pages='1-3,x': cannot read 'x' (use e.g. '1-3,7' or '5-')
    """
    if spec is None:
        return
    if isinstance(spec, str):
        _ranges(spec)
        return
    for n in spec:
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise ConfigError(f"pages: {n!r} is not a 1-based page number", name="pages", value=spec)


def parse_pages(spec: str | Iterable[int] | None, n_pages: int) -> list[int]:
    """Turn a page selection into sorted, de-duplicated 1-based page numbers.

    ``spec`` is ``None`` (every page), an iterable of 1-based numbers, or a string like
    ``"1-3,7,10-"``. Numbers beyond the document are dropped; a selection that keeps none, or a
    malformed one, raises :class:`ConfigError`.

    >>> parse_pages("1-3,7", 10)
    [1, 2, 3, 7]
    >>> parse_pages("9-", 10)
    [9, 10]
    """
    if spec is None:
        return list(range(1, n_pages + 1))
    wanted: set[int] = set()
    if isinstance(spec, str):
        for lo, hi in _ranges(spec):
            wanted.update(range(lo, min(n_pages if hi is None else hi, n_pages) + 1))
    else:
        spec = list(spec)
        check_pages(spec)
        wanted.update(spec)
    kept = sorted(n for n in wanted if n <= n_pages)
    if not kept:
        raise ConfigError(f"pages={spec!r} selects no page of a {n_pages}-page document", name="pages", value=spec)
    return kept
