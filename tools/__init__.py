"""Tools: the things an agent (or a script) does, usable without a planner.

``from tools.pdf import extract_tables`` is the usual door; the names below are loaded on first
use, so ``import tools`` imports no PDF or browser library.

>>> import tools
>>> "extract_tables" in tools.__all__
True
"""

import importlib as _importlib
import typing as _typing

if _typing.TYPE_CHECKING:  # the lazy names, typed for mypy and editors
    from tools.pdf.report import write_report
    from tools.pdf.tables import extract_tables

__all__ = ["extract_tables", "write_report"]

_LAZY = {"extract_tables": "tools.pdf.tables", "write_report": "tools.pdf.report"}
"""Public names whose module imports a heavy library, loaded on first access (PEP 562)."""


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(_importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tools' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
