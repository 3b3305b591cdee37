"""PDF tools: table and chart extraction for one file or a batch."""

from tools.pdf._charts_report import ChartResult, ChartsSection
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
from tools.pdf.charts import ChartFileResult, ChartFormat, extract_charts, extract_charts_async, extract_charts_batch
from tools.pdf.extract import ExtractFileResult, extract_batch
from tools.pdf.report import write_report
from tools.pdf.tables import extract_tables

__all__ = [
    "BatchEvent",
    "BatchReport",
    "BatchStarted",
    "ChartFileResult",
    "ChartFormat",
    "ChartResult",
    "ChartsSection",
    "ExtractFileResult",
    "FileError",
    "FileFailed",
    "FileFinished",
    "FileResult",
    "FileSkipped",
    "FileStarted",
    "Format",
    "PageDone",
    "extract_batch",
    "extract_charts",
    "extract_charts_async",
    "extract_charts_batch",
    "extract_tables",
    "extract_tables_batch",
    "write_report",
]
