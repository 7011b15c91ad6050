"""The response size limit, counted after decompression (issue #22, item 2).

Real bombs from a server on 127.0.0.1: gzip and deflate of 1 GiB of zeros (1 MiB on the wire, the format's
best ratio), brotli and zstd of 1 GiB (a few kilobytes). The memory the call holds is measured with
tracemalloc: it must stay near the limit, never near the gigabyte.
"""

from __future__ import annotations

import asyncio
import tracemalloc
import zlib
from typing import TYPE_CHECKING, Self

import httpx2
import pytest

from iqm_finance_client import AsyncClient, Client, _limits
from iqm_finance_client._base_client import DEFAULT_MAX_RESPONSE_BYTES
from iqm_finance_client._limits import STEP
from iqm_finance_client.api.invoices import download_invoice
from iqm_finance_client.api.payments import list_customer_payments
from iqm_finance_client.errors import APIConnectionError, NotFoundError, ResponseTooLargeError
from tests.client.rawserver import TOKEN, Conn, RawServer, response

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

MiB = 1 << 20
GiB = 1 << 30
# What a call may hold past the limit: one decoding step (and the test's own allocations).
MARGIN = STEP + MiB


def _httpx2_decodes(coding: str) -> bool:
    from httpx2 import _decoders  # noqa: PLC0415 -- which optional decoders this httpx2 found

    return coding in _decoders.SUPPORTED_DECODERS


def _deflate_raw(total: int) -> bytes:
    """A raw deflate stream of `total` zero bytes, built from one compressed 1 MiB block repeated.

    After a full flush a deflate compressor starts afresh, so every further 1 MiB of zeros compresses to the
    same bytes: 1 GiB costs one compression of 2 MiB rather than of the whole gigabyte.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    zeros = bytes(MiB)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    return first + block * (total // MiB - 1) + compressor.flush()


def _brotli(total: int) -> bytes:
    import brotli  # noqa: PLC0415 -- optional, as for httpx2

    compressor = brotli.Compressor(quality=5)
    zeros = bytes(MiB)
    return b"".join([compressor.process(zeros) for _ in range(total // MiB)] + [compressor.finish()])


def _zstd(total: int) -> bytes:
    try:
        from compression import zstd  # type: ignore[import-not-found,unused-ignore] # noqa: PLC0415
    except ImportError:
        from backports import zstd  # type: ignore[no-redef,unused-ignore] # noqa: PLC0415
    compressor = zstd.ZstdCompressor(level=3)
    zeros = bytes(MiB)
    return b"".join([compressor.compress(zeros) for _ in range(total // MiB)] + [compressor.flush()])


def _encode(coding: str, total: int) -> bytes:
    """`total` zero bytes in `coding`; the trailers' checksums are not computed (the client stops long before)."""
    if coding == "gzip":
        return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + _deflate_raw(total) + bytes(8)
    if coding == "deflate":
        return b"\x78\x9c" + _deflate_raw(total) + bytes(4)
    if coding == "br":
        return _brotli(total)
    return _zstd(total)


CODINGS = ["gzip", "deflate", "br", "zstd"]


@pytest.fixture(scope="session")
def bombs() -> dict[str, bytes]:
    """1 GiB of zeros in each content coding this httpx2 decodes, built once a session."""
    return {coding: _encode(coding, GiB) for coding in CODINGS if _httpx2_decodes(coding)}


def _coding(bombs: dict[str, bytes], coding: str) -> bytes:
    if coding not in bombs:
        pytest.skip(f"this httpx2 does not decode {coding} (its optional package is not installed)")
    return bombs[coding]


def serving(body: bytes, *, coding: str | None = None, status: str = "200 OK") -> Callable[[Conn, bytes], bool]:
    headers = {"Content-Encoding": coding} if coding else {}
    data = response(body, status=status, headers=headers)

    def answer(conn: Conn, _head: bytes) -> bool:
        conn.send(data)
        return True

    return answer


def client_of(server: RawServer, **options: object) -> Client:
    return Client(server.url, token=TOKEN, ow_id=1234, **options)  # type: ignore[arg-type]


class Peak:
    """The most memory traced while the block ran, beyond what was held when it began."""

    def __init__(self) -> None:
        self.bytes = 0

    def __enter__(self) -> Self:
        tracemalloc.start()
        tracemalloc.reset_peak()
        self._start = tracemalloc.get_traced_memory()[0]
        return self

    def __exit__(self, *_exc: object) -> None:
        self.bytes = tracemalloc.get_traced_memory()[1] - self._start
        tracemalloc.stop()


@pytest.fixture
def peak() -> Iterator[Peak]:
    """A tracemalloc measure of one block (`with peak: ...`, then `peak.bytes`)."""
    measure = Peak()
    yield measure
    if tracemalloc.is_tracing():
        tracemalloc.stop()


@pytest.mark.parametrize("coding", CODINGS)
def test_a_bomb_at_the_default_limit_raises_holding_no_more_than_the_limit(bombs, coding, peak):
    bomb = _coding(bombs, coding)
    with RawServer(serving(bomb, coding=coding)) as server, client_of(server, max_retries=0) as client:
        assert client.max_response_bytes == DEFAULT_MAX_RESPONSE_BYTES
        with peak, pytest.raises(ResponseTooLargeError) as raised:
            list_customer_payments.sync(client=client, search_field="secret-query")
    assert raised.value.limit == DEFAULT_MAX_RESPONSE_BYTES
    message = str(raised.value)
    assert "GET /api/v3/fa/" in message
    assert str(DEFAULT_MAX_RESPONSE_BYTES) in message
    assert "secret-query" not in message
    assert TOKEN not in message
    assert peak.bytes < DEFAULT_MAX_RESPONSE_BYTES + MARGIN


@pytest.mark.parametrize("coding", CODINGS)
def test_a_bomb_under_a_small_limit_raises_from_a_resource_method_sync_and_async(bombs, coding, peak):
    bomb = _coding(bombs, coding)
    with RawServer(serving(bomb, coding=coding)) as server:
        with client_of(server, max_response_bytes=MiB) as client, peak, pytest.raises(ResponseTooLargeError):
            client.payments.list_customer_payments()
        assert peak.bytes < MiB + MARGIN

        async def call() -> None:
            async with AsyncClient(server.url, token=TOKEN, max_response_bytes=MiB) as client:
                await client.payments.list_customer_payments()

        with peak, pytest.raises(ResponseTooLargeError):
            asyncio.run(call())
        assert peak.bytes < MiB + MARGIN + MiB  # the event loop's own allocations besides


@pytest.mark.parametrize("coding", CODINGS)
def test_a_body_of_exactly_the_limit_passes_and_one_byte_more_does_not(bombs, coding):
    _coding(bombs, coding)
    body = b'{"success": true, "data": {"data": [], "totalRecords": 0, "filteredRecords": 0}}' + b" " * 4000
    with RawServer(serving(_small(coding, body), coding=coding)) as server, client_of(server) as client:
        exact = client.with_options(max_response_bytes=len(body))
        raw = exact.payments.with_raw_response.list_customer_payments()
        assert raw.http_response.content == body
        assert raw.headers["content-encoding"] == coding  # the server's headers, as they came
        assert list(raw.parse()) == []
        with pytest.raises(ResponseTooLargeError):
            client.with_options(max_response_bytes=len(body) - 1).payments.list_customer_payments()


def test_a_plain_body_of_exactly_the_limit_passes_and_one_byte_more_does_not():
    # The usual head on the Client's own pools, judged from the length its stream found framing it (`plain_length`).
    body = b'{"success": true, "data": {"data": [], "totalRecords": 0, "filteredRecords": 0}}' + b" " * 4000
    with RawServer(serving(body)) as server, client_of(server) as client:
        exact = client.with_options(max_response_bytes=len(body))
        answer = exact.payments.with_raw_response.list_customer_payments().http_response
        assert answer.content == body
        # Judged by the length the stream found framing the head, not by the parsed headers.
        assert answer.extensions["network_stream"].plain_length == len(body)
        with pytest.raises(ResponseTooLargeError):
            client.with_options(max_response_bytes=len(body) - 1).payments.list_customer_payments()


def _small(coding: str, body: bytes) -> bytes:
    if coding == "gzip":
        return zlib.compress(body, wbits=31)
    if coding == "deflate":
        return zlib.compress(body)
    if coding == "br":
        import brotli  # noqa: PLC0415

        return bytes(brotli.compress(body))
    try:
        from compression import zstd  # type: ignore[import-not-found,unused-ignore] # noqa: PLC0415
    except ImportError:
        from backports import zstd  # type: ignore[no-redef,unused-ignore] # noqa: PLC0415
    return bytes(zstd.compress(body))


def test_none_lifts_the_limit():
    body = bytes(40 * MiB)
    gzipped = zlib.compress(body, wbits=31)
    with RawServer(serving(gzipped, coding="gzip")) as server, client_of(server) as client:
        with pytest.raises(ResponseTooLargeError):
            client.payments.with_raw_response.list_customer_payments()
        raw = client.with_options(max_response_bytes=None).payments.with_raw_response.list_customer_payments()
        assert len(raw.http_response.content) == len(body)


def test_a_plain_body_that_declares_too_many_bytes_is_refused_before_it_is_read():
    with (
        RawServer(serving(bytes(2 * MiB))) as server,
        client_of(server, max_response_bytes=MiB) as client,
        pytest.raises(ResponseTooLargeError),
    ):
        client.payments.list_customer_payments()


def test_an_error_status_body_is_limited_too(bombs):
    bomb = _coding(bombs, "gzip")
    answer = serving(bomb, coding="gzip", status="503 Service Unavailable")
    with (
        RawServer(answer) as server,
        client_of(server, max_response_bytes=MiB, max_retries=0) as client,
        pytest.raises(ResponseTooLargeError),
    ):
        client.payments.list_customer_payments()


@pytest.mark.parametrize("status", ["500 Internal Server Error", "200 OK"], ids=["error-status", "wrong-type"])
def test_the_error_body_of_a_streamed_download_is_limited_too(bombs, status, tmp_path: Path, peak):
    # Not a file (an error status, or a JSON body where a PDF was expected): its body is read for the error,
    # bounded as a non-streamed body is.
    bomb = _coding(bombs, "gzip")
    headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
    data = response(bomb, status=status, headers=headers)

    def answer(conn: Conn, _head: bytes) -> bool:
        conn.send(data)
        return True

    with RawServer(answer) as server, client_of(server, max_response_bytes=MiB, max_retries=0) as client:
        with peak, pytest.raises(ResponseTooLargeError):
            download_invoice.sync_stream_to(tmp_path, 5, 79, client=client)
        assert peak.bytes < MiB + MARGIN

        async def call() -> None:
            async with AsyncClient(server.url, token=TOKEN, max_response_bytes=MiB, max_retries=0) as client:
                await download_invoice.asyncio_stream_to(tmp_path, 5, 79, client=client)

        with peak, pytest.raises(ResponseTooLargeError):
            asyncio.run(call())
        assert peak.bytes < MiB + MARGIN + MiB  # the event loop's own allocations besides
    assert list(tmp_path.iterdir()) == []


def test_a_small_error_body_of_a_streamed_download_still_reaches_the_error(tmp_path: Path):
    body = b'{"success": false, "message": "no such invoice"}'
    gzipped = zlib.compress(body, wbits=31)
    headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
    data = response(gzipped, status="404 Not Found", headers=headers)

    def answer(conn: Conn, _head: bytes) -> bool:
        conn.send(data)
        return True

    with RawServer(answer) as server, client_of(server) as client, pytest.raises(NotFoundError) as raised:
        download_invoice.sync_stream_to(tmp_path, 5, 79, client=client)
    assert raised.value.response.content == body
    assert "no such invoice" in str(raised.value)


def test_a_streamed_body_is_the_callers_loop_and_not_limited(tmp_path: Path):
    pdf = b"%PDF-1.7\n" + bytes(3 * MiB)
    headers = {"Content-Type": "application/pdf"}
    data = response(pdf, headers=headers)

    def pdf_answer(conn: Conn, _head: bytes) -> bool:
        conn.send(data)
        return True

    with RawServer(pdf_answer) as server, client_of(server, max_response_bytes=MiB) as client:
        path = download_invoice.sync_stream_to(tmp_path, 5, 79, client=client)
        assert path.read_bytes() == pdf
        with client.invoices.with_streaming_response.download_invoice(5, 79) as streamed:
            assert sum(len(chunk) for chunk in streamed.iter_bytes()) == len(pdf)
        with pytest.raises(ResponseTooLargeError):
            client.invoices.download_invoice(5, 79)  # held in memory: limited


# Each decoder implementation of `_limits`, and the content coding it decodes.
CODING_OF = {"gzip": "gzip", "deflate": "deflate", "br": "br", "zstd-stdlib": "zstd", "zstandard": "zstd"}


@pytest.mark.parametrize("kind", list(CODING_OF))
def test_each_decoder_yields_bounded_pieces_of_a_bomb(kind):
    # Every implementation, the floor's `zstandard` among them, whichever this httpx2 would pick.
    decoder = _limits_decoder(kind)
    bomb = _encode(CODING_OF[kind], 64 * MiB)
    seen = 0
    largest = 0
    for start in range(0, len(bomb), 65536):
        for piece in decoder.decode(bomb[start : start + 65536]):
            largest = max(largest, len(piece))
            seen += len(piece)
        if seen > 16 * MiB:
            break
    assert seen > 16 * MiB
    assert largest <= (STEP if kind in {"gzip", "deflate", "zstd-stdlib"} else 2 * MiB)


@pytest.mark.parametrize("kind", list(CODING_OF))
def test_each_decoder_round_trips_a_body(kind):
    body = b"".join(b"%d," % number for number in range(200_000))
    decoder = _limits_decoder(kind)
    encoded = _small(CODING_OF[kind], body)
    out = [piece for start in range(0, len(encoded), 1000) for piece in decoder.decode(encoded[start : start + 1000])]
    out.extend(decoder.flush())
    assert b"".join(out) == body


def test_raw_deflate_and_stacked_codings_decode_as_httpx2_decodes_them():
    body = b"stacked " * 10_000
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    stacked = zlib.compress(raw_deflate.compress(body) + raw_deflate.flush(), wbits=31)  # deflate, then gzip
    headers = {"Content-Encoding": "deflate, gzip"}
    data = response(stacked, headers=headers)

    def answer(conn: Conn, _head: bytes) -> bool:
        conn.send(data)
        return True

    with RawServer(answer) as server, client_of(server) as client:
        raw = client.payments.with_raw_response.list_customer_payments()
        assert raw.http_response.content == body


def _limits_decoder(kind: str) -> _limits._Decoder:
    if kind == "gzip":
        return _limits._Zlib(zlib.MAX_WBITS | 16)
    if kind == "deflate":
        return _limits._Zlib(zlib.MAX_WBITS)
    if kind == "br":
        return _limits._Brotli(pytest.importorskip("brotli"))
    if kind == "zstd-stdlib":
        try:
            from compression import zstd  # type: ignore[import-not-found,unused-ignore] # noqa: PLC0415
        except ImportError:
            zstd = pytest.importorskip("backports.zstd")
        return _limits._Zstd(zstd)
    return _limits._Zstandard(pytest.importorskip("zstandard"))


def test_brotli_before_1_2_yields_at_most_one_meta_block_per_step():
    # brotli 1.2 without `output_buffer_limit` decodes as brotli before 1.2 does: all the output its input allows.
    pytest.importorskip("brotli")
    decoder = _limits._Brotli(pytest.importorskip("brotli"))
    decoder._bounded = False
    bomb = _brotli(64 * MiB)
    seen = largest = 0
    for start in range(0, len(bomb), 65536):
        for piece in decoder.decode(bomb[start : start + 65536]):
            largest = max(largest, len(piece))
            seen += len(piece)
    assert seen == 64 * MiB
    assert largest <= _limits.OLD_BROTLI_STEP


def test_a_zstandard_frame_that_ends_at_a_chunks_edge_is_followed_by_the_next():
    zstandard = pytest.importorskip("zstandard")
    first, second = b"hello" * 100, b"world" * 100
    decoder = _limits._Zstandard(zstandard)
    pieces = [*decoder.decode(zstandard.compress(first)), *decoder.decode(zstandard.compress(second))]
    pieces.extend(decoder.flush())
    assert b"".join(pieces) == first + second


def _truncated(coding: str) -> bytes:
    return _small(coding, b'{"success": true, "data": {"data": []}}' + b" " * 2000)[:-6]


@pytest.mark.parametrize("coding", CODINGS)
def test_a_truncated_compressed_body_fails_exactly_where_httpx2_fails(bombs, coding):
    _coding(bombs, coding)
    with RawServer(serving(_truncated(coding), coding=coding)) as server:
        with httpx2.Client() as http:
            try:
                http.get(server.url + "/api/v3/fa/customer/payments/list")
            except httpx2.DecodingError:
                httpx2_fails = True
            else:
                httpx2_fails = False
        with client_of(server, max_retries=0) as client:
            try:
                client.payments.with_raw_response.list_customer_payments()
            except APIConnectionError:
                client_fails = True
            else:
                client_fails = False
    assert client_fails is httpx2_fails
    if coding == "zstd":
        assert client_fails  # httpx2 refuses a zstd frame that does not end (zlib and brotli let a cut stream by)


@pytest.mark.parametrize("kind", ["zstd-stdlib", "zstandard"])
def test_each_zstd_decoder_refuses_a_truncated_stream_at_its_end(kind):
    decoder = _limits_decoder(kind)
    pieces = list(decoder.decode(_truncated("zstd")))
    with pytest.raises(httpx2.DecodingError, match="Zstandard data is incomplete"):
        pieces.extend(decoder.flush())
