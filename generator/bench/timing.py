"""Timing: a clock (CPU or wall), interleaved runs of several variants, and the median of each."""

from __future__ import annotations

import gc
import resource
import statistics
import subprocess
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

ClockName = Literal["cpu", "wall"]


@dataclass(frozen=True)
class Clock:
    """What a run's seconds are: CPU seconds of the work (the default), or wall-clock seconds.

    CPU time is what the code costs, whatever else the machine runs: on a shared two-core machine the wall clock
    also counts the time the work waited for a core, which swings run by run. On an idle machine the two agree.
    In-process work counts every thread of this process (the per-request server's too, on both sides of its
    ratio); a subprocess counts itself and everything it waited for (nox's sessions, ruff, the import check).
    """

    name: ClockName

    def now(self) -> float:
        """Read the clock, in seconds."""
        return time.process_time() if self.name == "cpu" else time.perf_counter()

    @property
    def probe(self) -> str:
        """The `time` function that reads this clock in another interpreter."""
        return "time.process_time" if self.name == "cpu" else "time.perf_counter"

    def run(self, command: Sequence[str], **options: Any) -> Ran:  # noqa: ANN401 - subprocess.run's options
        """Run a command to its end (text, output captured; the caller checks its status) and time it."""
        before = _children_cpu()
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=False, **options)
        wall = time.perf_counter() - start
        return Ran(seconds=_children_cpu() - before if self.name == "cpu" else wall, wall=wall, result=result)


@dataclass(frozen=True)
class Ran:
    """A finished command: its seconds on the clock that timed it, its wall-clock seconds, and its result."""

    seconds: float
    wall: float
    result: subprocess.CompletedProcess[str]


CPU: Final = Clock("cpu")
WALL: Final = Clock("wall")


def _children_cpu() -> float:
    """User and system CPU seconds of every child process waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class Sample:
    """The seconds each run of one variant took."""

    seconds: tuple[float, ...]

    @property
    def median(self) -> float:
        """The median run, in seconds."""
        return statistics.median(self.seconds)

    @property
    def low(self) -> float:
        """The fastest run, in seconds."""
        return min(self.seconds)

    @property
    def high(self) -> float:
        """The slowest run, in seconds."""
        return max(self.seconds)


def time_once(function: Callable[[], object], clock: Clock = CPU) -> float:
    """Time one call, after a full collection so garbage of the previous run is not charged to this one.

    The result is freed after the clock stops, as a caller that keeps it frees it later.
    """
    gc.collect()
    start = clock.now()
    result = function()
    seconds = clock.now() - start
    del result  # freed outside the timed region: what a caller keeps is not the decode's cost
    return seconds


def timed(function: Callable[[], object], clock: Clock = CPU) -> Callable[[], float]:
    """Make a run for `interleave`: one call of `function`, timed by `time_once`."""
    return lambda: time_once(function, clock)


def interleave(variants: Mapping[str, Callable[[], float]], runs: int, *, warm_up: bool = True) -> dict[str, Sample]:
    """Run each variant `runs` times, round-robin, so a load change on the machine hits every variant alike.

    Each variant is a callable that performs one run and returns its seconds (use `timed`, or time a subprocess
    or a loop yourself). One unrecorded warm-up run of each comes first (caches, connections, imports) unless
    `warm_up` is false.
    """
    if warm_up:
        for run in variants.values():
            run()
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    for index in range(runs):
        # Alternate the order too: whichever variant runs right after another pays for its garbage and cache misses.
        order = list(variants.items()) if index % 2 == 0 else list(reversed(list(variants.items())))
        for name, run in order:
            seconds[name].append(run())
    return {name: Sample(tuple(values)) for name, values in seconds.items()}
