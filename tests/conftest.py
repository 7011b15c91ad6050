"""Settings for the whole suite, and `--runtime-source`: the runtime's tests without a regeneration.

`python -m pytest --runtime-source tests/client tests/runtime` imports `iqm_finance_client` from
`overrides/runtime/` as written (a package assembled from its modules, no template rendered): the runtime imports
no generated module, so an edit there is tested at once. Only the test files that import nothing generated are
collected (every `iqm_finance_client` module they, or the helper modules beside them, import anywhere is a
runtime module); the others need `python -m generator generate` and run without the option.
"""

from __future__ import annotations

import ast
import importlib.machinery
import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ROOT / "overrides" / "runtime"
PACKAGE = "iqm_finance_client"

# The same examples on every run, so a red CI is reproducible and never a coin toss; `--hypothesis-profile dev`
# explores new ones.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("dev")
settings.load_profile("ci")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add `--runtime-source`."""
    parser.addoption(
        "--runtime-source",
        action="store_true",
        help="import iqm_finance_client from overrides/runtime/ (no regeneration); run only the runtime's tests",
    )


def pytest_configure(config: pytest.Config) -> None:
    """With `--runtime-source`, make `iqm_finance_client` the package of overrides/runtime/ before any test imports."""
    if config.getoption("--runtime-source"):
        loaded = sorted(name for name in sys.modules if name.partition(".")[0] == PACKAGE)
        if loaded:  # a conftest loaded before this hook imported the generated package: its tests would run on it
            message = f"--runtime-source: {', '.join(loaded)} imported from generated/ by a conftest; import it lazily"
            raise pytest.UsageError(message)
        spec = importlib.machinery.ModuleSpec(PACKAGE, None, is_package=True)
        spec.submodule_search_locations = [str(RUNTIME)]
        sys.modules[PACKAGE] = importlib.util.module_from_spec(spec)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """With `--runtime-source`, leave out the test files and folders (by their conftest) that need generated code."""
    if not config.getoption("--runtime-source"):
        return None
    if collection_path.is_dir():
        conftest = collection_path / "conftest.py"
        return conftest.is_file() and _generated_imports(conftest, top_level_only=True) is True
    if collection_path.suffix != ".py" or not collection_path.name.startswith("test_"):
        return None
    return _generated_imports(collection_path) is not False


def _generated_imports(path: Path, *, top_level_only: bool = False, seen: set[Path] | None = None) -> bool | None:
    """True when a file imports a generated module; None when it imports no runtime one either; else False.

    Every import statement counts (a test's own imports included), and those of the helper modules beside it that it
    imports; a conftest's module-level ones only (what loading it runs).
    """
    seen = seen if seen is not None else set()
    seen.add(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    found: bool | None = None
    for node in nodes:
        for name in _imported(node):
            if name == PACKAGE or name.startswith(f"{PACKAGE}."):
                if not _is_runtime(name.removeprefix(PACKAGE).lstrip(".")):
                    return True
                found = False
            elif (helper := _helper(path, name)) and helper not in seen and _generated_imports(helper, seen=seen):
                return True
    return found


def _helper(path: Path, name: str) -> Path | None:
    """The test helper module an import names: `tests.client.forking`, or a module beside `path`; else None."""
    for helper in (ROOT.joinpath(*name.split(".")).with_suffix(".py"), path.with_name(f"{name}.py")):
        if helper.is_file() and ROOT / "tests" in helper.parents:
            return helper
    return None


def _imported(node: ast.AST) -> list[str]:
    """The absolute module names an import statement names (`from PACKAGE import x` names `PACKAGE.x`)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and not node.level and node.module:
        if node.module == PACKAGE:
            return [f"{PACKAGE}.{alias.name}" for alias in node.names]
        return [node.module]
    return []


def _is_runtime(dotted: str) -> bool:
    """Whether `dotted` (below the package; "" for the package itself) is a module or package of overrides/runtime."""
    if not dotted or dotted.partition(".")[0] == "testing":
        return False  # the package's own names (Client, __version__) are generated; the fake needs generate's spec
    path = RUNTIME.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()
