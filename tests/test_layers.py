"""Imports point one way (STYLE §1): agent → tools → perception → model, checked on the AST of every module.

Every absolute import, relative import and ``importlib.import_module("…")`` with a literal name
between our four packages is seen, at any depth (inside functions and ``TYPE_CHECKING`` blocks too:
a lazy import still couples the layers).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "perception": {"model"},
    "tools": {"perception", "model"},
    "agent": {"tools", "perception", "model"},
}
SERVER = "model.server"  # the HTTP service: only the CLI starts it
SERVER_IMPORTERS = {"agent/cli.py", "model/server.py"}


def modules(layer: str) -> list[Path]:
    return sorted(p for p in (ROOT / layer).rglob("*.py") if "__pycache__" not in p.parts)


def imported(path: Path) -> Iterator[tuple[int, str]]:
    """``(line, dotted module)`` for every import in the module at ``path``."""
    return imports(path.read_text(encoding="utf-8"), path.relative_to(ROOT))


def imports(source: str, rel: Path) -> Iterator[tuple[int, str]]:
    """``(line, dotted module)`` for every import in ``source``, the module at ``rel`` (relative ones resolved)."""
    package = rel.parts[:-1]  # a module's package; for an __init__.py, the package itself
    for node in ast.walk(ast.parse(source, filename=str(rel))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1] if node.level <= len(package) else ()
                module = ".".join((*base, node.module)) if node.module else ".".join(base)
                names = [module] if node.module else [f"{module}.{a.name}" for a in node.names]
                yield from ((node.lineno, m) for m in names)
            else:
                yield node.lineno, node.module or ""
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


@pytest.mark.parametrize("layer", list(ALLOWED))
def test_imports_point_down(layer: str) -> None:
    files = modules(layer)
    assert files, f"no module found under {ROOT / layer}"
    wrong = [
        f"{path.relative_to(ROOT)}:{line}: {layer} imports {module}"
        for path in files
        for line, module in imported(path)
        if (top := module.split(".")[0]) in ALLOWED and top not in ALLOWED[layer] | {layer}
    ]
    assert not wrong, "imports must point down (agent → tools → perception → model):\n" + "\n".join(wrong)


def test_only_the_cli_imports_the_model_server() -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line}"
        for layer in ALLOWED
        for path in modules(layer)
        for line, module in imported(path)
        if (module == SERVER or module.startswith(SERVER + ".")) and str(path.relative_to(ROOT)) not in SERVER_IMPORTERS
    ]
    assert not wrong, f"{SERVER} is imported outside agent/cli.py: " + ", ".join(wrong)


def test_the_checker_sees_relative_and_lazy_imports() -> None:
    """The rule would pass vacuously if ``imports`` missed a form of import: check each form."""
    source = (
        "import tools.pdf\n"
        "from ...agent import cli\n"
        "from .. import types\n"
        "from .grid import cut\n"
        "def f():\n"
        "    import importlib\n"
        "    return importlib.import_module('agent.sdk')\n"
    )
    found = [m for _, m in imports(source, Path("perception/sub/mod.py"))]
    assert found == ["tools.pdf", "agent", "perception.types", "perception.sub.grid", "importlib", "agent.sdk"]
