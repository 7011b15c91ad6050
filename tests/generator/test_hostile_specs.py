"""lint and generate on hostile specs: located findings (or success), never a traceback, and generated/ untouched.

The named cases are the shapes real tools accept or real hands write (an unquoted `200:`, `content: null`, a `$ref`
cycle, `type: 123`, a 3.0 document, a 50 MB document); the fuzzers mutate spec/openapi.yaml as
tests/generator/spec_mutations.py says, bounded and derandomized.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import QUIRKS, SPEC, lint
from generator.__main__ import main
from generator.generate import generate
from generator.layout import Layout
from generator.problems import StepFailedError
from tests.generator.spec_mutations import apply, changes, pointers

# A located line on stderr: `lint:`-less `file:line: [rule] ...` (lint) or `  file:line: ...` (a failed step).
LOCATED_LINT = re.compile(r"^\S+:\d+: \[[\w:.-]+\] ")
LOCATED_STEP = re.compile(r"^  \S+:\d+(?::\d+)?: ")
# What an internal error reads like when it is dressed as a finding: none may appear.
CRASH_WORDS = ("Traceback", "the validator stopped", "cannot check this document", "the generator raised")
SPEC_TEXT = SPEC.read_text(encoding="utf-8")
STATUS = "      responses:\n        '200':\n"
CYCLE = (
    "    Loop:\n      $ref: '#/components/schemas/Pool'\n"
    "    Pool:\n      allOf:\n        - $ref: '#/components/schemas/Loop'\n"
)
SELF = "    Self:\n      $ref: '#/components/schemas/Self'\n"
MEDIA_TYPE = r"content:\n\s+application/json:\n\s+schema:\n[^\n]+"


def _nested(depth: int) -> str:
    """The spec with an example nested `depth` lists deep."""
    return SPEC_TEXT.replace("components:\n", f"x-deep: {'[' * depth}{']' * depth}\ncomponents:\n", 1)


HOSTILE = {
    "unquoted-integer-status": lambda: SPEC_TEXT.replace(STATUS, "      responses:\n        200:\n", 1),
    "content-null": lambda: re.sub(
        r"content:\n\s+application/json:\n\s+schema:\n[^\n]+", "content: null", SPEC_TEXT, count=1
    ),
    "type-is-a-number": lambda: SPEC_TEXT.replace("type: string", "type: 123", 1),
    "dangling-ref": lambda: SPEC_TEXT.replace("#/components/schemas/", "#/components/schemas/Missing", 1),
    "ref-cycle-through-allof": lambda: SPEC_TEXT.replace("  schemas:\n", "  schemas:\n" + CYCLE, 1),
    "ref-to-itself": lambda: SPEC_TEXT.replace(
        "  schemas:\n", "  schemas:\n    Self:\n      $ref: '#/components/schemas/Self'\n", 1
    ),
    "openapi-3.0": lambda: SPEC_TEXT.replace("openapi: 3.1.0", "openapi: 3.0.3", 1),
    "paths-is-a-list": lambda: SPEC_TEXT.replace("paths:\n", "paths: []\nx-old-paths:\n", 1),
    "nested-150-deep": lambda: _nested(150),
    "nested-100000-deep": lambda: _nested(100_000),
    "50-mb": lambda: SPEC_TEXT + f"x-padding: '{'x' * 50 * 2**20}'\n",
    "not-a-mapping": lambda: "- a\n- list\n",
    "empty": lambda: "",
}
# Cases a real OpenAPI tool accepts and the toolkit reads as they mean: no finding from the shared validation.
ACCEPTED = {"unquoted-integer-status"}


def _write(directory: Path, text: str) -> Path:
    path = directory / "openapi.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _assert_no_crash(text: str) -> None:
    for words in CRASH_WORDS:
        assert words not in text, text


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_lint_names_the_place_of_whatever_is_wrong(case, tmp_path, capsys):
    spec = _write(tmp_path, HOSTILE[case]())
    code = main(["lint", str(spec)])
    err = capsys.readouterr().err
    _assert_no_crash(err)
    findings = [line for line in err.splitlines() if not line.startswith("lint: ")]
    if case in ACCEPTED:
        assert not [line for line in findings if "[openapi-spec-validator]" in line], err
    else:
        assert code == 1, err
        assert findings, err
    for line in findings:
        assert LOCATED_LINT.match(line), line


@pytest.fixture
def spare_layout(generated_template: Layout, tmp_path: Path) -> Layout:
    """A copy of a generated layout whose spec a test replaces (generated/ holds a committed-like package)."""
    root = tmp_path / "repo"
    shutil.copytree(generated_template.root, root)
    return Layout.at(root)


def _generate(layout: Layout) -> str | None:
    """Generate into the layout's generated/; return the failure as `nox -s generate` prints it, or None."""
    try:
        generate(layout)
    except StepFailedError as error:
        return str(error)
    return None


def _assert_located(failure: str) -> None:
    lines = failure.splitlines()
    assert lines[0].startswith("step '"), failure
    assert lines[1:], failure
    for line in lines[1:]:
        assert LOCATED_STEP.match(line) or line.startswith("  ... and "), line


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_generate_fails_at_the_place_and_leaves_generated_alone(case, spare_layout, tree_hashes):
    spare_layout.spec.write_text(HOSTILE[case](), encoding="utf-8")
    before = tree_hashes(spare_layout.generated)
    failure = _generate(spare_layout)
    if case in ACCEPTED:
        assert failure is None, failure
        return
    assert failure is not None
    _assert_no_crash(failure)
    _assert_located(failure)
    assert tree_hashes(spare_layout.generated) == before


# --- Fuzzing: spec/openapi.yaml mutated -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_spec() -> tuple[dict[str, object], list[tuple[object, ...]]]:
    """spec/openapi.yaml as data, and every path into it (for the fuzzers to mutate)."""
    document = yaml.safe_load(SPEC_TEXT)
    return document, pointers(document)


def _mutant(real_spec: tuple[dict[str, object], list[tuple[object, ...]]], data: st.DataObject) -> str:
    """A mutated spec/openapi.yaml as YAML text (integer keys stay integers, as an unquoted `200:` loads)."""
    document, paths = real_spec
    mutated: object = document
    for kind, path, junk in data.draw(changes(paths)):
        mutated = apply(mutated, kind, path, junk)
    return yaml.safe_dump(mutated, sort_keys=False, allow_unicode=True)


@settings(max_examples=8, derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_lint_survives_any_mutation_of_the_spec(real_spec, data):
    """Every finding of a lint of a mutant is located; none is a crash in disguise.

    Bounded: derandomized, 8 examples of about a second (the in-process checks on the real spec). The Redocly CLI
    is a process of its own whose failures cannot raise here; it runs on each named case above instead.
    """
    with tempfile.TemporaryDirectory() as directory:
        spec = _write(Path(directory), _mutant(real_spec, data))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(lint, "check_redocly", lambda _document: [])
            result = lint.run(spec, QUIRKS)
    for finding in result.findings:
        assert finding.line is not None, finding
        _assert_no_crash(finding.message)
        assert LOCATED_LINT.match(str(finding)), finding


# tree_hashes is a pure function handed over as a fixture: nothing in it needs resetting between examples.
NO_RESET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


@settings(max_examples=5, derandomize=True, deadline=None, database=None, suppress_health_check=NO_RESET)
@given(data=st.data())
def test_generate_survives_any_mutation_of_the_spec(real_spec, generated_template, tree_hashes, data):
    """generate on a mutant fails at located places and leaves generated/ as it was, or succeeds.

    Bounded: derandomized, 5 examples; a failure costs a second (the validate step), a success a whole generation.
    """
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory) / "repo"
        shutil.copytree(generated_template.root, root)
        layout = Layout.at(root)
        layout.spec.write_text(_mutant(real_spec, data), encoding="utf-8")
        before = tree_hashes(layout.generated)
        failure = _generate(layout)
        if failure is not None:
            _assert_no_crash(failure)
            _assert_located(failure)
            assert tree_hashes(layout.generated) == before
