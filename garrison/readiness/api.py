"""HTTP API of readiness: every place's readiness, for the dashboard and the map.

Members only (devices are refused by ``user_auth``); every member reads it, as they read the
readiness page.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import P, PathEx, Router, Schema

from garrison.accounts.access import access_event_by_slug
from garrison.accounts.api_auth import READ_ERRORS, auth_user, responses, user_auth
from garrison.events.schemas import SLUG_PATTERN
from garrison.readiness.places import readiness
from garrison.readiness.resources.services import today_of

router = Router(tags=["readiness"], auth=user_auth)

Slug = PathEx[str, P(pattern=SLUG_PATTERN, max_length=60, description="The event's short name.")]


class LineOut(Schema):
    type_id: int
    type: str
    required: int
    ready: int
    lapsing: int
    missing: int
    status: str


class PlaceOut(Schema):
    place: str  # "site:3", "zone:5", "post:12"
    kind: str
    id: int
    name: str
    status: str  # green, amber or red
    shortfalls: list[str]
    lines: list[LineOut]


class ReadinessOut(Schema):
    date: str
    alert_days: int
    tally: dict[str, int]
    places: list[PlaceOut]


@router.get(
    "/{event}/places",
    url_name="readiness_places",
    response=responses({200: ReadinessOut}, READ_ERRORS),
)
def places(request: HttpRequest, event: Slug) -> ReadinessOut:
    """Each place with a minimum level: green, amber or red, and what is missing."""
    ev, _membership = access_event_by_slug(auth_user(request), event)
    today = today_of(ev)
    found = readiness.readiness_of(ev, today)
    return ReadinessOut(
        date=today.isoformat(),
        alert_days=readiness.ALERT_DAYS,
        tally=readiness.tally(found),
        places=[
            PlaceOut(
                place=place.key,
                kind=place.kind,
                id=place.id,
                name=place.name,
                status=place.status,
                shortfalls=place.shortfalls,
                lines=[
                    LineOut(
                        type_id=line.type_id,
                        type=line.type_name,
                        required=line.required,
                        ready=line.ready,
                        lapsing=line.lapsing,
                        missing=line.missing,
                        status=line.status,
                    )
                    for line in place.lines
                ],
            )
            for place in found
        ],
    )
