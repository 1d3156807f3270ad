"""The demo's checkpoints: the venue's doors, one per delegate hotel, and the demo scanner."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from garrison.accounts.models import Device, hash_token
from garrison.accreditation.models import Credential, Person
from garrison.checkin.models import Checkpoint, Scan, Scanner
from garrison.demo.checkin import CHECKPOINTS, DEMO_SCANNER_TOKEN
from garrison.events.models import Event, SiteKind, Zone

pytestmark = pytest.mark.django_db


def _load(parts: str = "accreditation,checkin") -> None:
    call_command("load_demo", "--only", parts, "--quiet-qr", stdout=StringIO())


def _badge(category: str, zone: Zone | None = None) -> Credential:
    rows = Credential.objects.filter(person__category__code=category).select_related("person")
    if zone is not None:
        # A delegate of the delegation lodged at ``zone``'s hotel.
        rows = rows.filter(person__grants__zone=zone)
    badge = rows.first()
    assert badge is not None
    return badge


def test_every_delegate_hotel_has_a_checkpoint_and_the_scanner_stays_at_the_hall() -> None:
    _load()
    _load()  # a rerun adds nothing
    hotels = Checkpoint.objects.filter(zone__site__kind=SiteKind.HOTEL).select_related("zone")
    assert hotels.count() == 4
    assert {c.zone.site_id for c in hotels} == set(
        Event.objects.get().sites.filter(kind=SiteKind.HOTEL).values_list("pk", flat=True)
    )
    assert Checkpoint.objects.count() == len(CHECKPOINTS) + 4
    device = Device.objects.get(token_hash=hash_token(DEMO_SCANNER_TOKEN))
    assert Scanner.objects.get(device=device).checkpoint.zone.code == "HALL"
    assert Scanner.objects.count() == 1


def test_delegate_badges_open_their_own_hotel_only_security_opens_all() -> None:
    _load("accreditation")
    hotels = list(Zone.objects.filter(site__kind=SiteKind.HOTEL).order_by("code"))
    assert len(hotels) == 4
    hotel_ids = {z.pk for z in hotels}
    for zone in hotels:
        badge = _badge("DEL", zone)
        assert set(badge.zones) & hotel_ids == {zone.pk}
        assert str(zone.pk) in badge.windows
    lodged = Person.objects.filter(category__code="DEL", grants__zone__in=hotels).count()
    assert lodged == Person.objects.filter(category__code="DEL").count() == 399
    assert hotel_ids <= set(_badge("SEC").zones)
    assert hotel_ids <= set(_badge("STAFF").zones)
    assert not hotel_ids & set(_badge("PRESS").zones)


def test_a_scanner_at_a_hotel_admits_its_delegates_and_turns_away_the_others() -> None:
    _load()
    hotel, other = Zone.objects.filter(site__kind=SiteKind.HOTEL).order_by("code")[:2]
    door = Checkpoint.objects.get(zone=hotel)
    token = "gd_test_" + uuid.uuid4().hex
    device = Device.objects.create(
        event=door.event, name="hotel phone", token_hash=hash_token(token), token_prefix=token[:8]
    )
    Scanner.objects.create(device=device, checkpoint=door)
    # Offline scans are judged at the moment they happened: the congress's first morning.
    at = dt.datetime.combine(door.event.starts_on, dt.time(7, 30), tzinfo=door.event.tzinfo)
    scans = {
        "own": _badge("DEL", hotel),
        "elsewhere": _badge("DEL", other),
        "security": _badge("SEC"),
        "press": _badge("PRESS"),
    }
    items = [
        {
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, who)),
            "code": badge.code,
            "direction": "entry",
            "scanned_at": at.isoformat(),
            "verdict": "ok",
        }
        for who, badge in scans.items()
    ]
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
        "/api/v1/checkin/sync", json.dumps({"items": items}), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    results = {
        who: Scan.objects.get(client_id=uuid.uuid5(uuid.NAMESPACE_URL, who)).result for who in scans
    }
    assert results == {
        "own": "ok",
        "elsewhere": "zone_denied",
        "security": "ok",
        "press": "zone_denied",
    }


def test_the_demo_scanner_scans_a_demo_badge() -> None:
    # Every part together, as ``make demo`` loads them; the gate's parts once more add nothing
    # (each part's own tests prove a second run of it is a no-op).
    call_command("load_demo", "--quiet-qr", stdout=StringIO())
    call_command("load_demo", "--quiet-qr", "--only", "accreditation,checkin", stdout=StringIO())
    assert Checkpoint.objects.count() == 10 and Scanner.objects.count() == 1  # 6 venue, 4 hotels
    badge = Credential.objects.filter(person__category__code="DEL").first()
    assert badge is not None
    client = Client(HTTP_AUTHORIZATION=f"Bearer {DEMO_SCANNER_TOKEN}")
    response = client.post(
        "/api/v1/checkin/scans",
        json.dumps({"id": str(uuid.uuid4()), "code": badge.code, "direction": "entry"}),
        content_type="application/json",
    )
    # Loaded today, the congress is under way: the badge is valid now, in the hall's hours.
    assert response.status_code == 201 and response.json()["result"] in {"ok", "not_yet_valid"}
    assert response.json()["result"] == "ok"
