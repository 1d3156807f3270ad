"""HTTP API of the command: the roll-up of an event's sub-events, and one event's own state.

Members only (devices are refused by ``user_auth``). Both are reads for the command staff
(``READERS``): the event's own, or a parent event's reading down the tree with the role held
there (``reading_role``); a sibling, like any other outsider, gets 404. They answer what the
roll-up page shows: the phase now, open incidents by severity, overdue tasks, today's scans and
the people inside.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import P, PathEx, Router, Schema

from garrison.accounts.access import access_event_by_slug, require_read_role
from garrison.accounts.api_auth import READ_ERRORS, auth_user, responses, user_auth
from garrison.command.roles import READERS
from garrison.command.rollup import SubEventRow, rollup, state_of
from garrison.events.models import Event
from garrison.events.schemas import SLUG_PATTERN

router = Router(tags=["command"], auth=user_auth)

Slug = PathEx[str, P(pattern=SLUG_PATTERN, max_length=60, description="The event's short name.")]


class StateOut(Schema):
    event: str  # the event's short name
    name: str
    phase: str  # the phase under way, "" between phases
    incidents_open: int
    incidents_by_severity: list[int]  # open ones per severity, most severe first
    overdue_tasks: int
    scans_today: int
    inside: int

    @classmethod
    def of(cls, row: SubEventRow) -> StateOut:
        return cls(
            event=row.event.slug,
            name=row.event.name,
            phase=row.phase,
            incidents_open=row.incidents_open,
            incidents_by_severity=row.by_severity(),
            overdue_tasks=row.overdue_tasks,
            scans_today=row.scans_today,
            inside=row.inside,
        )


def _reader(request: HttpRequest, slug: str) -> Event:
    event, membership = access_event_by_slug(auth_user(request), slug)
    require_read_role(membership, READERS)
    return event


@router.get(
    "/{event}/rollup",
    url_name="command_rollup",
    response=responses({200: list[StateOut]}, READ_ERRORS),
)
def get_rollup(request: HttpRequest, event: Slug) -> list[StateOut]:
    """The event's direct sub-events, each with its figures (none for an event without any)."""
    return [StateOut.of(row) for row in rollup(_reader(request, event))]


@router.get(
    "/{event}/state", url_name="command_state", response=responses({200: StateOut}, READ_ERRORS)
)
def get_state(request: HttpRequest, event: Slug) -> StateOut:
    """The event's own figures, as its parent's roll-up shows them."""
    return StateOut.of(state_of(_reader(request, event)))
