"""`FakeFinanceAPI.serve()`: the fake over real HTTP/1.1, for other processes and languages.

The standard library's `ThreadingHTTPServer`: one thread per connection, bound to loopback by default. A test
fake needs no more (no TLS, no production load), and it adds no dependency to the `testing` extra.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, ClassVar, Final
from urllib.parse import parse_qsl, urlsplit

from ._messages import FakeRequest

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType
    from typing import Self

    from ._fake import FakeFinanceAPI

__all__ = ["FakeServer"]

# How long a `fault="timeout"` keeps a connection without answering (clients give up long before).
TIMEOUT_FAULT_SECONDS: Final = 60.0
_MAX_BODY: Final = 10 * 1024 * 1024


class _Handler(BaseHTTPRequestHandler):
    """Read one HTTP request, let the fake answer it, write the answer (or drop the connection)."""

    protocol_version = "HTTP/1.1"
    server_version = "FakeFinanceAPI"
    # One write per answer (headers and body buffered, flushed after each request), no Nagle delay: a small
    # answer written in two pieces waits for the client's delayed ACK, some 40 ms a request.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True
    fake: ClassVar[FakeFinanceAPI]
    stopping: ClassVar[threading.Event]

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self.send_error(413)
            return
        body = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        request = FakeRequest(
            method=self.command,
            path=url.path,
            query=parse_qsl(url.query, keep_blank_values=True),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=body,
        )
        answer = self.fake.handle(request)
        if answer.fault == "timeout":
            self.stopping.wait(TIMEOUT_FAULT_SECONDS)
            self.close_connection = True
            return
        if answer.fault == "reset":
            self.close_connection = True
            return
        self.send_response(answer.status)
        for name, value in answer.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)

    def __getattr__(self, name: str) -> Callable[[], None]:
        """Answer every method (`do_GET`, `do_TRACE`, `do_QUERY`...): the fake says 405 to those the spec lacks."""
        if name.startswith("do_"):
            return self._answer
        raise AttributeError(name)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 -- the stdlib's signature
        """Log nothing: a test's output stays the test's."""


class _ThreadingServer(ThreadingHTTPServer):
    """The stdlib's threading server, with a listen backlog for a client that opens many connections at once."""

    daemon_threads = True
    block_on_close = False
    # socketserver's backlog is 5: a page walk with concurrency=10 opening its connections had SYNs dropped, each
    # then resent after the kernel's 1 s timeout.
    request_queue_size = 128


class FakeServer:
    """A `FakeFinanceAPI` served on `host:port` from a background thread while the `with` block runs."""

    def __init__(self, fake: FakeFinanceAPI, host: str = "127.0.0.1", port: int = 0) -> None:
        """Bind at once (port 0: a free port), serve from `__enter__` on."""
        stopping = threading.Event()
        handler = type("FakeHandler", (_Handler,), {"fake": fake, "stopping": stopping})
        self._stopping = stopping
        self._server = _ThreadingServer((host, port), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-finance-api", daemon=True)
        bound_host, bound_port = self._server.server_address[:2]
        shown = bound_host.decode() if isinstance(bound_host, bytes) else str(bound_host)
        self.base_url = f"http://{shown}:{bound_port}"

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (the CLI)."""
        try:
            self._server.serve_forever()
        finally:
            self._stopping.set()
            self._server.server_close()

    def __enter__(self) -> Self:
        """Start serving in the background."""
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        """Stop serving and close the socket."""
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
