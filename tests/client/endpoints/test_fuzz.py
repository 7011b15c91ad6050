"""Property tests: bodies generated from each operation's 200 schema, then mutated, sent through the generated call.

A body that follows the schema must decode (exactly: no float, aware datetimes, money as Decimal). A mutated one
must either decode or raise `ResponseDecodeError` (or `UnsuccessfulResponseError` when the mutation set the
envelope's `success` to false): never a bare KeyError, TypeError, ValueError, AttributeError or anything else.

The strategies cover the JSON-Schema subset the spec uses: objects with properties and required, arrays, strings
(date-time, date, digit patterns), integers (epoch timestamps within the dates Python holds), numbers (exact
Decimals, written as JSON number text), minimum and maximum, booleans, enums, const, type lists with "null", allOf
and `$ref`. A test fails when the fuzzed schemas use a keyword the builder does not read.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import msgspec
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from iqm_finance_client import _json, _wire, models
from iqm_finance_client.errors import ResponseDecodeError, UnsuccessfulResponseError
from tests.client.endpoints.spec_support import (
    call_kwargs,
    json_operations,
    merged,
    money_problems,
    operations,
    problems,
    resolve,
    unwrapped,
)

if TYPE_CHECKING:
    from collections.abc import Callable

INT64 = 2**63 - 1
# Epoch counts within the datetimes Python can hold (years 1 to 9999), as the spec's int64 timestamps mean dates.
EPOCH_RANGES = {
    "epoch-seconds": (-62_135_596_800, 253_402_300_799),
    "epoch-milliseconds": (-62_135_596_800_000, 253_402_300_799_999),
}
ZONES = st.sampled_from(
    [None, dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30)), dt.timezone(-dt.timedelta(hours=8))]
)
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],  # no database to reuse; no costly explain phase
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Every list and detail GET, and for each other 200 schema (the `{success, data}` messages) its first operation.
FUZZED = [
    operation.operation_id
    for index, operation in enumerate(json_operations())
    if operation.method == "GET"
    or operation.ok_schema not in [other.ok_schema for other in json_operations()[:index] if other.method != "GET"]
]


def _iso_datetime(value: dt.datetime, style: int) -> str:
    text = value.isoformat(timespec=("seconds", "milliseconds", "microseconds")[style % 3])
    return text.replace("+00:00", "Z") if style >= 3 else text  # half the styles write Z


def _strings(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    if schema.get("format") == "date-time":
        return st.builds(_iso_datetime, st.datetimes(timezones=ZONES), st.integers(0, 5))
    if schema.get("format") == "date":
        return st.dates().map(dt.date.isoformat)
    if "pattern" in schema:
        return st.from_regex(schema["pattern"], fullmatch=True)
    return st.text(max_size=12)


def _integers(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    low, high = EPOCH_RANGES.get(schema.get("x-timestamp", ""), (-INT64 - 1, INT64))
    return st.integers(max(low, schema.get("minimum", low)), min(high, schema.get("maximum", high)))


def _numbers(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    low, high = max(-(10**12), schema.get("minimum", -(10**12))), min(10**12, schema.get("maximum", 10**12))
    exact = st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=low, max_value=high)
    return st.one_of(st.integers(low, high), exact)


def _objects(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    return st.fixed_dictionaries(
        {name: from_schema(properties[name]) for name in properties if name in required},
        optional={name: from_schema(properties[name]) for name in properties if name not in required},
    )


SIMPLE = {
    "string": _strings,
    "integer": _integers,
    "number": _numbers,
    "boolean": lambda _: st.booleans(),
    "null": lambda _: st.none(),
    "object": _objects,
    "array": lambda schema: st.lists(from_schema(schema["items"]), max_size=4),
}


@functools.cache
def body_strategy(operation_id: str) -> st.SearchStrategy[Any]:
    """The strategy of an operation's 200 bodies, built once."""
    return from_schema(operations()[operation_id].ok_schema)


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A strategy for JSON values (Decimal for fractions) that follow a schema of the spec's subset."""
    flat = merged(schema)
    if "const" in flat:
        return st.just(flat["const"])
    if "enum" in flat:
        return st.sampled_from(flat["enum"])
    kinds = flat.get("type", "object")
    if isinstance(kinds, list):
        return st.one_of([SIMPLE[kind](flat) for kind in kinds])
    return SIMPLE[kinds](flat)


ANY_JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.decimals(allow_nan=False, allow_infinity=False),
        st.text(max_size=8),
    ),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=6,
)


def _json_type(value: Any) -> str:
    kinds = [(type(None), "null"), (bool, "boolean"), ((int, Decimal), "number"), (str, "string"), (list, "array")]
    return next((name for kind, name in kinds if isinstance(value, kind)), "object")


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON tree, the root included, as the keys and indexes that lead there."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _replace(body: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    parent = body
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = new
    return body


def _at(body: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        body = body[step]
    return body


def _retype(data: st.DataObject, body: Any, path: tuple[Any, ...], value: Any) -> Any:
    other = data.draw(ANY_JSON.filter(lambda new: _json_type(new) != _json_type(value)), label="value")
    return _replace(body, path, other)


def _drop(_: st.DataObject, body: Any, path: tuple[Any, ...], __: Any) -> Any:
    if not path:
        return None
    del _at(body, path[:-1])[path[-1]]
    return body


def _add_unknown(data: st.DataObject, body: Any, _: tuple[Any, ...], value: Any) -> Any:
    if not isinstance(value, dict):
        return None
    value[data.draw(st.text(min_size=1, max_size=8), label="key")] = data.draw(ANY_JSON, label="value")
    return body


def _object_to_list(_: st.DataObject, body: Any, path: tuple[Any, ...], value: Any) -> Any:
    return _replace(body, path, list(value.values())) if isinstance(value, dict) else None


def _list_to_object(_: st.DataObject, body: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not isinstance(value, list):
        return None
    return _replace(body, path, {str(index): item for index, item in enumerate(value)})


def _empty(_: st.DataObject, body: Any, path: tuple[Any, ...], value: Any) -> Any:
    return _replace(body, path, {"array": [], "object": {}, "string": ""}.get(_json_type(value), 0))


def _duplicate_item(_: st.DataObject, body: Any, __: tuple[Any, ...], value: Any) -> Any:
    if not isinstance(value, list) or not value:
        return None
    value.append(value[0])
    return body


# Each mutation returns the new body, or None when it does not fit the place drawn.
MUTATIONS: dict[str, Callable[[st.DataObject, Any, tuple[Any, ...], Any], Any]] = {
    "retype": _retype,
    "null": lambda _, body, path, __: _replace(body, path, None),
    "drop": _drop,
    "add-unknown": _add_unknown,
    "object-to-list": _object_to_list,
    "list-to-object": _list_to_object,
    "empty": _empty,
    "duplicate-item": _duplicate_item,
}


def mutate(data: st.DataObject, body: Any) -> Any:
    """Apply one mutation at a place of the body drawn by hypothesis; return the (possibly new) body."""
    path = data.draw(st.sampled_from(_paths(body)), label="path")
    kind = data.draw(st.sampled_from(sorted(MUTATIONS)), label="mutation")
    mutated = MUTATIONS[kind](data, body, path, _at(body, path))
    if mutated is None:  # a mutation that does not fit the place: put any other JSON value there
        return _replace(body, path, data.draw(ANY_JSON, label="value"))
    return mutated


def mutated_body(data: st.DataObject, operation_id: str) -> Any:
    """A body of the operation's 200 schema with one to three mutations."""
    body = data.draw(body_strategy(operation_id), label="body")
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        body = mutate(data, body)
    return body


def test_every_list_and_detail_get_is_fuzzed() -> None:
    gets = {operation.operation_id for operation in json_operations() if operation.method == "GET"}
    assert gets <= set(FUZZED)
    assert len(gets) >= 19


# The schema keywords the strategies read, and those that only describe; anything else would be silently ignored.
UNDERSTOOD = {"type", "properties", "required", "items", "enum", "const", "format", "pattern", "allOf", "$ref"}
UNDERSTOOD |= {"minimum", "maximum"}
DESCRIPTIVE = {"description", "default", "deprecated", "example", "examples"}


def _schemas(schema: dict[str, Any]) -> list[dict[str, Any]]:
    found = [schema]
    if "$ref" in schema:
        found += _schemas(resolve(schema))
    for part in schema.get("allOf", []):
        found += _schemas(part)
    for item in schema.get("properties", {}).values():
        found += _schemas(item)
    if "items" in schema:
        found += _schemas(schema["items"])
    return found


def test_the_strategies_understand_every_keyword_of_the_fuzzed_schemas() -> None:
    for operation_id in FUZZED:
        for schema in _schemas(operations()[operation_id].ok_schema):
            unknown = {key for key in schema if not key.startswith("x-")} - UNDERSTOOD - DESCRIPTIVE
            assert unknown == set(), f"{operation_id}: the strategy builder does not handle {unknown}"
            assert schema.get("format") in {None, "date-time", "date", "decimal", "int64", "uri", "email"}


@pytest.mark.parametrize("operation_id", FUZZED)
def test_bodies_that_follow_the_schema_decode_exactly(server, client, operation_id) -> None:
    operation = operations()[operation_id]
    kwargs = call_kwargs(operation)
    bodies = body_strategy(operation_id).filter(lambda body: body.get("success") is not False)

    @SETTINGS
    @given(body=bodies)
    def run(body: Any) -> None:
        server.queue_json(body)
        result = operation.module.sync(client=client, **kwargs)
        assert problems(result) == []
        assert money_problems(result, *unwrapped(operation.ok_schema, body)) == []

    run()


@pytest.mark.parametrize("operation_id", FUZZED)
def test_mutated_bodies_decode_or_raise_response_decode_error(server, client, operation_id) -> None:
    operation = operations()[operation_id]
    kwargs = call_kwargs(operation)

    @settings(SETTINGS, max_examples=50)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        body = mutated_body(data, operation_id)
        server.queue_json(body)
        try:
            operation.module.sync(client=client, **kwargs)
        except ResponseDecodeError:
            pass
        except UnsuccessfulResponseError:
            assert isinstance(body, dict)
            assert body.get("success") is False

    run()


# The fast decode (_wire): msgspec straight into the models, declining whenever from_dict could answer otherwise.
_WIRE_ENCODER = msgspec.json.Encoder(decimal_format="number")


def _model(operation_id: str) -> Any:
    """The model class of an operation's 200 body: its schema is a `$ref` to a component of the same name."""
    return getattr(models, operations()[operation_id].ok_schema["$ref"].rsplit("/", 1)[-1])


def typed(value: Any) -> Any:
    """A value as nested tuples that tell types apart: Decimal('1.0') from Decimal('1.00') or 1, UTC from +05:30."""
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return (type(value).__name__, tuple((field.name, typed(getattr(value, field.name))) for field in fields))
    if isinstance(value, list):
        return ("list", tuple(typed(item) for item in value))
    if isinstance(value, dict):
        return ("dict", tuple((key, typed(item)) for key, item in value.items()))
    return (type(value).__name__, repr(value))


def _from_dict(model: Any, content: bytes) -> Any:
    return model.from_dict(_json.loads(content))


@pytest.mark.parametrize("operation_id", FUZZED)
def test_the_fast_decode_takes_every_valid_body_and_gives_what_from_dict_gives(operation_id) -> None:
    model = _model(operation_id)
    bodies = body_strategy(operation_id).filter(lambda body: body.get("success") is not False)

    @SETTINGS
    @given(body=bodies)
    def run(body: Any) -> None:
        content = _WIRE_ENCODER.encode(body)
        fast = _wire.decode(content, model)
        # The one valid body it leaves to from_dict: a string with an escaped quote, which its tally cannot tell
        # from an unknown key.
        assert fast is not None or b'\\"' in content
        if fast is not None:
            assert typed(fast) == typed(_from_dict(model, content))

    run()


@pytest.mark.parametrize("operation_id", FUZZED)
def test_the_fast_decode_of_a_mutated_body_gives_what_from_dict_gives_or_declines(operation_id) -> None:
    model = _model(operation_id)

    @settings(SETTINGS, max_examples=50)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        body = mutated_body(data, operation_id)
        content = _WIRE_ENCODER.encode(body)
        fast = _wire.decode(content, model)
        if fast is not None:  # from_dict must then succeed, with the same result, unknown keys and all
            assert isinstance(body, dict)
            assert body.get("success") is not False
            assert typed(fast) == typed(_from_dict(model, content))

    run()


@pytest.mark.parametrize("operation_id", FUZZED)
def test_from_json_gives_what_from_dict_gives_or_a_typed_error(operation_id) -> None:
    model = _model(operation_id)

    @settings(SETTINGS, max_examples=50)
    @given(data=st.data(), as_text=st.booleans())
    def run(data: st.DataObject, *, as_text: bool) -> None:
        body = mutated_body(data, operation_id) if data.draw(st.booleans()) else data.draw(body_strategy(operation_id))
        content = _WIRE_ENCODER.encode(body)
        try:
            expected = typed(_from_dict(model, content))
        except Exception:  # noqa: BLE001 - whatever from_dict refuses, from_json must refuse with a typed error
            expected = None
        try:
            decoded = model.from_json(content.decode() if as_text else content)
        except (ResponseDecodeError, UnsuccessfulResponseError):
            assert expected is None or (isinstance(body, dict) and body.get("success") is False)
            return
        assert typed(decoded) == expected

    run()


def test_from_json_refuses_bytes_that_are_no_json_with_the_bytes_on_the_error() -> None:
    with pytest.raises(ResponseDecodeError) as raised:
        models.CreditSummaryResponse.from_json(b'{"success": true, "data": ')
    assert raised.value.response.content == b'{"success": true, "data": '
