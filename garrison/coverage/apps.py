from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "garrison.coverage"
    label = "coverage"
    verbose_name = _("Team placement")

    def ready(self) -> None:
        from garrison.core.nav import NavItem, register
        from garrison.core.services import queue
        from garrison.coverage.live_demand.services import CHECK_EVERY, check_live_demand

        # The live crowd moves the demand: the check (workers, or the demo's server: queue.watch)
        # queues the latest placement to be solved again by the workers.
        queue.watch(CHECK_EVERY, "coverage.live_demand", check_live_demand)
        register(NavItem(_("Team placement"), "coverage:placements", order=62))
