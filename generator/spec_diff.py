"""What a spec change does to the HTTP API: a semantic diff of two OpenAPI 3.1 documents, classified for the wheel.

Pure: `diff_specs(old, new)` takes two parsed documents and returns a `SpecDiff`; it never reads, prints or exits.
It follows `$ref`s and merges `allOf`, so reordering, reformatting and `$ref` refactors that mean the same schema
report nothing, and a change to a shared component is reported once per operation it reaches.

Every change has a rule id from `RULES`, and the rule fixes its level: `major` (breaking: code that worked with the
old wheel can fail with the new one, or the server may reject what the old client sent), `minor` (new, compatible),
`patch` (documentation only).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from generator.spec_document import HTTP_METHODS, pointer_join

Bump = Literal["major", "minor", "patch", "none"]
Level = Literal["major", "minor", "patch"]
Direction = Literal["request", "response"]
Role = Literal["body", "property", "parameter"]
View = Literal["http", "python"]

# Bumps from the strongest down: the first level any change has is the verdict.
BUMP_ORDER: tuple[Bump, ...] = ("major", "minor", "patch", "none")
# Formats that change the Python type openapi-python-client gives a value; other formats only constrain the wire.
PYTHON_FORMATS = frozenset({"date", "date-time", "binary", "uuid"})
# Hints the templates (overrides/templates/model.py.jinja) read to name or type an attribute.
TYPE_HINTS = ("x-money", "x-timestamp", "x-python-type")
DOC_KEYS = frozenset({"description", "summary", "title", "example", "examples", "externalDocs", "$comment"})
# Constraint keywords: (keyword, True when a larger value accepts more).
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
# Keywords that accept less when added or changed, and more when removed.
OTHER_CONSTRAINTS = ("pattern", "multipleOf", "uniqueItems", "format", "const")


@dataclass(frozen=True)
class Rule:
    """A kind of change: its level and what it means for a user of the wheel (the README's rule table)."""

    level: Level
    meaning: str


RULES: Mapping[str, Rule] = {
    # Operations.
    "operation-added": Rule("minor", "a new operation: a new module and functions"),
    "operation-removed": Rule("major", "the operation's module and functions are gone"),
    "operation-moved": Rule("major", "same operationId at another method or path: the old wheel calls the old one"),
    "operation-id-changed": Rule("major", "the Python module and functions are renamed"),
    "operation-tag-changed": Rule("major", "the first tag names the package the module is in: its import path moves"),
    "operation-deprecated": Rule("minor", "the operation is deprecated"),
    "operation-undeprecated": Rule("patch", "the operation is no longer deprecated"),
    # Parameters (path, query, header, cookie).
    "parameter-added-required": Rule("major", "a new required argument: old calls miss it"),
    "parameter-added-optional": Rule("minor", "a new optional keyword argument"),
    "parameter-removed": Rule("major", "the keyword argument is gone"),
    "parameter-made-required": Rule("major", "calls that left it out now fail"),
    "parameter-made-optional": Rule("minor", "the argument may now be left out"),
    "parameter-retyped": Rule("major", "the argument's type changed"),
    "parameter-default-changed": Rule("minor", "a call that leaves the argument out sends another value"),
    "parameter-deprecated": Rule("minor", "the parameter is deprecated"),
    "parameter-undeprecated": Rule("patch", "the parameter is no longer deprecated"),
    "parameter-serialization-changed": Rule("major", "style or explode changed: the server reads the old form"),
    # Request bodies.
    "request-body-added-required": Rule("major", "a new required `body` argument"),
    "request-body-added-optional": Rule("minor", "a new optional `body` argument"),
    "request-body-removed": Rule("major", "the `body` argument is gone"),
    "request-body-made-required": Rule("major", "calls without a body now fail"),
    "request-body-made-optional": Rule("minor", "the body may now be left out"),
    "request-body-retyped": Rule("major", "the body's type changed"),
    "request-media-type-added": Rule("minor", "the operation accepts another media type"),
    "request-media-type-removed": Rule("major", "the server no longer accepts a media type the client may send"),
    # Request properties.
    "request-property-added-required": Rule("major", "a new required model attribute: old constructor calls fail"),
    "request-property-added-optional": Rule("minor", "a new optional model attribute"),
    "request-property-removed": Rule("major", "the model attribute is gone"),
    "request-property-retyped": Rule("major", "the model attribute's type changed"),
    "request-property-made-required": Rule("major", "constructor calls that left it out now fail"),
    "request-property-made-optional": Rule("minor", "the attribute may now be left out"),
    "request-property-made-nullable": Rule("minor", "the attribute also accepts None"),
    "request-property-made-non-nullable": Rule("major", "the server rejects the None old clients may send"),
    # Responses.
    "response-status-added": Rule("minor", "the operation documents another status code"),
    "response-success-status-removed": Rule("major", "a success response the client decodes is gone"),
    "response-error-status-removed": Rule("minor", "an error response is no longer documented"),
    "response-media-type-added": Rule("minor", "a response comes in another media type too"),
    "response-media-type-removed": Rule("major", "a response no longer comes in a media type the client reads"),
    "response-body-retyped": Rule("major", "what the call returns has another type"),
    # Response properties.
    "response-property-added": Rule("minor", "a new attribute on a returned model"),
    "response-property-removed": Rule("major", "the attribute of a returned model is gone"),
    "response-property-retyped": Rule("major", "the attribute of a returned model has another type"),
    "response-property-made-optional": Rule("major", "the attribute may now be UNSET"),
    "response-property-made-required": Rule("minor", "the attribute is now always present"),
    "response-property-made-nullable": Rule("major", "the attribute may now be None"),
    "response-property-made-non-nullable": Rule("minor", "the attribute is never None any more"),
    # Enums.
    "enum-value-added-request": Rule("minor", "a new enum member a client may send"),
    "enum-value-removed-request": Rule("major", "the server rejects a value old clients send; the member is gone"),
    "enum-value-added-response": Rule("minor", "a new enum member (open enums decode unknown values anyway)"),
    "enum-value-removed-response": Rule("major", "the enum member is gone from the Python enum"),
    # Defaults, constraints, objects.
    "property-default-changed": Rule("minor", "the attribute's default value changed"),
    "request-constraint-tightened": Rule("major", "the server may reject a value old clients send"),
    "request-constraint-relaxed": Rule("minor", "the server accepts more values"),
    "response-constraint-changed": Rule("patch", "a documented bound of a returned value changed"),
    "additional-properties-forbidden": Rule("major", "unknown keys are refused; `additional_properties` is gone"),
    "additional-properties-allowed": Rule("minor", "unknown keys are accepted and kept in `additional_properties`"),
    # Python hints of the templates.
    "python-name-hint-changed": Rule("major", "x-python-name or x-enum-varnames renames a Python name"),
    "python-type-hint-changed": Rule("major", "x-money, x-timestamp or x-python-type retypes an attribute"),
    "wire-aliases-hint-changed": Rule("minor", "x-wire-aliases: the attribute is sent and read under other names"),
    "schema-title-changed": Rule("major", "the title names the generated class: it is renamed"),
    # Security.
    "security-requirement-added": Rule("minor", "another way to authenticate is accepted"),
    "security-requirement-removed": Rule("major", "a way of authenticating old clients use is refused"),
    "security-scheme-changed": Rule("major", "a security scheme is sent differently"),
    # Documentation.
    "description-changed": Rule("patch", "a description, summary or title (documentation only)"),
    "example-changed": Rule("patch", "an example (documentation only)"),
    "property-deprecated": Rule("minor", "the property is deprecated"),
    "property-undeprecated": Rule("patch", "the property is no longer deprecated"),
    "servers-changed": Rule("patch", "the documented servers (the client's base URL is configured, not generated)"),
}


@dataclass(frozen=True)
class Change:
    """One change: its rule id, the operation it reaches, where it is, and what it means.

    `where` is a JSON pointer (`#/...`) into the new spec (into the old one for what was removed), or for the Python
    view a dotted path into the package. `endpoint` (`METHOD /path`) and `view` are for the reports, not the JSON.
    """

    id: str
    level: Level
    operation: str | None
    where: str
    message: str
    endpoint: str | None = None
    view: View = "http"

    @property
    def breaking(self) -> bool:
        """Whether code that worked with the old wheel can fail with the new one."""
        return self.level == "major"

    def as_json(self) -> dict[str, object]:
        """Return the change as the JSON report carries it: exactly id, breaking, operation, where, message."""
        return {
            "id": self.id,
            "breaking": self.breaking,
            "operation": self.operation,
            "where": self.where,
            "message": self.message,
        }


def bump_of(changes: Iterable[Change]) -> Bump:
    """Return the bump a set of changes needs: the strongest level among them, or `none`."""
    levels = {change.level for change in changes}
    return next((bump for bump in BUMP_ORDER if bump in levels), "none")


@dataclass(frozen=True)
class SpecDiff:
    """The changes from one spec to another, with both `info.version`s (for the version check)."""

    changes: tuple[Change, ...]
    old_version: str | None = None
    new_version: str | None = None

    @property
    def bump(self) -> Bump:
        """The version bump these changes need."""
        return bump_of(self.changes)

    def plus(self, changes: Iterable[Change]) -> SpecDiff:
        """Return the same diff with more changes (the Python API view), in report order."""
        return replace(self, changes=_ordered([*self.changes, *changes]))


def diff_specs(old: Mapping[str, Any], new: Mapping[str, Any]) -> SpecDiff:
    """Compare two parsed OpenAPI documents and classify every change."""
    differ = _Differ(_Doc(old), _Doc(new))
    differ.run()
    return SpecDiff(
        changes=_ordered(differ.changes),
        old_version=version_of(old),
        new_version=version_of(new),
    )


def version_of(document: Mapping[str, Any]) -> str | None:
    """Return the document's `info.version`, when it has one."""
    info = document.get("info")
    version = info.get("version") if isinstance(info, Mapping) else None
    return str(version) if version is not None else None


def _ordered(changes: Iterable[Change]) -> tuple[Change, ...]:
    """Drop repeats (one component reached twice from one operation) and sort: strongest first, then by place."""
    unique = {(c.id, c.operation, c.where, c.view, c.message): c for c in changes}
    rank = {level: index for index, level in enumerate(BUMP_ORDER)}
    return tuple(
        sorted(
            unique.values(),
            key=lambda c: (rank[c.level], c.view, c.endpoint or "", c.operation or "", c.where, c.id, c.message),
        )
    )


# A node of a document and its JSON pointer (without the leading `#`).
Node = tuple[Any, str]


class _Doc:
    """A parsed document that resolves local `$ref`s and flattens schemas (refs followed, `allOf` merged)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        """Keep the document."""
        self.data = data

    def lookup(self, pointer: str) -> object:
        """Return the node at a JSON pointer (without `#`), or None."""
        node: object = self.data
        for raw in pointer.split("/")[1:]:
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, Mapping) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return None
        return node

    def resolve(self, node: object, pointer: str) -> tuple[dict[str, Any], str, dict[str, str]]:
        """Follow `$ref`s: the merged keywords (a ref's siblings win), the target's pointer, and each keyword's home."""
        layers: list[tuple[Mapping[str, Any], str]] = []
        seen: set[str] = set()
        while isinstance(node, Mapping):
            layers.append((node, pointer))
            ref = node.get("$ref")
            if not isinstance(ref, str) or not ref.startswith("#") or ref in seen:
                break
            seen.add(ref)
            target = self.lookup(ref[1:])
            if target is None:
                break
            node, pointer = target, ref[1:]
        keys: dict[str, Any] = {}
        origins: dict[str, str] = {}
        for layer, at in reversed(layers):  # innermost first, so the outer siblings of a $ref override its target
            for key, value in layer.items():
                if key != "$ref":
                    keys[key] = value
                    origins[key] = at
        return keys, layers[-1][1] if layers else pointer, origins

    def flatten(self, node: object, pointer: str, stack: frozenset[str] = frozenset()) -> Flat:
        """Return the schema at `node` as one flat view: refs followed, `allOf` merged, null split off."""
        keys, at, origins = self.resolve(node, pointer)
        flat = Flat(pointer=at, keys=keys, origins=origins)
        if at in stack:  # a schema that contains itself through allOf/anyOf: stop, as the generator does
            return flat
        inner = stack | {at}
        types = keys.get("type")
        names = {types} if isinstance(types, str) else {str(name) for name in _list(types)}
        flat.nullable = "null" in names or keys.get("nullable") is True
        flat.types = frozenset(names - {"null"})
        if "const" in keys and keys["const"] is None:  # `const: null` is null; another const only constrains
            flat.nullable = True
            del keys["const"]
        if isinstance(keys.get("enum"), list):
            values = keys["enum"]
            flat.nullable = flat.nullable or None in values
            keys["enum"] = [value for value in values if value is not None]
        properties = keys.get("properties")
        if isinstance(properties, Mapping):
            base = pointer_join(origins["properties"], "properties")
            flat.properties = {str(name): (value, pointer_join(base, name)) for name, value in properties.items()}
        flat.required = frozenset(str(name) for name in _list(keys.get("required")))
        for index, part in enumerate(_list(keys.get("allOf"))):
            self._merge(flat, self.flatten(part, pointer_join(pointer_join(origins["allOf"], "allOf"), index), inner))
        for combinator in ("anyOf", "oneOf"):
            self._alternatives(flat, combinator, inner)
        if not flat.types:
            if flat.properties or "additionalProperties" in keys:
                flat.types = frozenset({"object"})
            elif "items" in keys:
                flat.types = frozenset({"array"})
        return flat

    def _alternatives(self, flat: Flat, combinator: str, stack: frozenset[str]) -> None:
        """Split `null` off an anyOf/oneOf; one alternative left is the schema itself, more stay alternatives."""
        options = flat.keys.get(combinator)
        if not isinstance(options, list):
            return
        base = pointer_join(flat.origins[combinator], combinator)
        kept: list[Node] = []
        for index, option in enumerate(options):
            at = pointer_join(base, index)
            option_flat = self.flatten(option, at, stack)
            if option_flat.types or not option_flat.nullable or option_flat.alternatives or option_flat.properties:
                kept.append((option, at))
            else:
                flat.nullable = True
        if len(kept) == 1:
            self._merge(flat, self.flatten(*kept[0], stack))
        else:
            flat.alternatives = (*flat.alternatives, *kept)

    @staticmethod
    def _merge(flat: Flat, part: Flat) -> None:
        """Merge an allOf part (or the one alternative of an anyOf) into `flat`; what `flat` says itself wins."""
        for key, value in part.keys.items():
            if key not in flat.keys:
                flat.keys[key] = value
                flat.origins[key] = part.origins[key]
        for name, node in part.properties.items():
            flat.properties.setdefault(name, node)
        flat.required |= part.required
        flat.types = flat.types or part.types
        flat.nullable = flat.nullable or (part.nullable and not flat.types)
        flat.alternatives = (*flat.alternatives, *part.alternatives)

    def canonical(self, node: object, stack: tuple[str, ...] = ()) -> object:
        """Return a schema as comparable data: refs resolved (a cycle becomes a marker), documentation dropped."""
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#"):
                if ref in stack:
                    return {"$cycle": ref.rpartition("/")[2]}
                keys, _, _ = self.resolve(node, "")
                return self.canonical(keys, (*stack, ref))
            return {
                str(key): sorted(map(str, value))
                if key == "required" and isinstance(value, list)
                else self.canonical(value, stack)
                for key, value in node.items()
                if key not in DOC_KEYS
            }
        if isinstance(node, list):
            return [self.canonical(item, stack) for item in node]
        return node


@dataclass
class Flat:
    """A schema flattened: merged keywords and where each came from, properties, nullability, alternatives."""

    pointer: str
    keys: dict[str, Any]
    origins: dict[str, str]
    properties: dict[str, Node] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    nullable: bool = False
    alternatives: tuple[Node, ...] = ()

    def at(self, key: str) -> str:
        """Return the pointer of one keyword, in the node that holds it (a ref's sibling or its target)."""
        return pointer_join(self.origins.get(key, self.pointer), key)

    @property
    def component(self) -> str | None:
        """The component's name when this is `#/components/schemas/NAME` itself."""
        match = re.fullmatch(r"/components/schemas/([^/]+)", self.pointer)
        return match[1].replace("~1", "/").replace("~0", "~") if match else None

    @property
    def makes_class(self) -> bool:
        """Whether the generator makes a class of it (a model or an enum), which its title names."""
        return bool(self.properties) or "enum" in self.keys or "object" in self.types


def _mapping(node: object) -> Mapping[str, Any]:
    """Return `node` when it is a mapping, else an empty one (a malformed document reports what it can)."""
    return node if isinstance(node, Mapping) else {}


def _json(value: object) -> str:
    """Return a value as canonical JSON text, to compare values (YAML dates and the like as their text)."""
    return json.dumps(value, sort_keys=True, default=str)


def _python_format(value: object) -> bool:
    """Whether a `format` is one that changes the Python type (a malformed one, a list or mapping, is not)."""
    return isinstance(value, str) and value in PYTHON_FORMATS


def _list(node: object) -> list[Any]:
    """Return `node` when it is a list, else an empty one."""
    return node if isinstance(node, list) else []


def _pointer(pointer: str) -> str:
    """Show a pointer as the reports do: `#/...`."""
    return "#" + pointer


def _path_key(path: str) -> str:
    """Blank the template variables of a path, so renaming `{id}` matches the same operation."""
    return re.sub(r"\{[^}]*\}", "{}", path)


@dataclass(frozen=True)
class _Operation:
    """One operation of a document: its method and path, its node and pointer, and its path item."""

    method: str
    path: str
    node: Mapping[str, Any]
    pointer: str
    item: Mapping[str, Any]
    item_pointer: str

    @property
    def endpoint(self) -> str:
        """`METHOD /path`."""
        return f"{self.method.upper()} {self.path}"

    @property
    def operation_id(self) -> str | None:
        """The operationId, when it has one."""
        value = self.node.get("operationId")
        return str(value) if value is not None else None

    @property
    def name(self) -> str:
        """The operationId, or `METHOD /path` for an operation without one."""
        return self.operation_id or self.endpoint


def _operations(doc: _Doc) -> dict[tuple[str, str], _Operation]:
    """Every operation of a document, by (method, path with blank template variables)."""
    found: dict[tuple[str, str], _Operation] = {}
    paths = doc.data.get("paths")
    if not isinstance(paths, Mapping):
        return found
    for path, raw_item in paths.items():
        item_pointer = pointer_join(pointer_join("", "paths"), path)
        item, resolved_pointer, _ = doc.resolve(raw_item, item_pointer)
        for method in HTTP_METHODS:
            node = item.get(method)
            if isinstance(node, Mapping):
                pointer = pointer_join(resolved_pointer, method)
                found[method, _path_key(str(path))] = _Operation(method, str(path), node, pointer, item, item_pointer)
    return found


class _Differ:
    """Walks both documents, operation by operation, and collects the changes."""

    def __init__(self, old: _Doc, new: _Doc) -> None:
        """Start with no changes."""
        self.old = old
        self.new = new
        self.changes: list[Change] = []

    def run(self) -> None:
        """Compare the document-level parts, then every operation."""
        self._document()
        old_ops = _operations(self.old)
        new_ops = _operations(self.new)
        removed = {key: op for key, op in old_ops.items() if key not in new_ops}
        added = {key: op for key, op in new_ops.items() if key not in old_ops}
        moved_ids = {op.operation_id for op in removed.values()} & {op.operation_id for op in added.values()}
        for op in removed.values():
            if op.operation_id in moved_ids and op.operation_id is not None:
                target = next(new for new in added.values() if new.operation_id == op.operation_id)
                message = f"`{op.endpoint}` moved to `{target.endpoint}`: the old wheel still calls `{op.endpoint}`"
                self._emit("operation-moved", op, _pointer(target.pointer), message, endpoint=op.endpoint)
            else:
                self._emit("operation-removed", op, _pointer(op.pointer), f"`{op.endpoint}` was removed")
        for op in added.values():
            if op.operation_id not in moved_ids or op.operation_id is None:
                self._emit("operation-added", op, _pointer(op.pointer), f"`{op.endpoint}` was added")
        for key in old_ops.keys() & new_ops.keys():
            _OperationWalk(self, old_ops[key], new_ops[key]).run()

    def _emit(self, rule: str, op: _Operation | None, where: str, message: str, endpoint: str | None = None) -> None:
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
        """Document-level changes that reach no single operation: info texts, tag descriptions, servers."""
        old_info, new_info = _mapping(self.old.data.get("info")), _mapping(self.new.data.get("info"))
        for key in ("title", "summary", "description"):
            if old_info.get(key) != new_info.get(key):
                self._emit("description-changed", None, f"#/info/{key}", f"the API's {key} changed")
        old_tags = {str(tag.get("name")): tag for tag in _list(self.old.data.get("tags")) if isinstance(tag, Mapping)}
        for index, tag in enumerate(_list(self.new.data.get("tags"))):
            if not isinstance(tag, Mapping):
                continue
            before = old_tags.get(str(tag.get("name")))
            if before is not None and before.get("description") != tag.get("description"):
                message = f"the description of tag `{tag.get('name')}` changed"
                self._emit("description-changed", None, f"#/tags/{index}/description", message)
        if self.old.canonical(self.old.data.get("servers")) != self.new.canonical(self.new.data.get("servers")):
            self._emit("servers-changed", None, "#/servers", "the documented servers changed")


class _OperationWalk:
    """The comparison of one operation present in both documents."""

    def __init__(self, differ: _Differ, old: _Operation, new: _Operation) -> None:
        """Compare `old` with `new`, reporting at the new operation's id."""
        self.differ = differ
        self.old_doc = differ.old
        self.new_doc = differ.new
        self.old = old
        self.new = new
        self.seen: set[tuple[str, str, str, str, str]] = set()

    def emit(self, rule: str, where: str, message: str) -> None:
        """Record a change reaching this operation."""
        self.differ._emit(rule, self.new, _pointer(where), message)  # noqa: SLF001 - the walk is the differ's helper

    def run(self) -> None:
        """Compare the operation's own fields, parameters, body, responses and security."""
        old, new = self.old.node, self.new.node
        for key in ("summary", "description"):
            if old.get(key) != new.get(key):
                self.emit("description-changed", pointer_join(self.new.pointer, key), f"the operation's {key} changed")
        if bool(old.get("deprecated")) != bool(new.get("deprecated")):
            rule = "operation-deprecated" if new.get("deprecated") else "operation-undeprecated"
            state = "deprecated" if new.get("deprecated") else "no longer deprecated"
            self.emit(rule, pointer_join(self.new.pointer, "deprecated"), f"`{self.new.endpoint}` is {state}")
        if self.old.operation_id != self.new.operation_id:
            message = f"operationId `{self.old.operation_id}` is now `{self.new.operation_id}`: the module is renamed"
            self.emit("operation-id-changed", pointer_join(self.new.pointer, "operationId"), message)
        old_tag, new_tag = _first(old.get("tags")), _first(new.get("tags"))
        if old_tag != new_tag:
            message = f"first tag `{old_tag}` is now `{new_tag}`: the module moves to another `api` package"
            self.emit("operation-tag-changed", pointer_join(self.new.pointer, "tags"), message)
        self._parameters()
        self._request_body()
        self._responses()
        self._security()

    # Parameters.

    @staticmethod
    def _parameter_map(doc: _Doc, op: _Operation) -> dict[tuple[str, str], Node]:
        """Map the operation's parameters (path-item ones too, overridden by the operation's), by location and name."""
        found: dict[tuple[str, str], Node] = {}
        for owner, owner_pointer in ((op.item, op.item_pointer), (op.node, op.pointer)):
            base = pointer_join(owner_pointer, "parameters")
            for index, raw in enumerate(_list(owner.get("parameters"))):
                keys, _, _ = doc.resolve(raw, pointer_join(base, index))
                where = str(keys.get("in"))
                name = str(keys.get("name"))
                found[where, name.lower() if where == "header" else name] = (raw, pointer_join(base, index))
        return found

    def _parameters(self) -> None:
        """Parameters added, removed, made required or optional, re-serialized, and their schemas."""
        old_map = self._parameter_map(self.old_doc, self.old)
        new_map = self._parameter_map(self.new_doc, self.new)
        for key in sorted(old_map.keys() - new_map.keys()):
            keys, at, _ = self.old_doc.resolve(*old_map[key])
            self.emit("parameter-removed", at, f"{key[0]} parameter `{keys.get('name')}` was removed")
        for key in sorted(new_map.keys() - old_map.keys()):
            keys, at, _ = self.new_doc.resolve(*new_map[key])
            required = bool(keys.get("required"))
            rule = "parameter-added-required" if required else "parameter-added-optional"
            state = "required" if required else "optional"
            self.emit(rule, at, f"{state} {key[0]} parameter `{keys.get('name')}` was added")
        for key in sorted(old_map.keys() & new_map.keys()):
            self._parameter(key, old_map[key], new_map[key])

    def _parameter(self, key: tuple[str, str], old_node: Node, new_node: Node) -> None:
        """Compare one parameter present in both operations."""
        old, old_at, old_origins = self.old_doc.resolve(*old_node)
        new, at, origins = self.new_doc.resolve(*new_node)
        label = f"{key[0]} parameter `{new.get('name')}`"
        flags = (
            ("required", "parameter-made-required", "parameter-made-optional", "now required", "now optional"),
            ("deprecated", "parameter-deprecated", "parameter-undeprecated", "deprecated", "no longer deprecated"),
        )
        for keyword, rule_on, rule_off, state_on, state_off in flags:
            if bool(old.get(keyword)) != bool(new.get(keyword)):
                on = bool(new.get(keyword))
                where = pointer_join(origins.get(keyword, at), keyword)
                self.emit(rule_on if on else rule_off, where, f"{label} is {state_on if on else state_off}")
        for keyword in ("style", "explode", "allowReserved"):
            if old.get(keyword) != new.get(keyword):
                message = f"{label}: {keyword} {_show(old.get(keyword))} → {_show(new.get(keyword))}"
                self.emit("parameter-serialization-changed", pointer_join(origins.get(keyword, at), keyword), message)
        self._docs(old, new, at, origins, label)
        if old.get("schema") is None and new.get("schema") is None:
            return
        old_schema = (old.get("schema"), pointer_join(old_origins.get("schema", old_at), "schema"))
        new_schema = (new.get("schema"), pointer_join(origins.get("schema", at), "schema"))
        self.schema(old_schema, new_schema, direction="request", role="parameter", label=key[1])

    def _docs(
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

    def _request_body(self) -> None:
        """Request body added, removed, made required or optional; media types; the body schema."""
        old_raw, new_raw = self.old.node.get("requestBody"), self.new.node.get("requestBody")
        if old_raw is None and new_raw is None:
            return
        if new_raw is None:
            self.emit(
                "request-body-removed", pointer_join(self.old.pointer, "requestBody"), "the request body was removed"
            )
            return
        new, at, origins = self.new_doc.resolve(new_raw, pointer_join(self.new.pointer, "requestBody"))
        if old_raw is None:
            required = bool(new.get("required"))
            rule = "request-body-added-required" if required else "request-body-added-optional"
            self.emit(rule, at, f"a{' required' if required else 'n optional'} request body was added")
            return
        old, old_at, old_origins = self.old_doc.resolve(old_raw, pointer_join(self.old.pointer, "requestBody"))
        if bool(old.get("required")) != bool(new.get("required")):
            rule = "request-body-made-required" if new.get("required") else "request-body-made-optional"
            state = "required" if new.get("required") else "optional"
            self.emit(rule, pointer_join(origins.get("required", at), "required"), f"the request body is now {state}")
        self._docs(old, new, at, origins, "the request body")
        old_content = pointer_join(old_origins.get("content", old_at), "content")
        new_content = pointer_join(origins.get("content", at), "content")
        self._content(old, new, (old_content, new_content), "request", "request body")

    def _content(
        self,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        at: tuple[str, str],
        direction: Direction,
        label: str,
    ) -> None:
        """Media types added or removed, and the schema of each media type in both (`at`: old and new pointers)."""
        old_content = _mapping(old.get("content"))
        new_content = _mapping(new.get("content"))
        for media in sorted(old_content.keys() - new_content.keys()):
            message = f"the {label} no longer comes as `{media}`"
            self.emit(f"{direction}-media-type-removed", pointer_join(at[0], media), message)
        for media in sorted(new_content.keys() - old_content.keys()):
            self.emit(f"{direction}-media-type-added", pointer_join(at[1], media), f"the {label} may come as `{media}`")
        for media in sorted(old_content.keys() & new_content.keys()):
            old_media, new_media = _mapping(old_content[media]), _mapping(new_content[media])
            old_at, new_at = pointer_join(at[0], media), pointer_join(at[1], media)
            self._docs(old_media, new_media, new_at, {}, f"the {label} (`{media}`)")
            if old_media.get("schema") is None and new_media.get("schema") is None:
                continue
            self.schema(
                (old_media.get("schema"), pointer_join(old_at, "schema")),
                (new_media.get("schema"), pointer_join(new_at, "schema")),
                direction=direction,
                role="body",
                label=label,
            )

    # Responses.

    def _responses(self) -> None:
        """Status codes added or removed, and the content of each status in both."""
        old_responses = {str(code).upper(): value for code, value in _mapping(self.old.node.get("responses")).items()}
        new_responses = {str(code).upper(): value for code, value in _mapping(self.new.node.get("responses")).items()}
        base_old = pointer_join(self.old.pointer, "responses")
        base_new = pointer_join(self.new.pointer, "responses")
        for code in sorted(old_responses.keys() - new_responses.keys()):
            rule = "response-success-status-removed" if code.startswith("2") else "response-error-status-removed"
            self.emit(rule, pointer_join(base_old, code), f"response `{code}` was removed")
        for code in sorted(new_responses.keys() - old_responses.keys()):
            self.emit("response-status-added", pointer_join(base_new, code), f"response `{code}` was added")
        for code in sorted(old_responses.keys() & new_responses.keys()):
            old, old_at, old_origins = self.old_doc.resolve(old_responses[code], pointer_join(base_old, code))
            new, at, origins = self.new_doc.resolve(new_responses[code], pointer_join(base_new, code))
            self._docs(old, new, at, origins, f"response `{code}`")
            content = (
                pointer_join(old_origins.get("content", old_at), "content"),
                pointer_join(origins.get("content", at), "content"),
            )
            self._content(old, new, content, "response", f"{code} response")

    # Security.

    def _security(self) -> None:
        """Security requirements (alternatives) added or removed, and changes of the schemes they use."""
        old_alternatives, _ = _security(self.old_doc, self.old)
        new_alternatives, at = _security(self.new_doc, self.new)
        for alternative in sorted(old_alternatives - new_alternatives, key=_show_requirement):
            message = f"security requirement {_show_requirement(alternative)} is no longer accepted"
            self.emit("security-requirement-removed", at, message)
        for alternative in sorted(new_alternatives - old_alternatives, key=_show_requirement):
            message = f"security requirement {_show_requirement(alternative)} is now accepted"
            self.emit("security-requirement-added", at, message)
        used = {scheme for alternative in old_alternatives & new_alternatives for scheme, _ in alternative}
        for scheme in sorted(used):
            where = pointer_join("/components/securitySchemes", scheme)
            old = self.old_doc.resolve(self.old_doc.lookup(where), where)[0]
            new = self.new_doc.resolve(self.new_doc.lookup(where), where)[0]
            if self.old_doc.canonical(old) != self.new_doc.canonical(new):
                self.emit("security-scheme-changed", where, f"security scheme `{scheme}` is sent differently")
            elif old.get("description") != new.get("description"):
                message = f"the description of security scheme `{scheme}` changed"
                self.emit("description-changed", pointer_join(where, "description"), message)

    # Schemas.

    def schema(self, old_node: Node, new_node: Node, *, direction: Direction, role: Role, label: str) -> None:
        """Compare two schemas in a direction; `label` names the value (`status`, `200 response`, `Model.prop`)."""
        old = self.old_doc.flatten(*old_node)
        new = self.new_doc.flatten(*new_node)
        # A component reached twice from one operation is compared once, which also ends recursive schemas;
        # parameters sharing a schema are each their own argument, so their names are part of the key.
        key = (direction, role, label if role == "parameter" else "", old.pointer, new.pointer)
        if key in self.seen:
            return
        self.seen.add(key)
        subject = f"parameter `{label}`" if role == "parameter" else f"`{label}`"
        # Changes inside a shared component are named after it, so they read the same at every operation.
        own = new.component if new.component and new.component == old.component else label
        self._schema_docs(old, new, f"`{own}`" if own != label or role != "parameter" else subject)
        if _shape(old, self.old_doc) != _shape(new, self.new_doc):
            message = f"{subject} is retyped: {_show_type(old)} → {_show_type(new)}"
            self.emit(_retype_rule(direction, role), new_node[1], message)
            return
        if old.nullable != new.nullable:
            self._nullability(new, new_node[1], direction, role, subject)
        values_direction: Direction = "request" if role == "parameter" else direction
        self._enum(old, new, values_direction, f"`{own}`" if own != label else subject)
        if self.old_doc.canonical(old.keys.get("default")) != self.new_doc.canonical(new.keys.get("default")):
            rule = "parameter-default-changed" if role == "parameter" else "property-default-changed"
            message = f"the default of {subject}: {_show(old.keys.get('default'))} → {_show(new.keys.get('default'))}"
            self.emit(rule, new.at("default"), message)
        self._constraints(old, new, values_direction, subject)
        if "object" in new.types or old.properties or new.properties:
            self._object(old, new, values_direction, own)
        if "array" in new.types:
            self.schema(
                (old.keys.get("items"), old.at("items")),
                (new.keys.get("items"), new.at("items")),
                direction=values_direction,
                role="property",
                label=f"{own}[]",
            )

    def _schema_docs(self, old: Flat, new: Flat, own: str) -> None:
        """Descriptions, examples, titles, deprecation and the templates' hints of one schema."""
        for keyword in ("description", "title"):
            if old.keys.get(keyword) == new.keys.get(keyword):
                continue
            if keyword == "title" and (old.makes_class or new.makes_class):
                message = f"the title of {own} is now {_show(new.keys.get('title'))}: the Python class is renamed"
                self.emit("schema-title-changed", new.at("title"), message)
            else:
                self.emit("description-changed", new.at(keyword), f"the {keyword} of {own} changed")
        for keyword in ("example", "examples"):
            if self.old_doc.canonical(old.keys.get(keyword)) != self.new_doc.canonical(new.keys.get(keyword)):
                self.emit("example-changed", new.at(keyword), f"the {keyword} of {own} changed")
        if bool(old.keys.get("deprecated")) != bool(new.keys.get("deprecated")):
            rule = "property-deprecated" if new.keys.get("deprecated") else "property-undeprecated"
            state = "deprecated" if new.keys.get("deprecated") else "no longer deprecated"
            self.emit(rule, new.at("deprecated"), f"{own} is {state}")
        hints = (
            ("x-python-name", "python-name-hint-changed", "the Python attribute is renamed"),
            *((hint, "python-type-hint-changed", "the Python type changes") for hint in TYPE_HINTS),
            ("x-wire-aliases", "wire-aliases-hint-changed", "the names it is sent and read under change"),
        )
        for hint, rule, meaning in hints:
            before, after = old.keys.get(hint), new.keys.get(hint)
            if before != after:
                self.emit(rule, new.at(hint), f"{hint} of {own}: {_show(before)} → {_show(after)}: {meaning}")
        self._enum_names(old, new, own)

    def _enum_names(self, old: Flat, new: Flat, own: str) -> None:
        """Report enum members renamed by x-enum-varnames (a value in both, named otherwise)."""
        old_names = _enum_names(old)
        new_names = _enum_names(new)
        for value, name in new_names.items():
            if value in old_names and old_names[value] != name:
                message = f"the member of {own} for `{value}` is renamed `{old_names[value]}` → `{name}`"
                self.emit("python-name-hint-changed", new.at("x-enum-varnames"), message)

    def _nullability(self, new: Flat, where: str, direction: Direction, role: Role, subject: str) -> None:
        """Report a value that may now be null, or no longer: a property's own rule; a retype for anything else."""
        if role != "property":
            state = "nullable" if new.nullable else "no longer nullable"
            self.emit(_retype_rule(direction, role), where, f"{subject} is now {state}")
            return
        suffix = "made-nullable" if new.nullable else "made-non-nullable"
        state = "may now be null" if new.nullable else "is no longer nullable"
        self.emit(f"{direction}-property-{suffix}", where, f"{subject} {state}")

    def _enum(self, old: Flat, new: Flat, direction: Direction, subject: str) -> None:
        """Enum values added or removed, one change per value."""
        old_values, new_values = old.keys.get("enum"), new.keys.get("enum")
        if not isinstance(old_values, list) or not isinstance(new_values, list):
            return
        old_set, new_set = set(map(_json, old_values)), set(map(_json, new_values))
        for index, value in enumerate(old_values):
            if _json(value) not in new_set:
                where = pointer_join(old.at("enum"), index)
                self.emit(f"enum-value-removed-{direction}", where, f"{_show(value)} was removed from {subject}")
        for index, value in enumerate(new_values):
            if _json(value) not in old_set:
                where = pointer_join(new.at("enum"), index)
                self.emit(f"enum-value-added-{direction}", where, f"{_show(value)} was added to {subject}")

    def _constraints(self, old: Flat, new: Flat, direction: Direction, subject: str) -> None:
        """Bounds, patterns and non-Python formats: tightened or relaxed in requests, documented in responses."""
        for keyword in (*LOWER_BOUNDS, *UPPER_BOUNDS, *OTHER_CONSTRAINTS):
            before, after = old.keys.get(keyword), new.keys.get(keyword)
            if before == after or (keyword == "format" and (_python_format(before) or _python_format(after))):
                continue  # unchanged, or a Python format, which is part of the type (_shape)
            message = f"{keyword} of {subject}: {_show(before)} → {_show(after)}"
            where = new.at(keyword) if after is not None else old.at(keyword)
            if direction == "response":
                self.emit("response-constraint-changed", where, message)
            elif _tightens(keyword, before, after):
                self.emit("request-constraint-tightened", where, message)
            else:
                self.emit("request-constraint-relaxed", where, message)

    def _object(self, old: Flat, new: Flat, direction: Direction, own: str) -> None:
        """Properties added, removed, made required or optional, and compared; additionalProperties."""
        for name in sorted(old.properties.keys() - new.properties.keys()):
            at = old.properties[name][1]
            self.emit(f"{direction}-property-removed", at, f"`{_owner(own, at)}.{name}` was removed")
        for name in sorted(new.properties.keys() - old.properties.keys()):
            at = new.properties[name][1]
            label = f"{_owner(own, at)}.{name}"
            if direction == "response":
                self.emit("response-property-added", at, f"`{label}` was added")
            elif name in new.required:
                self.emit("request-property-added-required", at, f"required `{label}` was added")
            else:
                self.emit("request-property-added-optional", at, f"optional `{label}` was added")
        for name in sorted(old.properties.keys() & new.properties.keys()):
            at = new.properties[name][1]
            label = f"{_owner(own, at)}.{name}"
            if (name in old.required) != (name in new.required):
                state = "required" if name in new.required else "optional"
                self.emit(f"{direction}-property-made-{state}", at, f"`{label}` is now {state}")
            self.schema(old.properties[name], new.properties[name], direction=direction, role="property", label=label)
        self._additional(old, new, direction, own)

    def _additional(self, old: Flat, new: Flat, direction: Direction, own: str) -> None:
        """additionalProperties: forbidden, allowed, or its schema compared."""
        before = old.keys.get("additionalProperties", True)
        after = new.keys.get("additionalProperties", True)
        if before is not False and after is False:
            message = f"`{own}` no longer allows other properties: `additional_properties` is gone"
            self.emit("additional-properties-forbidden", new.at("additionalProperties"), message)
        elif before is False and after is not False:
            self.emit(
                "additional-properties-allowed", new.at("additionalProperties"), f"`{own}` allows other properties"
            )
        elif isinstance(before, Mapping) or isinstance(after, Mapping):
            self.schema(
                (before if isinstance(before, Mapping) else {}, old.at("additionalProperties")),
                (after if isinstance(after, Mapping) else {}, new.at("additionalProperties")),
                direction=direction,
                role="property",
                label=f"{own}.*",
            )


def _shape(flat: Flat, doc: _Doc) -> tuple[object, ...]:
    """Return what must stay equal for a schema not to be retyped: types, Python formats, enum-ness, alternatives."""
    fmt = flat.keys.get("format") if _python_format(flat.keys.get("format")) else None
    alternatives = sorted(_json(doc.canonical(node)) for node, _ in flat.alternatives)
    return (sorted(flat.types), fmt, "enum" in flat.keys, alternatives)


def _enum_names(flat: Flat) -> dict[str, str]:
    """Map each enum value (as JSON) to the member name x-enum-varnames gives it; unnamed values are left out."""
    values = [_json(value) for value in _list(flat.keys.get("enum"))]
    names = [str(name) for name in _list(flat.keys.get("x-enum-varnames"))]
    return dict(zip(values[: len(names)], names[: len(values)], strict=True))


def _owner(own: str, pointer: str) -> str:
    """Name the schema a property belongs to: the component defining it (an allOf part), else `own`."""
    match = re.fullmatch(r"/components/schemas/([^/]+)/properties/[^/]+", pointer)
    return match[1].replace("~1", "/").replace("~0", "~") if match else own


def _first(tags: object) -> str | None:
    """Return the first tag of an operation (the package its module goes in)."""
    return str(tags[0]) if isinstance(tags, list) and tags else None


Alternative = frozenset[tuple[str, tuple[str, ...]]]


def _security(doc: _Doc, op: _Operation) -> tuple[frozenset[Alternative], str]:
    """Return an operation's security as a set of alternatives, each a set of (scheme, scopes); `[]` is anonymous."""
    if "security" in op.node:
        requirements, at = _list(op.node.get("security")), pointer_join(op.pointer, "security")
    else:
        requirements, at = _list(doc.data.get("security")), "/security"
    alternatives = frozenset(
        frozenset((str(scheme), tuple(sorted(map(str, _list(scopes))))) for scheme, scopes in requirement.items())
        for requirement in requirements
        if isinstance(requirement, Mapping)
    )
    return alternatives or frozenset({frozenset()}), at


def _show_requirement(alternative: Alternative) -> str:
    """One security alternative as `A + B`, or `none` for anonymous access."""
    return " + ".join(f"`{scheme}`" for scheme, _ in sorted(alternative)) or "none (anonymous)"


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


def _show(value: object) -> str:
    """Show a value as the messages do."""
    return "none" if value is None else f"`{json.dumps(value, sort_keys=True, default=str)}`"


def _show_type(flat: Flat) -> str:
    """Show a schema's type in a message: `integer`, `string (date-time)`, `enum string`, `one of 2 schemas`."""
    names = f"one of {len(flat.alternatives)} schemas" if flat.alternatives else " | ".join(sorted(flat.types)) or "any"
    fmt = flat.keys.get("format")
    if _python_format(fmt):
        names += f" ({fmt})"
    if "enum" in flat.keys:
        names = f"enum {names}"
    if flat.nullable:
        names += " | null"
    return f"`{names}`"
