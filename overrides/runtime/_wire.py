"""The fast decode: JSON bytes straight into the generated attrs models, in C, whenever that gives the same result.

Each generated model registers how its fields sit on the wire (`describe`). On a model's first fast decode this
module builds a private *wire twin* of it: a subclass that shares its slots, names each slot by its wire name
and annotates it with its wire type, so msgspec decodes, type-checks and stores the JSON values in C. The
twin's `__attrs_post_init__` then converts the few values whose Python type differs from the wire's and turns
the object into the public model (`__class__` assignment: the two share one layout).

`decode` gives the model, or None when the fast path cannot vouch for the result; the caller then takes the
model's `from_dict` path, which gives the result, or the error, that the client has always given. The fast
path declines when:

- a value breaks the spec (msgspec's checks are at least as strict as `from_dict`'s), or needs a reading
  only `from_dict` has (a timestamp sent as `1.6e12`, or an amount sent as a string: msgspec reads one as a
  Decimal, but its quotes are not in the tally below);
- the body holds a key the spec does not name, which `from_dict` keeps in `additional_properties`. msgspec
  skips such keys, so the twins tally the quote characters that the keys and strings they decoded account
  for, and the body must hold exactly that many `"`: each further key adds two, and an escaped quote one;
- the envelope says `"success": false`, which `from_dict`'s caller turns into the API's error.

Each thread builds its own twins, whose tally no other thread touches: a shared tally would need a lock or a
thread-local lookup per record, which costs a tenth of the decode.

Epoch timestamps are checked against the dates Python holds while decoding, and become aware datetimes when
first read (`_LazyEpoch`): building 3 datetimes per record would cost a third of the decode, most often for
values nobody reads. Reading, comparing, `repr`, `attrs.asdict` and pickling all see the datetime. The wrapper
is a `property` (its lookup runs in C). A list of records the fast decode made (a page's `data`) is noted,
by a weak reference to the model holding it (`_Batches`); the first timestamp read of such a record converts
every timestamp of the list at once, in C (`msgspec.convert`, about a seventh of the cost of one
`datetime.fromtimestamp` call each), since a consumer who reads one record's times reads them all. Any other
record converts on its own read, with `datetime.fromtimestamp`. Both take the count from a float only below
2**32 seconds, where the float carries it to the microsecond exactly, and use integer arithmetic elsewhere.
As with any unlocked read-convert-write, a timestamp another thread assigns while its list converts may be
overwritten by the converted value.
"""

from __future__ import annotations

import datetime as dt
import threading
import types
import typing
import weakref
from collections import deque
from decimal import Decimal
from enum import Enum
from itertools import repeat
from operator import truediv
from typing import TYPE_CHECKING, Annotated, Any, Final, TypeVar, cast

import msgspec
from attrs import NOTHING

from . import _convert, _registry
from ._types import UNSET, Unset

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["KINDS", "decode", "describe"]

T = TypeVar("T")

_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_from_timestamp: Final = dt.datetime.fromtimestamp
# The kinds a model registers for its fields (generator/wire_hints.py's KINDS, a test holds the two equal), each
# with the Python type of its field: the conversions the client adds between the wire and Python.
MONEY: Final = "money"
EPOCH_MILLISECONDS: Final = "epoch-milliseconds"
EPOCH_SECONDS: Final = "epoch-seconds"
INT: Final = "int"
STR: Final = "str"
KINDS: Final[Mapping[str, type]] = {
    MONEY: Decimal,
    EPOCH_MILLISECONDS: dt.datetime,
    EPOCH_SECONDS: dt.datetime,
    INT: int,
    STR: str,
}
# Epoch kind -> (counts per second, the epoch counts within the datetimes Python holds).
_EPOCHS: Final = {
    EPOCH_MILLISECONDS: (1000, -62_135_596_800_000, 253_402_300_799_999),
    EPOCH_SECONDS: (1, -62_135_596_800, 253_402_300_799),
}
# Python field name -> (kind, wire name, other wire names): what each model's template registered.
_DESCRIPTIONS: dict[type, Mapping[str, tuple[str, ...]]] = {}
_THREAD: Final = threading.local()  # .twins: this thread's _Twins
# Model -> its records' lists awaiting a timestamp read; a model without epoch fields has none.
_BATCHES: dict[type, _Batches] = {}
# Lists of one model's records noted at once: more than a page walk's concurrency keeps ahead of its reader.
_NOTED_LISTS: Final = 32
_DATETIMES: Final = list[dt.datetime]
# Below 2**32 s a float is within 2**-22 s of a count: both conversions take a count from a float only below it.
_FLOAT_EXACT_SECONDS: Final = 2**32


class _DeclineError(ValueError):
    """A value the fast path leaves to `from_dict` (msgspec reports it as a ValidationError)."""


class _NotFastError(Exception):
    """A field type the fast path does not handle: the model always decodes through `from_dict`."""


class _Batches:
    """One model's records in lists the fast decode made, whose timestamps no read has converted yet.

    Each list is noted as (a weak reference to the model holding it, the member descriptor of its slot), so a
    note keeps nothing alive; at most `_NOTED_LISTS` are kept, the newest (notes of lists already freed go first).
    A list the caller keeps without its holder (`page.data` alone) is not converted at once: its records
    convert on their own reads.
    """

    __slots__ = ("fields", "model", "pending")

    def __init__(self, model: type) -> None:
        self.model = model
        self.fields: list[tuple[Any, int]] = []  # (member descriptor, counts per second) of each epoch field
        self.pending: list[tuple[weakref.ReferenceType[Any], Any]] = []

    def note(self, owner: object, slot: Any) -> None:  # noqa: ANN401 -- a member descriptor
        """Note the list in `owner`'s `slot` (a twin's `__attrs_post_init__` calls this once its records are made)."""
        pending = self.pending
        if len(pending) >= _NOTED_LISTS:
            pending[:] = [entry for entry in pending if entry[0]() is not None]  # a declined decode's, a freed page's
            del pending[: len(pending) - _NOTED_LISTS + 1]  # a slice: no error if another thread emptied it meanwhile
        pending.append((weakref.ref(owner), slot))

    def convert(self) -> None:
        """Convert the timestamps of every noted list whose holder is alive, and forget the notes."""
        pending = self.pending
        while pending:
            try:
                owner_ref, slot = pending.pop()
            except IndexError:  # another thread took the last one
                return
            owner = owner_ref()
            if owner is None:
                continue
            try:
                records = slot.__get__(owner)
            except AttributeError:  # the caller deleted the field
                continue
            # Only a list of exactly this model: the caller may have replaced or filled it since.
            if records.__class__ is list and records and set(map(type, records)) == {self.model}:
                for field_slot, per_second in self.fields:
                    _convert_list(records, field_slot, per_second)


def _convert_list(records: list[Any], slot: Any, per_second: int) -> None:  # noqa: ANN401 -- a member descriptor
    """Turn the epoch counts in `slot` of each record into aware UTC datetimes, in one msgspec call.

    Only counts in [0, 2**32 s) convert here; any other value (a datetime set by hand, None, UNSET, a count
    outside that range, a field the caller deleted) is left to its record's own read.
    """
    limit = _FLOAT_EXACT_SECONDS * per_second
    try:
        values = list(map(slot.__get__, records))
    except AttributeError:  # a record whose field the caller deleted: read one by one
        values = [_value_or_none(slot, record) for record in records]
    if set(map(type, values)) != {int} or min(values) < 0 or max(values) >= limit:
        indexes = [index for index, value in enumerate(values) if value.__class__ is int and 0 <= value < limit]
        records = list(map(records.__getitem__, indexes))
        values = list(map(values.__getitem__, indexes))
    if not values:
        return
    if per_second != 1:
        # Below 2**32 s a float is within 2**-22 s of the count; msgspec truncates it to whole nanoseconds (under
        # 1 ns more), then rounds to the nearest microsecond: the exact one, since both errors stay under 500 ns.
        values = list(map(truediv, values, repeat(per_second)))
    datetimes = msgspec.convert(values, _DATETIMES, strict=False)
    deque(map(slot.__set__, records, datetimes), maxlen=0)


def _value_or_none(slot: Any, record: object) -> object:  # noqa: ANN401 -- a member descriptor
    """Return the value in a record's slot, or None when the slot is empty."""
    try:
        return slot.__get__(record)
    except AttributeError:
        return None


class _LazyEpoch(property):
    """A field's slot holding epoch counts from the fast decode, read as aware UTC datetimes (converted once)."""

    def __init__(self, slot: Any, per_second: int, batches: _Batches | None = None) -> None:  # noqa: ANN401 -- a member descriptor
        read, write = slot.__get__, slot.__set__
        unit = dt.timedelta(seconds=1) / per_second
        # There fromtimestamp rounds back to the exact microsecond.
        fast_limit = _FLOAT_EXACT_SECONDS * per_second

        def get(instance: object) -> Any:  # noqa: ANN401 -- the field's value
            value = read(instance)
            if value.__class__ is int:  # only the fast decode stores an int here, within the bounds it checked
                if batches is not None and batches.pending:
                    batches.convert()  # the lists of records noted: this one's, most likely
                    value = read(instance)
                    if value.__class__ is not int:
                        return value
                # Not below 0: fromtimestamp refuses times before 1970 on some platforms (Windows).
                if 0 <= value < fast_limit:
                    value = _from_timestamp(value / per_second, dt.UTC)
                else:
                    value = _EPOCH + value * unit
                write(instance, value)
            return value

        super().__init__(get, write, slot.__delete__)
        self.slot = slot


def describe(model: type, fields: Mapping[str, tuple[str, ...]]) -> None:
    """Register a generated model: {Python field name: (kind, wire name, other wire names the API uses)}.

    The kind is the conversion the template generates for the field (one of `KINDS`), or "" for none.
    """
    _DESCRIPTIONS[model] = fields
    batches = _Batches(model)
    for name, (kind, *_) in fields.items():
        if kind in _EPOCHS:
            per_second = _EPOCHS[kind][0]
            slot = model.__dict__[name]
            batches.fields.append((slot, per_second))
            setattr(model, name, _LazyEpoch(slot, per_second, batches))
    if batches.fields:
        _BATCHES[model] = batches


def decode(content: bytes, model: type[T]) -> T | None:
    """Decode a JSON body into `model` in C; None when only `model.from_dict` gives the right result or error."""
    try:
        twins: _Twins = _THREAD.twins
    except AttributeError:
        twins = _THREAD.twins = _Twins()
    decoder = twins.decoder(model)
    if decoder is None:
        return None
    twins.tally[0] = 0
    try:
        result = cast("msgspec.json.Decoder[T]", decoder).decode(content)
    except Exception:  # noqa: BLE001 -- whatever the fast path trips on, from_dict answers, with its own error
        return None
    if content.count(b'"') != twins.tally[0] or getattr(result, "success", True) is False:
        return None
    return result


class _ModelNamespace(dict[str, Any]):
    """The models as a namespace for annotations, importing each model when a hint names it.

    The models come from the lookup the generated `models` package registered (`_registry`): the runtime imports
    no generated module.
    """

    def __missing__(self, name: str) -> Any:  # noqa: ANN401 -- a model class, an enum, or a type alias
        try:
            return _registry.model(name)
        except LookupError:
            raise KeyError(name) from None


class _WireField:
    """What msgspec reads of an attrs field: its (wire) name, default and validator."""

    __slots__ = ("default", "name", "validator")

    def __init__(self, name: str, default: object) -> None:
        self.name = name
        self.default = default
        self.validator = None


class _Plan:
    """How one field goes from the wire to the model: its wire type, checks and conversion."""

    def __init__(self) -> None:
        self.wire_type: Any = None
        self.optional = False  # the key may be absent (the field may be UNSET)
        self.nullable = False
        self.required_alias = False  # a required field the API sends under one of several names
        self.convert: Callable[[Any], Any] | None = None
        self.batches: _Batches | None = None  # a list of records with epoch fields, noted for their first read
        self.slot: Any = None  # the field's member descriptor
        self.keep_string = False  # a JSON string is the value; anything else but null converts
        self.string = False  # a value other than null is a JSON string
        self.string_or_int = False  # a value may be a JSON string or an integer
        self.strings_in_list = False  # a list of JSON strings


class _Twins:
    """One thread's wire twins and decoders, and the tally their `__attrs_post_init__`s add to."""

    def __init__(self) -> None:
        self.tally = [0]
        self._decoders: dict[type, msgspec.json.Decoder[Any] | None] = {}
        self._twins: dict[type, type | None] = {}

    def decoder(self, model: type) -> msgspec.json.Decoder[Any] | None:
        """Return the model's decoder, built on first use; None when the model always decodes through `from_dict`."""
        if model not in self._decoders:
            decoder: msgspec.json.Decoder[Any] | None
            try:
                twin = self._twin(model)
                # float_hook: an amount with a fraction reaches the money check as the exact Decimal sent.
                decoder = None if twin is None else msgspec.json.Decoder(twin, float_hook=Decimal)
            except Exception:  # noqa: BLE001 -- a speed-up that cannot be built (a newer msgspec, say) is skipped
                decoder = None
            self._decoders[model] = decoder
        return self._decoders[model]

    def _twin(self, model: type) -> type | None:
        if model in self._twins:
            return self._twins[model]
        self._twins[model] = None  # a model that contains itself is not handled
        try:
            twin = self._make_twin(model)
        except _NotFastError:
            twin = None
        self._twins[model] = twin
        return twin

    def _nested(self, model: Any) -> type:  # noqa: ANN401 -- a type hint
        twin = self._twin(model) if isinstance(model, type) else None
        if twin is None:
            raise _NotFastError
        return twin

    def _make_twin(self, model: type) -> type:
        description = _DESCRIPTIONS.get(model)
        if description is None:
            raise _NotFastError
        hints = typing.get_type_hints(model, localns=_ModelNamespace())
        names = [field.name for field in model.__attrs_attrs__]  # type: ignore[attr-defined]
        if set(names) - {"additional_properties"} != set(description) or "additional_properties" not in names:
            raise _NotFastError
        namespace: dict[str, Any] = {"__slots__": (), "__setattr__": object.__setattr__}
        # The model's own hints, resolved, so msgspec need not evaluate its lazily imported annotations.
        annotations: dict[str, Any] = dict(hints)
        wire_fields: list[_WireField] = []
        plans: list[_Plan] = []
        for name, (kind, *wire_names) in description.items():
            plan = _plan(hints[name], kind, self._nested)
            plan.required_alias = len(wire_names) > 1 and not plan.optional
            slot = plan.slot = _slot(model, name)
            if not model.__weakrefoffset__:  # a note refers to the list's holder weakly
                plan.batches = None
            namespace[f"_w{len(plans)}"] = slot
            for wire_name in wire_names:
                # The twin's own names (`_w0`, dunders, additional_properties) must not be shadowed by a wire name.
                if wire_name.startswith("_") or wire_name == "additional_properties":
                    raise _NotFastError
                namespace[wire_name] = slot
                annotations[wire_name] = plan.wire_type
                optional = plan.optional or len(wire_names) > 1
                wire_fields.append(_WireField(wire_name, UNSET if optional else NOTHING))
            plans.append(plan)
        namespace["__annotations__"] = annotations
        namespace["__attrs_attrs__"] = tuple(wire_fields)
        namespace["__attrs_post_init__"] = _post_init(model, plans, self.tally)
        return type(f"_{model.__name__}Wire", (model,), namespace)


def _slot(model: type, name: str) -> Any:  # noqa: ANN401 -- a member descriptor
    """Return the member descriptor of a field's slot (under the lazy epoch wrapper, if any)."""
    attribute = model.__dict__[name]
    return attribute.slot if isinstance(attribute, _LazyEpoch) else attribute


def _plan(hint: Any, kind: str, nested: Callable[[Any], type]) -> _Plan:  # noqa: ANN401, C901, PLR0912
    """How a field of this type hint and kind is read; `nested` gives a model's twin (one branch per type)."""
    plan = _Plan()
    members = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    plan.optional = Unset in members
    plan.nullable = type(None) in members
    rest = [member for member in members if member not in (Unset, type(None))]
    if len(rest) != 1:
        raise _NotFastError
    (base,) = rest
    wire: Any
    if kind and KINDS.get(kind) is not base:
        raise _NotFastError
    if kind == MONEY:
        # msgspec reads a JSON number's digits into the Decimal, as `_json.loads` does; a string is not tallied.
        wire = Decimal
    elif kind in _EPOCHS:
        _, low, high = _EPOCHS[kind]
        wire = Annotated[int, msgspec.Meta(ge=low, le=high)]
    elif kind == INT:
        wire, plan.convert, plan.string_or_int = int | str, _convert.int_from_int_or_digits, True
    elif kind == STR:
        wire, plan.convert, plan.keep_string = str | int, _convert.str_from_str_or_int, True
        plan.string_or_int = True
    elif base in (bool, int) or _is_int_enum(base):
        wire = base
    elif _is_string(base):
        wire, plan.string = base, True
    elif base is dt.date:
        wire, plan.convert, plan.string = str, dt.date.fromisoformat, True
    elif base is dt.datetime:
        wire, plan.convert, plan.string = str, _convert.datetime_from_iso, True
    elif typing.get_origin(base) is list:
        (item,) = typing.get_args(base)
        if _is_string(item):
            wire, plan.strings_in_list = base, True
        elif item in (bool, int) or _is_int_enum(item):
            wire = base
        else:
            wire = list[nested(item)]  # type: ignore[misc]
            plan.batches = _BATCHES.get(item)
    else:
        wire = nested(base)
    plan.wire_type = wire | None if plan.nullable else wire
    return plan


def _is_string(hint: Any) -> bool:  # noqa: ANN401 -- a type hint
    """Whether a value of this type is a JSON string: str, or a str enum."""
    return hint is str or (isinstance(hint, type) and issubclass(hint, Enum) and issubclass(hint, str))


def _is_int_enum(hint: Any) -> bool:  # noqa: ANN401 -- a type hint
    """Whether a value of this type is a JSON integer read as an int enum."""
    return isinstance(hint, type) and issubclass(hint, Enum) and issubclass(hint, int)


def _post_init(model: type, plans: list[_Plan], tally: list[int]) -> Callable[[Any], None]:
    """Compile the twin's `__attrs_post_init__`: tally quotes, check aliases, convert, note lists, become the model.

    Compiled per model, as attrs compiles `__init__`: a loop over the fields would double the cost of a
    record. The source names only the twin's synthetic slot names (`_w0`, `_w1`, ...), never a wire name.
    """
    always = [plan for plan in plans if not plan.optional and not plan.required_alias]
    fixed = 2 * (len(always) + sum(1 for plan in always if plan.string and not plan.nullable))
    lines = ["def __attrs_post_init__(self):", f"    quotes = {fixed}"]
    namespace: dict[str, Any] = {"UNSET": UNSET, "tally": tally, "model": model, "Decline": _DeclineError}
    for index, plan in enumerate(plans):
        lines += _field_lines(index, plan, namespace)
    lines += ["    tally[0] += quotes", "    self.additional_properties = {}", "    self.__class__ = model"]
    exec("\n".join(lines), namespace)  # noqa: S102 -- source built above from fixed templates and indexes
    return cast("Callable[[Any], None]", namespace["__attrs_post_init__"])


def _field_lines(index: int, plan: _Plan, namespace: dict[str, Any]) -> list[str]:
    """Write the post-init lines of one field (slot `_w<index>`), adding the names they use to `namespace`."""
    slot = f"self._w{index}"
    lines = []
    present = [f"{slot} is not UNSET"] if plan.optional or plan.required_alias else []
    if present:
        lines += [f"    if {present[0]}:", "        quotes += 2"]
        if plan.required_alias:
            lines += ["    else:", "        raise Decline"]
    given = present + ([f"{slot} is not None"] if plan.nullable else [])
    if plan.string and given:
        lines += [f"    if {' and '.join(given)}:", "        quotes += 2"]
    if plan.strings_in_list:
        lines += [f"    if {slot}.__class__ is list:", f"        quotes += 2 * len({slot})"]
    if plan.batches is not None:
        namespace[f"batches{index}"], namespace[f"slot{index}"] = plan.batches, plan.slot
        lines += [f"    if {slot}.__class__ is list:", f"        batches{index}.note(self, slot{index})"]
    if plan.string_or_int:
        lines += [f"    if {slot}.__class__ is str:", "        quotes += 2"]
    if plan.convert is None:
        return lines
    namespace[f"convert{index}"] = plan.convert
    convert = f"        {slot} = convert{index}({slot})"
    if plan.keep_string:  # after `if <slot> is a str` above
        return [*lines, f"    elif {' and '.join(given)}:" if given else "    else:", convert]
    return [*lines, f"    if {' and '.join(given)}:", convert] if given else [*lines, convert.removeprefix("    ")]
