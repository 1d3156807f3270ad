"""Fuzzing the scan endpoint (docs/security.md #15, #16): any code or body gets a 2xx/4xx, never 5xx."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from garrison.accreditation.models import Credential
from garrison.checkin.scans.rules import result_codes
from garrison.checkin.tests.conftest import Gate

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
URL = "/api/v1/checkin/scans"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)


@FUZZ
@given(
    mutation=st.sampled_from(["append", "replace", "cut", "garbage"]),
    text=st.text(max_size=80),
    where=st.integers(min_value=0, max_value=300),
)
def test_any_code_text_gets_a_result_code(
    hall_gate: Gate, badge: Credential, mutation: str, text: str, where: int
) -> None:
    code = badge.code
    if mutation == "append":
        code = code + text
    elif mutation == "replace":
        i = where % len(code)
        code = code[:i] + text + code[i + 1 :]
    elif mutation == "cut":
        code = code[: where % len(code)]
    else:
        code = text
    body = {"id": str(uuid.uuid4()), "code": code, "direction": "exit"}
    response = hall_gate.client().post(URL, json.dumps(body), content_type="application/json")
    assert response.status_code in (201, 422), response.content
    if response.status_code == 201:
        assert response.json()["result"] in result_codes()


@FUZZ
@given(body=json_values)
def test_any_json_body_is_a_4xx_not_a_5xx(hall_gate: Gate, body: Any) -> None:
    response = hall_gate.client().post(URL, json.dumps(body), content_type="application/json")
    assert 400 <= response.status_code < 500


@FUZZ
@given(raw=st.binary(max_size=200))
def test_any_bytes_are_a_4xx_not_a_5xx(hall_gate: Gate, raw: bytes) -> None:
    response = hall_gate.client().post(URL, raw, content_type="application/json")
    assert 400 <= response.status_code < 500
