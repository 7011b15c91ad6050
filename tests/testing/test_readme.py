"""The "Testing your code" examples of the client README run as a downstream test suite against the fake."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READMES = (ROOT / "docs" / "client-readme.md", ROOT / "README.md")
PY_BLOCK = re.compile(r"^```py\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _section(readme: Path) -> str:
    text = readme.read_text(encoding="utf-8")
    start = text.index("\n## Testing your code\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_both_readmes_have_the_section():
    for readme in READMES:
        assert "FakeFinanceAPI" in _section(readme), readme


def test_the_client_readme_examples_pass_as_a_pytest_suite(tmp_path):
    fixture, *tests = PY_BLOCK.findall(_section(READMES[0]))
    assert "@pytest.fixture" in fixture
    assert len(tests) == 3  # a lifecycle test, a retry test, serve() for another process
    (tmp_path / "conftest.py").write_text(fixture, encoding="utf-8")
    for number, code in enumerate(tests):
        (tmp_path / f"test_example_{number}.py").write_text(code, encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "generated")}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error", str(tmp_path)]
    result = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout
