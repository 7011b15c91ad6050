"""Lint with the pinned Redocly CLI and redocly.yaml: every error or warning is a finding."""

from __future__ import annotations

import json
import os
import re
import subprocess
from typing import TYPE_CHECKING

from generator import ROOT
from generator.lint.findings import Finding
from generator.problems import describe, one_line
from generator.spec_document import (
    Document,
    mapping,
    sequence,
)

if TYPE_CHECKING:
    from pathlib import Path


REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
REDOCLY_CONFIG = ROOT / "redocly.yaml"
_MAX_REDOCLY_PROBLEMS = 10_000
_REDOCLY_TIMEOUT_SECONDS = 300


def check_redocly(doc: Document) -> list[Finding]:
    """Lint with the pinned Redocly CLI and redocly.yaml; every error or warning is a finding."""
    if not REDOCLY.is_file():
        message = f"{REDOCLY} is missing: run `npm ci` in {ROOT} to install the pinned Redocly CLI"
        return [Finding(doc.path, None, None, "redocly", message)]
    try:
        completed = _run_redocly(doc.path)
    except (OSError, subprocess.TimeoutExpired) as error:
        return [Finding(doc.path, None, None, "redocly", f"cannot run the Redocly CLI: {describe(error)}")]
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        summary = _stderr_summary(completed.stderr)
        message = f"redocly lint exited {completed.returncode} without a JSON report: {summary}"
        return [Finding(doc.path, None, None, "redocly", message)]
    problems = [mapping(problem) for problem in sequence(mapping(report).get("problems"))]
    return [_redocly_finding(doc, problem) for problem in problems if problem.get("severity") in {"error", "warn"}]


def _run_redocly(spec: Path) -> subprocess.CompletedProcess[str]:
    """Run `redocly lint` on the spec with redocly.yaml (and its ignore file), asking for a JSON report."""
    command = [
        str(REDOCLY),
        "lint",
        "--format=json",
        f"--max-problems={_MAX_REDOCLY_PROBLEMS}",
        "--lint-config=error",
        f"--config={REDOCLY_CONFIG}",
        str(spec.resolve()),
    ]
    # Telemetry off and no update notice: the lint runs offline and its output is parsed.
    environment = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1"}
    return subprocess.run(
        command,
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=_REDOCLY_TIMEOUT_SECONDS,
    )


def _redocly_finding(doc: Document, problem: dict[str, object]) -> Finding:
    """Turn one Redocly problem into a finding: its first location gives file, line and pointer."""
    location = mapping(next(iter(sequence(problem.get("location"))), None))
    source = mapping(location.get("source")).get("ref")
    file = doc.path
    if isinstance(source, str) and (ROOT / source).resolve() != doc.path.resolve():
        file = (ROOT / source).resolve()  # a problem in another file the spec refers to
    line = mapping(location.get("start")).get("line")
    pointer = location.get("pointer")
    message = str(problem.get("message", ""))
    suggestions = [str(item) for item in sequence(problem.get("suggest"))]
    if suggestions:
        message += f" (did you mean: {', '.join(suggestions)}?)"
    return Finding(
        file,
        line if isinstance(line, int) else None,
        pointer if isinstance(pointer, str) else None,
        f"redocly:{problem.get('ruleId', 'unknown')}",
        message,
    )


def _stderr_summary(stderr: str) -> str:
    """Put a tool's meaningful stderr lines on one line, without the box-drawn banners Redocly prints."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip() and not re.search("[\u2550-\u256c]", line)]
    return one_line(" | ".join(lines)) or "(no output)"
