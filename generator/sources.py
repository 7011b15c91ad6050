"""Where a spec to diff comes from: a file, or `git-ref:path` read with `git show`; and the base to diff against."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator import spec_index
from generator.problems import Problem, StepFailedError

if TYPE_CHECKING:
    from pathlib import Path

# The branch the no-argument `diff` compares with: the first of these that git knows.
MAIN_BRANCHES = ("main", "origin/main")


@dataclass(frozen=True)
class Source:
    """A loaded spec: how the user named it, its text, and its parsed data."""

    label: str
    text: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Base:
    """The commit the working tree's spec is compared with, and how it was found."""

    commit: str
    how: str


def load(spec: str, cwd: Path) -> Source | Problem:
    """Load `spec`: a file (relative to `cwd`), or else `REF:path` from git (a path relative to the repository)."""
    path = cwd / spec
    if path.is_file() or ":" not in spec:
        return load_file(path, spec)
    ref, _, inner = spec.partition(":")
    return load_git(ref, inner, cwd, spec)


def load_file(path: Path, label: str) -> Source | Problem:
    """Load a spec file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return Problem(file=label, message=f"cannot read the spec: {error}")
    return _parse(text, label)


def load_git(ref: str, path: str, cwd: Path, label: str | None = None) -> Source | Problem:
    """Load the spec at `path` as of the commit `ref` (`./path` is relative to `cwd`, as git reads it)."""
    shown = label or f"{ref}:{path}"
    result = _git(["show", f"{ref}:{path}"], cwd)
    if result.returncode != 0:
        return Problem(file=shown, message=f"git show failed: {' '.join(result.stderr.split())}")
    return _parse(result.stdout, shown)


def merge_base(root: Path) -> Base | None:
    """Find the merge-base of HEAD with main (or origin/main), else HEAD itself; None outside a git repository."""
    for branch in MAIN_BRANCHES:
        result = _git(["merge-base", "HEAD", branch], root)
        if result.returncode == 0 and result.stdout.strip():
            return Base(commit=result.stdout.strip(), how=f"the merge-base of HEAD and {branch}")
    result = _git(["rev-parse", "--verify", "--quiet", "HEAD"], root)
    if result.returncode == 0 and result.stdout.strip():
        return Base(commit=result.stdout.strip(), how="HEAD (no main branch to compare with)")
    return None


def _git(arguments: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run git, capturing its output; a missing git is a failed run, not an exception."""
    try:
        return subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as error:
        return subprocess.CompletedProcess(["git", *arguments], 127, "", str(error))


def _parse(text: str, label: str) -> Source | Problem:
    """Parse spec text as the generator does (ruamel, YAML 1.2); a YAML error is the problem returned."""
    try:
        parsed = spec_index.parse(text, label)
    except StepFailedError as error:
        return error.problems[0]
    return Source(label=label, text=text, data=parsed.data)
