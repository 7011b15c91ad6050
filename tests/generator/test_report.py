"""The diff's reports: exact JSON, Markdown grouped by operation with breaking changes first, the version verdict."""

from __future__ import annotations

import json

import pytest

from generator import ROOT
from generator.diff import bump, report
from generator.diff.changes import Change, SpecDiff
from generator.diff.rules import RULES


def _change(rule: str, operation: str | None = None, where: str = "#/x", message: str = "m", **extra) -> Change:
    endpoint = extra.pop("endpoint", f"GET /{operation}" if operation else None)
    # A change's level and view are its rule's: a case naming the view says which rule's it expects.
    assert extra.pop("view", RULES[rule].view) == RULES[rule].view
    return Change(
        rule=RULES[rule],
        operation=operation,
        where=where,
        message=message,
        endpoint=endpoint,
        **extra,
    )


def _diff(*changes: Change, old: str = "1.0.0", new: str = "1.0.0") -> SpecDiff:
    return SpecDiff(changes=(), old_version=old, new_version=new).plus(changes)


def test_json_is_exactly_bump_and_changes():
    diff = _diff(_change("operation-removed", "deleteX", "#/paths/~1x/delete", "`DELETE /x` was removed"))
    assert json.loads(report.to_json(diff)) == {
        "bump": "major",
        "changes": [
            {
                "id": "operation-removed",
                "breaking": True,
                "operation": "deleteX",
                "where": "#/paths/~1x/delete",
                "message": "`DELETE /x` was removed",
            }
        ],
    }
    assert json.loads(report.to_json(_diff())) == {"bump": "none", "changes": []}


def test_markdown_puts_breaking_changes_first_and_groups_a_shared_component():
    shared = "#/components/schemas/Payment/properties/bankName"
    diff = _diff(
        _change("description-changed", "listPayments", "#/paths/~1p/get/summary", "the operation's summary changed"),
        _change("response-property-added", "listPayments", "#/c/x", "`Payment.x` was added"),
        _change("response-property-removed", "listPayments", shared, "`Payment.bankName` was removed"),
        _change("response-property-removed", "getPayment", shared, "`Payment.bankName` was removed"),
        _change(
            "python-attribute-removed",
            where="iqm_finance_client.models.payment.Payment.bank_name",
            message="`Payment.bank_name` was removed",
            view="python",
        ),
    )
    text = report.to_markdown(diff, old="main:spec/openapi.yaml", new="spec/openapi.yaml")
    lines = text.splitlines()
    assert lines[0] == (
        "**API diff: major**: breaking: the wheel needs a new major version "
        "(3 breaking, 1 non-breaking, 1 documentation or internal changes)."
    )
    assert "From `main:spec/openapi.yaml` to `spec/openapi.yaml`. `info.version` 1.0.0 → 1.0.0: needs 2.0.0" in text
    order = [line for line in lines if line.startswith("#")]
    assert order == [
        "### Breaking changes",
        "#### `GET /getPayment` (`getPayment`), `GET /listPayments` (`listPayments`)",
        "#### Python API of `iqm_finance_client`",
        "### Non-breaking changes",
        "#### `GET /listPayments` (`listPayments`)",
        "### Documentation and internal changes",
        "#### `GET /listPayments` (`listPayments`)",
    ]
    # One bullet for the shared component, under the heading naming both operations.
    assert text.count("`response-property-removed`") == 1
    assert f"- `response-property-removed`: `Payment.bankName` was removed (`{shared}`)" in lines
    assert "- `python-attribute-removed`: `Payment.bank_name` was removed" in lines


def test_markdown_of_no_change_and_notes():
    text = report.to_markdown(_diff(), old="a.yaml", new="b.yaml", notes=["The Python API diff was skipped."])
    assert text.splitlines()[0] == "**API diff: none**: no change to the API or to the Python client."
    assert "> The Python API diff was skipped." in text
    assert "###" not in text


def test_many_operations_are_headed_by_their_ids():
    changes = [_change("response-property-removed", f"op{n}", "#/c", "gone") for n in range(5)]
    text = report.to_markdown(_diff(*changes), old="a", new="b")
    assert "#### 5 operations: `op0`, `op1`, `op2`, `op3`, `op4`" in text


@pytest.mark.parametrize(
    ("rule", "old", "new", "ok", "needed"),
    [
        ("operation-removed", "1.0.0", "1.0.0", False, "2.0.0"),
        ("operation-removed", "1.4.2", "1.5.0", False, "2.0.0"),
        ("operation-removed", "1.4.2", "2.0.0", True, "2.0.0"),
        ("operation-removed", "1.4.2", "2.0.0rc1", True, "2.0.0"),
        ("operation-added", "1.4.2", "1.4.3", False, "1.5.0"),
        ("operation-added", "1.4.2", "1.5.0", True, "1.5.0"),
        ("description-changed", "1.4.2", "1.4.2", False, "1.4.3"),
        ("description-changed", "1.4.2", "1.4.3", True, "1.4.3"),
        # Before 1.0, a breaking change bumps the minor, anything else the patch.
        ("operation-removed", "0.3.1", "0.3.2", False, "0.4.0"),
        ("operation-removed", "0.3.1", "0.4.0", True, "0.4.0"),
        ("operation-added", "0.3.1", "0.3.2", True, "0.3.2"),
        ("operation-added", "0.3", "0.3", False, "0.3.1"),
    ],
)
def test_the_version_check(rule, old, new, ok, needed):
    checked = bump.check_version(_diff(_change(rule, "op"), old=old, new=new))
    assert (checked.ok, checked.needed) == (ok, needed)
    if not ok:
        assert f"needs {needed}: 1 " in checked.message
        assert f"e.g. {rule} at GET /op" in checked.message


def test_the_version_check_message_names_the_reason():
    diff = _diff(
        _change("operation-removed", "deleteX", endpoint="DELETE /x"),
        _change("parameter-removed", "getY", endpoint="GET /y"),
        _change("response-property-removed", "getZ", endpoint="GET /z"),
        old="1.0.0",
        new="1.0.0",
    )
    assert bump.check_version(diff).message == (
        "`info.version` 1.0.0 → 1.0.0: needs 2.0.0: 3 breaking changes, e.g. operation-removed at DELETE /x."
    )


def test_no_change_needs_no_version_but_may_not_go_backwards():
    assert bump.check_version(_diff(old="1.2.0", new="1.2.0")).ok
    assert not bump.check_version(_diff(old="1.2.0", new="1.1.9")).ok


def test_a_version_that_is_not_pep_440_fails_the_check():
    checked = bump.check_version(_diff(old="1.0.0", new="next"))
    assert not checked.ok
    assert "'next' is not a PEP 440 version" in checked.message


def test_the_readme_names_every_rule():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## For spec reviewers: `nox -s diff`") :]
    assert [rule for rule in RULES if f"`{rule}`" not in section] == []
