"""The client README's examples run as they are, against Prism serving the spec: documentation that cannot rot.

They run where a downstream user runs them: in a fresh virtualenv holding only the built wheel, which must not
bring the frozen httpx along (the client is on httpx2).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from .conftest import OW_ID, TOKEN, PrismServer

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "docs" / "client-readme.md"  # the wheel's long description
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _examples() -> list[str]:
    """Every ```python block of the README, in order."""
    return PYTHON_BLOCK.findall(README.read_text(encoding="utf-8"))


def test_the_readme_has_examples() -> None:
    assert len(_examples()) >= 8


def test_the_wheels_venv_has_no_httpx(wheel_python: Path, tmp_path: Path) -> None:
    probe = (
        "import importlib.util as u, iqm_finance_client; print([m for m in ('httpx', 'httpcore') if u.find_spec(m)])"
    )
    found = subprocess.run(
        [str(wheel_python), "-I", "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"


@pytest.mark.parametrize("example", _examples(), ids=lambda code: code.split("\n")[-2].strip()[:60])
def test_a_readme_example_runs_against_prism(
    example: str, prism_static: PrismServer, wheel_python: Path, tmp_path: Path
) -> None:
    script = tmp_path / "example.py"
    script.write_text(example, encoding="utf-8")
    environment = {
        **{name: value for name, value in os.environ.items() if name != "PYTHONPATH"},  # nothing of the checkout
        "IQM_BASE_URL": prism_static.url,
        "IQM_API_TOKEN": TOKEN,
        "IQM_OW_ID": str(OW_ID),
        "PYTHONWARNINGS": "error",
    }
    since = prism_static.log_size()

    completed = subprocess.run(
        [str(wheel_python), str(script)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, f"{completed.stderr}\n--- Prism log ---\n{prism_static.log_tail(since=since)}"
    assert TOKEN not in completed.stdout + completed.stderr
