"""The write path for the improvement plan: corrective actions, each a planning task, and the
areas for improvement carried into the next drill's script to be tested again.

A corrective action is only as good as its four clears (owner, unit, deliverable, deadline):
planning's own write path makes the task, open at once, and refuses one that lacks any of them
with its own message. The action keeps which drill, and which area for improvement, it answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.drills.evaluation.services import require_run
from garrison.drills.live_events import CORRECTIVE_ACTION_ADDED
from garrison.drills.models import (
    CorrectiveAction,
    Drill,
    DrillScript,
    Inject,
    Objective,
    Observation,
    ObservationKind,
)
from garrison.drills.roles import IMPROVEMENT_PLANNERS, SCRIPT_EDITORS
from garrison.drills.scripts import services as scripts
from garrison.planning.tasks.services import TaskData, create_task

# A task out of draft: planning's status for a task with its four clears.
OPEN = "open"


@dataclass
class CorrectiveActionData:
    title: str
    deliverable: str
    owner_id: int | None
    unit_id: int | None
    deadline: dt.datetime | None
    observation_id: int | None = None


def add_corrective_action(
    membership: Membership, drill: Drill, data: CorrectiveActionData
) -> CorrectiveAction:
    require_role(membership, IMPROVEMENT_PLANNERS)
    require_run(drill)
    observation = None
    if data.observation_id is not None:
        observation = Observation.objects.filter(pk=data.observation_id, drill=drill).first()
        if observation is None:
            raise DomainError(
                "unknown_observation",
                _("No such observation in this drill."),
                field="observation",
            )
    with transaction.atomic():
        task = create_task(
            membership,
            TaskData(
                title=data.title,
                deliverable=data.deliverable,
                owner_id=data.owner_id,
                unit_id=data.unit_id,
                deadline=data.deadline,
            ),
            status=OPEN,
        )
        action = CorrectiveAction.objects.create(
            drill=drill,
            observation=observation,
            objective_id=observation.objective_id if observation else None,
            task=task,
            created_at=timezone.now(),
            created_by=membership.user,
        )
        record(
            Actor.of_user(membership.user),
            "drills.corrective_action.added",
            action,
            event_id=drill.event_id,
            after={
                "drill": drill.pk,
                "task": task.pk,
                "observation": observation.pk if observation else None,
            },
        )
        CORRECTIVE_ACTION_ADDED.emit(
            drill.event, {"drill": drill.pk, "action": action.pk, "task": task.pk}, unit_ids=[]
        )
    return action


def retest_areas(membership: Membership, drill: Drill, script: DrillScript) -> int:
    """Copy the drill's areas for improvement into the next drill's script, to be tested again.

    Each area becomes an objective ("R1: Re-test: …"); an area noted against an objective brings
    along the scheduled injects that tested it, placed one minute apart after the script's last
    inject (each inject keeps its own minute). An area already copied is skipped, so the button
    can be pressed twice. Returns how many areas were added.
    """
    require_role(membership, SCRIPT_EDITORS)
    require_run(drill)
    if script.event_id != drill.event_id:
        raise DomainError("not_found", _("No such script in this event."), status=404)
    areas = list(
        Observation.objects.filter(drill=drill, kind=ObservationKind.IMPROVEMENT).select_related(
            "objective"
        )
    )
    if not areas:
        raise DomainError(
            "no_areas", _("This drill has no areas for improvement to re-test."), status=409
        )
    added = 0
    with transaction.atomic():
        script = DrillScript.objects.select_for_update().get(pk=script.pk)
        if scripts.script_in_use(script):
            raise DomainError(
                "script_in_use",
                _("A drill has run this script: copy it to re-test there."),
                status=409,
            )
        have = set(script.objectives.values_list("text", flat=True))
        codes = set(script.objectives.values_list("code", flat=True))
        last = script.injects.aggregate(m=Max("offset_seconds"))["m"]
        minute = 0.0 if last is None else last / 60 + 1
        for area in areas:
            text = (_("Re-test: %(text)s") % {"text": area.text})[:500]
            if text in have:
                continue
            number = 1
            while f"R{number}" in codes:
                number += 1
            objective = Objective.objects.create(script=script, code=f"R{number}", text=text)
            codes.add(objective.code)
            have.add(text)
            added += 1
            tested = (
                drill.script.injects.filter(
                    objective_id=area.objective_id, contingency_of__isnull=True
                )
                if area.objective_id is not None
                else Inject.objects.none()
            )
            for inject in tested:
                scripts.add_inject(membership, script, _inject_data(inject, objective, minute))
                minute += 1
        record(
            Actor.of_user(membership.user),
            "drills.script.retest_added",
            script,
            event_id=drill.event_id,
            after={"from_drill": drill.pk, "areas": added},
        )
    return added


def _inject_data(inject: Inject, objective: Objective, minute: float) -> scripts.InjectData:
    return scripts.InjectData(
        kind=inject.kind,
        text=inject.text,
        expected_action=inject.expected_action,
        target_minutes=inject.target_seconds / 60,
        offset_minutes=minute,
        incident_type=inject.incident_type,
        site_id=inject.site_id,
        zone_id=inject.zone_id,
        lat=inject.lat,
        lon=inject.lon,
        severity=inject.severity,
        expected_stage=inject.expected_stage,
        objective_id=objective.pk,
    )
