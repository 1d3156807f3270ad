from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinConfig(AppConfig):
    name = "garrison.checkin"
    label = "checkin"
    verbose_name = _("Check-in")

    def ready(self) -> None:
        from garrison.checkin import glance
        from garrison.checkin.roles import OFFICERS
        from garrison.core.glance import register_glance
        from garrison.core.nav import NavItem, register

        register_glance("occupancy", 30, (), glance.occupancy_card, live=glance.LIVE)
        officers = frozenset(OFFICERS)
        register(NavItem(_("Checkpoints"), "checkin:checkpoints", roles=officers, order=44))
        register(NavItem(_("Scans"), "checkin:scans", roles=officers, order=45))
        register(NavItem(_("Occupancy"), "checkin:occupancy", order=46))
