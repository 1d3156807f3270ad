"""The write path for the improvement plan: corrective actions, each a planning task.

A corrective action is only as good as its four clears (owner, unit, deliverable, deadline):
planning's own write path makes the task, open at once, and refuses one that lacks any of them
with its own message. The action keeps which drill, and which area for improvement, it answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.drills.evaluation.services import require_run
from garrison.drills.live_events import CORRECTIVE_ACTION_ADDED
from garrison.drills.models import CorrectiveAction, Drill, Observation
from garrison.drills.roles import IMPROVEMENT_PLANNERS
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
