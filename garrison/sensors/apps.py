from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SensorsConfig(AppConfig):
    name = "garrison.sensors"
    label = "sensors"
    verbose_name = _("Sensors")

    def ready(self) -> None:
        from garrison.core.nav import NavItem, register
        from garrison.core.services import queue
        from garrison.sensors.services.stale import CHECK_EVERY, check_stale

        # A silent device is noticed by the workers, or by the demo's server (queue.watch).
        queue.watch(CHECK_EVERY, "sensors.stale", check_stale)
        register(NavItem(_("Crowd and traffic counts"), "sensors:overview", order=47))
