"""`FakeFinanceAPI.serve()`: the fake over real HTTP/1.1, for other processes and languages.

One asyncio event loop in one background thread reads every connection; a complete request (head and body)
goes to a small pool of worker threads for the fake to answer. An idle or slow connection costs a coroutine,
never a thread, so the threads are bounded (the loop's and `workers`) however many sockets are open.

Limits, each a keyword of `FakeFinanceAPI.serve()` and `FakeServer`:

- `timeout` (15 s): a connection waiting for its next request is closed after `timeout` seconds idle; a
  request whose head and body have not all arrived `timeout` seconds after its first byte is answered 408 and
  closed; an answer the client does not read within `timeout` is dropped with its connection. (15 s is longer
  than the 5 s httpx2 keeps an idle connection for, so the client never reuses one the fake is closing.)
- `max_body_bytes` (10 MiB): a longer `Content-Length` is a 413, and the body is not read.
- `workers` (4): the threads that run the fake; requests beyond them wait for one, their connections do not.
- `max_connections` (1024): a connection past it is answered 503 and closed.

Framing (RFC 9112): a `Content-Length` that is not one decimal number (`abc`, `-1`, two different values) is a
400; `Transfer-Encoding` is refused (411 for `chunked`: the fake reads only `Content-Length` bodies, 501 for
another coding, 400 beside a `Content-Length`); a request line or header line that is not HTTP/1.x grammar, or an
HTTP/1.1 request without exactly one `Host`, is a 400; a head over 64 KiB or 100 header lines is a 431. Each of
these answers carries the documented `{"success": false, "errorObjects": [...]}` body and closes the
connection, so no byte of a refused request is ever read as the next one. A target the URL parser refuses
(`http://[::1/x`, `//[x/api`) is a 400. Should the server itself fail on a request (a bug), it answers 500 with
that body and closes, logging nothing: a connection is never dropped without an answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import http
import re
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Final
from urllib.parse import parse_qsl, urlsplit

from ._messages import FakeRequest, FakeResponse, error_response

if TYPE_CHECKING:
    from types import TracebackType
    from typing import Self

    from ._messages import Answerer

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_CONNECTIONS",
    "DEFAULT_TIMEOUT",
    "DEFAULT_WORKERS",
    "FakeServer",
]

DEFAULT_TIMEOUT: Final = 15.0
DEFAULT_MAX_BODY_BYTES: Final = 10 * 1024 * 1024
DEFAULT_WORKERS: Final = 4
DEFAULT_MAX_CONNECTIONS: Final = 1024
# How long a `fault="timeout"` keeps a connection without answering (clients give up long before).
TIMEOUT_FAULT_SECONDS: Final = 60.0
MAX_HEAD_BYTES: Final = 64 * 1024
MAX_HEADER_LINES: Final = 100
# socketserver's backlog was 5: a page walk with concurrency=10 opening its connections had SYNs dropped, each
# then resent after the kernel's 1 s timeout.
_BACKLOG: Final = 1024
# After refusing a request, read (and drop) what the client still sends for up to this long before closing:
# closing a socket with unread data makes the kernel send a reset, which can destroy the answer in flight.
_LINGER_SECONDS: Final = 1.0
_STOP_SECONDS: Final = 10.0
_SERVER_NAME: Final = "FakeFinanceAPI"

# Hand-written (the standard library's `http.client.parse_headers` accepts what RFC 9112 says to refuse, e.g. a
# space before the colon or a bare line without one, and lax framing parsing is what request smuggling needs).
_TOKEN: Final = rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_REQUEST_LINE: Final = re.compile(rb"(?P<method>" + _TOKEN + rb") (?P<target>[!-~]+) HTTP/(?P<version>[0-9]\.[0-9])")
_FIELD_LINE: Final = re.compile(rb"(?P<name>" + _TOKEN + rb"):[ \t]*(?P<value>[^\x00-\x08\x0a-\x1f\x7f]*?)[ \t]*")
_DIGITS: Final = re.compile(r"[0-9]{1,18}")


class _RefusedError(Exception):
    """A request the server refuses before the fake sees it: answer `status` and close the connection."""

    def __init__(self, status: int, message: str) -> None:
        """Keep the status and the message of the error body."""
        super().__init__(message)
        self.status = status
        self.message = message


class FakeServer:
    """A `FakeFinanceAPI` served on `host:port` from a background thread while the `with` block runs.

    The socket is bound and listening from construction on (port 0: a free port); connections are accepted
    from `__enter__` (or `serve_forever`). The limits are those of the module docstring.
    """

    def __init__(  # noqa: PLR0913 -- one keyword per documented limit
        self,
        fake: Answerer,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        workers: int = DEFAULT_WORKERS,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
    ) -> None:
        """Check the limits and bind at once."""
        for name, value in (("timeout", timeout), ("max_body_bytes", max_body_bytes)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                message = f"{name} must be a positive number, got {value!r}"
                raise ValueError(message)
        for name, count in (("workers", workers), ("max_connections", max_connections)):
            if isinstance(count, bool) or not isinstance(count, int) or count < 1:
                message = f"{name} must be an integer of 1 or more, got {count!r}"
                raise ValueError(message)
        self._fake = fake
        self._timeout = float(timeout)
        self._max_body = int(max_body_bytes)
        self._workers = workers
        self._max_connections = max_connections
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self._socket = socket.create_server((host, port), family=family, backlog=_BACKLOG)
        bound_host, bound_port = self._socket.getsockname()[:2]
        shown = f"[{bound_host}]" if family == socket.AF_INET6 else bound_host
        self.base_url = f"http://{shown}:{bound_port}"
        self._thread = threading.Thread(target=self._run, name="fake-finance-api", daemon=True)
        self._started = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._connections: dict[asyncio.Task[None], asyncio.StreamWriter] = {}

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (the CLI)."""
        self._run()

    def __enter__(self) -> Self:
        """Start serving in the background."""
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        """Stop serving: close the listening socket and every connection, then end the thread."""
        if self._thread.is_alive() and self._started.wait(_STOP_SECONDS):
            loop, stop = self._loop, self._stop
            if loop is not None and stop is not None:
                with contextlib.suppress(RuntimeError):  # the loop has ended already
                    loop.call_soon_threadsafe(stop.set)
            self._thread.join(_STOP_SECONDS)
        self._socket.close()

    def _run(self) -> None:
        """Run the event loop until stopped; the listening socket is closed when it ends."""
        try:
            asyncio.run(self._main())
        finally:
            self._socket.close()

    async def _main(self) -> None:
        """Accept connections until `_stop` is set, then close them all."""
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._started.set()
        with ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="fake-finance-api-worker") as pool:
            server = await asyncio.start_server(
                lambda reader, writer: self._connection(reader, writer, pool),
                sock=self._socket,
                limit=MAX_HEAD_BYTES,
                backlog=_BACKLOG,
            )
            async with server:
                await self._stop.wait()
            for writer in list(self._connections.values()):
                writer.transport.abort()
            if self._connections:
                await asyncio.wait(list(self._connections), timeout=_STOP_SECONDS)

    async def _connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, pool: ThreadPoolExecutor
    ) -> None:
        """Serve one connection: requests one after the other until it closes, fails or times out."""
        task = asyncio.current_task()
        assert task is not None  # noqa: S101 -- a connection callback always runs in a task
        self._connections[task] = writer
        try:
            if len(self._connections) > self._max_connections:
                await self._refuse(reader, writer, 503, f"more than {self._max_connections} open connections")
                return
            while await self._exchange(reader, writer, pool):
                pass
        except (ConnectionError, TimeoutError, asyncio.IncompleteReadError):
            pass  # the client went away, or did not read its answer in time
        except Exception as error:  # noqa: BLE001 -- the last resort: a bug of the server is a 500, never a drop
            # Nothing is logged (asyncio would print the request's bytes, a token included, in its traceback).
            with contextlib.suppress(Exception):
                await self._refuse(reader, writer, 500, f"the fake's server failed: {type(error).__name__}")
        finally:
            del self._connections[task]
            if writer.transport.get_write_buffer_size():
                writer.transport.abort()  # an answer the client is not reading: do not wait for it
            else:
                writer.close()

    async def _exchange(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, pool: ThreadPoolExecutor
    ) -> bool:
        """Read one request and write its answer; return whether the connection stays open for another."""
        try:
            async with asyncio.timeout(self._timeout):
                first = await reader.read(1)
        except TimeoutError:
            return False  # idle: close without an answer, as no request was started
        if not first:
            return False
        try:
            async with asyncio.timeout(self._timeout):
                request, keep_alive = await self._read_request(first, reader, writer)
        except _RefusedError as refused:
            await self._refuse(reader, writer, refused.status, refused.message)
            return False
        except TimeoutError:
            await self._refuse(reader, writer, 408, f"the request did not arrive within {self._timeout:g} s")
            return False
        return await self._answer(writer, request, pool, keep_alive=keep_alive)

    async def _answer(
        self, writer: asyncio.StreamWriter, request: FakeRequest, pool: ThreadPoolExecutor, *, keep_alive: bool
    ) -> bool:
        """Let the fake answer in a worker thread, write the answer (or fail as told); return `keep_alive`."""
        try:
            answer = await asyncio.get_running_loop().run_in_executor(pool, self._fake.handle, request)
        except Exception as error:  # noqa: BLE001 -- the last resort: a bug of the fake is a 500, not a drop
            answer = error_response(500, f"the fake failed: {type(error).__name__}")
        if answer.fault == "timeout":
            assert self._stop is not None  # noqa: S101 -- set before any connection is accepted
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), TIMEOUT_FAULT_SECONDS)
            return False
        if answer.fault == "reset":
            return False
        await self._write(writer, answer, keep_alive=keep_alive, head_only=request.method == "HEAD")
        return keep_alive

    async def _read_request(
        self, first: bytes, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> tuple[FakeRequest, bool]:
        """Read the head and the `Content-Length` body; raise `_RefusedError` for anything else."""
        try:
            head = first + await reader.readuntil(b"\r\n\r\n")
        except asyncio.LimitOverrunError:
            raise _RefusedError(431, f"the request head is longer than {MAX_HEAD_BYTES} bytes") from None
        except asyncio.IncompleteReadError:
            raise _RefusedError(400, "the connection ended inside the request head") from None
        method, target, version, fields = _parse_head(head)
        length = self._content_length(fields)
        expect = [value.lower() for name, value in fields if name == "expect"]
        if expect and expect != ["100-continue"]:
            raise _RefusedError(417, "the only Expect the fake knows is 100-continue")
        if expect and length:
            writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        try:
            body = await reader.readexactly(length) if length else b""
        except asyncio.IncompleteReadError:
            raise _RefusedError(400, "the connection ended before the Content-Length body") from None
        tokens = {token.strip().lower() for name, value in fields if name == "connection" for token in value.split(",")}
        keep_alive = "close" not in tokens and (version == "1.1" or "keep-alive" in tokens)
        try:
            url = urlsplit(target)
        except ValueError:  # a bracketed host unclosed, unopened or not an IP address
            raise _RefusedError(400, "the request target is not a valid URL") from None
        headers: dict[str, str] = {}
        for name, value in fields:
            # RFC 9110 5.3: repeated field lines are one field, their values joined by commas.
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        request = FakeRequest(
            method=method,
            path=url.path,
            query=parse_qsl(url.query, keep_blank_values=True),
            headers=headers,
            body=body,
        )
        return request, keep_alive

    def _content_length(self, fields: list[tuple[str, str]]) -> int:
        """Return the body's length from `Content-Length` (0 without one); refuse every other framing (RFC 9112 6)."""
        codings = [value for name, value in fields if name == "transfer-encoding"]
        lengths = {part.strip() for name, value in fields if name == "content-length" for part in value.split(",")}
        if codings and lengths:
            raise _RefusedError(400, "a request may not carry both Transfer-Encoding and Content-Length")
        if codings:
            if codings[-1].split(",")[-1].strip().lower() == "chunked":
                raise _RefusedError(411, "a chunked body is not read by the fake: send a Content-Length")
            raise _RefusedError(501, f"Transfer-Encoding {', '.join(codings)} is not supported")
        if not lengths:
            return 0
        if len(lengths) > 1:
            raise _RefusedError(400, "the request has Content-Length values that disagree")
        (text,) = lengths
        if not _DIGITS.fullmatch(text):
            if text.isascii() and text.isdigit():
                raise _RefusedError(413, f"the request body is longer than {self._max_body} bytes")
            raise _RefusedError(400, "Content-Length must be a decimal number of bytes")
        length = int(text)
        if length > self._max_body:
            raise _RefusedError(413, f"the request body is longer than {self._max_body} bytes")
        return length

    async def _refuse(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, status: int, message: str
    ) -> None:
        """Answer an error and close: stop sending, drop what the client still sends for a moment, then close."""
        await self._write(writer, error_response(status, message), keep_alive=False, head_only=False)
        if writer.can_write_eof():
            writer.write_eof()
        with contextlib.suppress(TimeoutError, ConnectionError):
            async with asyncio.timeout(min(self._timeout, _LINGER_SECONDS)):
                read = 0
                while read <= self._max_body and (chunk := await reader.read(64 * 1024)):
                    read += len(chunk)

    async def _write(
        self, writer: asyncio.StreamWriter, answer: FakeResponse, *, keep_alive: bool, head_only: bool
    ) -> None:
        """Write one answer in one piece, waiting at most `timeout` for the client to take it."""
        phrase = http.HTTPStatus(answer.status).phrase if answer.status in _STATUSES else ""
        lines = [
            f"HTTP/1.1 {answer.status} {phrase}",
            f"Server: {_SERVER_NAME}",
            f"Date: {email.utils.formatdate(usegmt=True)}",
            *(f"{name}: {value}" for name, value in answer.headers),
            f"Content-Length: {len(answer.body)}",
        ]
        if not keep_alive:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        writer.write(head if head_only else head + answer.body)
        async with asyncio.timeout(self._timeout):
            await writer.drain()


_STATUSES: Final = frozenset(status.value for status in http.HTTPStatus)


def _parse_head(head: bytes) -> tuple[str, str, str, list[tuple[str, str]]]:
    """Parse a request head into method, target, version and fields; refuse what is not HTTP/1.x."""
    if len(head) > MAX_HEAD_BYTES:
        raise _RefusedError(431, f"the request head is longer than {MAX_HEAD_BYTES} bytes")
    # RFC 9112 2.2: a server should ignore empty lines before the request line.
    lines = head.lstrip(b"\r\n").split(b"\r\n")[:-2]
    line = _REQUEST_LINE.fullmatch(lines[0]) if lines else None
    if line is None:
        raise _RefusedError(400, "the request line is not `METHOD target HTTP/1.1`")
    version = line["version"].decode()
    if version not in {"1.0", "1.1"}:
        raise _RefusedError(505, f"HTTP/{version} is not served; send HTTP/1.1")
    fields = _fields(lines[1:])
    if version == "1.1" and sum(name == "host" for name, _ in fields) != 1:
        raise _RefusedError(400, "an HTTP/1.1 request needs exactly one Host header")
    return line["method"].decode("ascii"), line["target"].decode("ascii"), version, fields


def _fields(lines: list[bytes]) -> list[tuple[str, str]]:
    """Parse the header lines as (lower-case name, value); refuse obs-fold and malformed lines (RFC 9112 5)."""
    if len(lines) > MAX_HEADER_LINES:
        raise _RefusedError(431, f"the request has more than {MAX_HEADER_LINES} header lines")
    fields = []
    for line in lines:
        found = _FIELD_LINE.fullmatch(line)
        if found is None:
            raise _RefusedError(400, "a header line is not `Name: value`")
        fields.append((found["name"].decode("ascii").lower(), found["value"].decode("latin-1")))
    return fields
