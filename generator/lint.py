"""Lint spec/openapi.yaml and spec/quirks.yaml, returning findings as values instead of raising.

The checks, in order, all run and all report (only a file that does not parse stops the rest):

1. openapi-spec-validator (OpenAPI 3.1), and every operation has a unique operationId;
2. the Redocly CLI with redocly.yaml;
3. every example against its schema (JSON Schema 2020-12, `$ref`s resolved inside the spec);
4. datamodel-code-generator: pydantic v2 models of every request and response body, which must accept its examples;
5. the quirk catalogue: its shape, unique ids, and every place it names exists in the spec.

Every finding names the file, the line and (where known) the JSON pointer, and the rule.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import keyword
import os
import re
import subprocess
import sys
import tempfile
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias
from urllib.parse import quote, unquote

import pydantic
import yaml
from datamodel_code_generator import InputFileType, PythonVersion, generate
from datamodel_code_generator.enums import DataModelType
from datamodel_code_generator.format import Formatter
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from openapi_spec_validator import OpenAPIV31SpecValidator
from openapi_spec_validator.validation import keywords
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012
from yaml.constructor import ConstructorError

from generator import ROOT

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable, Iterator, Sequence
    from types import ModuleType

    from jsonschema_path import SchemaPath

Part: TypeAlias = str | int
Parts: TypeAlias = tuple[Part, ...]

REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
REDOCLY_CONFIG = ROOT / "redocly.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# The whole spec is registered as one JSON Schema resource under this URI, so `#/components/...` refs resolve.
SPEC_URI = "urn:iqm-finance-client:openapi"

OPENAPI_RULE = "openapi-spec-validator"
OPERATION_ID_RULE = "operation-id"
EXAMPLE_RULE = "example-schema"
MODEL_RULE = "datamodel-codegen"
YAML_RULE = "yaml"

_MESSAGE_LIMIT = 400
_MAX_REF_HOPS = 20
_MAX_REDOCLY_PROBLEMS = 10_000
_REDOCLY_TIMEOUT_SECONDS = 300
_LOCATION = "lint_location"  # attribute put on openapi-spec-validator errors that lack an absolute place

_SUBSCHEMA_KEYS = (
    "items",
    "not",
    "additionalProperties",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
)
_SUBSCHEMA_LIST_KEYS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SUBSCHEMA_MAP_KEYS = ("properties", "patternProperties", "$defs", "dependentSchemas")

_NON_EMPTY_TEXT = {"type": "string", "minLength": 1}
QUIRKS_SCHEMA: dict[str, object] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["quirks"],
    "additionalProperties": False,
    "properties": {"quirks": {"type": "array", "items": {"$ref": "#/$defs/quirk"}}},
    "$defs": {
        "quirk": {
            "type": "object",
            "required": ["id", "title", "where", "documented", "wire", "python", "fixable"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                "title": _NON_EMPTY_TEXT,
                "where": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/place"}},
                "source": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "integer", "minimum": 1},
                    "description": "lines of the API documentation that show the quirk",
                },
                "documented": _NON_EMPTY_TEXT,
                "wire": _NON_EMPTY_TEXT,
                "python": _NON_EMPTY_TEXT,
                "fixable": {"type": "boolean"},
            },
        },
        "place": {
            "type": "object",
            "required": ["pointer"],
            "additionalProperties": False,
            "properties": {
                "operation": _NON_EMPTY_TEXT,
                "pointer": {"type": "string", "pattern": "^/", "description": "a JSON pointer without the leading #"},
            },
        },
    },
}


@dataclass(frozen=True)
class Finding:
    """One problem: the file, the place in it (line and/or JSON pointer), the rule that found it, and what is wrong."""

    file: Path
    line: int | None
    pointer: str | None
    rule: str
    message: str

    @property
    def where(self) -> str:
        """The place as `openapi.yaml:123 #/paths/...`, with whichever of line and pointer is known."""
        place = self.file.name if self.line is None else f"{self.file.name}:{self.line}"
        return f"{place} {self.pointer}" if self.pointer else place

    def __str__(self) -> str:
        """One line, `file:line: [rule] pointer: message`, which editors and CI logs link to the place."""
        place = str(self.file) if self.line is None else f"{self.file}:{self.line}"
        pointer = f" {self.pointer}:" if self.pointer else ""
        return f"{place}: [{self.rule}]{pointer} {' '.join(self.message.split())}"


class _Reached(NamedTuple):
    """How far a JSON pointer got into a YAML node tree."""

    node: yaml.Node
    line: int  # 1-based; the key's line when the last step was into a mapping
    depth: int  # how many parts of the pointer exist


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its path, its JSON-compatible data, and its node tree for line numbers."""

    path: Path
    data: object
    root: yaml.Node

    def line(self, parts: Sequence[Part]) -> int:
        """Return the line of the place `parts` names, or of its deepest part that exists (`$ref`s followed)."""
        return _reach(self.root, parts, follow_refs=True).line

    def finding(
        self, parts: Sequence[Part], rule: str, message: str, *, line_at: Sequence[Part] | None = None
    ) -> Finding:
        """Make a finding at the pointer `parts`, its line taken from `line_at` when a deeper place is known."""
        return Finding(self.path, self.line(parts if line_at is None else line_at), to_pointer(parts), rule, message)


# --- YAML -------------------------------------------------------------------------------------------------------


class _JsonLoader(yaml.SafeLoader):
    """A SafeLoader that reads YAML as the JSON it stands for: keys as written, dates as strings, no duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, object]:  # noqa: FBT001, FBT002 - the base class's signature
        """Build a dict keyed by each key's text (as JSON and Redocly see it), refusing a key written twice."""
        _refuse_duplicate_keys(node)
        self.flatten_mapping(node)
        return {_key_text(key): self.construct_object(value, deep=deep) for key, value in node.value}


# Dates in examples are strings on the wire; YAML would otherwise turn `2024-01-31` into a datetime.date.
_JsonLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _key_text(node: yaml.Node) -> str:
    """Return a mapping key's text; a key that is itself a list or mapping has no JSON meaning."""
    if not isinstance(node, yaml.ScalarNode):
        raise ConstructorError(None, None, "a mapping key must be a plain value", node.start_mark)
    return str(node.value)


def _refuse_duplicate_keys(node: yaml.MappingNode) -> None:
    """Raise at the second of two equal keys: YAML keeps the last silently, losing the first definition."""
    seen: set[str] = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value != "<<":
            if key.value in seen:
                message = f"duplicate key {key.value!r}: the first definition would be silently lost"
                raise ConstructorError(None, None, message, key.start_mark)
            seen.add(key.value)


def parse(path: Path) -> Document | Finding:
    """Read and parse one YAML file; a file that cannot be read or parsed gives one finding with the line."""
    try:
        content = path.read_bytes()
    except OSError as error:
        return Finding(path, None, None, YAML_RULE, f"cannot read the file: {error.strerror}")
    try:
        return _compose(path, content)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = None if mark is None else mark.line + 1
        problem = "; ".join(part for part in (error.problem, error.context) if part)
        return Finding(path, line, None, YAML_RULE, f"cannot parse YAML: {problem}")
    except yaml.YAMLError as error:
        return Finding(path, None, None, YAML_RULE, f"cannot parse YAML: {_one_line(str(error))}")


def _compose(path: Path, content: bytes) -> Document | Finding:
    """Compose the node tree and construct the data from that same tree, so pointers and lines agree."""
    loader = _JsonLoader(content)
    try:
        root = loader.get_single_node()
        if root is None:
            return Finding(path, 1, None, YAML_RULE, "the file holds no YAML document")
        return Document(path, loader.construct_document(root), root)
    finally:
        loader.dispose()


# --- JSON pointers and lines ---------------------------------------------------------------------------------------


def to_pointer(parts: Iterable[Part]) -> str:
    """Return the JSON pointer URI fragment (`#/a/b~1c`) of a sequence of keys and indexes."""
    return "#" + "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def split_pointer(pointer: str) -> tuple[str, ...]:
    """Split a JSON pointer, with or without the leading `#`, into keys: `#/a/b~1c` gives ('a', 'b/c')."""
    body = pointer.removeprefix("#")
    if not body:
        return ()
    return tuple(part.replace("~1", "/").replace("~0", "~") for part in body.split("/")[1:])


def _reach(root: yaml.Node, parts: Sequence[Part], *, follow_refs: bool) -> _Reached:
    """Walk `parts` down the node tree as far as they exist, optionally looking through local `$ref`s."""
    node, line = root, _line_of(root)
    for depth, part in enumerate(parts):
        step = _child(root, node, str(part), follow_refs=follow_refs)
        if step is None:
            return _Reached(node, line, depth)
        node, line = step
    return _Reached(node, line, len(parts))


def _child(root: yaml.Node, node: yaml.Node, part: str, *, follow_refs: bool) -> tuple[yaml.Node, int] | None:
    """Return the child `part` of `node` and its line, looking through a chain of `$ref`s when asked."""
    for _ in range(_MAX_REF_HOPS):
        step = _step(node, part)
        if step is not None or not follow_refs:
            return step
        target = _ref_target(root, node)
        if target is None:
            return None
        node = target
    return None


def _step(node: yaml.Node, part: str) -> tuple[yaml.Node, int] | None:
    """Return the child `part` of a mapping (with the key's line) or of a sequence (with the item's line)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                return value, _line_of(key)
    if isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
        item: yaml.Node = node.value[int(part)]
        return item, _line_of(item)
    return None


def _ref_target(root: yaml.Node, node: yaml.Node) -> yaml.Node | None:
    """Return the node a mapping's local `$ref` points at, if it has one that resolves."""
    ref = _ref_text(node)
    if ref is None or not ref.startswith("#"):
        return None
    parts = split_pointer(unquote(ref))
    reached = _reach(root, parts, follow_refs=False)
    return reached.node if reached.depth == len(parts) else None


def _ref_text(node: yaml.Node) -> str | None:
    """Return the `$ref` string of a mapping node, if it has one."""
    step = _step(node, "$ref")
    if step is None or not isinstance(step[0], yaml.ScalarNode):
        return None
    return str(step[0].value)


def _line_of(node: yaml.Node) -> int:
    """Return the 1-based line where a node starts."""
    return int(node.start_mark.line) + 1


def _missing_part(root: yaml.Node, parts: Sequence[Part]) -> str | None:
    """Say which part of a JSON pointer does not exist in the tree (no `$ref`s followed), or None if all do."""
    reached = _reach(root, parts, follow_refs=False)
    if reached.depth == len(parts):
        return None
    parent = to_pointer(parts[: reached.depth]).removeprefix("#") or "the top level"
    message = f"no {str(parts[reached.depth])!r} under {parent} (line {reached.line})"
    ref = _ref_text(reached.node)
    return f"{message}; that place is a $ref to {ref}, point there instead" if ref else message


# --- Reading the spec's structure ---------------------------------------------------------------------------------


def _mapping(value: object) -> dict[str, object]:
    """Return the value if it is a mapping, else an empty one, so malformed specs are walked without crashing."""
    return value if isinstance(value, dict) else {}


def _sequence(value: object) -> list[object]:
    """Return the value if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def _lookup(data: object, parts: Sequence[Part]) -> object | None:
    """Return the value at `parts` in the data (no `$ref`s followed), or None when it does not exist."""
    value = data
    for part in parts:
        if isinstance(value, dict) and str(part) in value:
            value = value[str(part)]
        elif isinstance(value, list) and str(part).isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def _operations(data: object) -> Iterator[tuple[Parts, dict[str, object]]]:
    """Yield every operation object under paths and webhooks, with its place."""
    root = _mapping(data)
    for section in ("paths", "webhooks"):
        for route, item in _mapping(root.get(section)).items():
            for method in HTTP_METHODS:
                operation = _mapping(item).get(method)
                if isinstance(operation, dict):
                    yield (section, route, method), operation


class _Example(NamedTuple):
    """One example value, where it is written, and where it is used (they differ for a `$ref`'d Example Object)."""

    pointer: Parts
    used_at: Parts
    value: object


class _Holder(NamedTuple):
    """A place that pairs a schema with examples: a media type, a parameter, a header, or a schema itself."""

    parts: Parts
    schema: Parts
    examples: tuple[_Example, ...]
    body: bool  # a request or response body, which the client turns into a model


def _holders(data: object) -> list[_Holder]:
    """Return every place in the spec that has a schema and may have examples, schemas' own examples included."""
    places = [*_operation_holders(data), *_component_holders(data)]
    schema_roots: list[Parts] = [
        ("components", "schemas", name) for name in _mapping(_lookup(data, ("components", "schemas")))
    ]
    schema_roots.extend(place.schema for place in places)
    schema_holders = [
        holder
        for root in schema_roots
        for parts, schema in _subschemas(_lookup(data, root), root)
        if (holder := _schema_holder(parts, schema))
    ]
    return places + schema_holders


def _operation_holders(data: object) -> Iterator[_Holder]:
    """Yield the parameters, request bodies, responses and response headers of every path item and operation."""
    for section in ("paths", "webhooks"):
        for route, item in _mapping(_mapping(data).get(section)).items():
            for index, parameter in enumerate(_sequence(_mapping(item).get("parameters"))):
                yield from _parameter_holders(data, (section, route, "parameters", index), parameter)
    for parts, operation in _operations(data):
        for index, parameter in enumerate(_sequence(operation.get("parameters"))):
            yield from _parameter_holders(data, (*parts, "parameters", index), parameter)
        body = _mapping(operation.get("requestBody"))
        if "$ref" not in body:
            yield from _content_holders(data, (*parts, "requestBody", "content"), body.get("content"), body=True)
        for status, response in _mapping(operation.get("responses")).items():
            yield from _response_holders(data, (*parts, "responses", status), response)


def _component_holders(data: object) -> Iterator[_Holder]:
    """Yield the reusable request bodies, responses, parameters and headers under components."""
    components = _mapping(_mapping(data).get("components"))
    for name, body in _mapping(components.get("requestBodies")).items():
        parts = ("components", "requestBodies", name, "content")
        yield from _content_holders(data, parts, _mapping(body).get("content"), body=True)
    for name, response in _mapping(components.get("responses")).items():
        yield from _response_holders(data, ("components", "responses", name), response)
    for kind in ("parameters", "headers"):
        for name, parameter in _mapping(components.get(kind)).items():
            yield from _parameter_holders(data, ("components", kind, name), parameter)


def _response_holders(data: object, parts: Parts, response: object) -> Iterator[_Holder]:
    """Yield a response's media types and headers, unless it is a `$ref` (checked where it is defined)."""
    response = _mapping(response)
    if "$ref" in response:
        return
    yield from _content_holders(data, (*parts, "content"), response.get("content"), body=True)
    for name, header in _mapping(response.get("headers")).items():
        yield from _parameter_holders(data, (*parts, "headers", name), header)


def _parameter_holders(data: object, parts: Parts, parameter: object) -> Iterator[_Holder]:
    """Yield a parameter's or header's schema with its examples, and its media types if it uses `content`."""
    parameter = _mapping(parameter)
    if "$ref" in parameter:
        return
    if isinstance(parameter.get("schema"), dict | bool):
        yield _Holder(parts, (*parts, "schema"), tuple(_examples(data, parts, parameter)), body=False)
    yield from _content_holders(data, (*parts, "content"), parameter.get("content"), body=False)


def _content_holders(data: object, parts: Parts, content: object, *, body: bool) -> Iterator[_Holder]:
    """Yield each media type of a `content` map that has a schema."""
    for media_type, value in _mapping(content).items():
        media = _mapping(value)
        if isinstance(media.get("schema"), dict | bool):
            place = (*parts, media_type)
            yield _Holder(place, (*place, "schema"), tuple(_examples(data, place, media)), body=body)


def _examples(data: object, parts: Parts, holder: dict[str, object]) -> Iterator[_Example]:
    """Yield the `example` and each `examples/*/value` of a media type, parameter or header, following `$ref`s."""
    if "example" in holder:
        yield _Example((*parts, "example"), (*parts, "example"), holder["example"])
    for name, example in _mapping(holder.get("examples")).items():
        used_at = (*parts, "examples", name)
        place, resolved = _follow_example_ref(data, used_at, _mapping(example))
        if "value" in resolved:
            yield _Example((*place, "value"), used_at, resolved["value"])


def _follow_example_ref(data: object, parts: Parts, example: dict[str, object]) -> tuple[Parts, dict[str, object]]:
    """Return an Example Object and its place, after following its local `$ref` if it has one."""
    ref = example.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#"):
        return parts, example
    target = split_pointer(unquote(ref))
    return target, _mapping(_lookup(data, target))


def _subschemas(schema: object, parts: Parts) -> Iterator[tuple[Parts, dict[str, object]]]:
    """Yield the schema at `parts` and every schema nested in it, not following `$ref` (targets are visited too)."""
    if not isinstance(schema, dict):
        return
    yield parts, schema
    for key in _SUBSCHEMA_KEYS:
        yield from _subschemas(schema.get(key), (*parts, key))
    for key in _SUBSCHEMA_LIST_KEYS:
        for index, item in enumerate(_sequence(schema.get(key))):
            yield from _subschemas(item, (*parts, key, index))
    for key in _SUBSCHEMA_MAP_KEYS:
        for name, item in _mapping(schema.get(key)).items():
            yield from _subschemas(item, (*parts, key, name))


def _schema_holder(parts: Parts, schema: dict[str, object]) -> _Holder | None:
    """Collect a schema's own `example` and `examples` (a list in JSON Schema 2020-12), if it has any."""
    examples = [_Example((*parts, "example"), (*parts, "example"), schema["example"])] if "example" in schema else []
    examples.extend(
        _Example((*parts, "examples", index), (*parts, "examples", index), value)
        for index, value in enumerate(_sequence(schema.get("examples")))
    )
    return _Holder(parts, parts, tuple(examples), body=False) if examples else None


# --- Check 1: openapi-spec-validator, and unique operationIds ---------------------------------------------------


def _located(errors: Iterable[Any], place: Sequence[Hashable]) -> Iterator[Any]:
    """Give each error without one the absolute place it was found at, so findings can name pointer and line."""
    for error in errors:
        # Plain jsonschema errors get rewrapped further up, losing attributes, so wrap them here first.
        located = error if isinstance(error, OpenAPIValidationError) else OpenAPIValidationError.create_from(error)
        if not hasattr(located, _LOCATION):
            setattr(located, _LOCATION, (*place, *located.relative_path))
        yield located


class _LocatingSchemaValidator(keywords.OpenAPIV31SchemaValidator):
    """Schema checks whose errors know the schema's place (the stock ones only know a place inside the schema)."""

    def __call__(self, schema: SchemaPath, *args: bool, **kwargs: bool) -> Iterator[Any]:
        """Check the schema as the stock validator does, placing each error under the schema."""
        yield from _located(super().__call__(schema, *args, **kwargs), schema.parts)


class _LocatingValueValidator(keywords.OpenAPIV31ValueValidator):
    """Default-value checks whose errors point into the schema's `default`."""

    def __call__(self, schema: SchemaPath, value: object) -> Iterator[Any]:
        """Check the default as the stock validator does, placing each error under `default`."""
        yield from _located(super().__call__(schema, value), (*schema.parts, "default"))


class _LocatingParametersValidator(keywords.ParametersValidator):
    """Parameter-list checks (duplicates) whose errors point at the list."""

    def __call__(self, parameters: SchemaPath) -> Iterator[Any]:
        """Check the parameters as the stock validator does, placing each error at the list."""
        yield from _located(super().__call__(parameters), parameters.parts)


class _LocatingOperationValidator(keywords.OperationValidator):
    """Operation checks (path parameters, duplicate operationIds) whose errors point at the operation."""

    def __call__(self, url: str, name: str, operation: SchemaPath, path_parameters: SchemaPath | None) -> Iterator[Any]:
        """Check the operation as the stock validator does, placing each error at the operation."""
        yield from _located(super().__call__(url, name, operation, path_parameters), operation.parts)


class _LocatingTagsValidator(keywords.TagsValidator):
    """Tag checks (duplicate names) whose errors point at the tag list."""

    def __call__(self, tags: SchemaPath) -> Iterator[Any]:
        """Check the tags as the stock validator does, placing each error at the list."""
        yield from _located(super().__call__(tags), tags.parts)


class _LocatingValidator(OpenAPIV31SpecValidator):
    """OpenAPI 3.1 validation that never fetches a `$ref` from disk or network; all its errors know their place."""

    resolver_handlers = {}  # noqa: RUF012 - a class setting of the base class; the spec must be self-contained
    keyword_validators = {  # noqa: RUF012 - a class setting of the base class
        **OpenAPIV31SpecValidator.keyword_validators,
        "schema": _LocatingSchemaValidator,
        "default": _LocatingValueValidator,
        "parameters": _LocatingParametersValidator,
        "operation": _LocatingOperationValidator,
        "tags": _LocatingTagsValidator,
    }


def check_openapi(doc: Document) -> list[Finding]:
    """Validate the spec as OpenAPI 3.1 with openapi-spec-validator; each error is a finding at its place."""
    findings: list[Finding] = []
    try:
        for error in _LocatingValidator(_mapping(doc.data)).iter_errors():
            place = getattr(error, _LOCATION, None) or tuple(error.absolute_path)
            findings.append(doc.finding(_parts(place), OPENAPI_RULE, _one_line(error.message)))
    except Unresolvable as error:
        findings.extend(_unresolvable_findings(doc, str(error.ref)))
    except Exception as error:  # noqa: BLE001 - the validator tripping over a broken spec is itself a finding
        findings.append(Finding(doc.path, None, None, OPENAPI_RULE, f"the validator stopped: {_describe(error)}"))
    return findings


def _unresolvable_findings(doc: Document, ref: str) -> list[Finding]:
    """Report the target the validator could not resolve at every `$ref` naming it (where it stopped)."""
    places = [(parts, value) for parts, value in _refs(doc.data) if _same_ref(value, ref)]
    if not places:
        return [Finding(doc.path, None, None, OPENAPI_RULE, f"$ref {ref!r} does not resolve; validation stopped here")]
    return [doc.finding((*parts, "$ref"), OPENAPI_RULE, _unresolvable_message(doc, value)) for parts, value in places]


def _unresolvable_message(doc: Document, ref: str) -> str:
    """Say why a `$ref`, as written, does not resolve."""
    if not ref.startswith("#"):
        reason = "it points outside this file, and the spec must be self-contained"
    else:
        reason = _missing_part(doc.root, split_pointer(unquote(ref))) or "its target cannot be resolved"
    return f"$ref {ref!r} does not resolve: {reason}; validation stopped here"


def _refs(value: object, parts: Parts = ()) -> Iterator[tuple[Parts, str]]:
    """Yield every `$ref` string in the data, with the place of the object holding it."""
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str):
            yield parts, ref
        for key, child in value.items():
            yield from _refs(child, (*parts, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _refs(child, (*parts, index))


def _same_ref(value: str, ref: str) -> bool:
    """Tell whether a `$ref` as written is the reference an error names (a fragment, a whole URI, or a document)."""
    written = unquote(value)
    return ref in {written, written.removeprefix("#"), written.partition("#")[0]}


def check_operation_ids(doc: Document) -> list[Finding]:
    """Report operations lacking an operationId or sharing one: the client's function names come from them."""
    findings: list[Finding] = []
    first_use: dict[str, Parts] = {}
    for parts, operation in _operations(doc.data):
        operation_id = operation.get("operationId")
        if not isinstance(operation_id, str) or not operation_id:
            message = "the operation has no operationId; the client's function names come from operationIds"
            findings.append(doc.finding(parts, OPERATION_ID_RULE, message))
        elif operation_id in first_use:
            message = f"operationId {operation_id!r} is also used by {to_pointer(first_use[operation_id])}"
            findings.append(doc.finding((*parts, "operationId"), OPERATION_ID_RULE, message))
        else:
            first_use[operation_id] = parts
    return findings


# --- Wire hints: the extensions overrides/templates turn into Python names and types ---------------------------------

WIRE_HINT_RULE = "wire-hint"
# Each hint the templates read, with what it may hold: the templates print these into code, so only these pass.
_TIMESTAMP_UNITS = ("epoch-milliseconds", "epoch-seconds")
_PYTHON_TYPES = ("int", "str")
_PYTHON_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_WIRE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def check_wire_hints(doc: Document) -> list[Finding]:
    """Check every `x-money`, `x-timestamp`, `x-python-*` and `x-wire-aliases` hint holds what the templates expect."""
    findings: list[Finding] = []
    for parts, schema in _mappings(doc.data, ()):
        for key, value in schema.items():
            problem = _wire_hint_problem(key, value, schema)
            if problem:
                findings.append(doc.finding((*parts, key), WIRE_HINT_RULE, problem))
    return findings


def _mappings(data: object, parts: Parts) -> Iterator[tuple[Parts, dict[str, object]]]:
    """Every mapping in the document with its place, depth first."""
    if isinstance(data, dict):
        yield parts, data
        for key, value in data.items():
            yield from _mappings(value, (*parts, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _mappings(value, (*parts, index))


def _wire_hint_problem(key: str, value: object, schema: dict[str, object]) -> str | None:  # noqa: PLR0911 - one return per hint
    """Return what is wrong with one hint, or None (keys that are not hints are never wrong here)."""
    types = schema.get("type")
    type_names = set(types) if isinstance(types, list) else {types}
    if key == "x-money":
        return None if value is True and "number" in type_names else "x-money must be `true` on a `type: number` schema"
    if key == "x-timestamp":
        if value in _TIMESTAMP_UNITS and "integer" in type_names:
            return None
        return f"x-timestamp must be one of {', '.join(_TIMESTAMP_UNITS)} on a `type: integer` schema"
    if key == "x-python-type":
        return None if value in _PYTHON_TYPES else f"x-python-type must be one of {', '.join(_PYTHON_TYPES)}"
    if key == "x-python-name":
        if isinstance(value, str) and _PYTHON_NAME.fullmatch(value) and not keyword.iskeyword(value):
            return None
        return "x-python-name must be a snake_case Python identifier that is not a keyword"
    if key == "x-wire-aliases":
        if isinstance(value, list) and value and all(isinstance(v, str) and _WIRE_NAME.fullmatch(v) for v in value):
            return None
        return "x-wire-aliases must be a non-empty list of property names"
    if key.startswith("x-python"):
        return f"unknown hint {key!r}: the templates read x-python-name and x-python-type only"
    return None


# --- Check 2: Redocly CLI -------------------------------------------------------------------------------------------


def check_redocly(doc: Document) -> list[Finding]:
    """Lint with the pinned Redocly CLI and redocly.yaml; every error or warning is a finding."""
    if not REDOCLY.is_file():
        message = f"{REDOCLY} is missing: run `npm ci` in {ROOT} to install the pinned Redocly CLI"
        return [Finding(doc.path, None, None, "redocly", message)]
    try:
        completed = _run_redocly(doc.path)
    except (OSError, subprocess.TimeoutExpired) as error:
        return [Finding(doc.path, None, None, "redocly", f"cannot run the Redocly CLI: {_describe(error)}")]
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        summary = _stderr_summary(completed.stderr)
        message = f"redocly lint exited {completed.returncode} without a JSON report: {summary}"
        return [Finding(doc.path, None, None, "redocly", message)]
    problems = [_mapping(problem) for problem in _sequence(_mapping(report).get("problems"))]
    return [_redocly_finding(doc, problem) for problem in problems if problem.get("severity") in {"error", "warn"}]


def _run_redocly(spec: Path) -> subprocess.CompletedProcess[str]:
    """Run `redocly lint` on the spec with redocly.yaml (and its ignore file), asking for a JSON report."""
    command = [
        str(REDOCLY),
        "lint",
        "--format=json",
        f"--max-problems={_MAX_REDOCLY_PROBLEMS}",
        "--lint-config=error",
        f"--config={REDOCLY_CONFIG}",
        str(spec.resolve()),
    ]
    # Telemetry off and no update notice: the lint runs offline and its output is parsed.
    environment = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1"}
    return subprocess.run(
        command,
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=_REDOCLY_TIMEOUT_SECONDS,
    )


def _redocly_finding(doc: Document, problem: dict[str, object]) -> Finding:
    """Turn one Redocly problem into a finding: its first location gives file, line and pointer."""
    location = _mapping(next(iter(_sequence(problem.get("location"))), None))
    source = _mapping(location.get("source")).get("ref")
    file = doc.path
    if isinstance(source, str) and (ROOT / source).resolve() != doc.path.resolve():
        file = (ROOT / source).resolve()  # a problem in another file the spec refers to
    line = _mapping(location.get("start")).get("line")
    pointer = location.get("pointer")
    message = str(problem.get("message", ""))
    suggestions = [str(item) for item in _sequence(problem.get("suggest"))]
    if suggestions:
        message += f" (did you mean: {', '.join(suggestions)}?)"
    return Finding(
        file,
        line if isinstance(line, int) else None,
        pointer if isinstance(pointer, str) else None,
        f"redocly:{problem.get('ruleId', 'unknown')}",
        message,
    )


def _stderr_summary(stderr: str) -> str:
    """Put a tool's meaningful stderr lines on one line, without the box-drawn banners Redocly prints."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip() and not re.search("[\u2550-\u256c]", line)]
    return _one_line(" | ".join(lines)) or "(no output)"


# --- Check 3: examples against their schemas -----------------------------------------------------------------------


def check_examples(doc: Document) -> list[Finding]:
    """Validate every example against its schema (JSON Schema 2020-12, formats checked, refs resolved in the spec)."""
    registry: Registry[object] = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(doc.data))
    findings: list[Finding] = []
    for holder in _holders(doc.data):
        if holder.examples:
            schema = {"$ref": f"{SPEC_URI}#{quote(to_pointer(holder.schema).removeprefix('#'), safe='/~')}"}
            validator = Draft202012Validator(
                schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
            )
            for example in holder.examples:
                findings.extend(_example_findings(doc, validator, holder, example))
    return findings


def _schema_label(data: object, parts: Parts) -> str:
    """Name a schema by the `$ref` it consists of, if so, else by its own pointer."""
    ref = _mapping(_lookup(data, parts)).get("$ref")
    return ref if isinstance(ref, str) else to_pointer(parts)


def _example_findings(
    doc: Document, validator: Draft202012Validator, holder: _Holder, example: _Example
) -> list[Finding]:
    """Report each way one example breaks its schema, at the failing place inside it."""
    try:
        errors = [best_match([error]) for error in validator.iter_errors(example.value)]
    except Unresolvable as error:
        message = f"cannot check the example: $ref {error.ref!r} in {to_pointer(holder.schema)} does not resolve"
        return [doc.finding(example.pointer, EXAMPLE_RULE, message)]
    used = "" if example.used_at == example.pointer else f", used by {to_pointer(example.used_at)}"
    schema = _schema_label(doc.data, holder.schema)
    return [
        doc.finding(
            example.pointer,
            EXAMPLE_RULE,
            f"at {_inside(error.absolute_path)}: {_one_line(error.message)} (schema {schema}{used})",
            line_at=(*example.pointer, *_parts(error.absolute_path)),
        )
        for error in errors
    ]


# --- Check 4: datamodel-code-generator models against body examples -------------------------------------------


class _ModelTarget(NamedTuple):
    """A request or response body with examples, and the component schema whose model must accept them."""

    schema_name: str
    holder: _Holder


def check_models(doc: Document) -> list[Finding]:
    """Generate pydantic v2 models with datamodel-code-generator; each body's model must accept its examples."""
    spec, targets = _name_body_schemas(doc.data)
    if not targets:
        return []
    with tempfile.TemporaryDirectory(prefix="lint-models-") as directory:
        # A fresh package name per run, so models of an earlier run in this process are never reused.
        package = Path(directory) / f"lint_models_{uuid.uuid4().hex}"
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            findings = _generated_model_findings(doc, spec, targets, package)
    return findings + [
        Finding(doc.path, None, None, MODEL_RULE, f"{warning.category.__name__}: {warning.message}")
        for warning in caught
        if not issubclass(warning.category, DeprecationWarning | PendingDeprecationWarning | FutureWarning)
    ]


def _name_body_schemas(data: object) -> tuple[dict[str, object], list[_ModelTarget]]:
    """Copy the spec, making every body schema with examples a named component; return the copy and the names."""
    spec = _mapping(without_python_hints(data))
    components = spec["components"] = _mapping(spec.get("components"))
    schemas = components["schemas"] = _mapping(components.get("schemas"))
    targets: list[_ModelTarget] = []
    for holder in _holders(data):
        if holder.body and holder.examples:
            schema = _lookup(data, holder.schema)
            name = _component_name(schema, schemas)
            if name is None:
                name = _fresh_name(_inline_schema_name(data, holder.parts), schemas)
                schemas[name] = without_python_hints(schema)
            targets.append(_ModelTarget(name, holder))
    return spec, targets


def without_python_hints(value: object) -> object:
    """Deep-copy JSON data without `x-python-*` keys: they steer the client's types, the models check the wire's."""
    if isinstance(value, dict):
        return {key: without_python_hints(item) for key, item in value.items() if not str(key).startswith("x-python-")}
    if isinstance(value, list):
        return [without_python_hints(item) for item in value]
    return value


def _component_name(schema: object, schemas: dict[str, object]) -> str | None:
    """Return the component name of a schema that is only a `$ref` to `#/components/schemas/<name>`."""
    ref = _mapping(schema).get("$ref")
    if not isinstance(ref, str) or len(_mapping(schema)) != 1:
        return None
    parts = split_pointer(unquote(ref)) if ref.startswith("#") else ()
    has_name = len(parts) == 3 and parts[:2] == ("components", "schemas") and parts[2] in schemas  # noqa: PLR2004 - components/schemas/<name>
    return parts[2] if has_name else None


def _inline_schema_name(data: object, parts: Parts) -> str:
    """Make a readable model name for an inline body schema from its operationId (or component) and place."""
    if parts[0] in {"paths", "webhooks"}:
        operation_id = _mapping(_lookup(data, parts[:3])).get("operationId")
        words = [operation_id] if isinstance(operation_id, str) else [str(parts[2]), str(parts[1])]
        # The place in the operation, e.g. responses/200; the trailing content/<media type> adds nothing.
        words.extend(str(part) for part in parts[3:-2])
    else:
        words = [str(parts[2]), str(parts[1])]  # components/<kind>/<name>
    name = "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", " ".join(words)))
    return name if name[:1].isalpha() else f"Body{name}"


def _fresh_name(base: str, taken: dict[str, object]) -> str:
    """Return `base`, or `base2`, `base3`, ..., whichever is not a component schema name yet."""
    name, number = base, 2
    while name in taken:
        name, number = f"{base}{number}", number + 1
    return name


def _generated_model_findings(
    doc: Document, spec: dict[str, object], targets: list[_ModelTarget], package: Path
) -> list[Finding]:
    """Generate the models into `package`, import them, and validate every target's examples with its model."""
    metadata = package.with_name("models.json")
    try:
        _generate_models(spec, package, metadata)
    except Exception as error:  # noqa: BLE001 - any failure to generate is a finding, not a crash
        return [Finding(doc.path, None, None, MODEL_RULE, f"cannot generate models: {_describe(error)}")]
    try:
        with _imported(package):
            models = _model_classes(package, metadata)
            return [
                finding
                for target in targets
                for finding in _model_findings(doc, target, models.get(target.schema_name))
            ]
    except Exception as error:  # noqa: BLE001 - generated code that does not import is a finding, not a crash
        return [Finding(doc.path, None, None, MODEL_RULE, f"the generated models do not import: {_describe(error)}")]


def _generate_models(spec: dict[str, object], package: Path, metadata: Path) -> None:
    """Run datamodel-code-generator on the spec: pydantic v2 models as a package, plus the schema-to-class map."""
    generate(
        spec,
        input_file_type=InputFileType.OpenAPI,
        output_model_type=DataModelType.PydanticV2BaseModel,
        output=package,
        emit_model_metadata=metadata,
        target_python_version=PythonVersion.PY_310,
        formatters=[Formatter.BUILTIN],
        use_annotated=True,
        disable_timestamp=True,
        allow_remote_refs=False,
        strict_refs=True,
        # Emails as plain strings: check 3 validates the format, and email-validator is no dependency of ours.
        type_mappings=["string+email=string", "string+idn-email=string"],
    )
    if package.is_file():  # one module (no dotted schema names): make it the package's __init__
        module = package.with_suffix(".py")
        package.rename(module)
        package.mkdir()
        module.rename(package / "__init__.py")


@contextlib.contextmanager
def _imported(package: Path) -> Iterator[ModuleType]:
    """Import the generated package under its own name for the duration of the block, then forget it."""
    spec = importlib.util.spec_from_file_location(
        package.name, package / "__init__.py", submodule_search_locations=[str(package)]
    )
    if spec is None or spec.loader is None:
        message = f"cannot load {package}"
        raise ImportError(message)
    module = importlib.util.module_from_spec(spec)
    sys.modules[package.name] = module  # pydantic resolves the models' annotations through sys.modules
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        for name in [name for name in sys.modules if name == package.name or name.startswith(f"{package.name}.")]:
            del sys.modules[name]


def _model_classes(package: Path, metadata: Path) -> dict[str, type[Any]]:
    """Map each component schema name to its generated class, by the metadata datamodel-code-generator wrote."""
    classes: dict[str, type[Any]] = {}
    for model in _sequence(_mapping(json.loads(metadata.read_text(encoding="utf-8"))).get("models")):
        entry = _mapping(model)
        source = [str(part) for part in _sequence(entry.get("source_path"))]
        if len(source) == 3 and source[:2] == ["components", "schemas"]:  # noqa: PLR2004 - components/schemas/<name>
            module_name = f"{package.name}.{entry['module']}" if entry.get("module") else package.name
            classes[source[2]] = getattr(importlib.import_module(module_name), str(entry.get("class_name")))
    return classes


def _model_findings(doc: Document, target: _ModelTarget, model: type[Any] | None) -> list[Finding]:
    """Validate each example of a body with the model generated for its schema."""
    schema = to_pointer(("components", "schemas", target.schema_name))
    if model is None:
        return [Finding(doc.path, None, None, MODEL_RULE, f"no model was generated for {schema}")]
    try:
        adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(model)
    except Exception as error:  # noqa: BLE001 - a model pydantic cannot build is a finding, not a crash
        return [Finding(doc.path, None, None, MODEL_RULE, f"model for {schema} cannot be built: {_describe(error)}")]
    model_name = f"model {getattr(model, '__name__', repr(model))}"
    return [
        finding
        for example in target.holder.examples
        for finding in _model_example_findings(doc, adapter, model_name, example)
    ]


def _model_example_findings(
    doc: Document, adapter: pydantic.TypeAdapter[Any], model_name: str, example: _Example
) -> list[Finding]:
    """Validate one example with a model, as the JSON the wire would carry; each rejection is a finding."""
    try:
        adapter.validate_json(json.dumps(example.value))
    except pydantic.ValidationError as error:
        return [
            doc.finding(
                example.pointer,
                MODEL_RULE,
                f"{model_name} rejects the example at {_inside(problem['loc'])}: {_one_line(problem['msg'])}",
                line_at=(*example.pointer, *_parts(problem["loc"])),
            )
            for problem in error.errors(include_url=False)
        ]
    except (TypeError, ValueError) as error:
        return [doc.finding(example.pointer, MODEL_RULE, f"the example is not JSON: {_describe(error)}")]
    return []


# --- Check 5: the quirk catalogue ------------------------------------------------------------------------------


def check_quirks(spec: Document, quirks_path: Path) -> list[Finding]:
    """Check the quirk catalogue's shape, its unique ids, and that every operation and pointer it names exists."""
    quirks = parse(quirks_path)
    if isinstance(quirks, Finding):
        return [quirks]
    return [*_quirk_shape_findings(quirks), *_duplicate_quirk_findings(quirks), *_quirk_place_findings(spec, quirks)]


def _quirk_entries(quirks: Document) -> Iterator[tuple[int, dict[str, object]]]:
    """Yield each quirk mapping with its index in the list."""
    for index, quirk in enumerate(_sequence(_mapping(quirks.data).get("quirks"))):
        if isinstance(quirk, dict):
            yield index, quirk


def _quirk_shape_findings(quirks: Document) -> list[Finding]:
    """Validate the catalogue against QUIRKS_SCHEMA: unknown keys, missing keys, wrong types."""
    validator = Draft202012Validator(QUIRKS_SCHEMA)
    return [
        quirks.finding(_parts(error.absolute_path), "quirk-schema", _one_line(error.message))
        for error in validator.iter_errors(quirks.data)
    ]


def _duplicate_quirk_findings(quirks: Document) -> list[Finding]:
    """Report every quirk whose id an earlier quirk already has."""
    findings: list[Finding] = []
    first_use: dict[str, int] = {}
    for index, quirk in _quirk_entries(quirks):
        quirk_id = quirk.get("id")
        if not isinstance(quirk_id, str):
            continue
        if quirk_id in first_use:
            first_line = quirks.line(("quirks", first_use[quirk_id], "id"))
            message = f"duplicate quirk id {quirk_id!r}; the first is at line {first_line}"
            findings.append(quirks.finding(("quirks", index, "id"), "quirk-id", message))
        else:
            first_use[quirk_id] = index
    return findings


def _quirk_place_findings(spec: Document, quirks: Document) -> list[Finding]:
    """Report every `where` entry naming an unknown operationId or a pointer that does not resolve."""
    operation_ids = {operation.get("operationId") for _, operation in _operations(spec.data)}
    findings: list[Finding] = []
    for index, quirk in _quirk_entries(quirks):
        quirk_id = quirk.get("id")
        for place_index, place in enumerate(_sequence(quirk.get("where"))):
            parts = ("quirks", index, "where", place_index)
            operation = _mapping(place).get("operation")
            if isinstance(operation, str) and operation not in operation_ids:
                message = f"quirk {quirk_id!r}: no operation in {spec.path.name} has operationId {operation!r}"
                findings.append(quirks.finding((*parts, "operation"), "quirk-operation", message))
            pointer = _mapping(place).get("pointer")
            missing = _missing_part(spec.root, split_pointer(pointer)) if isinstance(pointer, str) else None
            if missing:
                message = f"quirk {quirk_id!r}: pointer {pointer} does not resolve in {spec.path.name}: {missing}"
                findings.append(quirks.finding((*parts, "pointer"), "quirk-pointer", message))
    return findings


# --- Small helpers ---------------------------------------------------------------------------------------------------


def _parts(path: Iterable[Hashable]) -> Parts:
    """Convert a tool's path (a deque, tuple or list of keys and indexes) to pointer parts."""
    return tuple(part if isinstance(part, int) else str(part) for part in path)


def _inside(path: Iterable[Hashable]) -> str:
    """Format a place inside an example as a JSON pointer without `#`, or 'the top level'."""
    return to_pointer(_parts(path)).removeprefix("#") or "the top level"


def _one_line(text: str) -> str:
    """Collapse whitespace and cut very long text (validators quote whole documents) to one readable line."""
    line = " ".join(text.split())
    return line if len(line) <= _MESSAGE_LIMIT else f"{line[: _MESSAGE_LIMIT - 3]}..."


def _describe(error: BaseException) -> str:
    """Format an exception as `Type: message` on one line."""
    return _one_line(f"{type(error).__name__}: {error}")


# --- The whole lint ----------------------------------------------------------------------------------------------


def lint(spec: Path, quirks: Path) -> list[Finding]:
    """Run every check on the spec and the quirk catalogue; return all findings (none means clean)."""
    document = parse(spec)
    if isinstance(document, Finding):
        return [document]
    if not isinstance(document.data, dict):
        return [Finding(spec, 1, None, YAML_RULE, "the top level of an OpenAPI document must be a mapping")]
    return [
        *check_openapi(document),
        *check_operation_ids(document),
        *check_wire_hints(document),
        *check_redocly(document),
        *check_examples(document),
        *check_models(document),
        *check_quirks(document, quirks),
    ]
