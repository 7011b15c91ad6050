"""Where the spec pairs schemas with examples: the places lint's example and model checks visit."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import unquote

from generator.spec_document import (
    lookup,
    mapping,
    operations,
    sequence,
    split_pointer,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from generator.spec_document import Parts

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


class Example(NamedTuple):
    """One example value, where it is written, and where it is used (they differ for a `$ref`'d Example Object)."""

    pointer: Parts
    used_at: Parts
    value: object


class Holder(NamedTuple):
    """A place that pairs a schema with examples: a media type, a parameter, a header, or a schema itself."""

    parts: Parts
    schema: Parts
    examples: tuple[Example, ...]
    body: bool  # a request or response body, which the client turns into a model


def holders(data: object) -> list[Holder]:
    """Return every place in the spec that has a schema and may have examples, schemas' own examples included."""
    places = [*_operation_holders(data), *_component_holders(data)]
    schema_roots: list[Parts] = [
        ("components", "schemas", name) for name in mapping(lookup(data, ("components", "schemas")))
    ]
    schema_roots.extend(place.schema for place in places)
    schema_holders = [
        holder
        for root in schema_roots
        for parts, schema in subschemas(lookup(data, root), root)
        if (holder := _schema_holder(parts, schema))
    ]
    return places + schema_holders


def _operation_holders(data: object) -> Iterator[Holder]:
    """Yield the parameters, request bodies, responses and response headers of every path item and operation."""
    for section in ("paths", "webhooks"):
        for route, item in mapping(mapping(data).get(section)).items():
            for index, parameter in enumerate(sequence(mapping(item).get("parameters"))):
                yield from _parameter_holders(data, (section, route, "parameters", index), parameter)
    for parts, operation in operations(data):
        for index, parameter in enumerate(sequence(operation.get("parameters"))):
            yield from _parameter_holders(data, (*parts, "parameters", index), parameter)
        body = mapping(operation.get("requestBody"))
        if "$ref" not in body:
            yield from _content_holders(data, (*parts, "requestBody", "content"), body.get("content"), body=True)
        for status, response in mapping(operation.get("responses")).items():
            yield from _response_holders(data, (*parts, "responses", status), response)


def _component_holders(data: object) -> Iterator[Holder]:
    """Yield the reusable request bodies, responses, parameters and headers under components."""
    components = mapping(mapping(data).get("components"))
    for name, body in mapping(components.get("requestBodies")).items():
        parts = ("components", "requestBodies", name, "content")
        yield from _content_holders(data, parts, mapping(body).get("content"), body=True)
    for name, response in mapping(components.get("responses")).items():
        yield from _response_holders(data, ("components", "responses", name), response)
    for kind in ("parameters", "headers"):
        for name, parameter in mapping(components.get(kind)).items():
            yield from _parameter_holders(data, ("components", kind, name), parameter)


def _response_holders(data: object, parts: Parts, response: object) -> Iterator[Holder]:
    """Yield a response's media types and headers, unless it is a `$ref` (checked where it is defined)."""
    response = mapping(response)
    if "$ref" in response:
        return
    yield from _content_holders(data, (*parts, "content"), response.get("content"), body=True)
    for name, header in mapping(response.get("headers")).items():
        yield from _parameter_holders(data, (*parts, "headers", name), header)


def _parameter_holders(data: object, parts: Parts, parameter: object) -> Iterator[Holder]:
    """Yield a parameter's or header's schema with its examples, and its media types if it uses `content`."""
    parameter = mapping(parameter)
    if "$ref" in parameter:
        return
    if isinstance(parameter.get("schema"), dict | bool):
        yield Holder(parts, (*parts, "schema"), tuple(_examples(data, parts, parameter)), body=False)
    yield from _content_holders(data, (*parts, "content"), parameter.get("content"), body=False)


def _content_holders(data: object, parts: Parts, content: object, *, body: bool) -> Iterator[Holder]:
    """Yield each media type of a `content` map that has a schema."""
    for media_type, value in mapping(content).items():
        media = mapping(value)
        if isinstance(media.get("schema"), dict | bool):
            place = (*parts, media_type)
            yield Holder(place, (*place, "schema"), tuple(_examples(data, place, media)), body=body)


def _examples(data: object, parts: Parts, holder: dict[str, object]) -> Iterator[Example]:
    """Yield the `example` and each `examples/*/value` of a media type, parameter or header, following `$ref`s."""
    if "example" in holder:
        yield Example((*parts, "example"), (*parts, "example"), holder["example"])
    for name, example in mapping(holder.get("examples")).items():
        used_at = (*parts, "examples", name)
        place, resolved = _follow_example_ref(data, used_at, mapping(example))
        if "value" in resolved:
            yield Example((*place, "value"), used_at, resolved["value"])


def _follow_example_ref(data: object, parts: Parts, example: dict[str, object]) -> tuple[Parts, dict[str, object]]:
    """Return an Example Object and its place, after following its local `$ref` if it has one."""
    ref = example.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#"):
        return parts, example
    target = split_pointer(unquote(ref))
    return target, mapping(lookup(data, target))


def subschemas(schema: object, parts: Parts) -> Iterator[tuple[Parts, dict[str, object]]]:
    """Yield the schema at `parts` and every schema nested in it, not following `$ref` (targets are visited too)."""
    if not isinstance(schema, dict):
        return
    yield parts, schema
    for key in _SUBSCHEMA_KEYS:
        yield from subschemas(schema.get(key), (*parts, key))
    for key in _SUBSCHEMA_LIST_KEYS:
        for index, item in enumerate(sequence(schema.get(key))):
            yield from subschemas(item, (*parts, key, index))
    for key in _SUBSCHEMA_MAP_KEYS:
        for name, item in mapping(schema.get(key)).items():
            yield from subschemas(item, (*parts, key, name))


def _schema_holder(parts: Parts, schema: dict[str, object]) -> Holder | None:
    """Collect a schema's own `example` and `examples` (a list in JSON Schema 2020-12), if it has any."""
    examples = [Example((*parts, "example"), (*parts, "example"), schema["example"])] if "example" in schema else []
    examples.extend(
        Example((*parts, "examples", index), (*parts, "examples", index), value)
        for index, value in enumerate(sequence(schema.get("examples")))
    )
    return Holder(parts, parts, tuple(examples), body=False) if examples else None
