"""The HTTP view of request bodies and of the media types of bodies and responses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.diff.changes import Rule
from generator.diff.document import Direction, as_mapping
from generator.spec_document import pointer_join

if TYPE_CHECKING:
    from collections.abc import Mapping

    from generator.diff.http_walk import OperationWalk

REQUEST_BODY_ADDED_REQUIRED = Rule("request-body-added-required", "major", "a new required `body` argument")
REQUEST_BODY_ADDED_OPTIONAL = Rule("request-body-added-optional", "minor", "a new optional `body` argument")
REQUEST_BODY_REMOVED = Rule("request-body-removed", "major", "the `body` argument is gone")
REQUEST_BODY_MADE_REQUIRED = Rule("request-body-made-required", "major", "calls without a body now fail")
REQUEST_BODY_MADE_OPTIONAL = Rule("request-body-made-optional", "minor", "the body may now be left out")
REQUEST_MEDIA_TYPE_ADDED = Rule("request-media-type-added", "minor", "the operation accepts another media type")
REQUEST_MEDIA_TYPE_REMOVED = Rule(
    "request-media-type-removed", "major", "the server no longer accepts a media type the client may send"
)
RESPONSE_MEDIA_TYPE_ADDED = Rule("response-media-type-added", "minor", "a response comes in another media type too")
RESPONSE_MEDIA_TYPE_REMOVED = Rule(
    "response-media-type-removed", "major", "a response no longer comes in a media type the client reads"
)
RULES = (
    REQUEST_BODY_ADDED_REQUIRED,
    REQUEST_BODY_ADDED_OPTIONAL,
    REQUEST_BODY_REMOVED,
    REQUEST_BODY_MADE_REQUIRED,
    REQUEST_BODY_MADE_OPTIONAL,
    REQUEST_MEDIA_TYPE_ADDED,
    REQUEST_MEDIA_TYPE_REMOVED,
    RESPONSE_MEDIA_TYPE_ADDED,
    RESPONSE_MEDIA_TYPE_REMOVED,
)
MEDIA_TYPE_ADDED: dict[Direction, Rule] = {"request": REQUEST_MEDIA_TYPE_ADDED, "response": RESPONSE_MEDIA_TYPE_ADDED}
MEDIA_TYPE_REMOVED: dict[Direction, Rule] = {
    "request": REQUEST_MEDIA_TYPE_REMOVED,
    "response": RESPONSE_MEDIA_TYPE_REMOVED,
}


def compare_request_body(walk: OperationWalk) -> None:
    """Request body added, removed, made required or optional; media types; the body schema."""
    old_raw, new_raw = walk.old.node.get("requestBody"), walk.new.node.get("requestBody")
    if old_raw is None and new_raw is None:
        return
    if new_raw is None:
        walk.emit(REQUEST_BODY_REMOVED, pointer_join(walk.old.pointer, "requestBody"), "the request body was removed")
        return
    new, at, origins = walk.new_doc.resolve(new_raw, pointer_join(walk.new.pointer, "requestBody"))
    if old_raw is None:
        required = bool(new.get("required"))
        rule = REQUEST_BODY_ADDED_REQUIRED if required else REQUEST_BODY_ADDED_OPTIONAL
        walk.emit(rule, at, f"a{' required' if required else 'n optional'} request body was added")
        return
    old, old_at, old_origins = walk.old_doc.resolve(old_raw, pointer_join(walk.old.pointer, "requestBody"))
    if bool(old.get("required")) != bool(new.get("required")):
        rule = REQUEST_BODY_MADE_REQUIRED if new.get("required") else REQUEST_BODY_MADE_OPTIONAL
        state = "required" if new.get("required") else "optional"
        walk.emit(rule, pointer_join(origins.get("required", at), "required"), f"the request body is now {state}")
    walk.docs(old, new, at, origins, "the request body")
    old_content = pointer_join(old_origins.get("content", old_at), "content")
    new_content = pointer_join(origins.get("content", at), "content")
    compare_content(walk, old, new, (old_content, new_content), "request", "request body")


def compare_content(  # noqa: PLR0913, PLR0917 - the walk, both sides, their places and what they are
    walk: OperationWalk,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    at: tuple[str, str],
    direction: Direction,
    label: str,
) -> None:
    """Media types added or removed, and the schema of each media type in both (`at`: old and new pointers)."""
    old_content = as_mapping(old.get("content"))
    new_content = as_mapping(new.get("content"))
    for media in sorted(old_content.keys() - new_content.keys()):
        message = f"the {label} no longer comes as `{media}`"
        walk.emit(MEDIA_TYPE_REMOVED[direction], pointer_join(at[0], media), message)
    for media in sorted(new_content.keys() - old_content.keys()):
        walk.emit(MEDIA_TYPE_ADDED[direction], pointer_join(at[1], media), f"the {label} may come as `{media}`")
    for media in sorted(old_content.keys() & new_content.keys()):
        old_media, new_media = as_mapping(old_content[media]), as_mapping(new_content[media])
        old_at, new_at = pointer_join(at[0], media), pointer_join(at[1], media)
        walk.docs(old_media, new_media, new_at, {}, f"the {label} (`{media}`)")
        if old_media.get("schema") is None and new_media.get("schema") is None:
            continue
        walk.schema(
            (old_media.get("schema"), pointer_join(old_at, "schema")),
            (new_media.get("schema"), pointer_join(new_at, "schema")),
            direction=direction,
            role="body",
            label=label,
        )


# Responses.
