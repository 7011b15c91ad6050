"""Release notes (`--changelog`), GitHub annotations (`--format github`), and CHANGELOG.md kept current."""

from __future__ import annotations

import yaml

from generator import ROOT, SPEC
from generator.__main__ import main
from generator.diff import changelog, github, history
from generator.diff.changes import Change, SpecDiff
from generator.diff.rules import RULES
from generator.layout import Layout
from generator.spec_index import parse


def _change(rule: str, operation: str | None = "listInvoices", message: str = "m", **extra: object) -> Change:
    # A change's level and view are its rule's: a case naming the view says which rule's it expects.
    assert extra.pop("view", RULES[rule].view) == RULES[rule].view
    return Change(rule=RULES[rule], operation=operation, where="#/paths", message=message, **extra)


def test_each_change_goes_to_its_section():
    assert changelog.section_of(_change("operation-removed")) == "Breaking"
    assert changelog.section_of(_change("operation-added")) == "Added"
    assert changelog.section_of(_change("parameter-widened")) == "Added"
    assert changelog.section_of(_change("python-function-added")) == "Added"
    assert changelog.section_of(_change("operation-deprecated")) == "Deprecated"
    assert changelog.section_of(_change("sunset-changed")) == "Deprecated"
    assert changelog.section_of(_change("response-property-narrowed")) == "Changed"
    assert changelog.section_of(_change("description-changed")) == "Documentation"
    assert changelog.section_of(_change("operation-undeprecated")) == "Changed"


def test_an_entry_names_operations_and_python_names_and_merges_one_change_at_several_operations():
    changes = [
        _change("response-property-removed", "listPayments", "`Payment.bankName` was removed"),
        _change("response-property-removed", "getPayment", "`Payment.bankName` was removed"),
        _change("python-attribute-removed", None, "`Payment.bank_name` was removed", view="python"),
        _change("operation-deprecated", "listInvoices", "`GET /invoices` is deprecated (sunset 2027-06-30)"),
    ]
    assert changelog.entry("3.0.0", "2027-01-02", changes) == (
        "## [3.0.0] - 2027-01-02\n\n### Breaking\n\n"
        "- `Payment.bank_name` was removed\n"
        "- `listPayments`, `getPayment`: `Payment.bankName` was removed\n\n"
        "### Deprecated\n\n- `listInvoices`: `GET /invoices` is deprecated (sunset 2027-06-30)\n"
    )
    assert changelog.entry("3.0.1", "2027-01-03", []).endswith("No change to the API or to the Python client.\n")


def test_update_replaces_the_entry_of_its_version_keeps_its_fixed_lines_and_puts_a_new_version_first():
    text = changelog.update("", "1.0.0", changelog.entry("1.0.0", "2027-01-01", [_change("operation-added")]))
    assert text.startswith(changelog.HEADER)
    text = changelog.update(text, "1.1.0", changelog.entry("1.1.0", "2027-01-02", []))
    assert changelog.versions(text) == ["1.1.0", "1.0.0"]
    hand_written = text.replace(
        "No change to the API or to the Python client.\n", "### Fixed\n\n- the retry waits were twice too long\n"
    )
    updated = changelog.update(
        hand_written, "1.1.0", changelog.entry("1.1.0", "2027-01-03", [_change("operation-added")])
    )
    assert changelog.versions(updated) == ["1.1.0", "1.0.0"]
    assert "## [1.1.0] - 2027-01-03\n\n### Added\n\n- `listInvoices`: m\n\n### Fixed\n\n- the retry waits" in updated
    assert updated.count("## [1.0.0]") == 1


def _specs(tmp_path, old_version: str, new_version: str):
    case = yaml.safe_load((ROOT / "tests/generator/diff_corpus/response-header-removed.yaml").read_text("utf-8"))
    paths = []
    for name, side, version in (("old", case["old"], old_version), ("new", case["new"], new_version)):
        path = tmp_path / f"{name}.yaml"
        document = {"openapi": "3.1.0", "info": {"title": "C", "version": version}, **side}
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def test_the_cli_writes_then_updates_the_entry_of_news_version(tmp_path, capsys):
    old, new = _specs(tmp_path, "1.0.0", "2.0.0")
    notes = tmp_path / "CHANGELOG.md"
    arguments = ["diff", str(old), str(new), "--no-python-api", "--changelog", str(notes)]
    assert main(arguments) == 0
    assert main(arguments) == 0  # again: the same entry, updated in place
    text = notes.read_text(encoding="utf-8")
    assert changelog.versions(text) == ["2.0.0"]
    assert "### Breaking\n\n- `listInvoices`: required header `X-Rate-Limit` of response `200` was removed\n" in text
    assert "Markdown" not in capsys.readouterr().err


def test_github_annotations_sit_at_the_line_of_each_change_in_new(tmp_path, capsys):
    old, new = _specs(tmp_path, "1.0.0", "1.0.0")
    assert main(["diff", str(old), str(new), "--no-python-api", "--format", "github"]) == 0
    out = capsys.readouterr().out
    line = next(n for n, text in enumerate(new.read_text("utf-8").splitlines(), start=1) if "headers:" in text)
    assert out == (
        f"::error file={new},line={line},title=response-header-removed (breaking)::"
        "GET /invoices (listInvoices): required header `X-Rate-Limit` of response `200` was removed\n"
    )


def test_github_annotations_escape_what_the_workflow_commands_read():
    index = parse("openapi: 3.1.0\npaths: {}\n", "x.yaml")
    change = _change("operation-removed", "a,b", "100%\nsure", endpoint="GET /x")
    text = github.to_github(SpecDiff(changes=(change,)), index, "spec/a:b.yaml")
    assert (
        text == "::error file=spec/a%3Ab.yaml,line=2,title=operation-removed (breaking)::GET /x (a,b): 100%25%0Asure\n"
    )
    assert github.annotation_file("main:spec/openapi.yaml", from_git=True) == "spec/openapi.yaml"
    assert github.annotation_file("./spec/openapi.yaml", from_git=False) == "spec/openapi.yaml"


def test_the_changelog_is_current_against_the_spec():
    """CHANGELOG.md has an entry for the spec's `info.version` (first) and for every version in its history."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    version = yaml.safe_load(SPEC.read_text(encoding="utf-8"))["info"]["version"]
    released = [release.version for release in history.releases(Layout.at(ROOT))]
    assert changelog.versions(text)[0] == version
    assert changelog.versions(text) == list(dict.fromkeys([version, *reversed(released)]))
    assert text.startswith(changelog.HEADER)


def test_update_keeps_an_entrys_hand_written_summary_under_its_heading():
    text = changelog.update("", "1.1.0", changelog.entry("1.1.0", "2027-01-02", [_change("operation-added")]))
    summary = "One request path: every call is sent by `Client.request`.\n\n- the options are checked once"
    hand_written = text.replace("## [1.1.0] - 2027-01-02\n", f"## [1.1.0] - 2027-01-02\n\n{summary}\n")
    updated = changelog.update(
        hand_written, "1.1.0", changelog.entry("1.1.0", "2027-01-03", [_change("operation-added")])
    )
    assert f"## [1.1.0] - 2027-01-03\n\n{summary}\n\n### Added\n\n- `listInvoices`: m\n" in updated
    again = changelog.update(updated, "1.1.0", changelog.entry("1.1.0", "2027-01-03", [_change("operation-added")]))
    assert again == updated  # kept once, not once more per run
    assert changelog.summary_of(changelog.entry("1.1.0", "2027-01-03", [])) == ""  # the generated placeholder
