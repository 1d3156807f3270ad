"""The write path for closures: planned along a movement's route, drawn by hand, removed.

Detours are refreshed for the whole event after every change (``detours``), so a detour never
leads into another closure.

Write path: authorise → validate → compute (reads) → store → refresh detours → audit → emit.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core import validate
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.traffic.closures.detours import detour, forward_arcs
from garrison.traffic.closures.stretches import (
    arcs_of,
    both_directions,
    line_of,
    movement_stretches,
    segments_of,
    street_of,
)
from garrison.traffic.live_events import CLOSURE_DRAWN, CLOSURE_REMOVED, CLOSURES_PLANNED
from garrison.traffic.models import Closure, ClosureSource, Movement
from garrison.traffic.roles import PLANNERS
from garrison.traffic.routing.router import LatLon, network_for, router_for


def refresh_detours(event: Event) -> int:
    """Recompute every closure's detours against the closures overlapping its window."""
    closures = list(Closure.objects.filter(event=event).select_related("network"))
    by_network: dict[int, list[Closure]] = {}
    for closure in closures:
        by_network.setdefault(closure.network_id, []).append(closure)
    for group in by_network.values():
        router = router_for(group[0].network)
        arcs = {c.pk: arcs_of(router, c.segments) for c in group}
        for closure in group:
            closed: set[int] = set()
            for other in group:
                if other.starts_at < closure.ends_at and closure.starts_at < other.ends_at:
                    closed.update(arcs[other.pk])
            forward = forward_arcs(router, closure)
            routes = [{"direction": "along", **detour(router, forward, closed)}]
            index = router.graph.arc_index()
            backward: list[int] = []
            for way, a, b in reversed(segments_of(router, forward)):
                back = index.get((way, b, a))
                if back is None:
                    break  # one-way somewhere along it: nobody drives it the other way
                backward.append(back)
            else:
                routes.append({"direction": "against", **detour(router, backward, closed)})
            closure.detours = routes
            closure.save(update_fields=["detours"])
    return len(closures)


def closure_summary(closure: Closure) -> dict[str, Any]:
    return {
        "street": closure.street,
        "reason": closure.reason,
        "source": closure.source,
        "movement": closure.movement_id,
        "starts_at": closure.starts_at,
        "ends_at": closure.ends_at,
        "segments": len(closure.segments),
    }


def close_along_route(
    membership: Membership,
    movement: Movement,
    *,
    route_index: int = 0,
    lead_minutes: int = 5,
    clear_minutes: int = 2,
    reason: str = "",
) -> list[Closure]:
    """Replace the movement's closures with one per street stretch of the chosen route."""
    require_role(membership, PLANNERS)
    if movement.event_id != membership.event_id:
        raise DomainError("not_found", _("Not found."), status=404)
    reason = validate.text(reason, "reason", max_length=300, required=False, one_line=True)
    network, router, found = movement_stretches(movement, route_index, lead_minutes, clear_minutes)
    if not found:
        raise DomainError("empty_route", _("The route has no road segments to close."))
    event = membership.event
    with transaction.atomic():
        Movement.objects.select_for_update().filter(pk=movement.pk).first()
        before = [closure_summary(c) for c in movement.closures.all()]
        movement.closures.all().delete()
        created = Closure.objects.bulk_create(
            Closure(
                event=event,
                network=network,
                movement=movement,
                source=ClosureSource.MOVEMENT,
                street=stretch.street[:300],
                reason=reason or movement.name[:300],
                segments=segments_of(router, stretch.closed_arcs(router)),
                line=line_of(router, stretch.arcs),
                starts_at=stretch.starts_at,
                ends_at=stretch.ends_at,
                created_by=membership.user,
            )
            for stretch in found
        )
        refresh_detours(event)
        record(
            Actor.of_user(membership.user),
            "traffic.closures.planned",
            movement,
            event_id=event.pk,
            before={"closures": before},
            after={
                "route": route_index,
                "lead_minutes": lead_minutes,
                "clear_minutes": clear_minutes,
                "closures": [closure_summary(c) for c in created],
            },
        )
        CLOSURES_PLANNED.emit(
            event,
            {"movement": movement.pk, "count": len(created)},
        )
    return created


def draw_closure(
    membership: Membership,
    points: Sequence[LatLon],
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    reason: str,
) -> Closure:
    """A closure drawn on the map: the roads between consecutive clicked points."""
    require_role(membership, PLANNERS)
    reason = validate.text(reason, "reason", max_length=300, one_line=True)
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise DomainError("naive_time", _("Times must carry a time zone."), field="starts_at")
    if ends_at <= starts_at:
        raise DomainError(
            "window_order", _("The closure must end after it starts."), field="ends_at"
        )
    if ends_at - starts_at > dt.timedelta(days=7):
        raise DomainError("too_long", _("A closure lasts at most 7 days."), field="ends_at")
    event = membership.event
    network = network_for(event, points[0], *points[1:])
    router = router_for(network)
    arcs: list[int] = []
    for a, b in itertools.pairwise(points):
        source, _m = router.snap(a)
        target, _m = router.snap(b)
        leg = router.fastest(source, target)
        if not leg.reachable:
            raise DomainError("no_route", _("No road joins these points."), field="points")
        arcs.extend(leg.arcs)
    if not arcs:
        raise DomainError("bad_points", _("The points lie on the same spot."), field="points")
    streets: list[str] = []
    for arc in arcs:
        street = street_of(router, arc)
        if street and street not in streets:
            streets.append(street)
    with transaction.atomic():
        closure = Closure.objects.create(
            event=event,
            network=network,
            source=ClosureSource.HAND,
            street=", ".join(streets)[:300],
            reason=reason,
            segments=segments_of(router, both_directions(router, arcs)),
            line=line_of(router, arcs),
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=membership.user,
        )
        refresh_detours(event)
        record(
            Actor.of_user(membership.user),
            "traffic.closure.drawn",
            closure,
            event_id=event.pk,
            after=closure_summary(closure),
        )
        CLOSURE_DRAWN.emit(event, {"id": closure.pk})
    return closure


def remove_closure(membership: Membership, closure: Closure) -> None:
    require_role(membership, PLANNERS)
    if closure.event_id != membership.event_id:
        raise DomainError("not_found", _("Not found."), status=404)
    event = membership.event
    with transaction.atomic():
        before = closure_summary(closure)
        pk = closure.pk
        record(
            Actor.of_user(membership.user),
            "traffic.closure.removed",
            closure,
            event_id=event.pk,
            before=before,
        )
        closure.delete()
        refresh_detours(event)
        CLOSURE_REMOVED.emit(event, {"id": pk})
