"""`generator/` has no import circle: each module imports alone, and its module-level import graph has no cycle."""

from __future__ import annotations

import ast
import graphlib
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from generator import ROOT

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

PACKAGE = ROOT / "generator"
# One import of one module in a fresh interpreter: the slowest (lint.models: pydantic, datamodel-code-generator)
# takes about a second; the bound stops a hung import.
IMPORT_SECONDS = 60


def _modules() -> dict[str, ast.Module]:
    """Every module of `generator/` by its dotted name (a package by its own name), parsed."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    """Whether an `if` is `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`)."""
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(body: Sequence[ast.stmt], *, type_checking: bool) -> Iterator[ast.Import | ast.ImportFrom]:
    """The imports a module runs when it is imported (in `if`/`try` too, not in functions or classes).

    With `type_checking`, the imports of `if TYPE_CHECKING:` blocks too: the circles a type checker follows.
    """
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if type_checking or not _is_type_checking(node):
                yield from _imports(node.body, type_checking=type_checking)
            yield from _imports(node.orelse, type_checking=type_checking)
        elif isinstance(node, ast.Try):
            for block in (node.body, *(handler.body for handler in node.handlers), node.orelse, node.finalbody):
                yield from _imports(block, type_checking=type_checking)


def _ancestors(name: str) -> list[str]:
    """The packages above a dotted name, outermost first (`a.b.c` → `a`, `a.b`)."""
    parts = name.split(".")
    return [".".join(parts[:index]) for index in range(1, len(parts))]


def _targets(importer: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The modules of `generator/` an import statement of `importer` runs.

    The module it names, a submodule it imports by name, and the packages above them; the packages above the
    importer itself are left out, as Python has imported them before it (a submodule importing a sibling does not
    depend on its package's `__init__`; naming the package explicitly does).
    """
    if isinstance(node, ast.Import):
        named = {alias.name for alias in node.names}
    else:
        base = node.module or ""
        if node.level:
            package = importer if _is_package(importer) else importer.rpartition(".")[0]
            parents = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            base = ".".join([*parents, *([node.module] if node.module else [])])
        named = {base, *(f"{base}.{alias.name}" for alias in node.names)}
    found = set()
    for module in named:
        if module in MODULES:
            found.add(module)
        found |= {package for package in _ancestors(module) if package not in _ancestors(importer)}
    return {module for module in found if module in MODULES and module != importer}


def _is_package(name: str) -> bool:
    """Whether a module of `generator/` is a package (its `__init__.py`)."""
    return (ROOT.joinpath(*name.split(".")) / "__init__.py").is_file()


def graph(*, type_checking: bool) -> dict[str, set[str]]:
    """The import graph of `generator/`: each module → the modules of `generator/` its import runs."""
    return {
        name: {target for node in _imports(tree.body, type_checking=type_checking) for target in _targets(name, node)}
        for name, tree in MODULES.items()
    }


def cycle(edges: dict[str, set[str]]) -> list[str]:
    """One import cycle of the graph (`[a, b, a]`: a imports b imports a), or `[]` when it has none."""
    try:
        graphlib.TopologicalSorter(edges).prepare()
    except graphlib.CycleError as error:
        return list(error.args[1])
    return []


def test_the_cycle_finder_finds_a_circle_and_passes_a_chain():
    found = cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})
    assert sorted(found[:-1]) == ["a", "b", "c"]
    assert found[0] == found[-1]
    assert cycle({"a": {"a"}}) == ["a", "a"]
    assert cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_graph_sees_runtime_type_checking_and_package_imports():
    """The graph reads what the modules import: a known edge of each kind is in it, a type-only one only with them."""
    runtime, typed = graph(type_checking=False), graph(type_checking=True)
    assert "generator.diff.changes" in runtime["generator.diff.http"]
    # http_constraints names the walk it is handed only in annotations.
    assert "generator.diff.http_walk" not in runtime["generator.diff.http_constraints"]
    assert "generator.diff.http_walk" in typed["generator.diff.http_constraints"]
    # `from generator.lint import without_python_hints` runs the lint package's `__init__`.
    assert "generator.lint" in runtime["generator.bench.baselines"]
    assert len(MODULES) > 50


@pytest.mark.parametrize("type_checking", [False, True], ids=["runtime", "with-type-checking"])
def test_generator_has_no_import_cycle(type_checking):
    """No cycle among module-level imports; none either when the `if TYPE_CHECKING:` imports are counted."""
    assert cycle(graph(type_checking=type_checking)) == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_imports_alone_in_a_fresh_interpreter(module):
    """A circle that only bites in one import order fails here: each module is the first one imported."""
    ran = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=IMPORT_SECONDS,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
