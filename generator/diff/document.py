"""The documents the HTTP view compares: `$ref`s resolved, schemas flattened, operations found.

`Doc` follows local `$ref`s (a cycle ends where it repeats) and flattens a schema into a `Flat`: refs followed,
`allOf` merged, `null` split off. `operations` lists a document's operations by method and path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.spec_document import HTTP_METHODS, pointer_join

Direction = Literal["request", "response"]
Role = Literal["body", "property", "parameter", "header"]
# Formats that change the Python type openapi-python-client gives a value; other formats only constrain the wire.
PYTHON_FORMATS = frozenset({"date", "date-time", "binary", "uuid"})
DOC_KEYS = frozenset({"description", "summary", "title", "example", "examples", "externalDocs", "$comment"})

# A node of a document and its JSON pointer (without the leading `#`).
Node = tuple[Any, str]


class Doc:
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
        names = {types} if isinstance(types, str) else {str(name) for name in as_list(types)}
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
        flat.required = frozenset(str(name) for name in as_list(keys.get("required")))
        for index, part in enumerate(as_list(keys.get("allOf"))):
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


def as_mapping(node: object) -> Mapping[str, Any]:
    """Return `node` when it is a mapping, else an empty one (a malformed document reports what it can)."""
    return node if isinstance(node, Mapping) else {}


def json_text(value: object) -> str:
    """Return a value as canonical JSON text, to compare values (YAML dates and the like as their text)."""
    return json.dumps(value, sort_keys=True, default=str)


def is_python_format(value: object) -> bool:
    """Whether a `format` is one that changes the Python type (a malformed one, a list or mapping, is not)."""
    return isinstance(value, str) and value in PYTHON_FORMATS


def as_list(node: object) -> list[Any]:
    """Return `node` when it is a list, else an empty one."""
    return node if isinstance(node, list) else []


def as_pointer(pointer: str) -> str:
    """Show a pointer as the reports do: `#/...`."""
    return "#" + pointer


def path_key(path: str) -> str:
    """Blank the template variables of a path, so renaming `{id}` matches the same operation."""
    return re.sub(r"\{[^}]*\}", "{}", path)


@dataclass(frozen=True)
class Operation:
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


def operations(doc: Doc) -> dict[tuple[str, str], Operation]:
    """Every operation of a document, by (method, path with blank template variables)."""
    found: dict[tuple[str, str], Operation] = {}
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
                found[method, path_key(str(path))] = Operation(method, str(path), node, pointer, item, item_pointer)
    return found


def show(value: object) -> str:
    """Show a value as the messages do."""
    return "none" if value is None else f"`{json.dumps(value, sort_keys=True, default=str)}`"


def show_type(flat: Flat) -> str:
    """Show a schema's type in a message: `integer`, `string (date-time)`, `enum string`, `one of 2 schemas`."""
    names = f"one of {len(flat.alternatives)} schemas" if flat.alternatives else " | ".join(sorted(flat.types)) or "any"
    fmt = flat.keys.get("format")
    if is_python_format(fmt):
        names += f" ({fmt})"
    if "enum" in flat.keys:
        names = f"enum {names}"
    elif "const" in flat.keys:
        names = f"const {json.dumps(flat.keys['const'], sort_keys=True, default=str)}"
    if flat.nullable:
        names += " | null"
    return f"`{names}`"
