"""The spec as openapi-python-client is given it: what the spec says, placed where the generator reads it.

openapi-python-client 0.29.1 reads a parameter's description from its `schema`, never from the parameter itself,
where OpenAPI (and this spec) puts it; endpoint docstrings then show `ow_id (int):` with nothing after it. So each
parameter's `description` is copied onto its inline schema when that schema has none. The spec on disk, and what
lint and diff read, are untouched.

Also the integer bounds of parameters and properties (`format`, `minimum`, `maximum`), which openapi-python-client
does not show the templates for parameters: `bounds` gives the keyword arguments of `_checks.parameter` and
`_checks.field` that narrow an integer below the `int64` range the runtime assumes.

Also what the templates need of dated deprecations (`deprecated`, `x-sunset`, `x-replaced-by`) and cannot see:
`deprecations` maps each deprecated operation and parameter to the arguments of its DeprecationWarning, and
`deprecation_arguments` gives those of a model's deprecated property.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeGuard

_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def prepare(spec: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of `spec` with parameter descriptions on their schemas; anything malformed is left as it is."""
    prepared = copy.deepcopy(spec)
    components = prepared.get("components")
    if isinstance(components, dict):
        _describe_all(components.get("parameters"))
    paths = prepared.get("paths")
    for item in paths.values() if isinstance(paths, dict) else ():
        if not isinstance(item, dict):
            continue
        _describe_all(item.get("parameters"))
        for method in _HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                _describe_all(operation.get("parameters"))
    return prepared


def _describe_all(parameters: object) -> None:
    """Copy each parameter's description onto its schema (a list of parameters, or the components' mapping)."""
    if isinstance(parameters, dict):
        parameters = list(parameters.values())
    for parameter in parameters if isinstance(parameters, list) else ():
        if not isinstance(parameter, dict):
            continue
        description, schema = parameter.get("description"), parameter.get("schema")
        # A $ref schema is left alone: a sibling description would change what the referenced schema means.
        if isinstance(description, str) and isinstance(schema, dict) and "$ref" not in schema:
            schema.setdefault("description", description)


# A replacement a description names: "Use `listInvoicesV2` instead", "replaced by listInvoicesV2", "superseded by X".
_REPLACEMENT = re.compile(r"\b(?:use|replaced by|superseded by)\s+`?([A-Za-z_][\w./{}-]*(?:\(\))?)`?", re.IGNORECASE)


def deprecation_arguments(kind: str, name: str, node: object) -> str:
    """Return the Python arguments of `_deprecations.warn` for a deprecated part (`kind name`), or '' for another.

    `node` is the part's mapping (an operation or parameter of the spec) or openapi-python-client's model of a
    schema. The sunset is its `x-sunset`; the replacement its `x-replaced-by`, else the one its description names.
    Every value is printed with `repr`, so nothing from the spec is code.
    """
    keys = node if isinstance(node, Mapping) else {**(getattr(node, "model_extra", None) or {}), **_schema_keys(node)}
    if keys.get("deprecated") is not True:
        return ""
    sunset = keys.get("x-sunset")
    replacement = keys.get("x-replaced-by")
    if not replacement and isinstance(keys.get("description"), str):
        found = _REPLACEMENT.search(keys["description"])
        replacement = found[1] if found else None
    shown = [str(value) if value is not None else None for value in (sunset, replacement)]
    return ", ".join(repr(value) for value in (kind, name, *shown))


def _schema_keys(schema: object) -> dict[str, Any]:
    """Return the standard keywords of openapi-python-client's schema model that a deprecation reads."""
    return {"deprecated": getattr(schema, "deprecated", None), "description": getattr(schema, "description", None)}


def deprecations(spec: Mapping[str, Any]) -> dict[str, str]:
    """Map each deprecated operation (`METHOD /path`) and parameter (`METHOD /path in name`) to its warning's arguments.

    The templates look them up (openapi-python-client shows them neither `deprecated` nor the `x-` keys of an
    operation or a parameter). Parameters defined on the path item count for each of its operations.
    """
    found: dict[str, str] = {}
    for path, method, operation, parameters in _operations(spec):
        name = str(operation.get("operationId") or f"{method.upper()} {path}")
        key = f"{method} {path}"
        arguments = deprecation_arguments("operation", name, operation)
        if arguments:
            found[key] = arguments
        for parameter in parameters:
            label = f"parameter `{parameter.get('name')}` of {name}"
            arguments = deprecation_arguments("the", label, parameter)
            if arguments:
                found[f"{key} {parameter.get('in')} {parameter.get('name')}"] = arguments
    return found


def _operations(
    spec: Mapping[str, Any],
) -> Iterator[tuple[str, str, Mapping[str, Any], list[Mapping[str, Any]]]]:
    """Yield each operation as (path, method, operation, its parameters), the path item's first, `$ref`s followed."""
    paths = spec.get("paths")
    for path, item in paths.items() if isinstance(paths, Mapping) else ():
        if not isinstance(item, Mapping):
            continue
        for method in _HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, Mapping):
                continue
            raws = [*_list(item.get("parameters")), *_list(operation.get("parameters"))]
            parameters = [parameter for raw in raws if (parameter := _resolve(spec, raw)) is not None]
            yield str(path), method, operation, parameters


def lookup(table: Mapping[str, str]) -> Callable[..., str]:
    """Return the templates' `deprecation(endpoint.method, endpoint.path[, location, parameter.name])`: its arguments.

    The path and the name come as openapi-python-client's UntrustedString, unwrapped here only to look them up:
    what is printed is the table's own `repr`s.
    """

    def deprecation(*parts: object) -> str:
        return table.get(" ".join(_plain(part) for part in parts), "")

    return deprecation


def _plain(value: object) -> str:
    """Return the text of an UntrustedString (or of anything else) to look it up."""
    unwrap = getattr(value, "get_untrusted_value", None)
    return str(unwrap() if callable(unwrap) else value)


def _list(node: object) -> list[Any]:
    """Return `node` when it is a list, else an empty one."""
    return node if isinstance(node, list) else []


def _resolve(spec: Mapping[str, Any], node: object) -> Mapping[str, Any] | None:
    """Follow a local `$ref` (to `#/components/parameters/NAME`) once; None for what is not a mapping."""
    if isinstance(node, Mapping) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        target: object = spec
        for part in node["$ref"][2:].split("/"):
            target = target.get(part.replace("~1", "/").replace("~0", "~")) if isinstance(target, Mapping) else None
        node = target
    return node if isinstance(node, Mapping) else None


# The runtime's own range for an integer (`_checks.INT64_MIN`/`INT64_MAX`): bounds equal to it are not printed.
_INT64 = (-(2**63), 2**63 - 1)
_INT32 = (-(2**31), 2**31 - 1)


def integer_bounds(schema: object) -> str:
    """Return `, minimum=1, maximum=...` for an integer schema narrower than `int64`, else ''.

    `schema` is a mapping of the spec or openapi-python-client's model of a schema. The range is its format's
    (`int32`, else `int64`), narrowed by `minimum`, `maximum` and the 3.1 numeric `exclusiveMinimum`/`exclusiveMaximum`.
    """
    keys = schema if isinstance(schema, Mapping) else _bound_keys(schema)
    low, high = _INT32 if keys.get("format") == "int32" else _INT64
    for key, exclusive in (("minimum", False), ("exclusiveMinimum", True)):
        value = keys.get(key)
        if _is_number(value):
            low = max(low, math.floor(value) + 1 if exclusive else math.ceil(value))
    for key, exclusive in (("maximum", False), ("exclusiveMaximum", True)):
        value = keys.get(key)
        if _is_number(value):
            high = min(high, math.ceil(value) - 1 if exclusive else math.floor(value))
    shown = [f", minimum={low!r}"] if low != _INT64[0] else []
    shown += [f", maximum={high!r}"] if high != _INT64[1] else []
    return "".join(shown)


def _is_number(value: object) -> TypeGuard[float]:
    """Whether a bound is a finite number (a bool, an infinity or NaN bounds nothing)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _bound_keys(schema: object) -> dict[str, Any]:
    """Return the keywords of openapi-python-client's schema model that bound an integer."""
    names = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
    keys = {name: getattr(schema, name, None) for name in names}
    keys["format"] = _plain(getattr(schema, "schema_format", None))
    return keys


def parameter_bounds(spec: Mapping[str, Any]) -> dict[str, str]:
    """Map each integer parameter (`METHOD /path in name`) narrower than `int64` to its `integer_bounds`."""
    found: dict[str, str] = {}
    for path, method, _operation, parameters in _operations(spec):
        for parameter in parameters:
            schema = _resolve(spec, parameter.get("schema"))
            if schema is None or schema.get("type") != "integer":
                continue
            bounds = integer_bounds(schema)
            if bounds:
                found[f"{method} {path} {parameter.get('in')} {parameter.get('name')}"] = bounds
    return found
