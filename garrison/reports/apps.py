from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "garrison.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from garrison.core.nav import NavItem, register

        register(NavItem(_("Action plan"), "reports:plan", order=55))
