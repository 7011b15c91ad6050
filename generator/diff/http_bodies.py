"""The HTTP view of request bodies and of the media types of bodies and responses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.diff.document import Direction, as_mapping
from generator.spec_document import pointer_join

if TYPE_CHECKING:
    from collections.abc import Mapping

    from generator.diff.http import OperationWalk


def compare_request_body(walk: OperationWalk) -> None:
    """Request body added, removed, made required or optional; media types; the body schema."""
    old_raw, new_raw = walk.old.node.get("requestBody"), walk.new.node.get("requestBody")
    if old_raw is None and new_raw is None:
        return
    if new_raw is None:
        walk.emit("request-body-removed", pointer_join(walk.old.pointer, "requestBody"), "the request body was removed")
        return
    new, at, origins = walk.new_doc.resolve(new_raw, pointer_join(walk.new.pointer, "requestBody"))
    if old_raw is None:
        required = bool(new.get("required"))
        rule = "request-body-added-required" if required else "request-body-added-optional"
        walk.emit(rule, at, f"a{' required' if required else 'n optional'} request body was added")
        return
    old, old_at, old_origins = walk.old_doc.resolve(old_raw, pointer_join(walk.old.pointer, "requestBody"))
    if bool(old.get("required")) != bool(new.get("required")):
        rule = "request-body-made-required" if new.get("required") else "request-body-made-optional"
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
        walk.emit(f"{direction}-media-type-removed", pointer_join(at[0], media), message)
    for media in sorted(new_content.keys() - old_content.keys()):
        walk.emit(f"{direction}-media-type-added", pointer_join(at[1], media), f"the {label} may come as `{media}`")
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
