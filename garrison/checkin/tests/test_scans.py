"""POST /api/v1/checkin/scans: the decision pipeline, its result codes, every scan recorded."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from prometheus_client import REGISTRY

from garrison.accounts.models import Device, Membership
from garrison.accounts.services import revoke_device
from garrison.accreditation.credentials.services import _issue, revoke_credential, rotate_key
from garrison.accreditation.models import Category, CategoryGrant, Credential, Person
from garrison.accreditation.tests.url_matrix import make_zone
from garrison.checkin.checkpoints import services
from garrison.checkin.models import Presence, Scan
from garrison.checkin.scans.services import gates
from garrison.checkin.tests.conftest import Gate, make_gate, make_holder
from garrison.events.models import Event, Zone

pytestmark = pytest.mark.django_db
URL = "/api/v1/checkin/scans"


def scan(gate: Gate, code: str, direction: str = "entry", scan_id: str | None = None) -> Any:
    body = {"id": scan_id or str(uuid.uuid4()), "code": code, "direction": direction}
    return gate.client().post(URL, json.dumps(body), content_type="application/json")


def result(gate: Gate, code: str, direction: str = "entry") -> str:
    response = scan(gate, code, direction)
    assert response.status_code == 201, response.content
    return str(response.json()["result"])


def test_entry_then_passback_then_exit(hall_gate: Gate, badge: Credential) -> None:
    first = scan(hall_gate, badge.code)
    assert first.status_code == 201
    body = first.json()
    assert body["result"] == "ok" and body["reason"] == "Valid: let the holder through."
    assert body["holder"]["name"] == "Nguyễn Văn An" and body["holder"]["category"] == "Delegate"
    assert result(hall_gate, badge.code) == "already_inside"
    assert result(hall_gate, badge.code, "exit") == "ok"
    assert result(hall_gate, badge.code, "exit") == "not_inside"
    assert list(Scan.objects.order_by("received_at", "pk").values_list("result", flat=True)) == [
        "ok",
        "already_inside",
        "ok",
        "not_inside",
    ]


def test_the_same_scan_id_is_stored_once_and_answered_alike(
    hall_gate: Gate, badge: Credential
) -> None:
    scan_id = str(uuid.uuid4())
    first = scan(hall_gate, badge.code, scan_id=scan_id)
    again = scan(hall_gate, badge.code, scan_id=scan_id)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["result"] == "ok" and again.json()["repeated"] is True
    assert Scan.objects.count() == 1
    assert Presence.objects.get().inside is True


def test_another_device_cannot_reuse_a_scan_id(
    officer_m: Membership, hall_gate: Gate, badge: Credential, hall: Zone
) -> None:
    other = make_gate(officer_m, hall, name="Second gate")
    scan_id = str(uuid.uuid4())
    scan(hall_gate, badge.code, scan_id=scan_id)
    refused = scan(other, badge.code, scan_id=scan_id)
    assert refused.status_code == 409 and refused.json()["code"] == "scan_id_taken"


def test_tampered_foreign_and_revoked_badges_get_their_own_codes(
    officer_m: Membership,
    hall_gate: Gate,
    badge: Credential,
    event: Event,
    other_event: Event,
) -> None:
    flipped = badge.code[:-3] + ("A" if badge.code[-3] != "A" else "B") + badge.code[-2:]
    assert result(hall_gate, flipped) == "invalid_code"
    assert result(hall_gate, badge.code[:40]) == "invalid_code"
    assert result(hall_gate, "hello") == "invalid_code"
    foreign_category = Category.objects.create(event=other_event, code="DEL", name="D")
    today = timezone.localdate(timezone=event.tzinfo)
    CategoryGrant.objects.create(
        category=foreign_category,
        zone=make_zone(other_event, "HALL"),
        first_day=today,
        last_day=today,
    )
    foreign = make_holder(other_event, foreign_category)
    assert result(hall_gate, foreign.code) == "unknown_key"
    revoke_credential(officer_m, badge.person, "withdrawn", reissue=False)  # type: ignore[arg-type]
    assert result(hall_gate, badge.code) == "revoked"
    assert Scan.objects.count() == 5  # refused scans are recorded too
    assert set(Scan.objects.values_list("result", flat=True)) == {
        "invalid_code",
        "unknown_key",
        "revoked",
    }


def test_validity_window_and_zone_rights(
    officer_m: Membership, event: Event, hall_gate: Gate, vip: Zone, delegates: Category
) -> None:
    today = timezone.localdate(timezone=event.tzinfo)

    def holder_with(first: dt.date, last: dt.date, name: str, **hours: Any) -> Credential:
        category = Category.objects.create(event=event, code=name[:8].upper(), name=name)
        CategoryGrant.objects.create(
            category=category,
            zone=hall_gate.checkpoint.zone,
            first_day=first,
            last_day=last,
            **hours,
        )
        return make_holder(event, category, name)

    future = holder_with(today + dt.timedelta(days=2), today + dt.timedelta(days=3), "future")
    past = holder_with(today - dt.timedelta(days=3), today - dt.timedelta(days=2), "past")
    assert result(hall_gate, future.code) == "not_yet_valid"
    assert result(hall_gate, past.code) == "expired"
    now = timezone.localtime(timezone=event.tzinfo)
    closed = (now + dt.timedelta(hours=2)).time().replace(second=0, microsecond=0)
    if closed > now.time():  # a window later today (not across midnight)
        later = holder_with(today, today, "later", daily_start=closed, daily_end=dt.time(23, 59))
        assert result(hall_gate, later.code) == "zone_denied"
    vip_gate = make_gate(officer_m, vip)
    hall_only = make_holder(event, delegates, "Hall only")
    assert result(vip_gate, hall_only.code) == "zone_denied"
    assert scan(vip_gate, hall_only.code).json()["holder"] is None  # not their zone: no details


def test_old_badges_still_open_after_key_rotation(
    officer_m: Membership, hall_gate: Gate, badge: Credential
) -> None:
    rotate_key(officer_m)
    assert result(hall_gate, badge.code) == "ok"


def test_a_superseded_version_is_revoked_and_the_new_one_keeps_presence(
    officer_m: Membership, event: Event, hall_gate: Gate, badge: Credential
) -> None:
    assert result(hall_gate, badge.code) == "ok"
    assert badge.person is not None
    person = Person.objects.get(pk=badge.person.pk)
    new = _issue(event, person)
    assert result(hall_gate, badge.code, "exit") == "revoked"
    assert result(hall_gate, new.code) == "already_inside"  # same holder (serial), still inside


def test_an_entry_only_gate_refuses_an_exit_scan(
    officer_m: Membership, hall: Zone, badge: Credential
) -> None:
    gate = make_gate(officer_m, hall, "entry")
    response = scan(gate, badge.code, "exit")
    assert response.status_code == 400 and response.json()["code"] == "direction_not_allowed"
    assert not Scan.objects.exists()


def test_a_checkpoint_changed_after_a_scan_decides_the_next_one(
    officer_m: Membership, hall: Zone, vip: Zone, badge: Credential
) -> None:
    """The gate's objects are kept between batches (scans.services.gates); a change must count."""
    gate = make_gate(officer_m, hall, "both")
    assert result(gate, badge.code) == "ok"
    moved = services.CheckpointData(gate.checkpoint.name, vip.pk, "exit")
    services.update_checkpoint(officer_m, gate.checkpoint, moved)
    response = scan(gate, badge.code, "entry")
    assert response.status_code == 400 and response.json()["code"] == "direction_not_allowed"
    both = services.CheckpointData(gate.checkpoint.name, vip.pk, "both")
    services.update_checkpoint(officer_m, gate.checkpoint, both)
    assert result(gate, badge.code) == "zone_denied"  # the badge opens the hall, not the VIP room


def test_devices_call_only_checkin_endpoints(hall_gate: Gate, event: Event) -> None:
    client = hall_gate.client()
    assert client.get(f"/api/v1/events/{event.slug}").status_code == 403
    assert client.get(f"/api/v1/events/{event.slug}/zones").status_code == 403
    assert client.get("/api/v1/checkin/rules").status_code == 200
    # A device token is no session: pages send it to the login form.
    page = client.get(f"/e/{event.slug}/accreditation/people/")
    assert page.status_code == 302


def test_a_members_session_cannot_scan(
    hall_gate: Gate, badge: Credential, client_for: Any, commander: Any
) -> None:
    body = {"id": str(uuid.uuid4()), "code": badge.code, "direction": "entry"}
    response = client_for(commander).post(URL, json.dumps(body), content_type="application/json")
    assert response.status_code == 401


def test_a_revoked_device_is_refused_on_the_next_request(
    officer_m: Membership, hall_gate: Gate, badge: Credential
) -> None:
    assert result(hall_gate, badge.code) == "ok"
    device = Device.objects.get()
    officer_m.user.memberships.update(role="commander")
    revoke_device(Membership.objects.select_related("user").get(pk=officer_m.pk), device)
    assert scan(hall_gate, badge.code).status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {"id": "not-a-uuid", "code": "x", "direction": "entry"},
        {"id": str(uuid.uuid4()), "code": "x", "direction": "sideways"},
        {"id": str(uuid.uuid4()), "code": 12, "direction": "entry"},
        {"id": str(uuid.uuid4()), "code": "x" * 3000, "direction": "entry"},
        {"id": str(uuid.uuid4()), "code": "x", "direction": "entry", "scanned_at": "yesterday"},
    ],
)
def test_a_malformed_scan_is_a_422_with_a_reason(hall_gate: Gate, body: dict[str, Any]) -> None:
    response = hall_gate.client().post(URL, json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert not Scan.objects.exists()


def test_the_scanner_downloads_keys_revocations_rules_and_its_checkpoint(
    officer_m: Membership, hall_gate: Gate, badge: Credential
) -> None:
    client = hall_gate.client()
    keys = client.get("/api/v1/checkin/keys").json()
    assert [k["key_id"] for k in keys] == [badge.key.key_id]
    revoke_credential(officer_m, badge.person, "lost", reissue=True)  # type: ignore[arg-type]
    listed = client.get("/api/v1/checkin/revocations?since=0").json()
    assert listed["items"] == [{"seq": 1, "serial": badge.serial, "version": 1}]
    assert client.get("/api/v1/checkin/revocations?since=1").json() == {"items": [], "last_seq": 1}
    rules = client.get("/api/v1/checkin/rules").json()
    assert rules["steps"][0]["code"] == "invalid_code" and "ok" in rules["reasons"]
    checkpoint = client.get("/api/v1/checkin/checkpoint").json()
    assert checkpoint["zone_code"] == "HALL"


def test_the_holder_photo_is_only_for_a_gate_of_their_zone(
    officer_m: Membership, hall_gate: Gate, badge: Credential, vip: Zone
) -> None:
    from garrison.accreditation.people.services import set_photo
    from garrison.accreditation.tests.images import jpeg

    set_photo(officer_m, badge.person, jpeg(), "a.jpg")  # type: ignore[arg-type]
    url = f"/api/v1/checkin/photo?serial={badge.serial}"
    assert hall_gate.client().get(url)["Content-Type"] == "image/jpeg"
    assert make_gate(officer_m, vip).client().get(url).status_code == 404


def test_enrolment_codes_work_once(officer_m: Membership, hall_gate: Gate) -> None:
    from garrison.checkin.scanner import services

    _enrolment, code = services.start_enrolment(officer_m, hall_gate.checkpoint, "Phone 2")
    first = Client().post(
        "/api/v1/checkin/enrol", json.dumps({"code": code.lower()}), content_type="application/json"
    )
    assert first.status_code == 201 and first.json()["checkpoint"] == hall_gate.checkpoint.name
    again = Client().post(
        "/api/v1/checkin/enrol", json.dumps({"code": code}), content_type="application/json"
    )
    assert again.status_code == 400 and again.json()["code"] == "invalid_enrolment"


def test_a_scan_notes_its_scanner_as_seen(
    hall_gate: Gate, badge: Credential, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gates, "_touched", {})  # this process may have noted the same id before
    device = Device.objects.get(scanner__checkpoint=hall_gate.checkpoint)
    Device.objects.filter(pk=device.pk).update(last_seen=None)
    assert result(hall_gate, badge.code) == "ok"
    device.refresh_from_db()
    assert device.last_seen is not None


def test_each_committed_scan_counts_its_decision_for_the_metrics(
    hall_gate: Gate, badge: Credential, django_capture_on_commit_callbacks: Any
) -> None:
    def count(result: str) -> float:
        labels = {"result": result, "mode": "online"}
        return REGISTRY.get_sample_value("garrison_scan_decisions_total", labels) or 0.0

    def requests() -> float:
        labels = {"method": "POST", "route": "api:checkin_scan", "status": "2xx"}
        return REGISTRY.get_sample_value("garrison_http_requests_total", labels) or 0.0

    ok, inside, calls = count("ok"), count("already_inside"), requests()
    scan_id = str(uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=True):
        assert result(hall_gate, badge.code) == "ok"
        assert result(hall_gate, badge.code) == "already_inside"
        scan(hall_gate, badge.code, scan_id=scan_id)
        scan(hall_gate, badge.code, scan_id=scan_id)  # a repeat is the same decision
    assert (count("ok"), count("already_inside")) == (ok + 1, inside + 2)
    assert requests() == calls + 4  # the scanner calls skip the session stack, not the count
