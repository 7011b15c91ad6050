"""Dated deprecations: every `x-sunset` is a calendar date `YYYY-MM-DD` with `deprecated: true` beside it.

On an operation, a parameter or a property (any schema). `x-replaced-by` names the replacement the generated
client's DeprecationWarning points to: a non-empty string, on a deprecated part too. The diff reads both
(generator/diff/http_deprecations.py) and the templates print them into the warning.
"""

from __future__ import annotations

import datetime as dt
import re

from generator.lint.findings import Finding, locate
from generator.spec_document import Document, mappings

DEPRECATION_RULE = "deprecation"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def check_deprecations(doc: Document) -> list[Finding]:
    """Check every `x-sunset` and `x-replaced-by`: their values, and the `deprecated: true` they need beside them."""
    findings: list[Finding] = []
    for parts, node in mappings(doc.data, ()):
        for key in ("x-sunset", "x-replaced-by"):
            if key not in node:
                continue
            problem = _problem(key, node[key])
            if problem:
                findings.append(locate(doc, (*parts, key), DEPRECATION_RULE, problem))
            elif node.get("deprecated") is not True:
                message = (
                    f"{key} needs `deprecated: true` beside it: only a deprecated part has a sunset or replacement"
                )
                findings.append(locate(doc, (*parts, key), DEPRECATION_RULE, message))
    return findings


def _problem(key: str, value: object) -> str | None:
    """Say what is wrong with one value, or None."""
    if key == "x-replaced-by":
        return (
            None if isinstance(value, str) and value.strip() else "x-replaced-by must name the replacement (a string)"
        )
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return f"x-sunset must be a date as YYYY-MM-DD, not {value!r}"
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return f"x-sunset {value!r} is not a calendar date"
    return None
