"""The bench runs every measurement once with tiny sizes, so it cannot rot; the real run is `nox -s bench`."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys

import pytest

from generator import ROOT
from generator.bench.__main__ import main

# Every row group of the report and the variants it must hold, by what the report prints.
EXPECTED_ROWS = {
    "**Decode 20 records**": ("**iqm_finance_client**", "json.loads", "pydantic v2", "stock openapi-python-client"),
    "**Encode 20 add-payment bodies**": (
        "**iqm_finance_client**",
        "json.dumps",
        "pydantic v2",
        "stock openapi-python-client",
    ),
    "**Import**": (
        "**iqm_finance_client**",
        "import httpx2",
        "added to import httpx2",
        "import, resource and first call, added to import httpx2",
        "attrs, msgspec and decimal, added to import httpx2",
        "client + one endpoint",
    ),
    "**Per request: available balance, end to end (wall clock)**": ("**iqm_finance_client**", "raw httpx2"),
    "**Per request: a page of 10 payments, end to end (wall clock)**": ("**iqm_finance_client**", "raw httpx2"),
    "**Per request: available balance, client side (CPU)**": ("**iqm_finance_client**", "raw httpx2"),
    "**Per request: a page of 10 payments, client side (CPU)**": ("**iqm_finance_client**", "raw httpx2"),
    "**Bulk export: 200 payments in pages of 50, each page answered after 1 ms**": (
        "**iqm_finance_client**",
        "sequential",
        "AsyncClient",
    ),
    "**Generation**": ("**python -m generator generate**", "plain openapi-python-client"),
}
EXPECTED_TARGETS = (
    "Decode 20 records at most 0.7\N{MULTIPLICATION SIGN} `json.loads`",
    "Consumer loop over 20 records at most 1.0\N{MULTIPLICATION SIGN} `json.loads`",
    "`Model.from_json` of 20 records at most 0.7\N{MULTIPLICATION SIGN} `json.loads`",
    "Decode 20 records faster than pydantic v2",
    "Decode 20 records at least twice as fast as stock",
    "Import within 15 ms of `import httpx2`",
    "Import, one resource and one request answered within 25 ms of `import httpx2`",
    "attrs, msgspec and decimal alone, added to `import httpx2`",
    "Bulk export of 200 records (sync) in 1.5 s at most",
    "Bulk export of 200 records (async) in 1.5 s at most",
    "Per-request overhead within 5 % of raw httpx2 (end to end)",
    "Per request, a page of 10 payments, against raw httpx2 (end to end",
    "Per request, the client's own CPU against raw httpx2's",
    "Per request, a page of 10 payments, client-side CPU",
    "Regeneration (`python -m generator generate`) under 5 s",
)


@pytest.mark.slow
def test_every_measurement_runs_and_reports(tmp_path):
    report = tmp_path / "benchmarks.md"
    profile = tmp_path / "decode-profile.txt"
    arguments = ["--sizes", "20", "--runs", "1", "--encode-count", "20", "--requests", "5", "--import-runs", "1"]
    arguments += ["--generation-runs", "1", "--smoke", "--no-nox", "--bulk-records", "200", "--page-delay", "0.001"]
    arguments += ["--target-size", "20", "--output", str(report), "--profile", str(profile)]
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    # A process of its own: the bench imports two client packages and generated models, and serves HTTP.
    result = subprocess.run(
        [sys.executable, "-m", "generator.bench", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    text = report.read_text(encoding="utf-8")
    for heading in ("## Targets", "## Results", "## Machine", "## Method"):
        assert heading in text
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    for title, variants in EXPECTED_ROWS.items():
        start = next(index for index, row in enumerate(rows) if title in row)
        # A group is its titled row and the rows under it, whose measurement cell is empty.
        group = [rows[start], *itertools.takewhile(lambda row: row.startswith("|  |"), rows[start + 1 :])]
        for variant in variants:
            assert any(f"| {variant} |" in row for row in group), (title, variant)
    targets = [row for row in rows if row.endswith(("| met |", "| **missed** |", "| — |"))]
    for goal in EXPECTED_TARGETS:
        assert any(goal in row for row in targets), goal
    assert "A smoke run" in text
    assert "- CPU: " in text
    assert "pydantic 2" in text
    assert "decode" in profile.read_text(encoding="utf-8")


def test_medians_need_five_runs(capsys):
    assert main(["--runs", "1"]) == 2
    assert "at least 5 runs" in capsys.readouterr().err
