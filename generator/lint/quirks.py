"""The quirk catalogue, spec/quirks.yaml: its shape, unique ids, and every place it names exists in the spec."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jsonschema import Draft202012Validator

from generator.lint.findings import Finding, locate, parse, parts_of
from generator.problems import one_line
from generator.spec_document import (
    Document,
    mapping,
    operations,
    sequence,
    split_pointer,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


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


def check_quirks(spec: Document, quirks_path: Path) -> list[Finding]:
    """Check the quirk catalogue's shape, its unique ids, and that every operation and pointer it names exists."""
    quirks = parse(quirks_path)
    if isinstance(quirks, Finding):
        return [quirks]
    return [*_quirk_shape_findings(quirks), *_duplicate_quirk_findings(quirks), *_quirk_place_findings(spec, quirks)]


def _quirk_entries(quirks: Document) -> Iterator[tuple[int, dict[str, object]]]:
    """Yield each quirk mapping with its index in the list."""
    for index, quirk in enumerate(sequence(mapping(quirks.data).get("quirks"))):
        if isinstance(quirk, dict):
            yield index, quirk


def _quirk_shape_findings(quirks: Document) -> list[Finding]:
    """Validate the catalogue against QUIRKS_SCHEMA: unknown keys, missing keys, wrong types."""
    validator = Draft202012Validator(QUIRKS_SCHEMA)
    return [
        locate(quirks, parts_of(error.absolute_path), "quirk-schema", one_line(error.message))
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
            findings.append(locate(quirks, ("quirks", index, "id"), "quirk-id", message))
        else:
            first_use[quirk_id] = index
    return findings


def _quirk_place_findings(spec: Document, quirks: Document) -> list[Finding]:
    """Report every `where` entry naming an unknown operationId or a pointer that does not resolve."""
    operation_ids = {operation.get("operationId") for _, operation in operations(spec.data)}
    findings: list[Finding] = []
    for index, quirk in _quirk_entries(quirks):
        quirk_id = quirk.get("id")
        for place_index, place in enumerate(sequence(quirk.get("where"))):
            parts = ("quirks", index, "where", place_index)
            operation = mapping(place).get("operation")
            if isinstance(operation, str) and operation not in operation_ids:
                message = f"quirk {quirk_id!r}: no operation in {spec.path.name} has operationId {operation!r}"
                findings.append(locate(quirks, (*parts, "operation"), "quirk-operation", message))
            pointer = mapping(place).get("pointer")
            missing = spec.missing(split_pointer(pointer)) if isinstance(pointer, str) else None
            if missing:
                message = f"quirk {quirk_id!r}: pointer {pointer} does not resolve in {spec.path.name}: {missing}"
                findings.append(locate(quirks, (*parts, "pointer"), "quirk-pointer", message))
    return findings
