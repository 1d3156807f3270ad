from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SITREP_CHECK_EVERY = 30.0  # seconds: a set time is met within half a minute


class ReportsConfig(AppConfig):
    name = "garrison.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from garrison.core.nav import NavItem, register
        from garrison.core.services import queue

        # Publications whose worker died are queued again (or failed) by the workers' sweep.
        queue.on_sweep(_recover_lost_publications)
        # The situation reports' set times: the workers check them, one per round (or the demo's
        # server: queue.watch); each set time is published once whoever gets there first.
        queue.watch(SITREP_CHECK_EVERY, "reports.sitreps", _publish_due_sitreps)
        register(NavItem(_("Action plan"), "reports:plan", order=55))
        register(NavItem(_("Units' pages"), "reports:unit_list", order=56))
        register(NavItem(_("Situation reports"), "reports:sitreps", order=57))


def _recover_lost_publications() -> int:
    # Imported when a worker sweeps, not when every command starts: the PDF maker is large.
    from garrison.reports.publishing import services as publishing

    return publishing.recover_lost()


def _publish_due_sitreps() -> int:
    from garrison.reports.sitreps import services as sitreps

    return sitreps.run_due()
