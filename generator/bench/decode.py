"""Decode: a list-customer-payments body, from bytes to typed objects, for each size.

Timed in a process that holds 100,000 other live objects the collector tracks, collector on, as a service runs;
the setup before them (bodies, baselines) is frozen out of the collector's sight (`gc.freeze()`), so it bills no
run. Each run's result is freed after its clock stops.
"""

from __future__ import annotations

import gc
import json
from typing import TYPE_CHECKING, Any, Final

import httpx2

from generator.bench import data
from generator.bench.baselines import Baselines, attribute
from generator.bench.results import (
    CLIENT,
    CLIENT_READ,
    CONSUMER,
    FROM_JSON,
    JSON_LOADS,
    PYDANTIC,
    STOCK,
    Measurement,
    Variant,
)
from generator.bench.timing import CPU, Clock, interleave, timed

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import ModuleType

URL: Final = "https://app.iqm.com/api/v3/fa/customer/payments/list"
LIVE_OBJECTS: Final = 100_000  # what else the process holds while it decodes


class _Live:
    """One of the other objects a service holds: small, and tracked by the collector (it could be in a cycle)."""

    __slots__ = ("value",)

    def __init__(self, value: int) -> None:
        self.value = value


def response_for(body: bytes) -> httpx2.Response:
    """Build the response an endpoint call would hand to its parser: read, JSON, attached to its request."""
    return httpx2.Response(
        200, content=body, headers={"content-type": "application/json"}, request=httpx2.Request("GET", URL)
    )


def decoders(body: bytes, client: ModuleType, baselines: Baselines) -> dict[str, Callable[[], Any]]:
    """Return one call per variant that decodes `body` as that variant's user would get it, keyed by variant name."""
    ours = attribute(client, "api.payments.list_customer_payments")
    stock = attribute(baselines.stock, "api.payments.list_customer_payments")
    stock_client = baselines.stock.Client(base_url="https://app.iqm.com")
    pydantic_model = baselines.pydantic.CustomerPaymentListResponse
    envelope = attribute(client, "models").CustomerPaymentListResponse
    response = response_for(body)
    return {
        # The endpoint's own parser: status and envelope check, JSON with exact money, the typed models.
        CLIENT: lambda: ours.parse_response(response),  # the step after the HTTP exchange
        # The same, then every timestamp read: the client makes each datetime on its first read.
        CLIENT_READ: lambda: _read_timestamps(ours.parse_response(response)),
        # What a finance job does with a page: decode it, read every timestamp, and sum every amount.
        CONSUMER: lambda: _consume(ours.parse_response(response)),
        # The public decode of bytes already held.
        FROM_JSON: lambda: envelope.from_json(body),
        JSON_LOADS: lambda: json.loads(body),
        PYDANTIC: lambda: pydantic_model.model_validate_json(body),
        STOCK: lambda: stock._parse_response(client=stock_client, response=response),  # noqa: SLF001 - the stock step after the exchange
    }


def _read_timestamps(page: Any) -> Any:  # noqa: ANN401 - the client's CustomerPaymentPage
    """Read the three timestamps of every payment of a decoded page; return the page."""
    for payment in page.data:
        _ = payment.created_at, payment.payment_date, payment.modified_at
    return page


def _consume(page: Any) -> Any:  # noqa: ANN401 - the client's CustomerPaymentPage
    """Read every timestamp and sum every amount of a decoded page, as a reconciliation does; return the page."""
    total = 0
    for payment in page.data:
        _ = payment.created_at, payment.payment_date, payment.modified_at
        total += payment.payment_amount
    return page


def _count(name: str, decoded: Any) -> int:  # noqa: ANN401 - each variant decodes to its own types
    """How many records a variant decoded: the sanity check that each one decoded the whole body."""
    if name in (CLIENT, CLIENT_READ, CONSUMER):
        return len(decoded.data)  # the client unwraps the envelope: a CustomerPaymentPage
    if name == JSON_LOADS:
        return len(decoded["data"]["data"])
    return len(decoded.data.data)


def measure(
    sizes: Sequence[int], runs: int, client: ModuleType, baselines: Baselines, clock: Clock = CPU
) -> list[Measurement]:
    """Time every decoder on a body of each size; each run decodes the whole body once."""
    measurements = []
    for size in sizes:
        body = data.list_body(size)
        calls = decoders(body, client, baselines)
        for name, call in calls.items():
            if _count(name, call()) != size:
                message = f"{name} decoded a wrong number of records from a body of {size}"
                raise AssertionError(message)
        samples = _timed_among_live_objects(calls, runs, clock)
        measurements.append(
            Measurement(
                key=f"decode-{size}",
                title=f"Decode {size:,} records",
                unit=f"one body of {size:,} records, {len(body) / 1e6:.1f} MB",
                items=size,
                subject=Variant(
                    CLIENT,
                    "the endpoint's parser: status and envelope checks, typed models with exact money and aware times",
                    samples[CLIENT],
                ),
                baselines=(
                    Variant(
                        JSON_LOADS, "`json.loads(body)`: untyped dicts, float money, int times", samples[JSON_LOADS]
                    ),
                    Variant(
                        PYDANTIC, "datamodel-code-generator models, `model_validate_json(body)`", samples[PYDANTIC]
                    ),
                    Variant(STOCK, "the stock endpoint's parser: `response.json()` and `from_dict`", samples[STOCK]),
                ),
                extras=(
                    Variant(
                        CONSUMER,
                        "the endpoint's parser, then every timestamp read and every amount summed (a consumer's loop)",
                        samples[CONSUMER],
                    ),
                    Variant(
                        FROM_JSON,
                        "`CustomerPaymentListResponse.from_json(body)`: bytes already held",
                        samples[FROM_JSON],
                    ),
                    Variant(
                        CLIENT_READ,
                        "the endpoint's parser, then the three timestamps of every record read (not a target)",
                        samples[CLIENT_READ],
                    ),
                ),
            )
        )
        del body, calls
    return measurements


def _timed_among_live_objects(calls: dict[str, Callable[[], Any]], runs: int, clock: Clock) -> dict[str, Any]:
    """Time every call, in turn, with the setup frozen and LIVE_OBJECTS tracked objects alive beside the runs."""
    gc.collect()
    gc.freeze()  # the bodies, baselines and imports so far: setup, which no run should pay to scan
    live = [_Live(index) for index in range(LIVE_OBJECTS)]
    try:
        return interleave({name: timed(call, clock) for name, call in calls.items()}, runs)
    finally:
        del live
        gc.unfreeze()
