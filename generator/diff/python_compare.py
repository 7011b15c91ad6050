"""The Python view's rules: what the differences between two packages' public surfaces do to a downstream `import`.

`compare` takes two `surface.Surface`s (read with `ast`, nothing imported) and classifies each difference: endpoint
modules and functions, their parameters and return types, model and enum classes and their attributes (judged by
whether callers build the model or read it), and the public names of the other public modules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.diff.changes import Change, Rule, python_rule
from generator.diff.surface import Attribute, ClassInfo, Function, Parameter, Surface, Usage, members
from generator.layout import PACKAGE

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
# The version is what the verdict judges, not a change to it: counted, every new version would need a minor one.
VERSION = f"{PACKAGE}.__version__"


Operations = Mapping[str, tuple[str, str]]
ENDPOINTS = f"{PACKAGE}.api."


@dataclass
class _Comparison:
    """Collects the findings of one comparison; function-level ones are merged across a module's functions."""

    old_operations: Operations
    new_operations: Operations
    # Names that are other names for a class (`AuthenticatedClient = Client`), in either surface.
    aliases: Mapping[str, str] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    # (rule, module, subject, message) -> the functions it was found in
    merged: dict[tuple[Rule, str, str, str], list[str]] = field(default_factory=lambda: defaultdict(list))

    def emit(self, rule: Rule, where: str, message: str, module: str | None = None) -> None:
        """Record one change; `module` (an endpoint module) names the operation it reaches."""
        operation, endpoint = self._operation(module)
        self.changes.append(Change(rule=rule, operation=operation, where=where, message=message, endpoint=endpoint))

    def _operation(self, module: str | None) -> tuple[str | None, str | None]:
        """Name the operationId and `METHOD /path` of an endpoint module, from the new spec or else the old one."""
        if module is None or not module.startswith(ENDPOINTS):
            return None, None
        stem = module.rpartition(".")[2]
        found = self.new_operations.get(stem) or self.old_operations.get(stem)
        return found or (None, None)

    def same_type(self, old: str, new: str) -> bool:
        """Whether two annotations name the same types (members in any order, aliases as their class)."""
        return old == new or self.members(old) == self.members(new)

    def members(self, annotation: str) -> frozenset[str]:
        """Return the members of an annotation's union, aliases spelled as their class."""
        return members(annotation, self.aliases)

    def function_level(self, rule: Rule, module: str, function: str, subject: str, message: str) -> None:
        """Record a finding of one function, to be merged with the same finding in the module's other functions."""
        self.merged[rule, module, subject, message].append(function)

    def flush(self) -> None:
        """Turn the merged function-level findings into one change each, naming all the functions."""
        for (rule, module, subject, message), functions in self.merged.items():
            ordered = sorted(functions, key=_function_rank)
            where = f"{module}.{ordered[0]}" + (f"({subject})" if subject else "")
            # An endpoint module's functions are named alone; a class's methods or a module's functions with it.
            owner = "" if module.startswith(ENDPOINTS) else module.rpartition(".")[2] + "."
            self.emit(rule, where, f"{message} in {', '.join(owner + name for name in ordered)}", module)
        self.merged.clear()


def _function_rank(name: str) -> tuple[int, str]:
    """Sort endpoint functions the way their docs do: sync first, then asyncio, then the helpers."""
    return (FUNCTION_ORDER.index(name) if name in FUNCTION_ORDER else len(FUNCTION_ORDER), name)


PYTHON_CLASS_ADDED = python_rule("python-class-added", "minor", "a new model or enum class")
PYTHON_CLASS_REMOVED = python_rule("python-class-removed", "major", "a model or enum class is gone: its import fails")


def compare(
    old: Surface, new: Surface, old_operations: Operations | None = None, new_operations: Operations | None = None
) -> tuple[Change, ...]:
    """Classify the differences between two surfaces (the operation maps name the operation a module serves)."""
    comparison = _Comparison(old_operations or {}, new_operations or {}, {**old.aliases(), **new.aliases()})
    _modules(comparison, old, new)
    comparison.flush()
    usage = {**old.usage(), **{name: use for name, use in new.usage().items() if name in new.classes}}
    for name in sorted(old.classes.keys() - new.classes.keys()):
        comparison.emit(PYTHON_CLASS_REMOVED, old.classes[name].module + f".{name}", f"class `{name}` was removed")
    for name in sorted(new.classes.keys() - old.classes.keys()):
        comparison.emit(PYTHON_CLASS_ADDED, new.classes[name].module + f".{name}", f"class `{name}` was added")
    for name in sorted(old.classes.keys() & new.classes.keys()):
        old_class, new_class = old.classes[name], new.classes[name]
        _class_change(comparison, old_class, new_class, usage.get(name, "response"), f"{new_class.module}.{name}")
    _exports(comparison, old, new)
    comparison.flush()
    return tuple(comparison.changes)


PYTHON_MODULE_ADDED = python_rule("python-module-added", "minor", "a new endpoint module")
PYTHON_MODULE_REMOVED = python_rule("python-module-removed", "major", "an endpoint module is gone: its import fails")
PYTHON_FUNCTION_ADDED = python_rule("python-function-added", "minor", "a new public function in an endpoint module")
PYTHON_FUNCTION_REMOVED = python_rule("python-function-removed", "major", "a public function is gone")


def _modules(comparison: _Comparison, old: Surface, new: Surface) -> None:
    """Endpoint modules and their functions added or removed, and the functions in both compared."""
    for module in sorted(old.modules.keys() - new.modules.keys()):
        comparison.emit(PYTHON_MODULE_REMOVED, module, f"module `{module}` was removed", module)
    for module in sorted(new.modules.keys() - old.modules.keys()):
        comparison.emit(PYTHON_MODULE_ADDED, module, f"module `{module}` was added", module)
    for module in sorted(old.modules.keys() & new.modules.keys()):
        old_functions, new_functions = old.modules[module], new.modules[module]
        for name in sorted(old_functions.keys() - new_functions.keys(), key=_function_rank):
            comparison.emit(PYTHON_FUNCTION_REMOVED, f"{module}.{name}", f"`{name}` was removed", module)
        for name in sorted(new_functions.keys() - old_functions.keys(), key=_function_rank):
            comparison.emit(PYTHON_FUNCTION_ADDED, f"{module}.{name}", f"`{name}` was added", module)
        for name in sorted(old_functions.keys() & new_functions.keys(), key=_function_rank):
            _function_change(comparison, module, old_functions[name], new_functions[name])


# Types a wider one accepts as it is (PEP 484's numeric tower): an `int` goes wherever a `float` does.
PROMOTIONS = {"int": frozenset({"float", "complex"}), "float": frozenset({"complex"})}


def covers(wider: frozenset[str], narrower: frozenset[str]) -> bool:
    """Whether every type of the union `narrower` is accepted by the union `wider` (`Any` accepts all)."""
    if "Any" in wider or "object" in wider:
        return True
    return all(member in wider or PROMOTIONS.get(member, frozenset()) & wider for member in narrower)


def _public_rank(path: str) -> tuple[int, str]:
    """Order public paths shortest first: `iqm_finance_client.Client` names a class before `...client.Client`."""
    return path.count("."), path


PYTHON_NAME_ADDED = python_rule("python-name-added", "minor", "a new public name in a public module (a new export)")
PYTHON_NAME_REMOVED = python_rule(
    "python-name-removed", "major", "a public name is gone: `from module import name` fails"
)
PYTHON_NAME_KIND_CHANGED = python_rule(
    "python-name-kind-changed", "major", "a public name is now another kind of thing (class, function, value)"
)


def _exports(comparison: _Comparison, old: Surface, new: Surface) -> None:
    """Compare the public names of the other public modules: added, removed, changed in kind, what they name.

    A class or function reached by several public names (`iqm_finance_client.Client`, `...client.Client`) is
    compared once, at its shortest public name.
    """
    for path in sorted(old.exports.keys() - new.exports.keys(), key=_public_rank):
        module, _, name = path.rpartition(".")
        comparison.emit(PYTHON_NAME_REMOVED, path, f"`{path}` was removed: `from {module} import {name}` fails")
    for path in sorted(new.exports.keys() - old.exports.keys(), key=_public_rank):
        comparison.emit(PYTHON_NAME_ADDED, path, f"`{path}` was added ({new.exports[path].kind})")
    compared: set[tuple[str, str]] = set()
    for path in sorted(old.exports.keys() & new.exports.keys(), key=_public_rank):
        before, after = old.exports[path], new.exports[path]
        if before.kind != after.kind:
            message = f"`{path}` is now a {after.kind} (was a {before.kind})"
            comparison.emit(PYTHON_NAME_KIND_CHANGED, path, message)
            continue
        if before.kind in {"class", "function"}:
            if (before.target, after.target) in compared:
                continue
            compared.add((before.target, after.target))
        if before.kind == "class":
            old_class, new_class = old.definitions[before.target], new.definitions[after.target]
            # Callers of the runtime's classes read their attributes; constructors are compared as methods.
            _class_change(comparison, old_class, new_class, "response", path)
        elif before.kind == "function":
            old_function, new_function = old.functions[before.target], new.functions[after.target]
            _function_change(comparison, path.rpartition(".")[0], old_function, new_function)
        elif before.kind == "value":
            _value_change(comparison, path, before.annotation, after.annotation, (before.value, after.value))


PYTHON_NAME_RETYPED = python_rule(
    "python-name-retyped", "major", "a public value has another type (its annotation, or the class making it)"
)
PYTHON_VALUE_CHANGED = python_rule("python-value-changed", "minor", "a public value of the same type has another value")


def _value_change(comparison: _Comparison, path: str, old_type: str, new_type: str, values: tuple[str, str]) -> None:
    """Compare a public value: its type (a retype breaks code using it as that type), else its value."""
    if not comparison.same_type(old_type, new_type):
        comparison.emit(PYTHON_NAME_RETYPED, path, f"`{path}` is now a `{new_type}` (was a `{old_type}`)")
    elif values[0] != values[1] and path != VERSION:
        comparison.emit(PYTHON_VALUE_CHANGED, path, f"`{path}` is now `{values[1]}` (was `{values[0]}`)")


PYTHON_PARAMETER_ADDED = python_rule("python-parameter-added", "minor", "a new argument with a default")
PYTHON_PARAMETER_ADDED_REQUIRED = python_rule(
    "python-parameter-added-required", "major", "a new argument without a default: old calls miss it"
)
PYTHON_PARAMETER_REMOVED = python_rule(
    "python-parameter-removed", "major", "an argument is gone: calls passing it fail"
)
PYTHON_PARAMETER_MOVED = python_rule(
    "python-parameter-moved", "major", "the positional arguments changed order or kind"
)
PYTHON_RETURN_RETYPED = python_rule("python-return-retyped", "major", "a function returns a type that is not narrower")
PYTHON_RETURN_NARROWED = python_rule("python-return-narrowed", "minor", "a function returns fewer types than before")


def _function_change(comparison: _Comparison, module: str, old: Function, new: Function) -> None:
    """Compare one function: its parameters (added, removed, retyped, defaults, order) and its return type."""
    old_parameters = {parameter.name: parameter for parameter in old.parameters}
    new_parameters = {parameter.name: parameter for parameter in new.parameters}
    record = comparison.function_level
    for name in [parameter.name for parameter in old.parameters if parameter.name not in new_parameters]:
        record(PYTHON_PARAMETER_REMOVED, module, old.name, name, f"argument `{name}` was removed")
    for parameter in [parameter for parameter in new.parameters if parameter.name not in old_parameters]:
        shown = _show_parameter(parameter)
        if parameter.default is None:
            record(PYTHON_PARAMETER_ADDED_REQUIRED, module, new.name, parameter.name, f"`{shown}` was added")
        else:
            record(PYTHON_PARAMETER_ADDED, module, new.name, parameter.name, f"`{shown}` was added")
    # Positional arguments are passed by place: one that moved, or became keyword-only, breaks old calls.
    kept_old = [p.name for p in old.parameters if p.kind == "positional" and p.name in new_parameters]
    kept_new = [p.name for p in new.parameters if p.kind == "positional" and p.name in old_parameters]
    if kept_old != kept_new:
        message = f"positional arguments `({', '.join(kept_old)})` are now `({', '.join(kept_new)})`"
        record(PYTHON_PARAMETER_MOVED, module, new.name, "", message)
    for name in [parameter.name for parameter in new.parameters if parameter.name in old_parameters]:
        _parameter_change(comparison, module, new.name, old_parameters[name], new_parameters[name])
    if not comparison.same_type(old.returns, new.returns):
        narrowed = covers(comparison.members(old.returns), comparison.members(new.returns)) or old.returns == "None"
        rule = PYTHON_RETURN_NARROWED if narrowed else PYTHON_RETURN_RETYPED
        record(rule, module, new.name, "", f"returns `{new.returns}` (was `{old.returns}`)")


PYTHON_PARAMETER_RETYPED = python_rule(
    "python-parameter-retyped", "major", "an argument's annotation changed to one that is not wider"
)
PYTHON_PARAMETER_WIDENED = python_rule(
    "python-parameter-widened", "minor", "an argument accepts more types than before"
)
PYTHON_PARAMETER_MADE_REQUIRED = python_rule("python-parameter-made-required", "major", "an argument lost its default")
PYTHON_PARAMETER_MADE_OPTIONAL = python_rule("python-parameter-made-optional", "minor", "an argument got a default")
PYTHON_PARAMETER_DEFAULT_CHANGED = python_rule(
    "python-parameter-default-changed", "minor", "an argument's default value changed"
)


def _parameter_change(comparison: _Comparison, module: str, function: str, old: Parameter, new: Parameter) -> None:
    """Compare one parameter present in both: its annotation (wider is compatible) and its default."""
    record = comparison.function_level
    if not comparison.same_type(old.annotation, new.annotation):
        widened = covers(comparison.members(new.annotation), comparison.members(old.annotation))
        rule = PYTHON_PARAMETER_WIDENED if widened else PYTHON_PARAMETER_RETYPED
        message = f"argument `{new.name}: {old.annotation}` is now `{new.annotation}`"
        record(rule, module, function, new.name, message)
    if old.default != new.default:
        if new.default is None:
            rule, message = PYTHON_PARAMETER_MADE_REQUIRED, f"argument `{new.name}` has no default any more"
        elif old.default is None:
            rule, message = PYTHON_PARAMETER_MADE_OPTIONAL, f"argument `{new.name}` defaults to `{new.default}`"
        else:
            rule = PYTHON_PARAMETER_DEFAULT_CHANGED
            message = f"argument `{new.name}` defaults to `{new.default}` (was `{old.default}`)"
        record(rule, module, function, new.name, message)


PYTHON_CLASS_KIND_CHANGED = python_rule(
    "python-class-kind-changed", "major", "a model became an enum, or the other way round"
)
PYTHON_ENUM_MEMBER_ADDED = python_rule("python-enum-member-added", "minor", "a new enum member")
PYTHON_ENUM_MEMBER_REMOVED = python_rule("python-enum-member-removed", "major", "an enum member is gone")
PYTHON_ENUM_MEMBER_REVALUED = python_rule(
    "python-enum-member-revalued", "major", "an enum member stands for another value"
)
PYTHON_ATTRIBUTE_ADDED = python_rule(
    "python-attribute-added", "minor", "a new attribute (with a default, or on a model the client returns)"
)
PYTHON_ATTRIBUTE_ADDED_REQUIRED = python_rule(
    "python-attribute-added-required", "major", "a new attribute without a default on a model callers build"
)
PYTHON_ATTRIBUTE_REMOVED = python_rule("python-attribute-removed", "major", "an attribute is gone")


def _class_change(comparison: _Comparison, old: ClassInfo, new: ClassInfo, usage: Usage, where: str) -> None:
    """Compare a class in both: its kind, bases, enum members, attributes (by how callers use it) and methods."""
    if old.kind != new.kind:
        message = f"`{new.name}` is now {_a(new.kind)} (was {_a(old.kind)})"
        comparison.emit(PYTHON_CLASS_KIND_CHANGED, where, message)
        return
    _bases(comparison, old, new, where)
    old_members, new_members = dict(old.members), dict(new.members)
    for name in [name for name, _ in old.members if name not in new_members]:
        comparison.emit(PYTHON_ENUM_MEMBER_REMOVED, f"{where}.{name}", f"`{new.name}.{name}` was removed")
    for name, value in [(name, value) for name, value in new.members if name not in old_members]:
        comparison.emit(PYTHON_ENUM_MEMBER_ADDED, f"{where}.{name}", f"`{new.name}.{name}` = {value} was added")
    for name in [name for name, _ in new.members if name in old_members and old_members[name] != new_members[name]]:
        message = f"`{new.name}.{name}` is now {new_members[name]} (was {old_members[name]})"
        comparison.emit(PYTHON_ENUM_MEMBER_REVALUED, f"{where}.{name}", message)
    old_attributes = {attribute.name: attribute for attribute in old.attributes}
    new_attributes = {attribute.name: attribute for attribute in new.attributes}
    for name in [attribute.name for attribute in old.attributes if attribute.name not in new_attributes]:
        comparison.emit(PYTHON_ATTRIBUTE_REMOVED, f"{where}.{name}", f"`{new.name}.{name}` was removed")
    for attribute in [attribute for attribute in new.attributes if attribute.name not in old_attributes]:
        built = usage != "response" and attribute.default is None
        rule = PYTHON_ATTRIBUTE_ADDED_REQUIRED if built else PYTHON_ATTRIBUTE_ADDED
        shown = f"{attribute.name}: {attribute.annotation}"
        comparison.emit(rule, f"{where}.{attribute.name}", f"`{new.name}.{shown}` was added")
    for name in [attribute.name for attribute in new.attributes if attribute.name in old_attributes]:
        _attribute_change(comparison, new, old_attributes[name], new_attributes[name], (usage, where))
    _methods(comparison, old, new, where)


PYTHON_CLASS_BASE_ADDED = python_rule("python-class-base-added", "minor", "a class derives from another base too")
PYTHON_CLASS_BASE_REMOVED = python_rule(
    "python-class-base-removed", "major", "a class lost a base: `isinstance` and `except Base` miss it"
)


def _bases(comparison: _Comparison, old: ClassInfo, new: ClassInfo, where: str) -> None:
    """Bases a class lost (code catching or checking the base misses it) or gained."""
    old_bases, new_bases = set(old.bases), set(new.bases)
    for base in [base for base in old.bases if base not in new_bases]:
        message = f"`{new.name}` no longer derives from `{base}`"
        comparison.emit(PYTHON_CLASS_BASE_REMOVED, f"{where}({base})", message)
    for base in [base for base in new.bases if base not in old_bases]:
        comparison.emit(PYTHON_CLASS_BASE_ADDED, f"{where}({base})", f"`{new.name}` now derives from `{base}` too")


PYTHON_METHOD_ADDED = python_rule("python-method-added", "minor", "a new public method (or protocol method) on a class")
PYTHON_METHOD_REMOVED = python_rule(
    "python-method-removed", "major", "a public method of a class is gone: calls to it fail"
)


def _methods(comparison: _Comparison, old: ClassInfo, new: ClassInfo, where: str) -> None:
    """Compare a class's methods: added, removed, and each in both as a function (the constructor among them)."""
    old_methods = {method.name: method for method in old.methods}
    new_methods = {method.name: method for method in new.methods}
    for name in [method.name for method in old.methods if method.name not in new_methods]:
        comparison.emit(PYTHON_METHOD_REMOVED, f"{where}.{name}", f"`{new.name}.{name}()` was removed")
    for name in [method.name for method in new.methods if method.name not in old_methods]:
        comparison.emit(PYTHON_METHOD_ADDED, f"{where}.{name}", f"`{new.name}.{name}()` was added")
    for name in [method.name for method in new.methods if method.name in old_methods]:
        _function_change(comparison, where, old_methods[name], new_methods[name])


PYTHON_ATTRIBUTE_RETYPED = python_rule(
    "python-attribute-retyped", "major", "an attribute's annotation changed incompatibly for its use"
)
PYTHON_ATTRIBUTE_WIDENED = python_rule(
    "python-attribute-widened", "minor", "an attribute of a model callers build accepts more types"
)
PYTHON_ATTRIBUTE_NARROWED = python_rule(
    "python-attribute-narrowed", "minor", "an attribute of a model the client returns holds fewer types"
)
PYTHON_ATTRIBUTE_MADE_REQUIRED = python_rule(
    "python-attribute-made-required", "major", "an attribute of a model callers build lost its default"
)
PYTHON_ATTRIBUTE_MADE_OPTIONAL = python_rule(
    "python-attribute-made-optional", "minor", "an attribute of a model callers build got a default"
)
PYTHON_ATTRIBUTE_DEFAULT_CHANGED = python_rule(
    "python-attribute-default-changed", "minor", "an attribute's default value changed"
)


def _attribute_change(
    comparison: _Comparison, owner: ClassInfo, old: Attribute, new: Attribute, use: tuple[Usage, str]
) -> None:
    """Compare an attribute in both: callers build request models (wider is fine) and read response models."""
    usage, where = use
    at = f"{where}.{new.name}"
    if not comparison.same_type(old.annotation, new.annotation):
        old_members, new_members = comparison.members(old.annotation), comparison.members(new.annotation)
        rule = PYTHON_ATTRIBUTE_RETYPED
        if usage == "request" and covers(new_members, old_members):
            rule = PYTHON_ATTRIBUTE_WIDENED
        elif usage == "response" and covers(old_members, new_members):
            rule = PYTHON_ATTRIBUTE_NARROWED
        message = f"`{owner.name}.{new.name}: {old.annotation}` is now `{new.annotation}` ({_use(usage, owner)})"
        comparison.emit(rule, at, message)
    # A plain class's attribute defaults are no part of a constructor: only an attrs model's are.
    if old.default == new.default or owner.kind != "model":
        return
    rule = PYTHON_ATTRIBUTE_DEFAULT_CHANGED
    if usage != "response" and new.default is None:
        rule = PYTHON_ATTRIBUTE_MADE_REQUIRED
    elif usage != "response" and old.default is None:
        rule = PYTHON_ATTRIBUTE_MADE_OPTIONAL
    shown = f"{_show_default(new.default)} (was {_show_default(old.default)})"
    message = f"the default of `{owner.name}.{new.name}` is now {shown}"
    comparison.emit(rule, at, message)


def _a(kind: str) -> str:
    """Name a kind of class with its article: `a model`, `an enum`."""
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def _use(usage: Usage, owner: ClassInfo) -> str:
    """Say how callers use a class."""
    if owner.kind == "class":
        return "an attribute callers read"
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


# The rules of this module, each declared above the function that finds it (rules.RULES merges them).
RULES = (
    PYTHON_MODULE_ADDED,
    PYTHON_MODULE_REMOVED,
    PYTHON_FUNCTION_ADDED,
    PYTHON_FUNCTION_REMOVED,
    PYTHON_PARAMETER_ADDED,
    PYTHON_PARAMETER_ADDED_REQUIRED,
    PYTHON_PARAMETER_REMOVED,
    PYTHON_PARAMETER_RETYPED,
    PYTHON_PARAMETER_WIDENED,
    PYTHON_PARAMETER_MADE_REQUIRED,
    PYTHON_PARAMETER_MADE_OPTIONAL,
    PYTHON_PARAMETER_DEFAULT_CHANGED,
    PYTHON_PARAMETER_MOVED,
    PYTHON_RETURN_RETYPED,
    PYTHON_RETURN_NARROWED,
    PYTHON_CLASS_ADDED,
    PYTHON_CLASS_REMOVED,
    PYTHON_CLASS_KIND_CHANGED,
    PYTHON_ATTRIBUTE_ADDED,
    PYTHON_ATTRIBUTE_ADDED_REQUIRED,
    PYTHON_ATTRIBUTE_REMOVED,
    PYTHON_ATTRIBUTE_RETYPED,
    PYTHON_ATTRIBUTE_WIDENED,
    PYTHON_ATTRIBUTE_NARROWED,
    PYTHON_ATTRIBUTE_MADE_REQUIRED,
    PYTHON_ATTRIBUTE_MADE_OPTIONAL,
    PYTHON_ATTRIBUTE_DEFAULT_CHANGED,
    PYTHON_ENUM_MEMBER_ADDED,
    PYTHON_ENUM_MEMBER_REMOVED,
    PYTHON_ENUM_MEMBER_REVALUED,
    PYTHON_NAME_ADDED,
    PYTHON_NAME_REMOVED,
    PYTHON_NAME_KIND_CHANGED,
    PYTHON_NAME_RETYPED,
    PYTHON_VALUE_CHANGED,
    PYTHON_METHOD_ADDED,
    PYTHON_METHOD_REMOVED,
    PYTHON_CLASS_BASE_ADDED,
    PYTHON_CLASS_BASE_REMOVED,
)
