"""The HTTP view of 3.1 `webhooks`: the requests the API sends to a receiver, which the client generates nothing for.

Each webhook's operations are compared whole (refs resolved, documentation left out): added, removed or changed.
None of it reaches the generated client, so none of it is breaking for the wheel; a receiver's own parser may need
a change, which the report says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.diff.changes import Rule
from generator.diff.document import as_mapping, json_text
from generator.spec_document import HTTP_METHODS, pointer_join

if TYPE_CHECKING:
    from generator.diff.http_walk import Differ

WEBHOOK_ADDED = Rule("webhook-added", "minor", "the API documents another webhook")
WEBHOOK_REMOVED = Rule(
    "webhook-removed", "minor", "a webhook is no longer documented (the client generates nothing for it)"
)
WEBHOOK_CHANGED = Rule(
    "webhook-changed", "minor", "a webhook's operation changed (the client generates nothing for it)"
)
RULES = (WEBHOOK_ADDED, WEBHOOK_REMOVED, WEBHOOK_CHANGED)


def compare_webhooks(differ: Differ) -> None:
    """Report each webhook operation added, removed or changed."""
    old_hooks, new_hooks = as_mapping(differ.old.data.get("webhooks")), as_mapping(differ.new.data.get("webhooks"))
    for name in sorted({*old_hooks, *new_hooks}, key=str):
        base = pointer_join("/webhooks", name)
        old_item = differ.old.resolve(old_hooks.get(name), base)[0] if name in old_hooks else {}
        new_item = differ.new.resolve(new_hooks.get(name), base)[0] if name in new_hooks else {}
        for method in HTTP_METHODS:
            before, after = old_item.get(method), new_item.get(method)
            where = "#" + pointer_join(base, method)
            shown = f"webhook `{name}` (`{method.upper()}`)"
            if before is None and after is None:
                continue
            if before is None:
                differ.record(WEBHOOK_ADDED, None, where, f"{shown} was added")
            elif after is None:
                differ.record(WEBHOOK_REMOVED, None, where, f"{shown} was removed: receivers no longer get it")
            elif json_text(differ.old.canonical(before)) != json_text(differ.new.canonical(after)):
                differ.record(WEBHOOK_CHANGED, None, where, f"{shown} changed: a receiver's parser may need a change")
