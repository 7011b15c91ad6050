"""`_checks` without a generated model: the wire checks `from_dict` calls, and the checks of a caller's values."""

from __future__ import annotations

import datetime as dt

import pytest

from iqm_finance_client import _checks
from iqm_finance_client._types import UNSET


def test_an_integer_wire_value_is_an_int_and_never_a_bool():
    assert _checks.expect_int(7) == 7
    with pytest.raises(TypeError, match=r"^expected an integer, got bool$"):
        _checks.expect_int(True)  # noqa: FBT003 -- the bool refused
    with pytest.raises(TypeError, match=r"^expected an integer, got str$"):
        _checks.expect_int("7")


@pytest.mark.parametrize(
    ("check", "good", "bad", "message"),
    [
        (_checks.expect_str, "a", 1, "expected a string, got int"),
        (_checks.expect_bool, False, 0, "expected a boolean, got int"),
        (_checks.expect_optional_str, None, b"a", "expected a string, got bytes"),
    ],
)
def test_each_wire_check_returns_its_kind_and_names_what_it_got(check, good, bad, message):
    assert check(good) is good
    with pytest.raises(TypeError, match=f"^{message}$"):
        check(bad)


@pytest.mark.parametrize(
    "check",
    [
        _checks.expect_int_or_unset,
        _checks.expect_str_or_unset,
        _checks.expect_bool_or_unset,
        _checks.expect_optional_str_or_unset,
    ],
)
def test_an_absent_field_stays_unset_and_a_present_one_is_checked(check):
    assert check(UNSET) is UNSET
    with pytest.raises(TypeError):
        check(1.5)


class Body:
    """A stand-in for a generated model."""


def test_a_body_must_be_its_model_and_a_dict_is_told_how_to_build_one():
    body = Body()
    assert _checks.body(body, "body", Body) is body
    with pytest.raises(TypeError, match=r"^body must be a Body, got dict; build it with Body\(\.\.\.\)"):
        _checks.body({"amount": 1}, "body", Body)
    with pytest.raises(TypeError, match=r"^body must be a Body, got list$"):
        _checks.body([], "body", Body)


def test_a_datetime_must_be_aware_and_is_no_date():
    aware = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
    assert _checks.field(aware, "issuedAt", "datetime") is aware
    with pytest.raises(ValueError, match=r"^field 'issuedAt' must be an aware datetime"):
        _checks.field(aware.replace(tzinfo=None), "issuedAt", "datetime")
    with pytest.raises(TypeError, match=r"pass value\.date\(\) in the zone you mean"):
        _checks.parameter(aware, "dueDate", "date")


def test_a_count_is_not_negative_and_null_passes_only_when_nullable():
    with pytest.raises(ValueError, match=r"^parameter 'limit' must be a non-negative int, got -1$"):
        _checks.parameter(-1, "limit", "count")
    assert _checks.field(None, "note", "str", nullable=True) is None
    with pytest.raises(TypeError, match=r"^field 'note' must be a str, got NoneType$"):
        _checks.field(None, "note", "str")
