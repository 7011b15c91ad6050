"""The generated `client` module: what importing and building a client costs, and `IQM_LOG`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

GENERATED = Path(__file__).resolve().parents[2] / "generated"
TOKEN = "tok-secret-123"  # noqa: S105 - a fake token whose absence from output the test checks


def _run(code: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in {"IQM_LOG", "PYTHONPATH"}}
    env |= {"PYTHONPATH": str(GENERATED), **environment}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env, check=False
    )


def test_importing_and_building_a_client_loads_no_operation_and_a_resource_only_its_own():
    probe = """
        import json, sys
        from iqm_finance_client import AsyncClient, Client

        def ours(prefix):
            return sorted(name for name in sys.modules if name.startswith(prefix))

        client, async_client = Client(token="t"), AsyncClient(token="t")
        before = ours("iqm_finance_client.api") + ours("iqm_finance_client.models")
        client.payments
        async_client.payments
        after = ours("iqm_finance_client.api")
        print(json.dumps({"before": before, "after": after}))
    """
    result = _run(probe)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["before"] == []
    assert loaded["after"] == ["iqm_finance_client.api", "iqm_finance_client.api.payments"]


def test_an_endpoint_loads_only_the_models_it_uses():
    probe = """
        import json, sys
        from iqm_finance_client.api.balance import get_available_balance
        from iqm_finance_client.api.payments import list_customer_payments
        from iqm_finance_client import models

        prefix = "iqm_finance_client.models."
        loaded = sorted(name.rpartition(".")[2] for name in sys.modules if name.startswith(prefix))
        payment = models.CustomerPayment  # the lazy attribute is the module's class
        print(json.dumps({"loaded": loaded, "same": payment is list_customer_payments.CustomerPayment,
                          "all": len(models.__all__), "dir": "Credit" in dir(models)}))
    """
    result = _run(probe)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    # The page, its item and the envelope, and what a payment holds (its enums); none of the other models.
    assert found["loaded"] == sorted(found["loaded"])
    assert "customer_payment_page" in found["loaded"]
    assert "credit" not in found["loaded"]
    assert len(found["loaded"]) < found["all"] // 4
    assert found["same"] is True
    assert found["dir"] is True


CALL = f"""
    import httpx2
    from iqm_finance_client import Client

    def answer(request):
        return httpx2.Response(200, json={{"success": True, "data": 10}})

    with Client("https://finance.example.test", token="{TOKEN}", transport=httpx2.MockTransport(answer)) as client:
        client.balance.get_available_balance(extra_query={{"q": "secret-query"}})
"""


@pytest.mark.parametrize("level", ["info", "debug", "INFO"])
def test_iqm_log_writes_requests_to_stderr(level):
    result = _run(CALL, IQM_LOG=level)
    assert result.returncode == 0, result.stderr
    assert "GET /api/v3/fa/available-balance -> 200 (attempt 1, " in result.stderr
    assert TOKEN not in result.stderr
    assert "secret-query" not in result.stderr  # never the query string


@pytest.mark.parametrize("environment", [{}, {"IQM_LOG": "off"}])
def test_without_iqm_log_the_package_prints_nothing(environment):
    result = _run(CALL, **environment)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
