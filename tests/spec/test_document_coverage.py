"""The spec holds every operation and every JSON sample of the Finance API documentation."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "spec" / "finance-api-documentation.txt"
SPEC = ROOT / "spec" / "openapi.yaml"
QUIRKS = ROOT / "spec" / "quirks.yaml"
OPERATION_LINE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (/\S+)$")
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def _document_lines() -> list[str]:
    return DOCUMENT.read_text(encoding="utf-8").split("\n")


def _document_samples() -> list[tuple[int, Any]]:
    """Every top-level JSON sample of the document, with the 1-based line it starts on."""
    lines = _document_lines()
    samples: list[tuple[int, Any]] = []
    index = 0
    while index < len(lines):
        if lines[index] != "{":
            index += 1
            continue
        depth, end = 0, index
        while True:
            depth += lines[end].count("{") - lines[end].count("}")
            if depth == 0:
                break
            end += 1
        samples.append((index + 1, json.loads("\n".join(lines[index : end + 1]))))
        index = end + 1
    return samples


def _spec_examples(spec: dict[str, Any]) -> list[Any]:
    """Every example value attached to a request body or response of the spec."""
    examples: list[Any] = []
    for item in spec["paths"].values():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            bodies = [operation.get("requestBody", {}), *operation["responses"].values()]
            for body in bodies:
                for media in body.get("content", {}).values():
                    if "example" in media:
                        examples.append(media["example"])
                    examples.extend(example["value"] for example in media.get("examples", {}).values())
    return examples


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    """The parsed canonical spec."""
    loaded: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return loaded


def test_every_documented_operation_is_in_the_spec(spec: dict[str, Any]) -> None:
    documented = set()
    for line in _document_lines():
        match = OPERATION_LINE.match(line)
        if match:
            # Path parameter names do not reach the wire: compare templates by shape.
            documented.add((match[1].lower(), re.sub(r"\{[^}]+\}", "{}", match[2])))
    in_spec = {
        (method, re.sub(r"\{[^}]+\}", "{}", path))
        for path, item in spec["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }
    assert len(documented) == 44
    assert in_spec == documented


def test_operation_ids_are_unique_camel_case_with_one_tag(spec: dict[str, Any]) -> None:
    operations = [op for item in spec["paths"].values() for method, op in item.items() if method in HTTP_METHODS]
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids)) == 44
    assert all(re.fullmatch(r"[a-z][a-zA-Z0-9]*", op_id) for op_id in ids)
    declared_tags = {tag["name"] for tag in spec["tags"]}
    assert all(len(op["tags"]) == 1 and op["tags"][0] in declared_tags for op in operations)


def test_every_document_sample_is_an_example_unchanged(spec: dict[str, Any]) -> None:
    samples = _document_samples()
    examples = _spec_examples(spec)
    assert len(samples) == 59
    missing = [line for line, sample in samples if sample not in examples]
    assert missing == [], f"samples starting on these document lines are not in the spec: {missing}"
    assert len(examples) == 59, "every example comes from the document, once"


def test_quirk_sources_point_at_document_lines() -> None:
    lines = _document_lines()
    quirks = yaml.safe_load(QUIRKS.read_text(encoding="utf-8"))["quirks"]
    for quirk in quirks:
        for line in quirk["source"]:
            assert 1 <= line <= len(lines), f"{quirk['id']}: line {line} is outside the document"
            assert lines[line - 1].strip(), f"{quirk['id']}: line {line} of the document is blank"
