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
COPIED_FILES = ("pyproject.toml", "docs/client-readme.md")  # the wheel's long description


def copy_layout(destination: Path, spec: Path = FIXTURE_SPEC) -> Layout:
    """Copy generator/, overrides/, pyproject.toml and the client README to `destination`, `spec` as its spec."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in COPIED_DIRS:
        shutil.copytree(ROOT / name, destination / name, ignore=ignore)
    for name in COPIED_FILES:
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
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


# A template-only change, as two tiny packages: the runtime moved from httpx to httpx2, the client alias dropped,
# `Download` exported, an error lost a base and an attribute. No endpoint or model differs.
OLD_PACKAGE = {
    "__init__.py": "from ._version import __version__\nfrom .client import AuthenticatedClient, Client\n"
    '__all__ = ("AuthenticatedClient", "Client", "__version__")\n',
    "_version.py": '__version__ = "1.0.0"\n',
    "client.py": "from ._base_client import DEFAULT_TIMEOUT, Client\nAuthenticatedClient = Client\n"
    '__all__ = ["DEFAULT_TIMEOUT", "AuthenticatedClient", "Client"]\n',
    "_base_client.py": "import httpx\nDEFAULT_TIMEOUT: Final = httpx.Timeout(30.0)\n"
    "class Client:\n"
    "    def __init__(self, *, token: str | None = None, transport: httpx.BaseTransport | None = None) -> None: ...\n"
    "    @property\n    def timeout(self) -> httpx.Timeout: ...\n"
    "    def get_httpx_client(self) -> httpx.Client: ...\n"
    "    def __enter__(self) -> Self: ...\n"
    "    def _private(self) -> None: ...\n",
    "errors.py": "from ._exceptions import APIStatusError, FinanceAPIError, NotFoundError\n"
    '__all__ = ["APIStatusError", "FinanceAPIError", "NotFoundError"]\n',
    "_exceptions.py": "import httpx\nclass FinanceAPIError(Exception):\n    message: str\n"
    "class APIStatusError(FinanceAPIError):\n    response: httpx.Response\n    status_code: int\n"
    "class NotFoundError(APIStatusError): ...\n",
    "types.py": 'class Unset: ...\nUNSET: Unset = Unset()\n__all__ = ["UNSET", "Unset"]\n',
    "api/__init__.py": "",
    "models/__init__.py": "",
}
NEW_PACKAGE = {
    **OLD_PACKAGE,
    "__init__.py": "from typing import TYPE_CHECKING\nfrom ._version import __version__\nfrom .client import Client\n"
    "if TYPE_CHECKING:\n    from .types import Download\n"
    '__all__ = ("Client", "Download", "__version__")\n',
    "_version.py": '__version__ = "2.0.0"\n',
    "client.py": 'from ._base_client import DEFAULT_TIMEOUT, Client\n__all__ = ["DEFAULT_TIMEOUT", "Client"]\n',
    "_base_client.py": "import httpx2\nDEFAULT_TIMEOUT: Final = httpx2.Timeout(30.0)\n"
    "class Client:\n"
    "    def __init__(self, *, token: str | None = None, transport: httpx2.BaseTransport | None = None) -> None: ...\n"
    "    @property\n    def timeout(self) -> httpx2.Timeout: ...\n"
    "    def get_httpx_client(self) -> httpx2.Client: ...\n"
    "    def __enter__(self) -> Self: ...\n",
    "_exceptions.py": "import httpx2\nclass FinanceAPIError(Exception):\n    message: str\n"
    "class APIStatusError(FinanceAPIError):\n    response: httpx2.Response\n"
    "class NotFoundError(FinanceAPIError): ...\n",
    "types.py": "from ._downloads import Download\nclass Unset: ...\nUNSET: Unset = Unset()\n"
    '__all__ = ["UNSET", "Download", "Unset"]\n',
    "_downloads.py": "class Download:\n    content: bytes\n",
}


def write_package(root: Path, files: dict[str, str]) -> Path:
    """Write a package named iqm_finance_client under `root` from {relative path: text}; return its directory."""
    package = root / "iqm_finance_client"
    for name, text in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text, encoding="utf-8")
    return package


@pytest.fixture
def template_only_change(tmp_path: Path) -> tuple[Path, Path]:
    """Two packages that differ only where templates and runtime modules shape them (old, new)."""
    return write_package(tmp_path / "old", OLD_PACKAGE), write_package(tmp_path / "new", NEW_PACKAGE)
