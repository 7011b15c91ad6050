"""`_registry`: how the runtime finds the generated models and clients without importing a generated module."""

from __future__ import annotations

import pytest

from iqm_finance_client import _registry, _wire


class Payment:
    """A stand-in for a generated model."""


class Client:
    """A stand-in for the generated Client."""


class AsyncClient:
    """A stand-in for the generated AsyncClient."""


def lookup(name: str) -> type:
    """A models lookup as the generated `models/__init__.py` has: AttributeError for no such model."""
    if name == "Payment":
        return Payment
    raise AttributeError(name)


@pytest.mark.usefixtures("registry")
def test_before_registration_a_lookup_says_what_is_missing():
    with pytest.raises(LookupError, match="no models registered: 'Payment'"):
        _registry.model("Payment")
    with pytest.raises(LookupError, match=r"no clients registered: import the generated package"):
        _registry.clients()


@pytest.mark.usefixtures("registry")
def test_a_registered_lookup_finds_models_and_refuses_other_names():
    _registry.register_models(lookup)
    assert _registry.model("Payment") is Payment
    with pytest.raises(LookupError, match="no model named 'Credit'"):
        _registry.model("Credit")


@pytest.mark.usefixtures("registry")
def test_registering_again_replaces_the_lookup_and_the_clients():
    _registry.register_models(lambda _: int)
    _registry.register_models(lookup)
    assert _registry.model("Payment") is Payment
    _registry.register_clients(AsyncClient, Client)
    _registry.register_clients(Client, AsyncClient)
    assert _registry.clients() == (Client, AsyncClient)


@pytest.mark.usefixtures("registry")
def test_the_fast_decode_resolves_annotations_through_the_registry():
    namespace = _wire._ModelNamespace()
    with pytest.raises(KeyError):  # nothing registered: the annotation falls back to the model module's names
        namespace["Payment"]
    _registry.register_models(lookup)
    assert namespace["Payment"] is Payment
    with pytest.raises(KeyError):
        namespace["Decimal"]  # not a model: left to the model module's own globals
