from __future__ import annotations

from django.core.management.base import CommandError

from garrison.events.models import Event


def event_from_option(slug: str | None) -> Event:
    """The event named by ``--event``, or the only event when there is just one."""
    if slug:
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            raise CommandError(f"No event “{slug}”.")
        return event
    events = list(Event.objects.all()[:2])
    if len(events) != 1:
        raise CommandError("Name the event with --event SLUG.")
    return events[0]
