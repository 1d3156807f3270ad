"""HTTP API for events, phases, sites and zones: thin handlers over ``events.services``.

Lookups go through ``accounts.access`` and ``events.access`` (another event's object is 404);
the services authorise (a viewer's write is 403), validate and audit. Members only: scanner
devices are refused by ``user_auth``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import P, PathEx, Router, Status

from garrison.accounts.access import access_event_by_slug, events_of
from garrison.accounts.api_auth import READ_ERRORS, WRITE_ERRORS, auth_user, responses, user_auth
from garrison.accounts.models import Membership
from garrison.events import services
from garrison.events.access import access_phase_by_id, access_site_by_id, access_zone_by_id
from garrison.events.models import Event, Phase, Site, Zone
from garrison.events.schemas import (
    MAX_ID,
    SLUG_PATTERN,
    EventOut,
    EventPatch,
    FeatureCollectionOut,
    FeatureOut,
    PhaseIn,
    PhaseOut,
    SiteIn,
    SiteOut,
    ZoneIn,
    ZoneOut,
)

router = Router(tags=["events"], auth=user_auth)

Slug = PathEx[str, P(pattern=SLUG_PATTERN, max_length=60, description="The event's short name.")]
SiteId = PathEx[int, P(ge=1, le=MAX_ID)]
ZoneId = PathEx[int, P(ge=1, le=MAX_ID)]
PhaseId = PathEx[int, P(ge=1, le=MAX_ID)]

NO_CONTENT = {204: None}


def _member(request: HttpRequest, slug: str) -> tuple[Event, Membership]:
    """The event and the caller's membership; 404 for non-members and unknown events alike."""
    event, membership = access_event_by_slug(auth_user(request), slug)
    membership.event = event  # the services read membership.event; spare them a query
    return event, membership


# --- Events -------------------------------------------------------------------------------------


@router.get("/", url_name="event_list", response=responses({200: list[EventOut]}, READ_ERRORS))
def list_events(request: HttpRequest) -> list[EventOut]:
    """The events the caller is a member of, newest first."""
    return [EventOut.of(event, m.role) for event, m in events_of(auth_user(request))]


@router.get("/{event}", url_name="event_detail", response=responses({200: EventOut}, READ_ERRORS))
def get_event(request: HttpRequest, event: Slug) -> EventOut:
    ev, membership = _member(request, event)
    return EventOut.of(ev, membership.role)


@router.patch(
    "/{event}", url_name="event_update", response=responses({200: EventOut}, WRITE_ERRORS)
)
def patch_event(request: HttpRequest, event: Slug, payload: EventPatch) -> EventOut:
    """Change the event's name, dates, time zone or description (commanders and planners)."""
    ev, membership = _member(request, event)
    data = services.EventData(
        name=ev.name if payload.name is None else payload.name,
        starts_on=ev.starts_on if payload.starts_on is None else payload.starts_on,
        ends_on=ev.ends_on if payload.ends_on is None else payload.ends_on,
        time_zone=ev.time_zone if payload.time_zone is None else payload.time_zone,
        description=ev.description if payload.description is None else payload.description,
    )
    ev = services.update_event(membership, data)
    return EventOut.of(ev, membership.role)


@router.get(
    "/{event}/geojson",
    url_name="event_geojson",
    response=responses({200: FeatureCollectionOut}, READ_ERRORS),
)
def event_geojson(request: HttpRequest, event: Slug) -> FeatureCollectionOut:
    """Sites (their outline, else their point) and zones as one GeoJSON FeatureCollection."""
    ev, _membership = _member(request, event)
    features: list[FeatureOut] = []
    for site in Site.objects.filter(event=ev):
        props = services.site_feature(site)
        outline = props.pop("polygon")
        geometry: dict[str, Any] = outline or {"type": "Point", "coordinates": [site.lon, site.lat]}
        features.append(
            FeatureOut(
                id=f"site-{site.pk}", geometry=geometry, properties={"layer": "site", **props}
            )
        )
    for zone in Zone.objects.filter(event=ev).select_related("site"):
        props = services.zone_feature(zone)
        geometry = props.pop("polygon")
        features.append(
            FeatureOut(
                id=f"zone-{zone.pk}", geometry=geometry, properties={"layer": "zone", **props}
            )
        )
    return FeatureCollectionOut(features=features)


# --- Sites --------------------------------------------------------------------------------------


def _site_data(payload: SiteIn) -> services.SiteData:
    return services.SiteData(
        name=payload.name,
        kind=payload.kind,
        lat=float(payload.lat),
        lon=float(payload.lon),
        address=payload.address,
        polygon=payload.polygon,
    )


@router.get(
    "/{event}/sites", url_name="site_list", response=responses({200: list[SiteOut]}, READ_ERRORS)
)
def list_sites(request: HttpRequest, event: Slug) -> list[SiteOut]:
    ev, _membership = _member(request, event)
    return [SiteOut.of(site) for site in Site.objects.filter(event=ev)]


@router.post(
    "/{event}/sites",
    url_name="site_create",
    response=responses({201: SiteOut}, WRITE_ERRORS),
)
def create_site(request: HttpRequest, event: Slug, payload: SiteIn) -> Status[SiteOut]:
    _ev, membership = _member(request, event)
    site = services.create_site(membership, _site_data(payload))
    return Status(201, SiteOut.of(site))


@router.get(
    "/{event}/sites/{site_id}",
    url_name="site_detail",
    response=responses({200: SiteOut}, READ_ERRORS),
)
def get_site(request: HttpRequest, event: Slug, site_id: SiteId) -> SiteOut:
    ev, _membership = _member(request, event)
    return SiteOut.of(access_site_by_id(auth_user(request), ev, site_id))


@router.put(
    "/{event}/sites/{site_id}",
    url_name="site_update",
    response=responses({200: SiteOut}, WRITE_ERRORS),
)
def put_site(request: HttpRequest, event: Slug, site_id: SiteId, payload: SiteIn) -> SiteOut:
    ev, membership = _member(request, event)
    site = access_site_by_id(auth_user(request), ev, site_id)
    return SiteOut.of(services.update_site(membership, site, _site_data(payload)))


@router.delete(
    "/{event}/sites/{site_id}",
    url_name="site_delete",
    response=responses(NO_CONTENT, WRITE_ERRORS),
)
def delete_site(request: HttpRequest, event: Slug, site_id: SiteId) -> Status[None]:
    """Delete the site and its zones."""
    ev, membership = _member(request, event)
    services.delete_site(membership, access_site_by_id(auth_user(request), ev, site_id))
    return Status(204, None)


# --- Zones --------------------------------------------------------------------------------------


def _zone_data(payload: ZoneIn) -> services.ZoneData:
    return services.ZoneData(
        site_id=payload.site_id,
        code=payload.code,
        name=payload.name,
        polygon=payload.polygon,
        access_level=payload.access_level,
        capacity=payload.capacity,
    )


@router.get(
    "/{event}/zones", url_name="zone_list", response=responses({200: list[ZoneOut]}, READ_ERRORS)
)
def list_zones(request: HttpRequest, event: Slug) -> list[ZoneOut]:
    ev, _membership = _member(request, event)
    return [ZoneOut.of(zone) for zone in Zone.objects.filter(event=ev).select_related("site")]


@router.post(
    "/{event}/zones",
    url_name="zone_create",
    response=responses({201: ZoneOut}, WRITE_ERRORS),
)
def create_zone(request: HttpRequest, event: Slug, payload: ZoneIn) -> Status[ZoneOut]:
    _ev, membership = _member(request, event)
    zone = services.create_zone(membership, _zone_data(payload))
    return Status(201, ZoneOut.of(zone))


@router.get(
    "/{event}/zones/{zone_id}",
    url_name="zone_detail",
    response=responses({200: ZoneOut}, READ_ERRORS),
)
def get_zone(request: HttpRequest, event: Slug, zone_id: ZoneId) -> ZoneOut:
    ev, _membership = _member(request, event)
    return ZoneOut.of(access_zone_by_id(auth_user(request), ev, zone_id))


@router.put(
    "/{event}/zones/{zone_id}",
    url_name="zone_update",
    response=responses({200: ZoneOut}, WRITE_ERRORS),
)
def put_zone(request: HttpRequest, event: Slug, zone_id: ZoneId, payload: ZoneIn) -> ZoneOut:
    ev, membership = _member(request, event)
    zone = access_zone_by_id(auth_user(request), ev, zone_id)
    return ZoneOut.of(services.update_zone(membership, zone, _zone_data(payload)))


@router.delete(
    "/{event}/zones/{zone_id}",
    url_name="zone_delete",
    response=responses(NO_CONTENT, WRITE_ERRORS),
)
def delete_zone(request: HttpRequest, event: Slug, zone_id: ZoneId) -> Status[None]:
    ev, membership = _member(request, event)
    services.delete_zone(membership, access_zone_by_id(auth_user(request), ev, zone_id))
    return Status(204, None)


# --- Phases -------------------------------------------------------------------------------------


def _phase_data(payload: PhaseIn) -> services.PhaseData:
    return services.PhaseData(
        kind=payload.kind, name=payload.name, starts_at=payload.starts_at, ends_at=payload.ends_at
    )


@router.get(
    "/{event}/phases",
    url_name="phase_list",
    response=responses({200: list[PhaseOut]}, READ_ERRORS),
)
def list_phases(request: HttpRequest, event: Slug) -> list[PhaseOut]:
    ev, _membership = _member(request, event)
    return [PhaseOut.of(phase, ev) for phase in Phase.objects.filter(event=ev)]


@router.post(
    "/{event}/phases",
    url_name="phase_create",
    response=responses({201: PhaseOut}, WRITE_ERRORS),
)
def create_phase(request: HttpRequest, event: Slug, payload: PhaseIn) -> Status[PhaseOut]:
    ev, membership = _member(request, event)
    phase = services.create_phase(membership, _phase_data(payload))
    return Status(201, PhaseOut.of(phase, ev))


@router.get(
    "/{event}/phases/{phase_id}",
    url_name="phase_detail",
    response=responses({200: PhaseOut}, READ_ERRORS),
)
def get_phase(request: HttpRequest, event: Slug, phase_id: PhaseId) -> PhaseOut:
    ev, _membership = _member(request, event)
    return PhaseOut.of(access_phase_by_id(auth_user(request), ev, phase_id), ev)


@router.put(
    "/{event}/phases/{phase_id}",
    url_name="phase_update",
    response=responses({200: PhaseOut}, WRITE_ERRORS),
)
def put_phase(request: HttpRequest, event: Slug, phase_id: PhaseId, payload: PhaseIn) -> PhaseOut:
    ev, membership = _member(request, event)
    phase = access_phase_by_id(auth_user(request), ev, phase_id)
    return PhaseOut.of(services.update_phase(membership, phase, _phase_data(payload)), ev)


@router.delete(
    "/{event}/phases/{phase_id}",
    url_name="phase_delete",
    response=responses(NO_CONTENT, WRITE_ERRORS),
)
def delete_phase(request: HttpRequest, event: Slug, phase_id: PhaseId) -> Status[None]:
    ev, membership = _member(request, event)
    services.delete_phase(membership, access_phase_by_id(auth_user(request), ev, phase_id))
    return Status(204, None)
