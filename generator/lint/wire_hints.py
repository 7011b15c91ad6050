"""The wire hints: each `x-` key the templates turn into Python names and types holds what wire_hints allows."""

from __future__ import annotations

from generator import wire_hints
from generator.lint.findings import Finding, locate
from generator.spec_document import (
    Document,
    mappings,
)

WIRE_HINT_RULE = "wire-hint"


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
    if key in wire_hints.KIND_HINTS:
        types = schema.get("type")
        type_names = set(types) if isinstance(types, list) else {types}
        for kind in wire_hints.KINDS:
            if kind.selected_by(key, value) and (kind.schema_type is None or kind.schema_type in type_names):
                return None
        return wire_hints.hint_requirement(key)
    if key == wire_hints.PYTHON_NAME_HINT:
        if wire_hints.is_python_name(value):
            return None
        return f"{key} must be a snake_case Python identifier that is not a keyword"
    if key == wire_hints.WIRE_ALIASES_HINT:
        return None if wire_hints.is_wire_aliases(value) else f"{key} must be a non-empty list of property names"
    if key.startswith("x-python"):
        known = sorted(hint for hint in (*wire_hints.KIND_HINTS, wire_hints.PYTHON_NAME_HINT) if "x-python" in hint)
        return f"unknown hint {key!r}: the templates read {' and '.join(known)} only"
    return None
