"""What the generated code hands the runtime as it loads, so that no runtime module imports a generated one.

The runtime (`overrides/runtime/`) is written, type-checked and tested apart from what the templates render, so
it names no generated module; two things of the generated package reach it through here:

- the models: `models/__init__.py` registers its lookup of a model by name (`register_models`), which `_wire`
  resolves the models' annotations with. A model's module is inside that package, so the lookup is registered
  before any model can be decoded.
- the clients: the package's `__init__.py` registers `Client` and `AsyncClient` (`register_clients`), which the
  fake (`iqm_finance_client.testing`) builds; a subpackage is imported after its package's `__init__.py`.

Standard library only: the package's `__init__.py` imports this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["clients", "model", "register_clients", "register_models"]

# One entry each once the generated package has loaded: the models' lookup, and (Client, AsyncClient).
_MODELS: Final[list[Callable[[str], Any]]] = []
_CLIENTS: Final[list[tuple[type[Any], type[Any]]]] = []


def register_models(lookup: Callable[[str], Any]) -> None:
    """Register the lookup of a model, an enum or a type alias by its name (raising AttributeError for no such name)."""
    _MODELS[:] = [lookup]  # a reloaded models package replaces its lookup


def model(name: str) -> Any:  # noqa: ANN401 -- a model class, an enum or a type alias
    """Return the model called `name`; LookupError when no models are registered or none has that name."""
    if not _MODELS:
        message = f"no models registered: {name!r} cannot be looked up"
        raise LookupError(message)
    try:
        return _MODELS[0](name)
    except AttributeError:
        message = f"no model named {name!r}"
        raise LookupError(message) from None


def register_clients(client: type[Any], async_client: type[Any]) -> None:
    """Register the package's `Client` and `AsyncClient`."""
    _CLIENTS[:] = [(client, async_client)]


def clients() -> tuple[type[Any], type[Any]]:
    """Return the registered `(Client, AsyncClient)`; LookupError when the package has registered none."""
    if not _CLIENTS:
        message = "no clients registered: import the generated package (iqm_finance_client) first"
        raise LookupError(message)
    return _CLIENTS[0]
