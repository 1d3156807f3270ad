from __future__ import annotations

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SensorsConfig(AppConfig):
    name = "garrison.sensors"
    label = "sensors"
    verbose_name = _("Sensors")

    def ready(self) -> None:
        from garrison.core.nav import NavItem, register
        from garrison.sensors.services.stale import CHECK_EVERY, check_stale

        if settings.GARRISON_TIMERS_IN_SERVER:
            # The demo's one server process: a stale alert must reach its open pages, which a
            # worker process with the in-memory channel layer cannot (ops.timers.watcher).
            from garrison.core.lifespan import on_startup
            from garrison.sensors.watcher import watch_forever

            on_startup(watch_forever)
        else:
            from garrison.core.services import queue

            queue.every(CHECK_EVERY, "sensors.stale", check_stale)

        register(NavItem(_("Crowd and traffic counts"), "sensors:overview", order=47))
