"""Every example against its schema: JSON Schema 2020-12, formats checked, `$ref`s resolved inside the spec."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from generator.lint.findings import Finding, inside, locate, parts_of
from generator.lint.structure import Example, Holder, holders
from generator.problems import one_line
from generator.spec_document import (
    Document,
    lookup,
    mapping,
    to_pointer,
)

if TYPE_CHECKING:
    from generator.spec_document import Parts

# The whole spec is registered as one JSON Schema resource under this URI, so `#/components/...` refs resolve.
SPEC_URI = "urn:iqm-finance-client:openapi"
EXAMPLE_RULE = "example-schema"


def check_examples(doc: Document) -> list[Finding]:
    """Validate every example against its schema (JSON Schema 2020-12, formats checked, refs resolved in the spec)."""
    registry: Registry[object] = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(doc.data))
    findings: list[Finding] = []
    for holder in holders(doc.data):
        if holder.examples:
            schema = {"$ref": f"{SPEC_URI}#{quote(to_pointer(holder.schema).removeprefix('#'), safe='/~')}"}
            validator = Draft202012Validator(
                schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
            )
            for example in holder.examples:
                findings.extend(_example_findings(doc, validator, holder, example))
    return findings


def _schema_label(data: object, parts: Parts) -> str:
    """Name a schema by the `$ref` it consists of, if so, else by its own pointer."""
    ref = mapping(lookup(data, parts)).get("$ref")
    return ref if isinstance(ref, str) else to_pointer(parts)


def _example_findings(
    doc: Document, validator: Draft202012Validator, holder: Holder, example: Example
) -> list[Finding]:
    """Report each way one example breaks its schema, at the failing place inside it."""
    try:
        errors = [best_match([error]) for error in validator.iter_errors(example.value)]
    except Unresolvable as error:
        message = f"cannot check the example: $ref {error.ref!r} in {to_pointer(holder.schema)} does not resolve"
        return [locate(doc, example.pointer, EXAMPLE_RULE, message)]
    used = "" if example.used_at == example.pointer else f", used by {to_pointer(example.used_at)}"
    schema = _schema_label(doc.data, holder.schema)
    return [
        locate(
            doc,
            example.pointer,
            EXAMPLE_RULE,
            f"at {inside(error.absolute_path)}: {one_line(error.message)} (schema {schema}{used})",
            line_at=(*example.pointer, *parts_of(error.absolute_path)),
        )
        for error in errors
    ]
