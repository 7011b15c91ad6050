"""The fast decode (`_wire`): msgspec straight into the attrs models, or a decline that leaves it to `from_dict`.

What the endpoints return must not depend on which path decoded it: the property tests in
`endpoints/test_fuzz.py` compare the two paths on generated and mutated bodies; these pin the cases by name.
"""

from __future__ import annotations

import copy
import datetime as dt
import gc
import pickle
import sys
import threading
import weakref
from decimal import Decimal
from typing import Any

import attrs
import httpx2
import msgspec
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from iqm_finance_client import _convert, _endpoint, _json, _wire
from iqm_finance_client.errors import ResponseDecodeError, UnsuccessfulResponseError
from iqm_finance_client.models import (
    CustomerPayment,
    CustomerPaymentCreate,
    CustomerPaymentListResponse,
    InvoiceSettingsUpdate,
    PaymentMode,
)

RECORD: dict[str, Any] = {
    "isPaymentInitiatorOrg": True,
    "paymentId": 20,
    "createdAt": 1611399974818,
    "createdByUserEmail": "asha@example.com",
    "createdByUserProfile": "https://assets.example.com/avatar/AS.svg",
    "paymentDate": 1609957800000,
    "paymentAmount": Decimal("553611.718"),
    "paymentStatus": "Paid",
    "paymentMode": "Cheque",
    "paymentType": "As Fund",
    "invoiceId": 0,
    "transactionId": "T-4442369",
    "modifiedAt": 1612838275262,
    "modifiedByUserEmail": "lena@example.com",
    "modifiedByUserProfile": "https://assets.example.com/avatar/LE.svg",
    "bankName": None,
    "refundReason": None,
}
ENCODER = msgspec.json.Encoder(decimal_format="number")


def body(*records: dict[str, Any], **envelope: Any) -> bytes:
    """A customer-payments list body holding these records."""
    page = {"totalRecords": len(records), "filteredRecords": len(records), "data": list(records)}
    return ENCODER.encode({"success": True, "data": page, **envelope})


def record(**changes: Any) -> dict[str, Any]:
    """RECORD with some wire keys changed."""
    return {**RECORD, **changes}


def slow(content: bytes) -> CustomerPaymentListResponse:
    """What `from_dict` makes of a body."""
    return CustomerPaymentListResponse.from_dict(_json.loads(content))


def endpoint(content: bytes) -> CustomerPaymentListResponse:
    """What a generated endpoint returns for a 200 with this body."""
    response = httpx2.Response(200, content=content, headers={"Content-Type": "application/json"})
    return _endpoint.decode_model(response, CustomerPaymentListResponse)


def test_a_spec_body_decodes_fast_to_what_from_dict_gives() -> None:
    content = body(record(), record(paymentId=21, transactionId=None, bankName="Chase", refundReason="Overpaid"))
    fast = _wire.decode(content, CustomerPaymentListResponse)
    assert fast is not None
    assert fast == slow(content)
    payment = fast.data.data[0]
    assert type(payment) is CustomerPayment
    assert payment.payment_amount == Decimal("553611.718")
    assert str(payment.payment_amount) == "553611.718"
    assert payment.payment_mode is PaymentMode.CHECK  # the "Cheque" alias, as from_dict reads it
    assert payment.created_at == dt.datetime(2021, 1, 23, 11, 6, 14, 818000, tzinfo=dt.UTC)
    assert payment.additional_properties == {}


@pytest.mark.parametrize(
    "amount", [b"1250", b"-0", b"-0.0", b"1.10", b"1e3", b"-1.5E-7", b"123456789012345678901234567890.125"]
)
def test_an_amount_decodes_fast_to_the_digits_sent(amount: bytes) -> None:
    content = body(record(paymentAmount=0)).replace(b'"paymentAmount":0', b'"paymentAmount":' + amount)
    fast = _wire.decode(content, CustomerPaymentListResponse)
    assert fast is not None
    expected = slow(content).data.data[0].payment_amount
    assert repr(fast.data.data[0].payment_amount) == repr(expected)  # the same digits and exponent, not just equal


def test_an_unknown_key_is_left_to_from_dict_which_keeps_it() -> None:
    content = body(record(loyaltyPoints=12))
    assert _wire.decode(content, CustomerPaymentListResponse) is None
    assert endpoint(content).data.data[0]["loyaltyPoints"] == 12


def test_an_unknown_key_in_the_envelope_is_left_to_from_dict() -> None:
    content = body(record(), requestId="r-1")
    assert _wire.decode(content, CustomerPaymentListResponse) is None
    assert endpoint(content).additional_properties == {"requestId": "r-1"}


@pytest.mark.parametrize(
    ("changes", "read"),
    [
        ({"paymentAmount": "1250.50"}, lambda payment: payment.payment_amount == Decimal("1250.50")),
        ({"createdAt": Decimal("1.6E+12")}, lambda payment: payment.created_at.year == 2020),
        ({"transactionId": 'say "hi"'}, lambda payment: payment.transaction_id == 'say "hi"'),
    ],
    ids=["amount-as-string", "timestamp-as-exponent", "escaped-quote"],
)
def test_what_only_from_dict_reads_is_left_to_it(changes: dict[str, Any], read: Any) -> None:
    content = body(record(**changes))
    assert _wire.decode(content, CustomerPaymentListResponse) is None
    assert read(endpoint(content).data.data[0])


def test_an_integer_transaction_id_is_read_as_from_dict_reads_it() -> None:
    content = body(record(transactionId=10))
    fast = _wire.decode(content, CustomerPaymentListResponse)
    assert fast is not None
    assert fast.data.data[0].transaction_id == "10"
    assert fast == slow(content)


@pytest.mark.parametrize(
    "changes",
    [{"paymentId": True}, {"paymentId": 1.5}, {"createdAt": 253402300800000}, {"paymentMode": 3}, {"bankName": 7}],
    ids=["bool-id", "float-id", "after-year-9999", "int-enum-value", "int-name"],
)
def test_a_body_that_breaks_the_spec_gets_from_dicts_error(changes: dict[str, Any]) -> None:
    content = body(record(**changes))
    assert _wire.decode(content, CustomerPaymentListResponse) is None
    with pytest.raises(ResponseDecodeError):
        endpoint(content)


def test_success_false_is_left_to_the_errors() -> None:
    content = ENCODER.encode({"success": False, "data": {"totalRecords": 0, "filteredRecords": 0, "data": []}})
    assert _wire.decode(content, CustomerPaymentListResponse) is None
    with pytest.raises(UnsuccessfulResponseError):
        endpoint(content)


def test_timestamps_read_the_same_however_the_model_is_used() -> None:
    fast = _wire.decode(body(record()), CustomerPaymentListResponse)
    assert fast is not None
    expected = slow(body(record())).data.data[0]
    for view in (
        lambda payment: payment,
        copy.copy,
        copy.deepcopy,
        lambda payment: pickle.loads(pickle.dumps(payment)),  # noqa: S301 - our own bytes
        lambda payment: attrs.evolve(payment, payment_id=20),
    ):
        assert attrs.asdict(view(fast.data.data[0])) == attrs.asdict(expected)
    assert repr(fast.data.data[0]) == repr(expected)
    assert fast.data.data[0].to_dict() == expected.to_dict()


class _Stamps:
    """A slotted class with one epoch-millisecond and one epoch-second field, as `describe` wraps them."""

    __slots__ = ("at_ms", "at_s")


_Stamps.at_ms = _wire._LazyEpoch(_Stamps.__dict__["at_ms"], 1000)  # type: ignore[attr-defined]
_Stamps.at_s = _wire._LazyEpoch(_Stamps.__dict__["at_s"], 1)  # type: ignore[attr-defined]
FAST_LIMIT = 2**32  # seconds: below it the lazy read takes fromtimestamp's float path


@given(
    st.one_of(
        st.integers(0, FAST_LIMIT * 1000 + 1000),
        st.integers(-62_135_596_800_000, 253_402_300_799_999),
        st.sampled_from([-1, 0, 1, 999, FAST_LIMIT * 1000 - 1, FAST_LIMIT * 1000, 253_402_300_799_999]),
    )
)
@example(1611399974818)
def test_a_lazy_timestamp_reads_as_the_exact_integer_conversion(count: int) -> None:
    stamps = _Stamps()
    _Stamps.at_ms.slot.__set__(stamps, count)  # type: ignore[attr-defined]  # what the fast decode stores
    expected = _convert.datetime_from_epoch_milliseconds(count)
    assert stamps.at_ms == expected  # type: ignore[attr-defined]
    assert stamps.at_ms.tzinfo is dt.UTC  # type: ignore[attr-defined]
    seconds = count // 1000
    _Stamps.at_s.slot.__set__(stamps, seconds)  # type: ignore[attr-defined]
    assert stamps.at_s == _convert.datetime_from_epoch_seconds(seconds)  # type: ignore[attr-defined]


def test_a_timestamp_set_by_hand_is_kept() -> None:
    payment = slow(body(record())).data.data[0]
    moment = dt.datetime(2030, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))
    payment.created_at = moment
    assert payment.created_at is moment


def _stored(payment: CustomerPayment) -> object:
    """What the slot under `created_at` holds: the epoch count the fast decode stored, or the datetime made of it."""
    return CustomerPayment.created_at.slot.__get__(payment)  # type: ignore[attr-defined]


def test_the_first_timestamp_read_converts_every_record_of_its_list() -> None:
    records = [record(paymentId=index, createdAt=1611399974818 + index * 86_399_999) for index in range(20)]
    fast = _wire.decode(body(*records), CustomerPaymentListResponse)
    assert fast is not None
    payments = fast.data.data
    assert all(type(_stored(payment)) is int for payment in payments)  # nothing converted while decoding
    _ = payments[7].payment_date
    assert all(type(_stored(payment)) is dt.datetime for payment in payments)
    expected = slow(body(*records)).data.data
    for payment, wanted in zip(payments, expected, strict=True):
        assert (payment.created_at, payment.payment_date, payment.modified_at) == (
            wanted.created_at,
            wanted.payment_date,
            wanted.modified_at,
        )
        assert payment.created_at.tzinfo is dt.UTC


def test_a_list_converts_around_what_was_set_by_hand_or_is_out_of_the_float_range() -> None:
    late = 2**32 * 1000 + 1  # past the float range: left to the record's own, integer, conversion
    fast = _wire.decode(body(record(), record(createdAt=late), record()), CustomerPaymentListResponse)
    assert fast is not None
    first, out_of_range, last = fast.data.data
    moment = dt.datetime(2030, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))
    last.created_at = moment
    assert first.modified_at == _convert.datetime_from_epoch_milliseconds(RECORD["modifiedAt"])
    assert last.created_at is moment
    assert first.created_at == _convert.datetime_from_epoch_milliseconds(RECORD["createdAt"])
    assert type(_stored(out_of_range)) is int
    assert out_of_range.created_at == _convert.datetime_from_epoch_milliseconds(late)


def test_a_field_deleted_on_one_record_leaves_the_others_to_convert() -> None:
    fast = _wire.decode(body(record(), record(), record()), CustomerPaymentListResponse)
    assert fast is not None
    first, second, third = fast.data.data
    del first.modified_at
    assert second.created_at == _convert.datetime_from_epoch_milliseconds(RECORD["createdAt"])
    assert type(CustomerPayment.modified_at.slot.__get__(third)) is dt.datetime  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        _ = first.modified_at


def test_the_pages_a_concurrent_walk_decoded_ahead_stay_noted() -> None:
    pages = [_wire.decode(body(record(), record()), CustomerPaymentListResponse) for _ in range(12)]
    assert all(page is not None for page in pages)
    first = pages[0]
    assert first is not None
    _ = first.data.data[0].created_at  # the reader reaches the first page after eleven more were decoded
    assert type(_stored(first.data.data[1])) is dt.datetime


def test_a_list_holding_something_else_converts_record_by_record() -> None:
    fast = _wire.decode(body(record(), record()), CustomerPaymentListResponse)
    assert fast is not None
    stranger = slow(body(record())).data.data[0]
    fast.data.data.append(attrs.evolve(stranger))  # a caller's own record: the list is no longer the decode's
    fast.data.data.insert(0, "not a payment")  # type: ignore[arg-type]
    payment = fast.data.data[1]
    assert payment.created_at == _convert.datetime_from_epoch_milliseconds(RECORD["createdAt"])
    assert type(_stored(fast.data.data[2])) is int


def test_a_noted_list_keeps_nothing_alive_and_the_notes_are_bounded() -> None:
    batches = _wire._BATCHES[CustomerPayment]
    batches.convert()  # start from no notes
    fast = _wire.decode(body(record(), record()), CustomerPaymentListResponse)
    assert fast is not None
    kept = fast.data.data[1]
    page = weakref.ref(fast.data)
    del fast
    gc.collect()
    assert page() is None
    assert kept.created_at == _convert.datetime_from_epoch_milliseconds(RECORD["createdAt"])
    assert batches.pending == []
    for _ in range(3 * _wire._NOTED_LISTS):
        assert _wire.decode(body(record()), CustomerPaymentListResponse) is not None
    assert len(batches.pending) == _wire._NOTED_LISTS


class _Batch:
    """A slotted class like a generated model with two epoch-millisecond fields, `describe`d as they are."""

    __slots__ = ("at", "until")


_BATCH = _wire._Batches(_Batch)
for _name in _Batch.__slots__:
    _BATCH.fields.append((_Batch.__dict__[_name], 1000))
    setattr(_Batch, _name, _wire._LazyEpoch(_Batch.__dict__[_name], 1000, _BATCH))

_COUNT = st.one_of(
    st.integers(0, FAST_LIMIT * 1000 - 1),
    st.integers(-62_135_596_800_000, 253_402_300_799_999),
    st.sampled_from([0, 1, 999, 1000, 1611399974818, FAST_LIMIT * 1000 - 1, FAST_LIMIT * 1000]),
)


class _Holder:
    """The model a list of records sits in: what a note refers to, weakly."""

    __slots__ = ("__weakref__", "records")


@given(st.lists(st.tuples(_COUNT, st.one_of(_COUNT, st.none())), min_size=1, max_size=30))
@example([(1611399974818, None), (2**32 * 1000 - 1, 0)])
def test_a_list_converts_to_the_exact_integer_conversion(counts: list[tuple[int, int | None]]) -> None:
    holder = _Holder()
    holder.records = []
    for at, until in counts:
        record = _Batch()
        _Batch.at.slot.__set__(record, at)  # type: ignore[attr-defined]  # what the fast decode stores
        _Batch.until.slot.__set__(record, until)  # type: ignore[attr-defined]
        holder.records.append(record)
    _BATCH.note(holder, _Holder.__dict__["records"])
    first = holder.records[0].at  # type: ignore[attr-defined]
    assert first == _convert.datetime_from_epoch_milliseconds(counts[0][0])
    for record, (at, until) in zip(holder.records, counts, strict=True):  # the first read converted the list
        for slot, count in ((_Batch.at.slot, at), (_Batch.until.slot, until)):  # type: ignore[attr-defined]
            if count is not None and 0 <= count < FAST_LIMIT * 1000:
                assert type(slot.__get__(record)) is dt.datetime
    for record, (at, until) in zip(holder.records, counts, strict=True):
        assert record.at == _convert.datetime_from_epoch_milliseconds(at)  # type: ignore[attr-defined]
        assert record.at.tzinfo is dt.UTC  # type: ignore[attr-defined]
        if until is None:
            assert record.until is None  # type: ignore[attr-defined]
        else:
            assert record.until == _convert.datetime_from_epoch_milliseconds(until)  # type: ignore[attr-defined]


def test_threads_decoding_at_once_keep_their_own_tally() -> None:
    plain = body(*(record(paymentId=index) for index in range(50)))
    extra = body(*(record(paymentId=index) for index in range(49)), record(paymentId=49, loyaltyPoints=1))
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter can, even inside a decode
    failures: list[str] = []
    start = threading.Barrier(4)

    def work(content: bytes) -> None:
        start.wait()
        for _ in range(40):
            decoded = _wire.decode(content, CustomerPaymentListResponse)
            if (decoded is None) is (content is plain):
                failures.append("plain body declined" if content is plain else "unknown key dropped")

    threads = [threading.Thread(target=work, args=(content,)) for content in (plain, extra, plain, extra)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(previous)
    assert failures == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b'{"paypalAcountId": "a@x"}', "a@x"), (b'{"paypalAccountId": "b@x"}', "b@x")],
    ids=["documented-name", "sample-name"],
)
def test_a_wire_alias_fills_its_field(content: bytes, expected: str) -> None:
    fast = _wire.decode(content, InvoiceSettingsUpdate)
    assert fast is not None
    assert fast.paypal_account_id == expected
    assert fast == InvoiceSettingsUpdate.from_dict(_json.loads(content))


def test_both_names_of_an_alias_are_left_to_from_dict() -> None:
    content = b'{"paypalAcountId": "a@x", "paypalAccountId": "b@x"}'
    assert _wire.decode(content, InvoiceSettingsUpdate) is None


def test_a_model_with_a_field_type_it_does_not_handle_is_left_to_from_dict() -> None:
    # transactionId is `int | str` taken on trust by from_dict: nothing msgspec could check it against.
    assert _wire.decode(b'{"owId": 1}', CustomerPaymentCreate) is None


def _one_str_field_model() -> type:
    """A new model of one `str` field, for a test to register under the kind it gives it."""

    @attrs.define
    class Registered:
        value: str
        additional_properties: dict[str, Any] = attrs.field(init=False, factory=dict)

    return Registered


@pytest.mark.parametrize(
    ("kind", "fast"),
    [
        ("", True),  # the control: a plain str field decodes fast
        ("str", True),  # the kind whose Python type is str
        ("money", False),  # a kind whose Python type (Decimal) is not the field's
        ("epoch-minutes", False),  # no kind of that name
    ],
)
def test_a_field_decodes_fast_only_under_a_kind_whose_type_it_has(kind: str, fast: bool) -> None:  # noqa: FBT001
    model = _one_str_field_model()
    _wire.describe(model, {"value": (kind, "value")})
    decoded = _wire.decode(b'{"value": "x"}', model)
    assert (decoded is not None) is fast
    if fast:
        assert decoded == model(value="x")


def test_the_runtimes_kinds_are_the_conversions_the_fast_decode_makes() -> None:
    assert dict(_wire.KINDS) == {
        "money": Decimal,
        "epoch-milliseconds": dt.datetime,
        "epoch-seconds": dt.datetime,
        "int": int,
        "str": str,
    }
