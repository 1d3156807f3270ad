from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DrillsConfig(AppConfig):
    name = "garrison.drills"
    label = "drills"
    verbose_name = _("Drills")

    def ready(self) -> None:
        from garrison.core.nav import NavItem, register
        from garrison.core.services import queue
        from garrison.drills.roles import READERS
        from garrison.drills.running.services.release import TICK_SECONDS, tick

        # Injects fall due by time passing: the workers look, one worker per tick (or the demo's
        # server itself, so that the live events of released injects reach open pages).
        queue.watch(TICK_SECONDS, "drills.release", tick)
        register(NavItem(_("Drills"), "drills:index", roles=frozenset(READERS), order=48))
