"""What a spec change does to the Python API of the generated client: what a downstream `import` feels.

`api_diff` renders OLD and NEW with the real generator (generate.render, with this checkout's templates) into
temporary directories; `surface` reads the public surface of each package with `ast` (the endpoint functions of
`api/<tag>/<operation>.py` with their parameters, annotations, defaults and return types; the model classes of
`models/` with their attributes; enum members); `compare` classifies the differences. Rendering problems come back
as values (`ApiDiff.problems`), never as exceptions.
"""

from __future__ import annotations

import ast
import tempfile
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from generator.layout import PACKAGE, Layout
from generator.problems import StepFailedError
from generator.spec_diff import HTTP_METHODS, Change, Rule
from generator.steps import Reporter, Steps, quiet

Usage = Literal["request", "response", "both"]

RULES: Mapping[str, Rule] = {
    "python-module-added": Rule("minor", "a new endpoint module"),
    "python-module-removed": Rule("major", "an endpoint module is gone: its import fails"),
    "python-function-added": Rule("minor", "a new public function in an endpoint module"),
    "python-function-removed": Rule("major", "a public function is gone"),
    "python-parameter-added": Rule("minor", "a new argument with a default"),
    "python-parameter-added-required": Rule("major", "a new argument without a default: old calls miss it"),
    "python-parameter-removed": Rule("major", "an argument is gone: calls passing it fail"),
    "python-parameter-retyped": Rule("major", "an argument's annotation changed to one that is not wider"),
    "python-parameter-widened": Rule("minor", "an argument accepts more types than before"),
    "python-parameter-made-required": Rule("major", "an argument lost its default"),
    "python-parameter-made-optional": Rule("minor", "an argument got a default"),
    "python-parameter-default-changed": Rule("minor", "an argument's default value changed"),
    "python-parameter-moved": Rule("major", "the positional arguments changed order or kind"),
    "python-return-retyped": Rule("major", "a function returns a type that is not narrower"),
    "python-return-narrowed": Rule("minor", "a function returns fewer types than before"),
    "python-class-added": Rule("minor", "a new model or enum class"),
    "python-class-removed": Rule("major", "a model or enum class is gone: its import fails"),
    "python-class-kind-changed": Rule("major", "a model became an enum, or the other way round"),
    "python-attribute-added": Rule("minor", "a new attribute (with a default, or on a model the client returns)"),
    "python-attribute-added-required": Rule("major", "a new attribute without a default on a model callers build"),
    "python-attribute-removed": Rule("major", "an attribute is gone"),
    "python-attribute-retyped": Rule("major", "an attribute's annotation changed incompatibly for its use"),
    "python-attribute-widened": Rule("minor", "an attribute of a model callers build accepts more types"),
    "python-attribute-narrowed": Rule("minor", "an attribute of a model the client returns holds fewer types"),
    "python-attribute-made-required": Rule("major", "an attribute of a model callers build lost its default"),
    "python-attribute-made-optional": Rule("minor", "an attribute of a model callers build got a default"),
    "python-attribute-default-changed": Rule("minor", "an attribute's default value changed"),
    "python-enum-member-added": Rule("minor", "a new enum member"),
    "python-enum-member-removed": Rule("major", "an enum member is gone"),
    "python-enum-member-revalued": Rule("major", "an enum member stands for another value"),
}
# The order endpoint functions are named in, when one change is the same in several.
FUNCTION_ORDER = (
    "sync",
    "sync_detailed",
    "asyncio",
    "asyncio_detailed",
    "sync_iter",
    "asyncio_iter",
    "sync_stream_to",
    "asyncio_stream_to",
)


@dataclass(frozen=True)
class Parameter:
    """One parameter of a public function: name, kind, annotation and default (None: no default)."""

    name: str
    kind: Literal["positional", "keyword"]
    annotation: str
    default: str | None


@dataclass(frozen=True)
class Function:
    """A public function of an endpoint module."""

    name: str
    parameters: tuple[Parameter, ...]
    returns: str


@dataclass(frozen=True)
class Attribute:
    """An attribute of a model class: name, annotation, default (None: required in the constructor)."""

    name: str
    annotation: str
    default: str | None


@dataclass(frozen=True)
class ClassInfo:
    """A public class of `models/`: a model with attributes, or an enum with members (name, value)."""

    name: str
    module: str
    kind: Literal["model", "enum", "class"]
    attributes: tuple[Attribute, ...] = ()
    members: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Surface:
    """The public API of a generated package: endpoint modules (dotted name → functions) and model classes."""

    modules: Mapping[str, Mapping[str, Function]] = field(default_factory=dict)
    classes: Mapping[str, ClassInfo] = field(default_factory=dict)

    def usage(self) -> dict[str, Usage]:
        """Tell, for each class, whether callers build it (request), read it (response), or both."""
        roots: dict[str, set[str]] = {"request": set(), "response": set()}
        for functions in self.modules.values():
            for function in functions.values():
                for parameter in function.parameters:
                    if parameter.name != "client":
                        roots["request"] |= _names(parameter.annotation)
                roots["response"] |= _names(function.returns)
        reached = {direction: self._closure(names) for direction, names in roots.items()}
        usage: dict[str, Usage] = {}
        for name in self.classes:
            request, response = name in reached["request"], name in reached["response"]
            # A class no function names (an envelope, an error body) is read, not built, by callers.
            usage[name] = "both" if request and response else "request" if request else "response"
        return usage

    def _closure(self, names: set[str]) -> set[str]:
        """Follow attribute annotations from `names` to every class they reach."""
        reached: set[str] = set()
        pending = [name for name in names if name in self.classes]
        while pending:
            name = pending.pop()
            if name in reached:
                continue
            reached.add(name)
            for attribute in self.classes[name].attributes:
                pending.extend(other for other in _names(attribute.annotation) if other in self.classes)
        return reached


@dataclass(frozen=True)
class ApiDiff:
    """The Python API changes between two renders, or the problems that kept them from being made."""

    changes: tuple[Change, ...] = ()
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpecText:
    """A spec to render: how the user named it, its text, and its parsed data (for operation names)."""

    label: str
    text: str
    data: Mapping[str, Any]


def api_diff(layout: Layout, old: SpecText, new: SpecText, report: Reporter = quiet) -> ApiDiff:
    """Render OLD and NEW with this checkout's generator and templates, and compare their public surfaces."""
    surfaces: list[Surface] = []
    with tempfile.TemporaryDirectory(prefix="iqm-api-diff-") as work:
        for name, spec in (("old", old), ("new", new)):
            spec_file = Path(work) / f"{name}.yaml"
            spec_file.write_text(spec.text, encoding="utf-8")
            out = Path(work) / name
            try:
                render(Layout.at(layout.root, spec_file), out, report)
            except StepFailedError as error:
                return ApiDiff(problems=(f"cannot render {spec.label} for the Python API diff: {error}",))
            surfaces.append(surface(out / PACKAGE))
    return ApiDiff(changes=compare(surfaces[0], surfaces[1], _operations(old.data), _operations(new.data)))


def render(layout: Layout, out: Path, report: Reporter) -> None:
    """Render the package for `layout.spec` into `out`, as `generate` does, without the import check."""
    from generator.generate import render as render_package  # noqa: PLC0415 - imports openapi-python-client

    render_package(layout, out, Steps(report), check_import=False)


def _operations(document: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Map each endpoint module's name (the snake_case operationId) to its operationId and `METHOD /path`."""
    from openapi_python_client.strings import PythonIdentifier  # noqa: PLC0415 - only where the generator is

    found: dict[str, tuple[str, str]] = {}
    for path, item in (document.get("paths") or {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, Mapping) else None
            if isinstance(operation, Mapping) and operation.get("operationId"):
                operation_id = str(operation["operationId"])
                found[str(PythonIdentifier(operation_id, "field_"))] = (operation_id, f"{method.upper()} {path}")
    return found


def surface(package: Path) -> Surface:
    """Read the public surface of a generated package with `ast`: endpoint functions and model classes."""
    modules: dict[str, dict[str, Function]] = {}
    for path in sorted((package / "api").rglob("*.py")):
        if path.name == "__init__.py":
            continue
        dotted = ".".join((PACKAGE, *path.relative_to(package).with_suffix("").parts))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules[dotted] = {
            node.name: _function(node)
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_")
        }
    classes: dict[str, ClassInfo] = {}
    for path in sorted((package / "models").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                classes[node.name] = _class(node, f"{PACKAGE}.models.{path.stem}")
    return Surface(modules=modules, classes=classes)


def _function(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Function:
    """Read a function's parameters (positional, then keyword-only) and return annotation."""
    arguments = node.args
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(arguments.defaults)) + list(arguments.defaults)
    parameters = [
        Parameter(argument.arg, "positional", _unparse(argument.annotation), _unparse_default(default))
        for argument, default in zip(positional, defaults, strict=True)
    ]
    parameters.extend(
        Parameter(argument.arg, "keyword", _unparse(argument.annotation), _unparse_default(default))
        for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
    )
    return Function(node.name, tuple(parameters), _unparse(node.returns))


def _class(node: ast.ClassDef, module: str) -> ClassInfo:
    """Read a model's annotated attributes or an enum's members."""
    bases = {_unparse(base).rpartition(".")[2] for base in node.bases}
    if any(base.endswith("Enum") for base in bases):
        members = tuple(
            (statement.targets[0].id, ast.unparse(statement.value))
            for statement in node.body
            if isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        )
        return ClassInfo(node.name, module, "enum", members=members)
    attributes = tuple(
        Attribute(statement.target.id, _unparse(statement.annotation), _attribute_default(statement.value))
        for statement in node.body
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
    )
    decorated = any(_unparse(decorator).endswith("define") for decorator in node.decorator_list)
    return ClassInfo(node.name, module, "model" if decorated else "class", attributes=attributes)


def _attribute_default(value: ast.expr | None) -> str | None:
    """Return an attribute's default as code; an attrs `field()` without default, factory or `init=False` has none."""
    if value is None:
        return None
    if isinstance(value, ast.Call) and _unparse(value.func).endswith("field"):
        keywords = {keyword.arg: keyword.value for keyword in value.keywords}
        for key in ("default", "factory"):
            if key in keywords:
                return _unparse(keywords[key]) if key == "default" else f"factory={_unparse(keywords[key])}"
        init = keywords.get("init")
        return "(not in __init__)" if isinstance(init, ast.Constant) and init.value is False else None
    return _unparse(value)


def _unparse(node: ast.expr | None) -> str:
    """Return an expression as code (a string annotation as the code it holds); empty when there is none."""
    if node is None:
        return ""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            return ast.unparse(ast.parse(node.value, mode="eval").body)
        except SyntaxError:
            return node.value
    return ast.unparse(node)


def _unparse_default(node: ast.expr | None) -> str | None:
    """Return a default value as code, or None for a parameter without one."""
    return None if node is None else ast.unparse(node)


def _members(annotation: str) -> frozenset[str]:
    """Split an `A | B | C` annotation into its members (one member for anything else)."""
    try:
        tree = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return frozenset({annotation})
    members: list[str] = []
    pending: list[ast.expr] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            pending.extend((node.left, node.right))
        else:
            members.append(ast.unparse(node))
    return frozenset(members)


def _names(annotation: str) -> set[str]:
    """Every name an annotation mentions (classes it refers to)."""
    try:
        tree = ast.parse(annotation, mode="eval")
    except SyntaxError:
        return set()
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    return names


Operations = Mapping[str, tuple[str, str]]


@dataclass
class _Comparison:
    """Collects the findings of one comparison; function-level ones are merged across a module's functions."""

    old_operations: Operations
    new_operations: Operations
    changes: list[Change] = field(default_factory=list)
    # (rule, module, subject, message) -> the functions it was found in
    merged: dict[tuple[str, str, str, str], list[str]] = field(default_factory=lambda: defaultdict(list))

    def emit(self, rule: str, where: str, message: str, module: str | None = None) -> None:
        """Record one change; `module` (an endpoint module) names the operation it reaches."""
        operation, endpoint = self._operation(module)
        self.changes.append(
            Change(
                id=rule,
                level=RULES[rule].level,
                operation=operation,
                where=where,
                message=message,
                endpoint=endpoint,
                view="python",
            )
        )

    def _operation(self, module: str | None) -> tuple[str | None, str | None]:
        """Name the operationId and `METHOD /path` of an endpoint module, from the new spec or else the old one."""
        if module is None:
            return None, None
        stem = module.rpartition(".")[2]
        found = self.new_operations.get(stem) or self.old_operations.get(stem)
        return found or (None, None)

    def function_level(self, rule: str, module: str, function: str, subject: str, message: str) -> None:
        """Record a finding of one function, to be merged with the same finding in the module's other functions."""
        self.merged[rule, module, subject, message].append(function)

    def flush(self) -> None:
        """Turn the merged function-level findings into one change each, naming all the functions."""
        for (rule, module, subject, message), functions in self.merged.items():
            ordered = sorted(functions, key=_function_rank)
            where = f"{module}.{ordered[0]}" + (f"({subject})" if subject else "")
            self.emit(rule, where, f"{message} in {', '.join(ordered)}", module)
        self.merged.clear()


def _function_rank(name: str) -> tuple[int, str]:
    """Sort endpoint functions the way their docs do: sync first, then asyncio, then the helpers."""
    return (FUNCTION_ORDER.index(name) if name in FUNCTION_ORDER else len(FUNCTION_ORDER), name)


def compare(
    old: Surface, new: Surface, old_operations: Operations | None = None, new_operations: Operations | None = None
) -> tuple[Change, ...]:
    """Classify the differences between two surfaces (the operation maps name the operation a module serves)."""
    comparison = _Comparison(old_operations or {}, new_operations or {})
    _modules(comparison, old, new)
    comparison.flush()
    usage = {**old.usage(), **{name: use for name, use in new.usage().items() if name in new.classes}}
    for name in sorted(old.classes.keys() - new.classes.keys()):
        comparison.emit("python-class-removed", old.classes[name].module + f".{name}", f"class `{name}` was removed")
    for name in sorted(new.classes.keys() - old.classes.keys()):
        comparison.emit("python-class-added", new.classes[name].module + f".{name}", f"class `{name}` was added")
    for name in sorted(old.classes.keys() & new.classes.keys()):
        _class_change(comparison, old.classes[name], new.classes[name], usage.get(name, "response"))
    return tuple(comparison.changes)


def _modules(comparison: _Comparison, old: Surface, new: Surface) -> None:
    """Endpoint modules and their functions added or removed, and the functions in both compared."""
    for module in sorted(old.modules.keys() - new.modules.keys()):
        comparison.emit("python-module-removed", module, f"module `{module}` was removed", module)
    for module in sorted(new.modules.keys() - old.modules.keys()):
        comparison.emit("python-module-added", module, f"module `{module}` was added", module)
    for module in sorted(old.modules.keys() & new.modules.keys()):
        old_functions, new_functions = old.modules[module], new.modules[module]
        for name in sorted(old_functions.keys() - new_functions.keys(), key=_function_rank):
            comparison.emit("python-function-removed", f"{module}.{name}", f"`{name}` was removed", module)
        for name in sorted(new_functions.keys() - old_functions.keys(), key=_function_rank):
            comparison.emit("python-function-added", f"{module}.{name}", f"`{name}` was added", module)
        for name in sorted(old_functions.keys() & new_functions.keys(), key=_function_rank):
            _function_change(comparison, module, old_functions[name], new_functions[name])


def _function_change(comparison: _Comparison, module: str, old: Function, new: Function) -> None:
    """Compare one function: its parameters (added, removed, retyped, defaults, order) and its return type."""
    old_parameters = {parameter.name: parameter for parameter in old.parameters}
    new_parameters = {parameter.name: parameter for parameter in new.parameters}
    record = comparison.function_level
    for name in [parameter.name for parameter in old.parameters if parameter.name not in new_parameters]:
        record("python-parameter-removed", module, old.name, name, f"argument `{name}` was removed")
    for parameter in [parameter for parameter in new.parameters if parameter.name not in old_parameters]:
        shown = _show_parameter(parameter)
        if parameter.default is None:
            record("python-parameter-added-required", module, new.name, parameter.name, f"`{shown}` was added")
        else:
            record("python-parameter-added", module, new.name, parameter.name, f"`{shown}` was added")
    # Positional arguments are passed by place: one that moved, or became keyword-only, breaks old calls.
    kept_old = [p.name for p in old.parameters if p.kind == "positional" and p.name in new_parameters]
    kept_new = [p.name for p in new.parameters if p.kind == "positional" and p.name in old_parameters]
    if kept_old != kept_new:
        message = f"positional arguments `({', '.join(kept_old)})` are now `({', '.join(kept_new)})`"
        record("python-parameter-moved", module, new.name, "", message)
    for name in [parameter.name for parameter in new.parameters if parameter.name in old_parameters]:
        _parameter_change(comparison, module, new.name, old_parameters[name], new_parameters[name])
    if old.returns != new.returns:
        narrowed = _members(new.returns) <= _members(old.returns) or old.returns == "None"
        rule = "python-return-narrowed" if narrowed else "python-return-retyped"
        record(rule, module, new.name, "", f"returns `{new.returns}` (was `{old.returns}`)")


def _parameter_change(comparison: _Comparison, module: str, function: str, old: Parameter, new: Parameter) -> None:
    """Compare one parameter present in both: its annotation (wider is compatible) and its default."""
    record = comparison.function_level
    if old.annotation != new.annotation:
        widened = _members(new.annotation) >= _members(old.annotation)
        rule = "python-parameter-widened" if widened else "python-parameter-retyped"
        message = f"argument `{new.name}: {old.annotation}` is now `{new.annotation}`"
        record(rule, module, function, new.name, message)
    if old.default != new.default:
        if new.default is None:
            rule, message = "python-parameter-made-required", f"argument `{new.name}` has no default any more"
        elif old.default is None:
            rule, message = "python-parameter-made-optional", f"argument `{new.name}` defaults to `{new.default}`"
        else:
            rule = "python-parameter-default-changed"
            message = f"argument `{new.name}` defaults to `{new.default}` (was `{old.default}`)"
        record(rule, module, function, new.name, message)


def _class_change(comparison: _Comparison, old: ClassInfo, new: ClassInfo, usage: Usage) -> None:
    """Compare a class in both: its kind, its attributes (by how callers use it), its enum members."""
    where = f"{new.module}.{new.name}"
    if old.kind != new.kind:
        comparison.emit("python-class-kind-changed", where, f"`{new.name}` is now a {new.kind} (was a {old.kind})")
        return
    old_members, new_members = dict(old.members), dict(new.members)
    for name in [name for name, _ in old.members if name not in new_members]:
        comparison.emit("python-enum-member-removed", f"{where}.{name}", f"`{new.name}.{name}` was removed")
    for name, value in [(name, value) for name, value in new.members if name not in old_members]:
        comparison.emit("python-enum-member-added", f"{where}.{name}", f"`{new.name}.{name}` = {value} was added")
    for name in [name for name, _ in new.members if name in old_members and old_members[name] != new_members[name]]:
        message = f"`{new.name}.{name}` is now {new_members[name]} (was {old_members[name]})"
        comparison.emit("python-enum-member-revalued", f"{where}.{name}", message)
    old_attributes = {attribute.name: attribute for attribute in old.attributes}
    new_attributes = {attribute.name: attribute for attribute in new.attributes}
    for name in [attribute.name for attribute in old.attributes if attribute.name not in new_attributes]:
        comparison.emit("python-attribute-removed", f"{where}.{name}", f"`{new.name}.{name}` was removed")
    for attribute in [attribute for attribute in new.attributes if attribute.name not in old_attributes]:
        built = usage != "response" and attribute.default is None
        rule = "python-attribute-added-required" if built else "python-attribute-added"
        shown = f"{attribute.name}: {attribute.annotation}"
        comparison.emit(rule, f"{where}.{attribute.name}", f"`{new.name}.{shown}` was added")
    for name in [attribute.name for attribute in new.attributes if attribute.name in old_attributes]:
        _attribute_change(comparison, new, old_attributes[name], new_attributes[name], usage)


def _attribute_change(comparison: _Comparison, owner: ClassInfo, old: Attribute, new: Attribute, usage: Usage) -> None:
    """Compare an attribute in both: callers build request models (wider is fine) and read response models."""
    at = f"{owner.module}.{owner.name}.{new.name}"
    if old.annotation != new.annotation:
        old_members, new_members = _members(old.annotation), _members(new.annotation)
        rule = "python-attribute-retyped"
        if usage == "request" and new_members >= old_members:
            rule = "python-attribute-widened"
        elif usage == "response" and new_members <= old_members:
            rule = "python-attribute-narrowed"
        message = f"`{owner.name}.{new.name}: {old.annotation}` is now `{new.annotation}` ({_use(usage)})"
        comparison.emit(rule, at, message)
    if old.default == new.default:
        return
    rule = "python-attribute-default-changed"
    if usage != "response" and new.default is None:
        rule = "python-attribute-made-required"
    elif usage != "response" and old.default is None:
        rule = "python-attribute-made-optional"
    message = (
        f"the default of `{owner}.{new.name}` is now {_show_default(new.default)} (was {_show_default(old.default)})"
    )
    comparison.emit(rule, at, message)


def _use(usage: Usage) -> str:
    """Say how callers use a model."""
    return {"request": "a model callers build", "response": "a model the client returns", "both": "built and returned"}[
        usage
    ]


def _show_default(default: str | None) -> str:
    """Show a default, or its absence."""
    return "none" if default is None else f"`{default}`"


def _show_parameter(parameter: Parameter) -> str:
    """Show a parameter as its signature does."""
    annotation = f": {parameter.annotation}" if parameter.annotation else ""
    default = f" = {parameter.default}" if parameter.default is not None else ""
    return f"{parameter.name}{annotation}{default}"
