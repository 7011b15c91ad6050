"""Configuration refused early: every wrong option is a ClientConfigurationError at construction, naming it.

Also what a Client given its own httpx2 client refuses (everything it would silently ignore), and how
`with_options` copies such a Client.
"""

from __future__ import annotations

import enum
import math
import traceback

import httpx2
import pytest

from iqm_finance_client import AsyncClient, Client
from iqm_finance_client._base_client import DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT
from iqm_finance_client._exceptions import ClientConfigurationError

TOKEN = "t0k3n-config"  # noqa: S105 -- a made-up token


def repr_or_size(value: object) -> str | None:
    """A test id for a huge int by its size (its repr would be thousands of digits, or raise)."""
    return f"int of {value.bit_length()} bits" if isinstance(value, int) and value.bit_length() > 64 else None


def refused(match: str, **options: object) -> ClientConfigurationError:
    """Build a Client with these options; return the error, which must match."""
    options.setdefault("token", TOKEN)
    with pytest.raises(ClientConfigurationError, match=match) as caught:
        Client(**options)  # type: ignore[arg-type]
    return caught.value


# --- base_url -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "base_url",
    [
        "https://proxy.example/iqm/?tenant=1",  # a query: GETs lost the path, POSTs went after the query
        "https://app.iqm.com/?",
        "https://app.iqm.com/#top",
        "https://app.iqm.com#",
        "https://user@app.iqm.com",
        "https://user:pw@app.iqm.com",
        "ftp://app.iqm.com",
        "ws://app.iqm.com",
        "file:///etc/passwd",
        "app.iqm.com",
    ],
)
def test_a_base_url_that_is_not_an_api_root_is_refused(base_url, monkeypatch):
    refused(r"^base_url ", base_url=base_url)

    monkeypatch.setenv("IQM_BASE_URL", base_url)
    refused(r"^IQM_BASE_URL ")


SECRET = "s3cr3tpass"  # noqa: S105 -- a made-up password


@pytest.mark.parametrize(
    "base_url",
    [
        f"ftp://user:{SECRET}@host/",
        f"//user:{SECRET}@host",
        f"user:{SECRET}@host",
        f"https://user:{SECRET}@host/",
        f"http://user:{SECRET}@host:99999/",
        f"https://host/api?sig={SECRET}",
        f"https://host/api#{SECRET}",
        f"http://host:{SECRET}/",
        f"ws://host/?sig={SECRET}",
    ],
)
def test_a_refused_base_url_is_never_quoted_whole(base_url, monkeypatch):
    """A password in the user-info, a signature in the query: neither is in the message or its chain."""
    error = refused(r"^base_url ", base_url=base_url)
    assert SECRET not in "".join(traceback.format_exception(error))

    monkeypatch.setenv("IQM_BASE_URL", base_url)
    error = refused(r"^IQM_BASE_URL ")
    assert SECRET not in "".join(traceback.format_exception(error))


def test_a_refused_base_url_is_shown_by_scheme_host_port_and_path():
    refused(
        r"^base_url must not have a query or a fragment \(it is the API's root\), "
        r"got 'https://host:8443/api/' with one$",
        base_url="https://host:8443/api/?sig=x",
    )
    refused(
        r"^base_url must be an absolute http\(s\) URL such as 'https://app.iqm.com', got 'ftp://host/x'$",
        base_url="ftp://host/x",
    )
    refused(r"^base_url must not carry credentials \(user-info\)", base_url="ftp://user:pw@host/")


@pytest.mark.parametrize("port", [0, -1, 65536, 99999])
def test_a_base_url_with_a_port_no_connection_can_use_is_refused(port, monkeypatch):
    refused(rf"^base_url has port {port}: a port must be from 1 to 65535$", base_url=f"http://127.0.0.1:{port}")
    monkeypatch.setenv("IQM_BASE_URL", f"http://127.0.0.1:{port}/")
    refused(rf"^IQM_BASE_URL has port {port}: ")


@pytest.mark.parametrize("base_url", [123, b"https://app.iqm.com", httpx2.URL("https://app.iqm.com"), ["x"]])
def test_a_base_url_that_is_not_a_str_is_refused(base_url):
    refused(r"^base_url must be a str \(an absolute http\(s\) URL\) or None, got ", base_url=base_url)


@pytest.mark.parametrize("base_url", ["https://app.iqm.com", "http://127.0.0.1:8080/prefix/", " https://x.example "])
def test_a_good_base_url_is_kept(base_url):
    with Client(base_url, token=TOKEN) as client:
        assert client.base_url == base_url.strip()


# --- token, ow_id ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [123, b"t0k3n", ["t0k3n"]])
def test_a_token_that_is_not_a_str_is_refused(token):
    error = refused(r"^token must be a str or None, got ", token=token)
    assert "t0k3n" not in str(error)


@pytest.mark.parametrize(
    "ow_id",
    [
        -1,
        2**63,
        2**70,
        pytest.param(10**5000, id="10**5000"),
        "-1",
        "1.5",
        "9" * 20,
        "9223372036854775808",
        1.0,
        True,
        [1],
    ],
)
def test_a_bad_ow_id_is_refused(ow_id):
    refused(r"^ow_id must be ", ow_id=ow_id)


def test_a_blank_ow_id_means_none():
    assert Client(token=TOKEN, ow_id=" ").ow_id is None


@pytest.mark.parametrize(("ow_id", "sent"), [(0, "0"), ("0", "0"), (2**63 - 1, "9223372036854775807"), (" 7 ", "7")])
def test_a_good_ow_id_is_kept_as_its_digits(ow_id, sent):
    assert Client(token=TOKEN, ow_id=ow_id).ow_id == sent


class _Workspace(int, enum.Enum):
    """A caller's own plain int enum of workspaces, as downstream code writes them."""

    MAIN = 1234


class _NamedWorkspace(str, enum.Enum):  # noqa: UP042 -- a plain (str, Enum), as older downstream code writes it
    """A caller's own plain str enum of workspaces."""

    MAIN = "1234"


@pytest.mark.parametrize("ow_id", [_Workspace.MAIN, _NamedWorkspace.MAIN])
def test_an_enum_member_ow_id_is_sent_as_its_value(ow_id):
    client = Client(token=TOKEN, ow_id=ow_id)
    assert client.ow_id == "1234"
    assert type(client.ow_id) is str
    sent: list[str | None] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        sent.append(request.headers.get("X-IAA-OW-ID"))
        return httpx2.Response(200, json={"success": True, "data": {}})

    with client.with_options(transport=httpx2.MockTransport(answer)) as copy:
        copy.get_httpx_client().get("/api/v3/fa/balance")
    assert sent == ["1234"]


@pytest.mark.parametrize("value", ["-5", "99999999999999999999", "x"])
def test_a_bad_ow_id_in_the_environment_names_the_variable(monkeypatch, value):
    monkeypatch.setenv("IQM_OW_ID", value)
    refused(r"^IQM_OW_ID must be ")


def test_a_bad_token_in_the_environment_names_the_variable(monkeypatch):
    monkeypatch.setenv("IQM_API_TOKEN", "has space-SECRETPART")
    error = refused(r"^IQM_API_TOKEN has characters", token=None)
    assert "SECRETPART" not in str(error)


# --- timeout, max_retries, max_response_bytes -----------------------------------------------------------


@pytest.mark.parametrize(
    "timeout",
    [-1, -0.5, math.nan, math.inf, -math.inf, True, False, "5", [5], object(), 10**400, -(10**5000)],
    ids=repr_or_size,
)
def test_a_bad_timeout_is_refused(timeout):
    refused(r"^timeout must be seconds \(a finite number of 0 or more\), an httpx2.Timeout or None", timeout=timeout)


@pytest.mark.parametrize(
    ("timeout", "field"),
    [
        (httpx2.Timeout(math.inf), "connect"),
        (httpx2.Timeout(math.nan), "connect"),
        (httpx2.Timeout(-1.0), "connect"),
        (httpx2.Timeout(5.0, read=math.inf), "read"),
        (httpx2.Timeout(5.0, write=-0.5), "write"),
        (httpx2.Timeout(5.0, pool=math.nan), "pool"),
        (httpx2.Timeout(None, pool=-(10**5000)), "pool"),
        (httpx2.Timeout(None, read=10**400), "read"),
    ],
)
def test_a_timeout_object_with_a_field_that_is_not_seconds_is_refused(timeout, field):
    """httpx2 takes these, and the call then raised a builtin OverflowError or ValueError."""
    refused(
        rf"^timeout must have a finite number of 0 or more, or None, as each of its fields, got {field}=",
        timeout=timeout,
    )


@pytest.mark.parametrize(
    "timeout", [0, 5, 2.5, None, httpx2.Timeout(3.0), httpx2.Timeout(None), httpx2.Timeout(0.0, read=None)]
)
def test_a_good_timeout_is_kept(timeout):
    assert Client(token=TOKEN, timeout=timeout).timeout == timeout


def test_the_default_timeout_is_unchanged():
    assert Client(token=TOKEN).timeout == DEFAULT_TIMEOUT


@pytest.mark.parametrize("max_retries", ["2", 2.0, -1, True, None])
def test_a_bad_max_retries_is_refused(max_retries):
    refused(r"^max_retries must be an int of 0 or more", max_retries=max_retries)


@pytest.mark.parametrize("max_response_bytes", [0, -1, 1.5, True, "1024", pytest.param(-(10**5000), id="-10**5000")])
def test_a_bad_max_response_bytes_is_refused(max_response_bytes):
    """Kept as it was; a huge negative int is described, not written out (its repr would raise)."""
    refused(r"^max_response_bytes must be an int of 1 or more, or None", max_response_bytes=max_response_bytes)


# --- headers, header names, hooks, transports, proxy ----------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "match"),
    [
        ([("X-A", "1")], r"^headers must be a mapping of str to str, or None, got list"),
        ("X-A: 1", r"^headers must be a mapping"),
        ({"X-A": 1}, r"^headers\['X-A'\] must be a str of ASCII characters"),
        ({"X-A": "line\r\nX-Injected: 1"}, r"^headers\['X-A'\] must be a str"),
        ({"X-A": "caf\u00e9"}, r"^headers\['X-A'\] must be a str"),
        ({"Bad Name": "1"}, r"^a name in headers is not a valid header name: 'Bad Name'"),
        ({1: "1"}, r"^a name in headers is not a valid header name: 1"),
    ],
)
def test_bad_headers_are_refused(headers, match):
    refused(match, headers=headers)


def test_a_refused_header_value_is_not_quoted():
    error = refused(r"^headers\['X-Api-Key'\]", headers={"X-Api-Key": "SECRET-VALUE\n"})
    assert "SECRET-VALUE" not in str(error)


@pytest.mark.parametrize("option", ["token_header", "workspace_header"])
@pytest.mark.parametrize("name", [1, b"X-A", "", "X A"])
def test_a_bad_header_name_option_is_refused(option, name):
    refused(rf"^{option} is not a valid header name", **{option: name})


@pytest.mark.parametrize(
    ("option", "value", "match"),
    [
        ("transport", httpx2.AsyncHTTPTransport(), r"^transport must be an httpx2.BaseTransport or None"),
        ("async_transport", httpx2.HTTPTransport(), r"^async_transport must be an httpx2.AsyncBaseTransport or None"),
        ("http_client", "https://app.iqm.com", r"^http_client must be an httpx2.Client or None, got str"),
        ("trust_env", "no", r"^trust_env must be True or False, got str"),
    ],
)
def test_options_of_the_wrong_kind_are_refused(option, value, match):
    refused(match, **{option: value})


@pytest.mark.parametrize(
    "proxy", ["ftp://proxy.corp", "http://", "proxy.corp:3128", 3128, b"http://proxy.corp", "socks5://proxy.corp:1080"]
)
def test_a_bad_proxy_is_refused(proxy):
    refused(r"^proxy (is not a proxy URL|must be a URL|is a SOCKS proxy, which needs the socksio package)", proxy=proxy)


def test_a_refused_proxy_url_does_not_show_its_password():
    error = refused(r"^proxy is not a proxy URL", proxy="ftp://user:SECRETPW@proxy.corp")
    assert "SECRETPW" not in "".join(traceback.format_exception(error))


@pytest.mark.parametrize("port", [0, 65536, 99999])
def test_a_proxy_with_a_port_no_connection_can_use_is_refused(port, monkeypatch):
    refused(rf"^proxy has port {port}: a port must be from 1 to 65535$", proxy=f"http://user:{SECRET}@127.0.0.1:{port}")
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{port}")
    error = refused(rf"^the HTTPS_PROXY environment variable has port {port}: ")
    assert SECRET not in "".join(traceback.format_exception(error))


@pytest.mark.parametrize(
    "proxy", [f"ftp://user:{SECRET}@proxy.corp", f"http://user:{SECRET}@", f"http://user:{SECRET}@h:x/"]
)
def test_a_refused_proxy_in_the_environment_does_not_show_its_password(proxy, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", proxy)
    error = refused(r"^the HTTPS_PROXY environment variable is not a proxy URL")
    assert SECRET not in "".join(traceback.format_exception(error))


def test_a_proxy_with_a_transport_of_yours_is_refused():
    with httpx2.HTTPTransport() as transport:
        refused(
            r"^proxy cannot be used with transport: set the proxy on your transport",
            proxy="http://p:1",
            transport=transport,
        )


# --- http_client= ---------------------------------------------------------------------------------------

IGNORED_WITH_HTTP_CLIENT = {
    "base_url": "https://app.iqm.com",
    "token": TOKEN,
    "ow_id": 1234,
    "timeout": 5.0,
    "max_retries": 0,
    "max_response_bytes": 2048,
    "retry_sleep": print,
    "async_retry_sleep": print,
    "retry_jitter": print,
    "token_header": "Authentication",
    "workspace_header": "X-IAA-OW-ID",
    "headers": {"X-A": "1"},
    "proxy": "http://proxy.corp:3128",
    "trust_env": False,
    "transport": httpx2.MockTransport(lambda _: httpx2.Response(200)),
}


@pytest.mark.parametrize("option", sorted(IGNORED_WITH_HTTP_CLIENT))
@pytest.mark.parametrize("kind", ["http_client", "async_http_client"])
def test_an_option_your_httpx2_client_would_ignore_is_refused_naming_it(option, kind):
    own = httpx2.Client() if kind == "http_client" else httpx2.AsyncClient()
    with pytest.raises(ClientConfigurationError) as caught:
        Client(**{kind: own, option: IGNORED_WITH_HTTP_CLIENT[option]})  # type: ignore[arg-type]
    if kind == "http_client":
        own.close()

    message = str(caught.value)
    assert message.startswith(f"{option} cannot be used with {kind}=: ")
    assert f"Drop {option} (configure your httpx2 client instead), or drop {kind}=" in message
    assert TOKEN not in message


def test_every_ignored_option_is_named_at_once():
    with httpx2.Client() as own:
        refused(
            r"^base_url, token, ow_id cannot be used with http_client=",
            base_url="https://x.example",
            ow_id=1,
            http_client=own,
        )


def test_with_your_httpx2_client_the_environment_is_not_read(monkeypatch):
    with httpx2.Client(base_url="https://mine.example", timeout=3.0) as own:
        monkeypatch.setenv("IQM_BASE_URL", "not a url")
        monkeypatch.setenv("IQM_OW_ID", "not a number")
        monkeypatch.setenv("HTTPS_PROXY", "ftp://not-a-proxy")  # after httpx2.Client read it: httpx2 would refuse it
        client = Client(http_client=own)
        assert client.get_httpx_client() is own
        assert (client.base_url, client.ow_id, client.max_retries) == ("https://mine.example", None, 0)
        assert client.timeout == httpx2.Timeout(3.0)


@pytest.mark.parametrize("max_response_bytes", [2048, None, DEFAULT_MAX_RESPONSE_BYTES])
def test_max_response_bytes_with_your_httpx2_client_is_refused(max_response_bytes):
    """Its limit lives in the transport the Client builds, never put around yours: it would do nothing."""
    with httpx2.Client() as own:
        refused(
            r"^max_response_bytes cannot be used with http_client=",
            token=None,
            http_client=own,
            max_response_bytes=max_response_bytes,
        )


def test_a_client_on_your_httpx2_client_sets_no_size_limit():
    body = b"x" * 4096

    with httpx2.Client(transport=httpx2.MockTransport(lambda _: httpx2.Response(200, content=body))) as own:
        client = Client(http_client=own)
        assert client.max_response_bytes is None  # what it does: the whole body is read
        assert client.get_httpx_client().get("https://app.iqm.com/").content == body


def test_with_options_of_a_client_on_your_httpx2_client_changes_only_what_it_may():
    with httpx2.Client() as own:
        client = Client(http_client=own)
        with pytest.raises(ClientConfigurationError, match=r"^max_response_bytes cannot be used with http_client="):
            client.with_options(max_response_bytes=None)
        with pytest.raises(ClientConfigurationError, match=r"^token, timeout cannot be used with http_client="):
            client.with_options(token=TOKEN, timeout=1.0)
        # Handing back the client you gave and taking a token builds a Client of ours again, with our limit.
        ours = client.with_options(http_client=None, token=TOKEN, ow_id=5, max_response_bytes=2048)
        assert ours.get_httpx_client() is not own
        assert (ours.ow_id, ours.max_response_bytes) == ("5", 2048)
        assert client.with_options(http_client=None, token=TOKEN).max_response_bytes == DEFAULT_MAX_RESPONSE_BYTES
        # And a Client of ours handed your client drops its limit with the rest of its own options.
        assert ours.with_options(http_client=own).max_response_bytes is None
        ours.close()


def test_with_options_can_hand_a_client_of_ours_your_httpx2_client():
    client = Client(token=TOKEN, ow_id=5, timeout=2.0)
    with httpx2.Client() as own:
        copy = client.with_options(http_client=own)
        assert copy.get_httpx_client() is own
        assert copy.ow_id is None
    client.close()


def test_an_async_client_on_your_httpx2_client_has_no_sync_client_of_ours():
    own = httpx2.AsyncClient()
    client = AsyncClient(async_http_client=own)
    assert client.get_async_httpx_client() is own
    with pytest.raises(ClientConfigurationError, match=r"you gave \(async_http_client=\).*pass http_client= too"):
        client.get_httpx_client()
