from __future__ import annotations

import concurrent.futures
import copy
import importlib
import inspect
import io
import multiprocessing
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import httpx2
import pytest

from iqm_finance_client import Client, _exceptions
from iqm_finance_client._exceptions import (
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
    decode_error,
    error_from_response,
    raise_for_status,
    translate_transport_errors,
)
from tests.import_graph import import_graph

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType


ERROR_BODY = {"success": False, "errorObjects": [{"error": "Invoice does not belong to the logged in workspace"}]}


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
        (520, ServerError),
        (418, APIStatusError),
        (302, APIStatusError),
        (599, ServerError),
        (600, APIStatusError),
        (999, APIStatusError),
        (99, APIStatusError),
        (0, APIStatusError),
    ],
)
def test_each_status_maps_to_its_class(make_response, status, error_class):
    response = make_response(status, json=ERROR_BODY)

    error = error_from_response(response)

    assert type(error) is error_class
    assert isinstance(error, FinanceAPIError)
    assert error.status_code == status
    assert error.response is response
    assert error.errors == ["Invoice does not belong to the logged in workspace"]
    with pytest.raises(error_class):
        raise_for_status(response)


def test_error_carries_status_headers_body_and_messages(make_response):
    response = make_response(404, json=ERROR_BODY, headers={"X-Request-Id": "abc"})

    error = error_from_response(response)

    assert error.headers["x-request-id"] == "abc"
    assert error.body == response.content
    assert error.message == str(error)
    assert error.message.startswith("GET /api/v3/fa/invoice/list/1 returned 404 Not Found: ")
    assert "Invoice does not belong to the logged in workspace" in error.message


def test_message_names_method_and_path_but_not_the_query(make_response):
    error = error_from_response(make_response(422, json=ERROR_BODY, method="PATCH", path="/api/v3/fa/invoice-cancel/7"))

    assert "PATCH /api/v3/fa/invoice-cancel/7" in error.message
    assert "pageNo" not in error.message
    assert "app.iqm.com" not in error.message


def test_many_server_messages_are_quoted_up_to_a_limit(make_response):
    body = {"success": False, "errorObjects": [{"error": f"problem {n}"} for n in range(8)]}

    error = error_from_response(make_response(422, json=body))

    assert error.errors == [f"problem {n}" for n in range(8)]
    assert "problem 4" in error.message
    assert "problem 5" not in error.message
    assert "(and 3 more)" in error.message


def test_unknown_status_without_reason_phrase(make_response):
    error = error_from_response(make_response(599, content=b""))

    assert isinstance(error, ServerError)
    assert "returned 599 (empty body)" in error.message


def test_success_false_on_a_2xx_raises_unsuccessful_response(make_response):
    response = make_response(200, json={"success": False, "errorObjects": [{"error": "Tax ID is invalid"}]})

    with pytest.raises(UnsuccessfulResponseError) as caught:
        raise_for_status(response)

    assert isinstance(caught.value, APIStatusError)
    assert caught.value.status_code == 200
    assert caught.value.errors == ["Tax ID is invalid"]
    assert "200 OK but the body says success is false: Tax ID is invalid" in caught.value.message


@pytest.mark.parametrize(
    "response_kwargs",
    [
        {"json": {"success": True, "data": {"invoiceId": 1}}},
        {"json": [1, 2, 3]},
        {"json": {"data": "no success flag"}},
        {"content": b""},
        {"content": b"%PDF-1.7 ...", "headers": {"Content-Type": "application/pdf"}},
        {"content": b'{"success": false}', "headers": {"Content-Type": "text/plain"}},
        {"content": b"{not json", "headers": {"Content-Type": "application/json"}},
    ],
)
def test_successful_responses_do_not_raise(make_response, response_kwargs):
    raise_for_status(make_response(200, **response_kwargs))


def test_vendor_json_content_type_is_checked_for_success_false(make_response):
    response = make_response(
        201, content=b'{"success": false}', headers={"Content-Type": "application/problem+json; charset=utf-8"}
    )

    with pytest.raises(UnsuccessfulResponseError):
        raise_for_status(response)


def test_html_error_page_keeps_the_raw_body_out_of_the_message(make_response):
    page = b"<html><body><h1>502 Bad Gateway</h1><p>nginx echo: Authentication: Bearer xyz</p></body></html>"
    response = make_response(502, content=page, headers={"Content-Type": "text/html"})

    error = error_from_response(response)

    assert isinstance(error, ServerError)
    assert error.body == page
    assert error.errors == []
    assert f"({len(page)} bytes of text/html; see .body)" in error.message
    assert "nginx" not in error.message


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe\x00garbage",
        b'{"success": false, "errorObjects": "not a list"}',
        b'{"success": false, "errorObjects": [1, null, {"error": 7}, {"error": ""}, {"nope": "x"}, "plain"]}',
        b'{"success": false, "errorObjects": [{"error": {"nested": true}}]}',
        b"[]",
        b"null",
        b'"a string"',
        b'{"success": false, "message": "Top-level message"}',
        b'{"errorObjects": [{"error": "\\ud800 lone surrogate"}]}',
    ],
)
def test_building_an_error_never_raises(make_response, body):
    response = make_response(400, content=body, headers={"Content-Type": "application/json"})

    error = error_from_response(response)

    assert isinstance(error, BadRequestError)
    assert error.body == body


def test_lenient_error_objects(make_response):
    body = b'{"success": false, "errorObjects": [1, null, {"error": 7}, {"error": " "}, {"nope": "x"}, "plain"]}'

    error = error_from_response(make_response(400, content=body))

    assert error.errors == ["1", "7", "plain"]


def test_top_level_message_is_used_when_there_are_no_error_objects(make_response):
    error = error_from_response(make_response(400, json={"success": False, "message": "Bad page size"}))

    assert error.errors == ["Bad page size"]


def test_error_of_an_unread_streamed_response_reads_its_body():
    def handler(_request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(404, json=ERROR_BODY)

    with httpx2.Client(transport=httpx2.MockTransport(handler), base_url="https://app.iqm.com") as client:
        request = client.build_request("GET", "/api/v3/fa/x")
        response = client.send(request, stream=True)
        try:
            error = error_from_response(response)
        finally:
            response.close()

    assert isinstance(error, NotFoundError)
    assert error.errors == ["Invoice does not belong to the logged in workspace"]


def test_decode_error_carries_the_response_and_the_cause(make_response):
    response = make_response(200, content=b"<html>maintenance</html>", headers={"Content-Type": "text/html"})
    cause = ValueError("malformed JSON: invalid character (byte 0)")

    error = decode_error(response, cause)

    assert isinstance(error, ResponseDecodeError)
    assert isinstance(error, FinanceAPIError)
    assert error.status_code == 200
    assert error.headers["content-type"] == "text/html"
    assert error.body == b"<html>maintenance</html>"
    assert error.cause == "ValueError: malformed JSON: invalid character (byte 0)"
    # Not chained: a cause may quote what the server sent (an echoed token); its redacted text is `.cause`.
    assert error.__cause__ is None
    assert error.__suppress_context__
    assert error.message.startswith("GET /api/v3/fa/invoice/list/1 returned 200 OK with a body that does not match")
    assert "(text/html)" in error.message


def test_decode_error_accepts_a_text_cause(make_response):
    error = decode_error(make_response(200, json={"success": True}), "expected a file of type application/pdf")

    assert error.cause == "expected a file of type application/pdf"
    assert error.__cause__ is None


def test_messages_never_carry_the_token(make_response, token):
    echoed = {"success": False, "errorObjects": [{"error": f"Invalid token: Bearer {token}"}]}
    request_headers = {"Authentication": f"Bearer {token}", "X-IAA-OW-ID": "1234"}
    response = make_response(401, json=echoed, request_headers=request_headers)

    error = error_from_response(response)
    decode = decode_error(response, TypeError(f"cannot use {token}"))

    for text in (str(error), repr(error), error.message, str(decode), repr(decode), decode.cause, *error.errors):
        assert token not in text
    assert "Invalid token: [redacted]" in error.message
    assert "1234" not in error.message  # no request header value is quoted


def test_other_credential_headers_are_redacted_too(make_response):
    echoed = {"success": False, "errorObjects": [{"error": "cookie session=abcdef123 rejected"}]}
    response = make_response(403, json=echoed, request_headers={"Cookie": "session=abcdef123"})

    assert "abcdef123" not in error_from_response(response).message


def _raise_in_client(exc: Exception, method: str = "GET") -> None:
    """Send a request through an httpx2 client whose transport raises `exc`, inside translate_transport_errors."""

    def handler(_request: httpx2.Request) -> httpx2.Response:
        raise exc

    with (
        httpx2.Client(transport=httpx2.MockTransport(handler), base_url="https://app.iqm.com") as client,
        translate_transport_errors(),
    ):
        client.request(method, "/api/v3/fa/payments/list", params={"secret": "q"})


@pytest.mark.parametrize(
    "exc",
    [
        httpx2.ConnectError("[Errno 111] Connection refused"),
        httpx2.ReadError("[Errno 104] Connection reset by peer"),
        httpx2.RemoteProtocolError("Server disconnected without sending a response."),
        httpx2.WriteError("broken pipe"),
        httpx2.ProxyError("proxy said no"),
    ],
)
def test_transport_failures_become_connection_errors(exc):
    with pytest.raises(APIConnectionError) as caught:
        _raise_in_client(exc)

    assert type(caught.value) is APIConnectionError
    assert caught.value.__cause__ is exc
    assert caught.value.__context__ is exc
    assert caught.value.__suppress_context__  # `raise ... from exc`: the traceback shows the cause once
    assert caught.value.request is not None
    assert caught.value.request.url.path == "/api/v3/fa/payments/list"
    assert caught.value.message.startswith("GET /api/v3/fa/payments/list failed before a response arrived")
    assert type(exc).__name__ in caught.value.message
    assert "secret" not in caught.value.message


@pytest.mark.parametrize(
    "exc",
    [httpx2.ReadTimeout("timed out"), httpx2.ConnectTimeout("timed out"), httpx2.PoolTimeout("no connection")],
)
def test_timeouts_become_timeout_errors(exc):
    with pytest.raises(APITimeoutError) as caught:
        _raise_in_client(exc, method="POST")

    assert isinstance(caught.value, APIConnectionError)
    assert caught.value.message.startswith("POST /api/v3/fa/payments/list timed out")


def test_a_transport_error_without_a_request_is_still_translated():
    message = "no request attached"
    with pytest.raises(APIConnectionError) as caught, translate_transport_errors():
        raise httpx2.ConnectError(message)

    assert caught.value.request is None
    assert caught.value.message.startswith("The request failed before a response arrived")


def test_other_exceptions_pass_through_untouched():
    with pytest.raises(KeyError), translate_transport_errors():
        raise KeyError(0)


def test_the_block_binds_nothing_and_can_be_entered_again():
    context = translate_transport_errors()
    with context as bound:
        assert bound is None
    message = "refused"
    with pytest.raises(APIConnectionError), context:  # one shared instance: it holds no state between blocks
        raise httpx2.ConnectError(message)


def test_every_public_error_is_exported():
    public = {name for name in dir(_exceptions) if name[0].isupper() and not name.startswith("_")}

    assert public - {"Final", "NamedTuple", "TYPE_CHECKING"} <= set(_exceptions.__all__)


@pytest.mark.parametrize(
    ("problem", "expected"),
    [
        (
            {
                "title": "Invalid request",
                "detail": "Your request is not valid",
                "validation": [
                    {"location": ["body", "paymentAmount"], "message": "must be number"},
                    {"location": ["body"], "message": "must have required property 'owId'"},
                ],
            },
            ["must be number", "must have required property 'owId'"],
        ),
        ({"title": "Invalid request", "detail": "Your request is not valid"}, ["Your request is not valid"]),
        ({"title": "Invalid request"}, ["Invalid request"]),
    ],
)
def test_problem_details_bodies_give_their_messages(make_response, problem, expected):
    response = make_response(422, json=problem, headers={"Content-Type": "application/problem+json"})

    error = error_from_response(response)

    assert type(error) is UnprocessableEntityError
    assert error.errors == expected


def _every_httpx_exception() -> list[Exception]:
    """One instance of each exception class httpx2 defines, built with the arguments its constructor takes."""
    request = httpx2.Request("GET", "https://app.iqm.com/api/v3/fa/payments/list")
    built: list[Exception] = []
    for name in sorted(dir(httpx2)):
        kind = getattr(httpx2, name)
        if not (isinstance(kind, type) and issubclass(kind, Exception)):
            continue
        if kind is httpx2.HTTPStatusError:
            built.append(kind("status", request=request, response=httpx2.Response(500, request=request)))
        elif not inspect.signature(kind.__init__).parameters.keys() - {"self"}:
            built.append(kind())
        else:
            built.append(kind(f"{name} happened"))
    return built


def test_the_list_of_httpx_exceptions_is_complete():
    # Every exception httpx2 exports (their number differs between its releases, so they are named, not counted).
    exported = {
        name
        for name in httpx2.__all__
        if isinstance(kind := getattr(httpx2, name), type) and issubclass(kind, Exception)
    }
    assert {type(exc).__name__ for exc in _every_httpx_exception()} >= exported
    assert {"ConnectError", "ReadTimeout", "RemoteProtocolError", "HTTPStatusError"} <= exported


@pytest.mark.parametrize("exc", _every_httpx_exception(), ids=lambda exc: type(exc).__name__)
def test_every_httpx_exception_a_transport_raises_is_translated(exc):
    with pytest.raises(APIConnectionError) as caught:
        _raise_in_client(exc)

    expected = APITimeoutError if isinstance(exc, httpx2.TimeoutException) else APIConnectionError
    assert type(caught.value) is expected
    assert caught.value.__cause__ is exc
    assert type(exc).__name__ in caught.value.message
    # httpx2 ties only a RequestError to its request (the Client's retrying transport ties the others).
    tied = isinstance(exc, (httpx2.RequestError, httpx2.HTTPStatusError))
    call = "GET /api/v3/fa/payments/list" if tied else "The request"
    assert caught.value.message.startswith(call + " ")


def test_a_body_that_cannot_be_inflated_is_said_so():
    with pytest.raises(APIConnectionError) as caught:
        _raise_in_client(httpx2.DecodingError("Error -3 while decompressing data: incorrect header check"))
    assert caught.value.message == (
        "GET /api/v3/fa/payments/list got a body that cannot be decoded (DecodingError): "
        "Error -3 while decompressing data: incorrect header check"
    )


def test_the_transports_exception_chain_is_redacted_in_place(token):
    request = httpx2.Request("GET", "https://app.iqm.com/x", headers={"Authentication": f"Bearer {token}"})
    quoted = f"refused Bearer {token}"
    inner = OSError(111, quoted)  # str() reads strerror, which masking its args cannot reach
    middle = RuntimeError(quoted, quoted.encode())
    middle.__context__ = inner
    outer = httpx2.ConnectError(quoted, request=request)
    outer.__cause__ = middle
    outer.add_note(quoted)

    with pytest.raises(APIConnectionError) as caught, translate_transport_errors():
        raise outer

    assert caught.value.__cause__ is outer
    assert str(outer) == "refused [redacted]"
    assert outer.__notes__ == ["refused [redacted]"]
    assert outer.__cause__ is middle
    assert middle.args == ("refused [redacted]", b"refused [redacted]")
    assert middle.__context__ is None  # cut: the OSError still quotes the token
    assert str(inner) == f"[Errno 111] {quoted}"  # left as it was, and no longer reachable


def test_a_long_cause_is_cut_after_it_is_redacted(make_response, token):
    response = make_response(200, json={"success": True}, request_headers={"Authentication": f"Bearer {token}"})
    # The token straddles the cut: cut first, its head would be left in the text.
    cause = "x" * (1000 - 5) + token + "y" * 10_000

    error = decode_error(response, cause)

    assert error.cause == "x" * 995 + "[redacted]"[:5] + "…"
    assert token[:5] not in error.cause.replace("x", "")
    assert len(error.message) < 1200


@pytest.mark.parametrize(
    ("location", "shown"),
    [
        ("https://app.iqm.com/api/v3/fa/next", "(Location: https://app.iqm.com/api/v3/fa/next)"),
        (
            "https://user:hunter2@elsewhere.example:8443/a/b?sig=s3cr3t#frag",
            "(Location: https://elsewhere.example:8443/a/b)",
        ),
        ("/api/v3/fa/moved?token=s3cr3t", "(Location: /api/v3/fa/moved)"),
        ("http://[::1", "(with a Location header that is not a URL)"),
    ],
)
@pytest.mark.parametrize("status", [300, 301, 302, 303, 307, 308])
def test_a_3xx_error_names_its_location_without_query_or_user_info(make_response, status, location, shown):
    error = error_from_response(make_response(status, headers={"Location": location}))

    assert type(error) is APIStatusError
    assert f"returned {status} " in error.message
    assert shown in error.message
    for secret in ("hunter2", "user:", "s3cr3t", "sig=", "frag"):
        assert secret not in error.message


def test_a_3xx_without_location_and_other_statuses_name_none(make_response):
    assert "Location" not in error_from_response(make_response(304)).message
    assert "Location" not in error_from_response(make_response(404, headers={"Location": "/x"})).message


def test_a_location_that_quotes_the_token_is_redacted(make_response, token):
    response = make_response(
        302, headers={"Location": f"/login/{token}"}, request_headers={"Authentication": f"Bearer {token}"}
    )

    error = error_from_response(response)

    assert token not in error.message
    assert "(Location: /login/[redacted])" in error.message


# ---- errors that cross processes: pickle, copy, ProcessPoolExecutor ----

OW_ID = "918273645"
_CALLED = "/api/v3/fa/invoice-approve/7"


def _sent_request(token: str) -> httpx2.Request:
    """A request as the client sends it: the token, the workspace header, a query."""
    headers = {"Authentication": f"Bearer {token}", "X-IAA-OW-ID": OW_ID, "Cookie": "session=c00k1e-value"}
    return httpx2.Request("PATCH", f"https://app.iqm.com{_CALLED}?owId=55&searchField=x", headers=headers)


def _response(token: str, status: int, **kwargs: object) -> httpx2.Response:
    return httpx2.Response(status, request=_sent_request(token), **kwargs)  # type: ignore[arg-type]


def _every_error(token: str) -> dict[str, FinanceAPIError]:
    """One error of every class, built as the client builds them, around a request that holds credentials."""
    body = {"success": False, "errorObjects": [{"error": "Invoice 7 is not pending"}]}
    headers = {"X-Request-Id": "req-1", "Retry-After": "3"}
    built: dict[str, FinanceAPIError] = {
        f"status {status}": error_from_response(_response(token, status, json=body, headers=headers))
        for status in (400, 401, 403, 404, 409, 422, 429, 500, 503, 418, 302, 999)
    }
    built["success false"] = error_from_response(_response(token, 200, json=body))
    built["decode"] = decode_error(
        _response(token, 200, content=b"<html>", headers={"Content-Type": "text/html"}), "not JSON"
    )
    built["connection"] = APIConnectionError("PATCH /x failed", request=_sent_request(token))
    built["connection without request"] = APIConnectionError("The request failed", request=None)
    built["timeout"] = APITimeoutError("PATCH /x timed out", request=_sent_request(token))
    built["too large"] = ResponseTooLargeError("the body ran past 10 bytes", request=_sent_request(token), limit=10)
    built["configuration"] = ClientConfigurationError("No API token")
    built["pagination"] = PaginationError("no next page")
    built["base"] = FinanceAPIError("something")
    return built


_KINDS = sorted(_every_error("t").keys())


def _assert_same_error(before: FinanceAPIError, after: FinanceAPIError) -> None:
    """The fields a caller reads are the same on both; the wire objects are detached, without the query."""
    assert type(after) is type(before)
    assert after.args == before.args
    assert str(after) == str(before)
    assert after.message == before.message
    for name in ("status_code", "errors", "body", "cause", "limit"):
        assert getattr(after, name, None) == getattr(before, name, None), name
    if hasattr(before, "headers"):
        assert list(after.headers.multi_items()) == [
            (name, "[redacted]" if name == "set-cookie" else value) for name, value in before.headers.multi_items()
        ]
    response = getattr(before, "response", None)
    if response is not None:
        assert after.response.status_code == response.status_code
        assert after.response.reason_phrase == response.reason_phrase
        assert after.response.content == before.body
        assert after.response.headers["content-type"] == response.headers["content-type"]
        if response.headers.get("content-type") == "application/json":
            assert after.response.json() == response.json()
    request = getattr(before, "request", None) or (response.request if response is not None else None)
    if request is not None:
        moved = after.response.request if response is not None else after.request
        assert moved.method == request.method
        assert str(moved.url) == f"https://app.iqm.com{request.url.path}"
        assert "authentication" not in moved.headers
        assert "x-iaa-ow-id" not in moved.headers
    elif hasattr(before, "request"):
        assert after.request is None


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
@pytest.mark.parametrize("kind", _KINDS)
def test_every_error_pickles_to_the_same_class_and_fields(token, kind, protocol):
    error = _every_error(token)[kind]

    data = pickle.dumps(error, protocol=protocol)
    after = pickle.loads(data)  # noqa: S301 -- our own bytes

    _assert_same_error(error, after)
    for secret in (token, OW_ID, "c00k1e-value", "searchField"):
        assert secret.encode() not in data


@pytest.mark.parametrize("kind", _KINDS)
def test_every_error_copies(token, kind):
    error = _every_error(token)[kind]
    error.add_note("a note")

    shallow = copy.copy(error)
    deep = copy.deepcopy(error)

    for copied in (shallow, deep):
        assert type(copied) is type(error)
        assert copied is not error
        assert copied.args == error.args
        assert copied.__notes__ == ["a note"]
        for name in ("status_code", "errors", "body", "cause", "limit"):
            assert getattr(copied, name, None) == getattr(error, name, None)
    if hasattr(error, "response"):
        assert shallow.response is error.response  # the wire record is shared by a shallow copy
        assert deep.response is not error.response
        assert deep.response.request.headers["authentication"] == f"Bearer {token}"  # in process: all kept


def test_a_pickled_error_of_a_real_call_holds_no_credential(make_client, token):
    """A token the server echoes, in its body, a header and a cookie, is masked in what crosses; nothing else."""
    echo = {"success": False, "errorObjects": [{"error": f"token Bearer {token} has expired"}]}

    def handler(request: httpx2.Request) -> httpx2.Response:
        assert request.headers["x-iaa-ow-id"] == OW_ID
        headers = {"X-Echo": request.headers["authentication"], "Set-Cookie": "session=c00k1e-value"}
        return httpx2.Response(401, json=echo, headers=headers)

    client: Client = make_client(handler, ow_id=int(OW_ID))
    with pytest.raises(AuthenticationError) as caught:
        client.invoices.approve_invoice(7)
    error = caught.value
    assert error.response.request.headers["authentication"] == f"Bearer {token}"  # in process: what was sent

    data = pickle.dumps(error)
    after = pickle.loads(data)  # noqa: S301 -- our own bytes

    for secret in (token, OW_ID, "c00k1e-value"):
        assert secret.encode() not in data
    assert type(after) is AuthenticationError
    assert after.message == error.message
    assert after.errors == ["token [redacted] has expired"]
    assert after.body == b'{"success":false,"errorObjects":[{"error":"token [redacted] has expired"}]}'
    assert after.headers["x-echo"] == "[redacted]"
    assert after.headers["set-cookie"] == "[redacted]"
    assert after.response.request.method == "PATCH"
    assert after.response.request.url.path == _CALLED


def test_a_pickled_error_drops_its_chain(token):
    request = _sent_request(token)
    try:
        with translate_transport_errors():
            raise httpx2.ConnectError("refused " + token, request=request)
    except APIConnectionError as error:
        caught = error
    assert caught.__cause__ is not None

    after = pickle.loads(pickle.dumps(caught))  # noqa: S301 -- our own bytes

    assert after.__cause__ is None
    assert after.__context__ is None


@pytest.fixture
def error_worker(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The `error_worker` module, importable by name in a spawned child (its folder is put on sys.path)."""
    monkeypatch.syspath_prepend(str(Path(__file__).parent))
    return importlib.import_module("error_worker")


def test_typed_errors_cross_a_process_pool(error_worker):
    """Errors raised in a spawned `ProcessPoolExecutor` worker arrive typed and whole, not as BrokenProcessPool."""
    worker = error_worker
    calls: list[tuple[Callable[..., None], tuple[object, ...], type[FinanceAPIError]]] = [
        (worker.call_failing, (404,), NotFoundError),
        (worker.call_failing, (422,), UnprocessableEntityError),
        (worker.call_failing, (503,), ServerError),
        (worker.call_failing, (999,), APIStatusError),
        (worker.fail_to_configure, (), ClientConfigurationError),
        (worker.fail_to_connect, (), APIConnectionError),
        (worker.raise_pagination_error, (), PaginationError),
    ]
    secrets = (worker.TOKEN, str(worker.OW_ID))
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        futures = [(pool.submit(function, *arguments), expected) for function, arguments, expected in calls]
        for future, expected in futures:
            error = future.exception(timeout=120)
            assert type(error) is expected
            assert isinstance(error, FinanceAPIError)
            # The child's formatted traceback crosses too, as the cause: no credential in it either.
            remote = str(error.__cause__)
            assert all(secret not in remote for secret in secrets)
            assert all(secret not in str(error) for secret in secrets)
            if isinstance(error, APIStatusError):
                assert error.status_code == int(error.response.request.url.path.rsplit("/", 1)[-1])
                assert error.errors == ["refused for [redacted]"]
                assert error.headers["x-request-id"] == f"req-{error.status_code}"
                assert error.response.json()["errorObjects"] == [{"error": "refused for [redacted]"}]
                assert error.message.startswith(f"PATCH /api/v3/fa/invoice-approve/{error.status_code} returned")
            if isinstance(error, APIConnectionError):
                assert error.request is not None
                assert error.request.url.path == "/api/v3/fa/invoice-approve/1"


def test_pickling_the_error_of_an_unread_stream_reads_nothing(token):
    chunks: list[bytes] = []

    def body():  # a stream that records what is read of it
        chunks.append(b"read")
        yield b"{}"

    response = httpx2.Response(500, content=body(), request=_sent_request(token))
    error = ResponseDecodeError("bad", response=response, body=b"", cause="unread")

    after = pickle.loads(pickle.dumps(error))  # noqa: S301 -- our own bytes

    assert chunks == []
    assert after.response.content == b""
    assert after.status_code == 500


class _Point(NamedTuple):
    x: int
    y: int


def test_attributes_a_caller_added_cross_as_they_are_text_masked(token):
    error = APIConnectionError(f"failed for {token}", request=_sent_request(token))
    error.point = _Point(1, 2)  # type: ignore[attr-defined]
    error.attempts = [f"Bearer {token}", 3]  # type: ignore[attr-defined]

    after = pickle.loads(pickle.dumps(error))  # noqa: S301 -- our own bytes

    assert after.point == _Point(1, 2)
    assert type(after.point) is _Point
    assert after.attempts == ["[redacted]", 3]
    assert after.args == ("failed for [redacted]",)


# ---- the workspace ID: masked as the token is, where the server echoes it (whole numbers only) ----

WORKSPACE = "987654321"


def _forbidden(token: str, workspace_header: str | None = None, header: str = "X-IAA-OW-ID") -> httpx2.Response:
    """A 403 whose body, message and headers echo the workspace ID, beside numbers that merely contain it."""
    headers = {"Authentication": f"Bearer {token}", header: WORKSPACE}
    request = httpx2.Request("GET", "https://app.iqm.com/api/v3/fa/available-balance", headers=headers)
    if workspace_header is not None:
        request.extensions[_exceptions.WORKSPACE_HEADER_EXTENSION] = workspace_header
    body = {
        "success": False,
        "errorObjects": [{"error": f"workspace {WORKSPACE} may not read this"}],
        "owId": int(WORKSPACE),
        "invoiceId": int("1" + WORKSPACE + "0"),
        "amount": f"0.{WORKSPACE}",
        "total": f"{WORKSPACE}.5",
    }
    return httpx2.Response(403, json=body, headers={header: WORKSPACE, "X-Request-Id": "req-1"}, request=request)


def _assert_workspace_masked(error: FinanceAPIError, data: bytes) -> None:
    """The pickle holds no whole-number workspace ID; numbers that merely contain its digits are left whole."""
    after = pickle.loads(data)  # noqa: S301 -- our own bytes
    for other in (b"19876543210", b"0.987654321", b"987654321.5"):  # other data, which merely holds its digits
        data = data.replace(other, b"")
    assert WORKSPACE.encode() not in data
    assert type(after) is type(error)
    assert after.message == error.message
    assert after.errors == ["workspace [redacted] may not read this"]
    assert b'"owId":[redacted]' in after.body
    assert b'"invoiceId":19876543210' in after.body
    assert b'"amount":"0.987654321"' in after.body
    assert b'"total":"987654321.5"' in after.body


def test_a_workspace_id_the_server_echoes_never_crosses_a_pickle(token):
    error = error_from_response(_forbidden(token))
    assert WORKSPACE not in error.message  # masked as the token is, so the message is the same after a pickle
    assert error.errors == ["workspace [redacted] may not read this"]

    data = pickle.dumps(error)

    assert token.encode() not in data
    _assert_workspace_masked(error, data)
    after = pickle.loads(data)  # noqa: S301 -- our own bytes
    assert after.headers["x-iaa-ow-id"] == "[redacted]"
    assert after.headers["x-request-id"] == "req-1"
    assert error.headers["x-iaa-ow-id"] == WORKSPACE  # in process: what was received


def test_a_renamed_workspace_header_is_found_by_the_request_extension(token):
    error = error_from_response(_forbidden(token, workspace_header="X-Tenant", header="X-Tenant"))

    data = pickle.dumps(error)

    _assert_workspace_masked(error, data)


def test_without_the_extension_only_the_standard_header_is_the_workspace(token):
    """An arbitrary header is not guessed at: its numbers are data (the extension names a renamed header)."""
    error = error_from_response(_forbidden(token, header="X-Other"))

    assert error.errors == [f"workspace {WORKSPACE} may not read this"]


@pytest.mark.parametrize("workspace", ["7", "42", "123"])
def test_a_workspace_id_shorter_than_four_digits_is_not_masked(workspace):
    """Masking every `7` would destroy the body; an ID of 1-3 digits is left as it is (documented)."""
    request = httpx2.Request("GET", "https://app.iqm.com/x", headers={"X-IAA-OW-ID": workspace})
    response = httpx2.Response(403, json={"id": int(workspace), "n": 17}, request=request)

    after = pickle.loads(pickle.dumps(error_from_response(response)))  # noqa: S301 -- our own bytes

    assert after.response.json() == {"id": int(workspace), "n": 17}


def test_a_pickled_error_of_a_real_call_holds_no_workspace_id(make_client, token):
    def handler(request: httpx2.Request) -> httpx2.Response:
        workspace = request.headers["x-iaa-ow-id"]
        body = {"success": False, "errorObjects": [{"error": f"workspace {workspace} may not approve"}]}
        return httpx2.Response(403, json=body, headers={"X-IAA-OW-ID": workspace})

    client: Client = make_client(handler, ow_id=int(WORKSPACE))
    with pytest.raises(PermissionDeniedError) as caught:
        client.invoices.approve_invoice(7)

    data = pickle.dumps(caught.value)

    assert WORKSPACE.encode() not in data
    assert token.encode() not in data
    assert pickle.loads(data).errors == ["workspace [redacted] may not approve"]  # noqa: S301 -- our own bytes


def test_a_renamed_workspace_header_is_masked_in_a_pickle_through_a_real_client(token):
    def answer(request: httpx2.Request) -> httpx2.Response:
        echoed = request.headers["X-Tenant"]
        body = {"success": False, "errorObjects": [{"error": f"workspace {echoed} may not read this"}]}
        return httpx2.Response(403, json=body, headers={"X-Tenant": echoed})

    transport = httpx2.MockTransport(answer)
    client = Client(token=token, ow_id=WORKSPACE, workspace_header="X-Tenant", transport=transport)
    with client, pytest.raises(PermissionDeniedError) as raised:
        client.balance.get_available_balance()

    data = pickle.dumps(raised.value)

    assert WORKSPACE.encode() not in data
    assert token.encode() not in data
    assert pickle.loads(data).errors == ["workspace [redacted] may not read this"]  # noqa: S301 -- our own bytes


def test_an_error_pickled_by_2_2_2_still_loads():
    # Pickled by the 2.2.2 package (its classes and pickle helpers all in `_exceptions`); the classes moved, and
    # `_exceptions` still answers the names such a pickle holds.
    data = (Path(__file__).parent / "fixtures" / "error-2.2.2.pickle").read_bytes()
    assert b"iqm_finance_client._exceptions" in data
    assert b"_WireResponse" in data

    after = pickle.loads(data)  # noqa: S301 -- a file of this repository, made by the package itself

    assert type(after) is NotFoundError
    assert (
        after.message == "GET /api/v3/fa/invoices/7 returned 404 Not Found: Invoice 7 of workspace [redacted] not found"
    )
    assert after.errors == ["Invoice 7 of workspace [redacted] not found"]
    assert after.response.status_code == 404
    assert after.response.json()["errorObjects"] == [{"error": "Invoice 7 of workspace [redacted] not found"}]
    assert after.headers["set-cookie"] == "[redacted]"
    assert after.response.request.method == "GET"
    assert str(after.response.request.url) == "https://app.iqm.com/api/v3/fa/invoices/7"


def test_the_error_classes_pickle_by_reference_to_the_module_earlier_versions_named():
    # A pickle names each class in `_exceptions`, as 2.3.0 and earlier did, and that module answers the name.
    for kind in (FinanceAPIError, NotFoundError, ResponseDecodeError):
        assert kind.__module__ == _exceptions.__name__
        module = importlib.import_module(kind.__module__)
        assert getattr(module, kind.__qualname__) is kind


class _RecordingUnpickler(pickle.Unpickler):
    """An unpickler that notes every global a pickle names (module, name) as it loads it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self.named: set[tuple[str, str]] = set()

    def find_class(self, module: str, name: str) -> object:
        self.named.add((module, name))
        return super().find_class(module, name)


def _named_by(data: bytes) -> set[tuple[str, str]]:
    unpickler = _RecordingUnpickler(data)
    unpickler.load()
    return unpickler.named


def test_an_error_pickled_now_names_only_what_an_earlier_version_can_load(make_response):
    # The same error as the fixture's, pickled by this version: every name it holds is one the fixture, made by an
    # earlier version, holds too, so that version can load it (a task queue whose workers are upgraded first).
    earlier = _named_by((Path(__file__).parent / "fixtures" / "error-2.2.2.pickle").read_bytes())
    response = make_response(404, json=ERROR_BODY, path="/api/v3/fa/invoices/7")
    now = _named_by(pickle.dumps(error_from_response(response)))
    assert ("iqm_finance_client._exceptions", "_unpickle") in now
    assert now <= earlier


ERROR_MODULES = ("_error_classes", "_error_responses", "_redaction", "_exceptions")


def test_the_error_modules_import_only_downwards():
    # _redaction knows no error class; _error_classes knows no builder; only _exceptions gathers all three.
    # (Each of them importing alone is tests/client/test_imports.py's, for every module of the package.)
    graph = import_graph(Path(_exceptions.__file__).resolve().parent, type_checking=True, functions=True)
    allowed = {
        "_redaction": set(),
        "_error_classes": {"_redaction"},
        "_error_responses": {"_error_classes", "_redaction"},
    }
    for module, may_import in allowed.items():
        imported = {target.rpartition(".")[2] for target in graph[f"iqm_finance_client.{module}"]}
        assert imported & set(ERROR_MODULES) == may_import, module
