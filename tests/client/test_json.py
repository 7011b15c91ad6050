from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iqm_finance_client import _json
from iqm_finance_client._enums import OpenIntEnum, OpenStrEnum


class Mode(OpenStrEnum):
    CHECK = "Check"


class Status(OpenIntEnum):
    PENDING = 1


finite_decimals = st.decimals(allow_nan=False, allow_infinity=False)


def test_money_decodes_exactly():
    data = _json.loads(b'{"invoiceAmount": 553611.718, "balance": 30430.75, "count": 68, "tiny": 1e-7}')

    assert data == {
        "invoiceAmount": Decimal("553611.718"),
        "balance": Decimal("30430.75"),
        "count": 68,
        "tiny": Decimal("1e-7"),
    }
    assert type(data["count"]) is int
    assert str(data["invoiceAmount"]) == "553611.718"


def test_digits_beyond_float_precision_survive():
    data = _json.loads("[0.1, 12345678901234567890.123456789, 123456789012345678901234567890]")

    assert data == [Decimal("0.1"), Decimal("12345678901234567890.123456789"), 123456789012345678901234567890]


@pytest.mark.parametrize("content", [b"{not json", b"", b"\xff\xfe", "[1,", b"NaN", b"<html></html>"])
def test_malformed_json_is_a_value_error(content):
    with pytest.raises(ValueError, match="malformed JSON"):
        _json.loads(content)


def test_decimal_encodes_as_a_number():
    assert _json.dumps({"paymentAmount": Decimal("553611.718")}) == b'{"paymentAmount":553611.718}'
    assert _json.dumps([Decimal("1.10"), Decimal("-0.00"), Decimal("1E+5"), 7]) == b"[1.10,-0.00,1E+5,7]"


def test_dates_and_aware_datetimes_encode_as_iso_8601():
    payload = {
        "paymentDate": dt.date(2021, 9, 19),
        "at": dt.datetime(2021, 8, 27, 7, 33, 14, tzinfo=dt.UTC),
        "local": dt.datetime(2021, 8, 27, 9, 33, 14, 500000, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    }

    assert _json.loads(_json.dumps(payload)) == {
        "paymentDate": "2021-09-19",
        "at": "2021-08-27T07:33:14Z",
        "local": "2021-08-27T09:33:14.500000+02:00",
    }


def test_enums_encode_as_their_wire_values_known_or_not():
    assert _json.dumps([Mode.CHECK, Mode("Crypto"), Status.PENDING, Status(6)]) == b'["Check","Crypto",1,6]'


def test_strings_bools_and_none_pass_through():
    assert (
        _json.dumps({"a": "é", "b": True, "c": None, "d": (1, 2)}) == '{"a":"é","b":true,"c":null,"d":[1,2]}'.encode()
    )


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        (0.1, r"\$"),
        ({"paymentAmount": 12.5}, r"\$\.paymentAmount"),
        ({"items": [{"amount": Decimal(1)}, {"amount": 2.0}]}, r"\$\.items\[1\]\.amount"),
        ([(1, 1.5)], r"\$\[0\]\[1\]"),
    ],
)
def test_floats_are_refused_with_their_path(payload, path):
    with pytest.raises(TypeError, match=path + r": a float .* money must never pass through float"):
        _json.dumps(payload)


def test_naive_datetimes_are_refused():
    with pytest.raises(TypeError, match=r"\$\.at: a naive datetime"):
        _json.dumps({"at": dt.datetime(2021, 8, 27, 7, 33, 14)})  # noqa: DTZ001 -- the naive datetime under test


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("sNaN")])
def test_non_finite_decimals_are_refused(value):
    with pytest.raises(ValueError, match=r"\$\.amount: .* is not a number JSON can carry"):
        _json.dumps({"amount": value})


def test_unencodable_objects_are_a_type_error():
    class Opaque:
        pass

    with pytest.raises(TypeError):
        _json.dumps({"x": Opaque()})


def test_int_enum_subclass_of_plain_enum_encodes():
    class Plain(Enum):
        A = "a"

    assert _json.dumps([Plain.A]) == b'["a"]'


@given(finite_decimals)
def test_every_finite_decimal_round_trips_without_loss(value):
    decoded = _json.loads(_json.dumps({"amount": value}))["amount"]

    assert decoded == value
    if value.as_tuple().exponent < 0:  # digits after the point: the exact text comes back, trailing zeros too
        assert isinstance(decoded, Decimal)
        assert str(decoded) == str(value)


@given(st.lists(st.decimals(allow_nan=False, allow_infinity=False, places=3), max_size=20))
def test_lists_of_three_place_amounts_round_trip(values):
    assert _json.loads(_json.dumps(values)) == values


@given(st.integers())
def test_integers_round_trip_as_int(value):
    decoded = _json.loads(_json.dumps(value))

    assert decoded == value
    assert type(decoded) is int


@pytest.mark.parametrize(
    "content",
    [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 100_000 + b"0" + b"}" * 100_000],
    ids=["arrays", "objects"],
)
def test_json_nested_past_the_stack_is_a_value_error_chaining_nothing(content):
    with pytest.raises(ValueError, match=r"^JSON nested too deeply to decode$") as raised:
        _json.loads(content)
    assert raised.value.__cause__ is None
    assert raised.value.__context__ is None  # a RecursionError left on the chain would be printed with it


def test_malformed_json_chains_nothing_either():
    with pytest.raises(ValueError, match=r"^malformed JSON: ") as raised:
        _json.loads(b'{"token": "tok-1234"')
    assert raised.value.__cause__ is None
    assert raised.value.__context__ is None
