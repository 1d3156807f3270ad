"""Recording a batch of count messages: the ingestion's one write path.

Read like the procedure it is: check each message against the device's target and physics,
drop the ids already stored (a message sent twice counts once), insert the rest in one prepared statement,
move the zone's occupancy or the segment's flow, and let ``zones.after_counts`` raise what is due.
One transaction per batch, at the writer's turn (``core.db.write_turn``). Counts are not
audited one by one — they are measurements, not decisions; the device's and the planners'
actions are.

Out of order: occupancy is an anchor (the latest absolute count by ``observed_at``) plus the sum
of entries minus exits observed after it, so the order messages arrive in does not matter; it is
clamped at zero when shown, never stored below it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Max, Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.audit.services import SYSTEM, record
from garrison.core.db import write_turn
from garrison.core.errors import DomainError
from garrison.events.models import Zone
from garrison.sensors.area import polygon_area_m2
from garrison.sensors.live_events import DEVICE_BACK, SEGMENT_CHANGED
from garrison.sensors.models import Congestion, CountingDevice, CountMessage, RoadSegment
from garrison.sensors.services.counts_sql import insert_messages
from garrison.sensors.services.stale import device_state
from garrison.sensors.services.zones import EMIT_EVERY, MAX_DENSITY, after_counts, lock_occupancy

# Beyond these a message is a broken device or a forgery, not a crowd: a wide gate's camera
# counts a few dozen people a second at most, a road lane under two vehicles a second.
MAX_PEOPLE_PER_SECOND = 50
MAX_VEHICLES_PER_SECOND = 5
MIN_OCCUPANCY_LIMIT = 1000  # a zone drawn too small still takes a plausible count
CLOCK_SKEW = dt.timedelta(minutes=2)  # a device's clock may run this far ahead
FLOW_WINDOW = dt.timedelta(minutes=5)
# Volume over capacity (v/c), as the Highway Capacity Manual grades a road: up to 0.6 flows
# freely, up to 0.85 is dense but moving, beyond that queues form.
MODERATE_RATIO = 0.6
HEAVY_RATIO = 0.85


@dataclass(frozen=True, slots=True)
class Count:
    message_id: str
    observed_at: dt.datetime
    interval_seconds: int
    entered: int | None = None
    exited: int | None = None
    occupancy: int | None = None
    vehicles: int | None = None


@dataclass(frozen=True)
class Recorded:
    stored: int
    duplicates: int


def _refuse(index: int, code: str, message: str, field: str) -> DomainError:
    return DomainError(code, message, status=422, field=f"messages.{index}.{field}")


def check(device: CountingDevice, counts: Sequence[Count], now: dt.datetime) -> None:
    """Refuse the whole batch, naming the first bad message, if any is not a count this device
    can make: the wrong measure for its target, no measure, a time ahead of the clock, a number
    no crowd or road produces."""
    people_limit = (
        max(MIN_OCCUPANCY_LIMIT, MAX_DENSITY * polygon_area_m2(device.zone.polygon))
        if device.zone
        else 0
    )
    for i, count in enumerate(counts):
        if count.observed_at > now + CLOCK_SKEW:
            raise _refuse(
                i, "in_future", _("The time lies ahead of the server's clock."), "observed_at"
            )
        people = (count.entered, count.exited, count.occupancy)
        if device.segment_id is not None:
            if any(v is not None for v in people):
                raise _refuse(
                    i, "wrong_measure", _("A road segment's device counts vehicles only."), "in"
                )
            if count.vehicles is None:
                raise _refuse(i, "no_count", _("The message carries no count."), "vehicles")
            if count.vehicles > MAX_VEHICLES_PER_SECOND * count.interval_seconds:
                raise _refuse(
                    i,
                    "implausible",
                    _("More vehicles than a road can carry in the interval."),
                    "vehicles",
                )
            continue
        if count.vehicles is not None:
            raise _refuse(
                i, "wrong_measure", _("A zone's device counts people, not vehicles."), "vehicles"
            )
        if all(v is None for v in people):
            raise _refuse(i, "no_count", _("The message carries no count."), "in")
        flow_limit = MAX_PEOPLE_PER_SECOND * count.interval_seconds
        for name, value in (("in", count.entered), ("out", count.exited)):
            if value is not None and value > flow_limit:
                raise _refuse(
                    i, "implausible", _("More people than a gate passes in the interval."), name
                )
        if count.occupancy is not None and count.occupancy > people_limit:
            raise _refuse(
                i, "implausible", _("That many people cannot stand in this zone."), "occupancy"
            )


def record_counts(device: CountingDevice, counts: Sequence[Count]) -> Recorded:
    now = timezone.now()
    check(device, counts, now)
    # The target's event is the device's, already loaded: the alerts and live events need it.
    for target in (device.zone, device.segment):
        if target is not None:
            target.event = device.event
    unique: dict[str, Count] = {}
    for count in counts:
        unique.setdefault(count.message_id, count)  # the first of an id sent twice in one batch
    with write_turn(), transaction.atomic():
        # The device's row is the lock that makes "not stored yet → store" safe on PostgreSQL:
        # two requests of one device take turns (SQLite's write transaction already is one).
        locked = CountingDevice.objects.select_for_update().get(pk=device.pk)
        if locked.revoked_at is not None:
            raise DomainError("unauthorized", _("Sign in first."), status=401)
        stored = set(
            CountMessage.objects.filter(device=device, message_id__in=list(unique)).values_list(
                "message_id", flat=True
            )
        )
        new = [count for message_id, count in unique.items() if message_id not in stored]
        insert_messages(
            [
                (
                    device.event_id,
                    device.pk,
                    device.zone_id,
                    device.segment_id,
                    c.message_id,
                    c.observed_at,
                    c.interval_seconds,
                    c.entered,
                    c.exited,
                    c.occupancy,
                    c.vehicles,
                )
                for c in new
            ],
            now,
        )
        _seen(locked, now)
        if new and device.zone is not None:
            _move_zone(device.zone, new, now)
        elif new and device.segment is not None:
            _move_segment(device.segment, now)
    return Recorded(stored=len(new), duplicates=len(counts) - len(new))


def _seen(device: CountingDevice, now: dt.datetime) -> None:
    back = device.stale_since is not None
    CountingDevice.objects.filter(pk=device.pk).update(last_seen=now, stale_since=None)
    if back:
        device.last_seen, device.stale_since = now, None
        record(SYSTEM, "sensors.device.back", device, event_id=device.event_id)
        DEVICE_BACK.emit(device.event, device_state(device))


def _move_zone(zone: Zone, new: Sequence[Count], now: dt.datetime) -> None:
    row = lock_occupancy(zone)
    absolutes = [c for c in new if c.occupancy is not None]
    latest = max(absolutes, key=lambda c: c.observed_at) if absolutes else None
    if latest is not None and (row.anchor_at is None or latest.observed_at > row.anchor_at):
        # A newer absolute count: it already includes every entry and exit before it.
        row.anchor, row.anchor_at = latest.occupancy or 0, latest.observed_at
        after = CountMessage.objects.filter(zone=zone, observed_at__gt=row.anchor_at)
        totals = after.aggregate(i=Sum("entered"), o=Sum("exited"))
        row.net = (totals["i"] or 0) - (totals["o"] or 0)
    else:
        row.net += sum(
            (c.entered or 0) - (c.exited or 0)
            for c in new
            if row.anchor_at is None or c.observed_at > row.anchor_at
        )
    row.occupancy = max(0, row.anchor + row.net)
    row.updated = now
    after_counts(zone, row, now)


def congestion(flow_per_hour: float, capacity_per_hour: int) -> Congestion:
    ratio = flow_per_hour / capacity_per_hour if capacity_per_hour else 0.0
    if ratio >= HEAVY_RATIO:
        return Congestion.HEAVY
    if ratio >= MODERATE_RATIO:
        return Congestion.MODERATE
    return Congestion.FREE


def _move_segment(segment: RoadSegment, now: dt.datetime) -> None:
    """Vehicles per hour over the last few minutes: each device's vehicles over the time its
    messages span (first to last, plus one interval), summed over the devices (one per
    direction, say). The span, not the sum of the intervals: a device that sends several
    messages a second, or one message sent twice under two ids, does not slow the road down."""
    per_device = (
        CountMessage.objects.filter(segment=segment, observed_at__gt=now - FLOW_WINDOW)
        .values("device")
        .annotate(
            vehicles=Sum("vehicles"),
            first=Min("observed_at"),
            last=Max("observed_at"),
            interval=Max("interval_seconds"),
        )
    )
    flow = 0.0
    for row in per_device:
        span = (row["last"] - row["first"]).total_seconds() + (row["interval"] or 1)
        flow += 3600 * (row["vehicles"] or 0) / span
    level = congestion(flow, segment.capacity_per_hour)
    moved = level != segment.level
    emit = moved or segment.emitted_at is None or now - segment.emitted_at >= EMIT_EVERY
    RoadSegment.objects.filter(pk=segment.pk).update(
        flow_per_hour=flow,
        level=level,
        measured_at=now,
        emitted_at=now if emit else F("emitted_at"),
    )
    if emit:
        SEGMENT_CHANGED.emit(
            segment.event,
            {
                "segment": segment.pk,
                "name": segment.name,
                "flow_per_hour": round(flow, 1),
                "capacity_per_hour": segment.capacity_per_hour,
                "level": str(level),
            },
        )
