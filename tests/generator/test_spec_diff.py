"""`spec_diff`: every rule in each direction (the corpus), shared components, and refactors that report nothing."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from generator import SPEC
from generator.diff import bump as spec_diff
from generator.diff.changes import Change
from generator.diff.http import diff_specs
from generator.diff.rules import HTTP_RULES as RULES

CORPUS = Path(__file__).parent / "diff_corpus"
CASES = sorted(CORPUS.glob("*.yaml"))
HEADER = {"openapi": "3.1.0", "info": {"title": "Corpus", "version": "1.0.0"}}


def _document(part: dict) -> dict:
    """A corpus side as a whole document: `openapi` and `info` added when the case leaves them out."""
    return {**HEADER, **part}


def _load_case(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _shown(changes: tuple[Change, ...]) -> list[tuple[str, str, str]]:
    return sorted((change.id, change.operation or "", change.where) for change in changes)


@pytest.mark.parametrize("case", CASES, ids=[path.stem for path in CASES])
def test_corpus_case(case):
    expected = _load_case(case)
    diff = diff_specs(_document(expected["old"]), _document(expected["new"]))
    wanted = sorted((item["id"], item["operation"] or "", item["where"]) for item in expected["changes"])
    assert _shown(diff.changes) == wanted
    assert diff.bump == expected["bump"]
    messages = {(item["id"], item["where"]): item["message"] for item in expected["changes"] if "message" in item}
    for change in diff.changes:
        if (change.id, change.where) in messages:
            assert change.message == messages[change.id, change.where]


def test_the_corpus_covers_every_rule():
    covered = {item["id"] for case in CASES for item in _load_case(case)["changes"]}
    assert sorted(set(RULES) - covered) == []
    assert len(CASES) >= 40


def test_every_change_is_classified_by_its_rule():
    for case in CASES:
        expected = _load_case(case)
        for change in diff_specs(_document(expected["old"]), _document(expected["new"])).changes:
            assert change.level == RULES[change.id].level
            assert change.breaking == (change.level == "major")
            assert change.view == "http"
            assert change.where.startswith("#/")


def test_the_json_form_of_a_change_has_exactly_the_reported_keys():
    change = Change(rule=RULES["operation-removed"], operation="x", where="#/paths/~1x/get", message="gone")
    assert change.as_json() == {
        "id": "operation-removed",
        "breaking": True,
        "operation": "x",
        "where": "#/paths/~1x/get",
        "message": "gone",
    }


def test_the_bump_is_the_strongest_level():
    def change(rule: str) -> Change:
        return Change(rule=RULES[rule], operation=None, where="#/", message="")

    assert spec_diff.bump_of([]) == "none"
    assert spec_diff.bump_of([change("description-changed")]) == "patch"
    assert spec_diff.bump_of([change("description-changed"), change("operation-added")]) == "minor"
    assert spec_diff.bump_of([change("operation-added"), change("operation-removed")]) == "major"


# The real spec: its size and shapes (allOf envelopes, shared components, 3.1 null types) exercise the walk.


@pytest.fixture(scope="module")
def real_spec() -> dict:
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def test_the_real_spec_reformatted_and_reordered_reports_nothing(real_spec):
    def reorder(node):
        if isinstance(node, dict):
            return {key: reorder(node[key]) for key in sorted(node, reverse=True)}
        return [reorder(item) for item in node] if isinstance(node, list) else node

    # Through JSON and back into flow-style YAML, every mapping's keys reversed.
    text = yaml.safe_dump(reorder(json.loads(json.dumps(real_spec))), default_flow_style=True, width=60)
    diff = diff_specs(real_spec, yaml.safe_load(text))
    assert diff.changes == ()
    assert diff.bump == "none"


def test_the_real_spec_with_every_ref_inlined_reports_nothing(real_spec):
    def inline(node, seen=()):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref not in seen:
                target = real_spec
                for part in ref[2:].split("/"):
                    target = target[part]
                return inline(target, (*seen, ref))
            return {key: inline(value, seen) for key, value in node.items()}
        return [inline(item, seen) for item in node] if isinstance(node, list) else node

    inlined = {**real_spec, "paths": inline(real_spec["paths"])}
    assert diff_specs(real_spec, inlined).changes == ()


def test_a_shared_component_of_the_real_spec_is_reported_at_every_operation(real_spec):
    new = copy.deepcopy(real_spec)
    error_object = new["components"]["schemas"]["ErrorObject"]
    error_object["properties"]["error"]["type"] = "integer"
    diff = diff_specs(real_spec, new)
    where = "#/components/schemas/ErrorObject/properties/error"
    reached = {change.operation for change in diff.changes}
    assert {change.id for change in diff.changes} == {"response-property-retyped"}
    assert {change.where for change in diff.changes} == {where}
    responses = real_spec["components"]["responses"]
    via = {
        f"#/components/responses/{name}" for name, value in responses.items() if "ErrorResponse" in json.dumps(value)
    }
    operations = {
        operation["operationId"]
        for item in real_spec["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict)
        and any(ref in json.dumps(operation) for ref in (*via, "#/components/schemas/ErrorResponse"))
    }
    assert len(operations) > 10
    assert reached == operations  # every operation documenting an error response, and only those
    assert len(diff.changes) == len(operations)  # one per operation, though each reaches it through 3 statuses
    assert diff.bump == "major"


def test_recursive_schemas_end():
    node = {
        "type": "object",
        "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/N"}}},
    }
    old = _document(
        {
            "paths": {
                "/n": {
                    "get": {
                        "operationId": "getN",
                        "responses": {
                            "200": {
                                "description": "OK",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/N"}}},
                            }
                        },
                    }
                }
            },
            "components": {"schemas": {"N": node}},
        }
    )
    new = copy.deepcopy(old)
    new["components"]["schemas"]["N"]["properties"]["name"] = {"type": "string"}
    diff = diff_specs(old, new)
    assert _shown(diff.changes) == [("response-property-added", "getN", "#/components/schemas/N/properties/name")]
