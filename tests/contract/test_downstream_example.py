"""The downstream example module (tests/downstream/example_app.py) runs against Prism serving the spec."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import OW_ID, TOKEN, PrismServer

ROOT = Path(__file__).resolve().parents[2]


def test_the_downstream_example_runs_against_prism(prism_static: PrismServer, tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "IQM_BASE_URL": prism_static.url,
        "IQM_API_TOKEN": TOKEN,
        "IQM_OW_ID": str(OW_ID),
        "PYTHONPATH": str(ROOT / "generated"),
        "PYTHONWARNINGS": "error",
    }
    since = prism_static.log_size()
    completed = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "downstream" / "example_app.py")],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, f"{completed.stderr}\n--- Prism log ---\n{prism_static.log_tail(since=since)}"
    lines = completed.stdout.splitlines()
    assert len(lines) == 4
    assert lines[0] == "Payment added Successfully."
    assert TOKEN not in completed.stdout + completed.stderr
