"""A body that runs past its `Content-Length` never becomes the next call's answer (issue #22, item 9).

What happens underneath: httpcore2 reads up to 64 KiB at a time and feeds h11, which ends the response at
its `Content-Length` and keeps any further bytes in its receive buffer. `start_next_cycle()` keeps that
buffer, so on a reused connection h11 parses the surplus as the answer to the next request. httpcore2 drops
an idle connection before reuse only if its socket is readable, which it is not when the surplus came in the
same read as the body. The Client's pools (`_network`'s streams) count each response's bytes against where its
head says it ends (its `Content-Length`, or a chunked body's last chunk and trailers) and report a
connection with a surplus as readable, so httpcore2 drops it.
"""

from __future__ import annotations

import asyncio
import time

import httpx2
import pytest

from iqm_finance_client import AsyncClient, Client
from iqm_finance_client._network import _Framing
from tests.client.rawserver import TOKEN, Conn, RawServer, response

SMUGGLED = response(b'{"smuggled": true}')
REAL = b'{"real": true}'


class Smuggler:
    """Answers the first request with a 5-byte body followed by a whole second response, in one send."""

    def __init__(self, *, chunked: bool = False, pause: float = 0.0) -> None:
        self.chunked = chunked
        self.pause = pause
        self.answered = 0

    def __call__(self, conn: Conn, _head: bytes) -> bool:
        self.answered += 1
        if self.answered > 1:
            conn.send(response(REAL))
            return True
        if self.chunked:
            first = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            first += b"5\r\nhello\r\n0\r\n\r\n"
        else:
            first = response(b"hello")
        if self.pause:
            conn.send(first)
            time.sleep(self.pause)  # the surplus arrives later, in a read of its own
            conn.send(SMUGGLED)
        else:
            conn.send(first + SMUGGLED)
        return True


@pytest.mark.parametrize("pause", [0.0, 0.2], ids=["same-read", "later-read"])
def test_a_surplus_after_the_content_length_is_never_the_next_answer(pause):
    with RawServer(Smuggler(pause=pause)) as server, Client(server.url, token=TOKEN) as client:
        http = client.get_httpx_client()
        assert http.get("/first").content == b"hello"
        time.sleep(pause + 0.1)
        assert http.get("/second").content == REAL
        assert server.connections == 2  # the first connection was dropped, not reused


def test_the_async_client_drops_the_connection_too():
    async def calls(url: str) -> list[bytes]:
        async with AsyncClient(url, token=TOKEN) as client:
            http = client.get_async_httpx_client()
            return [(await http.get("/first")).content, (await http.get("/second")).content]

    with RawServer(Smuggler()) as server:
        assert asyncio.run(calls(server.url)) == [b"hello", REAL]
        assert server.connections == 2


def test_a_well_framed_connection_is_still_reused():
    def answer(conn: Conn, _head: bytes) -> bool:
        conn.send(response(REAL))
        return True

    with RawServer(answer) as server, Client(server.url, token=TOKEN) as client:
        http = client.get_httpx_client()
        for _ in range(3):
            assert http.get("/x").content == REAL
        assert server.connections == 1


def test_plain_httpx2_hands_the_surplus_to_the_next_request():
    # Why the client's guard exists: without it, the smuggled response is the second call's answer.
    with RawServer(Smuggler()) as server, httpx2.Client(base_url=server.url) as http:
        assert http.get("/first").content == b"hello"
        assert http.get("/second").content == b'{"smuggled": true}'


@pytest.mark.parametrize("pause", [0.0, 0.2], ids=["same-read", "later-read"])
def test_a_surplus_after_a_chunked_body_is_never_the_next_answer(pause):
    with RawServer(Smuggler(chunked=True, pause=pause)) as server, Client(server.url, token=TOKEN) as client:
        http = client.get_httpx_client()
        assert http.get("/first").content == b"hello"
        time.sleep(pause + 0.1)
        assert http.get("/second").content == REAL
        assert server.connections == 2


@pytest.mark.xfail(
    strict=True,
    reason=(
        "httpcore2/h11: bytes after a body's end stay in h11's receive buffer across start_next_cycle() and are "
        "parsed as the next response; the client's guard lives in the network streams of the pools it builds, "
        "which a transport= (or http_client=) of the caller's does not have"
    ),
)
def test_through_a_callers_transport_a_surplus_is_never_the_next_answer():
    transport = httpx2.HTTPTransport()
    with RawServer(Smuggler()) as server, Client(server.url, token=TOKEN, transport=transport) as client:
        http = client.get_httpx_client()
        try:
            assert http.get("/first").content == b"hello"
            assert http.get("/second").content == REAL
        finally:
            transport.close()


HEAD_OK = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
CHUNKED = HEAD_OK + b"Transfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n3\r\n!!!\r\n0\r\nX-Trailer: 1\r\n\r\n"


@pytest.mark.parametrize(
    ("answer", "surplus"),
    [
        (response(b"hello"), False),
        (response(b"hello") + b"x", True),
        (b"HTTP/1.1 100 Continue\r\n\r\n" + response(b"hello"), False),
        (b"HTTP/1.1 100 Continue\r\n\r\n" + response(b"hello") + b"HTTP/1.1 200", True),
        (b"HTTP/1.1 204 No Content\r\n\r\n", False),
        (b"HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\n", True),
        (CHUNKED, False),
        (CHUNKED + SMUGGLED, True),
        (HEAD_OK + b"Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello!", True),  # h11 takes them as one
        (HEAD_OK + b"Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", False),  # h11 refuses these
        (HEAD_OK + b"\r\nread until closed", False),
    ],
)
@pytest.mark.parametrize("step", [1, 7, 1 << 16])
def test_the_framing_guard_finds_each_responses_end_however_the_bytes_arrive(answer, surplus, step):
    framing = _Framing()
    framing.start(b"GET / HTTP/1.1\r\n\r\n")
    for start in range(0, len(answer), step):
        framing.read(answer[start : start + step])
    assert framing.surplus() is surplus


def test_a_head_request_has_no_body_whatever_its_content_length_says():
    framing = _Framing()
    framing.start(b"HEAD / HTTP/1.1\r\n\r\n")
    framing.read(response(b"hello")[: -len(b"hello")])
    assert not framing.surplus()
    framing.read(b"hello")
    assert framing.surplus()
