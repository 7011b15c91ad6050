# Copied from overrides/runtime/_enums.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_enums.py, then run `nox -s generate`.
"""Forward-compatible enums: a value the server adds tomorrow is kept, visibly, instead of raising.

Generated enums subclass `OpenStrEnum` or `OpenIntEnum`:

```
class PaymentMode(OpenStrEnum):
    PAYPAL = "PayPal"
    CHECK = "Check"

PaymentMode("Check") is PaymentMode.CHECK          # a known value
PaymentMode("Cheque") is PaymentMode.CHECK         # an alias (see ALIASES)
mode = PaymentMode("Crypto")                       # unknown: kept, not an error
mode.is_unknown, mode.value, mode == "Crypto"      # True, "Crypto", True
```

An unknown value becomes a pseudo-member named `UNKNOWN` that is an instance of the enum, compares equal
to (and hashes as) its wire value, and is not listed by iteration. A value of the wrong base type (a str
for an int enum) is still a ValueError.
"""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Final, TypeVar

if TYPE_CHECKING:
    from typing import Self

__all__ = ["ALIASES", "UNKNOWN_NAME", "OpenIntEnum", "OpenStrEnum"]

UNKNOWN_NAME: Final = "UNKNOWN"

# Wire values that mean a known member, keyed by enum class name: {class name: {alias: canonical value}}.
ALIASES: dict[str, dict[object, object]] = {
    # quirk check-or-cheque: the static list labels the check payment mode "Cheque".
    "PaymentMode": {"Cheque": "Check"},
}


class OpenStrEnum(StrEnum):
    """A str enum that keeps unknown string values as `UNKNOWN` pseudo-members."""

    @classmethod
    def _missing_(cls, value: object) -> OpenStrEnum | None:
        """Resolve an alias, or make a pseudo-member for an unknown string; None (a ValueError) otherwise."""
        if not isinstance(value, str):
            return None
        raw = str.__str__(value)  # a plain str, even when handed a str subclass such as another enum
        alias = _alias(cls, raw)
        if alias is not None:
            return alias
        member = str.__new__(cls, raw)
        member._name_ = UNKNOWN_NAME
        member._value_ = raw
        return member

    @classmethod
    def from_json(cls, value: object) -> Self:
        """Return the member for a wire value; raise TypeError when the value is not a string."""
        if not isinstance(value, str):
            message = f"{cls.__name__} expects a string, got {type(value).__name__}"
            raise TypeError(message)
        return cls(value)

    @property
    def is_unknown(self) -> bool:
        """Whether this value is not one of the members the client knows (it came from a newer server)."""
        return type(self)._member_map_.get(self._name_) is not self

    def __str__(self) -> str:
        """Return the wire value, so f-strings and `str()` show `"Check"`, not `"PaymentMode.CHECK"`."""
        return str.__str__(self)

    def __format__(self, format_spec: str) -> str:
        """Format the wire value (Python versions differ on what a mixed-in enum formats)."""
        return format(str.__str__(self), format_spec)

    def __repr__(self) -> str:
        """`<PaymentMode.CHECK: 'Check'>`, and `<PaymentMode.UNKNOWN: 'Crypto'>` for an unknown value."""
        return f"<{type(self).__name__}.{self._name_}: {str.__str__(self)!r}>"


class OpenIntEnum(int, Enum):
    """An int enum that keeps unknown integer values as `UNKNOWN` pseudo-members."""

    @classmethod
    def _missing_(cls, value: object) -> OpenIntEnum | None:
        """Resolve an alias, or make a pseudo-member for an unknown int; None (a ValueError) otherwise."""
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        raw = int(value)  # a plain int, even when handed an int subclass such as another enum
        alias = _alias(cls, raw)
        if alias is not None:
            return alias
        member = int.__new__(cls, raw)
        member._name_ = UNKNOWN_NAME
        member._value_ = raw
        return member

    @classmethod
    def from_json(cls, value: object) -> Self:
        """Return the member for a wire value; raise TypeError when it is not an int (bool and float included)."""
        if isinstance(value, bool) or not isinstance(value, int):
            message = f"{cls.__name__} expects an integer, got {type(value).__name__}"
            raise TypeError(message)
        return cls(value)

    @property
    def is_unknown(self) -> bool:
        """Whether this value is not one of the members the client knows (it came from a newer server)."""
        return type(self)._member_map_.get(self._name_) is not self

    def __str__(self) -> str:
        """Return the wire value, so `str(InvoiceStatusId.PENDING)` is `"1"`."""
        return int.__repr__(self)

    def __format__(self, format_spec: str) -> str:
        """Format the wire value (Python versions differ on what a mixed-in enum formats)."""
        return format(int(self), format_spec)

    def __repr__(self) -> str:
        """`<InvoiceStatusId.PENDING: 1>`, and `<InvoiceStatusId.UNKNOWN: 6>` for an unknown value."""
        return f"<{type(self).__name__}.{self._name_}: {int.__repr__(self)}>"


_EnumT = TypeVar("_EnumT", bound=Enum)


def _alias(cls: type[_EnumT], value: object) -> _EnumT | None:
    """Return the known member an alias stands for, if `ALIASES` has one for this class and value."""
    canonical = ALIASES.get(cls.__name__, {}).get(value)
    if canonical is None:
        return None
    member = cls._value2member_map_.get(canonical)
    return member if isinstance(member, cls) else None
