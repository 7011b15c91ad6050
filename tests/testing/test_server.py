"""`serve()` over real HTTP on 127.0.0.1, and `python -m iqm_finance_client.testing serve`."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import resource
import select
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import httpx2
import pytest

from iqm_finance_client import Client
from iqm_finance_client.errors import APIConnectionError, AuthenticationError
from iqm_finance_client.testing import FakeFinanceAPI
from iqm_finance_client.testing._messages import FakeResponse
from iqm_finance_client.testing._server import FakeServer

if TYPE_CHECKING:
    from collections.abc import Iterator

GENERATED = Path(__file__).resolve().parents[2] / "generated"


def test_connections_opened_at_once_are_all_queued_before_any_is_accepted(fake):
    # A walk with concurrency=N opens N connections at once; a backlog of 5 dropped the rest, resent after 1 s.
    server = FakeServer(fake)  # bound and listening, not yet accepting
    host, port = server.base_url.removeprefix("http://").split(":")
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(32)]
    try:
        for client in sockets:
            client.setblocking(False)  # noqa: FBT003 -- the socket module's own signature
            client.connect_ex((host, int(port)))
        pending = list(sockets)
        deadline = 0.5  # a loopback handshake the kernel completes takes microseconds; a dropped SYN waits 1 s
        while pending:
            _, writable, _ = select.select([], pending, [], deadline)
            if not writable:
                break
            pending = [client for client in pending if client not in writable]
        assert pending == []
        assert all(client.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0 for client in sockets)
    finally:
        for client in sockets:
            client.close()
        with server:  # serve and stop, so the socket is closed as every user's is
            pass


def test_serve_answers_a_real_client_over_http(fake, customer):
    with fake.serve() as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        with Client(base_url, token="any", ow_id=fake.organization_id) as client:  # noqa: S106
            client.payments.add_customer_payment(
                ow_id=customer,
                payment_amount=12,
                payment_date=dt.date(2026, 1, 2),
                payment_mode=1,
                transaction_id=1,
                payment_type=1,
            )
            client.payments.approve_customer_payment(1, ow_id=customer)
            assert client.balance.get_available_balance(ow_id=customer) == 12
            download = client.payments.download_payment_receipt(1)
            assert (download.filename, download.content[:5]) == ("receipt-1.pdf", b"%PDF-")
        with httpx2.Client(base_url=base_url) as raw:  # no Authentication header
            assert raw.get("/api/v3/fa/available-balance").status_code == 401


def test_serve_injects_transport_faults_over_http(fake):
    fake.fail_next("listPaymentTypes", fault="reset")
    fake.fail_next("listPaymentStatuses", fault="reset")
    with fake.serve() as base_url, Client(base_url, token="t", retry_sleep=lambda _s: None) as client:  # noqa: S106
        assert len(client.static_lists.list_payment_types()) == 3  # dropped once, retried
        with pytest.raises(APIConnectionError):
            client.static_lists.list_payment_statuses(max_retries=0)


def test_serve_with_a_required_token():
    fake = FakeFinanceAPI(token="s3cret")  # noqa: S106
    with fake.serve() as base_url:
        with Client(base_url, token="nope") as client, pytest.raises(AuthenticationError):  # noqa: S106
            client.balance.get_available_balance()
        with Client(base_url, token="s3cret") as client:  # noqa: S106
            assert client.balance.get_available_balance() == 0


def test_the_cli_serves_a_seeded_fake(fake, customer, tmp_path):
    fake.add_invoice(customer, invoice_amount=42)
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps(fake.snapshot()), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(GENERATED)}
    command = [sys.executable, "-m", "iqm_finance_client.testing", "serve", "--port", "0", "--seed", str(seed)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as process:
        try:
            assert process.stdout is not None
            base_url = process.stdout.readline().strip()
            assert base_url.startswith("http://127.0.0.1:")
            with Client(base_url, token="t", ow_id=fake.organization_id) as client:  # noqa: S106
                (invoice,) = client.invoices.list_invoices(customer).data
                assert invoice.invoice_amount == 42
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_the_cli_refuses_a_bad_seed(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text('{"format": 7}', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(GENERATED)}
    command = [sys.executable, "-m", "iqm_finance_client.testing", "serve", "--seed", str(seed)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=30, check=False)
    assert result.returncode == 2
    assert "--seed" in result.stderr
    assert "format" in result.stderr


def test_the_cli_takes_no_token_beside_a_seed(fake, tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps(fake.snapshot()), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(GENERATED)}
    command = [sys.executable, "-m", "iqm_finance_client.testing", "serve", "--seed", str(seed), "--token", "t"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=30, check=False)
    assert result.returncode == 2
    assert "--token is for a fake without --seed" in result.stderr


# Raw HTTP/1.1 against serve(): framing, timeouts, bounded threads.

PAYMENT_PATH = "/api/v3/fa/customer/payment/add"
READ_SECONDS = 5.0  # how long a raw client waits for the server to answer and close; every test is far below


def _payment_body(customer: int) -> bytes:
    fields = {
        "owId": customer,
        "paymentAmount": 12,
        "paymentDate": "2026-01-02",
        "paymentMode": 1,
        "transactionId": 1,
        "paymentType": 1,
    }
    return json.dumps(fields).encode()


def _post(body: bytes, *headers: str) -> bytes:
    """A payment POST with these header lines (framing headers included by the caller) and this body."""
    head = [f"POST {PAYMENT_PATH} HTTP/1.1", "Host: fake", "Authentication: Bearer t", *headers]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def _address(base_url: str) -> tuple[str, int]:
    host, port = base_url.removeprefix("http://").split(":")
    return host, int(port)


def _send(base_url: str, data: bytes) -> bytes:
    """Send raw bytes on a new connection and read until the server closes it (a socket timeout fails the test)."""
    with socket.create_connection(_address(base_url), timeout=READ_SECONDS) as raw:
        raw.sendall(data)
        received = b""
        deadline = time.monotonic() + READ_SECONDS
        while time.monotonic() < deadline:
            chunk = raw.recv(65536)
            if not chunk:
                return received
            received += chunk
    pytest.fail(f"the server kept the connection open after {received!r}")


def _responses(data: bytes) -> list[tuple[int, dict[str, str], bytes]]:
    """Split what a connection received into responses: (status, headers in lower case, body)."""
    found = []
    while data:
        head, separator, rest = data.partition(b"\r\n\r\n")
        assert separator, data
        status_line, *lines = head.decode("latin-1").split("\r\n")
        assert status_line.startswith("HTTP/1.1 "), status_line
        headers = {name.lower(): value.strip() for name, value in (line.split(":", 1) for line in lines)}
        length = int(headers.get("content-length", "0"))
        found.append((int(status_line.split()[1]), headers, rest[:length]))
        data = rest[length:]
    return found


def _payments(fake: FakeFinanceAPI) -> int:
    with fake.client() as client:
        return len(client.payments.list_payments().data)


def _served_promptly(base_url: str, fake: FakeFinanceAPI, limit: float = 2.0) -> float:
    """A well-behaved client's call through the server; return how long it took, failing past `limit` seconds."""
    started = time.monotonic()
    with Client(base_url, token="t", ow_id=fake.organization_id, timeout=limit, max_retries=0) as client:  # noqa: S106
        assert client.balance.get_available_balance() == 0
    elapsed = time.monotonic() - started
    assert elapsed < limit
    return elapsed


@pytest.mark.parametrize(
    ("framing", "status"),
    [
        (["Content-Length: abc"], 400),
        (["Content-Length: -1"], 400),
        (["Content-Length: +5"], 400),
        (["Content-Length: 1e3"], 400),
        (["Content-Length: "], 400),
        (["Content-Length: 10, 20"], 400),
        (["Content-Length: 10", "Content-Length: 20"], 400),
        (["Content-Length : 10"], 400),  # RFC 9112 5.1: no whitespace between the name and the colon
        (["Content-Length: 99999999999999999999999"], 413),
        ([f"Content-Length: {10 * 1024 * 1024 + 1}"], 413),
        (["Transfer-Encoding: gzip"], 501),
    ],
    ids=lambda value: value if isinstance(value, int) else " / ".join(value),
)
def test_bad_framing_is_refused_with_the_error_body_and_adds_no_payment(fake, customer, framing, status):
    with fake.serve() as base_url:
        received = _send(base_url, _post(_payment_body(customer), *framing))
        ((answered, headers, body),) = _responses(received)  # one answer, then the server closed
        assert answered == status
        assert headers["connection"] == "close"
        assert json.loads(body)["success"] is False
        _served_promptly(base_url, fake)  # and it keeps serving
    assert _payments(fake) == 0


def test_a_valid_raw_post_still_adds_the_payment(fake, customer):
    body = _payment_body(customer)
    with fake.serve() as base_url:
        received = _send(base_url, _post(body, f"Content-Length: {len(body)}", "Connection: close"))
    ((status, _, answer),) = _responses(received)
    assert (status, json.loads(answer)["success"]) == (200, True)
    assert _payments(fake) == 1


def test_identical_repeated_content_lengths_are_one_length(fake, customer):
    body = _payment_body(customer)
    with fake.serve() as base_url:
        framing = (f"Content-Length: {len(body)}", f"Content-Length: {len(body)}", "Connection: close")
        ((status, _, _),) = _responses(_send(base_url, _post(body, *framing)))
    assert status == 200
    assert _payments(fake) == 1


def _smuggled(customer: int) -> bytes:
    """A complete second request, as the bytes of a chunk."""
    body = _payment_body(customer)
    return _post(body, f"Content-Length: {len(body)}")


def test_a_chunked_body_is_refused_and_its_chunks_never_read_as_a_request(fake, customer):
    inner = _smuggled(customer)
    chunked = f"{len(inner):x}\r\n".encode() + inner + b"\r\n0\r\n\r\n"
    with fake.serve() as base_url:
        received = _send(base_url, _post(chunked, "Transfer-Encoding: chunked"))
        ((status, headers, body),) = _responses(received)  # no second answer: the chunk was no request
        assert (status, headers["connection"]) == (411, "close")
        assert "Content-Length" in json.loads(body)["errorObjects"][0]["error"]
        _served_promptly(base_url, fake)
    assert _payments(fake) == 0


def test_transfer_encoding_beside_content_length_is_a_400_and_the_rest_is_no_request(fake, customer):
    # CL.TE smuggling: a server reading Content-Length takes "0\r\n\r\n" as the body and the rest as a request.
    chunked = b"0\r\n\r\n" + _smuggled(customer)
    with fake.serve() as base_url:
        framing = ("Content-Length: 5", "Transfer-Encoding: chunked")
        ((status, headers, _),) = _responses(_send(base_url, _post(chunked, *framing)))
        assert (status, headers["connection"]) == (400, "close")
        _served_promptly(base_url, fake)
    assert _payments(fake) == 0


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET /api/v3/fa/available-balance HTTP/1.1\r\nAuthentication: Bearer t\r\n\r\n", 400),  # no Host
        (b"GET /api/v3/fa/available-balance HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        (b"GET /api/v3/fa/available-balance HTTP/2.0\r\nHost: a\r\n\r\n", 505),
        (b"GET  /api/v3/fa/available-balance HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        (b"GET /api/v3/fa/available-balance\r\nHost: a\r\n\r\n", 400),
        (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400),  # a TLS hello
        (b"GET / HTTP/1.1\r\nHost: a\r\nBad header\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n", 400),  # obs-fold
        (b"GET / HTTP/1.1\r\nHost: a\r\nX-Null: a\x00b\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost: a\r\nExpect: something\r\n\r\n", 417),
        (b"GET / HTTP/1.1\r\nHost: a\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n", 431),
        (b"GET / HTTP/1.1\r\nHost: a\r\n" + b"X-Many: 1\r\n" * 101 + b"\r\n", 431),
        # Targets the URL parser refuses (an unclosed or unparsable bracketed host).
        (b"GET http://[::1/x HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        (b"GET //[x/api HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        (b"GET http://[x]/api HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        (b"GET //a]b/api HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ],
    ids=lambda value: str(value) if isinstance(value, int) else repr(value[:40]),
)
def test_malformed_requests_get_a_4xx_and_the_server_keeps_serving(fake, request_bytes, status):
    with fake.serve() as base_url:
        ((answered, headers, body),) = _responses(_send(base_url, request_bytes))
        assert (answered, headers["connection"]) == (status, "close")
        assert json.loads(body)["success"] is False
        _served_promptly(base_url, fake)


def test_a_failure_of_the_server_itself_is_a_500_and_a_close_never_a_drop(fake, monkeypatch):
    """The last resort: an answer the server cannot write (a header not Latin-1) is a 500 with the error body."""
    monkeypatch.setattr(fake, "handle", lambda _request: FakeResponse(200, [("X-Snow", "\u2603")], b"{}"))
    with fake.serve() as base_url:
        ((status, headers, body),) = _responses(_send(base_url, b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        assert (status, headers["connection"]) == (500, "close")
        assert json.loads(body)["success"] is False
        monkeypatch.undo()
        _served_promptly(base_url, fake)


def test_keep_alive_serves_requests_in_turn_on_one_connection(fake):
    get = b"GET /api/v3/fa/available-balance HTTP/1.1\r\nHost: a\r\nAuthentication: Bearer t\r\n\r\n"
    last = get.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n")
    with fake.serve() as base_url:
        answers = _responses(_send(base_url, get + get + last))  # pipelined: three answers in order
    assert [status for status, _, _ in answers] == [200, 200, 200]
    assert answers[-1][1]["connection"] == "close"


def test_expect_100_continue_is_answered_before_the_body(fake, customer):
    body = _payment_body(customer)
    head = _post(b"", f"Content-Length: {len(body)}", "Expect: 100-continue", "Connection: close")
    with fake.serve() as base_url, socket.create_connection(_address(base_url), timeout=READ_SECONDS) as raw:
        raw.sendall(head)
        assert raw.recv(1024) == b"HTTP/1.1 100 Continue\r\n\r\n"
        raw.sendall(body)
        received = b""
        while chunk := raw.recv(65536):
            received += chunk
    ((status, _, _),) = _responses(received)
    assert status == 200
    assert _payments(fake) == 1


def test_an_idle_connection_is_closed_after_the_timeout(fake):
    with fake.serve(timeout=0.5) as base_url, socket.create_connection(_address(base_url), timeout=5) as raw:
        started = time.monotonic()
        assert raw.recv(1024) == b""  # closed without an answer: no request was started
        assert 0.4 < time.monotonic() - started < 2.5


def test_a_keep_alive_connection_is_closed_after_the_timeout_idle(fake):
    get = b"GET /api/v3/fa/available-balance HTTP/1.1\r\nHost: a\r\nAuthentication: Bearer t\r\n\r\n"
    with fake.serve(timeout=0.5) as base_url, socket.create_connection(_address(base_url), timeout=5) as raw:
        raw.sendall(get)
        received = b""
        started = time.monotonic()
        while chunk := raw.recv(65536):
            received += chunk
        assert 0.4 < time.monotonic() - started < 2.5
    ((status, headers, _),) = _responses(received)
    assert status == 200
    assert "connection" not in headers  # kept alive, then closed for idleness


def test_a_slowloris_is_dropped_at_the_timeout_and_blocks_no_one(fake):
    drip = b"GET /api/v3/fa/available-balance HTTP/1.1\r\nHost: a\r\n"
    timeout = 1.0
    with fake.serve(timeout=timeout) as base_url, socket.create_connection(_address(base_url), timeout=5) as raw:
        started = time.monotonic()
        received = b""
        served = None
        for index, byte in enumerate(drip):  # one byte every 0.2 s: 9 s for the whole line, unless dropped
            try:
                raw.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                break
            readable, _, _ = select.select([raw], [], [], 0.2)
            if readable:
                received = raw.recv(65536)
                break
            if index == 2:  # mid-drip, a well-behaved client is served at once
                served = _served_promptly(base_url, fake, limit=timeout)
        elapsed = time.monotonic() - started
    assert served is not None
    assert timeout <= elapsed < timeout + 1.5
    ((status, headers, _),) = _responses(received)
    assert (status, headers["connection"]) == (408, "close")


def test_a_connection_past_max_connections_is_answered_503(fake):
    with (
        fake.serve(max_connections=2, timeout=5) as base_url,
        socket.create_connection(_address(base_url), timeout=5) as first,
        socket.create_connection(_address(base_url), timeout=5) as second,
    ):
        time.sleep(0.2)  # both accepted
        ((status, _, body),) = _responses(_send(base_url, b""))
        assert status == 503
        assert json.loads(body)["success"] is False
        first.sendall(b"GET /api/v3/fa/available-balance HTTP/1.1\r\nHost: a\r\nAuthentication: Bearer t\r\n\r\n")
        assert first.recv(65536).startswith(b"HTTP/1.1 200 ")
        del second


@contextlib.contextmanager
def _fd_limit(needed: int) -> Iterator[None]:
    """Raise the soft limit of open files to `needed` within the hard limit while the block runs, or skip."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= needed:
        yield
        return
    if hard != resource.RLIM_INFINITY and hard < needed:
        pytest.skip(f"needs {needed} open files; the hard limit is {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


IDLE_CONNECTIONS = 1000


def test_a_thousand_idle_connections_pin_no_threads_and_starve_no_client(fake):
    before = threading.active_count()
    sockets: list[socket.socket] = []
    # Both ends of every connection live in this process.
    with _fd_limit(2 * IDLE_CONNECTIONS + 256), fake.serve(timeout=30, workers=4) as base_url:
        try:
            for index in range(IDLE_CONNECTIONS):
                raw = socket.create_connection(_address(base_url), timeout=5)
                sockets.append(raw)
                if index % 2:
                    raw.sendall(b"GET /api/v3/fa/available-balance HTTP/1.1\r\n")  # a head begun, never ended
            _served_promptly(base_url, fake, limit=2.0)  # queued behind every accept, still at once
            assert threading.active_count() <= before + 1 + 4  # the loop's thread and the workers
        finally:
            for raw in sockets:
                raw.close()
        _served_promptly(base_url, fake)


@pytest.mark.parametrize(
    "limits",
    [{"timeout": 0}, {"timeout": -1.0}, {"max_body_bytes": 0}, {"workers": 0}, {"max_connections": True}],
    ids=str,
)
def test_serve_refuses_limits_that_are_not_positive(fake, limits):
    name = next(iter(limits))
    with pytest.raises(ValueError, match=name), fake.serve(**limits):
        pass


def test_the_cli_takes_a_timeout():
    env = {**os.environ, "PYTHONPATH": str(GENERATED)}
    command = [sys.executable, "-m", "iqm_finance_client.testing", "serve", "--timeout", "0.5"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as process:
        try:
            assert process.stdout is not None
            base_url = process.stdout.readline().strip()
            with socket.create_connection(_address(base_url), timeout=5) as raw:
                started = time.monotonic()
                assert raw.recv(1024) == b""
                assert 0.4 < time.monotonic() - started < 2.5
        finally:
            process.terminate()
            process.wait(timeout=10)
