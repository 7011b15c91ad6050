"""`generate`: deterministic, atomic, located errors, and the package it writes (header, version, manifest)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from generator import ROOT, generate, manifest
from generator.generate import HEADER, RUNTIME_HEADER, render
from generator.layout import PACKAGE, Layout
from generator.problems import StepFailedError
from generator.steps import Steps
from generator.tree import read_tree

pytestmark = pytest.mark.slow


def _spec_replace(layout: Layout, old: str, new: str) -> None:
    text = layout.spec.read_text(encoding="utf-8")
    assert old in text
    layout.spec.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_two_runs_give_byte_identical_trees(generated_layout, tmp_path, copy_layout):
    other = copy_layout(tmp_path / "elsewhere" / "repo")  # another path: nothing absolute may leak in
    render(other, tmp_path / "again", Steps(), check_import=False)
    assert read_tree(tmp_path / "again") == read_tree(generated_layout.generated)
    result = generate.generate(generated_layout)
    assert not result.changed


def test_every_file_has_the_header_and_nothing_untrusted(generated_layout):
    header = HEADER.format(tool=manifest.OPENAPI_PYTHON_CLIENT_VERSION, spec="spec/openapi.yaml")
    files = read_tree(generated_layout.generated)
    assert f"{PACKAGE}/py.typed" in files
    for name, content in files.items():
        text = content.decode()
        assert "UntrustedString" not in text, name
        assert "\r" not in text, name
        source = generated_layout.runtime / name.removeprefix(f"{PACKAGE}/")
        if source.is_file():
            shown = f"overrides/runtime/{name.removeprefix(f'{PACKAGE}/')}"
            assert text.startswith(RUNTIME_HEADER.format(source=shown)), name
        elif name.endswith((".py", "py.typed")):
            assert text.startswith(header), name
        assert str(generated_layout.root) not in text, name


def test_version_and_manifest_come_from_the_inputs(generated_layout):
    package = generated_layout.package
    assert (package / "_version.py").read_text(encoding="utf-8").endswith('__version__ = "0.1.0"\n')
    assert "from ._version import __version__" in (package / "__init__.py").read_text(encoding="utf-8")
    text = (package / manifest.MANIFEST_NAME).read_text(encoding="utf-8")
    loaded = json.loads(text)
    assert list(loaded) == sorted(loaded)
    assert loaded == manifest.expected(generated_layout, "0.1.0")
    assert loaded["spec"] == "spec/openapi.yaml"
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert manifest.stale_keys(generated_layout) == []


def test_manifest_tells_staleness_without_rendering(generated_layout):
    _spec_replace(generated_layout, "summary: List invoices", "summary: List all invoices")
    assert manifest.stale_keys(generated_layout) == ["spec_sha256"]
    (generated_layout.templates / "package_init.py.jinja").write_text("{# changed #}\n", encoding="utf-8")
    assert manifest.stale_keys(generated_layout) == ["overrides_sha256", "spec_sha256"]


def test_a_broken_spec_leaves_generated_untouched(generated_layout, tree_hashes):
    before = tree_hashes(generated_layout.generated)
    _spec_replace(generated_layout, "      description: One page of invoices.", "      descriptio: One page.")
    with pytest.raises(StepFailedError) as failure:
        generate.generate(generated_layout)
    assert tree_hashes(generated_layout.generated) == before
    assert failure.value.step == "validate"
    message = str(failure.value)
    assert "spec/openapi.yaml:36: #/paths/~1api~1v3~1fa~1invoices~1list/get/responses/200: " in message
    assert "'description' is a required property" in message


def test_yaml_errors_name_line_and_column(generated_layout):
    _spec_replace(generated_layout, "  version: 0.1.0\n", "  version: 0.1.0\n   broken: [\n")
    with pytest.raises(StepFailedError) as failure:
        generate.generate(generated_layout)
    assert "spec/openapi.yaml:7:" in str(failure.value)
    assert "not valid YAML" in str(failure.value)


def test_a_version_the_wheel_cannot_carry_is_refused(generated_layout):
    _spec_replace(generated_layout, "version: 0.1.0", "version: v1")
    with pytest.raises(StepFailedError, match=r"spec/openapi.yaml:6: #/info/version: 'v1' is not a canonical PEP 440"):
        generate.generate(generated_layout)


def test_a_generator_warning_is_a_failure_located_in_the_spec(generated_layout):
    config = generated_layout.config
    config.write_text(config.read_text(encoding="utf-8").replace("application/pdf:", "application/x-none:"))
    with pytest.raises(StepFailedError) as failure:
        generate.generate(generated_layout)
    problem = failure.value.problems[0]
    assert (problem.file, problem.line) == ("spec/openapi.yaml", 78)
    assert problem.pointer == "#/paths/~1api~1v3~1fa~1invoice~1{invoiceId}~1pdf/get/responses/200"
    assert "Unsupported content_type application/pdf" in problem.message
    assert "status code 200" in problem.message


@pytest.mark.parametrize(
    ("broken", "line", "message"),
    [
        ("{% if %}\n", 1, "template syntax error"),
        ("{{ no_such_thing.attribute }}\n", 1, "UndefinedError: 'no_such_thing' is undefined"),
    ],
)
def test_a_broken_template_leaves_generated_untouched(generated_layout, broken, line, message, tree_hashes):
    template = generated_layout.templates / "package_init.py.jinja"
    template.write_text(broken + template.read_text(encoding="utf-8"), encoding="utf-8")
    before = tree_hashes(generated_layout.generated)
    with pytest.raises(StepFailedError) as failure:
        generate.generate(generated_layout)
    assert tree_hashes(generated_layout.generated) == before
    problem = failure.value.problems[0]
    assert (failure.value.step, problem.file, problem.line) == (
        "render",
        "overrides/templates/package_init.py.jinja",
        line,
    )
    assert message in problem.message


def test_a_template_that_renders_invalid_python_fails_at_format(generated_layout, tree_hashes):
    template = generated_layout.templates / "package_init.py.jinja"
    template.write_text(template.read_text(encoding="utf-8") + "def broken(:\n", encoding="utf-8")
    before = tree_hashes(generated_layout.generated)
    with pytest.raises(StepFailedError, match=r"generated/iqm_finance_client/__init__.py:\d+: ruff cannot format"):
        generate.generate(generated_layout)
    assert tree_hashes(generated_layout.generated) == before


def test_a_package_that_does_not_import_is_not_swapped_in(generated_layout, tree_hashes):
    template = generated_layout.templates / "package_init.py.jinja"
    template.write_text(template.read_text(encoding="utf-8") + "import no_such_module\n", encoding="utf-8")
    before = tree_hashes(generated_layout.generated)
    with pytest.raises(StepFailedError, match=r"__init__.py:\d+: importing iqm_finance_client: ModuleNotFoundError"):
        generate.generate(generated_layout)
    assert tree_hashes(generated_layout.generated) == before


def test_an_interrupted_run_leaves_generated_untouched(generated_layout, monkeypatch, tree_hashes):
    _spec_replace(generated_layout, "summary: List invoices", "summary: List all invoices")
    before = tree_hashes(generated_layout.generated)

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(shutil, "copytree", interrupted)  # Ctrl-C while staging the new tree beside generated/
    with pytest.raises(KeyboardInterrupt):
        generate.generate(generated_layout)
    assert tree_hashes(generated_layout.generated) == before
    assert not list(generated_layout.root.glob(".generated-*"))


def test_a_killed_swap_is_undone_by_the_next_run(generated_layout, tree_hashes):
    before = tree_hashes(generated_layout.generated)
    staging = generated_layout.root / ".generated-killed"
    staging.mkdir()
    generated_layout.generated.rename(staging / "old")  # killed between the two renames of the swap
    generate.generate(generated_layout)
    assert tree_hashes(generated_layout.generated) == before
    assert not staging.exists()


def test_the_cli_prints_one_located_message_and_exits_1(generated_layout):
    _spec_replace(generated_layout, "  version: 0.1.0\n", "  version: 0.1.0\n   broken: [\n")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate"],
        cwd=generated_layout.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "generate: step 'validate' failed:\n  spec/openapi.yaml:7:" in result.stderr
    assert "Traceback" not in result.stderr


def test_runtime_modules_are_copied_in_with_a_header(generated_layout):
    (generated_layout.runtime / "_probe.py").write_text('"""A probe."""\n\nPROBE = 1\n', encoding="utf-8")
    generate.generate(generated_layout)
    text = (generated_layout.package / "_probe.py").read_text(encoding="utf-8")
    assert text.startswith("# Copied from overrides/runtime/_probe.py by `nox -s generate`. Do not edit here:")
    assert text.endswith("PROBE = 1\n")


def test_upstream_copies_match_the_installed_templates():
    upstream = ROOT / "overrides" / "upstream"
    installed = resources.files("openapi_python_client") / "templates"
    copies = sorted(path for path in upstream.rglob("*.jinja"))
    assert copies, "overrides/upstream/ holds no template"
    for copy in copies:
        name = copy.relative_to(upstream).as_posix()
        assert copy.read_text(encoding="utf-8") == (installed / name).read_text(encoding="utf-8"), name
    readme = (ROOT / "overrides" / "README.md").read_text(encoding="utf-8")
    for template in sorted((ROOT / "overrides" / "templates").rglob("*.jinja")):
        name = template.relative_to(ROOT / "overrides" / "templates").as_posix()
        if (installed / name).is_file():  # an override: its untouched upstream copy sits beside it
            assert (upstream / name).is_file(), name
        else:  # a template of our own (macros the overrides share): the README says what it is
            assert f"`{name}`" in readme, f"{name} is no upstream template and overrides/README.md does not name it"


def test_the_pinned_tools_are_the_ones_in_pyproject():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    group = text.split("\ngenerate = [", 1)[1].split("]", 1)[0]
    assert f'"openapi-python-client=={manifest.OPENAPI_PYTHON_CLIENT_VERSION}"' in group
    assert f'"ruff=={manifest.RUFF_VERSION}"' in group
    assert "hatchling==" in text.split("[build-system]", 1)[1].split("\n[", 1)[0]


def test_the_generated_headers_name_a_relative_spec(tmp_path, copy_layout):
    spec = tmp_path / "outside" / "api.yaml"
    spec.parent.mkdir()
    shutil.copyfile(Path(__file__).parent / "fixtures" / "openapi.yaml", spec)
    layout = Layout.at(copy_layout(tmp_path / "repo").root, spec)
    render(layout, tmp_path / "out", Steps(), check_import=False)
    text = (tmp_path / "out" / PACKAGE / "client.py").read_text(encoding="utf-8")
    assert text.startswith(HEADER.format(tool=manifest.OPENAPI_PYTHON_CLIENT_VERSION, spec="api.yaml"))
