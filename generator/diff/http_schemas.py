"""The HTTP view of schemas: types, nullability, enums, defaults, constraints, objects, the templates' hints."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from generator import wire_hints
from generator.diff.changes import Rule
from generator.diff.document import (
    Direction,
    Flat,
    Node,
    Role,
    as_list,
    is_python_format,
    json_text,
    show,
    show_type,
)
from generator.diff.http_alternatives import compare_alternatives
from generator.diff.http_constraints import compare_constraints
from generator.diff.http_deprecations import compare_deprecation, removal_note
from generator.diff.http_walk import DESCRIPTION_CHANGED, EXAMPLE_CHANGED
from generator.spec_document import pointer_join

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from generator.diff.http_walk import OperationWalk

# The hints that select a kind of generator/wire_hints.py: each retypes an attribute.
TYPE_HINTS = wire_hints.KIND_HINTS

PARAMETER_DEFAULT_CHANGED = Rule(
    "parameter-default-changed", "minor", "a call that leaves the argument out sends another value"
)
PROPERTY_DEFAULT_CHANGED = Rule("property-default-changed", "minor", "the attribute's default value changed")


def compare_schema(  # noqa: PLR0913 - the walk, both nodes, and the value's place
    walk: OperationWalk, old_node: Node, new_node: Node, *, direction: Direction, role: Role, label: str
) -> None:
    """Compare two schemas in a direction; `label` names the value (`status`, `200 response`, `Model.prop`).

    What the client sends (a request, a parameter) may come to accept more without breaking, and what it reads (a
    response) may come to hold less; the other way round breaks. That holds for the JSON types, nullability,
    `enum`/`const`, the members of `oneOf`/`anyOf` and the constraints alike.
    """
    old = walk.old_doc.flatten(*old_node)
    new = walk.new_doc.flatten(*new_node)
    # A component reached twice from one operation is compared once, which also ends recursive schemas;
    # parameters sharing a schema are each their own argument, so their names are part of the key.
    key = (direction, role, label if role in {"parameter", "header"} else "", old.pointer, new.pointer)
    if key in walk.seen:
        return
    walk.seen.add(key)
    subject = f"parameter `{label}`" if role == "parameter" else f"`{label}`"
    # Changes inside a shared component are named after it, so they read the same at every operation.
    own = new.component if new.component and new.component == old.component else label
    _schema_docs(walk, old, new, f"`{own}`" if own != label or role != "parameter" else subject)
    values_direction: Direction = "request" if role == "parameter" else direction
    if old.alternatives or new.alternatives:
        if old.nullable != new.nullable:
            _nullability(walk, new, new_node[1], (values_direction, role), subject)
        compare_alternatives(walk, (old_node, old), (new_node, new), values_direction, role, label)
        return
    relation = type_relation(old, new, with_null=False)
    if relation != "same":
        relation = type_relation(old, new, with_null=True)
        rule = _type_rule(values_direction, role, relation)
        major = rule.level == "major"
        message = (
            f"{subject} {'is retyped' if major else _RELATION_TEXT[relation]}: {show_type(old)} → {show_type(new)}"
        )
        walk.emit(rule, new_node[1], message)
        if major:
            return
    elif old.nullable != new.nullable:
        _nullability(walk, new, new_node[1], (values_direction, role), subject)
    _enum(walk, old, new, values_direction, f"`{own}`" if own != label else subject)
    if walk.old_doc.canonical(old.keys.get("default")) != walk.new_doc.canonical(new.keys.get("default")):
        rule = PARAMETER_DEFAULT_CHANGED if role == "parameter" else PROPERTY_DEFAULT_CHANGED
        message = f"the default of {subject}: {show(old.keys.get('default'))} → {show(new.keys.get('default'))}"
        walk.emit(rule, new.at("default"), message)
    compare_constraints(walk, (old, new), values_direction, subject)
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


Relation = Literal["same", "wider", "narrower", "other"]
_RELATION_TEXT: dict[Relation, str] = {
    "same": "is unchanged",
    "wider": "accepts more",
    "narrower": "holds fewer values",
    "other": "is retyped",
}


def type_relation(old: Flat, new: Flat, *, with_null: bool) -> Relation:
    """Return how the values a schema's type admits changed.

    The JSON types (integer within number), the Python format, enum-ness, and (`with_null`) nullability.
    """
    parts: list[Relation] = [_set_relation(_types(old), _types(new))]
    old_format, new_format = _python_format_of(old), _python_format_of(new)
    if old_format != new_format:
        parts.append("other")  # str and datetime (or UUID, date, File) are unrelated Python types
    parts.append(_flag_relation(has_values(new), has_values(old)))
    if with_null:
        parts.append(_flag_relation(old.nullable, new.nullable))
    return combine(parts)


def combine(parts: Iterable[Relation]) -> Relation:
    """Combine the relations of a schema's parts: all the same, all wider, all narrower, or other."""
    found = set(parts) - {"same"}
    if not found:
        return "same"
    return next(iter(found)) if len(found) == 1 else "other"


def _set_relation(old: frozenset[str] | None, new: frozenset[str] | None) -> Relation:
    """Relate two sets of JSON types (None: any type)."""
    if old == new:
        return "same"
    if new is None or (old is not None and new >= old):
        return "wider"
    if old is None or new <= old:
        return "narrower"
    return "other"


def _flag_relation(before: bool, after: bool) -> Relation:  # noqa: FBT001
    """Return a flag that admits more values when set (nullability; enum-ness, passed the other way round)."""
    if before == after:
        return "same"
    return "wider" if after else "narrower"


def _types(flat: Flat) -> frozenset[str] | None:
    """Return the JSON types a schema admits, `integer` within `number`; None when it names none (any type)."""
    if not flat.types:
        return None
    return frozenset({*flat.types, "integer"}) if "number" in flat.types else flat.types


def _python_format_of(flat: Flat) -> str | None:
    """Return the format that gives the value its Python type (date, date-time, uuid, binary), if any."""
    value = flat.keys.get("format")
    return str(value) if is_python_format(value) else None


def has_values(flat: Flat) -> bool:
    """Whether a schema lists its values (`enum`, or a `const` other than null)."""
    return isinstance(flat.keys.get("enum"), list) or "const" in flat.keys


PARAMETER_RETYPED = Rule("parameter-retyped", "major", "the argument's type changed")
REQUEST_BODY_RETYPED = Rule("request-body-retyped", "major", "the body's type changed")
REQUEST_PROPERTY_RETYPED = Rule("request-property-retyped", "major", "the model attribute's type changed")
RESPONSE_BODY_RETYPED = Rule("response-body-retyped", "major", "what the call returns has another type")
RESPONSE_PROPERTY_RETYPED = Rule(
    "response-property-retyped", "major", "the attribute of a returned model has another type"
)
RESPONSE_HEADER_RETYPED = Rule("response-header-retyped", "major", "a response header's value has another type")
PARAMETER_WIDENED = Rule("parameter-widened", "minor", "the argument accepts more: a wider type, null, or no more enum")
REQUEST_BODY_WIDENED = Rule(
    "request-body-widened", "minor", "the body accepts more: a wider type, null, or no more enum"
)
REQUEST_PROPERTY_WIDENED = Rule(
    "request-property-widened", "minor", "the model attribute accepts more (a wider type, no more enum)"
)
RESPONSE_BODY_NARROWED = Rule(
    "response-body-narrowed", "minor", "what the call returns holds fewer types (never null, an enum)"
)
RESPONSE_PROPERTY_NARROWED = Rule(
    "response-property-narrowed", "minor", "the attribute of a returned model holds fewer types"
)
RESPONSE_HEADER_NARROWED = Rule("response-header-narrowed", "minor", "a response header's value holds fewer types")
# The rule of a value's type by where it flows (what is sent may widen, what is read may narrow).
RETYPED: dict[tuple[Direction, Role], Rule] = {
    ("request", "parameter"): PARAMETER_RETYPED,
    ("request", "body"): REQUEST_BODY_RETYPED,
    ("request", "property"): REQUEST_PROPERTY_RETYPED,
    ("response", "body"): RESPONSE_BODY_RETYPED,
    ("response", "property"): RESPONSE_PROPERTY_RETYPED,
    ("response", "header"): RESPONSE_HEADER_RETYPED,
}
WIDENED: dict[Role, Rule] = {
    "parameter": PARAMETER_WIDENED,
    "body": REQUEST_BODY_WIDENED,
    "property": REQUEST_PROPERTY_WIDENED,
}
NARROWED: dict[Role, Rule] = {
    "body": RESPONSE_BODY_NARROWED,
    "property": RESPONSE_PROPERTY_NARROWED,
    "header": RESPONSE_HEADER_NARROWED,
}


def _type_rule(direction: Direction, role: Role, relation: Relation) -> Rule:
    """Return the rule of a type change by where the value flows: what is sent may widen, what is read may narrow."""
    if direction == "request" and relation == "wider":
        return WIDENED[role]
    if direction == "response" and relation == "narrower":
        return NARROWED[role]
    return RETYPED[direction, role]


SCHEMA_TITLE_CHANGED = Rule("schema-title-changed", "major", "the title names the generated class: it is renamed")
PROPERTY_DEPRECATED = Rule("property-deprecated", "minor", "the property is deprecated")
PROPERTY_UNDEPRECATED = Rule("property-undeprecated", "patch", "the property is no longer deprecated")
PYTHON_NAME_HINT_CHANGED = Rule(
    "python-name-hint-changed", "major", "x-python-name or x-enum-varnames renames a Python name"
)
PYTHON_TYPE_HINT_CHANGED = Rule(
    "python-type-hint-changed", "major", "x-money, x-timestamp or x-python-type retypes an attribute"
)
WIRE_ALIASES_HINT_CHANGED = Rule(
    "wire-aliases-hint-changed", "minor", "x-wire-aliases: the attribute is sent and read under other names"
)


def _schema_docs(walk: OperationWalk, old: Flat, new: Flat, own: str) -> None:
    """Descriptions, examples, titles, deprecation and the templates' hints of one schema."""
    for keyword in ("description", "title"):
        if old.keys.get(keyword) == new.keys.get(keyword):
            continue
        if keyword == "title" and (old.makes_class or new.makes_class):
            message = f"the title of {own} is now {show(new.keys.get('title'))}: the Python class is renamed"
            walk.emit(SCHEMA_TITLE_CHANGED, new.at("title"), message)
        else:
            walk.emit(DESCRIPTION_CHANGED, new.at(keyword), f"the {keyword} of {own} changed")
    for keyword in ("example", "examples"):
        if walk.old_doc.canonical(old.keys.get(keyword)) != walk.new_doc.canonical(new.keys.get(keyword)):
            walk.emit(EXAMPLE_CHANGED, new.at(keyword), f"the {keyword} of {own} changed")
    compare_deprecation(walk.emit, (old.keys, new.keys), new.at, own, (PROPERTY_DEPRECATED, PROPERTY_UNDEPRECATED))
    hints = (
        (wire_hints.PYTHON_NAME_HINT, PYTHON_NAME_HINT_CHANGED, "the Python attribute is renamed"),
        *((hint, PYTHON_TYPE_HINT_CHANGED, "the Python type changes") for hint in TYPE_HINTS),
        (wire_hints.WIRE_ALIASES_HINT, WIRE_ALIASES_HINT_CHANGED, "the names it is sent and read under change"),
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
            walk.emit(PYTHON_NAME_HINT_CHANGED, new.at("x-enum-varnames"), message)


REQUEST_PROPERTY_MADE_NULLABLE = Rule("request-property-made-nullable", "minor", "the attribute also accepts None")
REQUEST_PROPERTY_MADE_NON_NULLABLE = Rule(
    "request-property-made-non-nullable", "major", "the server rejects the None old clients may send"
)
RESPONSE_PROPERTY_MADE_NULLABLE = Rule("response-property-made-nullable", "major", "the attribute may now be None")
RESPONSE_PROPERTY_MADE_NON_NULLABLE = Rule(
    "response-property-made-non-nullable", "minor", "the attribute is never None any more"
)
MADE_NULLABLE: dict[Direction, Rule] = {
    "request": REQUEST_PROPERTY_MADE_NULLABLE,
    "response": RESPONSE_PROPERTY_MADE_NULLABLE,
}
MADE_NON_NULLABLE: dict[Direction, Rule] = {
    "request": REQUEST_PROPERTY_MADE_NON_NULLABLE,
    "response": RESPONSE_PROPERTY_MADE_NON_NULLABLE,
}


def _nullability(walk: OperationWalk, new: Flat, where: str, place: tuple[Direction, Role], subject: str) -> None:
    """Report a value that may now be null, or no longer: a property's own rule; widened, narrowed or retyped else."""
    direction, role = place
    if role != "property":
        state = "is now nullable" if new.nullable else "is no longer nullable"
        rule = _type_rule(direction, role, "wider" if new.nullable else "narrower")
        walk.emit(rule, where, f"{subject} {state}")
        return
    rule = MADE_NULLABLE[direction] if new.nullable else MADE_NON_NULLABLE[direction]
    state = "may now be null" if new.nullable else "is no longer nullable"
    walk.emit(rule, where, f"{subject} {state}")


ENUM_VALUE_ADDED_REQUEST = Rule("enum-value-added-request", "minor", "a new enum member a client may send")
ENUM_VALUE_REMOVED_REQUEST = Rule(
    "enum-value-removed-request", "major", "the server rejects a value old clients send; the member is gone"
)
ENUM_VALUE_ADDED_RESPONSE = Rule(
    "enum-value-added-response", "minor", "a new enum member (open enums decode unknown values anyway)"
)
ENUM_VALUE_REMOVED_RESPONSE = Rule(
    "enum-value-removed-response", "major", "the enum member is gone from the Python enum"
)
ENUM_VALUE_ADDED: dict[Direction, Rule] = {"request": ENUM_VALUE_ADDED_REQUEST, "response": ENUM_VALUE_ADDED_RESPONSE}
ENUM_VALUE_REMOVED: dict[Direction, Rule] = {
    "request": ENUM_VALUE_REMOVED_REQUEST,
    "response": ENUM_VALUE_REMOVED_RESPONSE,
}


def _enum(walk: OperationWalk, old: Flat, new: Flat, direction: Direction, subject: str) -> None:
    """Enum values (or a `const`, an enum of one) added or removed, one change per value."""
    old_values, old_at = _values(old)
    new_values, new_at = _values(new)
    if old_values is None or new_values is None:
        return
    old_set, new_set = set(map(json_text, old_values)), set(map(json_text, new_values))
    for index, value in enumerate(old_values):
        if json_text(value) not in new_set:
            where = old_at(index)
            walk.emit(ENUM_VALUE_REMOVED[direction], where, f"{show(value)} was removed from {subject}")
    for index, value in enumerate(new_values):
        if json_text(value) not in old_set:
            where = new_at(index)
            walk.emit(ENUM_VALUE_ADDED[direction], where, f"{show(value)} was added to {subject}")


def _values(flat: Flat) -> tuple[list[object] | None, Callable[[int], str]]:
    """Return a schema's listed values and the pointer of each: its `enum`, or its `const` as an enum of one."""
    values = flat.keys.get("enum")
    if isinstance(values, list):
        return values, lambda index: pointer_join(flat.at("enum"), index)
    if "const" in flat.keys:
        return [flat.keys["const"]], lambda _: flat.at("const")
    return None, lambda _: flat.pointer


REQUEST_PROPERTY_ADDED_REQUIRED = Rule(
    "request-property-added-required", "major", "a new required model attribute: old constructor calls fail"
)
REQUEST_PROPERTY_ADDED_OPTIONAL = Rule("request-property-added-optional", "minor", "a new optional model attribute")
RESPONSE_PROPERTY_ADDED = Rule("response-property-added", "minor", "a new attribute on a returned model")
REQUEST_PROPERTY_REMOVED = Rule("request-property-removed", "major", "the model attribute is gone")
RESPONSE_PROPERTY_REMOVED = Rule("response-property-removed", "major", "the attribute of a returned model is gone")
REQUEST_READ_ONLY_PROPERTY_CHANGED = Rule(
    "request-read-only-property-changed", "minor", "a readOnly property of a request (the server ignores it)"
)
RESPONSE_WRITE_ONLY_PROPERTY_CHANGED = Rule(
    "response-write-only-property-changed", "minor", "a writeOnly property of a response (it is never returned)"
)
PROPERTY_REMOVED: dict[Direction, Rule] = {"request": REQUEST_PROPERTY_REMOVED, "response": RESPONSE_PROPERTY_REMOVED}
# A property the direction does not carry (readOnly in a request, writeOnly in a response) changed.
EXEMPT_CHANGED: dict[Direction, Rule] = {
    "request": REQUEST_READ_ONLY_PROPERTY_CHANGED,
    "response": RESPONSE_WRITE_ONLY_PROPERTY_CHANGED,
}


def _object(walk: OperationWalk, old: Flat, new: Flat, direction: Direction, own: str) -> None:
    """Properties added, removed, made required or optional, and compared; additionalProperties.

    A readOnly property is not sent and a writeOnly one is not returned: where that holds, their changes break no
    client (their own rules say so).
    """
    exempt = "readOnly" if direction == "request" else "writeOnly"
    exempt_rule = EXEMPT_CHANGED[direction]
    for name in sorted(old.properties.keys() - new.properties.keys()):
        at = old.properties[name][1]
        keys = walk.old_doc.flatten(*old.properties[name]).keys
        label = f"`{_owner(own, at)}.{name}`"
        if keys.get(exempt) is True:
            walk.emit(exempt_rule, at, f"{exempt} {label} was removed")
        else:
            note = removal_note(keys, walk.differ.today)
            walk.emit(PROPERTY_REMOVED[direction], at, f"{label} was removed{note}")
    for name in sorted(new.properties.keys() - old.properties.keys()):
        at = new.properties[name][1]
        label = f"{_owner(own, at)}.{name}"
        if direction == "response":
            walk.emit(RESPONSE_PROPERTY_ADDED, at, f"`{label}` was added")
        elif walk.new_doc.flatten(*new.properties[name]).keys.get(exempt) is True:
            walk.emit(exempt_rule, at, f"{exempt} `{label}` was added")
        elif name in new.required:
            walk.emit(REQUEST_PROPERTY_ADDED_REQUIRED, at, f"required `{label}` was added")
        else:
            walk.emit(REQUEST_PROPERTY_ADDED_OPTIONAL, at, f"optional `{label}` was added")
    for name in sorted(old.properties.keys() & new.properties.keys()):
        _property(walk, (old, new), name, direction, own)
    _additional(walk, old, new, direction, own)


REQUEST_PROPERTY_MADE_REQUIRED = Rule(
    "request-property-made-required", "major", "constructor calls that left it out now fail"
)
REQUEST_PROPERTY_MADE_OPTIONAL = Rule("request-property-made-optional", "minor", "the attribute may now be left out")
RESPONSE_PROPERTY_MADE_REQUIRED = Rule(
    "response-property-made-required", "minor", "the attribute is now always present"
)
RESPONSE_PROPERTY_MADE_OPTIONAL = Rule("response-property-made-optional", "major", "the attribute may now be UNSET")
REQUEST_PROPERTY_MADE_READ_ONLY = Rule(
    "request-property-made-read-only", "major", "the server ignores what old clients send in the attribute"
)
RESPONSE_PROPERTY_MADE_WRITE_ONLY = Rule(
    "response-property-made-write-only", "major", "the server no longer returns the attribute"
)
PROPERTY_ACCESS_RELAXED = Rule(
    "property-access-relaxed", "minor", "readOnly dropped in a request, or writeOnly in a response"
)
PROPERTY_MADE_REQUIRED: dict[Direction, Rule] = {
    "request": REQUEST_PROPERTY_MADE_REQUIRED,
    "response": RESPONSE_PROPERTY_MADE_REQUIRED,
}
PROPERTY_MADE_OPTIONAL: dict[Direction, Rule] = {
    "request": REQUEST_PROPERTY_MADE_OPTIONAL,
    "response": RESPONSE_PROPERTY_MADE_OPTIONAL,
}
# A property made one the direction does not carry.
MADE_EXEMPT: dict[Direction, Rule] = {
    "request": REQUEST_PROPERTY_MADE_READ_ONLY,
    "response": RESPONSE_PROPERTY_MADE_WRITE_ONLY,
}


def _property(walk: OperationWalk, pair: tuple[Flat, Flat], name: str, direction: Direction, own: str) -> None:
    """Compare a property in both: readOnly/writeOnly, required, and its schema."""
    old, new = pair
    exempt = "readOnly" if direction == "request" else "writeOnly"
    at = new.properties[name][1]
    label = f"{_owner(own, at)}.{name}"
    was = walk.old_doc.flatten(*old.properties[name]).keys.get(exempt) is True
    now = walk.new_doc.flatten(*new.properties[name]).keys.get(exempt) is True
    if was != now:
        rule = MADE_EXEMPT[direction] if now else PROPERTY_ACCESS_RELAXED
        walk.emit(rule, at, f"`{label}` is {'now' if now else 'no longer'} {exempt}")
    if (name in old.required) != (name in new.required):
        state = "required" if name in new.required else "optional"
        made = PROPERTY_MADE_REQUIRED[direction] if name in new.required else PROPERTY_MADE_OPTIONAL[direction]
        walk.emit(EXEMPT_CHANGED[direction] if was and now else made, at, f"`{label}` is now {state}")
    if was and now:
        return  # neither sent (readOnly in a request) nor read (writeOnly in a response): it breaks no one
    compare_schema(walk, old.properties[name], new.properties[name], direction=direction, role="property", label=label)


ADDITIONAL_PROPERTIES_FORBIDDEN = Rule(
    "additional-properties-forbidden", "major", "unknown keys are refused; `additional_properties` is gone"
)
ADDITIONAL_PROPERTIES_ALLOWED = Rule(
    "additional-properties-allowed", "minor", "unknown keys are accepted and kept in `additional_properties`"
)


def _additional(walk: OperationWalk, old: Flat, new: Flat, direction: Direction, own: str) -> None:
    """additionalProperties: forbidden, allowed, or its schema compared."""
    before = old.keys.get("additionalProperties", True)
    after = new.keys.get("additionalProperties", True)
    if before is not False and after is False:
        message = f"`{own}` no longer allows other properties: `additional_properties` is gone"
        walk.emit(ADDITIONAL_PROPERTIES_FORBIDDEN, new.at("additionalProperties"), message)
    elif before is False and after is not False:
        walk.emit(ADDITIONAL_PROPERTIES_ALLOWED, new.at("additionalProperties"), f"`{own}` allows other properties")
    elif isinstance(before, Mapping) or isinstance(after, Mapping):
        compare_schema(
            walk,
            (before if isinstance(before, Mapping) else {}, old.at("additionalProperties")),
            (after if isinstance(after, Mapping) else {}, new.at("additionalProperties")),
            direction=direction,
            role="property",
            label=f"{own}.*",
        )


def _enum_names(flat: Flat) -> dict[str, str]:
    """Map each enum value (as JSON) to the member name x-enum-varnames gives it; unnamed values are left out."""
    values = [json_text(value) for value in as_list(flat.keys.get("enum"))]
    names = [str(name) for name in as_list(flat.keys.get("x-enum-varnames"))]
    return dict(zip(values[: len(names)], names[: len(values)], strict=True))


def _owner(own: str, pointer: str) -> str:
    """Name the schema a property belongs to: the component defining it (an allOf part), else `own`."""
    match = re.fullmatch(r"/components/schemas/([^/]+)/properties/[^/]+", pointer)
    return match[1].replace("~1", "/").replace("~0", "~") if match else own


# The rules of this module, each declared above the function that finds it (rules.RULES merges them).
RULES = (
    PARAMETER_RETYPED,
    PARAMETER_WIDENED,
    PARAMETER_DEFAULT_CHANGED,
    REQUEST_BODY_RETYPED,
    REQUEST_BODY_WIDENED,
    REQUEST_PROPERTY_ADDED_REQUIRED,
    REQUEST_PROPERTY_ADDED_OPTIONAL,
    REQUEST_PROPERTY_REMOVED,
    REQUEST_PROPERTY_RETYPED,
    REQUEST_PROPERTY_WIDENED,
    REQUEST_PROPERTY_MADE_REQUIRED,
    REQUEST_PROPERTY_MADE_OPTIONAL,
    REQUEST_PROPERTY_MADE_NULLABLE,
    REQUEST_PROPERTY_MADE_NON_NULLABLE,
    RESPONSE_BODY_RETYPED,
    RESPONSE_BODY_NARROWED,
    RESPONSE_HEADER_RETYPED,
    RESPONSE_HEADER_NARROWED,
    RESPONSE_PROPERTY_ADDED,
    RESPONSE_PROPERTY_REMOVED,
    RESPONSE_PROPERTY_RETYPED,
    RESPONSE_PROPERTY_NARROWED,
    RESPONSE_PROPERTY_MADE_OPTIONAL,
    RESPONSE_PROPERTY_MADE_REQUIRED,
    RESPONSE_PROPERTY_MADE_NULLABLE,
    RESPONSE_PROPERTY_MADE_NON_NULLABLE,
    ENUM_VALUE_ADDED_REQUEST,
    ENUM_VALUE_REMOVED_REQUEST,
    ENUM_VALUE_ADDED_RESPONSE,
    ENUM_VALUE_REMOVED_RESPONSE,
    PROPERTY_DEFAULT_CHANGED,
    ADDITIONAL_PROPERTIES_FORBIDDEN,
    ADDITIONAL_PROPERTIES_ALLOWED,
    REQUEST_PROPERTY_MADE_READ_ONLY,
    RESPONSE_PROPERTY_MADE_WRITE_ONLY,
    PROPERTY_ACCESS_RELAXED,
    REQUEST_READ_ONLY_PROPERTY_CHANGED,
    RESPONSE_WRITE_ONLY_PROPERTY_CHANGED,
    PYTHON_NAME_HINT_CHANGED,
    PYTHON_TYPE_HINT_CHANGED,
    WIRE_ALIASES_HINT_CHANGED,
    SCHEMA_TITLE_CHANGED,
    PROPERTY_DEPRECATED,
    PROPERTY_UNDEPRECATED,
)
