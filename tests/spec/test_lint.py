"""`python -m generator lint`: each check finds what it should, and says where (file, line, pointer) and which rule."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import QUIRKS, ROOT, SPEC, lint

DETAILS = "/api/v3/fa/basic/details"
DETAILS_POINTER = "#/paths/~1api~1v3~1fa~1basic~1details/get"
SETTINGS = "/api/v3/fa/invoice/settings"
SETTINGS_POINTER = "#/paths/~1api~1v3~1fa~1invoice~1settings/put"


def parse(path):
    document = lint.parse(path)
    assert isinstance(document, lint.Document), document
    return document


def only(findings, rule):
    matching = [finding for finding in findings if finding.rule == rule]
    assert len(matching) == 1, "\n".join(map(str, findings))
    return matching[0]


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "generator", "lint", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


# --- the valid fixture -----------------------------------------------------------------------------------------


def test_valid_fixture_passes_the_in_process_checks(valid_spec_path, valid_quirks_path):
    document = parse(valid_spec_path)

    assert lint.check_openapi(document) == []
    assert lint.check_operation_ids(document) == []
    assert lint.check_examples(document) == []
    assert lint.check_quirks(document, valid_quirks_path) == []


@pytest.mark.slow
def test_valid_fixture_lints_clean(valid_spec_path, valid_quirks_path):
    findings = lint.lint(valid_spec_path, valid_quirks_path)

    assert findings == [], "\n".join(map(str, findings))


@pytest.mark.slow
def test_repository_spec_is_clean():
    findings = lint.lint(SPEC, QUIRKS)

    assert findings == [], "\n".join(map(str, findings))


# --- findings and pointers -------------------------------------------------------------------------------------


def test_finding_prints_file_line_rule_pointer_and_message_on_one_line():
    finding = lint.Finding(Path("spec/openapi.yaml"), 12, "#/paths/~1a/get", "operation-id", "no\noperationId")

    assert str(finding) == "spec/openapi.yaml:12: [operation-id] #/paths/~1a/get: no operationId"
    assert finding.where == "openapi.yaml:12 #/paths/~1a/get"
    assert str(lint.Finding(Path("q.yaml"), None, None, "yaml", "empty")) == "q.yaml: [yaml] empty"


def test_pointers_escape_slashes_and_tildes():
    parts = ("paths", "/api/{id}", "get", "x~y", 0)

    assert lint.to_pointer(parts) == "#/paths/~1api~1{id}/get/x~0y/0"
    assert lint.split_pointer(lint.to_pointer(parts)) == ("paths", "/api/{id}", "get", "x~y", "0")
    assert lint.split_pointer("/components/schemas") == ("components", "schemas")


def test_lines_follow_refs_to_where_the_value_is_written(valid_spec_path, line_of):
    document = parse(valid_spec_path)
    through_ref = (*lint.split_pointer(DETAILS_POINTER), "responses", "401", "description")

    assert document.line(through_ref) == line_of(valid_spec_path, "description: The token is missing or expired.")


# --- 0. YAML ---------------------------------------------------------------------------------------------------------


def test_yaml_syntax_error_is_one_finding_with_its_line(tmp_path, valid_spec_path, valid_quirks_path):
    lines = valid_spec_path.read_text(encoding="utf-8").splitlines()
    assert lines[3] == "  version: 0.0.1"
    lines[3] = "  version: 0.0.1: a colon too many"
    broken = tmp_path / "openapi.yaml"
    broken.write_text("\n".join(lines), encoding="utf-8")

    findings = lint.lint(broken, valid_quirks_path)

    assert len(findings) == 1
    assert (findings[0].file, findings[0].line, findings[0].rule) == (broken, 4, "yaml")
    assert "mapping values are not allowed here" in findings[0].message


def test_duplicate_yaml_key_is_a_parse_error_at_the_second_key(tmp_path, valid_spec_path, line_of):
    text = valid_spec_path.read_text(encoding="utf-8").replace(
        "      operationId: getBasicDetails\n", "      operationId: getBasicDetails\n      operationId: again\n"
    )
    broken = tmp_path / "openapi.yaml"
    broken.write_text(text, encoding="utf-8")

    finding = lint.parse(broken)

    assert isinstance(finding, lint.Finding)
    assert finding.line == line_of(broken, "operationId: again")
    assert "duplicate key 'operationId'" in finding.message


def test_unquoted_dates_stay_strings(valid_spec, write_yaml):
    valid_spec["components"]["schemas"]["BasicDetails"]["properties"]["since"] = {
        "type": "string",
        "format": "date",
        "example": "2024-01-31",
    }
    path = write_yaml(valid_spec)
    path.write_text(path.read_text(encoding="utf-8").replace("'2024-01-31'", "2024-01-31"), encoding="utf-8")

    assert "example: 2024-01-31\n" in path.read_text(encoding="utf-8")
    assert lint.check_examples(parse(path)) == []


# --- 1. openapi-spec-validator and operationIds --------------------------------------------------------------------


def test_dangling_ref_names_the_ref_its_pointer_and_line(valid_spec, write_yaml, line_of):
    media = valid_spec["paths"][DETAILS]["get"]["responses"]["200"]["content"]["application/json"]
    media["schema"]["allOf"][1]["properties"]["data"]["$ref"] = "#/components/schemas/Nope"
    path = write_yaml(valid_spec)

    finding = only(lint.check_openapi(parse(path)), "openapi-spec-validator")

    assert finding.pointer == (
        f"{DETAILS_POINTER}/responses/200/content/application~1json/schema/allOf/1/properties/data/$ref"
    )
    assert finding.line == line_of(path, "#/components/schemas/Nope")
    assert "#/components/schemas/Nope" in finding.message
    assert "no 'Nope' under /components/schemas" in finding.message


def test_schema_errors_name_the_schema_they_are_in(valid_spec, write_yaml, line_of):
    valid_spec["components"]["schemas"]["BasicDetails"]["properties"]["customerId"]["type"] = "intger"
    path = write_yaml(valid_spec)

    finding = only(lint.check_openapi(parse(path)), "openapi-spec-validator")

    assert finding.pointer == "#/components/schemas/BasicDetails/properties/customerId/type"
    assert finding.line == line_of(path, "type: intger")
    assert "'intger'" in finding.message


def test_missing_operation_id_is_a_finding_at_the_operation(valid_spec, write_yaml, line_of):
    del valid_spec["paths"][DETAILS]["get"]["operationId"]
    path = write_yaml(valid_spec)

    finding = only(lint.check_operation_ids(parse(path)), "operation-id")

    assert finding.pointer == DETAILS_POINTER
    assert finding.line == line_of(path, "    get:")
    assert "no operationId" in finding.message


def test_duplicate_operation_id_names_the_first_use(valid_spec, write_yaml):
    valid_spec["paths"][SETTINGS]["put"]["operationId"] = "getBasicDetails"
    path = write_yaml(valid_spec)

    finding = only(lint.check_operation_ids(parse(path)), "operation-id")

    assert finding.pointer == f"{SETTINGS_POINTER}/operationId"
    assert DETAILS_POINTER in finding.message


# --- 2. Redocly ----------------------------------------------------------------------------------------------------


def test_missing_redocly_asks_for_npm_ci(monkeypatch, tmp_path, valid_spec_path):
    monkeypatch.setattr(lint.redocly, "REDOCLY", tmp_path / "node_modules" / ".bin" / "redocly")

    findings = lint.check_redocly(parse(valid_spec_path))

    assert len(findings) == 1
    assert "npm ci" in findings[0].message


@pytest.mark.slow
def test_redocly_problem_gives_rule_pointer_and_line(valid_spec, write_yaml, line_of):
    del valid_spec["paths"][DETAILS]["get"]["summary"]
    path = write_yaml(valid_spec)

    finding = only(lint.check_redocly(parse(path)), "redocly:operation-summary")

    assert finding.file == path
    assert finding.pointer == f"{DETAILS_POINTER}/summary"
    assert finding.line == line_of(path, "    get:")


def test_every_redocly_rule_turned_off_says_why():
    lines = (ROOT / "redocly.yaml").read_text(encoding="utf-8").splitlines()

    for number, line in enumerate(lines):
        if re.fullmatch(r"\s+[\w.-]+: off", line):
            assert lines[number - 1].lstrip().startswith("#"), f"redocly.yaml:{number + 1} turns a rule off silently"


# --- 3. examples against their schemas -----------------------------------------------------------------------------


def test_broken_example_names_its_pointer_and_the_failing_field(valid_spec, write_yaml, line_of):
    valid_spec["components"]["examples"]["BasicDetailsResponse"]["value"]["data"]["currencyCode"] = "US"
    path = write_yaml(valid_spec)

    finding = only(lint.check_examples(parse(path)), "example-schema")

    assert finding.pointer == "#/components/examples/BasicDetailsResponse/value"
    assert finding.line == line_of(path, "currencyCode: US")
    assert "/data/currencyCode" in finding.message
    assert f"used by {DETAILS_POINTER}/responses/200/content/application~1json/examples/typical" in finding.message


def test_broken_inline_request_example_is_found(valid_spec, write_yaml):
    valid_spec["paths"][SETTINGS]["put"]["requestBody"]["content"]["application/json"]["example"]["invoiceDays"] = -1
    path = write_yaml(valid_spec)

    finding = only(lint.check_examples(parse(path)), "example-schema")

    assert finding.pointer == f"{SETTINGS_POINTER}/requestBody/content/application~1json/example"
    assert "/invoiceDays" in finding.message
    assert "#/components/schemas/InvoiceSettingsUpdate" in finding.message


def test_broken_parameter_and_schema_examples_are_found(valid_spec, write_yaml):
    valid_spec["paths"][DETAILS]["get"]["parameters"][0]["example"] = "abc"
    valid_spec["components"]["schemas"]["BasicDetails"]["properties"]["currencyCode"]["examples"] = ["USD", "EURO"]
    path = write_yaml(valid_spec)

    pointers = {finding.pointer for finding in lint.check_examples(parse(path))}

    assert pointers == {
        f"{DETAILS_POINTER}/parameters/0/example",
        "#/components/schemas/BasicDetails/properties/currencyCode/examples/1",
    }


# --- 4. datamodel-code-generator -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_generated_models_reject_broken_examples(valid_spec, write_yaml, line_of):
    valid_spec["components"]["examples"]["BasicDetailsResponse"]["value"]["data"]["currencyCode"] = "US"
    valid_spec["paths"][SETTINGS]["put"]["requestBody"]["content"]["application/json"]["example"]["invoiceDays"] = -1
    path = write_yaml(valid_spec)

    findings = {finding.pointer: finding for finding in lint.check_models(parse(path))}

    assert set(findings) == {
        "#/components/examples/BasicDetailsResponse/value",
        f"{SETTINGS_POINTER}/requestBody/content/application~1json/example",
    }
    # The inline allOf envelope got a model of its own, named after the operation.
    response = findings["#/components/examples/BasicDetailsResponse/value"]
    assert response.rule == "datamodel-codegen"
    assert "model GetBasicDetailsResponses200 rejects the example at /data/currencyCode" in response.message
    assert response.line == line_of(path, "currencyCode: US")
    request = findings[f"{SETTINGS_POINTER}/requestBody/content/application~1json/example"]
    assert "model InvoiceSettingsUpdate rejects the example at /invoiceDays" in request.message


@pytest.mark.slow
def test_generation_failure_is_a_finding(valid_spec, write_yaml):
    valid_spec["components"]["schemas"]["InvoiceSettingsUpdate"]["properties"]["invoiceDays"] = {
        "$ref": "#/components/schemas/Nope"
    }
    path = write_yaml(valid_spec)

    finding = only(lint.check_models(parse(path)), "datamodel-codegen")

    assert "cannot generate models" in finding.message


# --- 5. the quirk catalogue ----------------------------------------------------------------------------------------


def test_quirk_pointer_that_does_not_resolve_names_quirk_pointer_and_segment(
    valid_spec_path, valid_quirks, write_yaml, line_of
):
    bad = "/components/schemas/InvoiceSettingsUpdate/properties/paypalAccountId"
    valid_quirks["quirks"][0]["where"][0]["pointer"] = bad
    quirks = write_yaml(valid_quirks, "quirks.yaml")

    finding = only(lint.check_quirks(parse(valid_spec_path), quirks), "quirk-pointer")

    assert finding.file == quirks
    assert finding.pointer == "#/quirks/0/where/0/pointer"
    assert finding.line == line_of(quirks, bad)
    assert "'paypal-account-id-misspelt'" in finding.message
    assert bad in finding.message
    assert "no 'paypalAccountId' under /components/schemas/InvoiceSettingsUpdate/properties" in finding.message


def test_quirk_pointer_into_a_ref_says_where_to_point(valid_spec_path, valid_quirks, write_yaml):
    valid_quirks["quirks"][0]["where"][0]["pointer"] = "/paths/~1api~1v3~1fa~1basic~1details/get/responses/401/content"
    quirks = write_yaml(valid_quirks, "quirks.yaml")

    finding = only(lint.check_quirks(parse(valid_spec_path), quirks), "quirk-pointer")

    assert "$ref to #/components/responses/Unauthorized" in finding.message


def test_quirk_naming_an_unknown_operation_is_a_finding(valid_spec_path, valid_quirks, write_yaml, line_of):
    valid_quirks["quirks"][0]["where"][0]["operation"] = "updateInvoiceSetings"
    quirks = write_yaml(valid_quirks, "quirks.yaml")

    finding = only(lint.check_quirks(parse(valid_spec_path), quirks), "quirk-operation")

    assert finding.pointer == "#/quirks/0/where/0/operation"
    assert finding.line == line_of(quirks, "updateInvoiceSetings")
    assert "'updateInvoiceSetings'" in finding.message


def test_quirk_with_unknown_or_missing_keys_is_a_finding(valid_spec_path, valid_quirks, write_yaml):
    valid_quirks["quirks"][0]["severity"] = "high"
    del valid_quirks["quirks"][1]["wire"]
    quirks = write_yaml(valid_quirks, "quirks.yaml")

    findings = lint.check_quirks(parse(valid_spec_path), quirks)

    assert {(finding.rule, finding.pointer) for finding in findings} == {
        ("quirk-schema", "#/quirks/0"),
        ("quirk-schema", "#/quirks/1"),
    }
    assert any("'severity' was unexpected" in finding.message for finding in findings)
    assert any("'wire' is a required property" in finding.message for finding in findings)


def test_duplicate_quirk_id_is_a_finding(valid_spec_path, valid_quirks, write_yaml):
    valid_quirks["quirks"][1]["id"] = valid_quirks["quirks"][0]["id"]
    quirks = write_yaml(valid_quirks, "quirks.yaml")

    finding = only(lint.check_quirks(parse(valid_spec_path), quirks), "quirk-id")

    assert finding.pointer == "#/quirks/1/id"


def test_missing_quirk_catalogue_is_a_finding(tmp_path, valid_spec_path):
    findings = lint.check_quirks(parse(valid_spec_path), tmp_path / "quirks.yaml")

    assert [finding.rule for finding in findings] == ["yaml"]


# --- the command line ----------------------------------------------------------------------------------------------


def test_cli_exits_1_and_prints_the_finding_to_stderr(tmp_path, valid_quirks_path):
    broken = tmp_path / "openapi.yaml"
    broken.write_text("openapi: 3.1.0\ninfo: [unclosed\n", encoding="utf-8")

    completed = run_cli(broken, "--quirks", valid_quirks_path)

    assert completed.returncode == 1
    assert f"{broken}:3: [yaml]" in completed.stderr
    assert "lint: 1 finding(s)" in completed.stderr


@pytest.mark.slow
def test_cli_exits_0_on_the_valid_fixture(valid_spec_path, valid_quirks_path):
    completed = run_cli(valid_spec_path, "--quirks", valid_quirks_path)

    assert completed.returncode == 0, completed.stderr
    assert "lint: 0 finding(s)" in completed.stderr


# --- wire hints ------------------------------------------------------------------------------------------------


def test_valid_fixture_has_no_wire_hint_findings(valid_spec_path):
    assert lint.check_wire_hints(parse(valid_spec_path)) == []


def test_repository_spec_hints_are_all_valid():
    assert lint.check_wire_hints(parse(SPEC)) == []


@pytest.mark.parametrize(
    ("hint", "value", "schema_type", "expected"),
    [
        ("x-money", True, "integer", "type: number"),
        ("x-money", "yes", "number", "x-money must be `true`"),
        ("x-timestamp", "epoch-minutes", "integer", "epoch-milliseconds, epoch-seconds"),
        ("x-timestamp", "epoch-seconds", "string", "type: integer"),
        ("x-python-type", "float", "string", "int, str"),
        ("x-python-name", "class", "string", "not a keyword"),
        ("x-python-name", "PaymentTerm; import os", "string", "snake_case"),
        ("x-wire-aliases", ["ok", 'bad"quote'], "string", "list of property names"),
        ("x-python-alias", "x", "string", "unknown hint"),
    ],
)
def test_a_bad_wire_hint_is_named_with_its_place(write_yaml, line_of, hint, value, schema_type, expected):
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1.0.0"},
        "paths": {},
        "components": {
            "schemas": {"Thing": {"type": "object", "properties": {"field": {"type": schema_type, hint: value}}}}
        },
    }
    path = write_yaml(spec)

    finding = only(lint.check_wire_hints(parse(path)), lint.WIRE_HINT_RULE)

    assert finding.pointer == f"#/components/schemas/Thing/properties/field/{hint}"
    assert finding.line == line_of(path, f"{hint}:")
    assert expected in finding.message


# --- dated deprecations ----------------------------------------------------------------------------------------


def test_repository_spec_deprecations_are_all_valid():
    assert lint.check_deprecations(parse(SPEC)) == []


def _deprecation_spec(operation: dict, parameter: dict, prop: dict) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1.0.0"},
        "paths": {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    **operation,
                    "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}, **parameter}],
                    "responses": {"200": {"description": "OK"}},
                }
            }
        },
        "components": {"schemas": {"Thing": {"type": "object", "properties": {"old": {"type": "string", **prop}}}}},
    }


def test_valid_deprecations_on_an_operation_a_parameter_and_a_property_pass(write_yaml):
    dated = {"deprecated": True, "x-sunset": "2027-06-30", "x-replaced-by": "listThingsV2"}
    path = write_yaml(_deprecation_spec(dated, {"deprecated": True, "x-sunset": "2027-01-31"}, dated))
    assert lint.check_deprecations(parse(path)) == []


@pytest.mark.parametrize(
    ("where", "keys", "pointer", "expected"),
    [
        ("operation", {"deprecated": True, "x-sunset": "30.06.2027"}, "/paths/~1things/get/x-sunset", "YYYY-MM-DD"),
        ("operation", {"deprecated": True, "x-sunset": "2027-02-30"}, "/paths/~1things/get/x-sunset", "calendar"),
        ("parameter", {"x-sunset": "2027-01-31"}, "/paths/~1things/get/parameters/0/x-sunset", "deprecated: true"),
        (
            "property",
            {"deprecated": False, "x-sunset": "2027-01-31"},
            "/components/schemas/Thing/properties/old/x-sunset",
            "deprecated: true",
        ),
        (
            "property",
            {"deprecated": True, "x-replaced-by": ""},
            "/components/schemas/Thing/properties/old/x-replaced-by",
            "name the replacement",
        ),
        ("operation", {"x-replaced-by": "listThingsV2"}, "/paths/~1things/get/x-replaced-by", "deprecated: true"),
    ],
)
def test_a_bad_deprecation_is_named_with_its_place(write_yaml, line_of, where, keys, pointer, expected):
    parts = {"operation": {}, "parameter": {}, "property": {}} | {where: keys}
    path = write_yaml(_deprecation_spec(parts["operation"], parts["parameter"], parts["property"]))

    finding = only(lint.check_deprecations(parse(path)), lint.DEPRECATION_RULE)

    assert finding.pointer == "#" + pointer
    key = pointer.rpartition("/")[2]
    assert finding.line == line_of(path, f"{key}:")
    assert expected in finding.message


def test_an_unquoted_sunset_date_is_read_as_text(tmp_path):
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: 1.0.0}\npaths:\n  /x:\n    get:\n      operationId: x\n"
        "      deprecated: true\n      x-sunset: 2027-06-30\n      responses: {'200': {description: OK}}\n",
        encoding="utf-8",
    )
    assert lint.check_deprecations(parse(spec)) == []
