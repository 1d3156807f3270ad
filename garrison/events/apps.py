from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "garrison.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from garrison.core.nav import NavItem, register

        # Low order numbers: the event's own pages come first in every member's navigation.
        register(NavItem(_("Dashboard"), "events:dashboard", order=10))
        register(NavItem(_("Map"), "events:map", order=12))
        register(NavItem(_("Sites"), "events:sites", order=14))
        register(NavItem(_("Zones"), "events:zones", order=16))
        register(NavItem(_("Phases"), "events:phases", order=18))
        register(NavItem(_("Personal data"), "events:retention", order=19))
