"""The generated PDF downloads: in memory (`sync`, `asyncio`) and streamed to disk (`sync_stream_to`, ...)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx2
import pytest

from iqm_finance_client._downloads import Download
from iqm_finance_client.api.invoices import download_invoice
from iqm_finance_client.api.payments import download_payment_receipt
from iqm_finance_client.errors import (
    APIConnectionError,
    NotFoundError,
    ResponseDecodeError,
    UnsuccessfulResponseError,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator
    from pathlib import Path
    from types import ModuleType

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF"


@dataclass(frozen=True)
class Endpoint:
    """A download operation: module, positional IDs, the path they make and the file name used without a header."""

    module: ModuleType
    ids: tuple[int, ...]
    path: str
    default_filename: str


ENDPOINTS = {
    "downloadInvoice": Endpoint(
        download_invoice, (5, 79), "/api/v3/fa/download-invoice/5/79", "download_invoice-5-79.pdf"
    ),
    "downloadPaymentReceipt": Endpoint(
        download_payment_receipt, (886,), "/api/v3/fa/payment/download-receipt/886", "download_payment_receipt-886.pdf"
    ),
}


class Downloader:
    """Calls an endpoint's sync or async variant, so each test runs both ways."""

    def __init__(self, mode: str, client: Any, arun: Any) -> None:
        """Remember how to call."""
        self.mode = mode
        self._client = client
        self._arun = arun

    def get(self, endpoint: Endpoint) -> Download:
        """The in-memory download."""
        if self.mode == "sync":
            return endpoint.module.sync(*endpoint.ids, client=self._client)
        return self._arun(endpoint.module.asyncio(*endpoint.ids, client=self._client))

    def stream_to(self, endpoint: Endpoint, destination: Path) -> Path:
        """The download streamed to `destination`."""
        if self.mode == "sync":
            return endpoint.module.sync_stream_to(destination, *endpoint.ids, client=self._client)
        return self._arun(endpoint.module.asyncio_stream_to(destination, *endpoint.ids, client=self._client))


@pytest.fixture(params=["sync", "async"])
def downloader(request, client, arun) -> Downloader:
    """The generated download calls, sync or async."""
    return Downloader(request.param, client, arun)


def _pdf(disposition: str | None = None, content_type: str | None = "application/pdf") -> httpx2.Response:
    headers = {}
    if content_type is not None:
        headers["Content-Type"] = content_type
    if disposition is not None:
        headers["Content-Disposition"] = disposition
    return httpx2.Response(200, content=PDF, headers=headers)


DISPOSITIONS = [
    ('attachment; filename="INV 79 (Oct 2020).pdf"', "INV 79 (Oct 2020).pdf"),
    ("attachment; filename=INV-79.pdf", "INV-79.pdf"),
    ("attachment; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf", "Rechnung März.pdf"),
    ("attachment; filename=\"fallback.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf", "résumé.pdf"),
    ('attachment; filename="../../.bashrc"', "bashrc"),  # no way out of the directory, no hidden file
    ("attachment", None),
    (None, None),
]


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize(("disposition", "filename"), DISPOSITIONS)
def test_the_download_holds_the_bytes_and_the_file_name(server, downloader, name, disposition, filename) -> None:
    endpoint = ENDPOINTS[name]
    server.queue(_pdf(disposition))

    download = downloader.get(endpoint)

    assert isinstance(download, Download)
    assert download.content == PDF
    assert download.filename == (filename or endpoint.default_filename)
    assert download.content_type == "application/pdf"
    assert server.requests[0].method == "GET"
    assert server.requests[0].url.path == endpoint.path
    assert server.requests[0].url.params["isCustomerRequest"] == "true"
    assert "size=" in repr(download)
    assert "%PDF" not in repr(download)


@pytest.mark.parametrize("content_type", [None, "application/octet-stream", "application/PDF; name=x.pdf"])
def test_a_missing_or_generic_content_type_is_taken_as_the_pdf(server, downloader, content_type) -> None:
    server.queue(_pdf(content_type=content_type))
    download = downloader.get(ENDPOINTS["downloadInvoice"])
    assert download.content == PDF
    assert download.content_type == "application/pdf"


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize(("disposition", "filename"), DISPOSITIONS)
def test_streaming_to_a_directory_writes_the_named_file(
    server, downloader, tmp_path, name, disposition, filename
) -> None:
    endpoint = ENDPOINTS[name]
    server.queue(_pdf(disposition))

    written = downloader.stream_to(endpoint, tmp_path)

    assert written == tmp_path / (filename or endpoint.default_filename)
    assert written.read_bytes() == PDF
    assert list(tmp_path.iterdir()) == [written]  # no temporary file left beside it
    assert server.requests[0].url.path == endpoint.path


@pytest.mark.parametrize("name", ENDPOINTS)
def test_streaming_to_a_file_path_writes_there(server, downloader, tmp_path, name) -> None:
    target = tmp_path / "mine.pdf"
    target.write_bytes(b"old")
    server.queue(_pdf('attachment; filename="theirs.pdf"'))

    written = downloader.stream_to(ENDPOINTS[name], target)

    assert written == target
    assert target.read_bytes() == PDF
    assert list(tmp_path.iterdir()) == [target]


def test_a_body_in_many_chunks_is_written_whole(server, client, tmp_path) -> None:
    chunks = [PDF[index : index + 1000] for index in range(0, len(PDF), 1000)]
    server.queue(httpx2.Response(200, content=iter(chunks), headers={"Content-Type": "application/pdf"}))
    written = download_invoice.sync_stream_to(tmp_path, 5, 79, client=client)
    assert written.read_bytes() == PDF


JSON_ERROR = b'{"success": false, "errorObjects": [{"error": "Invoice not generated yet"}]}'
WRONG_BODIES = [
    (JSON_ERROR, "application/json", UnsuccessfulResponseError),
    (b'{"success": true, "data": "queued"}', "application/json", ResponseDecodeError),
    (b"<html><body>Sign in</body></html>", "text/html; charset=utf-8", ResponseDecodeError),
]


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize(("body", "content_type", "expected"), WRONG_BODIES, ids=["json-error", "json", "html"])
def test_a_200_that_is_not_a_pdf_is_a_clear_error(
    server, downloader, tmp_path, name, body, content_type, expected
) -> None:
    endpoint = ENDPOINTS[name]
    for _ in range(2):
        server.queue(httpx2.Response(200, content=body, headers={"Content-Type": content_type}))

    with pytest.raises(expected) as in_memory:
        downloader.get(endpoint)
    with pytest.raises(expected) as streamed:
        downloader.stream_to(endpoint, tmp_path)

    assert list(tmp_path.iterdir()) == []
    for error in (in_memory.value, streamed.value):
        assert error.status_code == 200
        assert error.body == body
        assert endpoint.path in str(error)
        if expected is UnsuccessfulResponseError:
            assert error.errors == ["Invoice not generated yet"]
        else:
            assert "application/pdf" in str(error)
            assert content_type.partition(";")[0] in str(error)


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_404_raises_not_found_and_writes_nothing(server, downloader, tmp_path, name) -> None:
    endpoint = ENDPOINTS[name]
    body = b'{"success": false, "errorObjects": [{"error": "Invoice with the provided ID does not exists"}]}'
    for _ in range(2):
        server.queue(httpx2.Response(404, content=body, headers={"Content-Type": "application/json"}))

    with pytest.raises(NotFoundError) as in_memory:
        downloader.get(endpoint)
    with pytest.raises(NotFoundError) as streamed:
        downloader.stream_to(endpoint, tmp_path / "invoice.pdf")

    assert list(tmp_path.iterdir()) == []
    for error in (in_memory.value, streamed.value):
        assert error.status_code == 404
        assert error.body == body
        assert error.errors == ["Invoice with the provided ID does not exists"]


def test_a_connection_lost_mid_file_leaves_nothing_behind(server, client, tmp_path) -> None:
    def broken() -> Iterator[bytes]:
        yield PDF[:100]
        message = "[Errno 104] Connection reset by peer"
        raise httpx2.ReadError(message)

    server.queue(httpx2.Response(200, content=broken(), headers={"Content-Type": "application/pdf"}))
    with pytest.raises(APIConnectionError):
        download_invoice.sync_stream_to(tmp_path, 5, 79, client=client)
    assert list(tmp_path.iterdir()) == []


def test_an_async_connection_lost_mid_file_leaves_nothing_behind(server, client, arun, tmp_path) -> None:
    async def broken() -> AsyncIterator[bytes]:
        yield PDF[:100]
        message = "[Errno 104] Connection reset by peer"
        raise httpx2.ReadError(message)

    server.queue(httpx2.Response(200, content=broken(), headers={"Content-Type": "application/pdf"}))
    with pytest.raises(APIConnectionError):
        arun(download_invoice.asyncio_stream_to(tmp_path, 5, 79, client=client))
    assert list(tmp_path.iterdir()) == []


def test_the_detailed_download_keeps_the_raw_response(server, client) -> None:
    server.queue(_pdf('attachment; filename="INV-79.pdf"'))
    response = download_invoice.sync_detailed(5, 79, client=client)
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["content-disposition"] == 'attachment; filename="INV-79.pdf"'
    assert response.parsed == Download(content=PDF, filename="INV-79.pdf", content_type="application/pdf")
