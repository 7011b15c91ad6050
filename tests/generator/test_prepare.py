"""generator/prepare.py: the integer bounds the templates print into `_checks.parameter` and `_checks.field`, and
what a package rendered with them refuses and sends."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openapi_python_client.schema import Schema

from generator import ROOT, prepare
from generator.layout import Layout
from generator.steps import Steps


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


BOUNDS_SPEC = Path(__file__).parent / "fixtures" / "bounds.yaml"

# Run in a fresh interpreter with the rendered package first on sys.path (not the installed one).
BOUNDS_SCRIPT = r"""
import enum, json, sys
sys.path.insert(0, sys.argv[1])
import httpx2
from iqm_finance_client import Client
from iqm_finance_client.api.things import put_thing
from iqm_finance_client.models.thing import Thing

class Plain(int, enum.Enum):
    THREE = 3

sent = []
def handler(request):
    sent.append({"path": request.url.path, "query": str(request.url.query, "ascii"),
                 "count": request.headers.get("x-count"), "body": request.content.decode()})
    return httpx2.Response(200, json="ok")

refused = []
mock = httpx2.MockTransport(handler)
with Client(token="t", ow_id=1, transport=mock, async_transport=mock) as client:
    for arguments in ({"id": 2**31}, {"id": -(2**31) - 1}, {"level": 0}, {"level": 6}, {"x_count": 0},
                      {"size": 0}, {"size": 101}):
        call = {"id": 1, "level": 1, "x_count": 1, "size": 1, **arguments}
        try:
            put_thing.sync(call["id"], client=client, body=Thing(size=call["size"]), level=call["level"],
                           x_count=call["x_count"])
        except ValueError as error:
            refused.append(str(error))
    put_thing.sync(Plain.THREE, client=client, body=Thing(size=Plain.THREE), level=Plain.THREE, x_count=Plain.THREE)
print(json.dumps({"refused": refused, "sent": sent}))
"""


@pytest.fixture(scope="module")
def bounded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """What a package rendered from fixtures/bounds.yaml refuses and sends, run in a fresh interpreter."""
    from generator.generate import render  # noqa: PLC0415 - imports openapi-python-client

    out = tmp_path_factory.mktemp("bounds")
    render(Layout.at(ROOT, BOUNDS_SPEC), out, Steps(), check_import=True)
    script = tmp_path_factory.mktemp("script") / "use_it.py"
    script.write_text(BOUNDS_SCRIPT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(out)], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout)
    return found


def test_the_templates_bound_path_query_header_and_body_integers(bounded):
    assert bounded["refused"] == [
        "parameter 'id' must be at most 2147483647, got 2147483648",
        "parameter 'id' must be at least -2147483648, got -2147483649",
        "parameter 'level' must be at least 1, got 0",
        "parameter 'level' must be at most 5, got 6",
        "parameter 'x_count' must be at least 1, got 0",
        "field 'size' must be at least 1, got 0",
        "field 'size' must be at most 100, got 101",
    ]


def test_a_plain_int_enum_member_goes_out_by_value_everywhere(bounded):
    assert bounded["sent"] == [{"path": "/things/3", "query": "level=3", "count": "3", "body": '{"size":3}'}]
