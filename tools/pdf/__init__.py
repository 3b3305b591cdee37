"""PDF tools: table extraction for one file or a batch."""

from tools.pdf.tables import extract_tables

__all__ = ["extract_tables"]
