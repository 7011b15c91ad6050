"""A directory tree as data: its source files, and their contents by relative path."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

IGNORED_PARTS = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"})


def source_files(directory: Path) -> list[Path]:
    """List the files below `directory` that are sources (no caches, no bytecode), sorted."""
    if not directory.is_dir():
        return []
    return sorted(
        path
        for path in directory.rglob("*")
        if path.is_file()
        and not IGNORED_PARTS.intersection(path.relative_to(directory).parts)
        and path.suffix != ".pyc"
    )


def read_tree(directory: Path) -> dict[str, bytes]:
    """Read every source file below `directory`, by POSIX path relative to it."""
    return {path.relative_to(directory).as_posix(): path.read_bytes() for path in source_files(directory)}
