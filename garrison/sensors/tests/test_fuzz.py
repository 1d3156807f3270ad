"""Fuzzing the counts endpoint (docs/security.md #15, #25): any body is a 200 or a 4xx, never a
5xx, and nothing is stored from a refused one."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from garrison.events.models import Event
from garrison.sensors.models import CountMessage
from garrison.sensors.tests.support import Counter, make_counter, make_zone

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)
fields = st.sampled_from(
    ["id", "observed_at", "interval_seconds", "in", "out", "occupancy", "vehicles", "face", "x"]
)


@pytest.fixture
def counter(event: Event) -> Counter:
    return make_counter(event, zone=make_zone(event, side_m=20))


@FUZZ
@given(body=json_values)
def test_any_json_body_is_a_4xx_not_a_5xx(counter: Counter, body: Any) -> None:
    response = counter.post({"messages": [body]} if isinstance(body, dict) else body)
    assert 400 <= response.status_code < 500, response.content
    assert "code" in response.json()


@FUZZ
@given(message=st.dictionaries(fields, json_values, max_size=8))
def test_any_message_is_stored_whole_or_refused_whole(counter: Counter, message: Any) -> None:
    before = CountMessage.objects.count()
    response = counter.post(json.dumps({"messages": [message]}))
    assert response.status_code in (200, 422), response.content
    stored = CountMessage.objects.count() - before
    assert stored == (response.json()["stored"] if response.status_code == 200 else 0)


@FUZZ
@given(raw=st.binary(max_size=200))
def test_any_bytes_are_a_4xx_not_a_5xx(counter: Counter, raw: bytes) -> None:
    response = counter.post(raw)
    assert 400 <= response.status_code < 500, response.content


@FUZZ
@given(messages=st.lists(st.dictionaries(fields, json_values, max_size=8), max_size=3))
def test_a_batch_sent_again_stores_nothing_more(counter: Counter, messages: Any) -> None:
    body = json.dumps({"messages": messages})
    before = CountMessage.objects.count()
    first = counter.post(body)
    assert first.status_code in (200, 422), first.content
    stored = CountMessage.objects.count() - before
    again = counter.post(body)
    assert again.status_code == first.status_code
    assert CountMessage.objects.count() - before == stored
    if again.status_code == 200:
        assert again.json()["stored"] == 0
