"""The write path for enrolling a phone as a checkpoint's scanner with a one-time code, and for
noting which scans were of a short serial typed by the guard rather than a scanned QR."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Device, Membership
from garrison.accounts.services import enrol_device
from garrison.accreditation.credentials.verify import code_for_label
from garrison.audit.services import Actor, record
from garrison.checkin.models import Checkpoint, Enrolment, Scanner
from garrison.checkin.roles import OFFICERS
from garrison.core.db import write_turn
from garrison.core.errors import DomainError

ENROLMENT_MINUTES = 15
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud at a gate


def _actor(membership: Membership) -> Actor:
    return Actor.of_user(membership.user)


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
            # Not the phone's name: often its guard's (garrison.audit.services).
            after={"checkpoint": checkpoint.pk},
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


def typed_code(device: Device, text: str) -> str:
    """What a scan of a typed short serial is decided on: the signed QR text of the badge it
    names in the device's event (revoked versions too, so they are refused as revoked). Text
    that names no badge of this event stays as typed, and is refused as a forged code."""
    return code_for_label(device.event, text) or text


@dataclass(frozen=True)
class TypedScan:
    client_id: uuid.UUID
    label: str
    result: str


def note_typed(device: Device, scans: Sequence[TypedScan]) -> None:
    """Mark scans as typed, not scanned: a short serial has no signature, so the guard's
    comparison of the photo is all that stood behind the verdict. The scan row has no column for
    it; the audit log names each one by its id."""
    if not scans:
        return
    with write_turn(), transaction.atomic():
        for scan in scans:
            record(
                Actor.of_device(device),
                "checkin.scan.typed",
                event_id=device.event_id,
                object_type="checkin.scan",
                object_id=str(scan.client_id),
                object_repr=scan.label[:200],
                after={"label": scan.label, "result": scan.result},
            )
