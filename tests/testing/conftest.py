"""Fixtures for the tests of `iqm_finance_client.testing`: a fake with one customer, and clients acting on it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from iqm_finance_client.testing import FakeFinanceAPI

if TYPE_CHECKING:
    from collections.abc import Iterator

    from iqm_finance_client import Client

PAYMENT_DAY = dt.date(2026, 1, 2)


@pytest.fixture
def fake() -> FakeFinanceAPI:
    """A fresh fake: the organization alone, the clock at 2026-01-01T00:00:00Z."""
    return FakeFinanceAPI()


@pytest.fixture
def customer(fake: FakeFinanceAPI) -> int:
    """The owId of a customer of the fake, named Acme, with no money yet."""
    return fake.add_customer(name="Acme")


@pytest.fixture
def client(fake: FakeFinanceAPI) -> Iterator[Client]:
    """A client acting as the organization, wired to the fake in process; retries wait nothing."""
    with fake.client(retry_sleep=lambda _seconds: None) as client:
        yield client


@pytest.fixture
def customer_client(fake: FakeFinanceAPI, customer: int) -> Iterator[Client]:
    """A client acting as the customer's own app (`X-IAA-OW-ID` is the customer)."""
    with fake.client(ow_id=customer, retry_sleep=lambda _seconds: None) as client:
        yield client
