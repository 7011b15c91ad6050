"""The npm lock installs only packages whose `engines` accept the Node.js floor the README names: no EBADENGINE."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The README's "Node.js 20.19+": the floor every locked package must run on.
NODE_FLOOR = re.compile(r"Node\.js (\d+\.\d+)\+")
# npm's own range semantics, from the `semver` package the lock installs (what `npm ci` checks engines with).
SATISFIES = (
    "const s = require('semver'); const [v, r] = JSON.parse(process.argv[1]);"
    " console.log(JSON.stringify(r.map((x) => s.satisfies(v, x))));"
)


def _node_floor() -> str:
    found = NODE_FLOOR.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert found, "the README names no Node.js floor"
    return f"{found[1]}.0"


def test_every_locked_package_accepts_the_readme_node_floor() -> None:
    if shutil.which("node") is None or not (ROOT / "node_modules" / "semver").is_dir():
        pytest.fail("needs Node.js and `npm ci` (node_modules/semver), as `nox` installs them")
    packages = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    ranges = {
        name: meta["engines"]["node"]
        for name, meta in packages.items()
        if name and not meta.get("optional") and isinstance(meta.get("engines"), dict) and "node" in meta["engines"]
    }
    floor = _node_floor()
    answer = subprocess.run(
        ["node", "-e", SATISFIES, json.dumps([floor, list(ranges.values())])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    accepted = json.loads(answer.stdout)
    refused = {name: wanted for (name, wanted), ok in zip(ranges.items(), accepted, strict=True) if not ok}
    assert ranges, "the lock file lists no engines at all"
    assert not refused, f"these need a newer Node than the README's {floor}: {refused}"
