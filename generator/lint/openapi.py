"""OpenAPI 3.1 validity (openapi-spec-validator, through generator.openapi_validation) and unique operationIds."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from generator.lint.findings import Finding, locate
from generator.openapi_validation import validate
from generator.spec_document import (
    Document,
    operations,
    to_pointer,
)

if TYPE_CHECKING:
    from generator.spec_document import Parts

OPENAPI_RULE = "openapi-spec-validator"
OPERATION_ID_RULE = "operation-id"


def check_openapi(doc: Document) -> list[Finding]:
    """Validate the spec as OpenAPI 3.1 with openapi-spec-validator; each error is a finding at its place."""
    line = functools.partial(doc.line, follow_refs=False)
    return [locate(doc, problem.parts, OPENAPI_RULE, problem.message) for problem in validate(doc.data, line=line)]


def check_operation_ids(doc: Document) -> list[Finding]:
    """Report operations lacking an operationId or sharing one: the client's function names come from them."""
    findings: list[Finding] = []
    first_use: dict[str, Parts] = {}
    for parts, operation in operations(doc.data):
        operation_id = operation.get("operationId")
        if not isinstance(operation_id, str) or not operation_id:
            message = "the operation has no operationId; the client's function names come from operationIds"
            findings.append(locate(doc, parts, OPERATION_ID_RULE, message))
        elif operation_id in first_use:
            message = f"operationId {operation_id!r} is also used by {to_pointer(first_use[operation_id])}"
            findings.append(locate(doc, (*parts, "operationId"), OPERATION_ID_RULE, message))
        else:
            first_use[operation_id] = parts
    return findings
