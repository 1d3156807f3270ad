"""The write path for events, phases, sites and zones.

Every function: authorise → validate → change → audit (same transaction) → emit (after commit).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.core.validate import choice, text
from garrison.events.geo import check_point, check_polygon, polygon_within
from garrison.events.live_events import (
    EVENT_UPDATED,
    PHASE_CREATED,
    PHASE_DELETED,
    PHASE_UPDATED,
    SITE_CREATED,
    SITE_DELETED,
    SITE_UPDATED,
    ZONE_CREATED,
    ZONE_DELETED,
    ZONE_UPDATED,
    SiteFeature,
    ZoneFeature,
)
from garrison.events.models import (
    AccessLevel,
    Event,
    Phase,
    PhaseKind,
    RetentionPolicy,
    Site,
    SiteKind,
    Zone,
)
from garrison.events.retention import KIND_KEYS, latest_purge_on, policy_for
from garrison.events.roles import EDITORS, RETENTION_EDITORS


def _actor(membership: Membership) -> Actor:
    return Actor.of_user(membership.user)


# --- Event --------------------------------------------------------------------------------------


@dataclass
class EventData:
    name: str
    starts_on: dt.date
    ends_on: dt.date
    time_zone: str
    description: str = ""


def event_summary(event: Event) -> dict[str, Any]:
    return {
        "name": event.name,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "time_zone": event.time_zone,
        "description": event.description,
    }


def update_event(membership: Membership, data: EventData) -> Event:
    require_role(membership, EDITORS)
    from garrison.events.models import validate_time_zone

    name = text(data.name, "name", max_length=200)
    if data.ends_on < data.starts_on:
        raise DomainError(
            "invalid_dates", _("The last day cannot be before the first day."), field="ends_on"
        )
    try:
        validate_time_zone(data.time_zone)
    except Exception as exc:
        raise DomainError("invalid_time_zone", _("Unknown time zone."), field="time_zone") from exc
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=membership.event_id)
        before = event_summary(event)
        event.name, event.starts_on, event.ends_on = name, data.starts_on, data.ends_on
        event.time_zone = data.time_zone
        event.description = text(data.description, "description", max_length=5000, required=False)
        event.save()
        record(
            _actor(membership),
            "events.event.updated",
            event,
            event_id=event.pk,
            before=before,
            after=event_summary(event),
        )
        EVENT_UPDATED.emit(event, {"id": event.pk, "name": event.name})
    return event


# --- Phase --------------------------------------------------------------------------------------


@dataclass
class PhaseData:
    kind: str
    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime


def phase_summary(phase: Phase) -> dict[str, Any]:
    return {
        "kind": phase.kind,
        "name": phase.name,
        "starts_at": phase.starts_at,
        "ends_at": phase.ends_at,
    }


def _clean_phase(data: PhaseData) -> PhaseData:
    choice(data.kind, PhaseKind, "kind")
    if data.starts_at.tzinfo is None or data.ends_at.tzinfo is None:
        raise DomainError("naive_time", _("Times must carry a time zone."), field="starts_at")
    if data.ends_at <= data.starts_at:
        raise DomainError("invalid_times", _("A phase must end after it starts."), field="ends_at")
    return PhaseData(
        data.kind, text(data.name, "name", max_length=120), data.starts_at, data.ends_at
    )


def create_phase(membership: Membership, data: PhaseData) -> Phase:
    require_role(membership, EDITORS)
    data = _clean_phase(data)
    with transaction.atomic():
        phase = Phase.objects.create(event_id=membership.event_id, **data.__dict__)
        record(
            _actor(membership),
            "events.phase.created",
            phase,
            event_id=membership.event_id,
            after=phase_summary(phase),
        )
        PHASE_CREATED.emit(membership.event, {"id": phase.pk, "name": phase.name})
    return phase


def update_phase(membership: Membership, phase: Phase, data: PhaseData) -> Phase:
    require_role(membership, EDITORS)
    data = _clean_phase(data)
    with transaction.atomic():
        before = phase_summary(phase)
        for key, value in data.__dict__.items():
            setattr(phase, key, value)
        phase.save()
        record(
            _actor(membership),
            "events.phase.updated",
            phase,
            event_id=membership.event_id,
            before=before,
            after=phase_summary(phase),
        )
        PHASE_UPDATED.emit(membership.event, {"id": phase.pk, "name": phase.name})
    return phase


def delete_phase(membership: Membership, phase: Phase) -> None:
    require_role(membership, EDITORS)
    with transaction.atomic():
        record(
            _actor(membership),
            "events.phase.deleted",
            phase,
            event_id=membership.event_id,
            before=phase_summary(phase),
        )
        PHASE_DELETED.emit(membership.event, {"id": phase.pk})
        phase.delete()


# --- Site ---------------------------------------------------------------------------------------


@dataclass
class SiteData:
    name: str
    kind: str
    lat: float
    lon: float
    address: str = ""
    polygon: dict[str, Any] | None = None


def site_summary(site: Site) -> dict[str, Any]:
    return {
        "name": site.name,
        "kind": site.kind,
        "address": site.address,
        "lat": site.lat,
        "lon": site.lon,
        "polygon": site.polygon is not None,
    }


def site_feature(site: Site) -> dict[str, Any]:
    return {
        "id": site.pk,
        "name": site.name,
        "kind": site.kind,
        "lat": site.lat,
        "lon": site.lon,
        "polygon": site.polygon,
    }


def _clean_site(data: SiteData) -> SiteData:
    lat, lon = check_point(data.lat, data.lon)
    polygon = check_polygon(data.polygon) if data.polygon is not None else None
    return SiteData(
        name=text(data.name, "name", max_length=200),
        kind=choice(data.kind, SiteKind, "kind"),
        lat=lat,
        lon=lon,
        address=text(data.address, "address", max_length=300, required=False),
        polygon=polygon,
    )


def _unique_name_error() -> DomainError:
    return DomainError(
        "duplicate",
        _("A site with this name already exists in the event."),
        status=409,
        field="name",
    )


def create_site(membership: Membership, data: SiteData) -> Site:
    require_role(membership, EDITORS)
    data = _clean_site(data)
    try:
        with transaction.atomic():
            site = Site.objects.create(event_id=membership.event_id, **data.__dict__)
            record(
                _actor(membership),
                "events.site.created",
                site,
                event_id=membership.event_id,
                after=site_summary(site),
            )
            SITE_CREATED.emit(membership.event, cast(SiteFeature, site_feature(site)))
    except IntegrityError as exc:
        raise _unique_name_error() from exc
    return site


def update_site(membership: Membership, site: Site, data: SiteData) -> Site:
    require_role(membership, EDITORS)
    data = _clean_site(data)
    if data.polygon is not None:
        for zone in site.zones.all():
            if not polygon_within(zone.polygon, data.polygon):
                raise DomainError(
                    "zone_outside",
                    _("Zone %(code)s would lie outside the new outline.") % {"code": zone.code},
                    field="polygon",
                )
    try:
        with transaction.atomic():
            before = site_summary(site)
            for key, value in data.__dict__.items():
                setattr(site, key, value)
            site.save()
            record(
                _actor(membership),
                "events.site.updated",
                site,
                event_id=membership.event_id,
                before=before,
                after=site_summary(site),
            )
            SITE_UPDATED.emit(membership.event, cast(SiteFeature, site_feature(site)))
    except IntegrityError as exc:
        raise _unique_name_error() from exc
    return site


def delete_site(membership: Membership, site: Site) -> None:
    require_role(membership, EDITORS)
    with transaction.atomic():
        for zone in site.zones.all():
            record(
                _actor(membership),
                "events.zone.deleted",
                zone,
                event_id=membership.event_id,
                before=zone_summary(zone),
            )
        record(
            _actor(membership),
            "events.site.deleted",
            site,
            event_id=membership.event_id,
            before=site_summary(site),
        )
        SITE_DELETED.emit(membership.event, {"id": site.pk})
        site.delete()


# --- Zone ---------------------------------------------------------------------------------------


@dataclass
class ZoneData:
    site_id: int
    code: str
    name: str
    polygon: dict[str, Any]
    access_level: str
    capacity: int | None = None


def zone_summary(zone: Zone) -> dict[str, Any]:
    return {
        "site_id": zone.site_id,
        "code": zone.code,
        "name": zone.name,
        "access_level": zone.access_level,
        "capacity": zone.capacity,
    }


def zone_feature(zone: Zone) -> dict[str, Any]:
    return {
        "id": zone.pk,
        "site_id": zone.site_id,
        "code": zone.code,
        "name": zone.name,
        "access_level": zone.access_level,
        "capacity": zone.capacity,
        "polygon": zone.polygon,
    }


def _clean_zone(membership: Membership, data: ZoneData) -> tuple[Site, ZoneData]:
    # The site must belong to the same event: a foreign site id is "not found", not a leak.
    site = Site.objects.filter(pk=data.site_id, event_id=membership.event_id).first()
    if site is None:
        raise DomainError("invalid_site", _("Choose a site of this event."), field="site_id")
    polygon = check_polygon(data.polygon)
    if site.polygon is not None and not polygon_within(polygon, site.polygon):
        raise DomainError(
            "zone_outside", _("The zone must lie inside its site's outline."), field="polygon"
        )
    if data.capacity is not None and not (0 <= data.capacity <= 10_000_000):
        raise DomainError(
            "invalid_capacity", _("Capacity must be a positive number."), field="capacity"
        )
    code = text(data.code, "code", max_length=16).upper()
    return site, ZoneData(
        site.pk,
        code,
        text(data.name, "name", max_length=200),
        polygon,
        choice(data.access_level, AccessLevel, "access_level"),
        data.capacity,
    )


def _unique_code_error() -> DomainError:
    return DomainError(
        "duplicate",
        _("A zone with this code already exists in the event."),
        status=409,
        field="code",
    )


def create_zone(membership: Membership, data: ZoneData) -> Zone:
    require_role(membership, EDITORS)
    _site, data = _clean_zone(membership, data)
    try:
        with transaction.atomic():
            zone = Zone.objects.create(event_id=membership.event_id, **data.__dict__)
            record(
                _actor(membership),
                "events.zone.created",
                zone,
                event_id=membership.event_id,
                after=zone_summary(zone),
            )
            ZONE_CREATED.emit(membership.event, cast(ZoneFeature, zone_feature(zone)))
    except IntegrityError as exc:
        raise _unique_code_error() from exc
    return zone


def update_zone(membership: Membership, zone: Zone, data: ZoneData) -> Zone:
    require_role(membership, EDITORS)
    _site, data = _clean_zone(membership, data)
    try:
        with transaction.atomic():
            before = zone_summary(zone)
            for key, value in data.__dict__.items():
                setattr(zone, key, value)
            zone.save()
            record(
                _actor(membership),
                "events.zone.updated",
                zone,
                event_id=membership.event_id,
                before=before,
                after=zone_summary(zone),
            )
            ZONE_UPDATED.emit(membership.event, cast(ZoneFeature, zone_feature(zone)))
    except IntegrityError as exc:
        raise _unique_code_error() from exc
    return zone


def delete_zone(membership: Membership, zone: Zone) -> None:
    require_role(membership, EDITORS)
    with transaction.atomic():
        record(
            _actor(membership),
            "events.zone.deleted",
            zone,
            event_id=membership.event_id,
            before=zone_summary(zone),
        )
        ZONE_DELETED.emit(membership.event, {"id": zone.pk})
        zone.delete()


# --- Retention policy ---------------------------------------------------------------------------


@dataclass
class RetentionData:
    purge_on: dt.date
    kinds: list[str]


def retention_summary(policy: RetentionPolicy) -> dict[str, Any]:
    # Dates and kind keys only: the policy holds no personal data, and its audit entry neither.
    return {"purge_on": policy.purge_on, "kinds": list(policy.kinds)}


def set_retention(membership: Membership, data: RetentionData) -> RetentionPolicy:
    """Set when the event's personal data is purged and which kinds; the commander only."""
    require_role(membership, RETENTION_EDITORS)
    unknown = set(data.kinds) - set(KIND_KEYS)
    if unknown:
        raise DomainError("invalid_kind", _("Unknown kind of personal data."), field="kinds")
    kinds = [key for key in KIND_KEYS if key in data.kinds]
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=membership.event_id)
        if data.purge_on <= event.ends_on:
            raise DomainError(
                "purge_before_end",
                _("The purge date must be after the event ends (%(date)s).")
                % {"date": formats.date_format(event.ends_on, "SHORT_DATE_FORMAT")},
                field="purge_on",
            )
        latest = latest_purge_on(event)
        if data.purge_on > latest:
            raise DomainError(
                "purge_too_late",
                _(
                    "The purge date can be at most two years after the event ends "
                    "(%(date)s at the latest)."
                )
                % {"date": formats.date_format(latest, "SHORT_DATE_FORMAT")},
                field="purge_on",
            )
        policy = policy_for(event)
        before = retention_summary(policy)
        policy.purge_on, policy.kinds = data.purge_on, kinds
        policy.save()
        record(
            _actor(membership),
            "events.retention.updated",
            policy,
            event_id=event.pk,
            object_repr=str(event),
            before=before,
            after=retention_summary(policy),
        )
    # No live event: nothing on any open page shows the policy but its own page and the
    # dashboard line, which the next load reads.
    return policy
