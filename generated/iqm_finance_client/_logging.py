# Copied from overrides/runtime/_logging.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_logging.py, then run `nox -s generate`.
"""`IQM_LOG=info` or `IQM_LOG=debug`: the package's logger writes to stderr, as `OPENAI_LOG` does for openai.

Without the variable the package adds no handler and configures nothing: an application's own logging
setup decides, and by default nothing of ours is printed (we log at info and debug only). What is logged:
one info line per response (method, path, status, attempt, time) and one debug line per retry; never
headers, query strings or bodies, so never the token.
"""

from __future__ import annotations

import logging
import os
from typing import Final

__all__ = ["ENV_LOG", "configure_from_environment"]

ENV_LOG: Final = "IQM_LOG"
_LEVELS: Final = {"info": logging.INFO, "debug": logging.DEBUG}
_FORMAT: Final = "[%(asctime)s - %(name)s - %(levelname)s] %(message)s"


class _EnvironmentHandler(logging.StreamHandler):  # type: ignore[type-arg] # StreamHandler is generic in typeshed only
    """The stderr handler `IQM_LOG` adds; its own class, so a second call can tell it is already there."""


def configure_from_environment() -> None:
    """Send the package's log to stderr at the level `IQM_LOG` names (`info`, `debug`); otherwise do nothing."""
    level = _LEVELS.get(os.environ.get(ENV_LOG, "").strip().lower())
    if level is None:
        return
    logger = logging.getLogger("iqm_finance_client")
    logger.setLevel(level)
    if not any(isinstance(handler, _EnvironmentHandler) for handler in logger.handlers):
        handler = _EnvironmentHandler()
        handler.setFormatter(logging.Formatter(_FORMAT))
        logger.addHandler(handler)
