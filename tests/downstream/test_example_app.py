"""`example_app.py`, a downstream module using every feature of the resource client, type-checks with no `Any`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
GENERATED = HERE.parents[1] / "generated"
# Strict for the package; for the example, no expression, annotation or decorated function may be Any.
CONFIG = f"""\
[mypy]
strict = True
python_version = 3.11
mypy_path = {GENERATED}
[mypy-example_app]
disallow_any_expr = True
disallow_any_explicit = True
disallow_any_decorated = True
"""


@pytest.mark.slow
def test_the_example_passes_mypy_strict_with_no_any(tmp_path: Path) -> None:
    shutil.copyfile(HERE / "example_app.py", tmp_path / "example_app.py")
    (tmp_path / "mypy.ini").write_text(CONFIG, encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "--no-incremental", "example_app.py"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found in 1 source file" in result.stdout
