"""The spec as openapi-python-client is given it: what the spec says, placed where the generator reads it.

openapi-python-client 0.29.1 reads a parameter's description from its `schema`, never from the parameter itself,
where OpenAPI (and this spec) puts it; endpoint docstrings then show `ow_id (int):` with nothing after it. So each
parameter's `description` is copied onto its inline schema when that schema has none. The spec on disk, and what
lint and diff read, are untouched.
"""

from __future__ import annotations

import copy
from typing import Any

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
