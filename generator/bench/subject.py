"""The client under test: the `iqm_finance_client` package in generated/ (or another directory, to try a change)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final

from generator.layout import DEFAULT, PACKAGE

if TYPE_CHECKING:
    from types import ModuleType

DEFAULT_DIR: Final = DEFAULT.generated


def load(directory: Path = DEFAULT_DIR) -> ModuleType:
    """Import `iqm_finance_client` from `directory`; refuse when another copy of it is already imported."""
    directory = directory.resolve()
    if str(directory) not in sys.path:
        sys.path.insert(0, str(directory))
    module = importlib.import_module(PACKAGE)
    found = Path(module.__file__ or "").resolve().parent.parent
    if found != directory:
        message = f"{PACKAGE} is already imported from {found}, not {directory}: run the bench in a fresh process"
        raise ImportError(message)
    return module
