"""`diff` over third-party spec pairs (oasdiff's test data): every pair ends in a report, none crashes a view."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from generator import ROOT
from generator.__main__ import main
from generator.diff import command as diff_command
from generator.diff import sources
from generator.diff.http import diff_specs
from generator.layout import Layout
from generator.problems import Problem

CORPUS = Path(__file__).parent / "third_party" / "oasdiff"
PAIRS = [tuple(line.split()) for line in (CORPUS / "pairs.txt").read_text(encoding="utf-8").splitlines() if line]
# The Python view renders with the real generator (seconds a pair): a few pairs of different shapes.
RENDERED = ("checker/request_body_removed_base.yaml", "openapi31/base.yaml", "openapi-test1.yaml")


EXPECTED = yaml.safe_load((CORPUS.parent / "oasdiff_expected.yaml").read_text(encoding="utf-8"))
# The day the expectations judge sunset dates on (none of the pairs has one: it keeps the test from aging).
TODAY = dt.date(2026, 12, 1)


def test_the_corpus_is_there():
    assert len(PAIRS) >= 60
    assert all((CORPUS / name).is_file() for pair in PAIRS for name in pair)
    assert (CORPUS / "LICENSE").read_text(encoding="utf-8").lstrip().startswith("Apache License")


@pytest.mark.parametrize(("old", "new"), PAIRS, ids=[pair[0].removesuffix(".yaml") for pair in PAIRS])
def test_the_http_view_reads_every_pair_both_ways(old, new):
    loaded = [sources.load_file(CORPUS / name, name) for name in (old, new)]
    if any(isinstance(item, Problem) for item in loaded):
        problems = [item for item in loaded if isinstance(item, Problem)]
        assert all(problem.file in {old, new} for problem in problems)  # refused, and named: never a crash
        return
    first, second = (item for item in loaded if not isinstance(item, Problem))
    for pair in ((first, second), (second, first)):
        outcome = diff_command.compare(Layout.at(ROOT), *pair, python_api=False)
        assert outcome.views["http"].ran, outcome.views["http"].reason
        assert outcome.complete


@pytest.mark.parametrize(("old", "new"), PAIRS, ids=[pair[0].removesuffix(".yaml") for pair in PAIRS])
def test_the_verdict_of_every_pair(old, new):
    """Each pair's bump and exactly its changes, as oasdiff_expected.yaml says (and why it differs from oasdiff)."""
    expected = EXPECTED[old]
    loaded = [sources.load_file(CORPUS / name, name) for name in (old, new)]
    if "refused" in expected:
        assert sorted(item.file for item in loaded if isinstance(item, Problem)) == expected["refused"]
        return
    first, second = (item for item in loaded if not isinstance(item, Problem))
    diff = diff_specs(first.data, second.data, today=TODAY)
    assert [[change.id, change.operation, change.where] for change in diff.changes] == expected["changes"]
    assert diff.bump == expected["bump"]


def test_every_pair_has_its_verdict():
    assert sorted(EXPECTED) == sorted(pair[0] for pair in PAIRS)


@pytest.mark.slow
@pytest.mark.parametrize(("old", "new"), [pair for pair in PAIRS if pair[0] in RENDERED])
def test_the_python_view_of_a_third_party_pair_runs_or_says_why(old, new, capsys):
    code = main(["diff", str(CORPUS / old), str(CORPUS / new), "--format", "json"])
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["views"]["http"] == {"ran": True}
    python = report["views"]["python"]
    assert code == (0 if python["ran"] else 1)
    assert python["ran"] or python["reason"].startswith("cannot make the package to compare: ")
    assert "Traceback" not in captured.err
