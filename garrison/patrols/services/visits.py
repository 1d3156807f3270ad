"""Plaques scanned on patrol: each stored once (its id), checked, flagged, put in its round.

The phone sends what it scanned from its outbox, also long after (it works offline); the scan's
own time decides whether it was in time. Refused by name, nothing stored: a plaque of another
event, a forged or damaged one, a scan dated in the future or long ago. Stored but flagged for
review: a scan far from the plaque's place, or after one at another plaque sooner than anyone
could walk between them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.events.geo import check_point, distance_m
from garrison.patrols.live_events import VISITED
from garrison.patrols.models import Point, Round, Visit
from garrison.patrols.plaques import BadPlaque, read_plaque
from garrison.patrols.roles import WALKERS
from garrison.patrols.services.rounds import EARLY, recheck

MAX_BATCH = 200
FUTURE_SKEW = dt.timedelta(minutes=2)  # a phone's clock may run this far ahead
OLDEST = dt.timedelta(days=3)  # an outbox older than this is not a patrol any more
FASTEST_M_PER_S = 4.0  # no one on foot goes from plaque to plaque faster (a brisk run)
TRUSTED_ACCURACY_M = 100.0  # a position vaguer than this proves nothing either way

REFUSALS = {
    "damaged": gettext_lazy("This is not a patrol plaque, or it is damaged."),
    "other_event": gettext_lazy("This plaque belongs to another event."),
    "forged": gettext_lazy("This plaque's signature is not valid: report it."),
    "unknown_point": gettext_lazy("This plaque's point has been removed."),
    "impossible_time": gettext_lazy("The scan's time is impossible: check the phone's clock."),
}


@dataclass
class VisitData:
    id: uuid.UUID
    code: str
    scanned_at: dt.datetime
    lat: float | None = None
    lon: float | None = None
    accuracy_m: float | None = None


@dataclass
class Outcome:
    visit: Visit
    repeated: bool


Result = Outcome | DomainError


def _refuse(code: str) -> DomainError:
    return DomainError(code, REFUSALS[code])


def _position(data: VisitData) -> tuple[float | None, float | None, float | None]:
    if data.lat is None or data.lon is None:
        return None, None, None
    lat, lon = check_point(data.lat, data.lon)
    accuracy = data.accuracy_m
    if accuracy is not None and not 0 <= accuracy <= 100_000:
        raise DomainError("invalid_accuracy", _("The position's accuracy is not a distance."))
    return lat, lon, accuracy


def _flags(
    point: Point,
    lat: float | None,
    lon: float | None,
    accuracy: float | None,
    previous: Visit | None,
    scanned_at: dt.datetime,
) -> tuple[list[str], float | None]:
    flags: list[str] = []
    distance = None
    if lat is not None and lon is not None:
        distance = distance_m((lat, lon), (point.lat, point.lon))
        slack = min(accuracy or 0.0, TRUSTED_ACCURACY_M)
        if (
            accuracy is None or accuracy <= TRUSTED_ACCURACY_M * 5
        ) and distance - slack > point.radius_m:
            flags.append(Visit.Flag.FAR)
    if previous is not None and previous.point_id != point.pk:
        apart = distance_m((previous.point.lat, previous.point.lon), (point.lat, point.lon))
        seconds = abs((scanned_at - previous.scanned_at).total_seconds())
        # The plaques' radii are walked for free: only the rest of the way is timed.
        way = max(0.0, apart - previous.point.radius_m - point.radius_m)
        if way > 0 and seconds < way / FASTEST_M_PER_S:
            flags.append(Visit.Flag.TOO_FAST)
    return flags, distance


def _round_for(point: Point, scanned_at: dt.datetime) -> Round | None:
    candidates = Round.objects.filter(
        tour__stops__point=point,
        starts_at__lte=scanned_at + EARLY,
        ends_at__gte=scanned_at,
    ).order_by("starts_at")
    for round_ in candidates:
        if point.pk in round_.order:
            return round_
    return None


def _record_one(membership: Membership, data: VisitData, now: dt.datetime) -> Result:
    existing = Visit.objects.filter(client_id=data.id).select_related("point").first()
    if existing is not None:
        if existing.event_id != membership.event_id:
            return DomainError("duplicate_id", _("This scan id is already used."))
        return Outcome(existing, repeated=True)
    try:
        plaque = read_plaque(membership.event, data.code)
    except BadPlaque as bad:
        return _refuse(bad.code)
    point = Point.objects.filter(event_id=membership.event_id, serial=plaque.serial).first()
    if point is None:
        return _refuse("unknown_point")
    scanned_at = data.scanned_at
    if timezone.is_naive(scanned_at) or not now - OLDEST <= scanned_at <= now + FUTURE_SKEW:
        return _refuse("impossible_time")
    try:
        lat, lon, accuracy = _position(data)
    except DomainError as error:
        return error
    previous = (
        Visit.objects.filter(walker=membership.user, scanned_at__lte=scanned_at)
        .select_related("point")
        .order_by("-scanned_at")
        .first()
    )
    flags, distance = _flags(point, lat, lon, accuracy, previous, scanned_at)
    round_ = _round_for(point, scanned_at)  # None: a patrol outside the schedule, also welcome
    visit = Visit.objects.create(
        event_id=membership.event_id,
        client_id=data.id,
        point=point,
        round=round_,
        walker=membership.user,
        scanned_at=scanned_at,
        received_at=now,
        lat=lat,
        lon=lon,
        accuracy_m=accuracy,
        distance_m=distance,
        flags=flags,
    )
    VISITED.emit(membership.event, {"point": point.name, "flags": flags})
    return Outcome(visit, repeated=False)


def record_visits(membership: Membership, items: list[VisitData]) -> list[Result]:
    """Store a batch from a phone's outbox; one answer per item, in order."""
    require_role(membership, WALKERS)
    if len(items) > MAX_BATCH:
        raise DomainError(
            "batch_too_large", _("Send at most %(n)d scans at once.") % {"n": MAX_BATCH}
        )
    now = timezone.now()
    with transaction.atomic():
        results = [_record_one(membership, item, now) for item in items]
        stored = [r for r in results if isinstance(r, Outcome) and not r.repeated]
        if stored:
            record(
                Actor.of_user(membership.user),
                "patrols.visits.recorded",
                None,
                event_id=membership.event_id,
                after=_batch_summary(results),
            )
        recheck({r.visit.round_id for r in stored if r.visit.round_id}, now)
    return results


def _batch_summary(results: list[Result]) -> dict[str, Any]:
    stored = [r for r in results if isinstance(r, Outcome) and not r.repeated]
    return {
        "stored": len(stored),
        "repeated": sum(1 for r in results if isinstance(r, Outcome) and r.repeated),
        "refused": sum(1 for r in results if isinstance(r, DomainError)),
        "flagged": sum(1 for r in stored if r.visit.flags),
        "points": sorted({r.visit.point_id for r in stored}),
    }
