"""The scanner page's server side: the public page, its worker and manifest, the holders list."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from garrison.accreditation.models import Credential
from garrison.checkin.models import Scanner
from garrison.demo.checkin import DEMO_SCANNER_TOKEN

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_scanner(db: Any) -> Scanner:
    call_command("load_demo", "--only", "accreditation,checkin", "--quiet-qr", stdout=StringIO())
    return Scanner.objects.select_related("checkpoint").get(device__token_prefix="gd_demo_")


def device_client() -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {DEMO_SCANNER_TOKEN}")


def test_the_scanner_page_needs_no_login_and_loads_only_own_scripts() -> None:
    response = Client().get(reverse("scan:page"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'rel="manifest"' in body
    assert "checkin/scanner.js" in body and "checkin/rules.js" in body
    assert "<script>" not in body  # CSP script-src 'self': no inline code
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_scanner_page_speaks_vietnamese() -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="vi").get(reverse("scan:page"))
    assert "Hộp thư đi" in response.content.decode()


def test_the_service_worker_is_served_from_the_scanner_scope() -> None:
    response = Client().get(reverse("scan:service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert b'addEventListener("fetch"' in response.content


def test_the_service_worker_caches_the_qr_decoder_for_offline_use() -> None:
    body = Client().get(reverse("scan:service_worker")).content.decode()
    assert body.startswith("/*") and '"use strict";\nvar OFFLINE_FILES = [' in body
    assert "/vendor/jsqr/jsQR.js" in body and "/checkin/scan-camera.js" in body


def test_the_manifest_starts_the_app_at_the_scanner_page() -> None:
    response = Client().get(reverse("scan:manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["start_url"] == reverse("scan:page") == data["scope"]
    assert data["display"] == "standalone"


def test_holders_lists_valid_badges_of_the_device_zone_with_their_window(
    demo_scanner: Scanner,
) -> None:
    response = device_client().get(reverse("api:checkin_holders"))
    assert response.status_code == 200
    rows = response.json()
    zone = demo_scanner.checkpoint.zone_id
    expected = {
        c.serial
        for c in Credential.objects.filter(event=demo_scanner.device.event, revoked_at__isnull=True)
        if zone in c.zones
    }
    assert {row["serial"] for row in rows} == expected
    assert expected, "the demo should hold badges for the hall"
    assert all(set(row) >= {"name", "version", "photo", "window"} for row in rows)


def test_holders_refuses_a_member_session(client_for: Any, commander: Any) -> None:
    assert client_for(commander).get(reverse("api:checkin_holders")).status_code == 401
