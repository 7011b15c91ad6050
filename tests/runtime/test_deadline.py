"""`_deadline`: the attempt's deadline, kept by a network stream that can hold it."""

from __future__ import annotations

import httpx2

from iqm_finance_client._deadline import ATTEMPT_DEADLINE, MAX_SECONDS, DeadlineHolder, hold_deadline


def test_no_attempt_has_a_deadline_until_one_is_set():
    assert ATTEMPT_DEADLINE.get() is None
    assert MAX_SECONDS < 9.2e9  # within what a socket timeout's C time_t takes


def test_a_stream_that_holds_deadlines_keeps_the_response_s():
    stream = DeadlineHolder()
    response = httpx2.Response(200, extensions={"network_stream": stream})
    assert hold_deadline(response, 12.5) is True
    assert stream.body_deadline == 12.5
    assert hold_deadline(response, None) is True
    assert stream.body_deadline is None


def test_any_other_stream_leaves_the_deadline_to_the_body_s_reader():
    assert hold_deadline(httpx2.Response(200), 12.5) is False
    assert hold_deadline(httpx2.Response(200, extensions={"network_stream": object()}), 12.5) is False
