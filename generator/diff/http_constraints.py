"""The HTTP view of constraints: whether the set of values a schema accepts grows, shrinks, or cannot be told.

Bounds (`minimum`/`maximum` with their exclusive forms, in 3.0's boolean and 3.1's number spelling, as one bound
each), lengths and counts, `multipleOf`, `uniqueItems`, `pattern`, the formats that do not change the Python type,
and the 3.1 assertion keywords the client does not read (`prefixItems`, `if`/`then`/`else`, `dependentRequired`,
`dependentSchemas`, `patternProperties`, `propertyNames`, `unevaluatedProperties`, `contains`, `not`, ...). In a
request a constraint that accepts less is breaking, one that accepts more is not, and one whose direction cannot be
told (two unrelated patterns) is breaking too: the server may now refuse a value the old one accepted, and nothing
shows that it does not. In a response a constraint documents what the client reads: patch.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Literal

from generator.diff.changes import Rule
from generator.diff.document import is_python_format, json_text, show

if TYPE_CHECKING:
    from collections.abc import Iterator

    from generator.diff.document import Direction, Doc, Flat
    from generator.diff.http_walk import OperationWalk

REQUEST_CONSTRAINT_TIGHTENED = Rule(
    "request-constraint-tightened", "major", "the server may reject a value old clients send"
)
REQUEST_CONSTRAINT_RELAXED = Rule("request-constraint-relaxed", "minor", "the server accepts more values")
REQUEST_CONSTRAINT_CHANGED = Rule(
    "request-constraint-changed",
    "major",
    "a request constraint changed and whether it accepts less cannot be told (two unrelated patterns or formats): "
    "taken as breaking, since the server may refuse a value the old one accepted",
)
RESPONSE_CONSTRAINT_CHANGED = Rule(
    "response-constraint-changed", "patch", "a documented bound of a returned value changed"
)
RULES = (
    REQUEST_CONSTRAINT_TIGHTENED,
    REQUEST_CONSTRAINT_RELAXED,
    REQUEST_CONSTRAINT_CHANGED,
    RESPONSE_CONSTRAINT_CHANGED,
)

Verdict = Literal["tightened", "relaxed", "unknown"]
RULE_OF: dict[Verdict, Rule] = {
    "tightened": REQUEST_CONSTRAINT_TIGHTENED,
    "relaxed": REQUEST_CONSTRAINT_RELAXED,
    "unknown": REQUEST_CONSTRAINT_CHANGED,
}
# Keywords whose larger value accepts fewer values, and those whose larger value accepts more.
LOWER = ("minLength", "minItems", "minProperties", "minContains")
UPPER = ("maxLength", "maxItems", "maxProperties", "maxContains")
# Inclusive and exclusive bounds: (inclusive keyword, exclusive keyword, True when a larger value accepts fewer).
BOUNDS = (("minimum", "exclusiveMinimum", True), ("maximum", "exclusiveMaximum", False))
# 3.1 (and 2020-12) assertion keywords compared as a whole: added tightens, removed relaxes, changed is unknown.
ASSERTIONS = (
    "not",
    "if",
    "then",
    "else",
    "contains",
    "prefixItems",
    "dependentSchemas",
    "patternProperties",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
)
# Formats that accept every value of another: (narrower, wider).
WIDER_FORMATS = frozenset(
    {
        ("int32", "int64"),
        ("float", "double"),
        ("email", "idn-email"),
        ("hostname", "idn-hostname"),
        ("uri", "iri"),
        ("uri-reference", "iri-reference"),
        ("uri", "uri-reference"),
        ("iri", "iri-reference"),
    }
)
# Patterns that accept any string (a pattern is searched for, not matched whole).
UNIVERSAL_PATTERNS = frozenset({"", ".*", "^.*", ".*$", "^.*$", "[\\s\\S]*", "^[\\s\\S]*$", "(.*)", "^(.*)$"})

Found = tuple[str, Verdict, str, str]  # keyword, verdict, where, message


def compare_constraints(walk: OperationWalk, pair: tuple[Flat, Flat], direction: Direction, subject: str) -> None:
    """Report each constraint that changed: in a request by the direction of the accepted set, else as documentation."""
    old, new = pair
    for _keyword, verdict, where, message in constraint_changes(old, new, walk.old_doc, walk.new_doc, subject):
        if direction == "response":
            walk.emit(RESPONSE_CONSTRAINT_CHANGED, where, message)
        else:
            suffix = ": changed, direction unknown (taken as breaking)" if verdict == "unknown" else ""
            walk.emit(RULE_OF[verdict], where, message + suffix)


def constraint_changes(old: Flat, new: Flat, old_doc: Doc, new_doc: Doc, subject: str) -> Iterator[Found]:
    """Every constraint of two flattened schemas that differs, with the direction of its accepted set."""
    yield from _bounds(old, new, subject)
    for keyword in (*LOWER, *UPPER):
        before, after = old.keys.get(keyword), new.keys.get(keyword)
        if before != after:
            verdict = _numeric(before, after, larger_accepts_less=keyword in LOWER)
            yield keyword, verdict, _where(old, new, keyword), _message(keyword, subject, before, after)
    simple = (("multipleOf", _multiple), ("uniqueItems", _flag), ("pattern", _pattern), ("format", _format))
    for keyword, judge in simple:
        before, after = old.keys.get(keyword), new.keys.get(keyword)
        if before == after or (keyword == "format" and (is_python_format(before) or is_python_format(after))):
            continue  # unchanged, or a Python format, which is part of the type
        yield keyword, judge(before, after), _where(old, new, keyword), _message(keyword, subject, before, after)
    before, after = old.keys.get("dependentRequired"), new.keys.get("dependentRequired")
    if json_text(before) != json_text(after):
        where = _where(old, new, "dependentRequired")
        yield "dependentRequired", _dependent(before, after), where, f"dependentRequired of {subject} changed"
    for keyword in ASSERTIONS:
        before, after = old_doc.canonical(old.keys.get(keyword)), new_doc.canonical(new.keys.get(keyword))
        if json_text(before) == json_text(after):
            continue
        judged: Verdict = "tightened" if before is None else "relaxed" if after is None else "unknown"
        if keyword.startswith("unevaluated") and _is_open(before) and _is_open(after):
            continue
        if keyword.startswith("unevaluated"):
            judged = "relaxed" if _is_open(after) else "tightened" if _is_open(before) else judged
        state = "was added" if before is None else "was removed" if after is None else "changed"
        yield keyword, judged, _where(old, new, keyword), f"`{keyword}` of {subject} {state}"


def _bounds(old: Flat, new: Flat, subject: str) -> Iterator[Found]:
    """Compare the lower and the upper bound, each made of its inclusive and exclusive keyword."""
    for inclusive, exclusive, is_lower in BOUNDS:
        changed = [
            key for key in (inclusive, exclusive) if json_text(old.keys.get(key)) != json_text(new.keys.get(key))
        ]
        if not changed:
            continue
        before, after = _bound(old, inclusive, exclusive, is_lower), _bound(new, inclusive, exclusive, is_lower)
        if before is None and after is None:
            verdict: Verdict = "unknown"
        elif after is None:
            verdict = "relaxed"
        elif before is None:
            verdict = "tightened"
        elif before == after:
            continue  # the same bound spelled otherwise (3.0's boolean form and 3.1's number form)
        else:
            stronger = after[0] > before[0] if is_lower else after[0] < before[0]
            verdict = "tightened" if stronger or (after[0] == before[0] and after[1]) else "relaxed"
        key = changed[0]
        if len(changed) == 1:
            message = _message(key, subject, old.keys.get(key), new.keys.get(key))
        else:
            side = "lower" if is_lower else "upper"
            message = f"the {side} bound of {subject}: {_show_bound(before, is_lower)} → {_show_bound(after, is_lower)}"
        yield key, verdict, _where(old, new, key), message


def _bound(flat: Flat, inclusive: str, exclusive: str, is_lower: bool) -> tuple[Decimal, bool] | None:  # noqa: FBT001
    """Return the strongest bound a schema sets, as (value, exclusive); None for none (or not a number)."""
    found: list[tuple[Decimal, bool]] = []
    value = _number(flat.keys.get(inclusive))
    strict = flat.keys.get(exclusive)
    if value is not None:
        found.append((value, strict is True))  # 3.0: `exclusiveMinimum: true` beside `minimum`
    number = _number(strict)
    if number is not None:
        found.append((number, True))
    if not found:
        return None
    return max(found) if is_lower else min(found, key=lambda bound: (bound[0], not bound[1]))


def _show_bound(bound: tuple[Decimal, bool] | None, is_lower: bool) -> str:  # noqa: FBT001
    """Show a bound: `>= 1`, `< 10`, or none."""
    if bound is None:
        return "none"
    sign = (">" if is_lower else "<") + ("" if bound[1] else "=")
    return f"`{sign} {bound[0]}`"


def _number(value: object) -> Decimal | None:
    """Return a JSON number as a Decimal (exactly as written); None for anything else (booleans included)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:  # pragma: no cover - str() of a number is a number
        return None


def _numeric(before: object, after: object, *, larger_accepts_less: bool) -> Verdict:
    """Judge a length or count bound: added tightens, removed relaxes, a larger minimum (smaller maximum) tightens."""
    old, new = _number(before), _number(after)
    if new is None and after is None:
        return "relaxed"
    if old is None and before is None:
        return "tightened"
    if old is None or new is None:
        return "unknown"
    return "tightened" if (new > old) == larger_accepts_less else "relaxed"


def _multiple(before: object, after: object) -> Verdict:
    """multipleOf: the multiples of the new value include the old ones when the old value is a multiple of it."""
    old, new = _number(before), _number(after)
    if after is None:
        return "relaxed"
    if before is None:
        return "tightened"
    if old is None or new is None or new == 0:
        return "unknown"
    return "relaxed" if old % new == 0 else "tightened"


def _flag(_before: object, after: object) -> Verdict:
    """Judge a boolean assertion (uniqueItems): turned on tightens, turned off relaxes."""
    return "tightened" if after is True else "relaxed"


def _pattern(before: object, after: object) -> Verdict:
    """Judge a pattern: dropped or made universal relaxes, added tightens; its alternatives tell the rest."""
    if after is None or _universal(after):
        return "relaxed"
    if before is None or _universal(before):
        return "tightened"
    old, new = _alternatives(str(before)), _alternatives(str(after))
    if old is not None and new is not None:
        if old < new:
            return "relaxed"  # every old alternative is still accepted, and more
        if new < old:
            return "tightened"
    return "unknown"


def _universal(pattern: object) -> bool:
    """Whether a pattern accepts every string."""
    return isinstance(pattern, str) and pattern in UNIVERSAL_PATTERNS


def _alternatives(pattern: str) -> frozenset[str] | None:
    """Return the alternatives of an anchored pattern `^(a|b)$` or `^a$|^b$`; None for another shape."""
    body = pattern
    match = re.fullmatch(r"\^\((?:\?:)?(.*)\)\$", pattern)
    if match:
        body = match[1]
    parts: list[str] = []
    depth = 0
    current = ""
    escaped = False
    for char in body:
        if escaped:
            current += char
            escaped = False
            continue
        if char == "\\":
            escaped = True
            current += char
            continue
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    if not match:
        if not all(part.startswith("^") and part.endswith("$") for part in parts):
            return None
        parts = [part[1:-1] for part in parts]
    return frozenset(parts)


def _format(before: object, after: object) -> Verdict:
    """Judge a format that keeps the Python type: added tightens, removed relaxes, some are wider than others."""
    if after is None:
        return "relaxed"
    if before is None:
        return "tightened"
    if (before, after) in WIDER_FORMATS:
        return "relaxed"
    if (after, before) in WIDER_FORMATS:
        return "tightened"
    return "unknown"


def _dependent(before: object, after: object) -> Verdict:
    """dependentRequired: more (property, needs) pairs tighten, fewer relax."""
    old, new = _pairs(before), _pairs(after)
    if old <= new:
        return "tightened"
    if new <= old:
        return "relaxed"
    return "unknown"


def _pairs(value: object) -> frozenset[tuple[str, str]]:
    """Return the (property, property it needs) pairs of a dependentRequired."""
    if not isinstance(value, dict):
        return frozenset()
    return frozenset(
        (str(name), str(need)) for name, needs in value.items() if isinstance(needs, list) for need in needs
    )


def _is_open(value: object) -> bool:
    """Whether an unevaluated* keyword lets anything through (absent, true or the empty schema)."""
    return value is None or value is True or value == {}


def _where(old: Flat, new: Flat, keyword: str) -> str:
    """Where a keyword's change is: in the new schema, or in the old one when it was removed."""
    return new.at(keyword) if keyword in new.keys else old.at(keyword)


def _message(keyword: str, subject: str, before: object, after: object) -> str:
    """`keyword of subject: before → after`."""
    return f"{keyword} of {subject}: {show(before)} → {show(after)}"
