"""A unit's position from its field phone, shared by the officer while on shift.

The officer turns sharing on on the unit's page (off by default); the browser then sends a fix
now and then. The server takes one only from a member of that unit who is on shift now (forces'
roster), and refuses it once the shift is over, so that a phone left sharing after duty stops
being followed. A fix farther than ``FAR_M`` from every site is not the event's and is refused;
one with a huge accuracy radius is kept, marked unreliable. Nothing else is stored: the fix
replaces the unit's last one (no track is kept), and is purged with the event's personal data.
"""

from __future__ import annotations

import math
from typing import cast

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.core.errors import DomainError, NotFound
from garrison.events.geo import check_point, distance_m
from garrison.events.models import Site
from garrison.forces.models import Assignment as Shift
from garrison.forces.models import ForceMember, Unit
from garrison.ops.dispatch.services import (
    POSITION_FIELDS,
    can_crew,
    set_position,
    status_of,
    unit_feature,
)
from garrison.ops.dispatch.whereabouts import FAR_M, UNRELIABLE_M
from garrison.ops.live_events import UNIT_STATUS, UnitFeature
from garrison.ops.models import PositionSource, UnitStatus
from garrison.ops.roles import UNIT_CREW

# A radius beyond this is not a measurement at all (a phone reports up to a few kilometres).
MAX_ACCURACY_M = 100_000.0


def _check_on_shift(membership: Membership, unit: Unit) -> None:
    """The member is one of the unit's people and on shift now; else a 409 that says which."""
    now = timezone.now()
    shifts = Shift.objects.filter(
        event_id=membership.event_id,
        member__in=ForceMember.objects.filter(
            event_id=membership.event_id, user=membership.user, unit=unit
        ),
    )
    if shifts.filter(starts_at__lte=now, ends_at__gt=now).exists():
        return
    # The last shift begun has ended (whatever comes tomorrow): the phone left sharing stops.
    if shifts.filter(starts_at__lte=now).exists():
        raise DomainError(
            "shift_over",
            _("Your shift is over: your position is no longer shared."),
            status=409,
        )
    raise DomainError(
        "not_on_shift",
        _("You are not on shift with this unit now: your position is not shared."),
        status=409,
    )


def _check_near_the_event(membership: Membership, point: tuple[float, float]) -> None:
    sites = Site.objects.filter(event_id=membership.event_id).values_list("lat", "lon")
    distances = [distance_m(point, site) for site in sites]
    if distances and min(distances) > FAR_M:
        raise DomainError(
            "far_away",
            _("This position is %(km)d km from the nearest site of the event: not stored.")
            % {"km": round(min(distances) / 1000)},
            status=422,
            field="lat",
        )


def _check_accuracy(accuracy_m: float) -> float:
    if not math.isfinite(accuracy_m) or not 0 <= accuracy_m <= MAX_ACCURACY_M:
        raise DomainError(
            "invalid_accuracy",
            _("The accuracy must be between 0 and %(max)d metres.") % {"max": MAX_ACCURACY_M},
            status=422,
            field="accuracy",
        )
    return accuracy_m


def share_position(
    membership: Membership, unit: Unit, lat: float, lon: float, accuracy_m: float
) -> UnitStatus:
    """Store the unit's position from its officer's phone. Not audited, like the desk's
    ``report_position``: it is telemetry, every half minute, and the audit log must carry no
    personal data. Not sent on the live feed either: every member hears that, and only the desk
    may see a phone's position."""
    require_role(membership, UNIT_CREW)
    if not can_crew(membership, unit):
        raise NotFound()
    point = check_point(lat, lon)
    accuracy = _check_accuracy(accuracy_m)
    _check_on_shift(membership, unit)
    _check_near_the_event(membership, point)
    with transaction.atomic():
        row = status_of(unit, for_update=True)
        set_position(
            row,
            point,
            PositionSource.PHONE,
            timezone.now(),
            accuracy,
            unreliable=accuracy > UNRELIABLE_M,
        )
        row.save(update_fields=POSITION_FIELDS)
    return row


def stop_sharing(membership: Membership, unit: Unit) -> None:
    """The officer turned sharing off: the phone's last position goes with it."""
    require_role(membership, UNIT_CREW)
    if not can_crew(membership, unit):
        raise NotFound()
    with transaction.atomic():
        row = status_of(unit, for_update=True)
        if row.position_source != PositionSource.PHONE:
            return
        row.lat = row.lon = row.position_at = row.position_accuracy_m = None
        row.position_source, row.position_unreliable = "", False
        row.save(update_fields=POSITION_FIELDS)
        # The picture falls back to the unit's base, post or site.
        UNIT_STATUS.emit(
            membership.event, cast(UnitFeature, unit_feature(unit, row)), unit_ids=[unit.pk]
        )


# --- The purge of the event's positions (ops/personal.py) ------------------------------------


def _positions(event_id: int) -> QuerySet[UnitStatus]:
    return UnitStatus.objects.filter(event_id=event_id).filter(
        Q(lat__isnull=False)
        | Q(lon__isnull=False)
        | Q(position_at__isnull=False)
        | Q(position_accuracy_m__isnull=False)
        | Q(position_unreliable=True)
    )


def positions_pending(event_id: int) -> int:
    """How many of the event's units still hold a position."""
    return _positions(event_id).count()


def purge_positions(event_id: int, limit: int) -> int:
    """Empty the position of at most ``limit`` of the event's units (inside the purge's
    transaction); how many. The source is emptied by the declaration's own step."""
    pks = list(_positions(event_id).order_by("pk").values_list("pk", flat=True)[:limit])
    UnitStatus.objects.filter(pk__in=pks).update(
        lat=None, lon=None, position_at=None, position_accuracy_m=None, position_unreliable=False
    )
    return len(pks)
