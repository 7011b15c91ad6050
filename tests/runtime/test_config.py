"""`_config` on its own: each option resolved from its argument or the environment, and refused by name."""

from __future__ import annotations

import enum

import pytest

from iqm_finance_client import _config
from iqm_finance_client._exceptions import ClientConfigurationError

SECRET = "tok-SECRET-7f3a9c1e5b2d4680"  # noqa: S105 -- a made-up token to search for in messages


class Ws(enum.IntEnum):
    """A workspace id as an int enum, as a caller may keep them."""

    MAIN = 42


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch):
    """Leave a developer's IQM_* variables out of these tests."""
    for name in (_config.ENV_API_TOKEN, _config.ENV_OW_ID, _config.ENV_BASE_URL):
        monkeypatch.delenv(name, raising=False)


def test_a_workspace_id_is_sent_as_its_digits():
    assert _config.resolve_ow_id(1234) == "1234"
    assert _config.resolve_ow_id(Ws.MAIN) == "42"
    assert _config.resolve_ow_id(" 0042 ") == "0042"
    assert _config.resolve_ow_id(None) is None


def test_a_workspace_id_from_the_environment_is_refused_by_the_variable_name(monkeypatch):
    monkeypatch.setenv(_config.ENV_OW_ID, "12a")
    with pytest.raises(ClientConfigurationError, match=f"^{_config.ENV_OW_ID} must be an integer"):
        _config.resolve_ow_id(None)


@pytest.mark.parametrize(("value", "shown"), [(True, "bool"), (2**63, "9223372036854775808"), (-1, "-1")])
def test_a_wrong_workspace_id_is_refused_naming_ow_id(value, shown):
    with pytest.raises(ClientConfigurationError, match=f"^ow_id must be .*{shown}"):
        _config.resolve_ow_id(value)


def test_a_token_loses_its_bearer_prefix_and_a_bad_one_is_refused_without_quoting_it():
    token = _config.resolve_token(f"Bearer {SECRET}")
    assert token is not None
    assert token.reveal() == SECRET
    assert SECRET not in repr(token)
    with pytest.raises(ClientConfigurationError) as refused:
        _config.resolve_token(f"{SECRET} x")
    assert SECRET not in str(refused.value)
    assert _config.resolve_token("  ") is None


@pytest.mark.parametrize(("value", "seconds"), [(0, True), (2.5, True), (True, False), (-1, False)])
def test_seconds_are_finite_numbers_of_zero_or_more(value, seconds):
    assert _config.is_seconds(value) is seconds


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 10**400, "5"])
def test_what_no_timeout_can_be_is_not_seconds(value):
    assert _config.is_seconds(value) is False


def test_retries_default_when_not_given_and_are_refused_by_name_when_negative():
    assert _config.resolve_max_retries(_config.NOT_GIVEN) == _config.DEFAULT_MAX_RETRIES
    assert _config.resolve_max_retries(0) == 0
    with pytest.raises(ClientConfigurationError, match=r"^max_retries must be an int of 0 or more, got -1$"):
        _config.resolve_max_retries(-1)


def test_a_refused_value_is_shown_briefly():
    assert _config.shown_value(Ws.MAIN) == "42"
    assert _config.shown_value(2**300) == "an integer of 301 bits"
    assert _config.shown_value("x") == "'x'"
