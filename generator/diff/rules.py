"""Every rule of the diff in one table: its id, the bump it needs, the view that finds it, and what it means.

A rule's level fixes the verdict of every change of it: `major` (breaking: code that worked with the old wheel can
fail with the new one, or the server may reject what the old client sent), `minor` (new, compatible), `patch`
(documentation, or the package's code changed behind the same public names). The README's rule list is this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Mapping

Bump = Literal["major", "minor", "patch", "none"]
Level = Literal["major", "minor", "patch"]
View = Literal["http", "python"]


@dataclass(frozen=True)
class Rule:
    """A kind of change: its level, what it means for a user of the wheel, and the view that finds it."""

    level: Level
    meaning: str
    view: View = "http"


def Py(level: Level, meaning: str) -> Rule:  # noqa: N802 - reads as the table's other constructor
    """Return a rule of the Python view."""
    return Rule(level, meaning, "python")


RULES: Mapping[str, Rule] = {
    # Operations.
    "operation-added": Rule("minor", "a new operation: a new module and functions"),
    "operation-removed": Rule("major", "the operation's module and functions are gone"),
    "operation-moved": Rule("major", "same operationId at another method or path: the old wheel calls the old one"),
    "operation-id-changed": Rule("major", "the Python module and functions are renamed"),
    "operation-tag-changed": Rule("major", "the first tag names the package the module is in: its import path moves"),
    "operation-deprecated": Rule("minor", "the operation is deprecated"),
    "operation-undeprecated": Rule("patch", "the operation is no longer deprecated"),
    # Parameters (path, query, header, cookie).
    "parameter-added-required": Rule("major", "a new required argument: old calls miss it"),
    "parameter-added-optional": Rule("minor", "a new optional keyword argument"),
    "parameter-removed": Rule("major", "the keyword argument is gone"),
    "parameter-made-required": Rule("major", "calls that left it out now fail"),
    "parameter-made-optional": Rule("minor", "the argument may now be left out"),
    "parameter-retyped": Rule("major", "the argument's type changed"),
    "parameter-widened": Rule("minor", "the argument accepts more: a wider type, null, or no more enum"),
    "parameter-default-changed": Rule("minor", "a call that leaves the argument out sends another value"),
    "parameter-deprecated": Rule("minor", "the parameter is deprecated"),
    "parameter-undeprecated": Rule("patch", "the parameter is no longer deprecated"),
    "parameter-serialization-changed": Rule("major", "style or explode changed: the server reads the old form"),
    # Request bodies.
    "request-body-added-required": Rule("major", "a new required `body` argument"),
    "request-body-added-optional": Rule("minor", "a new optional `body` argument"),
    "request-body-removed": Rule("major", "the `body` argument is gone"),
    "request-body-made-required": Rule("major", "calls without a body now fail"),
    "request-body-made-optional": Rule("minor", "the body may now be left out"),
    "request-body-retyped": Rule("major", "the body's type changed"),
    "request-body-widened": Rule("minor", "the body accepts more: a wider type, null, or no more enum"),
    "request-media-type-added": Rule("minor", "the operation accepts another media type"),
    "request-media-type-removed": Rule("major", "the server no longer accepts a media type the client may send"),
    # Request properties.
    "request-property-added-required": Rule("major", "a new required model attribute: old constructor calls fail"),
    "request-property-added-optional": Rule("minor", "a new optional model attribute"),
    "request-property-removed": Rule("major", "the model attribute is gone"),
    "request-property-retyped": Rule("major", "the model attribute's type changed"),
    "request-property-widened": Rule("minor", "the model attribute accepts more (a wider type, no more enum)"),
    "request-property-made-required": Rule("major", "constructor calls that left it out now fail"),
    "request-property-made-optional": Rule("minor", "the attribute may now be left out"),
    "request-property-made-nullable": Rule("minor", "the attribute also accepts None"),
    "request-property-made-non-nullable": Rule("major", "the server rejects the None old clients may send"),
    # Responses.
    "response-status-added": Rule("minor", "the operation documents another status code"),
    "response-success-status-removed": Rule("major", "a success response the client decodes is gone"),
    "response-error-status-removed": Rule("minor", "an error response is no longer documented"),
    "response-media-type-added": Rule("minor", "a response comes in another media type too"),
    "response-media-type-removed": Rule("major", "a response no longer comes in a media type the client reads"),
    "response-body-retyped": Rule("major", "what the call returns has another type"),
    "response-body-narrowed": Rule("minor", "what the call returns holds fewer types (never null, an enum)"),
    # Response headers (what `*_detailed(...).headers` and `with_raw_response` read).
    "response-header-added": Rule("minor", "a response documents another header"),
    "response-header-removed": Rule("major", "a required response header is gone: code reading it fails"),
    "response-optional-header-removed": Rule("minor", "an optional response header is no longer documented"),
    "response-header-made-optional": Rule("major", "a response header may now be missing"),
    "response-header-made-required": Rule("minor", "a response header is now always sent"),
    "response-header-retyped": Rule("major", "a response header's value has another type"),
    "response-header-narrowed": Rule("minor", "a response header's value holds fewer types"),
    # Response properties.
    "response-property-added": Rule("minor", "a new attribute on a returned model"),
    "response-property-removed": Rule("major", "the attribute of a returned model is gone"),
    "response-property-retyped": Rule("major", "the attribute of a returned model has another type"),
    "response-property-narrowed": Rule("minor", "the attribute of a returned model holds fewer types"),
    "response-property-made-optional": Rule("major", "the attribute may now be UNSET"),
    "response-property-made-required": Rule("minor", "the attribute is now always present"),
    "response-property-made-nullable": Rule("major", "the attribute may now be None"),
    "response-property-made-non-nullable": Rule("minor", "the attribute is never None any more"),
    # Enums.
    "enum-value-added-request": Rule("minor", "a new enum member a client may send"),
    "enum-value-removed-request": Rule("major", "the server rejects a value old clients send; the member is gone"),
    "enum-value-added-response": Rule("minor", "a new enum member (open enums decode unknown values anyway)"),
    "enum-value-removed-response": Rule("major", "the enum member is gone from the Python enum"),
    # Defaults, constraints, objects.
    "property-default-changed": Rule("minor", "the attribute's default value changed"),
    "request-constraint-tightened": Rule("major", "the server may reject a value old clients send"),
    "request-constraint-relaxed": Rule("minor", "the server accepts more values"),
    "request-constraint-changed": Rule(
        "major",
        "a request constraint changed and whether it accepts less cannot be told (two unrelated patterns or formats):"
        " taken as breaking, since the server may refuse a value the old one accepted",
    ),
    "response-constraint-changed": Rule("patch", "a documented bound of a returned value changed"),
    "additional-properties-forbidden": Rule("major", "unknown keys are refused; `additional_properties` is gone"),
    "additional-properties-allowed": Rule("minor", "unknown keys are accepted and kept in `additional_properties`"),
    # Unions (oneOf/anyOf; a schema that is not one is a union of one) and their discriminator.
    "alternative-added-request": Rule("minor", "a request value may take another shape"),
    "alternative-removed-request": Rule("major", "the server refuses a shape old clients may send"),
    "alternative-added-response": Rule("major", "a response may come in a shape the old client cannot decode"),
    "alternative-removed-response": Rule("minor", "a response no longer comes in one of its shapes"),
    "discriminator-changed": Rule("major", "the discriminator's property, or a value it mapped, changed or is gone"),
    "discriminator-added": Rule("minor", "a union gains a discriminator; its members are unchanged"),
    "discriminator-mapping-added": Rule("minor", "the discriminator maps another value"),
    # readOnly and writeOnly.
    "request-property-made-read-only": Rule("major", "the server ignores what old clients send in the attribute"),
    "response-property-made-write-only": Rule("major", "the server no longer returns the attribute"),
    "property-access-relaxed": Rule("minor", "readOnly dropped in a request, or writeOnly in a response"),
    "request-read-only-property-changed": Rule("minor", "a readOnly property of a request (the server ignores it)"),
    "response-write-only-property-changed": Rule("minor", "a writeOnly property of a response (it is never returned)"),
    # Python hints of the templates.
    "python-name-hint-changed": Rule("major", "x-python-name or x-enum-varnames renames a Python name"),
    "python-type-hint-changed": Rule("major", "x-money, x-timestamp or x-python-type retypes an attribute"),
    "wire-aliases-hint-changed": Rule("minor", "x-wire-aliases: the attribute is sent and read under other names"),
    "schema-title-changed": Rule("major", "the title names the generated class: it is renamed"),
    # Security.
    "security-requirement-added": Rule("minor", "another way to authenticate is accepted"),
    "security-requirement-removed": Rule("major", "a way of authenticating old clients use is refused"),
    "security-requirement-relaxed": Rule(
        "minor", "a requirement is dropped and an easier one accepted: every old call still succeeds"
    ),
    "security-scheme-changed": Rule("major", "a security scheme is sent differently"),
    # Documentation.
    "description-changed": Rule("patch", "a description, summary or title (documentation only)"),
    "example-changed": Rule("patch", "an example (documentation only)"),
    "property-deprecated": Rule("minor", "the property is deprecated"),
    "property-undeprecated": Rule("patch", "the property is no longer deprecated"),
    "servers-changed": Rule("patch", "the documented servers (the client's base URL is configured, not generated)"),
    # Webhooks (3.1): the client generates nothing for them; a receiver's parser may need a change.
    "webhook-added": Rule("minor", "the API documents another webhook"),
    "webhook-removed": Rule("minor", "a webhook is no longer documented (the client generates nothing for it)"),
    "webhook-changed": Rule("minor", "a webhook's operation changed (the client generates nothing for it)"),
    # Dated deprecations (`x-sunset`, `x-replaced-by`).
    "sunset-changed": Rule("patch", "the sunset date (or the replacement) announced for a deprecated part changed"),
    # The Python view (python_view.py): the public surface of the package.
    "python-code-changed": Py("patch", "the package's code changed (same spec, same public names): a fix or speed-up"),
    "python-module-added": Py("minor", "a new endpoint module"),
    "python-module-removed": Py("major", "an endpoint module is gone: its import fails"),
    "python-function-added": Py("minor", "a new public function in an endpoint module"),
    "python-function-removed": Py("major", "a public function is gone"),
    "python-parameter-added": Py("minor", "a new argument with a default"),
    "python-parameter-added-required": Py("major", "a new argument without a default: old calls miss it"),
    "python-parameter-removed": Py("major", "an argument is gone: calls passing it fail"),
    "python-parameter-retyped": Py("major", "an argument's annotation changed to one that is not wider"),
    "python-parameter-widened": Py("minor", "an argument accepts more types than before"),
    "python-parameter-made-required": Py("major", "an argument lost its default"),
    "python-parameter-made-optional": Py("minor", "an argument got a default"),
    "python-parameter-default-changed": Py("minor", "an argument's default value changed"),
    "python-parameter-moved": Py("major", "the positional arguments changed order or kind"),
    "python-return-retyped": Py("major", "a function returns a type that is not narrower"),
    "python-return-narrowed": Py("minor", "a function returns fewer types than before"),
    "python-class-added": Py("minor", "a new model or enum class"),
    "python-class-removed": Py("major", "a model or enum class is gone: its import fails"),
    "python-class-kind-changed": Py("major", "a model became an enum, or the other way round"),
    "python-attribute-added": Py("minor", "a new attribute (with a default, or on a model the client returns)"),
    "python-attribute-added-required": Py("major", "a new attribute without a default on a model callers build"),
    "python-attribute-removed": Py("major", "an attribute is gone"),
    "python-attribute-retyped": Py("major", "an attribute's annotation changed incompatibly for its use"),
    "python-attribute-widened": Py("minor", "an attribute of a model callers build accepts more types"),
    "python-attribute-narrowed": Py("minor", "an attribute of a model the client returns holds fewer types"),
    "python-attribute-made-required": Py("major", "an attribute of a model callers build lost its default"),
    "python-attribute-made-optional": Py("minor", "an attribute of a model callers build got a default"),
    "python-attribute-default-changed": Py("minor", "an attribute's default value changed"),
    "python-enum-member-added": Py("minor", "a new enum member"),
    "python-enum-member-removed": Py("major", "an enum member is gone"),
    "python-enum-member-revalued": Py("major", "an enum member stands for another value"),
    # The rest of the package: `Client`, `errors`, `types`, the package `__init__` and the other public modules.
    "python-name-added": Py("minor", "a new public name in a public module (a new export)"),
    "python-name-removed": Py("major", "a public name is gone: `from module import name` fails"),
    "python-name-kind-changed": Py("major", "a public name is now another kind of thing (class, function, value)"),
    "python-name-retyped": Py("major", "a public value has another type (its annotation, or the class making it)"),
    "python-value-changed": Py("minor", "a public value of the same type has another value"),
    "python-method-added": Py("minor", "a new public method (or protocol method) on a class"),
    "python-method-removed": Py("major", "a public method of a class is gone: calls to it fail"),
    "python-class-base-added": Py("minor", "a class derives from another base too"),
    "python-class-base-removed": Py("major", "a class lost a base: `isinstance` and `except Base` miss it"),
}
HTTP_RULES: Mapping[str, Rule] = {rule: value for rule, value in RULES.items() if value.view == "http"}
PYTHON_RULES: Mapping[str, Rule] = {rule: value for rule, value in RULES.items() if value.view == "python"}
