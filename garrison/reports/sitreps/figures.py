"""The figures of a situation report, computed once when it is published and stored with it.

Real operations only: an incident a drill injected (``exercise``, or the older drill source) is
left out of every count and time, through ops' own filter (``real_operations``); the report says
how many it left out, so no one wonders why the desk's screen shows more.

Each section reads the window the report covers (``since`` to ``until``) or the state at its
end: incidents received in the window by type and their status now, the incidents still open,
response times against the desk's targets (ops' statistics, nearest-rank percentiles), scans at
the gates in the window and people inside each zone, resources (items and quantities) by kind and status, road closures
in force during the window.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from garrison.checkin.models import Presence, Scan
from garrison.events.models import Event, Zone
from garrison.forces.models import Assignment as Shift
from garrison.ops.incidents.lifecycle import OPEN
from garrison.ops.models import Incident, Source
from garrison.ops.stats.queries import real_operations, statistics
from garrison.readiness.models import Resource, ResourceStatus
from garrison.traffic.models import Closure

Figures = dict[str, Any]
OK = "ok"  # checkin's result of a scan that let its holder through


def _incidents(event: Event, since: dt.datetime, until: dt.datetime) -> Figures:
    window = Incident.objects.filter(event=event, received_at__gte=since, received_at__lt=until)
    real = real_operations(window)
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for name, status, n in (
        real.values_list("type__name", "status").annotate(n=Count("pk")).order_by("type__name")
    ):
        table[name][status] = n
    open_now = real_operations(
        Incident.objects.filter(event=event, status__in=OPEN, received_at__lt=until)
    )
    return {
        "by_type": [
            {"type": name, "by_status": counts, "total": sum(counts.values())}
            for name, counts in sorted(table.items())
        ],
        "total": sum(sum(c.values()) for c in table.values()),
        "open": open_now.count(),
        "exercise_left_out": window.filter(Q(exercise=True) | Q(source=Source.DRILL)).count(),
    }


def _response(event: Event, since: dt.datetime, until: dt.datetime) -> list[Figures]:
    window = Incident.objects.filter(event=event, received_at__gte=since, received_at__lt=until)
    rows = []
    for name, interval in statistics(event, real_operations(window)).items():
        row = interval.all
        rows.append({
            "interval": name, "target": interval.target, "n": row.n, "p50": row.p50,
            "p90": row.p90, "met_percent": None if row.met_percent is None
            else round(row.met_percent, 1),
        })  # fmt: skip
    return rows


def _gates(event: Event, since: dt.datetime, until: dt.datetime) -> Figures:
    scans = Scan.objects.filter(event=event, scanned_at__gte=since, scanned_at__lt=until)
    counts = scans.aggregate(
        total=Count("pk"),
        admitted=Count("pk", filter=Q(result=OK)),
        flagged=Count("pk", filter=Q(flagged=True)),
    )
    inside = dict(
        Presence.objects.filter(event=event, inside=True)
        .values_list("zone_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    zones = [
        {"zone": z.name, "inside": inside.get(z.pk, 0), "capacity": z.capacity}
        for z in Zone.objects.filter(event=event).order_by("name", "pk")
        if inside.get(z.pk) or z.capacity
    ]
    return {**counts, "refused": counts["total"] - counts["admitted"], "zones": zones}


def _resources(event: Event, until: dt.datetime) -> Figures:
    today = timezone.localdate(until, event.tzinfo)
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for kind, status, n in (
        Resource.objects.filter(event=event)
        .values_list("type__kind__name", "status")
        .annotate(n=Sum("quantity"))
        .order_by()
    ):
        table[kind][status] = n
    expired = dict(
        Resource.objects.filter(event=event, expires_on__lt=today)
        .values_list("type__kind__name")
        .annotate(n=Sum("quantity"))
        .order_by()
    )
    return {
        "statuses": list(ResourceStatus.values),
        "by_kind": [
            {"kind": kind, "by_status": counts, "expired": expired.get(kind, 0)}
            for kind, counts in sorted(table.items())
        ],
    }


def _closures(event: Event, since: dt.datetime, until: dt.datetime) -> list[Figures]:
    tz = event.tzinfo
    found = Closure.objects.filter(event=event, starts_at__lt=until, ends_at__gt=since).order_by(
        "starts_at", "pk"
    )
    return [
        {
            "street": c.street,
            "reason": c.reason,
            "from": timezone.localtime(c.starts_at, tz).strftime("%d/%m %H:%M"),
            "to": timezone.localtime(c.ends_at, tz).strftime("%d/%m %H:%M"),
            "in_force": c.starts_at <= until < c.ends_at,
        }
        for c in found[:200]
    ]


def gather(event: Event, since: dt.datetime, until: dt.datetime) -> Figures:
    """Every section's figures for the window ``since``–``until``, as plain data."""
    on_duty = (
        Shift.objects.filter(event=event, starts_at__lte=until, ends_at__gt=until)
        .values("member")
        .distinct()
        .count()
    )
    return {
        "incidents": _incidents(event, since, until),
        "response": _response(event, since, until),
        "gates": _gates(event, since, until),
        "resources": _resources(event, until),
        "closures": _closures(event, since, until),
        "forces_on_duty": on_duty,
    }
