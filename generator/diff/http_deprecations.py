"""The HTTP view of dated deprecations: `deprecated: true`, its `x-sunset: YYYY-MM-DD` and `x-replaced-by`.

On an operation, a parameter or a property (a schema). The diff reports a part deprecated or no longer deprecated,
a sunset date or replacement that changed, and says of a deprecated part that was removed whether that came
before its sunset date (breaking for whoever still calls it: major all the same) or after it (removed as
announced: major too, as the removal of anything is, but announced).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from generator.diff.changes import Rule
from generator.diff.document import show
from generator.spec_document import pointer_join

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

SUNSET = "x-sunset"
REPLACED_BY = "x-replaced-by"
SUNSET_CHANGED = Rule(
    "sunset-changed", "patch", "the sunset date (or the replacement) announced for a deprecated part changed"
)
RULES = (SUNSET_CHANGED,)


def sunset_of(keys: Mapping[str, Any]) -> dt.date | None:
    """Return a part's sunset date (`x-sunset`, as text or as the date YAML read), or None."""
    value = keys.get(SUNSET)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def removal_note(keys: Mapping[str, Any], today: dt.date) -> str:
    """Say what a removed part's deprecation makes of its removal: '' for a part that was not deprecated."""
    if keys.get("deprecated") is not True:
        return ""
    sunset = sunset_of(keys)
    if sunset is None:
        return " (it was deprecated, with no sunset date)"
    if today < sunset:
        return f" before its sunset date {sunset.isoformat()}: breaking for callers still using it"
    return f": removed as announced (deprecated, sunset {sunset.isoformat()})"


def compare_deprecation(
    emit: Callable[[Rule, str, str], None],
    pair: tuple[Mapping[str, Any], Mapping[str, Any]],
    where: Callable[[str], str],
    label: str,
    rules: tuple[Rule, Rule],
) -> None:
    """Report a part deprecated (`rules[0]`) or no longer (`rules[1]`), and a sunset or replacement that changed."""
    old, new = pair
    was, now = old.get("deprecated") is True, new.get("deprecated") is True
    if was != now:
        state = "no longer deprecated"
        if now:
            state = "deprecated" + describe(new)
        emit(rules[0] if now else rules[1], where("deprecated"), f"{label} is {state}")
        return
    if not now:
        return
    for keyword in (SUNSET, REPLACED_BY):
        before, after = _text(old.get(keyword)), _text(new.get(keyword))
        if before != after:
            emit(SUNSET_CHANGED, where(keyword), f"{keyword} of deprecated {label}: {show(before)} → {show(after)}")


def describe(keys: Mapping[str, Any]) -> str:
    """Describe a deprecation: its sunset date and replacement, when it names them."""
    parts = []
    sunset = sunset_of(keys)
    if sunset is not None:
        parts.append(f"sunset {sunset.isoformat()}")
    if keys.get(REPLACED_BY):
        parts.append(f"replaced by `{keys[REPLACED_BY]}`")
    return f" ({', '.join(parts)})" if parts else ""


def _text(value: object) -> str | None:
    """Return a keyword's value as text (a YAML date as its ISO form), or None."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def at(base: str) -> Callable[[str], str]:
    """Return where a keyword of the node at `base` is."""
    return lambda keyword: pointer_join(base, keyword)
