"""Dated deprecations in the generated client: a DeprecationWarning naming the replacement and the sunset date,
once per call site, for a deprecated operation called, a deprecated parameter passed, a deprecated attribute read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator import ROOT, prepare
from generator.layout import Layout
from generator.steps import Steps

SPEC = Path(__file__).parent / "fixtures" / "deprecations.yaml"

# Run in a fresh interpreter with the rendered package first on sys.path (not the installed one).
SCRIPT = r"""
import json, sys, warnings
sys.path.insert(0, sys.argv[1])
import httpx2
from iqm_finance_client import Client
from iqm_finance_client.api.things import list_things, list_things_v2
from iqm_finance_client.models.thing import Thing

def handler(request):
    return httpx2.Response(200, json={"id": 1, "old_name": "a", "name": "b"})

found = {}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    mock = httpx2.MockTransport(handler)
    with Client(token="t", ow_id=1, transport=mock, async_transport=mock) as client:
        for _ in range(3):
            thing = list_things.sync(client=client)  # line A: three calls, one warning
        list_things.sync(client=client, q="x")  # line B: the operation again, and the parameter
        list_things_v2.sync(client=client)  # not deprecated
        client.things.list_things(search="y")  # the resource method: its own call site
        for _ in range(2):
            thing.old_name  # read twice at one place: one warning
        thing.name
        thing.to_dict()  # the package reads old_name itself: no warning
        Thing(id=1, old_name="a") == Thing(id=1, old_name="a")

    async def main():
        async with Client(token="t", ow_id=1, transport=mock, async_transport=mock) as client:
            await list_things.asyncio(client=client)  # the async function: its caller's line

    import asyncio
    asyncio.run(main())
found = [
    {"message": str(w.message), "category": w.category.__name__, "line": w.lineno, "file": w.filename}
    for w in caught
]
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.generate import render  # noqa: PLC0415 - imports openapi-python-client

    out = tmp_path_factory.mktemp("deprecations")
    render(Layout.at(ROOT, SPEC), out, Steps(), check_import=True)
    return out


@pytest.fixture(scope="module")
def warned(rendered: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    script = tmp_path_factory.mktemp("script") / "use_it.py"
    script.write_text(SCRIPT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(rendered)], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _line(marker: str) -> int:
    return next(number for number, text in enumerate(SCRIPT.splitlines(), start=1) if marker in text)


@pytest.mark.slow
def test_each_deprecated_use_warns_once_per_call_site_at_the_callers_line(warned):
    operation = (
        "operation listThings is deprecated; use listThingsV2 instead;"
        " the API removes it on 2027-06-30 (its sunset date)"
    )
    parameter = (
        "the parameter `q` of listThings is deprecated; use search instead; the API removes it on 2027-01-31"
        " (its sunset date)"
    )
    attribute = (
        "attribute Thing.old_name is deprecated; use name instead; the API removes it on 2027-03-01 (its sunset date)"
    )
    shown = [(item["message"], item["line"]) for item in warned]
    assert shown == [
        (operation, _line("line A")),
        (operation, _line("line B")),
        (parameter, _line("line B")),
        (operation, _line("the resource method")),
        (attribute, _line("read twice")),
        (operation, _line("the async function")),
    ]
    assert {item["category"] for item in warned} == {"DeprecationWarning"}
    assert {item["file"] for item in warned} == {next(iter(warned))["file"]}  # the caller's file, never the package


@pytest.mark.slow
def test_a_spec_without_deprecations_renders_no_warning_code(rendered):
    v2 = (rendered / "iqm_finance_client" / "api" / "things" / "list_things_v2.py").read_text(encoding="utf-8")
    assert "_deprecations" not in v2
    deprecated = (rendered / "iqm_finance_client" / "api" / "things" / "list_things.py").read_text(encoding="utf-8")
    assert deprecated.count("_deprecations.warn(") == 2  # the operation, and its parameter `q`


def test_the_replacement_comes_from_x_replaced_by_or_else_the_description():
    assert prepare.deprecation_arguments("operation", "x", {"deprecated": True, "x-replaced-by": "y"}) == (
        "'operation', 'x', None, 'y'"
    )
    described = {"deprecated": True, "x-sunset": "2027-01-01", "description": "Old. Use `listV2` instead."}
    assert prepare.deprecation_arguments("operation", "x", described) == "'operation', 'x', '2027-01-01', 'listV2'"
    assert prepare.deprecation_arguments("operation", "x", {"description": "use y"}) == ""  # not deprecated


def test_spec_text_is_printed_as_a_literal_never_as_code():
    hostile = {"deprecated": True, "x-replaced-by": "y'); import os; os.system('x"}
    arguments = prepare.deprecation_arguments("operation", "x", hostile)
    assert eval(f"({arguments})") == ("operation", "x", None, "y'); import os; os.system('x")  # noqa: S307 - a literal
