"""The HTTP view: a semantic diff of two OpenAPI 3.1 documents, classified for the wheel.

Pure: `diff_specs(old, new)` takes two parsed documents and returns a `SpecDiff`; it never reads, prints or exits.
It follows `$ref`s and merges `allOf`, so reordering, reformatting and `$ref` refactors that mean the same schema
report nothing, and a change to a shared component is reported once per operation it reaches. The parts of an
operation are compared by their own modules: http_parameters, http_bodies, http_responses, http_security, and
http_schemas for the schemas all of them hold. Every change has a rule id from `rules.RULES`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from generator.diff.changes import Change, SpecDiff, ordered, version_of
from generator.diff.document import Direction, Doc, Node, Operation, Role, as_list, as_mapping, as_pointer, operations
from generator.diff.http_bodies import compare_request_body
from generator.diff.http_deprecations import at, compare_deprecation, removal_note
from generator.diff.http_parameters import compare_parameters
from generator.diff.http_responses import compare_responses
from generator.diff.http_schemas import compare_schema
from generator.diff.http_security import compare_security
from generator.diff.http_webhooks import compare_webhooks
from generator.diff.rules import RULES
from generator.spec_document import pointer_join


def diff_specs(old: Mapping[str, Any], new: Mapping[str, Any], *, today: dt.date | None = None) -> SpecDiff:
    """Compare two parsed OpenAPI documents and classify every change (`today` judges sunset dates)."""
    differ = Differ(Doc(old), Doc(new), today or dt.datetime.now(tz=dt.UTC).date())
    differ.run()
    return SpecDiff(
        changes=ordered(differ.changes),
        old_version=version_of(old),
        new_version=version_of(new),
    )


class Differ:
    """Walks both documents, operation by operation, and collects the changes."""

    def __init__(self, old: Doc, new: Doc, today: dt.date) -> None:
        """Start with no changes."""
        self.old = old
        self.new = new
        self.today = today
        self.changes: list[Change] = []

    def run(self) -> None:
        """Compare the document-level parts, then every operation."""
        self._document()
        old_ops = operations(self.old)
        new_ops = operations(self.new)
        removed = {key: op for key, op in old_ops.items() if key not in new_ops}
        added = {key: op for key, op in new_ops.items() if key not in old_ops}
        moved_ids = {op.operation_id for op in removed.values()} & {op.operation_id for op in added.values()}
        for op in removed.values():
            if op.operation_id in moved_ids and op.operation_id is not None:
                target = next(new for new in added.values() if new.operation_id == op.operation_id)
                message = f"`{op.endpoint}` moved to `{target.endpoint}`: the old wheel still calls `{op.endpoint}`"
                self.record("operation-moved", op, as_pointer(target.pointer), message, endpoint=op.endpoint)
            else:
                message = f"`{op.endpoint}` was removed{removal_note(op.node, self.today)}"
                self.record("operation-removed", op, as_pointer(op.pointer), message)
        for op in added.values():
            if op.operation_id not in moved_ids or op.operation_id is None:
                self.record("operation-added", op, as_pointer(op.pointer), f"`{op.endpoint}` was added")
        for key in old_ops.keys() & new_ops.keys():
            OperationWalk(self, old_ops[key], new_ops[key]).run()

    def record(self, rule: str, op: Operation | None, where: str, message: str, endpoint: str | None = None) -> None:
        """Record one change of `rule` at `where`, reaching `op` (None for the document as a whole)."""
        self.changes.append(
            Change(
                id=rule,
                level=RULES[rule].level,
                operation=op.name if op else None,
                where=where,
                message=message,
                endpoint=endpoint or (op.endpoint if op else None),
            )
        )

    def _document(self) -> None:
        """Document-level changes that reach no single operation: info texts, tags, servers, webhooks."""
        old_info, new_info = as_mapping(self.old.data.get("info")), as_mapping(self.new.data.get("info"))
        for key in ("title", "summary", "description"):
            if old_info.get(key) != new_info.get(key):
                self.record("description-changed", None, f"#/info/{key}", f"the API's {key} changed")
        old_tags = {str(tag.get("name")): tag for tag in as_list(self.old.data.get("tags")) if isinstance(tag, Mapping)}
        for index, tag in enumerate(as_list(self.new.data.get("tags"))):
            if not isinstance(tag, Mapping):
                continue
            before = old_tags.get(str(tag.get("name")))
            if before is not None and before.get("description") != tag.get("description"):
                message = f"the description of tag `{tag.get('name')}` changed"
                self.record("description-changed", None, f"#/tags/{index}/description", message)
        if self.old.canonical(self.old.data.get("servers")) != self.new.canonical(self.new.data.get("servers")):
            self.record("servers-changed", None, "#/servers", "the documented servers changed")
        compare_webhooks(self)


class OperationWalk:
    """The comparison of one operation present in both documents."""

    def __init__(self, differ: Differ, old: Operation, new: Operation) -> None:
        """Compare `old` with `new`, reporting at the new operation's id."""
        self.differ = differ
        self.old_doc = differ.old
        self.new_doc = differ.new
        self.old = old
        self.new = new
        self.seen: set[tuple[str, str, str, str, str]] = set()

    def emit(self, rule: str, where: str, message: str) -> None:
        """Record a change reaching this operation."""
        self.differ.record(rule, self.new, as_pointer(where), message)

    def run(self) -> None:
        """Compare the operation's own fields, parameters, body, responses and security."""
        old, new = self.old.node, self.new.node
        for key in ("summary", "description"):
            if old.get(key) != new.get(key):
                self.emit("description-changed", pointer_join(self.new.pointer, key), f"the operation's {key} changed")
        rules = ("operation-deprecated", "operation-undeprecated")
        compare_deprecation(self.emit, (old, new), at(self.new.pointer), f"`{self.new.endpoint}`", rules)
        if self.old.operation_id != self.new.operation_id:
            message = f"operationId `{self.old.operation_id}` is now `{self.new.operation_id}`: the module is renamed"
            self.emit("operation-id-changed", pointer_join(self.new.pointer, "operationId"), message)
        old_tag, new_tag = _first(old.get("tags")), _first(new.get("tags"))
        if old_tag != new_tag:
            message = f"first tag `{old_tag}` is now `{new_tag}`: the module moves to another `api` package"
            self.emit("operation-tag-changed", pointer_join(self.new.pointer, "tags"), message)
        compare_parameters(self)
        compare_request_body(self)
        compare_responses(self)
        compare_security(self)

    def docs(
        self, old: Mapping[str, Any], new: Mapping[str, Any], at: str, origins: Mapping[str, str], label: str
    ) -> None:
        """Report description and example changes of a parameter, body, response or media type."""
        for keyword in ("description", "summary"):
            if old.get(keyword) != new.get(keyword):
                where = pointer_join(origins.get(keyword, at), keyword)
                self.emit("description-changed", where, f"the {keyword} of {label} changed")
        for keyword in ("example", "examples"):
            if self.old_doc.canonical(old.get(keyword)) != self.new_doc.canonical(new.get(keyword)):
                where = pointer_join(origins.get(keyword, at), keyword)
                self.emit("example-changed", where, f"the {keyword} of {label} changed")

    # Request bodies.

    def schema(self, old_node: Node, new_node: Node, *, direction: Direction, role: Role, label: str) -> None:
        """Compare two schemas in a direction; `label` names the value (`status`, `200 response`, `Model.prop`)."""
        compare_schema(self, old_node, new_node, direction=direction, role=role, label=label)


def _first(tags: object) -> str | None:
    """Return the first tag of an operation (the package its module goes in)."""
    return str(tags[0]) if isinstance(tags, list) and tags else None
