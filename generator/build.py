"""Build the iqm-finance-client sdist and wheel from generated/, reproducibly, and check what went into them."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator import manifest
from generator.layout import DEFAULT, DISTRIBUTION, PACKAGE, Layout
from generator.problems import Problem, StepFailedError
from generator.steps import Reporter, Steps, quiet

# When neither the caller nor git gives a date: hatchling's own default for reproducible builds (2020-02-02).
FALLBACK_EPOCH = 1580601600
VERSION_LINE = re.compile(r'^__version__ = "(?P<version>[^"]+)"$', re.MULTILINE)


@dataclass(frozen=True)
class Built:
    """The artifacts of one build, with their SHA-256 (what a downstream `--require-hashes` pins)."""

    version: str
    source_date_epoch: int
    epoch_from: str
    artifacts: tuple[tuple[Path, str], ...]
    timings: tuple[tuple[str, float], ...]


def build(layout: Layout = DEFAULT, out: Path | None = None, report: Reporter = quiet) -> Built:
    """Build sdist and wheel into `out` (default dist/): refuse a stale generated/, check the wheel and twine."""
    steps = Steps(report)
    out = (out or layout.dist).resolve()
    with steps.step("fresh"):
        version = _check_fresh(layout)
    epoch, epoch_from = source_date_epoch(layout)
    with steps.step("build"), tempfile.TemporaryDirectory(prefix="iqm-build-") as work:
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
        # --no-isolation: hatchling comes pinned from the `build` dependency group, so a build needs no index.
        command = [sys.executable, "-m", "build", "--no-isolation", "--outdir", work, str(layout.root)]
        result = subprocess.run(command, cwd=layout.root, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
            raise StepFailedError(
                step="build", problems=[Problem(file="pyproject.toml", message=f"python -m build failed:\n{tail}")]
            )
        built = sorted(Path(work).iterdir())
        out.mkdir(parents=True, exist_ok=True)
        artifacts = []
        for path in built:
            target = out / path.name
            shutil.copyfile(path, target)
            artifacts.append((target, hashlib.sha256(target.read_bytes()).hexdigest()))
    with steps.step("check"):
        _check_artifacts(layout, version, [path for path, _ in artifacts])
    return Built(
        version=version,
        source_date_epoch=epoch,
        epoch_from=epoch_from,
        artifacts=tuple(artifacts),
        timings=tuple(steps.timings),
    )


def _check_fresh(layout: Layout) -> str:
    """Return the committed package's version, once its manifest shows it was made from the current inputs."""
    try:
        text = (layout.package / "_version.py").read_text(encoding="utf-8")
    except OSError:
        problem = Problem(file=f"generated/{PACKAGE}", message="no generated package: run `nox -s generate` first")
        raise StepFailedError(step="fresh", problems=[problem]) from None
    stale = manifest.stale_keys(layout)
    if stale:
        message = f"generated/ is stale ({', '.join(stale)} changed): run `nox -s generate` first"
        raise StepFailedError(
            step="fresh", problems=[Problem(file=f"generated/{PACKAGE}/{manifest.MANIFEST_NAME}", message=message)]
        )
    found = VERSION_LINE.search(text)
    if found is None:
        raise StepFailedError(
            step="fresh", problems=[Problem(file=f"generated/{PACKAGE}/_version.py", message="no __version__")]
        )
    return found["version"]


def source_date_epoch(layout: Layout) -> tuple[int, str]:
    """Choose the build's timestamp: SOURCE_DATE_EPOCH if set, else the spec's last commit, else a fixed date."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "")
    if given.isdigit():
        return int(given), "SOURCE_DATE_EPOCH"
    git = shutil.which("git")
    if git is not None:
        result = subprocess.run(
            [git, "log", "-1", "--format=%ct", "--", layout.show(layout.spec)],
            cwd=layout.root,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode == 0 and result.stdout.strip().isdigit():
            return int(result.stdout.strip()), f"last commit of {layout.show(layout.spec)}"
    return FALLBACK_EPOCH, "fixed date (the spec has no commit)"


def _check_artifacts(layout: Layout, version: str, artifacts: list[Path]) -> None:
    """Check that the wheel holds the package (with py.typed) and its metadata only, at the spec's version; twine."""
    wheel_prefix = f"{DISTRIBUTION.replace('-', '_')}-{version}"
    wheels = [path for path in artifacts if path.name == f"{wheel_prefix}-py3-none-any.whl"]
    if len(wheels) != 1 or len(artifacts) != 2:  # noqa: PLR2004 - one sdist and one wheel
        listed = ", ".join(path.name for path in artifacts)
        raise StepFailedError(
            step="check", problems=[Problem(file="dist", message=f"expected {wheel_prefix} sdist+wheel: {listed}")]
        )
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = wheel.namelist()
    problems = [
        Problem(file=wheels[0].name, message=f"unexpected file in the wheel: {name}")
        for name in names
        if not name.startswith((f"{PACKAGE}/", f"{wheel_prefix}.dist-info/"))
    ]
    if f"{PACKAGE}/py.typed" not in names:
        problems.append(Problem(file=wheels[0].name, message="py.typed is missing"))
    twine = [sys.executable, "-m", "twine", "check", "--strict", *map(str, artifacts)]
    result = subprocess.run(twine, cwd=layout.root, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        problems.append(Problem(file="pyproject.toml", message=f"twine check: {' '.join(result.stdout.split())}"))
    if problems:
        raise StepFailedError(step="check", problems=problems)
