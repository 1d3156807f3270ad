"""The write path for evaluation: evaluators' timed observations and the objectives' ratings.

Evaluators (roles.EVALUATORS) note what they see while the drill runs and after it ends, and
rate each objective of the script P / S / M / U, as HSEEP's exercise evaluation guides do. A
drill that has not started has nothing to evaluate: refused with a 409 and its reason.

Every function: authorise → validate → change → audit (same transaction) → emit after commit.
The audit keeps ids, kinds, codes and minutes, never the evaluator's words: notes about how a
team worked may name people, and the audit log must never carry personal data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.core.validate import text as clean_text
from garrison.drills.live_events import OBJECTIVE_RATED, OBSERVATION_RECORDED
from garrison.drills.models import (
    LIVE_STATES,
    Drill,
    DrillState,
    Objective,
    ObjectiveRating,
    Observation,
    ObservationKind,
    Rating,
)
from garrison.drills.roles import EVALUATORS
from garrison.drills.running.services import drill_seconds

MAX_MINUTE = 24 * 60


def require_run(drill: Drill) -> None:
    """Evaluation, reports and fixes need a drill that has run (or runs now)."""
    if drill.state == DrillState.READY or drill.started_at is None:
        raise DomainError(
            "drill_not_run",
            _("This drill has not run yet: there is nothing to evaluate. Start it first."),
            status=409,
        )


def _objective(drill: Drill, objective_id: int | None) -> Objective | None:
    if objective_id is None:
        return None
    found = Objective.objects.filter(pk=objective_id, script_id=drill.script_id).first()
    if found is None:
        raise DomainError(
            "unknown_objective", _("No such objective in this drill's script."), field="objective"
        )
    return found


@dataclass
class ObservationData:
    text: str
    kind: str = ObservationKind.NOTE
    objective_id: int | None = None
    # The drill's minute it refers to; None: now, on the drill's clock (none after the drill).
    minute: float | None = None


def record_observation(membership: Membership, drill: Drill, data: ObservationData) -> Observation:
    require_role(membership, EVALUATORS)
    require_run(drill)
    if data.kind not in ObservationKind.values:
        raise DomainError("invalid_kind", _("Unknown kind of observation."), field="kind")
    text = clean_text(data.text, "text", max_length=2000)
    objective = _objective(drill, data.objective_id)
    if data.minute is not None:
        if not math.isfinite(data.minute) or not 0 <= data.minute <= MAX_MINUTE:
            raise DomainError(
                "invalid_minute",
                _("The minute goes from 0 to %(n)d.") % {"n": MAX_MINUTE},
                field="minute",
            )
        seconds: float | None = data.minute * 60
    else:
        seconds = drill_seconds(drill) if drill.state in LIVE_STATES else None
    with transaction.atomic():
        row = Observation.objects.create(
            drill=drill,
            objective=objective,
            kind=data.kind,
            text=text,
            at=timezone.now(),
            drill_seconds=seconds,
            author=membership.user,
        )
        record(
            Actor.of_user(membership.user),
            "drills.observation.recorded",
            row,
            event_id=drill.event_id,
            after={
                "drill": drill.pk,
                "kind": row.kind,
                "objective": objective.code if objective else None,
                "drill_seconds": None if seconds is None else round(seconds),
            },
        )
        OBSERVATION_RECORDED.emit(
            drill.event, {"drill": drill.pk, "observation": row.pk, "kind": row.kind}, unit_ids=[]
        )
    return row


def rate_objective(
    membership: Membership, drill: Drill, objective_id: int, rating: str, note: str = ""
) -> ObjectiveRating:
    """Set the objective's rating in this drill; a second rating replaces the first, audited."""
    require_role(membership, EVALUATORS)
    require_run(drill)
    objective = _objective(drill, objective_id)
    assert objective is not None  # noqa: S101 - an id was given, so it was found or refused
    if rating not in Rating.values:
        raise DomainError("invalid_rating", _("Rate with P, S, M or U."), field="rating")
    note = clean_text(note, "note", max_length=500, required=False, one_line=True)
    with transaction.atomic():
        row = (
            ObjectiveRating.objects.select_for_update()
            .filter(drill=drill, objective=objective)
            .first()
        )
        before = {"rating": row.rating} if row is not None else {}
        if row is None:
            row = ObjectiveRating(drill=drill, objective=objective)
        row.rating, row.note = rating, note
        row.rated_at, row.rated_by = timezone.now(), membership.user
        row.save()
        record(
            Actor.of_user(membership.user),
            "drills.objective.rated",
            row,
            event_id=drill.event_id,
            before=before,
            after={"drill": drill.pk, "objective": objective.code, "rating": rating},
        )
        OBJECTIVE_RATED.emit(
            drill.event,
            {"drill": drill.pk, "objective": objective.pk, "rating": rating},
            unit_ids=[],
        )
    return row
