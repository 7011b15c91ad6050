"""What the parts of the HTTP view share: the `Differ` that records changes, and the `OperationWalk` of one operation.

The parts (http_parameters, http_bodies, http_responses, http_security, http_schemas, http_alternatives,
http_constraints, http_webhooks) import this module, and http.py imports them: none of them imports http.py. A part
reaches a schema comparison through `walk.schema`, which http.py hands in (http_schemas and http_alternatives call
each other through it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from generator.diff.changes import Change, Rule
from generator.diff.document import as_pointer
from generator.spec_document import pointer_join

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from generator.diff.document import Direction, Doc, Node, Operation, Role

DESCRIPTION_CHANGED = Rule("description-changed", "patch", "a description, summary or title (documentation only)")
EXAMPLE_CHANGED = Rule("example-changed", "patch", "an example (documentation only)")
RULES = (DESCRIPTION_CHANGED, EXAMPLE_CHANGED)


@dataclass
class Differ:
    """Both documents, the day that judges sunset dates, and the changes found so far."""

    old: Doc
    new: Doc
    today: dt.date
    changes: list[Change] = field(default_factory=list)

    def record(self, rule: Rule, op: Operation | None, where: str, message: str, endpoint: str | None = None) -> None:
        """Record one change of `rule` at `where`, reaching `op` (None for the document as a whole)."""
        self.changes.append(
            Change(
                rule=rule,
                operation=op.name if op else None,
                where=where,
                message=message,
                endpoint=endpoint or (op.endpoint if op else None),
            )
        )


class SchemaComparison(Protocol):
    """Compare two schemas in a direction (http_schemas.compare_schema, handed in by http.py)."""

    def __call__(  # noqa: PLR0913 - the walk, both nodes, and the value's place
        self, walk: OperationWalk, old_node: Node, new_node: Node, *, direction: Direction, role: Role, label: str
    ) -> None:
        """Compare `old_node` with `new_node`; `label` names the value."""


class OperationWalk:
    """The comparison of one operation present in both documents."""

    def __init__(self, differ: Differ, pair: tuple[Operation, Operation], compare_schema: SchemaComparison) -> None:
        """Compare the pair's old operation with its new one, reporting at the new operation's id."""
        self.differ = differ
        self.old_doc = differ.old
        self.new_doc = differ.new
        self.old, self.new = pair
        self.seen: set[tuple[str, str, str, str, str]] = set()
        self._compare_schema = compare_schema

    def emit(self, rule: Rule, where: str, message: str) -> None:
        """Record a change reaching this operation."""
        self.differ.record(rule, self.new, as_pointer(where), message)

    def docs(
        self, old: Mapping[str, Any], new: Mapping[str, Any], at: str, origins: Mapping[str, str], label: str
    ) -> None:
        """Report description and example changes of a parameter, body, response or media type."""
        for keyword in ("description", "summary"):
            if old.get(keyword) != new.get(keyword):
                where = pointer_join(origins.get(keyword, at), keyword)
                self.emit(DESCRIPTION_CHANGED, where, f"the {keyword} of {label} changed")
        for keyword in ("example", "examples"):
            if self.old_doc.canonical(old.get(keyword)) != self.new_doc.canonical(new.get(keyword)):
                where = pointer_join(origins.get(keyword, at), keyword)
                self.emit(EXAMPLE_CHANGED, where, f"the {keyword} of {label} changed")

    def schema(self, old_node: Node, new_node: Node, *, direction: Direction, role: Role, label: str) -> None:
        """Compare two schemas in a direction; `label` names the value (`status`, `200 response`, `Model.prop`)."""
        self._compare_schema(self, old_node, new_node, direction=direction, role=role, label=label)
