# Copied from overrides/runtime/_exceptions.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_exceptions.py, then run `nox -s generate`.
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

# Errors pickled by 2.2.2 and earlier name these here (`iqm_finance_client._exceptions._unpickle`, ...), as
# they name the classes here: kept, so such pickles still load.
_NAMED_BY_EARLIER_PICKLES = (_unpickle, _WireRequest, _WireResponse, _WireHeaders)
