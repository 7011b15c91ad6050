from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iqm_finance_client import _convert, _json

UTC = dt.UTC
finite_decimals = st.decimals(allow_nan=False, allow_infinity=False)
# Aware datetimes with whole-minute offsets, the precision ISO 8601 offsets carry.
offsets = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
aware_datetimes = st.datetimes(
    min_value=dt.datetime(1900, 1, 2),  # noqa: DTZ001 -- hypothesis bounds are naive by design
    max_value=dt.datetime(9998, 12, 30),  # noqa: DTZ001 -- hypothesis bounds are naive by design
    timezones=st.just(UTC) | offsets,
)


# --- money -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("553611.718"), Decimal("553611.718")),
        (30430, Decimal(30430)),
        ("30430.75", Decimal("30430.75")),
        ("-1e3", Decimal("-1e3")),
        (".5", Decimal("0.5")),
    ],
)
def test_decimal_from_json_accepts_wire_numbers(value, expected):
    result = _convert.decimal_from_json(value)

    assert result == expected
    assert str(result) == str(expected)


def test_decimal_from_json_keeps_the_decoded_object():
    value = Decimal("0.10")

    assert _convert.decimal_from_json(value) is value


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (True, TypeError),
        (False, TypeError),
        (0.1, TypeError),
        (None, TypeError),
        ([1], TypeError),
        (Decimal("NaN"), ValueError),
        (Decimal("-Infinity"), ValueError),
        ("NaN", ValueError),
        ("Infinity", ValueError),
        ("1_000", ValueError),
        ("", ValueError),
        (" 12", ValueError),
        ("12 USD", ValueError),
    ],
)
def test_decimal_from_json_refuses(value, error):
    with pytest.raises(error):
        _convert.decimal_from_json(value)


def test_decimal_from_json_explains_a_float():
    with pytest.raises(TypeError, match="float"):
        _convert.decimal_from_json(12.5)


@given(finite_decimals)
def test_decimal_from_json_reads_what_loads_gives(value):
    assert _convert.decimal_from_json(_json.loads(_json.dumps(value))) == value


@given(finite_decimals)
def test_decimal_from_json_reads_the_text_of_any_decimal(value):
    assert _convert.decimal_from_json(str(value)) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("10.50"), "10.50"), (100, "100"), (" 1250.50 ", "1250.50"), ("0.1", "0.1")],
)
def test_money_from_user_accepts_decimal_int_and_numeric_text(value, expected):
    assert str(_convert.money_from_user(value)) == expected


def test_money_from_user_refuses_float_and_says_why():
    with pytest.raises(TypeError, match=r"amount 0\.1 is a float: a float cannot hold most decimal amounts exactly"):
        _convert.money_from_user(0.1)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "error"),
    [(True, TypeError), (None, TypeError), (Decimal("NaN"), ValueError), ("abc", ValueError), ("NaN", ValueError)],
)
def test_money_from_user_refuses(value, error):
    with pytest.raises(error):
        _convert.money_from_user(value)


def test_decimal_to_json_returns_the_same_decimal_and_converts_ints():
    value = Decimal("553611.718")

    assert _convert.decimal_to_json(value) is value
    assert _convert.decimal_to_json(5) == Decimal(5)
    with pytest.raises(TypeError):
        _convert.decimal_to_json(5.0)  # type: ignore[arg-type]


# --- epoch timestamps --------------------------------------------------------------------------------------


def test_epoch_milliseconds_from_the_docs():
    assert _convert.datetime_from_epoch_milliseconds(1632076200000) == dt.datetime(2021, 9, 19, 18, 30, tzinfo=UTC)
    assert _convert.datetime_from_epoch_milliseconds(1632801378123).microsecond == 123000


def test_epoch_seconds_from_the_docs():
    result = _convert.datetime_from_epoch_seconds(1601510400)

    assert result == dt.datetime(2020, 10, 1, tzinfo=UTC)
    assert result.tzinfo is UTC


def test_epoch_values_may_be_integral_decimals():
    assert _convert.datetime_from_epoch_seconds(Decimal("1601510400.0")) == dt.datetime(2020, 10, 1, tzinfo=UTC)
    assert _convert.datetime_from_epoch_milliseconds(Decimal(-1000)) == dt.datetime(
        1969, 12, 31, 23, 59, 59, tzinfo=UTC
    )


@pytest.mark.parametrize("convert", [_convert.datetime_from_epoch_milliseconds, _convert.datetime_from_epoch_seconds])
@pytest.mark.parametrize(
    ("value", "error"),
    [
        (True, TypeError),
        ("1632076200000", TypeError),
        (1632076200000.0, TypeError),
        (None, TypeError),
        (Decimal("1.5"), ValueError),
        (Decimal("NaN"), ValueError),
        (10**30, ValueError),
        (-(10**30), ValueError),
    ],
)
def test_epoch_decoders_refuse(convert, value, error):
    with pytest.raises(error):
        convert(value)


def test_epoch_encoders_floor_and_refuse_naive():
    moment = dt.datetime(2021, 9, 19, 18, 30, 0, 999999, tzinfo=UTC)

    assert _convert.datetime_to_epoch_milliseconds(moment) == 1632076200999
    assert _convert.datetime_to_epoch_seconds(moment) == 1632076200
    with pytest.raises(ValueError, match="naive datetime"):
        _convert.datetime_to_epoch_milliseconds(dt.datetime(2021, 9, 19))  # noqa: DTZ001 -- the naive value under test
    with pytest.raises(ValueError, match="naive datetime"):
        _convert.datetime_to_epoch_seconds(dt.datetime(2021, 9, 19))  # noqa: DTZ001 -- the naive value under test
    with pytest.raises(TypeError):
        _convert.datetime_to_epoch_seconds(dt.date(2021, 9, 19))  # type: ignore[arg-type]


def test_epoch_encoders_respect_the_offset():
    moment = dt.datetime(2021, 9, 20, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))

    assert _convert.datetime_to_epoch_seconds(moment) == 1632076200


@given(aware_datetimes)
def test_epoch_milliseconds_round_trip(value):
    value = value.replace(microsecond=value.microsecond // 1000 * 1000)

    result = _convert.datetime_from_epoch_milliseconds(_convert.datetime_to_epoch_milliseconds(value))

    assert result == value
    assert result.utcoffset() == dt.timedelta(0)


@given(aware_datetimes)
def test_epoch_seconds_round_trip(value):
    value = value.replace(microsecond=0)

    assert _convert.datetime_from_epoch_seconds(_convert.datetime_to_epoch_seconds(value)) == value


# --- ISO 8601 ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-08-27T07:33:14.000+00:00", dt.datetime(2021, 8, 27, 7, 33, 14, tzinfo=UTC)),
        ("2021-08-27T07:33:14Z", dt.datetime(2021, 8, 27, 7, 33, 14, tzinfo=UTC)),
        ("2021-08-27t07:33:14z", dt.datetime(2021, 8, 27, 7, 33, 14, tzinfo=UTC)),
        ("2021-08-27 07:33:14", dt.datetime(2021, 8, 27, 7, 33, 14, tzinfo=UTC)),
        ("2021-08-27T07:33", dt.datetime(2021, 8, 27, 7, 33, tzinfo=UTC)),
        ("2021-08-27T07:33:14.123456789Z", dt.datetime(2021, 8, 27, 7, 33, 14, 123456, tzinfo=UTC)),
        ("2021-08-27T07:33:14,5Z", dt.datetime(2021, 8, 27, 7, 33, 14, 500000, tzinfo=UTC)),
        (
            "2021-08-27T13:03:14+05:30",
            dt.datetime(2021, 8, 27, 13, 3, 14, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
        ),
        ("2021-08-27T02:33:14-0500", dt.datetime(2021, 8, 27, 2, 33, 14, tzinfo=dt.timezone(dt.timedelta(hours=-5)))),
        ("2021-08-27T09:33:14+02", dt.datetime(2021, 8, 27, 9, 33, 14, tzinfo=dt.timezone(dt.timedelta(hours=2)))),
    ],
)
def test_datetime_from_iso(text, expected):
    result = _convert.datetime_from_iso(text)

    assert result == expected
    assert result.utcoffset() == expected.utcoffset()


def test_naive_iso_text_is_read_as_utc():
    assert _convert.datetime_from_iso("2021-08-27T07:33:14").tzinfo is UTC


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("2021-08-27", ValueError),
        ("27/08/2021 07:33", ValueError),
        ("2021-13-27T07:33:14Z", ValueError),
        ("2021-08-27T25:33:14Z", ValueError),
        ("2021-08-27T07:33:14+24:00", ValueError),
        ("2021-08-27T07:33:14Z trailing", ValueError),
        ("", ValueError),
        (1630049594000, TypeError),
        (None, TypeError),
    ],
)
def test_datetime_from_iso_refuses(value, error):
    with pytest.raises(error):
        _convert.datetime_from_iso(value)


def test_datetime_to_iso():
    assert _convert.datetime_to_iso(dt.datetime(2021, 8, 27, 7, 33, 14, tzinfo=UTC)) == "2021-08-27T07:33:14+00:00"
    with pytest.raises(ValueError, match="naive datetime"):
        _convert.datetime_to_iso(dt.datetime(2021, 8, 27))  # noqa: DTZ001 -- the naive value under test


@given(aware_datetimes)
def test_iso_round_trip(value):
    result = _convert.datetime_from_iso(_convert.datetime_to_iso(value))

    assert result == value
    assert result.utcoffset() == value.utcoffset()


def test_date_to_json():
    assert _convert.date_to_json(dt.date(2021, 9, 19)) == "2021-09-19"


def test_date_to_json_refuses_a_datetime_and_says_why():
    with pytest.raises(TypeError, match=r"pass value\.date\(\)"):
        _convert.date_to_json(dt.datetime(2021, 9, 19, 23, 30, tzinfo=UTC))
    with pytest.raises(TypeError):
        _convert.date_to_json("2021-09-19")  # type: ignore[arg-type]


# --- counts and identifiers --------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(30, 30), ("30", 30), ("0", 0), ("007", 7), (Decimal(45), 45)])
def test_int_from_int_or_digits(value, expected):
    result = _convert.int_from_int_or_digits(value)

    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("abc", ValueError),
        ("30 days", ValueError),
        (" 30", ValueError),
        ("-5", ValueError),
        ("+5", ValueError),
        ("", ValueError),
        ("\u0663", ValueError),  # ARABIC-INDIC DIGIT THREE: a digit to str.isdigit, not to the API
        (-1, ValueError),
        (Decimal("30.5"), ValueError),
        (True, TypeError),
        (30.0, TypeError),
        (None, TypeError),
    ],
)
def test_int_from_int_or_digits_refuses(value, error):
    with pytest.raises(error):
        _convert.int_from_int_or_digits(value)


@given(st.integers(min_value=0))
def test_int_from_int_or_digits_reads_both_forms(value):
    assert _convert.int_from_int_or_digits(value) == _convert.int_from_int_or_digits(str(value)) == value


def test_int_to_digits():
    assert _convert.int_to_digits(30) == "30"
    with pytest.raises(ValueError, match="non-negative"):
        _convert.int_to_digits(-1)
    with pytest.raises(TypeError):
        _convert.int_to_digits(True)  # noqa: FBT003 -- the bool under test
    with pytest.raises(TypeError):
        _convert.int_to_digits("30")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"), [("T-1234567", "T-1234567"), ("123456", "123456"), (10, "10"), ("", "")]
)
def test_str_from_str_or_int(value, expected):
    assert _convert.str_from_str_or_int(value) == expected


@pytest.mark.parametrize("value", [True, 1.5, Decimal(10), None, ["T-1"]])
def test_str_from_str_or_int_refuses(value):
    with pytest.raises(TypeError):
        _convert.str_from_str_or_int(value)


@given(st.integers() | st.text())
def test_str_from_str_or_int_never_loses_a_value(value):
    assert _convert.str_from_str_or_int(value) == str(value)
