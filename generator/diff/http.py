"""The HTTP view: a semantic diff of two OpenAPI 3.1 documents, classified for the wheel.

Pure: `diff_specs(old, new)` takes two parsed documents and returns a `SpecDiff`; it never reads, prints or exits.
It follows `$ref`s and merges `allOf`, so reordering, reformatting and `$ref` refactors that mean the same schema
report nothing, and a change to a shared component is reported once per operation it reaches. The parts of an
operation are compared by their own modules: http_parameters, http_bodies, http_responses, http_security, and
http_schemas for the schemas all of them hold, through the `OperationWalk` of http_walk. Every change has a rule
declared beside the code that finds it; `rules.RULES` holds them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from generator.diff.changes import Rule, SpecDiff, ordered, version_of
from generator.diff.document import Doc, as_list, as_mapping, as_pointer, operations
from generator.diff.http_bodies import compare_request_body
from generator.diff.http_deprecations import at, compare_deprecation, removal_note
from generator.diff.http_parameters import compare_parameters
from generator.diff.http_responses import compare_responses
from generator.diff.http_schemas import compare_schema
from generator.diff.http_security import compare_security
from generator.diff.http_walk import DESCRIPTION_CHANGED, Differ, OperationWalk
from generator.diff.http_webhooks import compare_webhooks
from generator.spec_document import pointer_join

OPERATION_ADDED = Rule("operation-added", "minor", "a new operation: a new module and functions")
OPERATION_REMOVED = Rule("operation-removed", "major", "the operation's module and functions are gone")
OPERATION_MOVED = Rule(
    "operation-moved", "major", "same operationId at another method or path: the old wheel calls the old one"
)
OPERATION_ID_CHANGED = Rule("operation-id-changed", "major", "the Python module and functions are renamed")
OPERATION_TAG_CHANGED = Rule(
    "operation-tag-changed", "major", "the first tag names the package the module is in: its import path moves"
)
OPERATION_DEPRECATED = Rule("operation-deprecated", "minor", "the operation is deprecated")
OPERATION_UNDEPRECATED = Rule("operation-undeprecated", "patch", "the operation is no longer deprecated")
SERVERS_CHANGED = Rule(
    "servers-changed", "patch", "the documented servers (the client's base URL is configured, not generated)"
)
RULES = (
    OPERATION_ADDED,
    OPERATION_REMOVED,
    OPERATION_MOVED,
    OPERATION_ID_CHANGED,
    OPERATION_TAG_CHANGED,
    OPERATION_DEPRECATED,
    OPERATION_UNDEPRECATED,
    SERVERS_CHANGED,
)


def diff_specs(old: Mapping[str, Any], new: Mapping[str, Any], *, today: dt.date | None = None) -> SpecDiff:
    """Compare two parsed OpenAPI documents and classify every change (`today` judges sunset dates)."""
    differ = Differ(Doc(old), Doc(new), today or dt.datetime.now(tz=dt.UTC).date())
    _run(differ)
    return SpecDiff(
        changes=ordered(differ.changes),
        old_version=version_of(old),
        new_version=version_of(new),
    )


def _run(differ: Differ) -> None:
    """Compare the document-level parts, then every operation."""
    _document(differ)
    old_ops = operations(differ.old)
    new_ops = operations(differ.new)
    removed = {key: op for key, op in old_ops.items() if key not in new_ops}
    added = {key: op for key, op in new_ops.items() if key not in old_ops}
    moved_ids = {op.operation_id for op in removed.values()} & {op.operation_id for op in added.values()}
    for op in removed.values():
        if op.operation_id in moved_ids and op.operation_id is not None:
            target = next(new for new in added.values() if new.operation_id == op.operation_id)
            message = f"`{op.endpoint}` moved to `{target.endpoint}`: the old wheel still calls `{op.endpoint}`"
            differ.record(OPERATION_MOVED, op, as_pointer(target.pointer), message, endpoint=op.endpoint)
        else:
            message = f"`{op.endpoint}` was removed{removal_note(op.node, differ.today)}"
            differ.record(OPERATION_REMOVED, op, as_pointer(op.pointer), message)
    for op in added.values():
        if op.operation_id not in moved_ids or op.operation_id is None:
            differ.record(OPERATION_ADDED, op, as_pointer(op.pointer), f"`{op.endpoint}` was added")
    for key in old_ops.keys() & new_ops.keys():
        _operation(OperationWalk(differ, (old_ops[key], new_ops[key]), compare_schema))


def _document(differ: Differ) -> None:
    """Document-level changes that reach no single operation: info texts, tags, servers, webhooks."""
    old_info, new_info = as_mapping(differ.old.data.get("info")), as_mapping(differ.new.data.get("info"))
    for key in ("title", "summary", "description"):
        if old_info.get(key) != new_info.get(key):
            differ.record(DESCRIPTION_CHANGED, None, f"#/info/{key}", f"the API's {key} changed")
    old_tags = {str(tag.get("name")): tag for tag in as_list(differ.old.data.get("tags")) if isinstance(tag, Mapping)}
    for index, tag in enumerate(as_list(differ.new.data.get("tags"))):
        if not isinstance(tag, Mapping):
            continue
        before = old_tags.get(str(tag.get("name")))
        if before is not None and before.get("description") != tag.get("description"):
            message = f"the description of tag `{tag.get('name')}` changed"
            differ.record(DESCRIPTION_CHANGED, None, f"#/tags/{index}/description", message)
    if differ.old.canonical(differ.old.data.get("servers")) != differ.new.canonical(differ.new.data.get("servers")):
        differ.record(SERVERS_CHANGED, None, "#/servers", "the documented servers changed")
    compare_webhooks(differ)


def _operation(walk: OperationWalk) -> None:
    """Compare one operation in both: its own fields, parameters, body, responses and security."""
    old, new = walk.old.node, walk.new.node
    for key in ("summary", "description"):
        if old.get(key) != new.get(key):
            walk.emit(DESCRIPTION_CHANGED, pointer_join(walk.new.pointer, key), f"the operation's {key} changed")
    rules = (OPERATION_DEPRECATED, OPERATION_UNDEPRECATED)
    compare_deprecation(walk.emit, (old, new), at(walk.new.pointer), f"`{walk.new.endpoint}`", rules)
    if walk.old.operation_id != walk.new.operation_id:
        message = f"operationId `{walk.old.operation_id}` is now `{walk.new.operation_id}`: the module is renamed"
        walk.emit(OPERATION_ID_CHANGED, pointer_join(walk.new.pointer, "operationId"), message)
    old_tag, new_tag = _first(old.get("tags")), _first(new.get("tags"))
    if old_tag != new_tag:
        message = f"first tag `{old_tag}` is now `{new_tag}`: the module moves to another `api` package"
        walk.emit(OPERATION_TAG_CHANGED, pointer_join(walk.new.pointer, "tags"), message)
    compare_parameters(walk)
    compare_request_body(walk)
    compare_responses(walk)
    compare_security(walk)


def _first(tags: object) -> str | None:
    """Return the first tag of an operation (the package its module goes in)."""
    return str(tags[0]) if isinstance(tags, list) and tags else None
