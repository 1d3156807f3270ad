from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "garrison.planning"
    label = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from garrison.core.glance import register_glance
        from garrison.core.nav import NavItem, register
        from garrison.planning import glance
        from garrison.planning.roles import PLANNERS

        register_glance("tasks", 20, (), glance.tasks_card, live=glance.LIVE)
        register(NavItem(_("Tasks"), "planning:tasks", order=20))
        register(NavItem(_("Progress"), "planning:progress", order=22))
        register(NavItem(_("Daily digest"), "planning:digest", roles=frozenset(PLANNERS), order=22))
        register(NavItem(_("Risks"), "planning:risks", order=23))
        register(NavItem(_("Meetings"), "planning:meetings", order=24))
        register(NavItem(_("Inspections"), "planning:inspections", order=25))
