"""The one error type of the toolkit's steps: what failed, in which file, and where in it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

# How many problems a failure prints: the first ones name the cause; hundreds would bury it.
SHOWN = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong, located: a file, a line when known, and a JSON pointer when the file is the spec."""

    file: str
    message: str
    line: int | None = None
    pointer: str | None = None
    column: int | None = None

    def __str__(self) -> str:
        """Show `file:line[:column]: pointer: message`, the shape editors and CI logs turn into links."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        where = where if self.column is None else f"{where}:{self.column}"
        what = self.message if self.pointer is None else f"{self.pointer}: {self.message}"
        return f"{where}: {what}"


class StepFailedError(Exception):
    """A step of generate, diff or build failed; `problems` say where to look."""

    def __init__(self, *, step: str, problems: Sequence[Problem]) -> None:
        """Keep the step's name and its located problems."""
        self.step = step
        self.problems = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        """One line for the step, then one line per problem."""
        lines = [f"step '{self.step}' failed:"]
        lines.extend(f"  {problem}" for problem in self.problems[:SHOWN])
        if len(self.problems) > SHOWN:
            lines.append(f"  ... and {len(self.problems) - SHOWN} more")
        return "\n".join(lines)


def one_line(text: str, limit: int = 400) -> str:
    """Collapse whitespace and cut very long text (validators quote whole documents) to one readable line."""
    line = " ".join(text.split())
    return line if len(line) <= limit else f"{line[: limit - 3]}..."


def describe(error: BaseException) -> str:
    """Format an exception as `Type: message` on one line."""
    return one_line(f"{type(error).__name__}: {error}")
