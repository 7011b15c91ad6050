"""Lint spec/openapi.yaml and spec/quirks.yaml, returning findings as values instead of raising.

One module per check:

1. `openapi`: openapi-spec-validator (OpenAPI 3.1; `$ref` cycles first), and every operation has a unique operationId;
2. `wire_hints`: every `x-money`, `x-timestamp`, `x-python-*` and `x-wire-aliases` holds what the templates expect;
3. `redocly`: the Redocly CLI with redocly.yaml;
4. `examples`: every example against its schema (JSON Schema 2020-12, `$ref`s resolved inside the spec);
5. `models`: datamodel-code-generator's pydantic v2 models of every body, which must accept its examples;
6. `quirks`: the quirk catalogue's shape, unique ids, and every place it names exists in the spec;
7. `deprecations`: every `x-sunset` is a `YYYY-MM-DD` date and every `x-replaced-by` a name, each beside
   `deprecated: true`.

Only a file that does not parse stops the rest. Redocly stops at a `$ref` cycle without a report, so it waits for
the cycle to be fixed. Checks 4 and 5 read every schema as valid JSON Schema, which the
third-party validators they drive need (on `type: 123` they raise, and on a `$ref` cycle they recurse forever): they
run once check 1 finds the document valid, and `Lint.skipped` says when they did not.

Every finding names the file, the line and (where known) the JSON pointer, and the rule
(generator.spec_document places them, as it does for generate and diff).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.lint.deprecations import DEPRECATION_RULE, check_deprecations
from generator.lint.examples import EXAMPLE_RULE, check_examples
from generator.lint.findings import YAML_RULE, Finding, parse
from generator.lint.models import MODEL_RULE, check_models, without_python_hints
from generator.lint.openapi import OPENAPI_RULE, OPERATION_ID_RULE, check_openapi, check_operation_ids
from generator.lint.quirks import QUIRKS_SCHEMA, check_quirks
from generator.lint.redocly import check_redocly
from generator.lint.wire_hints import WIRE_HINT_RULE, check_wire_hints
from generator.openapi_validation import ref_cycles
from generator.spec_document import Document, split_pointer, to_pointer

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "DEPRECATION_RULE",
    "EXAMPLE_RULE",
    "MODEL_RULE",
    "OPENAPI_RULE",
    "OPERATION_ID_RULE",
    "QUIRKS_SCHEMA",
    "WIRE_HINT_RULE",
    "YAML_RULE",
    "Document",
    "Finding",
    "Lint",
    "check_deprecations",
    "check_examples",
    "check_models",
    "check_openapi",
    "check_operation_ids",
    "check_quirks",
    "check_redocly",
    "check_wire_hints",
    "lint",
    "parse",
    "run",
    "split_pointer",
    "to_pointer",
    "without_python_hints",
]


@dataclass(frozen=True)
class Lint:
    """What one lint found, and which checks it did not run (and why)."""

    findings: list[Finding]
    skipped: list[str] = field(default_factory=list)


def run(spec: Path, quirks: Path) -> Lint:
    """Run every check that can run on the spec and the quirk catalogue."""
    document = parse(spec)
    if isinstance(document, Finding):
        return Lint([document], ["every other check: the spec does not parse"])
    if not isinstance(document.data, dict):
        finding = Finding(spec, 1, None, YAML_RULE, "the top level of an OpenAPI document must be a mapping")
        return Lint([finding], ["every other check: the spec is not a mapping"])
    openapi = check_openapi(document)
    findings = [*openapi, *check_operation_ids(document), *check_wire_hints(document), *check_deprecations(document)]
    skipped: list[str] = []
    if ref_cycles(document.data):
        skipped.append("Redocly: it stops at a $ref cycle without a report, so fix the cycle first")
    else:
        findings.extend(check_redocly(document))
    if openapi:
        skipped.append(
            "examples and models: they need a valid OpenAPI document, so fix the openapi-spec-validator findings first"
        )
    else:
        findings.extend([*check_examples(document), *check_models(document)])
    findings.extend(check_quirks(document, quirks))
    return Lint(findings, skipped)


def lint(spec: Path, quirks: Path) -> list[Finding]:
    """Run every check on the spec and the quirk catalogue; return all findings (none means clean)."""
    return run(spec, quirks).findings
