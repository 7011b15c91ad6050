"""Fixtures for the tests of `iqm_finance_client.testing`: a fake with one customer, and clients acting on it."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pytest

from iqm_finance_client.testing import FakeFinanceAPI

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from iqm_finance_client import Client

PAYMENT_DAY = dt.date(2026, 1, 2)
ROOT = Path(__file__).resolve().parents[2]
PRISM = ROOT / "node_modules" / ".bin" / "prism"
PRISM_STARTUP_TIMEOUT = 60.0


@pytest.fixture
def fake() -> FakeFinanceAPI:
    """A fresh fake: the organization alone, the clock at 2026-01-01T00:00:00Z."""
    return FakeFinanceAPI()


@pytest.fixture
def customer(fake: FakeFinanceAPI) -> int:
    """The owId of a customer of the fake, named Acme, with no money yet."""
    return fake.add_customer(name="Acme")


@pytest.fixture
def client(fake: FakeFinanceAPI) -> Iterator[Client]:
    """A client acting as the organization, wired to the fake in process; retries wait nothing."""
    with fake.client(retry_sleep=lambda _seconds: None) as client:
        yield client


@pytest.fixture
def customer_client(fake: FakeFinanceAPI, customer: int) -> Iterator[Client]:
    """A client acting as the customer's own app (`X-IAA-OW-ID` is the customer)."""
    with fake.client(ow_id=customer, retry_sleep=lambda _seconds: None) as client:
        yield client


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def prism_proxy(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """Start `prism proxy spec/openapi.yaml <upstream> --errors` on loopback; yields a starter returning its URL.

    In front of the fake, Prism validates every request and every response against the spec and, with
    `--errors`, answers an error (and sets `sl-violations`) instead of passing on one that does not conform.
    Its log is at `<tmp_path>/prism.log`.
    """
    if not PRISM.is_file() or shutil.which("node") is None:
        pytest.fail(f"Prism is missing: install Node.js 20.19+ and run `npm ci` in {ROOT} (it installs {PRISM})")
    processes: list[subprocess.Popen[bytes]] = []
    logs: list[IO[bytes]] = []

    def start(upstream: str) -> str:
        port = _free_port()
        log = (tmp_path / "prism.log").open("wb")
        logs.append(log)
        command = [str(PRISM), "proxy", str(ROOT / "spec" / "openapi.yaml"), upstream, "--errors"]
        command += ["--host", "127.0.0.1", "--port", str(port)]
        processes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT))
        deadline = time.monotonic() + PRISM_STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return f"http://127.0.0.1:{port}"
            if processes[-1].poll() is not None:
                break
            time.sleep(0.1)
        pytest.fail("prism proxy did not start:\n" + (tmp_path / "prism.log").read_text(errors="replace"))

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for log in logs:
        log.close()
