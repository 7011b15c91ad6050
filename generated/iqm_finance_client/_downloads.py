# Copied from overrides/runtime/_downloads.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_downloads.py, then run `nox -s generate`.
"""File downloads (the invoice and receipt PDFs): in memory as `Download`, or streamed to disk.

The file name comes from `Content-Disposition` when the server sends one (quirk download-headers: it is
optional), else from a default the caller makes from the IDs. Either way it is reduced to a bare file name,
so a hostile `../../.bashrc` cannot escape the directory it is saved in.

A response whose content type is not the expected one (a JSON error envelope, an HTML error page) is an
error, never a file: `UnsuccessfulResponseError` when the JSON body says `"success": false`, otherwise
`ResponseDecodeError`. A missing or generic `application/octet-stream` type is accepted as the file.
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs

from ._exceptions import decode_error, raise_for_status, translate_transport_errors
from ._limits import aread_bounded, read_bounded

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    import httpx2

    from ._response import APIResponse, AsyncAPIResponse

__all__ = [
    "Download",
    "asave_streamed",
    "astream_to_file",
    "download_from_response",
    "filename_from_content_disposition",
    "save_streamed",
    "stream_to_file",
]

DEFAULT_CONTENT_TYPE: Final = "application/pdf"
# Content types that say nothing about the body, so they do not contradict the expected one.
_GENERIC_TYPES: Final = frozenset({"application/octet-stream", "binary/octet-stream"})
# One `; name=value` parameter of a header, the value a quoted-string (with backslash escapes) or a token.
_PARAMETER: Final = re.compile(r';\s*(?P<name>[^\s=;]+)\s*=\s*(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<token>[^;]*))')
_QUOTED_PAIR: Final = re.compile(r"\\(.)")
# Characters Windows forbids in file names; replaced so a name saved on any system stays one file.
_FORBIDDEN: Final = re.compile(r'[<>:"|?*]')
_WINDOWS_RESERVED: Final = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
)
# Most file systems cap a name at 255 bytes.
_MAX_NAME_BYTES: Final = 255
# RFC 5987 values are `charset'language'percent-encoded-value`.
_RFC5987_PARTS: Final = 3
# A longer "extension" is part of the name, not a file type worth keeping when the name is cut.
_MAX_EXTENSION_LENGTH: Final = 16
_FALLBACK_NAME: Final = "download"


@attrs.frozen(repr=False)
class Download:
    """A downloaded file held in memory."""

    content: bytes
    filename: str
    content_type: str

    def __repr__(self) -> str:
        """Name, type and size; never the bytes themselves."""
        return f"Download(filename={self.filename!r}, content_type={self.content_type!r}, size={len(self.content)})"

    def save(self, destination: Path | str) -> Path:
        """Write the file to `destination` (a directory gets `destination/<filename>`); returns the path."""
        target = _target(Path(destination), self.filename)
        _write_atomically(target, iter((self.content,)))
        return target


def filename_from_content_disposition(value: str | None) -> str | None:
    """Return the file name of a `Content-Disposition` header as a bare name safe to save; None if it has none.

    Handles `attachment; filename="x.pdf"`, unquoted `filename=x.pdf`, and RFC 5987 `filename*=UTF-8''...`
    (preferred when both are given). Path components are stripped, and characters that are not printable
    or that Windows forbids are removed or replaced.
    """
    if not value:
        return None
    parameters: dict[str, str] = {}
    for match in _PARAMETER.finditer(value):
        name = match["name"].lower()
        if match["quoted"] is not None:
            parameters.setdefault(name, _QUOTED_PAIR.sub(r"\1", match["quoted"]))
        else:
            parameters.setdefault(name, match["token"].strip())
    extended = parameters.get("filename*")
    if extended is not None:
        decoded = _decode_rfc5987(extended)
        safe = _safe_filename(decoded) if decoded is not None else None
        if safe is not None:
            return safe
    plain = parameters.get("filename")
    return _safe_filename(plain) if plain is not None else None


def download_from_response(
    response: httpx2.Response,
    *,
    default_filename: str,
    expected_content_type: str = DEFAULT_CONTENT_TYPE,
) -> Download:
    """Return the file a response carries; raise its status error, or `ResponseDecodeError` for a wrong type."""
    response.read()  # a no-op for a response already read; loads a sync stream otherwise
    raise_for_status(response)
    content_type = _checked_content_type(response, expected_content_type)
    return Download(
        content=response.content,
        filename=_filename(response, default_filename),
        content_type=content_type,
    )


def stream_to_file(
    response: httpx2.Response,
    destination: Path | str,
    *,
    default_filename: str,
    expected_content_type: str = DEFAULT_CONTENT_TYPE,
) -> Path:
    """Write a streamed response's file to disk, checking status and content type first; returns the path.

    `destination` is a file path, or an existing directory to write `<filename>` into. The bytes go to a
    temporary file in the same directory, renamed into place only when complete, so a failed download
    leaves nothing behind. An existing file at the path is replaced. The caller closes the response.
    """
    if not _looks_like_file(response, expected_content_type):
        # An error's body, read so the error carries it: bounded by max_response_bytes and the attempt's deadline.
        response = read_bounded(response)
        raise_for_status(response)
    _checked_content_type(response, expected_content_type)
    target = _target(Path(destination), _filename(response, default_filename))
    with translate_transport_errors():
        _write_atomically(target, response.iter_bytes())
    return target


async def astream_to_file(
    response: httpx2.Response,
    destination: Path | str,
    *,
    default_filename: str,
    expected_content_type: str = DEFAULT_CONTENT_TYPE,
) -> Path:
    """Do what `stream_to_file` does, for a response streamed by an `httpx2.AsyncClient`.

    The file writes themselves are blocking; they are small chunks, written as they arrive.
    """
    if not _looks_like_file(response, expected_content_type):
        # An error's body, read so the error carries it: bounded by max_response_bytes and the attempt's deadline.
        response = await aread_bounded(response)
        raise_for_status(response)
    _checked_content_type(response, expected_content_type)
    target = _target(Path(destination), _filename(response, default_filename))
    with translate_transport_errors():
        await _write_atomically_async(target, response.aiter_bytes())
    return target


def save_streamed(streamed: APIResponse[Download], destination: Path | str, *, default_filename: str) -> Path:
    """Write the file of a streamed call (`BaseClient.request` in "stream" mode) to disk, then close it.

    What the module functions' `sync_stream_to` do with the unread response: `stream_to_file`, the response
    closed whatever happens, and any transport failure (closing included) the library's own error.
    """
    with translate_transport_errors():
        try:
            return stream_to_file(streamed.http_response, destination, default_filename=default_filename)
        finally:
            streamed.close()


async def asave_streamed(
    streamed: AsyncAPIResponse[Download], destination: Path | str, *, default_filename: str
) -> Path:
    """Do what `save_streamed` does, for a call streamed through `BaseClient.arequest`."""
    with translate_transport_errors():
        try:
            return await astream_to_file(streamed.http_response, destination, default_filename=default_filename)
        finally:
            await streamed.close()


def _media_type(response: httpx2.Response) -> str | None:
    """Return the response's media type, lower-case and without parameters; None when there is none."""
    content_type: str = response.headers.get("content-type", "")
    media_type = content_type.partition(";")[0].strip().lower()
    return media_type or None


def _looks_like_file(response: httpx2.Response, expected_content_type: str) -> bool:
    """Whether a response is a 2xx of an acceptable content type, so its body can be streamed as the file."""
    return response.is_success and _content_type_problem(response, expected_content_type) is None


def _content_type_problem(response: httpx2.Response, expected_content_type: str) -> str | None:
    """Say what is wrong with a content type that contradicts the expected one; None when it is acceptable."""
    media_type = _media_type(response)
    if media_type is None or media_type == expected_content_type.lower() or media_type in _GENERIC_TYPES:
        return None
    return f"expected a file of type {expected_content_type}, got {media_type}"


def _checked_content_type(response: httpx2.Response, expected_content_type: str) -> str:
    """Return the content type to report for the file; raise when the response's contradicts the expected one."""
    problem = _content_type_problem(response, expected_content_type)
    if problem is not None:
        raise decode_error(response, problem)
    media_type = _media_type(response)
    return expected_content_type if media_type is None or media_type in _GENERIC_TYPES else media_type


def _filename(response: httpx2.Response, default_filename: str) -> str:
    """Return the server's file name if it sent a usable one, else the caller's default, made safe too."""
    disposition: str | None = response.headers.get("content-disposition")
    return filename_from_content_disposition(disposition) or _safe_filename(default_filename) or _FALLBACK_NAME


def _decode_rfc5987(value: str) -> str | None:
    """Decode `charset'language'percent-encoded`; None for a malformed value or an unknown charset."""
    parts = value.strip().strip('"').split("'", 2)
    if len(parts) != _RFC5987_PARTS:
        return None
    charset, _language, encoded = parts
    try:
        codecs.lookup(charset)  # unquote skips decoding when nothing is percent-encoded: check the charset here
        return urllib.parse.unquote(encoded, encoding=charset, errors="strict")
    except (LookupError, UnicodeDecodeError):
        return None


def _safe_filename(name: str) -> str | None:
    """Make a bare, printable file name of any string; None when nothing usable is left."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]  # drop every path component, POSIX or Windows
    base = "".join(char for char in base if char.isprintable())
    base = _FORBIDDEN.sub("_", base)
    base = base.strip().lstrip(".").rstrip(". ")  # no hidden files, no "..", no names Windows trims
    if not base:
        return None
    if base.partition(".")[0].upper() in _WINDOWS_RESERVED:
        base = "_" + base
    return _truncate(base)


def _truncate(name: str) -> str:
    """Cut a name to the file-system limit in UTF-8 bytes, keeping a short extension."""
    if len(name.encode("utf-8")) <= _MAX_NAME_BYTES:
        return name
    stem, dot, extension = name.rpartition(".")
    suffix = dot + extension if stem and len(extension) <= _MAX_EXTENSION_LENGTH else ""
    stem = name[: len(name) - len(suffix)]
    budget = _MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    return stem.encode("utf-8")[:budget].decode("utf-8", errors="ignore") + suffix


def _target(destination: Path, filename: str) -> Path:
    """`destination/filename` when the destination is a directory, else the destination itself."""
    return destination / filename if destination.is_dir() else destination


def _temporary_file(target: Path) -> tuple[int, Path]:
    """Create a private temporary file beside the target, so the final rename stays on one file system."""
    descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=".download-", suffix=".part")
    return descriptor, Path(name)


def _write_atomically(target: Path, chunks: Iterator[bytes]) -> None:
    """Write the chunks to a temporary file, then rename it to the target; on any failure remove it."""
    descriptor, temporary = _temporary_file(target)
    try:
        with os.fdopen(descriptor, "wb") as file:
            for chunk in chunks:
                file.write(chunk)
            file.flush()
            os.fsync(file.fileno())
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


async def _write_atomically_async(target: Path, chunks: AsyncIterator[bytes]) -> None:
    """`_write_atomically` for chunks that arrive asynchronously."""
    descriptor, temporary = _temporary_file(target)
    try:
        with os.fdopen(descriptor, "wb") as file:
            async for chunk in chunks:
                file.write(chunk)
            file.flush()
            os.fsync(file.fileno())
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
