"""The medical plan (ICS 206) of an hour, composed from live data: the aid stations and ambulances
of the inventory, the event's hospitals, and how long each hospital is by road from the venue and
from each delegate hotel with the closures in force at that hour.

Travel times come from traffic's public routing module, one search per origin to every hospital
(``travel_times``), so they are the times ``garrison route`` prints for the same points and hour.
An item is an aid station or an ambulance by its type's code, as the standard catalogue names
them (``AID-POST``; ``AMB-ALS``, ``AMB-BLS``): a type an event adds keeps to the same prefixes.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from garrison.core.errors import DomainError
from garrison.events.models import Event, Site, SiteKind
from garrison.readiness.ics_models import Hospital
from garrison.readiness.models import Resource, ResourceStatus
from garrison.traffic.routing.travel import travel_times

AID_STATION_PREFIX = "AID"
AMBULANCE_PREFIX = "AMB"
# The places a casualty leaves from: where the delegates are, in the order ICS 206 reads best.
ORIGIN_KINDS = (SiteKind.VENUE, SiteKind.HOTEL)


@dataclass(frozen=True)
class Leg:
    """From one origin to one hospital: seconds and metres by road (None: not by road)."""

    seconds: float | None
    metres: float | None

    @property
    def minutes(self) -> int | None:
        return None if self.seconds is None else max(1, math.ceil(self.seconds / 60))

    @property
    def km(self) -> float | None:
        return None if self.metres is None else round(self.metres / 1000, 1)


@dataclass
class Origin:
    site: Site
    legs: list[Leg]  # one per hospital, in the plan's order
    problem: str = ""  # why there are no times: no road network, off the network


@dataclass
class HospitalRow:
    site: Site
    details: Hospital | None  # None: capabilities not yet entered


@dataclass
class Item:
    resource: Resource
    usable: bool  # in service and not expired


@dataclass
class MedicalPlan:
    event: Event
    at: dt.datetime
    aid_stations: list[Item] = field(default_factory=list)
    ambulances: list[Item] = field(default_factory=list)
    hospitals: list[HospitalRow] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)

    @property
    def venue_legs(self) -> list[Leg]:
        """The first venue's legs (ICS 206 block 5's "travel time"); empty without a venue."""
        for origin in self.origins:
            if origin.site.kind == SiteKind.VENUE:
                return origin.legs
        return []


def _items(event: Event, prefix: str, today: dt.date) -> list[Item]:
    found = (
        Resource.objects.filter(event=event, type__code__startswith=prefix)
        .select_related("type", "owner_unit", "site", "zone", "post")
        .order_by("type__code", "identifier", "pk")
    )
    return [Item(r, r.status == ResourceStatus.IN_SERVICE and not r.expired(today)) for r in found]


def hospitals_of(event: Event) -> list[HospitalRow]:
    sites = Site.objects.filter(event=event, kind=SiteKind.HOSPITAL).order_by("name", "pk")
    details = Hospital.objects.in_bulk([s.pk for s in sites])
    return [HospitalRow(site, details.get(site.pk)) for site in sites]


def legs_from(event: Event, site: Site, hospitals: list[HospitalRow], at: dt.datetime) -> Origin:
    if not hospitals:
        return Origin(site, [])
    try:
        trips = travel_times(
            (site.lat, site.lon), [(h.site.lat, h.site.lon) for h in hospitals], at, event=event
        )
    except DomainError as error:
        return Origin(site, [Leg(None, None) for _h in hospitals], str(error.message))
    return Origin(
        site,
        [Leg(t.seconds, t.metres) if math.isfinite(t.seconds) else Leg(None, None) for t in trips],
    )


def medical_plan(event: Event, at: dt.datetime | None = None) -> MedicalPlan:
    """The plan as it stands at ``at`` (now by default): closures of that hour, items of that day."""
    at = at or timezone.now()
    today = timezone.localdate(at, event.tzinfo)
    plan = MedicalPlan(
        event,
        at,
        aid_stations=_items(event, AID_STATION_PREFIX, today),
        ambulances=_items(event, AMBULANCE_PREFIX, today),
        hospitals=hospitals_of(event),
    )
    origins = Site.objects.filter(Q(kind__in=ORIGIN_KINDS), event=event).order_by("kind", "name")
    ranked = sorted(origins, key=lambda s: (ORIGIN_KINDS.index(SiteKind(s.kind)), s.name))
    plan.origins = [legs_from(event, site, plan.hospitals, at) for site in ranked]
    return plan
