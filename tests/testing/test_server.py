"""`serve()` over real HTTP on 127.0.0.1, and `python -m iqm_finance_client.testing serve`."""

from __future__ import annotations

import datetime as dt
import json
import os
import select
import socket
import subprocess
import sys
from pathlib import Path

import httpx2
import pytest

from iqm_finance_client import Client
from iqm_finance_client.errors import APIConnectionError, AuthenticationError
from iqm_finance_client.testing import FakeFinanceAPI
from iqm_finance_client.testing._server import FakeServer

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
