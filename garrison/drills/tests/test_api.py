"""The drills API: a controller reads and steers a drill; a planner reads it only."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from garrison.accounts.models import User
from garrison.drills.models import DrillState
from garrison.drills.tests.factories import make_drill
from garrison.events.models import Event


def test_a_controller_pauses_a_drill_over_the_api_and_a_planner_may_only_read(
    event: Event, members: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    drill = make_drill(event)
    base = f"/api/v1/drills/{event.slug}/drills"
    planner = client_for(members["planner"])
    detail = planner.get(f"{base}/{drill.pk}").json()
    assert detail["state"] == "running" and [r["inject"] for r in detail["releases"]] == [1, 2, 3]
    refused = planner.post(f"{base}/{drill.pk}/control", {"action": "pause"}, "application/json")
    assert refused.status_code == 403
    duty = client_for(members["duty_officer"])
    paused = duty.post(f"{base}/{drill.pk}/control", {"action": "pause"}, "application/json")
    assert paused.status_code == 200 and paused.json()["state"] == DrillState.PAUSED
    again = duty.post(f"{base}/{drill.pk}/control", {"action": "pause"}, "application/json")
    assert again.status_code == 409 and again.json()["code"] == "wrong_state"
    bad = duty.post(f"{base}/{drill.pk}/control", {"action": "explode"}, "application/json")
    assert bad.status_code in (400, 422)
    assert client_for(members["viewer"]).get(base).status_code == 403


def test_an_evaluator_observes_and_rates_from_a_phone_over_the_api(
    event: Event, members: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    drill = make_drill(event)
    objective = drill.script.objectives.get()
    base = f"/api/v1/drills/{event.slug}/drills/{drill.pk}"
    planner = client_for(members["planner"])
    seen = planner.post(
        f"{base}/observations",
        {"text": "Gate 2 told at once", "kind": "strength", "objective_id": objective.pk},
        "application/json",
    )
    assert seen.status_code == 201 and seen.json()["objective"] == "O1"
    rated = planner.post(
        f"{base}/ratings", {"objective_id": objective.pk, "rating": "P"}, "application/json"
    )
    assert rated.status_code == 200 and rated.json()["rating"] == "P"
    wrong = planner.post(
        f"{base}/ratings", {"objective_id": objective.pk, "rating": "A"}, "application/json"
    )
    assert wrong.status_code in (400, 422)
    ready = make_drill(event, state=DrillState.READY)
    early = planner.post(
        f"/api/v1/drills/{event.slug}/drills/{ready.pk}/observations",
        {"text": "Too early"},
        "application/json",
    )
    assert early.status_code == 409 and early.json()["code"] == "drill_not_run"
    player = client_for(members["dispatcher"])
    refused = player.post(f"{base}/observations", {"text": "I was fast"}, "application/json")
    assert refused.status_code == 403
