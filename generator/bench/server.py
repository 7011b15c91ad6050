"""A local HTTP/1.1 server on 127.0.0.1 with canned JSON bodies, bounded in requests and time, in its own process.

It answers GET requests for the paths it was given with their bodies, or, for a paged path, with the page of
its records that `pageNo` and `limit` ask for after a set delay (a server across a network). It keeps
connections alive (so the client's connection pool is what is measured, not connects), and stops by itself:
after `max_requests` requests every further request gets a 503 and its connection is closed, and at
`max_seconds`, or when its parent closes its stdin, it shuts down. Nothing but the loopback address is ever
bound or contacted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Final, Self, cast
from urllib.parse import parse_qs, urlsplit

from generator import ROOT

if TYPE_CHECKING:
    from collections.abc import Mapping
    from types import TracebackType

HOST: Final = "127.0.0.1"


class _Handler(BaseHTTPRequestHandler):
    """Serve the canned bodies; count requests against the server's budget."""

    protocol_version = "HTTP/1.1"  # keep-alive, as the API's servers do
    # One buffered write per response and no Nagle delay: else each small response waits ~40 ms for an ACK.
    wbufsize = -1
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        """Answer a GET with the body for its path (query ignored), 404 for any other path."""
        server = cast("_Server", self.server)
        if not server.spend():
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, b'{"success":false}', close=True)
            return
        url = urlsplit(self.path)
        body = server.bodies.get(url.path)
        if body is None and url.path in server.pages:
            body = server.page(url.path, parse_qs(url.query))
        if body is None:
            self._send(HTTPStatus.NOT_FOUND, b'{"success":false,"errorObjects":[{"error":"no such path"}]}')
            return
        self._send(HTTPStatus.OK, body)

    def _send(self, status: HTTPStatus, body: bytes, *, close: bool = False) -> None:
        """Send a JSON response with its length, so the connection can be reused."""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's signature
        """Log nothing: the bench prints its own progress."""


class _Server(ThreadingHTTPServer):
    """A threading server that knows its bodies and its budget."""

    daemon_threads = True  # a connection thread never keeps the process alive
    # socketserver's listen backlog is 5: a walk opening 10 connections at once had some SYNs dropped and resent
    # after the kernel's 1 s timeout. Servers in front of an API queue far more (nginx 511, the kernel's somaxconn).
    request_queue_size = 128

    def __init__(
        self,
        bodies: Mapping[str, bytes],
        max_requests: int,
        max_seconds: float,
        pages: Mapping[str, list[bytes]] | None = None,
        page_delay: float = 0.0,
    ) -> None:
        super().__init__((HOST, 0), _Handler)
        self.bodies = dict(bodies)
        self.pages = dict(pages or {})
        self.page_delay = page_delay
        self._left = max_requests
        self._deadline = time.monotonic() + max_seconds
        self._lock = threading.Lock()

    def page(self, path: str, query: dict[str, list[str]]) -> bytes:
        """Return the page of `path`'s records that `pageNo` and `limit` ask for, after the page delay."""
        records = self.pages[path]
        number = int(query.get("pageNo", ["1"])[0])
        limit = int(query.get("limit", ["10"])[0])
        time.sleep(self.page_delay)  # the round trip of a server across a network; threads wait side by side
        chunk = b",".join(records[(number - 1) * limit : number * limit])
        total = str(len(records)).encode()
        return (
            b'{"success":true,"data":{"data":['
            + chunk
            + b'],"totalRecords":'
            + total
            + b',"filteredRecords":'
            + total
            + b"}}"
        )

    def spend(self) -> bool:
        """Take one request from the budget; False once the budget or the time is used up."""
        with self._lock:
            if self._left <= 0 or time.monotonic() > self._deadline:
                return False
            self._left -= 1
            return True


def serve(
    bodies: Mapping[str, bytes],
    *,
    max_requests: int,
    max_seconds: float,
    pages: Mapping[str, list[bytes]] | None = None,
    page_delay: float = 0.0,
) -> None:
    """Serve `bodies` on a free port of 127.0.0.1: print the base URL, then serve until stdin ends or a bound is hit."""
    server = _Server(bodies, max_requests, max_seconds, pages, page_delay)
    print(f"http://{HOST}:{server.server_address[1]}", flush=True)  # noqa: T201 - tells the parent where to connect
    # Stops by itself at the deadline, and when the parent closes our stdin (or dies): never outlives the bench.
    deadline = threading.Timer(max_seconds, server.shutdown)
    deadline.daemon = True
    deadline.start()
    watcher = threading.Thread(target=_shutdown_at_eof, args=(server,), daemon=True)
    watcher.start()
    try:
        server.serve_forever(poll_interval=0.05)
    finally:
        deadline.cancel()
        server.server_close()


def _shutdown_at_eof(server: _Server) -> None:
    """Read stdin to its end, then stop the server."""
    sys.stdin.read()
    server.shutdown()


class LocalServer:
    """`with LocalServer(bodies, ...) as server:` runs the server in a process of its own, on `server.url`.

    A process of its own, so the client's process does the client's work only (its CPU time is the client's) and
    the two do not take turns on one GIL. It ends with the block, or by itself at its bounds.
    """

    def __init__(
        self,
        bodies: Mapping[str, bytes],
        *,
        max_requests: int,
        max_seconds: float,
        pages: Mapping[str, list[str]] | None = None,
        page_delay: float = 0.0,
    ) -> None:
        """Remember what to serve (`pages`: a path's records as JSON texts); nothing starts before the block."""
        self._bodies = {path: body.decode("utf-8") for path, body in bodies.items()}
        self._pages = dict(pages or {})
        self._bounds = ["--max-requests", str(max_requests), "--max-seconds", str(max_seconds)]
        self._bounds += ["--page-delay", str(page_delay)]
        self._process: subprocess.Popen[str] | None = None
        self._work = tempfile.TemporaryDirectory(prefix="iqm-bench-server-")
        self.url = ""

    def __enter__(self) -> Self:
        """Start the server process and wait for its URL."""
        bodies = Path(self._work.name) / "bodies.json"
        bodies.write_text(json.dumps({"bodies": self._bodies, "pages": self._pages}), encoding="utf-8")
        command = [sys.executable, "-m", "generator.bench.server", str(bodies), *self._bounds]
        self._process = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.url = self._process.stdout.readline().strip() if self._process.stdout is not None else ""
        if not self.url.startswith(f"http://{HOST}:"):
            self.__exit__(None, None, None)
            message = f"the local server did not start (it said {self.url!r})"
            raise RuntimeError(message)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc_value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        """Close the server's stdin, which stops it; kill it only if it has not stopped in 10 s."""
        process, self._process = self._process, None
        if process is not None:
            if process.stdin is not None:
                process.stdin.close()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()
        self._work.cleanup()


def main(argv: list[str] | None = None) -> int:
    """`python -m generator.bench.server BODIES.json --max-requests N --max-seconds S` (what LocalServer runs)."""
    parser = argparse.ArgumentParser(prog="python -m generator.bench.server", description=__doc__)
    parser.add_argument("bodies", type=Path, help='a JSON object: {"bodies": {path: text}, "pages": {path: [record]}}')
    parser.add_argument("--max-requests", type=int, required=True)
    parser.add_argument("--max-seconds", type=float, required=True)
    parser.add_argument("--page-delay", type=float, default=0.0, help="seconds before each page of a paged path")
    args = parser.parse_args(argv)
    served = json.loads(args.bodies.read_text(encoding="utf-8"))
    bodies = {str(path): str(text).encode("utf-8") for path, text in served["bodies"].items()}
    pages = {str(path): [str(text).encode("utf-8") for text in texts] for path, texts in served["pages"].items()}
    serve(bodies, max_requests=args.max_requests, max_seconds=args.max_seconds, pages=pages, page_delay=args.page_delay)
    return 0


if __name__ == "__main__":
    sys.exit(main())
