"""Generation: `nox -R -s generate` against plain openapi-python-client, on the same spec, in fresh processes.

`nox -R -s generate` runs on a copy of the checkout (generator/, overrides/, spec/, generated/, noxfile.py,
pyproject.toml) with the checkout's own `.nox/generate` virtualenv, so the measured command is the one a
developer types and the real generated/ is never touched. Without nox or that virtualenv, `python -m generator
generate` on the copy is measured instead (the same minus nox's start-up) and the report says so. Plain
openapi-python-client is its CLI with no config and no templates, hooks included (ruff), into a fresh directory.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import statistics
import sys
from pathlib import Path
from typing import Final

from generator.bench.results import Measurement, Variant
from generator.bench.timing import CPU, Clock, Ran, Sample, interleave
from generator.layout import DEFAULT, Layout

PLAIN: Final = "plain openapi-python-client"
COPIED_DIRS: Final = ("generator", "overrides", "spec", "generated")
COPIED_FILES: Final = ("noxfile.py", "pyproject.toml")
# The generator's step report on stderr: "  render         1.23 s".
_STEP: Final = re.compile(r"^\s+(?P<step>[a-z]+)\s+(?P<seconds>[0-9.]+) s$", re.MULTILINE)


def copy_checkout(work: Path, layout: Layout = DEFAULT) -> Path:
    """Copy what `nox -s generate` reads and writes into `work`/checkout."""
    checkout = work / "checkout"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in COPIED_DIRS:
        shutil.copytree(layout.root / name, checkout / name, ignore=ignore)
    for name in COPIED_FILES:
        shutil.copyfile(layout.root / name, checkout / name)
    return checkout


def generate_command(checkout: Path, layout: Layout = DEFAULT, *, use_nox: bool = True) -> tuple[list[str], str]:
    """Return the command to time and its name: `nox -R -s generate` if possible, else `python -m generator ...`."""
    envdir = layout.root / ".nox"
    if use_nox and (envdir / "generate").is_dir():
        nox = shutil.which("nox")
        if nox is not None:
            command = [nox]
        elif importlib.util.find_spec("nox") is not None:
            command = [sys.executable, "-m", "nox"]
        else:
            command = []
        if command:
            noxfile = str(checkout / "noxfile.py")
            return [*command, "-R", "-f", noxfile, "--envdir", str(envdir), "-s", "generate"], "nox -R -s generate"
    return [sys.executable, "-m", "generator", "generate"], "python -m generator generate"


def plain_command(spec: Path, out: Path) -> list[str]:
    """openapi-python-client's CLI on the spec, as a user would run it first."""
    cli = Path(sys.executable).with_name("openapi-python-client")
    command = [str(cli)] if cli.exists() else [sys.executable, "-m", "openapi_python_client"]
    return [*command, "generate", "--path", str(spec), "--output-path", str(out), "--meta", "none"]


def _env() -> dict[str, str]:
    """Return the environment for the tools: this interpreter's bin first (ruff for the hooks), no PYTHONPATH."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def _run(command: list[str], cwd: Path, clock: Clock) -> Ran:
    """Run a command to the end and time it; fail loudly if it failed."""
    ran = clock.run(command, cwd=cwd, env=_env())
    if ran.result.returncode != 0:
        output = (ran.result.stderr or ran.result.stdout).strip()
        message = f"`{' '.join(command)}` failed ({ran.result.returncode}): {output}"
        raise RuntimeError(message)
    return ran


def measure(runs: int, work: Path, clock: Clock = CPU, *, use_nox: bool = True, warm_up: bool = True) -> Measurement:
    """Time regenerating the copy and plain openapi-python-client, `runs` times each, interleaved."""
    checkout = copy_checkout(work)
    command, name = generate_command(checkout, use_nox=use_nox)
    outputs = work / "plain"
    outputs.mkdir()
    steps: list[str] = []
    walls: dict[str, list[float]] = {name: [], PLAIN: []}

    def regenerate() -> float:
        ran = _run(command, checkout, clock)
        walls[name].append(ran.wall)
        output = ran.result.stdout + ran.result.stderr  # nox passes the session's stderr on as its stdout
        steps[:] = [f"{match['step']} {float(match['seconds']):.2f} s" for match in _STEP.finditer(output)]
        return ran.seconds

    def plain() -> float:
        out = outputs / f"run{len(walls[PLAIN])}"
        ran = _run(plain_command(checkout / "spec" / "openapi.yaml", out), outputs, clock)
        walls[PLAIN].append(ran.wall)
        return ran.seconds

    samples: dict[str, Sample] = interleave({name: regenerate, PLAIN: plain}, runs, warm_up=warm_up)
    return Measurement(
        key="generate",
        title="Generation",
        unit="one regeneration of the whole client, in a fresh process",
        items=1,
        subject=Variant(
            name, "validate, render with overrides, post-process, ruff, manifest, import check", samples[name]
        ),
        baselines=(Variant(PLAIN, "`openapi-python-client generate --meta none` with its ruff hooks", samples[PLAIN]),),
        notes=_notes(name, walls, steps),
    )


def _notes(name: str, walls: dict[str, list[float]], steps: list[str]) -> tuple[str, ...]:
    """Say what the wall clock showed (the 5 s target is a developer's wait) and the generator's own step times."""
    wall = f"`{name}` {statistics.median(walls[name]):.2f} s, {PLAIN} {statistics.median(walls[PLAIN]):.2f} s"
    notes = [f"Generation in wall-clock seconds, median of every run: {wall}."]
    if steps:
        notes.append(f"Steps of the last `{name}`, as it prints them (wall clock): {', '.join(steps)}.")
    return tuple(notes)
