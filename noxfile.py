"""Sessions for the IQM Finance client toolkit: lint the spec, generate, diff, build, test."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = False
# `diff` runs by default (and so in CI): a client that is stale against its spec never lands.
nox.options.sessions = ["lint", "diff", "tests", "floors"]


def _install_group(session: nox.Session, *groups: str, client: bool = False, extras: tuple[str, ...] = ()) -> None:
    """Install the named PEP 735 dependency groups (and the client's dependencies and extras); `nox -R` skips this."""
    requirements: list[str] = list(PYPROJECT["project"]["dependencies"]) if client else []
    for extra in extras:
        requirements.extend(PYPROJECT["project"]["optional-dependencies"][extra])
    for group in groups:
        requirements.extend(nox.project.dependency_groups(PYPROJECT, group))
    session.run_install("python", "-m", "pip", "install", "--quiet", *sorted(set(requirements)), silent=True)


def _npm_ci(session: nox.Session) -> None:
    """Install the pinned Node tools with `npm ci` unless node_modules already matches the lock file."""
    if shutil.which("npm") is None:
        session.error("npm is not on PATH: install Node.js 20.19+ and npm, then run `npm ci` in the repository root.")
    lock = ROOT / "package-lock.json"
    installed = ROOT / "node_modules" / ".package-lock.json"
    if installed.is_file() and _locked_packages(installed) == _locked_packages(lock):
        return
    session.run("npm", "ci", "--no-audit", "--no-fund", external=True)


def _locked_packages(lock: Path) -> dict[str, str]:
    """Map each package in an npm lock file to its version, for telling whether `npm ci` is needed.

    Optional packages are left out: npm installs them only on the platforms they are for (Prism's file watcher
    locks `fsevents`, for macOS alone), so they would make every other machine run `npm ci` each time.
    """
    packages = json.loads(lock.read_text(encoding="utf-8")).get("packages", {})
    return {name: str(meta.get("version")) for name, meta in packages.items() if name and not meta.get("optional")}


@nox.session
def lint(session: nox.Session) -> None:
    """Lint the spec (openapi-spec-validator, Redocly, examples, datamodel-code-generator, quirk catalogue)."""
    _npm_ci(session)
    _install_group(session, "lint")
    session.run("python", "-m", "generator", "lint", *session.posargs)


@nox.session
def generate(session: nox.Session) -> None:
    """Regenerate generated/ from spec/openapi.yaml and overrides/, atomically (posargs: another spec file)."""
    # the generator imports every module of the new package (iqm_finance_client.testing too) before swapping it in
    _install_group(session, "generate", client=True, extras=("testing",))
    session.run("python", "-m", "generator", "generate", *session.posargs)


@nox.session
def diff(session: nox.Session) -> None:
    """Report what the spec's change does to the API and the client, then fail when generated/ is stale.

    No posargs: the spec against the merge-base with main (HTTP view, and the Python API of the base's committed
    generated/ against a render of this checkout, on stderr), then the drift check.
    `-- OLD NEW [--format json|github] [--output FILE] [--check-version] [--changelog CHANGELOG.md]`: the semantic
    diff of two specs (files or git-ref:path; a git-ref side uses that commit's generated/), as Markdown, JSON or
    GitHub annotations, and NEW's changelog entry. `-- --quick` or `-- SPEC`: the drift check alone.
    """
    _install_group(session, "generate")  # the Python API diff renders with the pinned generator
    session.run("python", "-m", "generator", "diff", *session.posargs)


@nox.session
def build(session: nox.Session) -> None:
    """Build the iqm-finance-client sdist and wheel into dist/, reproducibly, and twine-check them."""
    _install_group(session, "build")
    session.run("python", "-m", "generator", "build", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Measure the client against json.loads, pydantic v2, the stock client and raw httpx2; write docs/benchmarks.md.

    Never run by default (it takes minutes). posargs go to `python -m generator.bench`: `--sizes 1000,10000`,
    `--runs 7`, `--only decode,import`, `--output /tmp/bench.md`, `--profile /tmp/decode.txt`; `-- --help` lists all.
    """
    _install_group(session, "bench", client=True)  # the bench imports the generated package from generated/
    session.run("python", "-m", "generator.bench", *session.posargs)


@nox.session
def floors(session: nox.Session) -> None:
    """Run the client's tests on the lowest httpx2, attrs and msgspec the wheel accepts (posargs go to pytest).

    The fast decode leans on how msgspec decodes attrs classes, so the floors in [project] dependencies are
    tested, not assumed.
    """
    lowest = [re.sub(r">=([^,;]+).*", r"==\1", requirement) for requirement in PYPROJECT["project"]["dependencies"]]
    requirements = [*lowest, *nox.project.dependency_groups(PYPROJECT, "test-client")]
    session.run_install("python", "-m", "pip", "install", "--quiet", *requirements, silent=True)
    session.run("python", "-m", "pytest", *(session.posargs or ["tests/client", "tests/runtime"]))


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite: ruff, mypy --strict, then pytest (posargs go to pytest).

    Without posargs, the runtime's tests also run on `overrides/runtime/` as written, with no regeneration, as a
    maintainer runs them while editing it: `python -m pytest --runtime-source tests/runtime tests/client`.
    """
    _npm_ci(session)
    # mypy and the tests import the generated package; tests/testing runs its fake (the `testing` extra)
    _install_group(session, "typing", "test", client=True, extras=("testing",))
    session.run("ruff", "check", "--no-cache", ".")
    session.run("ruff", "format", "--check", "--no-cache", ".")
    session.run("mypy")
    session.run("python", "-m", "pytest", *(session.posargs or ["tests"]))
    if not session.posargs:
        session.run("python", "-m", "pytest", "--runtime-source", "tests/runtime", "tests/client")
