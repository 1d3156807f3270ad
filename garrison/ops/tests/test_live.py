"""The live picture over the event's feed: catch-up after a reconnect, unit-scoped feeds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, Role, User
from garrison.conftest import make_event, make_member
from garrison.core.tests.sockets import drain, feed_socket, session_cookie
from garrison.events.models import Event
from garrison.ops.dispatch import services as dispatch
from garrison.ops.incidents import services
from garrison.ops.models import OpsSettings
from garrison.ops.tests.factories import incident_type, make_incident, make_unit
from garrison.ops.tips import services as tips

ClientFor = Callable[[User], Client]


def _member(user: User, event: Event) -> Membership:
    return Membership.objects.select_related("user", "event").get(user=user, event=event)


@pytest.mark.django_db(transaction=True)
def test_a_reconnecting_desk_misses_no_incident_or_unit_change() -> None:
    event = make_event()
    OpsSettings.objects.create(event=event, tips_open=True)
    wall = session_cookie(make_member(event, Role.VIEWER, username="wall"))
    duty = _member(make_member(event, Role.DISPATCHER, username="desk"), event)
    unit = make_unit(event)

    def report(text: str) -> int:
        data = services.IncidentData(
            type_id=incident_type(event, "crowd").pk,
            severity=2,
            description=text,
            location=services.Location(text="Gate 1"),
        )
        return services.create_incident(duty, data).pk

    def tip_and_dispatch(first: int) -> None:
        tips.receive_tip(event, tips.TipData(what="Fight near stall 4", where="Market"), "abc")
        dispatch.dispatch_units(duty, event.incidents.get(pk=first), [unit.pk])

    async def scenario() -> tuple[list[str], list[tuple[str, str]]]:
        first = feed_socket(wall, event)
        assert (await first.connect())[0]
        incident_id = await database_sync_to_async(report)("Crowd pushing at gate 1")
        seen = await drain(first, expect=1)
        await first.disconnect()
        # Away: a tip arrives and a unit is dispatched (three feed events).
        await database_sync_to_async(tip_and_dispatch)(incident_id)
        second = feed_socket(wall, event, last=seen[-1]["id"])
        assert (await second.connect())[0]
        caught_up = await drain(second, expect=3)
        await second.disconnect()
        return (
            [m["kind"] for m in seen],
            [(m["kind"], str(m["payload"].get("status"))) for m in caught_up],
        )

    before, after = async_to_sync(scenario)()
    assert before == ["ops.incident.created"]
    assert after == [
        ("ops.incident.created", "new"),
        ("ops.unit.status", "None"),
        ("ops.incident.updated", "dispatched"),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_unit_commanders_feed_carries_only_their_units_incidents() -> None:
    event = make_event()
    police = make_unit(event)
    team = make_unit(event, police)
    fire = make_unit(event, type="fire")
    chief = session_cookie(
        make_member(event, Role.UNIT_COMMANDER, username="chief", unit_id=police.pk)
    )
    duty = _member(make_member(event, Role.DISPATCHER, username="desk"), event)
    ours, theirs, nobodys = (make_incident(event) for _ in range(3))

    def work() -> None:
        dispatch.dispatch_units(duty, ours, [team.pk])
        dispatch.dispatch_units(duty, theirs, [fire.pk])
        dispatch.take_incident(duty, nobodys)

    async def scenario() -> list[tuple[str, Any]]:
        comm = feed_socket(chief, event)
        assert (await comm.connect())[0]
        await database_sync_to_async(work)()
        got = await drain(comm, expect=2)
        await comm.disconnect()
        return [(m["kind"], m["payload"].get("reference") or m["payload"].get("code")) for m in got]

    assert async_to_sync(scenario)() == [
        ("ops.unit.status", team.code),
        ("ops.incident.updated", ours.reference),
    ]


@pytest.mark.django_db
def test_the_live_page_holds_the_scoped_open_incidents_and_the_feed_position(
    event: Event, client_for: ClientFor
) -> None:
    police = make_unit(event)
    chief = make_member(event, Role.UNIT_COMMANDER, username="chief", unit_id=police.pk)
    ours = make_incident(event, reporting_unit=police, description="<script>x()</script>")
    other = make_incident(event)
    page = client_for(chief).get(reverse("ops:live", kwargs={"event": event.slug}))
    html = page.content.decode()
    assert page.status_code == 200 and ours.reference in html and other.reference not in html
    assert "<script>x()" not in html  # json_script escapes < inside the data block
    assert 'id="live-data"' in html and '"last":' in html
