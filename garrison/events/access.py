"""Event-scoped lookups: an object of another event is 404, exactly like one that does not exist."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from garrison.accounts.access import reader_or_404
from garrison.accounts.models import User
from garrison.events.models import Event, Phase, Site, Zone


def access_site_by_id(user: User, event: Event, site_id: int) -> Site:
    reader_or_404(user, event)
    return get_object_or_404(Site, pk=site_id, event=event)


def access_zone_by_id(user: User, event: Event, zone_id: int) -> Zone:
    reader_or_404(user, event)
    return get_object_or_404(Zone.objects.select_related("site"), pk=zone_id, event=event)


def access_phase_by_id(user: User, event: Event, phase_id: int) -> Phase:
    reader_or_404(user, event)
    return get_object_or_404(Phase, pk=phase_id, event=event)
