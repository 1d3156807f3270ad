"""Units where they are: a position from the officer's phone only while on shift, refused far
from the event, marked when unreliable or stale, seen only by the desk, purged with the event."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Membership, Role, User
from garrison.audit.models import Entry
from garrison.core.models import LiveEvent
from garrison.events.models import Event, Site
from garrison.events.services.purge import steps_for
from garrison.forces.models import Assignment as Shift
from garrison.forces.models import ForceMember, Post, Unit
from garrison.ops.dispatch.ranking import rank_units
from garrison.ops.models import PositionSource, UnitStatus
from garrison.ops.tests.factories import make_incident, make_unit

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]
JSON = "application/json"

VENUE = (21.0287, 105.8525)
NEAR = (21.0300, 105.8540)  # about 200 m from the venue
BASE = (21.0600, 105.9000)  # the unit's base, 6 km away


@dataclass
class Crew:
    unit: Unit
    officer: User
    shift: Shift


@pytest.fixture
def crew(event: Event, members: dict[str, User]) -> Crew:
    """A field officer of one unit, on shift at the venue's gate from an hour ago for four."""
    venue = Site.objects.create(event=event, name="Venue", kind="venue", lat=VENUE[0], lon=VENUE[1])
    unit = make_unit(event, lat=BASE[0], lon=BASE[1])
    officer = members[Role.FIELD_OFFICER]
    Membership.objects.filter(user=officer, event=event).update(unit_id=unit.pk)
    member = ForceMember.objects.create(
        event=event, unit=unit, full_name="Lê Văn Tám", user=officer
    )
    post = Post.objects.create(event=event, name="Gate", code="G1", site=venue)
    now = timezone.now()
    shift = Shift.objects.create(
        event=event,
        post=post,
        member=member,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=3),
    )
    return Crew(unit, officer, shift)


def _url(event: Event, unit: Unit, stop: bool = False) -> str:
    name = "api:ops_unit_position_stop" if stop else "api:ops_unit_position"
    return reverse(name, kwargs={"event": event.slug, "unit_id": unit.pk})


def _share(
    client: Client, event: Event, unit: Unit, point: tuple[float, float], accuracy: Any = 12
) -> Any:
    body = {"lat": point[0], "lon": point[1], "accuracy": accuracy}
    return client.post(_url(event, unit), json.dumps(body), content_type=JSON)


def _row(unit: Unit) -> UnitStatus | None:
    return UnitStatus.objects.filter(unit=unit).first()


def test_an_officer_on_shift_shares_the_units_position(
    event: Event, crew: Crew, client_for: ClientFor
) -> None:
    response = _share(client_for(crew.officer), event, crew.unit, NEAR)

    assert response.status_code == 200, response.content
    assert response.json()["unreliable"] is False
    row = _row(crew.unit)
    assert row is not None and (row.lat, row.lon) == NEAR
    assert row.position_source == PositionSource.PHONE and row.position_accuracy_m == 12
    assert row.position_at is not None
    assert abs(timezone.now() - row.position_at) < dt.timedelta(seconds=5)
    # Telemetry: no audit entry, and no live event (every member hears those) carries it.
    assert not Entry.objects.filter(event_id=event.pk, action__startswith="ops.unit").exists()
    assert not any(
        e.payload.get("lat") == NEAR[0] for e in LiveEvent.objects.filter(event_id=event.pk)
    )


def test_after_the_shift_the_position_is_refused_as_shift_over(
    event: Event, crew: Crew, client_for: ClientFor, clock: time_machine.Traveller
) -> None:
    # Another shift tomorrow does not keep today's sharing going.
    Shift.objects.create(
        event=event,
        post=crew.shift.post,
        member=crew.shift.member,
        starts_at=crew.shift.starts_at + dt.timedelta(days=1),
        ends_at=crew.shift.ends_at + dt.timedelta(days=1),
    )
    clock.move_to(crew.shift.ends_at + dt.timedelta(minutes=1))

    response = _share(client_for(crew.officer), event, crew.unit, NEAR)

    assert response.status_code == 409
    assert response.json()["code"] == "shift_over"
    assert _row(crew.unit) is None


def test_before_the_shift_or_for_another_unit_the_position_is_refused(
    event: Event, crew: Crew, client_for: ClientFor, clock: time_machine.Traveller
) -> None:
    client = client_for(crew.officer)
    clock.move_to(crew.shift.starts_at - dt.timedelta(minutes=5))
    assert _share(client, event, crew.unit, NEAR).json()["code"] == "not_on_shift"
    clock.move_to(crew.shift.starts_at + dt.timedelta(minutes=5))
    # A member of another unit (here: the desk, who has no phone on shift) is not its crew.
    duty = client_for(User.objects.get(username=f"{Role.DUTY_OFFICER}-{event.slug}"))
    response = _share(duty, event, crew.unit, NEAR)
    assert (response.status_code, response.json()["code"]) == (409, "not_on_shift")
    assert _row(crew.unit) is None


def test_a_position_far_from_every_site_is_refused(
    event: Event, crew: Crew, client_for: ClientFor
) -> None:
    far = (21.2500, 105.8000)  # about 25 km north of the venue

    response = _share(client_for(crew.officer), event, crew.unit, far)

    assert response.status_code == 422
    assert response.json()["code"] == "far_away"
    assert _row(crew.unit) is None


@pytest.mark.parametrize("accuracy", [-1, 1e9, "wide", None])
def test_a_malformed_accuracy_is_a_clear_4xx(
    event: Event, crew: Crew, client_for: ClientFor, accuracy: Any
) -> None:
    response = _share(client_for(crew.officer), event, crew.unit, NEAR, accuracy)

    assert 400 <= response.status_code < 500
    assert _row(crew.unit) is None


def test_a_huge_accuracy_radius_is_stored_but_marked_and_not_ranked_by(
    event: Event, crew: Crew, client_for: ClientFor
) -> None:
    response = _share(client_for(crew.officer), event, crew.unit, NEAR, 800)

    assert response.status_code == 200
    assert response.json()["unreliable"] is True
    row = _row(crew.unit)
    assert row is not None and row.position_unreliable and row.position_accuracy_m == 800
    # Dispatch does not trust it: the unit is ranked from its base, 6 km off.
    incident = make_incident(event, lat=NEAR[0], lon=NEAR[1])
    ranked = next(r for r in rank_units(incident) if r.unit == crew.unit)
    assert ranked.metres is not None and ranked.metres > 5000


def test_ranking_uses_a_fresh_phone_position_and_drops_a_stale_one(
    event: Event,
    crew: Crew,
    members: dict[str, User],
    client_for: ClientFor,
    clock: time_machine.Traveller,
) -> None:
    other = make_unit(event, lat=21.0320, lon=105.8560)  # 500 m from the incident
    incident = make_incident(event, lat=NEAR[0], lon=NEAR[1])
    assert [r.unit for r in rank_units(incident)][:2] == [other, crew.unit]

    assert _share(client_for(crew.officer), event, crew.unit, NEAR).status_code == 200
    ranked = rank_units(incident)
    assert [r.unit for r in ranked][:2] == [crew.unit, other]
    assert ranked[0].whence == "field phone"
    page = client_for(members[Role.DUTY_OFFICER]).get(
        reverse("ops:incident", kwargs={"event": event.slug, "pk": incident.pk})
    )
    assert "position: field phone" in page.content.decode()

    clock.shift(dt.timedelta(minutes=11))
    ranked = rank_units(incident)
    assert [r.unit for r in ranked][:2] == [other, crew.unit]
    assert ranked[1].whence == "unit's base"


def test_only_the_desk_sees_phone_positions_and_a_stale_one_is_marked(
    event: Event,
    crew: Crew,
    members: dict[str, User],
    client_for: ClientFor,
    clock: time_machine.Traveller,
) -> None:
    assert _share(client_for(crew.officer), event, crew.unit, NEAR).status_code == 200
    board = reverse("ops:units", kwargs={"event": event.slug})
    live = reverse("ops:live", kwargs={"event": event.slug})
    desk = client_for(members[Role.DUTY_OFFICER])

    html = desk.get(board).content.decode()
    assert "field phone" in html and "0 min old" in html and "from Venue" in html
    assert 'data-testid="position-stale"' not in html
    desk_units = desk.get(live).context["data"]["units"]
    mine = next(u for u in desk_units if u["id"] == crew.unit.pk)
    assert (mine["lat"], mine["lon"], mine["position_source"]) == (*NEAR, "phone")

    for role in (Role.VIEWER, Role.PLANNER):
        client = client_for(members[role])
        html = client.get(board).content.decode()
        assert "field phone" not in html and 'data-testid="unit-position"' not in html
        units = client.get(live).context["data"]["units"]
        theirs = next(u for u in units if u["id"] == crew.unit.pk)
        assert (theirs["lat"], theirs["lon"]) == BASE and "position_source" not in theirs

    clock.shift(dt.timedelta(minutes=12))
    html = desk.get(board).content.decode()
    assert 'data-testid="position-stale"' in html and "12 min old" in html


def test_the_unit_page_offers_sharing_to_its_own_officer_only(
    event: Event, crew: Crew, members: dict[str, User], client_for: ClientFor
) -> None:
    page = reverse("ops:unit_phone", kwargs={"event": event.slug, "pk": crew.unit.pk})

    html = client_for(crew.officer).get(page).content.decode()
    assert "Share my position while on shift" in html and "On shift until" in html
    # Off until the officer turns it on.
    assert '<input type="checkbox" data-testid="share-position">' in html
    desk_html = client_for(members[Role.DUTY_OFFICER]).get(page).content.decode()
    assert "Share my position" not in desk_html


def test_stopping_removes_the_phones_position(
    event: Event, crew: Crew, client_for: ClientFor
) -> None:
    client = client_for(crew.officer)
    assert _share(client, event, crew.unit, NEAR).status_code == 200

    response = client.post(_url(event, crew.unit, stop=True), "{}", content_type=JSON)

    assert response.status_code == 200
    row = _row(crew.unit)
    assert row is not None and row.lat is None and row.position_source == ""


def test_the_purge_empties_the_units_positions(
    event: Event, crew: Crew, client_for: ClientFor
) -> None:
    assert _share(client_for(crew.officer), event, crew.unit, NEAR).status_code == 200
    steps = steps_for(["positions"])
    assert [s.key for s in steps] == ["ops.unitstatus.positions", "ops.unitstatus"]
    assert [s.pending(event.pk) for s in steps] == [1, 1]

    for step in steps:
        assert step.purge(event.pk, 100) == 1

    assert [s.pending(event.pk) for s in steps] == [0, 0]
    row = _row(crew.unit)
    assert row is not None
    assert (row.lat, row.lon, row.position_at, row.position_accuracy_m) == (None,) * 4
    assert row.position_source == "" and not row.position_unreliable
