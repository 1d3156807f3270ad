"""The desk's lists update themselves: each page carries the live hooks (the feed's starting id,
the kinds it follows, the panel it re-fetches, the open count for the tab's title, the sound
switch), and the script that uses them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Role, User
from garrison.core.models import LiveEvent
from garrison.events.models import Event
from garrison.ops.models import Status
from garrison.ops.tests.factories import make_incident

SCRIPT = Path(__file__).resolve().parents[1] / "static" / "ops" / "desk_live.js"


def _page(client: Client, name: str, event: Event) -> str:
    response = client.get(reverse(name, kwargs={"event": event.slug}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_queue_follows_the_feed_and_puts_its_open_count_in_the_title(
    event: Event, members: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    make_incident(event, severity=1)
    make_incident(event, severity=3, status=Status.TRIAGED)
    make_incident(event, status=Status.DISPATCHED)  # at work: not waiting in the queue
    last = LiveEvent.objects.create(event=event, kind="ops.incident.created", payload={})
    page = _page(client_for(members[Role.DUTY_OFFICER]), "ops:queue", event)
    assert "<title>(2) Triage queue · Garrison</title>" in page
    assert f'data-live-last="{last.pk}"' in page
    assert 'data-live-kinds="ops.incident. ops.unit. ops.timer."' in page
    assert '<div id="desk-panel" data-open-count="2">' in page
    assert 'data-sound-toggle data-testid="sound-toggle" aria-pressed="false"' in page
    assert "/static/ops/desk_live.js" in page


def test_an_empty_queue_has_no_count_in_its_title(
    event: Event, members: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    page = _page(client_for(members[Role.DISPATCHER]), "ops:queue", event)
    assert "<title>Triage queue · Garrison</title>" in page
    assert 'data-open-count="0"' in page


def test_the_incident_list_and_the_unit_board_follow_the_feed_too(
    event: Event, members: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    make_incident(event, severity=2, status=Status.ON_SCENE)
    make_incident(event, status=Status.CLOSED)
    client = client_for(members[Role.COMMANDER])
    incidents = _page(client, "ops:incidents", event)
    assert "<title>(1) Incidents · Garrison</title>" in incidents
    assert 'data-live-kinds="ops.incident. ops.timer."' in incidents
    assert '<div id="desk-panel" data-open-count="1">' in incidents
    units = _page(client, "ops:units", event)
    assert 'data-live-kinds="ops.unit. ops.incident."' in units
    assert '<div id="desk-panel">' in units and "/static/ops/desk_live.js" in units


def test_the_script_refetches_the_panel_alerts_on_severe_reports_and_keeps_sound_off() -> None:
    script = SCRIPT.read_text()
    assert 'select: "#desk-panel"' in script  # a fragment fetched again, no DOM built by hand
    assert 'event.kind === "ops.incident.created"' in script and "p.severity <= 2" in script
    assert 'localStorage.getItem(SOUND_KEY) === "on"' in script  # off unless turned on
    assert "document.title" in script
