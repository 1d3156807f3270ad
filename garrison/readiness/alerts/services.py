"""Alerts ahead of an item's expiry or inspection date: noticed on the workers' schedule, raised
once per item and date (a live event and an audit entry), and listed on the readiness page.

The page lists what falls due straight from the items (``due_soon``), so it is right even before
a worker has taken its round; the schedule is what tells the screens that are open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from garrison.audit.services import Actor, record
from garrison.events.models import Event
from garrison.readiness.live_events import ALERT_RAISED
from garrison.readiness.models import ALERT_DAYS, AlertKind, Resource, ResourceAlert, ResourceStatus
from garrison.readiness.resources.services import units_of

ALERT_ACTOR = Actor(label="system:readiness")
ALERT_EVERY_SECONDS = 300.0
# Events that ended longer ago than this are left alone: nobody stands by for them any more.
AFTER_THE_EVENT = dt.timedelta(days=7)


@dataclass(frozen=True)
class Due:
    resource: Resource
    kind: str
    due: dt.date


def _due_filter(horizon: dt.date) -> Q:
    return Q(expires_on__lte=horizon) | Q(inspection_due__lte=horizon)


def due_soon(resources: QuerySet[Resource], today: dt.date, limit: int = 200) -> list[Due]:
    """The items whose expiry or inspection falls due by the end of the window (or has passed),
    soonest first; items written off (out of service) are left out."""
    horizon = today + dt.timedelta(days=ALERT_DAYS)
    rows = (
        resources.filter(_due_filter(horizon))
        .exclude(status=ResourceStatus.OUT_OF_SERVICE)
        .select_related("type", "owner_unit", "site", "zone", "post")
        .order_by("pk")[: limit * 2]
    )
    found: list[Due] = []
    for resource in rows:
        if resource.expires_on is not None and resource.expires_on <= horizon:
            found.append(Due(resource, AlertKind.EXPIRY, resource.expires_on))
        if resource.inspection_due is not None and resource.inspection_due <= horizon:
            found.append(Due(resource, AlertKind.INSPECTION, resource.inspection_due))
    found.sort(key=lambda due: (due.due, due.resource.pk))
    return found[:limit]


def _raise(event: Event, due: Due) -> ResourceAlert | None:
    resource = due.resource
    try:
        with transaction.atomic():
            alert = ResourceAlert.objects.create(
                resource=resource, kind=due.kind, due=due.due, raised=timezone.now()
            )
            record(
                ALERT_ACTOR,
                "readiness.alert.raised",
                resource,
                event_id=event.pk,
                after={"kind": due.kind, "due": due.due.isoformat()},
            )
            ALERT_RAISED.emit(
                event,
                {
                    "resource": resource.pk,
                    "kind": due.kind,
                    "kind_label": str(AlertKind(due.kind).label),
                    "due": due.due.isoformat(),
                    "label": str(resource)[:200],
                },
                unit_ids=units_of(resource),
            )
    except IntegrityError:
        return None  # another worker raised it first
    return alert


def check_event(event: Event, today: dt.date | None = None) -> list[ResourceAlert]:
    """Raise an alert for each date coming due that has none yet."""
    today = today or timezone.localdate(timezone.now(), event.tzinfo)
    resources = Resource.objects.filter(event=event)
    dues = due_soon(resources, today, limit=10_000)
    if not dues:
        return []
    known = set(
        ResourceAlert.objects.filter(resource__event=event).values_list(
            "resource_id", "kind", "due"
        )
    )
    raised: list[ResourceAlert] = []
    for due in dues:
        if (due.resource.pk, due.kind, due.due) in known:
            continue
        alert = _raise(event, due)
        if alert is not None:
            raised.append(alert)
    return raised


def check_all() -> int:
    """One round over the events under way or coming: how many alerts were raised."""
    since = timezone.localdate() - AFTER_THE_EVENT
    count = 0
    for event in Event.objects.filter(ends_on__gte=since):
        count += len(check_event(event))
    return count
