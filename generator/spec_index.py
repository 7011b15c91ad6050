"""The spec as openapi-python-client loads it, with a map from JSON pointers to lines so every error names its place.

The pointers and lines are generator.spec_document's, which lint uses too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from generator.problems import Problem, StepFailedError, one_line
from generator.spec_document import UnreadableError, check_depth, check_size, node_lines, pointer_join, read_bounded

if TYPE_CHECKING:
    from pathlib import Path


@dataclass(frozen=True)
class SpecIndex:
    """The loaded spec (`data`, as openapi-python-client loads it) and the line of every node in it."""

    file: str
    data: dict[str, Any]
    lines: Mapping[str, int]

    def line_of(self, pointer: str) -> int | None:
        """Return the line of the node at `pointer`, or of its nearest ancestor that exists."""
        while True:
            if pointer in self.lines:
                return self.lines[pointer]
            if not pointer:
                return None
            pointer = pointer.rpartition("/")[0]

    def problem(self, pointer: str, message: str) -> Problem:
        """Make a problem at `pointer` in this spec, with its line."""
        return Problem(file=self.file, line=self.line_of(pointer), pointer="#" + pointer, message=message)

    def pointer_for(self, location: Sequence[object]) -> str:
        """Follow a pydantic error location through the document, skipping segments naming no node (union members)."""
        pointer = ""
        for segment in location:
            candidate = pointer_join(pointer, segment)
            if candidate in self.lines:
                pointer = candidate
        return pointer

    def find(self, subtree: object, under: str = "") -> str | None:
        """Find the first pointer (in document order) below `under` whose node equals `subtree`."""
        for pointer, node in _walk(self.data, ""):
            if pointer.startswith(under) and node == subtree:
                return pointer
        return None


def _walk(node: object, pointer: str) -> Iterator[tuple[str, object]]:
    """Every (pointer, node) of a loaded document, parents first, in document order."""
    yield pointer, node
    if isinstance(node, Mapping):
        for key, value in node.items():
            yield from _walk(value, pointer_join(pointer, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, pointer_join(pointer, index))


def load(path: Path, shown_as: str) -> SpecIndex:
    """Load the spec the way openapi-python-client does (ruamel, YAML 1.2) and index its lines (PyYAML's composer)."""
    try:
        text = read_bounded(path).decode("utf-8")
    except UnreadableError as error:
        raise _unreadable(shown_as, error) from None
    except (OSError, UnicodeDecodeError) as error:
        raise StepFailedError(
            step="validate", problems=[Problem(file=shown_as, message=f"cannot read the spec: {error}")]
        ) from None
    return parse(text, shown_as)


def parse(text: str, shown_as: str) -> SpecIndex:
    """Parse spec text (a file's, or `git show`'s) as `load` does; `shown_as` names it in problems."""
    try:
        return _parse(text, shown_as)
    except RecursionError:
        # The YAML parsers and this walk recurse: some hundreds of levels exhaust the stack; no spec nests so deep.
        problem = Problem(file=shown_as, line=1, message="not valid YAML: the document nests too deeply to read")
        raise StepFailedError(step="validate", problems=[problem]) from None


def _parse(text: str, shown_as: str) -> SpecIndex:
    """Parse as `parse` does, letting a RecursionError through."""
    try:
        check_size(len(text.encode()))
        check_depth(text)
    except UnreadableError as error:
        raise _unreadable(shown_as, error) from None
    try:
        data = YAML(typ="safe").load(text)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        column = None if mark is None else mark.column + 1
        # A marked error says what is wrong (problem) and what it was reading (context); the rest repeats the mark.
        parts = [getattr(error, "context", None), getattr(error, "problem", None)]
        reason = "; ".join(str(part) for part in parts if part) or one_line(str(error))
        problem = Problem(file=shown_as, line=line, column=column, message=f"not valid YAML: {reason}")
        raise StepFailedError(step="validate", problems=[problem]) from None
    if not isinstance(data, dict):
        problem = Problem(file=shown_as, line=1, message="the spec is not a YAML mapping")
        raise StepFailedError(step="validate", problems=[problem])
    data = _string_keys(data)
    lines: dict[str, int] = {"": 1}
    try:
        # The C parser when PyYAML has it: 0.02 s for this spec against 0.24 s, with the same marks.
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        root = None  # ruamel accepted what PyYAML (YAML 1.1) does not: keep the data, lose the line numbers
    if root is not None:
        node_lines(root, "", lines)
    return SpecIndex(file=shown_as, data=data, lines=lines)


def _string_keys(node: Any) -> Any:  # noqa: ANN401 -- any YAML value
    """Read integer keys as the JSON text they stand for (`200:` is `'200':`, as the OpenAPI tools read it)."""
    if isinstance(node, dict):
        return {
            (str(key) if isinstance(key, int) and not isinstance(key, bool) else key): _string_keys(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_string_keys(item) for item in node]
    return node


def _unreadable(shown_as: str, error: UnreadableError) -> StepFailedError:
    """Say why a spec is not read (too large, too deep), as the validate step's failure."""
    return StepFailedError(step="validate", problems=[Problem(file=shown_as, line=error.line, message=error.reason)])
