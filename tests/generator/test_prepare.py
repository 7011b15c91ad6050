"""generator/prepare.py: the integer bounds the templates print into `_checks.parameter` and `_checks.field`."""

from __future__ import annotations

import pytest
from openapi_python_client.schema import Schema

from generator import prepare


@pytest.mark.parametrize(
    ("schema", "printed"),
    [
        ({"type": "integer"}, ""),
        ({"type": "integer", "format": "int64"}, ""),
        ({"type": "integer", "format": "int32"}, ", minimum=-2147483648, maximum=2147483647"),
        ({"type": "integer", "minimum": 1}, ", minimum=1"),
        ({"type": "integer", "format": "int32", "minimum": 1}, ", minimum=1, maximum=2147483647"),
        ({"type": "integer", "minimum": 0, "maximum": 253402300799999}, ", minimum=0, maximum=253402300799999"),
        ({"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10}, ", minimum=1, maximum=9"),
        ({"type": "integer", "minimum": 0.5, "maximum": 9.5}, ", minimum=1, maximum=9"),
        ({"type": "integer", "minimum": -(2**70), "maximum": 2**70}, ""),  # wider than int64: int64 still holds
    ],
)
def test_integer_bounds_narrow_int64_by_format_and_bounds(schema, printed):
    assert prepare.integer_bounds(schema) == printed
    assert prepare.integer_bounds(Schema.model_validate(schema)) == printed


def test_a_bound_that_is_not_a_number_is_ignored():
    assert prepare.integer_bounds({"type": "integer", "minimum": True, "maximum": "9"}) == ""
    assert prepare.integer_bounds({"type": "integer", "minimum": float("-inf"), "maximum": float("nan")}) == ""


def test_parameter_bounds_follow_references_and_skip_what_int64_holds():
    spec = {
        "paths": {
            "/things/{id}": {
                "parameters": [{"$ref": "#/components/parameters/Id"}],
                "get": {
                    "parameters": [
                        {"name": "pageNo", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                        {"name": "q", "in": "query", "schema": {"type": "string", "minLength": 1}},
                        {"name": "plain", "in": "query", "schema": {"type": "integer"}},
                    ]
                },
            }
        },
        "components": {
            "parameters": {"Id": {"name": "id", "in": "path", "schema": {"$ref": "#/components/schemas/Id"}}},
            "schemas": {"Id": {"type": "integer", "format": "int32"}},
        },
    }

    assert prepare.parameter_bounds(spec) == {
        "get /things/{id} path id": ", minimum=-2147483648, maximum=2147483647",
        "get /things/{id} query pageNo": ", minimum=1",
    }
