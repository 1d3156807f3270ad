"""The write path for sites: the places an event uses.

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
from garrison.events.geo import check_point, check_polygon, polygon_within
from garrison.events.live_events import (
    SITE_CREATED,
    SITE_DELETED,
    SITE_UPDATED,
    SiteFeature,
)
from garrison.events.models import (
    Site,
    SiteKind,
)
from garrison.events.roles import EDITORS
from garrison.events.services.common import actor as _actor
from garrison.events.services.zones import zone_summary

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
