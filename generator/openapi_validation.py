"""OpenAPI 3.1 validation with openapi-spec-validator, every error at its place in the spec (lint and generate both).

Three passes: `$ref` cycles the validators would follow forever (checked first, here, since openapi-spec-validator
and jsonschema recurse until Python's stack runs out), the OpenAPI 3.1 JSON Schema over the whole document, then
openapi-spec-validator's semantic checks (schemas, defaults, path parameters, operationIds). The semantic checks read
the document as the schema describes it, so on a document the schema rejects they may trip over the rejected part
(`content: null`): that part is reported by the schema pass already, and the semantic pass stops there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote

from jsonschema.validators import validator_for
from jsonschema_specifications import REGISTRY as SPECIFICATIONS
from openapi_spec_validator import OpenAPIV31SpecValidator
from openapi_spec_validator.schemas import schema_v31
from openapi_spec_validator.validation import keywords
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from generator.problems import describe, one_line
from generator.spec_document import lookup, mapping, missing_part, ref_parts, refs, sequence, to_pointer

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence

    from jsonschema_path import SchemaPath

    from generator.spec_document import Part, Parts

_LOCATION = "lint_location"  # attribute put on openapi-spec-validator errors that lack an absolute place
# Keywords that apply a subschema to the same value: a cycle through only these never ends.
_IN_PLACE_LISTS = ("allOf", "anyOf", "oneOf")
_IN_PLACE_SCHEMAS = ("not", "if", "then", "else")


class Located(NamedTuple):
    """One thing wrong with the spec, at the place `parts` names."""

    parts: Parts
    message: str


def _located(errors: Iterable[Any], place: Sequence[Hashable]) -> Iterator[Any]:
    """Give each error without one the absolute place it was found at, so findings can name pointer and line."""
    for error in errors:
        # Plain jsonschema errors get rewrapped further up, losing attributes, so wrap them here first.
        located = error if isinstance(error, OpenAPIValidationError) else OpenAPIValidationError.create_from(error)
        if not hasattr(located, _LOCATION):
            setattr(located, _LOCATION, (*place, *located.relative_path))
        yield located


class _LocatingSchemaValidator(keywords.OpenAPIV31SchemaValidator):
    """Schema checks whose errors know the schema's place (the stock ones only know a place inside the schema)."""

    def __call__(self, schema: SchemaPath, *args: bool, **kwargs: bool) -> Iterator[Any]:
        """Check the schema as the stock validator does, placing each error under the schema."""
        yield from _located(super().__call__(schema, *args, **kwargs), schema.parts)


class _LocatingValueValidator(keywords.OpenAPIV31ValueValidator):
    """Default-value checks whose errors point into the schema's `default`."""

    def __call__(self, schema: SchemaPath, value: object) -> Iterator[Any]:
        """Check the default as the stock validator does, placing each error under `default`."""
        yield from _located(super().__call__(schema, value), (*schema.parts, "default"))


class _LocatingParametersValidator(keywords.ParametersValidator):
    """Parameter-list checks (duplicates) whose errors point at the list."""

    def __call__(self, parameters: SchemaPath) -> Iterator[Any]:
        """Check the parameters as the stock validator does, placing each error at the list."""
        yield from _located(super().__call__(parameters), parameters.parts)


class _LocatingOperationValidator(keywords.OperationValidator):
    """Operation checks (path parameters, duplicate operationIds) whose errors point at the operation."""

    def __call__(self, url: str, name: str, operation: SchemaPath, path_parameters: SchemaPath | None) -> Iterator[Any]:
        """Check the operation as the stock validator does, placing each error at the operation."""
        yield from _located(super().__call__(url, name, operation, path_parameters), operation.parts)


class _LocatingTagsValidator(keywords.TagsValidator):
    """Tag checks (duplicate names) whose errors point at the tag list."""

    def __call__(self, tags: SchemaPath) -> Iterator[Any]:
        """Check the tags as the stock validator does, placing each error at the list."""
        yield from _located(super().__call__(tags), tags.parts)


def _schema_validator() -> Any:  # noqa: ANN401 -- a jsonschema validator class, made at run time
    """Build the OpenAPI 3.1 schema's validator, its registry of metaschemas crawled once.

    Left uncrawled, every `$dynamicRef` the schema makes (one for each schema object in the spec) crawls all the
    metaschemas again to find its anchor: three quarters of the schema pass.
    """
    root = DRAFT202012.create_resource(schema_v31)
    registry = SPECIFICATIONS.with_resource(schema_v31["$id"], root).crawl()
    return validator_for(schema_v31)(schema_v31, registry=registry)


class _LocatingValidator(OpenAPIV31SpecValidator):
    """OpenAPI 3.1 validation that never fetches a `$ref` from disk or network; all its errors know their place."""

    # jsonschema, not jsonschema-rs (which the stock validator prefers when some other package installed it): the
    # same messages and places whatever else is installed.
    schema_validator = _schema_validator()
    resolver_handlers = {}  # noqa: RUF012 - a class setting of the base class; the spec must be self-contained
    keyword_validators = {  # noqa: RUF012 - a class setting of the base class
        **OpenAPIV31SpecValidator.keyword_validators,
        "schema": _LocatingSchemaValidator,
        "default": _LocatingValueValidator,
        "parameters": _LocatingParametersValidator,
        "operation": _LocatingOperationValidator,
        "tags": _LocatingTagsValidator,
    }


def validate(data: object, *, line: Callable[[Parts], int] | None = None) -> list[Located]:
    """Validate the spec as OpenAPI 3.1; `line` gives a place's line, for messages that point at a second place."""
    problems = ref_cycles(data)
    if problems:
        return problems  # both validators would recurse along the cycle until the stack ran out
    validator = _LocatingValidator(mapping(data))
    problems = [_located_problem(error) for error in validator.schema_validator.iter_errors(validator.schema)]
    structural = bool(problems)
    try:
        problems.extend(_located_problem(error) for error in validator.root_validator(validator.schema_path))
    except Unresolvable as error:
        problems.extend(_unresolvable(data, str(error.ref), line))
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as error:
        if not structural:  # a document the schema accepts and the semantic checks trip over: say where they stopped
            problems.append(Located((), f"openapi-spec-validator cannot check this document: {describe(error)}"))
    return problems


def _located_problem(error: Any) -> Located:  # noqa: ANN401 - jsonschema's and openapi-spec-validator's errors
    """Place one validator error at its absolute place in the spec."""
    place = getattr(error, _LOCATION, None) or tuple(error.absolute_path)
    return Located(tuple(part if isinstance(part, int) else str(part) for part in place), one_line(error.message))


def _unresolvable(data: object, ref: str, line: Callable[[Parts], int] | None) -> list[Located]:
    """Report the target the validator could not resolve at every `$ref` naming it (where it stopped)."""
    places = [(parts, value) for parts, value in refs(data) if _same_ref(value, ref)]
    if not places:
        return [Located((), f"$ref {ref!r} does not resolve; validation stopped here")]
    return [Located((*parts, "$ref"), _unresolvable_message(data, value, line)) for parts, value in places]


def _unresolvable_message(data: object, ref: str, line: Callable[[Parts], int] | None) -> str:
    """Say why a `$ref`, as written, does not resolve."""
    target = ref_parts(ref)
    if target is None:
        reason = "it points outside this file, and the spec must be self-contained"
    else:
        reason = missing_part(data, target, line=line) or "its target cannot be resolved"
    return f"$ref {ref!r} does not resolve: {reason}; validation stopped here"


def _same_ref(value: str, ref: str) -> bool:
    """Tell whether a `$ref` as written is the reference an error names (a fragment, a whole URI, or a document)."""
    written = unquote(value)
    return ref in {written, written.removeprefix("#"), written.partition("#")[0]}


# --- $ref cycles that never descend into a value ---------------------------------------------------------------------


def ref_cycles(data: object) -> list[Located]:
    """Find each cycle of `$ref`s (and allOf/anyOf/oneOf/not/if/then/else) that comes back without entering a value.

    `A: {$ref: A}` or `A: {allOf: [{$ref: A}]}` asks a value to match A in order to match A: no tool can resolve it.
    A cycle through `properties` or `items` is a recursive schema, which is fine: each step descends into the value.
    """
    state: dict[Parts, int] = {}  # 1 while on the current path, 2 when done
    found: list[Located] = []
    seen_cycles: set[frozenset[Parts]] = set()
    for holder, _ in refs(data):
        if holder in state:
            continue
        path: list[Parts] = [holder]
        state[holder] = 1
        stack: list[Iterator[tuple[Parts, Parts]]] = [iter(_in_place(data, holder))]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                state[path.pop()] = 2
                continue
            target, via = step
            if state.get(target) == 1:
                cycle = path[path.index(target) :]
                if frozenset(cycle) not in seen_cycles:
                    seen_cycles.add(frozenset(cycle))
                    found.append(Located(via, _cycle_message([*cycle, target])))
            elif target not in state:
                state[target] = 1
                path.append(target)
                stack.append(iter(_in_place(data, target)))
    return found


def _in_place(data: object, place: Parts) -> Iterator[tuple[Parts, Parts]]:
    """Yield (schema, where the step is written) for each subschema applied to the same value as the one at `place`."""
    value = lookup(data, place)
    if not isinstance(value, dict):
        return
    ref = value.get("$ref")
    target = ref_parts(ref) if isinstance(ref, str) else None
    if target is not None and lookup(data, target) is not None:
        yield target, (*place, "$ref")
    for key in _IN_PLACE_LISTS:
        for index, _ in enumerate(sequence(value.get(key))):
            yield (*place, key, index), (*place, key, index)
    for key in _IN_PLACE_SCHEMAS:
        if isinstance(value.get(key), dict):
            yield (*place, key), (*place, key)
    for name in mapping(value.get("dependentSchemas")):
        yield (*place, "dependentSchemas", name), (*place, "dependentSchemas", name)


def _cycle_message(cycle: Sequence[Part | Parts]) -> str:
    """Say which places the cycle goes through, as pointers."""
    chain = " -> ".join(to_pointer(place) for place in cycle if isinstance(place, tuple))
    return f"$ref cycle that never descends into a property or item: {chain}; no value can be checked against it"
