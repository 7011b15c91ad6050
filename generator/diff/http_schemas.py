"""The HTTP view of schemas: types, nullability, enums, defaults, constraints, objects, the templates' hints."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from generator.diff.document import (
    Direction,
    Doc,
    Flat,
    Node,
    Role,
    as_list,
    is_python_format,
    json_text,
    show,
    show_type,
)
from generator.spec_document import pointer_join

if TYPE_CHECKING:
    from generator.diff.http import OperationWalk

# Hints the templates (overrides/templates/model.py.jinja) read to name or type an attribute.
TYPE_HINTS = ("x-money", "x-timestamp", "x-python-type")
# Constraint keywords: (keyword, True when a larger value accepts more).
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
# Keywords that accept less when added or changed, and more when removed.
OTHER_CONSTRAINTS = ("pattern", "multipleOf", "uniqueItems", "format", "const")


def compare_schema(  # noqa: PLR0913 - the walk, both nodes, and the value's place
    walk: OperationWalk, old_node: Node, new_node: Node, *, direction: Direction, role: Role, label: str
) -> None:
    """Compare two schemas in a direction; `label` names the value (`status`, `200 response`, `Model.prop`)."""
    old = walk.old_doc.flatten(*old_node)
    new = walk.new_doc.flatten(*new_node)
    # A component reached twice from one operation is compared once, which also ends recursive schemas;
    # parameters sharing a schema are each their own argument, so their names are part of the key.
    key = (direction, role, label if role == "parameter" else "", old.pointer, new.pointer)
    if key in walk.seen:
        return
    walk.seen.add(key)
    subject = f"parameter `{label}`" if role == "parameter" else f"`{label}`"
    # Changes inside a shared component are named after it, so they read the same at every operation.
    own = new.component if new.component and new.component == old.component else label
    _schema_docs(walk, old, new, f"`{own}`" if own != label or role != "parameter" else subject)
    if _shape(old, walk.old_doc) != _shape(new, walk.new_doc):
        message = f"{subject} is retyped: {show_type(old)} → {show_type(new)}"
        walk.emit(_retype_rule(direction, role), new_node[1], message)
        return
    if old.nullable != new.nullable:
        _nullability(walk, new, new_node[1], direction, role, subject)
    values_direction: Direction = "request" if role == "parameter" else direction
    _enum(walk, old, new, values_direction, f"`{own}`" if own != label else subject)
    if walk.old_doc.canonical(old.keys.get("default")) != walk.new_doc.canonical(new.keys.get("default")):
        rule = "parameter-default-changed" if role == "parameter" else "property-default-changed"
        message = f"the default of {subject}: {show(old.keys.get('default'))} → {show(new.keys.get('default'))}"
        walk.emit(rule, new.at("default"), message)
    _constraints(walk, old, new, values_direction, subject)
    if "object" in new.types or old.properties or new.properties:
        _object(walk, old, new, values_direction, own)
    if "array" in new.types:
        compare_schema(
            walk,
            (old.keys.get("items"), old.at("items")),
            (new.keys.get("items"), new.at("items")),
            direction=values_direction,
            role="property",
            label=f"{own}[]",
        )


def _schema_docs(walk: OperationWalk, old: Flat, new: Flat, own: str) -> None:
    """Descriptions, examples, titles, deprecation and the templates' hints of one schema."""
    for keyword in ("description", "title"):
        if old.keys.get(keyword) == new.keys.get(keyword):
            continue
        if keyword == "title" and (old.makes_class or new.makes_class):
            message = f"the title of {own} is now {show(new.keys.get('title'))}: the Python class is renamed"
            walk.emit("schema-title-changed", new.at("title"), message)
        else:
            walk.emit("description-changed", new.at(keyword), f"the {keyword} of {own} changed")
    for keyword in ("example", "examples"):
        if walk.old_doc.canonical(old.keys.get(keyword)) != walk.new_doc.canonical(new.keys.get(keyword)):
            walk.emit("example-changed", new.at(keyword), f"the {keyword} of {own} changed")
    if bool(old.keys.get("deprecated")) != bool(new.keys.get("deprecated")):
        rule = "property-deprecated" if new.keys.get("deprecated") else "property-undeprecated"
        state = "deprecated" if new.keys.get("deprecated") else "no longer deprecated"
        walk.emit(rule, new.at("deprecated"), f"{own} is {state}")
    hints = (
        ("x-python-name", "python-name-hint-changed", "the Python attribute is renamed"),
        *((hint, "python-type-hint-changed", "the Python type changes") for hint in TYPE_HINTS),
        ("x-wire-aliases", "wire-aliases-hint-changed", "the names it is sent and read under change"),
    )
    for hint, rule, meaning in hints:
        before, after = old.keys.get(hint), new.keys.get(hint)
        if before != after:
            walk.emit(rule, new.at(hint), f"{hint} of {own}: {show(before)} → {show(after)}: {meaning}")
    _enum_member_names(walk, old, new, own)


def _enum_member_names(walk: OperationWalk, old: Flat, new: Flat, own: str) -> None:
    """Report enum members renamed by x-enum-varnames (a value in both, named otherwise)."""
    old_names = _enum_names(old)
    new_names = _enum_names(new)
    for value, name in new_names.items():
        if value in old_names and old_names[value] != name:
            message = f"the member of {own} for `{value}` is renamed `{old_names[value]}` → `{name}`"
            walk.emit("python-name-hint-changed", new.at("x-enum-varnames"), message)


def _nullability(  # noqa: PLR0913, PLR0917 - the walk, the schema and the value's place
    walk: OperationWalk, new: Flat, where: str, direction: Direction, role: Role, subject: str
) -> None:
    """Report a value that may now be null, or no longer: a property's own rule; a retype for anything else."""
    if role != "property":
        state = "nullable" if new.nullable else "no longer nullable"
        walk.emit(_retype_rule(direction, role), where, f"{subject} is now {state}")
        return
    suffix = "made-nullable" if new.nullable else "made-non-nullable"
    state = "may now be null" if new.nullable else "is no longer nullable"
    walk.emit(f"{direction}-property-{suffix}", where, f"{subject} {state}")


def _enum(walk: OperationWalk, old: Flat, new: Flat, direction: Direction, subject: str) -> None:
    """Enum values added or removed, one change per value."""
    old_values, new_values = old.keys.get("enum"), new.keys.get("enum")
    if not isinstance(old_values, list) or not isinstance(new_values, list):
        return
    old_set, new_set = set(map(json_text, old_values)), set(map(json_text, new_values))
    for index, value in enumerate(old_values):
        if json_text(value) not in new_set:
            where = pointer_join(old.at("enum"), index)
            walk.emit(f"enum-value-removed-{direction}", where, f"{show(value)} was removed from {subject}")
    for index, value in enumerate(new_values):
        if json_text(value) not in old_set:
            where = pointer_join(new.at("enum"), index)
            walk.emit(f"enum-value-added-{direction}", where, f"{show(value)} was added to {subject}")


def _constraints(walk: OperationWalk, old: Flat, new: Flat, direction: Direction, subject: str) -> None:
    """Bounds, patterns and non-Python formats: tightened or relaxed in requests, documented in responses."""
    for keyword in (*LOWER_BOUNDS, *UPPER_BOUNDS, *OTHER_CONSTRAINTS):
        before, after = old.keys.get(keyword), new.keys.get(keyword)
        if before == after or (keyword == "format" and (is_python_format(before) or is_python_format(after))):
            continue  # unchanged, or a Python format, which is part of the type (_shape)
        message = f"{keyword} of {subject}: {show(before)} → {show(after)}"
        where = new.at(keyword) if after is not None else old.at(keyword)
        if direction == "response":
            walk.emit("response-constraint-changed", where, message)
        elif _tightens(keyword, before, after):
            walk.emit("request-constraint-tightened", where, message)
        else:
            walk.emit("request-constraint-relaxed", where, message)


def _object(walk: OperationWalk, old: Flat, new: Flat, direction: Direction, own: str) -> None:
    """Properties added, removed, made required or optional, and compared; additionalProperties."""
    for name in sorted(old.properties.keys() - new.properties.keys()):
        at = old.properties[name][1]
        walk.emit(f"{direction}-property-removed", at, f"`{_owner(own, at)}.{name}` was removed")
    for name in sorted(new.properties.keys() - old.properties.keys()):
        at = new.properties[name][1]
        label = f"{_owner(own, at)}.{name}"
        if direction == "response":
            walk.emit("response-property-added", at, f"`{label}` was added")
        elif name in new.required:
            walk.emit("request-property-added-required", at, f"required `{label}` was added")
        else:
            walk.emit("request-property-added-optional", at, f"optional `{label}` was added")
    for name in sorted(old.properties.keys() & new.properties.keys()):
        at = new.properties[name][1]
        label = f"{_owner(own, at)}.{name}"
        if (name in old.required) != (name in new.required):
            state = "required" if name in new.required else "optional"
            walk.emit(f"{direction}-property-made-{state}", at, f"`{label}` is now {state}")
        compare_schema(
            walk, old.properties[name], new.properties[name], direction=direction, role="property", label=label
        )
    _additional(walk, old, new, direction, own)


def _additional(walk: OperationWalk, old: Flat, new: Flat, direction: Direction, own: str) -> None:
    """additionalProperties: forbidden, allowed, or its schema compared."""
    before = old.keys.get("additionalProperties", True)
    after = new.keys.get("additionalProperties", True)
    if before is not False and after is False:
        message = f"`{own}` no longer allows other properties: `additional_properties` is gone"
        walk.emit("additional-properties-forbidden", new.at("additionalProperties"), message)
    elif before is False and after is not False:
        walk.emit("additional-properties-allowed", new.at("additionalProperties"), f"`{own}` allows other properties")
    elif isinstance(before, Mapping) or isinstance(after, Mapping):
        compare_schema(
            walk,
            (before if isinstance(before, Mapping) else {}, old.at("additionalProperties")),
            (after if isinstance(after, Mapping) else {}, new.at("additionalProperties")),
            direction=direction,
            role="property",
            label=f"{own}.*",
        )


def _shape(flat: Flat, doc: Doc) -> tuple[object, ...]:
    """Return what must stay equal for a schema not to be retyped: types, Python formats, enum-ness, alternatives."""
    fmt = flat.keys.get("format") if is_python_format(flat.keys.get("format")) else None
    alternatives = sorted(json_text(doc.canonical(node)) for node, _ in flat.alternatives)
    return (sorted(flat.types), fmt, "enum" in flat.keys, alternatives)


def _enum_names(flat: Flat) -> dict[str, str]:
    """Map each enum value (as JSON) to the member name x-enum-varnames gives it; unnamed values are left out."""
    values = [json_text(value) for value in as_list(flat.keys.get("enum"))]
    names = [str(name) for name in as_list(flat.keys.get("x-enum-varnames"))]
    return dict(zip(values[: len(names)], names[: len(values)], strict=True))


def _owner(own: str, pointer: str) -> str:
    """Name the schema a property belongs to: the component defining it (an allOf part), else `own`."""
    match = re.fullmatch(r"/components/schemas/([^/]+)/properties/[^/]+", pointer)
    return match[1].replace("~1", "/").replace("~0", "~") if match else own


def _tightens(keyword: str, before: object, after: object) -> bool:
    """Whether a constraint now accepts fewer values than before."""
    if after is None:
        return False
    if before is None:
        return True
    numbers = isinstance(before, int | float) and isinstance(after, int | float)
    if numbers and keyword in LOWER_BOUNDS:
        return bool(after > before)  # type: ignore[operator] # both are numbers
    if numbers and keyword in UPPER_BOUNDS:
        return bool(after < before)  # type: ignore[operator] # both are numbers
    return True  # another pattern, multiple or format: values valid before may be refused


def _retype_rule(direction: Direction, role: Role) -> str:
    """Return the retype rule of a value by its role."""
    return "parameter-retyped" if role == "parameter" else f"{direction}-{role}-retyped"
