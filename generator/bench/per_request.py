"""Per request: GETs through the client against a local server, and the same GETs through raw httpx2.

Both sides use one connection pool of httpx2's default transport and limits, the same timeout, headers and base
URL, and read the JSON body; the client adds what it is for: the token by `httpx2.Auth`, the retrying transport,
the status and envelope checks and the typed, exact decoding. Two bodies: the available balance (a few bytes,
so the client's own overhead shows) and a page of ten payments (the list's default page). Each is reported end to
end in wall-clock seconds, and as the client process's CPU seconds (the server runs in a process of its own).
"""

from __future__ import annotations

import gc
import time
from typing import TYPE_CHECKING, Any, Final

import httpx2

from generator.bench import data
from generator.bench.baselines import attribute
from generator.bench.results import CLIENT, Measurement, Variant
from generator.bench.server import LocalServer
from generator.bench.timing import Sample

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

RAW_HTTPX: Final = "raw httpx2"
BALANCE_PATH: Final = "/api/v3/fa/available-balance"
LIST_PATH: Final = "/api/v3/fa/customer/payments/list"
PAGE_SIZE: Final = 10
TOKEN: Final = "bench-token"  # noqa: S105 - a made-up token for a local server
OW_ID: Final = 123654
_BLOCK: Final = 50  # calls of one variant before the next takes its turn
_SERVER_SECONDS: Final = 900.0  # the server's own deadline: it stops by then whatever happens here


def bodies() -> dict[str, bytes]:
    """Return the server's canned responses by path."""
    return {BALANCE_PATH: b'{"success":true,"data":5855904.72}', LIST_PATH: data.list_body(PAGE_SIZE)}


def raw_client(base_url: str, client_module: ModuleType) -> httpx2.Client:
    """Build an httpx2 client configured as the client's own (pool, timeout, headers), as a user would write it."""
    base = attribute(client_module, "_base_client")
    return httpx2.Client(
        base_url=base_url,
        headers={"User-Agent": "bench", "X-IAA-OW-ID": str(OW_ID), "Authentication": f"Bearer {TOKEN}"},
        timeout=base.DEFAULT_TIMEOUT,
        follow_redirects=False,
        transport=httpx2.HTTPTransport(),
    )


def _interleaved(
    variants: dict[str, Callable[[], Any]], count: int, runs: int
) -> tuple[dict[str, Sample], dict[str, Sample]]:
    """Run `count` calls of each variant per run, in blocks taken in turn; return wall and CPU seconds per run.

    Blocks of `_BLOCK` calls, the order alternating block by block: a run of 2,000 requests takes seconds, and on a
    shared machine the speed drifts within that; blocks in turn put every variant in the same conditions.
    """
    for call in variants.values():  # warm-up: connections opened, caches filled
        for _ in range(_BLOCK):
            call()
    walls: dict[str, list[float]] = {name: [] for name in variants}
    cpus: dict[str, list[float]] = {name: [] for name in variants}
    items = list(variants.items())
    for _ in range(runs):
        wall = dict.fromkeys(variants, 0.0)
        cpu = dict.fromkeys(variants, 0.0)
        gc.collect()
        for block, start in enumerate(range(0, count, _BLOCK)):
            size = min(_BLOCK, count - start)
            for name, call in items if block % 2 == 0 else reversed(items):
                wall_start, cpu_start = time.perf_counter(), time.process_time()
                for _ in range(size):
                    call()
                cpu[name] += time.process_time() - cpu_start
                wall[name] += time.perf_counter() - wall_start
        for name in variants:
            walls[name].append(wall[name])
            cpus[name].append(cpu[name])
    return (
        {name: Sample(tuple(seconds)) for name, seconds in walls.items()},
        {name: Sample(tuple(seconds)) for name, seconds in cpus.items()},
    )


def measure(count: int, runs: int, client_module: ModuleType) -> list[Measurement]:
    """Time `count` GETs per run for each variant, against one local server in a process of its own.

    The end-to-end rows are wall-clock seconds, what a caller waits for (the server's work and the loopback are
    in both sides of the ratio); the client-side rows are this process's CPU seconds, the client's own work.
    """
    balance = attribute(client_module, "api.balance.get_available_balance")
    payments = attribute(client_module, "api.payments.list_customer_payments")
    budget = runs * count * 4 + 4 * _BLOCK + 100  # every run of the four variants, the warm-ups, and some slack
    with LocalServer(bodies(), max_requests=budget, max_seconds=_SERVER_SECONDS) as server:
        ours = client_module.Client(server.url, token=TOKEN, ow_id=OW_ID)
        raw = raw_client(server.url, client_module)
        try:

            def raw_get(path: str, params: dict[str, str | int]) -> Any:  # noqa: ANN401 - JSON
                response = raw.get(path, params=params)
                response.raise_for_status()
                return response.json()["data"]

            variants = {
                "balance client": lambda: balance.sync(client=ours),
                "balance raw": lambda: raw_get(BALANCE_PATH, {"isCustomerRequest": "true"}),
                "page client": lambda: payments.sync(client=ours, limit=PAGE_SIZE),
                "page raw": lambda: raw_get(LIST_PATH, {"limit": PAGE_SIZE, "pageNo": 1, "sortBy": "-modifiedAt"}),
            }
            if len(variants["page client"]().data) != PAGE_SIZE:
                message = "the client did not get the page of payments from the local server"
                raise AssertionError(message)
            walls, cpus = _interleaved(variants, count, runs)
        finally:
            ours.close()
            raw.close()
    unit = f"{count:,} sequential GETs on one kept-alive connection"
    balance_call = "`get_available_balance.sync(client=...)`: a Decimal"
    page_call = f"`list_customer_payments.sync(client=..., limit={PAGE_SIZE})`"
    raw_call = "`get()`, `raise_for_status()`, `json()`"
    return [
        Measurement(
            key="request",
            title="Per request: available balance, end to end (wall clock)",
            unit=unit,
            items=count,
            subject=Variant(CLIENT, balance_call, walls["balance client"]),
            baselines=(Variant(RAW_HTTPX, raw_call, walls["balance raw"]),),
        ),
        Measurement(
            key="request-page",
            title=f"Per request: a page of {PAGE_SIZE} payments, end to end (wall clock)",
            unit=unit,
            items=count,
            subject=Variant(CLIENT, page_call, walls["page client"]),
            baselines=(Variant(RAW_HTTPX, raw_call, walls["page raw"]),),
        ),
        Measurement(
            key="request-cpu",
            title="Per request: available balance, client side (CPU)",
            unit=unit,
            items=count,
            subject=Variant(CLIENT, balance_call, cpus["balance client"]),
            baselines=(Variant(RAW_HTTPX, raw_call, cpus["balance raw"]),),
        ),
        Measurement(
            key="request-page-cpu",
            title=f"Per request: a page of {PAGE_SIZE} payments, client side (CPU)",
            unit=unit,
            items=count,
            subject=Variant(CLIENT, page_call, cpus["page client"]),
            baselines=(Variant(RAW_HTTPX, raw_call, cpus["page raw"]),),
        ),
    ]
