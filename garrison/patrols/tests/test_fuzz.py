"""Fuzzing the patrol visits endpoint like the scan API (docs/security.md #15, #16): any body is
a 4xx, never a 5xx; any plaque text or scan time is stored or refused by name, and a batch sent
again stores nothing more."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from garrison.accounts.models import User
from garrison.patrols.models import Visit
from garrison.patrols.plaques import plaque_text
from garrison.patrols.tests.conftest import World

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)
fields = st.sampled_from(
    ["id", "code", "scanned_at", "lat", "lon", "accuracy_m", "photo", "name", "x"]
)


@pytest.fixture
def phone(world: World, client_for: Callable[[User], Client], members: dict[str, User]) -> Client:
    return client_for(members["field_officer"])


def _post(phone: Client, world: World, body: Any) -> Any:
    raw = body if isinstance(body, str | bytes) else json.dumps(body)
    return phone.post(
        f"/api/v1/patrols/{world.event.slug}/visits", raw, content_type="application/json"
    )


def _stored_once(phone: Client, world: World, items: list[dict[str, Any]]) -> list[str]:
    """Post ``items``, then again: the second time stores nothing. The first answer's states."""
    before = Visit.objects.count()
    first = _post(phone, world, {"items": items})
    assert first.status_code in (200, 422), first.content
    states = [i["status"] for i in first.json()["items"]] if first.status_code == 200 else []
    assert Visit.objects.count() - before == states.count("stored")
    again = _post(phone, world, {"items": items})
    assert again.status_code == first.status_code
    if again.status_code == 200:
        assert "stored" not in [i["status"] for i in again.json()["items"]]
    assert Visit.objects.count() - before == states.count("stored")
    return states


@FUZZ
@given(body=json_values)
def test_any_json_body_is_a_4xx_not_a_5xx(world: World, phone: Client, body: Any) -> None:
    response = _post(phone, world, {"items": [body]} if isinstance(body, dict) else body)
    assert 400 <= response.status_code < 500, response.content


@FUZZ
@given(raw=st.binary(max_size=200))
def test_any_bytes_are_a_4xx_not_a_5xx(world: World, phone: Client, raw: bytes) -> None:
    response = _post(phone, world, raw)
    assert 400 <= response.status_code < 500


@FUZZ
@given(item=st.dictionaries(fields, json_values, max_size=7))
def test_any_item_is_stored_once_or_refused(world: World, phone: Client, item: Any) -> None:
    _stored_once(phone, world, [item])


@FUZZ
@given(
    mutation=st.sampled_from(["append", "replace", "cut", "garbage", "none"]),
    text=st.text(max_size=60),
    where=st.integers(min_value=0, max_value=300),
    minutes=st.integers(min_value=-60 * 24 * 400, max_value=60 * 24 * 400),
)
def test_any_plaque_text_and_scan_time_is_stored_once_or_refused_by_name(
    world: World, phone: Client, mutation: str, text: str, where: int, minutes: int
) -> None:
    code = plaque_text(world.event, world.points[where % 3].serial)
    i = where % len(code)
    code = {
        "append": code + text,
        "replace": code[:i] + text + code[i + 1 :],
        "cut": code[:i],
        "garbage": text,
        "none": code,
    }[mutation]
    item = {
        "id": str(uuid.uuid4()),
        "code": code,
        "scanned_at": (world.morning + dt.timedelta(minutes=minutes)).isoformat(),
    }
    states = _stored_once(phone, world, [item])
    assert set(states) <= {"stored", "rejected"}
