"""The write path for zones inside the sites, each with its access rule.

Every function: authorise → validate → change → audit (same transaction) → emit (after commit).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import record
from garrison.core.errors import DomainError
from garrison.core.validate import choice, text
from garrison.events.geo import check_polygon, polygon_within
from garrison.events.live_events import (
    ZONE_CREATED,
    ZONE_DELETED,
    ZONE_UPDATED,
    ZoneFeature,
)
from garrison.events.models import (
    AccessLevel,
    Site,
    Zone,
)
from garrison.events.roles import EDITORS
from garrison.events.services.common import actor as _actor

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
