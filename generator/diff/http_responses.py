"""The HTTP view of an operation's responses: status codes, the content of each, and their headers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.diff.changes import Rule
from generator.diff.document import as_mapping
from generator.diff.http_bodies import compare_content
from generator.spec_document import pointer_join

if TYPE_CHECKING:
    from collections.abc import Mapping

    from generator.diff.http_walk import OperationWalk

RESPONSE_STATUS_ADDED = Rule("response-status-added", "minor", "the operation documents another status code")
RESPONSE_SUCCESS_STATUS_REMOVED = Rule(
    "response-success-status-removed", "major", "a success response the client decodes is gone"
)
RESPONSE_ERROR_STATUS_REMOVED = Rule(
    "response-error-status-removed", "minor", "an error response is no longer documented"
)
RESPONSE_HEADER_ADDED = Rule("response-header-added", "minor", "a response documents another header")
RESPONSE_HEADER_REMOVED = Rule(
    "response-header-removed", "major", "a required response header is gone: code reading it fails"
)
RESPONSE_OPTIONAL_HEADER_REMOVED = Rule(
    "response-optional-header-removed", "minor", "an optional response header is no longer documented"
)
RESPONSE_HEADER_MADE_OPTIONAL = Rule("response-header-made-optional", "major", "a response header may now be missing")
RESPONSE_HEADER_MADE_REQUIRED = Rule("response-header-made-required", "minor", "a response header is now always sent")
RULES = (
    RESPONSE_STATUS_ADDED,
    RESPONSE_SUCCESS_STATUS_REMOVED,
    RESPONSE_ERROR_STATUS_REMOVED,
    RESPONSE_HEADER_ADDED,
    RESPONSE_HEADER_REMOVED,
    RESPONSE_OPTIONAL_HEADER_REMOVED,
    RESPONSE_HEADER_MADE_OPTIONAL,
    RESPONSE_HEADER_MADE_REQUIRED,
)


def compare_responses(walk: OperationWalk) -> None:
    """Status codes added or removed, and the content of each status in both."""
    old_responses = {str(code).upper(): value for code, value in as_mapping(walk.old.node.get("responses")).items()}
    new_responses = {str(code).upper(): value for code, value in as_mapping(walk.new.node.get("responses")).items()}
    base_old = pointer_join(walk.old.pointer, "responses")
    base_new = pointer_join(walk.new.pointer, "responses")
    for code in sorted(old_responses.keys() - new_responses.keys()):
        rule = RESPONSE_SUCCESS_STATUS_REMOVED if code.startswith("2") else RESPONSE_ERROR_STATUS_REMOVED
        walk.emit(rule, pointer_join(base_old, code), f"response `{code}` was removed")
    for code in sorted(new_responses.keys() - old_responses.keys()):
        walk.emit(RESPONSE_STATUS_ADDED, pointer_join(base_new, code), f"response `{code}` was added")
    for code in sorted(old_responses.keys() & new_responses.keys()):
        old, old_at, old_origins = walk.old_doc.resolve(old_responses[code], pointer_join(base_old, code))
        new, at, origins = walk.new_doc.resolve(new_responses[code], pointer_join(base_new, code))
        walk.docs(old, new, at, origins, f"response `{code}`")
        content = (
            pointer_join(old_origins.get("content", old_at), "content"),
            pointer_join(origins.get("content", at), "content"),
        )
        compare_content(walk, old, new, content, "response", f"{code} response")
        headers = (
            pointer_join(old_origins.get("headers", old_at), "headers"),
            pointer_join(origins.get("headers", at), "headers"),
        )
        _headers(walk, (old, new), headers, code)


def _headers(
    walk: OperationWalk, pair: tuple[Mapping[str, Any], Mapping[str, Any]], at: tuple[str, str], code: str
) -> None:
    """Response headers (names in any case) added, removed, made optional or required, and their schemas."""
    old_headers = {str(name).lower(): (str(name), value) for name, value in as_mapping(pair[0].get("headers")).items()}
    new_headers = {str(name).lower(): (str(name), value) for name, value in as_mapping(pair[1].get("headers")).items()}
    for key in sorted(old_headers.keys() - new_headers.keys()):
        name, raw = old_headers[key]
        keys, where, _ = walk.old_doc.resolve(raw, pointer_join(at[0], name))
        rule = RESPONSE_HEADER_REMOVED if keys.get("required") is True else RESPONSE_OPTIONAL_HEADER_REMOVED
        state = "required" if keys.get("required") is True else "optional"
        walk.emit(rule, where, f"{state} header `{name}` of response `{code}` was removed")
    for key in sorted(new_headers.keys() - old_headers.keys()):
        name, raw = new_headers[key]
        _, where, _ = walk.new_doc.resolve(raw, pointer_join(at[1], name))
        walk.emit(RESPONSE_HEADER_ADDED, where, f"header `{name}` of response `{code}` was added")
    for key in sorted(old_headers.keys() & new_headers.keys()):
        old_name, old_raw = old_headers[key]
        name, raw = new_headers[key]
        old, old_at, old_origins = walk.old_doc.resolve(old_raw, pointer_join(at[0], old_name))
        new, where, origins = walk.new_doc.resolve(raw, pointer_join(at[1], name))
        label = f"header `{name}` of response `{code}`"
        if (old.get("required") is True) != (new.get("required") is True):
            required = new.get("required") is True
            rule = RESPONSE_HEADER_MADE_REQUIRED if required else RESPONSE_HEADER_MADE_OPTIONAL
            place = pointer_join(origins.get("required", where), "required")
            walk.emit(rule, place, f"{label} is now {'required' if required else 'optional'}")
        walk.docs(old, new, where, origins, label)
        if old.get("schema") is None and new.get("schema") is None:
            continue
        walk.schema(
            (old.get("schema"), pointer_join(old_origins.get("schema", old_at), "schema")),
            (new.get("schema"), pointer_join(origins.get("schema", where), "schema")),
            direction="response",
            role="header",
            label=f"{name} header",
        )


# Security.
