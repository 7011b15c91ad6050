"""The wire hints: the `x-` keys of spec/openapi.yaml that make a property's Python side differ from its wire.

One table, read by lint (what a hint may hold), by the per-field plans the templates print (`field_plans`) and
checked against the runtime's fast decode (`_wire.KINDS`). A *kind* is a conversion the client adds between the
wire and Python: its hint and value select it, and it says the Python type of the attribute, the type a
constructor or resource method takes, the functions that decode and encode it, and the check `to_dict` makes.
Adding a kind is one entry here and, when the fast decode is to take it, one in `_wire.KINDS`.

Besides the kinds, two hints rename: `x-python-name` (the attribute's name) and `x-wire-aliases` (further wire
names of one property, all sent, any read).
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

PYTHON_NAME_HINT = "x-python-name"
WIRE_ALIASES_HINT = "x-wire-aliases"
# Every x-python-* key the templates read: `x-python-type` selects kinds, `x-python-name` renames.
PYTHON_TYPE_HINT = "x-python-type"
_PYTHON_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_WIRE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class WireKind:
    """One conversion between a wire value and a Python one, and the hint that asks for it.

    `name` is what the generated model registers with the runtime (`_wire.describe`); `python_type` annotates the
    attribute, `argument_type` what the model's constructor and a resource method's body argument take (wider for
    money: a converter makes the Decimal). `decode` and `encode` are runtime functions of one argument (`encode`
    None: the value goes out as it is; `encode_to_string` is used instead when the wire type is a string).
    `check` is the kind `_checks.field` checks before sending (None: the converter checked it already).
    """

    name: str
    hint: str
    value: str | bool
    schema_type: str | None  # the JSON type the hint must sit on, or None for any
    python_type: str
    argument_type: str
    decode: str
    encode: str | None = None
    encode_to_string: str | None = None
    check: str | None = None
    converter: str | None = None  # runtime function the attrs field converts through (`_fields.money`)
    optional_converter: str | None = None  # ditto for a field that may be UNSET

    def selected_by(self, hint: str, value: object) -> bool:
        """Whether the hint `hint: value` asks for this kind (`true` is a bool, not 1)."""
        return hint == self.hint and type(value) is type(self.value) and value == self.value


KINDS: tuple[WireKind, ...] = (
    WireKind(
        name="money",
        hint="x-money",
        value=True,
        schema_type="number",
        python_type="Decimal",
        argument_type="Decimal | int | str",
        decode="_convert.decimal_from_json",
        converter="_fields.money",
        optional_converter="_fields.optional_money",
    ),
    WireKind(
        name="epoch-milliseconds",
        hint="x-timestamp",
        value="epoch-milliseconds",
        schema_type="integer",
        python_type="datetime.datetime",
        argument_type="datetime.datetime",
        decode="_convert.datetime_from_epoch_milliseconds",
        encode="_convert.datetime_to_epoch_milliseconds",
        check="datetime",
    ),
    WireKind(
        name="epoch-seconds",
        hint="x-timestamp",
        value="epoch-seconds",
        schema_type="integer",
        python_type="datetime.datetime",
        argument_type="datetime.datetime",
        decode="_convert.datetime_from_epoch_seconds",
        encode="_convert.datetime_to_epoch_seconds",
        check="datetime",
    ),
    WireKind(
        name="int",
        hint=PYTHON_TYPE_HINT,
        value="int",
        schema_type=None,
        python_type="int",
        argument_type="int",
        decode="_convert.int_from_int_or_digits",
        encode_to_string="_convert.int_to_digits",
        check="count",
    ),
    WireKind(
        name="str",
        hint=PYTHON_TYPE_HINT,
        value="str",
        schema_type=None,
        python_type="str",
        argument_type="str",
        decode="_convert.str_from_str_or_int",
        check="str",
    ),
)
# The hints that select a kind, in the order a property's hints are tried (the first kind that matches wins).
KIND_HINTS: tuple[str, ...] = tuple(dict.fromkeys(kind.hint for kind in KINDS))
KINDS_BY_NAME = {kind.name: kind for kind in KINDS}


def kind_of(hints: dict[str, object]) -> WireKind | None:
    """Return the kind a property's hints ask for, or None; hints are tried in `KIND_HINTS` order.

    Raises ValueError for a kind-selecting hint whose value no kind has (lint reports it with its place).
    """
    for hint in KIND_HINTS:
        if hint in hints:
            for kind in KINDS:
                if kind.selected_by(hint, hints[hint]):
                    return kind
            message = f"{hint_requirement(hint)}, not {hints[hint]!r}"
            raise ValueError(message)
    return None


def hint_requirement(hint: str) -> str:
    """Say what a kind-selecting hint must hold: `x-timestamp must be one of ... on a `type: integer` schema`."""
    kinds = [kind for kind in KINDS if kind.hint == hint]
    values = [kind.value for kind in kinds]
    shown = "`true`" if values == [True] else "one of " + ", ".join(str(value) for value in values)
    schema_types = {kind.schema_type for kind in kinds}
    where = f" on a `type: {schema_types.pop()}` schema" if len(schema_types) == 1 and None not in schema_types else ""
    return f"{hint} must be {shown}{where}"


def is_python_name(value: object) -> bool:
    """Whether an `x-python-name` value is a snake_case identifier that is not a keyword (it is printed as code)."""
    return isinstance(value, str) and _PYTHON_NAME.fullmatch(value) is not None and not keyword.iskeyword(value)


def is_wire_aliases(value: object) -> bool:
    """Whether an `x-wire-aliases` value is a non-empty list of property names."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, str) and _WIRE_NAME.fullmatch(item) for item in value)
    )
