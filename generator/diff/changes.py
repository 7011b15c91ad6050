"""What the diff finds: a `Change` (a rule at a place, reaching an operation) and a `SpecDiff` (all of them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from generator.diff.bump import BUMP_ORDER, bump_of

if TYPE_CHECKING:
    from collections.abc import Iterable

    from generator.diff.rules import Bump, Level, View


@dataclass(frozen=True)
class Change:
    """One change: its rule id, the operation it reaches, where it is, and what it means.

    `where` is a JSON pointer (`#/...`) into the new spec (into the old one for what was removed), or for the Python
    view a dotted path into the package. `endpoint` (`METHOD /path`) and `view` are for the reports, not the JSON.
    """

    id: str
    level: Level
    operation: str | None
    where: str
    message: str
    endpoint: str | None = None
    view: View = "http"

    @property
    def breaking(self) -> bool:
        """Whether code that worked with the old wheel can fail with the new one."""
        return self.level == "major"

    def as_json(self) -> dict[str, object]:
        """Return the change as the JSON report carries it: exactly id, breaking, operation, where, message."""
        return {
            "id": self.id,
            "breaking": self.breaking,
            "operation": self.operation,
            "where": self.where,
            "message": self.message,
        }


@dataclass(frozen=True)
class SpecDiff:
    """The changes from one spec to another, with both `info.version`s (for the version check)."""

    changes: tuple[Change, ...]
    old_version: str | None = None
    new_version: str | None = None

    @property
    def bump(self) -> Bump:
        """The version bump these changes need."""
        return bump_of(self.changes)

    def plus(self, changes: Iterable[Change]) -> SpecDiff:
        """Return the same diff with more changes (the Python API view), in report order."""
        return replace(self, changes=ordered([*self.changes, *changes]))


def version_of(document: Mapping[str, Any]) -> str | None:
    """Return the document's `info.version`, when it has one."""
    info = document.get("info")
    version = info.get("version") if isinstance(info, Mapping) else None
    return str(version) if version is not None else None


def ordered(changes: Iterable[Change]) -> tuple[Change, ...]:
    """Drop repeats (one component reached twice from one operation) and sort: strongest first, then by place."""
    unique = {(c.id, c.operation, c.where, c.view, c.message): c for c in changes}
    rank = {level: index for index, level in enumerate(BUMP_ORDER)}
    return tuple(
        sorted(
            unique.values(),
            key=lambda c: (rank[c.level], c.view, c.endpoint or "", c.operation or "", c.where, c.id, c.message),
        )
    )
