"""`generator/` has no import circle: each module imports alone, and its module-level import graph has no cycle."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator import ROOT
from tests.import_graph import cycle, import_graph, module_names

PACKAGE = ROOT / "generator"
# One import of one module in a fresh interpreter: the slowest (lint.models: pydantic, datamodel-code-generator)
# takes about a second; the bound stops a hung import.
IMPORT_SECONDS = 60


MODULES = module_names(PACKAGE)


def graph(*, type_checking: bool) -> dict[str, set[str]]:
    """The import graph of `generator/`: each module -> the modules of `generator/` its import runs."""
    return import_graph(PACKAGE, type_checking=type_checking)


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
