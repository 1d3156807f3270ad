"""HTTP API of patrols: a field officer's phone sends the plaques it scanned (from its outbox,
also long after, offline) and reads the rounds it is to walk. Members only, with their session."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import P, PathEx, Router
from pydantic import AwareDatetime, BaseModel, Field, StrictStr

from garrison.accounts.access import access_event_by_slug, require_role
from garrison.accounts.api_auth import READ_ERRORS, WRITE_ERRORS, auth_user, responses, user_auth
from garrison.accounts.models import Membership
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.events.schemas import SLUG_PATTERN
from garrison.patrols.models import Point, Round
from garrison.patrols.plaques import MAX_TEXT, plaque_text
from garrison.patrols.roles import WALKERS
from garrison.patrols.services import visits

router = Router(tags=["patrols"], auth=user_auth)

Slug = PathEx[str, P(pattern=SLUG_PATTERN, max_length=60, description="The event's short name.")]


def _member(request: HttpRequest, slug: str) -> tuple[Event, Membership]:
    event, membership = access_event_by_slug(auth_user(request), slug)
    membership.event = event
    return event, membership


class VisitIn(BaseModel):
    model_config = {"extra": "forbid"}

    id: uuid.UUID = Field(description="The scan's idempotency key, made by the phone.")
    code: Annotated[StrictStr, Field(max_length=MAX_TEXT + 10)]
    scanned_at: AwareDatetime = Field(description="When the phone scanned it (ISO 8601).")
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    accuracy_m: float | None = Field(default=None, ge=0, le=100_000)


class VisitsIn(BaseModel):
    model_config = {"extra": "forbid"}

    items: list[VisitIn] = Field(max_length=visits.MAX_BATCH)


class VisitOut(BaseModel):
    id: uuid.UUID
    status: Literal["stored", "duplicate", "rejected"]
    point: str | None = None
    flags: list[str] = Field(default_factory=list)
    code: str | None = Field(default=None, description="Why it was rejected.")
    message: str | None = None


class VisitsOut(BaseModel):
    items: list[VisitOut]


@router.post(
    "/{event}/visits",
    url_name="patrols_visits",
    response=responses({200: VisitsOut}, WRITE_ERRORS),
    summary="Upload the plaques a phone scanned on patrol",
)
def post_visits(request: HttpRequest, event: Slug, payload: VisitsIn) -> VisitsOut:
    """Each scan is stored once (its ``id``); answers per item: ``stored``, ``duplicate`` (sent
    before) or ``rejected`` with a reason (another event's plaque, a forged one, an impossible
    time). Whether a round was late is judged by ``scanned_at``, not by when this arrives."""
    _event, membership = _member(request, event)
    items = [
        visits.VisitData(item.id, item.code, item.scanned_at, item.lat, item.lon, item.accuracy_m)
        for item in payload.items
    ]
    results = visits.record_visits(membership, items)
    answers: list[VisitOut] = []
    for item, result in zip(payload.items, results, strict=True):
        if isinstance(result, DomainError):
            answers.append(
                VisitOut(
                    id=item.id, status="rejected", code=result.code, message=str(result.message)
                )
            )
        else:
            answers.append(
                VisitOut(
                    id=item.id,
                    status="duplicate" if result.repeated else "stored",
                    point=result.visit.point.name,
                    flags=list(result.visit.flags),
                )
            )
    return VisitsOut(items=answers)


class PlaqueOut(BaseModel):
    serial: int
    name: str
    code: str
    instructions: str


class RoundOut(BaseModel):
    id: int
    tour: str
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    points: list[int] = Field(description="Serials, in the order this round walks them.")


class WalkOut(BaseModel):
    plaques: list[PlaqueOut]
    rounds: list[RoundOut]


@router.get(
    "/{event}/walk",
    url_name="patrols_walk",
    response=responses({200: WalkOut}, READ_ERRORS),
    summary="What a patrol phone keeps for working offline",
)
def get_walk(request: HttpRequest, event: Slug) -> WalkOut:
    """The event's plaques (what a scan names, offline) and the rounds of the next hours."""
    found, membership = _member(request, event)
    require_role(membership, WALKERS)
    points = list(Point.objects.filter(event=found))
    serials = {point.pk: point.serial for point in points}
    now = timezone.now()
    rounds = Round.objects.filter(tour__event=found, ends_at__gte=now).select_related("tour")
    return WalkOut(
        plaques=[
            PlaqueOut(
                serial=p.serial,
                name=p.name,
                code=plaque_text(found, p.serial),
                instructions=p.instructions,
            )
            for p in points
        ],
        rounds=[
            RoundOut(
                id=r.pk,
                tour=r.tour.name,
                starts_at=r.starts_at,
                ends_at=r.ends_at,
                points=[serials[pk] for pk in r.order if pk in serials],
            )
            for r in rounds.order_by("starts_at")[:50]
        ],
    )
