"""The spec as the endpoint tests read it: operations, their generated modules, schemas, examples, result checks.

Not a test module and not a conftest: plain helpers the endpoint tests import (`tests.client.endpoints.spec_support`)
to parametrize at collection time, call any generated endpoint generically and walk what it decoded.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import inspect
import json
import pkgutil
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import yaml

from iqm_finance_client import _json, api
from iqm_finance_client.types import Unset

if TYPE_CHECKING:
    from types import ModuleType

SPEC_PATH = Path(__file__).resolve().parents[3] / "spec" / "openapi.yaml"
JSON = "application/json"
# What a test passes for every required path or query parameter: all of them are integer IDs in this spec.
ANY_ID = 7


@functools.cache
def spec() -> dict[str, Any]:
    """The parsed canonical spec (read once)."""
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


@dataclass(frozen=True)
class Operation:
    """One operation of the spec and the generated module that implements it."""

    operation_id: str
    method: str
    path: str
    raw: dict[str, Any]

    @property
    def module(self) -> ModuleType:
        """The generated endpoint module (`iqm_finance_client.api.<tag>.<snake_case operationId>`)."""
        return endpoint_modules()[snake(self.operation_id)]

    @property
    def ok_media(self) -> dict[str, Any] | None:
        """The `application/json` media object of the 200 response, or None (downloads, no 200 JSON)."""
        content = self.raw["responses"].get("200", {}).get("content", {})
        media: dict[str, Any] | None = content.get(JSON)
        return media

    @property
    def ok_schema(self) -> dict[str, Any] | None:
        """The 200 JSON response schema, or None."""
        media = self.ok_media
        return None if media is None else media["schema"]

    def examples_200(self) -> list[tuple[str, Any]]:
        """Every 200 JSON example as (name, value): ("", value) for a lone `example`, each named one otherwise."""
        media = self.ok_media or {}
        found = [("", media["example"])] if "example" in media else []
        found += [(name, example["value"]) for name, example in media.get("examples", {}).items()]
        return found

    def error_examples(self, status: str) -> list[tuple[str, Any]]:
        """Every JSON example of the response for `status` (a `$ref` to a shared response is followed)."""
        response = resolve(self.raw["responses"][status])
        media = response.get("content", {}).get(JSON, {})
        found = [("", media["example"])] if "example" in media else []
        found += [(name, example["value"]) for name, example in media.get("examples", {}).items()]
        return found

    def parameters(self) -> list[dict[str, Any]]:
        """The operation's parameters with every `$ref` resolved."""
        return [resolve(parameter) for parameter in self.raw.get("parameters", [])]

    @property
    def request_body(self) -> dict[str, Any] | None:
        """The request body object, or None."""
        body: dict[str, Any] | None = self.raw.get("requestBody")
        return body


@functools.cache
def operations() -> dict[str, Operation]:
    """Every operation of the spec by operationId, in document order."""
    found: dict[str, Operation] = {}
    for path, item in spec()["paths"].items():
        for method, operation in item.items():
            found[operation["operationId"]] = Operation(operation["operationId"], method.upper(), path, operation)
    return found


@functools.cache
def endpoint_modules() -> dict[str, ModuleType]:
    """Every generated endpoint module by its module name (which is the snake_case operationId)."""
    modules: dict[str, ModuleType] = {}
    for info in pkgutil.walk_packages(api.__path__, api.__name__ + "."):
        if not info.ispkg:
            modules[info.name.rsplit(".", 1)[-1]] = importlib.import_module(info.name)
    return modules


def snake(name: str) -> str:
    """`listCustomerPayments` -> `list_customer_payments`, as the generator names modules and attributes."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow `$ref`s (`#/components/...`) until a node without one."""
    while "$ref" in node:
        target: Any = spec()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def merged(schema: dict[str, Any]) -> dict[str, Any]:
    """Resolve a schema and merge its `allOf` parts: properties and required lists united, other keys kept."""
    schema = resolve(schema)
    if "allOf" not in schema:
        return schema
    result: dict[str, Any] = {key: value for key, value in schema.items() if key != "allOf"}
    properties: dict[str, Any] = dict(schema.get("properties", {}))
    required: list[str] = list(schema.get("required", []))
    for part in schema["allOf"]:
        flat = merged(part)
        properties.update(flat.get("properties", {}))
        required += [name for name in flat.get("required", []) if name not in required]
        result.update({k: v for k, v in flat.items() if k not in {"properties", "required", "description"}})
    result["properties"] = properties
    result["required"] = required
    return result


def is_envelope(schema: dict[str, Any]) -> bool:
    """Whether a response schema is the `{success, data}` envelope the generated calls unwrap."""
    flat = merged(schema)
    return set(flat.get("required", [])) == {"success", "data"} and set(flat.get("properties", {})) == {
        "success",
        "data",
    }


def unwrapped(schema: dict[str, Any], wire: Any) -> tuple[dict[str, Any], Any]:
    """The schema and wire JSON of what a `sync` call returns: the envelope's `data`, or the body itself."""
    if is_envelope(schema):
        return merged(schema)["properties"]["data"], wire["data"]
    return schema, wire


def python_name(wire_name: str, schema: dict[str, Any]) -> str:
    """The attribute a model gives a wire property: `x-python-name`, else the snake_case of the wire name."""
    return str(resolve(schema).get("x-python-name") or snake(wire_name))


def wire_text(value: Any) -> bytes:
    """JSON text of a value loaded from YAML, each number written as the document writes it (floats by repr)."""
    return json.dumps(value).encode()


def wire_value(value: Any) -> Any:
    """A YAML-loaded example as the client's JSON decoder sees it on the wire (fractions are exact Decimals)."""
    return _json.loads(wire_text(value))


def minimal_instance(schema: dict[str, Any]) -> Any:
    """A small value of a schema with only the required properties, for request bodies the spec gives no example."""
    flat = merged(schema)
    if "enum" in flat:
        return flat["enum"][0]
    kind = flat.get("type", "object")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    formats = {"date": "2025-12-01", "date-time": "2025-12-01T00:00:00Z", "email": "user@example.com"}
    if kind == "object":
        return {name: minimal_instance(flat["properties"][name]) for name in flat.get("required", [])}
    values = {"array": [], "integer": 1, "number": 1, "boolean": True}
    return values[kind] if kind in values else formats.get(flat.get("format", ""), "x")


def call_kwargs(operation: Operation) -> dict[str, Any]:
    """Keyword arguments for a generated call of the operation: every required parameter and the body.

    Required parameters (path IDs, `taxId`) get `ANY_ID`; a required body is the model built with `from_dict`
    from the request example, or from a minimal instance of the schema when the spec gives no example.
    """
    signature = inspect.signature(operation.module.sync)
    kwargs: dict[str, Any] = {}
    for name, parameter in signature.parameters.items():
        if name == "client" or parameter.default is not inspect.Parameter.empty:
            continue
        if name == "body":
            media = operation.request_body["content"][JSON]  # type: ignore[index]
            example = media["example"] if "example" in media else minimal_instance(media["schema"])
            kwargs["body"] = parameter.annotation.from_dict(wire_value(example))
        else:
            kwargs[name] = ANY_ID
    return kwargs


def json_operations() -> list[Operation]:
    """Every operation whose 200 response is JSON (all but the downloads)."""
    return [operation for operation in operations().values() if operation.ok_schema is not None]


def problems(value: Any, path: str = "$") -> list[str]:
    """Every float and every naive datetime in a decoded result (attrs fields, lists, dicts, additional_properties)."""
    found: list[str] = []
    if isinstance(value, float):
        found.append(f"{path}: float {value!r}")
    elif isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            found.append(f"{path}: naive datetime {value!r}")
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            found += problems(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            found += problems(item, f"{path}[{key!r}]")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found += problems(item, f"{path}[{index}]")
    return found


def money_problems(value: Any, schema: dict[str, Any], wire: Any, path: str = "$") -> list[str]:
    """Walk a decoded result beside its schema and wire JSON: every `x-money` value present must be that exact Decimal.

    Also reports a property present on the wire whose attribute is missing from the model.
    """
    flat = merged(schema)
    if flat.get("x-money"):
        if not isinstance(value, Decimal):
            return [f"{path}: money is {type(value).__name__} {value!r}, not Decimal"]
        return [] if value == wire else [f"{path}: money {value!r} differs from the wire's {wire!r}"]
    if isinstance(wire, dict) and "properties" in flat:
        return _object_money_problems(value, flat["properties"], wire, path)
    if isinstance(wire, list) and "items" in flat:
        if not isinstance(value, list) or len(value) != len(wire):
            return [f"{path}: expected a list of {len(wire)}, got {value!r}"]
        found: list[str] = []
        for index, (item, item_wire) in enumerate(zip(value, wire, strict=True)):
            found += money_problems(item, flat["items"], item_wire, f"{path}[{index}]")
        return found
    return []


def _object_money_problems(value: Any, properties: dict[str, Any], wire: dict[str, Any], path: str) -> list[str]:
    """`money_problems` for the properties of an object the wire carries."""
    found: list[str] = []
    for wire_name, item_schema in properties.items():
        if wire_name not in wire:
            continue
        name = python_name(wire_name, item_schema)
        if not hasattr(value, name):  # names that shadow a builtin (`credits`) get a trailing underscore
            name += "_"
        if not hasattr(value, name):
            found.append(f"{path}: {type(value).__name__} has no attribute {name!r} for {wire_name!r}")
            continue
        item = getattr(value, name)
        if isinstance(item, Unset):
            found.append(f"{path}.{name}: UNSET although the wire has {wire_name!r}")
            continue
        found += money_problems(item, item_schema, wire[wire_name], f"{path}.{name}")
    return found
