"""The runtime stands on its own: no module of `overrides/runtime/` imports a generated one, not even lazily.

Checked where the runtime is written, statically (every import statement, in functions too) and by importing each
module of a package assembled from `overrides/runtime/` alone, with no template rendered.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from iqm_finance_client import _types

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "overrides" / "runtime"
PACKAGE = "iqm_finance_client"

# The package assembled from overrides/runtime/ as `--runtime-source` assembles it: no __init__.py, no template.
ASSEMBLED = """
    import importlib, importlib.machinery, importlib.util, json, sys, traceback

    spec = importlib.machinery.ModuleSpec("iqm_finance_client", None, is_package=True)
    spec.submodule_search_locations = [sys.argv[1]]
    sys.modules["iqm_finance_client"] = importlib.util.module_from_spec(spec)
    failed = {}
    for name in json.loads(sys.argv[2]):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 -- any failure is the answer
            failed[name] = traceback.format_exc(limit=-3)
    generated = ("client", "types", "models", "api", "errors", "_version")
    loaded = sorted(name for name in sys.modules if name.split(".")[1:2] and name.split(".")[1] in generated
                    and name.startswith("iqm_finance_client."))
    print(json.dumps({"failed": failed, "loaded": loaded}))
"""


def runtime_modules() -> dict[str, Path]:
    """Each module of overrides/runtime/, by its name in the package (`iqm_finance_client._wire`, ...)."""
    names: dict[str, Path] = {}
    for path in sorted(RUNTIME.rglob("*.py")):
        parts = path.relative_to(RUNTIME).with_suffix("").parts
        names[".".join([PACKAGE, *(parts[:-1] if parts[-1] == "__init__" else parts)])] = path
    return names


def _type_checking_only(tree: ast.Module) -> set[int]:
    """The ids of the import nodes inside `if TYPE_CHECKING:` blocks (never run)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            found.update(id(inner) for statement in node.body for inner in ast.walk(statement))
    return found


def imports_of(name: str, path: Path) -> tuple[set[str], set[str]]:
    """The package modules a runtime module imports: (run at any time, in TYPE_CHECKING blocks only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = _type_checking_only(tree)
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    run: set[str] = set()
    typed: set[str] = set()
    for node in ast.walk(tree):
        targets: set[str] = set()
        if isinstance(node, ast.Import):
            targets = {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            targets = {target, *(f"{target}.{alias.name}" for alias in node.names)}
        ours = {target for target in targets if target.split(".")[0] == PACKAGE}
        (typed if id(node) in typing_only else run).update(ours)
    return run, typed


def test_no_runtime_module_imports_a_generated_one():
    modules = runtime_modules()

    def outside(targets: set[str]) -> set[str]:
        # A runtime module, or a name imported from one (`from ._spec import Operation`); the package itself.
        return {name for name in targets - {PACKAGE} if name not in modules and name.rpartition(".")[0] not in modules}

    generated: dict[str, set[str]] = {}
    typing_only: dict[str, set[str]] = {}
    for name, path in modules.items():
        run, typed = imports_of(name, path)
        if outside(run):
            generated[name] = outside(run)
        if outside(typed):
            typing_only[name] = outside(typed)
    assert generated == {}
    # One generated module is named in annotations only, by the fake: the Client classes its methods return.
    client = f"{PACKAGE}.client"
    assert typing_only == {f"{PACKAGE}.testing._fake": {client, f"{client}.AsyncClient", f"{client}.Client"}}


def test_the_runtime_assembled_alone_imports_every_module():
    names = [name for name in runtime_modules() if name != PACKAGE]
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(ASSEMBLED), str(RUNTIME), json.dumps(names)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT / "tests",  # no generated/ on the path: nothing generated could be found
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer == {"failed": {}, "loaded": []}
    assert len(names) > 35


def test_runtime_source_runs_the_runtime_as_written(request):
    module = Path(_types.__file__).resolve()
    if request.config.getoption("--runtime-source"):
        assert module == RUNTIME / "_types.py"
    else:
        assert module == ROOT / "generated" / PACKAGE / "_types.py"


@pytest.mark.parametrize("name", ["_checks", "_fields", "_wire"])
def test_the_modules_that_imported_types_now_import_the_runtime_sentinels(name):
    run, _ = imports_of(f"{PACKAGE}.{name}", RUNTIME / f"{name}.py")
    assert f"{PACKAGE}._types" in run
    assert f"{PACKAGE}.types" not in run
