"""`fake.client()` and `fake.async_client()`: real clients of the package, built with the fake's transports."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iqm_finance_client.testing import FakeFinanceAPI


def test_the_fakes_clients_are_still_built(fake: FakeFinanceAPI) -> None:
    """Built with the Client's checks of every option: a call goes through, and each has its own httpx2 client."""
    with fake.client() as client, fake.async_client() as async_client:
        assert client.balance.get_available_balance() is not None
        assert async_client.get_async_httpx_client() is not client.get_httpx_client()
