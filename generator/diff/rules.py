"""Every rule of the diff in one registry: each module declares the rules it emits, next to the code that emits them.

A rule (`changes.Rule`) is its id, the level that fixes the verdict of every change of it (`major`: code that worked
with the old wheel can fail with the new one, or the server may reject what the old client sent; `minor`: new,
compatible; `patch`: documentation, or the package's code changed behind the same public names), what it means, and
the view that finds it. Each emitting module lists its own in `RULES`; `registry` merges them and refuses an id
declared twice, when this module is imported. The README's rule list is this registry (a test checks it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.diff import (
    http,
    http_alternatives,
    http_bodies,
    http_constraints,
    http_deprecations,
    http_parameters,
    http_responses,
    http_schemas,
    http_security,
    http_walk,
    http_webhooks,
    python_compare,
    python_packages,
)
from generator.diff.changes import Bump, Level, Rule, View

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["HTTP_RULES", "PYTHON_RULES", "RULES", "Bump", "DuplicateRuleError", "Level", "Rule", "View", "registry"]

# The modules that emit changes, in the order the registry lists their rules.
EMITTERS = (
    http,
    http_parameters,
    http_bodies,
    http_responses,
    http_schemas,
    http_alternatives,
    http_constraints,
    http_security,
    http_walk,
    http_deprecations,
    http_webhooks,
    python_packages,
    python_compare,
)


class DuplicateRuleError(ValueError):
    """Two rules declare the same id: a change's id would no longer name one level and one meaning."""


def registry(groups: Iterable[Iterable[Rule]]) -> dict[str, Rule]:
    """Merge groups of rules into one table by id, refusing an id declared twice."""
    table: dict[str, Rule] = {}
    for group in groups:
        for rule in group:
            if rule.id in table:
                message = f"rule id {rule.id!r} is declared twice: {table[rule.id]!r} and {rule!r}"
                raise DuplicateRuleError(message)
            table[rule.id] = rule
    return table


RULES: Mapping[str, Rule] = registry(module.RULES for module in EMITTERS)
HTTP_RULES: Mapping[str, Rule] = {rule: value for rule, value in RULES.items() if value.view == "http"}
PYTHON_RULES: Mapping[str, Rule] = {rule: value for rule, value in RULES.items() if value.view == "python"}
