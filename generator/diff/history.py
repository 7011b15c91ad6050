"""The releases in a spec's git history: each `info.version`, the last commit with it, and the changelog they make.

`releases` walks `git log` of the spec, oldest first, and keeps the last commit of each version (the release);
`changelog` diffs each release against the one before (the first against an empty document: every operation
added) with both views, and writes the entries newest first. It made CHANGELOG.md's entries up to the version of
its newest entry; later entries come from `diff OLD NEW --changelog CHANGELOG.md`.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.diff import changelog, command, sources
from generator.diff.changes import version_of
from generator.diff.http import OPERATION_ADDED
from generator.problems import Problem

if TYPE_CHECKING:
    from generator.layout import Layout

EMPTY = {"openapi": "3.1.0", "info": {"title": "", "version": "0.0.0"}, "paths": {}}


@dataclass(frozen=True)
class Release:
    """One version of the spec: the last commit with it, and that commit's date (`YYYY-MM-DD`)."""

    version: str
    commit: str
    date: str


def releases(layout: Layout) -> list[Release]:
    """Return each version of the spec in its git history, oldest first, at the last commit that has it."""
    shown = layout.show(layout.spec)
    log = subprocess.run(
        ["git", "log", "--reverse", "--format=%H %ad", "--date=short", "--", shown],
        cwd=layout.root,
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, Release] = {}
    for line in log.stdout.splitlines():
        commit, date = line.split()
        loaded = sources.load_git(commit, shown, layout.root)
        version = None if isinstance(loaded, Problem) else version_of(loaded.data)
        if version:
            found.pop(version, None)
            found[version] = Release(version, commit, date)
    return list(found.values())


def changelog_text(layout: Layout, upto: list[Release]) -> str:
    """Return a changelog with an entry for each release, each diffed against the release before it."""
    text = changelog.HEADER
    previous: sources.Source | None = None
    shown = layout.show(layout.spec)
    for release in upto:
        loaded = sources.load_git(release.commit, shown, layout.root, label=f"{release.commit[:12]}:{shown}")
        if isinstance(loaded, Problem):
            raise ValueError(str(loaded))  # noqa: TRY004 - a release commit whose spec does not load
        old = previous or sources.Source(label="(nothing)", text="", data=dict(EMPTY))
        outcome = command.compare(layout, old, loaded, python_api=previous is not None)
        changes = [change for change in outcome.diff.changes if previous is not None or change.rule == OPERATION_ADDED]
        text = changelog.update(text, release.version, changelog.entry(release.version, release.date, changes))
        previous = loaded
    return text
