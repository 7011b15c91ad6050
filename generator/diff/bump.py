"""The bump rules: the version a set of changes needs, and whether NEW's `info.version` is high enough.

A change's rule fixes its level (changes.Rule); the bump is the strongest level found. Before 1.0 a breaking change
needs the next minor version and anything else the next patch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

# The bump of a set of changes is theirs: `bump_of` and `BUMP_ORDER` are named here too, where the bump rules are.
from generator.diff.changes import BUMP_ORDER, bump_of

if TYPE_CHECKING:
    from generator.diff.changes import Bump, SpecDiff

__all__ = ["BUMP_ORDER", "KINDS", "VersionCheck", "bump_of", "check_version"]

KINDS = {"major": "breaking", "minor": "non-breaking", "patch": "documentation or internal"}
RELEASE = re.compile(r"(?:[0-9]+!)?(?P<release>[0-9]+(?:\.[0-9]+)*)")


@dataclass(frozen=True)
class VersionCheck:
    """Whether NEW's `info.version` is high enough for the changes, the version needed, and why."""

    ok: bool
    needed: str | None
    message: str


def check_version(diff: SpecDiff) -> VersionCheck:
    """Check NEW's `info.version` against OLD's and the bump the changes need (0.x: breaking bumps the minor)."""
    old, new, bump = diff.old_version, diff.new_version, diff.bump
    old_release, new_release = _release(old), _release(new)
    if old_release is None or new_release is None:
        shown = old if old_release is None else new
        return VersionCheck(ok=False, needed=None, message=f"`info.version` {shown!r} is not a PEP 440 version.")
    needed = _needed(old_release, bump)
    ok = new_release >= needed
    needed_text = ".".join(map(str, needed))
    span = f"`info.version` {old} → {new}"
    if bump == "none":
        state = "" if ok else " goes backwards"
        return VersionCheck(ok=ok, needed=needed_text, message=f"{span}{state}: no change needs a new version.")
    if ok:
        return VersionCheck(ok=True, needed=needed_text, message=f"{span} is enough for a {bump} change.")
    return VersionCheck(ok=False, needed=needed_text, message=f"{span}: needs {needed_text}: {_why(diff, bump)}.")


def _release(version: str | None) -> tuple[int, int, int] | None:
    """Return the first three numbers of a version's release (missing ones are 0); None when it has none."""
    match = RELEASE.match(version or "")
    if match is None:
        return None
    numbers = [int(part) for part in match["release"].split(".")] + [0, 0]
    return numbers[0], numbers[1], numbers[2]


def _needed(old: tuple[int, int, int], bump: Bump) -> tuple[int, int, int]:
    """Return the lowest version a bump from `old` reaches; before 1.0 a breaking change bumps the minor."""
    major, minor, patch = old
    if bump == "major":
        return (major + 1, 0, 0) if major > 0 else (0, minor + 1, 0)
    if bump == "minor":
        return (major, minor + 1, 0) if major > 0 else (0, minor, patch + 1)
    if bump == "patch":
        return major, minor, patch + 1
    return old


def _why(diff: SpecDiff, bump: Bump) -> str:
    """Say why a bump is needed: how many changes of its level, and the first of them."""
    reasons = [change for change in diff.changes if change.level == bump]
    kind = KINDS.get(bump, "")
    first = reasons[0]
    place = first.endpoint or first.where
    plural = "" if len(reasons) == 1 else "s"
    return f"{len(reasons)} {kind} change{plural}, e.g. {first.id} at {place}"
