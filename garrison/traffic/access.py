"""Event-scoped lookups: another event's movement is 404, exactly like one that does not exist."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from garrison.accounts.models import User
from garrison.events.models import Event
from garrison.traffic.models import Movement


def access_movement_by_id(user: User, event: Event, movement_id: int) -> Movement:
    return get_object_or_404(
        Movement.objects.select_related("origin", "destination"),
        pk=movement_id,
        event=event,
        event__memberships__user=user,
    )
