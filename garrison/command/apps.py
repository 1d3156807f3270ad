from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommandConfig(AppConfig):
    name = "garrison.command"
    label = "command"
    verbose_name = _("Command")

    def ready(self) -> None:
        from garrison.command import live_events, personal  # noqa: F401  (declarations)
        from garrison.command.roles import READERS
        from garrison.core.nav import NavItem, register

        register(NavItem(_("Sub-events"), "command:rollup", roles=frozenset(READERS), order=11))
