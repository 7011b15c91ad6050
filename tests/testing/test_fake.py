"""`FakeFinanceAPI.handle` answers every request, however malformed, with an HTTP status: fuzzed in process and raw.

Bounded and derandomized: the same examples on every run, each a request the spec was not written for.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
import socket
import time
from urllib.parse import quote

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iqm_finance_client import Client
from iqm_finance_client.errors import FinanceAPIError
from iqm_finance_client.testing import FakeFinanceAPI
from iqm_finance_client.testing._spec import load_spec
from iqm_finance_client.testing._transport import FakeTransport

OPERATIONS = sorted(load_spec().operations.values(), key=lambda operation: operation.operation_id)
FUZZ = settings(max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# JSON text of values a request was not meant to carry, and some it was.
HOSTILE_JSON = [
    "1e999999",
    "-1e999999",
    "1e-999999",
    "NaN",
    "Infinity",
    "-0",
    "1E+2",
    "9" * 5000,
    "9" * 4000,
    "[" * 900 + "]" * 900,
    '{"a": ' * 500 + "1" + "}" * 500,
    "null",
    "true",
    '""',
    '"2026-01-02"',
    '"2026-13-45"',
    '"99999-01-01"',
    "{}",
    "[]",
    str(2**63),
    str(2**31),
    "-1",
    "0",
    "1",
]
HOSTILE_TEXT = ["9" * 5000, str(2**64), "-0", "+1", "1e999999", "NaN", "\u00b2", "", " ", "1,2", "0x10", "1_000"]


def _printable(text: str) -> bool:
    """Whether httpx2 sends this as a header value."""
    return text.isascii() and text.isprintable()


def _fake() -> tuple[FakeFinanceAPI, int]:
    """A fake with a customer, an approved payment and an approved invoice: records for the handlers to reach."""
    fake = FakeFinanceAPI()
    customer = fake.add_customer(name="Acme", balance=100)
    fake.add_invoice(customer, invoice_amount=50, status="Unpaid")
    with fake.client() as client:
        client.payments.add_customer_payment(
            ow_id=customer,
            payment_amount=10,
            payment_date=dt.date(2026, 1, 2),
            payment_mode=1,
            transaction_id=1,
            payment_type=1,
        )
    return fake, customer


json_values = st.one_of(
    st.sampled_from(HOSTILE_JSON),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.text(max_size=12).map(json.dumps),
)
text_values = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=12),
)


@st.composite
def requests(draw: st.DrawFn, customer: int) -> tuple[str, str, dict[str, str], dict[str, str], bytes]:
    """A request to one of the spec's operations, every value drawn from the hostile ones or at random."""
    operation = draw(st.sampled_from(OPERATIONS))
    known = draw(st.sampled_from([str(customer), "1", "1000"]))
    segments = st.one_of(st.just(known), text_values).map(lambda value: quote(value, safe=""))
    path = re.sub(r"\{[A-Za-z_]+\}", lambda _: draw(segments), operation.path)
    names = [p.name for p in operation.parameters if p.location == "query"]
    query = draw(st.dictionaries(st.sampled_from([*names, "other"]), text_values, max_size=3))
    headers = {"Authentication": "Bearer t"}
    if draw(st.booleans()):
        headers["X-IAA-OW-ID"] = draw(st.one_of(st.just(known), text_values.filter(_printable)))
    fields = sorted(operation.body_fields) or ["owId"]
    if draw(st.integers(0, 9)) == 0:
        body = draw(st.binary(max_size=40))
    else:
        chosen = draw(st.dictionaries(st.sampled_from([*fields, "other"]), json_values, max_size=len(fields) + 1))
        body = ("{" + ", ".join(f"{json.dumps(name)}: {value}" for name, value in chosen.items()) + "}").encode()
    return operation.method, path, query, headers, body


@FUZZ
@given(data=st.data())
def test_any_request_in_process_gets_an_answer_below_500(data):
    fake, customer = _fake()
    method, path, query, headers, body = data.draw(requests(customer))
    with httpx2.Client(base_url="http://fake", transport=FakeTransport(fake)) as http:
        response = http.request(method, path, params=query, headers=headers, content=body)
    assert response.status_code < 500, (method, path, query, headers, body[:200], response.text[:500])
    if response.status_code >= 400:
        assert response.json()["success"] is False


class _Counting(httpx2.BaseTransport):
    """The fake's transport, counting the requests that reach it."""

    def __init__(self, fake: FakeFinanceAPI) -> None:
        self.inner = FakeTransport(fake)
        self.seen = 0

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        self.seen += 1
        return self.inner.handle_request(request)


amounts = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.sampled_from([decimal.Decimal("1e999999"), decimal.Decimal("1e-999999"), decimal.Decimal(10) ** 15]),
)
integers = st.one_of(st.integers(min_value=-(2**80), max_value=2**80), st.sampled_from([2**31, 2**63, -(2**63) - 1]))


@FUZZ
@given(
    ow_id=integers,
    amount=amounts,
    mode=integers,
    transaction=st.one_of(integers, st.text(max_size=8)),
    kind=integers,
    header=st.one_of(st.none(), st.sampled_from(HOSTILE_TEXT).filter(_printable)),
    query=st.one_of(st.none(), st.sampled_from(HOSTILE_TEXT).filter(_printable)),
)
def test_the_fakes_client_raises_only_library_errors(ow_id, amount, mode, transaction, kind, header, query):
    fake, _ = _fake()
    counting = _Counting(fake)
    extra_headers = {"X-IAA-OW-ID": header} if header is not None else None
    extra_query = {"owId": query} if query is not None else None
    with fake.client(transport=counting, retry_sleep=lambda _s: None) as client:
        for call in (
            lambda: client.balance.get_available_balance(
                ow_id=ow_id, extra_headers=extra_headers, extra_query=extra_query
            ),
            lambda: client.balance.get_credit_summary(ow_id, extra_headers=extra_headers),
            lambda: client.payments.add_customer_payment(
                ow_id=ow_id,
                payment_amount=amount,
                payment_date=dt.date(2026, 1, 2),
                payment_mode=mode,
                transaction_id=transaction,
                payment_type=kind,
                extra_headers=extra_headers,
            ),
            lambda: client.payments.update_customer_payment(1, payment_amount=amount, extra_headers=extra_headers),
        ):
            seen = counting.seen
            try:
                call()
            except FinanceAPIError:
                pass
            except (ValueError, TypeError):
                # The client's own check of an argument, before sending; never an error out of the fake.
                assert counting.seen == seen


# Raw bytes over serve(): every malformed request gets a 4xx (501/505 for a coding or version it does not
# serve) and its connection closed, and the server keeps serving.

VALID_HEAD = [b"GET /api/v3/fa/available-balance HTTP/1.1", b"Host: fake", b"Authentication: Bearer t"]
NOT_TOKEN = st.sampled_from([b"(", b")", b"@", b"\x00", b"\x7f", b"\xff", b" ", b"/", b"{"])
BAD_TARGET = st.builds(
    bytes.__add__,
    st.sampled_from([b"http://[::1", b"//[x", b"http://[x]", b"//a]b", b"http://[", b"//]"]),
    st.sampled_from([b"", b"/", b"/api/v3/fa/available-balance", b"/x?a=1"]),
)
CONTROL = st.sampled_from([bytes([code]) for code in [*range(9), *range(10, 32), 127] if code != 13])


@st.composite
def malformed(draw: st.DrawFn) -> bytes:
    """A request head broken in one way a server must refuse."""
    lines = list(VALID_HEAD)
    match draw(st.integers(0, 6)):
        case 0:  # the method is not a token
            at = draw(st.integers(0, 2))
            lines[0] = lines[0][:at] + draw(NOT_TOKEN) + lines[0][at + 1 :]
        case 1:  # a control byte in a header value
            value = draw(st.binary(max_size=8).filter(lambda raw: b"\r" not in raw))
            lines.append(b"X-Value: a" + value + draw(CONTROL) + b"b")
        case 2:  # a Content-Length without a digit
            value = draw(st.binary(max_size=8).filter(lambda raw: not re.search(rb"[0-9\r\n]", raw)))
            lines.append(b"Content-Length: " + value)
        case 3:  # a Transfer-Encoding, whatever its coding
            lines.append(b"Transfer-Encoding: " + draw(st.sampled_from([b"chunked", b"gzip", b"identity", b"x"])))
        case 4:  # a line that is no header
            lines.append(draw(st.binary(min_size=1, max_size=12).filter(lambda raw: not re.search(rb"[:\r\n]", raw))))
        case 5:  # a target the URL parser refuses: a bracketed host unclosed, unopened or not an address
            lines[0] = b"GET " + draw(BAD_TARGET) + b" HTTP/1.1"
        case _:  # a version other than HTTP/1.x
            version = draw(st.sampled_from([b"HTTP/2.0", b"HTTP/0.9", b"HTTP/1.2", b"HTTP/11", b"HTTPS/1.1"]))
            lines[0] = lines[0].replace(b"HTTP/1.1", version)
    return b"\r\n".join(lines) + b"\r\n\r\n"


@pytest.fixture(scope="module")
def served() -> object:
    """One fake served for the whole module (Hypothesis runs many examples in one test)."""
    fake = FakeFinanceAPI()
    with fake.serve(timeout=2.0) as base_url:
        yield fake, base_url


@settings(max_examples=80, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=malformed())
def test_any_malformed_raw_request_gets_a_4xx_and_the_server_keeps_serving(served, request):
    fake, base_url = served
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as raw:
        raw.sendall(request)
        received = b""
        while chunk := raw.recv(65536):  # the server closes after a refusal; a socket timeout fails the test
            received += chunk
    status_line, _, rest = received.partition(b"\r\n")
    status = int(status_line.split()[1])
    assert 400 <= status < 500 or status in {501, 505}, (request, received)
    assert b"\r\nConnection: close\r\n" in rest
    started = time.monotonic()
    with Client(base_url, token="t", ow_id=fake.organization_id, max_retries=0, timeout=2) as client:  # noqa: S106
        client.balance.get_available_balance()
    assert time.monotonic() - started < 2
