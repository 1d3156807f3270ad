from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Seconds between the rounds that find late patrols: an alert comes at most this long after a
# grace period ends (the issue asks for 60 s).
CHECK_EVERY = 15.0


class PatrolsConfig(AppConfig):
    name = "garrison.patrols"
    label = "patrols"
    verbose_name = _("Patrols")

    def ready(self) -> None:
        from garrison.core.nav import NavItem, register
        from garrison.core.services import queue
        from garrison.patrols.roles import PLANNERS
        from garrison.patrols.services.rounds import check_rounds

        queue.watch(CHECK_EVERY, "patrols.rounds", check_rounds)
        register(NavItem(_("Patrols"), "patrols:tours", order=47))
        register(NavItem(_("Patrol points"), "patrols:points", roles=frozenset(PLANNERS), order=48))
