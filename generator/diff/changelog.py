"""Release notes: a Keep a Changelog entry for NEW's `info.version`, written into (or updated in) CHANGELOG.md.

Each change goes to one section by its rule: Breaking (major), Added, Deprecated, Changed, Fixed, Documentation
(patch: descriptions, examples, servers). Each line names what a downstream user would search for: the operation
(its operationId) and the message, which names the schema, property, parameter or Python name. The same HTTP change
at several operations is one line naming them all. `Fixed` is never generated (no rule tells a fix from a change):
what a maintainer wrote there survives an update of the entry.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from generator.diff.http import SERVERS_CHANGED
from generator.diff.http_deprecations import SUNSET_CHANGED
from generator.diff.http_walk import DESCRIPTION_CHANGED, EXAMPLE_CHANGED

if TYPE_CHECKING:
    from collections.abc import Iterable

    from generator.diff.changes import Change

SECTIONS = ("Breaking", "Added", "Deprecated", "Changed", "Fixed", "Documentation")
DOCUMENTATION_RULES = frozenset({DESCRIPTION_CHANGED, EXAMPLE_CHANGED, SERVERS_CHANGED})
HEADER = """# Changelog

What each version of `iqm-finance-client` changes for its users, newest first. The format is
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/) and the versions follow
[Semantic Versioning](https://semver.org/spec/v2.0.0.html): the wheel's version is the spec's `info.version`.
Entries are written by `nox -s diff -- OLD NEW --changelog CHANGELOG.md` (see README.md, "For spec reviewers").
"""
ENTRY = re.compile(r"^## \[(?P<version>[^\]]+)\]", re.MULTILINE)


def section_of(change: Change) -> str:
    """Return the section a change belongs in, by its rule."""
    if change.level == "major":
        return "Breaking"
    if change.id.endswith("-deprecated") or change.rule == SUNSET_CHANGED:
        return "Deprecated"
    if change.level == "minor" and any(word in change.id for word in ("added", "widened", "allowed")):
        return "Added"
    if change.level == "patch" and change.rule in DOCUMENTATION_RULES:
        return "Documentation"
    return "Changed"


def entry(version: str, date: str, changes: Iterable[Change], *, fixed: Iterable[str] = ()) -> str:
    """Return the entry of one version: `## [version] - date`, then its sections, each a list of lines."""
    sections: dict[str, list[str]] = {name: [] for name in SECTIONS}
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for change in changes:
        section = section_of(change)
        if change.view == "python":
            line = f"- {change.message}" + (f" (`{change.operation}`)" if change.operation else "")
            sections[section].append(line)
        else:
            grouped.setdefault((section, change.id, change.message), []).append(change.operation or "")
    for (section, _, message), operations in grouped.items():
        named = [f"`{name}`" for name in dict.fromkeys(operations) if name]
        sections[section].append(f"- {', '.join(named)}: {message}" if named else f"- {message}")
    sections["Fixed"].extend(fixed)
    lines = [f"## [{version}] - {date}"]
    for name in SECTIONS:
        items = list(dict.fromkeys(sections[name]))
        if items:
            lines.extend(["", f"### {name}", "", *items])
    if len(lines) == 1:
        lines.extend(["", "No change to the API or to the Python client."])
    return "\n".join(lines) + "\n"


def update(text: str, version: str, new_entry: str) -> str:
    """Put `new_entry` into a changelog's text: in place of the entry of the same version, else first.

    The lines of the old entry's `Fixed` section are kept (in the new entry's `Fixed`), and so is its summary, the
    hand-written paragraphs between its heading and its first section. An empty text starts with the header.
    """
    if not text.strip():
        text = HEADER
    entries = list(ENTRY.finditer(text))
    for index, match in enumerate(entries):
        if match["version"] == version:
            end = entries[index + 1].start() if index + 1 < len(entries) else len(text)
            fixed = fixed_lines(text[match.start() : end])
            if fixed:
                new_entry = _with_fixed(new_entry, fixed)
            summary = summary_of(text[match.start() : end])
            if summary:
                new_entry = _with_summary(new_entry, summary)
            return text[: match.start()] + new_entry + ("\n" if end < len(text) else "") + text[end:]
    start = entries[0].start() if entries else len(text)
    head = text[:start].rstrip("\n") + "\n\n"
    rest = text[start:]
    return head + new_entry + ("\n" + rest if rest else "")


def versions(text: str) -> list[str]:
    """Return the versions a changelog has entries for, in their order."""
    return [match["version"] for match in ENTRY.finditer(text)]


def fixed_lines(entry_text: str) -> list[str]:
    """Return the lines of an entry's `### Fixed` section."""
    match = re.search(r"^### Fixed\n\n(?P<body>(?:- .*\n?(?:  .*\n?)*)+)", entry_text, re.MULTILINE)
    return [line for line in match["body"].splitlines() if line.strip()] if match else []


def summary_of(entry_text: str) -> str:
    """Return an entry's summary: the hand-written text between its heading and its first `###` section, or ''."""
    body = entry_text.split("\n", 1)[1] if "\n" in entry_text else ""
    section = re.search(r"^### ", body, re.MULTILINE)
    summary = (body[: section.start()] if section else body).strip("\n")
    return "" if summary == "No change to the API or to the Python client." else summary


def _with_summary(new_entry: str, summary: str) -> str:
    """Put a kept summary under a generated entry's heading (a generated entry never has one of its own)."""
    heading, _, rest = new_entry.partition("\n")
    return f"{heading}\n\n{summary}\n{rest}"


def _with_fixed(new_entry: str, fixed: list[str]) -> str:
    """Add kept `Fixed` lines to a generated entry (which never has its own)."""
    lines = new_entry.rstrip("\n").split("\n")
    if lines[-1] == "No change to the API or to the Python client.":
        lines = lines[:1]
    index = len(lines)
    for name in ("Documentation",):
        heading = f"### {name}"
        if heading in lines:
            index = lines.index(heading)
    block = ["### Fixed", "", *fixed, ""]
    if index == len(lines):
        lines.extend(["", *block[:-1]])
    else:
        lines[index:index] = block
    return "\n".join(lines) + "\n"
