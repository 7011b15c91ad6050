"""Every send path passes `follow_redirects=False` itself, so a user's client that follows redirects never
carries the token or the workspace header to another origin."""

from __future__ import annotations

import asyncio

import httpx2
import pytest

from iqm_finance_client import AsyncClient, Client
from iqm_finance_client.api.payments import list_customer_payments
from iqm_finance_client.errors import APIStatusError
from tests.client.rawserver import TOKEN, Conn, RawServer, response


def elsewhere(conn: Conn, _head: bytes) -> bool:
    conn.send(response(b"{}"))
    return True


def redirecting_to(target: RawServer):
    def answer(conn: Conn, _head: bytes) -> bool:
        conn.send(response(b"", status="302 Found", headers={"Location": f"{target.url}/stolen"}))
        return True

    return answer


def test_a_users_client_that_follows_redirects_is_not_followed_sync():
    with RawServer(elsewhere) as other, RawServer(redirecting_to(other)) as server:
        http = httpx2.Client(base_url=server.url, follow_redirects=True, headers={"Authentication": f"Bearer {TOKEN}"})
        with http, Client(http_client=http) as client:
            with pytest.raises(APIStatusError) as raised:
                client.payments.list_customer_payments()
            assert raised.value.status_code == 302
            with pytest.raises(APIStatusError):
                list_customer_payments.sync(client=client)
            assert list_customer_payments.sync_detailed(client=client).status_code == 302
        assert other.heads == []  # nothing reached the other origin


def test_a_users_client_that_follows_redirects_is_not_followed_async():
    async def calls(url: str) -> list[int]:
        http = httpx2.AsyncClient(base_url=url, follow_redirects=True, headers={"Authentication": f"Bearer {TOKEN}"})
        async with http, AsyncClient(async_http_client=http) as client:
            statuses = []
            try:
                await client.payments.list_customer_payments()
            except APIStatusError as error:
                statuses.append(error.status_code)
            statuses.append((await list_customer_payments.asyncio_detailed(client=client)).status_code)
            return statuses

    with RawServer(elsewhere) as other, RawServer(redirecting_to(other)) as server:
        assert asyncio.run(calls(server.url)) == [302, 302]
        assert other.heads == []
