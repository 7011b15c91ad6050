"""The drift check: whether generated/ is what the spec and overrides make now (a fresh render, diffed against it)."""

from __future__ import annotations

import difflib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator import manifest
from generator.generate import render
from generator.layout import DEFAULT, Layout
from generator.problems import Problem, StepFailedError
from generator.steps import Reporter, Steps, quiet
from generator.tree import read_tree


@dataclass(frozen=True)
class Drift:
    """The files of generated/ that a fresh render changes, adds or removes, and the unified diff of them."""

    changed: tuple[str, ...]
    text: str
    timings: tuple[tuple[str, float], ...] = ()


def diff(layout: Layout = DEFAULT, report: Reporter = quiet) -> Drift:
    """Render into a temporary directory and diff it against generated/ (which is left alone)."""
    steps = Steps(report)
    with tempfile.TemporaryDirectory(prefix="iqm-diff-") as work:
        fresh_dir = Path(work) / "generated"
        try:
            render(layout, fresh_dir, steps, check_import=False)
        except StepFailedError:
            raise
        except Exception as error:  # noqa: BLE001 - a generator crash is a finding about the spec, not a traceback
            message = f"the generator raised {type(error).__name__}: {' '.join(str(error).split())[:300]}"
            problem = Problem(file=layout.show(layout.spec), message=message)
            raise StepFailedError(step="render", problems=[problem]) from None
        with steps.step("compare"):
            drift = compare(read_tree(layout.generated), read_tree(fresh_dir))
    return Drift(changed=drift.changed, text=drift.text, timings=tuple(steps.timings))


def compare(committed: dict[str, bytes], fresh: dict[str, bytes]) -> Drift:
    """Diff the committed tree against the fresh one, file by file in sorted order."""
    changed = tuple(sorted(name for name in committed.keys() | fresh.keys() if committed.get(name) != fresh.get(name)))
    chunks: list[str] = []
    for name in changed:
        before = _lines(committed.get(name))
        after = _lines(fresh.get(name))
        label = f"generated/{name}"
        chunks.extend(
            difflib.unified_diff(
                before,
                after,
                fromfile=f"a/{label}" if name in committed else "/dev/null",
                tofile=f"b/{label}" if name in fresh else "/dev/null",
            )
        )
    return Drift(changed=changed, text="".join(chunks))


def _lines(content: bytes | None) -> list[str]:
    """Split a file into lines for difflib, each ending in a newline (a missing one is marked as git marks it)."""
    if content is None:
        return []
    lines = content.decode("utf-8", errors="replace").splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def stale(layout: Layout = DEFAULT) -> list[str]:
    """Return the manifest entries that differ from the current inputs: staleness told without rendering."""
    return manifest.stale_keys(layout)
