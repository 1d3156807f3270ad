"""Timers, missed targets told to the command once, statistics and the activity log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Membership, Role, User
from garrison.audit.models import Entry
from garrison.conftest import NOW
from garrison.core.models import LiveEvent
from garrison.events.models import Event
from garrison.ops.activity import services as activity
from garrison.ops.dispatch import services as dispatch
from garrison.ops.models import Assignment, Breach, OpsSettings, Status
from garrison.ops.stats.queries import percentile, statistics
from garrison.ops.tests.conftest import Units
from garrison.ops.tests.factories import make_incident
from garrison.ops.timers.services import check_breaches
from garrison.ops.timers.targets import Targets

ClientFor = Callable[[User], Client]


def ago(seconds: float) -> dt.datetime:
    return NOW - dt.timedelta(seconds=seconds)


def test_default_targets_follow_nfpa(event: Event) -> None:
    assert Targets.of(event) == Targets(60, 90, 80, 240)
    OpsSettings.objects.create(event=event, call_processing_seconds=45, turnout_seconds=60)
    assert Targets.of(event).call_processing == 45 and Targets.of(event).turnout == 60


def test_a_report_waiting_past_the_target_is_told_to_the_command_once(event: Event) -> None:
    late = make_incident(event, received_at=ago(61))
    make_incident(event, received_at=ago(30))  # still inside the target
    make_incident(event, received_at=ago(600), status=Status.CLOSED)  # not open any more
    found = check_breaches(event, NOW)
    assert [(b.incident_id, b.kind) for b in found] == [(late.pk, "call_processing")]
    live = LiveEvent.objects.get(kind="ops.timer.breached")
    assert live.payload["reference"] == late.reference and live.unit_ids == []
    assert Entry.objects.filter(action="ops.timer.breached").count() == 1
    assert check_breaches(event, NOW) == []
    assert LiveEvent.objects.filter(kind="ops.timer.breached").count() == 1


def test_a_dispatch_inside_the_target_is_no_breach_even_when_checked_later(
    event: Event, units: Units
) -> None:
    incident = make_incident(event, received_at=ago(300))
    Assignment.objects.create(
        incident=incident,
        unit=units.team_a,
        dispatched_at=ago(250),
        en_route_at=ago(200),
        on_scene_at=ago(100),
    )
    incident.status = Status.ON_SCENE
    incident.save()
    assert check_breaches(event, NOW) == []


def test_slow_turnout_and_travel_are_breaches_of_that_unit(event: Event, units: Units) -> None:
    incident = make_incident(event, received_at=ago(1000), status=Status.DISPATCHED)
    slow_start = Assignment.objects.create(
        incident=incident, unit=units.team_a, dispatched_at=ago(990)
    )
    slow_drive = Assignment.objects.create(
        incident=incident, unit=units.fire, dispatched_at=ago(990), en_route_at=ago(950)
    )
    kinds = {(b.assignment_id, b.kind) for b in check_breaches(event, NOW)}
    # Dispatched 10 s after the call: call processing met its target.
    assert kinds == {
        (slow_start.pk, "turnout"),
        (slow_drive.pk, "travel"),
    }
    payload = LiveEvent.objects.filter(kind="ops.timer.breached").last()
    assert payload is not None and payload.unit_ids == sorted([units.team_a.pk, units.fire.pk])


def test_the_watch_command_checks_every_event(event: Event) -> None:
    make_incident(event, received_at=timezone.now() - dt.timedelta(minutes=5))
    call_command("watch_timers", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Breach.objects.count() == 1


def test_percentiles_use_the_nearest_rank() -> None:
    values = [float(v) for v in range(1, 11)]
    assert percentile(values, 50) == 5 and percentile(values, 90) == 9
    assert percentile(values, 100) == 10 and percentile([], 90) is None
    assert percentile([7.0], 90) == 7


def test_statistics_group_each_interval_by_day_unit_and_type(event: Event, units: Units) -> None:
    for delay, unit, code in [(30, units.team_a, "fire"), (90, units.fire, "medical")]:
        incident = make_incident(event, code=code, received_at=ago(1000))
        Assignment.objects.create(
            incident=incident,
            unit=unit,
            dispatched_at=ago(1000 - delay),
            en_route_at=ago(1000 - delay - 50),
            on_scene_at=ago(1000 - delay - 50 - 200),
        )
    result = statistics(event, event.incidents.all())
    cp = result["call_processing"]
    assert sorted(cp.all.values) == [30, 90] and cp.all.met_percent == 50
    assert set(cp.by_type) == {"Fire", "Medical"}
    assert result["turnout"].by_unit[units.team_a.code].values == [50]
    assert result["travel"].all.p90 == 200 and result["travel"].all.met_percent == 100


def test_the_statistics_page_shows_the_cited_targets(
    event: Event, viewer: User, client_for: ClientFor, units: Units
) -> None:
    incident = make_incident(event, received_at=ago(100))
    Assignment.objects.create(incident=incident, unit=units.team_a, dispatched_at=ago(20))
    page = client_for(viewer).get(reverse("ops:stats", kwargs={"event": event.slug}))
    html = page.content.decode()
    assert page.status_code == 200 and "NFPA 1225" in html and "NFPA 1710" in html
    assert "1 measured · p50 80 s · p90 80 s · 0 % within target" in html


def test_the_activity_log_lists_every_step_in_time_order(
    event: Event, duty: Membership, units: Units, client_for: ClientFor
) -> None:
    incident = make_incident(event, received_at=ago(120))
    dispatch.dispatch_units(duty, incident, [units.team_a.pk])
    activity.add_note(duty, incident, "Caller says <b>two</b> people hurt")
    check_breaches(event)
    lines = activity.incident_log(incident)
    assert [line.kind for line in lines][:1] == ["status"]
    assert {line.kind for line in lines} == {"status", "unit", "note", "breach"}
    assert [line.at for line in lines] == sorted(line.at for line in lines)
    page = client_for(duty.user).get(
        reverse("ops:incident_log", kwargs={"event": event.slug, "pk": incident.pk})
    )
    html = page.content.decode()
    assert "data-print" in html and "&lt;b&gt;two&lt;/b&gt;" in html
    assert Entry.objects.filter(action="ops.incident.note_added").count() == 1


def test_an_empty_note_is_refused(
    event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    incident = make_incident(event)
    url = reverse("ops:incident_note", kwargs={"event": event.slug, "pk": incident.pk})
    response = client_for(members[Role.DUTY_OFFICER]).post(url, {"text": "  "})
    assert response.status_code == 400 and not incident.notes.exists()


def test_the_unit_log_lists_its_status_changes(
    event: Event, duty: Membership, units: Units, client_for: ClientFor
) -> None:
    dispatch.set_unit_state(duty, units.fire, "out_of_service")
    dispatch.set_unit_state(duty, units.fire, "available")
    page = client_for(duty.user).get(
        reverse("ops:unit_log", kwargs={"event": event.slug, "pk": units.fire.pk})
    )
    html = page.content.decode()
    assert "Out of service" in html and "Available" in html
