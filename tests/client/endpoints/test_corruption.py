"""Byte-level corruption and transport faults: every answer is a value or a typed error, and never a wrong value.

The oracle: a strict reading of the bytes (RFC 8259 JSON in UTF-8, a leading BOM ignored as its section 8.1 allows,
no NaN, every number exact) turned into the model by `from_dict`. Where the strict reading fails, the call must raise
a `FinanceAPIError`; where it succeeds, the call returns what `from_dict` makes of it (or raises one, when that
does): a money amount that lost digits, or a value read from bytes no strict parser accepts, fails the test.
"""

from __future__ import annotations

import gzip
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iqm_finance_client import models
from iqm_finance_client.errors import APIConnectionError, FinanceAPIError
from tests.client.endpoints.conftest import yaml_number_text
from tests.client.endpoints.spec_support import call_kwargs, operations

if TYPE_CHECKING:
    from collections.abc import Iterator

# A list with money, timestamps and enums, and a detail: the documented samples corrupted here.
SAMPLED = ("listCustomerPayments", "getCustomerFinancialDetails", "listOfferedCredits", "getAvailableBalance")
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class _StrictReadError(Exception):
    """The strict reading refused the bytes."""


def _refuse_constant(name: str) -> Any:
    raise _StrictReadError(name)


def _strict(content: bytes, charset: str | None) -> Any:
    """Read bytes as RFC 8259 JSON exactly: UTF-8 (a BOM ignored), no NaN or Infinity, numbers as Decimal and int.

    A charset the response declares is honoured, as the client transcodes such bodies (overrides/runtime/_endpoint).
    """
    content = content.removeprefix(b"\xef\xbb\xbf")  # RFC 8259 section 8.1: a parser MAY ignore a BOM
    try:
        text = content.decode(charset or "utf-8")
        return json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except (UnicodeError, LookupError, json.JSONDecodeError, RecursionError) as error:
        raise _StrictReadError(str(error)) from None


def _model(operation_id: str) -> Any:
    return getattr(models, operations()[operation_id].ok_schema["$ref"].rsplit("/", 1)[-1])


def _expected(operation_id: str, content: bytes, headers: dict[str, str] | None = None) -> Any:
    """What a call must give for these bytes: the model, or FinanceAPIError when it must raise one."""
    charset = httpx2.Response(200, headers=headers or {}).charset_encoding
    try:
        return _model(operation_id).from_dict(_strict(content, charset))
    except Exception:  # noqa: BLE001 - whatever the strict reading or from_dict refuses, the call must refuse
        return FinanceAPIError


def _unwrapped(result: object, envelope: object) -> object:
    """The part of the envelope model a call returns: `data` for the calls that unwrap it, else the whole."""
    return envelope if isinstance(result, type(envelope)) else getattr(envelope, "data", envelope)


def _sample(operation_id: str) -> bytes:
    """The documented 200 example as the wire would carry it."""
    return yaml_number_text(operations()[operation_id].examples_200()[0][1])


def _answer(server: Any, content: bytes, headers: dict[str, str] | None = None) -> None:
    server.queue(httpx2.Response(200, content=content, headers={"Content-Type": "application/json", **(headers or {})}))


def _assert_call(client: Any, server: Any, operation_id: str, content: bytes, **headers: str) -> None:
    """Serve `content` to a call of the operation and check the outcome against the oracle."""
    operation = operations()[operation_id]
    expected = _expected(operation_id, content, headers)
    _answer(server, content, headers)
    try:
        result = operation.module.sync(client=client, **call_kwargs(operation))
    except FinanceAPIError:
        return  # a typed error is always an allowed outcome
    assert expected is not FinanceAPIError, f"decoded bytes a strict reader refuses: {content[:200]!r}"
    assert result == _unwrapped(result, expected)


@pytest.mark.parametrize("operation_id", SAMPLED)
def test_truncation_at_every_offset_is_a_typed_error(client, server, operation_id):
    sample = _sample(operation_id)
    for offset in range(len(sample)):
        _assert_call(client, server, operation_id, sample[:offset])


INVALID_UTF8 = [
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xf4\x90",
]  # a stray byte, a cut sequence, a surrogate, past U+10FFFF


def _corrupt(sample: bytes, data: st.DataObject) -> bytes:
    """The sample with one byte-level corruption at a drawn place: bytes inserted, replaced, dropped or repeated."""
    offset = data.draw(st.integers(0, len(sample)))
    kind = data.draw(st.sampled_from(["insert", "replace", "delete", "repeat", "bom"]))
    if kind == "bom":
        return b"\xef\xbb\xbf" + sample
    if kind == "delete":
        return sample[:offset] + sample[offset + 1 :]
    if kind == "repeat":
        return sample[:offset] + sample[max(0, offset - 8) : offset] + sample[offset:]  # a few bytes written twice
    junk = data.draw(
        st.one_of(st.sampled_from([*INVALID_UTF8, b"\x00"]), st.integers(0, 31).map(lambda code: bytes([code])))
        if kind == "insert"
        else st.integers(0, 255).map(lambda code: bytes([code]))
    )
    return sample[:offset] + junk + sample[offset + (kind == "replace") :]


@pytest.mark.parametrize("operation_id", SAMPLED)
def test_corrupted_bytes_decode_exactly_or_raise_a_typed_error(client, server, operation_id):
    sample = _sample(operation_id)

    @SETTINGS
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        _assert_call(client, server, operation_id, _corrupt(sample, data))

    run()


def _numbers(value: Any, replacement: str) -> Any:
    """The value with every number replaced by a marker, so the JSON text can carry any number text."""
    if isinstance(value, dict):
        return {key: _numbers(item, replacement) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers(item, replacement) for item in value]
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return replacement
    return value


@pytest.mark.parametrize("operation_id", SAMPLED)
@pytest.mark.parametrize(
    "number",
    ["1e309", "-1e309", "1E+400", "1e-400", "9" * 400, "0." + "1" * 400, "123456789012345678901234567890.123456789"],
)
def test_numbers_past_float_range_are_exact_or_refused(client, server, operation_id, number):
    wire = json.loads(_sample(operation_id))
    marker = "\u0000NUMBER\u0000"
    content = json.dumps(_numbers(wire, marker)).replace(json.dumps(marker), number).encode()
    _assert_call(client, server, operation_id, content)


@pytest.mark.parametrize("operation_id", SAMPLED)
def test_huge_strings_are_kept_whole(client, server, operation_id):
    wire = json.loads(_sample(operation_id))
    huge = "x" * 2**20

    def stretch(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: stretch(item) for key, item in value.items()}
        if isinstance(value, list):
            return [stretch(item) for item in value]
        return value + huge if isinstance(value, str) else value

    _assert_call(client, server, operation_id, json.dumps(stretch(wire)).encode())


@pytest.mark.parametrize("operation_id", SAMPLED)
def test_a_key_written_twice_is_read_as_every_json_parser_reads_it(client, server, operation_id):
    sample = _sample(operation_id)
    # `"success": false` first, then the document's own: the last one holds (RFC 8259 leaves it open; every parser).
    content = sample.replace(b"{", b'{"success": false, ', 1)
    _assert_call(client, server, operation_id, content)


@pytest.mark.parametrize(
    ("content_type", "encode"),
    [
        ("text/html", lambda text: text.encode()),
        ("text/plain; charset=utf-8", lambda text: text.encode()),
        ("application/json; charset=utf-16", lambda text: text.encode("utf-16")),
        ("application/json; charset=latin-1", lambda text: text.replace("a", "\u00e9").encode("latin-1")),
        ("application/octet-stream", lambda text: text.encode()),
        ("", lambda text: text.encode()),
        ("text/html", lambda _text: b"<html><body>502 Bad Gateway</body></html>"),
    ],
)
def test_wrong_content_types_and_encodings_give_a_value_or_a_typed_error(client, server, content_type, encode):
    operation_id = "listCustomerPayments"
    content = encode(_sample(operation_id).decode())
    _assert_call(client, server, operation_id, content, **{"Content-Type": content_type})


class _Stream(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """A body that yields `chunks` and then, if given, raises `fault`: a connection that dies mid-body."""

    def __init__(self, chunks: list[bytes], fault: Exception | None = None) -> None:
        self.chunks = chunks
        self.fault = fault

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks
        if self.fault is not None:
            raise self.fault

    async def __aiter__(self) -> Any:
        for chunk in self.chunks:
            yield chunk
        if self.fault is not None:
            raise self.fault


def _faults(request: httpx2.Request) -> list[Exception]:
    return [
        httpx2.ReadError("connection reset by peer", request=request),
        httpx2.RemoteProtocolError("peer closed connection without sending complete message body", request=request),
        httpx2.ReadTimeout("timed out", request=request),
    ]


@pytest.mark.parametrize("fault", range(3), ids=["reset", "incomplete", "timeout"])
def test_a_connection_that_dies_mid_body_is_an_api_connection_error(client, server, arun, fault):
    operation = operations()["listCustomerPayments"]
    sample = _sample("listCustomerPayments")
    for call in (operation.module.sync, lambda **kwargs: arun(operation.module.asyncio(**kwargs))):
        server.respond_with(
            lambda request: httpx2.Response(
                200,
                headers={"Content-Type": "application/json"},
                stream=_Stream([sample[: len(sample) // 2]], _faults(request)[fault]),
            )
        )
        with pytest.raises(APIConnectionError):
            call(client=client, **call_kwargs(operation))


@pytest.mark.parametrize(
    "content",
    [b"\x1f\x8b\x08\x00garbage", b"not gzip at all", gzip.compress(b'{"success": true}')[:-6]],
    ids=["bad-deflate", "no-header", "truncated"],
)
def test_gzip_that_does_not_inflate_is_a_typed_error(client, server, arun, content):
    operation = operations()["listCustomerPayments"]
    for call in (operation.module.sync, lambda **kwargs: arun(operation.module.asyncio(**kwargs))):
        server.respond_with(
            lambda _request: httpx2.Response(
                200, headers={"Content-Type": "application/json", "Content-Encoding": "gzip"}, stream=_Stream([content])
            )
        )
        with pytest.raises(FinanceAPIError):
            call(client=client, **call_kwargs(operation))


def test_gzip_that_inflates_decodes_as_the_plain_body(client, server):
    sample = _sample("listCustomerPayments")
    expected = _expected("listCustomerPayments", sample)
    server.respond_with(
        lambda _request: httpx2.Response(
            200,
            headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
            stream=_Stream([gzip.compress(sample)]),
        )
    )
    operation = operations()["listCustomerPayments"]
    result = operation.module.sync(client=client, **call_kwargs(operation))
    assert result == _unwrapped(result, expected)


def test_the_async_call_reads_corrupted_bytes_as_the_sync_one_does(client, server, arun):
    operation = operations()["listCustomerPayments"]
    sample = _sample("listCustomerPayments")
    for content in (sample[:-1], b"\xef\xbb\xbf" + sample, sample.replace(b",", b",\x00", 1), sample):
        expected = _expected("listCustomerPayments", content)
        _answer(server, content)
        try:
            result = arun(operation.module.asyncio(client=client, **call_kwargs(operation)))
        except FinanceAPIError:
            continue
        assert result == _unwrapped(result, expected)
