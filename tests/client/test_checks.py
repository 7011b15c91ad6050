"""`_checks`: what a caller hands the client is checked before anything is sent, and goes out as its plain value.

Integers must lie in their spec's range (`int64`, narrowed by `minimum`/`maximum`), bools are not ints, and an
enum member of any kind is sent by value, on the wire of a real call as well as from the check itself.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import json
from typing import TYPE_CHECKING

import httpx2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from iqm_finance_client import AsyncClient, _checks
from iqm_finance_client._enums import OpenIntEnum, OpenStrEnum
from iqm_finance_client.models import MarginUpdate
from iqm_finance_client.types import UNSET

if TYPE_CHECKING:
    from collections.abc import Callable

    from iqm_finance_client import Client

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


class PlainInt(int, enum.Enum):
    MAIN = 5


class PlainStr(str, enum.Enum):  # noqa: UP042 -- the plain mixed-in kind is the one under test
    MAIN = "main"


class Int(enum.IntEnum):
    MAIN = 5


class Str(enum.StrEnum):
    MAIN = "main"


class OpenInt(OpenIntEnum):
    MAIN = 5


class OpenStr(OpenStrEnum):
    MAIN = "main"


def _near(bound: int) -> st.SearchStrategy[int]:
    return st.integers(min_value=bound - 3, max_value=bound + 3)


@given(st.one_of(_near(INT64_MIN), _near(INT64_MAX), _near(0), st.integers(min_value=-(2**200), max_value=2**200)))
def test_an_int_without_bounds_must_fit_int64(value):
    if INT64_MIN <= value <= INT64_MAX:
        assert _checks.parameter(value, "ow_id", "int") == value
    else:
        with pytest.raises(ValueError, match=r"^parameter 'ow_id' must be at (least|most) -?\d+, got -?\d+$"):
            _checks.parameter(value, "ow_id", "int")


@given(st.one_of(_near(1), _near(2**31 - 1), _near(-(2**31)), st.integers()))
def test_an_int_with_bounds_must_lie_within_them(value):
    low, high = 1, 2**31 - 1
    if low <= value <= high:
        assert _checks.parameter(value, "page_no", "int", minimum=low, maximum=high) == value
    elif value < low:
        with pytest.raises(ValueError, match=rf"^parameter 'page_no' must be at least 1, got {value}$"):
            _checks.parameter(value, "page_no", "int", minimum=low, maximum=high)
    else:
        with pytest.raises(ValueError, match=rf"^parameter 'page_no' must be at most {high}, got {value}$"):
            _checks.parameter(value, "page_no", "int", minimum=low, maximum=high)


@given(st.integers(min_value=-(2**70), max_value=2**70))
def test_a_field_is_bounded_the_same_way(value):
    if 0 <= value <= INT64_MAX:
        assert _checks.field(value, "total_records", "int", minimum=0) == value
    else:
        with pytest.raises(ValueError, match=r"^field 'total_records' must be at (least 0|most \d+), got -?\d+$"):
            _checks.field(value, "total_records", "int", minimum=0)


def test_a_count_keeps_its_message_and_the_int64_ceiling():
    with pytest.raises(ValueError, match=r"^field 'days' must be a non-negative int, got -1$"):
        _checks.field(-1, "days", "count")
    with pytest.raises(ValueError, match=r"must be at most 9223372036854775807, got 9223372036854775808$"):
        _checks.field(2**63, "days", "count")


def test_an_int_too_long_to_print_is_described_by_its_size():
    with pytest.raises(ValueError, match=r"^parameter 'ow_id' must be at most \d+, got an integer of 16610 bits$"):
        _checks.parameter(10**5000, "ow_id", "int")


@pytest.mark.parametrize("kind", ["int", "count"])
def test_a_bool_is_not_an_int(kind):
    with pytest.raises(TypeError, match=r"a bool is not an int"):
        _checks.parameter(True, "limit", kind, minimum=0)  # noqa: FBT003 -- the mistake under test


def test_unset_and_none_pass_before_any_bound():
    assert _checks.parameter(UNSET, "page_no", "int", optional=True, minimum=1) is UNSET
    assert _checks.parameter(None, "page_no", "int", nullable=True, minimum=1) is None


@pytest.mark.parametrize(
    ("member", "kind", "plain"),
    [
        (PlainInt.MAIN, "int", 5),
        (Int.MAIN, "int", 5),
        (OpenInt.MAIN, "int", 5),
        (OpenInt(99), "int", 99),  # an unknown value, kept as a pseudo-member
        (PlainStr.MAIN, "str", "main"),
        (Str.MAIN, "str", "main"),
        (OpenStr.MAIN, "str", "main"),
        (OpenStr("new"), "str", "new"),
    ],
)
def test_an_enum_member_of_any_kind_comes_back_as_its_plain_value(member, kind, plain):
    value = _checks.parameter(member, "status", kind)

    assert value == plain
    assert type(value) is type(plain)


def test_an_enum_member_is_bounded_by_its_value():
    with pytest.raises(ValueError, match=r"^parameter 'page_no' must be at least 6, got 5$"):
        _checks.parameter(PlainInt.MAIN, "page_no", "int", minimum=6)


def test_a_parameter_of_a_generated_enum_class_is_left_to_its_encoder():
    assert _checks.parameter(OpenStr.MAIN, "status", OpenStr) is OpenStr.MAIN


# ---- through a real call: what goes on the wire ----


def _page(_request: httpx2.Request) -> httpx2.Response:
    return httpx2.Response(200, json={"success": True, "data": {"totalRecords": 0, "filteredRecords": 0, "data": []}})


@pytest.fixture
def recorded(make_client: Callable[..., Client]) -> tuple[Client, list[httpx2.Request]]:
    """A Client whose server records every request and answers an empty page (or `"success": true`)."""
    requests: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        requests.append(request)
        if request.method != "GET":
            return httpx2.Response(200, json={"success": True, "data": "done"})
        return _page(request)

    return make_client(handler), requests


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"page_no": 0}, r"parameter 'page_no' must be at least 1, got 0"),
        ({"page_no": -1}, r"parameter 'page_no' must be at least 1, got -1"),
        ({"limit": 0}, r"parameter 'limit' must be at least 1, got 0"),
        ({"limit": -1}, r"parameter 'limit' must be at least 1, got -1"),
        ({"limit": 2**70}, r"parameter 'limit' must be at most 9223372036854775807, got 1180591620717411303424"),
    ],
)
def test_a_page_number_or_limit_out_of_range_is_refused_before_sending(recorded, arguments, message):
    client, requests = recorded

    with pytest.raises(ValueError, match=message):
        client.payments.list_payments(**arguments)

    assert requests == []


def test_the_page_walker_refuses_them_too(recorded):
    client, requests = recorded

    with pytest.raises(ValueError, match=r"parameter 'limit' must be at least 1, got 0"):
        list(client.payments.list_payments(limit=0))

    assert requests == []


def test_an_async_call_refuses_them_too(token):
    requests: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        requests.append(request)
        return _page(request)

    async def call() -> None:
        transport = httpx2.MockTransport(handler)
        async with AsyncClient(token=token, ow_id=1234, transport=transport, async_transport=transport) as client:
            await client.payments.list_payments(page_no=0)

    with pytest.raises(ValueError, match=r"parameter 'page_no' must be at least 1, got 0"):
        asyncio.run(call())
    assert requests == []


@pytest.mark.parametrize("bad", [2**63, -(2**63) - 1, 2**70])
def test_a_path_integer_past_int64_is_refused_before_sending(recorded, bad):
    client, requests = recorded

    with pytest.raises(ValueError, match=r"^parameter 'invoice_id' must be at (least|most) "):
        client.invoices.approve_invoice(bad)

    assert requests == []


@pytest.mark.parametrize("bad", [2**63, -(2**63) - 1])
def test_an_integer_body_field_past_int64_is_refused_before_sending(recorded, bad):
    client, requests = recorded

    with pytest.raises(ValueError, match=r"^field 'margin_value' must be at (least|most) "):
        client.margins.update_customer_margin(ow_id=1, margin_type_id=2, margin_value=bad)

    assert requests == []
    with pytest.raises(ValueError, match=r"^field 'ow_id' must be at (least|most) "):
        MarginUpdate(ow_id=bad, margin_type_id=2, margin_value=3).to_dict()


@pytest.mark.parametrize("member", [PlainInt.MAIN, Int.MAIN, OpenInt.MAIN])
def test_an_int_enum_member_goes_out_by_value_in_path_and_query(recorded, member):
    client, requests = recorded

    client.invoices.approve_invoice(member)
    client.payments.list_payments(limit=member, page_no=member)

    assert requests[0].url.path == "/api/v3/fa/invoice-approve/5"
    assert requests[1].url.params["limit"] == "5"
    assert requests[1].url.params["pageNo"] == "5"


@pytest.mark.parametrize("member", [PlainStr.MAIN, Str.MAIN, OpenStr.MAIN])
def test_a_str_enum_member_goes_out_by_value_in_the_query(recorded, member):
    client, requests = recorded

    client.payments.list_payments(search_field=member)

    assert requests[0].url.params["searchField"] == "main"


@pytest.mark.parametrize(("member", "sent"), [(PlainInt.MAIN, "5"), (PlainStr.MAIN, "main"), (OpenInt.MAIN, "5")])
def test_an_enum_member_in_extra_query_goes_out_by_value(recorded, member, sent):
    client, requests = recorded

    client.payments.list_payments(extra_query={"extra": member})

    assert requests[0].url.params["extra"] == sent


def test_enum_members_in_a_body_go_out_by_value(recorded):
    client, requests = recorded

    client.payments.add_customer_payment(
        ow_id=PlainInt.MAIN,
        payment_amount=1,
        payment_date=dt.date(2025, 1, 2),
        payment_mode=Int.MAIN,
        transaction_id=PlainStr.MAIN,
        payment_type=OpenInt.MAIN,
    )

    sent = json.loads(requests[0].content)
    assert (sent["owId"], sent["paymentMode"], sent["paymentType"], sent["transactionId"]) == (5, 5, 5, "main")
