"""The public surface (STYLE §2): ``__all__`` lists exactly the public names, and imports stay light.

A package's public names are the names its ``__init__`` binds (imports, definitions, assignments,
and the lazy names it declares under ``TYPE_CHECKING``) that do not start with ``_``.
"""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["agent", "model", "perception", "tools"]
FACADES = [*PACKAGES, "tools.pdf", "perception.tables", "tools.browser"]
"""Package ``__init__`` files that only gather names: every public name they bind must be in ``__all__``."""

HEAVY = {
    "torch", "transformers", "sentence_transformers", "pymupdf", "fitz", "playwright", "langgraph",
    "langchain_core", "cv2", "onnxruntime", "rapidocr_onnxruntime", "rapid_layout", "pandas", "numpy",
    "PIL", "matplotlib", "fastapi", "uvicorn", "httpx",
}  # fmt: skip
"""Libraries that cost a second or more to import (or pull in an optional extra)."""


def init_file(package: str) -> Path:
    return ROOT.joinpath(*package.split("."), "__init__.py")


def bound_names(path: Path) -> set[str]:
    """The names a module binds at its top level (including inside top-level ``if``/``try`` blocks)."""
    names: set[str] = set()
    body = list(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)).body)
    while body:
        node = body.pop()
        if isinstance(node, ast.If | ast.Try):
            body += [*node.body, *node.orelse, *getattr(node, "finalbody", [])]
            body += [n for h in getattr(node, "handlers", []) for n in h.body]
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            assert all(a.name != "*" for a in node.names), f"{path}: a star import hides which names are public"
            names.update(a.asname or a.name for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.asname or a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
    return names


def all_packages() -> list[str]:
    found = []
    for top in PACKAGES:
        for init in sorted((ROOT / top).rglob("__init__.py")):
            found.append(".".join(init.relative_to(ROOT).parts[:-1]))
    return found


@pytest.mark.parametrize("package", FACADES)
def test_all_lists_exactly_the_public_names(package: str) -> None:
    module = importlib.import_module(package)
    public = {n for n in bound_names(init_file(package)) if not n.startswith("_")}
    declared = list(module.__all__)
    assert len(declared) == len(set(declared)), f"{package}.__all__ repeats a name"
    assert set(declared) == public, (
        f"{package}: public but not in __all__: {sorted(public - set(declared))}; "
        f"in __all__ but not bound: {sorted(set(declared) - public)} (prefix private names with _)"
    )


@pytest.mark.parametrize("package", all_packages())
def test_every_name_in_all_resolves(package: str) -> None:
    module = importlib.import_module(package)
    assert isinstance(getattr(module, "__all__", None), list | tuple), f"{package} has no __all__"
    for name in module.__all__:
        assert getattr(module, name) is not None, f"{package}.{name}"


def test_lazy_names_are_the_real_objects() -> None:
    import perception
    import perception.pdf
    import tools
    import tools.pdf.report
    import tools.pdf.tables

    assert tools.extract_tables is tools.pdf.tables.extract_tables
    assert tools.write_report is tools.pdf.report.write_report
    assert perception.open_pdf is perception.pdf.open_pdf
    assert {"extract_tables", "write_report"} <= set(dir(tools))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = tools.nope  # type: ignore[attr-defined]


def test_importing_the_packages_is_light() -> None:
    """``import agent, perception, tools, model`` loads no heavy library, prints and configures nothing."""
    probe = (
        "import json, logging, sys\n"
        "before = list(logging.getLogger().handlers)\n"
        "import agent, perception, tools, model\n"
        "loggers = [n for n in logging.root.manager.loggerDict if n.split('.')[0] in "
        "{'agent', 'perception', 'tools', 'model'}]\n"
        "print(json.dumps({'modules': sorted(sys.modules), 'root_handlers_added': "
        "len(logging.getLogger().handlers) - len(before), 'loggers_with_handlers': "
        "[n for n in loggers if logging.getLogger(n).handlers]}))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)  # one line: nothing else was printed
    loaded = {m.split(".")[0] for m in report["modules"]}
    assert not loaded & HEAVY, f"import agent, perception, tools, model loads {sorted(loaded & HEAVY)}"
    assert report["root_handlers_added"] == 0 and not report["loggers_with_handlers"]
    assert run.stderr == ""
