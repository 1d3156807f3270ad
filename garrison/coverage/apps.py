from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "garrison.coverage"
    label = "coverage"
    verbose_name = _("Team placement")

    def ready(self) -> None:
        from garrison.core.nav import NavItem, register

        register(NavItem(_("Team placement"), "coverage:placements", order=62))
