"""Fuzz the whole API from its OpenAPI schema with schemathesis (docs/security.md #15): whatever a
planner's session sends, no answer is a 5xx and every status is one the schema documents.

Each operation gets a fixed number of generated cases (kept small so the suite stays fast); the
operations come from the live schema, so a new endpoint is fuzzed without editing this file.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, given, settings

from garrison.accounts.models import Role
from garrison.api import api
from garrison.conftest import make_member, verified_client
from garrison.events.models import Event

EXAMPLES = 10


SCHEMA: dict[str, Any] = api.get_openapi_schema()
OPERATIONS = [(path, method.upper()) for path, ops in SCHEMA["paths"].items() for method in ops]


# Endpoints a device calls with its own bearer token, not a session: fuzzed with one, so that
# the cases reach the handler and the service behind it rather than stopping at the 401.
DEVICE_TOKENS = {"/api/v1/sensors/counts": "counting device"}


def test_the_fuzz_reaches_the_patrol_and_count_endpoints() -> None:
    assert ("/api/v1/patrols/{event}/visits", "POST") in OPERATIONS
    assert ("/api/v1/sensors/counts", "POST") in OPERATIONS


def _device_headers(path: str, event: Event) -> dict[str, str]:
    if path not in DEVICE_TOKENS:
        return {}
    from garrison.sensors.tests.support import make_counter, make_zone

    return {"Authorization": f"Bearer {make_counter(event, zone=make_zone(event)).token}"}


def _documented(path: str, method: str) -> set[int]:
    codes = SCHEMA["paths"][path][method.lower()].get("responses", {})
    return {int(code) for code in codes if code.isdigit()}


@pytest.fixture
def planner_client(event: Event) -> Client:
    return verified_client(make_member(event, Role.PLANNER, username="fuzz-planner"))


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=lambda v: str(v))
def test_no_input_makes_a_server_error(
    path: str, method: str, event: Event, planner_client: Client
) -> None:
    # Cases come from schemathesis; they are sent through Django's test client so the request
    # runs inside the test's transaction, with the planner's session.
    operation = schemathesis.openapi.from_dict(SCHEMA)[path][method]
    documented = _documented(path, method)
    headers = _device_headers(path, event)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def fuzz(case: Any) -> None:
        if "event" in (case.path_parameters or {}):
            case.path_parameters["event"] = event.slug  # reach the handlers, not only 404
        url = case.formatted_path
        body = case.body
        data = "" if body is None or type(body).__name__ == "NotSet" else json.dumps(body)
        response = planner_client.generic(
            method,
            url,
            data,
            content_type="application/json",
            QUERY_STRING=urlencode(case.query or {}, doseq=True),
            headers=headers,
        )
        assert response.status_code < 500, (method, url, data[:200], response.content[:300])
        assert response.status_code in documented, (method, url, response.status_code)

    fuzz()
