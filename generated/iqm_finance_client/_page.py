# Copied from overrides/runtime/_page.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_page.py, then run `nox -s generate`.
"""The page types' old home: `SyncPage`, `AsyncPage` and `PageData` live in `pagination`, re-exported here.

The generated resources and `types` name them `_page.SyncPage` / `_page.AsyncPage`; both are the classes of
`pagination`, where the one walk engine under them lives.
"""

from __future__ import annotations

from .pagination import AsyncPage, PageData, SyncPage

__all__ = ["AsyncPage", "PageData", "SyncPage"]
