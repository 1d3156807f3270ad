"""The live picture: map and list of open incidents and unit states, updated over the feed."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from garrison.accounts.decorators import EventRequest, event_view
from garrison.accounts.scope import unit_scope
from garrison.core.models import LiveEvent
from garrison.events.models import Site
from garrison.events.views_geo import feature_collection, map_labels, tile_config
from garrison.forces.access import visible_units
from garrison.ops.access import visible_incidents
from garrison.ops.dispatch.services import unit_feature
from garrison.ops.dispatch.whereabouts import STALE_AFTER
from garrison.ops.incidents.feed import incident_feature
from garrison.ops.incidents.lifecycle import OPEN
from garrison.ops.models import Breach, IncidentType, Severity, Status, UnitStatus
from garrison.ops.roles import DESK


@event_view()
@require_GET
def live(request: EventRequest) -> HttpResponse:
    # The last id is read *before* the rows: an event committed in between is then replayed
    # by the feed (and applied idempotently) rather than lost.
    last = (
        LiveEvent.objects.filter(event=request.event).order_by("-id").values_list("id", flat=True)
    ).first() or 0
    incidents = list(
        visible_incidents(request.membership)
        .filter(status__in=OPEN)
        .select_related("event", "type", "site", "handler")
        .order_by("exercise", "severity", "received_at")[:500]
    )
    breached = set(
        Breach.objects.filter(incident__in=[i.pk for i in incidents]).values_list(
            "incident_id", flat=True
        )
    )
    statuses = {row.unit_id: row for row in UnitStatus.objects.filter(event=request.event)}
    desk = request.membership.role in DESK
    units = []
    for unit in visible_units(request.membership).filter(children__isnull=True):
        row = statuses.get(unit.pk)
        if row is not None:
            # A phone's position is personal data: on the desk's picture only.
            units.append(unit_feature(unit, row, phone=desk))
        else:
            units.append(
                {
                    "id": unit.pk,
                    "code": unit.code,
                    "name": unit.name,
                    "type": unit.type,
                    "state": "available",
                    "since": None,
                    "incident": None,
                    "lat": unit.lat,
                    "lon": unit.lon,
                }
            )
    data: dict[str, Any] = {
        "slug": request.event.slug,
        "time_zone": request.event.time_zone,
        "last": last,
        "incidents": [incident_feature(i) | {"breached": i.pk in breached} for i in incidents],
        "units": units,
        "stale_minutes": int(STALE_AFTER.total_seconds() // 60),
        "scoped": unit_scope(request.membership) is not None,
        "incident_url": reverse("ops:incidents", kwargs={"event": request.event.slug}),
        "open": sorted(OPEN),
        "tiles": tile_config(request.event),
        # The map's other layers, each switched on and off by the user (events/layers.js).
        "sites": feature_collection(request.event),
        "traffic_url": reverse("traffic:layers", kwargs={"event": request.event.slug}),
        # Layers other apps draw (their scripts register with events/layers.js), by name only.
        "layer_urls": {
            app: reverse(f"{app}:layer", kwargs={"event": request.event.slug})
            for app in ("patrols", "sensors", "coverage")
        },
        "map_labels": map_labels(),
        "labels": {
            "status": {value: str(label) for value, label in Status.choices},
            "severity": {str(value): str(label) for value, label in Severity.choices},
            "unit_state": {value: str(label) for value, label in _unit_states()},
            "breach": _("Target missed"),
            "exercise": _("EXERCISE"),
            "layers": {
                "sites": _("Sites"),
                "zones": _("Zones"),
                "incidents": _("Incidents: %(severity)s"),
                "units": _("Units: %(state)s"),
                "closures": _("Road closures"),
                "routes": _("Convoy routes"),
            },
            "position_age": _("position %(minutes)s min old"),
            "position_stale": _("stale"),
            "position_unreliable": _("position unreliable"),
            "closed_from": _("closed from"),
            # A counting device's silence (sensors.device.stale) is shown like a missed target.
            "sensor_silent": _("Counting device silent"),
            "online": _("live"),
            "offline": _("reconnecting…"),
        },
    }
    return render(
        request,
        "ops/live.html",
        {
            "data": data,
            "sites": Site.objects.filter(event=request.event).order_by("name"),
            "types": IncidentType.objects.filter(event=request.event),
            "severities": Severity.choices,
        },
    )


def _unit_states() -> list[tuple[str, Any]]:
    from garrison.ops.models import UnitState

    return list(UnitState.choices)
