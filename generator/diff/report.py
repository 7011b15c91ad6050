"""The diff's reports: Markdown for a pull-request comment, JSON for tools, and the version verdict.

Pure: each function takes a `SpecDiff` and returns text or a value; only `__main__` prints and exits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.diff.bump import KINDS, check_version

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from generator.diff.changes import Change, SpecDiff

SECTIONS = (
    ("major", "Breaking changes"),
    ("minor", "Non-breaking changes"),
    ("patch", "Documentation and internal changes"),
)
VERDICTS = {
    "major": "breaking: the wheel needs a new major version",
    "minor": "compatible additions: the wheel needs a new minor version",
    "patch": "documentation or internal code only: the wheel needs a new patch version",
    "none": "no change to the API or to the Python client",
}
# An operation group with more operations than this is headed by their operationIds alone.
SPELLED_OUT = 3


@dataclass(frozen=True)
class ViewRun:
    """Whether one view of the diff (http, python) ran, why not when it did not, and what it compared."""

    ran: bool
    reason: str | None = None
    details: tuple[tuple[str, str], ...] = ()

    def as_json(self) -> dict[str, object]:
        """Return the view as the JSON report carries it: `ran`, and `reason` or what it compared."""
        document: dict[str, object] = {"ran": self.ran}
        if self.reason is not None:
            document["reason"] = self.reason
        document.update(self.details)
        return document


def to_json(diff: SpecDiff, views: Mapping[str, ViewRun] | None = None, notes: Sequence[str] = ()) -> str:
    """Render the diff as `{"bump", "changes": [{id, breaking, operation, where, message}], "views", "notes"}`."""
    document: dict[str, object] = {"bump": diff.bump, "changes": [change.as_json() for change in diff.changes]}
    if views is not None:
        document["views"] = {name: view.as_json() for name, view in views.items()}
        document["notes"] = list(notes)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_markdown(diff: SpecDiff, *, old: str, new: str, notes: Sequence[str] = ()) -> str:
    """Render the diff for a pull-request comment: a verdict line, then breaking changes first, by operation."""
    counts = {level: sum(change.level == level for change in diff.changes) for level in KINDS}
    tally = ", ".join(f"{counts[level]} {kind}" for level, kind in KINDS.items() if counts[level])
    verdict = f"**API diff: {diff.bump}**: {VERDICTS[diff.bump]}"
    plural = "" if len(diff.changes) == 1 else "s"
    lines = [f"{verdict} ({tally} change{plural})." if tally else f"{verdict}.", ""]
    lines.append(f"From `{old}` to `{new}`. {check_version(diff).message}")
    lines.extend(f"\n> {note}" for note in notes)
    for level, title in SECTIONS:
        changes = [change for change in diff.changes if change.level == level]
        if changes:
            lines.extend(["", f"### {title}", *_http_groups(changes), *_python_list(changes)])
    return "\n".join(lines).rstrip("\n") + "\n"


def _http_groups(changes: Sequence[Change]) -> list[str]:
    """List the HTTP changes of one section by the operations they reach: one bullet per change, however many."""
    reach: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        if change.view == "http":
            reach.setdefault((change.id, change.message), []).append(change)
    groups: dict[tuple[str, ...], list[str]] = {}
    for (rule, message), reached in reach.items():
        heading = tuple(dict.fromkeys(_operation_name(change) for change in reached))
        places = list(dict.fromkeys(change.where for change in reached))
        # The same change at each operation's own place (a status removed from each) is one bullet too.
        where = f"`{places[0]}`" + (f" and {len(places) - 1} more" if len(places) > 1 else "")
        groups.setdefault(heading, []).append(f"- `{rule}`: {message} ({where})")
    lines: list[str] = []
    for heading, bullets in groups.items():
        lines.extend(["", f"#### {_heading(heading)}", "", *bullets])
    return lines


def _python_list(changes: Sequence[Change]) -> list[str]:
    """List the Python API changes of one section, as one list naming the operation each reaches."""
    bullets = [
        f"- `{change.id}`: {change.message}" + (f" (`{change.operation}`)" if change.operation else "")
        for change in changes
        if change.view == "python"
    ]
    return ["", "#### Python API of `iqm_finance_client`", "", *bullets] if bullets else []


def _operation_name(change: Change) -> str:
    """Name the operation a change reaches: `METHOD /path` (`operationId`), or the whole API."""
    if change.operation is None:
        return "The whole API"
    if change.endpoint and change.endpoint != change.operation:
        return f"`{change.endpoint}` (`{change.operation}`)"
    return f"`{change.operation}`"


def _heading(operations: tuple[str, ...]) -> str:
    """Head a group of operations: spelled out when few, by operationId when many."""
    if len(operations) <= SPELLED_OUT:
        return ", ".join(operations)
    names = [name.rpartition("(")[2].rstrip(")") if "(" in name else name for name in operations]
    return f"{len(operations)} operations: {', '.join(names)}"
