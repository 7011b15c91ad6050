# Copied from overrides/runtime/_types.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_types.py, then run `nox -s generate`.
"""The sentinels and file types the runtime and the generated code share; the generated `types.py` re-exports them.

They live in the runtime so that no runtime module imports a generated one. Only the standard library is imported
here: `_config` (and so `import iqm_finance_client`) loads this module, and stays free of attrs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Final, Literal, final

__all__ = ["NOT_GIVEN", "UNSET", "FileContent", "FileTypes", "NotGiven", "RequestFiles", "Unset"]


class Unset:
    """The type of `UNSET`: a field or argument left out, so nothing is sent for it (None may mean null)."""

    def __bool__(self) -> Literal[False]:
        """Falsy, like the absence it stands for."""
        return False

    def __repr__(self) -> str:
        """`UNSET`."""
        return "UNSET"

    def __reduce__(self) -> str:
        """Pickled by name, so an unpickled model's fields are still `UNSET` itself (`is UNSET` holds)."""
        return "UNSET"


UNSET: Final[Unset] = Unset()


@final
class NotGiven:
    """The type of `NOT_GIVEN`: "not passed" (None means something: no timeout, the environment's value...)."""

    def __repr__(self) -> str:
        """`NOT_GIVEN`."""
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        """Falsy, like the absence it stands for."""
        return False

    def __reduce__(self) -> str:
        """Pickled and copied by name, so `is NOT_GIVEN` holds after (options that hold it compare equal)."""
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

# The types that `httpx2.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]
