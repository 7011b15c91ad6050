"""Profile the client's decode path, for finding where its time goes (pyinstrument when installed, else cProfile)."""

from __future__ import annotations

import cProfile
import importlib
import importlib.util
import io
import pstats
from typing import TYPE_CHECKING, Any

from generator.bench import data
from generator.bench.baselines import attribute
from generator.bench.decode import response_for

if TYPE_CHECKING:
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
        decode()
        profiler.stop()
        out.write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
        return
    collected = cProfile.Profile()
    collected.runcall(decode)
    text = io.StringIO()
    pstats.Stats(collected, stream=text).sort_stats("cumulative").print_stats(40)
    out.write_text(text.getvalue(), encoding="utf-8")
