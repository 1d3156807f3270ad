"""Injects going into the real desk: on schedule (the tick) or by a controller's hand.

An inject enters through ops' own services, as the controller's report (an incident, of source
"drill") or as a resident's tip, with the exercise mark; from then on the desk works it like any
other. The tick runs on the task queue's schedule (apps.py), whose workers look once a second:
to keep the release lag well under a second at any speed it also waits, within its tick, for
the injects due before the next one, and releases each at its time.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.drills.live_events import INJECT_RELEASED
from garrison.drills.models import Drill, DrillState, Inject, InjectKind, Release, ReleaseState
from garrison.ops.incidents import services as incidents
from garrison.ops.models import Incident, IncidentType, Source
from garrison.ops.tips import services as tips

log = logging.getLogger(__name__)

TICK_SECONDS = 0.5  # asked of the queue's schedule; its workers look every second
LOOKAHEAD_SECONDS = 0.95  # a tick waits for what falls due before the next look
DRILL_ACTOR = Actor(label="system:drills")


def enter_desk(membership: Membership, inject: Inject) -> Incident:
    """Put ``inject`` into the desk as ``membership`` would report it, marked exercise."""
    point = None
    if inject.lat is not None and inject.lon is not None:
        point = (inject.lat, inject.lon)
    site = inject.zone.site if inject.zone is not None else inject.site
    if inject.kind == InjectKind.TIP:
        if point is None and site is not None:
            point = (site.lat, site.lon)
        return tips.receive_exercise_tip(
            membership,
            tips.TipData(
                what=inject.text,
                where=site.name if site is not None else "",
                lat=point[0] if point else None,
                lon=point[1] if point else None,
                type_code=inject.incident_type,
            ),
        )
    kind = IncidentType.objects.filter(
        event_id=membership.event_id, code=inject.incident_type, active=True
    ).first()
    if kind is None:
        raise DomainError(
            "unknown_type",
            _("The desk has no incident type “%(code)s”.") % {"code": inject.incident_type},
        )
    return incidents.create_incident(
        membership,
        incidents.IncidentData(
            type_id=kind.pk,
            severity=inject.severity,
            description=inject.text,
            source=Source.DRILL,
            location=incidents.Location(
                lat=point[0] if point else None,
                lon=point[1] if point else None,
                site_id=site.pk if site is not None else None,
                zone_id=inject.zone_id,
            ),
            exercise=True,
        ),
    )


def controller_membership(drill: Drill) -> Membership | None:
    if drill.controller_id is None:
        return None
    return (
        Membership.objects.filter(event_id=drill.event_id, user_id=drill.controller_id)
        .select_related("user", "event")
        .first()
    )


def release(
    release_id: int, *, membership: Membership | None = None, by_hand: bool = False
) -> Release:
    """Release one waiting inject now; on the desk's refusal the release is marked failed with
    the desk's reason (the drill goes on). ``membership``: the controller's hand, else the
    drill's controller (the tick)."""
    with transaction.atomic():
        row = (
            Release.objects.select_for_update(of=("self",))
            .select_related("drill", "inject", "inject__site", "inject__zone__site")
            .get(pk=release_id)
        )
        drill = row.drill
        if row.state != ReleaseState.PENDING:
            return row  # released, skipped or failed already: a second look does nothing
        if not by_hand and drill.state != DrillState.RUNNING:
            return row
        acting = membership or controller_membership(drill)
        now = timezone.now()
        row.released_at, row.by_hand = now, by_hand
        row.user = acting.user if acting is not None else None
        if not by_hand and row.due_at is not None:
            row.lag_seconds = max(0.0, (now - row.due_at).total_seconds())
        try:
            if acting is None:
                raise DomainError("no_controller", _("The drill's controller has left the event."))
            with transaction.atomic():
                row.incident = enter_desk(acting, row.inject)
            row.state = ReleaseState.RELEASED
        except DomainError as error:
            row.state, row.problem = ReleaseState.FAILED, str(error.message)[:300]
        row.save()
        record(
            Actor.of_user(acting.user) if by_hand and acting is not None else DRILL_ACTOR,
            "drills.inject.released"
            if row.state == ReleaseState.RELEASED
            else "drills.inject.failed",
            row,
            event_id=drill.event_id,
            after={
                "drill": drill.pk,
                "inject": row.inject.number,
                "incident": row.incident_id,
                "by_hand": by_hand,
                "lag_seconds": row.lag_seconds,
            },
        )
        INJECT_RELEASED.emit(
            drill.event,
            {
                "drill": drill.pk,
                "inject": row.inject_id,
                "state": row.state,
                "incident": row.incident_id,
            },
            unit_ids=[],
        )
    return row


def due_releases(horizon: dt.datetime) -> list[tuple[int, dt.datetime]]:
    rows = (
        Release.objects.filter(
            state=ReleaseState.PENDING, drill__state=DrillState.RUNNING, due_at__lte=horizon
        )
        .order_by("due_at", "pk")
        .values_list("pk", "due_at")
    )
    return [(pk, due) for pk, due in rows if due is not None]


def release_due(
    now: dt.datetime | None = None,
    *,
    lookahead: float = 0.0,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Release every inject of a running drill due by ``now`` (+ ``lookahead`` seconds, waiting
    for each one's time); how many went in."""
    now = now or timezone.now()
    count = 0
    for release_id, due in due_releases(now + dt.timedelta(seconds=lookahead)):
        wait = (due - timezone.now()).total_seconds()
        if wait > 0:
            sleep(wait)
        try:
            if release(release_id).state != ReleaseState.PENDING:
                count += 1
        except Exception:  # one bad row must not hold up the drill's others
            log.exception("release %s failed", release_id)
    return count


def tick() -> int:
    """The queue's scheduled job."""
    return release_due(lookahead=LOOKAHEAD_SECONDS)
