"""Event-scoped lookups: another event's checkpoint is 404, like one that does not exist; and
the checkpoint a scanner device serves."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from garrison.accounts.access import reader_or_404
from garrison.accounts.models import Device, User
from garrison.checkin.models import Checkpoint, Scanner
from garrison.core.errors import DomainError
from garrison.events.models import Event


def access_checkpoint_by_id(user: User, event: Event, checkpoint_id: int) -> Checkpoint:
    reader_or_404(user, event)
    return get_object_or_404(
        Checkpoint.objects.select_related("zone"),
        pk=checkpoint_id,
        event=event,
    )


def checkpoint_of(device: Device) -> Checkpoint:
    scanner = Scanner.objects.select_related("checkpoint__zone").filter(device=device).first()
    if scanner is None:
        raise DomainError(
            "no_checkpoint", _("This device is not bound to a checkpoint."), status=403
        )
    return scanner.checkpoint
