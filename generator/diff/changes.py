"""What the diff finds: a `Rule` (a kind of change), a `Change` (a rule at a place) and a `SpecDiff` (all of them).

Each rule is declared as a constant next to the code that emits it (`http_parameters.PARAMETER_REMOVED`, ...);
`rules.RULES` merges them all. A change carries its rule, so its id, level and view are the rule's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from collections.abc import Iterable

Bump = Literal["major", "minor", "patch", "none"]
Level = Literal["major", "minor", "patch"]
View = Literal["http", "python"]
# Bumps from the strongest down: the first level any change has is the verdict.
BUMP_ORDER: tuple[Bump, ...] = ("major", "minor", "patch", "none")


@dataclass(frozen=True)
class Rule:
    """A kind of change: its id, its level, what it means for a user of the wheel, and the view that finds it.

    The level fixes the verdict of every change of the rule: `major` (breaking: code that worked with the old wheel
    can fail with the new one, or the server may reject what the old client sent), `minor` (new, compatible),
    `patch` (documentation, or the package's code changed behind the same public names).
    """

    id: str
    level: Level
    meaning: str
    view: View = "http"


def python_rule(rule_id: str, level: Level, meaning: str) -> Rule:
    """Return a rule of the Python view."""
    return Rule(rule_id, level, meaning, "python")


@dataclass(frozen=True)
class Change:
    """One change: its rule, the operation it reaches, where it is, and what it means.

    `where` is a JSON pointer (`#/...`) into the new spec (into the old one for what was removed), or for the Python
    view a dotted path into the package. `endpoint` (`METHOD /path`) is for the reports, not the JSON.
    """

    rule: Rule
    operation: str | None
    where: str
    message: str
    endpoint: str | None = None

    @property
    def id(self) -> str:
        """The rule's id."""
        return self.rule.id

    @property
    def level(self) -> Level:
        """The rule's level: every change of a rule has it."""
        return self.rule.level

    @property
    def view(self) -> View:
        """The view whose rule found the change."""
        return self.rule.view

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


def bump_of(changes: Iterable[Change]) -> Bump:
    """Return the bump a set of changes needs: the strongest level among them, or `none`."""
    levels = {change.level for change in changes}
    return next((bump for bump in BUMP_ORDER if bump in levels), "none")


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
