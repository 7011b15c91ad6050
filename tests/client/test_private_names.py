"""No module of the package reaches into another's private names.

The rule: a module of `iqm_finance_client` may import another module of the package, private modules included
(`from ... import _checks`: the runtime's modules are private to the package, and their public names are their
interface), and use that module's public names (`_checks.parameter`). It may not import, or read through a
module, a name with a leading underscore that is not itself a module: `from .pagination import _is_last`,
`_operation._get_kwargs(...)`. A module's own private names are its business; the standard library's and
httpx2's are not this package's to judge here.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import iqm_finance_client

PACKAGE = Path(iqm_finance_client.__file__).parent
NAME = iqm_finance_client.__name__


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # its parent is a module, not a package
        return False


def _module_of(path: Path) -> tuple[str, str]:
    """The module's dotted name and the package its relative imports start from."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        dotted = ".".join(parts[:-1])
        return dotted, dotted
    dotted = ".".join(parts)
    return dotted, dotted.rpartition(".")[0]


def reaches(source: str, package: str) -> list[str]:
    """Every private name of another module of the package that `source` imports or reads, as written."""
    tree = ast.parse(source)
    modules: dict[str, str] = {}  # local name -> the module of the package it is bound to
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = (
                importlib.util.resolve_name("." * node.level + (node.module or ""), package)
                if node.level
                else node.module
            )
            if base is None or not (base == NAME or base.startswith(NAME + ".")):
                continue
            for alias in node.names:
                if _is_module(f"{base}.{alias.name}"):
                    modules[alias.asname or alias.name] = f"{base}.{alias.name}"
                elif _is_private(alias.name):
                    found.append(f"from {base} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == NAME or alias.name.startswith(NAME + "."):
                    modules[alias.asname or alias.name.partition(".")[0]] = (alias.asname and alias.name) or NAME
    found.extend(
        f"{node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in modules
        and _is_private(node.attr)
        and not _is_module(f"{modules[node.value.id]}.{node.attr}")
    )
    return found


def test_no_module_of_the_package_uses_a_private_name_of_another():
    offences = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        _dotted, package = _module_of(path)
        found = reaches(path.read_text(encoding="utf-8"), package)
        if found:
            offences[str(path.relative_to(PACKAGE))] = found
    assert offences == {}


def test_the_scan_finds_what_the_rule_forbids_and_passes_what_it_allows():
    package = f"{NAME}.api.payments"
    forbidden = """
from . import list_payments as _operation
from ...pagination import _is_last
from ... import _checks
kwargs = _operation._get_kwargs()
"""
    assert reaches(forbidden, package) == [f"from {NAME}.pagination import _is_last", "_operation._get_kwargs"]
    allowed = """
import sys
from . import list_payments as operation
from ... import _checks, _endpoint
request = operation.build_request()
_checks.parameter(1, "x", "int")
frame = sys._getframe(0)
"""
    assert reaches(allowed, package) == []
