"""`diff` never crashes nor loses a view: malformed specs end in a report or located findings, never a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import SPEC
from generator.__main__ import main
from generator.diff import command as diff_command
from generator.diff.sources import Source
from generator.layout import Layout
from tests.generator.spec_mutations import apply, changes, pointers

FIXTURE_SPEC = Path(__file__).parent / "fixtures" / "openapi.yaml"
# A located finding: `file:line[:column]: [pointer: ]message`, as editors and CI logs read them.
LOCATED = re.compile(r"^diff: [^\s:]+(?::[^\s:]+)?:\d+(?::\d+)?: ", re.MULTILINE)
MEDIA_TYPE = r"content:\n\s+application/json:\n\s+schema: [^\n]+"
RESPONSES = '      responses:\n        "200":\n'


def _cyclic(text: str) -> str:
    """Two schemas that refer to each other and nothing else."""
    cycle = "    Loop:\n      $ref: '#/components/schemas/Pool'\n    Pool:\n      $ref: '#/components/schemas/Loop'\n"
    return text.replace("  schemas:\n", "  schemas:\n" + cycle, 1)


MALFORMED = {
    "unquoted-integer-status": lambda text: text.replace(RESPONSES, "      responses:\n        200:\n", 1),
    "content-null": lambda text: re.sub(
        r"content:\n\s+application/json:\n\s+schema: [^\n]+", "content: null", text, count=1
    ),
    "type-is-a-number": lambda text: text.replace("type: string", "type: 123", 1),
    "dangling-ref": lambda text: text.replace("#/components/schemas/", "#/components/schemas/Missing", 1),
    "cyclic-refs": _cyclic,
    "openapi-3.0": lambda text: text.replace("openapi: 3.1.0", "openapi: 3.0.3", 1),
    "paths-is-a-list": lambda text: text.replace("paths:\n", "paths: []\nx-old-paths:\n", 1),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_new_spec_still_gets_its_http_report(case, tmp_path, capsys):
    text = FIXTURE_SPEC.read_text(encoding="utf-8")
    broken = MALFORMED[case](text)
    assert broken != text
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(text, encoding="utf-8")
    new.write_text(broken, encoding="utf-8")
    code = main(["diff", str(old), str(new), "--format", "json"])
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["views"]["http"] == {"ran": True}
    python = report["views"]["python"]
    # The Python view either ran or says why not, located, and the exit code says the report is incomplete.
    assert code == (0 if python["ran"] else 1), captured.err
    if not python["ran"]:
        assert python["reason"].startswith(f"cannot make the package to compare: {new}")
        assert f"diff: {new}" in captured.err
        # Located by the shared validation before openapi-python-client sees it: no crash of the generator reported.
        assert LOCATED.search(captured.err), captured.err
        assert "the generator raised" not in captured.err, captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- just\n- a list\n", "new.yaml:1: the spec is not a YAML mapping"),
        ("openapi: [unclosed\n", "new.yaml:2:1: not valid YAML"),
        ("[" * 5000, "new.yaml"),
    ],
    ids=["a-list", "bad-yaml", "nested-too-deeply"],
)
def test_a_spec_that_is_no_mapping_is_a_located_finding(text, message, tmp_path, capsys):
    (tmp_path / "new.yaml").write_text(text, encoding="utf-8")
    assert main(["diff", str(FIXTURE_SPEC), str(tmp_path / "new.yaml"), "--no-python-api"]) == 1
    err = capsys.readouterr().err
    assert f"diff: {tmp_path / message}" in err or f"diff: {message}" in err, err
    assert "Traceback" not in err


def test_a_huge_spec_is_diffed(tmp_path, capsys):
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    template = next(iter(document["paths"].values()))
    for index in range(3000):
        document["paths"][f"/generated/{index}"] = {
            method: {**operation, "operationId": f"op{index}{method}"} for method, operation in template.items()
        }
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(yaml.safe_dump(document), encoding="utf-8")
    del document["paths"]["/generated/7"]
    new.write_text(yaml.safe_dump(document), encoding="utf-8")
    assert main(["diff", str(old), str(new), "--format", "json", "--no-python-api"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [change["id"] for change in report["changes"]] == ["operation-removed"]


# Fuzzing: the HTTP view broadly (pure, milliseconds); the Python view renders with the real generator (1-3 s a
# spec), so it is fuzzed by the cases above rather than here.


@pytest.fixture(scope="module")
def real_spec() -> tuple[dict[str, object], list[tuple[object, ...]]]:
    """spec/openapi.yaml as data, and every path into it (for the fuzz test to mutate)."""
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return document, pointers(document)


@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_http_view_survives_any_mutation_of_the_spec(real_spec, data):
    """Mutate spec/openapi.yaml (tests/generator/spec_mutations.py says how) and diff: the HTTP view runs.

    Bounded: derandomized, 150 examples of a few milliseconds each. The Python view is left out here (it renders
    with the real generator, seconds a spec): the parametrized cases above run it on the malformed shapes.
    """
    document, paths = real_spec
    mutated: object = document
    for kind, path, junk in data.draw(changes(paths)):
        if isinstance(mutated, dict):
            mutated = apply(mutated, kind, path, junk)
    if not isinstance(mutated, dict):
        return  # a spec that is not a mapping never reaches the views: sources refuses it (tested above)
    old = Source("old.yaml", "", document)
    for pair in ((old, Source("new.yaml", "", mutated)), (Source("new.yaml", "", mutated), old)):
        outcome = diff_command.compare(Layout.at(SPEC.parent.parent), *pair, python_api=False)
        assert outcome.views["http"].ran, outcome.views["http"].reason
