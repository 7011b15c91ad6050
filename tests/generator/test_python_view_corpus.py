"""The Python view's corpus: every rule on two small packages, and changes that report nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from generator.diff.changes import bump_of
from generator.diff.python_compare import compare
from generator.diff.python_packages import code_changes
from generator.diff.rules import PYTHON_RULES
from generator.diff.surface import surface
from generator.layout import PACKAGE

if TYPE_CHECKING:
    from generator.diff.changes import Change

CORPUS = Path(__file__).parent / "python_view_corpus"
CASES = sorted(CORPUS.glob("*.yaml"))


def _load_case(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _package(root: Path, files: dict[str, str]) -> Path:
    """Write a corpus side's files as a package below `root`."""
    package = root / PACKAGE
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def _changes(case: dict[str, Any], tmp_path: Path) -> tuple[Change, ...]:
    """Classify a case as `python_view.api_diff` does: the surfaces compared, then the files when specs agree."""
    old, new = _package(tmp_path / "old", case["old"]), _package(tmp_path / "new", case["new"])
    operations = {name: (found[0], found[1]) for name, found in case.get("operations", {}).items()}
    changes = compare(surface(old), surface(new), operations, operations)
    if not changes and case.get("same_spec", False):
        versions = case.get("versions", ["", ""])
        changes = code_changes(old, new, (versions[0], versions[1]))
    return changes


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_corpus_case(path, tmp_path):
    case = _load_case(path)
    changes = _changes(case, tmp_path)
    shown = sorted((change.id, change.operation, change.where, change.message) for change in changes)
    wanted = sorted((item["id"], item["operation"], item["where"], item["message"]) for item in case["changes"])
    assert shown == wanted
    assert bump_of(changes) == case["bump"]
    assert all(change.view == "python" for change in changes)


def test_the_corpus_covers_every_python_view_rule():
    covered = {item["id"] for path in CASES for item in _load_case(path)["changes"]}
    assert sorted(set(PYTHON_RULES) - covered) == []
    assert sorted(covered - set(PYTHON_RULES)) == []


def test_a_case_named_after_a_rule_expects_that_rule():
    """A case file named after a rule (`python-...`) shows that rule; one named `nothing-...` expects no change."""
    for path in CASES:
        expected = {item["id"] for item in _load_case(path)["changes"]}
        if path.stem.startswith("nothing-"):
            assert expected == set(), path.name
        else:
            assert any(path.stem.startswith(rule) for rule in expected), path.name
