"""A zone's crowd: its occupancy after a batch of counts, its density, level and forecast, the
one alert per level it reaches, and what planners change (thresholds) or reset (the count).

Alerts: a zone that reaches a level that raises one (unstable, dangerous; ``density.ALERTING``)
— or is forecast to within ``FORECAST_ALERT`` at the recent trend — raises one incident of type
crowd on the desk for that level, and no other until the crowd falls back below it (with a
margin, so that a crowd hovering at the line does not raise one a minute). A jump straight to
dangerous raises one incident, for dangerous.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.events.models import Event, Zone
from garrison.ops.incidents.services import raise_incident
from garrison.sensors import density as maths
from garrison.sensors.area import polygon_area_m2
from garrison.sensors.live_events import ZONE_CHANGED
from garrison.sensors.models import Level, ZoneOccupancy, ZoneSample, ZoneThresholds
from garrison.sensors.roles import MANAGERS, RESETTERS

TREND = dt.timedelta(minutes=5)  # the samples the forecast's slope is fitted to
# A slope over a few seconds is noise (two messages a second apart, ten people apart, would
# forecast a stampede): no trend until the samples span this long.
MIN_TREND = dt.timedelta(minutes=1)
SAMPLE_EVERY = dt.timedelta(seconds=5)
EMIT_EVERY = dt.timedelta(seconds=2)  # a zone's state on the live feed, at most this often
FORECAST_ALERT = dt.timedelta(minutes=5)  # "about to": alert this long before the threshold
HYSTERESIS = 0.9  # an episode ends below 90 % of the level it alerted for
SEVERITY = {Level.UNSTABLE: 2, Level.DANGEROUS: 1}  # ops.models.Severity: high, critical
MAX_DENSITY = 10.0  # persons per m²: more cannot physically stand anywhere


def thresholds_of(zone_ids: Iterable[int]) -> dict[int, maths.Thresholds]:
    rows = ZoneThresholds.objects.filter(zone_id__in=list(zone_ids))
    return {r.zone_id: maths.Thresholds(r.planned, r.unstable, r.dangerous) for r in rows}


def centroid(zone: Zone) -> tuple[float, float] | None:
    """(lat, lon) of the outline's centre, for the incident's point on the map."""
    rings = zone.polygon.get("coordinates") if isinstance(zone.polygon, dict) else None
    if not rings or not rings[0]:
        return None
    ring = rings[0][:-1] or rings[0]
    return (sum(p[1] for p in ring) / len(ring), sum(p[0] for p in ring) / len(ring))


@dataclass(frozen=True)
class ZoneView:
    """What a page or the live feed shows of a zone's crowd."""

    zone: Zone
    occupancy: int
    area_m2: float
    density: float
    level: Level
    thresholds: maths.Thresholds
    rate: float  # persons per second, the recent trend
    forecast: maths.Forecast | None
    updated: dt.datetime | None


def _samples(zone_ids: list[int], now: dt.datetime) -> dict[int, list[tuple[float, float]]]:
    by_zone: dict[int, list[tuple[float, float]]] = {zone_id: [] for zone_id in zone_ids}
    rows = ZoneSample.objects.filter(zone_id__in=zone_ids, at__gte=now - TREND).values_list(
        "zone_id", "at", "occupancy"
    )
    for zone_id, at, occupancy in rows:
        by_zone[zone_id].append(((at - now).total_seconds(), float(occupancy)))
    return by_zone


def view_of(
    zone: Zone,
    row: ZoneOccupancy | None,
    thresholds: maths.Thresholds,
    samples: list[tuple[float, float]],
) -> ZoneView:
    occupancy = row.occupancy if row is not None else 0
    area = polygon_area_m2(zone.polygon)
    # The current count is the trend's last point, whenever the last sample was taken.
    spans = bool(samples) and -min(t for t, _ in samples) >= MIN_TREND.total_seconds()
    rate = maths.slope([*samples, (0.0, float(occupancy))]) if spans else 0.0
    value = maths.density(occupancy, area)
    return ZoneView(
        zone=zone,
        occupancy=occupancy,
        area_m2=area,
        density=value,
        level=maths.level_of(value, thresholds),
        thresholds=thresholds,
        rate=rate,
        forecast=maths.forecast(occupancy, area, rate, thresholds),
        updated=row.updated if row is not None else None,
    )


def zone_views(event: Event) -> list[ZoneView]:
    """Every zone of the event with its crowd now (three queries whatever the number of zones)."""
    zones = list(Zone.objects.filter(event=event).select_related("site"))
    ids = [zone.pk for zone in zones]
    rows = {row.zone_id: row for row in ZoneOccupancy.objects.filter(zone_id__in=ids)}
    limits = thresholds_of(ids)
    samples = _samples(ids, timezone.now())
    return [
        view_of(z, rows.get(z.pk), limits.get(z.pk, maths.Thresholds()), samples[z.pk])
        for z in zones
    ]


# --- After a batch -------------------------------------------------------------------------------


def _alert_target(view: ZoneView) -> Level | None:
    """The highest alerting level reached, or forecast to be within ``FORECAST_ALERT``."""
    horizon = FORECAST_ALERT.total_seconds()
    for level in reversed(maths.ALERTING):
        seconds = maths.seconds_to(level, view.occupancy, view.area_m2, view.rate, view.thresholds)
        if seconds is not None and seconds <= horizon:
            return level
    return None


def _describe(view: ZoneView, level: Level) -> str:
    threshold = view.thresholds.of(level)
    facts = {
        "zone": f"{view.zone.code} {view.zone.name}",
        "density": f"{view.density:.1f}",
        "people": view.occupancy,
        "area": round(view.area_m2),
        "level": Level(level).label,
        "threshold": f"{threshold:g}",
    }
    if view.density >= threshold:
        text = _(
            "Crowd density in %(zone)s: %(density)s persons/m² (%(people)s people on "
            "%(area)s m²), at or above the “%(level)s” threshold of %(threshold)s persons/m²."
        )
        return text % facts
    seconds = maths.seconds_to(level, view.occupancy, view.area_m2, view.rate, view.thresholds)
    minutes = max(1, round((seconds or 0) / 60))
    text = _(
        "Crowd density in %(zone)s: %(density)s persons/m² (%(people)s people on %(area)s m²) "
        "and rising: forecast to reach the “%(level)s” threshold of %(threshold)s persons/m² in "
        "about %(minutes)s min."
    )
    return text % (facts | {"minutes": minutes})


def after_counts(zone: Zone, row: ZoneOccupancy, now: dt.datetime) -> None:
    """Inside the batch's transaction, with ``row`` locked and its occupancy set: sample the
    trend, raise the alert that is due, put the zone on the live feed."""
    update = ["occupancy", "anchor", "anchor_at", "net", "updated"]
    if row.sampled_at is None or now - row.sampled_at >= SAMPLE_EVERY:
        ZoneSample.objects.create(zone=zone, at=now, occupancy=row.occupancy)
        row.sampled_at = now
        update.append("sampled_at")
    limits = thresholds_of([zone.pk]).get(zone.pk, maths.Thresholds())
    view = view_of(zone, row, limits, _samples([zone.pk], now)[zone.pk])
    target = _alert_target(view)
    if target is not None and maths.rank(target) > maths.rank(row.alerted):
        incident = raise_incident(
            zone.event,
            type_code="crowd",
            severity=SEVERITY[target],
            description=_describe(view, target),
            zone=zone,
            point=centroid(zone),
        )
        if incident is not None:
            row.alerted = target
            update.append("alerted")
    elif (
        row.alerted
        and maths.rank(target or "") < maths.rank(row.alerted)
        and view.density < HYSTERESIS * limits.of(row.alerted)
    ):
        # Back below the level it alerted for: the next rise to it alerts again.
        row.alerted = target or ""
        update.append("alerted")
    moved = view.level != row.level
    if moved:
        row.level = view.level
        update.append("level")
    if moved or row.emitted_at is None or now - row.emitted_at >= EMIT_EVERY:
        emit_zone(view)
        row.emitted_at = now
        update.append("emitted_at")
    row.save(update_fields=update)


def emit_zone(view: ZoneView) -> None:
    ZONE_CHANGED.emit(
        view.zone.event,
        {
            "zone": view.zone.pk,
            "code": view.zone.code,
            "occupancy": view.occupancy,
            "density": round(view.density, 3),
            "level": str(view.level),
            "forecast_seconds": view.forecast.seconds if view.forecast else None,
            "next_level": str(view.forecast.level) if view.forecast else None,
        },
    )


# --- What people change --------------------------------------------------------------------------


def set_thresholds(
    membership: Membership, zone: Zone, planned: float, unstable: float, dangerous: float
) -> ZoneThresholds:
    require_role(membership, MANAGERS)
    if zone.event_id != membership.event_id:
        raise DomainError("not_found", _("Not found"), status=404)
    values = (planned, unstable, dangerous)
    if not all(0 < v <= MAX_DENSITY for v in values):
        raise DomainError(
            "invalid_threshold",
            _("Each threshold is a density above 0 and at most %(max)s persons/m².")
            % {"max": f"{MAX_DENSITY:g}"},
            field="planned",
        )
    if not planned < unstable < dangerous:
        raise DomainError(
            "thresholds_order",
            _("The thresholds must rise: planned < unstable < dangerous."),
            field="unstable",
        )
    with transaction.atomic():
        row, _created = ZoneThresholds.objects.select_for_update().get_or_create(
            zone=zone, defaults={"event_id": zone.event_id}
        )
        before = {"planned": row.planned, "unstable": row.unstable, "dangerous": row.dangerous}
        row.planned, row.unstable, row.dangerous = values
        row.save()
        record(
            Actor.of_user(membership.user),
            "sensors.thresholds.changed",
            zone,
            event_id=zone.event_id,
            before=before,
            after={"planned": planned, "unstable": unstable, "dangerous": dangerous},
        )
    return row


def lock_occupancy(zone: Zone) -> ZoneOccupancy:
    row, _created = ZoneOccupancy.objects.select_for_update().get_or_create(
        zone=zone, defaults={"event_id": zone.event_id}
    )
    return row


def reset_occupancy(membership: Membership, zone: Zone, value: int = 0) -> ZoneOccupancy:
    """Count the zone as holding ``value`` people from now on: counts observed before are kept
    but no longer move it (the anchor)."""
    require_role(membership, RESETTERS)
    if zone.event_id != membership.event_id:
        raise DomainError("not_found", _("Not found"), status=404)
    area = polygon_area_m2(zone.polygon)
    if value < 0 or value > max(1000, MAX_DENSITY * area):
        raise DomainError(
            "implausible", _("That many people cannot stand in this zone."), field="value"
        )
    now = timezone.now()
    with transaction.atomic():
        row = lock_occupancy(zone)
        before = {"occupancy": row.occupancy}
        row.anchor, row.anchor_at, row.net, row.occupancy, row.updated = value, now, 0, value, now
        record(
            Actor.of_user(membership.user),
            "sensors.occupancy.reset",
            zone,
            event_id=zone.event_id,
            before=before,
            after={"occupancy": value},
        )
        after_counts(zone, row, now)
    return row
