"""Perception: pages and screenshots in, typed observations out (boxes, tables, text).

The result types load eagerly (pydantic only); ``open_pdf`` and ``parse_pages`` load PyMuPDF on
first use, so ``import perception`` stays cheap.

>>> from perception import BBox
>>> BBox(x0=0, y0=0, x1=10, y1=5).area
50.0
"""

import importlib as _importlib
import typing as _typing

from perception.document import Cell, DocumentTables, PageTables, Table, TableMethod, TableRegion
from perception.types import (
    BBox,
    Candidate,
    Element,
    ElementStates,
    Grounding,
    Observation,
    Space,
    TextSpan,
    Unit,
)

if _typing.TYPE_CHECKING:  # the lazy names, typed for mypy and editors
    from perception.annotate import annotate
    from perception.grounding import ground
    from perception.ocr import read_text
    from perception.pdf import open_pdf, parse_pages
    from perception.screen import HitTest, hit_test, measure, observe, resolve

__all__ = [
    "BBox",
    "Candidate",
    "Cell",
    "DocumentTables",
    "Element",
    "ElementStates",
    "Grounding",
    "HitTest",
    "Observation",
    "PageTables",
    "Space",
    "Table",
    "TableMethod",
    "TableRegion",
    "TextSpan",
    "Unit",
    "annotate",
    "ground",
    "hit_test",
    "measure",
    "observe",
    "open_pdf",
    "parse_pages",
    "read_text",
    "resolve",
]

_LAZY = {
    "annotate": "perception.annotate",
    "ground": "perception.grounding",
    "read_text": "perception.ocr",
    "open_pdf": "perception.pdf",
    "parse_pages": "perception.pdf",
    **dict.fromkeys(("HitTest", "hit_test", "measure", "observe", "resolve"), "perception.screen"),
}
"""Public names whose module imports a heavy library, loaded on first access (PEP 562)."""


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(_importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'perception' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
