"""The short serial printed on a badge, typed at the gate when the camera fails: read alike on the
phone and the server, looked up only within the device's checkpoint, and recorded as a scan of
that badge (noted as typed) only once the guard has confirmed the face."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Membership
from garrison.accreditation.credentials.services import issue_credential, revoke_credential
from garrison.accreditation.credentials.signing import parse_short_label, short_label
from garrison.accreditation.models import Category, CategoryGrant, Credential
from garrison.accreditation.tests.url_matrix import make_zone
from garrison.audit.models import Entry
from garrison.checkin.models import Scan
from garrison.checkin.tests.conftest import Gate, make_gate, make_holder
from garrison.events.models import Event, Zone

pytestmark = pytest.mark.django_db

BADGE_JS = Path(__file__).resolve().parents[1] / "static" / "checkin" / "scan-badge.js"
TYPED = [
    ("100001·v1", (100001, 1)),
    ("100001.v1", (100001, 1)),
    ("100001-v1", (100001, 1)),
    ("100001 v1", (100001, 1)),
    ("100001v1", (100001, 1)),
    ("100001V2", (100001, 2)),
    ("100001.2", (100001, 2)),
    ("100001 2", (100001, 2)),
    (" 100001 · v3 ", (100001, 3)),
    ("100001\u00a0v4", (100001, 4)),
    ("100001", (100001, None)),
]
REFUSED = ["", "abc", "100001·", "100001··v1", "100001v", "0", "0·v1", "100001·v0", "GA1.AAAA"]
REFUSED += ["99999999999", "100001·v99999", "100001 ·v 1 x", "١٢٣", "100001" + " " * 40 + "v1"]


@pytest.mark.parametrize(("text", "expected"), TYPED)
def test_every_typed_form_of_the_short_serial_is_read(
    text: str, expected: tuple[int, int | None]
) -> None:
    assert parse_short_label(text) == expected


@pytest.mark.parametrize("text", REFUSED)
def test_what_is_not_a_short_serial_is_refused(text: str) -> None:
    assert parse_short_label(text) is None


def test_the_printed_form_reads_back() -> None:
    assert short_label(100001, 1) == "100001·v1"
    assert parse_short_label(short_label(4_294_967_295, 65_535)) == (4_294_967_295, 65_535)


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_phone_reads_short_serials_exactly_like_the_server() -> None:
    texts = [text for text, _expected in TYPED] + REFUSED
    texts += ["1·v1", "4294967296", "4294967295 v65536", "12v 3", "12 -v3", "12\tv3", "12\u3000v3"]
    runner = (
        "const badge = require(process.argv[1]);"
        "const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(texts.map((t) => badge.parseLabel(t))));"
    )
    node = shutil.which("node")
    assert node is not None
    out = subprocess.run(  # noqa: S603 - our own script and file
        [node, "-e", runner, str(BADGE_JS)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    phone = [None if r is None else (r["serial"], r["version"]) for r in json.loads(out)]
    assert phone == [parse_short_label(text) for text in texts]


# --- The lookup: GET /api/v1/checkin/scanner/serial --------------------------------------------


def look_up(gate: Gate, text: str) -> dict[str, Any]:
    response = gate.client().get(reverse("api:checkin_serial"), {"text": text})
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def test_a_serial_of_a_badge_for_this_gate_names_its_holder(
    hall_gate: Gate, badge: Credential
) -> None:
    for text in (
        f"{badge.serial}·v1",
        f"{badge.serial}.1",
        f"{badge.serial} v1",
        str(badge.serial),
    ):
        body = look_up(hall_gate, text)
        assert body["result"] == "found", text
        assert body["label"] == f"{badge.serial}·v1"
        holder = body["holder"]
        assert holder["name"] == "Nguyễn Văn An" and holder["serial"] == badge.serial
        assert holder["version"] == 1 and holder["category"] == "Delegate"
        assert holder["valid_from"] == int(badge.valid_from.timestamp())
    assert Scan.objects.count() == 0  # a lookup is not a scan


def test_a_serial_of_another_event_is_refused_like_a_forged_code(
    hall_gate: Gate, badge: Credential, event: Event, other_event: Event
) -> None:
    category = Category.objects.create(event=other_event, code="DEL", name="D")
    today = timezone.localdate(timezone=event.tzinfo)
    CategoryGrant.objects.create(
        category=category, zone=make_zone(other_event, "HALL"), first_day=today, last_day=today
    )
    foreign = make_holder(other_event, category, "Người ngoài")
    body = look_up(hall_gate, short_label(foreign.serial, foreign.version))
    assert body == {
        "result": "invalid_code",
        "reason": "No valid badge with this number opens this gate.",
        "label": "",
        "holder": None,
    }
    assert look_up(hall_gate, "12·v1")["result"] == "invalid_code"  # no such badge at all
    assert look_up(hall_gate, "hello")["result"] == "invalid_code"


def test_a_serial_of_a_badge_for_another_zone_names_no_one(
    officer_m: Membership, badge: Credential, vip: Zone
) -> None:
    vip_gate = make_gate(officer_m, vip)
    body = look_up(vip_gate, short_label(badge.serial, badge.version))
    assert body["result"] == "invalid_code" and body["holder"] is None


def test_a_revoked_serial_is_refused(
    officer_m: Membership, hall_gate: Gate, badge: Credential
) -> None:
    assert badge.person is not None
    issue_credential(officer_m, badge.person)  # version 2: version 1 is superseded
    old = look_up(hall_gate, f"{badge.serial}·v1")
    assert old["result"] == "revoked" and old["holder"] is None
    assert old["reason"] == "This badge has been revoked."
    assert look_up(hall_gate, str(badge.serial))["label"] == f"{badge.serial}·v2"
    revoke_credential(officer_m, badge.person, "lost", reissue=False)
    assert look_up(hall_gate, str(badge.serial))["result"] == "revoked"
    assert look_up(hall_gate, f"{badge.serial}·v2")["result"] == "revoked"


def test_the_lookup_is_for_scanner_devices_only(client_for: Any, commander: Any) -> None:
    response = client_for(commander).get(reverse("api:checkin_serial"), {"text": "100001"})
    assert response.status_code == 401


# --- The scan of a confirmed typed serial ------------------------------------------------------


def post_typed(gate: Gate, text: str, scan_id: uuid.UUID | None = None) -> Any:
    body = {"id": str(scan_id or uuid.uuid4()), "code": text, "direction": "entry", "typed": True}
    return gate.client().post(
        reverse("api:checkin_scan"), json.dumps(body), content_type="application/json"
    )


def test_a_confirmed_typed_serial_is_recorded_as_that_badge_and_noted_as_typed(
    hall_gate: Gate, badge: Credential
) -> None:
    scan_id = uuid.uuid4()
    label = short_label(badge.serial, badge.version)
    response = post_typed(hall_gate, label, scan_id)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["result"] == "ok" and body["holder"]["name"] == "Nguyễn Văn An"
    scan = Scan.objects.get()
    assert (scan.serial, scan.version, scan.result) == (badge.serial, 1, "ok")
    note = Entry.objects.get(action="checkin.scan.typed")
    assert note.object_id == str(scan_id) and note.after == {"label": label, "result": "ok"}
    assert note.actor_device_id is not None
    again = post_typed(hall_gate, label, scan_id)
    assert again.status_code == 200 and again.json()["repeated"] is True
    assert Entry.objects.filter(action="checkin.scan.typed").count() == 1


def test_a_typed_serial_naming_no_badge_of_this_event_is_a_forged_code(
    hall_gate: Gate, badge: Credential
) -> None:
    response = post_typed(hall_gate, "12·v1")
    assert response.json()["result"] == "invalid_code" and response.json()["holder"] is None
    assert Scan.objects.get().serial is None


def test_a_typed_revoked_version_is_refused_as_revoked(
    officer_m: Membership, hall_gate: Gate, badge: Credential
) -> None:
    assert badge.person is not None
    revoke_credential(officer_m, badge.person, "lost", reissue=False)
    response = post_typed(hall_gate, short_label(badge.serial, badge.version))
    assert response.json()["result"] == "revoked"


def test_a_typed_serial_confirmed_offline_is_uploaded_and_resolved(
    hall_gate: Gate, badge: Credential
) -> None:
    scanned = (timezone.now() - dt.timedelta(minutes=5)).isoformat()
    typed_id = str(uuid.uuid4())
    items = [
        {
            "id": typed_id,
            "code": short_label(badge.serial, badge.version),
            "direction": "entry",
            "scanned_at": scanned,
            "verdict": "ok",
            "typed": True,
        },
        {
            "id": str(uuid.uuid4()),
            "code": badge.code,
            "direction": "exit",
            "scanned_at": timezone.now().isoformat(),
            "verdict": "ok",
        },
    ]
    response = hall_gate.client().post(
        reverse("api:checkin_sync"), json.dumps({"items": items}), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    answers = response.json()["items"]
    assert [(a["status"], a["result"], a["flagged"]) for a in answers] == [
        ("stored", "ok", False),
        ("stored", "ok", False),
    ]
    assert list(Scan.objects.order_by("scanned_at").values_list("serial", "direction")) == [
        (badge.serial, "entry"),
        (badge.serial, "exit"),
    ]
    notes = Entry.objects.filter(action="checkin.scan.typed")
    assert [n.object_id for n in notes] == [typed_id]
