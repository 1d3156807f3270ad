"""Tips from the public: receive one, limit how many one address may send, report its status.

Nothing a resident sends is trusted: lengths are limited, control characters dropped, the text
stored as typed and escaped wherever it is shown (docs/security.md #18). An address that sends more
than the limit in the window gets 429 (docs/security.md #7); so does one that looks up more status
pages than its own limit, since reference codes are short enough to be worth guessing.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.accounts.security import pseudonym
from garrison.audit.services import Actor, record
from garrison.core.db import serialise_on, write_turn
from garrison.core.errors import DomainError
from garrison.core.images import clean_photo
from garrison.core.validate import text as clean_text
from garrison.events.models import Event
from garrison.ops.incidents.feed import emit_incident, incident_summary
from garrison.ops.incidents.lifecycle import public_status
from garrison.ops.incidents.services import Location, clean_location, new_reference
from garrison.ops.live_events import INCIDENT_CREATED
from garrison.ops.models import (
    Incident,
    IncidentTransition,
    OpsSettings,
    Severity,
    Source,
    Status,
    TipThrottle,
)
from garrison.ops.photos.services import store_photo
from garrison.ops.roles import REPORTERS
from garrison.ops.types.services import type_for_code

TIP_TEXT_MAX = 1000
CONTACT_MAX = 120


def _setting(name: str, default: int) -> int:
    """A Django setting if one is made, else the environment (a load test raises the limits
    of a server it starts), else the default."""
    value = getattr(settings, name, None)
    return int(value if value is not None else os.environ.get(name) or default)


def tip_limit() -> int:
    return _setting("GARRISON_TIP_LIMIT", 5)


def status_limit() -> int:
    """Status look-ups per address and window: a resident checks a few times, a guesser many."""
    return _setting("GARRISON_TIP_STATUS_LIMIT", 30)


def tip_window() -> dt.timedelta:
    return dt.timedelta(minutes=_setting("GARRISON_TIP_WINDOW_MINUTES", 10))


@dataclass
class TipData:
    what: str
    where: str = ""
    lat: float | None = None
    lon: float | None = None
    type_code: str = ""
    contact: str = ""
    # The raw bytes and file name of an optional photo; judged by ``clean_photo``.
    photo: bytes | None = None
    photo_name: str = ""


class RateLimited(DomainError):
    def __init__(self, *, lookups: bool = False) -> None:
        minutes = int(tip_window().total_seconds() // 60)
        if lookups:
            message = _(
                "Too many status checks have come from your connection. Please try again in "
                "%(minutes)d minutes. In an emergency call 113 (police), 114 (fire) or "
                "115 (ambulance)."
            )
        else:
            message = _(
                "Too many reports have come from your connection. Please try again in "
                "%(minutes)d minutes. In an emergency call 113 (police), 114 (fire) or "
                "115 (ambulance)."
            )
        super().__init__("rate_limited", message % {"minutes": minutes}, status=429)


@contextmanager
def _write_turn(address: str) -> Iterator[None]:
    """One write transaction of the public pages for ``address``: after its turn at SQLite's
    write lock (under a burst of tips, SQLite's own busy wait let some lose to newcomers for
    seconds: p99 14 s with 50 submitters) and, on PostgreSQL, after the address's other
    transactions — otherwise a burst from one address all counts the same few earlier tips and
    all pass the limit."""
    with write_turn(), transaction.atomic():
        serialise_on(f"tips:{address}")
        yield


def tip_events() -> list[Event]:
    """Events that take tips now: open to tips, and not ended more than a day ago."""
    yesterday = timezone.now().date() - dt.timedelta(days=1)
    return list(
        Event.objects.filter(ops_settings__tips_open=True, ends_on__gte=yesterday).order_by(
            "starts_on", "name"
        )
    )


def tip_event_by_slug(slug: str) -> Event | None:
    return next((event for event in tip_events() if event.slug == slug), None)


def _key(address: str) -> str:
    """The stored form of an address: the web pages pass a 12-character keyed hash already;
    anything longer (a script's label) is hashed the same way, so the column always fits."""
    return address if len(address) <= 12 else pseudonym(address)


def _forget_old() -> dt.datetime:
    """Drop the rows that no longer count; answer where the window starts."""
    since = timezone.now() - tip_window()
    TipThrottle.objects.filter(at__lt=since).delete()
    return since


def _throttle_rows_of(event_id: int) -> QuerySet[TipThrottle]:
    """The throttle's rows that may be the event's, for the purge of its personal data. A row
    holds no event (the limit is per address across every event's form), so these are the rows
    from before the event's form closed (a day after its last day: ``tip_events``) that count no
    longer for anyone (older than the window). A purge on or after its date finds all of the
    event's; rows written for other events afterwards are not its, and are not counted again."""
    ends_on = Event.objects.values_list("ends_on", flat=True).get(pk=event_id)
    closed = dt.datetime.combine(ends_on + dt.timedelta(days=2), dt.time(), tzinfo=dt.UTC)
    return TipThrottle.objects.filter(at__lt=min(timezone.now() - tip_window(), closed))


def throttle_pending(event_id: int) -> int:
    return _throttle_rows_of(event_id).count()


def purge_throttle(event_id: int, limit: int) -> int:
    """Delete at most ``limit`` of the throttle rows the event's purge covers; how many. Inside
    the purge's transaction."""
    pks = list(_throttle_rows_of(event_id).order_by("pk").values_list("pk", flat=True)[:limit])
    TipThrottle.objects.filter(pk__in=pks).delete()
    return len(pks)


def check_rate(address: str) -> None:
    """Refuse when ``address`` has used up its tips for the window; forget old rows."""
    address = _key(address)
    since = _forget_old()
    if TipThrottle.objects.filter(address=address, at__gte=since).count() >= tip_limit():
        raise RateLimited()


def _lookup_key(address: str) -> str:
    # The same table as tips, under a key of its own: checking a status uses none of the
    # address's tips, and sending a tip none of its look-ups.
    return pseudonym(f"status:{address}")


def count_lookup(address: str) -> None:
    """Count one status look-up from ``address``; 429 once it has used up the window's."""
    key = _lookup_key(address)
    with _write_turn(address):
        since = _forget_old()
        if TipThrottle.objects.filter(address=key, at__gte=since).count() >= status_limit():
            raise RateLimited(lookups=True)
        TipThrottle.objects.create(address=key, at=timezone.now())


def count_attempt(address: str) -> None:
    """A trapped submission (the honeypot) counts against the address like a real one."""
    with _write_turn(address):
        check_rate(address)
        TipThrottle.objects.create(address=_key(address), at=timezone.now())


def receive_tip(event: Event, data: TipData, address: str) -> Incident:
    """Store a resident's tip as a new incident. ``address`` is the keyed hash of their IP."""
    what = clean_text(data.what, "what", max_length=TIP_TEXT_MAX)
    where = clean_location(
        event, Location(lat=data.lat, lon=data.lon, text=data.where), required=True
    )
    contact = clean_text(data.contact, "contact", max_length=CONTACT_MAX, required=False)
    kind = type_for_code(event, data.type_code)
    # Judged before anything is stored: a refused photo leaves no tip behind.
    photo = clean_photo(data.photo, data.photo_name) if data.photo is not None else None
    actor = Actor(label=f"public:{address}")
    # Chosen before the write turn: a read that need not hold up other writers (the column is
    # unique, and a clash of two fresh 8-character codes is a one in 10^12 event).
    reference = new_reference()
    with _write_turn(address):
        check_rate(address)
        now = timezone.now()
        TipThrottle.objects.create(address=_key(address), at=now)
        incident = Incident.objects.create(
            event=event,
            reference=reference,
            type=kind,
            severity=Severity.MEDIUM,
            source=Source.PUBLIC_TIP,
            description=what,
            lat=where.lat,
            lon=where.lon,
            location_text=where.text,
            contact=contact,
            received_at=now,
        )
        IncidentTransition.objects.create(
            incident=incident, to_status=Status.NEW, at=now, actor_label=actor.label
        )
        stored = (
            store_photo(incident, photo[0], photo[1], user=None, label=actor.label)
            if photo is not None
            else None
        )
        record(
            actor,
            "ops.incident.tip_received",
            incident,
            event_id=event.pk,
            # The photo by its id, and no contact: the resident's data goes after the event.
            after=incident_summary(incident) | ({"photo": stored.pk} if stored else {}),
        )
        emit_incident(incident, INCIDENT_CREATED)
    return incident


def receive_exercise_tip(membership: Membership, data: TipData) -> Incident:
    """A drill's tip: stored as a resident's tip would be (source, severity, type chosen the same
    way) but marked exercise, entered by the drill's controller and outside the address limit,
    which counts residents. Its reference never answers on the public status page."""
    require_role(membership, REPORTERS)
    event = membership.event
    what = clean_text(data.what, "what", max_length=TIP_TEXT_MAX)
    where = clean_location(
        event, Location(lat=data.lat, lon=data.lon, text=data.where), required=True
    )
    kind = type_for_code(event, data.type_code)
    actor = Actor.of_user(membership.user)
    with transaction.atomic():
        now = timezone.now()
        incident = Incident.objects.create(
            event=event,
            reference=new_reference(),
            type=kind,
            severity=Severity.MEDIUM,
            source=Source.PUBLIC_TIP,
            description=what,
            lat=where.lat,
            lon=where.lon,
            location_text=where.text,
            received_at=now,
            exercise=True,
        )
        IncidentTransition.objects.create(
            incident=incident, to_status=Status.NEW, at=now, actor_label=actor.label
        )
        record(
            actor,
            "ops.incident.tip_received",
            incident,
            event_id=event.pk,
            after=incident_summary(incident),
        )
        emit_incident(incident, INCIDENT_CREATED)
    return incident


def tip_by_reference(reference: str) -> Incident | None:
    code = (reference or "").strip().upper()[:12]
    if not code:
        return None
    return (
        # A drill's tip was never a resident's: its code answers nothing here.
        Incident.objects.filter(reference=code, source=Source.PUBLIC_TIP, exercise=False)
        .select_related("event", "duplicate_of")
        .first()
    )


def tip_public_status(incident: Incident) -> str:
    """A merged tip follows the report it was merged into: the resident sees real progress."""
    seen: set[int] = set()
    while incident.status == Status.DUPLICATE and incident.duplicate_of is not None:
        if incident.pk in seen:
            break
        seen.add(incident.pk)
        incident = incident.duplicate_of
    return public_status(incident.status)


def settings_for(event: Event) -> OpsSettings:
    return OpsSettings.objects.filter(event=event).first() or OpsSettings(event=event)
