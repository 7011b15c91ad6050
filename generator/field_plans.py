"""Per-field plans: what the model and resource templates print for each property, worked out here in Python.

openapi-python-client gives the templates a model's properties; whether a property carries a wire hint is in
its raw schema (the model's own `properties` or those of its inline `allOf` parts). A plan reads those once
per model, picks the property's kind from `generator.wire_hints.KINDS`, and spells out the code the templates
print: the attribute's declaration and docstring type, the argument a constructor or resource method takes,
the decode and encode lines, the check `to_dict` makes and the check `from_dict` makes of a plain value. The
templates only print these strings (openapi-python-client's `parser/properties/*.py` classes are the model:
each property type knows its own code). Every name printed from the spec is either checked (`x-python-name`
must be an identifier) or printed by the templates as an escaped string literal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from openapi_python_client.parser.properties import EnumProperty, ModelProperty
from openapi_python_client.parser.properties.boolean import BooleanProperty
from openapi_python_client.parser.properties.date import DateProperty
from openapi_python_client.parser.properties.datetime import DateTimeProperty
from openapi_python_client.parser.properties.int import IntProperty
from openapi_python_client.parser.properties.list_property import ListProperty
from openapi_python_client.parser.properties.string import StringProperty
from openapi_python_client.parser.properties.union import UnionProperty

from generator import prepare, wire_hints

if TYPE_CHECKING:
    from collections.abc import Mapping

    from openapi_python_client.parser.properties import Property

    from generator.wire_hints import WireKind

# The plain type strings of a string property that may be null (`_checks.expect_optional_str`, `"str"` check).
_OPTIONAL_STR = ("None | str", "str | None")


@dataclass(frozen=True)
class FieldPlan:
    """What the templates print for one property of one model (the names of `to_dict`'s locals are `variable`'s)."""

    prop: Property  # upstream's property
    name: str  # the wire name
    python_name: str  # the attribute's name and the constructor's keyword (`x-python-name`, else upstream's)
    variable: str  # upstream's python_name, the local variable of `from_dict` and `to_dict`
    kind: WireKind | None
    renamed: bool  # an `x-python-name` hint names the attribute
    aliases: tuple[str, ...]  # `x-wire-aliases`: further wire names
    nullable: bool
    annotation: str  # the attribute's type
    argument_type: str  # what the constructor's converter and a resource method's argument take
    declaration: str  # the attrs field declaration
    converter: str  # the name of the field's converter function ('' for none)
    converter_source: str  # its definition
    decode_check: str  # `_checks.expect_*` that `from_dict` reads a plain value through ('' for none)
    field_check: str  # the `_checks.field(...)` call of `to_dict` ('' for none)
    deprecation: str  # the `_deprecations.read` arguments of a deprecated attribute ('' for none)

    @property
    def kind_name(self) -> str:
        """The kind the runtime's fast decode is told (`_wire.describe`), '' for none."""
        return self.kind.name if self.kind else ""

    def argument_declaration(self, name: str) -> str:
        """Return a resource method's keyword argument for this field, called `name`."""
        if self.kind:
            return f"{name}: {self.argument_type}" + ("" if self.prop.required else " = UNSET")
        return _code(self.prop.to_string()).replace(f"{self.variable}:", f"{name}:", 1)

    def construct(self, source: str) -> str:
        """`from_dict`'s lines for a field with a kind: read the wire value from `source`, decode it into `variable`."""
        if self.kind is None:
            message = f"{self.name}: only a field with a kind is decoded by its plan"
            raise ValueError(message)
        wire = f"{self.variable}_wire"
        decoded = f"{self.kind.decode}({wire})"
        if self.nullable:
            decoded = f"None if {wire} is None else {decoded}"
        if self.prop.required:
            return f"{wire} = {source}\n{self.variable} = {decoded}"
        return f"{wire} = {source}\n{self.variable} = UNSET if isinstance({wire}, Unset) else {decoded}"

    def transform(self, source: str) -> str:
        """`to_dict`'s lines for a field with a kind: encode `source` into `variable` (a string wire gets digits)."""
        if self.kind is None:
            message = f"{self.name}: only a field with a kind is encoded by its plan"
            raise ValueError(message)
        encode = self.kind.encode
        if encode is None and _code(self.prop.get_type_string(json=True)).startswith("str"):
            encode = self.kind.encode_to_string
        if encode is None:
            return f"{self.variable} = {source}"
        if self.prop.required:
            return f"{self.variable} = {encode}({source})"
        encoded = f"    {self.variable} = {encode}({source})"
        return f"{self.variable}: Any = UNSET\nif not isinstance({source}, Unset):\n{encoded}"


@dataclass(frozen=True)
class ModelPlan:
    """The plans of a model's properties, required ones first, as the templates list them."""

    fields: tuple[FieldPlan, ...]
    _by_name: dict[str, FieldPlan] = field(repr=False)

    def __getitem__(self, name: object) -> FieldPlan:
        """Return the plan of the property with this wire name."""
        return self._by_name[_plain(name)]

    @property
    def converted(self) -> tuple[FieldPlan, ...]:
        """The fields whose attrs field converts its value (money), each needing its named converter function."""
        return tuple(plan for plan in self.fields if plan.converter)


class FieldPlans:
    """The plans of one rendering, made once per model and kept (the templates ask for a model's plan often)."""

    def __init__(self) -> None:
        """Start with no plans."""
        self._plans: dict[int, tuple[ModelProperty, ModelPlan]] = {}

    def __call__(self, model: ModelProperty) -> ModelPlan:
        """Return the templates' `wire_plan(model)`: the plan of a model (openapi-python-client's ModelProperty)."""
        # Keyed by identity, the model kept alive beside it: upstream's ModelProperty is not hashable.
        found = self._plans.get(id(model))
        if found is None:
            found = self._plans[id(model)] = (model, plan_model(model))
        return found[1]


def plan_model(model: ModelProperty) -> ModelPlan:
    """Work out the plan of each property of a model, from its raw schemas' hints."""
    raw_sets = _raw_property_sets(model)
    plans = []
    for prop in (model.required_properties or []) + (model.optional_properties or []):
        raws = [properties[prop.name] for properties in raw_sets if prop.name in properties]
        plans.append(_plan_field(model.class_info.name, prop, raws))
    return ModelPlan(fields=tuple(plans), _by_name={plan.name: plan for plan in plans})


def _raw_property_sets(model: ModelProperty) -> list[Mapping[Any, Any]]:
    """Return the raw `properties` of a model: its own, then those of its inline `allOf` parts ($refs have none)."""
    sets: list[Mapping[Any, Any]] = [model.data.properties] if model.data.properties else []
    for part in model.data.allOf:
        properties = getattr(part, "properties", None)
        if properties:
            sets.append(properties)
    return sets


def _hints(raws: list[Any]) -> dict[str, object]:
    """Return the `x-` keys of a property's raw schemas, the first schema's value where two name one key."""
    found: dict[str, object] = {}
    for raw in raws:
        for key, value in (getattr(raw, "model_extra", None) or {}).items():
            found.setdefault(key, value)
    return found


def _plan_field(class_name: str, prop: Property, raws: list[Any]) -> FieldPlan:
    """Work out the plan of one property of the model `class_name`."""
    hints = _hints(raws)
    try:
        kind = wire_hints.kind_of(hints)
    except ValueError as error:
        message = f"{class_name}.{_plain(prop.name)}: {error}"
        raise ValueError(message) from None
    renamed = bool(hints.get(wire_hints.PYTHON_NAME_HINT))
    python_name = str(hints[wire_hints.PYTHON_NAME_HINT]) if renamed else str(prop.python_name)
    if renamed and not wire_hints.is_python_name(python_name):
        message = f"{class_name}.{_plain(prop.name)}: x-python-name {python_name!r} is not a snake_case identifier"
        raise ValueError(message)
    aliases = hints.get(wire_hints.WIRE_ALIASES_HINT) or []
    if aliases and not wire_hints.is_wire_aliases(aliases):
        message = f"{class_name}.{_plain(prop.name)}: x-wire-aliases must be a non-empty list of property names"
        raise ValueError(message)
    nullable = "None" in _code(prop.get_type_string())
    unset = "" if prop.required else " | Unset"
    none = " | None" if nullable else ""
    if kind:
        annotation = f"{kind.python_type}{none}{unset}"
        argument_type = f"{kind.argument_type}{none}{unset}"
    else:
        annotation = argument_type = _code(prop.get_type_string())
    converter = f"_{python_name}_{kind.name}" if kind and kind.converter else ""
    return FieldPlan(
        prop=prop,
        name=_plain(prop.name),
        python_name=python_name,
        variable=str(prop.python_name),
        kind=kind,
        renamed=renamed,
        aliases=tuple(str(alias) for alias in aliases) if isinstance(aliases, list) else (),
        nullable=nullable,
        annotation=annotation,
        argument_type=argument_type,
        declaration=_declaration(prop, kind, python_name, annotation, converter),
        converter=converter,
        converter_source=_converter_source(prop, kind, python_name, converter),
        decode_check="" if kind else _decode_check(prop),
        field_check=_field_check(prop, kind, python_name, nullable, raws),
        deprecation=_deprecation(class_name, python_name, raws),
    )


def _declaration(prop: Property, kind: WireKind | None, python_name: str, annotation: str, converter: str) -> str:
    """Return the attrs field declaration of the attribute."""
    if kind is None:
        return _code(prop.to_string()).replace(f"{prop.python_name}:", f"{python_name}:", 1)
    if converter:
        default = "" if prop.required else "default=UNSET, "
        return f"{python_name}: {annotation} = _attrs_field({default}converter={converter})"
    return f"{python_name}: {annotation}" + ("" if prop.required else " = UNSET")


def _converter_source(prop: Property, kind: WireKind | None, python_name: str, converter: str) -> str:
    """Return the named converter of an attrs field (mypy's attrs plugin reads only named ones), or ''."""
    if kind is None or not converter:
        return ""
    unset = "" if prop.required else " | Unset"
    function = kind.converter if prop.required else kind.optional_converter
    return (
        f"def {converter}(value: {kind.argument_type}{unset}) -> {kind.python_type}{unset}:\n"
        f'    return {function}(value, "{python_name}")\n'
    )


def parameter_check(parameter: Property) -> str:
    """Return what a path, query or header parameter must be before it is sent (`_checks.parameter`), or ''.

    A kind (`"int"`, `"bool"`, `"str"`) or an enum's class, by the property's class, as `_expected` does for a
    body field; the templates print it (`endpoint_macros.py.jinja`), they no longer dispatch on template names.
    """
    if isinstance(parameter, IntProperty):
        return '"int"'
    if isinstance(parameter, BooleanProperty):
        return '"bool"'
    if isinstance(parameter, EnumProperty):
        return str(parameter.class_info.name)
    if _code(parameter.get_type_string(no_optional=True)) == "str":
        return '"str"'
    return ""


def is_model(prop: Property) -> bool:
    """Tell whether a response's property is a model (decoded with `_endpoint.decode_model`), for the templates."""
    return isinstance(prop, ModelProperty)


def _decode_check(prop: Property) -> str:
    """Return the `_checks` function `from_dict` reads a plain value through (upstream takes it on trust), or ''."""
    suffix = "" if prop.required else "_or_unset"
    plain = _code(prop.get_type_string(no_optional=True))
    if isinstance(prop, IntProperty):
        return f"_checks.expect_int{suffix}"
    if isinstance(prop, BooleanProperty):
        return f"_checks.expect_bool{suffix}"
    if isinstance(prop, StringProperty):
        return f"_checks.expect_str{suffix}"
    if isinstance(prop, UnionProperty) and plain in _OPTIONAL_STR:
        return f"_checks.expect_optional_str{suffix}"
    return ""


def _expected(prop: Property, kind: WireKind | None) -> str:  # noqa: PLR0911 - one return per property type
    """Return what `to_dict` checks a field holds before sending it (`_checks.field`): a kind, a class, or ''."""
    if kind:
        return f'"{kind.check}"' if kind.check else ""
    if isinstance(prop, IntProperty):
        return '"int"'
    if isinstance(prop, BooleanProperty):
        return '"bool"'
    if isinstance(prop, DateProperty):
        return '"date"'
    if isinstance(prop, DateTimeProperty):
        return '"datetime"'
    if isinstance(prop, EnumProperty | ModelProperty):
        return str(prop.class_info.name)
    if isinstance(prop, ListProperty):
        return '"list"'
    if _code(prop.get_type_string(no_optional=True)) in ("str", *_OPTIONAL_STR):
        return '"str"'
    return ""


def _field_check(prop: Property, kind: WireKind | None, python_name: str, nullable: bool, raws: list[Any]) -> str:  # noqa: FBT001
    """`to_dict`'s `_checks.field(...)` call for the attribute, with an integer's bounds narrower than int64; or ''."""
    expected = _expected(prop, kind)
    if not expected:
        return ""
    call = f'_checks.field(self.{python_name}, "{python_name}", {expected}'
    if not prop.required:
        call += ", optional=True"
    if nullable:
        call += ", nullable=True"
    if expected in ('"int"', '"count"') and raws:
        call += prepare.integer_bounds(raws[0])
    return call + ")"


def _deprecation(class_name: str, python_name: str, raws: list[Any]) -> str:
    """Return the arguments of a deprecated attribute's warning (the first raw schema that deprecates it), or ''."""
    for raw in raws:
        arguments = prepare.deprecation_arguments("attribute", f"{class_name}.{python_name}", raw)
        if arguments:
            return arguments
    return ""


def _code(code: object) -> str:
    """Return the text of upstream's PythonCode (a type string or a declaration)."""
    unembedded = getattr(code, "as_unembedded_code", None)
    return str(unembedded() if callable(unembedded) else code)


def _plain(value: object) -> str:
    """Return the text of an UntrustedString (a wire name), to look it up and compare it; never printed as code."""
    unwrap = getattr(value, "get_untrusted_value", None)
    return str(unwrap() if callable(unwrap) else value)
