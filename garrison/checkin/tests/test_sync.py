"""POST /api/v1/checkin/sync: offline scans stored once, never dropped, flagged when the server
disagrees (docs/security.md #9, #10, #16)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from garrison.accounts.models import Membership
from garrison.accreditation.credentials.services import revoke_credential
from garrison.accreditation.models import Credential
from garrison.checkin.models import Presence, Scan
from garrison.checkin.tests.conftest import Gate, make_gate
from garrison.events.models import Zone

pytestmark = pytest.mark.django_db
URL = "/api/v1/checkin/sync"


def item(code: str, verdict: str = "ok", direction: str = "entry", **extra: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "code": code,
        "direction": direction,
        "scanned_at": timezone.now().isoformat(),
        "verdict": verdict,
        **extra,
    }


def sync(gate: Gate, items: list[dict[str, Any]]) -> Any:
    return gate.client().post(URL, json.dumps({"items": items}), content_type="application/json")


def test_a_batch_is_stored_once_and_answered_per_item(hall_gate: Gate, badge: Credential) -> None:
    items = [item(badge.code), item(badge.code, "ok", "exit"), item("junk", "invalid_code")]
    first = sync(hall_gate, items)
    assert first.status_code == 200
    answers = first.json()["items"]
    assert [a["status"] for a in answers] == ["stored"] * 3
    assert [a["result"] for a in answers] == ["ok", "ok", "invalid_code"]
    assert not any(a["flagged"] for a in answers)
    again = sync(hall_gate, list(reversed(items)))  # uploaded twice, out of order
    assert [a["status"] for a in again.json()["items"]] == ["duplicate"] * 3
    assert Scan.objects.count() == 3 and Scan.objects.filter(offline=True).count() == 3


def test_a_scan_the_server_would_refuse_is_kept_and_flagged(
    officer_m: Membership, hall_gate: Gate, badge: Credential
) -> None:
    # The phone had not yet pulled the revocation when it let the holder in.
    assert badge.person is not None
    revoke_credential(officer_m, badge.person, "withdrawn", reissue=False)
    answer = sync(hall_gate, [item(badge.code, "ok")]).json()["items"][0]
    assert answer["status"] == "stored" and answer["result"] == "revoked" and answer["flagged"]
    scan = Scan.objects.get()
    assert scan.flagged and scan.offline
    # The holder did go in: presence follows the gate.
    assert Presence.objects.get(serial=badge.serial).inside is True


def test_an_item_the_gate_cannot_have_made_is_rejected_with_a_reason(
    officer_m: Membership, hall: Zone, badge: Credential
) -> None:
    entry_only = make_gate(officer_m, hall, "entry")
    answers = sync(entry_only, [item(badge.code, "ok", "exit"), item(badge.code)]).json()["items"]
    assert answers[0]["status"] == "rejected" and answers[0]["code"] == "direction_not_allowed"
    assert answers[1]["status"] == "stored"


def test_a_batch_over_500_items_is_refused_whole(hall_gate: Gate, badge: Credential) -> None:
    response = sync(hall_gate, [item(badge.code) for _ in range(501)])
    assert response.status_code == 422
    assert not Scan.objects.exists()


FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(
    items=st.lists(
        st.fixed_dictionaries(
            {
                "id": st.uuids().map(str) | st.text(max_size=10),
                "code": st.text(max_size=60),
                "direction": st.sampled_from(["entry", "exit", "up"]),
                "scanned_at": st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat())
                | st.text(max_size=10),
                "verdict": st.sampled_from(["ok", "revoked", "nonsense"]),
            }
        ),
        max_size=5,
    )
)
def test_any_batch_is_a_2xx_or_4xx_never_a_5xx(
    hall_gate: Gate, items: list[dict[str, Any]]
) -> None:
    response = sync(hall_gate, items)
    assert response.status_code in (200, 422), response.content[:300]
