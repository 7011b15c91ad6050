"""Profile the client's decode path, for finding where its time goes (pyinstrument when installed, else cProfile)."""

from __future__ import annotations

import cProfile
import importlib
import importlib.util
import io
import pstats
import time
from typing import TYPE_CHECKING, Any

from generator.bench import data
from generator.bench.baselines import attribute
from generator.bench.decode import response_for

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from types import ModuleType


def profile_decode(size: int, client: ModuleType, out: Path) -> None:
    """Decode a body of `size` records with the client's parser under a profiler; write the text report to `out`."""
    parser = attribute(client, "api.payments.list_customer_payments")
    response = response_for(data.list_body(size))

    def decode() -> Any:  # noqa: ANN401 - the client's page
        return parser.parse_response(response)  # the step after the HTTP exchange

    decode()  # warm: imports and caches are not what is looked for
    out.parent.mkdir(parents=True, exist_ok=True)
    if importlib.util.find_spec("pyinstrument") is not None:
        # Imported by name: the bench group installs it, the type-checking session need not.
        profiler: Any = importlib.import_module("pyinstrument").Profiler(interval=0.0005)
        profiler.start()
        _repeat(decode)
        profiler.stop()
        out.write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
        return
    collected = cProfile.Profile()
    collected.runcall(_repeat, decode)
    text = io.StringIO()
    pstats.Stats(collected, stream=text).sort_stats("cumulative").print_stats(40)
    out.write_text(text.getvalue(), encoding="utf-8")


# A sampling profiler records nothing of a decode shorter than its interval: repeat it for this long at least.
_PROFILE_SECONDS = 0.2
_MAX_REPEATS = 10_000


def _repeat(decode: Callable[[], object]) -> None:
    """Call `decode` until `_PROFILE_SECONDS` have passed (at most `_MAX_REPEATS` times), so a small body is seen."""
    deadline = time.perf_counter() + _PROFILE_SECONDS
    for _ in range(_MAX_REPEATS):
        decode()
        if time.perf_counter() >= deadline:
            return
