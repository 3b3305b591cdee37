"""Join a table that continues on the next page (written after the single-page finders)."""

from __future__ import annotations

from perception.document import PageTables

__all__ = ["stitch_pages"]


def stitch_pages(pages: list[PageTables]) -> list[PageTables]:
    return pages
