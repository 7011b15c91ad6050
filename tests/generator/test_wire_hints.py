"""generator/wire_hints.py and generator/field_plans.py: the one table of wire-hint kinds, the per-field plans the
templates print, lint's reading of the same table, and the runtime's fast decode agreeing with it."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData

from generator import ROOT, field_plans, wire_hints
from generator.lint.wire_hints import _wire_hint_problem

# The names a kind's python_type may use, as the generated modules import them.
TYPE_NAMESPACE = {"Decimal": Decimal, "datetime": dt, "int": int, "str": str}


# --- the table and the runtime -----------------------------------------------------------------------------------


def test_the_runtimes_kinds_are_the_generators_with_the_same_python_types():
    from iqm_finance_client import _wire  # noqa: PLC0415 - the generated package, imported from generated/

    generator_kinds = {kind.name: eval(kind.python_type, TYPE_NAMESPACE) for kind in wire_hints.KINDS}  # noqa: S307
    assert generator_kinds == dict(_wire.KINDS)


@pytest.mark.parametrize("kind", wire_hints.KINDS, ids=lambda kind: kind.name)
def test_every_function_a_kind_names_is_a_runtime_function(kind):
    named = [kind.decode, kind.encode, kind.encode_to_string, kind.converter, kind.optional_converter]
    for dotted in filter(None, named):
        module, _, function = dotted.partition(".")
        assert callable(getattr(importlib.import_module(f"iqm_finance_client.{module}"), function)), dotted


def test_every_model_registers_only_kinds_of_the_table():
    models = importlib.import_module("iqm_finance_client.models")
    from iqm_finance_client import _wire  # noqa: PLC0415

    for name in models.__all__:
        getattr(models, name)  # imports the model's module, which registers it
    # The generated models only: a test elsewhere may have registered a model of its own (tests/client/test_wire.py).
    generated = {
        model: fields for model, fields in _wire._DESCRIPTIONS.items() if model.__module__.startswith(models.__name__)
    }
    assert len(generated) >= len(models.__all__) // 2  # the package's models did register
    registered = {kind for fields in generated.values() for kind, *_ in fields.values()}
    assert registered <= {"", *(kind.name for kind in wire_hints.KINDS)}
    assert registered >= {kind.name for kind in wire_hints.KINDS}  # the spec uses every kind the table has


# --- choosing a kind ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hints", "expected"),
    [
        ({}, None),
        ({"x-money": True}, "money"),
        ({"x-timestamp": "epoch-seconds"}, "epoch-seconds"),
        ({"x-python-type": "str"}, "str"),
        ({"x-python-name": "days", "x-wire-aliases": ["a"]}, None),
        ({"x-python-type": "int", "x-money": True}, "money"),  # x-money is tried first
    ],
)
def test_a_propertys_hints_select_its_kind(hints, expected):
    kind = wire_hints.kind_of(hints)
    assert (kind.name if kind else None) == expected


@pytest.mark.parametrize(
    ("hints", "message"),
    [
        ({"x-money": 1}, "x-money must be `true` on a `type: number` schema, not 1"),
        ({"x-timestamp": "epoch-minutes"}, "x-timestamp must be one of epoch-milliseconds, epoch-seconds"),
        ({"x-python-type": "float"}, "x-python-type must be one of int, str, not 'float'"),
    ],
)
def test_a_hint_value_no_kind_has_is_refused_with_what_it_may_hold(hints, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(")):
        wire_hints.kind_of(hints)


# --- lint reads the same table -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", wire_hints.KINDS, ids=lambda kind: kind.name)
def test_lint_takes_each_kinds_hint_on_its_schema_type_and_refuses_it_elsewhere(kind):
    schema_type = kind.schema_type or "string"
    assert _wire_hint_problem(kind.hint, kind.value, {"type": schema_type}) is None
    assert _wire_hint_problem(kind.hint, kind.value, {"type": ["null", schema_type]}) is None
    if kind.schema_type:
        assert _wire_hint_problem(kind.hint, kind.value, {"type": "boolean"}) == wire_hints.hint_requirement(kind.hint)


def test_lint_refuses_a_value_the_table_does_not_have():
    assert _wire_hint_problem("x-timestamp", "epoch-minutes", {"type": "integer"}) == (
        "x-timestamp must be one of epoch-milliseconds, epoch-seconds on a `type: integer` schema"
    )
    assert _wire_hint_problem("x-money", 1, {"type": "number"}) == "x-money must be `true` on a `type: number` schema"


def test_a_kind_added_to_the_table_is_one_lint_takes(monkeypatch):
    kind = wire_hints.WireKind(
        name="uuid",
        hint="x-uuid",
        value=True,
        schema_type="string",
        python_type="uuid.UUID",
        argument_type="uuid.UUID",
        decode="_convert.uuid_from_json",
    )
    monkeypatch.setattr(wire_hints, "KINDS", (*wire_hints.KINDS, kind))
    monkeypatch.setattr(wire_hints, "KIND_HINTS", (*wire_hints.KIND_HINTS, "x-uuid"))
    assert _wire_hint_problem("x-uuid", kind.value, {"type": "string"}) is None
    refused = _wire_hint_problem("x-uuid", kind.value, {"type": "integer"})
    assert refused == "x-uuid must be `true` on a `type: string` schema"


# --- the per-field plans -----------------------------------------------------------------------------------------


def _models(schemas, tmp_path):
    """Parse a spec holding `schemas` with openapi-python-client as generate does; return its models by class name."""
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1.0.0"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    path = tmp_path / "openapi.json"
    path.write_text("{}", encoding="utf-8")
    config = Config.from_sources(ConfigFile(), MetaType.NONE, path, "utf-8", overwrite=False, output_path=tmp_path)
    data = GeneratorData.from_dict(spec, config=config)
    assert isinstance(data, GeneratorData), data
    return {model.class_info.name: model for model in data.models}


HINTED = {
    "Invoice": {
        "type": "object",
        "required": ["amount", "createdAt"],
        "properties": {
            "amount": {"type": "number", "x-money": True},
            "createdAt": {"type": "integer", "x-timestamp": "epoch-milliseconds"},
            "paymentTerm": {"type": "string", "x-python-type": "int", "x-python-name": "payment_term_days"},
            "count": {"type": "integer", "minimum": 1},
            "note": {"type": ["string", "null"], "x-wire-aliases": ["remark"]},
        },
    },
    # Hints on the properties of an inline allOf part count as on the model's own.
    "Envelope": {
        "allOf": [
            {"type": "object", "properties": {"success": {"type": "boolean"}}},
            {"type": "object", "required": ["data"], "properties": {"data": {"type": "number", "x-money": True}}},
        ]
    },
}


def test_a_money_field_is_a_decimal_taking_what_its_converter_takes(tmp_path):
    plan = field_plans.plan_model(_models(HINTED, tmp_path)["Invoice"])
    amount = plan["amount"]
    assert amount.kind_name == "money"
    assert amount.annotation == "Decimal"
    assert amount.argument_type == "Decimal | int | str"  # the resource method's argument: the converter's
    assert amount.declaration == "amount: Decimal = _attrs_field(converter=_amount_money)"
    assert amount.converter_source == (
        'def _amount_money(value: Decimal | int | str) -> Decimal:\n    return _fields.money(value, "amount")\n'
    )
    assert amount.field_check == ""  # the converter checked it
    assert amount.construct('d.pop("amount")') == (
        'amount_wire = d.pop("amount")\namount = _convert.decimal_from_json(amount_wire)'
    )
    assert amount.transform("self.amount") == "amount = self.amount"


def test_a_timestamp_field_decodes_and_encodes_its_epoch_counts(tmp_path):
    created = field_plans.plan_model(_models(HINTED, tmp_path)["Invoice"])["createdAt"]
    assert (created.python_name, created.variable) == ("created_at", "created_at")
    assert created.annotation == "datetime.datetime"
    assert created.construct("src") == (
        "created_at_wire = src\ncreated_at = _convert.datetime_from_epoch_milliseconds(created_at_wire)"
    )
    assert created.transform("self.created_at") == (
        "created_at = _convert.datetime_to_epoch_milliseconds(self.created_at)"
    )
    assert created.field_check == '_checks.field(self.created_at, "created_at", "datetime")'


def test_a_renamed_int_on_a_string_wire_goes_back_as_digits(tmp_path):
    term = field_plans.plan_model(_models(HINTED, tmp_path)["Invoice"])["paymentTerm"]
    assert (term.python_name, term.variable, term.renamed) == ("payment_term_days", "payment_term", True)
    assert term.annotation == term.argument_type == "int | Unset"
    assert term.declaration == "payment_term_days: int | Unset = UNSET"
    assert term.argument_declaration("body_payment_term_days") == "body_payment_term_days: int | Unset = UNSET"
    assert term.construct("src") == (
        "payment_term_wire = src\n"
        "payment_term = UNSET if isinstance(payment_term_wire, Unset)"
        " else _convert.int_from_int_or_digits(payment_term_wire)"
    )
    assert term.transform("self.payment_term_days") == (
        "payment_term: Any = UNSET\n"
        "if not isinstance(self.payment_term_days, Unset):\n"
        "    payment_term = _convert.int_to_digits(self.payment_term_days)"
    )
    assert term.field_check == '_checks.field(self.payment_term_days, "payment_term_days", "count", optional=True)'


def test_a_plain_field_keeps_upstreams_code_with_the_runtimes_checks(tmp_path):
    plan = field_plans.plan_model(_models(HINTED, tmp_path)["Invoice"])
    count, note = plan["count"], plan["note"]
    assert count.kind is None
    assert count.kind_name == ""
    assert count.declaration == "count: int | Unset = UNSET"
    assert count.decode_check == "_checks.expect_int_or_unset"
    assert count.field_check == '_checks.field(self.count, "count", "int", optional=True, minimum=1)'
    assert note.aliases == ("remark",)
    assert note.nullable
    assert note.decode_check == "_checks.expect_optional_str_or_unset"
    assert note.field_check == '_checks.field(self.note, "note", "str", optional=True, nullable=True)'
    with pytest.raises(ValueError, match="only a field with a kind"):
        count.construct("src")


def test_a_hint_in_an_allof_part_counts(tmp_path):
    plan = field_plans.plan_model(_models(HINTED, tmp_path)["Envelope"])
    assert [field.name for field in plan.fields] == ["data", "success"]
    assert plan["data"].kind_name == "money"
    assert plan.converted == (plan["data"],)


def test_plans_are_made_once_per_model(tmp_path):
    model = _models(HINTED, tmp_path)["Invoice"]
    plans = field_plans.FieldPlans()
    assert plans(model) is plans(model)


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"type": "string", "x-python-name": "x; import os"}, "x-python-name 'x; import os' is not a snake_case"),
        ({"type": "string", "x-wire-aliases": "remark"}, "x-wire-aliases must be a non-empty list"),
        ({"type": "integer", "x-timestamp": "epoch-minutes"}, "x-timestamp must be one of"),
    ],
)
def test_a_hint_the_templates_cannot_print_fails_the_plan_naming_the_field(tmp_path, schema, message):
    models = _models({"Thing": {"type": "object", "properties": {"name": schema}}}, tmp_path)
    with pytest.raises(ValueError, match=r"^Thing\.name: " + message.replace("(", r"\(")):
        field_plans.plan_model(models["Thing"])


def test_the_templates_hold_no_kind_table_of_their_own():
    templates = Path(ROOT / "overrides" / "templates")
    for path in templates.rglob("*.jinja"):
        text = path.read_text(encoding="utf-8")
        for kind in wire_hints.KINDS:
            assert kind.hint not in text, f"{path.name} reads {kind.hint} itself"
            assert kind.decode not in text, f"{path.name} names {kind.decode} itself"
        assert '== "True"' not in text, path.name
        # A property's kind comes from its class in Python (field_plans), not from its upstream template's name.
        assert not re.search(r"\.template ==", text), f"{path.name} dispatches on a template file name"
