"""The HTTP view of security: the requirements an operation accepts, and the schemes they use."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from generator.diff.changes import Rule
from generator.diff.document import Doc, Operation, as_list
from generator.diff.http_walk import DESCRIPTION_CHANGED
from generator.spec_document import pointer_join

if TYPE_CHECKING:
    from generator.diff.http_walk import OperationWalk

SECURITY_REQUIREMENT_ADDED = Rule("security-requirement-added", "minor", "another way to authenticate is accepted")
SECURITY_REQUIREMENT_REMOVED = Rule(
    "security-requirement-removed", "major", "a way of authenticating old clients use is refused"
)
SECURITY_REQUIREMENT_RELAXED = Rule(
    "security-requirement-relaxed",
    "minor",
    "a requirement is dropped and an easier one accepted: every old call still succeeds",
)
SECURITY_SCHEME_CHANGED = Rule("security-scheme-changed", "major", "a security scheme is sent differently")
RULES = (
    SECURITY_REQUIREMENT_ADDED,
    SECURITY_REQUIREMENT_REMOVED,
    SECURITY_REQUIREMENT_RELAXED,
    SECURITY_SCHEME_CHANGED,
)


def compare_security(walk: OperationWalk) -> None:
    """Security requirements (alternatives) added or removed, and changes of the schemes they use."""
    old_alternatives, _ = _security(walk.old_doc, walk.old)
    new_alternatives, at = _security(walk.new_doc, walk.new)
    for alternative in sorted(old_alternatives - new_alternatives, key=_show_requirement):
        easier = next(
            (new for new in sorted(new_alternatives, key=_show_requirement) if _meets(alternative, new)), None
        )
        if easier is None:
            message = f"security requirement {_show_requirement(alternative)} is no longer accepted"
            walk.emit(SECURITY_REQUIREMENT_REMOVED, at, message)
        else:
            # Whoever met the old requirement meets the new one: every old call still succeeds.
            shown = _show_requirement(easier)
            message = f"security requirement {_show_requirement(alternative)} is dropped: {shown} is enough"
            walk.emit(SECURITY_REQUIREMENT_RELAXED, at, message)
    for alternative in sorted(new_alternatives - old_alternatives, key=_show_requirement):
        message = f"security requirement {_show_requirement(alternative)} is now accepted"
        walk.emit(SECURITY_REQUIREMENT_ADDED, at, message)
    used = {scheme for alternative in old_alternatives & new_alternatives for scheme, _ in alternative}
    for scheme in sorted(used):
        where = pointer_join("/components/securitySchemes", scheme)
        old = walk.old_doc.resolve(walk.old_doc.lookup(where), where)[0]
        new = walk.new_doc.resolve(walk.new_doc.lookup(where), where)[0]
        if walk.old_doc.canonical(old) != walk.new_doc.canonical(new):
            walk.emit(SECURITY_SCHEME_CHANGED, where, f"security scheme `{scheme}` is sent differently")
        elif old.get("description") != new.get("description"):
            message = f"the description of security scheme `{scheme}` changed"
            walk.emit(DESCRIPTION_CHANGED, pointer_join(where, "description"), message)


Alternative = frozenset[tuple[str, tuple[str, ...]]]


def _security(doc: Doc, op: Operation) -> tuple[frozenset[Alternative], str]:
    """Return an operation's security as a set of alternatives, each a set of (scheme, scopes); `[]` is anonymous."""
    if "security" in op.node:
        requirements, at = as_list(op.node.get("security")), pointer_join(op.pointer, "security")
    else:
        requirements, at = as_list(doc.data.get("security")), "/security"
    alternatives = frozenset(
        frozenset((str(scheme), tuple(sorted(map(str, as_list(scopes))))) for scheme, scopes in requirement.items())
        for requirement in requirements
        if isinstance(requirement, Mapping)
    )
    return alternatives or frozenset({frozenset()}), at


def _meets(old: Alternative, new: Alternative) -> bool:
    """Whether a client meeting `old` meets `new` too: each scheme of `new` is in `old`, with no other scopes."""
    held = {scheme: set(scopes) for scheme, scopes in old}
    return all(scheme in held and set(scopes) <= held[scheme] for scheme, scopes in new)


def _show_requirement(alternative: Alternative) -> str:
    """Show one security alternative as `A + B (scope, scope)`, or `none` for anonymous access."""
    shown = (f"`{scheme}`" + (f" ({', '.join(scopes)})" if scopes else "") for scheme, scopes in sorted(alternative))
    return " + ".join(shown) or "none (anonymous)"
