"""Scanner calls skip the browser-session middleware (``checkin.middleware``), and lose nothing
every response needs: security headers, the body limit, the caller's language, the token."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import pytest
from django.test import Client

from garrison.accounts.models import User
from garrison.accreditation.models import Credential
from garrison.checkin.models import Scan
from garrison.checkin.tests.conftest import Gate
from garrison.checkin.tests.test_sync import item

pytestmark = pytest.mark.django_db
SCANS = "/api/v1/checkin/scans"
SYNC = "/api/v1/checkin/sync"


def _body(code: str) -> str:
    return json.dumps({"id": str(uuid.uuid4()), "code": code, "direction": "entry"})


def test_a_scan_answer_carries_the_headers_and_sets_no_session(
    hall_gate: Gate, badge: Credential
) -> None:
    response = hall_gate.client().post(SCANS, _body(badge.code), content_type="application/json")
    assert response.status_code == 201 and response.json()["result"] == "ok"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert int(response["Content-Length"]) == len(response.content)
    assert response["Content-Language"] == "en"
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_a_scan_is_answered_in_the_callers_language(hall_gate: Gate, badge: Credential) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {hall_gate.token}", HTTP_ACCEPT_LANGUAGE="vi")
    response = client.post(SCANS, _body(badge.code), content_type="application/json")
    assert response["Content-Language"] == "vi"
    assert response.json()["reason"] == "Hợp lệ: cho người mang thẻ đi qua."


@pytest.mark.parametrize("url", [SCANS, SYNC])
def test_a_members_session_is_no_scanner_token(
    url: str,
    hall_gate: Gate,
    badge: Credential,
    commander: User,
    client_for: Callable[[User], Client],
) -> None:
    body = _body(badge.code) if url == SCANS else json.dumps({"items": [item(badge.code)]})
    response = client_for(commander).post(url, body, content_type="application/json")
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"
    assert not Scan.objects.exists()


def test_an_oversized_upload_is_still_refused_before_it_is_read(hall_gate: Gate) -> None:
    body = '{"items": [' + ",".join(['"' + "x" * 1000 + '"'] * 3000) + "]}"
    response = hall_gate.client().post(SYNC, body, content_type="application/json")
    assert response.status_code == 413 and response.json()["code"] == "too_large"


def test_other_methods_and_calls_still_take_the_whole_stack(hall_gate: Gate) -> None:
    assert hall_gate.client().get(SCANS).status_code == 405
    rules = hall_gate.client().get("/api/v1/checkin/rules")
    assert rules.status_code == 200 and rules["X-Frame-Options"] == "DENY"
