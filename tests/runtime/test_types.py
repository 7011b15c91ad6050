"""`_types`: the sentinels the runtime and the generated code share, and what a user meets of them."""

from __future__ import annotations

import copy
import pickle

from iqm_finance_client import _checks, _config, _types
from iqm_finance_client._types import NOT_GIVEN, UNSET, NotGiven, Unset


def test_unset_reads_as_unset_and_is_falsy():
    assert repr(UNSET) == "UNSET"
    assert not UNSET
    assert isinstance(UNSET, Unset)


def test_unset_stays_itself_through_pickle_and_copy():
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(UNSET, protocol)) is UNSET  # noqa: S301 - our own bytes
    assert copy.copy(UNSET) is UNSET
    assert copy.deepcopy({"field": UNSET})["field"] is UNSET


def test_not_given_reads_as_not_given_and_is_falsy():
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert not NOT_GIVEN
    assert isinstance(NOT_GIVEN, NotGiven)


def test_the_options_and_the_checks_use_these_very_sentinels():
    assert _config.NotGiven is NotGiven
    assert _config.NOT_GIVEN is NOT_GIVEN
    assert _config.resolve_max_retries(NOT_GIVEN) == _config.DEFAULT_MAX_RETRIES
    assert _checks.expect_int_or_unset(UNSET) is UNSET
    assert _checks.field(UNSET, "email", "str", optional=True) is UNSET


def test_the_file_types_are_exported():
    assert {"FileContent", "FileTypes", "RequestFiles"} <= set(_types.__all__)


def test_not_given_stays_itself_through_pickle_and_copy():
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(NOT_GIVEN, protocol)) is NOT_GIVEN  # noqa: S301 - our own bytes
    assert copy.copy(NOT_GIVEN) is NOT_GIVEN
    assert copy.deepcopy(NOT_GIVEN) is NOT_GIVEN
