from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrafficConfig(AppConfig):
    name = "garrison.traffic"
    label = "traffic"
    verbose_name = _("Traffic")

    def ready(self) -> None:
        from garrison.core.glance import register_glance
        from garrison.core.nav import NavItem, register
        from garrison.traffic import glance

        register_glance("closures", 50, (), glance.closures_card, live=glance.LIVE)
        register(NavItem(_("Movements"), "traffic:movements", order=40))
        register(NavItem(_("Closures"), "traffic:closures", order=41))
        register(NavItem(_("Notices"), "traffic:notices", order=42))
