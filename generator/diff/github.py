"""GitHub Actions annotations of a diff: `::error file=spec/openapi.yaml,line=N::...` at each breaking change in NEW.

A breaking change is an error and a compatible one a notice, each at the line in NEW of the place it names (for
what was removed, the nearest place NEW still has: the operation, the properties it was among). A change of the
Python view is placed at its operation in NEW, when it reaches one. Documentation-only changes are left out.
Pure: `to_github` returns the text the workflow prints; GitHub turns each line into an annotation on the diff.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.spec_document import HTTP_METHODS, pointer_join

if TYPE_CHECKING:
    from collections.abc import Mapping

    from generator.diff.changes import Change, SpecDiff
    from generator.spec_index import SpecIndex

COMMANDS = {"major": "error", "minor": "notice"}


def to_github(diff: SpecDiff, new: SpecIndex | None, file: str) -> str:
    """Return one workflow command per breaking or compatible change, at its line in NEW (`file` as the repo has it)."""
    operations = _operation_pointers(new.data) if new is not None else {}
    lines = []
    for change in diff.changes:
        command = COMMANDS.get(change.level)
        if command is None:
            continue
        line = _line(change, new, operations)
        place = f"file={_property(file)}" + (f",line={line}" if line is not None else "")
        title = f"{change.id} ({'breaking' if change.breaking else 'compatible'})"
        subject = (
            f"{change.endpoint} ({change.operation})" if change.endpoint and change.operation else change.operation
        )
        text = f"{subject}: {change.message}" if subject else change.message
        lines.append(f"::{command} {place},title={_property(title)}::{_data(text)}")
    return "".join(line + "\n" for line in lines)


def annotation_file(label: str, *, from_git: bool) -> str:
    """Return the path a spec's annotations name: `REF:path` (read from git) is `path`; `./x` is `x`."""
    path = label.partition(":")[2] if from_git else label
    return path.removeprefix("./")


def _line(change: Change, new: SpecIndex | None, operations: Mapping[str, str]) -> int | None:
    """Return the line in NEW of a change: its pointer's (or nearest ancestor's), or its operation's."""
    if new is None:
        return None
    if change.where.startswith("#/"):
        return new.line_of(change.where[1:])
    if change.operation is not None and change.operation in operations:
        return new.line_of(operations[change.operation])
    return None


def _operation_pointers(data: Mapping[str, object]) -> dict[str, str]:
    """Map each operationId of a document to the pointer of its operation."""
    found: dict[str, str] = {}
    paths = data.get("paths")
    for path, item in paths.items() if isinstance(paths, dict) else ():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if isinstance(operation, dict) and operation.get("operationId"):
                found[str(operation["operationId"])] = pointer_join(pointer_join("/paths", path), method)
    return found


def _data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a workflow command's property value."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
