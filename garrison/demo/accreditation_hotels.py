"""The demo's delegate hotels as access zones: who may enter which hotel's delegate floors.

The event's demo (``demo.events``) has the four delegate hotels as sites but no zones
there, and a checkpoint needs a zone. So the demo adds one zone per hotel (its delegate floors,
a 40 m square round the hotel's point) and the rights to it:

- each delegation (organisation) stays at one hotel; its delegates get that hotel as a personal
  extra grant, so a badge opens its holder's own hotel and not the other three;
- security: every hotel, all day; staff: every hotel, 06:00–22:00.

Used by the accreditation demo (before the badges are signed, so their zone sets include the
hotel) and by the checkin demo (its hotel checkpoints). Idempotent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from garrison.accreditation.models import Category, CategoryGrant, Person, PersonGrant
from garrison.audit.services import SYSTEM, record
from garrison.demo.events import outline
from garrison.events.models import AccessLevel, Event, Site, SiteKind, Zone

CODE_PREFIX = "HTL"
HALF_SIDE = 20.0  # metres
# category code → daily hours at every hotel (None: all day)
CATEGORY_RIGHTS: dict[str, tuple[int, int] | None] = {"SEC": None, "STAFF": (6, 22)}
DELEGATES = "DEL"


def hotel_sites(event: Event) -> list[Site]:
    return list(Site.objects.filter(event=event, kind=SiteKind.HOTEL).order_by("pk"))


def ensure_hotel_zones(event: Event, report: Any, *, count_kept: bool = True) -> list[Zone]:
    """One zone per hotel site, in the hotels' order: HTL1, HTL2, ...

    ``count_kept=False`` for a second caller in the same load, which would count them twice.
    """
    zones: list[Zone] = []
    existing = {zone.code: zone for zone in Zone.objects.filter(event=event)}
    for number, site in enumerate(hotel_sites(event), start=1):
        code = f"{CODE_PREFIX}{number}"
        if code in existing:
            if count_kept:
                report.kept["zone"] += 1
            zones.append(existing[code])
            continue
        corners: list[tuple[float, float]] = [(-HALF_SIDE, -HALF_SIDE), (HALF_SIDE, -HALF_SIDE)]
        corners += [(HALF_SIDE, HALF_SIDE), (-HALF_SIDE, HALF_SIDE)]
        zone = Zone.objects.create(
            event=event,
            site=site,
            code=code,
            name=f"Tầng lưu trú đại biểu – {site.name}"[:200],
            polygon=outline((site.lat, site.lon), corners),
            access_level=AccessLevel.RESTRICTED,
            capacity=None,
        )
        record(SYSTEM, "events.zone.created", zone, event_id=event.pk)
        report.created["zone"] += 1
        zones.append(zone)
    return zones


def _days(event: Event) -> tuple[dt.date, dt.date]:
    # Delegates check in the day before the congress (the rehearsal day), like the venue grants.
    return event.starts_on - dt.timedelta(days=1), event.ends_on


def category_grants(
    event: Event, categories: Iterable[Category], zones: list[Zone]
) -> list[CategoryGrant]:
    """The hotel grants of newly made categories (security, staff), unsaved."""
    first, last = _days(event)
    grants = []
    for category in categories:
        if category.code not in CATEGORY_RIGHTS:
            continue
        hours = CATEGORY_RIGHTS[category.code]
        grants += [
            CategoryGrant(
                category=category,
                zone=zone,
                first_day=first,
                last_day=last,
                daily_start=dt.time(hours[0]) if hours else None,
                daily_end=dt.time(hours[1]) if hours else None,
            )
            for zone in zones
        ]
    return grants


def hotel_of(organisation: str, organisations: tuple[str, ...], zones: list[Zone]) -> Zone | None:
    """The hotel a delegation stays at: delegations are spread over the hotels in turn."""
    if not zones or organisation not in organisations:
        return None
    return zones[organisations.index(organisation) % len(zones)]


def delegate_grants(
    event: Event, people: Iterable[Person], organisations: tuple[str, ...], zones: list[Zone]
) -> list[PersonGrant]:
    """Each saved delegate's own hotel, as an extra grant for the whole day, unsaved."""
    first, last = _days(event)
    grants = []
    for person in people:
        zone = hotel_of(person.organisation, organisations, zones)
        if person.category.code != DELEGATES or zone is None:
            continue
        grants.append(
            PersonGrant(
                person=person,
                zone=zone,
                kind=PersonGrant.Kind.EXTRA,
                first_day=first,
                last_day=last,
            )
        )
    return grants
