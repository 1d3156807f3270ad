"""Running a drill: the controller's actions, the schedule at speed N, injects at the real desk
marked exercise and kept out of public pages and real statistics, the real-emergency stop."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import time_machine
from django.test import Client

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.conftest import NOW
from garrison.core.errors import DomainError
from garrison.core.models import LiveEvent
from garrison.drills.models import DrillState, Inject, Release, ReleaseState, StopReason
from garrison.drills.running import services
from garrison.drills.running.services.release import release_due
from garrison.drills.scripts import services as scripts
from garrison.drills.tests.factories import make_contingency, make_script
from garrison.events.models import Event
from garrison.ops.incidents import services as incidents
from garrison.ops.models import Incident, IncidentType, OpsSettings, Source
from garrison.ops.stats.queries import real_operations
from garrison.ops.tests.factories import make_incident

ClientFor = Callable[[User], Client]


def _released(drill_id: int) -> list[int]:
    return sorted(
        Release.objects.filter(drill_id=drill_id, state=ReleaseState.RELEASED).values_list(
            "inject__number", flat=True
        )
    )


def test_a_controller_starts_pauses_resumes_and_stops_a_drill_each_audited(
    as_duty: Membership, event: Event
) -> None:
    drill = services.create_drill(as_duty, make_script(event), speed=60)
    assert drill.state == DrillState.READY and drill.releases.count() == 3
    drill = services.start_drill(as_duty, drill)
    drill = services.pause_drill(as_duty, drill)
    assert not Release.objects.filter(drill=drill, due_at__isnull=False).exists()
    drill = services.resume_drill(as_duty, drill)
    drill = services.stop_drill(as_duty, drill)
    assert (drill.state, drill.stop_reason) == (DrillState.STOPPED, StopReason.ENDED)
    actions = list(
        Entry.objects.filter(action__startswith="drills.drill.").values_list("action", flat=True)
    )
    assert actions == [
        "drills.drill.created",
        "drills.drill.started",
        "drills.drill.paused",
        "drills.drill.resumed",
        "drills.drill.stopped",
    ]
    states = [e.payload["state"] for e in LiveEvent.objects.filter(kind="drills.drill.changed")]
    assert states == ["ready", "running", "paused", "running", "stopped"]
    with pytest.raises(DomainError) as caught:
        services.resume_drill(as_duty, drill)
    assert caught.value.code == "wrong_state" and caught.value.status == 409


def test_only_one_drill_runs_per_event_at_a_time(as_duty: Membership, event: Event) -> None:
    first = services.start_drill(as_duty, services.create_drill(as_duty, make_script(event)))
    second = services.create_drill(as_duty, make_script(event))
    with pytest.raises(DomainError) as caught:
        services.start_drill(as_duty, second)
    assert caught.value.code == "drill_running" and first.name in str(caught.value.message)
    services.stop_drill(as_duty, first)
    assert services.start_drill(as_duty, second).state == DrillState.RUNNING


def test_a_planner_or_viewer_cannot_control_a_drill(as_planner: Membership, event: Event) -> None:
    with pytest.raises(DomainError) as caught:
        services.create_drill(as_planner, make_script(event))
    assert caught.value.status == 403


def test_injects_are_released_on_schedule_at_speed_n_and_not_while_paused(
    as_duty: Membership, event: Event
) -> None:
    # The clock stands still here and moves only when told.
    with time_machine.travel(NOW, tick=False) as clock:
        _released_on_schedule(as_duty, event, clock)


def _released_on_schedule(as_duty: Membership, event: Event, clock: time_machine.Traveller) -> None:
    # Minutes 0, 1 and 2 of the script, at 60×: due 0 s, 1 s and 2 s after the start.
    script = make_script(event)
    drill = services.start_drill(as_duty, services.create_drill(as_duty, script, speed=60))
    assert release_due() == 1 and _released(drill.pk) == [1]
    clock.shift(0.5)
    assert release_due() == 0
    clock.shift(0.6)
    assert release_due() == 1 and _released(drill.pk) == [1, 2]
    drill = services.pause_drill(as_duty, drill)
    clock.shift(30)
    assert release_due() == 0  # paused: the drill's clock stands still
    drill = services.resume_drill(as_duty, drill)  # at drill second 66: #3 due 0.9 s later
    clock.shift(0.8)
    assert release_due() == 0
    clock.shift(0.2)
    assert release_due() == 1 and _released(drill.pk) == [1, 2, 3]
    lags = sorted(
        lag
        for lag in Release.objects.filter(drill=drill).values_list("lag_seconds", flat=True)
        if lag is not None
    )
    assert lags == pytest.approx([0.0, 0.1, 0.1])
    assert Entry.objects.filter(action="drills.inject.released").count() == 3


def test_the_tick_waits_within_its_lookahead_for_an_inject_about_to_fall_due(
    as_duty: Membership, event: Event
) -> None:
    drill = services.start_drill(
        as_duty, services.create_drill(as_duty, make_script(event), speed=60)
    )
    waits: list[float] = []
    assert release_due(lookahead=1.5, sleep=waits.append) == 2  # minute 0 now, minute 1 at 1 s
    assert len(waits) == 1 and 0 < waits[0] <= 1.0
    assert _released(drill.pk) == [1, 2]


def test_an_exercise_incident_is_on_the_desk_with_its_mark_after_every_real_one(
    as_duty: Membership, event: Event, client_for: ClientFor, members: dict[str, User]
) -> None:
    drill = services.start_drill(as_duty, services.create_drill(as_duty, make_script(event)))
    release_due()
    exercise = Release.objects.get(drill=drill, inject__number=1).incident
    assert exercise is not None and exercise.exercise and exercise.source == Source.DRILL
    real = make_incident(event, severity=4)  # least severe, yet first
    client = client_for(members["dispatcher"])
    queue = client.get(f"/e/{event.slug}/ops/queue/").content.decode()
    assert 'data-testid="exercise-mark"' in queue
    assert queue.index(real.reference) < queue.index(exercise.reference)
    listing = client.get(f"/e/{event.slug}/ops/incidents/").content.decode()
    assert listing.index(real.reference) < listing.index(exercise.reference)
    page = client.get(f"/e/{event.slug}/ops/incidents/{exercise.pk}/").content.decode()
    assert "EXERCISE" in page
    api = client.get(f"/api/v1/ops/{event.slug}/incidents").json()
    assert [row["exercise"] for row in api] == [False, True]


def test_a_drills_incidents_reach_no_public_page_feed_or_real_statistic(
    as_duty: Membership, event: Event, client_for: ClientFor, members: dict[str, User]
) -> None:
    OpsSettings.objects.create(event=event, tips_open=True)
    script = make_script(event, minutes=(0,))
    script.injects.update(kind="tip", incident_type="")
    drill = services.start_drill(as_duty, services.create_drill(as_duty, script))
    release_due()
    tip = Release.objects.get(drill=drill).incident
    assert tip is not None and tip.exercise and tip.source == Source.PUBLIC_TIP
    # The public status page does not know the drill's tip (a real one it does).
    public = Client()
    assert public.get("/tip/status/", {"ref": tip.reference}).status_code == 404
    real = make_incident(event, source=Source.PUBLIC_TIP)
    assert public.get("/tip/status/", {"ref": real.reference}).status_code == 200
    for url in (
        "/tip/",
        f"/notices/{event.slug}/",
        f"/notices/{event.slug}/feed.json",
        f"/notices/{event.slug}/feed.atom",
    ):
        response = public.get(url, {"e": event.slug})
        assert tip.reference not in response.content.decode(), url
    # Real-operations statistics count the real report only, even once both are dispatched.
    medical = IncidentType.objects.get(event=event, code="medical")
    incidents.triage_incident(as_duty, tip, medical.pk, 2)
    assert list(real_operations(Incident.objects.filter(event=event))) == [real]
    stats = client_for(members["commander"]).get(f"/e/{event.slug}/ops/stats/")
    intervals = dict(stats.context["intervals"])
    assert all(tip.reference not in str(row) for row in intervals.values())
    with_drills = client_for(members["commander"]).get(f"/e/{event.slug}/ops/stats/?drills=1")
    assert with_drills.status_code == 200


def test_a_real_emergency_stops_the_drill_with_one_action(
    as_duty: Membership, event: Event, client_for: ClientFor, members: dict[str, User]
) -> None:
    drill = services.start_drill(as_duty, services.create_drill(as_duty, make_script(event)))
    response = client_for(members["duty_officer"]).post(
        f"/e/{event.slug}/drills/{drill.pk}/control/",
        {"action": "emergency", "note": "Real fire in hall B"},
    )
    assert response.status_code == 302
    drill.refresh_from_db()
    assert (drill.state, drill.stop_reason) == (DrillState.STOPPED, StopReason.REAL_EMERGENCY)
    assert release_due() == 0 and _released(drill.pk) == []
    assert Entry.objects.filter(action="drills.drill.stopped_for_emergency").exists()
    page = client_for(members["commander"]).get(f"/e/{event.slug}/drills/").content.decode()
    assert "Stopped for a real emergency" in page


def test_a_controller_publishes_skips_and_releases_a_contingency_by_hand(
    as_duty: Membership, event: Event
) -> None:
    script = make_script(event, minutes=(5, 10))
    backup = make_contingency(script)
    drill = services.start_drill(as_duty, services.create_drill(as_duty, script))
    first, second = Release.objects.filter(drill=drill).order_by("inject__number")
    published = services.publish_now(as_duty, first)
    assert published.state == ReleaseState.RELEASED and published.by_hand
    assert published.incident is not None and published.incident.exercise
    assert services.skip(as_duty, second).state == ReleaseState.SKIPPED
    with pytest.raises(DomainError):
        services.skip(as_duty, second)
    extra = services.release_contingency(as_duty, drill, backup)
    assert extra.state == ReleaseState.RELEASED and extra.incident is not None
    with pytest.raises(DomainError) as caught:
        services.release_contingency(as_duty, drill, backup)
    assert caught.value.code == "already_released"
    with pytest.raises(DomainError):
        services.release_contingency(as_duty, drill, Inject.objects.get(pk=first.inject_id))
    assert Entry.objects.filter(action="drills.inject.skipped").count() == 1


def test_an_inject_the_desk_refuses_is_marked_failed_and_the_drill_goes_on(
    as_duty: Membership, event: Event
) -> None:
    script = make_script(event, minutes=(0, 0.01))
    IncidentType.objects.filter(event=event, code="medical").update(active=False)
    drill = services.start_drill(as_duty, services.create_drill(as_duty, script, speed=60))
    release_due()
    row = Release.objects.filter(drill=drill).order_by("inject__number").first()
    assert row is not None and row.state == ReleaseState.FAILED and "medical" in row.problem
    assert Incident.objects.filter(exercise=True).count() == 0


def test_a_prepared_drill_follows_its_script_until_it_starts(
    as_duty: Membership, as_planner: Membership, event: Event
) -> None:
    script = make_script(event, minutes=(0, 1))
    drill = services.create_drill(as_duty, script)
    first = script.injects.get(number=1)
    scripts.delete_inject(as_planner, first)
    added = scripts.add_inject(
        as_planner,
        script,
        scripts.InjectData(
            kind="incident",
            text="Smoke",
            expected_action="Send fire",
            target_minutes=4,
            offset_minutes=5,
            incident_type="fire",
            site_id=first.site_id,
        ),
    )
    drill = services.start_drill(as_duty, drill)
    injects = set(Release.objects.filter(drill=drill).values_list("inject_id", flat=True))
    assert injects == {script.injects.get(number=2).pk, added.pk}
    with pytest.raises(DomainError) as caught:
        scripts.delete_inject(as_planner, added)
    assert caught.value.code == "script_in_use"
