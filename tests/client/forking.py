"""Forked children for the tests: each reports through its exit code and is waited for with a deadline.

A child never returns into pytest (`os._exit` whatever happens); a child still running at the deadline is killed
and reported as None.
"""

from __future__ import annotations

import faulthandler
import os
import signal
import sys
import time
import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

CHILD_DEADLINE = 60.0  # seconds for all children together; each call also has its own timeout
EXIT_WRONG_ANSWER = 1
EXIT_ERROR = 2


def fork(run: Callable[[], bool]) -> int:
    """Fork a child that runs `run` and exits 0 if it returned True; return the child's pid.

    The child leaves with `os._exit` whatever happens, so it never runs pytest's code after the fork.
    """
    with warnings.catch_warnings():
        # Python 3.12+ warns that forking a threaded process may deadlock: exactly what these tests try.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover -- the child; coverage of it is not collected
        code = EXIT_ERROR
        # A child stuck past the deadline shows where, on stderr, before the parent kills it.
        faulthandler.dump_traceback_later(CHILD_DEADLINE - 10, exit=True)
        try:
            code = 0 if run() else EXIT_WRONG_ANSWER
        except BaseException as exc:  # noqa: BLE001 -- anything at all must become an exit code
            print(f"child {os.getpid()}: {exc!r}", file=sys.stderr)  # noqa: T201 -- the child's only report
        finally:
            os._exit(code)
    return pid


def wait_all(pids: list[int], deadline: float = CHILD_DEADLINE) -> dict[int, int | None]:
    """Wait for every child until the deadline; kill the stragglers. Exit code per pid, None if it was killed."""
    codes: dict[int, int | None] = {}
    end = time.monotonic() + deadline
    while len(codes) < len(pids) and time.monotonic() < end:
        for pid in pids:
            if pid not in codes:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    codes[pid] = os.waitstatus_to_exitcode(status)
        time.sleep(0.02)
    for pid in pids:
        if pid not in codes:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            codes[pid] = None
    return codes
