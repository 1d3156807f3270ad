from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "garrison.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from garrison.accounts.models import Role
        from garrison.core.nav import NavItem, register

        register(NavItem(_("Audit"), "audit:list", roles=frozenset({Role.COMMANDER}), order=900))
