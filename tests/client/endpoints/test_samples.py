"""Every 200 JSON example of the spec decodes through its operation's generated `sync` call, exactly.

The decoded tree is checked generically: no float anywhere, every datetime aware, every `x-money` value a
Decimal equal to the digits the example carries.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from iqm_finance_client import _wire
from iqm_finance_client.models import CreditSummary
from tests.client.endpoints.spec_support import (
    call_kwargs,
    json_operations,
    money_problems,
    operations,
    problems,
    unwrapped,
    wire_text,
    wire_value,
)

SAMPLES = [
    pytest.param(
        operation.operation_id, name, id=f"{operation.operation_id}-{name}" if name else operation.operation_id
    )
    for operation in json_operations()
    for name, _ in operation.examples_200()
]


def test_the_samples_cover_every_documented_200_example() -> None:
    documented = sum(len(operation.examples_200()) for operation in operations().values())
    assert len(SAMPLES) == documented
    assert documented >= 40  # the spec documents a 200 example for nearly all of its 44 operations
    named = {(values[0], values[1]) for values in (sample.values for sample in SAMPLES) if values[1]}
    assert named == {("getCustomerVldFees", "basic"), ("getCustomerVldFees", "vldFlag")}


@pytest.mark.parametrize(("operation_id", "example_name"), SAMPLES)
def test_the_sample_decodes_exactly(server, client, operation_id, example_name) -> None:
    operation = operations()[operation_id]
    example = dict(operation.examples_200())[example_name]
    server.queue_json(wire_text(example))

    result = operation.module.sync(client=client, **call_kwargs(operation))

    assert len(server.requests) == 1
    assert server.requests[0].method == operation.method
    assert problems(result) == []
    assert money_problems(result, *unwrapped(operation.ok_schema, wire_value(example))) == []


@pytest.mark.parametrize(("operation_id", "example_name"), SAMPLES)
def test_the_sample_decodes_through_the_fast_path(server, client, monkeypatch, operation_id, example_name) -> None:
    operation = operations()[operation_id]
    server.queue_json(wire_text(dict(operation.examples_200())[example_name]))
    answers: list[bool] = []
    decode = _wire.decode

    def spy(content: bytes, model: type[Any]) -> Any:
        decoded = decode(content, model)
        answers.append(decoded is not None)
        return decoded

    monkeypatch.setattr(_wire, "decode", spy)
    operation.module.sync(client=client, **call_kwargs(operation))
    assert answers == [True]  # the endpoint asked the fast decode, and it answered


def test_the_checks_are_not_vacuous() -> None:
    summary = operations()["getCreditSummary"]
    schema, wire = unwrapped(summary.ok_schema, wire_value(summary.examples_200()[0][1]))
    as_float = SimpleNamespace(used_credit=21875.37, total_credit=Decimal(50000))
    assert money_problems(as_float, schema, wire) == ["$.used_credit: money is float 21875.37, not Decimal"]
    off_by_a_cent = SimpleNamespace(used_credit=Decimal("21875.36"), total_credit=Decimal(50000))
    assert len(money_problems(off_by_a_cent, schema, wire)) == 1

    page = CreditSummary(used_credit=Decimal(1), total_credit=Decimal(2))
    page.additional_properties = {"rate": [0.5], "at": dt.datetime(2021, 9, 8)}  # noqa: DTZ001 - the point
    assert problems(page) == [
        "$.additional_properties['rate'][0]: float 0.5",
        "$.additional_properties['at']: naive datetime datetime.datetime(2021, 9, 8, 0, 0)",
    ]
