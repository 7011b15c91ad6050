# Copied from overrides/runtime/_error_classes.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_error_classes.py, then run `nox -s generate`.
"""The one exception hierarchy of the client: the classes, and how each pickles and copies.

```
FinanceAPIError
├── ClientConfigurationError        the Client cannot be built (no token, a bad base URL)
├── APIConnectionError              no response: connection refused or reset, DNS, TLS
│   └── APITimeoutError             no response in time
├── APIStatusError                  a response that says the call failed
│   ├── BadRequestError             400
│   ├── AuthenticationError         401
│   ├── PermissionDeniedError       403
│   ├── NotFoundError               404
│   ├── ConflictError               409
│   ├── UnprocessableEntityError    422
│   ├── RateLimitError              429
│   ├── ServerError                 5xx
│   └── UnsuccessfulResponseError   2xx whose JSON body says `"success": false`
├── ResponseDecodeError             a response whose body does not match the spec
├── ResponseTooLargeError           a response body past the client's `max_response_bytes`
└── PaginationError                 a list whose pages cannot be walked (no next page, or pages that lie)
```

Which class a response becomes, and the message it carries, are built in `_error_responses`; what a message
or a pickle may show of the request (credentials and the workspace ID masked) is decided in `_redaction`.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from ._redaction import detach, request_of_error, secrets_of, unpickle

if TYPE_CHECKING:
    from typing import Any

    import httpx2

__all__ = [
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
]


class FinanceAPIError(Exception):
    """The base of every error this client raises.

    Pickles and copies, subclasses included (`_redaction`'s docstring says what a pickle carries).
    """

    message: str

    def __init__(self, message: str) -> None:
        """Keep the message on `.message` as well as in `args`."""
        super().__init__(message)
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the class, `args` and detached attributes: the keyword-only constructors cannot be re-called.

        The request's headers, body and query never cross, and its credentials are masked wherever echoed.
        """
        secrets = secrets_of(request_of_error(self))
        state = {name: detach(value, secrets) for name, value in vars(self).items()}
        return (unpickle, (type(self), detach(self.args, secrets), state))

    def __copy__(self) -> FinanceAPIError:
        """Make a new error of the same class sharing the attributes (the wire objects are records, not copied)."""
        return unpickle(type(self), self.args, dict(vars(self)))

    def __deepcopy__(self, memo: dict[int, Any]) -> FinanceAPIError:
        """Make a new error of the same class with copied attributes (httpx2 copies its own request and response)."""
        return unpickle(type(self), copy.deepcopy(self.args, memo), copy.deepcopy(dict(vars(self)), memo))


class ClientConfigurationError(FinanceAPIError):
    """The client cannot be set up as asked: no token, or an option with an unusable value."""


class APIConnectionError(FinanceAPIError):
    """The request got no response: the connection failed, was reset, or a protocol error broke it."""

    request: httpx2.Request | None

    def __init__(self, message: str, *, request: httpx2.Request | None) -> None:
        """Keep the request that failed (None only when httpx2 did not attach one)."""
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    """The request got no response in time (connect, read, write or pool timeout)."""


class APIStatusError(FinanceAPIError):
    """The server answered, and the answer says the call failed."""

    response: httpx2.Response
    status_code: int
    headers: httpx2.Headers
    body: bytes
    errors: list[str]

    def __init__(self, message: str, *, response: httpx2.Response, body: bytes, errors: list[str]) -> None:
        """Keep the response, its raw body and the server's error messages."""
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.errors = errors


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized: the token is missing, malformed or expired."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden: the token may not act on this organization workspace."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity: the server refused the request's content."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests."""


class ServerError(APIStatusError):
    """A 5xx status: the server failed."""


class UnsuccessfulResponseError(APIStatusError):
    """A 2xx response whose JSON body says `"success": false`."""


class ResponseDecodeError(FinanceAPIError):
    """A response whose body does not match the spec: malformed JSON, HTML instead of JSON, a wrong type."""

    response: httpx2.Response
    status_code: int
    headers: httpx2.Headers
    body: bytes
    cause: str

    def __init__(self, message: str, *, response: httpx2.Response, body: bytes, cause: str) -> None:
        """Keep the response, its raw body and what was wrong with it."""
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.cause = cause


class ResponseTooLargeError(FinanceAPIError):
    """A response body (counted after decompression) ran past the client's `max_response_bytes`; it was dropped."""

    request: httpx2.Request | None
    limit: int

    def __init__(self, message: str, *, request: httpx2.Request | None, limit: int) -> None:
        """Keep the request whose answer was too large, and the limit it ran past."""
        super().__init__(message)
        self.request = request
        self.limit = limit


class PaginationError(FinanceAPIError):
    """A list's pages cannot be walked: there is no next page, or the server's pages contradict themselves."""
