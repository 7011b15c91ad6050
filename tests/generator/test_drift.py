"""The drift check of `diff`: a hand edit of generated/ is drift until `generate` runs; generated/ is only read."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator import generate
from generator.diff import drift
from generator.layout import PACKAGE

pytestmark = pytest.mark.slow


def test_a_fresh_tree_has_no_drift(generated_layout):
    found = drift.diff(generated_layout)
    assert found.changed == ()
    assert found.text == ""


def test_a_hand_edit_is_drift_until_generate_runs(generated_layout, tree_hashes):
    client = generated_layout.package / "client.py"
    client.write_text(client.read_text(encoding="utf-8") + "# a hand edit\n", encoding="utf-8")
    before = tree_hashes(generated_layout.generated)
    found = drift.diff(generated_layout)
    assert found.changed == (f"{PACKAGE}/client.py",)
    assert f"--- a/generated/{PACKAGE}/client.py\n+++ b/generated/{PACKAGE}/client.py\n" in found.text
    assert "\n-# a hand edit\n" in found.text
    assert tree_hashes(generated_layout.generated) == before  # diff only reads generated/
    generate.generate(generated_layout)
    assert drift.diff(generated_layout).changed == ()


def test_added_and_removed_files_are_drift(generated_layout):
    (generated_layout.package / "extra.py").write_text("X = 1\n", encoding="utf-8")
    (generated_layout.package / "errors.py").unlink()
    found = drift.diff(generated_layout)
    assert found.changed == (f"{PACKAGE}/errors.py", f"{PACKAGE}/extra.py")
    assert f"--- /dev/null\n+++ b/generated/{PACKAGE}/errors.py\n" in found.text
    assert f"--- a/generated/{PACKAGE}/extra.py\n+++ /dev/null\n" in found.text


def test_a_spec_change_is_drift_in_code_and_manifest(generated_layout):
    spec = generated_layout.spec
    spec.write_text(spec.read_text(encoding="utf-8").replace("summary: Get one invoice", "summary: Get an invoice"))
    found = drift.diff(generated_layout)
    assert f"{PACKAGE}/_manifest.json" in found.changed
    assert f"{PACKAGE}/api/invoices/get_invoice.py" in found.changed
    assert drift.stale(generated_layout) == ["spec_sha256"]


def test_the_cli_exits_1_on_drift_and_0_after_generate(generated_layout):
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "generator", *args]
        return subprocess.run(command, cwd=generated_layout.root, capture_output=True, text=True, check=False)

    (generated_layout.package / "types.py").write_text("# edited by hand\n", encoding="utf-8")
    drifted = run("diff")
    assert drifted.returncode == 1
    assert f"+++ b/generated/{PACKAGE}/types.py" in drifted.stdout
    assert "1 file(s) of generated/ differ" in drifted.stderr
    assert run("generate").returncode == 0
    current = run("diff")
    assert (current.returncode, current.stdout) == (0, "")
    assert run("diff", "--quick").returncode == 0
