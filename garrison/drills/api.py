"""HTTP API of drills: read a drill's state and releases, control it (controllers), and
evaluate it from a phone: timed observations and objectives' ratings (evaluators).

Members only (``user_auth``); the drill of another event is 404, a role that may not read or
control drills 403. The script's words are not here: players never read the script.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import P, PathEx, Router, Status

from garrison.accounts.access import access_event_by_slug, require_role
from garrison.accounts.api_auth import READ_ERRORS, WRITE_ERRORS, auth_user, responses, user_auth
from garrison.accounts.models import Membership
from garrison.core.errors import DomainError
from garrison.drills.access import access_drill_by_id, event_drills
from garrison.drills.evaluation import services as evaluation
from garrison.drills.models import Drill, Release
from garrison.drills.roles import READERS
from garrison.drills.running import services
from garrison.drills.schemas import (
    ControlIn,
    DrillDetailOut,
    DrillOut,
    ObservationIn,
    ObservationOut,
    RatingIn,
    RatingOut,
    ReleaseOut,
)
from garrison.events.models import Event
from garrison.events.schemas import MAX_ID, SLUG_PATTERN

router = Router(tags=["drills"], auth=user_auth)

Slug = PathEx[str, P(pattern=SLUG_PATTERN, max_length=60, description="The event's short name.")]
ObjectId = PathEx[int, P(ge=1, le=MAX_ID)]


def _reader(request: HttpRequest, slug: str) -> tuple[Event, Membership]:
    event, membership = access_event_by_slug(auth_user(request), slug)
    membership.event = event
    require_role(membership, READERS)
    return event, membership


def _detail(drill: Drill) -> DrillDetailOut:
    rows = Release.objects.filter(drill=drill).select_related("inject")
    return DrillDetailOut(
        **DrillOut.of(drill).dict(),
        releases=[ReleaseOut.of(row) for row in rows.order_by("inject__offset_seconds", "pk")],
    )


@router.get(
    "/{event}/drills",
    url_name="drills_list",
    response=responses({200: list[DrillOut]}, READ_ERRORS),
)
def list_drills(request: HttpRequest, event: Slug) -> list[DrillOut]:
    """The event's drills, newest first."""
    ev, _membership = _reader(request, event)
    return [DrillOut.of(drill) for drill in event_drills(ev)[:200]]


@router.get(
    "/{event}/drills/{drill_id}",
    url_name="drills_detail",
    response=responses({200: DrillDetailOut}, READ_ERRORS),
)
def get_drill(request: HttpRequest, event: Slug, drill_id: ObjectId) -> DrillDetailOut:
    ev, _membership = _reader(request, event)
    return _detail(access_drill_by_id(auth_user(request), ev, drill_id))


@router.post(
    "/{event}/drills/{drill_id}/control",
    url_name="drills_control",
    response=responses({200: DrillDetailOut}, WRITE_ERRORS),
)
def control_drill(
    request: HttpRequest, event: Slug, drill_id: ObjectId, payload: ControlIn
) -> DrillDetailOut:
    """Start, pause, resume or stop; ``emergency`` stops it for a real emergency."""
    ev, membership = access_event_by_slug(auth_user(request), event)
    membership.event = ev
    drill = access_drill_by_id(auth_user(request), ev, drill_id)
    actions = {
        "start": lambda: services.start_drill(membership, drill),
        "pause": lambda: services.pause_drill(membership, drill),
        "resume": lambda: services.resume_drill(membership, drill),
        "stop": lambda: services.stop_drill(membership, drill, note=payload.note),
        "emergency": lambda: services.stop_drill(
            membership, drill, emergency=True, note=payload.note
        ),
    }
    if payload.action not in actions:  # the schema refuses it first; kept for the reader
        raise DomainError("invalid_action", _("Unknown action."), field="action")
    return _detail(actions[payload.action]())


@router.post(
    "/{event}/drills/{drill_id}/observations",
    url_name="drills_observe",
    response=responses({201: ObservationOut}, WRITE_ERRORS),
)
def observe_drill(
    request: HttpRequest, event: Slug, drill_id: ObjectId, payload: ObservationIn
) -> Status[ObservationOut]:
    """An evaluator's timed observation; 409 for a drill that has not run."""
    ev, membership = access_event_by_slug(auth_user(request), event)
    membership.event = ev
    drill = access_drill_by_id(auth_user(request), ev, drill_id)
    data = evaluation.ObservationData(
        payload.text,
        payload.kind,
        payload.objective_id,
        None if payload.minute is None else float(payload.minute),
    )
    return Status(201, ObservationOut.of(evaluation.record_observation(membership, drill, data)))


@router.post(
    "/{event}/drills/{drill_id}/ratings",
    url_name="drills_rate",
    response=responses({200: RatingOut}, WRITE_ERRORS),
)
def rate_drill_objective(
    request: HttpRequest, event: Slug, drill_id: ObjectId, payload: RatingIn
) -> RatingOut:
    """Rate one objective P / S / M / U (HSEEP); a second rating replaces the first."""
    ev, membership = access_event_by_slug(auth_user(request), event)
    membership.event = ev
    drill = access_drill_by_id(auth_user(request), ev, drill_id)
    row = evaluation.rate_objective(
        membership, drill, payload.objective_id, payload.rating, payload.note
    )
    return RatingOut.of(row)
