# Copied from overrides/runtime/_deprecations.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_deprecations.py, then run `nox -s generate`.
"""DeprecationWarnings for what the spec deprecates: operations, parameters and model attributes.

The spec marks a part with `deprecated: true`, a sunset date (`x-sunset: YYYY-MM-DD`) and a replacement
(`x-replaced-by`, or a "use X instead" in its description). The generated code calls `warn` when a deprecated
operation is called or a deprecated parameter passed, and `read` when a deprecated attribute is read. Each warning
names the part, its replacement and its sunset date, and is attributed to the caller's line (the first frame outside
this package), once per call site: a loop calling a deprecated operation warns once, not on every call, whatever
the warning filters say. Filter them as usual, e.g. `warnings.filterwarnings("error", category=DeprecationWarning,
module="myapp")` in a test suite.
"""

from __future__ import annotations

import sys
import warnings

_PACKAGE = __name__.rpartition(".")[0]
# (filename, line, message) of each call site already warned.
_warned: set[tuple[str, int, str]] = set()


def message(kind: str, name: str, sunset: str | None, replacement: str | None) -> str:
    """Word the warning: what is deprecated, what replaces it, and when it goes away."""
    text = f"{kind} {name} is deprecated"
    if replacement:
        text += f"; use {replacement} instead"
    if sunset:
        text += f"; the API removes it on {sunset} (its sunset date)"
    return text


def warn(kind: str, name: str, sunset: str | None = None, replacement: str | None = None) -> None:
    """Warn, once per call site outside this package, that a deprecated part was used."""
    depth, filename, line = _caller()
    text = message(kind, name, sunset, replacement)
    # No lock: one a fork left taken would hang the child's first deprecated call; a lost race warns twice.
    if (filename, line, text) in _warned:
        return
    _warned.add((filename, line, text))
    warnings.warn(text, DeprecationWarning, stacklevel=depth)


def read(kind: str, name: str, sunset: str | None = None, replacement: str | None = None) -> None:
    """Warn that a deprecated attribute was read, unless this package read it (encoding a model reads them all)."""
    frame = sys._getframe(2)  # noqa: SLF001 - the frame that read the attribute: 0 read, 1 __getattribute__
    if _inside(frame.f_globals.get("__name__", "")) or frame.f_code.co_filename.startswith("<attrs generated"):
        return  # the package's own code, or a method attrs made for the class (__eq__, __hash__)
    warn(kind, name, sunset, replacement)


def _caller() -> tuple[int, str, int]:
    """Return the stack level of the first frame outside this package (for `warnings.warn`), its file and line."""
    frame = sys._getframe(1)  # noqa: SLF001 - the cheapest way to the caller; warn is frame 1 from here
    depth = 1
    while frame.f_back is not None and _inside(frame.f_globals.get("__name__", "")):
        frame = frame.f_back
        depth += 1
    return depth, frame.f_code.co_filename, frame.f_lineno


def _inside(module: str) -> bool:
    """Whether a module is this package's own."""
    return module == _PACKAGE or module.startswith(_PACKAGE + ".")
