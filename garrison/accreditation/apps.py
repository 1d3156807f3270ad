from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "garrison.accreditation"
    label = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self) -> None:
        from garrison.accreditation.roles import OFFICERS
        from garrison.core.nav import NavItem, register
        from garrison.core.services import queue

        # Batches whose worker died are queued again (or failed) by the workers' sweep.
        queue.on_sweep(_recover_lost_batches)

        officers = frozenset(OFFICERS)
        register(NavItem(_("People"), "accreditation:people", roles=officers, order=40))
        register(NavItem(_("Categories"), "accreditation:categories", roles=officers, order=41))
        register(NavItem(_("Access matrix"), "accreditation:matrix", roles=officers, order=42))
        register(NavItem(_("Badges"), "accreditation:badges", roles=officers, order=43))


def _recover_lost_batches() -> int:
    # Imported when a worker sweeps, not when every command starts: the PDF maker is large.
    from garrison.accreditation.badges import services as badge_jobs

    return badge_jobs.recover_lost()
