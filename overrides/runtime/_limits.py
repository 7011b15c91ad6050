"""The response size limit: a body counted after decompression, within the attempt's deadline.

The retrying transport (`_retries`) hands every response of a request not streamed here (the
`STREAM_EXTENSION` request extension flags `with_streaming_response` and `*_stream_to`) to `limit_body`, so
every non-streamed send path (resource methods, module functions, pages, raw responses) gets the limit from
one place:

- A plain body (no content coding, the common case) keeps its stream. On the Client's own pools with a
  `Content-Length` within the limit it is left as it is (h11 reads no byte past that length, and the stream
  keeps the deadline); the usual head is judged from what its stream found framing it (`plain_length`), any
  other from the parsed headers. Otherwise it is wrapped to count the bytes httpx2 reads from it (each network read is
  at most 64 KiB) and to read each chunk within the attempt's deadline.
- A compressed body is read and decoded here, inside the attempt. Why by hand: httpx2 has no size limit, and
  before 2.x's bounded decoders (2.0.0, the floor) each decoder inflates a whole network chunk at once, which
  a bomb turns into gigabytes. So each decoding step is bounded to `STEP` bytes of output (zlib's
  `max_length`, brotli's `output_buffer_limit`, zstd's `max_length`), counted, and dropped past the limit
  (brotli before 1.2 has no `output_buffer_limit`: fed 4 bytes at a time, one step may then yield up to
  `OLD_BROTLI_STEP`, 16 MiB, so a call holds at most the limit plus 16 MiB; brotli 1.2 restores `STEP`);
  the decoded body is then set on a response with the server's headers, so parsing, errors and `.content`
  see what httpx2 would give. The codings decoded are those httpx2 decodes: gzip, deflate, br (with
  `brotli`/`brotlicffi`) and zstd (with `compression.zstd`, `backports.zstd` or `zstandard`); one httpx2
  does not know passes unchanged, as in httpx2.
"""

from __future__ import annotations

import importlib
import time
import zlib
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

import httpx2

from ._deadline import ATTEMPT_DEADLINE, DeadlineHolder, hold_deadline
from ._exceptions import ResponseTooLargeError

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable, Iterable, Iterator

__all__ = [
    "BOUNDS_EXTENSION",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "OLD_BROTLI_STEP",
    "STEP",
    "STREAM_EXTENSION",
    "alimit_body",
    "aread_bounded",
    "limit_body",
    "read_bounded",
    "too_large",
]

# The API's largest bodies are an invoice PDF and a page of records, each a few megabytes at most.
DEFAULT_MAX_RESPONSE_BYTES: Final = 32 * 1024 * 1024

# A request flagged with this extension (any true value) is streamed to the caller: its body is not read here.
STREAM_EXTENSION: Final = "iqm_finance_client.stream"
# The response to such a request carries its bounds in this extension, set by the retrying transport: (the
# attempt's deadline or None, max_response_bytes), for the code that reads an error's body (`read_bounded`).
BOUNDS_EXTENSION: Final = "iqm_finance_client.bounds"
# The most bytes one decoding step may produce: "the limit plus one chunk" is the most a call holds.
STEP: Final = 64 * 1024
# Input fed at a time to `zstandard`, which cannot bound its output: a zstd block needs at least 4 bytes and
# yields at most 128 KiB, so 32 bytes yield at most about 1 MiB.
_SLICE: Final = 32
# Input fed at a time to brotli before 1.2, which cannot bound its output either. A brotli meta-block holds at
# most 16 MiB (MLEN <= 2**24) and its header, prefix codes and first command take more than 4 bytes, so a 4-byte
# feed yields at most one meta-block's worth: 16 MiB (measured: 16 MiB per feed of 1 to 8 bytes, 48 MiB per 32).
_BROTLI_SLICE: Final = 4
# What one such feed may yield past the limit: with brotli before 1.2 a call holds at most the limit plus this.
OLD_BROTLI_STEP: Final = 16 * 1024 * 1024
_MAX_CODINGS: Final = 5  # as httpx2: more content codings than this is an attack, not an encoding


class _Decoder:
    """One content coding, decoded in steps of at most `STEP` bytes of output."""

    def decode(self, data: bytes) -> Iterator[bytes]:
        """Yield the output of `data`, in pieces of at most about `STEP` bytes."""
        raise NotImplementedError

    def flush(self) -> Iterator[bytes]:
        """Yield what is left once the input has ended."""
        return iter(())


class _Zlib(_Decoder):
    """gzip (`wbits=31`) and deflate (zlib-wrapped, or raw as some servers send it: httpx2 accepts both)."""

    def __init__(self, wbits: int) -> None:
        self._wbits = wbits
        self._object = zlib.decompressobj(wbits)
        self._started = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        try:
            out = self._object.decompress(data, STEP)
        except zlib.error as exc:
            if self._started or self._wbits != zlib.MAX_WBITS:
                raise httpx2.DecodingError(str(exc)) from None
            self._object = zlib.decompressobj(-zlib.MAX_WBITS)  # a raw deflate stream, without zlib's header
            self._started = True
            yield from self.decode(data)
            return
        self._started = True
        while out:
            yield out
            try:
                out = self._object.decompress(self._object.unconsumed_tail, STEP)
            except zlib.error as exc:
                raise httpx2.DecodingError(str(exc)) from None

    def flush(self) -> Iterator[bytes]:
        try:
            yield self._object.flush()  # small: `decode` has drained every step
        except zlib.error as exc:
            raise httpx2.DecodingError(str(exc)) from None


class _Brotli(_Decoder):
    def __init__(self, module: Any) -> None:  # noqa: ANN401 -- brotli or brotlicffi, neither typed
        self._module = module
        self._object = module.Decompressor()
        self._process: Callable[..., bytes] = getattr(self._object, "process", None) or self._object.decompress
        self._bounded = _brotli_is_bounded(module)
        self._seen = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        self._seen = self._seen or bool(data)
        try:
            if not self._bounded:  # brotli before 1.2 cannot bound its output: feed it a little at a time
                for start in range(0, len(data), _BROTLI_SLICE):
                    yield self._process(data[start : start + _BROTLI_SLICE])
                return
            out = self._process(data, output_buffer_limit=STEP // 2)  # it may allocate twice the limit
            while out:
                yield out
                out = self._process(b"", output_buffer_limit=STEP // 2)
        except self._module.error as exc:
            raise httpx2.DecodingError(str(exc)) from None

    def flush(self) -> Iterator[bytes]:
        """Raise for a truncated stream where httpx2 does: through brotlicffi's `finish` (brotli has none)."""
        finish = getattr(self._object, "finish", None)
        if self._seen and finish is not None:
            try:
                finish()
            except self._module.error as exc:
                raise httpx2.DecodingError(str(exc)) from None
        return iter(())


class _Zstd(_Decoder):
    """zstd through `compression.zstd` / `backports.zstd` (bounded by `max_length`), frames one after another."""

    def __init__(self, module: Any) -> None:  # noqa: ANN401 -- compression.zstd or its backport
        self._module = module
        self._object = module.ZstdDecompressor()
        self._seen = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        self._seen = self._seen or bool(data)
        try:
            while True:
                if self._object.eof:
                    data = self._object.unused_data + data
                    self._object = self._module.ZstdDecompressor()
                out = self._object.decompress(data, STEP)
                data = b""
                while out:
                    yield out
                    if self._object.needs_input or self._object.eof:
                        break
                    out = self._object.decompress(b"", STEP)
                if not (self._object.eof and self._object.unused_data):
                    return
        except self._module.ZstdError as exc:
            raise httpx2.DecodingError(str(exc)) from None

    def flush(self) -> Iterator[bytes]:
        """Raise for a truncated stream (its last frame not ended), as httpx2 does."""
        return _zstd_flush(seen=self._seen, ended=self._object.eof)


def _zstd_flush(*, seen: bool, ended: bool) -> Iterator[bytes]:
    """Raise httpx2's error for a zstd body whose last frame did not end; else yield nothing."""
    if seen and not ended:
        message = "Zstandard data is incomplete"
        raise httpx2.DecodingError(message)
    return iter(())


class _Zstandard(_Decoder):
    """zstd through `zstandard` (what httpx2 2.0.0 uses), which cannot bound its output: fed 32 bytes at a time."""

    def __init__(self, module: Any) -> None:  # noqa: ANN401 -- zstandard, untyped here
        self._module = module
        self._object = module.ZstdDecompressor().decompressobj()
        self._seen = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        self._seen = self._seen or bool(data)
        view = memoryview(data)
        try:
            for start in range(0, len(view), _SLICE):
                piece = bytes(view[start : start + _SLICE])
                if self._object.eof:  # a frame ended at a slice's edge: the next one starts afresh
                    self._object = self._module.ZstdDecompressor().decompressobj()
                while piece:
                    out = self._object.decompress(piece)
                    if out:
                        yield out
                    piece = self._object.unused_data if self._object.eof else b""
                    if piece:
                        self._object = self._module.ZstdDecompressor().decompressobj()
        except self._module.ZstdError as exc:
            raise httpx2.DecodingError(str(exc)) from None

    def flush(self) -> Iterator[bytes]:
        """Raise for a truncated stream (its last frame not ended), as httpx2 does."""
        return _zstd_flush(seen=self._seen, ended=self._object.eof)


_MODULES: dict[str, Any] = {}


def _module(*names: str) -> Any:  # noqa: ANN401 -- an optional module, or None
    """Return the first of `names` that imports, looked up once (None if none does)."""
    key = names[0]
    if key not in _MODULES:
        _MODULES[key] = None
        for name in names:
            try:
                _MODULES[key] = importlib.import_module(name)
                break
            except ImportError:
                continue
    return _MODULES[key]


def _brotli_is_bounded(module: Any) -> bool:  # noqa: ANN401 -- brotli or brotlicffi
    """Whether this brotli takes `output_buffer_limit` (brotli 1.2, brotlicffi 1.2.0.2 and later)."""
    if "brotli_bounded" not in _MODULES:
        probe = module.Decompressor()
        process = getattr(probe, "process", None) or probe.decompress
        try:
            process(b"", output_buffer_limit=1)
        except TypeError:
            _MODULES["brotli_bounded"] = False
        else:
            _MODULES["brotli_bounded"] = True
    return bool(_MODULES["brotli_bounded"])


def _decoder(coding: str) -> _Decoder | None:
    """Return the bounded decoder of one content coding; None for one httpx2 would not decode either."""
    if coding == "gzip":
        return _Zlib(zlib.MAX_WBITS | 16)
    if coding == "deflate":
        return _Zlib(zlib.MAX_WBITS)
    if coding == "br":
        brotli = _module("brotli", "brotlicffi")
        return None if brotli is None else _Brotli(brotli)
    if coding == "zstd":
        zstd = _module("compression.zstd", "backports.zstd")
        if zstd is not None:
            return _Zstd(zstd)
        zstandard = _module("zstandard")
        return None if zstandard is None else _Zstandard(zstandard)
    return None


def _decoders(headers: httpx2.Headers) -> list[_Decoder]:
    """Return the decoders of a response's `Content-Encoding`, in order of use (the last coding first)."""
    if not headers.get_list("content-encoding"):  # the common case, cheaply (`in` raises a KeyError inside)
        return []
    codings = [value.strip().lower() for value in headers.get_list("content-encoding", split_commas=True)]
    decoders = [decoder for coding in reversed(codings) if (decoder := _decoder(coding)) is not None]
    if len(decoders) > _MAX_CODINGS:
        message = f"Cannot apply more than {_MAX_CODINGS} content encodings."
        raise httpx2.DecodingError(message)
    return decoders


def _pipe(decoders: list[_Decoder], raw: bytes) -> Iterable[bytes]:
    """Run one raw chunk through the chain; each stage pulls bounded pieces from the one before."""
    pieces: Iterable[bytes] = (raw,)
    for decoder in decoders:
        pieces = _through(decoder, pieces)
    return pieces


def _through(decoder: _Decoder, pieces: Iterable[bytes]) -> Iterator[bytes]:
    for piece in pieces:
        yield from decoder.decode(piece)


def _flush(decoders: list[_Decoder]) -> Iterator[bytes]:
    """Yield what the chain still holds once the raw input has ended, stage by stage."""
    for index, decoder in enumerate(decoders):
        for piece in decoder.flush():
            yield from _pipe(decoders[index + 1 :], piece)


class _Body:
    """The decoded body as it is collected, counted against the limit.

    Pieces in a list, joined at the end (as httpx2 joins its own): past the limit the call held the limit plus
    one piece, where a growing buffer would hold up to 1/8 more.
    """

    __slots__ = ("_limit", "_pieces", "_request", "_size")

    def __init__(self, request: httpx2.Request, limit: int | None) -> None:
        self._request = request
        self._limit = limit
        self._size = 0
        self._pieces: list[bytes] = []

    def add(self, piece: bytes) -> None:
        """Count a piece, and keep it while the body is within the limit."""
        if not piece:
            return
        self._size += len(piece)
        if self._limit is not None and self._size > self._limit:
            self._pieces.clear()
            raise too_large(self._request, self._limit)
        self._pieces.append(piece)

    def value(self) -> bytes:
        """Return the whole body."""
        pieces = self._pieces
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)


def too_large(request: httpx2.Request, limit: int) -> ResponseTooLargeError:
    """Build the error of a body past the limit: it names the call (method, path) and the limit, never the query."""
    message = (
        f"The response to {request.method} {request.url.path} is larger than max_response_bytes={limit} "
        "(counted after decompression); it was dropped. Raise the limit with "
        "client.with_options(max_response_bytes=...), or stream it with with_streaming_response."
    )
    return ResponseTooLargeError(message, request=request, limit=limit)


def _early_check(response: httpx2.Response, request: httpx2.Request, limit: int | None) -> list[_Decoder] | None:
    """Return the decoders of a body still to be read, or None for one already in memory (checked here)."""
    if response.is_stream_consumed:  # an in-memory response (a mock or the fake's transport): already decoded
        if limit is not None and len(response.content) > limit:
            raise too_large(request, limit)
        return None
    return _decoders(response.headers)


class _Counted(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """A plain body's stream as httpx2 reads it, counted against the limit.

    The reads themselves keep the attempt's deadline on the Client's own pools (`_deadline.hold_deadline`);
    through a transport of the caller's, the deadline is checked between chunks.
    """

    __slots__ = ("_deadline", "_limit", "_request", "_stream")

    def __init__(
        self,
        stream: Any,  # noqa: ANN401 -- the transport's response stream: sync or async, as the transport is
        request: httpx2.Request,
        limit: int | None,
        deadline: float | None,
    ) -> None:
        self._stream = stream
        self._request = request
        self._limit = limit
        self._deadline = deadline

    def __iter__(self) -> Iterator[bytes]:
        """Yield the transport's chunks until past the limit or the deadline."""
        size = 0
        for chunk in self._stream:
            size += len(chunk)
            self._check(size)
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        """Do what `__iter__` does, for an async transport's stream."""
        size = 0
        async for chunk in self._stream:
            size += len(chunk)
            self._check(size)
            yield chunk

    def _check(self, size: int) -> None:
        if self._limit is not None and size > self._limit:
            raise too_large(self._request, self._limit)
        _check_deadline(self._deadline, self._request)

    def close(self) -> None:
        """Close the transport's stream."""
        self._stream.close()

    async def aclose(self) -> None:
        """Close the transport's stream."""
        await self._stream.aclose()


def limit_body(response: httpx2.Response, request: httpx2.Request, limit: int | None) -> httpx2.Response:
    """Bound a response's body by `limit` and the attempt's deadline (see the module docstring)."""
    stream = response.extensions.get("network_stream")
    if isinstance(stream, DeadlineHolder) and not response.is_stream_consumed:
        length = stream.plain_length
        if length is not None and (limit is None or length <= limit):
            # The usual answer on the Client's own pools, judged from the head its stream framed: a plain body
            # within the limit, which h11 reads no byte past; the stream keeps the deadline for its reads.
            stream.body_deadline = ATTEMPT_DEADLINE.get()
            return response
    decoders = _early_check(response, request, limit)
    if decoders is None:
        return response
    deadline = ATTEMPT_DEADLINE.get()
    if decoders:
        return _read_decoded(response, request, limit, decoders, deadline)
    if hold_deadline(response, deadline) and _within(response, limit):
        return response  # h11 reads no byte past Content-Length, and the stream keeps the deadline
    response.stream = _Counted(response.stream, request, limit, deadline)
    return response


async def alimit_body(response: httpx2.Response, request: httpx2.Request, limit: int | None) -> httpx2.Response:
    """Do what `limit_body` does, for an async response."""
    stream = response.extensions.get("network_stream")
    if isinstance(stream, DeadlineHolder) and not response.is_stream_consumed:
        length = stream.plain_length
        if length is not None and (limit is None or length <= limit):
            # The usual answer on the Client's own pools, judged from the head its stream framed: a plain body
            # within the limit, which h11 reads no byte past; the stream keeps the deadline for its reads.
            stream.body_deadline = ATTEMPT_DEADLINE.get()
            return response
    decoders = _early_check(response, request, limit)
    if decoders is None:
        return response
    deadline = ATTEMPT_DEADLINE.get()
    if decoders:
        return await _aread_decoded(response, request, limit, decoders, deadline)
    if hold_deadline(response, deadline) and _within(response, limit):
        return response  # h11 reads no byte past Content-Length, and the stream keeps the deadline
    response.stream = _Counted(response.stream, request, limit, deadline)
    return response


def _within(response: httpx2.Response, limit: int | None) -> bool:
    """Whether a plain body's declared `Content-Length` is within the limit (no length: not known to be)."""
    if limit is None:
        return True
    length = response.headers.get("content-length", "")
    return length.isdigit() and int(length) <= limit


def _check_deadline(deadline: float | None, request: httpx2.Request) -> None:
    """Raise a ReadTimeout past the attempt's deadline, checked between two chunks.

    What bounds a body read through a transport of the caller's, whose sockets keep no deadline.
    """
    if deadline is not None and time.monotonic() > deadline:
        message = "the attempt's deadline passed while reading the body"
        raise httpx2.ReadTimeout(message, request=request)


def _rebuilt(response: httpx2.Response, request: httpx2.Request, body: bytes, *, started: float) -> httpx2.Response:
    """Return a response holding the decoded body, with the server's headers as they came (encoding included).

    Built without its Content-Encoding, so that httpx2 does not decode it twice, then given the server's headers.
    """
    headers = response.headers
    plain = [(name, value) for name, value in headers.raw if name.lower() != b"content-encoding"]
    rebuilt = httpx2.Response(
        response.status_code, headers=plain, content=body, request=request, extensions=response.extensions
    )
    rebuilt.headers = headers  # `content=` adds a Content-Length the server may not have sent
    rebuilt.elapsed = timedelta(seconds=time.perf_counter() - started)
    return rebuilt


def _read_decoded(
    response: httpx2.Response,
    request: httpx2.Request,
    limit: int | None,
    decoders: list[_Decoder],
    deadline: float | None,
) -> httpx2.Response:
    """Read and decode a body, at most `limit` bytes of it, by `deadline`; return a response holding it.

    Raises `ResponseTooLargeError` (the connection closed) past the limit; a transport error while reading
    propagates, the response closed.
    """
    started = time.perf_counter()
    body = _Body(request, limit)
    try:
        for raw in response.iter_raw():
            _check_deadline(deadline, request)
            for piece in _pipe(decoders, raw):
                body.add(piece)
        for piece in _flush(decoders):
            body.add(piece)
    except BaseException:
        response.close()
        raise
    return _rebuilt(response, request, body.value(), started=started)


async def _aread_decoded(
    response: httpx2.Response,
    request: httpx2.Request,
    limit: int | None,
    decoders: list[_Decoder],
    deadline: float | None,
) -> httpx2.Response:
    """Do what `_read_decoded` does, for an async response."""
    started = time.perf_counter()
    body = _Body(request, limit)
    try:
        async for raw in response.aiter_raw():
            _check_deadline(deadline, request)
            for piece in _pipe(decoders, raw):
                body.add(piece)
        for piece in _flush(decoders):
            body.add(piece)
    except BaseException:
        await response.aclose()
        raise
    return _rebuilt(response, request, body.value(), started=started)


def _bounds(response: httpx2.Response) -> tuple[float | None, int | None]:
    """Return a streamed response's deadline and limit, as its transport set them (else none, and the default)."""
    bounds = response.extensions.get(BOUNDS_EXTENSION)
    return bounds if isinstance(bounds, tuple) else (None, DEFAULT_MAX_RESPONSE_BYTES)


def read_bounded(response: httpx2.Response) -> httpx2.Response:
    """Read a streamed response's body (an error's) as a non-streamed one's is read; return a response holding it.

    Decoded in bounded steps and counted against the client's `max_response_bytes`, within the attempt's
    deadline (`BOUNDS_EXTENSION`): `ResponseTooLargeError` past the limit, `httpx2.ReadTimeout` past the
    deadline, the response closed either way.
    """
    request = response.request
    deadline, limit = _bounds(response)
    decoders = _early_check(response, request, limit)
    if decoders is None:
        return response
    hold_deadline(response, deadline)
    return _read_decoded(response, request, limit, decoders, deadline)


async def aread_bounded(response: httpx2.Response) -> httpx2.Response:
    """Do what `read_bounded` does, for an async response."""
    request = response.request
    deadline, limit = _bounds(response)
    decoders = _early_check(response, request, limit)
    if decoders is None:
        return response
    hold_deadline(response, deadline)
    return await _aread_decoded(response, request, limit, decoders, deadline)
