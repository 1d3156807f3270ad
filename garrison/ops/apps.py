from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OpsConfig(AppConfig):
    name = "garrison.ops"
    label = "ops"
    verbose_name = pgettext_lazy("desk", "Operations")

    def ready(self) -> None:
        from garrison.core.nav import NavItem, register
        from garrison.ops.roles import SETTINGS_EDITORS
        from garrison.ops.types import services as types

        # Every new event starts with the standard list of incident types.
        types.connect()
        from garrison.core.services import queue
        from garrison.ops.timers.services import check_all
        from garrison.ops.timers.watcher import INTERVAL_SECONDS

        # Missed response targets are noticed by the workers, one worker per round (or by the
        # demo's server itself).
        queue.watch(INTERVAL_SECONDS, "ops.timers", check_all)

        from garrison.core.glance import register_glance
        from garrison.ops import glance

        register_glance("incidents", 10, (), glance.incidents_card, live=glance.LIVE)
        register(NavItem(_("Live picture"), "ops:live", order=39))
        register(NavItem(_("Triage queue"), "ops:queue", order=40))
        register(NavItem(_("Incidents"), "ops:incidents", order=41))
        register(NavItem(_("Unit status"), "ops:units", order=42))
        register(NavItem(_("Response times"), "ops:stats", order=43))
        register(
            NavItem(
                _("Operations settings"),
                "ops:settings",
                roles=frozenset(SETTINGS_EDITORS),
                order=49,
            )
        )
