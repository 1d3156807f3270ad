"""The write path for checkpoints, scanner enrolment and scans.

``record_scan`` reads like the procedure it is: skip a repeated scan id → verify the code
(signature, key, revocation) → validity and zone rules → lock the holder's presence row →
anti-passback → record the scan, refused ones too → update presence → notify after commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.devices import enrol_device
from garrison.accounts.models import Device, Membership, Role
from garrison.accreditation.verify import check_code
from garrison.audit.services import Actor, record
from garrison.checkin.models import Checkpoint, Direction, Enrolment, Presence, Scan, Scanner
from garrison.checkin.rules import OK, decide
from garrison.core.errors import DomainError
from garrison.core.live import emit
from garrison.events.models import Event, Zone

OFFICERS: tuple[Role, ...] = (Role.COMMANDER, Role.ACCREDITATION_OFFICER)
ENROLMENT_MINUTES = 15
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud at a gate


def _actor(membership: Membership) -> Actor:
    return Actor.of_user(membership.user)


# --- Checkpoints --------------------------------------------------------------------------------


@dataclass
class CheckpointData:
    name: str
    zone_id: int
    direction: str


def checkpoint_summary(checkpoint: Checkpoint) -> dict[str, Any]:
    return {
        "name": checkpoint.name,
        "zone_id": checkpoint.zone_id,
        "direction": checkpoint.direction,
    }


def _clean_checkpoint(membership: Membership, data: CheckpointData) -> CheckpointData:
    name = " ".join((data.name or "").split())
    if not name or len(name) > 120:
        raise DomainError("invalid_name", _("Give a name of at most 120 characters."), field="name")
    if data.direction not in Direction.values:
        raise DomainError("invalid_choice", _("Unknown direction."), field="direction")
    if not Zone.objects.filter(pk=data.zone_id, event_id=membership.event_id).exists():
        raise DomainError("unknown_zone", _("Not a zone of this event."), field="zone_id")
    return CheckpointData(name, data.zone_id, data.direction)


def _unique_name(membership: Membership, name: str, exclude: int | None = None) -> None:
    taken = Checkpoint.objects.filter(event_id=membership.event_id, name=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise DomainError(
            "duplicate_name", _("Another checkpoint already has this name."), field="name"
        )


def create_checkpoint(membership: Membership, data: CheckpointData) -> Checkpoint:
    require_role(membership, OFFICERS)
    data = _clean_checkpoint(membership, data)
    with transaction.atomic():
        _unique_name(membership, data.name)
        checkpoint = Checkpoint.objects.create(event_id=membership.event_id, **data.__dict__)
        record(
            _actor(membership),
            "checkin.checkpoint.created",
            checkpoint,
            event_id=membership.event_id,
            after=checkpoint_summary(checkpoint),
        )
        emit(membership.event, "checkin.checkpoint.created", {"id": checkpoint.pk})
    return checkpoint


def update_checkpoint(
    membership: Membership, checkpoint: Checkpoint, data: CheckpointData
) -> Checkpoint:
    require_role(membership, OFFICERS)
    data = _clean_checkpoint(membership, data)
    with transaction.atomic():
        locked = Checkpoint.objects.select_for_update().get(
            pk=checkpoint.pk, event_id=membership.event_id
        )
        _unique_name(membership, data.name, exclude=locked.pk)
        before = checkpoint_summary(locked)
        for name, value in data.__dict__.items():
            setattr(locked, name, value)
        locked.save()
        record(
            _actor(membership),
            "checkin.checkpoint.updated",
            locked,
            event_id=membership.event_id,
            before=before,
            after=checkpoint_summary(locked),
        )
        emit(membership.event, "checkin.checkpoint.updated", {"id": locked.pk})
    return locked


def delete_checkpoint(membership: Membership, checkpoint: Checkpoint) -> None:
    require_role(membership, OFFICERS)
    with transaction.atomic():
        before = checkpoint_summary(checkpoint)
        pk = checkpoint.pk
        try:
            with transaction.atomic():
                checkpoint.delete()
        except ProtectedError as exc:  # pragma: no cover - nothing protects a checkpoint yet
            raise DomainError("in_use", _("The checkpoint is in use."), status=409) from exc
        record(
            _actor(membership),
            "checkin.checkpoint.deleted",
            None,
            event_id=membership.event_id,
            object_type="checkin.checkpoint",
            object_id=str(pk),
            object_repr=before["name"],
            before=before,
        )
        emit(membership.event, "checkin.checkpoint.deleted", {"id": pk})


# --- Enrolment ----------------------------------------------------------------------------------


def _hash_code(code: str) -> str:
    normalised = "".join(code.split()).replace("-", "").upper()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def start_enrolment(
    membership: Membership, checkpoint: Checkpoint, name: str
) -> tuple[Enrolment, str]:
    """A one-time code (shown once to the officer) that turns a phone into this gate's scanner."""
    require_role(membership, OFFICERS)
    if checkpoint.event_id != membership.event_id:
        raise DomainError("not_found", _("Not found."), status=404)
    name = " ".join((name or "").split())
    if not name or len(name) > 120:
        raise DomainError(
            "invalid_name", _("Give the device a name of at most 120 characters."), field="name"
        )
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))  # ~49 bits
    code = f"{raw[:5]}-{raw[5:]}"
    with transaction.atomic():
        enrolment = Enrolment.objects.create(
            event_id=membership.event_id,
            checkpoint=checkpoint,
            name=name,
            code_hash=_hash_code(code),
            created_by=membership.user,
            expires_at=timezone.now() + dt.timedelta(minutes=ENROLMENT_MINUTES),
        )
        record(
            _actor(membership),
            "checkin.enrolment.started",
            enrolment,
            event_id=membership.event_id,
            after={"checkpoint": checkpoint.pk, "name": name},
        )
    return enrolment, code


def redeem_enrolment(code: str) -> tuple[Device, str, Checkpoint]:
    """The phone's side: the code becomes a device token bound to the checkpoint. Once only."""
    refused = DomainError(
        "invalid_enrolment", _("This code is unknown, expired or already used."), status=400
    )
    if not isinstance(code, str) or len(code) > 40:
        raise refused
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("checkpoint", "event")
            .filter(code_hash=_hash_code(code))
            .first()
        )
        if (
            enrolment is None
            or enrolment.used_at is not None
            or enrolment.expires_at < timezone.now()
        ):
            raise refused
        creator = (
            Membership.objects.select_related("user", "event")
            .filter(user_id=enrolment.created_by_id, event_id=enrolment.event_id)
            .first()
        )
        if creator is None or creator.role not in OFFICERS:
            raise refused  # the officer lost their role since: the code dies with it
        device, token = enrol_device(creator, enrolment.name)
        Scanner.objects.create(device=device, checkpoint=enrolment.checkpoint)
        enrolment.used_at = timezone.now()
        enrolment.device = device
        enrolment.save(update_fields=["used_at", "device"])
        record(
            Actor.of_device(device),
            "checkin.enrolment.redeemed",
            enrolment,
            event_id=enrolment.event_id,
            after={"device": device.pk, "checkpoint": enrolment.checkpoint_id},
        )
    return device, token, enrolment.checkpoint


def checkpoint_of(device: Device) -> Checkpoint:
    scanner = Scanner.objects.select_related("checkpoint__zone").filter(device=device).first()
    if scanner is None:
        raise DomainError(
            "no_checkpoint", _("This device is not bound to a checkpoint."), status=403
        )
    return scanner.checkpoint


# --- Scans --------------------------------------------------------------------------------------


@dataclass
class ScanData:
    client_id: uuid.UUID
    code: str
    direction: str
    scanned_at: dt.datetime | None = None


@dataclass(frozen=True)
class Outcome:
    scan: Scan
    repeated: bool  # the same client_id was already stored: this is that scan's answer
    holder: Any = None  # the Person, when the badge is genuine and opens this zone


def _context(
    event: Event, checkpoint: Checkpoint, text: str, direction: str, now: dt.datetime
) -> tuple[dict[str, Any], Any]:
    checked = check_code(event, text)
    payload, credential = checked.payload, checked.credential
    local = now.astimezone(event.tzinfo)
    zone_key = str(checkpoint.zone_id)
    window = (credential.windows.get(zone_key) if credential else None) or [None] * 4
    values: dict[str, Any] = {
        "decoded": payload is not None,
        "key_known": checked.code != "unknown_key",
        "signature_ok": checked.code != "invalid_code",
        "revoked": checked.code == "revoked",
        "now": int(now.timestamp()),
        "valid_from": payload.valid_from if payload else None,
        "valid_until": payload.valid_until if payload else None,
        "zone": checkpoint.zone_id,
        "zones": list(payload.zones) if payload else [],
        "today": local.date().isoformat(),
        "minute": local.hour * 60 + local.minute,
        "window_first_day": window[0],
        "window_last_day": window[1],
        "window_start": window[2],
        "window_end": window[3],
        "direction": direction,
    }
    return values, checked


def _presence(event: Event, zone_id: int, serial: int) -> Presence:
    """The holder's presence row, created if need be, then locked (SELECT … FOR UPDATE).

    Two gates scanning one badge at the same instant both reach here; the second waits on the
    lock until the first commits and then reads ``inside=True``: one entry, one already_inside.
    """
    try:
        with transaction.atomic():
            Presence.objects.get_or_create(event=event, zone_id=zone_id, serial=serial)
    except IntegrityError:
        pass  # created by the concurrent scan a moment ago
    return Presence.objects.select_for_update().get(zone_id=zone_id, serial=serial)


def record_scan(
    device: Device, data: ScanData, *, offline: bool = False, client_result: str | None = None
) -> Outcome:
    """Decide and record one scan. ``offline``: it already happened on a phone that decided
    ``client_result`` on its own; it is stored whatever the server now thinks (flagged when the
    two differ), and presence follows what happened at the gate."""
    event = device.event
    checkpoint = checkpoint_of(device)
    direction = data.direction
    if direction not in (Direction.ENTRY, Direction.EXIT) or not checkpoint.allows(direction):
        raise DomainError(
            "direction_not_allowed",
            _("This checkpoint does not take scans in this direction."),
            field="direction",
        )
    existing = Scan.objects.filter(client_id=data.client_id).first()
    if existing is not None:
        return _repeat(device, existing)
    now = timezone.now()
    scanned_at = data.scanned_at or now
    # Online, the server's clock decides (a phone's clock may be wrong); a scan made offline is
    # judged at the moment it happened.
    decided_at = scanned_at if offline else now
    try:
        with transaction.atomic():
            values, checked = _context(event, checkpoint, data.code, direction, decided_at)
            presence: list[Presence] = []
            payload = checked.payload

            def inside() -> bool:
                assert payload is not None  # noqa: S101 - steps before this need a decoded code
                presence.append(_presence(event, checkpoint.zone_id, payload.serial))
                return presence[0].inside

            values["inside"] = inside
            result = decide(values)
            # Who went through is what the gate did: the server's verdict online, the phone's
            # offline (the person is already in, whatever the server would say now).
            admitted = (client_result == OK) if offline else (result == OK)
            if admitted and payload is not None:
                if not presence:
                    presence.append(_presence(event, checkpoint.zone_id, payload.serial))
                presence[0].inside = direction == Direction.ENTRY
                presence[0].save(update_fields=["inside", "updated"])
            scan = Scan.objects.create(
                event=event,
                client_id=data.client_id,
                device=device,
                checkpoint=checkpoint,
                zone_id=checkpoint.zone_id,
                direction=direction,
                serial=payload.serial if payload else None,
                version=payload.version if payload else None,
                result=result,
                scanned_at=scanned_at,
                offline=offline,
                flagged=offline and client_result != result,
            )
            emit(
                event,
                "checkin.scan.recorded",
                {
                    "checkpoint": checkpoint.pk,
                    "zone": checkpoint.zone_id,
                    "direction": direction,
                    "result": result,
                },
            )
    except IntegrityError:
        # The same client_id committed by a concurrent request: that one is the scan.
        existing = Scan.objects.filter(client_id=data.client_id).first()
        if existing is None:
            raise
        return _repeat(device, existing)
    holder = None
    credential = checked.credential
    if credential is not None and checked.code is None and checkpoint.zone_id in credential.zones:
        holder = credential.person
    return Outcome(scan, repeated=False, holder=holder)


def _repeat(device: Device, scan: Scan) -> Outcome:
    if scan.event_id != device.event_id or scan.device_id != device.pk:
        # A UUID is the phone's own; another device reusing it is a client bug or a probe.
        raise DomainError("scan_id_taken", _("This scan id belongs to another device."), status=409)
    return Outcome(scan, repeated=True)
