"""`python -m generator diff`: OLD NEW (files or git-ref:path), JSON, Markdown, --check-version, no arguments."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import ROOT
from generator.__main__ import main
from generator.layout import PACKAGE

FIXTURE_SPEC = Path(__file__).parent / "fixtures" / "openapi.yaml"
# The PDF download of the fixture spec, removed by the breaking change of these tests.
DOWNLOAD = """  /api/v3/fa/invoice/{invoiceId}/pdf:
    get:
      tags: [Invoices]
      operationId: downloadInvoicePdf
      summary: Download an invoice as PDF
      parameters:
        - name: invoiceId
          in: path
          required: true
          schema: {type: integer}
      responses:
        "200":
          description: The invoice as a PDF document.
          content:
            application/pdf:
              schema: {type: string, format: binary}
"""


def _spec(tmp_path: Path, name: str, *, version: str = "1.0.0", download: bool = True) -> Path:
    """Write the fixture spec at `version`, with or without its PDF download operation."""
    text = FIXTURE_SPEC.read_text(encoding="utf-8").replace("version: 0.1.0", f"version: {version}")
    assert DOWNLOAD in text
    path = tmp_path / name
    path.write_text(text if download else text.replace(DOWNLOAD, ""), encoding="utf-8")
    return path


def test_json_report_on_stdout_and_exit_0_whatever_it_finds(tmp_path, capsys):
    old, new = _spec(tmp_path, "old.yaml"), _spec(tmp_path, "new.yaml", download=False)
    assert main(["diff", str(old), str(new), "--format", "json", "--no-python-api"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {
        "bump": "major",
        "changes": [
            {
                "id": "operation-removed",
                "breaking": True,
                "operation": "downloadInvoicePdf",
                "where": "#/paths/~1api~1v3~1fa~1invoice~1{invoiceId}~1pdf/get",
                "message": "`GET /api/v3/fa/invoice/{invoiceId}/pdf` was removed",
            }
        ],
        "views": {"http": {"ran": True}, "python": {"ran": False, "reason": "skipped (--no-python-api)"}},
        "notes": ["The Python API diff was skipped (--no-python-api)."],
    }


def test_markdown_report_to_a_file(tmp_path, capsys):
    old, new = _spec(tmp_path, "old.yaml"), _spec(tmp_path, "new.yaml", download=False)
    output = tmp_path / "out" / "report.md"
    assert main(["diff", str(old), str(new), "--output", str(output), "--no-python-api"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    text = output.read_text(encoding="utf-8")
    assert text.startswith("**API diff: major**: breaking: the wheel needs a new major version (1 breaking change).")
    assert "#### `GET /api/v3/fa/invoice/{invoiceId}/pdf` (`downloadInvoicePdf`)" in text
    assert "> The Python API diff was skipped (--no-python-api)." in text
    assert f"diff: report written to {output}" in captured.err


def test_check_version_refuses_a_breaking_change_that_kept_the_version_and_accepts_a_major_bump(tmp_path, capsys):
    old = _spec(tmp_path, "old.yaml", version="1.0.0")
    kept = _spec(tmp_path, "kept.yaml", version="1.0.0", download=False)
    minor = _spec(tmp_path, "minor.yaml", version="1.1.0", download=False)
    major = _spec(tmp_path, "major.yaml", version="2.0.0", download=False)
    assert main(["diff", str(old), str(kept), "--check-version", "--no-python-api"]) == 1
    assert (
        "diff: `info.version` 1.0.0 → 1.0.0: needs 2.0.0: 1 breaking change, "
        "e.g. operation-removed at GET /api/v3/fa/invoice/{invoiceId}/pdf." in capsys.readouterr().err
    )
    assert main(["diff", str(old), str(minor), "--check-version", "--no-python-api"]) == 1
    assert "1.0.0 → 1.1.0: needs 2.0.0" in capsys.readouterr().err
    assert main(["diff", str(old), str(major), "--check-version", "--no-python-api"]) == 0
    assert "`info.version` 1.0.0 → 2.0.0 is enough for a major change." in capsys.readouterr().err
    # Without --check-version the same too-low version exits 0: the diff only informs.
    assert main(["diff", str(old), str(kept), "--no-python-api"]) == 0


def test_a_spec_that_cannot_be_loaded_exits_1_naming_it(tmp_path, capsys):
    assert main(["diff", str(tmp_path / "missing.yaml"), "no-such-ref:spec/openapi.yaml"]) == 1
    err = capsys.readouterr().err
    assert "missing.yaml: cannot read the spec" in err
    assert "no-such-ref:spec/openapi.yaml: git show failed" in err


@pytest.mark.parametrize(
    "arguments",
    [
        ["diff", "a.yaml", "b.yaml", "c.yaml"],
        ["diff", "--format", "json"],
        ["diff", "spec.yaml", "--output", "x.md"],
        ["diff", "a.yaml", "b.yaml", "--quick"],
        ["diff", "spec.yaml", "--check-version"],
    ],
)
def test_options_of_another_form_are_usage_errors(arguments, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(arguments)
    assert exit_info.value.code == 2
    assert "usage:" in capsys.readouterr().err


# In a git repository, through a subprocess, with the Python API rendered: slow.


def _git(root: Path, *arguments: str) -> None:
    identity = ["-c", "user.name=Spec Reviewer", "-c", "user.email=reviewer@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *arguments], cwd=root, check=True, capture_output=True)


def _run(root: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    command = [sys.executable, "-m", "generator", *arguments]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, check=False, env=environment)


@pytest.mark.slow
def test_git_refs_and_the_no_argument_form(generated_layout):
    root = generated_layout.root
    _git(root, "init", "--quiet", "--initial-branch=main")
    _git(root, "add", "--all")
    _git(root, "commit", "--quiet", "--message", "spec and client")
    _git(root, "switch", "--quiet", "--create", "drop-download")
    spec = generated_layout.spec
    spec.write_text(spec.read_text(encoding="utf-8").replace(DOWNLOAD, ""), "utf-8")

    # OLD as git-ref:path, NEW the working tree's file.
    by_ref = _run(root, "diff", "main:spec/openapi.yaml", "spec/openapi.yaml", "--format", "json", "--no-python-api")
    assert by_ref.returncode == 0, by_ref.stderr
    assert [change["id"] for change in json.loads(by_ref.stdout)["changes"]] == ["operation-removed"]

    # No arguments: the report against the merge-base with main on stderr (Python API included), then the drift
    # check, whose exit code it is: generated/ still has the removed operation's module. --check-version adds the
    # version verdict (the exit code of a too-low version alone is tested above, with OLD NEW).
    against_base = _run(root, "diff", "--check-version")
    assert against_base.returncode == 1
    err = against_base.stderr
    assert "diff: spec/openapi.yaml against the merge-base of HEAD and main" in err
    assert "**API diff: major**" in err
    assert "- `operation-removed`: `GET /api/v3/fa/invoice/{invoiceId}/pdf` was removed" in err
    assert f"- `python-module-removed`: module `{PACKAGE}.api.invoices.download_invoice_pdf` was removed" in err
    assert "diff: `info.version` 0.1.0 → 0.1.0: needs 0.2.0: 2 breaking changes" in err
    assert f"--- a/generated/{PACKAGE}/api/invoices/download_invoice_pdf.py\n+++ /dev/null" in against_base.stdout
    assert "file(s) of generated/ differ from the spec" in err


# A public runtime module of the test's own, so the change below depends on nothing the real runtime holds.
EXTRAS = (
    '"""A public helper."""\n\n\ndef page_size(limit: int) -> int:\n    """Clamp a page size."""\n    return limit\n'
)


def _committed_client_with_extras(layout):
    """Add EXTRAS to the runtime, generate client 1.0.0 and commit it on main; return the extras module's path."""
    from generator.generate import generate  # noqa: PLC0415 - imports openapi-python-client

    extras = layout.root / "overrides" / "runtime" / "extras.py"
    extras.write_text(EXTRAS, encoding="utf-8")
    layout.spec.write_text(layout.spec.read_text(encoding="utf-8").replace("version: 0.1.0", "version: 1.0.0"), "utf-8")
    generate(layout)
    _git(layout.root, "init", "--quiet", "--initial-branch=main")
    _git(layout.root, "add", "--all")
    _git(layout.root, "commit", "--quiet", "--message", "client 1.0.0")
    return extras


@pytest.mark.slow
def test_a_template_only_change_is_major_against_the_base_commits_committed_package(generated_layout):
    root, spec = generated_layout.root, generated_layout.spec
    extras = _committed_client_with_extras(generated_layout)
    _git(root, "switch", "--quiet", "--create", "retype-a-helper")
    # Only the runtime changes: the spec's API is the same, its version 1.1.0.
    extras.write_text(EXTRAS.replace("limit: int", "limit: str"), encoding="utf-8")
    spec.write_text(spec.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.1.0"), "utf-8")

    # No arguments: the base commit's committed generated/ against a render of the working tree.
    against_base = _run(root, "diff", "--check-version")
    assert against_base.returncode == 1
    assert "**API diff: major**" in against_base.stderr
    retyped = "- `python-parameter-retyped`: argument `limit: int` is now `str` in extras.page_size"
    assert retyped in against_base.stderr
    assert "`info.version` 1.0.0 → 1.1.0: needs 2.0.0: 1 breaking change" in against_base.stderr

    # REF:path: the same committed package, said so in the JSON report; 1.1.0 is refused, 2.0.0 accepted.
    arguments = ("diff", "main:spec/openapi.yaml", "spec/openapi.yaml", "--format", "json", "--check-version")
    refused = _run(root, *arguments)
    assert refused.returncode == 1, refused.stderr
    report = json.loads(refused.stdout)
    assert report["bump"] == "major"
    assert report["views"]["python"] == {
        "ran": True,
        "old": "generated/ committed at main",
        "new": "rendered with this checkout's generator and templates",
    }
    # The new __version__ is what the verdict judges, not a change of its own.
    assert [(change["id"], change["where"]) for change in report["changes"]] == [
        ("python-parameter-retyped", f"{PACKAGE}.extras.page_size(limit)"),
    ]
    spec.write_text(spec.read_text(encoding="utf-8").replace("version: 1.1.0", "version: 2.0.0"), "utf-8")
    accepted = _run(root, *arguments)
    assert accepted.returncode == 0, accepted.stderr
    assert "`info.version` 1.0.0 → 2.0.0 is enough for a major change." in accepted.stderr

    # A commit whose generated/ was not made from its spec is rendered with this checkout's templates, and says so.
    _git(root, "commit", "--quiet", "--all", "--message", "spec 2.0.0 without regenerating")
    stale = _run(root, "diff", "HEAD:spec/openapi.yaml", "spec/openapi.yaml", "--format", "json")
    assert stale.returncode == 0, stale.stderr
    report = json.loads(stale.stdout)
    assert report["changes"] == []  # one spec rendered twice with the same templates: the retyped helper cannot show
    assert report["views"]["python"]["old"] == "rendered with this checkout's generator and templates"
    assert report["notes"][0] == (
        "The Python API of `HEAD:spec/openapi.yaml` is rendered with this checkout's generator and templates, not the "
        "package committed with it (HEAD:generated/iqm_finance_client was not made from HEAD:spec/openapi.yaml "
        "(its manifest's spec_sha256 is another spec's)): a change to overrides/ alone does not show against it."
    )


@pytest.mark.slow
def test_a_runtime_change_behind_the_same_names_needs_a_patch_version(generated_layout):
    root, spec = generated_layout.root, generated_layout.spec
    extras = _committed_client_with_extras(generated_layout)
    # A fix inside the runtime: the same spec, the same public names, other code in the wheel.
    extras.write_text(EXTRAS.replace("return limit", "return max(limit, 1)"), encoding="utf-8")

    arguments = ("diff", "main:spec/openapi.yaml", "spec/openapi.yaml", "--format", "json", "--check-version")
    refused = _run(root, *arguments)
    assert refused.returncode == 1, refused.stderr
    report = json.loads(refused.stdout)
    assert report["bump"] == "patch"
    assert [(change["id"], change["message"]) for change in report["changes"]] == [
        ("python-code-changed", "the client's code changed in `extras.py`; no public name changed"),
    ]
    assert "`info.version` 1.0.0 → 1.0.0: needs 1.0.1" in refused.stderr

    # The patch version: still the code change, and the new version alone is not one.
    spec.write_text(spec.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.0.1"), "utf-8")
    accepted = _run(root, *arguments)
    assert accepted.returncode == 0, accepted.stderr
    assert [change["id"] for change in json.loads(accepted.stdout)["changes"]] == ["python-code-changed"]

    # A new version with the code as committed changes nothing.
    extras.write_text(EXTRAS, encoding="utf-8")
    unchanged = _run(root, *arguments)
    assert unchanged.returncode == 0, unchanged.stderr
    assert json.loads(unchanged.stdout)["changes"] == []


def test_a_crash_of_the_python_view_is_located_in_the_toolkit_file_it_last_passed_through():
    from generator.diff import command, python_compare  # noqa: PLC0415

    with pytest.raises(AttributeError) as crashed:
        python_compare.compare(None, None, {}, {})  # type: ignore[arg-type]
    file, line = command._where_raised(crashed.value)
    assert file.startswith("generator/diff/")
    assert file.endswith(".py")
    assert (ROOT / file).is_file()
    assert isinstance(line, int)

    def outside() -> None:
        message = "raised outside the toolkit"
        raise ValueError(message)

    with pytest.raises(ValueError, match="outside") as elsewhere:
        outside()
    assert command._where_raised(elsewhere.value) == ("generator/diff/python_view.py", None)
