from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from garrison.reports.sitreps.models import Sitrep


class CommandConfig(AppConfig):
    name = "garrison.command"
    label = "command"
    verbose_name = _("Command")

    def ready(self) -> None:
        from garrison.command import live_events, personal  # noqa: F401  (declarations)
        from garrison.command.roles import READERS
        from garrison.core.nav import NavItem, register
        from garrison.reports.sitreps.services import SITREP_PUBLISHED

        register(NavItem(_("Sub-events"), "command:rollup", roles=frozenset(READERS), order=11))
        # A sub-event's published situation report is its report up to the parent's board.
        SITREP_PUBLISHED.connect(_forward_sitrep, dispatch_uid="command.forward_sitrep")


def _forward_sitrep(sender: object, sitrep: Sitrep, **kwargs: object) -> None:
    from garrison.command.services import forward_sitrep

    forward_sitrep(sitrep)
