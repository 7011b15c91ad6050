"""The machine the numbers were taken on: CPU, cores, memory, load, OS, Python and the packages that matter."""

from __future__ import annotations

import datetime as dt
import os
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Final

# The distributions whose versions change the numbers.
PACKAGES: Final = (
    "httpx2",
    "attrs",
    "msgspec",
    "pydantic",
    "pydantic-core",
    "datamodel-code-generator",
    "openapi-python-client",
    "ruff",
    "nox",
)


@dataclass(frozen=True)
class Machine:
    """A description of the machine and its load, as the report prints it."""

    cpu: str
    cores: int  # the cores this process may run on
    memory: str
    system: str
    python: str
    packages: tuple[tuple[str, str], ...]
    taken_at: str

    def lines(self) -> list[str]:
        """Return the description as Markdown list items."""
        versions = ", ".join(f"{name} {version}" for name, version in self.packages)
        return [
            f"- CPU: {self.cpu}, {self.cores} cores usable",
            f"- Memory: {self.memory}",
            f"- OS: {self.system}",
            f"- Python: {self.python}",
            f"- Packages: {versions}",
            f"- Taken: {self.taken_at}",
        ]


def describe() -> Machine:
    """Describe this machine now."""
    return Machine(
        cpu=_cpu(),
        cores=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 0),
        memory=_memory(),
        system=platform.platform(),
        python=f"{platform.python_implementation()} {platform.python_version()} ({platform.python_compiler()})",
        packages=tuple((name, _version(name)) for name in PACKAGES),
        taken_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def load_average() -> str:
    """Return the 1, 5 and 15 minute load averages, or "unknown" where the OS has none."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def _cpu() -> str:
    """Return the CPU model name from /proc/cpuinfo, else what `platform` knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def _memory() -> str:
    """Total memory from /proc/meminfo, or "unknown"."""
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                kibibytes = int(line.split()[1])
                return f"{kibibytes / 2**20:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return "unknown"


def _version(name: str) -> str:
    """Return the installed version of a distribution, or "not installed"."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"
