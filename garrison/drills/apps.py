from __future__ import annotations

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class DrillsConfig(AppConfig):
    name = "garrison.drills"
    label = "drills"
    verbose_name = _("Drills")

    def ready(self) -> None:
        from garrison.core.nav import NavItem, register
        from garrison.drills.roles import READERS
        from garrison.drills.running.services.release import TICK_SECONDS, tick

        if settings.GARRISON_TIMERS_IN_SERVER:
            # The demo's single server (in-memory live layer): released there, like the timers.
            from garrison.core.lifespan import on_startup
            from garrison.drills.running.watcher import release_forever

            on_startup(release_forever)
        else:
            from garrison.core.services import queue

            # Injects fall due by time passing: the workers look, one worker per tick.
            queue.every(TICK_SECONDS, "drills.release", tick)
        register(NavItem(_("Drills"), "drills:index", roles=frozenset(READERS), order=48))
