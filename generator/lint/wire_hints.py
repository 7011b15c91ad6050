"""The wire hints: the extensions overrides/templates turn into Python names and types, each holding what they may."""

from __future__ import annotations

import keyword
import re

from generator.lint.findings import Finding, locate
from generator.spec_document import (
    Document,
    mappings,
)

WIRE_HINT_RULE = "wire-hint"
# Each hint the templates read, with what it may hold: the templates print these into code, so only these pass.
_TIMESTAMP_UNITS = ("epoch-milliseconds", "epoch-seconds")
_PYTHON_TYPES = ("int", "str")
_PYTHON_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_WIRE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def check_wire_hints(doc: Document) -> list[Finding]:
    """Check every `x-money`, `x-timestamp`, `x-python-*` and `x-wire-aliases` hint holds what the templates expect."""
    findings: list[Finding] = []
    for parts, schema in mappings(doc.data, ()):
        for key, value in schema.items():
            problem = _wire_hint_problem(key, value, schema)
            if problem:
                findings.append(locate(doc, (*parts, key), WIRE_HINT_RULE, problem))
    return findings


def _wire_hint_problem(key: str, value: object, schema: dict[str, object]) -> str | None:  # noqa: PLR0911 - one return per hint
    """Return what is wrong with one hint, or None (keys that are not hints are never wrong here)."""
    types = schema.get("type")
    type_names = set(types) if isinstance(types, list) else {types}
    if key == "x-money":
        return None if value is True and "number" in type_names else "x-money must be `true` on a `type: number` schema"
    if key == "x-timestamp":
        if value in _TIMESTAMP_UNITS and "integer" in type_names:
            return None
        return f"x-timestamp must be one of {', '.join(_TIMESTAMP_UNITS)} on a `type: integer` schema"
    if key == "x-python-type":
        return None if value in _PYTHON_TYPES else f"x-python-type must be one of {', '.join(_PYTHON_TYPES)}"
    if key == "x-python-name":
        if isinstance(value, str) and _PYTHON_NAME.fullmatch(value) and not keyword.iskeyword(value):
            return None
        return "x-python-name must be a snake_case Python identifier that is not a keyword"
    if key == "x-wire-aliases":
        if isinstance(value, list) and value and all(isinstance(v, str) and _WIRE_NAME.fullmatch(v) for v in value):
            return None
        return "x-wire-aliases must be a non-empty list of property names"
    if key.startswith("x-python"):
        return f"unknown hint {key!r}: the templates read x-python-name and x-python-type only"
    return None
