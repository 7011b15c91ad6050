"""Fixtures for the spec lint tests: the valid fixture spec and quirk catalogue, and helpers to write broken copies."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

if TYPE_CHECKING:
    from collections.abc import Callable

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def valid_spec_path() -> Path:
    """The minimal OpenAPI 3.1 fixture that every lint check accepts."""
    return FIXTURES / "valid-openapi.yaml"


@pytest.fixture
def valid_quirks_path() -> Path:
    """The quirk catalogue that goes with the valid fixture spec."""
    return FIXTURES / "valid-quirks.yaml"


@pytest.fixture
def valid_spec(valid_spec_path: Path) -> dict[str, Any]:
    """A fresh dict of the valid fixture spec, for a test to break one thing in."""
    data: dict[str, Any] = yaml.safe_load(valid_spec_path.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def valid_quirks(valid_quirks_path: Path) -> dict[str, Any]:
    """A fresh dict of the valid quirk catalogue, for a test to break one thing in."""
    data: dict[str, Any] = yaml.safe_load(valid_quirks_path.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[..., Path]:
    """Dump data as YAML to `tmp_path/<name>` (keys in their order) and return the file's path."""

    def write(data: object, name: str = "openapi.yaml") -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return write


@pytest.fixture
def line_of() -> Callable[[Path, str], int]:
    """Find the 1-based line of the first line of a file that contains a text, to check the lines findings give."""

    def find(path: Path, text: str) -> int:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if text in line:
                return number
        message = f"{text!r} is not in {path}"
        raise AssertionError(message)

    return find
