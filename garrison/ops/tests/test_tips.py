"""The public tip page: no login, limits, honeypot, 429 per address, status by reference."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from garrison.accounts.models import User
from garrison.audit.models import Entry
from garrison.core.models import LiveEvent
from garrison.events.models import Event, Site, SiteKind
from garrison.ops.models import Incident, IncidentType, OpsSettings, Source, Status, TipThrottle
from garrison.ops.tests.factories import make_incident

ClientFor = Callable[[User], Client]
TIP = "/tip/"


@pytest.fixture
def open_event(event: Event) -> Event:
    OpsSettings.objects.create(event=event, tips_open=True)
    return event


def _tip(client: Client, **fields: Any) -> Any:
    data = {"what": "A bag left under the bench", "where": "Bus stop at the north gate"}
    data.update(fields)
    return client.post(TIP, data, REMOTE_ADDR=fields.pop("addr", "198.51.100.7"))


def test_a_resident_sends_a_tip_without_login_and_gets_a_reference(open_event: Event) -> None:
    response = _tip(Client(), kind="suspicious_object", contact="0901 234 567")
    assert response.status_code == 200
    incident = Incident.objects.get()
    assert incident.reference in response.content.decode()
    assert (incident.source, incident.status, incident.type.code) == (
        Source.PUBLIC_TIP,
        Status.NEW,
        "suspicious_object",
    )
    assert incident.contact == "0901 234 567" and incident.reported_by is None
    entry = Entry.objects.get(action="ops.incident.tip_received")
    assert entry.actor_label.startswith("public:") and "198.51" not in entry.actor_label
    assert LiveEvent.objects.filter(kind="ops.incident.created").count() == 1


def test_the_tip_page_works_in_vietnamese(open_event: Event) -> None:
    client = Client()
    client.cookies["django_language"] = "vi"
    with translation.override("vi"):
        page = client.get(TIP, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "113" in page and 'lang="vi"' in page
    assert "What is happening?" not in page


def test_tips_are_refused_when_the_event_does_not_take_them(event: Event) -> None:
    page = Client().get(TIP).content.decode()
    assert "No event is taking tips" in page
    _tip(Client())
    assert not Incident.objects.exists()


def test_with_several_events_the_resident_chooses_one(
    open_event: Event, other_event: Event
) -> None:
    OpsSettings.objects.create(event=other_event, tips_open=True)
    page = Client().get(TIP).content.decode()
    assert "?e=congress" in page and "?e=summit" in page
    response = Client().post(
        f"{TIP}?e=summit", {"what": "Smoke", "where": "Hall B"}, REMOTE_ADDR="198.51.100.8"
    )
    assert response.status_code == 200
    assert Incident.objects.get().event_id == other_event.pk


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"what": ""}, "This field is required"),
        ({"what": "x" * 1001}, "at most 1000"),
        ({"where": "", "lat": "", "lon": ""}, "Say where"),
        ({"where": "", "lat": "95", "lon": "105"}, "Latitude must be within"),
        ({"where": "", "lat": "21.0", "lon": ""}, "Give both"),
        ({"contact": "9" * 121}, "at most 120"),
        ({"where": "w" * 301}, "at most 300"),
    ],
)
def test_bad_tips_get_400_with_a_message_and_store_nothing(
    open_event: Event, fields: dict[str, str], message: str
) -> None:
    response = _tip(Client(), **fields)
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    # Nothing of the tip is kept; the refusal itself counts toward the address's limit.
    assert not Incident.objects.exists() and TipThrottle.objects.count() == 1


def test_a_filled_honeypot_stores_nothing_but_looks_like_success(open_event: Event) -> None:
    response = _tip(Client(), website="http://spam.example")
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert not Incident.objects.exists()
    assert TipThrottle.objects.count() == 1


def test_too_many_tips_from_one_address_get_a_clear_429(open_event: Event, settings: Any) -> None:
    settings.GARRISON_TIP_LIMIT = 3
    client = Client()
    for _ in range(3):
        assert _tip(client).status_code == 200
    refused = _tip(client)
    assert refused.status_code == 429
    assert "Too many reports" in refused.content.decode() and "113" in refused.content.decode()
    assert Incident.objects.count() == 3
    # Another address is not affected.
    assert _tip(client, addr="203.0.113.9").status_code == 200


def test_too_many_status_checks_from_one_address_get_a_clear_429(
    open_event: Event, settings: Any
) -> None:
    settings.GARRISON_TIP_STATUS_LIMIT = 3
    incident = make_incident(open_event, source=Source.PUBLIC_TIP)
    url = f"/tip/status/?ref={incident.reference}"
    guesses = [f"/tip/status/?ref=GUESS{n}" for n in range(2)]
    assert [Client().get(u, REMOTE_ADDR="198.51.100.7").status_code for u in guesses] == [404] * 2
    assert Client().get(url, REMOTE_ADDR="198.51.100.7").status_code == 200
    refused = Client().get(url, REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Too many status checks" in page and "113" in page
    assert "Being handled" not in page and "Received" not in page
    # Another address may still look, the empty form costs nothing, and tips have their own count.
    assert Client().get(url, REMOTE_ADDR="203.0.113.9").status_code == 200
    assert Client().get("/tip/status/", REMOTE_ADDR="198.51.100.7").status_code == 200
    assert _tip(Client()).status_code == 200


def test_the_status_limit_is_in_vietnamese_too(open_event: Event, settings: Any) -> None:
    settings.GARRISON_TIP_STATUS_LIMIT = 0
    client = Client()
    client.cookies["django_language"] = "vi"
    with translation.override("vi"):
        refused = client.get("/tip/status/?ref=ABC", REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429
    assert "Too many" not in refused.content.decode()


def test_the_status_page_shows_only_three_words(open_event: Event) -> None:
    incident = make_incident(open_event, source=Source.PUBLIC_TIP, description="secret details")
    url = f"/tip/status/?ref={incident.reference.lower()}"
    assert "Received" in Client().get(url).content.decode()
    for status, word in [
        (Status.DISPATCHED, "Being handled"),
        (Status.ON_SCENE, "Being handled"),
        (Status.CANCELLED, "Closed"),
    ]:
        Incident.objects.filter(pk=incident.pk).update(status=status)
        page = Client().get(url).content.decode()
        assert word in page and "secret details" not in page
        assert "On scene" not in page and "Cancelled" not in page


def test_a_merged_tip_shows_the_status_of_the_report_it_joined(open_event: Event) -> None:
    master = make_incident(open_event, status=Status.ON_SCENE)
    tip = make_incident(
        open_event, source=Source.PUBLIC_TIP, status=Status.DUPLICATE, duplicate_of=master
    )
    page = Client().get(f"/tip/status/?ref={tip.reference}").content.decode()
    assert "Being handled" in page


def test_an_unknown_reference_or_a_staff_report_is_not_found(open_event: Event) -> None:
    staff_report = make_incident(open_event)
    for ref in ("NOPE2345", staff_report.reference, "<script>"):
        response = Client().get("/tip/status/", {"ref": ref})
        assert response.status_code == 404
        assert "<script>" not in response.content.decode()


def test_script_in_a_tip_is_escaped_on_every_page_that_shows_it(
    open_event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    assert _tip(Client(), what=evil, where=evil, contact=evil[:100]).status_code == 200
    incident = Incident.objects.get()
    assert incident.description == evil  # stored as typed ...
    desk = client_for(members["duty_officer"])
    pages = [
        reverse("ops:incidents", kwargs={"event": open_event.slug}),
        reverse("ops:incident", kwargs={"event": open_event.slug, "pk": incident.pk}),
    ]
    for url in pages:
        html = desk.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html  # ... shown as text
    detail = desk.get(pages[1]).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail


def test_the_tip_map_shows_only_public_places_or_a_rough_centre(open_event: Event) -> None:
    hotel = Site.objects.create(
        event=open_event, name="Delegates' hotel", kind=SiteKind.HOTEL, lat=21.0301, lon=105.8501
    )
    page = Client().get(TIP).content.decode()
    assert "Delegates" not in page and "21.0301" not in page
    assert '"centre": [21.03, 105.85]' in page and 'data-testid="tip-map"' in page
    Site.objects.create(
        event=open_event, name="Congress Palace", kind=SiteKind.VENUE, lat=21.0228, lon=105.8443
    )
    page = Client().get(TIP).content.decode()
    assert "Congress Palace" in page and '"centre": null' in page
    assert hotel.name not in page and "21.0301" not in page


def test_concurrent_tips_are_each_stored_once_and_the_limit_holds_under_a_burst(
    transactional_db: Any, event: Event, settings: Any
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    OpsSettings.objects.create(event=event, tips_open=True)
    settings.GARRISON_TIP_LIMIT = 3

    def send(n: int) -> int:
        try:
            # Six phones behind one address, four behind their own: all at once.
            addr = "198.51.100.7" if n < 6 else f"203.0.113.{n}"
            return int(_tip(Client(), what=f"Burst tip {n}", addr=addr).status_code)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(send, range(10)))
    assert sorted(statuses[:6]) == [200, 200, 200, 429, 429, 429]
    assert statuses[6:] == [200] * 4
    descriptions = list(Incident.objects.values_list("description", flat=True))
    assert len(descriptions) == len(set(descriptions)) == 7


def test_a_tip_without_a_kind_is_filed_as_other_and_without_other_as_the_first_kind(
    open_event: Event,
) -> None:
    assert _tip(Client()).status_code == 200
    assert Incident.objects.get().type.code == "other"
    IncidentType.objects.filter(event=open_event, code="other").update(active=False)
    first = IncidentType.objects.filter(event=open_event, active=True).first()
    assert first is not None
    assert _tip(Client(), what="Second tip").status_code == 200
    assert Incident.objects.get(description="Second tip").type == first


def test_a_tip_is_stored_without_control_characters_but_with_its_line_breaks(
    open_event: Event,
) -> None:
    response = _tip(
        Client(), what="Smoke\x07 from\u202e a kiosk\r\nnear gate 2\x1b", contact="09\x0701"
    )
    assert response.status_code == 200
    incident = Incident.objects.get()
    assert (incident.description, incident.contact) == ("Smoke from a kiosk\nnear gate 2", "0901")
