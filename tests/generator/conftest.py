"""Fixtures for the generator tests: copies of the repository layout in tmp_path, never the real generated/."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator import ROOT
from generator.layout import Layout

if TYPE_CHECKING:
    from collections.abc import Callable

FIXTURE_SPEC = Path(__file__).parent / "fixtures" / "openapi.yaml"
# What a generation or build reads from the checkout.
COPIED_DIRS = ("generator", "overrides")
COPIED_FILES = ("pyproject.toml", "README.md")


def copy_layout(destination: Path, spec: Path = FIXTURE_SPEC) -> Layout:
    """Copy generator/, overrides/, pyproject.toml and README.md to `destination`, with `spec` as spec/openapi.yaml."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in COPIED_DIRS:
        shutil.copytree(ROOT / name, destination / name, ignore=ignore)
    for name in COPIED_FILES:
        shutil.copyfile(ROOT / name, destination / name)
    (destination / "spec").mkdir()
    shutil.copyfile(spec, destination / "spec" / "openapi.yaml")
    (destination / "generated").mkdir()
    return Layout.at(destination)


def tree_hashes(directory: Path) -> dict[str, str]:
    """Map every file below `directory` (caches included) to its SHA-256: the before/after picture of a tree."""
    return {
        path.relative_to(directory).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(name="tree_hashes")
def tree_hashes_fixture() -> Callable[[Path], dict[str, str]]:
    """The `tree_hashes` helper, for tests (conftest cannot be imported under --import-mode=importlib)."""
    return tree_hashes


@pytest.fixture(name="copy_layout")
def copy_layout_fixture() -> Callable[..., Layout]:
    """The `copy_layout` helper: copy the repository layout to a directory, with a spec of choice."""
    return copy_layout


@pytest.fixture(scope="session")
def generated_template(tmp_path_factory: pytest.TempPathFactory) -> Layout:
    """A layout copy with generated/ made once from the fixture spec; tests copy it rather than generate again."""
    from generator.generate import generate  # noqa: PLC0415 - imports openapi-python-client, only when needed

    layout = copy_layout(tmp_path_factory.mktemp("template"))
    generate(layout)
    return layout


@pytest.fixture
def generated_layout(generated_template: Layout, tmp_path: Path) -> Layout:
    """A private copy of a freshly generated layout, free for the test to break."""
    root = tmp_path / "repo"
    shutil.copytree(generated_template.root, root)
    return Layout.at(root)


@pytest.fixture
def fresh_layout(tmp_path: Path) -> Layout:
    """A layout copy whose generated/ is still empty."""
    root = tmp_path / "repo"
    root.mkdir()
    return copy_layout(root)
