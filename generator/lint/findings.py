"""What a lint check returns: located findings, and the small text helpers that word them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator import spec_document
from generator.spec_document import Document, to_pointer

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable, Sequence
    from pathlib import Path

    from generator.spec_document import Part, Parts

YAML_RULE = "yaml"


@dataclass(frozen=True)
class Finding:
    """One problem: the file, the place in it (line and/or JSON pointer), the rule that found it, and what is wrong."""

    file: Path
    line: int | None
    pointer: str | None
    rule: str
    message: str

    @property
    def where(self) -> str:
        """The place as `openapi.yaml:123 #/paths/...`, with whichever of line and pointer is known."""
        place = self.file.name if self.line is None else f"{self.file.name}:{self.line}"
        return f"{place} {self.pointer}" if self.pointer else place

    def __str__(self) -> str:
        """One line, `file:line: [rule] pointer: message`, which editors and CI logs link to the place."""
        place = str(self.file) if self.line is None else f"{self.file}:{self.line}"
        pointer = f" {self.pointer}:" if self.pointer else ""
        return f"{place}: [{self.rule}]{pointer} {' '.join(self.message.split())}"


def parse(path: Path) -> Document | Finding:
    """Read and parse one YAML file; a file that cannot be read or parsed gives one finding with the line."""
    try:
        return spec_document.read(path)
    except spec_document.UnreadableError as error:
        return Finding(path, error.line, None, YAML_RULE, error.reason)


def locate(
    doc: Document, parts: Sequence[Part], rule: str, message: str, *, line_at: Sequence[Part] | None = None
) -> Finding:
    """Make a finding at the pointer `parts`, its line taken from `line_at` when a deeper place is known."""
    return Finding(doc.path, doc.line(parts if line_at is None else line_at), to_pointer(parts), rule, message)


def parts_of(path: Iterable[Hashable]) -> Parts:
    """Convert a tool's path (a deque, tuple or list of keys and indexes) to pointer parts."""
    return tuple(part if isinstance(part, int) else str(part) for part in path)


def inside(path: Iterable[Hashable]) -> str:
    """Format a place inside an example as a JSON pointer without `#`, or 'the top level'."""
    return to_pointer(parts_of(path)).removeprefix("#") or "the top level"
