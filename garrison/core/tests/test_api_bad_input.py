"""Bad input to every write endpoint of the API (docs/security.md #15): malformed JSON, wrong types,
oversized bodies and unknown enum values each get a 4xx with ``{code, message}`` in the caller's
language, never a 5xx, and nothing is written.

The endpoints come from the OpenAPI schema, so a write endpoint added later is covered without
editing this file. Path ids point at nothing: body checks come before any lookup, and a body that
got past them would answer 404, which the assertions tell apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from garrison.accounts.models import Role, User
from garrison.api import api
from garrison.audit.models import Entry
from garrison.conftest import make_member, verified_client
from garrison.events.models import Event

SCHEMA: dict[str, Any] = api.get_openapi_schema()
WRITE_METHODS = {"post", "put", "patch"}


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = SCHEMA["components"]["schemas"][name]
    if "anyOf" in node:  # Optional[...] and unions: the first concrete branch
        concrete = [b for b in node["anyOf"] if _resolve(b).get("type") != "null"]
        return _resolve(concrete[0]) if concrete else {}
    if "allOf" in node and len(node["allOf"]) == 1:
        return _resolve(node["allOf"][0])
    return node


def _sample(node: dict[str, Any]) -> Any:
    """A value the schema accepts, built from its types (enough for the tests below)."""
    node = _resolve(node)
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if kind == "object":
        props = node.get("properties", {})
        return {name: _sample(props[name]) for name in node.get("required", [])}
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, int(node.get("minimum", 1)))
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return True
    fmt = node.get("format")
    if fmt == "date":
        return "2026-12-01"
    if fmt == "date-time":
        return "2026-12-01T08:00:00+07:00"
    return "x"


def _wrong_type(node: dict[str, Any]) -> Any:
    kind = _resolve(node).get("type")
    if kind in {"integer", "number", "boolean"}:
        return "not a number"
    if kind == "string":
        return {"unexpected": [1]}
    return 12345  # objects (GeoJSON), arrays


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, ops in SCHEMA["paths"].items():
        for method, op in ops.items():
            if method in WRITE_METHODS and "requestBody" in op:
                body = op["requestBody"]["content"]["application/json"]["schema"]
                yield method.upper(), path, _resolve(body)


OPERATIONS = list(_operations())


def _url(path: str, event: Event) -> str:
    url = path.replace("{event}", event.slug)
    while "{" in url:
        start = url.index("{")
        url = url[:start] + "999999" + url[url.index("}", start) + 1 :]
    return url


@pytest.fixture
def planner_client(event: Event) -> Client:
    user: User = make_member(event, Role.PLANNER, username="bad-input-planner")
    return verified_client(user)


def _send(client: Client, method: str, url: str, body: str | bytes) -> Any:
    return client.generic(method, url, body, content_type="application/json")


def _assert_refused(response: Any, *statuses: int) -> dict[str, Any]:
    assert response.status_code in statuses, (response.status_code, response.content[:300])
    payload: dict[str, Any] = response.json()
    assert payload["code"] and payload["message"], payload
    return payload


def test_there_are_write_endpoints_to_check() -> None:
    assert len(OPERATIONS) >= 7  # events: event, site ×2, zone ×2, phase ×2


@pytest.mark.parametrize(("method", "path", "body"), OPERATIONS, ids=lambda v: str(v)[:60])
def test_malformed_json_is_400(
    method: str, path: str, body: dict[str, Any], event: Event, planner_client: Client
) -> None:
    before = Entry.objects.count()
    for raw in ('{"name": ', "not json", "\x00\x01", '{"a": 1}}'):
        _assert_refused(_send(planner_client, method, _url(path, event), raw), 400)
    assert Entry.objects.count() == before


@pytest.mark.parametrize(("method", "path", "body"), OPERATIONS, ids=lambda v: str(v)[:60])
def test_wrong_types_are_422_naming_the_field(
    method: str, path: str, body: dict[str, Any], event: Event, planner_client: Client
) -> None:
    before = Entry.objects.count()
    url = _url(path, event)
    _assert_refused(_send(planner_client, method, url, "[1, 2]"), 400, 422)
    _assert_refused(_send(planner_client, method, url, '"text"'), 400, 422)
    valid = _sample(body)
    for name, prop in body.get("properties", {}).items():
        bad = {**valid, name: _wrong_type(prop)}
        payload = _assert_refused(_send(planner_client, method, url, json.dumps(bad)), 400, 422)
        assert payload.get("field") == name, (name, payload)
    assert Entry.objects.count() == before


@pytest.mark.parametrize(("method", "path", "body"), OPERATIONS, ids=lambda v: str(v)[:60])
def test_unknown_enum_values_are_422_with_the_choices(
    method: str, path: str, body: dict[str, Any], event: Event, planner_client: Client
) -> None:
    url = _url(path, event)
    valid = _sample(body)
    for name, prop in body.get("properties", {}).items():
        if "enum" not in _resolve(prop):
            continue
        bad = {**valid, name: "no-such-value"}
        payload = _assert_refused(_send(planner_client, method, url, json.dumps(bad)), 422)
        assert payload.get("field") == name
        assert str(_resolve(prop)["enum"][0]) in payload["message"]


@pytest.mark.parametrize(("method", "path", "body"), OPERATIONS, ids=lambda v: str(v)[:60])
def test_oversized_bodies_are_413(
    method: str, path: str, body: dict[str, Any], event: Event, planner_client: Client
) -> None:
    before = Entry.objects.count()
    huge = json.dumps({"name": "x" * (settings.GARRISON_MAX_BODY_BYTES + 1)})
    _assert_refused(_send(planner_client, method, _url(path, event), huge), 413)
    assert Entry.objects.count() == before


def test_messages_come_in_vietnamese_when_asked(event: Event, planner_client: Client) -> None:
    method, path, _ = OPERATIONS[0]
    response = planner_client.generic(
        method,
        _url(path, event),
        '{"name": ',
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    payload = _assert_refused(response, 400)
    assert payload["message"] == "Nội dung yêu cầu không phải JSON hợp lệ."
