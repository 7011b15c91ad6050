"""`_endpoint`: the bytes a JSON decode reads (charsets, byte order marks) and the errors of a body that breaks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from iqm_finance_client import _endpoint
from iqm_finance_client._exceptions import ResponseDecodeError

BODY = '{"success": true, "data": {"name": "Société Générale ☃", "amount": 1234.50}}'
DECODED = {"success": True, "data": {"name": "Société Générale ☃", "amount": Decimal("1234.50")}}


def _decode(make_response, content: bytes, content_type: str | None) -> object:
    headers = {} if content_type is None else {"Content-Type": content_type}
    return _endpoint.decode_json(make_response(200, content=content, headers=headers), lambda data: data)


@pytest.mark.parametrize(
    ("encoding", "content_type"),
    [
        ("utf-8", "application/json"),
        ("utf-8", 'application/json; charset="UTF-8"'),
        ("utf-8", "application/json; charset="),
        ("utf-8", None),
        ("utf-8-sig", "application/json"),  # a byte order mark, which RFC 8259 lets a parser ignore
        ("utf-16", "application/json; charset=utf-16"),
        ("utf-16-le", "application/json; charset=UTF-16LE"),
        ("utf-32", "application/json; charset=utf-32"),
    ],
)
def test_a_body_in_its_declared_charset_decodes_to_the_same_text(make_response, encoding, content_type):
    assert _decode(make_response, BODY.encode(encoding), content_type) == DECODED


def test_a_declared_latin_1_body_is_read_as_latin_1_not_as_utf_8(make_response):
    # These bytes are valid UTF-8 too ("é"): read as UTF-8 they would give another name without any error.
    content = '{"name": "SociÃ©tÃ©"}'.encode("latin-1")
    assert _decode(make_response, content, "application/json; charset=ISO-8859-1") == {"name": "SociÃ©tÃ©"}


@pytest.mark.parametrize(
    ("content", "content_type", "cause"),
    [
        (b'{"a": 1}', "application/json; charset=klingon", "the body's charset 'klingon' is not a text encoding"),
        (b'{"a": 1}', "application/json; charset=base64", "the body's charset 'base64' is not a text encoding"),
        (b'{"a": "\xff"}', "application/json; charset=us-ascii", "is not valid 'us-ascii' text (UnicodeDecodeError"),
        (
            b'{"a":1}',
            "application/json; charset=utf-16",
            "is not valid 'utf-16' text (UnicodeDecodeError",
        ),  # odd length
        (b"\xfe\xff\x00{\x00}", "application/json", "malformed JSON"),  # UTF-16 undeclared is not UTF-8
    ],
)
def test_a_body_its_charset_cannot_read_is_a_decode_error(make_response, content, content_type, cause):
    with pytest.raises(ResponseDecodeError) as raised:
        _decode(make_response, content, content_type)
    assert cause in raised.value.cause
    assert raised.value.body == content  # the raw body, as it came
    assert raised.value.__context__ is None


def test_a_value_from_dict_refuses_chains_nothing(make_response):
    def refuse(_data: object) -> object:
        message = "tok-1234 is not an amount"
        raise ValueError(message)

    with pytest.raises(ResponseDecodeError) as raised:
        _endpoint.decode_json(make_response(200, content=b'{"a": 1}'), refuse)
    assert raised.value.cause == "ValueError: tok-1234 is not an amount"
    assert raised.value.__cause__ is None
    assert raised.value.__context__ is None  # raised inside the except block, it would keep the ValueError


def test_a_from_dict_that_recurses_too_deep_is_a_decode_error(make_response):
    def recurse(data: object) -> object:
        return recurse(data)

    with pytest.raises(ResponseDecodeError) as raised:
        _endpoint.decode_json(make_response(200, content=b'{"a": 1}'), recurse)
    assert raised.value.cause.startswith("RecursionError: maximum recursion depth exceeded")
