"""Evaluation: evaluators' timed observations and the P / S / M / U ratings of objectives."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import time_machine
from django.test import Client

from garrison.accounts.models import Membership, Role, User
from garrison.audit.models import Entry
from garrison.conftest import NOW
from garrison.core.errors import DomainError
from garrison.core.models import LiveEvent
from garrison.drills.evaluation import services
from garrison.drills.evaluation.services import ObservationData
from garrison.drills.models import DrillState, ObjectiveRating, Observation
from garrison.drills.tests.factories import make_drill
from garrison.events.models import Event

ClientFor = Callable[[User], Client]


def test_an_evaluator_notes_what_they_see_on_the_drills_clock(
    as_planner: Membership, event: Event
) -> None:
    with time_machine.travel(NOW, tick=False) as clock:
        drill = make_drill(event, speed=60)
        objective = drill.script.objectives.get()
        clock.shift(10)  # ten real seconds at 60×: minute 10 of the script
        seen = services.record_observation(
            as_planner,
            drill,
            ObservationData(
                "Dispatcher asked the caller for the exact gate", "strength", objective.pk
            ),
        )
    assert seen.drill_seconds == 600
    later = services.record_observation(
        as_planner, drill, ObservationData("Radio silence on channel 2", "improvement", minute=4)
    )
    assert later.drill_seconds == 240 and later.objective is None
    entry = Entry.objects.get(action="drills.observation.recorded", object_id=str(seen.pk))
    # Ids, kinds, codes and minutes: the evaluator's words stay out of the audit log.
    assert entry.after == {
        "drill": drill.pk,
        "kind": "strength",
        "objective": "O1",
        "drill_seconds": 600,
    }
    assert "gate" not in str(entry.after) + str(entry.before)
    kinds = LiveEvent.objects.filter(kind="drills.observation.recorded").count()
    assert kinds == 2


def test_a_stopped_drill_takes_observations_without_a_clock(
    as_duty: Membership, event: Event
) -> None:
    drill = make_drill(event, state=DrillState.STOPPED)
    row = services.record_observation(as_duty, drill, ObservationData("Debrief: late handover"))
    assert row.drill_seconds is None and row.kind == "note"


def test_a_second_rating_replaces_the_first_and_both_are_audited(
    as_commander: Membership, as_duty: Membership, event: Event
) -> None:
    drill = make_drill(event)
    objective = drill.script.objectives.get()
    services.rate_objective(as_duty, drill, objective.pk, "M", "Dispatch took 6 minutes")
    services.rate_objective(as_commander, drill, objective.pk, "S")
    row = ObjectiveRating.objects.get(drill=drill)
    assert (row.rating, row.note, row.rated_by_id) == ("S", "", as_commander.user_id)
    entries = Entry.objects.filter(action="drills.objective.rated").order_by("pk")
    assert [(e.before, (e.after or {})["rating"]) for e in entries] == [
        ({}, "M"),
        ({"rating": "M"}, "S"),
    ]


def test_bad_ratings_and_observations_are_refused_each_with_its_reason(
    as_planner: Membership, event: Event, other_event: Event
) -> None:
    drill = make_drill(event)
    objective = drill.script.objectives.get()
    foreign = make_drill(other_event).script.objectives.get()
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: services.rate_objective(as_planner, drill, objective.pk, "X"), "invalid_rating"),
        (lambda: services.rate_objective(as_planner, drill, foreign.pk, "P"), "unknown_objective"),
        (
            lambda: services.record_observation(as_planner, drill, ObservationData("  ")),
            "required",
        ),
        (
            lambda: services.record_observation(as_planner, drill, ObservationData("x", "rumour")),
            "invalid_kind",
        ),
        (
            lambda: services.record_observation(as_planner, drill, ObservationData("x", minute=-1)),
            "invalid_minute",
        ),
    ]
    for call, code in cases:
        with pytest.raises(DomainError) as caught:
            call()
        assert caught.value.code == code
    assert not Observation.objects.exists() and not ObjectiveRating.objects.exists()


def test_an_evaluation_of_a_drill_that_has_not_run_is_refused(
    as_planner: Membership, event: Event, client_for: ClientFor, planner: User
) -> None:
    drill = make_drill(event, state=DrillState.READY)
    with pytest.raises(DomainError) as caught:
        services.record_observation(as_planner, drill, ObservationData("Too early"))
    assert (caught.value.code, caught.value.status) == ("drill_not_run", 409)
    client = client_for(planner)
    base = f"/e/{event.slug}/drills/{drill.pk}"
    page = client.post(f"{base}/observations/", {"text": "Too early", "kind": "note"})
    assert page.status_code == 409
    assert "has not run yet" in page.content.decode()
    objective = drill.script.objectives.get()
    rated = client.post(f"{base}/objectives/{objective.pk}/rate/", {"rating": "P"})
    assert rated.status_code == 409 and not ObjectiveRating.objects.exists()


def test_players_do_not_evaluate_themselves(
    members: dict[str, User], event: Event, membership_of: Callable[[User, Event], Membership]
) -> None:
    drill = make_drill(event)
    dispatcher = membership_of(members[Role.DISPATCHER], event)
    with pytest.raises(DomainError) as caught:
        services.record_observation(dispatcher, drill, ObservationData("I was fast"))
    assert caught.value.status == 403


def test_the_phone_page_records_an_observation_and_a_rating(
    event: Event, client_for: ClientFor, members: dict[str, User]
) -> None:
    drill = make_drill(event)
    objective = drill.script.objectives.get()
    client = client_for(members[Role.DUTY_OFFICER])
    base = f"/e/{event.slug}/drills/{drill.pk}"
    done = client.post(
        f"{base}/observations/",
        {"text": "Gate 2 opened a second lane", "kind": "strength", "objective": objective.pk},
    )
    assert done.status_code == 302
    client.post(f"{base}/objectives/{objective.pk}/rate/", {"rating": "P", "note": "On time"})
    page = client.get(f"{base}/evaluate/").content.decode()
    assert "Gate 2 opened a second lane" in page and 'rating-P">P<' in page
    assert 'aria-pressed="true"' in page
