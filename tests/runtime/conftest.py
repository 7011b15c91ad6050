"""Fixtures for the runtime's own tests: each file here imports runtime modules only, never a generated one.

So they run against the generated package (`python -m pytest tests/runtime`) and against `overrides/runtime/` as
written, with no regeneration (`python -m pytest --runtime-source tests/runtime tests/client`; see tests/conftest.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture
def registry() -> Iterator[None]:
    """Let a test register models and clients of its own; what the generated package registered is put back after."""
    from iqm_finance_client import _registry  # noqa: PLC0415 -- not before `--runtime-source` sets the package

    models, clients = list(_registry._MODELS), list(_registry._CLIENTS)
    _registry._MODELS.clear()
    _registry._CLIENTS.clear()
    yield
    _registry._MODELS[:] = models
    _registry._CLIENTS[:] = clients
