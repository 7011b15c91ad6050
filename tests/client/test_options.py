"""`RequestOptions` (`_options`): the options of one call, each checked once, as the object is built, and the
one rule for a retry count that construction, a call and the retrying transport share (`_config`)."""

from __future__ import annotations

import copy
import pickle

import httpx2
import pytest

from iqm_finance_client import Client
from iqm_finance_client._deadline import MAX_SECONDS
from iqm_finance_client._retries import MAX_RETRIES_EXTENSION, RetryingTransport
from iqm_finance_client.client import RequestOptions
from iqm_finance_client.errors import ClientConfigurationError
from tests.client.rawserver import TOKEN

RETRY_COUNTS = [0, 3, 2**70, -1, True, False, 1.5, "2", None, 2**5000]


def _refused(make) -> bool:
    """Whether `make()` refused its value: a ClientConfigurationError, a TypeError or a ValueError."""
    try:
        make()
    except (ClientConfigurationError, TypeError, ValueError):
        return True
    return False


@pytest.mark.parametrize("value", RETRY_COUNTS, ids=repr)
def test_one_rule_for_a_retry_count_at_construction_per_call_and_on_the_transport(value):
    def transport() -> None:
        RetryingTransport(httpx2.MockTransport(lambda _request: httpx2.Response(200)), max_retries=value).close()

    construction = _refused(lambda: Client("https://finance.example.test", token=TOKEN, max_retries=value))
    per_call = _refused(lambda: RequestOptions(max_retries=value))
    on_transport = _refused(transport)
    assert construction == per_call == on_transport
    assert construction == (not (isinstance(value, int) and not isinstance(value, bool) and value >= 0))


@pytest.mark.parametrize(
    ("value", "error", "shown"),
    [(-1, ValueError, "-1"), (True, TypeError, "True"), ("2", TypeError, "'2'"), (2**5000, None, "")],
    ids=repr,
)
def test_a_refused_retry_count_per_call_is_named_as_a_parameter(value, error, shown):
    if error is None:
        assert RequestOptions(max_retries=value).max_retries == value
        return
    with pytest.raises(error, match=rf"^parameter 'max_retries' must be an int of 0 or more, got {shown}$"):
        RequestOptions(max_retries=value)


@pytest.mark.parametrize(
    ("options", "error", "named"),
    [
        ({"timeout": "5"}, TypeError, "timeout"),
        ({"timeout": -1}, ValueError, "timeout"),
        ({"timeout": float("nan")}, ValueError, "timeout"),
        ({"timeout": httpx2.Timeout(5.0, read=float("inf"))}, ValueError, "timeout"),
        ({"mode": "json"}, ValueError, "mode"),
    ],
)
def test_a_wrong_option_is_refused_as_the_object_is_built_naming_it(options, error, named):
    with pytest.raises(error, match=rf"^parameter '{named}' must"):
        RequestOptions(**options)


def test_the_options_are_frozen_and_compare_by_value():
    options = RequestOptions(timeout=3.5, max_retries=1, extra_headers={"X-Trace": "a"}, mode="raw")
    assert options == RequestOptions(timeout=3.5, max_retries=1, extra_headers={"X-Trace": "a"}, mode="raw")
    with pytest.raises(AttributeError):
        options.mode = "parsed"  # type: ignore[misc]


def test_each_request_built_gets_its_own_extensions():
    options = RequestOptions(max_retries=1)
    with httpx2.Client(base_url="https://finance.example.test") as http:
        first = options.build(http, _request())
        second = options.build(http, _request())
    first.extensions["added"] = True
    assert "added" not in second.extensions
    assert first.extensions[MAX_RETRIES_EXTENSION] == second.extensions[MAX_RETRIES_EXTENSION] == 1


def test_a_huge_per_call_timeout_is_cut_to_what_a_socket_takes():
    with httpx2.Client(base_url="https://finance.example.test") as http:
        request = RequestOptions(timeout=1e300).build(http, _request())
    assert set(request.extensions["timeout"].values()) == {MAX_SECONDS}


def _request():
    from iqm_finance_client.api.balance import get_available_balance  # noqa: PLC0415 - what the tests build

    return get_available_balance.build_request()


def test_options_compare_equal_after_a_copy_or_a_pickle():
    # The default options hold NOT_GIVEN: a copy must still equal them (it did not while NOT_GIVEN copied as new).
    options = RequestOptions(extra_headers={"X-Trace": "1"})
    assert copy.deepcopy(options) == options
    assert pickle.loads(pickle.dumps(options)) == options  # noqa: S301 - our own bytes
