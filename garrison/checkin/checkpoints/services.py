"""The write path for checkpoints (enrolling their scanners: ``scanner.services``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.checkin.live_events import CHECKPOINT_CREATED, CHECKPOINT_DELETED, CHECKPOINT_UPDATED
from garrison.checkin.models import Checkpoint, Direction
from garrison.checkin.roles import OFFICERS
from garrison.core.errors import DomainError
from garrison.events.models import Zone


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
