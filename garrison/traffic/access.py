"""Event-scoped lookups: another event's movement is 404, exactly like one that does not exist."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from garrison.accounts.access import reader_or_404
from garrison.accounts.models import User
from garrison.events.models import Event
from garrison.traffic.models import Closure, Movement, Notice


def access_movement_by_id(user: User, event: Event, movement_id: int) -> Movement:
    reader_or_404(user, event)
    return get_object_or_404(
        Movement.objects.select_related("origin", "destination"),
        pk=movement_id,
        event=event,
    )


def access_closure_by_id(user: User, event: Event, closure_id: int) -> Closure:
    reader_or_404(user, event)
    return get_object_or_404(Closure.objects.all(), pk=closure_id, event=event)


def access_notice_by_id(user: User, event: Event, notice_id: int) -> Notice:
    reader_or_404(user, event)
    return get_object_or_404(Notice.objects.all(), pk=notice_id, event=event)
