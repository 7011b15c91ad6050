"""The HTTP view of an operation's parameters (path, query, header, cookie): added, removed, re-serialized, retyped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.diff.changes import Rule
from generator.diff.document import Doc, Node, Operation, as_list, show
from generator.diff.http_deprecations import compare_deprecation, removal_note
from generator.spec_document import pointer_join

if TYPE_CHECKING:
    from generator.diff.http_walk import OperationWalk

PARAMETER_ADDED_REQUIRED = Rule("parameter-added-required", "major", "a new required argument: old calls miss it")
PARAMETER_ADDED_OPTIONAL = Rule("parameter-added-optional", "minor", "a new optional keyword argument")
PARAMETER_REMOVED = Rule("parameter-removed", "major", "the keyword argument is gone")
PARAMETER_MADE_REQUIRED = Rule("parameter-made-required", "major", "calls that left it out now fail")
PARAMETER_MADE_OPTIONAL = Rule("parameter-made-optional", "minor", "the argument may now be left out")
PARAMETER_DEPRECATED = Rule("parameter-deprecated", "minor", "the parameter is deprecated")
PARAMETER_UNDEPRECATED = Rule("parameter-undeprecated", "patch", "the parameter is no longer deprecated")
PARAMETER_SERIALIZATION_CHANGED = Rule(
    "parameter-serialization-changed", "major", "style or explode changed: the server reads the old form"
)
RULES = (
    PARAMETER_ADDED_REQUIRED,
    PARAMETER_ADDED_OPTIONAL,
    PARAMETER_REMOVED,
    PARAMETER_MADE_REQUIRED,
    PARAMETER_MADE_OPTIONAL,
    PARAMETER_DEPRECATED,
    PARAMETER_UNDEPRECATED,
    PARAMETER_SERIALIZATION_CHANGED,
)


def parameter_map(doc: Doc, op: Operation) -> dict[tuple[str, str], Node]:
    """Map the operation's parameters (path-item ones too, overridden by the operation's), by location and name."""
    found: dict[tuple[str, str], Node] = {}
    for owner, owner_pointer in ((op.item, op.item_pointer), (op.node, op.pointer)):
        base = pointer_join(owner_pointer, "parameters")
        for index, raw in enumerate(as_list(owner.get("parameters"))):
            keys, _, _ = doc.resolve(raw, pointer_join(base, index))
            where = str(keys.get("in"))
            name = str(keys.get("name"))
            found[where, name.lower() if where == "header" else name] = (raw, pointer_join(base, index))
    return found


def compare_parameters(walk: OperationWalk) -> None:
    """Parameters added, removed, made required or optional, re-serialized, and their schemas."""
    old_map = parameter_map(walk.old_doc, walk.old)
    new_map = parameter_map(walk.new_doc, walk.new)
    for key in sorted(old_map.keys() - new_map.keys()):
        keys, at, _ = walk.old_doc.resolve(*old_map[key])
        note = removal_note(keys, walk.differ.today)
        walk.emit(PARAMETER_REMOVED, at, f"{key[0]} parameter `{keys.get('name')}` was removed{note}")
    for key in sorted(new_map.keys() - old_map.keys()):
        keys, at, _ = walk.new_doc.resolve(*new_map[key])
        required = bool(keys.get("required"))
        rule = PARAMETER_ADDED_REQUIRED if required else PARAMETER_ADDED_OPTIONAL
        state = "required" if required else "optional"
        walk.emit(rule, at, f"{state} {key[0]} parameter `{keys.get('name')}` was added")
    for key in sorted(old_map.keys() & new_map.keys()):
        _parameter(walk, key, old_map[key], new_map[key])


def _parameter(walk: OperationWalk, key: tuple[str, str], old_node: Node, new_node: Node) -> None:
    """Compare one parameter present in both operations."""
    old, old_at, old_origins = walk.old_doc.resolve(*old_node)
    new, at, origins = walk.new_doc.resolve(*new_node)
    label = f"{key[0]} parameter `{new.get('name')}`"
    flags = (("required", PARAMETER_MADE_REQUIRED, PARAMETER_MADE_OPTIONAL, "now required", "now optional"),)
    for keyword, rule_on, rule_off, state_on, state_off in flags:
        if bool(old.get(keyword)) != bool(new.get(keyword)):
            on = bool(new.get(keyword))
            where = pointer_join(origins.get(keyword, at), keyword)
            walk.emit(rule_on if on else rule_off, where, f"{label} is {state_on if on else state_off}")
    rules = (PARAMETER_DEPRECATED, PARAMETER_UNDEPRECATED)
    compare_deprecation(walk.emit, (old, new), lambda key: pointer_join(origins.get(key, at), key), label, rules)
    for keyword in ("style", "explode", "allowReserved"):
        if old.get(keyword) != new.get(keyword):
            message = f"{label}: {keyword} {show(old.get(keyword))} → {show(new.get(keyword))}"
            walk.emit(PARAMETER_SERIALIZATION_CHANGED, pointer_join(origins.get(keyword, at), keyword), message)
    walk.docs(old, new, at, origins, label)
    if old.get("schema") is None and new.get("schema") is None:
        return
    old_schema = (old.get("schema"), pointer_join(old_origins.get("schema", old_at), "schema"))
    new_schema = (new.get("schema"), pointer_join(origins.get("schema", at), "schema"))
    walk.schema(old_schema, new_schema, direction="request", role="parameter", label=key[1])
