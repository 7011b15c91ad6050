"""A YAML spec as JSON data beside its node tree: JSON pointers, and the line of every place, for located messages.

lint, generate and diff all name places the same way through this module: `file:line: #/json/pointer: message`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, TypeAlias
from urllib.parse import unquote

import yaml
from yaml.constructor import ConstructorError

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
    from pathlib import Path

Part: TypeAlias = str | int
Parts: TypeAlias = tuple[Part, ...]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

_MAX_REF_HOPS = 20
# The largest spec read: twice the largest public OpenAPI document we know (GitHub's, about 10 MB); this one is 0.1 MB.
MAX_SPEC_BYTES = 20 * 2**20
# The deepest nesting read: the validators recurse a few frames a level, and spec/openapi.yaml nests 13 deep.
MAX_DEPTH = 100


class UnreadableError(Exception):
    """The file cannot be read, or is not one YAML document; `line` is where the parser stopped, when known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        """Keep the reason and the line."""
        super().__init__(reason)
        self.reason = reason
        self.line = line


class _Reached(NamedTuple):
    """How far a JSON pointer got into a YAML node tree."""

    node: yaml.Node
    line: int  # 1-based; the key's line when the last step was into a mapping
    depth: int  # how many parts of the pointer exist


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its path, its JSON-compatible data, and its node tree for line numbers."""

    path: Path
    data: object
    root: yaml.Node

    def line(self, parts: Sequence[Part], *, follow_refs: bool = True) -> int:
        """Return the line of the place `parts` names, or of its deepest part that exists (`$ref`s followed)."""
        return _reach(self.root, parts, follow_refs=follow_refs).line

    def missing(self, parts: Sequence[Part]) -> str | None:
        """Say which part of a JSON pointer does not exist (no `$ref`s followed), with its parent's line."""
        return missing_part(self.data, parts, line=lambda place: self.line(place, follow_refs=False))


class _JsonLoader(yaml.SafeLoader):
    """A SafeLoader that reads YAML as the JSON it stands for: keys as written, dates as strings, no duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, object]:  # noqa: FBT001, FBT002 - the base class's signature
        """Build a dict keyed by each key's text (as JSON and Redocly see it), refusing a key written twice."""
        _refuse_duplicate_keys(node)
        self.flatten_mapping(node)
        return {_key_text(key): self.construct_object(value, deep=deep) for key, value in node.value}


# Dates in examples are strings on the wire; YAML would otherwise turn `2024-01-31` into a datetime.date.
_JsonLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _key_text(node: yaml.Node) -> str:
    """Return a mapping key's text; a key that is itself a list or mapping has no JSON meaning."""
    if not isinstance(node, yaml.ScalarNode):
        raise ConstructorError(None, None, "a mapping key must be a plain value", node.start_mark)
    return str(node.value)


def _refuse_duplicate_keys(node: yaml.MappingNode) -> None:
    """Raise at the second of two equal keys: YAML keeps the last silently, losing the first definition."""
    seen: set[str] = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value != "<<":
            if key.value in seen:
                message = f"duplicate key {key.value!r}: the first definition would be silently lost"
                raise ConstructorError(None, None, message, key.start_mark)
            seen.add(key.value)


def read(path: Path) -> Document:
    """Read and parse one YAML file as JSON data and node tree; raise UnreadableError saying why and where not."""
    try:
        content = read_bounded(path)
    except OSError as error:
        message = f"cannot read the file: {error.strerror}"
        raise UnreadableError(message) from None
    check_depth(content)
    try:
        return _compose(path, content)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = "; ".join(part for part in (error.problem, error.context) if part)
        message = f"cannot parse YAML: {problem}"
        raise UnreadableError(message, None if mark is None else mark.line + 1) from None
    except yaml.YAMLError as error:
        message = f"cannot parse YAML: {' '.join(str(error).split())}"
        raise UnreadableError(message) from None
    except RecursionError:
        # PyYAML composes recursively: a few hundred levels of nesting exhaust the stack; no spec nests so deep.
        message = "cannot parse YAML: the document nests too deeply"
        raise UnreadableError(message) from None


def read_bounded(path: Path) -> bytes:
    """Read a spec file's bytes, refusing one over MAX_SPEC_BYTES before reading it (UnreadableError)."""
    size = path.stat().st_size
    check_size(size)
    return path.read_bytes()


def check_size(size: int) -> None:
    """Refuse a spec of `size` bytes when it is over MAX_SPEC_BYTES: parsing it would take minutes and gigabytes."""
    if size > MAX_SPEC_BYTES:
        message = f"the file is {size / 2**20:.0f} MiB; a spec may be {MAX_SPEC_BYTES // 2**20} MiB at most"
        raise UnreadableError(message, 1)


def check_depth(content: str | bytes) -> None:
    """Refuse YAML nested deeper than MAX_DEPTH (UnreadableError at the line where it gets too deep).

    On the parser's events, which PyYAML makes without recursing, before anything composes the document recursively.
    A document that does not parse passes here: the composer then says where it breaks.
    """
    # libyaml stops at its own nesting limit with a parse error; PyYAML's parser then finds our limit's line.
    loaders = [getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeLoader]
    for loader in dict.fromkeys(loaders):
        depth = 0
        try:
            for event in yaml.parse(content, Loader=loader):
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        message = (
                            f"the document nests more than {MAX_DEPTH} levels deep; no OpenAPI document needs that"
                        )
                        raise UnreadableError(message, None if event.start_mark is None else event.start_mark.line + 1)
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
        except yaml.YAMLError:
            continue
        return


def _compose(path: Path, content: bytes) -> Document:
    """Compose the node tree and construct the data from that same tree, so pointers and lines agree."""
    loader = _JsonLoader(content)
    try:
        root = loader.get_single_node()
        if root is None:
            message = "the file holds no YAML document"
            raise UnreadableError(message, 1)
        return Document(path, loader.construct_document(root), root)
    finally:
        loader.dispose()


# --- JSON pointers ---------------------------------------------------------------------------------------------------


def to_pointer(parts: Iterable[Part]) -> str:
    """Return the JSON pointer URI fragment (`#/a/b~1c`) of a sequence of keys and indexes."""
    return "#" + "".join(pointer_join("", part) for part in parts)


def pointer_join(parent: str, segment: object) -> str:
    """Append one segment to a JSON pointer, escaping `~` and `/` (RFC 6901)."""
    escaped = str(segment).replace("~", "~0").replace("/", "~1")
    return f"{parent}/{escaped}"


def split_pointer(pointer: str) -> tuple[str, ...]:
    """Split a JSON pointer, with or without the leading `#`, into keys: `#/a/b~1c` gives ('a', 'b/c')."""
    body = pointer.removeprefix("#")
    if not body:
        return ()
    return tuple(part.replace("~1", "/").replace("~0", "~") for part in body.split("/")[1:])


def ref_parts(ref: str) -> tuple[str, ...] | None:
    """Return the parts a local `$ref` (`#/...`) points at, or None for a ref to another document."""
    return split_pointer(unquote(ref)) if ref.startswith("#") else None


def missing_part(data: object, parts: Sequence[Part], *, line: Callable[[Parts], int] | None = None) -> str | None:
    """Say which part of a JSON pointer does not exist in the data (no `$ref`s followed), or None if all do."""
    value = data
    for depth, part in enumerate(parts):
        child = _child_value(value, part)
        if child is _ABSENT:
            parent = to_pointer(parts[:depth]).removeprefix("#") or "the top level"
            where = "" if line is None else f" (line {line(tuple(parts[:depth]))})"
            message = f"no {str(part)!r} under {parent}{where}"
            ref = mapping(value).get("$ref")
            return f"{message}; that place is a $ref to {ref}, point there instead" if isinstance(ref, str) else message
        value = child
    return None


_ABSENT = object()


def _child_value(value: object, part: Part) -> object:
    """Return the child `part` of a dict or list, or _ABSENT."""
    if isinstance(value, dict) and str(part) in value:
        return value[str(part)]
    if isinstance(value, list) and str(part).isdigit() and int(part) < len(value):
        return value[int(part)]
    return _ABSENT


# --- Lines -----------------------------------------------------------------------------------------------------------


def _reach(root: yaml.Node, parts: Sequence[Part], *, follow_refs: bool) -> _Reached:
    """Walk `parts` down the node tree as far as they exist, optionally looking through local `$ref`s."""
    node, line = root, _line_of(root)
    for depth, part in enumerate(parts):
        step = _child(root, node, str(part), follow_refs=follow_refs)
        if step is None:
            return _Reached(node, line, depth)
        node, line = step
    return _Reached(node, line, len(parts))


def _child(root: yaml.Node, node: yaml.Node, part: str, *, follow_refs: bool) -> tuple[yaml.Node, int] | None:
    """Return the child `part` of `node` and its line, looking through a chain of `$ref`s when asked."""
    for _ in range(_MAX_REF_HOPS):
        step = _step(node, part)
        if step is not None or not follow_refs:
            return step
        target = _ref_target(root, node)
        if target is None:
            return None
        node = target
    return None


def _step(node: yaml.Node, part: str) -> tuple[yaml.Node, int] | None:
    """Return the child `part` of a mapping (with the key's line) or of a sequence (with the item's line)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                return value, _line_of(key)
    if isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
        item: yaml.Node = node.value[int(part)]
        return item, _line_of(item)
    return None


def _ref_target(root: yaml.Node, node: yaml.Node) -> yaml.Node | None:
    """Return the node a mapping's local `$ref` points at, if it has one that resolves."""
    step = _step(node, "$ref")
    if step is None or not isinstance(step[0], yaml.ScalarNode):
        return None
    parts = ref_parts(str(step[0].value))
    if parts is None:
        return None
    reached = _reach(root, parts, follow_refs=False)
    return reached.node if reached.depth == len(parts) else None


def _line_of(node: yaml.Node) -> int:
    """Return the 1-based line where a node starts."""
    return int(node.start_mark.line) + 1


def node_lines(node: yaml.Node, pointer: str = "", lines: dict[str, int] | None = None) -> dict[str, int]:
    """Map the pointer of every node below `node` to its line; a mapping entry is placed at its key's line."""
    lines = {"": 1} if lines is None else lines
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = pointer_join(pointer, key.value)
            lines.setdefault(child, key.start_mark.line + 1)
            node_lines(value, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            child = pointer_join(pointer, index)
            lines.setdefault(child, value.start_mark.line + 1)
            node_lines(value, child, lines)
    return lines


# --- Walking the data, whatever its shape --------------------------------------------------------------------------


def mapping(value: object) -> dict[str, object]:
    """Return the value if it is a mapping, else an empty one, so malformed specs are walked without crashing."""
    return value if isinstance(value, dict) else {}


def sequence(value: object) -> list[object]:
    """Return the value if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def lookup(data: object, parts: Sequence[Part]) -> object | None:
    """Return the value at `parts` in the data (no `$ref`s followed), or None when it does not exist."""
    value = data
    for part in parts:
        value = _child_value(value, part)
        if value is _ABSENT:
            return None
    return value


def operations(data: object) -> Iterator[tuple[Parts, dict[str, object]]]:
    """Yield every operation object under paths and webhooks, with its place."""
    root = mapping(data)
    for section in ("paths", "webhooks"):
        for route, item in mapping(root.get(section)).items():
            for method in HTTP_METHODS:
                operation = mapping(item).get(method)
                if isinstance(operation, dict):
                    yield (section, route, method), operation


def refs(value: object, parts: Parts = ()) -> Iterator[tuple[Parts, str]]:
    """Yield every `$ref` string in the data, with the place of the object holding it."""
    for place, item in mappings(value, parts):
        ref = item.get("$ref")
        if isinstance(ref, str):
            yield place, ref


def mappings(data: object, parts: Parts = ()) -> Iterator[tuple[Parts, dict[str, object]]]:
    """Every mapping in the document with its place, depth first (with a stack: no recursion limit to hit)."""
    stack: list[tuple[Parts, object]] = [(parts, data)]
    while stack:
        place, value = stack.pop()
        if isinstance(value, dict):
            yield place, value
            stack.extend(reversed([((*place, str(key)), child) for key, child in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([((*place, index), child) for index, child in enumerate(value)]))
