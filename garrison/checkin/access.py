"""Event-scoped lookups: another event's checkpoint is 404, like one that does not exist."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from garrison.accounts.models import User
from garrison.checkin.models import Checkpoint
from garrison.events.models import Event


def access_checkpoint_by_id(user: User, event: Event, checkpoint_id: int) -> Checkpoint:
    return get_object_or_404(
        Checkpoint.objects.select_related("zone"),
        pk=checkpoint_id,
        event=event,
        event__memberships__user=user,
    )
