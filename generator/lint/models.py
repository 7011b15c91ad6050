"""datamodel-code-generator: pydantic v2 models of every request and response body, which must accept its examples."""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import re
import sys
import tempfile
import uuid
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote

import pydantic
from datamodel_code_generator import InputFileType, PythonVersion, generate
from datamodel_code_generator.enums import DataModelType
from datamodel_code_generator.format import Formatter

from generator.lint.findings import Finding, inside, locate, parts_of
from generator.lint.structure import Example, Holder, holders
from generator.problems import describe, one_line
from generator.spec_document import (
    Document,
    lookup,
    mapping,
    sequence,
    split_pointer,
    to_pointer,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import ModuleType

    from generator.spec_document import Parts

MODEL_RULE = "datamodel-codegen"


class _ModelTarget(NamedTuple):
    """A request or response body with examples, and the component schema whose model must accept them."""

    schema_name: str
    holder: Holder


def check_models(doc: Document) -> list[Finding]:
    """Generate pydantic v2 models with datamodel-code-generator; each body's model must accept its examples."""
    spec, targets = _name_body_schemas(doc.data)
    if not targets:
        return []
    with tempfile.TemporaryDirectory(prefix="lint-models-") as directory:
        # A fresh package name per run, so models of an earlier run in this process are never reused.
        package = Path(directory) / f"lint_models_{uuid.uuid4().hex}"
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            findings = _generated_model_findings(doc, spec, targets, package)
    return findings + [
        Finding(doc.path, None, None, MODEL_RULE, f"{warning.category.__name__}: {warning.message}")
        for warning in caught
        if not issubclass(warning.category, DeprecationWarning | PendingDeprecationWarning | FutureWarning)
    ]


def _name_body_schemas(data: object) -> tuple[dict[str, object], list[_ModelTarget]]:
    """Copy the spec, making every body schema with examples a named component; return the copy and the names."""
    spec = mapping(without_python_hints(data))
    components = spec["components"] = mapping(spec.get("components"))
    schemas = components["schemas"] = mapping(components.get("schemas"))
    targets: list[_ModelTarget] = []
    for holder in holders(data):
        if holder.body and holder.examples:
            schema = lookup(data, holder.schema)
            name = _component_name(schema, schemas)
            if name is None:
                name = _fresh_name(_inline_schema_name(data, holder.parts), schemas)
                schemas[name] = without_python_hints(schema)
            targets.append(_ModelTarget(name, holder))
    return spec, targets


def without_python_hints(value: object) -> object:
    """Deep-copy JSON data without `x-python-*` keys: they steer the client's types, the models check the wire's."""
    if isinstance(value, dict):
        return {key: without_python_hints(item) for key, item in value.items() if not str(key).startswith("x-python-")}
    if isinstance(value, list):
        return [without_python_hints(item) for item in value]
    return value


def _component_name(schema: object, schemas: dict[str, object]) -> str | None:
    """Return the component name of a schema that is only a `$ref` to `#/components/schemas/<name>`."""
    ref = mapping(schema).get("$ref")
    if not isinstance(ref, str) or len(mapping(schema)) != 1:
        return None
    parts = split_pointer(unquote(ref)) if ref.startswith("#") else ()
    has_name = len(parts) == 3 and parts[:2] == ("components", "schemas") and parts[2] in schemas  # noqa: PLR2004 - components/schemas/<name>
    return parts[2] if has_name else None


def _inline_schema_name(data: object, parts: Parts) -> str:
    """Make a readable model name for an inline body schema from its operationId (or component) and place."""
    if parts[0] in {"paths", "webhooks"}:
        operation_id = mapping(lookup(data, parts[:3])).get("operationId")
        words = [operation_id] if isinstance(operation_id, str) else [str(parts[2]), str(parts[1])]
        # The place in the operation, e.g. responses/200; the trailing content/<media type> adds nothing.
        words.extend(str(part) for part in parts[3:-2])
    else:
        words = [str(parts[2]), str(parts[1])]  # components/<kind>/<name>
    name = "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", " ".join(words)))
    return name if name[:1].isalpha() else f"Body{name}"


def _fresh_name(base: str, taken: dict[str, object]) -> str:
    """Return `base`, or `base2`, `base3`, ..., whichever is not a component schema name yet."""
    name, number = base, 2
    while name in taken:
        name, number = f"{base}{number}", number + 1
    return name


def _generated_model_findings(
    doc: Document, spec: dict[str, object], targets: list[_ModelTarget], package: Path
) -> list[Finding]:
    """Generate the models into `package`, import them, and validate every target's examples with its model."""
    metadata = package.with_name("models.json")
    try:
        _generate_models(spec, package, metadata)
    except Exception as error:  # noqa: BLE001 - any failure to generate is a finding, not a crash
        return [Finding(doc.path, None, None, MODEL_RULE, f"cannot generate models: {describe(error)}")]
    try:
        with _imported(package):
            models = _model_classes(package, metadata)
            return [
                finding
                for target in targets
                for finding in _model_findings(doc, target, models.get(target.schema_name))
            ]
    except Exception as error:  # noqa: BLE001 - generated code that does not import is a finding, not a crash
        return [Finding(doc.path, None, None, MODEL_RULE, f"the generated models do not import: {describe(error)}")]


def _generate_models(spec: dict[str, object], package: Path, metadata: Path) -> None:
    """Run datamodel-code-generator on the spec: pydantic v2 models as a package, plus the schema-to-class map."""
    generate(
        spec,
        input_file_type=InputFileType.OpenAPI,
        output_model_type=DataModelType.PydanticV2BaseModel,
        output=package,
        emit_model_metadata=metadata,
        target_python_version=PythonVersion.PY_310,
        formatters=[Formatter.BUILTIN],
        use_annotated=True,
        disable_timestamp=True,
        allow_remote_refs=False,
        strict_refs=True,
        # Emails as plain strings: check 3 validates the format, and email-validator is no dependency of ours.
        type_mappings=["string+email=string", "string+idn-email=string"],
    )
    if package.is_file():  # one module (no dotted schema names): make it the package's __init__
        module = package.with_suffix(".py")
        package.rename(module)
        package.mkdir()
        module.rename(package / "__init__.py")


@contextlib.contextmanager
def _imported(package: Path) -> Iterator[ModuleType]:
    """Import the generated package under its own name for the duration of the block, then forget it."""
    spec = importlib.util.spec_from_file_location(
        package.name, package / "__init__.py", submodule_search_locations=[str(package)]
    )
    if spec is None or spec.loader is None:
        message = f"cannot load {package}"
        raise ImportError(message)
    module = importlib.util.module_from_spec(spec)
    sys.modules[package.name] = module  # pydantic resolves the models' annotations through sys.modules
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        for name in [name for name in sys.modules if name == package.name or name.startswith(f"{package.name}.")]:
            del sys.modules[name]


def _model_classes(package: Path, metadata: Path) -> dict[str, type[Any]]:
    """Map each component schema name to its generated class, by the metadata datamodel-code-generator wrote."""
    classes: dict[str, type[Any]] = {}
    for model in sequence(mapping(json.loads(metadata.read_text(encoding="utf-8"))).get("models")):
        entry = mapping(model)
        source = [str(part) for part in sequence(entry.get("source_path"))]
        if len(source) == 3 and source[:2] == ["components", "schemas"]:  # noqa: PLR2004 - components/schemas/<name>
            module_name = f"{package.name}.{entry['module']}" if entry.get("module") else package.name
            classes[source[2]] = getattr(importlib.import_module(module_name), str(entry.get("class_name")))
    return classes


def _model_findings(doc: Document, target: _ModelTarget, model: type[Any] | None) -> list[Finding]:
    """Validate each example of a body with the model generated for its schema."""
    schema = to_pointer(("components", "schemas", target.schema_name))
    if model is None:
        return [Finding(doc.path, None, None, MODEL_RULE, f"no model was generated for {schema}")]
    try:
        adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(model)
    except Exception as error:  # noqa: BLE001 - a model pydantic cannot build is a finding, not a crash
        return [Finding(doc.path, None, None, MODEL_RULE, f"model for {schema} cannot be built: {describe(error)}")]
    model_name = f"model {getattr(model, '__name__', repr(model))}"
    return [
        finding
        for example in target.holder.examples
        for finding in _model_example_findings(doc, adapter, model_name, example)
    ]


def _model_example_findings(
    doc: Document, adapter: pydantic.TypeAdapter[Any], model_name: str, example: Example
) -> list[Finding]:
    """Validate one example with a model, as the JSON the wire would carry; each rejection is a finding."""
    try:
        adapter.validate_json(json.dumps(example.value))
    except pydantic.ValidationError as error:
        return [
            locate(
                doc,
                example.pointer,
                MODEL_RULE,
                f"{model_name} rejects the example at {inside(problem['loc'])}: {one_line(problem['msg'])}",
                line_at=(*example.pointer, *parts_of(problem["loc"])),
            )
            for problem in error.errors(include_url=False)
        ]
    except (TypeError, ValueError) as error:
        return [locate(doc, example.pointer, MODEL_RULE, f"the example is not JSON: {describe(error)}")]
    return []
