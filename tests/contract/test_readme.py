"""The README's examples run as they are, against Prism serving the spec: documentation that cannot rot."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import OW_ID, TOKEN, PrismServer

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _examples() -> list[str]:
    """Every ```python block of the README, in order."""
    return PYTHON_BLOCK.findall(README.read_text(encoding="utf-8"))


def test_the_readme_has_examples() -> None:
    assert len(_examples()) >= 8


@pytest.mark.parametrize("example", _examples(), ids=lambda code: code.split("\n")[-2].strip()[:60])
def test_a_readme_example_runs_against_prism(example: str, prism_static: PrismServer, tmp_path: Path) -> None:
    script = tmp_path / "example.py"
    script.write_text(example, encoding="utf-8")
    environment = {
        **os.environ,
        "IQM_BASE_URL": prism_static.url,
        "IQM_API_TOKEN": TOKEN,
        "IQM_OW_ID": str(OW_ID),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "generated"), os.environ.get("PYTHONPATH", "")]),
        "PYTHONWARNINGS": "error",
    }
    since = prism_static.log_size()

    completed = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, f"{completed.stderr}\n--- Prism log ---\n{prism_static.log_tail(since=since)}"
    assert TOKEN not in completed.stdout + completed.stderr
