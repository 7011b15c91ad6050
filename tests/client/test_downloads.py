from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import httpx2
import pytest

from iqm_finance_client._downloads import (
    Download,
    astream_to_file,
    download_from_response,
    filename_from_content_disposition,
    stream_to_file,
)
from iqm_finance_client._exceptions import (
    APIConnectionError,
    NotFoundError,
    ResponseDecodeError,
    ServerError,
    UnsuccessfulResponseError,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"
PDF_HEADERS = {"Content-Type": "application/pdf", "Content-Disposition": 'attachment; filename="invoice-1001.pdf"'}
ERROR_BODY = {"success": False, "errorObjects": [{"error": "Invoice not found"}]}


# --- file names --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('attachment; filename="invoice-1001.pdf"', "invoice-1001.pdf"),
        ("attachment; filename=invoice-1001.pdf", "invoice-1001.pdf"),
        ('inline; FILENAME="Receipt 7.pdf"', "Receipt 7.pdf"),
        ("attachment; filename*=UTF-8''%E2%82%AC%20rates.pdf", "€ rates.pdf"),
        ("attachment; filename=\"fallback.pdf\"; filename*=UTF-8''Re%C3%A7u.pdf", "Reçu.pdf"),
        ("attachment; filename*=iso-8859-1'en'%A3%20rates.pdf", "£ rates.pdf"),
        ("attachment; filename*=x-unknown''abc.pdf; filename=plain.pdf", "plain.pdf"),
        ("attachment; filename*=UTF-8''%FF%FE.pdf; filename=plain.pdf", "plain.pdf"),
        ("attachment; filename*=no-quotes.pdf; filename=plain.pdf", "plain.pdf"),
        ('attachment; filename="a;b.pdf"', "a;b.pdf"),
        ('attachment; filename="quote\\"d.pdf"', "quote_d.pdf"),
        ('attachment; filename="../../etc/passwd"', "passwd"),
        ('attachment; filename="..\\\\..\\\\Windows\\\\evil.pdf"', "evil.pdf"),
        ("attachment; filename=/absolute/path/x.pdf", "x.pdf"),
        ("attachment; filename*=UTF-8''..%2F..%2F.bashrc", "bashrc"),
        ('attachment; filename="C:evil.pdf"', "C_evil.pdf"),
        ('attachment; filename="new\nline.pdf"', "newline.pdf"),
        ('attachment; filename="CON.pdf"', "_CON.pdf"),
        ('attachment; filename="report.pdf. . "', "report.pdf"),
    ],
)
def test_filename_from_content_disposition(header, expected):
    assert filename_from_content_disposition(header) == expected


@pytest.mark.parametrize(
    "header",
    [None, "", "attachment", "inline; size=10", 'attachment; filename=".."', 'attachment; filename="/"', "filename=x"],
)
def test_no_usable_filename(header):
    assert filename_from_content_disposition(header) is None


def test_overlong_filenames_are_cut_keeping_the_extension():
    name = filename_from_content_disposition(f'attachment; filename="{"é" * 300}.pdf"')

    assert name is not None
    assert name.endswith(".pdf")
    assert len(name.encode("utf-8")) <= 255
    assert name.startswith("ééé")


# --- in memory ---------------------------------------------------------------------------------------------


def test_download_from_response(make_response):
    response = make_response(200, content=PDF, headers=PDF_HEADERS)

    download = download_from_response(response, default_filename="download-invoice-1-1001.pdf")

    assert download == Download(content=PDF, filename="invoice-1001.pdf", content_type="application/pdf")
    assert repr(download) == f"Download(filename='invoice-1001.pdf', content_type='application/pdf', size={len(PDF)})"


@pytest.mark.parametrize(
    "headers",
    [{"Content-Type": "application/octet-stream"}, {}, {"Content-Type": "Application/PDF; charset=binary"}],
)
def test_generic_or_missing_content_types_are_accepted(make_response, headers):
    download = download_from_response(make_response(200, content=PDF, headers=headers), default_filename="r-7.pdf")

    assert download.filename == "r-7.pdf"
    assert download.content_type == "application/pdf"


def test_the_default_filename_is_made_safe_too(make_response):
    download = download_from_response(make_response(200, content=PDF), default_filename="../x/receipt-1.pdf")

    assert download.filename == "receipt-1.pdf"


def test_json_error_envelope_on_a_200_is_an_unsuccessful_response(make_response):
    with pytest.raises(UnsuccessfulResponseError) as caught:
        download_from_response(make_response(200, json=ERROR_BODY), default_filename="x.pdf")

    assert caught.value.errors == ["Invoice not found"]


def test_json_success_where_a_pdf_was_expected_is_a_decode_error(make_response):
    response = make_response(200, json={"success": True, "data": "Invoice emailed"})

    with pytest.raises(ResponseDecodeError, match="expected a file of type application/pdf, got application/json"):
        download_from_response(response, default_filename="x.pdf")


def test_html_where_a_pdf_was_expected_is_a_decode_error_with_the_body(make_response):
    page = b"<html>Service maintenance</html>"
    response = make_response(200, content=page, headers={"Content-Type": "text/html; charset=utf-8"})

    with pytest.raises(ResponseDecodeError) as caught:
        download_from_response(response, default_filename="x.pdf")

    assert caught.value.body == page
    assert caught.value.cause == "expected a file of type application/pdf, got text/html"


def test_an_error_status_raises_its_error(make_response):
    with pytest.raises(NotFoundError):
        download_from_response(make_response(404, json=ERROR_BODY), default_filename="x.pdf")


def test_other_expected_content_types(make_response):
    response = make_response(200, content=b"a,b\n", headers={"Content-Type": "text/csv"})

    download = download_from_response(response, default_filename="report.csv", expected_content_type="text/csv")

    assert download.content_type == "text/csv"


def test_download_save(tmp_path):
    download = Download(content=PDF, filename="invoice-1001.pdf", content_type="application/pdf")

    assert download.save(tmp_path) == tmp_path / "invoice-1001.pdf"
    assert download.save(tmp_path / "renamed.pdf") == tmp_path / "renamed.pdf"
    assert (tmp_path / "invoice-1001.pdf").read_bytes() == PDF
    assert (tmp_path / "renamed.pdf").read_bytes() == PDF


# --- streamed to disk --------------------------------------------------------------------------------------


class BrokenStream(httpx2.SyncByteStream):
    """A body that sends one chunk, then loses the connection."""

    def __iter__(self) -> Iterator[bytes]:
        yield PDF[:100]
        message = "[Errno 104] Connection reset by peer"
        raise httpx2.ReadError(message)


class AsyncBrokenStream(httpx2.AsyncByteStream):
    """The async twin of BrokenStream."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield PDF[:100]
        message = "[Errno 104] Connection reset by peer"
        raise httpx2.ReadError(message)


def _stream(handler, destination, **kwargs):
    with (
        httpx2.Client(transport=httpx2.MockTransport(handler), base_url="https://app.iqm.com") as client,
        client.stream("GET", "/api/v3/fa/download-invoice/1/1001") as response,
    ):
        return stream_to_file(response, destination, default_filename="download-invoice-1-1001.pdf", **kwargs)


def _astream(handler, destination, **kwargs):
    async def run():
        async with (
            httpx2.AsyncClient(transport=httpx2.MockTransport(handler), base_url="https://app.iqm.com") as client,
            client.stream("GET", "/api/v3/fa/download-invoice/1/1001") as response,
        ):
            return await astream_to_file(
                response, destination, default_filename="download-invoice-1-1001.pdf", **kwargs
            )

    return asyncio.run(run())


@pytest.fixture(params=["sync", "async"])
def stream(request):
    """Stream a download with `stream_to_file` or `astream_to_file`: every test runs against both."""
    return _stream if request.param == "sync" else _astream


def test_stream_into_a_directory_uses_the_servers_name(stream, tmp_path):
    path = stream(lambda _request: httpx2.Response(200, content=PDF, headers=PDF_HEADERS), tmp_path)

    assert path == tmp_path / "invoice-1001.pdf"
    assert path.read_bytes() == PDF
    assert sorted(p.name for p in tmp_path.iterdir()) == ["invoice-1001.pdf"]


def test_stream_to_a_file_path(stream, tmp_path):
    target = tmp_path / "mine.pdf"
    target.write_bytes(b"old contents")

    path = stream(lambda _request: httpx2.Response(200, content=PDF, headers=PDF_HEADERS), target)

    assert path == target
    assert target.read_bytes() == PDF


def test_stream_without_content_disposition_uses_the_default(stream, tmp_path):
    path = stream(
        lambda _request: httpx2.Response(200, content=PDF, headers={"Content-Type": "application/pdf"}), tmp_path
    )

    assert path == tmp_path / "download-invoice-1-1001.pdf"


def test_a_hostile_name_cannot_escape_the_directory(stream, tmp_path):
    target_dir = tmp_path / "downloads"
    target_dir.mkdir()
    headers = {"Content-Type": "application/pdf", "Content-Disposition": 'attachment; filename="../../escape.pdf"'}

    path = stream(lambda _request: httpx2.Response(200, content=PDF, headers=headers), target_dir)

    assert path == target_dir / "escape.pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["downloads"]


def test_an_error_status_writes_nothing(stream, tmp_path):
    with pytest.raises(NotFoundError) as caught:
        stream(lambda _request: httpx2.Response(404, json=ERROR_BODY), tmp_path)

    assert caught.value.errors == ["Invoice not found"]
    assert list(tmp_path.iterdir()) == []


def test_an_html_page_on_a_200_writes_nothing(stream, tmp_path):
    page = b"<html>Service maintenance</html>"

    with pytest.raises(ResponseDecodeError) as caught:
        stream(lambda _request: httpx2.Response(200, content=page, headers={"Content-Type": "text/html"}), tmp_path)

    assert caught.value.body == page
    assert list(tmp_path.iterdir()) == []


def test_a_json_error_envelope_on_a_200_writes_nothing(stream, tmp_path):
    with pytest.raises(UnsuccessfulResponseError):
        stream(lambda _request: httpx2.Response(200, json=ERROR_BODY), tmp_path)

    assert list(tmp_path.iterdir()) == []


def test_an_html_error_page_status_is_a_status_error(stream, tmp_path):
    with pytest.raises(ServerError) as caught:
        stream(lambda _request: httpx2.Response(502, content=b"<html>bad gateway</html>"), tmp_path)

    assert caught.value.body == b"<html>bad gateway</html>"


def test_a_connection_lost_mid_download_leaves_nothing_behind(tmp_path):
    target = tmp_path / "existing.pdf"
    target.write_bytes(b"keep me")

    def handler(_request):
        return httpx2.Response(200, stream=BrokenStream(), headers={"Content-Type": "application/pdf"})

    with pytest.raises(APIConnectionError, match="ReadError"):
        _stream(handler, target)

    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.pdf"]
    assert target.read_bytes() == b"keep me"


def test_a_connection_lost_mid_async_download_leaves_nothing_behind(tmp_path):
    def handler(_request):
        return httpx2.Response(200, stream=AsyncBrokenStream(), headers={"Content-Type": "application/pdf"})

    with pytest.raises(APIConnectionError, match="ReadError"):
        _astream(handler, tmp_path)

    assert list(tmp_path.iterdir()) == []


def test_a_missing_parent_directory_fails_before_anything_is_written(stream, tmp_path):
    with pytest.raises(FileNotFoundError):
        stream(lambda _request: httpx2.Response(200, content=PDF, headers=PDF_HEADERS), tmp_path / "nope" / "x.pdf")

    assert list(tmp_path.iterdir()) == []
