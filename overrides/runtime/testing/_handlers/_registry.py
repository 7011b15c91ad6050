"""How a handler says which operation it serves, and the one registry of them, checked against the spec."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, TypeAlias

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from .._call import Call

__all__ = ["Handler", "HandlerSetError", "Handlers", "merge"]

Handler: TypeAlias = "Callable[[Call], Any]"


class HandlerSetError(Exception):
    """The handlers do not match the operations: one is served twice, not at all, or is not in the spec."""


class Handlers:
    """The handlers of one tag of the spec, each declared with the operationId it serves."""

    def __init__(self, tag: str) -> None:
        """Start an empty set for the operations of `tag`."""
        self.tag: Final = tag
        self.by_operation: dict[str, Handler] = {}

    def add(self, operation_id: str, handler: Handler) -> None:
        """Declare that `handler` serves `operation_id`; a second handler for it is refused."""
        if operation_id in self.by_operation:
            message = f"{operation_id} has two handlers in {self.tag!r}"
            raise HandlerSetError(message)
        self.by_operation[operation_id] = handler

    def serves(self, operation_id: str) -> Callable[[Handler], Handler]:
        """Decorate the handler of `operation_id`: `@handlers.serves("listPayments")`."""

        def declare(handler: Handler) -> Handler:
            self.add(operation_id, handler)
            return handler

        return declare


def merge(groups: Iterable[Handlers], operation_ids: Iterable[str]) -> Mapping[str, Handler]:
    """Merge the tags' handlers into one registry: every operation exactly one handler, and no other handler."""
    merged: dict[str, Handler] = {}
    owners: dict[str, str] = {}
    for group in groups:
        for operation_id, handler in group.by_operation.items():
            if operation_id in merged:
                message = f"{operation_id} has two handlers, in {owners[operation_id]!r} and {group.tag!r}"
                raise HandlerSetError(message)
            merged[operation_id] = handler
            owners[operation_id] = group.tag
    wanted = set(operation_ids)
    missing, unknown = sorted(wanted - merged.keys()), sorted(merged.keys() - wanted)
    if missing or unknown:
        message = f"the handlers do not match the spec: no handler for {missing}, handlers of unknown {unknown}"
        raise HandlerSetError(message)
    return merged
