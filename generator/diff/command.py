"""The semantic diff as a command: load both specs, run the HTTP and the Python view, and say which ran and why not.

Values only: `semantic` and `against_base` return an `Outcome` (the classified diff, the views' states, the report's
notes, and the located problems of a view that could not run) or the problems that kept the specs from loading.
`__main__` prints them and turns them into exit codes. Each view runs behind its own boundary, so a view that fails
(a spec the generator cannot render, or one that makes it raise) never discards the other view's result.
"""

from __future__ import annotations

import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diff import http, python_view, sources
from generator.diff.changes import Change, SpecDiff, version_of
from generator.diff.report import ViewRun
from generator.problems import Problem
from generator.steps import Reporter, quiet

if TYPE_CHECKING:
    from collections.abc import Mapping

    from generator.diff.sources import Source
    from generator.layout import Layout

RENDERED = "rendered with this checkout's generator and templates"
SKIPPED_BY_OPTION = "skipped (--no-python-api)"


@dataclass(frozen=True)
class Outcome:
    """What `diff` found: the diff, each view's state, the report's notes, and why a view did not run (located)."""

    old: str
    new: str
    diff: SpecDiff
    views: Mapping[str, ViewRun]
    notes: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    # NEW as loaded: where its changes are (the GitHub annotations) and what it was read from.
    new_source: Source | None = None

    @property
    def complete(self) -> bool:
        """Whether every view asked for ran (`--no-python-api` asks for the HTTP view alone)."""
        return all(view.ran or view.reason == SKIPPED_BY_OPTION for view in self.views.values())


def semantic(
    layout: Layout, old_spec: str, new_spec: str, *, python_api: bool, report: Reporter = quiet
) -> Outcome | tuple[Problem, ...]:
    """Diff OLD and NEW (files relative to the current directory, or `REF:path`), or say which cannot be loaded."""
    loaded = [sources.load(spec, Path.cwd()) for spec in (old_spec, new_spec)]
    problems = tuple(item for item in loaded if isinstance(item, Problem))
    if problems:
        return problems
    old, new = (item for item in loaded if not isinstance(item, Problem))
    return compare(layout, old, new, python_api=python_api, report=report)


def against_base(layout: Layout, *, python_api: bool, report: Reporter = quiet) -> Outcome | str:
    """Diff the working tree's spec (and overrides) against the base commit's; or say why there is nothing to diff."""
    base = sources.merge_base(layout.root)
    shown = layout.show(layout.spec)
    if base is None:
        return "no git history here: the API diff against main is skipped"
    old = sources.load_git(base.commit, f"./{shown}", layout.root, label=f"{base.commit[:12]}:{shown}")
    new = sources.load_file(layout.spec, shown)
    if isinstance(old, Problem):
        return f"the API diff against {base.how} is skipped: {old}"
    if isinstance(new, Problem):
        return f"the API diff against {base.how} is skipped: {new}"
    report(f"diff: {shown} against {base.how} ({base.commit[:12]})")
    return compare(layout, old, new, python_api=python_api, report=report)


def compare(layout: Layout, old: Source, new: Source, *, python_api: bool, report: Reporter = quiet) -> Outcome:
    """Run both views on two loaded specs, each behind its own boundary."""
    diff, http = _http_view(old, new)
    views: dict[str, ViewRun] = {"http": http}
    notes: list[str] = []
    problems: list[Problem] = []
    if not http.ran:
        notes.append(f"The HTTP view did not run: {http.reason}.")
        problems.append(Problem(file="generator/diff/http.py", message=f"the HTTP view did not run: {http.reason}"))
    if not python_api:
        views["python"] = ViewRun(ran=False, reason=SKIPPED_BY_OPTION)
        notes.append("The Python API diff was skipped (--no-python-api).")
    else:
        python, changes, python_notes, python_problems = _python_view(layout, old, new, report)
        views["python"] = python
        diff = diff.plus(changes)
        notes.extend(python_notes)
        problems.extend(python_problems)
    return Outcome(old.label, new.label, diff, views, tuple(notes), tuple(problems), new)


def _http_view(old: Source, new: Source) -> tuple[SpecDiff, ViewRun]:
    """Run the HTTP view; should it fail (a bug: it reads any mapping), the diff is empty and the view says why."""
    try:
        return http.diff_specs(old.data, new.data), ViewRun(ran=True)
    except RecursionError:
        reason = "a schema is nested too deeply to compare"
    except Exception as error:  # noqa: BLE001 - the view's boundary: the Python view's result must survive
        reason = f"internal error, please report it: {type(error).__name__}: {python_view.short(error)}"
    versions = [version_of(source.data) for source in (old, new)]
    return SpecDiff(changes=(), old_version=versions[0], new_version=versions[1]), ViewRun(ran=False, reason=reason)


PythonView = tuple[ViewRun, tuple[Change, ...], list[str], list[Problem]]


def _where_raised(error: BaseException) -> tuple[str, int | None]:
    """Return the toolkit's own file and line an error last passed through (else the view's module, no line)."""
    root = Path(__file__).resolve().parents[2]
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename).resolve()
        if path.is_relative_to(root / "generator"):
            return path.relative_to(root).as_posix(), frame.lineno
    return "generator/diff/python_view.py", None


def _python_view(layout: Layout, old: Source, new: Source, report: Reporter) -> PythonView:
    """Run the Python view: each side's package (a commit's committed one, or a render), compared; never raises."""
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="iqm-diff-packages-") as work:
        sides = [_side(layout, source, Path(work) / name, notes) for name, source in (("old", old), ("new", new))]
        details = (("old", sides[0][1]), ("new", sides[1][1]))
        if sides[0][0].package is None and sides[1][0].package is None and old.data == new.data:
            # The same spec rendered with the same templates is the same package: nothing to render.
            return ViewRun(ran=True, details=details), (), notes, []
        started = time.perf_counter()
        try:
            python = python_view.api_diff(layout, sides[0][0], sides[1][0])
        except Exception as error:  # noqa: BLE001 - the view's boundary: the HTTP view's result must survive
            file, line = _where_raised(error)
            problem = Problem(file=file, line=line, message=f"{type(error).__name__}: {python_view.short(error)}")
            python = python_view.ApiDiff(problems=(problem,))
    report(f"diff: the Python API view took {time.perf_counter() - started:.1f} s")
    if python.problems:
        reason = f"cannot make the package to compare: {python.problems[0]}"
        notes.append(f"The Python API diff did not run: {reason}")
        return ViewRun(ran=False, reason=reason), (), notes, list(python.problems)
    notes.append(f"The Python API diff compared {old.label} ({details[0][1]}) with {new.label} ({details[1][1]}).")
    return ViewRun(ran=True, details=details), python.changes, notes, []


def _side(layout: Layout, source: Source, work: Path, notes: list[str]) -> tuple[python_view.SpecText, str]:
    """One side of the Python view: a commit's committed package when it was made from this spec, else a render.

    A commit whose package cannot be used is rendered with this checkout's templates, and a note says so: a change
    to overrides/ alone does not show against such a side.
    """
    spec = python_view.SpecText(source.label, source.text, source.data)
    if source.ref is None:
        return spec, RENDERED
    found = sources.committed_package(source, layout.root, work)
    if isinstance(found, Path):
        return python_view.SpecText(
            source.label, source.text, source.data, found
        ), f"generated/ committed at {source.ref}"
    notes.append(
        f"The Python API of `{source.label}` is {RENDERED}, not the package committed with it ({found}): "
        "a change to overrides/ alone does not show against it."
    )
    return spec, RENDERED
