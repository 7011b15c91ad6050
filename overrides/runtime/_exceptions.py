"""The client's errors, gathered from the three modules that hold them (the names other modules import).

- `_error_classes`: the hierarchy rooted at `FinanceAPIError` (the public `errors` module re-exports it), and
  how each error pickles and copies;
- `_error_responses`: building an error from a response (status → class, the error envelope's messages), a
  decode error from a bad body, and connection errors from httpx2 exceptions (`translate_transport_errors`);
- `_redaction`: what a message or a pickle may show of the request (credentials and the workspace ID masked).
"""

from __future__ import annotations

from ._error_classes import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientConfigurationError,
    ConflictError,
    FinanceAPIError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    ResponseTooLargeError,
    ServerError,
    UnprocessableEntityError,
    UnsuccessfulResponseError,
)
from ._error_responses import (
    decode_error,
    error_from_response,
    is_json_content_type,
    may_be_json,
    raise_for_status,
    translate_transport_errors,
)
from ._redaction import WORKSPACE_HEADER_EXTENSION
from ._redaction import WireHeaders as _WireHeaders
from ._redaction import WireRequest as _WireRequest
from ._redaction import WireResponse as _WireResponse
from ._redaction import unpickle as _unpickle

__all__ = [
    "WORKSPACE_HEADER_EXTENSION",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientConfigurationError",
    "ConflictError",
    "FinanceAPIError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
    "ResponseTooLargeError",
    "ServerError",
    "UnprocessableEntityError",
    "UnsuccessfulResponseError",
    "decode_error",
    "error_from_response",
    "is_json_content_type",
    "may_be_json",
    "raise_for_status",
    "translate_transport_errors",
]

# Pickles made by 2.3.0 and earlier name the classes and their helpers here (`..._exceptions._unpickle`, ...).
# So do this version's: an error pickled by either side of an upgrade unpickles on the other (a task queue
# mid-rollout), and a traceback shows the class's path as before.
for _name in __all__:
    _value = globals()[_name]
    if isinstance(_value, type):
        _value.__module__ = __name__
for _helper, _earlier_name in (
    (_unpickle, "_unpickle"),
    (_WireRequest, "_WireRequest"),
    (_WireResponse, "_WireResponse"),
    (_WireHeaders, "_WireHeaders"),
):
    _helper.__module__, _helper.__qualname__ = __name__, _earlier_name
