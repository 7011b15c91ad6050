"""What a change does to the Python API of the generated client: what a downstream `import` feels.

`api_diff` gets each side's package (python_packages: the committed `generated/` of a commit, or a render of its
spec with this checkout's generator), reads each package's public surface with `ast` (surface), and classifies the
differences (python_compare). So a change to `overrides/` alone is seen whenever one side is a commit's committed
package. Problems come back as values (`ApiDiff.problems`), never as exceptions.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diff.changes import Change, version_of
from generator.diff.python_compare import compare, covers
from generator.diff.python_packages import SpecText, code_changes, operations_of, package_of, short, unversioned
from generator.diff.surface import surface
from generator.steps import quiet

if TYPE_CHECKING:
    from generator.layout import Layout
    from generator.problems import Problem
    from generator.steps import Reporter

# The view's entry points, with the pieces of its two halves its callers name.
__all__ = ["ApiDiff", "SpecText", "api_diff", "code_changes", "compare", "covers", "short"]


@dataclass(frozen=True)
class ApiDiff:
    """The Python API changes between two packages, or the located problems that kept them from being compared."""

    changes: tuple[Change, ...] = ()
    problems: tuple[Problem, ...] = ()


def api_diff(layout: Layout, old: SpecText, new: SpecText, report: Reporter = quiet) -> ApiDiff:
    """Get both sides' packages (committed, or rendered with this checkout's generator) and compare their surfaces.

    When the surfaces agree and so do the specs, the packages' files are compared too: a change to overrides/ or
    the generator that changes no public name (a fix, a speed-up) still changes the wheel, which needs a patch.
    """
    packages: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="iqm-api-diff-") as work:
        for name, side in (("old", old), ("new", new)):
            found = package_of(layout, side, Path(work), name, report)
            if not isinstance(found, Path):
                return ApiDiff(problems=found)
            packages.append(found)
        changes = compare(surface(packages[0]), surface(packages[1]), operations_of(old.data), operations_of(new.data))
        if not changes and unversioned(old.data) == unversioned(new.data):
            versions = (version_of(old.data) or "", version_of(new.data) or "")
            changes = code_changes(packages[0], packages[1], versions)
    return ApiDiff(changes=changes)
