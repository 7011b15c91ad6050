"""The HTTP view of `oneOf`/`anyOf`: members added, removed or changed, and the `discriminator` that picks one.

A schema that is not a union is a union of one, so `integer` becoming `oneOf: [integer, string]` is a member
added. Members are paired by what they are (the same schema, the same component, or the same JSON types), and a
pair is compared as a schema. What the client sends may gain members and what it reads may lose them; the other
way round breaks (the server refuses the member a client sent, or returns one the client cannot decode).
`allOf` is merged into the schema itself (document.py), so its parts' changes are the schema's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.diff.changes import Rule
from generator.diff.document import as_mapping, json_text, show_type
from generator.spec_document import pointer_join

if TYPE_CHECKING:
    from collections.abc import Callable

    from generator.diff.document import Direction, Doc, Flat, Node, Role
    from generator.diff.http_walk import OperationWalk

ALTERNATIVE_ADDED_REQUEST = Rule("alternative-added-request", "minor", "a request value may take another shape")
ALTERNATIVE_REMOVED_REQUEST = Rule(
    "alternative-removed-request", "major", "the server refuses a shape old clients may send"
)
ALTERNATIVE_ADDED_RESPONSE = Rule(
    "alternative-added-response", "major", "a response may come in a shape the old client cannot decode"
)
ALTERNATIVE_REMOVED_RESPONSE = Rule(
    "alternative-removed-response", "minor", "a response no longer comes in one of its shapes"
)
DISCRIMINATOR_ADDED = Rule("discriminator-added", "minor", "a union gains a discriminator; its members are unchanged")
DISCRIMINATOR_CHANGED = Rule(
    "discriminator-changed", "major", "the discriminator's property, or a value it mapped, changed or is gone"
)
DISCRIMINATOR_MAPPING_ADDED = Rule("discriminator-mapping-added", "minor", "the discriminator maps another value")
RULES = (
    ALTERNATIVE_ADDED_REQUEST,
    ALTERNATIVE_REMOVED_REQUEST,
    ALTERNATIVE_ADDED_RESPONSE,
    ALTERNATIVE_REMOVED_RESPONSE,
    DISCRIMINATOR_ADDED,
    DISCRIMINATOR_CHANGED,
    DISCRIMINATOR_MAPPING_ADDED,
)
ALTERNATIVE_ADDED: dict[Direction, Rule] = {
    "request": ALTERNATIVE_ADDED_REQUEST,
    "response": ALTERNATIVE_ADDED_RESPONSE,
}
ALTERNATIVE_REMOVED: dict[Direction, Rule] = {
    "request": ALTERNATIVE_REMOVED_REQUEST,
    "response": ALTERNATIVE_REMOVED_RESPONSE,
}

Member = tuple["Node", "Flat"]


def compare_alternatives(  # noqa: PLR0913, PLR0917 - the walk, both sides and the value's place
    walk: OperationWalk, old: Member, new: Member, direction: Direction, role: Role, label: str
) -> None:
    """Pair the members of two unions, compare each pair, and report the members added or removed."""
    subject = f"parameter `{label}`" if role == "parameter" else f"`{label}`"
    old_members, new_members = _members(walk.old_doc, old), _members(walk.new_doc, new)
    pairs, removed, added = _pair(walk, old_members, new_members)
    for old_index, new_index in pairs:
        walk.schema(old_members[old_index][0], new_members[new_index][0], direction=direction, role=role, label=label)
    for index in removed:
        node, flat = old_members[index]
        message = f"{subject} is no longer {_describe(flat)}"
        walk.emit(ALTERNATIVE_REMOVED[direction], node[1], message)
    for index in added:
        node, flat = new_members[index]
        message = f"{subject} may now also be {_describe(flat)}"
        walk.emit(ALTERNATIVE_ADDED[direction], node[1], message)
    _discriminator(walk, old[1], new[1], subject)


def _members(doc: Doc, side: Member) -> list[Member]:
    """Return the members of a union, or the schema itself as the one member of a schema that is not one."""
    node, flat = side
    if not flat.alternatives:
        # A union left with one member (`oneOf: [$ref]`) is flattened into it: that member is the one.
        keys, at, origins = doc.resolve(*node)
        for combinator in ("oneOf", "anyOf"):
            options = keys.get(combinator)
            if isinstance(options, list):
                base = pointer_join(origins.get(combinator, at), combinator)
                kept = [
                    ((option, pointer_join(base, index)), doc.flatten(option, pointer_join(base, index)))
                    for index, option in enumerate(options)
                ]
                kept = [member for member in kept if member[1].types or not member[1].nullable]
                if len(kept) == 1:
                    return kept
        return [side]
    return [(member, doc.flatten(*member)) for member in flat.alternatives]


def _pair(
    walk: OperationWalk, old: list[Member], new: list[Member]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair members: the same schema first, then the same component or JSON types, in order; the rest are alone."""
    left, right = list(range(len(old))), list(range(len(new)))
    pairs: list[tuple[int, int]] = []
    keys: tuple[Callable[[Member, Doc], str], ...] = (_same, _same_kind, _same_types)
    for key in keys:
        for i in list(left):
            wanted = key(old[i], walk.old_doc)
            match = next((j for j in right if key(new[j], walk.new_doc) == wanted), None)
            if match is not None:
                pairs.append((i, match))
                left.remove(i)
                right.remove(match)
    return pairs, left, right


def _same(member: Member, doc: Doc) -> str:
    """Key a member by the schema it is (refs resolved, documentation left out)."""
    return json_text(doc.canonical(member[0][0]))


def _same_kind(member: Member, _doc: Doc) -> str:
    """Key a member by what it is: its component, else its JSON types."""
    return _kind(member[1])


def _same_types(member: Member, _doc: Doc) -> str:
    """Key a member by its JSON types alone (an enum string pairs with a string)."""
    return ",".join(sorted(member[1].types))


def _kind(flat: Flat) -> str:
    """Return what a member is, to pair it: its component's name, else its JSON types."""
    if flat.component:
        return f"component:{flat.component}"
    return "types:" + ",".join(sorted(flat.types)) + (":values" if "enum" in flat.keys or "const" in flat.keys else "")


def _describe(flat: Flat) -> str:
    """Name a member in a message: its component, or its type."""
    return f"`{flat.component}`" if flat.component else show_type(flat)


def _discriminator(walk: OperationWalk, old: Flat, new: Flat, subject: str) -> None:
    """Compare the discriminator: its property, or a mapping entry removed or repointed, breaks; one added does not."""
    before, after = as_mapping(old.keys.get("discriminator")), as_mapping(new.keys.get("discriminator"))
    if not before and not after:
        return
    where = new.at("discriminator") if after else old.at("discriminator")
    if not before:
        name = after.get("propertyName")
        walk.emit(DISCRIMINATOR_ADDED, where, f"{subject} now has a discriminator: `{name}` names the member")
        return
    if before.get("propertyName") != after.get("propertyName"):
        names = f"`{before.get('propertyName')}` → `{after.get('propertyName')}`"
        walk.emit(DISCRIMINATOR_CHANGED, where, f"the discriminator of {subject} changed: {names}")
        return
    old_mapping, new_mapping = as_mapping(before.get("mapping")), as_mapping(after.get("mapping"))
    for value in sorted(old_mapping.keys() - new_mapping.keys()):
        message = f"the discriminator of {subject} no longer maps `{value}`"
        walk.emit(DISCRIMINATOR_CHANGED, pointer_join(pointer_join(where, "mapping"), value), message)
    for value in sorted(new_mapping.keys() & old_mapping.keys()):
        old_target = json_text(walk.old_doc.canonical({"$ref": old_mapping[value]}))
        if old_target != json_text(walk.new_doc.canonical({"$ref": new_mapping[value]})):
            message = f"the discriminator of {subject} maps `{value}` to another schema"
            walk.emit(DISCRIMINATOR_CHANGED, pointer_join(pointer_join(where, "mapping"), value), message)
    for value in sorted(new_mapping.keys() - old_mapping.keys()):
        message = f"the discriminator of {subject} maps `{value}` too"
        walk.emit(DISCRIMINATOR_MAPPING_ADDED, pointer_join(pointer_join(where, "mapping"), value), message)
