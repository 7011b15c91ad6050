"""The public surface of a generated package, read with `ast` (nothing is imported): what a downstream user touches.

Three parts: the endpoint functions of `api/<tag>/<operation>.py`; the model and enum classes of `models/`; and the
public names of every other public module (the package `__init__`, `client`, `errors`, `types`, `pagination`, ...),
each resolved through re-exports to the class, function or value it names. A class is read whole: its bases, its
constructor and public methods with their signatures, its properties and annotated attributes.
"""

from __future__ import annotations

import ast
import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from generator.layout import PACKAGE

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

Usage = Literal["request", "response", "both"]
# Dunder methods that are no part of how a class is used: their loss breaks no caller (`__getattribute__` is how a
# model warns of a deprecated attribute: attribute access is the same with it or without it).
IGNORED_DUNDERS = frozenset(
    {"__repr__", "__str__", "__init_subclass__", "__post_init__", "__attrs_post_init__", "__getattribute__"}
)
# How deep a chain of re-exports is followed (`from .a import X` where a has `from .b import X`).
MAX_REEXPORTS = 8


@dataclass(frozen=True)
class Parameter:
    """One parameter of a public function: name, kind, annotation and default (None: no default)."""

    name: str
    kind: Literal["positional", "keyword"]
    annotation: str
    default: str | None


@dataclass(frozen=True)
class Function:
    """A public function of an endpoint module, a public module, or a class (a method)."""

    name: str
    parameters: tuple[Parameter, ...]
    returns: str


@dataclass(frozen=True)
class Attribute:
    """An attribute of a class: name, annotation, default (None: required in an attrs constructor)."""

    name: str
    annotation: str
    default: str | None


@dataclass(frozen=True)
class ClassInfo:
    """A public class: a model (attrs) with attributes, an enum with members (name, value), or a plain class.

    `methods` are the constructor, the public methods and the protocol dunders; properties are `attributes`.
    """

    name: str
    module: str
    kind: Literal["model", "enum", "class"]
    attributes: tuple[Attribute, ...] = ()
    members: tuple[tuple[str, str], ...] = ()
    bases: tuple[str, ...] = ()
    methods: tuple[Function, ...] = ()


@dataclass(frozen=True)
class Export:
    """A public name of a public module, resolved to what it is.

    A class or a function (`target`: the dotted path where it is defined), a value (`annotation`: its declared or
    evident type, `value`: its code), or a submodule (`target`: its dotted name).
    """

    kind: Literal["class", "function", "value", "module"]
    target: str = ""
    annotation: str = ""
    value: str = ""


@dataclass(frozen=True)
class Surface:
    """The public API of a generated package.

    `modules`: endpoint modules (dotted name → functions); `classes`: the classes of `models/` by name;
    `exports`: every public name of the other public modules (dotted public path → what it is), with the classes
    and functions they reach in `definitions` and `functions` (by the dotted path where they are defined).
    """

    modules: Mapping[str, Mapping[str, Function]] = field(default_factory=dict)
    classes: Mapping[str, ClassInfo] = field(default_factory=dict)
    exports: Mapping[str, Export] = field(default_factory=dict)
    definitions: Mapping[str, ClassInfo] = field(default_factory=dict)
    functions: Mapping[str, Function] = field(default_factory=dict)

    def aliases(self) -> dict[str, str]:
        """Map each public name that is another name for a class (`AuthenticatedClient = Client`) to the class."""
        found: dict[str, str] = {}
        for path, export in self.exports.items():
            name = path.rpartition(".")[2]
            target = export.target.rpartition(".")[2]
            if export.kind == "class" and name != target:
                found[name] = target
        return found

    def usage(self) -> dict[str, Usage]:
        """Tell, for each class, whether callers build it (request), read it (response), or both."""
        roots: dict[str, set[str]] = {"request": set(), "response": set()}
        for functions in self.modules.values():
            for function in functions.values():
                for parameter in function.parameters:
                    if parameter.name != "client":
                        roots["request"] |= names_in(parameter.annotation)
                roots["response"] |= names_in(function.returns)
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
                pending.extend(other for other in names_in(attribute.annotation) if other in self.classes)
        return reached


def surface(package: Path) -> Surface:
    """Read the public surface of a generated package: endpoint functions, model classes, public modules' names."""
    modules: dict[str, dict[str, Function]] = {}
    for path in sorted((package / "api").rglob("*.py")):
        if path.name == "__init__.py":
            continue
        dotted = ".".join((PACKAGE, *path.relative_to(package).with_suffix("").parts))
        tree = _parse(path)
        modules[dotted] = {
            node.name: read_function(node)
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_")
        }
    classes: dict[str, ClassInfo] = {}
    for path in sorted((package / "models").glob("*.py")):
        for node in _parse(path).body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                classes[node.name] = read_class(node, f"{PACKAGE}.models.{path.stem}")
    reader = _ExportReader(package)
    reader.run()
    return Surface(
        modules=modules,
        classes=classes,
        exports=reader.exports,
        definitions=reader.definitions,
        functions=reader.functions,
    )


def _parse(path: Path) -> ast.Module:
    """Parse a module; one that is not valid Python has no surface (the generator's format step refuses it anyway)."""
    try:
        return ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return ast.Module(body=[], type_ignores=[])


@dataclass(frozen=True)
class _Module:
    """A parsed module of the package: its dotted name, whether it is a package (`__init__`), its statements."""

    name: str
    is_package: bool
    tree: ast.Module


class _ExportReader:
    """Reads the public names of the public modules outside `api/` and `models/`, following re-exports."""

    def __init__(self, package: Path) -> None:
        """Index every module of the package by its dotted name."""
        self.modules: dict[str, _Module] = {}
        for path in sorted(package.rglob("*.py")):
            parts = path.relative_to(package).with_suffix("").parts
            is_package = parts[-1] == "__init__"
            dotted = ".".join((PACKAGE, *(parts[:-1] if is_package else parts)))
            self.modules[dotted] = _Module(dotted, is_package, _parse(path))
        self.exports: dict[str, Export] = {}
        self.definitions: dict[str, ClassInfo] = {}
        self.functions: dict[str, Function] = {}

    def run(self) -> None:
        """Resolve every public name of every public module."""
        for name, module in sorted(self.modules.items()):
            if not _is_public_module(name):
                continue
            for public in _public_names(module.tree):
                self.exports[f"{name}.{public}"] = self._resolve(module, public, 0)
        # Last, since subclasses copy their bases' methods as written: `Self` is the class a method is read on.
        self.definitions = {target: _bind_self(info) for target, info in self.definitions.items()}

    def _resolve(self, module: _Module, name: str, depth: int) -> Export:
        """Find what `name` is in `module`: a definition there, or what an import or an alias names."""
        statement = _binding(module.tree, name)
        if statement is None:
            return self._submodule(module, name) or Export("value", annotation="(undefined)")
        if isinstance(statement, ast.ClassDef):
            target = f"{module.name}.{name}"
            if target not in self.definitions:
                self.definitions[target] = self._class(module, statement, depth)
            return Export("class", target=target)
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            target = f"{module.name}.{name}"
            self.functions.setdefault(target, read_function(statement))
            return Export("function", target=target)
        if isinstance(statement, ast.ImportFrom):
            return self._imported(module, statement, name, depth)
        if isinstance(statement, ast.Import):
            return Export("module", target=next(alias.name for alias in statement.names if _bound(alias) == name))
        return self._value(module, statement, depth)

    def _class(self, module: _Module, statement: ast.ClassDef, depth: int) -> ClassInfo:
        """Read a class with what it inherits from the package's own classes: a member moved to a base is kept."""
        info = read_class(statement, module.name)
        attributes, methods = list(info.attributes), list(info.methods)
        for base in statement.bases:
            if not isinstance(base, ast.Name) or depth >= MAX_REEXPORTS:
                continue
            resolved = self._resolve(module, base.id, depth + 1)
            parent = self.definitions.get(resolved.target) if resolved.kind == "class" else None
            if parent is None or parent.kind == "enum":
                continue
            attributes.extend(item for item in parent.attributes if item.name not in {a.name for a in attributes})
            methods.extend(item for item in parent.methods if item.name not in {m.name for m in methods})
        return dataclasses.replace(info, attributes=tuple(attributes), methods=tuple(methods))

    def _imported(self, module: _Module, statement: ast.ImportFrom, name: str, depth: int) -> Export:
        """Follow `from X import Y [as name]` into the package; a name from elsewhere is a value of that origin."""
        original = next(alias.name for alias in statement.names if _bound(alias) == name)
        source = _absolute(module, statement)
        target = self.modules.get(source)
        if target is None or depth >= MAX_REEXPORTS:
            return Export("value", annotation=f"{source}.{original}", value=f"from {source} import {original}")
        return self._resolve(target, original, depth + 1)

    def _submodule(self, module: _Module, name: str) -> Export | None:
        """Resolve a name of a package that is one of its submodules."""
        dotted = f"{module.name}.{name}"
        return Export("module", target=dotted) if module.is_package and dotted in self.modules else None

    def _value(self, module: _Module, statement: ast.Assign | ast.AnnAssign, depth: int) -> Export:
        """Resolve a module-level value: an alias of a class or function is that definition, else a typed value."""
        value = statement.value
        if isinstance(value, ast.Name) and depth < MAX_REEXPORTS and value.id != _target_name(statement):
            aliased = self._resolve(module, value.id, depth + 1)
            if aliased.kind in {"class", "function"}:
                return aliased
        annotation = _unparse(statement.annotation) if isinstance(statement, ast.AnnAssign) else ""
        return Export("value", annotation=_value_type(annotation, value), value=_unparse(value))


def _bind_self(info: ClassInfo) -> ClassInfo:
    """Read `Self` in the return annotations of a class's methods as the class: `Client.with_options() -> Client`."""
    methods = tuple(
        dataclasses.replace(method, returns=info.name) if method.returns == "Self" else method
        for method in info.methods
    )
    return dataclasses.replace(info, methods=methods)


def _is_public_module(dotted: str) -> bool:
    """Whether a module is public and not an endpoint or model module (those have surfaces of their own)."""
    parts = dotted.split(".")[1:]
    if parts[:1] in (["api"], ["models"]):
        return False
    return not any(part.startswith("_") for part in parts)


def _public_names(tree: ast.Module) -> list[str]:
    """Return a module's `__all__` when it spells one out, else its top-level names without a leading `_`."""
    for statement in tree.body:
        if not isinstance(statement, ast.Assign | ast.AnnAssign) or _target_name(statement) != "__all__":
            continue
        value = statement.value
        if isinstance(value, ast.List | ast.Tuple) and all(
            isinstance(item, ast.Constant) and isinstance(item.value, str) for item in value.elts
        ):
            return sorted({str(item.value) for item in value.elts if isinstance(item, ast.Constant)})
    names: set[str] = set()
    for statement in tree.body:
        if isinstance(statement, ast.Import):
            continue  # a module imported for use is no part of the API
        if isinstance(statement, ast.ImportFrom) and not statement.level and statement.module != PACKAGE:
            continue
        names |= _bound_names(statement)
    return sorted(name for name in names if not name.startswith("_"))


def _bound_names(statement: ast.stmt) -> set[str]:
    """Return the names a top-level statement binds."""
    if isinstance(statement, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
        return {statement.name}
    if isinstance(statement, ast.Import | ast.ImportFrom):
        return {_bound(alias) for alias in statement.names if alias.name != "*"}
    if isinstance(statement, ast.Assign):
        return {target.id for target in statement.targets if isinstance(target, ast.Name)}
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) and statement.value is not None:
        return {statement.target.id}
    return set()


Definition = ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
Binding = Definition | ast.Import | ast.ImportFrom | ast.Assign | ast.AnnAssign


def _binding(tree: ast.Module, name: str) -> Binding | None:
    """Find the last top-level statement binding `name`, else one in `if TYPE_CHECKING:` or `try:` (lazy exports)."""
    found: Binding | None = None
    for statement in tree.body:
        if name in _bound_names(statement) and isinstance(statement, Binding):
            found = statement
    if found is not None:
        return found
    for statement in tree.body:
        if isinstance(statement, ast.If | ast.Try):
            nested = ast.Module(body=[*statement.body, *getattr(statement, "orelse", [])], type_ignores=[])
            inner = _binding(nested, name)
            if inner is not None:
                return inner
    return None


def _bound(alias: ast.alias) -> str:
    """Return the name an import binds."""
    return alias.asname or alias.name.partition(".")[0]


def _absolute(module: _Module, statement: ast.ImportFrom) -> str:
    """Return the dotted module a `from ... import` reads from, a relative one resolved against `module`."""
    if not statement.level:
        return statement.module or ""
    parts = module.name.split(".")
    base = parts if module.is_package else parts[:-1]
    base = base[: len(base) - (statement.level - 1)] if statement.level > 1 else base
    return ".".join([*base, statement.module] if statement.module else base)


def _target_name(statement: ast.Assign | ast.AnnAssign) -> str:
    """Return the name an assignment binds (the first, for `a = b = ...`)."""
    target = statement.target if isinstance(statement, ast.AnnAssign) else statement.targets[0]
    return target.id if isinstance(target, ast.Name) else ""


def _value_type(annotation: str, value: ast.expr | None) -> str:
    """Return a value's type: its annotation (not `Final`), else what its code shows (a callee, a literal's type)."""
    stripped = annotation.removeprefix("Final[").removesuffix("]") if annotation.startswith("Final[") else annotation
    if stripped and stripped not in {"Final", "typing.Final"}:
        return stripped
    if isinstance(value, ast.Call):
        return _unparse(value.func)
    if isinstance(value, ast.Constant):
        return type(value.value).__name__
    if isinstance(value, ast.List | ast.Tuple | ast.Set | ast.Dict):
        return type(value).__name__.lower()
    return _unparse(value)  # a type alias, or an expression whose code is the best account of its type


def read_function(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Function:
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


def read_class(node: ast.ClassDef, module: str) -> ClassInfo:
    """Read a class: an enum's members, or a model's or plain class's attributes, properties and methods."""
    bases = tuple(_unparse(base) for base in node.bases)
    if any(base.rpartition(".")[2].endswith("Enum") for base in bases):
        members = tuple(
            (statement.targets[0].id, ast.unparse(statement.value))
            for statement in node.body
            if isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        )
        return ClassInfo(node.name, module, "enum", members=members, bases=bases)
    attributes = [
        Attribute(statement.target.id, _unparse(statement.annotation), _attribute_default(statement.value))
        for statement in node.body
        if isinstance(statement, ast.AnnAssign)
        and isinstance(statement.target, ast.Name)
        and not statement.target.id.startswith("_")
    ]
    methods: dict[str, Function] = {}
    for statement in node.body:
        if not isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef) or not _is_public_method(statement.name):
            continue
        decorators = {_unparse(decorator).rpartition(".")[2] for decorator in statement.decorator_list}
        if decorators & {"property", "cached_property", "lazy_attribute"}:  # lazy_attribute: the runtime's own
            attributes.append(Attribute(statement.name, _unparse(statement.returns), "(property)"))
        elif not any(decorator.endswith(("setter", "deleter")) for decorator in decorators):
            methods[statement.name] = read_function(statement)
    decorated = any(_unparse(decorator).endswith("define") for decorator in node.decorator_list)
    return ClassInfo(
        node.name,
        module,
        "model" if decorated else "class",
        attributes=tuple(attributes),
        bases=bases,
        methods=tuple(methods.values()),
    )


def _is_public_method(name: str) -> bool:
    """Tell whether callers use a method: a public one, the constructor, or a protocol dunder (`__enter__`)."""
    if name.startswith("__") and name.endswith("__"):
        return name not in IGNORED_DUNDERS
    return not name.startswith("_")


def _attribute_default(value: ast.expr | None) -> str | None:
    """Return an attribute's default as code; an attrs `field()` without default, factory or `init=False` has none.

    A default is a value, never an annotation: a string default is shown quoted (`'EUR'`), so `"1"` and `1` differ.
    """
    if value is None:
        return None
    if isinstance(value, ast.Call) and _unparse(value.func).endswith("field"):
        keywords = {keyword.arg: keyword.value for keyword in value.keywords}
        for key in ("default", "factory"):
            if key in keywords:
                return ast.unparse(keywords[key]) if key == "default" else f"factory={ast.unparse(keywords[key])}"
        init = keywords.get("init")
        return "(not in __init__)" if isinstance(init, ast.Constant) and init.value is False else None
    return ast.unparse(value)


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


def members(annotation: str, aliases: Mapping[str, str] | None = None) -> frozenset[str]:
    """Split an `A | B | C` annotation into its members, each alias of a class spelled as the class it names."""
    try:
        tree = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return frozenset({annotation})
    if aliases:
        tree = _Unalias(aliases).visit(tree)
    found: list[str] = []
    pending: list[ast.expr] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            pending.extend((node.left, node.right))
        else:
            found.append(ast.unparse(node))
    return frozenset(found)


class _Unalias(ast.NodeTransformer):
    """Rewrites each name that is an alias of a class to the class's own name."""

    def __init__(self, aliases: Mapping[str, str]) -> None:
        """Keep the alias map."""
        self.aliases = aliases

    def visit_Name(self, node: ast.Name) -> ast.Name:
        """Spell an alias as its class."""
        return ast.Name(id=self.aliases.get(node.id, node.id), ctx=node.ctx)


def names_in(annotation: str) -> set[str]:
    """Every name an annotation mentions (classes it refers to)."""
    try:
        tree = ast.parse(annotation, mode="eval")
    except SyntaxError:
        return set()
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    return names
