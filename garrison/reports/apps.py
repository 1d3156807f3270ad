from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "garrison.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from garrison.core.nav import NavItem, register
        from garrison.core.services import queue

        # Publications whose worker died are queued again (or failed) by the workers' sweep.
        queue.on_sweep(_recover_lost_publications)
        register(NavItem(_("Action plan"), "reports:plan", order=55))
        register(NavItem(_("Units' pages"), "reports:unit_list", order=56))


def _recover_lost_publications() -> int:
    # Imported when a worker sweeps, not when every command starts: the PDF maker is large.
    from garrison.reports import publishing

    return publishing.recover_lost()
