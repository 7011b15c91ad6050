# Copied from overrides/runtime/testing/_spec.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/testing/_spec.py, then run `nox -s generate`.
"""The spec the wheel was generated from (`openapi.json` beside this module), its operations, and request validation.

Validation uses jsonschema (the `testing` extra) with the spec's own schemas: path and query parameters are
read from their strings by their schema's type, then checked against it; a JSON body is checked against its
request schema, and a field the schema does not name (nor one of its `x-wire-aliases`) is refused.

Numbers are checked against a range as well as a type, wherever they come from: an integer against its
`format` (`int32`, or `int64` for one the spec gives no format), a number (the spec's `decimal` amounts) to
an absolute value below 10**15 with at most 12 decimal places, since the document gives no range and
`1e999999` is no amount. A body nested deeper than 32 levels is refused before it is walked.
"""

from __future__ import annotations

import decimal
import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

from .._json import loads

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = ["SPEC_FILE", "Operation", "Spec", "ValidationFailedError", "load_spec"]

SPEC_FILE: Final = "openapi.json"
_SPEC_URI: Final = "urn:iqm-finance-client:openapi"
_METHODS: Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_INTEGER: Final = re.compile(r"[+-]?[0-9]+")
_INTEGER_BITS: Final = {"int32": 32, "int64": 64}
# The document gives amounts no range; these bound what the fake takes, well past any real amount.
NUMBER_MAX_DIGITS: Final = 15
NUMBER_MAX_PLACES: Final = 12
MAX_BODY_DEPTH: Final = 32
# Longer digit strings are out of every range; int() of them costs time (and past 4300 digits raises).
_MAX_DIGITS: Final = 40
_MAX_MESSAGE: Final = 300
_EXTRA_HINT: Final = "iqm_finance_client.testing needs the `testing` extra: pip install 'iqm-finance-client[testing]'"


class ValidationFailedError(Exception):
    """A request the spec does not allow; `errors` are the messages of the 422 body."""

    def __init__(self, errors: Sequence[str]) -> None:
        """Keep the messages."""
        super().__init__("; ".join(errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class Parameter:
    """One path or query parameter of an operation."""

    name: str
    location: str
    required: bool
    schema: Mapping[str, Any]
    pointer: str


@dataclass
class Operation:
    """One operation of the spec: where it lives, what it takes, which statuses it documents."""

    operation_id: str
    method: str
    path: str
    pattern: re.Pattern[str]
    parameters: list[Parameter]
    body_pointer: str | None
    body_required: bool
    body_fields: frozenset[str]
    statuses: frozenset[str]
    _validators: dict[str, Any] = field(default_factory=dict, repr=False)

    def documents(self, status: int) -> bool:
        """Whether the spec documents this status for the operation."""
        return str(status) in self.statuses


class Spec:
    """The operations of the spec, matched by method and path, and a validator for each request part."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        """Index the operations of `data` (the spec as JSON data) and prepare the schema registry."""
        try:
            import jsonschema  # noqa: PLC0415 -- the `testing` extra, loaded only when a fake is made
            from referencing import Registry, Resource  # noqa: PLC0415
            from referencing.jsonschema import DRAFT202012  # noqa: PLC0415
        except ImportError as error:  # pragma: no cover -- the extra is installed wherever the tests run
            raise ImportError(_EXTRA_HINT) from error
        self.data = data
        self.version = str(data.get("info", {}).get("version", ""))
        resource = Resource.from_contents(dict(data), default_specification=DRAFT202012)
        self._registry = Registry().with_resource(_SPEC_URI, resource)
        self._jsonschema = jsonschema
        base = jsonschema.Draft202012Validator
        self._validator_class = jsonschema.validators.extend(base, {"type": _ranged(base.VALIDATORS["type"])})
        self._format_checker = jsonschema.FormatChecker()
        self.operations: dict[str, Operation] = {}
        for path, item in data.get("paths", {}).items():
            for method in _METHODS:
                if method in item:
                    operation = self._operation(path, method, item)
                    self.operations[operation.operation_id] = operation

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        """Find the operation of a request: the one whose path template matches, and the path parameters."""
        for operation in self.operations.values():
            if operation.method == method.upper():
                found = operation.pattern.fullmatch(path)
                if found:
                    return operation, found.groupdict()
        return None

    def path_allows(self, path: str) -> list[str]:
        """List the methods the spec has for a path (for a 405), empty when no path template matches."""
        return sorted({op.method for op in self.operations.values() if op.pattern.fullmatch(path)})

    def read_parameters(
        self, operation: Operation, path_values: Mapping[str, str], query: Sequence[tuple[str, str]]
    ) -> dict[str, Any]:
        """Read and check the path and query parameters; raise `ValidationFailedError` with every problem."""
        errors: list[str] = []
        given: dict[str, str] = {}
        for name, value in query:
            if name in given:
                errors.append(f"query parameter {name!r} is given more than once")
            given[name] = value
        known = {p.name for p in operation.parameters if p.location == "query"}
        errors.extend(f"unknown query parameter {name!r}" for name in given if name not in known)
        values: dict[str, Any] = {}
        for parameter in operation.parameters:
            source = path_values if parameter.location == "path" else given
            raw = source.get(parameter.name)
            if raw is None:
                if parameter.required:
                    errors.append(f"{parameter.location} parameter {parameter.name!r} is required")
                continue
            if _INTEGER.fullmatch(raw) and len(raw.lstrip("+-")) > _MAX_DIGITS:
                errors.append(f"{parameter.location} parameter {parameter.name!r}: {_shown(raw)} is out of range")
                continue
            read = _coerce(raw, parameter.schema)
            problems = self._problems(parameter.pointer, read)
            if problems:
                errors.extend(f"{parameter.location} parameter {parameter.name!r}: {problem}" for problem in problems)
            else:
                values[parameter.name] = read
        if errors:
            raise ValidationFailedError(errors)
        return values

    def read_body(self, operation: Operation, content: bytes) -> dict[str, Any] | None:
        """Decode and check the JSON body; None when the operation takes none and none came."""
        if operation.body_pointer is None:
            if content.strip():
                raise ValidationFailedError(["this operation takes no request body"])
            return None
        if not content.strip():
            if operation.body_required:
                raise ValidationFailedError(["the request body is required"])
            return None
        try:
            body = loads(content)
        except ValueError as error:
            raise ValidationFailedError([f"the request body is not JSON: {error}"]) from None
        if _depth(body) > MAX_BODY_DEPTH:
            raise ValidationFailedError([f"the request body is nested deeper than {MAX_BODY_DEPTH} levels"])
        errors = [f"body: {problem}" for problem in self._problems(operation.body_pointer, body)]
        if isinstance(body, dict):
            errors.extend(f"body: unknown field {name!r}" for name in body if name not in operation.body_fields)
        if errors:
            raise ValidationFailedError(errors)
        return body if isinstance(body, dict) else None

    def _problems(self, pointer: str, value: object) -> list[str]:
        """Check `value` against the schema at `pointer` in the spec; return the messages, best first."""
        validator = self._validator(pointer)
        found = sorted(validator.iter_errors(value), key=lambda error: list(error.absolute_path))
        return [_message(error) for error in found]

    @functools.cache  # noqa: B019 -- one Spec per process (load_spec is cached), so the cache lives as long anyway
    def _validator(self, pointer: str) -> Any:  # noqa: ANN401 -- a jsonschema validator
        """Return the Draft 2020-12 validator of the schema at `pointer`, references resolved within the spec."""
        schema = {"$ref": f"{_SPEC_URI}#{pointer}"}
        return self._validator_class(schema, registry=self._registry, format_checker=self._format_checker)

    def _operation(self, path: str, method: str, item: Mapping[str, Any]) -> Operation:
        """Build the Operation of `method` at `path`."""
        raw = item[method]
        base = f"/paths/{_escape(path)}/{method}"
        parameters = []
        for index, declared in enumerate([*item.get("parameters", []), *raw.get("parameters", [])]):
            parameter, pointer = self._resolve(declared, f"{base}/parameters/{index}")
            parameters.append(
                Parameter(
                    name=parameter["name"],
                    location=parameter["in"],
                    required=bool(parameter.get("required", False)),
                    schema=self._resolve(parameter.get("schema", {}), f"{pointer}/schema")[0],
                    pointer=f"{pointer}/schema",
                )
            )
        body_pointer = None
        body_required = False
        body_fields: frozenset[str] = frozenset()
        if "requestBody" in raw:
            body, pointer = self._resolve(raw["requestBody"], f"{base}/requestBody")
            body_required = bool(body.get("required", False))
            if "application/json" in body.get("content", {}):
                body_pointer = f"{pointer}/content/application~1json/schema"
                schema = self._resolve(body["content"]["application/json"].get("schema", {}), body_pointer)[0]
                body_fields = frozenset(self._field_names(schema))
        regex = re.sub(r"\\\{([A-Za-z_][A-Za-z0-9_]*)\\\}", r"(?P<\1>[^/]+)", re.escape(path))
        return Operation(
            operation_id=raw["operationId"],
            method=method.upper(),
            path=path,
            pattern=re.compile(regex),
            parameters=parameters,
            body_pointer=body_pointer,
            body_required=body_required,
            body_fields=body_fields,
            statuses=frozenset(str(status) for status in raw.get("responses", {})),
        )

    def _field_names(self, schema: Mapping[str, Any]) -> set[str]:
        """List the wire names an object schema takes: its properties (through allOf) and their `x-wire-aliases`."""
        names: set[str] = set()
        for name, prop in schema.get("properties", {}).items():
            names.add(name)
            names.update(prop.get("x-wire-aliases", []))
        for part in schema.get("allOf", []):
            names |= self._field_names(self._resolve(part, "")[0])
        return names

    def _resolve(self, node: Mapping[str, Any], pointer: str) -> tuple[Mapping[str, Any], str]:
        """Follow a local `$ref`; return the node it names and that node's pointer."""
        while "$ref" in node and str(node["$ref"]).startswith("#/"):
            pointer = str(node["$ref"])[1:]
            target: Any = self.data
            for part in pointer.strip("/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node, pointer


def _coerce(raw: str, schema: Mapping[str, Any]) -> object:
    """Read a parameter's string as its schema's type; leave it a string when it does not read as one."""
    kind = schema.get("type")
    if kind == "integer" and _INTEGER.fullmatch(raw):
        return int(raw)
    if kind == "boolean" and raw in {"true", "false"}:
        return raw == "true"
    if kind == "number":
        try:
            read = int(raw) if _INTEGER.fullmatch(raw) else loads(raw)
        except ValueError:
            return raw
        # Only a number is read as one: `[[...]]` stays the string it came as, and fails the type check.
        return read if isinstance(read, (int, decimal.Decimal)) and not isinstance(read, bool) else raw
    return raw


def _message(error: Any) -> str:  # noqa: ANN401 -- a jsonschema ValidationError
    """One validation error as `at /path: message`, the message cut short (it may quote a huge value)."""
    place = "/".join(str(part) for part in error.absolute_path)
    text = str(error.message)
    text = text if len(text) <= _MAX_MESSAGE else f"{text[:_MAX_MESSAGE]}..."
    return f"at /{place}: {text}" if place else text


def _ranged(check_type: Any) -> Any:  # noqa: ANN401 -- jsonschema's keyword functions are untyped
    """Wrap jsonschema's `type` keyword so that a number of the right type must also be in its range."""

    def check(validator: Any, types: Any, instance: object, schema: Mapping[str, Any]) -> Any:  # noqa: ANN401
        yield from check_type(validator, types, instance, schema)
        problem = _out_of_range(instance, schema, [types] if isinstance(types, str) else list(types))
        if problem is not None:
            from jsonschema.exceptions import ValidationError  # noqa: PLC0415 -- the `testing` extra

            yield ValidationError(problem)

    return check


def _out_of_range(instance: object, schema: Mapping[str, Any], types: list[str]) -> str | None:
    """Say why a number is outside its schema's range (see the module docstring), or None."""
    if isinstance(instance, bool) or not isinstance(instance, (int, decimal.Decimal)):
        return None
    if "integer" in types and isinstance(instance, int):
        kind = str(schema.get("format", "int64"))
        kind = kind if kind in _INTEGER_BITS else "int64"
        half = 2 ** (_INTEGER_BITS[kind] - 1)
        return None if -half <= instance < half else f"{_shown(str(instance))} is outside the {kind} range"
    return _number_problem(decimal.Decimal(instance)) if "number" in types else None


def _number_problem(number: decimal.Decimal) -> str | None:
    """Say why a number is not one the fake takes (too large, too many decimal places), or None."""
    if not number:
        return None
    if not number.is_finite() or number.adjusted() >= NUMBER_MAX_DIGITS:
        limit = f"1e{NUMBER_MAX_DIGITS}"
        return f"{_shown(str(number))} is outside the range the fake takes (absolute value below {limit})"
    _, digits, exponent = number.as_tuple()
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if -(int(exponent) + trailing_zeros) > NUMBER_MAX_PLACES:
        return f"{_shown(str(number))} has more than {NUMBER_MAX_PLACES} decimal places"
    return None


def _shown(text: str) -> str:
    """Quote a number for a message: its first digits and its length when long."""
    return text if len(text) <= _MAX_DIGITS else f"{text[:12]}... ({len(text)} characters)"


def _depth(value: object) -> int:
    """How deeply lists and objects nest in decoded JSON, walked without recursion (and stopping past the limit)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if deepest > MAX_BODY_DEPTH:
                break
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _escape(segment: str) -> str:
    """Escape one JSON pointer segment."""
    return segment.replace("~", "~0").replace("/", "~1")


@functools.cache
def load_spec() -> Spec:
    """Read the spec shipped in this package (`openapi.json`), once per process."""
    text = resources.files(__package__ or "iqm_finance_client.testing").joinpath(SPEC_FILE).read_text("utf-8")
    return Spec(json.loads(text))
