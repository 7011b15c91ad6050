"""A raw-socket HTTP/1.1 server on 127.0.0.1 for the tests that need bytes no well-behaved server sends.

`RawServer(answer)` accepts connections in a thread; for each request head it reads (and the body its
`Content-Length` announces) it calls `answer(conn, head)`, which writes whatever bytes it likes through
`conn.send` / `conn.drip` and returns whether to keep the connection open for another request. Every loop
is bounded: the server stops when the `with` block ends (a dripping answer stops then too), a connection
idles out after 10 s, and `drip` never sends for longer than its own bound.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType

TOKEN = "t0ken"  # noqa: S105 -- the tests' token, sent to servers on 127.0.0.1 only
_IDLE = 10.0  # seconds a connection may wait for its next request


class Conn:
    """One accepted connection, as an answer sees it."""

    def __init__(self, sock: socket.socket, stop: threading.Event) -> None:
        self.sock = sock
        self.stop = stop
        self.closed_by_peer = False

    def send(self, data: bytes) -> bool:
        """Send all of `data`; False once the client has gone."""
        try:
            self.sock.sendall(data)
        except OSError:
            self.closed_by_peer = True
            return False
        return True

    def drip(self, data: bytes, interval: float, *, bound: float = 10.0) -> bool:
        """Send `data` one byte every `interval` s, for `bound` s at most; False once the client has gone."""
        ends = time.monotonic() + bound
        for index in range(len(data)):
            if self.stop.is_set() or time.monotonic() > ends or not self.send(data[index : index + 1]):
                return False
            if self.stop.wait(interval):
                return False
        return True


class RawServer:
    """The server; `url` is its base URL, `heads` every request head it read, `connections` how many it accepted."""

    def __init__(self, answer: Callable[[Conn, bytes], bool]) -> None:
        self._answer = answer
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self.heads: list[bytes] = []
        self.connections = 0

    def __enter__(self) -> Self:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._stop.set()
        for thread in list(self._threads):
            thread.join(timeout=15)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                sock, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, sock: socket.socket) -> None:
        conn = Conn(sock, self._stop)
        buffer = b""
        sock.settimeout(0.05)
        try:
            while not self._stop.is_set():
                head, buffer = self._read_head(sock, buffer)
                if head is None:
                    return
                with self._lock:
                    self.heads.append(head)
                length = _content_length(head)
                while len(buffer) < length and not self._stop.is_set():
                    chunk = _recv(sock)
                    if chunk == b"":
                        return
                    buffer += chunk or b""
                buffer = buffer[length:]
                if not self._answer(conn, head):
                    return
        finally:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _read_head(self, sock: socket.socket, buffer: bytes) -> tuple[bytes | None, bytes]:
        ends = time.monotonic() + _IDLE
        while b"\r\n\r\n" not in buffer:
            if self._stop.is_set() or time.monotonic() > ends:
                return None, buffer
            chunk = _recv(sock)
            if chunk == b"":
                return None, buffer
            buffer += chunk or b""
        head, _, rest = buffer.partition(b"\r\n\r\n")
        return head + b"\r\n\r\n", rest


def _recv(sock: socket.socket) -> bytes | None:
    """Bytes, b"" when the peer closed, None when nothing came within the socket's short timeout."""
    try:
        return sock.recv(65536)
    except TimeoutError:
        return None
    except OSError:
        return b""


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


def response(body: bytes, *, status: str = "200 OK", headers: dict[str, str] | None = None) -> bytes:
    """The bytes of a response with `Content-Length` and the given headers (JSON by default)."""
    fields = {"Content-Type": "application/json", "Content-Length": str(len(body)), **(headers or {})}
    lines = "".join(f"{name}: {value}\r\n" for name, value in fields.items())
    return f"HTTP/1.1 {status}\r\n{lines}\r\n".encode() + body
