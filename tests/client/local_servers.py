"""Real HTTP servers on 127.0.0.1 for the tests that need sockets: fork, proxies, origins.

`LocalServer` is a threaded HTTP/1.1 server (keep-alive, so a client pools its connections) that records each
request and answers with `answer(request)`. `echo` answers `{"success": true, "data": <X-IAA-OW-ID>}`, so each
caller can tell its own answer from anyone else's. `RecordingProxy` is an HTTP proxy: it takes absolute-form
requests (`GET http://127.0.0.1:PORT/...`), records them, answers a queued status first if there is one, and
otherwise forwards the request to its target (on 127.0.0.1 only) and relays the answer.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from collections.abc import Callable

_MAX_DELAY = 2.0  # seconds: the most a request may ask the echo server to wait


@dataclass(frozen=True)
class Recorded:
    """One request as a server saw it: method, request target (absolute for a proxy), headers, client port."""

    method: str
    target: str
    headers: dict[str, str] = field(repr=False)
    peer_port: int = 0

    @property
    def query(self) -> dict[str, str]:
        """The request target's query parameters (the last value of each)."""
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.target).query))


@dataclass(frozen=True)
class Answer:
    """What a server sends back."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def echo(request: Recorded) -> Answer:
    """Answer with the workspace the request names, as an available balance; wait `?delay=` seconds first."""
    delay = min(float(request.query.get("delay", "0")), _MAX_DELAY)
    if delay > 0:
        time.sleep(delay)
    value = int(request.headers.get("x-iaa-ow-id", "0"))
    body = json.dumps({"success": True, "data": value}).encode()
    return Answer(200, body, {"Content-Type": "application/json"})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: clients reuse their connections
    timeout = 10  # seconds an idle kept-alive connection holds its thread
    server: _Server

    def do_GET(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        headers = {name.lower(): value for name, value in self.headers.items()}
        request = Recorded(self.command, self.path, headers, self.client_address[1])
        self.server.owner.record(request)
        answer = self.server.owner.answer(request)
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)

    do_POST = do_GET  # noqa: N815 -- the name http.server looks up

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 -- the base class's name
        """Keep the test output quiet."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LocalServer


class LocalServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 (a free port) that records requests and answers with `answer`."""

    def __init__(self, answer: Callable[[Recorded], Answer] = echo) -> None:
        """Start serving at once, in a thread of this process."""
        self.answer = answer
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.start()

    def record(self, request: Recorded) -> None:
        """Keep a request (thread-safe: each connection has its own thread)."""
        with self._lock:
            self.requests.append(request)

    def close(self) -> None:
        """Stop serving and close the listening socket."""
        self._server.shutdown()
        self._thread.join(timeout=10)
        self._server.server_close()


class RecordingProxy(LocalServer):
    """An HTTP proxy on 127.0.0.1 that records each request, answers queued statuses first, then forwards."""

    FORWARD_TIMEOUT: ClassVar[float] = 10.0

    def __init__(self) -> None:
        """Start serving; nothing queued."""
        self.queued: list[int] = []
        super().__init__(self._forward)

    def _forward(self, request: Recorded) -> Answer:
        """Answer the next queued status, or send the request on to its target and relay the answer."""
        with self._lock:
            status = self.queued.pop(0) if self.queued else None
        if status is not None:
            return Answer(status, b"", {"Retry-After": "0"})
        target = urllib.parse.urlsplit(request.target)
        if target.hostname != "127.0.0.1" or target.port is None:  # a test proxy reaches 127.0.0.1 only
            return Answer(502, b"not a 127.0.0.1 target")
        upstream = http.client.HTTPConnection("127.0.0.1", target.port, timeout=self.FORWARD_TIMEOUT)
        try:
            path = target.path + (f"?{target.query}" if target.query else "")
            headers = {name: value for name, value in request.headers.items() if name != "proxy-connection"}
            upstream.request(request.method, path, headers=headers)
            response = upstream.getresponse()
            body = response.read()
            kept = {name: value for name, value in response.getheaders() if name.lower() == "content-type"}
            return Answer(response.status, body, kept)
        finally:
            upstream.close()
