"""Proxies: the environment's variables (as httpx2 reads them), `proxy=`, retries through a proxy, fork, close.

A real recording proxy and a real target server, both on 127.0.0.1 (httpx2 exempts no address by itself:
only `NO_PROXY` does, so 127.0.0.1 goes through the proxy unless the test says otherwise).
"""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING

import httpx2
import pytest

from iqm_finance_client import AsyncClient, Client, _pools, _proxies
from iqm_finance_client._exceptions import ClientConfigurationError
from tests.client.forking import fork, wait_all
from tests.client.local_servers import LocalServer, RecordingProxy

if TYPE_CHECKING:
    from collections.abc import Iterator

TOKEN = "t0k3n-proxy"  # noqa: S105 -- a made-up token
OW_ID = 42
PATH = "/api/v3/fa/available-balance"


@pytest.fixture
def target() -> Iterator[LocalServer]:
    """The API's stand-in: an echo server on 127.0.0.1 answering each call with its `X-IAA-OW-ID`."""
    server = LocalServer()
    yield server
    server.close()


@pytest.fixture
def proxy() -> Iterator[RecordingProxy]:
    """A recording HTTP proxy on 127.0.0.1 that forwards to its target."""
    server = RecordingProxy()
    yield server
    server.close()


def make_client(target: LocalServer, **options: object) -> Client:
    options.setdefault("ow_id", OW_ID)
    return Client(target.url, token=TOKEN, timeout=10, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"])
def test_a_proxy_variable_sends_every_call_through_the_proxy(monkeypatch, target, proxy, variable):
    monkeypatch.setenv(variable, proxy.url)

    with make_client(target) as client:
        assert client.balance.get_available_balance() == OW_ID

    (seen,) = proxy.requests
    assert seen.target.startswith(f"{target.url}{PATH}?")  # absolute-form: a request for a proxy
    assert seen.headers["authentication"] == f"Bearer {TOKEN}"  # the target's origin: a proxy is no other origin
    assert len(target.requests) == 1  # forwarded


def test_https_proxy_is_not_used_for_an_http_base_url(monkeypatch, target, proxy):
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)

    with make_client(target) as client:
        assert client.balance.get_available_balance() == OW_ID

    assert proxy.requests == []
    assert len(target.requests) == 1


@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "localhost,127.0.0.1", "*", "http://127.0.0.1"])
def test_no_proxy_goes_direct(monkeypatch, target, proxy, no_proxy):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", no_proxy)

    with make_client(target) as client:
        assert client.balance.get_available_balance() == OW_ID

    assert proxy.requests == []
    assert len(target.requests) == 1


def test_no_proxy_for_another_host_still_proxies(monkeypatch, target, proxy):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("no_proxy", "example.com,10.0.0.0/8")

    with make_client(target) as client:
        assert client.balance.get_available_balance() == OW_ID

    assert len(proxy.requests) == 1


def test_a_get_is_retried_through_the_proxy(monkeypatch, target, proxy):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    proxy.queued.extend([503, 502])
    waits: list[float] = []

    with make_client(target, retry_sleep=waits.append) as client:
        assert client.balance.get_available_balance() == OW_ID

    assert len(proxy.requests) == 3  # two failures answered by the proxy, then forwarded
    assert len(target.requests) == 1
    assert waits == [0.0, 0.0]  # the proxy's Retry-After: 0


def test_a_post_through_the_proxy_is_not_retried(monkeypatch, target, proxy):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    proxy.queued.append(503)

    with make_client(target) as client:
        response = client.get_httpx_client().post(PATH, content=b"{}")

    assert response.status_code == 503
    assert len(proxy.requests) == 1


def test_an_explicit_proxy_wins_over_the_environment(monkeypatch, target, proxy):
    other = RecordingProxy()
    try:
        monkeypatch.setenv("HTTP_PROXY", other.url)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # the environment's exemption is not the explicit proxy's
        with make_client(target, proxy=proxy.url) as client:
            assert client.proxy is not None
            assert client.balance.get_available_balance() == OW_ID
            with client.with_options(ow_id=7) as copy:  # a copy keeps the proxy
                assert copy.balance.get_available_balance() == 7
    finally:
        other.close()

    assert [request.headers["x-iaa-ow-id"] for request in proxy.requests] == [str(OW_ID), "7"]
    assert other.requests == []


@pytest.mark.parametrize("given", ["url", "httpx2.URL", "httpx2.Proxy"])
def test_proxy_takes_a_url_or_an_httpx2_proxy(target, proxy, given):
    value = {"url": proxy.url, "httpx2.URL": httpx2.URL(proxy.url), "httpx2.Proxy": httpx2.Proxy(proxy.url)}[given]

    with make_client(target, proxy=value) as client:
        assert client.balance.get_available_balance() == OW_ID

    assert len(proxy.requests) == 1


def test_a_transport_of_yours_is_not_given_the_environments_proxy(monkeypatch, target, proxy):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)

    with httpx2.HTTPTransport() as transport, make_client(target, transport=transport) as client:
        assert client.balance.get_available_balance() == OW_ID

    assert proxy.requests == []
    assert len(target.requests) == 1


def test_trust_env_false_ignores_the_proxy_variables(monkeypatch, target, proxy):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)

    with make_client(target, trust_env=False) as client:
        assert client.balance.get_available_balance() == OW_ID
        with client.with_options(ow_id=5) as copy:  # kept by copies
            assert copy.balance.get_available_balance() == 5

    assert proxy.requests == []


def test_async_calls_go_through_the_proxy_and_are_retried(monkeypatch, target, proxy):
    monkeypatch.setenv("http_proxy", proxy.url)
    proxy.queued.append(503)
    waits: list[float] = []

    async def sleep(delay: float) -> None:
        waits.append(delay)

    async def run() -> object:
        async with AsyncClient(target.url, token=TOKEN, ow_id=OW_ID, timeout=10, async_retry_sleep=sleep) as client:
            return await client.balance.get_available_balance()

    assert asyncio.run(run()) == OW_ID
    assert len(proxy.requests) == 2
    assert waits == [0.0]
    assert proxy.requests[1].target.startswith(f"{target.url}{PATH}?")


def test_close_closes_the_proxy_pools(monkeypatch, target, proxy):
    built: list[tuple[httpx2.Proxy | None, httpx2.HTTPTransport]] = []
    real = _pools.pool_transport

    def recording(proxy_: httpx2.Proxy | None = None) -> httpx2.HTTPTransport:
        transport = real(proxy_)
        built.append((proxy_, transport))
        return transport

    monkeypatch.setattr(_pools, "pool_transport", recording)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    client = make_client(target)
    assert client.balance.get_available_balance() == OW_ID

    (through_proxy,) = [transport for proxy_, transport in built if proxy_ is not None]
    connections = through_proxy._pool.connections  # httpx2's pool: the one open connection, to the proxy
    assert len(connections) == 1
    client.close()
    assert through_proxy._pool.connections == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_opens_its_own_connection_to_the_proxy(monkeypatch, target, proxy):
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    with make_client(target, max_retries=0) as client:
        assert client.balance.get_available_balance() == OW_ID
        pids = [
            fork(lambda value=value: client.with_options(ow_id=value).balance.get_available_balance() == value)
            for value in (101, 102, 103)
        ]
        codes = wait_all(pids, deadline=30)
        assert client.balance.get_available_balance() == OW_ID

    assert codes == dict.fromkeys(pids, 0)
    first, *children, last = proxy.requests
    assert sorted(request.headers["x-iaa-ow-id"] for request in children) == ["101", "102", "103"]
    assert first.peer_port == last.peer_port  # the parent kept its own connection to the proxy
    assert first.peer_port not in {request.peer_port for request in children}


# --- reading the variables ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "environment",
    [
        {},
        {"HTTP_PROXY": "http://proxy.corp:3128"},
        {"https_proxy": "proxy.corp:3128", "NO_PROXY": "localhost, .internal.example,10.1.2.3,::1"},
        {"ALL_PROXY": "http://user:pw@proxy.corp:8080", "no_proxy": "http://api.example,192.168.0.1"},
        {"HTTP_PROXY": "http://p:1", "NO_PROXY": "a.example,*"},
    ],
)
def test_the_fallback_reads_the_variables_as_httpx2_does(monkeypatch, environment):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    assert _proxies._read_proxy_variables() == _proxies.environment_proxies()


def test_the_fallback_reads_wildcards_and_bracketed_addresses_as_the_newest_httpx2(monkeypatch):
    """httpx2 2.0.0 made `all://**.example.com` and `all://*[::1]` of these; later versions what is below."""
    monkeypatch.setenv("HTTP_PROXY", "http://p:1")
    monkeypatch.setenv("NO_PROXY", "*.example.com,[::1]")

    assert _proxies._read_proxy_variables() == {
        "http://": "http://p:1",
        "all://*.example.com": None,
        "all://[::1]": None,
    }


@pytest.mark.parametrize(("variable", "value"), [("HTTPS_PROXY", "ftp://proxy.corp"), ("ALL_PROXY", "socks4://p:1")])
def test_a_bad_proxy_variable_is_refused_naming_it(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)

    with pytest.raises(ClientConfigurationError, match=f"^the {variable} environment variable is not a proxy URL"):
        Client(token=TOKEN)
    Client(token=TOKEN, trust_env=False).close()  # ignored when the environment is not trusted
