"""`build`: a reproducible wheel at the spec's version, holding the package only, that installs and imports."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
import venv
import zipfile
from importlib import metadata

import pytest

from generator import ROOT, build
from generator.layout import PACKAGE
from generator.problems import StepFailedError
from generator.tree import source_files

pytestmark = pytest.mark.slow


@pytest.fixture
def built(generated_layout):
    """One build of the fixture client into dist/ of its layout copy."""
    return build.build(generated_layout)


def test_two_builds_are_byte_identical(generated_layout, built, tmp_path):
    again = build.build(generated_layout, tmp_path / "again")
    assert [sha for _, sha in again.artifacts] == [sha for _, sha in built.artifacts]
    assert built.epoch_from == "fixed date (the spec has no commit)"  # the layout copy is no git checkout


def test_the_wheel_holds_the_package_at_the_spec_version(built):
    assert built.version == "0.1.0"
    names = [path.name for path, _ in built.artifacts]
    assert names == ["iqm_finance_client-0.1.0-py3-none-any.whl", "iqm_finance_client-0.1.0.tar.gz"]
    with zipfile.ZipFile(built.artifacts[0][0]) as wheel:
        files = wheel.namelist()
        metadata = wheel.read("iqm_finance_client-0.1.0.dist-info/METADATA").decode()
    assert f"{PACKAGE}/py.typed" in files
    assert f"{PACKAGE}/_version.py" in files
    assert {name.split("/")[0] for name in files} == {PACKAGE, "iqm_finance_client-0.1.0.dist-info"}
    assert "Version: 0.1.0\n" in metadata
    assert "Requires-Dist: httpx2" in metadata
    assert "Requires-Dist: attrs" in metadata


def test_a_stale_client_is_not_built(generated_layout):
    spec = generated_layout.spec
    spec.write_text(spec.read_text(encoding="utf-8").replace("summary: Get one invoice", "summary: Get an invoice"))
    with pytest.raises(StepFailedError, match=r"generated/ is stale \(spec_sha256 changed\)"):
        build.build(generated_layout)


def test_the_wheel_installs_into_a_fresh_venv_and_imports_outside_the_tree(built, tmp_path):
    wheel = built.artifacts[0][0]
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=False)  # pip of this interpreter installs into it, faster than ensurepip
    python = environment / "bin" / "python"
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", str(wheel)]
    installed = subprocess.run(install, check=False, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    probe = (
        "import importlib, pkgutil, iqm_finance_client as p; "
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(p.__path__, 'iqm_finance_client.')]; "
        "print(p.__version__, p.__file__)"
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = subprocess.run([str(python), "-I", "-c", probe], cwd=outside, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr  # e.g. a runtime dependency missing from [project] dependencies
    version, location = result.stdout.split()
    assert version == "0.1.0"
    assert location.startswith(str(environment))
    # httpx2 replaces httpx: nothing the wheel pulls in brings the frozen httpx (or its httpcore) along.
    frozen = "import importlib.util as u; print([m for m in ('httpx', 'httpcore') if u.find_spec(m)])"
    leftover = subprocess.run(
        [str(python), "-I", "-c", frozen], cwd=outside, capture_output=True, text=True, check=True
    )
    assert leftover.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("part", "extra"), [("the client", None), ("iqm_finance_client.testing", "testing")], ids=["client", "testing"]
)
def test_the_declared_dependencies_cover_what_the_package_imports(generated_layout, part, extra):
    # The client imports only [project] dependencies; its testing subpackage may add its extra's.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *(project["optional-dependencies"][extra] if extra else [])]
    declared = {canonical(re.match(r"[A-Za-z0-9_.-]+", requirement)[0]) for requirement in requirements}
    imported: set[str] = set()
    for path in source_files(generated_layout.package):
        in_testing = path.relative_to(generated_layout.package).parts[0] == "testing"
        if path.suffix == ".py" and in_testing == (extra is not None):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    imported.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    imported.add(node.module.split(".")[0])
    distributions = metadata.packages_distributions()
    undeclared = {
        module
        for module in imported - set(sys.stdlib_module_names) - {PACKAGE, "__future__"}
        if not declared & {canonical(name) for name in distributions.get(module, [])}
    }
    assert not undeclared, f"imported by {part}, not declared for it: {sorted(undeclared)}"


def test_no_module_of_the_package_imports_httpx(generated_layout):
    offenders = []
    for path in source_files(generated_layout.package):
        if path.suffix == ".py":
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                offenders.extend(
                    f"{path.name}: {name}" for name in names if name.split(".")[0] in {"httpx", "httpcore"}
                )
    assert not offenders


def canonical(name: str) -> str:
    """A distribution name normalised as PEP 503 does."""
    return re.sub(r"[-_.]+", "-", name).lower()
