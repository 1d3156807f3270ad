from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForcesConfig(AppConfig):
    name = "garrison.forces"
    label = "forces"
    verbose_name = _("Forces")

    def ready(self) -> None:
        from garrison.accounts.scope import register_subtree_resolver, register_unit_check
        from garrison.core.nav import NavItem, register
        from garrison.core.services import queue
        from garrison.forces.units.tree import is_unit_of, subtree_ids

        # From now on a unit commander's scope is their unit and every unit under it, and a
        # membership may name only a unit of its own event.
        register_subtree_resolver(subtree_ids)
        register_unit_check(is_unit_of)
        # Runs whose worker died are queued again (or failed) by the workers' sweep.
        queue.on_sweep(_recover_lost_runs)
        from garrison.core.glance import register_glance
        from garrison.forces import glance

        register_glance("coverage", 40, (), glance.coverage_card, live=glance.LIVE)
        register(NavItem(_("Units"), "forces:tree", order=30))
        register(NavItem(_("Force members"), "forces:members", order=32))
        register(NavItem(_("Roster"), "forces:roster", order=34))
        register(NavItem(_("My shifts"), "forces:my_schedule", order=35))


def _recover_lost_runs() -> int:
    # Imported when a worker sweeps, not when every command starts: the solver loads OR-Tools.
    from garrison.forces.roster.services import runs

    return runs.recover_lost()
