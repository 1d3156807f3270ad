from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Seconds between the workers' looks for events whose purge date has passed: a purge is due on
# a date, so an hour late is on time.
PURGE_EVERY = 3600.0


class EventsConfig(AppConfig):
    name = "garrison.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from garrison.core.nav import NavItem, register
        from garrison.core.services import queue

        # Every hour the workers queue the purge of each event whose purge date has passed.
        queue.every(PURGE_EVERY, "events.purge", _queue_due_purges)

        # Low order numbers: the event's own pages come first in every member's navigation.
        register(NavItem(_("Dashboard"), "events:dashboard", order=10))
        register(NavItem(_("Map"), "events:map", order=12))
        register(NavItem(_("Sites"), "events:sites", order=14))
        register(NavItem(_("Zones"), "events:zones", order=16))
        register(NavItem(_("Phases"), "events:phases", order=18))
        register(NavItem(_("Personal data"), "events:retention", order=19))


def _queue_due_purges() -> int:
    # Imported when a worker's schedule runs it, not when every command starts.
    from garrison.events.services.purge import queue_due_purges

    return queue_due_purges()
