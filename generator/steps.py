"""Timed, printed steps: each step of a command reports its name and how long it took."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

Reporter = Callable[[str], None]


def quiet(_: str) -> None:
    """Report nothing (the default of every library call)."""


@dataclass
class Steps:
    """Runs named steps, records their times, and reports each as it ends."""

    report: Reporter = quiet
    timings: list[tuple[str, float]] = field(default_factory=list)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time the block as the step `name`; report it whether it passed or failed."""
        start = time.perf_counter()
        try:
            yield
        except BaseException:
            self.report(f"  {name:<12} failed after {time.perf_counter() - start:.2f} s")
            raise
        elapsed = time.perf_counter() - start
        self.timings.append((name, elapsed))
        self.report(f"  {name:<12} {elapsed:6.2f} s")
