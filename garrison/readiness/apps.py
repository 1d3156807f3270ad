from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    name = "garrison.readiness"
    label = "readiness"
    verbose_name = _("Readiness")

    def ready(self) -> None:
        from garrison.core.nav import NavItem, register
        from garrison.core.services import queue
        from garrison.readiness.alerts.services import ALERT_EVERY_SECONDS, check_all

        # Expiry and inspection dates coming up are noticed by the workers, one per round (or by
        # the demo's server, whose open pages a worker's alert could not reach: queue.watch).
        queue.watch(ALERT_EVERY_SECONDS, "readiness.alerts", check_all)
        register(NavItem(_("Readiness"), "readiness:board", order=50))
        register(NavItem(_("Resources"), "readiness:resources", order=51))
        register(NavItem(_("Communications plan"), "readiness:comms", order=52))
        register(NavItem(_("Medical plan"), "readiness:medical", order=53))
        register(NavItem(_("Safety message"), "readiness:safety", order=54))
