"""Encode: add-payment request bodies built from a caller's values and serialized to the bytes sent."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from generator.bench import data
from generator.bench.baselines import Baselines, attribute
from generator.bench.results import CLIENT, PYDANTIC, STOCK, Measurement, Variant
from generator.bench.timing import CPU, Clock, interleave, timed

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

JSON_DUMPS = "json.dumps"


def _httpx_json(value: object) -> bytes:
    """Serialize as httpx does for `json=` (what the stock client hands httpx)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def encoders(inputs: list[data.PaymentInput], client: ModuleType, baselines: Baselines) -> dict[str, Callable[[], Any]]:
    """Return one call per variant that builds and serializes a body for every input, keyed by variant name."""
    ours = attribute(client, "api.payments.add_customer_payment")
    ours_model = attribute(client, "models.CustomerPaymentCreate")
    stock = attribute(baselines.stock, "api.payments.add_customer_payment")
    stock_model = attribute(baselines.stock, "models.CustomerPaymentCreate")
    stock_unset = attribute(baselines.stock, "types.UNSET")
    pydantic_model = baselines.pydantic.CustomerPaymentCreate

    def client_bodies() -> list[bytes]:
        return [
            ours.build_request(  # the endpoint's request builder: model to the bytes sent
                body=ours_model(
                    ow_id=item.ow_id,
                    payment_amount=item.amount,
                    payment_date=item.payment_date,
                    payment_mode=item.payment_mode,
                    transaction_id=item.transaction_id,
                    payment_type=item.payment_type,
                    **({} if item.invoice_id is None else {"invoice_id": item.invoice_id}),
                )
            ).content
            for item in inputs
        ]

    def json_bodies() -> list[bytes]:
        bodies = []
        for item in inputs:
            body: dict[str, object] = {
                "owId": item.ow_id,
                "paymentAmount": item.amount_float,
                "paymentDate": item.payment_date.isoformat(),
                "paymentMode": item.payment_mode,
                "transactionId": item.transaction_id,
                "paymentType": item.payment_type,
            }
            if item.invoice_id is not None:
                body["invoiceId"] = item.invoice_id
            bodies.append(_httpx_json(body))
        return bodies

    def pydantic_bodies() -> list[bytes]:
        return [
            pydantic_model(
                owId=item.ow_id,
                paymentAmount=item.amount,
                paymentDate=item.payment_date,
                paymentMode=item.payment_mode,
                transactionId=item.transaction_id,
                paymentType=item.payment_type,
                invoiceId=item.invoice_id,
            )
            .model_dump_json(exclude_none=True)
            .encode()
            for item in inputs
        ]

    def stock_bodies() -> list[bytes]:
        return [
            _httpx_json(
                stock._get_kwargs(  # noqa: SLF001 - the endpoint's request builder; httpx serializes its `json`
                    body=stock_model(
                        ow_id=item.ow_id,
                        payment_amount=item.amount_float,
                        payment_date=item.payment_date,
                        payment_mode=item.payment_mode,
                        transaction_id=item.transaction_id,
                        payment_type=item.payment_type,
                        invoice_id=stock_unset if item.invoice_id is None else item.invoice_id,
                    )
                )["json"]
            )
            for item in inputs
        ]

    return {CLIENT: client_bodies, JSON_DUMPS: json_bodies, PYDANTIC: pydantic_bodies, STOCK: stock_bodies}


def measure(count: int, runs: int, client: ModuleType, baselines: Baselines, clock: Clock = CPU) -> Measurement:
    """Time building and serializing `count` add-payment bodies with each variant."""
    inputs = data.payment_inputs(count)
    calls = encoders(inputs, client, baselines)
    for name, call in calls.items():
        first = json.loads(call()[0]) if count else {}
        if count and first.get("owId") != inputs[0].ow_id:
            message = f"{name} encoded a body without the caller's owId: {first}"
            raise AssertionError(message)
    samples = interleave({name: timed(call, clock) for name, call in calls.items()}, runs)
    return Measurement(
        key="encode",
        title=f"Encode {count:,} add-payment bodies",
        unit=f"{count:,} bodies built and serialized",
        items=count,
        subject=Variant(CLIENT, "model with checked money, `build_request(body=...)`: the bytes sent", samples[CLIENT]),
        baselines=(
            Variant(
                JSON_DUMPS, "a dict of wire values, `json.dumps` as httpx does it; float money", samples[JSON_DUMPS]
            ),
            Variant(PYDANTIC, "model, `model_dump_json()`; money as a JSON string", samples[PYDANTIC]),
            Variant(
                STOCK, "model, `_get_kwargs(body=...)`, then httpx's `json=` serialization; float money", samples[STOCK]
            ),
        ),
    )
