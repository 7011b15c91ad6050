"""The HTTP view of an operation's responses: status codes, and the content of each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.diff.document import as_mapping
from generator.diff.http_bodies import compare_content
from generator.spec_document import pointer_join

if TYPE_CHECKING:
    from generator.diff.http import OperationWalk


def compare_responses(walk: OperationWalk) -> None:
    """Status codes added or removed, and the content of each status in both."""
    old_responses = {str(code).upper(): value for code, value in as_mapping(walk.old.node.get("responses")).items()}
    new_responses = {str(code).upper(): value for code, value in as_mapping(walk.new.node.get("responses")).items()}
    base_old = pointer_join(walk.old.pointer, "responses")
    base_new = pointer_join(walk.new.pointer, "responses")
    for code in sorted(old_responses.keys() - new_responses.keys()):
        rule = "response-success-status-removed" if code.startswith("2") else "response-error-status-removed"
        walk.emit(rule, pointer_join(base_old, code), f"response `{code}` was removed")
    for code in sorted(new_responses.keys() - old_responses.keys()):
        walk.emit("response-status-added", pointer_join(base_new, code), f"response `{code}` was added")
    for code in sorted(old_responses.keys() & new_responses.keys()):
        old, old_at, old_origins = walk.old_doc.resolve(old_responses[code], pointer_join(base_old, code))
        new, at, origins = walk.new_doc.resolve(new_responses[code], pointer_join(base_new, code))
        walk.docs(old, new, at, origins, f"response `{code}`")
        content = (
            pointer_join(old_origins.get("content", old_at), "content"),
            pointer_join(origins.get("content", at), "content"),
        )
        compare_content(walk, old, new, content, "response", f"{code} response")


# Security.
