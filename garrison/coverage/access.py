"""Event-scoped lookups: another event's placement is 404, exactly like one that does not exist."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from garrison.accounts.access import reader_or_404
from garrison.accounts.models import User
from garrison.coverage.models import Placement
from garrison.events.models import Event


def access_placement_by_id(user: User, event: Event, placement_id: int) -> Placement:
    reader_or_404(user, event)
    return get_object_or_404(Placement.objects.all(), pk=placement_id, event=event)


def latest_placement(event: Event) -> Placement | None:
    return Placement.objects.filter(event=event).first()
