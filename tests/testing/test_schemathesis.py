"""Schemathesis (pinned in pyproject's `test-fake` group) against `fake.serve()`: every phase, zero failures.

Stateless (examples, coverage, fuzzing) and stateful phases, deterministic and bounded (a few examples per
operation), with the checks that every documented response conforms to the spec and that no 5xx occurs.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from iqm_finance_client.testing import FakeFinanceAPI

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "generated" / "iqm_finance_client" / "testing" / "openapi.json"
CHECKS = "not_a_server_error,response_schema_conformance"


def _pinned() -> str:
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["dependency-groups"]
    (pin,) = [item for item in groups["test-fake"] if isinstance(item, str) and item.startswith("schemathesis==")]
    return pin.removeprefix("schemathesis==")


def test_the_installed_schemathesis_is_the_pinned_one():
    assert metadata.version("schemathesis") == _pinned()


def _seeded() -> FakeFinanceAPI:
    """A fake with two customers, invoices in several states, payments and credits for the generated calls."""
    fake = FakeFinanceAPI()
    first = fake.add_customer(name="Acme", balance=1000)
    second = fake.add_customer(name="Zeta", balance=50)
    for customer in (first, second):
        fake.add_invoice(customer, invoice_amount=100)
        fake.add_invoice(customer, invoice_amount=200, status="Unpaid")
    with fake.client() as client:
        client.credit_offers.add_customer_credit(ow_id=first, credit_amount=10)
        client.payments.create_paypal_payment(payment_amount=5)
    return fake


def test_schemathesis_finds_no_failure_in_any_phase(tmp_path):
    fake = _seeded()
    executable = Path(sys.executable).with_name("schemathesis")
    with fake.serve() as base_url:
        command = [
            str(executable),
            "run",
            str(SPEC),
            "--url",
            base_url,
            "--checks",
            CHECKS,
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            "5",
            "--generation-deterministic",
            "--header",
            "Authentication: Bearer schemathesis",
            "--header",
            f"X-IAA-OW-ID: {fake.organization_id}",
            "--continue-on-failure",
            "--request-timeout",
            "10",
            "--no-color",
            "--report-dir",
            str(tmp_path),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False, cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-8000:]
    assert re.search(r"Tested: 44\b", output), output[-4000:]
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in output, output[-4000:]
    assert re.search(r"(\d+) generated, \1 passed", output), output[-4000:]
