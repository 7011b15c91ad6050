"""No import cycle in `iqm_finance_client`: each module imports on its own, and no module-level import circles back.

Two views of one property. Dynamically: every module of the generated package, imported first in a process that
has loaded nothing of the package, imports without error (an import circle shows as a partly initialized module).
Statically: the package's import graph, from each module's module-level imports (`if TYPE_CHECKING:` blocks and
function bodies left out: they run after the module is loaded), has no cycle.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.import_graph import cycle, import_graph, module_names

GENERATED = Path(__file__).resolve().parents[2] / "generated"
PACKAGE = "iqm_finance_client"

# A fresh interpreter that loads the runtime's dependencies, never the package, then imports each module first in
# a child forked from it (so alone, and without 170 interpreter start-ups); each child answers through a pipe.
ALONE = """
    import json, multiprocessing, sys, traceback
    import attrs, httpx2, msgspec  # the dependencies, so that each child spends its time on the package alone

    def first_import(name):
        loaded = [module for module in sys.modules if module.split(".")[0] == name.split(".")[0]]
        if loaded:
            return name, f"not alone: {loaded} already loaded"
        try:
            __import__(name)
        except BaseException:  # noqa: BLE001 -- any failure is the answer
            return name, traceback.format_exc(limit=-3)
        return name, None

    names = json.loads(sys.stdin.read())
    with multiprocessing.get_context("fork").Pool(2, maxtasksperchild=1) as pool:
        answers = pool.map_async(first_import, names, chunksize=1).get(timeout=240)
    print(json.dumps(dict(answers)))
"""


def test_the_package_has_no_module_level_import_cycle():
    graph = import_graph(GENERATED / PACKAGE)
    assert cycle(graph) == []
    # The graph is the package's: its runtime, models and operations, with the edges between them.
    assert len(graph) > 150
    assert f"{PACKAGE}._exceptions" in graph[f"{PACKAGE}._config"]
    assert f"{PACKAGE}._registry" in graph[f"{PACKAGE}.models"]


def test_the_cycle_check_sees_module_level_imports_only(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    # a -> sub.b at module level (inside a try), sub.b -> a in a class body: a circle.
    (package / "a.py").write_text("try:\n    from .sub import b\nexcept ImportError:\n    pass\nX = 1\n")
    (package / "sub" / "b.py").write_text("class B:\n    from ..a import X\n")
    # c <-> d only through TYPE_CHECKING and a function body: no circle.
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import d\n")
    (package / "d.py").write_text("from . import a\ndef f():\n    from . import c\n")
    graph = import_graph(package)
    assert graph["pkg.d"] == {"pkg.a"}
    assert graph["pkg.c"] == set()
    found = cycle(graph)
    assert found
    assert set(found) == {"pkg.a", "pkg.sub.b"}


def first_imports(root: Path) -> dict[str, str | None]:
    """Import each module of the package at `root` first in a process of its own: {module: the error, or None}."""
    names = sorted(module_names(root))
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"} | {"PYTHONPATH": str(root.parent)}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(ALONE)],
        input=json.dumps(names),
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answers: dict[str, str | None] = json.loads(result.stdout)
    assert sorted(answers) == names
    return answers


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="each module is imported in a forked child")


@pytest.mark.slow
@needs_fork
def test_each_module_imports_alone():
    answers = first_imports(GENERATED / PACKAGE)
    assert len(answers) > 150
    assert {name: error for name, error in answers.items() if error is not None} == {}


@needs_fork
def test_importing_alone_finds_a_circle_that_breaks_an_import(tmp_path):
    package = tmp_path / "circle"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .b import Y\nX = 1\n")
    (package / "b.py").write_text("from .a import X\nY = 2\n")
    answers = first_imports(package)
    assert answers["circle"] is None
    assert "partially initialized module" in str(answers["circle.a"])
    assert "partially initialized module" in str(answers["circle.b"])
