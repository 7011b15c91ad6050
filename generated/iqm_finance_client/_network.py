# Copied from overrides/runtime/_network.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_network.py, then run `nox -s generate`.
"""The network streams of the Client's pools: deadlines and framing, which httpx2 and httpcore2 do not keep.

- **Deadlines.** httpcore2 hands each socket operation the phase's timeout afresh (every `read` of a body gets
  the whole read timeout), so a server dripping one byte a second holds a call for ever. While an attempt's
  deadline is set (`ATTEMPT_DEADLINE`, a monotonic time, set per attempt by `_retries`), every connect, read
  and write is given at most the time left until it, and one past it raises the phase's timeout at once.
- **Framing.** A response that runs past its end (its `Content-Length`, or a chunked body's last chunk and
  trailers) leaves the surplus in h11's buffer, which httpcore2 then reads as the answer to the next request
  on that connection. Each stream counts the bytes of the response it carries against where its head says it
  ends, framed exactly as h11 frames it (comma-separated and repeated lengths, Transfer-Encoding over
  Content-Length, folded lines, HEAD/204/304/CONNECT); a surplus, or framing that cannot be judged, makes the
  stream report itself readable, which httpcore2 takes as "the server closed it" and so drops the connection
  before reusing it. (A transport of the caller's has none of this.)

`Backend` and `AsyncBackend` wrap httpcore2's default backends; `_transports` puts them under every pool.
"""

# ruff: noqa: ASYNC109 -- the async streams implement httpcore2's interface, which passes timeouts as arguments

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any, Final

import httpcore2

from ._deadline import ATTEMPT_DEADLINE, MAX_SECONDS, DeadlineHolder

if TYPE_CHECKING:
    import ssl
    from collections.abc import Iterable


__all__ = ["AsyncBackend", "Backend"]

# The framing below mirrors h11 0.16's (`_readers.py`, `_headers.normalize_and_validate`, `_connection._body_framing`),
# which decides where httpcore2 ends each response: where h11 would accept a response, the end found here is
# h11's; where h11 would refuse one (its connection is dropped anyway) or the end cannot be judged, the
# connection is marked unusable, never reused.
# h11 ends a head at the first blank line, with or without its carriage return.
_HEAD_END: Final = re.compile(rb"\n\r?\n")
_STATUS: Final = re.compile(rb"HTTP/\d\.\d (\d{3})(?: |\r?\n)")
# h11 folds a line that starts with spaces or tabs (obs-fold) into the one before it, joined by one space.
_OBS_FOLD: Final = re.compile(rb"\r?\n[ \t]+")
# The two fields that frame a body, found in one pass over a head (h11 allows no space before the colon).
_FRAMING_FIELDS: Final = re.compile(rb"^(content-length|transfer-encoding):([^\n]*)", re.IGNORECASE | re.MULTILINE)
_FOLDS: Final = frozenset({b" ", b"\t"})  # a line starting with either continues the one before it (obs-fold)
_STATUS_ENDS: Final = frozenset({b" ", b"\r", b"\n"})
_MAX_LENGTH_DIGITS: Final = 20  # h11's bound, for a Content-Length and a chunk size alike
_MAX_HEAD: Final = 256 * 1024  # past this (h11 refuses 100 KiB heads anyway) the framing is left unjudged
_NO_BODY_STATUSES: Final = frozenset({204, 304})
_UNKNOWN: Final = -1
_CHUNKED: Final = -2
_FIRST_FINAL: Final = 200  # below it, an interim answer
_FIRST_NON_SUCCESS: Final = 300


def _left(timeout: float | None) -> float | None:
    """Cut the phase's timeout to the time left until the attempt's deadline (<= 0: already past)."""
    deadline = ATTEMPT_DEADLINE.get()
    if deadline is None:
        return timeout if timeout is None or timeout <= MAX_SECONDS else MAX_SECONDS
    left = deadline - time.monotonic()
    return left if timeout is None or left < timeout else timeout


def _past(operation: str) -> str:
    return f"the attempt's deadline passed before {operation}"


def _usual_end(lowered: bytes, end: int) -> int | None:
    """Return where a response with the usual head ends (its head's end plus its one `Content-Length`), else None.

    The usual head, lowered: no Transfer-Encoding field, and one Content-Length field of digits alone, on a line no
    folded one continues. A field starts after a newline, as `_FRAMING_FIELDS`'s `^` finds it (the status line is
    not one), and unfolding (h11's first step) only joins lines, so a fold elsewhere changes neither field;
    bytes.lower() is ASCII-only, as IGNORECASE is for bytes. A few C scans: the regex of `_framed_end` costs more
    than the rest of an exchange's framing. Scans by partition(), which takes its one argument as it is: find()
    and startswith() parse theirs as a tuple, and `bytes in bytes` first tries its operand as an int and formats
    the TypeError it then drops (about 1,800 instructions each, every request).
    """
    if lowered.partition(b"\ntransfer-encoding:")[1]:
        return None
    _, field, after = lowered.partition(b"\ncontent-length:")
    if not field or after.partition(b"\ncontent-length:")[1]:
        return None
    line, _, rest = after.partition(b"\n")  # the rest: the next line, the blank line, or nothing (see `_usual`)
    value = line.removesuffix(b"\r").strip(b" \t")  # lowering left digits, spaces, tabs and CRs as they were
    if value.isdigit() and len(value) <= _MAX_LENGTH_DIGITS and rest[:1] not in _FOLDS:
        return end + int(value)
    return None


def _framed_end(head: bytes, end: int) -> int:
    """Return where a response with this head ends, as h11 frames it: the head's end plus its `Content-Length`.

    `_CHUNKED` for a chunked body (its end is found as it arrives); `_UNKNOWN` for a body read until the
    connection closes (h11 never reuses that connection), and for framing h11 would refuse.
    """
    if b"\n " in head or b"\n\t" in head:  # rare: continuation lines, unfolded as h11 does first
        head = _OBS_FOLD.sub(b" ", head)
    lengths: set[bytes] = set()
    encodings = 0
    for name, raw in _FRAMING_FIELDS.findall(head):
        value = raw.removesuffix(b"\r").strip(b" \t")  # h11 drops one CR per line, then the field's spaces
        if len(name) == len(b"transfer-encoding"):
            encodings += 1
            if value.lower() != b"chunked":  # h11 refuses any other coding
                return _UNKNOWN
        else:
            # h11 splits a length on commas and takes equal values as one ("5, 5" is 5)
            lengths.update(part.strip() for part in value.split(b","))
    if encodings:
        # Transfer-Encoding frames the body whatever Content-Length says; h11 refuses two of it.
        return _CHUNKED if encodings == 1 else _UNKNOWN
    if len(lengths) != 1:  # none (read until closed), or lengths that disagree (h11 refuses them)
        return _UNKNOWN
    value = lengths.pop()
    if not value.isdigit() or len(value) > _MAX_LENGTH_DIGITS:
        return _UNKNOWN
    return end + int(value)


class _Chunks:
    """Where a chunked body ends, found as h11's `ChunkedReader` finds it: size lines, data and its CRLF, trailers."""

    __slots__ = ("_left", "_line", "_state")
    _SIZE, _DATA, _DATA_END, _TRAILERS = range(4)

    def __init__(self) -> None:
        self._state = self._SIZE
        self._line = b""
        self._left = 0

    def feed(self, data: bytes) -> int | None:
        """Return the offset in `data` just past the body's end, None while it goes on, `_UNKNOWN` if unreadable."""
        index, size = 0, len(data)
        while index < size:
            if self._state in {self._DATA, self._DATA_END}:
                taken = min(self._left, size - index)
                index += taken
                self._left -= taken
                if not self._left:  # after the data, its CRLF (h11 insists on both bytes); then the next size
                    self._state, self._left = (self._DATA_END, 2) if self._state == self._DATA else (self._SIZE, 0)
                continue
            newline = data.find(b"\n", index)
            if newline < 0:
                self._line += data[index:]
                return _UNKNOWN if len(self._line) > _MAX_HEAD else None
            line = self._line + data[index:newline]
            self._line, index = b"", newline + 1
            if self._state == self._TRAILERS:
                if not line or line == b"\r":  # h11's blank line (`\n\r?\n`) after the trailers: the body's end
                    return index
                continue
            if not line.endswith(b"\r"):  # h11 ends a size line only at a CRLF, and refuses one with a bare LF
                return _UNKNOWN
            digits = line[:-1].split(b";", 1)[0].rstrip(b" \t")
            if not digits or len(digits) > _MAX_LENGTH_DIGITS or digits.strip(b"0123456789abcdefABCDEF"):
                return _UNKNOWN
            self._left = int(digits, 16)
            self._state = self._DATA if self._left else self._TRAILERS
        return None


class _Framing:
    """Counts the bytes of one response on a connection against where its head says it ends.

    The streams' base class: they count each read and answer `unusable` themselves, without a call.
    """

    __slots__ = ("chunks", "expected", "head", "method", "plain_length", "reading", "received")

    def __init__(self) -> None:
        self.start(b"")
        self.reading = True  # so that the first write starts an exchange

    def start(self, buffer: bytes) -> None:
        """Note the first write of a request: a new exchange, counted afresh."""
        self.reading = False
        self.received = 0  # bytes read since the request was written
        self.expected: int | None = None  # bytes the response spans (heads and body); None until known
        self.head = b""
        self.chunks: _Chunks | None = None  # a chunked body whose end has not come yet
        # the final response's body length when its usual head names it and no Content-Encoding: see `plain_length`
        self.plain_length: int | None = None
        # h11 frames the answers to HEAD and CONNECT apart. (Slices and ==, here and below, rather than find() or
        # startswith(): see `_usual_end`.)
        self.method = buffer[:8]

    def note_read(self, data: bytes) -> None:
        """Note bytes read from the server."""
        self.reading = True
        before = self.received
        self.received = before + len(data)
        if self.expected is not None:
            return
        if self.chunks is not None:
            self._feed_chunks(data, before)
            return
        if not before and self._usual(data):
            return
        self.head += data
        self._parse_head()

    def _usual(self, data: bytes) -> bool:
        """Frame the usual answer, its whole head in the exchange's first read, in one go; else return False.

        What `_parse_head`, `_final_end` and `_usual_end` find for it, in one call instead of four: a final status
        with a body (not 204 or 304, not to HEAD or CONNECT) and the usual head (`_usual_end`).
        """
        # The head's end as `_HEAD_END` finds it: the first CRLF blank line, with no bare-LF one before it, nor
        # one that the CRLF blank line's own LF ends (`\n\n\r\n`: h11 ends the head two bytes earlier).
        head, blank, _ = data.partition(b"\n\r\n")
        code_digits = data[9:12]
        if (
            not blank
            or head[-1:] == b"\n"
            or head.partition(b"\n\n")[1]
            or data[:9] != b"HTTP/1.1 "
            or not code_digits.isdigit()
            or data[12:13] not in _STATUS_ENDS
            or self.method[:5] == b"HEAD "
            or self.method == b"CONNECT "
        ):
            return False
        code = int(code_digits)
        if code < _FIRST_FINAL or code in _NO_BODY_STATUSES:
            return False
        end = len(head) + len(blank)
        lowered = head.lower()  # up to its last field's CR
        framed = _usual_end(lowered, end)
        if framed is None:
            return False
        self.expected = framed
        if not lowered.partition(b"\ncontent-encoding:")[1]:  # as in `_final_end`
            self.plain_length = framed - end
        return True

    def _parse_head(self) -> None:
        offset = 0
        while True:
            match = _HEAD_END.search(self.head, offset)
            if match is None:
                if len(self.head) > _MAX_HEAD:
                    self._settle(_UNKNOWN)
                return
            end = match.end()
            head = self.head[offset:end]
            code_digits = head[9:12]
            if head[:9] == b"HTTP/1.1 " and code_digits.isdigit() and head[12:13] in _STATUS_ENDS:
                code = int(code_digits)  # the usual status line, without a regex
            elif (status := _STATUS.match(head)) is not None:
                code = int(status.group(1))
            else:
                self._settle(_UNKNOWN)
                return
            if code < _FIRST_FINAL:  # an interim answer (100 Continue): the final one follows it
                offset = end
                continue
            framed = self._final_end(head, end, code)
            if framed == _CHUNKED:
                body = self.head[end:]  # the head buffer holds every byte of this exchange so far
                self.head = b""
                self.chunks = _Chunks()
                self._feed_chunks(body, end)
                return
            self._settle(framed)
            return

    def _final_end(self, head: bytes, end: int, code: int) -> int:
        """Return where the final response ends (as `_framed_end`); note its `plain_length` when the head is usual."""
        if (
            self.method[:5] == b"HEAD "
            or code in _NO_BODY_STATUSES
            or (self.method == b"CONNECT " and code < _FIRST_NON_SUCCESS)
        ):
            return end
        lowered = head.lower()
        framed = _usual_end(lowered, end)
        if framed is None:
            return _framed_end(head, end)
        if not lowered.partition(b"\ncontent-encoding:")[1]:  # h11 joins no line into a field's name
            self.plain_length = framed - end
        return framed

    def _feed_chunks(self, data: bytes, offset: int) -> None:
        """Feed a chunked body's bytes, `offset` bytes into the exchange; settle once its end is seen."""
        chunks = self.chunks
        if chunks is None:
            return
        ends = chunks.feed(data)
        if ends is not None:
            self.chunks = None
            self._settle(_UNKNOWN if ends == _UNKNOWN else offset + ends)

    def _settle(self, expected: int) -> None:
        self.expected = expected
        self.head = b""

    def unusable(self) -> bool:
        """Whether the connection must not carry another request.

        True once more bytes came than the response spans (the rest must never be read as the next answer),
        and once its framing could not be judged (h11 refuses it, or reads it until the connection closes).
        """
        expected = self.expected
        return expected is not None and (expected == _UNKNOWN or self.received > expected)


class _Stream(_Framing, httpcore2.NetworkStream, DeadlineHolder):
    """A sync stream with deadlines and framing (see the module docstring)."""

    def __init__(self, stream: httpcore2.NetworkStream) -> None:
        _Framing.__init__(self)
        self._stream = stream
        self.body_deadline: float | None = None  # see `hold_deadline`

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """Read, within the time left."""
        # Inlined from `_left`: every read of every request comes here.
        deadline = ATTEMPT_DEADLINE.get() or self.body_deadline
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise httpcore2.ReadTimeout(_past("a read"))
            if timeout is None or left < timeout:
                timeout = left
        elif timeout is not None and timeout > MAX_SECONDS:
            timeout = MAX_SECONDS
        data = self._stream.read(max_bytes, timeout)
        if self.expected is None:
            self.note_read(data)
        else:  # the response's end is known: only count (the body's bytes, or a surplus)
            self.received += len(data)
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        """Write, within the time left."""
        if not buffer:  # h11 hands over empty writes (a GET's body, its end): nothing to send, nothing to time
            return
        deadline = ATTEMPT_DEADLINE.get()
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise httpcore2.WriteTimeout(_past("a write"))
            if timeout is None or left < timeout:
                timeout = left
        elif timeout is not None and timeout > MAX_SECONDS:
            timeout = MAX_SECONDS
        if self.reading:
            self.start(buffer)
            self.body_deadline = None
        self._stream.write(buffer, timeout)

    def close(self) -> None:
        """Close the socket."""
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore2.NetworkStream:
        """Start TLS within the time left; the TLS stream keeps deadlines and framing too."""
        timeout = _left(timeout)
        if timeout is not None and timeout <= 0:
            raise httpcore2.ConnectTimeout(_past("TLS"))
        return _Stream(self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:  # noqa: ANN401 -- httpcore2's signature
        """As the socket's, except "is_readable" once unusable (so httpcore2 closes the connection)."""
        if info == "is_readable":
            expected = self.expected  # `unusable`, inlined: asked before every reuse
            if expected is not None and (expected == _UNKNOWN or self.received > expected):
                return True
        return self._stream.get_extra_info(info)


class Backend(httpcore2.NetworkBackend):
    """The default sync backend, whose streams keep deadlines and framing."""

    def __init__(self, backend: httpcore2.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.NetworkStream:
        """Connect within the time left."""
        timeout = _left(timeout)
        if timeout is not None and timeout <= 0:
            raise httpcore2.ConnectTimeout(_past("connecting"))
        return _Stream(self._backend.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore2.NetworkStream:
        """Connect within the time left."""
        timeout = _left(timeout)
        if timeout is not None and timeout <= 0:
            raise httpcore2.ConnectTimeout(_past("connecting"))
        return _Stream(self._backend.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        """Sleep as the wrapped backend does."""
        self._backend.sleep(seconds)


class _AsyncStream(_Framing, httpcore2.AsyncNetworkStream, DeadlineHolder):
    """The async twin of `_Stream`."""

    def __init__(self, stream: httpcore2.AsyncNetworkStream) -> None:
        _Framing.__init__(self)
        self._stream = stream
        self.body_deadline: float | None = None  # see `hold_deadline`

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """Read, within the time left."""
        # Inlined from `_left`: every read of every request comes here.
        deadline = ATTEMPT_DEADLINE.get() or self.body_deadline
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise httpcore2.ReadTimeout(_past("a read"))
            if timeout is None or left < timeout:
                timeout = left
        elif timeout is not None and timeout > MAX_SECONDS:
            timeout = MAX_SECONDS
        data = await self._stream.read(max_bytes, timeout)
        if self.expected is None:
            self.note_read(data)
        else:  # the response's end is known: only count (the body's bytes, or a surplus)
            self.received += len(data)
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        """Write, within the time left."""
        if not buffer:  # h11 hands over empty writes (a GET's body, its end): nothing to send, nothing to time
            return
        deadline = ATTEMPT_DEADLINE.get()
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise httpcore2.WriteTimeout(_past("a write"))
            if timeout is None or left < timeout:
                timeout = left
        elif timeout is not None and timeout > MAX_SECONDS:
            timeout = MAX_SECONDS
        if self.reading:
            self.start(buffer)
            self.body_deadline = None
        await self._stream.write(buffer, timeout)

    async def aclose(self) -> None:
        """Close the socket."""
        await self._stream.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore2.AsyncNetworkStream:
        """Start TLS within the time left; the TLS stream keeps deadlines and framing too."""
        timeout = _left(timeout)
        if timeout is not None and timeout <= 0:
            raise httpcore2.ConnectTimeout(_past("TLS"))
        return _AsyncStream(await self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:  # noqa: ANN401 -- httpcore2's signature
        """As the socket's, except "is_readable" once unusable (so httpcore2 closes the connection)."""
        if info == "is_readable":
            expected = self.expected  # `unusable`, inlined: asked before every reuse
            if expected is not None and (expected == _UNKNOWN or self.received > expected):
                return True
        return self._stream.get_extra_info(info)


class AsyncBackend(httpcore2.AsyncNetworkBackend):
    """The default async backend (asyncio or trio, as httpcore2 detects), whose streams keep deadlines and framing."""

    def __init__(self, backend: httpcore2.AsyncNetworkBackend) -> None:
        self._backend = backend

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        """Connect within the time left."""
        timeout = _left(timeout)
        if timeout is not None and timeout <= 0:
            raise httpcore2.ConnectTimeout(_past("connecting"))
        return _AsyncStream(await self._backend.connect_tcp(host, port, timeout, local_address, socket_options))

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore2.AsyncNetworkStream:
        """Connect within the time left."""
        timeout = _left(timeout)
        if timeout is not None and timeout <= 0:
            raise httpcore2.ConnectTimeout(_past("connecting"))
        return _AsyncStream(await self._backend.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        """Sleep as the wrapped backend does."""
        await self._backend.sleep(seconds)
