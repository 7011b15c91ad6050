"""Hostile variants of spec/openapi.yaml for the fuzz tests: nodes swapped, dropped, nulled, re-keyed, made `$ref`s.

Shared by the diff, lint and generate fuzzers (a plain module: conftest cannot be imported under importlib mode).
"""

from __future__ import annotations

import copy

from hypothesis import strategies as st

# What a node may be replaced by: each JSON type, texts where numbers belong, refs that dangle or point home.
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=1000),
    st.text(max_size=8),
    st.sampled_from(["#/components/schemas/Nowhere", "#", "#/paths", "#/components/schemas/Payment", "object"]),
    st.builds(lambda ref: {"$ref": ref}, st.sampled_from(["#", "#/components", "#/nope", "other.yaml#/x"])),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["type", "$ref", "allOf", "enum", "200", "content"]), st.none(), max_size=2),
)
# How a node is changed: replaced by junk, its key dropped or made an integer, a `$ref` to itself or its parent
# (a cycle), or an unknown key beside it.
KINDS = ("replace", "drop", "integer-key", "self-ref", "parent-ref", "unknown-key")


def pointers(node: object, at: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every path into a document (keys and indexes), the root included."""
    found = [at]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(pointers(value, (*at, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(pointers(value, (*at, index)))
    return found


def changes(paths: list[tuple[object, ...]]) -> st.SearchStrategy[list[tuple[str, tuple[object, ...], object]]]:
    """One to three changes, each a kind, a path into the document and junk."""
    return st.lists(st.tuples(st.sampled_from(KINDS), st.sampled_from(paths), JUNK), min_size=1, max_size=3)


def apply(document: object, kind: str, path: tuple[object, ...], junk: object) -> object:
    """A copy of `document` with one change made at `path` (none when an earlier change removed the place)."""
    copied: object = copy.deepcopy(document)
    if not path:
        return junk if kind == "replace" else copied
    parent = copied
    for part in path[:-1]:
        if not has(parent, part):
            return copied
        parent = parent[part]  # type: ignore[index] # has() checked it
    last = path[-1]
    if not has(parent, last):
        return copied
    pointer = "#" + "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)
    _change(parent, last, kind, pointer, junk)
    return copied


def _change(parent: object, last: object, kind: str, pointer: str, junk: object) -> None:
    """Make one change to the child `last` of `parent` (at `pointer`)."""
    if kind == "replace":
        parent[last] = junk  # type: ignore[index] # has() checked it
    elif kind == "drop":
        del parent[last]  # type: ignore[attr-defined] # has() checked it
    elif kind == "integer-key" and isinstance(parent, dict):
        parent[len(str(last))] = parent.pop(last)  # an unquoted `200:` loads as an int key
    elif kind == "self-ref":
        parent[last] = {"$ref": pointer}  # type: ignore[index] # has() checked it
    elif kind == "parent-ref":
        parent[last] = {"$ref": pointer.rpartition("/")[0] or "#"}  # type: ignore[index] # has() checked it
    elif kind == "unknown-key" and isinstance(parent[last], dict):  # type: ignore[index] # has() checked it
        parent[last]["gett"] = junk  # type: ignore[index] # a misspelt key, as a hand-edited spec has them


def has(node: object, part: object) -> bool:
    """Whether `node` has a child at `part` (a key of a mapping, an index of a list)."""
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and part < len(node)
