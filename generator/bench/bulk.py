"""Bulk export: every record of `listCustomerPayments` in pages of 50, from a server that answers each page late.

The local server (a process of its own, on 127.0.0.1) holds the records and answers each page after a delay, as
a server across a network would (50 ms by default): a sequential walk waits for every page in turn, a walk with
`concurrency=N` waits for N at a time. Timed in wall-clock seconds, since waiting is what is measured; each run
walks the whole list and checks it got every record once, in order.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Final

from generator.bench import data
from generator.bench.baselines import attribute
from generator.bench.per_request import LIST_PATH, OW_ID, TOKEN
from generator.bench.results import CLIENT, Measurement, Variant
from generator.bench.server import LocalServer
from generator.bench.timing import interleave

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

PAGE_SIZE: Final = 50
CONCURRENCY: Final = 10
SEQUENTIAL: Final = "sequential"
ASYNC: Final = "AsyncClient"
_SERVER_SECONDS: Final = 1800.0  # the server's own deadline: it stops by then whatever happens here


def measure(
    records: int, runs: int, client_module: ModuleType, *, page_delay: float = 0.05, warm_up: bool = True
) -> Measurement:
    """Walk every record `runs` times per variant (in turn) against one slow local server."""
    payments = attribute(client_module, "api.payments.list_customer_payments")
    pages = -(-records // PAGE_SIZE) + CONCURRENCY  # the walk's pages, and what a walk ahead may ask for past them
    budget = (runs + 1) * 3 * pages + 100
    texts = data.record_texts(records)
    server = LocalServer(
        {}, max_requests=budget, max_seconds=_SERVER_SECONDS, pages={LIST_PATH: texts}, page_delay=page_delay
    )
    with server:
        sync_client = client_module.Client(server.url, token=TOKEN, ow_id=OW_ID)
        async_client = client_module.AsyncClient(server.url, token=TOKEN, ow_id=OW_ID)
        loop = asyncio.new_event_loop()
        try:

            def walk(concurrency: int) -> Callable[[], float]:
                def run() -> float:
                    start = time.perf_counter()
                    count = sum(
                        1 for _ in payments.sync_iter(client=sync_client, limit=PAGE_SIZE, concurrency=concurrency)
                    )
                    return _checked(time.perf_counter() - start, count, records)

                return run

            async def awalk() -> int:
                items = payments.asyncio_iter(client=async_client, limit=PAGE_SIZE, concurrency=CONCURRENCY)
                return sum([1 async for _ in items])

            def async_run() -> float:
                start = time.perf_counter()
                count = loop.run_until_complete(awalk())
                return _checked(time.perf_counter() - start, count, records)

            variants: dict[str, Callable[[], float]] = {
                CLIENT: walk(CONCURRENCY),
                ASYNC: async_run,
                SEQUENTIAL: walk(1),
            }
            samples = interleave(variants, runs, warm_up=warm_up)
        finally:
            sync_client.close()
            loop.run_until_complete(async_client.aclose())
            loop.close()
    delay = f"{page_delay * 1e3:.0f} ms"
    return Measurement(
        key="bulk",
        title=f"Bulk export: {records:,} payments in pages of {PAGE_SIZE}, each page answered after {delay}",
        unit=f"every record of `list_customer_payments`, {-(-records // PAGE_SIZE)} pages (wall clock)",
        items=records,
        subject=Variant(CLIENT, f"`sync_iter(limit={PAGE_SIZE}, concurrency={CONCURRENCY})`", samples[CLIENT]),
        baselines=(
            Variant(SEQUENTIAL, f"`sync_iter(limit={PAGE_SIZE})`: one page after another", samples[SEQUENTIAL]),
        ),
        extras=(
            Variant(
                ASYNC,
                f"`asyncio_iter(limit={PAGE_SIZE}, concurrency={CONCURRENCY})` on an `AsyncClient`",
                samples[ASYNC],
            ),
        ),
    )


def _checked(seconds: float, count: int, records: int) -> float:
    """Return the seconds of a walk that got every record; fail the bench for one that did not."""
    if count != records:
        message = f"the bulk export walked {count} records of {records}"
        raise AssertionError(message)
    return seconds
