"""Counting devices and road segments: add, issue a token, revoke; and who holds a token.

A token is made, shown once and forgotten: only its SHA-256 is kept (``accounts.models.
hash_token``, as for scanner devices), so a copy of the database cannot post counts. Issuing a
new token replaces the old one at once; revoking stops the device's next request.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership, hash_token
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.core.validate import text as clean_text
from garrison.events.models import Zone
from garrison.sensors.models import CountingDevice, DeviceKind, RoadSegment
from garrison.sensors.roles import MANAGERS

TOKEN_PREFIX = "gs_"  # noqa: S105 - the public prefix that marks a sensor token, not a secret
MAX_TOKEN = 200


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def authenticate(token: str) -> CountingDevice | None:
    """The active device holding ``token``, or None. Looked up at every request, so a revoked
    or reissued token stops working on the very next one."""
    if not token or len(token) > MAX_TOKEN:
        return None
    device = (
        CountingDevice.objects.select_related("event", "zone", "segment")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if device is None or device.revoked_at is not None:
        return None
    return device


@dataclass
class DeviceData:
    name: str
    kind: str
    zone_id: int | None = None
    segment_id: int | None = None


def _summary(device: CountingDevice) -> dict[str, Any]:
    return {
        "name": device.name,
        "kind": device.kind,
        "zone": device.zone_id,
        "segment": device.segment_id,
        "active": device.revoked_at is None,
    }


def add_device(membership: Membership, data: DeviceData) -> tuple[CountingDevice, str]:
    """A new counting device for one zone or one road segment, and its token (shown once)."""
    require_role(membership, MANAGERS)
    name = clean_text(data.name, "name", max_length=120, one_line=True)
    if data.kind not in DeviceKind.values:
        raise DomainError("invalid_kind", _("Choose the kind of device."), field="kind")
    if (data.zone_id is None) == (data.segment_id is None):
        raise DomainError(
            "one_target", _("A device counts either a zone or a road segment."), field="zone"
        )
    zone = segment = None
    if data.zone_id is not None:
        zone = Zone.objects.filter(pk=data.zone_id, event_id=membership.event_id).first()
        if zone is None:
            raise DomainError("unknown_zone", _("No such zone in this event."), field="zone")
    elif data.segment_id is not None:
        segment = RoadSegment.objects.filter(
            pk=data.segment_id, event_id=membership.event_id
        ).first()
        if segment is None:
            raise DomainError(
                "unknown_segment", _("No such road segment in this event."), field="segment"
            )
    if CountingDevice.objects.filter(event_id=membership.event_id, name=name).exists():
        raise DomainError(
            "name_taken", _("Another device already has this name."), status=409, field="name"
        )
    token = new_token()
    with transaction.atomic():
        device = CountingDevice.objects.create(
            event_id=membership.event_id,
            name=name,
            kind=data.kind,
            zone=zone,
            segment=segment,
            token_hash=hash_token(token),
            token_prefix=token[:8],
        )
        record(
            Actor.of_user(membership.user),
            "sensors.device.added",
            device,
            event_id=membership.event_id,
            after=_summary(device),
        )
    return device, token


def _locked(membership: Membership, device: CountingDevice) -> CountingDevice:
    require_role(membership, MANAGERS)
    if device.event_id != membership.event_id:
        raise DomainError("not_found", _("Not found"), status=404)
    return CountingDevice.objects.select_for_update().get(pk=device.pk)


def issue_token(membership: Membership, device: CountingDevice) -> str:
    """A new token for ``device`` (shown once); the old one stops working. Also brings a revoked
    device back: revoking is how a lost device is cut off, a new token how it is set up again."""
    token = new_token()
    with transaction.atomic():
        locked = _locked(membership, device)
        before = _summary(locked)
        locked.token_hash, locked.token_prefix = hash_token(token), token[:8]
        locked.revoked_at = None
        locked.save(update_fields=["token_hash", "token_prefix", "revoked_at"])
        record(
            Actor.of_user(membership.user),
            "sensors.device.token_issued",
            locked,
            event_id=membership.event_id,
            before=before,
            after=_summary(locked),
        )
    return token


def revoke_device(membership: Membership, device: CountingDevice) -> CountingDevice:
    with transaction.atomic():
        locked = _locked(membership, device)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            record(
                Actor.of_user(membership.user),
                "sensors.device.revoked",
                locked,
                event_id=membership.event_id,
                before={"active": True},
                after={"active": False},
            )
    return locked


# --- Road segments -------------------------------------------------------------------------------


@dataclass
class SegmentData:
    name: str
    line: Any
    capacity_per_hour: int


def clean_line(value: Any) -> list[list[float]]:
    """GeoJSON LineString coordinates (or the geometry, or a Feature holding it): 2–500 points
    [longitude, latitude] on the Earth."""
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if isinstance(value, dict) and value.get("type") == "LineString":
        value = value.get("coordinates")
    problem = DomainError(
        "invalid_line",
        _("Draw the segment as a GeoJSON LineString of 2 to 500 [longitude, latitude] points."),
        field="line",
    )
    if not isinstance(value, list) or not 2 <= len(value) <= 500:
        raise problem
    points = []
    for pos in value:
        if (
            not isinstance(pos, list | tuple)
            or len(pos) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in pos[:2])
            or not (-180 <= pos[0] <= 180 and -90 <= pos[1] <= 90)
        ):
            raise problem
        points.append([float(pos[0]), float(pos[1])])
    return points


def add_segment(membership: Membership, data: SegmentData) -> RoadSegment:
    require_role(membership, MANAGERS)
    name = clean_text(data.name, "name", max_length=200, one_line=True)
    line = clean_line(data.line)
    if not 1 <= data.capacity_per_hour <= 100_000:
        raise DomainError(
            "invalid_capacity",
            _("Give the capacity in vehicles per hour, from 1 to 100,000."),
            field="capacity_per_hour",
        )
    if RoadSegment.objects.filter(event_id=membership.event_id, name=name).exists():
        raise DomainError(
            "name_taken", _("Another segment already has this name."), status=409, field="name"
        )
    with transaction.atomic():
        segment = RoadSegment.objects.create(
            event_id=membership.event_id,
            name=name,
            line=line,
            capacity_per_hour=data.capacity_per_hour,
        )
        record(
            Actor.of_user(membership.user),
            "sensors.segment.added",
            segment,
            event_id=membership.event_id,
            after={"name": name, "capacity_per_hour": data.capacity_per_hour, "points": len(line)},
        )
    return segment
