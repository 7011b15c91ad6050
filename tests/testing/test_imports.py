"""`iqm_finance_client.testing` imports without circles: no module of it reaches back to one that imports it."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import iqm_finance_client.testing

PACKAGE = Path(iqm_finance_client.testing.__file__).resolve().parent
NAME = "iqm_finance_client.testing"


def _module_name(path: Path) -> str:
    """`iqm_finance_client.testing._handlers.payments` for its file."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join((NAME, *parts)).removesuffix(".__init__")


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> set[str]:
    """The modules of the subpackage that a module imports anywhere (TYPE_CHECKING blocks and functions too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            target = f"{base}.{node.module}" if node.module else base
            found |= {f"{target}.{alias.name}" for alias in node.names} | {target}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    # A module's own package (an `__init__` its imports pass through) is not an edge: Python imports it first.
    return {module for module in found if module in MODULES and module != name and not name.startswith(module + ".")}


def test_the_testing_subpackage_has_no_import_circle() -> None:
    graph = {name: _imports(name, path) for name, path in MODULES.items()}
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in trail:
            circle = " -> ".join((*trail[trail.index(name) :], name))
            pytest.fail(f"import circle: {circle}")
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, (*trail, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())
    # The graph is read right: the edges every version of the fake has are in it.
    assert {f"{NAME}._server", f"{NAME}._transport", f"{NAME}._handlers"} <= graph[f"{NAME}._fake"]


@pytest.mark.parametrize("module", sorted(name for name in MODULES if not name.endswith("__main__")))
def test_each_module_imports_alone(module: str) -> None:
    # A fresh interpreter per module: an import that works only after another module was loaded fails here.
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONPATH": str(PACKAGE.parents[1])},
    )
    assert result.returncode == 0, result.stderr
