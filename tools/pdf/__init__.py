"""PDF tools: table extraction for one file or a batch."""

from tools.pdf.batch import (
    BatchEvent,
    BatchReport,
    BatchStarted,
    FileError,
    FileFailed,
    FileFinished,
    FileResult,
    FileSkipped,
    FileStarted,
    Format,
    PageDone,
    extract_tables_batch,
)
from tools.pdf.report import write_report
from tools.pdf.tables import extract_tables

__all__ = [
    "BatchEvent",
    "BatchReport",
    "BatchStarted",
    "FileError",
    "FileFailed",
    "FileFinished",
    "FileResult",
    "FileSkipped",
    "FileStarted",
    "Format",
    "PageDone",
    "extract_tables",
    "extract_tables_batch",
    "write_report",
]
