"""Every contract of `test_operations`, run again through the resource client (`client.<tag>.<operation>(...)`).

Each contract calls its operation's module function (`<operation>.sync(client=..., body=Model(...))`). Here that
function is routed to the resource method, with the body model's fields as keyword arguments (and `*_detailed`
to `with_raw_response`), so the same arguments reach Prism the resource way and the same assertions judge what
comes back; a sample runs through `AsyncClient` as well.
"""

from __future__ import annotations

import asyncio
import importlib
import pkgutil
import warnings
from typing import Any

import attrs
import pytest

import iqm_finance_client.api
from iqm_finance_client import AsyncClient, Client
from iqm_finance_client.types import Response, Unset

from .conftest import OW_ID, TOKEN
from .test_operations import ASYNC_CONTRACTS, CONTRACTS, assert_prism_accepted

MODULES = {
    module.name.rpartition(".")[2]: (module.name.split(".")[2], importlib.import_module(module.name))
    for module in pkgutil.walk_packages(iqm_finance_client.api.__path__, "iqm_finance_client.api.")
    if not module.ispkg
}


def _fields(body: object) -> dict[str, Any]:
    """A body model as the resource methods take it: its set fields as keyword arguments."""
    if body is None or isinstance(body, Unset):
        return {}
    # Copying every field reads the deprecated ones too (VldFeesUpdate.vld_markup_type), which warns by design.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        values = {field.name: getattr(body, field.name) for field in attrs.fields(type(body))}
    del values["additional_properties"]
    return {name: value for name, value in values.items() if not isinstance(value, Unset)}


def _async_twin(client: Client) -> AsyncClient:
    """An AsyncClient with the options of `client` (its extra headers too) and its async transport."""
    return AsyncClient(
        client.base_url,
        token=TOKEN,
        ow_id=OW_ID,
        max_retries=0,
        headers=client._headers,
        async_transport=client._async_transport,
    )


@pytest.fixture
def routed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Route every module `sync` to `Client` resources and `asyncio` to `AsyncClient` ones; list what went there."""
    calls: list[str] = []
    for name, (tag, module) in MODULES.items():

        def sync(*args: Any, client: Client, body: object = None, _tag=tag, _name=name, **kwargs: Any) -> Any:
            calls.append(_name)
            return getattr(getattr(client, _tag), _name)(*args, **_fields(body), **kwargs)

        async def asyncio_(*args: Any, client: Client, body: object = None, _tag=tag, _name=name, **kwargs: Any) -> Any:
            calls.append(_name)
            return await getattr(getattr(_async_twin(client), _tag), _name)(*args, **_fields(body), **kwargs)

        def sync_detailed(*args: Any, client: Client, body: object = None, _tag=tag, _name=name, **kwargs: Any) -> Any:
            calls.append(_name)
            method = getattr(getattr(client, _tag).with_raw_response, _name)
            raw = method(*args, **_fields(body), **kwargs)
            parsed = raw.parse() if raw.http_response.is_success else None
            return Response(status_code=raw.status_code, content=raw.read(), headers=raw.headers, parsed=parsed)

        async def asyncio_detailed(
            *args: Any, client: Client, body: object = None, _tag=tag, _name=name, **kwargs: Any
        ) -> Any:
            calls.append(_name)
            method = getattr(getattr(_async_twin(client), _tag).with_raw_response, _name)
            raw = await method(*args, **_fields(body), **kwargs)
            parsed = await raw.parse() if raw.http_response.is_success else None
            return Response(status_code=raw.status_code, content=await raw.read(), headers=raw.headers, parsed=parsed)

        for function in (sync, asyncio_, sync_detailed, asyncio_detailed):
            monkeypatch.setattr(module, function.__name__.rstrip("_"), function)
    return calls


@pytest.mark.parametrize("operation_id", sorted(CONTRACTS))
def test_the_resource_client_passes_every_contract(operation_id, client, transport, spec_operations, routed) -> None:
    CONTRACTS[operation_id](client)
    assert routed, "the contract made no call through a resource"
    assert_prism_accepted(transport.exchanges, spec_operations[operation_id])


@pytest.mark.parametrize("operation_id", sorted(ASYNC_CONTRACTS))
def test_the_async_resource_client_passes_the_async_contracts(
    operation_id, prism_static, make_async_transport, spec_operations, routed
) -> None:
    async def run() -> list:
        transport = make_async_transport()
        try:
            async with prism_static.client(async_transport=transport) as client:
                await ASYNC_CONTRACTS[operation_id](client)
        finally:
            await transport.aclose()
        return transport.exchanges

    assert_prism_accepted(asyncio.run(run()), spec_operations[operation_id])
    assert routed
