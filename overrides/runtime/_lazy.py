"""`lazy_attribute`: an attribute built on its first read and then kept in the instance, taking no lock.

The resources of `Client` and `AsyncClient` (`client.payments`, ...) and of each resource
(`with_raw_response`, ...) are built this way rather than by `functools.cached_property`, whose lock on
Python 3.11 is shared by every instance of the class, so a fork taken while another thread held it left the
child waiting for ever.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar, final, overload

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Self

__all__ = ["LazyAttribute", "lazy_attribute"]

O = TypeVar("O")  # noqa: E741 -- the owner's type
R = TypeVar("R")


@final
class LazyAttribute(Generic[O, R]):
    """An attribute built on first read and then stored in the instance, with no lock (see `lazy_attribute`)."""

    def __init__(self, build: Callable[[O], R]) -> None:
        self._build = build
        self._name = build.__name__
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type[O], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, instance: None, owner: type[O]) -> Self: ...

    @overload
    def __get__(self, instance: O, owner: type[O]) -> R: ...

    def __get__(self, instance: O | None, owner: type[O]) -> Self | R:
        """Build the value on first read and keep it in the instance's `__dict__`, where later reads find it."""
        if instance is None:
            return self
        value = self._build(instance)
        # Two threads reading at once may both build; setdefault keeps the first, so both return the same one.
        result: R = instance.__dict__.setdefault(self._name, value)
        return result


def lazy_attribute(build: Callable[[O], R]) -> LazyAttribute[O, R]:
    """Make a method an attribute built on its first read and then stored in the instance.

    Unlike `functools.cached_property` on Python 3.11, which takes a lock shared by every instance of the
    class, this takes none: a fork made while another thread builds the attribute leaves no lock taken in
    the child. It is a non-data descriptor, so once stored the instance's value is read with no call at all.
    """
    return LazyAttribute(build)
