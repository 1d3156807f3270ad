"""The write path for checkpoints, scanner enrolment and scans (decided in ``checkin.scans``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Device, Membership, Role
from garrison.accounts.services import enrol_device
from garrison.audit.services import Actor, record
from garrison.checkin import committer
from garrison.checkin.live_events import CHECKPOINT_CREATED, CHECKPOINT_DELETED, CHECKPOINT_UPDATED
from garrison.checkin.models import Checkpoint, Direction, Enrolment, Scanner
from garrison.checkin.scans import Outcome, Pending, Result, ScanData, record_batch
from garrison.core.db import write_turn
from garrison.core.errors import DomainError
from garrison.events.models import Zone

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
        CHECKPOINT_CREATED.emit(membership.event, {"id": checkpoint.pk})
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
        CHECKPOINT_UPDATED.emit(membership.event, {"id": locked.pk})
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
        CHECKPOINT_DELETED.emit(membership.event, {"id": pk})


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


# --- Scans (decided in ``checkin.scans``, many per transaction) --------------------------------


def record_scan(token: str, data: ScanData) -> Outcome:
    """Decide and record one scan made online by the device holding ``token``, committed
    together with the scans other gates send meanwhile (``checkin.committer``)."""
    result = committer.submit(token, data)
    if isinstance(result, DomainError):
        raise result
    return result


SYNC_CHUNK = 500  # one durable commit per upload (the API takes 500): it holds online scans ~35 ms


def record_uploaded(device: Device, uploaded: Sequence[tuple[ScanData, str]]) -> list[Result]:
    """Scans a phone made offline, each with the verdict it showed then. Each is stored once
    (its id), also when the server would now refuse it — it already happened — and flagged
    when the server's verdict differs; presence follows what happened at the gate."""
    checkpoint = checkpoint_of(device)
    items = [Pending(device, checkpoint, data, True, verdict) for data, verdict in uploaded]
    results: list[Result] = []
    for start in range(0, len(items), SYNC_CHUNK):
        with write_turn():
            results.extend(record_batch(items[start : start + SYNC_CHUNK]))
    return results
