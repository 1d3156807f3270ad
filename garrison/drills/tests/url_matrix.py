"""Matrix rows for drills: the script is the exercise's secret (planners write it, controllers
run it, nobody else reads either)."""

from __future__ import annotations

from typing import Any

from garrison.core.testing import JSON, JsonBody, Route
from garrison.drills.models import Drill, Release, ScriptImport
from garrison.drills.roles import (
    CONTROLLERS,
    EVALUATORS,
    IMPROVEMENT_PLANNERS,
    READERS,
    SCRIPT_EDITORS,
)
from garrison.drills.tests.factories import make_contingency, make_drill, make_script
from garrison.events.models import Event

EDITORS = frozenset(SCRIPT_EDITORS)
RUNNERS = frozenset(CONTROLLERS)
READ = frozenset(READERS)
EVALUATE = frozenset(EVALUATORS)
IMPROVE = frozenset(IMPROVEMENT_PLANNERS)


def script_kwargs(event: Event) -> dict[str, Any]:
    return {"pk": make_script(event).pk}


def inject_kwargs(event: Event) -> dict[str, Any]:
    return {"pk": make_script(event).injects.first().pk}  # type: ignore[union-attr]


def import_kwargs(event: Event) -> dict[str, Any]:
    script = make_script(event)
    batch = ScriptImport.objects.create(
        script=script, created_at=script.created_at, filename="x.csv"
    )
    return {"pk": batch.pk}


def _running(event: Event) -> Drill:
    """The event's running drill: one at a time per event, so the rows share it (the phone-width
    test builds every row's objects in one event)."""
    running = Drill.objects.filter(event=event, state__in=["running", "paused"]).first()
    return running or make_drill(event)


def drill_kwargs(event: Event) -> dict[str, Any]:
    return {"pk": _running(event).pk}


def release_kwargs(event: Event) -> dict[str, Any]:
    drill = _running(event)
    row = Release.objects.filter(drill=drill).first()
    return {"pk": drill.pk, "release_id": row.pk}  # type: ignore[union-attr]


def contingency_kwargs(event: Event) -> dict[str, Any]:
    drill = _running(event)
    return {"pk": drill.pk, "inject_id": make_contingency(drill.script).pk}


def objective_kwargs(event: Event) -> dict[str, Any]:
    drill = _running(event)
    return {"pk": drill.pk, "objective_id": drill.script.objectives.first().pk}  # type: ignore[union-attr]


def api_drill_kwargs(event: Event) -> dict[str, Any]:
    return {"drill_id": _running(event).pk}


def _api(name: str, roles: frozenset[str], **extra: Any) -> Route:
    return Route(f"api:{name}", roles=roles, anonymous="401", **extra)


ROUTES: list[Route] = [
    _api("drills_list", READ),
    _api("drills_detail", READ, kwargs=api_drill_kwargs),
    _api(
        "drills_control",
        RUNNERS,
        kwargs=api_drill_kwargs,
        method="POST",
        data=JsonBody(action="pause"),
        content_type=JSON,
    ),
    _api(
        "drills_observe",
        EVALUATE,
        kwargs=api_drill_kwargs,
        method="POST",
        data=JsonBody(text="Gate 2 opened a second lane", kind="strength"),
        content_type=JSON,
    ),
    _api(
        "drills_rate",
        EVALUATE,
        kwargs=api_drill_kwargs,
        method="POST",
        data=JsonBody(objective_id=1, rating="S"),
        content_type=JSON,
    ),
    Route("drills:index", roles=READ),
    Route("drills:compare", roles=READ),
    Route(
        "drills:retest",
        roles=EDITORS,
        method="POST",
        data={"drill": "x", "script": "y"},
    ),
    Route("drills:script_create", roles=EDITORS),
    Route("drills:script", roles=READ, kwargs=script_kwargs),
    Route("drills:script_edit", roles=EDITORS, kwargs=script_kwargs),
    Route("drills:script_copy", roles=EDITORS, kwargs=script_kwargs, method="POST"),
    Route("drills:inject_create", roles=EDITORS, kwargs=script_kwargs),
    Route("drills:script_import", roles=EDITORS, kwargs=script_kwargs),
    Route(
        "drills:drill_create",
        roles=RUNNERS,
        kwargs=script_kwargs,
        method="POST",
        data={"speed": "60"},
    ),
    Route("drills:inject_edit", roles=EDITORS, kwargs=inject_kwargs),
    Route("drills:inject_delete", roles=EDITORS, kwargs=inject_kwargs),
    Route("drills:import_preview", roles=EDITORS, kwargs=import_kwargs),
    Route("drills:drill", roles=READ, kwargs=drill_kwargs),
    Route(
        "drills:drill_control",
        roles=RUNNERS,
        kwargs=drill_kwargs,
        method="POST",
        data={"action": "pause"},
    ),
    Route(
        "drills:release_action",
        roles=RUNNERS,
        kwargs=release_kwargs,
        method="POST",
        data={"action": "skip"},
    ),
    Route(
        "drills:contingency_release",
        roles=RUNNERS,
        kwargs=contingency_kwargs,
        method="POST",
    ),
    Route("drills:report", roles=READ, kwargs=drill_kwargs),
    Route("drills:report_pdf", roles=READ, kwargs=drill_kwargs),
    Route(
        "drills:corrective_action_add",
        roles=IMPROVE,
        kwargs=drill_kwargs,
        method="POST",
        data={"title": "Brief the gate teams"},
    ),
    Route("drills:evaluate", roles=EVALUATE, kwargs=drill_kwargs),
    Route(
        "drills:observation_add",
        roles=EVALUATE,
        kwargs=drill_kwargs,
        method="POST",
        data={"text": "The desk triaged the bag at once", "kind": "strength"},
    ),
    Route(
        "drills:objective_rate",
        roles=EVALUATE,
        kwargs=objective_kwargs,
        method="POST",
        data={"rating": "S"},
    ),
]
