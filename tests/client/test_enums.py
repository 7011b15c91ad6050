from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iqm_finance_client import _enums
from iqm_finance_client._enums import ALIASES, OpenIntEnum, OpenStrEnum


class PaymentMode(OpenStrEnum):
    PAYPAL = "PayPal"
    CHECK = "Check"
    WIRE_TRANSFER = "Wire Transfer"
    TO_FUNDS = "To Funds"


class PaymentStatus(OpenStrEnum):
    PAID = "Paid"
    REJECTED = "Rejected"
    UNKNOWN = "Unknown"  # a real member with the pseudo-members' name must not confuse is_unknown


class InvoiceStatusId(OpenIntEnum):
    PENDING = 1
    PAID = 2
    OVERDUE = 7


def test_known_values_are_their_members():
    assert PaymentStatus("Paid") is PaymentStatus.PAID
    assert PaymentStatus("Paid") == PaymentStatus.PAID == "Paid"
    assert InvoiceStatusId(7) is InvoiceStatusId.OVERDUE
    assert InvoiceStatusId.PENDING == 1
    assert not PaymentStatus.PAID.is_unknown
    assert not PaymentStatus.UNKNOWN.is_unknown
    assert not InvoiceStatusId.PAID.is_unknown


def test_str_and_format_give_the_wire_value():
    assert str(PaymentMode.CHECK) == "Check"
    assert f"{PaymentMode.CHECK}" == "Check"
    assert f"{PaymentMode.CHECK:>7}" == "  Check"
    assert str(InvoiceStatusId.PENDING) == "1"
    assert f"{InvoiceStatusId.OVERDUE:03d}" == "007"


def test_unknown_string_is_kept_visibly():
    mode = PaymentMode("Crypto")

    assert isinstance(mode, PaymentMode)
    assert mode.is_unknown
    assert mode.value == "Crypto"
    assert mode.name == "UNKNOWN"
    assert str(mode) == "Crypto"
    assert repr(mode) == "<PaymentMode.UNKNOWN: 'Crypto'>"
    assert mode == "Crypto"
    assert mode not in list(PaymentMode)


def test_unknown_int_is_kept_visibly():
    status = InvoiceStatusId(6)  # quirk invoice-status-6-missing

    assert isinstance(status, InvoiceStatusId)
    assert status.is_unknown
    assert status.value == 6
    assert status == 6
    assert repr(status) == "<InvoiceStatusId.UNKNOWN: 6>"
    assert str(status) == "6"
    assert len(InvoiceStatusId) == 3


def test_unknown_pseudo_members_are_equal_and_hash_alike():
    first, second = PaymentStatus("Refunded"), PaymentStatus("Refunded")

    assert first == second
    assert hash(first) == hash(second) == hash("Refunded")
    assert {first: 1}[second] == 1
    assert {"Refunded": 1}[first] == 1
    assert first != PaymentStatus("Chargeback")
    assert hash(InvoiceStatusId(6)) == hash(6)


def test_pseudo_members_survive_pickling():
    assert pickle.loads(pickle.dumps(PaymentStatus("Refunded"))) == PaymentStatus("Refunded")  # noqa: S301 -- our own bytes
    assert pickle.loads(pickle.dumps(InvoiceStatusId.PAID)) is InvoiceStatusId.PAID  # noqa: S301 -- our own bytes


@pytest.mark.parametrize(("enum", "value"), [(InvoiceStatusId, "1"), (InvoiceStatusId, 1.5), (PaymentMode, 1)])
def test_a_value_of_the_wrong_type_is_still_a_value_error(enum, value):
    with pytest.raises(ValueError, match="is not a valid"):
        enum(value)


def test_from_json_checks_the_type_strictly():
    assert PaymentMode.from_json("Check") is PaymentMode.CHECK
    assert PaymentMode.from_json("Crypto").is_unknown
    assert InvoiceStatusId.from_json(1) is InvoiceStatusId.PENDING
    for value in (True, "1", 1.0, None):
        with pytest.raises(TypeError, match="InvoiceStatusId expects an integer"):
            InvoiceStatusId.from_json(value)
    for wrong in (1, None, b"Check"):
        with pytest.raises(TypeError, match="PaymentMode expects a string"):
            PaymentMode.from_json(wrong)


def test_cheque_is_an_alias_of_check():
    assert ALIASES["PaymentMode"] == {"Cheque": "Check"}
    assert PaymentMode("Cheque") is PaymentMode.CHECK
    assert PaymentMode.from_json("Cheque") is PaymentMode.CHECK


def test_aliases_are_per_class_and_may_point_nowhere(monkeypatch):
    monkeypatch.setitem(ALIASES, "InvoiceStatusId", {60: 7, 61: 99})
    monkeypatch.setitem(ALIASES, "PaymentStatus", {"Settled": "Paid"})

    assert InvoiceStatusId(60) is InvoiceStatusId.OVERDUE
    assert InvoiceStatusId(61).is_unknown  # an alias of an unknown value keeps the raw value
    assert InvoiceStatusId(61).value == 61
    assert PaymentStatus("Settled") is PaymentStatus.PAID
    assert PaymentMode("Settled").is_unknown


def test_a_str_subclass_value_is_stored_as_a_plain_str():
    unknown = PaymentStatus(PaymentMode.CHECK)

    assert unknown.is_unknown
    assert type(unknown.value) is str
    assert unknown.value == "Check"


def test_members_are_still_str_and_int():
    assert isinstance(PaymentMode.CHECK, str)
    assert PaymentMode.CHECK.upper() == "CHECK"
    assert isinstance(InvoiceStatusId(6), int)
    assert InvoiceStatusId(6) + 1 == 7


def test_public_names():
    assert set(_enums.__all__) == {"ALIASES", "UNKNOWN_NAME", "OpenIntEnum", "OpenStrEnum"}


@given(st.text())
def test_any_string_decodes(value):
    member = PaymentMode(value)

    # An alias (quirk check-or-cheque) decodes to the member it names; any other string is kept as it is.
    assert member == _enums.ALIASES["PaymentMode"].get(value, value)
    assert member.is_unknown == (value not in {"PayPal", "Check", "Wire Transfer", "To Funds", "Cheque"})


@given(st.integers())
def test_any_int_decodes(value):
    member = InvoiceStatusId(value)

    assert member == value
    assert member.is_unknown == (value not in {1, 2, 7})
