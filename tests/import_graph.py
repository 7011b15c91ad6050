"""A package's import graph, read from its source with `ast`, and one cycle of it: the reader the import tests share.

`tests/client/test_imports.py` (the client package), `tests/generator/test_import_graph.py` (`generator/`) and
`tests/testing/test_imports.py` (the fake) ask the same question with different reach: by default only the imports
that run when a module loads (nested blocks and class bodies, not function bodies nor `if TYPE_CHECKING:`);
`type_checking=True` adds the type-only ones, `functions=True` those inside functions.
"""

from __future__ import annotations

import ast
import graphlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path


def module_names(root: Path) -> dict[str, Path]:
    """Every module and package of the package at `root` (a folder holding `__init__.py`), by its dotted name."""
    names: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def _is_type_checking(test: ast.expr) -> bool:
    """Whether an `if` test is `TYPE_CHECKING` (or `typing.TYPE_CHECKING`)."""
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(body: Sequence[ast.stmt], *, type_checking: bool, functions: bool) -> Iterator[ast.stmt]:
    """The statements of `body` that run, at the reach asked for, nested blocks and class bodies included."""
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if functions:
                yield from _statements(node.body, type_checking=type_checking, functions=functions)
            continue
        if isinstance(node, ast.If) and _is_type_checking(node.test) and not type_checking:
            yield from _statements(node.orelse, type_checking=type_checking, functions=functions)
            continue
        yield node
        for inner in (getattr(node, "body", []), getattr(node, "orelse", []), getattr(node, "finalbody", [])):
            inner_statements = [statement for statement in inner if isinstance(statement, ast.stmt)]
            yield from _statements(inner_statements, type_checking=type_checking, functions=functions)
        for handler in getattr(node, "handlers", []):
            yield from _statements(handler.body, type_checking=type_checking, functions=functions)


def _ancestors(name: str) -> set[str]:
    """The packages above a dotted name (`a.b.c` -> `a`, `a.b`)."""
    parts = name.split(".")
    return {".".join(parts[:index]) for index in range(1, len(parts))}


def import_graph(root: Path, *, type_checking: bool = False, functions: bool = False) -> dict[str, set[str]]:
    """Each module of the package at `root` -> the modules of that package its imports run.

    An import runs the module it names, or the submodules `from X import sub` names (and `X` itself for a name
    that is not a submodule), and the packages above them; the packages above the importer are left out, as
    Python has imported them before it.
    """
    modules = module_names(root)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        named: set[str] = set()
        for node in _statements(tree.body, type_checking=type_checking, functions=functions):
            if isinstance(node, ast.Import):
                named.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = here[: len(here) - node.level + 1] if node.level else []
                target = ".".join([*base, *([node.module] if node.module else [])])
                submodules = {f"{target}.{alias.name}" for alias in node.names} & modules.keys()
                named.update(submodules)  # `from . import _json`
                if len(submodules) < len(node.names):  # a name its __init__.py (or module) defines
                    named.add(target)
        outer = _ancestors(name)
        ran = named | {package for module in named for package in _ancestors(module)} - outer
        graph[name] = {module for module in ran if module in modules and module != name}
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle of the graph (`[a, b, a]`: a imports b imports a), or `[]` when it has none."""
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        return list(error.args[1])
    return []
